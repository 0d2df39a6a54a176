//! The summary table: one row per audited document and standard.
//!
//! A directory audit of hundreds of documents needs one screen that says who passed:
//! company, path, score, level, gaps, special deductions and the gate.

use super::markdown::{md_code_cell, md_escape};
use super::view::{DocumentView, ErrorView};
use crate::i18n::{Lang, t, zh_format};
use std::fmt::Write as _;

/// What the summary keeps of one audit (a document against one standard): a few short
/// strings, so a run of many thousands of documents keeps its summary, not its reports.
#[derive(Debug, Clone)]
pub struct Row {
    /// The company.
    pub company: String,
    /// The document's path.
    pub path: String,
    /// The standard's id.
    pub standard: String,
    /// The score as shown (one decimal, floored).
    pub score_shown: String,
    /// Documentation coverage as shown.
    pub coverage_shown: String,
    /// The level's label.
    pub rating: String,
    /// Its stars.
    pub stars: u8,
    /// How many gaps.
    pub gaps: usize,
    /// How many special deductions.
    pub special_deductions: usize,
    /// Whether the gate passed.
    pub passed: bool,
    /// Why not, in the run's language.
    pub reasons: String,
}

impl Row {
    /// The row of an audit.
    pub fn of(d: &DocumentView) -> Self {
        Row {
            company: d.company.clone(),
            path: d.path.clone(),
            standard: d.standard.id.clone(),
            score_shown: d.score_shown.clone(),
            coverage_shown: d.coverage_shown.clone(),
            rating: d.rating.label.clone(),
            stars: d.rating.stars,
            gaps: d.gap_counts.total,
            special_deductions: d.special_deductions.len(),
            passed: d.gate.passed,
            reasons: d.gate.reasons.join("; "),
        }
    }
}

/// Renders the summary as a Markdown table.
pub fn render(rows: &[Row], as_of: &str, errors: &[ErrorView], lang: Lang) -> String {
    let mut out = format!("# {} — {}\n\n", t(lang, "report-title"), t(lang, "summary"));
    let _ = writeln!(out, "{}: {}\n", t(lang, "audit-date"), md_escape(as_of));
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
    for d in rows {
        let gate = if d.passed {
            format!("✅ {}", t(lang, "gate-passed"))
        } else {
            format!("❌ {}", md_escape(&d.reasons))
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} {} | {} | {} | {} |",
            md_escape(&d.company),
            md_code_cell(&d.path),
            md_escape(&d.standard),
            d.score_shown,
            d.coverage_shown,
            md_escape(&d.rating),
            "★".repeat(d.stars as usize),
            d.gaps,
            d.special_deductions,
            gate
        );
    }
    if !errors.is_empty() {
        let _ = writeln!(
            out,
            "\n| {} | {} |\n|---|---|",
            t(lang, "document"),
            t(lang, "gate-failed")
        );
        for e in errors {
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
pub fn gate_lines(rows: &[Row], lang: Lang) -> String {
    let mut out = String::new();
    let mut failed = 0;
    for d in rows.iter().filter(|d| !d.passed) {
        failed += 1;
        let path = crate::text::visible_line(&d.path);
        let why = crate::text::visible_line(&d.reasons).into_owned();
        let _ = match lang {
            Lang::Zh | Lang::ZhTw => writeln!(
                out,
                "{}",
                zh_format(
                    lang,
                    "未通过 {} — {}：{} 分（文件覆盖率 {}），{}，差距 {} 项；{}。完整报告：aftercert check {}",
                    &[
                        &path,
                        &d.standard,
                        &d.score_shown,
                        &d.coverage_shown,
                        &d.rating,
                        &d.gaps,
                        &why,
                        &path,
                    ],
                )
            ),
            Lang::En => writeln!(
                out,
                "FAILED {path} — {}: {} (documentation coverage {}), {}, {} gap(s); {why}. Full report: aftercert check {path}",
                d.standard, d.score_shown, d.coverage_shown, d.rating, d.gaps
            ),
        };
    }
    let total = rows.len();
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
