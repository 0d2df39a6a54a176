//! Where a run's reports go: files named with `-o`, one report per document with
//! `--output-dir`, a baseline with `--write-baseline`, and stdout.
//!
//! Before anything is audited, [`guard`] protects every file the run reads and refuses an
//! output that is one of them, or that another output of the run already names. Each
//! document's share of every report is rendered on the worker that audited it
//! ([`Renders`]) and written in input order ([`Outputs`]) into one [`Batch`] of temporary
//! files, put in place only when every one of them was written (see [`crate::output`]).

use super::settings::Settings;
use crate::app::{Exit, print_diagnostics};
use crate::cli::CheckArgs;
use crate::diag::Diagnostic;
use crate::i18n::Lang;
use crate::output::dir::{Found, MANIFEST, Manifest, Names, SUMMARY};
use crate::output::{Batch, Claims, InputKind, OutputError, Protected, Writing};
use crate::report::stream::{Assemble, Head, Part, Render, Tail, stream};
use crate::report::summary::Row;
use crate::report::view::DocumentView;
use crate::report::{Format, RenderOptions};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The run's inputs, and the output files claimed so far.
pub struct Guard {
    inputs: Protected,
    claims: Claims,
}

/// Protects every file the run reads and checks `-o` and `--write-baseline` against them
/// and each other. Refusals are printed; `None` means the run must stop with exit 2.
pub fn guard(
    args: &CheckArgs,
    settings: &Settings,
    documents: &[(PathBuf, bool)],
    lang: Lang,
) -> Option<Guard> {
    let inputs = inputs(args, settings, documents);
    let mut claims = Claims::default();
    let mut refused = Vec::new();
    let baseline = args.write_baseline.iter();
    let targets = settings.outputs.iter().map(|o| ("-o", &o.path, None));
    let targets =
        targets.chain(baseline.map(|p| ("--write-baseline", p, Some(InputKind::Baseline))));
    for (flag, path, allowed) in targets {
        match inputs.refusal(flag, path, allowed) {
            Some(d) => refused.push(d),
            None => refused.extend(claims.claim(flag, path).err()),
        }
    }
    if refused.is_empty() {
        return Some(Guard { inputs, claims });
    }
    print_diagnostics(&refused, &BTreeMap::new(), lang);
    None
}

/// Every file the run reads: documents, standards, waivers, baseline, config, templates.
fn inputs(args: &CheckArgs, settings: &Settings, documents: &[(PathBuf, bool)]) -> Protected {
    let mut p = Protected::default();
    let named = [
        (InputKind::Config, &settings.config_path),
        (InputKind::Waivers, &settings.waivers_path),
        (InputKind::Baseline, &settings.baseline_path),
    ];
    for (kind, path) in named {
        if let Some(path) = path {
            p.add(kind, path);
        }
    }
    for f in &settings.standard_files {
        p.add(InputKind::Standard, f);
    }
    for d in &settings.standards_opts.standards_dirs {
        p.add_tree(InputKind::Standard, d);
    }
    if let Some(d) = &args.template_dir {
        p.add_tree(InputKind::Template, d);
    }
    for (doc, _) in documents {
        p.add(InputKind::Document, doc);
    }
    p
}

/// Every report of the run as it is written, document by document: the `-o` files (in
/// their temporary files until the end), the report on stdout, and the folder of
/// `--output-dir`. The half that renders parts on the workers is [`Renders`].
pub struct Outputs {
    sinks: Vec<Sink>,
    dir: Option<DirOutput>,
    batch: Batch,
    guard: Guard,
    /// Why an output could not be written; any one keeps every file as it was.
    refused: Vec<Diagnostic>,
}

/// What renders each document's parts of every report, on the workers.
pub struct Renders {
    renders: Vec<Box<dyn Render>>,
    head: Head,
    opts: RenderOptions,
    /// The formats of `--output-dir`, each document's report rendered whole.
    dir_formats: Vec<Format>,
}

/// One document's share of every report.
pub struct Rendered {
    parts: Vec<anyhow::Result<Part>>,
    dir: Vec<(Format, std::io::Result<Vec<u8>>)>,
}

/// One report being written.
struct Sink {
    assemble: Box<dyn Assemble>,
    to: To,
    /// Set once writing failed: the report gets nothing more.
    failed: bool,
}

/// Where a report goes.
enum To {
    File(Writing),
    Stdout(std::io::BufWriter<std::io::Stdout>),
}

impl To {
    fn writer(&mut self) -> &mut dyn Write {
        match self {
            To::File(w) => w,
            To::Stdout(w) => w,
        }
    }

    fn path(&self) -> PathBuf {
        match self {
            To::File(w) => w.target().to_path_buf(),
            To::Stdout(_) => PathBuf::from("-"),
        }
    }
}

/// The folder of `--output-dir` as its reports are staged.
struct DirOutput {
    dir: PathBuf,
    manifest: Option<Manifest>,
    names: Names,
    /// The file names staged so far, in order.
    written: Vec<String>,
    force: bool,
}

/// The rendering options of the run.
pub fn options(args: &CheckArgs, settings: &Settings, lang: Lang) -> RenderOptions {
    RenderOptions {
        lang,
        template_dir: args.template_dir.clone(),
        edition: settings.edition,
        pretty: args.pretty,
    }
}

/// Opens every output of the run. An output that cannot be opened (a missing folder, a
/// folder of the user's) is refused at the end, with the others left as they were; the
/// run goes on, so its diagnostics and its report on stdout are still given.
pub fn open(
    args: &CheckArgs,
    settings: &Settings,
    guard: Guard,
    head: Head,
    opts: RenderOptions,
) -> (Renders, Outputs) {
    let mut refused = Vec::new();
    let mut renders = Vec::new();
    let mut sinks = Vec::new();
    let mut targets: Vec<(Format, Option<&Path>)> = settings
        .outputs
        .iter()
        .map(|o| (o.format, Some(o.path.as_path())))
        .collect();
    if !args.quiet {
        targets.push((args.format, None));
    }
    for (format, path) in targets {
        let to = match path.map(Batch::open) {
            Some(Ok(w)) => To::File(w),
            Some(Err(e)) => {
                refused.push(e.diagnostic());
                continue;
            }
            None => To::Stdout(std::io::BufWriter::with_capacity(
                1 << 16,
                std::io::stdout(),
            )),
        };
        let stream = match args.render_whole {
            true => Ok(crate::report::stream::collect(format, &head, &opts)),
            false => stream(format, &head, &opts),
        };
        match stream {
            Ok(s) => {
                renders.push(s.render);
                sinks.push(Sink {
                    assemble: s.assemble,
                    to,
                    failed: false,
                });
            }
            Err(e) => refused.push(render_error(&to.path(), e)),
        }
    }
    let dir = args
        .output_dir
        .as_deref()
        .and_then(|d| open_dir(d, args).map_err(|d| refused.extend(d)).ok());
    let dir_formats = if dir.is_some() {
        dir_formats(args)
    } else {
        Vec::new()
    };
    let renders = Renders {
        renders,
        head,
        opts,
        dir_formats,
    };
    let outputs = Outputs {
        sinks,
        dir,
        batch: Batch::new(),
        guard,
        refused,
    };
    (renders, outputs)
}

fn render_error(path: &Path, e: anyhow::Error) -> Diagnostic {
    OutputError::at(path, crate::report::stream::to_io(e)).diagnostic()
}

/// The formats of `--output-dir`, each once.
fn dir_formats(args: &CheckArgs) -> Vec<Format> {
    let mut formats = if args.output_format.is_empty() {
        vec![Format::Markdown, Format::Json]
    } else {
        args.output_format.clone()
    };
    let mut seen = Vec::new();
    formats.retain(|f| {
        !seen.contains(f) && {
            seen.push(*f);
            true
        }
    });
    formats
}

/// Creates the folder of `--output-dir` and reads its manifest; a folder with a manifest
/// that is not aftercert's is refused unless `--force`.
fn open_dir(dir: &Path, args: &CheckArgs) -> Result<DirOutput, Vec<Diagnostic>> {
    std::fs::create_dir_all(dir).map_err(|e| vec![OutputError::at(dir, e).diagnostic()])?;
    let manifest = match crate::output::dir::read_manifest(dir) {
        Found::Manifest(m) => Some(m),
        Found::Nothing => None,
        Found::Foreign => {
            let refused = crate::output::dir::refusal(dir, MANIFEST, None, args.force);
            if let Some(d) = refused {
                return Err(vec![d]);
            }
            None
        }
    };
    Ok(DirOutput {
        dir: dir.to_path_buf(),
        manifest,
        names: Names::new(),
        written: Vec::new(),
        force: args.force,
    })
}

impl Renders {
    /// Renders one document's parts of every report (called on the workers).
    pub fn render(&self, views: &[DocumentView]) -> Rendered {
        let parts = self.renders.iter().map(|r| r.part(views)).collect();
        let dir = self
            .dir_formats
            .iter()
            .map(|&f| (f, self.whole(views, f)))
            .collect();
        Rendered { parts, dir }
    }

    /// A document's own report for `--output-dir`: all its standards, no run diagnostics.
    fn whole(&self, views: &[DocumentView], format: Format) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        crate::report::stream::document(views, format, &self.head, &self.opts, &mut out)?;
        Ok(out)
    }
}

impl Outputs {
    /// Writes the next document's parts, in input order.
    pub fn push(&mut self, path: &str, rendered: Rendered) {
        for (sink, part) in self.sinks.iter_mut().zip(rendered.parts) {
            if sink.failed {
                continue;
            }
            let written = part
                .map_err(crate::report::stream::to_io)
                .and_then(|part| sink.assemble.push(part, sink.to.writer()));
            if let Err(e) = written {
                sink.failed = true;
                refuse(&mut self.refused, &sink.to, e);
            }
        }
        if let Some(dir) = &mut self.dir {
            let stem = dir.names.stem_for(path);
            for (format, bytes) in rendered.dir {
                let name = format!("{stem}.{}", format.extension());
                if let Err(d) = stage_in_dir(dir, &name, bytes, &mut self.batch, &mut self.guard) {
                    self.refused.push(d);
                }
            }
        }
    }

    /// Ends every report, stages the baseline and the folder's summary and manifest, and
    /// puts every file in place, all or none. Returns [`Exit::Error`] when an output could
    /// not be written (then every file is left as it was).
    pub fn finish(
        mut self,
        tail: Tail<'_>,
        rows: &[Row],
        baseline: &crate::policy::baseline::Baseline,
        args: &CheckArgs,
        head: &Head,
    ) -> Exit {
        let mut files = Vec::new();
        for mut sink in std::mem::take(&mut self.sinks) {
            if sink.failed {
                continue;
            }
            let ended = sink
                .assemble
                .finish(tail, sink.to.writer())
                .and_then(|()| sink.to.writer().flush());
            match (ended, sink.to) {
                (Err(e), to) => refuse(&mut self.refused, &to, e),
                (Ok(()), To::File(w)) => files.push(w),
                (Ok(()), To::Stdout(_)) => {}
            }
        }
        for w in files {
            if let Err(e) = self.batch.close(w) {
                self.refused.push(e.diagnostic());
            }
        }
        if let Some(path) = &args.write_baseline {
            let staged = self.batch.stage(path, |w| {
                serde_json::to_writer_pretty(&mut *w, baseline)?;
                w.write_all(b"\n")
            });
            self.refused.extend(staged.err().map(|e| e.diagnostic()));
        }
        if let Some(dir) = self.dir.take() {
            let ended = end_dir(dir, rows, tail, head, &mut self.batch, &mut self.guard);
            self.refused.extend(ended.err());
        }
        let written = if self.refused.is_empty() {
            self.batch.commit().map_err(|e| vec![e.diagnostic()])
        } else {
            Err(std::mem::take(&mut self.refused))
        };
        match written {
            Ok(()) => Exit::Ok,
            Err(refused) => {
                print_diagnostics(&refused, &BTreeMap::new(), head.lang);
                Exit::Error
            }
        }
    }
}

/// Records why a report could not be written; a closed pipe on stdout is not an error.
fn refuse(refused: &mut Vec<Diagnostic>, to: &To, e: std::io::Error) {
    if matches!(to, To::Stdout(_)) && e.kind() == std::io::ErrorKind::BrokenPipe {
        return;
    }
    refused.push(OutputError::at(&to.path(), e).diagnostic());
}

/// Stages one report in the output folder, if the folder may get that file.
fn stage_in_dir(
    dir: &mut DirOutput,
    name: &str,
    bytes: std::io::Result<Vec<u8>>,
    batch: &mut Batch,
    guard: &mut Guard,
) -> Result<(), Diagnostic> {
    may_write(&dir.dir, name, guard, dir.manifest.as_ref(), dir.force)?;
    let path = dir.dir.join(name);
    let bytes = bytes.map_err(|e| OutputError::at(&path, e).diagnostic())?;
    batch
        .stage(&path, |w| w.write_all(&bytes))
        .map_err(|e| e.diagnostic())?;
    dir.written.push(name.to_string());
    Ok(())
}

/// The folder's summary and its manifest, staged last.
fn end_dir(
    mut dir: DirOutput,
    rows: &[Row],
    tail: Tail<'_>,
    head: &Head,
    batch: &mut Batch,
    guard: &mut Guard,
) -> Result<(), Diagnostic> {
    let summary = format!("{SUMMARY}.md");
    let text = crate::report::summary::render(rows, &head.as_of, tail.errors, head.lang);
    stage_in_dir(&mut dir, &summary, Ok(text.into_bytes()), batch, guard)?;
    may_write(&dir.dir, MANIFEST, guard, dir.manifest.as_ref(), dir.force)?;
    let written = dir
        .written
        .iter()
        .filter_map(|n| Some((n.clone(), batch.stamp_of(&dir.dir.join(n))?)))
        .collect();
    let empty = Manifest::default();
    let manifest = dir
        .manifest
        .as_ref()
        .unwrap_or(&empty)
        .updated(&dir.dir, written);
    batch
        .stage(&dir.dir.join(MANIFEST), |w| {
            serde_json::to_writer_pretty(&mut *w, &manifest)?;
            w.write_all(b"\n")
        })
        .map_err(|e| e.diagnostic())
}

/// Whether a file in the output folder may be written: not an input, not another
/// output of the run, and not a file of the user's (unless `--force`).
fn may_write(
    dir: &Path,
    name: &str,
    guard: &mut Guard,
    manifest: Option<&Manifest>,
    force: bool,
) -> Result<(), Diagnostic> {
    let path = dir.join(name);
    if let Some(d) = guard.inputs.refusal("--output-dir", &path, None) {
        return Err(d);
    }
    let owned = name == MANIFEST && manifest.is_some();
    if let Some(d) = crate::output::dir::refusal(dir, name, manifest, force || owned) {
        return Err(d);
    }
    guard.claims.claim("--output-dir", &path)
}
