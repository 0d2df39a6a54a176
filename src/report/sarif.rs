//! SARIF 2.1.0: gaps as code-scanning results, each pointing at the line that causes it.
//!
//! Code-scanning platforms (GitHub, GitLab, Azure DevOps) read SARIF and annotate a pull
//! request in place. One run holds every document and standard; each gap is one result
//! whose rule is the criterion, located at `path:line:column` in the process document,
//! with the view's stable fingerprint so a platform keeps tracking an alert when lines
//! move. The log is built from `serde_json` values, never by concatenating strings.

use super::view::{DocumentView, ErrorView, FindingView, RunView, SnippetLine};
use super::{gaps, severity_id};
use crate::standard::model::Severity;
use serde_json::{Map, Value, json};

/// The SARIF schema the log declares.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key under which results carry the view's fingerprint.
pub const FINGERPRINT_KEY: &str = "aftercert/v1";

/// Renders the run as a SARIF 2.1.0 log.
pub fn render(run: &RunView) -> anyhow::Result<String> {
    let mut s = serde_json::to_string_pretty(&log(run))?;
    s.push('\n');
    Ok(s)
}

/// Builds the SARIF log.
pub fn log(run: &RunView) -> Value {
    let mut rules: Vec<Value> = Vec::new();
    let mut rule_ids: Vec<String> = Vec::new();
    let mut results = Vec::new();
    for doc in &run.documents {
        for f in gaps(doc) {
            let index = rule_index(&mut rules, &mut rule_ids, doc, f);
            results.push(result(doc, f, index));
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
            "invocations": [invocation(run)],
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": { "asOf": run.as_of, "lang": run.lang.id() },
        }],
    })
}

/// The index of a criterion's rule, adding the rule on first use.
fn rule_index(
    rules: &mut Vec<Value>,
    ids: &mut Vec<String>,
    doc: &DocumentView,
    f: &FindingView,
) -> usize {
    if let Some(i) = ids.iter().position(|id| *id == f.criterion) {
        return i;
    }
    ids.push(f.criterion.clone());
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

/// A document path as a SARIF URI: relative with forward slashes when it can be, so
/// code-scanning platforms resolve it against the repository root; percent-encoded.
pub fn artifact_uri(path: &str) -> String {
    let mut p = path.replace('\\', "/");
    if let Some(rel) = p.starts_with('/').then(|| relative_to_cwd(&p)).flatten() {
        p = rel;
    }
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_string();
    }
    let encoded = percent_encode(&p);
    let drive = p.len() > 1 && p.as_bytes()[1] == b':' && p.as_bytes()[0].is_ascii_alphabetic();
    if p.starts_with('/') {
        format!("file://{encoded}")
    } else if drive {
        format!("file:///{}:{}", &p[..1], percent_encode(&p[2..]))
    } else {
        encoded
    }
}

fn relative_to_cwd(abs: &str) -> Option<String> {
    let cwd = std::env::current_dir().ok()?;
    let rel = std::path::Path::new(abs).strip_prefix(&cwd).ok()?;
    Some(rel.to_str()?.replace('\\', "/"))
}

/// Percent-encodes everything but unreserved characters and `/`.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
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
    fn uris_are_relative_forward_slashed_and_encoded() {
        assert_eq!(artifact_uri("fixtures\\a b.yaml"), "fixtures/a%20b.yaml");
        assert_eq!(artifact_uri("./x/流程.yaml"), "x/%E6%B5%81%E7%A8%8B.yaml");
        assert_eq!(artifact_uri("C:\\p\\x.yaml"), "file:///C:/p/x.yaml");
        assert!(artifact_uri("/nowhere-near/x.yaml").starts_with("file:///"));
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
