//! The JSON report, format 2: a documented wire shape of its own (`docs/json.md`), written
//! document by document.
//!
//! Format 1 serialized the report view as it was, so every finding repeated its
//! criterion's title, requirement, rationale, remediation and evidence titles: a report
//! weighed about 170 KB per document whatever the document. Format 2 writes per document
//! only what depends on the document; what a criterion, a standard or an evidence item
//! says is written once per run, in tables after the documents that findings join by id.
//! The tables are collected as the documents stream by (each document's part carries the
//! shared entries it references, as pointers) and are bounded by the standards, not by
//! the number of documents.

use super::RenderOptions;
use super::stream::{Assemble, Head, Part, Render, Stream, Tail};
use super::view::{
    CriterionText, DocumentView, FindingView, GateView, RatingView, Shared, StagesView, WaiverView,
};
use crate::i18n::{Lang, t};
use crate::score::{ActionKind, Gap, Status};
use crate::standard::load::RuleKind;
use crate::standard::model::{Citation, Confidence, Ground, Method, Severity};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// The value of `format`: what the file is.
pub const FORMAT: &str = "aftercert-report";

/// The value of `format_version`: 2 since criterion texts are written once per run.
pub const FORMAT_VERSION: u32 = 2;

/// The JSON report's stream: documents as they come, then the tables.
pub fn stream(head: &Head, opts: &RenderOptions) -> Stream {
    Stream {
        render: Box::new(Documents {
            pretty: opts.pretty,
        }),
        assemble: Box::new(Report {
            head: head.clone(),
            pretty: opts.pretty,
            started: false,
            documents: 0,
            tables: Tables::default(),
        }),
    }
}

// ---- The wire shape: what one document carries -------------------------------------

/// One document audited against one standard.
#[derive(Serialize)]
struct Document<'a> {
    path: &'a str,
    company: &'a str,
    standard: &'a str,
    standard_applies: bool,
    score: f64,
    score_shown: &'a str,
    base_score: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    coverage: Option<f64>,
    coverage_shown: &'a str,
    assumed_points: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    assumed_line: Option<&'a str>,
    gaps_silent: usize,
    gaps_short: usize,
    earned: f64,
    applicable: f64,
    rating: &'a RatingView,
    failed_by_deductions: bool,
    gate: &'a GateView,
    sections: Vec<Subtotal<'a>>,
    deducted: f64,
    bonus_points: f64,
    gap_counts: &'a crate::policy::gate::GapCounts,
    uses_assumed_points: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_level: Option<NextLevel<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stages: Option<&'a StagesView>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    evidence_checklist: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    special_deductions: Vec<&'a str>,
    findings: Vec<Finding<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    bonus: Vec<Finding<'a>>,
}

/// A section's or an indicator's subtotal; its title is in the standard's table.
#[derive(Serialize)]
struct Subtotal<'a> {
    id: &'a str,
    earned: f64,
    applicable: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    percent: Option<f64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    indicators: Vec<Subtotal<'a>>,
}

/// The shortest path to the next level.
#[derive(Serialize)]
struct NextLevel<'a> {
    rating: &'a RatingView,
    distance: f64,
    reachable: bool,
    steps: Vec<Step<'a>>,
}

/// One action of the path; its title and remediation are the criterion's, its location
/// that of the document's finding of the criterion (written once, with the finding).
#[derive(Serialize)]
struct Step<'a> {
    kind: ActionKind,
    criterion: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    also: &'a [String],
    gain: f64,
}

/// One criterion's result in one document: what depends on the document only.
#[derive(Serialize)]
struct Finding<'a> {
    criterion: &'a str,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    gap: Option<Gap>,
    spoken: f64,
    #[serde(skip_serializing_if = "is_false")]
    vacuous: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    vacuous_note: Option<&'a str>,
    points: f64,
    max_points: f64,
    gain: f64,
    fingerprint: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Location<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expected: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    found: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tailored: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    applicability: Option<Applicability<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    waiver: Option<&'a WaiverView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    change: Option<crate::policy::baseline::Change>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gap_change: Option<crate::policy::baseline::GapChange>,
}

/// Where a finding is; the path only when it is not the document's own (it almost never
/// is), so a report does not repeat its document's path in every finding.
#[derive(Serialize)]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    line: u32,
    column: u32,
    yaml_path: &'a str,
}

/// Whether a scoped legal criterion binds the document; the status's words are in
/// `labels`.
#[derive(Serialize)]
struct Applicability<'a> {
    status: crate::evaluate::scope::Binding,
    reason: &'a str,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn document(v: &DocumentView) -> Document<'_> {
    let sid = v.standard.id.as_str();
    Document {
        path: &v.path,
        company: &v.company,
        standard: sid,
        standard_applies: v.standard_applies,
        score: v.score,
        score_shown: &v.score_shown,
        base_score: v.base_score,
        coverage: v.coverage,
        coverage_shown: &v.coverage_shown,
        assumed_points: v.assumed_points,
        assumed_line: v.assumed_line.as_deref(),
        gaps_silent: v.gaps_silent,
        gaps_short: v.gaps_short,
        earned: v.earned,
        applicable: v.applicable,
        rating: &v.rating,
        failed_by_deductions: v.failed_by_deductions,
        gate: &v.gate,
        sections: v
            .sections
            .iter()
            .map(|s| Subtotal {
                id: &s.id,
                earned: s.earned,
                applicable: s.applicable,
                percent: s.percent,
                indicators: s
                    .indicators
                    .iter()
                    .map(|i| Subtotal {
                        id: &i.id,
                        earned: i.earned,
                        applicable: i.applicable,
                        percent: i.percent,
                        indicators: Vec::new(),
                    })
                    .collect(),
            })
            .collect(),
        deducted: v.deducted,
        bonus_points: v.bonus_points,
        gap_counts: &v.gap_counts,
        uses_assumed_points: v.uses_assumed_points,
        next_level: v.next_level.as_ref().map(|n| NextLevel {
            rating: &n.rating,
            distance: n.distance,
            reachable: n.reachable,
            steps: n
                .steps
                .iter()
                .map(|s| Step {
                    kind: s.kind,
                    criterion: &s.criterion,
                    also: &s.also,
                    gain: s.gain,
                })
                .collect(),
        }),
        stages: v.stages.as_ref(),
        evidence_checklist: v
            .evidence_checklist
            .iter()
            .map(|e| evidence_key(sid, &e.id))
            .collect(),
        special_deductions: v
            .special_deductions
            .iter()
            .map(|f| f.criterion.as_str())
            .collect(),
        findings: v.findings.iter().map(|f| finding(f, &v.path)).collect(),
        bonus: v.bonus.iter().map(|f| finding(f, &v.path)).collect(),
    }
}

fn finding<'a>(f: &'a FindingView, document: &str) -> Finding<'a> {
    Finding {
        criterion: &f.criterion,
        status: f.status,
        gap: f.gap,
        spoken: f.spoken,
        vacuous: f.vacuous,
        vacuous_note: f.vacuous_note.as_deref(),
        points: f.points,
        max_points: f.max_points,
        gain: f.gain,
        fingerprint: &f.fingerprint,
        location: f.location.as_ref().map(|l| Location {
            path: (l.path != document).then_some(l.path.as_str()),
            line: l.line,
            column: l.column,
            yaml_path: &l.yaml_path,
        }),
        expected: f.expected.as_deref(),
        found: f.found.as_deref(),
        tailored: f.tailored.as_deref(),
        applicability: f.applicability.as_ref().map(|a| Applicability {
            status: a.status,
            reason: &a.reason,
        }),
        waiver: f.waiver.as_deref(),
        change: f.change,
        gap_change: f.gap_change,
    }
}

/// An evidence item's key in the `evidence` table: evidence ids are a standard's own
/// (`E17` of one standard is not `E17` of another), so the key is `STANDARD.ID`.
pub fn evidence_key(standard: &str, id: &str) -> String {
    format!("{standard}.{id}")
}

// ---- The tables: what a run says once -----------------------------------------------

/// A standard, as the `standards` table writes it.
#[derive(Serialize)]
struct StandardEntry {
    id: String,
    version: String,
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    designation: Option<String>,
    source: String,
    method: Method,
    method_note: String,
    ratings: Vec<RatingView>,
    sections: Vec<SectionEntry>,
}

/// A section's or an indicator's identity in the `standards` table.
#[derive(Serialize)]
struct SectionEntry {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    clause: Option<String>,
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    weight: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<Confidence>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    indicators: Vec<SectionEntry>,
}

fn standard_entry(v: &DocumentView) -> StandardEntry {
    let s = &v.standard;
    StandardEntry {
        id: s.id.clone(),
        version: s.version.clone(),
        title: s.title.clone(),
        designation: s.designation.clone(),
        source: s.source.clone(),
        method: s.method,
        method_note: v.method_note.clone(),
        ratings: v.ratings.clone(),
        sections: v
            .sections
            .iter()
            .map(|sec| SectionEntry {
                id: sec.id.clone(),
                clause: sec.clause.clone(),
                title: sec.title.clone(),
                weight: sec.weight,
                confidence: None,
                indicators: sec
                    .indicators
                    .iter()
                    .map(|i| SectionEntry {
                        id: i.id.clone(),
                        clause: i.clause.clone(),
                        title: i.title.clone(),
                        weight: None,
                        confidence: Some(i.confidence),
                        indicators: Vec::new(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// A criterion, as the `criteria` table writes it: everything it says whatever the
/// document.
#[derive(Serialize)]
struct CriterionEntry<'a> {
    standard: &'a str,
    kind: RuleKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    clause: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    cites: &'a [Citation],
    #[serde(skip_serializing_if = "Option::is_none")]
    section_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    section: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    indicator: Option<&'a str>,
    title: &'a str,
    severity: Severity,
    #[serde(skip_serializing_if = "is_false")]
    advisory: bool,
    confidence: Confidence,
    requirement: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    nonconformity: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ground: Option<Ground>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    counts_with: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    basis: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    also_counted: Option<&'a str>,
    rationale: &'a str,
    remediation: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    evidence: Vec<String>,
}

fn criterion_entry<'a>(standard: &'a str, c: &'a CriterionText) -> CriterionEntry<'a> {
    CriterionEntry {
        standard,
        kind: c.kind,
        clause: c.clause.as_deref(),
        cites: &c.cites,
        section_id: c.section_id.as_deref(),
        section: c.section.as_deref(),
        indicator: c.indicator.as_deref(),
        title: &c.title,
        severity: c.severity,
        advisory: c.advisory,
        confidence: c.confidence,
        requirement: &c.requirement,
        nonconformity: c.nonconformity_text.as_deref(),
        hint: c.hint.as_deref(),
        ground: c.ground,
        counts_with: &c.counts_with,
        basis: c.basis.as_deref(),
        also_counted: c.also_counted.as_deref(),
        rationale: &c.rationale,
        remediation: &c.remediation,
        evidence: c
            .evidence
            .iter()
            .map(|e| evidence_key(standard, &e.id))
            .collect(),
    }
}

/// An evidence item, as the `evidence` table writes it.
#[derive(Serialize)]
struct EvidenceEntry<'a> {
    standard: &'a str,
    id: &'a str,
    title: &'a str,
}

/// Words for the values of a closed set (`status`, `gap`, `confidence`, `ground`,
/// `applicability`, `action`), by category and value, for the values the report uses.
type Labels = BTreeMap<&'static str, BTreeMap<&'static str, String>>;

/// What one document's part references in the run's tables: pointers to shared texts,
/// and its standards' entries.
#[derive(Default)]
struct Refs {
    standards: Vec<StandardEntry>,
    criteria: Vec<(String, Shared<CriterionText>)>,
    labels: Vec<(&'static str, &'static str)>,
}

/// The run's tables, each entry kept the first time a document references it.
#[derive(Default)]
struct Tables {
    standards: BTreeMap<String, StandardEntry>,
    criteria: BTreeMap<String, (String, Shared<CriterionText>)>,
    labels: std::collections::BTreeSet<(&'static str, &'static str)>,
}

impl Tables {
    fn add(&mut self, refs: Refs) {
        for s in refs.standards {
            self.standards.entry(s.id.clone()).or_insert(s);
        }
        for (standard, c) in refs.criteria {
            self.criteria
                .entry(c.criterion.clone())
                .or_insert((standard, c));
        }
        self.labels.extend(refs.labels);
    }
}

/// What a document references, for the tables.
fn refs(views: &[DocumentView]) -> Refs {
    let mut r = Refs::default();
    for v in views {
        r.standards.push(standard_entry(v));
        let all = v.findings.iter().chain(&v.bonus);
        for f in all {
            r.criteria.push((v.standard.id.clone(), f.text.clone()));
            r.labels.push(("status", f.status.id()));
            r.labels.push(("confidence", f.confidence.id()));
            if let Some(g) = f.gap {
                r.labels.push(("gap", g.id()));
            }
            if let Some(g) = f.ground {
                r.labels.push(("ground", super::view::ground_id(g)));
            }
            if let Some(a) = &f.applicability {
                r.labels.push(("applicability", a.status.id()));
            }
        }
        for s in v.next_level.iter().flat_map(|n| &n.steps) {
            r.labels.push(("action", action_id(s.kind)));
        }
    }
    r.labels.sort_unstable();
    r.labels.dedup();
    r
}

fn action_id(kind: ActionKind) -> &'static str {
    match kind {
        ActionKind::CloseGap => "close-gap",
        ActionKind::RemoveDeduction => "remove-deduction",
        ActionKind::EarnBonus => "earn-bonus",
    }
}

/// The words of a label, as the views say them.
fn label(lang: Lang, category: &str, id: &str) -> String {
    let key = match category {
        "confidence" => id.to_string(),
        _ => format!("{category}-{id}"),
    };
    t(lang, &key).to_string()
}

// ---- Writing ---------------------------------------------------------------------------

/// Renders each document's entries, on the workers.
struct Documents {
    pretty: bool,
}

impl Render for Documents {
    fn part(&self, views: &[DocumentView]) -> anyhow::Result<Part> {
        let mut bytes = Vec::new();
        for (i, v) in views.iter().enumerate() {
            if i > 0 {
                bytes.extend_from_slice(separator(self.pretty, DOCUMENT_DEPTH));
            }
            value(&mut bytes, &document(v), self.pretty, DOCUMENT_DEPTH)?;
        }
        Ok(Part {
            bytes,
            extra: Some(Box::new(refs(views))),
        })
    }
}

/// How deep a document's object is: in the `documents` array of the report object.
const DOCUMENT_DEPTH: usize = 2;

/// The separator before an element of an array or an object's member at a depth.
fn separator(pretty: bool, depth: usize) -> &'static [u8] {
    const PRETTY: &[&[u8]] = &[b",\n", b",\n  ", b",\n    "];
    if pretty { PRETTY[depth] } else { b"," }
}

/// The line break and indentation before the first element at a depth.
fn opening(pretty: bool, depth: usize) -> &'static [u8] {
    const PRETTY: &[&[u8]] = &[b"\n", b"\n  ", b"\n    "];
    if pretty { PRETTY[depth] } else { b"" }
}

/// Writes a value as the element of an array or the value of a member at a depth: pretty
/// output is indented as `serde_json`'s pretty printer would at that depth (a line break
/// is always structure in JSON output: strings escape theirs).
fn value<T: Serialize>(
    out: &mut Vec<u8>,
    v: &T,
    pretty: bool,
    depth: usize,
) -> serde_json::Result<()> {
    if !pretty {
        return serde_json::to_writer(out, v);
    }
    let text = serde_json::to_vec_pretty(v)?;
    let indent = &b"        "[..2 * depth];
    for (i, line) in text.split(|b| *b == b'\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
            out.extend_from_slice(indent);
        }
        out.extend_from_slice(line);
    }
    Ok(())
}

/// Writes the report's object around the documents' parts, then its tables.
struct Report {
    head: Head,
    pretty: bool,
    started: bool,
    documents: usize,
    tables: Tables,
}

/// The report's head, before the documents.
#[derive(Serialize)]
struct HeadFields<'a> {
    format: &'static str,
    format_version: u32,
    tool_version: &'a str,
    as_of: &'a str,
    lang: Lang,
}

impl Report {
    /// Writes one member of the report's object (`"key": value`), after the head.
    fn member<T: Serialize>(&self, out: &mut Vec<u8>, key: &str, v: &T) -> io::Result<()> {
        out.extend_from_slice(separator(self.pretty, 1));
        serde_json::to_writer(&mut *out, key)?;
        out.extend_from_slice(if self.pretty { b": " } else { b":" });
        value(out, v, self.pretty, 1)?;
        Ok(())
    }

    /// The head of the report, up to the opening of `documents`.
    fn start(&mut self, w: &mut dyn Write) -> io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        let head = HeadFields {
            format: FORMAT,
            format_version: FORMAT_VERSION,
            tool_version: &self.head.tool_version,
            as_of: &self.head.as_of,
            lang: self.head.lang,
        };
        let mut out = Vec::new();
        value(&mut out, &head, self.pretty, 0)?;
        out.pop(); // the head's closing brace: the report goes on
        if self.pretty {
            out.pop(); // and the line break before it
        }
        out.extend_from_slice(separator(self.pretty, 1));
        out.extend_from_slice(if self.pretty {
            b"\"documents\": ["
        } else {
            b"\"documents\":["
        });
        w.write_all(&out)
    }

    /// The tables, as their members of the report's object.
    fn tables(&self, out: &mut Vec<u8>) -> io::Result<()> {
        let lang = self.head.lang;
        self.member(out, "standards", &self.tables.standards)?;
        let criteria: BTreeMap<&str, CriterionEntry<'_>> = self
            .tables
            .criteria
            .iter()
            .map(|(id, (standard, c))| (id.as_str(), criterion_entry(standard, c)))
            .collect();
        self.member(out, "criteria", &criteria)?;
        let mut evidence: BTreeMap<String, EvidenceEntry<'_>> = BTreeMap::new();
        for (standard, c) in self.tables.criteria.values() {
            for e in &c.evidence {
                evidence
                    .entry(evidence_key(standard, &e.id))
                    .or_insert(EvidenceEntry {
                        standard,
                        id: &e.id,
                        title: &e.title,
                    });
            }
        }
        self.member(out, "evidence", &evidence)?;
        let mut labels = Labels::new();
        for (category, id) in &self.tables.labels {
            labels
                .entry(category)
                .or_default()
                .insert(id, label(lang, category, id));
        }
        self.member(out, "labels", &labels)
    }
}

impl Assemble for Report {
    fn push(&mut self, mut part: Part, w: &mut dyn Write) -> io::Result<()> {
        self.start(w)?;
        if let Some(refs) = part.take_extra::<Refs>() {
            self.tables.add(refs);
        }
        if part.bytes.is_empty() {
            return Ok(());
        }
        w.write_all(if self.documents == 0 {
            opening(self.pretty, DOCUMENT_DEPTH)
        } else {
            separator(self.pretty, DOCUMENT_DEPTH)
        })?;
        self.documents += 1;
        w.write_all(&part.bytes)
    }

    fn finish(&mut self, tail: Tail<'_>, w: &mut dyn Write) -> io::Result<()> {
        self.start(w)?;
        let mut out = Vec::new();
        if self.documents > 0 {
            out.extend_from_slice(opening(self.pretty, 1));
        }
        out.push(b']');
        self.tables(&mut out)?;
        self.member(&mut out, "errors", &tail.errors)?;
        self.member(&mut out, "warnings", &tail.warnings)?;
        out.extend_from_slice(opening(self.pretty, 0));
        out.extend_from_slice(b"}\n");
        w.write_all(&out)
    }
}
