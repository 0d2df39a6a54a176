//! `aftercert diff OLD.json NEW.json`: the change between two audits, for people.

use super::{Exit, print_stdout};
use crate::cli::DiffArgs;
use crate::output::{Batch, InputKind, Protected};
use crate::report::RenderOptions;
use crate::report::diff::diff;
use crate::report::markdown::render_value;
use anyhow::Context as _;
use std::path::Path;

fn read(path: &Path) -> anyhow::Result<serde_json::Value> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{}:{}:{}: not a JSON report ({e}); expected the output of `aftercert check --format json`", path.display(), e.line(), e.column()))
}

/// Runs `aftercert diff`.
pub fn run(args: &DiffArgs) -> anyhow::Result<Exit> {
    if let Some(refused) = refusal(args) {
        super::print_diagnostics(
            &[refused],
            &Default::default(),
            args.lang.unwrap_or_default(),
        );
        return Ok(Exit::Error);
    }
    let (old, new) = (read(&args.old)?, read(&args.new)?);
    for (v, p) in [(&old, &args.old), (&new, &args.new)] {
        if !v["documents"].is_array() {
            anyhow::bail!(
                "{}: no `documents` array; expected the output of `aftercert check --format json`",
                p.display()
            );
        }
    }
    let lang = args
        .lang
        .or_else(|| serde_json::from_value(new["lang"].clone()).ok())
        .unwrap_or_default();
    let view = diff(&old, &new);
    let opts = RenderOptions {
        lang,
        template_dir: None,
    };
    let format = match &args.output {
        Some(p) if p.extension().is_some_and(|e| e == "html" || e == "htm") => "html",
        Some(_) => "markdown",
        None => args.format.as_str(),
    };
    let name = if format == "html" {
        "diff.html.j2"
    } else {
        "diff.md.j2"
    };
    let text = render_value(&view, name, &opts)?;
    let Some(path) = &args.output else {
        print_stdout(&text)?;
        return Ok(Exit::Ok);
    };
    let mut batch = Batch::new();
    let written = batch
        .stage(path, |w| w.write_all(text.as_bytes()))
        .and_then(|()| batch.commit());
    if let Err(e) = written {
        super::print_diagnostics(&[e.diagnostic()], &Default::default(), lang);
        return Ok(Exit::Error);
    }
    Ok(Exit::Ok)
}

/// Refuses `-o` naming one of the two reports compared (`diff OLD NEW -o NEW`).
fn refusal(args: &DiffArgs) -> Option<crate::diag::Diagnostic> {
    let out = args.output.as_ref()?;
    let mut inputs = Protected::default();
    inputs.add(InputKind::DiffInput, &args.old);
    inputs.add(InputKind::DiffInput, &args.new);
    inputs.refusal("-o", out, None)
}
