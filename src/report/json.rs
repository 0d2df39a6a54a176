//! The JSON report, streamed: documents are serialized in parallel, a chunk at a time.
//!
//! A directory audit of thousands of documents writes hundreds of megabytes of JSON, and
//! serializing it on one thread was the largest serial part of a run. Here each chunk of
//! documents is serialized on all cores and written in order before the next chunk, so
//! memory stays bounded by the chunk while the output is, byte for byte, what
//! `serde_json::to_writer_pretty` prints for the whole run.

use super::view::{ErrorView, RunView};
use crate::i18n::Lang;
use rayon::prelude::*;
use serde::Serialize;
use std::io::Write;

/// How many documents are serialized at once.
const CHUNK: usize = 64;

/// The run without its documents, in the same field order as [`RunView`].
#[derive(Serialize)]
struct Shell<'a> {
    tool_version: &'a str,
    as_of: &'a str,
    lang: Lang,
    documents: [(); 0],
    errors: &'a [ErrorView],
    warnings: &'a [ErrorView],
}

/// Writes the run as pretty JSON with a final newline.
pub fn write(run: &RunView, w: &mut dyn Write) -> std::io::Result<()> {
    let shell = Shell {
        tool_version: &run.tool_version,
        as_of: &run.as_of,
        lang: run.lang,
        documents: [],
        errors: &run.errors,
        warnings: &run.warnings,
    };
    let text = serde_json::to_string_pretty(&shell)?;
    let marker = "\"documents\": []";
    let (head, tail) = text
        .split_once(marker)
        .ok_or_else(|| std::io::Error::other("report shell without documents"))?;
    w.write_all(head.as_bytes())?;
    if run.documents.is_empty() {
        w.write_all(marker.as_bytes())?;
    } else {
        w.write_all(b"\"documents\": [")?;
        for (i, chunk) in run.documents.chunks(CHUNK).enumerate() {
            let parts: Vec<String> = chunk
                .par_iter()
                .map(|d| serde_json::to_string_pretty(d).map(|s| indent(&s)))
                .collect::<Result<_, _>>()?;
            for (j, part) in parts.iter().enumerate() {
                w.write_all(if i == 0 && j == 0 { b"\n" } else { b",\n" })?;
                w.write_all(part.as_bytes())?;
            }
        }
        w.write_all(b"\n  ]")?;
    }
    w.write_all(tail.as_bytes())?;
    w.write_all(b"\n")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_streamed_text_is_what_serde_json_prints() {
        let run = RunView {
            tool_version: "1".into(),
            as_of: "2026-11-23".into(),
            lang: Lang::Zh,
            documents: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        let mut out = Vec::new();
        write(&run, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string_pretty(&run).unwrap() + "\n"
        );
    }
}
