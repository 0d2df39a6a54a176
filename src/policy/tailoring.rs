//! Tailoring: criteria a company declares not applicable, or whose points or weights it
//! changes, each with a reason that every report lists.
//!
//! Tailoring bends a score, so it is checked as strictly as a gate: an unknown id, a
//! missing reason, or a points or weight value that is not a finite number from 0 to 100
//! stops the run with the entry's `file:line:column`.

use crate::diag::{Code, Diagnostic};
use crate::i18n::Text;
use crate::standard::load::{Library, Rule, RuleKind};
use crate::yaml::Pos;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::HashMap;

/// One tailoring entry: a criterion not applicable, or points or a weight changed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tailoring {
    /// The criterion, section or indicator id.
    pub id: Spanned<String>,
    /// Mark the criterion not applicable.
    #[serde(default)]
    pub not_applicable: bool,
    /// New points (a criterion's effective points, in score units before normalisation).
    pub points: Option<Spanned<f64>>,
    /// New weight (a section or an indicator).
    pub weight: Option<Spanned<f64>>,
    /// Why; required.
    pub reason: Option<Spanned<String>>,
}

/// Criteria tailored out, with their reasons, for look-up while scoring.
#[derive(Debug, Clone, Default)]
pub struct NotApplicable(HashMap<String, String>);

impl NotApplicable {
    /// The criteria that the entries mark not applicable.
    pub fn new(entries: &[Tailoring]) -> NotApplicable {
        NotApplicable(
            entries
                .iter()
                .filter(|t| t.not_applicable)
                .map(|t| {
                    let reason = t.reason.as_ref().map(|r| r.value.clone());
                    (t.id.value.clone(), reason.unwrap_or_default())
                })
                .collect(),
        )
    }

    /// Why a criterion does not apply, if it is tailored out.
    pub fn reason(&self, id: &str) -> Option<String> {
        self.0.get(id).cloned()
    }
}

/// Checks tailoring entries against the library: known ids, a reason each, numbers in range.
pub fn check(entries: &[Tailoring], lib: &Library, file: &str) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for t in entries {
        let pos = crate::standard::load::pos(&t.id);
        if !known(lib, &t.id.value) {
            diags.push(unknown(lib, &t.id.value, file, pos));
        }
        if t.reason.as_ref().is_none_or(|r| r.value.trim().is_empty()) {
            let msg = Text::new("缺少必填字段 `reason`（理由）", "`reason` is required");
            diags.push(
                Diagnostic::error(Code::TailoringInvalid, file, pos, msg)
                    .expected(Text::same("reason: …")),
            );
        }
        if !t.not_applicable && t.points.is_none() && t.weight.is_none() {
            let msg = Text::new(
                "剪裁条目没有任何改动",
                "the tailoring entry changes nothing",
            );
            diags.push(
                Diagnostic::error(Code::TailoringInvalid, file, pos, msg)
                    .expected(Text::same("not_applicable: true | points: N | weight: N")),
            );
        }
        for (name, v) in [("points", &t.points), ("weight", &t.weight)] {
            if let Some(v) = v.as_ref().filter(|v| !in_range(v.value)) {
                diags.push(out_of_range(name, v, file));
            }
        }
    }
    diags
}

fn in_range(x: f64) -> bool {
    x.is_finite() && (0.0..=100.0).contains(&x)
}

fn out_of_range(name: &str, v: &Spanned<f64>, file: &str) -> Diagnostic {
    let shown = crate::yaml::format_number(v.value);
    let msg = Text::new(
        format!("剪裁的 `{name}` 为 {shown}，不是 0 到 100 之间的有限数"),
        format!("tailoring `{name}` is {shown}, not a finite number from 0 to 100"),
    );
    Diagnostic::error(
        Code::TailoringInvalid,
        file,
        crate::standard::load::pos(v),
        msg,
    )
    .expected(Text::same(format!("{name}: 0–100")))
}

fn known(lib: &Library, id: &str) -> bool {
    lib.rule(id).is_some()
        || lib.standards.iter().any(|s| {
            s.standard
                .sections
                .iter()
                .any(|sec| sec.id.value == id || sec.indicators.iter().any(|i| i.id.value == id))
        })
}

fn unknown(lib: &Library, id: &str, file: &str, pos: Pos) -> Diagnostic {
    let hint = crate::process::validate::suggest(id, lib.rule_ids())
        .map(|h| format!(" (`{h}`?)"))
        .unwrap_or_default();
    let id = crate::text::visible_line(id);
    let msg = Text::new(
        format!("剪裁引用了未知的编号 `{id}`{hint}"),
        format!("tailoring names an unknown id `{id}`{hint}"),
    );
    Diagnostic::error(Code::TailoringInvalid, file, pos, msg)
}

/// Applies points and weight changes to the library's rules (not-applicable is applied
/// when scoring). Call only after [`check`] found no error.
pub fn apply(entries: &[Tailoring], lib: &mut Library) {
    for t in entries {
        for s in &mut lib.standards {
            if let Some(p) = &t.points {
                for r in s.rules.iter_mut().filter(|r| r.id == t.id.value) {
                    r.max_points = p.value;
                }
            }
            let Some(w) = &t.weight else { continue };
            let groups: Vec<(usize, Option<usize>)> = groups_named(s, &t.id.value);
            for (section, indicator) in groups {
                let in_group = |r: &Rule| {
                    r.kind == RuleKind::Scored
                        && r.section == section
                        && indicator.is_none_or(|i| r.indicator == i)
                };
                let total: f64 = s
                    .rules
                    .iter()
                    .filter(|r| in_group(r))
                    .map(|r| r.max_points)
                    .sum();
                let k = if total > 0.0 { w.value / total } else { 0.0 };
                s.rules
                    .iter_mut()
                    .filter(|r| in_group(r))
                    .for_each(|r| r.max_points *= k);
            }
        }
    }
}

/// The sections (with no indicator) and indicators of a standard that carry an id.
fn groups_named(s: &crate::standard::load::Loaded, id: &str) -> Vec<(usize, Option<usize>)> {
    let mut out = Vec::new();
    for (si, sec) in s.standard.sections.iter().enumerate() {
        if sec.id.value == id {
            out.push((si, None));
        }
        for (ii, ind) in sec.indicators.iter().enumerate() {
            if ind.id.value == id {
                out.push((si, Some(ii)));
            }
        }
    }
    out
}
