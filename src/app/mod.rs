//! Commands: each turns parsed arguments into work on the library and an exit code.
//!
//! Exit codes are a contract for CI: 0 — audited, every document reaches the gate;
//! 1 — audited, a document falls below the gate; 2 — bad usage, an unreadable file, invalid
//! YAML, a document or standard that does not fit its format. Problems in the user's
//! input are kept apart from gaps in the process on purpose, so a pipeline can tell
//! "your process has gaps" from "your file is broken".

mod check;
mod diff;
mod init;
mod schema;
mod standards;
mod validate;

use crate::cli::{Cli, Command, StandardsOpts};
use crate::diag::Diagnostic;
use crate::i18n::Lang;
use crate::standard::load::{Library, collect_files};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// The three outcomes of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// Everything audited and every gate passed.
    Ok = 0,
    /// Audited, but a gate failed.
    GateFailed = 1,
    /// Bad usage or bad input.
    Error = 2,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Exit {
    let result = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Validate(args) => validate::run(&args),
        Command::Standards(cmd) => standards::run(cmd),
        Command::Explain(args) => standards::explain(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Schema(args) => schema::run(&args),
    };
    result.unwrap_or_else(|err| {
        eprintln!("error: {err:#}");
        Exit::Error
    })
}

/// Writes to stdout; a closed pipe (`aftercert check … | head`) is not an error.
pub fn print_stdout(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Prints diagnostics to stderr with snippets from their files' sources.
pub fn print_diagnostics(diags: &[Diagnostic], sources: &BTreeMap<String, String>, lang: Lang) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = err.write_all(
            d.render(sources.get(&d.file).map(String::as_str), lang, color)
                .as_bytes(),
        );
    }
}

/// Loads built-in standards plus the user's folders and files.
pub fn library(
    opts: &StandardsOpts,
    extra_files: &[std::path::PathBuf],
) -> (Library, Vec<Diagnostic>) {
    library_for(opts, extra_files, None)
}

/// Like [`library`], parsing only the built-in standards `wanted` names (and what they reuse).
/// Folders are walked for `.yaml`/`.yml` files; files named explicitly are read whatever
/// their extension, through symlinks: the user asked for them by name.
pub fn library_for(
    opts: &StandardsOpts,
    extra_files: &[std::path::PathBuf],
    wanted: Option<&[String]>,
) -> (Library, Vec<Diagnostic>) {
    let (named, folders): (Vec<&std::path::PathBuf>, Vec<&std::path::PathBuf>) =
        extra_files.iter().partition(|p| !p.is_dir());
    let mut walked: Vec<&std::path::PathBuf> = opts.standards_dirs.iter().collect();
    walked.extend(folders);
    let (mut files, mut diags) = collect_files(&walked);
    for path in named {
        let shown = crate::text::path(path);
        let limits = crate::yaml::Limits::default();
        match crate::process::load::read_text(path, &shown, &limits) {
            Ok(text) => files.push((shown, text)),
            Err(d) => diags.push(d),
        }
    }
    let (lib, more) = crate::standard::load::load_library_for(files, wanted);
    diags.extend(more);
    (lib, diags)
}
