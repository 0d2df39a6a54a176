//! The client edition of the HTML and Markdown reports: what a consultant hands over.
//!
//! The technical edition shows every criterion as the tool sees it (ids, expected and
//! found, YAML excerpts). A client reads findings in an auditor's words, in the order a
//! certification meeting takes them: the summary, breaches of law and special
//! deductions, gaps by priority, the plan to the next level, one evidence checklist,
//! and what is met in an appendix. This module regroups the [`RunView`] that way —
//! per document, across all its standards — so the templates stay declarative. Rule ids
//! appear only as cross-references, which templates print in small type.

use super::view::{DocumentView, FindingView, LocationView, RunView};
use crate::i18n::{Lang, t};
use crate::score::Status;
use crate::standard::load::RuleKind;
use crate::standard::model::Severity;
use serde::Serialize;

/// Which edition of the HTML and Markdown reports to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Edition {
    /// For the company: findings in plain words, one evidence checklist, met items condensed.
    #[default]
    Client,
    /// For the document's author and the tool's users: every criterion with ids, expected
    /// and found, and excerpts of the document.
    Technical,
}

/// The templates of the client edition.
pub const HTML_TEMPLATE: &str = "report-client.html.j2";
/// The Markdown template of the client edition.
pub const MD_TEMPLATE: &str = "report-client.md.j2";

/// The priorities gaps are listed under, most urgent first.
const PRIORITIES: [Severity; 4] = [
    Severity::Blocking,
    Severity::Major,
    Severity::Minor,
    Severity::Advisory,
];

/// One process document audited against every standard of the run.
#[derive(Debug, Serialize)]
pub struct ClientDoc {
    /// The company, named once.
    pub company: String,
    /// The document's path.
    pub path: String,
    /// One summary line per standard.
    pub standards: Vec<StandardSummary>,
    /// Breaches of law and special deductions, across the standards.
    pub deductions: Vec<Item>,
    /// Gaps by priority, blocking first; empty priorities are left out.
    pub priorities: Vec<Priority>,
    /// The plan to the next level, per standard that has one.
    pub plans: Vec<Plan>,
    /// Evidence to prepare, merged across the standards.
    pub checklist: Vec<Evidence>,
    /// Met criteria, one line each.
    pub met: Vec<Line>,
    /// Criteria that do not apply or were tailored out, one line each.
    pub not_applicable: Vec<Line>,
    /// Bonus points earned.
    pub bonus: Vec<Line>,
    /// The scoring methods of the standards, each once.
    pub methods: Vec<String>,
    /// Lines on assumed point values, each once.
    pub assumed: Vec<String>,
    /// Totals of gaps across the standards.
    pub gaps_total: usize,
    /// Gaps where the document is silent, across the standards.
    pub gaps_silent: usize,
    /// Gaps where the document falls short, across the standards.
    pub gaps_short: usize,
    /// Whether every standard's gate passed.
    pub passed: bool,
}

/// A standard's result in one line of the summary.
#[derive(Debug, Serialize)]
pub struct StandardSummary {
    /// The published name and title: "GB/T 27922-2011 商品售后服务评价体系".
    pub name: String,
    /// The score as shown (one decimal, rounded down).
    pub score: String,
    /// The rating or stage reached.
    pub level: String,
    /// Stars of the rating.
    pub stars: u8,
    /// Documentation coverage as shown.
    pub coverage: String,
    /// The gate in plain words.
    pub gate: String,
    /// Whether the gate passed.
    pub passed: bool,
    /// Whether the standard applies to the document at all.
    pub applies: bool,
    /// Points taken off by special deductions.
    pub deducted: f64,
    /// Bonus points counted.
    pub bonus: f64,
    /// Gaps where the document is silent.
    pub silent: usize,
    /// Gaps where it falls short.
    pub short: usize,
    /// Whether some of its points are assumed (the summary marks the score).
    pub assumed: bool,
}

/// Gaps of one priority.
#[derive(Debug, Serialize)]
pub struct Priority {
    /// `blocking`, `major`, `minor` or `advisory`.
    pub severity: &'static str,
    /// Its heading.
    pub label: String,
    /// The findings.
    pub items: Vec<Item>,
}

/// A finding in plain language.
#[derive(Debug, Serialize)]
pub struct Item {
    /// The standard's published name (shown when the run has several standards).
    pub standard: String,
    /// The clause, if any.
    pub clause: Option<String>,
    /// The criterion's title.
    pub title: String,
    /// The requirement.
    pub requirement: String,
    /// The nonconformity as an auditor writes it, if the standard gives one.
    pub nonconformity: Option<String>,
    /// What the document says.
    pub found: Option<String>,
    /// What to do (Markdown).
    pub remediation: String,
    /// Evidence to show.
    pub evidence: Vec<String>,
    /// Where in the document: `path:line`.
    pub location: Option<String>,
    /// The nature of the gap in words.
    pub gap_label: Option<String>,
    /// Whether the document is silent on it (then "found" adds nothing to the
    /// nonconformity and is left out).
    pub silent: bool,
    /// The priority in words.
    pub severity_label: String,
    /// Points it costs (special deductions) or points it would add (gaps).
    pub points: f64,
    /// The ground of a special deduction in words (law, own rules, …).
    pub ground: Option<String>,
    /// Whether it is a breach of law.
    pub law: bool,
    /// "Also counted under …".
    pub also_counted: Option<String>,
    /// A waiver that accepts it, in words.
    pub waiver: Option<String>,
    /// The rule id, for the small cross-reference only.
    pub xref: String,
}

/// The plan to a standard's next level.
#[derive(Debug, Serialize)]
pub struct Plan {
    /// The standard's name.
    pub standard: String,
    /// The next level's label.
    pub level: String,
    /// Points missing, as shown (rounded up).
    pub distance: String,
    /// False when closing every gap would not reach it.
    pub reachable: bool,
    /// The steps.
    pub steps: Vec<PlanStep>,
}

/// One action of a plan.
#[derive(Debug, Serialize)]
pub struct PlanStep {
    /// The kind of action in words.
    pub action: String,
    /// The criterion's title.
    pub title: String,
    /// The clause.
    pub clause: Option<String>,
    /// What to do (Markdown).
    pub remediation: String,
    /// Points it adds.
    pub gain: f64,
    /// Further findings the same action resolves, as clause and title.
    pub also: Vec<String>,
    /// The rule id, for the cross-reference.
    pub xref: String,
}

/// An evidence item, once for the whole document.
#[derive(Debug, Serialize)]
pub struct Evidence {
    /// What it is.
    pub title: String,
    /// The clauses that need it, in words ("GB/T 27922-2011 5.2.1 服务承诺").
    pub needed_by: Vec<String>,
    /// Whether one of them is a gap.
    pub for_gap: bool,
}

/// A condensed line of the appendix.
#[derive(Debug, Serialize)]
pub struct Line {
    /// The standard's name.
    pub standard: String,
    /// The clause.
    pub clause: Option<String>,
    /// The title.
    pub title: String,
    /// Points earned (met, bonus).
    pub points: f64,
    /// Why it does not apply (not applicable).
    pub reason: Option<String>,
    /// The rule id, for the cross-reference.
    pub xref: String,
}

/// A standard's name as published: its designation and title, or its title alone when
/// it has no designation or the title already carries it.
pub fn published_name(doc: &DocumentView) -> String {
    match &doc.standard.designation {
        Some(d) if !doc.standard.title.contains(d.as_str()) => {
            format!("{d} {}", doc.standard.title)
        }
        _ => doc.standard.title.clone(),
    }
}

/// Groups the run's views by document, in the run's order.
pub fn client_docs(run: &RunView) -> Vec<ClientDoc> {
    let mut paths: Vec<&str> = Vec::new();
    for d in &run.documents {
        if !paths.contains(&d.path.as_str()) {
            paths.push(&d.path);
        }
    }
    paths
        .into_iter()
        .map(|p| {
            let docs: Vec<&DocumentView> = run.documents.iter().filter(|d| d.path == p).collect();
            client_doc(&docs, run.lang)
        })
        .collect()
}

/// One document with every standard it was audited against (its views, in run order).
pub fn client_doc(docs: &[&DocumentView], lang: Lang) -> ClientDoc {
    let standards: Vec<StandardSummary> = docs.iter().map(|d| summary(d, lang)).collect();
    let mut methods: Vec<String> = Vec::new();
    let mut assumed: Vec<String> = Vec::new();
    for d in docs {
        push_once(&mut methods, &d.method_note);
        if let Some(a) = &d.assumed_line {
            push_once(
                &mut assumed,
                &format!("{}{}{a}", published_name(d), colon(lang)),
            );
        }
    }
    ClientDoc {
        company: docs.first().map(|d| d.company.clone()).unwrap_or_default(),
        path: docs.first().map(|d| d.path.clone()).unwrap_or_default(),
        gaps_total: docs.iter().map(|d| d.gap_counts.total).sum(),
        gaps_silent: docs.iter().map(|d| d.gaps_silent).sum(),
        gaps_short: docs.iter().map(|d| d.gaps_short).sum(),
        passed: docs.iter().all(|d| d.gate.passed),
        deductions: docs
            .iter()
            .flat_map(|d| d.special_deductions.iter().map(move |f| item(d, f, lang)))
            .collect(),
        priorities: priorities(docs, lang),
        plans: docs.iter().filter_map(|d| plan(d)).collect(),
        checklist: checklist(docs),
        met: lines(docs, |f| {
            f.kind == RuleKind::Scored && f.status == Status::Met
        }),
        not_applicable: not_applicable(docs),
        bonus: lines(docs, |f| {
            f.kind == RuleKind::Bonus && f.status == Status::Met
        }),
        methods,
        assumed,
        standards,
    }
}

fn push_once(list: &mut Vec<String>, s: &str) {
    if !list.iter().any(|x| x == s) {
        list.push(s.to_string());
    }
}

/// The colon after a label: full-width in Chinese.
fn colon(lang: Lang) -> &'static str {
    if lang.is_chinese() { "：" } else { ": " }
}

fn summary(d: &DocumentView, lang: Lang) -> StandardSummary {
    let gate = if !d.standard_applies {
        t(lang, "standard-not-applicable").to_string()
    } else if d.gate.passed {
        t(lang, "client-gate-passed").replace("{r}", &d.gate.requirement)
    } else {
        let sep = if lang.is_chinese() { "；" } else { "; " };
        t(lang, "client-gate-failed").replace("{r}", &d.gate.reasons.join(sep))
    };
    StandardSummary {
        name: published_name(d),
        score: d.score_shown.clone(),
        level: d
            .stages
            .as_ref()
            .map_or_else(|| d.rating.label.clone(), |s| s.reached_label.clone()),
        stars: d.rating.stars,
        coverage: d.coverage_shown.clone(),
        gate,
        passed: d.gate.passed,
        applies: d.standard_applies,
        deducted: d.deducted,
        bonus: d.bonus_points,
        silent: d.gaps_silent,
        short: d.gaps_short,
        assumed: d.assumed_line.is_some(),
    }
}

fn location(l: &LocationView) -> String {
    if l.line > 0 {
        format!("{}:{}", l.path, l.line)
    } else {
        l.path.clone()
    }
}

fn item(d: &DocumentView, f: &FindingView, lang: Lang) -> Item {
    Item {
        standard: published_name(d),
        clause: f.clause.clone(),
        title: f.title.clone(),
        requirement: f.requirement.clone(),
        nonconformity: f.nonconformity.clone(),
        found: f.found.clone(),
        remediation: f.remediation.clone(),
        evidence: f.evidence.iter().map(|e| e.title.clone()).collect(),
        location: f.location.as_ref().map(location),
        gap_label: f.gap_label.clone(),
        silent: f.gap == Some(crate::score::Gap::Silent),
        severity_label: t(
            lang,
            &format!("severity-{}", super::severity_id(f.severity)),
        )
        .to_string(),
        points: if f.kind == RuleKind::Deduction {
            f.points
        } else {
            f.gain
        },
        ground: f.ground_label.clone(),
        law: f.ground == Some(crate::standard::model::Ground::Law),
        also_counted: f.also_counted.clone(),
        waiver: f.waiver.as_ref().map(|w| {
            t(lang, "client-waiver")
                .replace("{a}", &w.approver)
                .replace("{d}", &super::markdown::format_date(&w.expires, lang))
                .replace("{j}", &w.justification)
        }),
        xref: f.criterion.clone(),
    }
}

fn is_gap(f: &FindingView) -> bool {
    f.kind == RuleKind::Scored && f.status.is_gap()
}

fn priorities(docs: &[&DocumentView], lang: Lang) -> Vec<Priority> {
    PRIORITIES
        .iter()
        .map(|&sev| {
            let id = super::severity_id(sev);
            Priority {
                severity: id,
                label: t(lang, &format!("client-priority-{id}")).to_string(),
                items: docs
                    .iter()
                    .filter(|d| d.standard_applies)
                    .flat_map(|d| {
                        d.findings
                            .iter()
                            .filter(move |f| is_gap(f) && f.severity == sev)
                            .map(move |f| item(d, f, lang))
                    })
                    .collect(),
            }
        })
        .filter(|p| !p.items.is_empty())
        .collect()
}

/// "5.2.1 Title" for a criterion of a document, looked up by id.
fn clause_words(d: &DocumentView, id: &str) -> Option<String> {
    d.findings
        .iter()
        .chain(&d.bonus)
        .find(|f| f.criterion == id)
        .map(|f| match &f.clause {
            Some(c) => format!("{c} {}", f.title),
            None => f.title.clone(),
        })
}

fn plan(d: &DocumentView) -> Option<Plan> {
    let nl = d.next_level.as_ref()?;
    Some(Plan {
        standard: published_name(d),
        level: nl.rating.label.clone(),
        distance: super::view::missing_text(nl.distance),
        reachable: nl.reachable,
        steps: nl
            .steps
            .iter()
            .map(|s| PlanStep {
                action: s.action.clone(),
                title: s.title.clone(),
                clause: d
                    .findings
                    .iter()
                    .chain(&d.bonus)
                    .find(|f| f.criterion == s.criterion)
                    .and_then(|f| f.clause.clone()),
                remediation: s.remediation.clone(),
                gain: s.gain,
                also: s.also.iter().filter_map(|c| clause_words(d, c)).collect(),
                xref: s.criterion.clone(),
            })
            .collect(),
    })
}

/// One checklist for the document: an item asked for by several criteria or standards
/// (the same words) is listed once, with every clause that needs it.
fn checklist(docs: &[&DocumentView]) -> Vec<Evidence> {
    let mut out: Vec<Evidence> = Vec::new();
    let several = docs.len() > 1;
    for d in docs.iter().filter(|d| d.standard_applies) {
        let name = match &d.standard.designation {
            _ if !several => String::new(),
            Some(x) => format!("{x} "),
            None => format!("{} ", d.standard.title),
        };
        let needing = d.findings.iter().filter(|f| {
            f.kind == RuleKind::Scored
                && !matches!(f.status, Status::NotApplicable | Status::Undetermined)
        });
        for f in needing {
            let clause = match &f.clause {
                Some(c) => format!("{name}{c} {}", f.title),
                None => format!("{name}{}", f.title),
            };
            for e in &f.evidence {
                let at = match out.iter().position(|x| x.title == e.title) {
                    Some(i) => i,
                    None => {
                        out.push(Evidence {
                            title: e.title.clone(),
                            needed_by: Vec::new(),
                            for_gap: false,
                        });
                        out.len() - 1
                    }
                };
                let entry = &mut out[at];
                entry.for_gap |= f.status.is_gap();
                if !entry.needed_by.contains(&clause) {
                    entry.needed_by.push(clause.clone());
                }
            }
        }
    }
    // Items a gap needs first: they are what the auditor will ask about.
    out.sort_by_key(|e| !e.for_gap);
    out
}

fn lines(docs: &[&DocumentView], keep: impl Fn(&FindingView) -> bool) -> Vec<Line> {
    docs.iter()
        .filter(|d| d.standard_applies)
        .flat_map(|d| {
            d.findings
                .iter()
                .chain(
                    d.bonus
                        .iter()
                        .filter(|b| !d.findings.iter().any(|f| f.criterion == b.criterion)),
                )
                .filter(|f| keep(f))
                .map(move |f| Line {
                    standard: published_name(d),
                    clause: f.clause.clone(),
                    title: f.title.clone(),
                    points: f.points,
                    reason: None,
                    xref: f.criterion.clone(),
                })
        })
        .collect()
}

fn not_applicable(docs: &[&DocumentView]) -> Vec<Line> {
    docs.iter()
        .flat_map(|d| {
            d.findings
                .iter()
                .filter(|f| {
                    f.kind != RuleKind::Bonus
                        && (matches!(f.status, Status::NotApplicable | Status::Undetermined)
                            || f.tailored.is_some())
                })
                .map(move |f| Line {
                    standard: published_name(d),
                    clause: f.clause.clone(),
                    title: f.title.clone(),
                    points: 0.0,
                    reason: f
                        .tailored
                        .clone()
                        .or_else(|| f.applicability.as_ref().map(|a| a.reason.clone()))
                        .or_else(|| f.vacuous_note.clone()),
                    xref: f.criterion.clone(),
                })
        })
        .collect()
}
