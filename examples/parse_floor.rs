//! The parse-only floor of the directory-audit benchmark (issue 6, item 7).
//!
//! `aftercert check DIR` cannot be faster than reading and parsing the same files, so the
//! benchmark compares the full audit with this program doing only that, over the same
//! folder, with the same walk and the same parallelism (rayon over files, sized by
//! `RAYON_NUM_THREADS` like `check`). Three floors, from the lowest up:
//!
//! - `typed`: `serde_saphyr::from_str::<ProcessDocument>` with the library's default
//!   options: the cheapest way to read a document into its Rust types;
//! - `tree`: `aftercert::yaml::parse`, the positioned tree with budgets that `check`
//!   actually builds;
//! - `load`: `aftercert::process::load::load`, which is `tree` plus the schema
//!   validation every audited document goes through; the distance between `load` and the
//!   full audit is what evaluating, scoring and rendering cost.
//!
//! ```text
//! cargo run --release --example parse_floor -- typed|tree|load DIR…
//! ```
//!
//! It prints one line (`mode`, files, bytes, failures) to stderr and exits 1 if any file
//! failed, so a benchmark can never time a floor that silently skipped its work.

use aftercert::process::load::{load, read_text};
use aftercert::process::model::ProcessDocument;
use aftercert::yaml::{Limits, parse};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What to do with each file.
#[derive(Clone, Copy)]
enum Mode {
    Typed,
    Tree,
    Load,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match args.first().map(String::as_str) {
        Some("typed") => Mode::Typed,
        Some("tree") => Mode::Tree,
        Some("load") => Mode::Load,
        _ => {
            eprintln!("usage: parse_floor typed|tree|load DIR…");
            return ExitCode::from(2);
        }
    };
    let files = walk(&args[1..]);
    let results: Vec<(usize, bool)> = files.par_iter().map(|f| one(mode, f)).collect();
    let bytes: usize = results.iter().map(|(b, _)| b).sum();
    let failed = results.iter().filter(|(_, ok)| !ok).count();
    eprintln!(
        "parse_floor {}: {} files, {bytes} bytes, {failed} failed",
        args[0],
        files.len()
    );
    if failed == 0 && !files.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The YAML files under the paths, found the way `check` finds them.
fn walk(paths: &[String]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for p in paths {
        let walker = walkdir::WalkDir::new(p)
            .follow_links(false)
            .sort_by_file_name();
        for entry in walker.into_iter().filter_map(Result::ok) {
            if entry.file_type().is_file() && aftercert::standard::load::is_yaml(entry.path()) {
                files.push(entry.into_path());
            }
        }
    }
    files
}

/// Reads and parses one file; returns its size and whether it parsed.
fn one(mode: Mode, path: &Path) -> (usize, bool) {
    let limits = Limits::default();
    match mode {
        Mode::Typed => parsed(path, |text| {
            serde_saphyr::from_str::<ProcessDocument>(text)
                .map(std::hint::black_box)
                .map(drop)
                .map_err(|e| e.to_string())
        }),
        Mode::Tree => parsed(path, |text| {
            parse(text, &limits)
                .map(std::hint::black_box)
                .map(drop)
                .map_err(|e| e.message)
        }),
        Mode::Load => {
            let doc = std::hint::black_box(load(path, &limits));
            (doc.source.len(), doc.is_usable())
        }
    }
}

/// Reads a file as `check` does (size limit, UTF-8) and runs `f` on its text.
fn parsed(path: &Path, f: impl Fn(&str) -> Result<(), String>) -> (usize, bool) {
    let shown = path.display().to_string();
    let text = match read_text(path, &shown, &Limits::default()) {
        Ok(text) => text,
        Err(d) => {
            eprintln!("{shown}: cannot read ({:?})", d.code);
            return (0, false);
        }
    };
    match f(&text) {
        Ok(()) => (text.len(), true),
        Err(e) => {
            eprintln!("{shown}: {e}");
            (text.len(), false)
        }
    }
}
