//! `aftercert check`: settings, standards, then [`crate::audit::run`] for every document,
//! then reports.
//!
//! Settings come from the command line and from `aftercert.yaml` (flags win), and are
//! checked before any document is read. Documents are audited on rayon's threads, each
//! worker rendering its document's share of every report; the shares are written in input
//! order as soon as the documents before them are ([`ordered`]), so output is the same
//! whatever the number of threads and no document's report outlives its turn. A run
//! that finds no process document, or selects no standard, is an error (exit 2): a gate
//! never passes because nothing was audited.

mod ordered;
mod output;
mod settings;

use super::{Exit, library_for, print_diagnostics};
use crate::cli::CheckArgs;
use crate::diag::{Code, Diagnostic, Level, has_errors};
use crate::i18n::{Lang, Text, zh_format};
use crate::policy::baseline;
use crate::process::load::Document;
use crate::report::stream::{Head, Tail};
use crate::report::summary::Row;
use crate::report::view::{ErrorView, Texts, document_views_in};
use crate::standard::load::{Library, Loaded};
use crate::yaml::Pos;
use anyhow::Context as _;
use chrono::NaiveDate;
use settings::Settings;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Runs `aftercert check`.
pub fn run(args: CheckArgs) -> anyhow::Result<Exit> {
    let lang_hint = args.std.lang.unwrap_or_else(Lang::from_env);
    if let Some(d) = super::stdin_twice(&args.paths) {
        print_diagnostics(&[d], &BTreeMap::new(), lang_hint);
        return Ok(Exit::Error);
    }
    let terminal = !args.quiet && std::io::stdout().is_terminal();
    if let Some(d) = crate::report::xlsx::terminal_refusal(args.format, terminal) {
        print_diagnostics(&[d], &BTreeMap::new(), lang_hint);
        return Ok(Exit::Error);
    }
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(n))
            .build_global()
            .context("starting the worker threads")?;
    }
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut sources: BTreeMap<String, String> = BTreeMap::new();
    let stop = |diags: &[Diagnostic], sources: &BTreeMap<String, String>| {
        print_diagnostics(diags, sources, lang_hint);
        Ok(Exit::Error)
    };
    let settings = match Settings::new(&args, &mut diags, &mut sources) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return stop(&diags, &sources);
        }
    };
    let lib = standards(&settings, &mut diags, &mut sources);
    let selected = match settings.select(&lib) {
        Ok(s) if !has_errors(&diags) => s,
        Ok(_) => return stop(&diags, &sources),
        Err(d) => {
            diags.push(d);
            return stop(&diags, &sources);
        }
    };
    if let Err(d) = crate::policy::gate::check(&settings.policy.gate, &selected) {
        diags.push(d);
        return stop(&diags, &sources);
    }
    let (files, walk_errors) = list_files(&args.paths, args.verbose, lang_hint);
    let Some(guard) = output::guard(&args, &settings, &files, lang_hint) else {
        return Ok(Exit::Error);
    };
    let progress = progress_bar(files.len());
    let (lang, head_docs) = first_document(&files, &settings, args.verbose, &progress);
    let head = Head {
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        as_of: settings.as_of.to_string(),
        lang,
    };
    let opts = output::options(&args, &settings, lang);
    let (renders, mut outputs) = output::open(&args, &settings, guard, head.clone(), opts);
    let mut done = Done {
        diags,
        sources,
        ..Done::default()
    };
    let work = Work {
        standards: &selected,
        settings: &settings,
        renders: &renders,
        lang,
        keep_baseline: args.write_baseline.is_some(),
        texts: Texts::new(),
    };
    let mut take = |p: Option<Processed>| {
        if let Some(p) = p {
            done.add(p, &mut outputs);
        }
    };
    let rest = &files[head_docs.len()..];
    for doc in head_docs {
        take(doc.map(|d| work.process(d)));
    }
    ordered::for_each(
        rest,
        |(path, from_walk)| {
            let doc = crate::process::load::load_arg(path, &settings.limits);
            progress.inc(1);
            keep(doc, *from_walk, args.verbose, lang).map(|d| work.process(d))
        },
        &mut take,
    );
    progress.finish_and_clear();
    for doc in walk_errors {
        take(Some(Processed::failed(doc)));
    }
    Ok(end_run(done, outputs, &settings, &args, &head))
}

/// The run's end: its own diagnostics (nothing audited, waivers), the diagnostics on
/// stderr, then every report ended and put in place; the exit code.
fn end_run(
    mut done: Done,
    outputs: output::Outputs,
    settings: &Settings,
    args: &CheckArgs,
    head: &Head,
) -> Exit {
    let lang = head.lang;
    let diags = &mut done.diags;
    if done.documents == 0 && !has_errors(diags) {
        diags.push(no_document(&args.paths));
    }
    let mut used = crate::audit::silence_run_warnings(diags, &settings.policy);
    used.extend(done.waivers_used.iter().copied());
    diags.extend(unused_waivers(settings, &used));
    let (errors, warnings) = (
        of_level(diags, Level::Error, lang),
        of_level(diags, Level::Warning, lang),
    );
    if args.quiet {
        // Quiet: errors only, then the gate's result in a few lines.
        let errors: Vec<Diagnostic> = diags
            .iter()
            .filter(|d| d.level == Level::Error)
            .cloned()
            .collect();
        print_diagnostics(&errors, &done.sources, lang);
        eprint!("{}", crate::report::summary::gate_lines(&done.rows, lang));
    } else {
        print_diagnostics(diags, &done.sources, lang);
    }
    let baseline = baseline::new(
        settings.as_of.to_string(),
        std::mem::take(&mut done.baseline),
    );
    let tail = Tail {
        errors: &errors,
        warnings: &warnings,
    };
    let written = outputs.finish(tail, &done.rows, &baseline, args, head);
    let exit = exit_code(done.gate_failed, &done.diags).max(written);
    // The process ends right after this; freeing every source text one allocation at a
    // time would only make the user wait (ripgrep does the same).
    std::mem::forget(std::mem::take(&mut done.sources));
    exit
}

/// Loads the standards the run needs and checks and applies the tailoring.
fn standards(
    settings: &Settings,
    diags: &mut Vec<Diagnostic>,
    sources: &mut BTreeMap<String, String>,
) -> Library {
    // Tailoring may name criteria of any standard, so it needs them all.
    let every = settings.standard_ids.iter().any(|i| i == "all") || !settings.tailoring.is_empty();
    let wanted = (!every).then_some(settings.standard_ids.as_slice());
    let (mut lib, std_diags) =
        library_for(&settings.standards_opts, &settings.standard_files, wanted);
    sources.extend(crate::standard::load::sources(&lib));
    diags.extend(std_diags);
    let tailoring =
        crate::policy::tailoring::check(&settings.tailoring, &lib, &settings.config_file);
    if tailoring.is_empty() {
        crate::policy::tailoring::apply(&settings.tailoring, &mut lib);
    }
    diags.extend(tailoring);
    lib
}

/// What the audited files add up to: counts, the summary's rows, the baseline's
/// entries and the run's diagnostics, never the documents' reports.
#[derive(Default)]
struct Done {
    /// Files that were process documents (audited or not auditable).
    documents: usize,
    rows: Vec<Row>,
    waivers_used: std::collections::HashSet<usize>,
    baseline: Vec<baseline::Entry>,
    gate_failed: bool,
    /// The run's diagnostics so far, and the source texts their snippets quote.
    diags: Vec<Diagnostic>,
    sources: BTreeMap<String, String>,
}

impl Done {
    /// Takes the next document's results, in input order, and writes its parts.
    fn add(&mut self, p: Processed, outputs: &mut output::Outputs) {
        self.documents += 1;
        if let Some(rendered) = p.rendered {
            outputs.push(&p.path, rendered);
        }
        self.rows.extend(p.rows);
        self.waivers_used.extend(p.waivers_used);
        self.baseline.extend(p.baseline);
        self.gate_failed |= p.gate_failed;
        self.diags.extend(p.diagnostics);
        if let Some(source) = p.source {
            self.sources.insert(p.path, source);
        }
    }
}

fn unused_waivers(settings: &Settings, used: &[usize]) -> Vec<Diagnostic> {
    let mut flags = vec![false; settings.policy.waivers.list.len()];
    for &i in used {
        flags[i] = true;
    }
    settings.policy.waivers.unused(&flags)
}

/// The run's diagnostics of one level, as reports show them.
fn of_level(diags: &[Diagnostic], level: Level, lang: Lang) -> Vec<ErrorView> {
    diags
        .iter()
        .filter(|d| d.level == level)
        .map(|d| error_view(d, lang))
        .collect()
}

/// "No process document found": a run that audits nothing must not pass a gate.
fn no_document(paths: &[PathBuf]) -> Diagnostic {
    let shown = paths
        .iter()
        .map(|p| crate::text::path(p))
        .collect::<Vec<_>>()
        .join(", ");
    let msg = Text::new(
        format!("在 {shown} 中没有找到流程文件"),
        format!("no process document found in {shown}"),
    );
    Diagnostic::error(Code::MissingVersion, &shown, Pos::default(), msg).expected(Text::new(
        "顶层有 `aftercert: 2` 的 YAML 文件（.yaml 或 .yml）",
        "a YAML file (.yaml or .yml) whose top level has `aftercert: 2`",
    ))
}

fn exit_code(gate_failed: bool, diags: &[Diagnostic]) -> Exit {
    if has_errors(diags) {
        Exit::Error
    } else if gate_failed {
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
        if !p.is_dir() || p.as_os_str() == "-" {
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
                    say_skipped(&crate::text::path(e.path()), "symlink", lang)
                }
                Ok(_) => {}
                Err(err) => walk_errors.push(walk_error(p, &err)),
            }
        }
    }
    (files, walk_errors)
}

/// One file's results; its tree and its report views are dropped as soon as its parts
/// of every report are rendered, so a run over thousands of documents holds neither.
struct Processed {
    path: String,
    /// Its parts of every report; `None` for a file that could not be audited.
    rendered: Option<output::Rendered>,
    /// One summary row per standard.
    rows: Vec<Row>,
    diagnostics: Vec<Diagnostic>,
    /// The source text, kept only when a diagnostic needs it for a snippet.
    source: Option<String>,
    waivers_used: Vec<usize>,
    baseline: Vec<baseline::Entry>,
    gate_failed: bool,
}

impl Processed {
    fn failed(doc: Document) -> Self {
        Processed {
            path: doc.path,
            rendered: None,
            rows: Vec::new(),
            diagnostics: doc.diagnostics,
            source: None,
            waivers_used: Vec::new(),
            baseline: Vec::new(),
            gate_failed: false,
        }
    }
}

/// What auditing a document needs, shared by the workers.
struct Work<'a> {
    standards: &'a [&'a Loaded],
    settings: &'a Settings,
    renders: &'a output::Renders,
    lang: Lang,
    /// Whether the run writes a baseline.
    keep_baseline: bool,
    /// The criterion texts every view of the run shares.
    texts: Texts,
}

impl Work<'_> {
    /// Audits a document and renders its parts of every report.
    fn process(&self, doc: Document) -> Processed {
        let a = crate::audit::run(doc, self.standards, &self.settings.policy);
        let views = document_views_in(&a, &self.settings.policy, self.lang, &self.texts);
        let rendered = (!views.is_empty()).then(|| self.renders.render(&views));
        let rows = views.iter().map(Row::of).collect();
        drop(views);
        let waivers_used = a.waivers_used().collect();
        let gate_failed = a.gate_failed();
        // Kept only for `--write-baseline`: one entry per gap of every document.
        let baseline = match self.keep_baseline {
            true => a
                .results
                .into_iter()
                .flat_map(|r| r.judged.baseline_entries)
                .collect(),
            false => Vec::new(),
        };
        let doc = a.document;
        let source = (!doc.diagnostics.is_empty()).then_some(doc.source);
        Processed {
            path: doc.path,
            rendered,
            rows,
            diagnostics: doc.diagnostics,
            source,
            waivers_used,
            baseline,
            gate_failed,
        }
    }
}

/// Without `--lang`, the run speaks the preferred language of its first process document,
/// so the files up to that one are read first (and that one once: a large document is not
/// parsed twice to learn its language). Returns the language and the files read, in order
/// (`None` for YAML that is not a process document).
fn first_document(
    files: &[(PathBuf, bool)],
    settings: &Settings,
    verbose: bool,
    progress: &indicatif::ProgressBar,
) -> (Lang, Vec<Option<Document>>) {
    let mut lang = settings.lang.unwrap_or_else(Lang::from_env);
    let mut head = Vec::new();
    if settings.lang.is_some() {
        return (lang, head);
    }
    for (path, from_walk) in files {
        let doc = crate::process::load::load_arg(path, &settings.limits);
        progress.inc(1);
        let Some(doc) = keep(doc, *from_walk, verbose, lang) else {
            head.push(None);
            continue;
        };
        lang = doc_lang(&doc).unwrap_or_else(Lang::from_env);
        head.push(Some(doc));
        break;
    }
    (lang, head)
}

/// The document, unless it is other YAML met on a directory walk (skipped quietly, or
/// said with `--verbose`). A walked file whose top-level key is a near miss of
/// `aftercert` is kept, with an error: a misspelt key must not hide a document from CI.
fn keep(mut doc: Document, from_walk: bool, verbose: bool, lang: Lang) -> Option<Document> {
    if !from_walk || !is_other_yaml(&doc) {
        return Some(doc);
    }
    if let Some(d) = near_miss_version(&doc) {
        doc.diagnostics.retain(|d| d.code != Code::MissingVersion);
        doc.diagnostics.push(d);
        return Some(doc);
    }
    if verbose {
        say_skipped(&doc.path, "no-aftercert-key", lang);
    }
    None
}

/// An error for a top-level key that looks like a misspelt `aftercert`.
fn near_miss_version(doc: &Document) -> Option<Diagnostic> {
    let root = doc.root.as_ref()?;
    let (key, _) = root.entries().iter().find(|(k, _)| {
        let name = k.name.to_lowercase();
        name != "aftercert" && strsim::damerau_levenshtein(&name, "aftercert") <= 2
    })?;
    let shown = crate::text::visible_line(&key.name);
    let msg = Text::new(
        format!("顶层键 `{shown}` 不是 `aftercert`：这个文件不会被当作流程文件审核"),
        format!(
            "top-level key `{shown}` is not `aftercert`, so this file would not be audited as a process document"
        ),
    );
    Some(
        Diagnostic::error(Code::MissingVersion, &doc.path, key.pos, msg)
            .expected(Text::same("aftercert: 2")),
    )
}

fn say_skipped(path: &str, why: &str, lang: Lang) {
    let text = match (lang, why) {
        (Lang::Zh | Lang::ZhTw, "symlink") => zh_format(lang, "跳过 {}：符号链接不跟随", &[&path]),
        (Lang::En, "symlink") => format!("skipped {path}: symlinks are not followed"),
        (Lang::Zh | Lang::ZhTw, _) => zh_format(
            lang,
            "跳过 {}：没有顶层键 `aftercert`，不是流程文件",
            &[&path],
        ),
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
    let shown = crate::text::path(err.path().unwrap_or(root));
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
    Lang::parse(
        doc.root
            .as_ref()?
            .get("company")?
            .get("language")?
            .as_str()?,
    )
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
