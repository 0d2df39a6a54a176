//! The JSON report: the view model, pretty-printed, with documents serialized in parallel.
//!
//! A directory audit of thousands of documents makes hundreds of megabytes of JSON, and
//! serializing it on one thread was the largest serial part of a run. Each document is
//! serialized on its own (rayon) and stitched into exactly the text `serde_json` would
//! print for the whole run, so the output is the same byte for byte.

use super::view::RunView;
use rayon::prelude::*;
use serde::Serialize;

/// The run as pretty JSON with a final newline.
pub fn render(run: &RunView) -> anyhow::Result<String> {
    let docs: Vec<String> = run
        .documents
        .par_iter()
        .map(|d| serde_json::to_string_pretty(d).map(|s| indent(&s)))
        .collect::<Result<_, _>>()?;
    let shell = Shell {
        tool_version: &run.tool_version,
        as_of: &run.as_of,
        lang: run.lang,
        documents: [(); 0],
        errors: &run.errors,
        warnings: &run.warnings,
    };
    let text = serde_json::to_string_pretty(&shell)?;
    let marker = "\"documents\": []";
    let documents = if docs.is_empty() {
        "[]".to_string()
    } else {
        format!("[\n{}\n  ]", docs.join(",\n"))
    };
    let mut out = text.replacen(marker, &format!("\"documents\": {documents}"), 1);
    out.push('\n');
    Ok(out)
}

/// The run without its documents, in the same field order as [`RunView`].
#[derive(Serialize)]
struct Shell<'a> {
    tool_version: &'a str,
    as_of: &'a str,
    lang: crate::i18n::Lang,
    documents: [(); 0],
    errors: &'a [super::view::ErrorView],
    warnings: &'a [super::view::ErrorView],
}

/// Indents a pretty-printed value to sit inside the `documents` array (two levels deep).
fn indent(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for (i, line) in s.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("    ");
        out.push_str(line);
    }
    out
}
