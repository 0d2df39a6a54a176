//! Commands: each turns parsed arguments into work on the library and an exit code.
//!
//! Exit codes are a contract for CI: 0 — audited, every document reaches the gate;
//! 1 — audited, a document falls below the gate; 2 — bad usage, an unreadable file, invalid
//! YAML, a document or standard that does not fit its format. Problems in the user's
//! input are kept apart from gaps in the process on purpose, so a pipeline can tell
//! "your process has gaps" from "your file is broken".

mod check;
mod color;
mod diff;
mod init;
mod manual;
mod migrate;
mod schema;
mod standards;
mod validate;
pub mod version;

use crate::cli::{Cli, Command, StandardsOpts};
use crate::diag::{Code, Diagnostic, Level, Source};
use crate::i18n::{Lang, Text};
use crate::standard::load::{Library, collect_files};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
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
    color::set(cli.color);
    let result = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Validate(args) => validate::run(&args),
        Command::Standards(cmd) => standards::run(cmd),
        Command::Explain(args) => standards::explain(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Migrate(args) => migrate::run(&args),
        Command::Completions { shell } => manual::completions(shell),
        Command::Man => manual::man(),
    };
    result.unwrap_or_else(|err| {
        eprintln!("error: {}", crate::text::visible(&format!("{err:#}")));
        Exit::Error
    })
}

/// `-` may stand once: standard input holds one document.
pub fn stdin_twice(paths: &[std::path::PathBuf]) -> Option<Diagnostic> {
    if paths.iter().filter(|p| p.as_os_str() == "-").count() < 2 {
        return None;
    }
    let msg = crate::i18n::Text::new(
        "`-`（标准输入）只能出现一次：标准输入只有一个文件",
        "`-` (standard input) may be given once: standard input holds one document",
    );
    Some(
        Diagnostic::error(crate::diag::Code::Io, "-", crate::yaml::Pos::default(), msg)
            .expected(crate::i18n::Text::new("最多一个 `-`", "at most one `-`")),
    )
}

/// Writes to stdout; a closed pipe (`aftercert check … | head`) is not an error.
pub fn print_stdout(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// At most this many messages of one code are printed for one file; the rest are counted
/// in a closing "… and N more" line, so ten thousand typos print a screenful, not a book.
pub const MAX_PRINTED_PER_CODE: usize = 100;

/// Prints diagnostics to stderr with snippets from their files' sources: each source is
/// indexed once, at most [`MAX_PRINTED_PER_CODE`] messages per code and file are printed,
/// and when some were left out, one line per code and file and a closing summary say so.
pub fn print_diagnostics(diags: &[Diagnostic], sources: &BTreeMap<String, String>, lang: Lang) {
    let color = color::stderr();
    let mut err = std::io::stderr().lock();
    let mut indexed: HashMap<&str, Source<'_>> = HashMap::new();
    let mut counts: Vec<((&str, Code), usize)> = Vec::new();
    let mut slot: HashMap<(&str, Code), usize> = HashMap::new();
    for d in diags {
        let key = (d.file.as_str(), d.code);
        let i = *slot.entry(key).or_insert_with(|| {
            counts.push((key, 0));
            counts.len() - 1
        });
        counts[i].1 += 1;
        if counts[i].1 > MAX_PRINTED_PER_CODE {
            continue;
        }
        let source = sources.get(&d.file).map(|text| {
            &*indexed
                .entry(d.file.as_str())
                .or_insert_with(|| Source::new(text))
        });
        let _ = err.write_all(d.render_in(source, lang, color).as_bytes());
    }
    let _ = err.write_all(left_out(diags, &counts, lang).as_bytes());
}

/// The "… and N more" lines and the closing summary, empty when nothing was left out.
fn left_out(diags: &[Diagnostic], counts: &[((&str, Code), usize)], lang: Lang) -> String {
    let mut out = String::new();
    let mut hidden = 0;
    for ((file, code), n) in counts {
        let more = n.saturating_sub(MAX_PRINTED_PER_CODE);
        if more == 0 {
            continue;
        }
        hidden += more;
        let file = crate::text::visible_line(file);
        let code = code.id();
        let line = Text::new(
            format!(
                "… {file} 中另有 {more} 个 `{code}` 问题未显示（每种问题每个文件至多显示 {MAX_PRINTED_PER_CODE} 个）\n"
            ),
            format!(
                "… and {more} more `{code}` problems in {file} (at most {MAX_PRINTED_PER_CODE} of each kind are shown per file)\n"
            ),
        );
        out.push_str(line.get(lang));
    }
    if hidden > 0 {
        let errors = diags.iter().filter(|d| d.level == Level::Error).count();
        let warnings = diags.len() - errors;
        let line = Text::new(
            format!("合计：{errors} 个错误，{warnings} 个警告；其中 {hidden} 个未显示\n"),
            format!("in total: {errors} error(s), {warnings} warning(s); {hidden} not shown\n"),
        );
        out.push_str(line.get(lang));
    }
    out
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
