//! The gate: what a document must reach for CI to pass, judged on the unrounded score.
//!
//! The score and the rating in a report are never bent. The gate looks at the same
//! figures with accepted gaps set aside: a waived gap (not expired) gives its points back
//! for the gate's purpose, and with a baseline only new or regressed gaps count against
//! `--max-gaps`. The rating the gate compares is computed by [`crate::score::rating`], the
//! one function the report's rating comes from, on the unrounded score, so a score shown
//! as 70.00 that is really 69.996 fails both. Gate settings are checked before any
//! document is read: an unknown rating or a threshold that is not a finite number stops
//! the run (exit 2) rather than letting every document pass.

use super::FindingNote;
use crate::diag::{Code, Diagnostic};
use crate::i18n::{Lang, Text, t};
use crate::score::Audit;
use crate::standard::load::{Loaded, RuleKind};
use crate::standard::model::{Method, Severity};
use crate::yaml::Pos;
use serde::Serialize;
use std::collections::BTreeMap;

/// What documents must reach.
#[derive(Debug, Clone, Default)]
pub struct Gate {
    /// A rating id to reach, in every selected standard that has it.
    pub min_rating: Option<String>,
    /// Where the rating was given: `--min-rating`, or the config file and position.
    pub min_rating_at: (String, Pos),
    /// A score to reach, 0–100.
    pub fail_under: Option<f64>,
    /// The most gaps allowed per severity.
    pub max_gaps: BTreeMap<Severity, usize>,
    /// True with a baseline: only new or regressed gaps count, and by default none may be.
    pub baseline: bool,
}

/// Gaps by severity: partial or missing findings, special deductions included, bonus
/// criteria not, and none where the standard does not apply. Counted once, here, so every
/// format shows the same numbers.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct GapCounts {
    /// Blocking gaps.
    pub blocking: usize,
    /// Major gaps.
    pub major: usize,
    /// Minor gaps.
    pub minor: usize,
    /// Advisory gaps.
    pub advisory: usize,
    /// All gaps.
    pub total: usize,
}

impl GapCounts {
    /// Counts the gaps of an audit.
    pub fn of(audit: &Audit<'_>, applies: bool) -> GapCounts {
        let mut c = GapCounts::default();
        for f in gaps(audit, applies) {
            c.add(audit.rule(f).severity);
        }
        c
    }

    fn add(&mut self, severity: Severity) {
        self.total += 1;
        match severity {
            Severity::Blocking => self.blocking += 1,
            Severity::Major => self.major += 1,
            Severity::Minor => self.minor += 1,
            Severity::Advisory => self.advisory += 1,
        }
    }
}

/// The gaps of an audit: what [`GapCounts`] counts.
pub fn gaps<'b>(
    audit: &'b Audit<'_>,
    applies: bool,
) -> impl Iterator<Item = &'b crate::score::Finding> {
    audit
        .findings
        .iter()
        .filter(move |f| applies && f.status.is_gap() && audit.rule(f).kind != RuleKind::Bonus)
}

/// The gate's verdict on one document against one standard.
#[derive(Debug, Clone, Default)]
pub struct Verdict {
    /// Whether the document reaches the gate.
    pub passed: bool,
    /// What the gate requires, one clause each.
    pub requirement: Vec<Text>,
    /// Why it failed, if it did.
    pub reasons: Vec<Text>,
}

fn key(k: &str) -> Text {
    Text::new(t(Lang::Zh, k), t(Lang::En, k))
}

fn usage(code: Code, what: &str, message: Text, expected: Text) -> Diagnostic {
    Diagnostic::error(code, what, Pos::default(), message).expected(expected)
}

/// Checks the gate against the standards selected: the rating must be one of theirs,
/// the score a finite number from 0 to 100.
pub fn check(gate: &Gate, standards: &[&Loaded]) -> Result<(), Diagnostic> {
    if let Some(min) = gate.fail_under
        && !(min.is_finite() && (0.0..=100.0).contains(&min))
    {
        let shown = crate::yaml::format_number(min);
        return Err(usage(
            Code::ConfigInvalid,
            "--fail-under",
            Text::new(
                format!("门槛分数 {shown} 不是 0 到 100 之间的有限数"),
                format!("the gate score {shown} is not a finite number from 0 to 100"),
            ),
            Text::same("0–100"),
        ));
    }
    let Some(rating) = &gate.min_rating else {
        return Ok(());
    };
    let has = |s: &&Loaded| s.standard.ratings.iter().any(|r| r.id.value == *rating);
    if standards.iter().any(has) {
        return Ok(());
    }
    let mut known: Vec<&str> = standards
        .iter()
        .flat_map(|s| s.standard.ratings.iter().map(|r| r.id.value.as_str()))
        .collect();
    known.dedup();
    let hint = crate::process::validate::suggest(rating, known.iter().copied())
        .map(|h| format!(" (`{h}`?)"))
        .unwrap_or_default();
    let shown = crate::text::visible_line(rating);
    let (file, pos) = &gate.min_rating_at;
    Err(Diagnostic::error(
        Code::ConfigInvalid,
        file,
        *pos,
        Text::new(
            format!("所选标准中没有等级 `{shown}`{hint}"),
            format!("no standard selected has the rating `{shown}`{hint}"),
        ),
    )
    .expected(Text::same(known.join(", "))))
}

/// Judges one audit: its rating and score with waived gaps set aside, and its gaps.
pub fn judge(gate: &Gate, audit: &Audit<'_>, applies: bool, notes: &[FindingNote]) -> Verdict {
    if !applies {
        return Verdict {
            passed: true,
            requirement: vec![key("standard-not-applicable")],
            reasons: Vec::new(),
        };
    }
    let (gate_score, reached) = with_waivers(audit, notes);
    let mut v = Verdict::default();
    rating_gate(gate, audit, reached, &mut v);
    if let Some(min) = gate.fail_under {
        v.requirement.push(Text::new(
            format!(
                "{} ≥ {}",
                t(Lang::Zh, "score"),
                crate::yaml::format_number(min)
            ),
            format!(
                "{} ≥ {}",
                t(Lang::En, "score"),
                crate::yaml::format_number(min)
            ),
        ));
        if gate_score + crate::score::EPS < min {
            let s = shown_below(gate_score, min);
            let m = crate::yaml::format_number(min);
            v.reasons.push(Text::new(
                format!("得分 {s} 低于 {m}"),
                format!("score {s} is under {m}"),
            ));
        }
    }
    gap_gate(gate, audit, notes, &mut v);
    v.passed = v.reasons.is_empty();
    v
}

/// The score and rating index for the gate: waived gaps (in force) give their points back.
fn with_waivers(audit: &Audit<'_>, notes: &[FindingNote]) -> (f64, usize) {
    let std = audit.standard;
    let sc = &std.standard.scoring;
    let mut restored = 0.0;
    let mut deductions = 0usize;
    for (f, n) in audit.findings.iter().zip(notes) {
        let kind = audit.rule(f).kind;
        if !f.status.is_gap() || kind == RuleKind::Bonus {
            continue;
        }
        match (kind, n.set_aside()) {
            (RuleKind::Deduction, true) => restored += sc.deduction_points,
            (RuleKind::Deduction, false) => deductions += 1,
            (_, true) if audit.applicable > 0.0 => {
                restored += (f.max - f.earned) / audit.applicable * 100.0;
            }
            _ => {}
        }
    }
    if restored == 0.0 || sc.method == Method::Stages {
        return (audit.score, audit.rating);
    }
    let score = (audit.score + restored).min(100.0);
    (score, crate::score::rating(std, score, deductions))
}

fn rating_gate(gate: &Gate, audit: &Audit<'_>, reached: usize, v: &mut Verdict) {
    let s = &audit.standard.standard;
    let explicit =
        gate.min_rating.is_some() || gate.fail_under.is_some() || !gate.max_gaps.is_empty();
    let wanted = match &gate.min_rating {
        Some(r) => r.as_str(),
        None if !explicit && !gate.baseline => s.pass.value.as_str(),
        None => return,
    };
    let Some(need) = s.ratings.iter().position(|r| r.id.value == wanted) else {
        // `check` made sure another selected standard has this rating.
        v.requirement.push(Text::new(
            format!("本标准没有等级 `{wanted}`，等级门槛不适用"),
            format!("this standard has no rating `{wanted}`; the rating gate does not apply"),
        ));
        return;
    };
    let label = &s.ratings[need].label;
    v.requirement.push(Text::new(
        format!("≥ {}", label.zh),
        format!("≥ {}", label.en),
    ));
    if reached < need {
        let now = &s.ratings[reached].label;
        v.reasons.push(Text::new(
            format!("等级 {} 低于 {}", now.zh, label.zh),
            format!("rating {} is below {}", now.en, label.en),
        ));
    }
}

fn gap_gate(gate: &Gate, audit: &Audit<'_>, notes: &[FindingNote], v: &mut Verdict) {
    let mut limits = gate.max_gaps.clone();
    if gate.baseline && limits.is_empty() {
        for s in [Severity::Minor, Severity::Major, Severity::Blocking] {
            limits.insert(s, 0);
        }
    }
    let what = key(if gate.baseline { "gaps-new" } else { "gaps" });
    for (sev, max) in limits {
        let counted = audit
            .findings
            .iter()
            .zip(notes)
            .filter(|(f, n)| {
                f.status.is_gap()
                    && audit.rule(f).kind != RuleKind::Bonus
                    && audit.rule(f).severity == sev
                    && !n.set_aside()
                    && n.change != Some(super::baseline::Change::Unchanged)
            })
            .count();
        let sev_label = key(&format!("severity-{}", sev.id()));
        v.requirement.push(Text::new(
            format!("{} {} ≤ {max}", what.zh, sev_label.zh),
            format!("{} {} ≤ {max}", what.en, sev_label.en),
        ));
        if counted > max {
            v.reasons.push(Text::new(
                format!("{}（{}）{counted} 项，超过 {max}", what.zh, sev_label.zh),
                format!(
                    "{counted} {} {} over the limit of {max}",
                    sev.id(),
                    what.en.to_lowercase()
                ),
            ));
        }
    }
}

/// A score as shown next to a bound it fails: two decimals, more when two would round it
/// up to the bound (69.996 against 70 is shown as 69.996, not 70.00).
fn shown_below(score: f64, bound: f64) -> String {
    for decimals in 2..=6 {
        let s = format!("{score:.decimals$}");
        if s.parse::<f64>().is_ok_and(|x| x < bound) {
            return s;
        }
    }
    format!("{score}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_score_just_under_the_bound_is_shown_under_it() {
        assert_eq!(shown_below(69.996, 70.0), "69.996");
        assert_eq!(shown_below(61.5, 70.0), "61.50");
    }
}
