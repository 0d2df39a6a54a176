//! The summary table: one row per audited document and standard.
//!
//! A directory audit of hundreds of documents needs one screen that says who passed:
//! company, path, score, level, gaps, special deductions and the gate.

use super::markdown::{md_code_cell, md_escape};
use super::view::RunView;
use crate::i18n::{Lang, t, zh_format};
use std::fmt::Write as _;

/// Renders the summary as a Markdown table.
pub fn render(run: &RunView, lang: Lang) -> String {
    let mut out = format!("# {} — {}\n\n", t(lang, "report-title"), t(lang, "summary"));
    let _ = writeln!(
        out,
        "{}: {}\n",
        t(lang, "audit-date"),
        md_escape(&run.as_of)
    );
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n|---|---|---|---:|---:|---|---:|---:|---|",
        t(lang, "company"),
        t(lang, "document"),
        t(lang, "standard"),
        t(lang, "score"),
        t(lang, "coverage"),
        t(lang, "rating"),
        t(lang, "gaps"),
        t(lang, "special-deductions"),
        t(lang, "gate")
    );
    for d in &run.documents {
        let gate = if d.gate.passed {
            format!("✅ {}", t(lang, "gate-passed"))
        } else {
            format!("❌ {}", md_escape(&d.gate.reasons.join("; ")))
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} {} | {} | {} | {} |",
            md_escape(&d.company),
            md_code_cell(&d.path),
            md_escape(&d.standard.id),
            d.score_shown,
            d.coverage_shown,
            md_escape(&d.rating.label),
            "★".repeat(d.rating.stars as usize),
            d.gap_counts.total,
            d.special_deductions.len(),
            gate
        );
    }
    if !run.errors.is_empty() {
        let _ = writeln!(
            out,
            "\n| {} | {} |\n|---|---|",
            t(lang, "document"),
            t(lang, "gate-failed")
        );
        for e in &run.errors {
            let _ = writeln!(
                out,
                "| {} | {} {} |",
                md_code_cell(&format!("{}:{}:{}", e.path, e.line, e.column)),
                md_escape(&e.message),
                md_code_cell(&e.code)
            );
        }
    }
    out
}

/// The gate's result in a few lines for a terminal or a CI log (`check --quiet`, the
/// pre-commit hook): one line per document and standard that fails the gate — score,
/// level, gaps, why, and where to look — then one line of totals.
pub fn gate_lines(run: &RunView, lang: Lang) -> String {
    let mut out = String::new();
    let mut failed = 0;
    for d in run.documents.iter().filter(|d| !d.gate.passed) {
        failed += 1;
        let path = crate::text::visible_line(&d.path);
        let why = crate::text::visible_line(&d.gate.reasons.join("; ")).into_owned();
        let _ = match lang {
            Lang::Zh | Lang::ZhTw => writeln!(
                out,
                "{}",
                zh_format(
                    lang,
                    "未通过 {} — {}：{} 分（文件覆盖率 {}），{}，差距 {} 项；{}。完整报告：aftercert check {}",
                    &[
                        &path,
                        &d.standard.id,
                        &d.score_shown,
                        &d.coverage_shown,
                        &d.rating.label,
                        &d.gap_counts.total,
                        &why,
                        &path,
                    ],
                )
            ),
            Lang::En => writeln!(
                out,
                "FAILED {path} — {}: {} (documentation coverage {}), {}, {} gap(s); {why}. Full report: aftercert check {path}",
                d.standard.id, d.score_shown, d.coverage_shown, d.rating.label, d.gap_counts.total
            ),
        };
    }
    let total = run.documents.len();
    let _ = match lang {
        Lang::Zh | Lang::ZhTw => writeln!(
            out,
            "{}",
            zh_format(
                lang,
                "门槛：{} 项审核中 {} 项通过",
                &[&total, &(total - failed)]
            )
        ),
        Lang::En => writeln!(out, "gate: {} of {total} audits pass", total - failed),
    };
    out
}
