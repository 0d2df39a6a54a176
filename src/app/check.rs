//! `aftercert check`: load → validate → evaluate → score → report, for every document.
//!
//! Settings come from the command line and from `aftercert.yaml` (flags win). Documents
//! are audited in parallel with rayon and collected in input order, so output is the same
//! whatever the number of threads. Waivers and baselines change what the gates count,
//! never the score itself: the report stays the honest picture of the process.

mod gate;
mod output;
mod settings;

use super::{Exit, library_for, print_diagnostics};
use crate::cli::CheckArgs;
use crate::diag::{Code, Diagnostic, Level, has_errors};
use crate::i18n::{Lang, Text};
use crate::process::load::{Document, load};
use crate::report::view::{DocumentView, ErrorView, GateView, RunView, ViewInput, document_view};
use crate::score::audit;
use crate::standard::load::Loaded;
use crate::yaml::Pos;
use anyhow::Context as _;
use chrono::NaiveDate;
use rayon::prelude::*;
use settings::Settings;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Runs `aftercert check`.
pub fn run(args: CheckArgs) -> anyhow::Result<Exit> {
    let lang_hint = args.std.lang.unwrap_or_default();
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut sources: BTreeMap<String, String> = BTreeMap::new();
    let settings = match Settings::new(&args, &mut diags, &mut sources) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            print_diagnostics(&diags, &sources, lang_hint);
            return Ok(Exit::Error);
        }
    };
    // Tailoring may name criteria of any standard, so it needs them all.
    let every = settings.standard_ids.iter().any(|i| i == "all") || !settings.tailoring.is_empty();
    let wanted = (!every).then_some(settings.standard_ids.as_slice());
    let (mut lib, std_diags) =
        library_for(&settings.standards_opts, &settings.standard_files, wanted);
    sources.extend(crate::standard::load::sources(&lib));
    diags.extend(std_diags);
    diags.extend(crate::config::check_tailoring(
        &settings.tailoring,
        &lib,
        &settings.config_file,
    ));
    if has_errors(&diags) {
        print_diagnostics(&diags, &sources, lang_hint);
        return Ok(Exit::Error);
    }
    crate::config::apply_tailoring(&settings.tailoring, &mut lib);
    let selected = match settings.select(&lib) {
        Ok(s) => s,
        Err(d) => {
            print_diagnostics(&[d], &sources, lang_hint);
            return Ok(Exit::Error);
        }
    };
    let (files, walk_errors) = list_files(&args.paths, args.verbose, lang_hint);
    let Some(mut guard) = output::guard(&args, &settings, &files, lang_hint) else {
        return Ok(Exit::Error);
    };
    let (lang, audited) = audit_files(&files, &selected, &settings, args.verbose);
    let mut views = Vec::new();
    for a in audited
        .into_iter()
        .chain(walk_errors.into_iter().map(Audited::failed))
    {
        views.extend(a.views);
        diags.extend(a.diagnostics);
        if let Some(source) = a.source {
            sources.insert(a.path, source);
        }
    }
    let mut run = RunView {
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        as_of: settings.as_of.to_string(),
        lang,
        documents: views,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    gate::apply(&mut run, &selected, &settings, &mut diags, &mut sources);
    run.errors = diags
        .iter()
        .filter(|d| d.level == Level::Error)
        .map(|d| error_view(d, lang))
        .collect();
    run.warnings = diags
        .iter()
        .filter(|d| d.level == Level::Warning)
        .map(|d| error_view(d, lang))
        .collect();
    print_diagnostics(&diags, &sources, lang);
    let written = output::write_outputs(&run, &args, &settings, &mut guard, lang)?;
    let exit = exit_code(&run, &diags).max(written);
    // The process ends right after this; freeing every report of a large directory run
    // one allocation at a time would only make the user wait (ripgrep does the same).
    std::mem::forget(run);
    std::mem::forget(sources);
    Ok(exit)
}

fn exit_code(run: &RunView, diags: &[Diagnostic]) -> Exit {
    if has_errors(diags) {
        Exit::Error
    } else if run.documents.iter().any(|d| !d.gate.passed) {
        Exit::GateFailed
    } else {
        Exit::Ok
    }
}

/// Parses an `--as-of` value, or today.
pub fn as_of(arg: Option<&str>) -> anyhow::Result<NaiveDate> {
    match arg {
        Some(s) => crate::evaluate::parse_date(s).with_context(|| {
            format!("--as-of `{s}` is not a date; expected YYYY-MM-DD, e.g. 2026-11-23")
        }),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

/// Lists the files to audit: paths as given, and YAML files found by walking folders
/// (`true` marks those, which are skipped quietly when they are not process documents).
fn list_files(
    paths: &[PathBuf],
    verbose: bool,
    lang: Lang,
) -> (Vec<(PathBuf, bool)>, Vec<Document>) {
    let mut files: Vec<(PathBuf, bool)> = Vec::new();
    let mut walk_errors = Vec::new();
    for p in paths {
        if !p.is_dir() {
            files.push((p.clone(), false));
            continue;
        }
        for entry in walkdir::WalkDir::new(p)
            .follow_links(false)
            .sort_by_file_name()
        {
            match entry {
                Ok(e) if e.file_type().is_file() && crate::standard::load::is_yaml(e.path()) => {
                    files.push((e.into_path(), true))
                }
                Ok(e) if verbose && e.file_type().is_symlink() => {
                    say_skipped(&e.path().display().to_string(), "symlink", lang)
                }
                Ok(_) => {}
                Err(err) => walk_errors.push(walk_error(p, &err)),
            }
        }
    }
    (files, walk_errors)
}

/// One file's results; its tree is dropped as soon as it is audited, so a run over
/// thousands of documents holds their reports, not their parsed YAML.
struct Audited {
    path: String,
    views: Vec<DocumentView>,
    diagnostics: Vec<Diagnostic>,
    /// The source text, kept only when a diagnostic needs it for a snippet.
    source: Option<String>,
}

impl Audited {
    fn failed(doc: Document) -> Self {
        Audited {
            path: doc.path,
            views: Vec::new(),
            diagnostics: doc.diagnostics,
            source: None,
        }
    }
}

/// Loads, validates and audits every file in parallel, in input order. Without `--lang`,
/// the run speaks the preferred language of its first process document, so that one is
/// audited first (once: a large document is not parsed twice to learn its language).
fn audit_files(
    files: &[(PathBuf, bool)],
    standards: &[&Loaded],
    settings: &Settings,
    verbose: bool,
) -> (Lang, Vec<Audited>) {
    let progress = progress_bar(files.len());
    let mut lang = settings.lang.unwrap_or_default();
    let mut head: Vec<Option<Audited>> = Vec::new();
    if settings.lang.is_none() {
        for (path, from_walk) in files {
            let doc = load(path, &settings.limits);
            progress.inc(1);
            if *from_walk && is_other_yaml(&doc) {
                if verbose {
                    say_skipped(&doc.path, "no-aftercert-key", lang);
                }
                head.push(None);
                continue;
            }
            lang = doc_lang(&doc).unwrap_or_default();
            head.push(Some(audit_file(doc, standards, settings, lang)));
            break;
        }
    }
    let rest: Vec<Option<Audited>> = files[head.len()..]
        .par_iter()
        .map(|(path, from_walk)| {
            let doc = load(path, &settings.limits);
            progress.inc(1);
            if *from_walk && is_other_yaml(&doc) {
                if verbose {
                    say_skipped(&doc.path, "no-aftercert-key", lang);
                }
                return None;
            }
            Some(audit_file(doc, standards, settings, lang))
        })
        .collect();
    progress.finish_and_clear();
    (lang, head.into_iter().chain(rest).flatten().collect())
}

fn audit_file(doc: Document, standards: &[&Loaded], settings: &Settings, lang: Lang) -> Audited {
    let views = audit_document(&doc, standards, settings, lang);
    let mut diagnostics = doc.diagnostics;
    if let (Some(root), true) = (
        &doc.root,
        views.len() == standards.len() && !standards.is_empty(),
    ) {
        diagnostics.extend(crate::aging::warnings(root, &doc.path, settings.as_of));
    }
    let source = (!diagnostics.is_empty()).then_some(doc.source);
    Audited {
        path: doc.path,
        views,
        diagnostics,
        source,
    }
}

fn say_skipped(path: &str, why: &str, lang: Lang) {
    let text = match (lang, why) {
        (Lang::Zh, "symlink") => format!("跳过 {path}：符号链接不跟随"),
        (Lang::En, "symlink") => format!("skipped {path}: symlinks are not followed"),
        (Lang::Zh, _) => format!("跳过 {path}：没有顶层键 `aftercert`，不是流程文件"),
        (Lang::En, _) => {
            format!("skipped {path}: no top-level `aftercert` key, so not a process document")
        }
    };
    eprintln!("{text}");
}

/// A progress bar on stderr for long runs on a terminal; hidden in pipes and CI logs.
fn progress_bar(len: usize) -> indicatif::ProgressBar {
    let interactive = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    if !interactive || len < 200 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {eta}") {
        bar.set_style(style);
    }
    bar
}

fn walk_error(root: &Path, err: &walkdir::Error) -> Document {
    let shown = err.path().unwrap_or(root).display().to_string();
    let msg = Text::new(
        format!("无法读取 {shown}：{err}"),
        format!("cannot read {shown}: {err}"),
    );
    Document {
        path: shown.clone(),
        source: String::new(),
        root: None,
        diagnostics: vec![Diagnostic::error(Code::Io, &shown, Pos::default(), msg)],
    }
}

/// True for YAML met on a directory walk that is not a process document (no `aftercert` key).
fn is_other_yaml(doc: &Document) -> bool {
    doc.diagnostics.iter().any(|d| {
        matches!(
            d.code,
            Code::MissingVersion | Code::NotAMapping | Code::EmptyDocument
        )
    })
}

fn doc_lang(doc: &Document) -> Option<Lang> {
    match doc
        .root
        .as_ref()?
        .get("company")?
        .get("language")?
        .as_str()?
    {
        "zh" => Some(Lang::Zh),
        "en" => Some(Lang::En),
        _ => None,
    }
}

fn audit_document(
    doc: &Document,
    standards: &[&Loaded],
    settings: &Settings,
    lang: Lang,
) -> Vec<DocumentView> {
    let Some(root) = doc.root.as_ref().filter(|_| doc.is_usable()) else {
        return Vec::new();
    };
    let company = doc.company().unwrap_or_default();
    let input = ViewInput {
        path: &doc.path,
        source: &doc.source,
        company: &company,
        lang,
    };
    let not_applicable = |id: &str| {
        settings
            .tailoring
            .iter()
            .find(|t| t.not_applicable && t.id.value == id)
            .map(|t| {
                t.reason
                    .as_ref()
                    .map_or_else(String::new, |r| r.value.clone())
            })
    };
    standards
        .iter()
        .map(|std| {
            let a = audit(std, root, settings.as_of, &not_applicable);
            let applies = std.standard.applies_if.as_ref().is_none_or(|c| {
                crate::evaluate::evaluate(
                    &c.value,
                    &crate::evaluate::Context {
                        root,
                        as_of: settings.as_of,
                    },
                )
                .met()
            });
            let mut view = document_view(
                &a,
                &input,
                GateView {
                    passed: true,
                    requirement: String::new(),
                    reasons: Vec::new(),
                },
            );
            view.standard_applies = applies;
            view
        })
        .collect()
}

/// A diagnostic as it appears in JSON.
pub fn error_view(d: &Diagnostic, lang: Lang) -> ErrorView {
    ErrorView {
        code: d.code.id().to_string(),
        path: d.file.clone(),
        line: d.pos.line,
        column: d.pos.column,
        message: d.message.get(lang).to_string(),
        expected: d.expected.as_ref().map(|e| e.get(lang).to_string()),
    }
}
