//! The project config file `aftercert.yaml`, found upwards from the working directory:
//! the standards, language, gate, waivers, baseline and tailoring a project always uses.
//!
//! It is written by people and read by CI, so it gets the same treatment as process
//! documents: serde-saphyr with positions, every problem a diagnostic with
//! `file:line:column`. What its settings mean is [`crate::policy`]'s business.

use crate::diag::{Code, Diagnostic};
use crate::i18n::Lang;
use crate::policy::tailoring::Tailoring;
use crate::standard::model::Severity;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The name of the project config file.
pub const CONFIG_FILE: &str = "aftercert.yaml";

/// The project config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Standards to audit against (ids or paths).
    #[serde(default)]
    pub standards: Vec<String>,
    /// Folders of the user's own standards.
    #[serde(default)]
    pub standards_dir: Vec<PathBuf>,
    /// Report language.
    pub lang: Option<Lang>,
    /// Gates.
    #[serde(default)]
    pub gate: GateConfig,
    /// A waiver file.
    pub waivers: Option<PathBuf>,
    /// A baseline file.
    pub baseline: Option<PathBuf>,
    /// Tailoring entries.
    #[serde(default)]
    pub tailoring: Vec<Tailoring>,
}

/// Gate settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GateConfig {
    /// A rating id every document must reach.
    pub min_rating: Option<Spanned<String>>,
    /// A score every document must reach.
    pub fail_under: Option<Spanned<f64>>,
    /// The most gaps allowed per severity.
    #[serde(default)]
    pub max_gaps: BTreeMap<Severity, usize>,
}

/// Finds `aftercert.yaml` in the working directory or the nearest parent.
pub fn find_config(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(CONFIG_FILE))
        .find(|p| p.is_file())
}

/// A config file read: its settings, its path and its text (for snippets).
pub type Loaded = (Config, PathBuf, String);

/// Loads the project config: the file named with `--config`, else `aftercert.yaml` in
/// the working directory or the nearest parent, if there is one. An error comes with the
/// file's text, for its snippet.
pub fn load_config(named: Option<&Path>) -> Result<Option<Loaded>, (Diagnostic, String)> {
    let path = match named {
        Some(p) => p.to_path_buf(),
        None => match std::env::current_dir().ok().and_then(|d| find_config(&d)) {
            Some(p) => p,
            None => return Ok(None),
        },
    };
    let (config, text): (Config, String) = crate::policy::parse_file(&path, Code::ConfigInvalid)?;
    Ok(Some((config, path, text)))
}
