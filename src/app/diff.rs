//! `aftercert diff OLD.json NEW.json`: the change between two audits, for people.

use super::{Exit, print_stdout};
use crate::cli::DiffArgs;
use crate::i18n::Lang;
use crate::output::{Batch, InputKind, Protected};
use crate::report::RenderOptions;
use crate::report::diff::{ReportIn, diff};
use crate::report::markdown::{diagnostic_error, render_value};
use std::path::Path;

/// Reads a JSON report under the document size limit, refusing special files
/// (`/dev/zero`, a FIFO) and JSON that is not an aftercert report, with the place and
/// what was expected.
fn read(path: &Path, lang: Lang) -> anyhow::Result<ReportIn> {
    let shown = crate::text::path(path);
    refuse_special(path, &shown, lang)?;
    let text = read_limited(path, &shown, lang)?;
    serde_json::from_str(&text).map_err(|e| not_a_report(&shown, &e, lang))
}

/// Refuses folders, FIFOs, sockets and devices before they are opened: a FIFO would
/// block the run, `/dev/zero` would never end.
fn refuse_special(path: &Path, shown: &str, lang: Lang) -> anyhow::Result<()> {
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        let text = crate::i18n::Text::new(
            format!(
                "{shown} 不是普通文件（是目录、管道、套接字或设备）；应为 `aftercert check --format json` 写出的 JSON 报告文件"
            ),
            format!(
                "{shown} is not a regular file (a folder, pipe, socket or device); expected a JSON report file written by `aftercert check --format json`"
            ),
        );
        anyhow::bail!(text.get(lang).to_string());
    }
    Ok(())
}

/// The file's text, under the document size limit.
fn read_limited(path: &Path, shown: &str, lang: Lang) -> anyhow::Result<String> {
    let limits = crate::yaml::Limits::default();
    let max = limits.max_bytes;
    crate::process::load::read_text(path, shown, &limits).map_err(|mut d| {
        if d.code == crate::diag::Code::TooLarge {
            d.expected = Some(crate::i18n::Text::new(
                format!("`aftercert check --format json` 写出的不超过 {max} 字节的报告"),
                format!(
                    "a report of at most {max} bytes written by `aftercert check --format json`"
                ),
            ));
        }
        diagnostic_error(&d, lang)
    })
}

fn not_a_report(shown: &str, e: &serde_json::Error, lang: Lang) -> anyhow::Error {
    let full = e.to_string();
    let what = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(w, _)| w);
    let what = crate::text::visible_line(what);
    let (line, column) = (e.line(), e.column());
    let text = crate::i18n::Text::new(
        format!(
            "{shown}:{line}:{column}: 不是 aftercert 的 JSON 报告（{what}）；应为 `aftercert check --format json` 的输出：含 tool_version、as_of 和 documents[]，每个文件含 path、standard.id、score、rating 和 findings[]（fingerprint、criterion、status、points）"
        ),
        format!(
            "{shown}:{line}:{column}: not an aftercert JSON report ({what}); expected the output of `aftercert check --format json`: tool_version, as_of and documents[], each with path, standard.id, score, rating and findings[] (fingerprint, criterion, status, points)"
        ),
    );
    anyhow::anyhow!(text.get(lang).to_string())
}

/// Runs `aftercert diff`.
pub fn run(args: &DiffArgs) -> anyhow::Result<Exit> {
    let said = args.lang.unwrap_or_else(Lang::from_env);
    if let Some(refused) = refusal(args) {
        super::print_diagnostics(&[refused], &Default::default(), said);
        return Ok(Exit::Error);
    }
    let (old, new) = (read(&args.old, said)?, read(&args.new, said)?);
    let lang = args.lang.or(new.lang).unwrap_or_else(Lang::from_env);
    let view = diff(&old, &new, lang);
    let opts = RenderOptions {
        lang,
        template_dir: None,
        ..RenderOptions::default()
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
