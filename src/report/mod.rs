//! Reporters: one per output format, behind one enum, all rendering the same view.
//!
//! Human formats are minijinja templates (embedded, overridable by name with
//! `--template-dir`, as mdBook does with themes). Machine formats are serialized from the
//! view. Files are written atomically: a temporary file in the same folder, then a rename,
//! so an interrupted run never leaves half a report.

pub mod diff;
pub mod markdown;
pub mod summary;
pub mod view;

use crate::i18n::Lang;
use std::io::Write;
use std::path::{Path, PathBuf};
use view::RunView;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A Markdown gap report (GitHub and GitLab flavoured).
    Markdown,
    /// The report model as JSON (see docs/json.md).
    Json,
}

impl Format {
    /// Every format with its names and file extensions.
    const TABLE: &'static [(Format, &'static str, &'static [&'static str])] = &[
        (Format::Markdown, "markdown", &["md", "markdown"]),
        (Format::Json, "json", &["json"]),
    ];

    /// Looks a format up by name (`markdown`, `md`, `json`, …).
    pub fn from_name(name: &str) -> Option<Format> {
        let name = name.to_ascii_lowercase();
        Self::TABLE
            .iter()
            .find(|(_, n, exts)| *n == name || exts.contains(&name.as_str()))
            .map(|(f, _, _)| *f)
    }

    /// Guesses a format from a file's extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Self::TABLE
            .iter()
            .find(|(_, _, exts)| exts.contains(&ext.as_str()))
            .map(|(f, _, _)| *f)
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        Self::TABLE.iter().find(|(f, _, _)| *f == self).and_then(|(_, _, exts)| exts.first().copied()).unwrap_or("txt")
    }

    /// Every format name, for messages.
    pub fn names() -> String {
        Self::TABLE
            .iter()
            .map(|(_, n, _)| *n)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Where a report goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputSpec {
    /// Its format.
    pub format: Format,
    /// Its path.
    pub path: PathBuf,
}

/// Parses `-o` values: `FORMAT:PATH`, or a path whose extension names the format.
pub fn parse_output(spec: &str) -> Result<OutputSpec, String> {
    if let Some((name, path)) = spec.split_once(':') {
        if let Some(format) = Format::from_name(name) {
            if !path.is_empty() {
                return Ok(OutputSpec {
                    format,
                    path: PathBuf::from(path),
                });
            }
        }
    }
    let path = PathBuf::from(spec);
    match Format::from_path(&path) {
        Some(format) => Ok(OutputSpec { format, path }),
        None => Err(format!(
            "cannot tell the format of `{spec}` from its extension; write FORMAT:PATH with FORMAT one of {}",
            Format::names()
        )),
    }
}

/// Options every reporter shares.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// The language.
    pub lang: Lang,
    /// A folder whose templates replace the built-in ones by name.
    pub template_dir: Option<PathBuf>,
}

/// Renders the run in a format.
pub fn render(run: &RunView, format: Format, opts: &RenderOptions) -> anyhow::Result<String> {
    match format {
        Format::Markdown => markdown::render(run, opts),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(run)?;
            s.push('\n');
            Ok(s)
        }
    }
}

/// Writes a file atomically: a temporary file beside it, flushed, then renamed over it.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.aftercert-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
