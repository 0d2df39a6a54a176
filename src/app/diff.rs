//! `aftercert diff OLD.json NEW.json`: the change between two audits, for people.

use super::{Exit, print_stdout};
use crate::cli::DiffArgs;
use crate::i18n::Lang;
use crate::output::{Batch, InputKind, Protected};
use crate::report::RenderOptions;
use crate::report::diff::{ReportIn, diff};
use crate::report::markdown::render_value;
use std::path::Path;

/// Reads a JSON report straight from the file, refusing special files (`/dev/zero`, a
/// FIFO) and JSON that is not an aftercert report of a format this version reads, with the
/// place and what was expected. Nothing but the small structs of [`ReportIn`] is held, so
/// a report of any size is read in memory proportional to its findings, not its bytes.
fn read(path: &Path, lang: Lang) -> anyhow::Result<ReportIn> {
    let shown = crate::text::path(path);
    refuse_special(path, &shown, lang)?;
    let file = std::fs::File::open(path).map_err(|e| cannot_read(&shown, &e, lang))?;
    let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
    skip_bom(&mut reader).map_err(|e| cannot_read(&shown, &e, lang))?;
    match crate::report::diff::read::read(reader) {
        Ok(Ok(report)) => Ok(report),
        Ok(Err(missing)) => Err(unresolved(&shown, &missing, lang)),
        Err(e) if e.is_io() => Err(cannot_read(&shown, &e, lang)),
        Err(e) => Err(not_a_report(&shown, &e, lang)),
    }
}

/// Skips a UTF-8 byte order mark, as the YAML reader does.
fn skip_bom(reader: &mut impl std::io::BufRead) -> std::io::Result<()> {
    if reader.fill_buf()?.starts_with(b"\xef\xbb\xbf") {
        reader.consume(3);
    }
    Ok(())
}

fn cannot_read(shown: &str, e: &dyn std::fmt::Display, lang: Lang) -> anyhow::Error {
    let text = crate::i18n::Text::new(
        format!("无法读取 {shown}：{e}"),
        format!("cannot read {shown}: {e}"),
    );
    anyhow::anyhow!(text.get(lang).to_string())
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

fn not_a_report(shown: &str, e: &serde_json::Error, lang: Lang) -> anyhow::Error {
    let full = e.to_string();
    let what = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(w, _)| w);
    let what = crate::text::visible_line(what);
    let (line, column) = (e.line(), e.column());
    let cut = if e.is_eof() {
        crate::i18n::Text::new("文件不完整，", "the file is cut short, ")
    } else {
        crate::i18n::Text::new("", "")
    };
    let cut = cut.get(lang);
    let text = crate::i18n::Text::new(
        format!(
            "{shown}:{line}:{column}: 不是 aftercert 的 JSON 报告（{cut}{what}）；应为 `aftercert check --format json` 的输出（格式 1 或 2）：含 tool_version、as_of 和 documents[]，每个文件含 path、standard、score、rating 和 findings[]（fingerprint、criterion、status、points）"
        ),
        format!(
            "{shown}:{line}:{column}: not an aftercert JSON report ({cut}{what}); expected the output of `aftercert check --format json` (format 1 or 2): tool_version, as_of and documents[], each with path, standard, score, rating and findings[] (fingerprint, criterion, status, points)"
        ),
    );
    anyhow::anyhow!(text.get(lang).to_string())
}

/// A format-2 report naming a standard or criterion its own table does not have.
fn unresolved(shown: &str, m: &crate::report::diff::read::Unresolved, lang: Lang) -> anyhow::Error {
    let (place, id, table) = (&m.place, crate::text::visible_line(&m.id), m.table);
    let text = crate::i18n::Text::new(
        format!(
            "{shown}: {place}: 报告的 `{table}` 表中没有 “{id}”；应为 `aftercert check --format json` 写出的完整报告，其中 `{table}` 列出文件所引用的每一项"
        ),
        format!(
            "{shown}: {place}: \"{id}\" is not in the report's `{table}` table; expected a whole report written by `aftercert check --format json`, whose `{table}` lists every entry its documents name"
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
    // The view owns its texts: the two reports are not needed while the page is rendered.
    drop((old, new));
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
