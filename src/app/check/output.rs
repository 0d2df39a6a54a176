//! Where a run's reports go: files named with `-o`, one report per document with
//! `--output-dir`, a baseline with `--write-baseline`, and stdout.

use super::settings::Settings;
use crate::cli::CheckArgs;
use crate::i18n::Lang;
use crate::report::view::{DocumentView, RunView};
use crate::report::{Format, RenderOptions, render, render_to, write_atomic, write_atomic_with};
use anyhow::Context as _;
use std::collections::BTreeMap;
use std::path::Path;

/// Writes every output the run asks for.
pub fn write_outputs(
    run: &RunView,
    baseline: &crate::policy::baseline::Baseline,
    args: &CheckArgs,
    settings: &Settings,
    lang: Lang,
) -> anyhow::Result<()> {
    let opts = RenderOptions {
        lang,
        template_dir: args.template_dir.clone(),
    };
    for out in &settings.outputs {
        write_atomic_with(&out.path, |w| render_to(run, out.format, &opts, w))
            .with_context(|| format!("writing {}", out.path.display()))?;
    }
    if let Some(dir) = &args.output_dir {
        write_output_dir(run, dir, &args.output_format, &opts)?;
    }
    if let Some(path) = &args.write_baseline {
        let mut text = serde_json::to_string_pretty(baseline)?;
        text.push('\n');
        write_atomic(path, text.as_bytes())
            .with_context(|| format!("writing {}", path.display()))?;
    }
    if !args.quiet {
        print_report(run, args.format, &opts)?;
    }
    Ok(())
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

/// Writes one report per document (all its standards together) and a summary.
fn write_output_dir(
    run: &RunView,
    dir: &Path,
    formats: &[Format],
    opts: &RenderOptions,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let formats = if formats.is_empty() {
        vec![Format::Markdown, Format::Json]
    } else {
        formats.to_vec()
    };
    let mut by_doc: BTreeMap<&str, Vec<DocumentView>> = BTreeMap::new();
    for d in &run.documents {
        by_doc.entry(&d.path).or_default().push(d.clone());
    }
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    for (path, docs) in by_doc {
        let stem = unique_stem(path, &mut used);
        let one = RunView {
            documents: docs,
            errors: Vec::new(),
            warnings: Vec::new(),
            ..run.clone()
        };
        for f in &formats {
            let file = dir.join(format!("{stem}.{}", f.extension()));
            write_atomic(&file, render(&one, *f, opts)?.as_bytes())
                .with_context(|| format!("writing {}", file.display()))?;
        }
    }
    let summary = crate::report::summary::render(run, opts.lang);
    write_atomic(&dir.join("summary.md"), summary.as_bytes()).context("writing summary.md")?;
    Ok(())
}

/// A file stem for a document, made unique when two documents share a name.
fn unique_stem(path: &str, used: &mut BTreeMap<String, usize>) -> String {
    let stem = Path::new(path)
        .file_stem()
        .map_or_else(|| "document".into(), |s| s.to_string_lossy().into_owned());
    let n = used.entry(stem.clone()).or_insert(0);
    *n += 1;
    if *n == 1 { stem } else { format!("{stem}-{n}") }
}
