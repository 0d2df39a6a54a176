//! Turns evaluated criteria into a score, a rating and the shortest path to the next level.
//!
//! The weighted method follows GB/T 27922's: criteria that do not apply leave the
//! denominator, and so do legal criteria whose application cannot be told (`undetermined`:
//! never a gap, never a fired deduction); a standard whose legal criteria bind none of
//! the document's product lines, or cannot be told, scores 100 (nothing known is missing);
//! score = earned ÷ applicable × 100; then each special deduction takes off
//! its points (after normalisation, "outside the item scores"), bonus adds at most its
//! cap, and enough deductions fail the audit whatever the score. The stages method serves
//! build-out standards: a stage is reached only when it and every earlier stage are done.

use crate::evaluate::scope::{self, Applicability, Binding};
use crate::evaluate::{Context, Outcome, evaluate, evaluate_on_line};
use crate::standard::load::{Loaded, Rule, RuleKind};
use crate::standard::model::{Confidence, Method};
use chrono::NaiveDate;
use serde::Serialize;

mod plan;

/// How far a criterion is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Fully met.
    Met,
    /// Partly met (partial credit).
    Partial,
    /// Not met.
    Missing,
    /// Does not apply to this company.
    NotApplicable,
    /// A legal criterion whose scope the document does not let us decide (no product
    /// category, no buyers): scored like not applicable, never a breach or a deduction,
    /// and listed so the company states what is missing.
    Undetermined,
}

impl Status {
    /// The stable id, as in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Partial => "partial",
            Status::Missing => "missing",
            Status::NotApplicable => "not-applicable",
            Status::Undetermined => "undetermined",
        }
    }

    /// Returns true if and only if this is a gap (partial or missing).
    pub fn is_gap(self) -> bool {
        matches!(self, Status::Partial | Status::Missing)
    }
}

/// Why a criterion is a gap: the document says nothing on it, or says something that
/// falls short. An auditor writes both up, but they call for different work: one is a
/// document to write, the other a practice to change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Gap {
    /// The document states nothing the criterion looks at.
    Silent,
    /// The document states something that falls short.
    Short,
}

impl Gap {
    /// The stable id, as in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Gap::Silent => "silent",
            Gap::Short => "short",
        }
    }
}

/// One criterion's result.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Index into the standard's rules.
    pub rule: usize,
    /// How far it is met.
    pub status: Status,
    /// Points earned.
    pub earned: f64,
    /// Points it is worth here (0 when not applicable).
    pub max: f64,
    /// What the check found; `None` when not applicable.
    pub outcome: Option<Outcome>,
    /// Why it does not apply, when tailored out.
    pub tailored: Option<String>,
    /// Whether a scoped legal criterion binds the document, and why.
    pub applicability: Option<Applicability>,
    /// For a gap: whether the document is silent or falls short.
    pub gap: Option<Gap>,
    /// The share of what the criterion looks at that the document states (met: 1).
    pub spoken: f64,
    /// Not applicable because there was nothing to check (no entrusted outlets, no
    /// take-back): the criterion only makes sense when something exists.
    pub vacuous: bool,
}

/// Subtotals for an indicator.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorScore {
    /// Earned points.
    pub earned: f64,
    /// Applicable points.
    pub applicable: f64,
}

/// Subtotals for a section.
#[derive(Debug, Clone, Serialize)]
pub struct SectionScore {
    /// Earned points.
    pub earned: f64,
    /// Applicable points.
    pub applicable: f64,
    /// Per indicator, in order.
    pub indicators: Vec<IndicatorScore>,
}

/// What one step on the way to the next level does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionKind {
    /// Close a gap in a scored criterion.
    CloseGap,
    /// Remove the cause of a fired special deduction.
    RemoveDeduction,
    /// Earn a bonus item.
    EarnBonus,
}

/// One step on the way to the next level: one action, with every finding it resolves.
#[derive(Debug, Clone)]
pub struct Step {
    /// What the action does.
    pub kind: ActionKind,
    /// Index into the findings: the gap, fired deduction or bonus the action is about.
    pub finding: usize,
    /// Further findings the same action resolves (a scored criterion that a deduction is
    /// counted with, by the standard's `counts_with`).
    pub also: Vec<usize>,
    /// Score points it would add.
    pub gain: f64,
}

/// The shortest path to the next rating.
#[derive(Debug, Clone)]
pub struct NextLevel {
    /// Index of the next rating band.
    pub rating: usize,
    /// Score points missing.
    pub distance: f64,
    /// The fewest actions whose gains close the distance, largest first.
    pub steps: Vec<Step>,
    /// False when even taking every action (closing every gap, removing every deduction,
    /// earning the bonus) would not reach it.
    pub reachable: bool,
}

/// Where a build-out stands (stages method).
#[derive(Debug, Clone)]
pub struct Stages {
    /// How many stages are fully done, in order.
    pub reached: usize,
    /// Findings met in a later stage while an earlier one is open.
    pub claimed_early: Vec<usize>,
    /// Findings to do next: the open items of the first stage not reached.
    pub next_items: Vec<usize>,
    /// False when the document says nothing any stage looks at: its stage is not stated,
    /// which is not the same as "no stage done".
    pub stated: bool,
}

/// A document audited against one standard.
#[derive(Debug, Clone)]
pub struct Audit<'a> {
    /// The standard.
    pub standard: &'a Loaded,
    /// One finding per rule, in rule order.
    pub findings: Vec<Finding>,
    /// Section subtotals (scored rules).
    pub sections: Vec<SectionScore>,
    /// Earned points of scored rules.
    pub earned: f64,
    /// Applicable points of scored rules.
    pub applicable: f64,
    /// earned ÷ applicable × 100, before deductions and bonus.
    pub base_score: f64,
    /// Documentation coverage: the share of applicable points the document speaks to,
    /// 0–1 (`None` when no scored criterion applies).
    pub coverage: Option<f64>,
    /// Applicable points whose value (criterion points or indicator weight) is assumed.
    pub assumed_points: f64,
    /// Points taken off by special deductions.
    pub deducted: f64,
    /// Bonus points counted (after the cap).
    pub bonus: f64,
    /// The final score, 0–100.
    pub score: f64,
    /// Index of the rating band reached.
    pub rating: usize,
    /// True when the deduction count alone fails the audit.
    pub failed_by_deductions: bool,
    /// The path to the next level, if there is one.
    pub next_level: Option<NextLevel>,
    /// Build-out stages (stages method).
    pub stages: Option<Stages>,
}

impl Audit<'_> {
    /// The rule behind a finding.
    pub fn rule(&self, f: &Finding) -> &Rule {
        &self.standard.rules[f.rule]
    }

    /// Findings of fired special deductions.
    pub fn fired_deductions(&self) -> impl Iterator<Item = (usize, &Finding)> {
        self.findings
            .iter()
            .enumerate()
            .filter(|(_, f)| self.rule(f).kind == RuleKind::Deduction && f.status.is_gap())
    }

    /// The number of fired special deductions.
    pub fn deduction_count(&self) -> usize {
        self.fired_deductions().count()
    }
}

/// Tailoring decided before scoring: criteria marked not applicable, with a reason.
pub type NotApplicable<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Evaluates one rule.
pub fn judge(index: usize, rule: &Rule, ctx: &Context<'_>, tailored: Option<String>) -> Finding {
    let skip = |status, tailored, applicability| Finding {
        rule: index,
        status,
        earned: 0.0,
        max: 0.0,
        outcome: None,
        tailored,
        applicability,
        gap: None,
        spoken: 0.0,
        vacuous: false,
    };
    if tailored.is_some() {
        return skip(Status::NotApplicable, tailored, None);
    }
    if let Some(cond) = &rule.applies_if
        && !evaluate(cond, ctx).met()
    {
        return skip(Status::NotApplicable, None, None);
    }
    let Some(legal) = &rule.scope else {
        return finding(index, rule, evaluate(&rule.check, ctx), None);
    };
    let lines = scope::lines(ctx.root);
    let (applicability, bound) = scope::judge(legal, &lines);
    match applicability.status {
        Binding::DoesNotApply => skip(Status::NotApplicable, None, Some(applicability)),
        Binding::CannotTell => skip(Status::Undetermined, None, Some(applicability)),
        Binding::Applies => {
            let outcome = worst_line(rule, ctx, &lines, &bound);
            finding(index, rule, outcome, Some(applicability))
        }
    }
}

/// Evaluates a scoped rule on every line it binds; the worst line decides.
fn worst_line(
    rule: &Rule,
    ctx: &Context<'_>,
    lines: &[scope::Line<'_>],
    bound: &[usize],
) -> Outcome {
    let mut worst: Option<Outcome> = None;
    for &i in bound {
        let line = &lines[i];
        let mut o = match line.node {
            Some(node) => evaluate_on_line(&rule.check, ctx, node, &line.path),
            None => evaluate(&rule.check, ctx),
        };
        if bound.len() > 1 {
            let found = o
                .found
                .take()
                .unwrap_or_else(|| crate::i18n::Text::same("—"));
            o.found = Some(crate::i18n::Text::new(
                format!("{}：{}", line.id, found.zh),
                format!("{}: {}", line.id, found.en),
            ));
        }
        if worst.as_ref().is_none_or(|w| o.fraction < w.fraction) {
            worst = Some(o);
        }
    }
    worst.unwrap_or_else(|| evaluate(&rule.check, ctx))
}

fn finding(
    index: usize,
    rule: &Rule,
    outcome: Outcome,
    applicability: Option<Applicability>,
) -> Finding {
    if outcome.vacuous && rule.kind != RuleKind::Deduction {
        return Finding {
            rule: index,
            status: Status::NotApplicable,
            earned: 0.0,
            max: 0.0,
            outcome: Some(outcome),
            tailored: None,
            applicability,
            gap: None,
            spoken: 0.0,
            vacuous: true,
        };
    }
    let status = if outcome.met() {
        Status::Met
    } else if outcome.fraction > 0.0 && rule.kind == RuleKind::Scored {
        Status::Partial
    } else {
        Status::Missing
    };
    let max = if rule.advisory { 0.0 } else { rule.max_points };
    let earned = match rule.kind {
        RuleKind::Scored => max * outcome.fraction,
        RuleKind::Bonus if status == Status::Met => max,
        _ => 0.0,
    };
    let spoken = if status == Status::Met {
        1.0
    } else {
        outcome.spoken.clamp(0.0, 1.0)
    };
    let gap = status.is_gap().then_some(if spoken > EPS {
        Gap::Short
    } else {
        Gap::Silent
    });
    Finding {
        rule: index,
        status,
        earned,
        max,
        outcome: Some(outcome),
        tailored: None,
        applicability,
        gap,
        spoken,
        vacuous: false,
    }
}

/// Audits a document root against a standard.
pub fn audit<'a>(
    standard: &'a Loaded,
    root: &crate::yaml::Node,
    as_of: NaiveDate,
    tailoring: NotApplicable<'_>,
) -> Audit<'a> {
    let ctx = Context { root, as_of };
    let findings: Vec<Finding> = standard
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| judge(i, r, &ctx, tailoring(&r.id)))
        .collect();
    score(standard, findings)
}

/// Scores findings already made.
pub fn score(standard: &Loaded, findings: Vec<Finding>) -> Audit<'_> {
    let s = &standard.standard;
    let mut sections: Vec<SectionScore> = s
        .sections
        .iter()
        .map(|sec| SectionScore {
            earned: 0.0,
            applicable: 0.0,
            indicators: sec
                .indicators
                .iter()
                .map(|_| IndicatorScore {
                    earned: 0.0,
                    applicable: 0.0,
                })
                .collect(),
        })
        .collect();
    let (mut earned, mut applicable, mut bonus, mut fired) = (0.0, 0.0, 0.0, 0usize);
    let (mut spoken, mut assumed_points) = (0.0, 0.0);
    for f in &findings {
        let rule = &standard.rules[f.rule];
        match rule.kind {
            RuleKind::Scored => {
                let sec = &mut sections[rule.section];
                sec.earned += f.earned;
                sec.applicable += f.max;
                sec.indicators[rule.indicator].earned += f.earned;
                sec.indicators[rule.indicator].applicable += f.max;
                earned += f.earned;
                applicable += f.max;
                spoken += f.max * f.spoken;
                if rule.confidence == Confidence::Assumed || rule.weight_assumed {
                    assumed_points += f.max;
                }
            }
            RuleKind::Deduction => fired += usize::from(f.status.is_gap()),
            RuleKind::Bonus => bonus += f.earned,
        }
    }
    let base_score = if applicable > 0.0 {
        earned / applicable * 100.0
    } else if scoped_out(standard, &findings) {
        // Nothing known to bind the document is missing: a law that binds none of its
        // product lines, or "cannot tell" (never a breach), cannot fail a gate either.
        // The report lists why, and what to state.
        100.0
    } else {
        0.0
    };
    let deducted = fired as f64 * s.scoring.deduction_points;
    let bonus = bonus.min(s.scoring.bonus_cap);
    let score = (base_score - deducted + bonus).clamp(0.0, 100.0);
    let failed_by_deductions = failed_by(standard, fired);
    let mut audit = Audit {
        standard,
        findings,
        sections,
        earned,
        applicable,
        base_score,
        coverage: (applicable > 0.0).then(|| (spoken / applicable).clamp(0.0, 1.0)),
        assumed_points,
        deducted,
        bonus,
        score,
        rating: 0,
        failed_by_deductions,
        next_level: None,
        stages: None,
    };
    match s.scoring.method {
        Method::Weighted => {
            audit.rating = rating(standard, score, fired);
            audit.next_level = plan::next_level(&audit);
        }
        Method::Stages => {
            let stages = stages(&audit);
            audit.rating = stages.reached.min(s.ratings.len().saturating_sub(1));
            audit.stages = Some(stages);
        }
    }
    audit
}

/// True when no scored criterion applies and the scope of a legal criterion decided
/// that for at least one (tailoring and `applies_if` alone keep the score at 0).
fn scoped_out(standard: &Loaded, findings: &[Finding]) -> bool {
    let scored = || {
        findings
            .iter()
            .filter(|f| standard.rules[f.rule].kind == RuleKind::Scored)
    };
    scored().any(|f| f.applicability.is_some())
        && scored().all(|f| matches!(f.status, Status::NotApplicable | Status::Undetermined))
}

/// Scores closer than this are equal (sums of thirds and sevenths are not exact).
pub const EPS: f64 = 1e-9;

/// The rating band an unrounded score reaches with this many special deductions fired:
/// the one function every rating comes from (report, JSON and gate alike).
pub fn rating(standard: &Loaded, score: f64, deductions: usize) -> usize {
    if failed_by(standard, deductions) {
        return 0;
    }
    standard
        .standard
        .ratings
        .iter()
        .rposition(|b| score + EPS >= b.min.value)
        .unwrap_or(0)
}

/// True when this many special deductions fail the audit whatever the score.
fn failed_by(standard: &Loaded, deductions: usize) -> bool {
    standard
        .standard
        .scoring
        .fail_at_deductions
        .is_some_and(|n| n > 0 && deductions >= n as usize)
}

fn stages(a: &Audit<'_>) -> Stages {
    let n = a.standard.standard.sections.len();
    let done: Vec<bool> = (0..n)
        .map(|s| {
            a.findings
                .iter()
                .filter(|f| a.rule(f).kind == RuleKind::Scored && a.rule(f).section == s)
                .all(|f| {
                    matches!(
                        f.status,
                        Status::Met | Status::NotApplicable | Status::Undetermined
                    )
                })
        })
        .collect();
    let reached = done.iter().take_while(|d| **d).count();
    let in_stage = |s: usize| {
        a.findings
            .iter()
            .enumerate()
            .filter(move |(_, f)| a.rule(f).kind == RuleKind::Scored && a.rule(f).section == s)
    };
    let claimed_early = (reached + 1..n)
        .flat_map(|s| {
            in_stage(s)
                .filter(|(_, f)| f.status == Status::Met)
                .map(|(i, _)| i)
        })
        .collect();
    let next_items = if reached < n {
        in_stage(reached)
            .filter(|(_, f)| f.status.is_gap())
            .map(|(i, _)| i)
            .collect()
    } else {
        Vec::new()
    };
    let stated = a.findings.iter().any(|f| {
        a.rule(f).kind == RuleKind::Scored && (f.status == Status::Met || f.gap == Some(Gap::Short))
    });
    Stages {
        reached,
        claimed_early,
        next_items,
        stated,
    }
}
