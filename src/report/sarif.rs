//! SARIF 2.1.0: gaps as code-scanning results, each pointing at the line that causes it.
//!
//! Code-scanning platforms (GitHub, GitLab, Azure DevOps) read SARIF and annotate a pull
//! request in place. One run holds every document and standard; each gap is one result
//! whose rule is the criterion, located at `path:line:column` in the process document,
//! with the view's stable fingerprint so a platform keeps tracking an alert when lines
//! move. The log is built from `serde_json` values, never by concatenating strings.
//!
//! GitHub code scanning rejects a run of more than [`MAX_RESULTS`] results (and shows only
//! the 5,000 most severe). A larger run keeps its most severe results, and says so: a
//! run-level notification and property in the log, and a line on stderr. The other
//! documented limits (20 runs per file, 25,000 rules per run, 1,000 locations per result,
//! 20 tags per rule) cannot be reached: the log has one run, one location per result, at
//! most one rule per result and four tags per rule.

use super::view::{DocumentView, ErrorView, FindingView, RunView, SnippetLine};
use super::{gaps, severity_id};
use crate::standard::model::Severity;
use serde_json::{Map, Value, json};

/// The SARIF schema the log declares.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key under which results carry the view's fingerprint.
pub const FINGERPRINT_KEY: &str = "aftercert/v1";

/// The most results GitHub code scanning accepts in one run.
pub const MAX_RESULTS: usize = 25_000;

/// Renders the run as a SARIF 2.1.0 log.
pub fn render(run: &RunView) -> anyhow::Result<String> {
    let log = log_within(run, MAX_RESULTS);
    if let Some(total) = log.pointer("/runs/0/properties/resultsTotal") {
        let text = crate::i18n::Text::new(
            format!(
                "SARIF：共 {total} 个差距，超过 GitHub 代码扫描每次运行 {MAX_RESULTS} 个结果的上限，只保留了最严重的 {MAX_RESULTS} 个"
            ),
            format!(
                "SARIF: {total} gaps are more than the {MAX_RESULTS} results GitHub code scanning accepts in a run; only the {MAX_RESULTS} most severe are kept"
            ),
        );
        eprintln!("warning: {}", text.get(run.lang));
    }
    let mut s = serde_json::to_string_pretty(&log)?;
    s.push('\n');
    Ok(s)
}

/// Builds the SARIF log.
pub fn log(run: &RunView) -> Value {
    log_within(run, MAX_RESULTS)
}

/// The gaps of the run, most severe first when there are more than `max` (then only the
/// first `max` are kept), in document order otherwise; and how many there were.
fn kept_gaps(run: &RunView, max: usize) -> (Vec<(&DocumentView, &FindingView)>, usize) {
    let mut all: Vec<(&DocumentView, &FindingView)> = run
        .documents
        .iter()
        .flat_map(|d| gaps(d).map(move |f| (d, f)))
        .collect();
    let total = all.len();
    if total > max {
        // A stable sort: among gaps of one severity, document order is kept.
        all.sort_by_key(|(_, f)| std::cmp::Reverse(f.severity));
        all.truncate(max);
    }
    (all, total)
}

/// Builds the SARIF log with at most `max` results.
fn log_within(run: &RunView, max: usize) -> Value {
    let mut rules: Vec<Value> = Vec::new();
    let mut rule_ids: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut results = Vec::new();
    let (kept, total) = kept_gaps(run, max);
    for (doc, f) in kept {
        let index = rule_index(&mut rules, &mut rule_ids, doc, f);
        results.push(result(doc, f, index));
    }
    let mut properties = json!({ "asOf": run.as_of, "lang": run.lang.id() });
    let mut invocation = invocation(run);
    if total > max {
        properties["resultsTotal"] = json!(total);
        properties["resultsKept"] = json!(max);
        if let Some(notes) = invocation["toolExecutionNotifications"].as_array_mut() {
            notes.push(truncation_note(total, max));
        }
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "aftercert",
                "version": run.tool_version,
                "semanticVersion": run.tool_version,
                "rules": rules,
            }},
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": properties,
        }],
    })
}

/// The notification that says results were left out.
fn truncation_note(total: usize, kept: usize) -> Value {
    json!({
        "level": "warning",
        "descriptor": { "id": "results-truncated" },
        "message": { "text": format!(
            "{total} gaps are more than the {kept} results GitHub code scanning accepts in a run; only the {kept} most severe are in this log. The JSON report has them all."
        ) },
        "properties": { "resultsTotal": total, "resultsKept": kept },
    })
}

/// The index of a criterion's rule, adding the rule on first use.
fn rule_index(
    rules: &mut Vec<Value>,
    ids: &mut std::collections::HashMap<String, usize>,
    doc: &DocumentView,
    f: &FindingView,
) -> usize {
    if let Some(i) = ids.get(&f.criterion) {
        return *i;
    }
    ids.insert(f.criterion.clone(), rules.len());
    rules.push(rule(doc, f));
    rules.len() - 1
}

/// Maps a criterion's severity to a SARIF level.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Blocking | Severity::Major => "error",
        Severity::Minor => "warning",
        Severity::Advisory => "note",
    }
}

fn rule(doc: &DocumentView, f: &FindingView) -> Value {
    let severity = severity_id(f.severity);
    let kind = serde_json::to_value(f.kind).unwrap_or(Value::Null);
    let mut tags = vec![
        json!("after-sales"),
        json!(doc.standard.id),
        json!(severity),
    ];
    if let Value::String(k) = &kind {
        tags.push(json!(k));
    }
    json!({
        "id": f.criterion,
        "name": rule_name(&f.criterion),
        "shortDescription": { "text": non_empty(&f.title, &f.criterion) },
        "fullDescription": { "text": non_empty(&f.rationale, &f.title) },
        "help": {
            "text": non_empty(&f.remediation, &f.title),
            "markdown": non_empty(&f.remediation, &f.title),
        },
        "defaultConfiguration": { "level": level(f.severity) },
        "properties": {
            "standard": doc.standard.id,
            "standardVersion": doc.standard.version,
            "clause": f.clause,
            "cites": f.cites,
            "section": f.section_id,
            "kind": kind,
            "severity": severity,
            "confidence": f.confidence,
            "tags": tags,
        },
    })
}

/// A rule's `name`: the criterion's last segment in PascalCase, which SARIF wants to
/// differ from the opaque `id` (`gbt27922.certified-managers` → `CertifiedManagers`).
pub fn rule_name(criterion: &str) -> String {
    let last = criterion.rsplit('.').next().unwrap_or(criterion);
    let name: String = last
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|c| c.to_uppercase().chain(cs).collect::<String>())
                .unwrap_or_default()
        })
        .collect();
    if name.is_empty() || name == criterion {
        format!("Criterion{name}")
    } else {
        name
    }
}

fn non_empty<'a>(text: &'a str, fallback: &'a str) -> &'a str {
    if text.trim().is_empty() {
        fallback
    } else {
        text
    }
}

fn result(doc: &DocumentView, f: &FindingView, rule_index: usize) -> Value {
    let mut r = json!({
        "ruleId": f.criterion,
        "ruleIndex": rule_index,
        "kind": "fail",
        "level": level(f.severity),
        "message": { "text": sentence(&f.message) },
        "locations": [location(doc, f)],
        "partialFingerprints": { FINGERPRINT_KEY: f.fingerprint },
        "properties": {
            "standard": doc.standard.id,
            "company": doc.company,
            "status": f.status,
            "gap": f.gap,
            "coverage": doc.coverage,
            "points": f.points,
            "maxPoints": f.max_points,
            "gain": f.gain,
            "expected": f.expected,
            "found": f.found,
            "remediation": f.remediation,
        },
    });
    if let Some(obj) = r.as_object_mut() {
        add_waiver_and_baseline(obj, f);
    }
    r
}

/// Waived gaps are suppressed (accepted); with a baseline, results say whether they are new.
fn add_waiver_and_baseline(obj: &mut Map<String, Value>, f: &FindingView) {
    if let Some(w) = f.waiver.as_ref().filter(|w| !w.expired) {
        obj.insert(
            "suppressions".into(),
            json!([{
                "kind": "external",
                "status": "accepted",
                "justification": format!("{} ({}, {})", w.justification, w.approver, w.expires),
            }]),
        );
    }
    if let Some(change) = f.change {
        let state = match change {
            crate::policy::baseline::Change::New => "new",
            crate::policy::baseline::Change::Regressed => "updated",
            crate::policy::baseline::Change::Unchanged => "unchanged",
        };
        obj.insert("baselineState".into(), json!(state));
    }
    if let (Some(change), Some(props)) = (
        f.gap_change,
        obj.get_mut("properties").and_then(Value::as_object_mut),
    ) {
        props.insert("gapChange".into(), json!(change));
    }
}

/// Ends a message with a full stop, as SARIF's style rules ask.
fn sentence(text: &str) -> String {
    let t = text.trim_end();
    if t.ends_with(['.', '。', '!', '?', '！', '？']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

fn location(doc: &DocumentView, f: &FindingView) -> Value {
    let (line, column, yaml_path) = f.location.as_ref().map_or((1, 1, ""), |l| {
        (l.line.max(1), l.column.max(1), l.yaml_path.as_str())
    });
    let mut physical = Map::new();
    physical.insert(
        "artifactLocation".into(),
        json!({ "uri": artifact_uri(&doc.path) }),
    );
    physical.insert(
        "region".into(),
        json!({ "startLine": line, "startColumn": column }),
    );
    if let Some(context) = context_region(&f.snippet) {
        physical.insert("contextRegion".into(), context);
    }
    let mut loc = Map::new();
    loc.insert("physicalLocation".into(), Value::Object(physical));
    if !yaml_path.is_empty() {
        loc.insert(
            "logicalLocations".into(),
            json!([{ "fullyQualifiedName": yaml_path, "kind": "element" }]),
        );
    }
    Value::Object(loc)
}

/// The YAML lines around a gap, as a SARIF context region.
fn context_region(snippet: &[SnippetLine]) -> Option<Value> {
    let first = snippet.first()?;
    let last = snippet.last()?;
    let text: String = snippet.iter().map(|l| format!("{}\n", l.text)).collect();
    Some(json!({
        "startLine": first.number.max(1),
        "endLine": last.number.max(first.number).max(1),
        "snippet": { "text": text },
    }))
}

/// A document path as a SARIF URI: relative, so code-scanning platforms resolve it
/// against the repository root, when it is relative or under the current folder; a
/// `file:` URI otherwise. Nothing is guessed from the spelling: `c:odd.yaml` on Unix is a
/// relative file name (its `:` encoded, so it cannot be read as a scheme), and only on
/// Windows are `\` separators and drive letters. Everything but RFC 3986's unreserved
/// characters and `/` is percent-encoded.
pub fn artifact_uri(path: &str) -> String {
    let p = std::path::Path::new(path);
    if !p.is_absolute() {
        return relative_uri(path);
    }
    match relative_to_cwd(p) {
        Some(rel) => relative_uri(&rel),
        None => absolute_uri(&separators(path)),
    }
}

/// The path with the platform's separators as `/`.
fn separators(path: &str) -> String {
    if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_string()
    }
}

fn relative_uri(path: &str) -> String {
    let mut p = separators(path);
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_string();
    }
    percent_encode(&p)
}

/// An absolute path as a `file:` URI: `/x` → `file:///x`; on Windows `C:/x` →
/// `file:///C:/x` and `//server/share/x` → `file://server/share/x`.
fn absolute_uri(p: &str) -> String {
    let b = p.as_bytes();
    if cfg!(windows) && b.len() > 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
        return format!("file:///{}:{}", &p[..1], percent_encode(&p[2..]));
    }
    match p.strip_prefix("//") {
        Some(unc) => format!("file://{}", percent_encode(unc)),
        None => format!("file://{}", percent_encode(p)),
    }
}

fn relative_to_cwd(abs: &std::path::Path) -> Option<String> {
    let cwd = std::env::current_dir().ok()?;
    let rel = abs.strip_prefix(&cwd).ok()?;
    Some(separators(rel.to_str()?))
}

/// Percent-encodes everything but unreserved characters and `/` (RFC 3986, 2.3).
fn percent_encode(s: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Files that could not be audited become tool notifications of a failed invocation.
fn invocation(run: &RunView) -> Value {
    let notes: Vec<Value> = run
        .errors
        .iter()
        .map(|e| notification(e, "error"))
        .chain(run.warnings.iter().map(|e| notification(e, "warning")))
        .collect();
    json!({
        "executionSuccessful": run.errors.is_empty(),
        "toolExecutionNotifications": notes,
    })
}

fn notification(e: &ErrorView, level: &str) -> Value {
    let mut region = Map::new();
    if e.line > 0 {
        region.insert("startLine".into(), json!(e.line));
        region.insert("startColumn".into(), json!(e.column.max(1)));
    }
    let mut physical = Map::new();
    physical.insert(
        "artifactLocation".into(),
        json!({ "uri": artifact_uri(&e.path) }),
    );
    if !region.is_empty() {
        physical.insert("region".into(), Value::Object(region));
    }
    json!({
        "level": level,
        "message": { "text": sentence(&format!("[{}] {}", e.code, e.message)) },
        "locations": [{ "physicalLocation": Value::Object(physical) }],
        "properties": { "code": e.code, "expected": e.expected },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(artifact_uri("fixtures/a b.yaml"), "fixtures/a%20b.yaml");
        assert_eq!(artifact_uri("./x/流程.yaml"), "x/%E6%B5%81%E7%A8%8B.yaml");
        assert_eq!(artifact_uri("c:odd.yaml"), "c%3Aodd.yaml");
        assert_eq!(artifact_uri("a%b#c?.yaml"), "a%25b%23c%3F.yaml");
    }

    #[cfg(unix)]
    #[test]
    fn unix_paths_guess_no_drive_letters_or_separators() {
        assert_eq!(artifact_uri("C:\\p\\x.yaml"), "C%3A%5Cp%5Cx.yaml");
        assert_eq!(
            artifact_uri("/nowhere-near/x y.yaml"),
            "file:///nowhere-near/x%20y.yaml"
        );
    }

    #[cfg(windows)]
    #[test]
    fn windows_paths_keep_their_drive() {
        assert_eq!(artifact_uri("fixtures\\a b.yaml"), "fixtures/a%20b.yaml");
        assert!(artifact_uri("Q:\\p\\x.yaml").starts_with("file:///Q:/p/x.yaml"));
    }

    fn finding(criterion: &str, severity: Severity) -> FindingView {
        FindingView {
            text: super::super::view::CriterionText::bare(
                criterion,
                crate::standard::load::RuleKind::Scored,
                severity,
            ),
            status: crate::score::Status::Missing,
            status_label: String::new(),
            gap: None,
            gap_label: None,
            spoken: 0.0,
            vacuous: false,
            vacuous_note: None,
            points: 0.0,
            max_points: 1.0,
            gain: 0.0,
            nonconformity: None,
            message: criterion.into(),
            expected: None,
            found: None,
            location: None,
            snippet: Vec::new(),
            tailored: None,
            applicability: None,
            fingerprint: criterion.into(),
            waiver: None,
            change: None,
            gap_change: None,
        }
    }

    fn run(findings: Vec<FindingView>) -> RunView {
        use super::super::view::*;
        let rating = RatingView {
            id: "fail".into(),
            label: String::new(),
            stars: 0,
            min: 0.0,
        };
        let doc = DocumentView {
            path: "a.yaml".into(),
            company: String::new(),
            standard_applies: true,
            standard: StandardRef {
                id: "s".into(),
                version: "1".into(),
                title: String::new(),
                designation: None,
                source: String::new(),
                method: crate::standard::model::Method::Weighted,
            },
            score: 0.0,
            score_shown: "0.0".into(),
            base_score: 0.0,
            coverage: None,
            coverage_shown: "—".into(),
            assumed_points: 0.0,
            assumed_line: None,
            gaps_silent: 0,
            gaps_short: 0,
            earned: 0.0,
            applicable: 0.0,
            rating: rating.clone(),
            ratings: vec![rating],
            failed_by_deductions: false,
            gate: GateView {
                passed: false,
                requirement: String::new(),
                reasons: Vec::new(),
            },
            sections: Vec::new(),
            findings,
            special_deductions: Vec::new(),
            bonus: Vec::new(),
            deducted: 0.0,
            bonus_points: 0.0,
            next_level: None,
            stages: None,
            gap_counts: GapCounts::default(),
            uses_assumed_points: false,
            method_note: String::new(),
            evidence_checklist: Vec::new(),
            exact: Default::default(),
        };
        RunView {
            tool_version: "0".into(),
            as_of: "2026-11-23".into(),
            lang: crate::i18n::Lang::En,
            documents: vec![doc],
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn a_run_over_the_limit_keeps_the_most_severe_results_and_says_so() {
        let findings = vec![
            finding("a", Severity::Advisory),
            finding("b", Severity::Blocking),
            finding("c", Severity::Minor),
            finding("d", Severity::Major),
            finding("e", Severity::Blocking),
        ];
        let log = log_within(&run(findings), 3);
        let ids: Vec<&str> = log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["ruleId"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["b", "e", "d"]);
        assert_eq!(log["runs"][0]["properties"]["resultsTotal"], 5);
        let notes = &log["runs"][0]["invocations"][0]["toolExecutionNotifications"];
        assert_eq!(notes[0]["descriptor"]["id"], "results-truncated");
        let within = log_within(&run(vec![finding("a", Severity::Minor)]), 3);
        assert!(
            within["runs"][0]["properties"]
                .get("resultsTotal")
                .is_none()
        );
    }

    #[test]
    fn rule_names_differ_from_ids() {
        assert_eq!(
            rule_name("gbt27922.certified-managers"),
            "CertifiedManagers"
        );
        assert_eq!(rule_name("x"), "X");
        assert_eq!(rule_name("..."), "Criterion");
    }

    #[test]
    fn levels_follow_severity() {
        assert_eq!(level(Severity::Blocking), "error");
        assert_eq!(level(Severity::Minor), "warning");
        assert_eq!(level(Severity::Advisory), "note");
    }
}
