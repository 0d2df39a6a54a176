//! The SARIF log as typed structs, and how a gap, a criterion and a diagnostic become one.
//!
//! Serializing structs instead of building a `serde_json::Value` lets each result be
//! written on the worker that audited its document, without a map per object. Fields are
//! declared in alphabetical order of their JSON names — the order the log has always had
//! (a `Value` map sorts its keys) — so the log is the same bytes as before; keys that were
//! left out stay left out (`skip_serializing_if`), and keys that were `null` stay `null`.

use super::super::view::{DocumentView, ErrorView, FindingView, SnippetLine};
use super::{FINGERPRINT_KEY, SCHEMA, level, rule_name, uri::artifact_uri};
use crate::policy::baseline::{Change, GapChange};
use crate::score::{Gap, Status};
use crate::standard::load::RuleKind;
use crate::standard::model::{Citation, Confidence, Severity};
use serde::Serialize;
use std::borrow::Cow;

/// The whole log: one run.
#[derive(Serialize)]
pub struct Log<'a> {
    #[serde(rename = "$schema")]
    pub schema: &'static str,
    pub runs: [Run<'a>; 1],
    pub version: &'static str,
}

impl<'a> Log<'a> {
    /// A log of one run.
    pub fn of(run: Run<'a>) -> Self {
        Log {
            schema: SCHEMA,
            runs: [run],
            version: "2.1.0",
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Run<'a> {
    pub column_kind: &'static str,
    pub invocations: [Invocation<'a>; 1],
    pub properties: RunProperties<'a>,
    pub results: Vec<SarifResult<'a>>,
    pub tool: Tool<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunProperties<'a> {
    pub as_of: &'a str,
    pub lang: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub results_kept: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub results_total: Option<usize>,
}

#[derive(Serialize)]
pub struct Tool<'a> {
    pub driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Driver<'a> {
    pub name: &'static str,
    pub rules: Vec<Rule<'a>>,
    pub semantic_version: &'a str,
    pub version: &'a str,
}

impl<'a> Run<'a> {
    /// A run whose results and rules are given.
    pub fn new(head: RunHead<'a>, results: Vec<SarifResult<'a>>, rules: Vec<Rule<'a>>) -> Self {
        Run {
            column_kind: "unicodeCodePoints",
            invocations: [head.invocation],
            properties: head.properties,
            results,
            tool: Tool {
                driver: Driver {
                    name: "aftercert",
                    rules,
                    semantic_version: head.tool_version,
                    version: head.tool_version,
                },
            },
        }
    }
}

/// What a run says besides its results and rules.
pub struct RunHead<'a> {
    pub tool_version: &'a str,
    pub invocation: Invocation<'a>,
    pub properties: RunProperties<'a>,
}

/// The run's invocation: its errors and warnings, and whether results were left out
/// (`Some((total, kept))`).
pub fn run_head<'a>(
    head: &'a super::super::stream::Head,
    errors: &'a [ErrorView],
    warnings: &'a [ErrorView],
    truncated: Option<(usize, usize)>,
) -> RunHead<'a> {
    let mut notes: Vec<Notification<'a>> = errors
        .iter()
        .map(|e| notification(e, "error"))
        .chain(warnings.iter().map(|e| notification(e, "warning")))
        .collect();
    if let Some((total, kept)) = truncated {
        notes.push(truncation_note(total, kept));
    }
    RunHead {
        tool_version: &head.tool_version,
        invocation: Invocation {
            execution_successful: errors.is_empty(),
            tool_execution_notifications: notes,
        },
        properties: RunProperties {
            as_of: &head.as_of,
            lang: head.lang.id(),
            results_kept: truncated.map(|(_, kept)| kept),
            results_total: truncated.map(|(total, _)| total),
        },
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Invocation<'a> {
    pub execution_successful: bool,
    pub tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Serialize)]
pub struct Notification<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub descriptor: Option<Descriptor>,
    pub level: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locations: Option<[Location<'a>; 1]>,
    pub message: Message<'a>,
    pub properties: NotificationProperties<'a>,
}

#[derive(Serialize)]
pub struct Descriptor {
    pub id: &'static str,
}

#[derive(Serialize)]
#[serde(untagged)]
pub enum NotificationProperties<'a> {
    Diagnostic {
        code: &'a str,
        expected: &'a Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    Truncation {
        results_kept: usize,
        results_total: usize,
    },
}

/// A file that could not be audited, or another diagnostic of the run.
fn notification<'a>(e: &'a ErrorView, level: &'static str) -> Notification<'a> {
    let region = (e.line > 0).then(|| Region {
        start_column: e.column.max(1),
        start_line: e.line,
    });
    Notification {
        descriptor: None,
        level,
        locations: Some([Location {
            logical_locations: None,
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: artifact_uri(&e.path),
                },
                context_region: None,
                region,
            },
        }]),
        message: Message {
            text: Cow::Owned(sentence(&format!("[{}] {}", e.code, e.message)).into_owned()),
        },
        properties: NotificationProperties::Diagnostic {
            code: &e.code,
            expected: &e.expected,
        },
    }
}

/// The notification that says results were left out.
fn truncation_note(total: usize, kept: usize) -> Notification<'static> {
    Notification {
        descriptor: Some(Descriptor {
            id: "results-truncated",
        }),
        level: "warning",
        locations: None,
        message: Message {
            text: Cow::Owned(format!(
                "{total} gaps are more than the {kept} results GitHub code scanning accepts in a run; only the {kept} most severe are in this log. The JSON report has them all."
            )),
        },
        properties: NotificationProperties::Truncation {
            results_kept: kept,
            results_total: total,
        },
    }
}

#[derive(Serialize)]
pub struct Message<'a> {
    pub text: Cow<'a, str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logical_locations: Option<[LogicalLocation<'a>; 1]>,
    pub physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogicalLocation<'a> {
    pub fully_qualified_name: &'a str,
    pub kind: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhysicalLocation {
    pub artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_region: Option<ContextRegion>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
}

#[derive(Serialize)]
pub struct ArtifactLocation {
    pub uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Region {
    pub start_column: u32,
    pub start_line: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContextRegion {
    pub end_line: u32,
    pub snippet: Message<'static>,
    pub start_line: u32,
}

/// One gap.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SarifResult<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline_state: Option<&'static str>,
    pub kind: &'static str,
    pub level: &'static str,
    pub locations: [Location<'a>; 1],
    pub message: Message<'a>,
    pub partial_fingerprints: Fingerprints<'a>,
    pub properties: ResultProperties<'a>,
    pub rule_id: &'a str,
    pub rule_index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressions: Option<[Suppression; 1]>,
}

/// The view's fingerprint under [`FINGERPRINT_KEY`].
#[derive(Serialize)]
pub struct Fingerprints<'a> {
    #[serde(rename = "aftercert/v1")]
    pub v1: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultProperties<'a> {
    pub company: &'a str,
    pub coverage: Option<f64>,
    pub expected: &'a Option<String>,
    pub found: &'a Option<String>,
    pub gain: f64,
    pub gap: Option<Gap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap_change: Option<GapChange>,
    pub max_points: f64,
    pub points: f64,
    pub remediation: &'a str,
    pub standard: &'a str,
    pub status: Status,
}

#[derive(Serialize)]
pub struct Suppression {
    pub justification: String,
    pub kind: &'static str,
    pub status: &'static str,
}

/// The result of a gap, pointing at the rule `rule_index`.
pub fn result<'a>(doc: &'a DocumentView, f: &'a FindingView, rule_index: usize) -> SarifResult<'a> {
    const _: () = assert!(matches!(FINGERPRINT_KEY.as_bytes(), b"aftercert/v1"));
    SarifResult {
        baseline_state: f.change.map(|c| match c {
            Change::New => "new",
            Change::Regressed => "updated",
            Change::Unchanged => "unchanged",
        }),
        kind: "fail",
        level: level(f.severity),
        locations: [location(doc, f)],
        message: Message {
            text: sentence(&f.message),
        },
        partial_fingerprints: Fingerprints { v1: &f.fingerprint },
        properties: ResultProperties {
            company: &doc.company,
            coverage: doc.coverage,
            expected: &f.expected,
            found: &f.found,
            gain: f.gain,
            gap: f.gap,
            gap_change: f.gap_change,
            max_points: f.max_points,
            points: f.points,
            remediation: &f.remediation,
            standard: &doc.standard.id,
            status: f.status,
        },
        rule_id: &f.criterion,
        rule_index,
        // Waived gaps are suppressed (accepted).
        suppressions: f.waiver.as_ref().filter(|w| !w.expired).map(|w| {
            [Suppression {
                justification: format!("{} ({}, {})", w.justification, w.approver, w.expires),
                kind: "external",
                status: "accepted",
            }]
        }),
    }
}

/// Ends a message with a full stop, as SARIF's style rules ask.
pub fn sentence(text: &str) -> Cow<'_, str> {
    let t = text.trim_end();
    if t.ends_with(['.', '。', '!', '?', '！', '？']) {
        Cow::Borrowed(t)
    } else {
        Cow::Owned(format!("{t}."))
    }
}

fn location<'a>(doc: &'a DocumentView, f: &'a FindingView) -> Location<'a> {
    let (line, column, yaml_path) = f.location.as_ref().map_or((1, 1, ""), |l| {
        (l.line.max(1), l.column.max(1), l.yaml_path.as_str())
    });
    Location {
        logical_locations: (!yaml_path.is_empty()).then_some([LogicalLocation {
            fully_qualified_name: yaml_path,
            kind: "element",
        }]),
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: artifact_uri(&doc.path),
            },
            context_region: context_region(&f.snippet),
            region: Some(Region {
                start_column: column,
                start_line: line,
            }),
        },
    }
}

/// The YAML lines around a gap, as a SARIF context region.
fn context_region(snippet: &[SnippetLine]) -> Option<ContextRegion> {
    let first = snippet.first()?;
    let last = snippet.last()?;
    let text: String = snippet.iter().map(|l| format!("{}\n", l.text)).collect();
    Some(ContextRegion {
        end_line: last.number.max(first.number).max(1),
        snippet: Message {
            text: Cow::Owned(text),
        },
        start_line: first.number.max(1),
    })
}

/// What a criterion's rule is made of: borrowed from a finding while documents are
/// rendered, owned once kept for the end of the run. Two findings of one criterion give
/// the same rule unless something here differs.
#[derive(Debug, Clone)]
pub struct RuleSource<'a> {
    pub criterion: Cow<'a, str>,
    pub standard: Cow<'a, str>,
    pub standard_version: Cow<'a, str>,
    pub title: Cow<'a, str>,
    pub rationale: Cow<'a, str>,
    pub remediation: Cow<'a, str>,
    pub clause: Option<Cow<'a, str>>,
    pub cites: Cow<'a, [Citation]>,
    pub section: Option<Cow<'a, str>>,
    pub kind: RuleKind,
    pub severity: Severity,
    pub confidence: Confidence,
}

impl<'a> RuleSource<'a> {
    /// The rule of a finding's criterion, borrowed.
    pub fn of(doc: &'a DocumentView, f: &'a FindingView) -> Self {
        RuleSource {
            criterion: Cow::Borrowed(&f.criterion),
            standard: Cow::Borrowed(&doc.standard.id),
            standard_version: Cow::Borrowed(&doc.standard.version),
            title: Cow::Borrowed(&f.title),
            rationale: Cow::Borrowed(&f.rationale),
            remediation: Cow::Borrowed(&f.remediation),
            clause: f.clause.as_deref().map(Cow::Borrowed),
            cites: Cow::Borrowed(&f.cites),
            section: f.section_id.as_deref().map(Cow::Borrowed),
            kind: f.kind,
            severity: f.severity,
            confidence: f.confidence,
        }
    }

    /// The same, owning its texts.
    pub fn into_owned(self) -> RuleSource<'static> {
        let own = |c: Cow<'_, str>| Cow::Owned(c.into_owned());
        RuleSource {
            criterion: own(self.criterion),
            standard: own(self.standard),
            standard_version: own(self.standard_version),
            title: own(self.title),
            rationale: own(self.rationale),
            remediation: own(self.remediation),
            clause: self.clause.map(own),
            cites: Cow::Owned(self.cites.into_owned()),
            section: self.section.map(own),
            kind: self.kind,
            severity: self.severity,
            confidence: self.confidence,
        }
    }

    /// Whether two sources make the same rule.
    pub fn same(&self, other: &RuleSource<'_>) -> bool {
        self.criterion == other.criterion
            && self.standard == other.standard
            && self.standard_version == other.standard_version
            && self.title == other.title
            && self.rationale == other.rationale
            && self.remediation == other.remediation
            && self.clause == other.clause
            && self.section == other.section
            && self.kind == other.kind
            && self.severity == other.severity
            && self.confidence == other.confidence
            && self.cites.len() == other.cites.len()
            && self
                .cites
                .iter()
                .zip(other.cites.iter())
                .all(|(a, b)| a.standard == b.standard && a.clause == b.clause)
    }
}

/// A criterion, as the rule results point at.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule<'a> {
    pub default_configuration: DefaultConfiguration,
    pub full_description: Message<'a>,
    pub help: Help<'a>,
    pub id: &'a str,
    pub name: String,
    pub properties: RuleProperties<'a>,
    pub short_description: Message<'a>,
}

#[derive(Serialize)]
pub struct DefaultConfiguration {
    pub level: &'static str,
}

#[derive(Serialize)]
pub struct Help<'a> {
    pub markdown: &'a str,
    pub text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleProperties<'a> {
    pub cites: Vec<Cite<'a>>,
    pub clause: Option<&'a str>,
    pub confidence: Confidence,
    pub kind: RuleKind,
    pub section: Option<&'a str>,
    pub severity: &'static str,
    pub standard: &'a str,
    pub standard_version: &'a str,
    pub tags: [&'a str; 4],
}

/// A citation with its keys in the log's order.
#[derive(Serialize)]
pub struct Cite<'a> {
    pub clause: &'a str,
    pub standard: &'a str,
}

/// The rule a source makes.
pub fn rule<'a>(s: &'a RuleSource<'_>) -> Rule<'a> {
    let severity = super::super::severity_id(s.severity);
    let remediation = non_empty(&s.remediation, &s.title);
    Rule {
        default_configuration: DefaultConfiguration {
            level: level(s.severity),
        },
        full_description: Message {
            text: Cow::Borrowed(non_empty(&s.rationale, &s.title)),
        },
        help: Help {
            markdown: remediation,
            text: remediation,
        },
        id: &s.criterion,
        name: rule_name(&s.criterion),
        properties: RuleProperties {
            cites: s
                .cites
                .iter()
                .map(|c| Cite {
                    clause: &c.clause,
                    standard: &c.standard,
                })
                .collect(),
            clause: s.clause.as_deref(),
            confidence: s.confidence,
            kind: s.kind,
            section: s.section.as_deref(),
            severity,
            standard: &s.standard,
            standard_version: &s.standard_version,
            tags: ["after-sales", &s.standard, severity, kind_id(s.kind)],
        },
        short_description: Message {
            text: Cow::Borrowed(non_empty(&s.title, &s.criterion)),
        },
    }
}

/// A rule kind's id, as it is serialized.
pub fn kind_id(kind: RuleKind) -> &'static str {
    match kind {
        RuleKind::Scored => "scored",
        RuleKind::Deduction => "deduction",
        RuleKind::Bonus => "bonus",
    }
}

fn non_empty<'a>(text: &'a str, fallback: &'a str) -> &'a str {
    if text.trim().is_empty() {
        fallback
    } else {
        text
    }
}
