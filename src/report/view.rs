//! The report model: one audit, resolved into the reader's language, ready to serialize.
//!
//! Every output format renders from this one model, so JSON, Markdown, HTML, SARIF, JUnit
//! and CSV cannot disagree about a score or a location. Templates receive it as their
//! context; the JSON report is written from it by `json.rs` (its wire shape, documented
//! in `docs/json.md`, is a contract of its own). What a criterion says whatever the
//! document is built once per run ([`Texts`]) and shared by its findings.

use crate::audit::{DocumentAudit, StandardResult};
use crate::diag::LineIndex;
use crate::i18n::{Lang, Text, in_script, t};
use crate::policy::gate::Verdict;
use crate::policy::waivers::{ActiveWaiver, Waivers};
use crate::policy::{FindingNote, Policy};
use crate::score::{ActionKind, Audit, Finding, Gap, Status, Step};
use crate::standard::load::{Loaded, Rule, RuleKind};
use crate::standard::model::{Citation, Confidence, Ground, Method, Severity};
use serde::Serialize;

mod texts;
pub use texts::{CriterionText, Shared, Texts, ground_id};

/// The whole run.
#[derive(Debug, Clone, Serialize)]
pub struct RunView {
    /// The aftercert version that produced it.
    pub tool_version: String,
    /// The audit date.
    pub as_of: String,
    /// The language of the texts.
    pub lang: Lang,
    /// One entry per document and standard.
    pub documents: Vec<DocumentView>,
    /// Files that could not be audited, with their problems.
    pub errors: Vec<ErrorView>,
    /// Warnings that did not stop the run (waivers, tailoring, stale records).
    pub warnings: Vec<ErrorView>,
}

/// A file that could not be audited.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorView {
    /// The diagnostic code.
    pub code: String,
    /// The file.
    pub path: String,
    /// Line, 1-based (0 when unknown).
    pub line: u32,
    /// Column, 1-based (0 when unknown).
    pub column: u32,
    /// What is wrong.
    pub message: String,
    /// What was expected.
    pub expected: Option<String>,
}

/// A standard's identity.
#[derive(Debug, Clone, Serialize)]
pub struct StandardRef {
    /// Its id.
    pub id: String,
    /// Its version.
    pub version: String,
    /// Its title.
    pub title: String,
    /// The name it is published under (`GB/T 27922-2011`), if it is a published standard.
    pub designation: Option<String>,
    /// Where its requirements come from.
    pub source: String,
    /// `weighted` or `stages`.
    pub method: Method,
}

/// A rating band.
#[derive(Debug, Clone, Serialize)]
pub struct RatingView {
    /// Stable id: `fail`, `compliant`, `three-star`, `four-star`, `five-star` for gbt27922.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Stars shown.
    pub stars: u8,
    /// The lowest score in the band.
    pub min: f64,
}

/// Where in the process document.
#[derive(Debug, Clone, Serialize)]
pub struct LocationView {
    /// The document's path.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// The YAML path, stable across edits that move lines.
    pub yaml_path: String,
}

/// One line of source around a finding.
#[derive(Debug, Clone, Serialize)]
pub struct SnippetLine {
    /// The line number.
    pub number: u32,
    /// Its text.
    pub text: String,
    /// Whether this is the line the finding points at.
    pub focus: bool,
}

/// An evidence item to prepare.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceView {
    /// Its id in the standard.
    pub id: String,
    /// What it is.
    pub title: String,
}

/// One criterion's result in one document. What the criterion says whatever the document
/// (title, requirement, remediation, evidence…) is its shared [`CriterionText`], read
/// through the finding (`f.title`) and serialized inline for templates.
#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    /// The criterion's texts, shared with every other finding of the criterion in the run.
    #[serde(flatten)]
    pub text: Shared<CriterionText>,
    /// `met`, `partial`, `missing` or `not-applicable`.
    pub status: Status,
    /// The status in words.
    pub status_label: String,
    /// For a gap: `silent` (the document says nothing the criterion looks at) or `short`
    /// (it says something that falls short); null otherwise.
    pub gap: Option<Gap>,
    /// The nature of the gap in words.
    pub gap_label: Option<String>,
    /// The share of what the criterion looks at that the document states, 0–1 (met: 1).
    pub spoken: f64,
    /// Not applicable because there was nothing to check (no entrusted outlets, no
    /// take-back).
    pub vacuous: bool,
    /// Why a vacuous criterion does not apply, in words, with what it concerns.
    pub vacuous_note: Option<String>,
    /// Points earned (deductions: points taken off).
    pub points: f64,
    /// Points it is worth here.
    pub max_points: f64,
    /// Score points closing it would add.
    pub gain: f64,
    /// The nonconformity as an auditor writes it up (gaps only, when the standard gives one).
    pub nonconformity: Option<String>,
    /// One line: title, expected and found.
    pub message: String,
    /// What was expected.
    pub expected: Option<String>,
    /// What the document says.
    pub found: Option<String>,
    /// Where.
    pub location: Option<LocationView>,
    /// The YAML lines around the location.
    pub snippet: Vec<SnippetLine>,
    /// Why it was tailored out, if it was.
    pub tailored: Option<String>,
    /// Whether a scoped legal criterion binds the document, and why (legal criteria
    /// only; boxed, like the waiver: most findings have none, and a view is held until
    /// it is written).
    pub applicability: Option<Box<ApplicabilityView>>,
    /// A stable fingerprint: standard, criterion, document path, YAML path.
    pub fingerprint: String,
    /// The waiver that accepts this gap, if any.
    pub waiver: Option<Box<WaiverView>>,
    /// How this gap compares with the baseline (`new`, `regressed`, `unchanged`), with `--baseline`.
    pub change: Option<crate::policy::baseline::Change>,
    /// How the nature of the gap changed since the baseline (`silent-to-short`,
    /// `short-to-silent`), with `--baseline`.
    pub gap_change: Option<crate::policy::baseline::GapChange>,
}

/// A finding reads as its criterion's texts too: `f.title`, `f.remediation`, `f.kind`.
impl std::ops::Deref for FindingView {
    type Target = CriterionText;
    fn deref(&self) -> &CriterionText {
        &self.text
    }
}

/// Whether a scoped legal criterion binds the document, and why.
#[derive(Debug, Clone, Serialize)]
pub struct ApplicabilityView {
    /// `applies`, `does-not-apply` or `cannot-tell`.
    pub status: crate::evaluate::scope::Binding,
    /// The status in words.
    pub status_label: String,
    /// Why, in the report's language ("furniture is not in the 三包 catalogue").
    pub reason: String,
}

/// A waiver applied to a gap.
#[derive(Debug, Clone, Serialize)]
pub struct WaiverView {
    /// Why the gap is accepted.
    pub justification: String,
    /// Who approved it.
    pub approver: String,
    /// The last day it holds.
    pub expires: String,
    /// Whether it has expired (the gap then counts again).
    pub expired: bool,
}

/// Subtotals of an indicator.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    /// Its id.
    pub id: String,
    /// Its clause.
    pub clause: Option<String>,
    /// Its title.
    pub title: String,
    /// Earned points.
    pub earned: f64,
    /// Applicable points.
    pub applicable: f64,
    /// earned ÷ applicable × 100; null when nothing applies.
    pub percent: Option<f64>,
    /// Whether its weight is assumed.
    pub confidence: Confidence,
}

/// Subtotals of a section.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// Its id.
    pub id: String,
    /// Its clause.
    pub clause: Option<String>,
    /// Its title.
    pub title: String,
    /// Its weight, if stated.
    pub weight: Option<f64>,
    /// Earned points.
    pub earned: f64,
    /// Applicable points.
    pub applicable: f64,
    /// earned ÷ applicable × 100; null when nothing applies.
    pub percent: Option<f64>,
    /// Its indicators.
    pub indicators: Vec<IndicatorView>,
}

/// One step towards the next level: one action.
#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    /// `close-gap`, `remove-deduction` or `earn-bonus`.
    pub kind: ActionKind,
    /// The action in words.
    pub action: String,
    /// The criterion (gap, special deduction or bonus) the action is about.
    pub criterion: String,
    /// Its title.
    pub title: String,
    /// What to do: the criterion's corrective action.
    pub remediation: String,
    /// Further criteria the same action resolves.
    pub also: Vec<String>,
    /// Score points it adds, unrounded.
    pub gain: f64,
    /// Where.
    pub location: Option<LocationView>,
}

/// The shortest path to the next level.
#[derive(Debug, Clone, Serialize)]
pub struct NextLevelView {
    /// The next rating.
    pub rating: RatingView,
    /// Score points missing.
    pub distance: f64,
    /// The fewest actions that reach it.
    pub steps: Vec<StepView>,
    /// False when closing every gap would still not reach it.
    pub reachable: bool,
}

/// Build-out stages.
#[derive(Debug, Clone, Serialize)]
pub struct StagesView {
    /// How many stages are done in order.
    pub reached: usize,
    /// The label of the stage reached ("build-out stage not stated" when not stated).
    pub reached_label: String,
    /// False when the document says nothing any stage looks at.
    pub stated: bool,
    /// Criteria met in a later stage while an earlier one is open.
    pub claimed_early: Vec<String>,
    /// The next items to do.
    pub next_items: Vec<String>,
}

/// The gate's verdict.
#[derive(Debug, Clone, Serialize)]
pub struct GateView {
    /// Whether the document reaches the gate.
    pub passed: bool,
    /// What the gate requires, in words.
    pub requirement: String,
    /// Why it failed, if it did.
    pub reasons: Vec<String>,
}

/// One document audited against one standard.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// The document's path.
    pub path: String,
    /// The company name.
    pub company: String,
    /// False when the standard as a whole does not apply to this document (its
    /// `applies_if` does not hold, e.g. an online-sales standard for a shop-only company);
    /// the gate then passes and the findings are informative only.
    pub standard_applies: bool,
    /// The standard.
    pub standard: StandardRef,
    /// The final score, 0–100, unrounded (the gate compares this figure).
    pub score: f64,
    /// The score as human-readable reports show it: one decimal, rounded down, so a
    /// score under a threshold is never shown at or above it.
    pub score_shown: String,
    /// The score before deductions and bonus, unrounded.
    pub base_score: f64,
    /// Documentation coverage: the share of applicable points the document speaks to,
    /// 0–1, unrounded; null when no scored criterion applies.
    pub coverage: Option<f64>,
    /// The coverage as shown: a percentage to one decimal ("—" when null).
    pub coverage_shown: String,
    /// Applicable points whose value is assumed.
    pub assumed_points: f64,
    /// "x of the y applicable points rest on assumed point values", when any do.
    pub assumed_line: Option<String>,
    /// Gaps where the document is silent.
    pub gaps_silent: usize,
    /// Gaps where the document states something that falls short.
    pub gaps_short: usize,
    /// Earned points.
    pub earned: f64,
    /// Applicable points.
    pub applicable: f64,
    /// The rating reached.
    pub rating: RatingView,
    /// All rating bands, lowest first.
    pub ratings: Vec<RatingView>,
    /// Whether the deduction count alone fails the audit.
    pub failed_by_deductions: bool,
    /// The gate's verdict.
    pub gate: GateView,
    /// Section and indicator subtotals.
    pub sections: Vec<SectionView>,
    /// Every scored criterion's and special deduction's result (bonus criteria are under `bonus`).
    pub findings: Vec<FindingView>,
    /// Special deductions that fired.
    pub special_deductions: Vec<FindingView>,
    /// Bonus criteria, met or not (only met ones earn points; an unmet bonus is not a gap).
    pub bonus: Vec<FindingView>,
    /// Points taken off by special deductions.
    pub deducted: f64,
    /// Bonus points counted.
    pub bonus_points: f64,
    /// The shortest path to the next level; null at the top.
    pub next_level: Option<NextLevelView>,
    /// Build-out stages (stages method only).
    pub stages: Option<StagesView>,
    /// Counts of gaps by severity.
    pub gap_counts: GapCounts,
    /// True when any point value used is assumed rather than confirmed.
    pub uses_assumed_points: bool,
    /// The scoring method in words.
    pub method_note: String,
    /// The evidence checklist: every evidence item the applicable criteria ask for.
    pub evidence_checklist: Vec<EvidenceView>,
    /// Unrounded figures the workbook's formulas start from; not part of the JSON.
    #[serde(skip)]
    pub exact: Exact,
}

/// Unrounded points and the standard's scoring rules, for formulas that must add up to
/// the score exactly (the view's points are rounded to two decimals).
#[derive(Debug, Clone, Default)]
pub struct Exact {
    /// Per criterion id: points earned and points it is worth, unrounded.
    pub points: std::collections::BTreeMap<String, (f64, f64)>,
    /// Points taken off per special deduction.
    pub deduction_points: f64,
    /// The most bonus points that count.
    pub bonus_cap: f64,
    /// This many special deductions fail the audit whatever the score.
    pub fail_at_deductions: Option<u32>,
}

pub use crate::policy::gate::GapCounts;

/// The most characters of free text from a document or a standard (company name, value
/// found, titles) copied into a view: such text is repeated in every finding and every
/// format, so clipping it keeps a report a bounded multiple of its input. Clipped text
/// ends with an ellipsis and the number of characters left out.
pub const MAX_TEXT_CHARS: usize = 300;

/// The most characters of a finding's `expected` text: written by the standard, but it
/// may name YAML paths and values of the document.
pub const MAX_EXPECTED_CHARS: usize = 2_000;

/// Free text clipped to [`MAX_TEXT_CHARS`].
fn clip(s: &str) -> String {
    crate::yaml::clip(s, MAX_TEXT_CHARS)
}

/// Rounds to two decimals for presentation.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// A score to one decimal, rounded down (after the same tolerance the rating allows,
/// [`crate::score::EPS`]): never above the score, so a score that fails a threshold is
/// never shown at or above it (69.96 is "69.9" beside "fail", not "70.0"), and a score
/// the rating counts as reaching a one-decimal threshold is shown at it.
pub fn score_text(x: f64) -> String {
    format!("{:.1}", ((x + crate::score::EPS) * 10.0).floor() / 10.0)
}

/// A figure to one decimal, rounded as usual (points, gains, percentages).
pub fn one_decimal(x: f64) -> String {
    let s = format!("{x:.1}");
    if s == "-0.0" { "0.0".into() } else { s }
}

/// Points still missing, to one decimal, rounded up: never shown as less than is missing.
pub fn missing_text(x: f64) -> String {
    one_decimal(((x - crate::score::EPS) * 10.0).ceil().max(0.0) / 10.0)
}

/// A share 0–1 as a percentage to one decimal, rounded down ("—" when unknown).
pub fn coverage_text(c: Option<f64>) -> String {
    c.map_or_else(|| "—".into(), |c| format!("{}%", score_text(c * 100.0)))
}

/// What the document says, in the report's language: the one place a finding's `found`
/// text is read, so a change of its type touches one function.
fn found_text(o: &crate::evaluate::Outcome, lang: Lang) -> String {
    o.found.as_ref().map_or_else(
        || t(lang, "missing-value").to_string(),
        |f| clip(f.get(lang)),
    )
}

/// The nature of a gap in words.
pub fn gap_label(gap: Gap, lang: Lang) -> String {
    t(lang, &format!("gap-{}", gap.id())).to_string()
}

/// The line that says how many applicable points rest on assumed values.
fn assumed_line(a: &Audit<'_>, lang: Lang) -> Option<String> {
    (a.assumed_points > crate::score::EPS).then(|| {
        t(lang, "assumed-points")
            .replace("{a}", &one_decimal(a.assumed_points))
            .replace("{n}", &one_decimal(a.applicable))
    })
}

/// What the view needs besides the audit.
pub struct ViewInput<'a> {
    /// The document's path.
    pub path: &'a str,
    /// The document's source, for snippets.
    pub source: &'a str,
    /// The company name.
    pub company: &'a str,
    /// The language.
    pub lang: Lang,
}

fn rating_view(a: &Audit<'_>, i: usize, lang: Lang) -> RatingView {
    let b = &a.standard.standard.ratings[i];
    RatingView {
        id: b.id.value.clone(),
        label: b.label.get(lang).to_string(),
        stars: b.stars,
        min: b.min.value,
    }
}

/// Builds the views of a finished audit: one per standard, in the run's order. The
/// criterion texts are shared within this document only: a run builds its views with
/// [`document_views_in`] and one [`Texts`] table, so they are shared across documents.
pub fn document_views(da: &DocumentAudit<'_>, policy: &Policy, lang: Lang) -> Vec<DocumentView> {
    document_views_in(da, policy, lang, &Texts::new())
}

/// Builds the views of a finished audit, their criterion texts taken from (and kept in)
/// the run's table.
pub fn document_views_in(
    da: &DocumentAudit<'_>,
    policy: &Policy,
    lang: Lang,
    texts: &Texts,
) -> Vec<DocumentView> {
    let input = ViewInput {
        path: &da.document.path,
        source: &da.document.source,
        company: &da.company,
        lang,
    };
    // One line index per file: every snippet of every standard looks its lines up in it.
    let lines = LineIndex::new(input.source);
    da.results
        .iter()
        .map(|r| {
            let shared = texts.of(r.audit.standard, lang);
            document_view(r, &input, &lines, &policy.waivers, &shared)
        })
        .collect()
}

/// The gate's verdict in the reader's language.
fn gate_view(v: &Verdict, lang: Lang) -> GateView {
    GateView {
        passed: v.passed,
        requirement: v
            .requirement
            .iter()
            .map(|t| t.get(lang))
            .collect::<Vec<_>>()
            .join(", "),
        reasons: v.reasons.iter().map(|t| t.get(lang).to_string()).collect(),
    }
}

/// Builds the view of one audit against one standard.
fn document_view(
    r: &StandardResult<'_>,
    input: &ViewInput<'_>,
    lines: &LineIndex,
    waivers: &Waivers,
    texts: &[Shared<CriterionText>],
) -> DocumentView {
    let a = &r.audit;
    let lang = input.lang;
    let s = &a.standard.standard;
    let mut all: Vec<FindingView> = a
        .findings
        .iter()
        .zip(&r.judged.notes)
        .map(|(f, note)| finding_view(a, f, input, lines, note, waivers, &texts[f.rule]))
        .collect();
    if !r.applies {
        // A standard that does not apply to the document has no gaps in any format:
        // every criterion is shown as not applicable, so counts cannot disagree.
        for f in &mut all {
            f.status = Status::NotApplicable;
            f.status_label = status_label(Status::NotApplicable, lang);
            f.gap = None;
            f.gap_label = None;
            f.nonconformity = None;
            f.snippet.clear();
        }
    }
    // Bonus rules come last in rule order, so indices into `findings` (next-level steps,
    // stages) stay those of the audit's findings.
    let (mut bonus, mut findings): (Vec<FindingView>, Vec<FindingView>) =
        all.into_iter().partition(|f| f.kind == RuleKind::Bonus);
    // Partitioning grows each list by doubling; a view lives until it is written, so it
    // keeps no spare room.
    findings.shrink_to_fit();
    bonus.shrink_to_fit();
    let sections = section_views(a, lang);
    let special_deductions = findings
        .iter()
        .filter(|f| f.kind == RuleKind::Deduction && f.status.is_gap())
        .cloned()
        .collect();
    let mut evidence_checklist: Vec<EvidenceView> = Vec::new();
    for f in findings.iter().filter(|f| {
        !matches!(f.status, Status::NotApplicable | Status::Undetermined)
            && f.kind == RuleKind::Scored
    }) {
        for e in &f.evidence {
            if !evidence_checklist.iter().any(|x| x.id == e.id) {
                evidence_checklist.push(e.clone());
            }
        }
    }
    evidence_checklist.sort_by(|x, y| x.id.cmp(&y.id));
    let uses_assumed_points = a.findings.iter().any(|f| {
        f.max > 0.0 && (a.rule(f).confidence == Confidence::Assumed || a.rule(f).weight_assumed)
    });
    let next_level = a
        .next_level
        .as_ref()
        .filter(|_| r.applies)
        .map(|n| NextLevelView {
            rating: rating_view(a, n.rating, lang),
            distance: n.distance,
            steps: n
                .steps
                .iter()
                .map(|st| step_view(st, &findings, &bonus, a.findings.len(), lang))
                .collect(),
            reachable: n.reachable,
        });
    DocumentView {
        path: input.path.to_string(),
        company: clip(input.company),
        standard_applies: r.applies,
        standard: StandardRef {
            id: s.id.value.clone(),
            version: s.version.clone(),
            title: s.title.get(lang).to_string(),
            designation: s.designation.clone(),
            source: in_script(lang, &s.source).to_string(),
            method: s.scoring.method,
        },
        score: a.score,
        score_shown: score_text(a.score),
        base_score: a.base_score,
        coverage: a.coverage,
        coverage_shown: coverage_text(a.coverage),
        assumed_points: a.assumed_points,
        assumed_line: assumed_line(a, lang),
        gaps_silent: count_gap(&findings, r.applies, Gap::Silent),
        gaps_short: count_gap(&findings, r.applies, Gap::Short),
        earned: a.earned,
        applicable: a.applicable,
        rating: current_rating(a, lang),
        ratings: (0..s.ratings.len())
            .map(|i| rating_view(a, i, lang))
            .collect(),
        failed_by_deductions: a.failed_by_deductions,
        gate: unstated_gate(a, gate_view(&r.judged.verdict, lang), lang),
        sections,
        special_deductions,
        bonus: bonus.clone(),
        deducted: round2(a.deducted),
        bonus_points: round2(a.bonus),
        next_level,
        stages: a.stages.as_ref().map(|st| StagesView {
            reached: st.reached,
            reached_label: stage_label(a, st, lang),
            stated: st.stated,
            claimed_early: st
                .claimed_early
                .iter()
                .map(|i| findings[*i].criterion.clone())
                .collect(),
            next_items: st
                .next_items
                .iter()
                .map(|i| findings[*i].criterion.clone())
                .collect(),
        }),
        findings,
        gap_counts: r.judged.gaps.clone(),
        uses_assumed_points,
        method_note: method_note(a, lang),
        evidence_checklist,
        exact: Exact {
            points: a
                .findings
                .iter()
                .map(|f| (a.rule(f).id.clone(), (f.earned, f.max)))
                .collect(),
            deduction_points: s.scoring.deduction_points,
            bonus_cap: s.scoring.bonus_cap,
            fail_at_deductions: s.scoring.fail_at_deductions,
        },
    }
}

/// Gaps of one nature, as [`super::gaps`] counts them (none when the standard does not
/// apply).
fn count_gap(findings: &[FindingView], applies: bool, gap: Gap) -> usize {
    findings
        .iter()
        .filter(|f| applies && f.status.is_gap() && f.kind != RuleKind::Bonus)
        .filter(|f| f.gap == Some(gap))
        .count()
}

/// The rating reached; for a build-out whose stage is not stated, the lowest band is
/// named "build-out stage not stated" rather than "no stage done" (its id is kept).
fn current_rating(a: &Audit<'_>, lang: Lang) -> RatingView {
    let mut r = rating_view(a, a.rating, lang);
    if let Some(st) = a.stages.as_ref().filter(|st| !st.stated) {
        r.label = stage_label(a, st, lang);
    }
    r
}

/// The gate's reasons name the rating reached; for a build-out whose stage is not
/// stated they name it as such, like the rest of the report.
fn unstated_gate(a: &Audit<'_>, mut gate: GateView, lang: Lang) -> GateView {
    if let Some(st) = a.stages.as_ref().filter(|st| !st.stated) {
        let band = rating_view(a, a.rating, lang).label;
        let said = stage_label(a, st, lang);
        for r in &mut gate.reasons {
            *r = r.replace(&band, &said);
        }
    }
    gate
}

/// The stage reached, in words.
fn stage_label(a: &Audit<'_>, st: &crate::score::Stages, lang: Lang) -> String {
    if !st.stated {
        return t(lang, "stage-not-stated").to_string();
    }
    let last = a.standard.standard.ratings.len().saturating_sub(1);
    rating_view(a, st.reached.min(last), lang).label
}

/// One step of the next-level plan, in words. Bonus findings are kept apart from the
/// others in the view, after them in rule order: `scored` indices below `split` point
/// into `findings`, the rest into `bonus`.
fn step_view(
    st: &Step,
    findings: &[FindingView],
    bonus: &[FindingView],
    total: usize,
    lang: Lang,
) -> StepView {
    let split = total - bonus.len();
    let at = |i: usize| {
        if i < split {
            findings.get(i)
        } else {
            bonus.get(i - split)
        }
    };
    let f = at(st.finding);
    let id = match st.kind {
        ActionKind::CloseGap => "close-gap",
        ActionKind::RemoveDeduction => "remove-deduction",
        ActionKind::EarnBonus => "earn-bonus",
    };
    StepView {
        kind: st.kind,
        action: t(lang, &format!("action-{id}")).to_string(),
        criterion: f.map(|f| f.criterion.clone()).unwrap_or_default(),
        title: f.map(|f| f.title.clone()).unwrap_or_default(),
        remediation: f.map(|f| f.remediation.clone()).unwrap_or_default(),
        also: st
            .also
            .iter()
            .filter_map(|i| at(*i).map(|f| f.criterion.clone()))
            .collect(),
        gain: st.gain,
        location: f.and_then(|f| f.location.clone()),
    }
}

fn method_note(a: &Audit<'_>, lang: Lang) -> String {
    let sc = &a.standard.standard.scoring;
    if sc.method == Method::Stages {
        let mut note = t(lang, "score-method-stages").to_string();
        if let Some(extra) = &sc.note {
            note.push(' ');
            note.push_str(extra.get(lang));
        }
        return note;
    }
    let mut note = t(lang, "score-method-weighted")
        .replace("{d}", &crate::yaml::format_number(sc.deduction_points))
        .replace("{b}", &crate::yaml::format_number(sc.bonus_cap));
    if let Some(n) = sc.fail_at_deductions {
        note.push(' ');
        note.push_str(&t(lang, "fail-deductions").replace("{n}", &n.to_string()));
    }
    if let Some(extra) = &sc.note {
        note.push(' ');
        note.push_str(extra.get(lang));
    }
    note
}

fn percent(earned: f64, applicable: f64) -> Option<f64> {
    (applicable > 0.0).then(|| earned / applicable * 100.0)
}

fn section_views(a: &Audit<'_>, lang: Lang) -> Vec<SectionView> {
    a.standard
        .standard
        .sections
        .iter()
        .zip(&a.sections)
        .map(|(sec, sc)| SectionView {
            id: sec.id.value.clone(),
            clause: sec
                .clause
                .as_deref()
                .map(|c| in_script(lang, c).to_string()),
            title: sec.title.get(lang).to_string(),
            weight: sec.weight.as_ref().map(|w| w.value),
            earned: sc.earned,
            applicable: sc.applicable,
            percent: percent(sc.earned, sc.applicable),
            indicators: sec
                .indicators
                .iter()
                .zip(&sc.indicators)
                .map(|(ind, is)| IndicatorView {
                    id: ind.id.value.clone(),
                    clause: ind
                        .clause
                        .as_deref()
                        .map(|c| in_script(lang, c).to_string()),
                    title: ind.title.get(lang).to_string(),
                    earned: is.earned,
                    applicable: is.applicable,
                    percent: percent(is.earned, is.applicable),
                    confidence: ind.confidence,
                })
                .collect(),
        })
        .collect()
}

fn status_label(status: Status, lang: Lang) -> String {
    t(lang, &format!("status-{}", status.id())).to_string()
}

fn finding_view(
    a: &Audit<'_>,
    f: &Finding,
    input: &ViewInput<'_>,
    lines: &LineIndex,
    note: &FindingNote,
    waivers: &Waivers,
    text: &Shared<CriterionText>,
) -> FindingView {
    let lang = input.lang;
    let rule = a.rule(f);
    let expected = f
        .outcome
        .as_ref()
        .map(|o| crate::yaml::clip(o.expected.get(lang), MAX_EXPECTED_CHARS));
    let found = f.outcome.as_ref().map(|o| found_text(o, lang));
    let location = f.outcome.as_ref().map(|o| LocationView {
        path: input.path.to_string(),
        line: o.pos.line,
        column: o.pos.column,
        yaml_path: o.path.clone(),
    });
    let message = match (&expected, &found) {
        (Some(e), Some(fd)) if f.status.is_gap() => format!(
            "{} — {}: {e}; {}: {fd}",
            text.title,
            t(lang, "expected"),
            t(lang, "found")
        ),
        _ => text.title.clone(),
    };
    let gain = if rule.kind == RuleKind::Scored && a.applicable > 0.0 {
        round2((f.max - f.earned) / a.applicable * 100.0)
    } else {
        0.0
    };
    let gap = f.gap.filter(|_| f.status.is_gap());
    FindingView {
        text: text.clone(),
        status: f.status,
        status_label: status_label(f.status, lang),
        gap,
        gap_label: gap.map(|g| gap_label(g, lang)),
        spoken: f.spoken,
        vacuous: f.vacuous,
        vacuous_note: f
            .vacuous
            .then(|| t(lang, "vacuous").replace("{e}", expected.as_deref().unwrap_or("—"))),
        points: round2(if rule.kind == RuleKind::Deduction && f.status.is_gap() {
            rule.max_points
        } else {
            f.earned
        }),
        max_points: round2(f.max),
        gain,
        nonconformity: text
            .nonconformity_text
            .clone()
            .filter(|_| f.status.is_gap()),
        message,
        expected,
        found,
        snippet: f
            .outcome
            .as_ref()
            .filter(|_| f.status.is_gap())
            .map(|o| snippet(input.source, lines, o.pos.line, 2))
            .unwrap_or_default(),
        location,
        tailored: f.tailored.as_deref().map(clip),
        applicability: f.applicability.as_ref().map(|a| {
            Box::new(ApplicabilityView {
                status: a.status,
                status_label: t(lang, &format!("applicability-{}", a.status.id())).to_string(),
                reason: clip(a.reason.get(lang)),
            })
        }),
        fingerprint: note.fingerprint.clone(),
        waiver: note
            .waiver
            .map(|i| Box::new(waiver_view(&waivers.list[i], note.waiver_expired))),
        change: note.change,
        gap_change: note.gap_change,
    }
}

fn waiver_view(w: &ActiveWaiver, expired: bool) -> WaiverView {
    WaiverView {
        justification: clip(&w.justification),
        approver: clip(&w.approver),
        expires: w.expires.to_string(),
        expired,
    }
}

/// The lines around a line of the source, found through the source's line index (lines
/// end where the YAML parser ends them: `\n`, `\r\n` or a lone `\r`).
pub fn snippet(source: &str, lines: &LineIndex, line: u32, context: u32) -> Vec<SnippetLine> {
    if line == 0 {
        return Vec::new();
    }
    let first = line.saturating_sub(context).max(1);
    (first..=line.saturating_add(context))
        .map_while(|number| {
            // The empty "line" after a final line break is not shown as context.
            let after_last = number as usize == lines.line_count() && number != line;
            lines
                .text(source, number)
                .filter(|t| !(after_last && t.is_empty()))
                .map(|text| SnippetLine {
                    number,
                    text: crate::yaml::clip(text, 300),
                    focus: number == line,
                })
        })
        .collect()
}

/// The texts a template may need, resolved for the language.
pub fn labels(lang: Lang) -> std::collections::BTreeMap<&'static str, String> {
    crate::i18n::keys()
        .map(|k| (k, t(lang, k).to_string()))
        .collect()
}

/// Converts a text for one language (helper for callers outside this module).
pub fn text(t: &Text, lang: Lang) -> String {
    t.get(lang).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_score_is_never_shown_at_a_threshold_it_fails() {
        assert_eq!(score_text(69.96), "69.9");
        assert_eq!(score_text(69.999_999), "69.9");
        assert_eq!(score_text(70.0), "70.0");
        // Within the tolerance the rating allows, the score reaches the threshold.
        assert_eq!(score_text(70.0 - 1e-12), "70.0");
        assert_eq!(score_text(0.0), "0.0");
        assert_eq!(score_text(100.0), "100.0");
    }

    #[test]
    fn points_missing_are_never_shown_as_less() {
        assert_eq!(missing_text(0.04), "0.1");
        assert_eq!(missing_text(6.83), "6.9");
        assert_eq!(missing_text(7.0), "7.0");
        assert_eq!(missing_text(0.0), "0.0");
    }

    #[test]
    fn coverage_is_a_rounded_down_percentage() {
        assert_eq!(coverage_text(Some(0.9762)), "97.6%");
        assert_eq!(coverage_text(Some(0.4)), "40.0%");
        assert_eq!(coverage_text(None), "—");
    }
}
