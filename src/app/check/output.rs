//! Where a run's reports go: files named with `-o`, one report per document with
//! `--output-dir`, a baseline with `--write-baseline`, and stdout.
//!
//! Before anything is audited, [`guard`] protects every file the run reads and refuses an
//! output that is one of them, or that another output of the run already names. The
//! reports are then rendered together into one [`Batch`] and put in place only when every
//! one of them rendered (see [`crate::output`]).

use super::settings::Settings;
use crate::app::{Exit, print_diagnostics};
use crate::cli::CheckArgs;
use crate::diag::Diagnostic;
use crate::i18n::Lang;
use crate::output::dir::{Found, MANIFEST, Manifest, Names, SUMMARY};
use crate::output::{Batch, Claims, InputKind, OutputError, Protected};
use crate::report::view::{DocumentView, RunView};
use crate::report::{Format, RenderOptions, render_to};
use std::collections::{BTreeMap, HashMap};
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

/// Writes every output the run asks for, all or none, then the report on stdout.
/// Returns [`Exit::Error`] when the outputs could not be written (they are all left as
/// they were), [`Exit::Ok`] otherwise.
pub fn write_outputs(
    run: &RunView,
    baseline: &crate::policy::baseline::Baseline,
    args: &CheckArgs,
    settings: &Settings,
    guard: &mut Guard,
    lang: Lang,
) -> anyhow::Result<Exit> {
    let opts = RenderOptions {
        lang,
        template_dir: args.template_dir.clone(),
        edition: settings.edition,
        pretty: args.pretty,
    };
    let written = stage(run, baseline, args, settings, guard, &opts)
        .and_then(|batch| batch.commit().map_err(|e| vec![e.diagnostic()]));
    let exit = match written {
        Ok(()) => Exit::Ok,
        Err(refused) => {
            print_diagnostics(&refused, &BTreeMap::new(), lang);
            Exit::Error
        }
    };
    if !args.quiet {
        print_report(run, args.format, &opts)?;
    }
    Ok(exit)
}

/// Renders every output into its temporary file.
fn stage(
    run: &RunView,
    baseline: &crate::policy::baseline::Baseline,
    args: &CheckArgs,
    settings: &Settings,
    guard: &mut Guard,
    opts: &RenderOptions,
) -> Result<Batch, Vec<Diagnostic>> {
    let failed = |e: OutputError| vec![e.diagnostic()];
    let mut batch = Batch::new();
    for out in &settings.outputs {
        batch
            .stage(&out.path, |w| render_to(run, out.format, opts, w))
            .map_err(failed)?;
    }
    if let Some(path) = &args.write_baseline {
        batch
            .stage(path, |w| {
                serde_json::to_writer_pretty(&mut *w, baseline)?;
                w.write_all(b"\n")
            })
            .map_err(failed)?;
    }
    if let Some(dir) = &args.output_dir {
        stage_output_dir(run, dir, args, guard, opts, &mut batch)?;
    }
    Ok(batch)
}

/// Writes the report to stdout, streamed; a closed pipe is not an error.
fn print_report(run: &RunView, format: Format, opts: &RenderOptions) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    match render_to(run, format, opts, &mut w).and_then(|()| std::io::Write::flush(&mut w)) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// One report per document (all its standards together), a summary and the manifest.
fn stage_output_dir(
    run: &RunView,
    dir: &Path,
    args: &CheckArgs,
    guard: &mut Guard,
    opts: &RenderOptions,
    batch: &mut Batch,
) -> Result<(), Vec<Diagnostic>> {
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
    stage_reports(run, dir, args, guard, opts, batch, manifest.as_ref())
}

/// Checks every file name the folder will get, then renders the reports.
fn stage_reports(
    run: &RunView,
    dir: &Path,
    args: &CheckArgs,
    guard: &mut Guard,
    opts: &RenderOptions,
    batch: &mut Batch,
    manifest: Option<&Manifest>,
) -> Result<(), Vec<Diagnostic>> {
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
    let plan = plan(run, &formats);
    let mut names: Vec<&str> = plan.iter().map(|(name, _, _)| name.as_str()).collect();
    let summary = format!("{SUMMARY}.md");
    names.extend([summary.as_str(), MANIFEST]);
    let refused: Vec<Diagnostic> = names
        .iter()
        .filter_map(|name| may_write(dir, name, guard, manifest, args.force).err())
        .collect();
    if !refused.is_empty() {
        return Err(refused);
    }
    let failed = |e: OutputError| vec![e.diagnostic()];
    for (name, one, format) in &plan {
        let one = RunView {
            documents: one.to_vec(),
            errors: Vec::new(),
            warnings: Vec::new(),
            ..run.clone()
        };
        batch
            .stage(&dir.join(name), |w| render_to(&one, *format, opts, w))
            .map_err(failed)?;
    }
    let text = crate::report::summary::render(run, opts.lang);
    batch
        .stage(&dir.join(&summary), |w| w.write_all(text.as_bytes()))
        .map_err(failed)?;
    let written = names[..names.len() - 1]
        .iter()
        .filter_map(|n| Some((n.to_string(), batch.stamp_of(&dir.join(n))?)))
        .collect();
    let empty = Manifest::default();
    let manifest = manifest.unwrap_or(&empty).updated(dir, written);
    batch
        .stage(&dir.join(MANIFEST), |w| {
            serde_json::to_writer_pretty(&mut *w, &manifest)?;
            w.write_all(b"\n")
        })
        .map_err(failed)
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

/// The file name, documents and format of every per-document report, in run order.
fn plan<'a>(run: &'a RunView, formats: &[Format]) -> Vec<(String, &'a [DocumentView], Format)> {
    let mut groups: Vec<(&str, usize, usize)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for (i, d) in run.documents.iter().enumerate() {
        match at.get(d.path.as_str()) {
            // A document's views are consecutive (one per standard).
            Some(&g) if groups[g].2 == i => groups[g].2 = i + 1,
            _ => {
                at.insert(&d.path, groups.len());
                groups.push((&d.path, i, i + 1));
            }
        }
    }
    let mut names = Names::new();
    let mut out = Vec::new();
    for (path, start, end) in groups {
        let stem = names.stem_for(path);
        for f in formats {
            out.push((
                format!("{stem}.{}", f.extension()),
                &run.documents[start..end],
                *f,
            ));
        }
    }
    out
}
