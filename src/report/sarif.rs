//! SARIF 2.1.0: gaps as code-scanning results, each pointing at the line that causes it.
//!
//! Code-scanning platforms (GitHub, GitLab, Azure DevOps) read SARIF and annotate a pull
//! request in place. One run holds every document and standard; each gap is one result
//! whose rule is the criterion, located at `path:line:column` in the process document,
//! with the view's stable fingerprint so a platform keeps tracking an alert when lines
//! move. The log is serialized from typed structs ([`log`]), never by concatenating
//! strings, and written document by document ([`assemble`]): a run's memory does not grow
//! with its documents.
//!
//! GitHub code scanning rejects a run of more than [`MAX_RESULTS`] results (and shows only
//! the 5,000 most severe). A larger run keeps its most severe results, and says so: a
//! run-level notification and property in the log, and a line on stderr. The other
//! documented limits (20 runs per file, 25,000 rules per run, 1,000 locations per result,
//! 20 tags per rule) cannot be reached: the log has one run, one location per result, at
//! most one rule per result and four tags per rule.

mod assemble;
mod log;
mod uri;

use super::view::RunView;
use super::{Format, RenderOptions};
use crate::standard::model::Severity;
pub use uri::artifact_uri;

/// The SARIF schema the log declares.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key under which results carry the view's fingerprint.
pub const FINGERPRINT_KEY: &str = "aftercert/v1";

/// The most results GitHub code scanning accepts in one run.
pub const MAX_RESULTS: usize = 25_000;

/// Renders a run already in memory as an indented SARIF 2.1.0 log.
pub fn render(run: &RunView) -> anyhow::Result<String> {
    let opts = RenderOptions {
        lang: run.lang,
        pretty: true,
        ..RenderOptions::default()
    };
    let mut out = Vec::new();
    super::stream::whole(run, Format::Sarif, &opts, &mut out)?;
    Ok(String::from_utf8(out)?)
}

/// The SARIF stream of a run: compact, or indented with `--pretty`.
pub fn stream(head: &super::stream::Head, opts: &RenderOptions) -> super::stream::Stream {
    assemble::stream(head, opts.pretty, MAX_RESULTS)
}

/// Maps a criterion's severity to a SARIF level.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Blocking | Severity::Major => "error",
        Severity::Minor => "warning",
        Severity::Advisory => "note",
    }
}

/// A rule's `name`: the criterion's last segment in PascalCase, which SARIF wants to
/// differ from the opaque `id` (`gbt27922.certified-managers` → `CertifiedManagers`).
pub fn rule_name(criterion: &str) -> String {
    let last = criterion.rsplit('.').next().unwrap_or(criterion);
    let name: String = last
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|c| c.to_uppercase().chain(cs).collect::<String>())
                .unwrap_or_default()
        })
        .collect();
    if name.is_empty() || name == criterion {
        format!("Criterion{name}")
    } else {
        name
    }
}

#[cfg(test)]
mod tests;
