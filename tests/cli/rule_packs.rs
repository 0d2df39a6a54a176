//! The built-in rule packs besides GB/T 27922 (service-kpis, iso10002, ecommerce), as an
//! auditor would sign them: one count per absence, dated records that must be current,
//! and a legal deduction that says why it counts beside its criterion.

use crate::support::{aftercert, fixture, root};
use serde_json::Value;

/// A fixture with some text replaced, written to a temporary folder.
fn variant(name: &str, edits: &[(&str, &str)]) -> (tempfile::TempDir, String) {
    let mut text = std::fs::read_to_string(root().join(fixture(name))).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{name} no longer has {from:?}");
        text = text.replacen(from, to, 1);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let shown = path.to_str().unwrap().to_string();
    (dir, shown)
}

/// `check --format json` of one document against one standard.
fn audit(path: &str, standard: &str) -> Value {
    let out = aftercert()
        .args([
            "check",
            "--format",
            "json",
            "--as-of",
            "2026-11-23",
            "-s",
            standard,
            path,
        ])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)))
}

fn doc(json: &Value) -> &Value {
    &json["documents"].as_array().expect("documents")[0]
}

fn status<'a>(json: &'a Value, criterion: &str) -> &'a str {
    doc(json)["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["criterion"] == criterion)
        .unwrap_or_else(|| panic!("no finding for {criterion}"))["status"]
        .as_str()
        .unwrap()
}

/// Scored (non-advisory) findings that are gaps.
fn scored_gaps(json: &Value) -> Vec<String> {
    doc(json)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| matches!(f["status"].as_str(), Some("missing" | "partial")))
        .filter(|f| f["max_points"].as_f64().unwrap_or(0.0) > 0.0)
        .map(|f| f["criterion"].as_str().unwrap().to_string())
        .collect()
}

const NPS: &str = "    - {id: nps, name: 净推荐值, unit: score, direction: higher, target: 50, actual: 58, period: 2026-H1, published: false, evidence: [E-SURVEY-REPORT]}\n";
const AHT: &str = "    - {id: aht, name: 平均处理时长, unit: seconds, direction: lower, target: 300, actual: 276, period: 2026-H1, published: false, evidence: [E-KPI-REPORT]}\n";
const CSAT: &str = "    - {id: csat, name: 顾客满意度, unit: percent, direction: higher, target: 95, actual: 96.8, period: 2026-H1, published: true, evidence: [E-SURVEY-REPORT]}\n";

#[test]
fn a_five_star_company_is_rated_by_the_kpis_it_reports() {
    let json = audit(&fixture("appliance-mature.yaml"), "service-kpis");
    assert_eq!(
        doc(&json)["rating"]["id"],
        "strong",
        "{:#}",
        doc(&json)["score"]
    );
    // Without NPS and AHT, measures no second source asks for, nothing is lost.
    let (_d, path) = variant("appliance-mature.yaml", &[(NPS, ""), (AHT, "")]);
    let json = audit(&path, "service-kpis");
    assert_eq!(doc(&json)["rating"]["id"], "strong");
    assert!(scored_gaps(&json).is_empty(), "{:?}", scored_gaps(&json));
    assert_eq!(status(&json, "service-kpis.resolution-measured"), "met");
}

#[test]
fn a_missing_satisfaction_measure_costs_once() {
    let (_d, path) = variant("appliance-mature.yaml", &[(CSAT, ""), (NPS, "")]);
    let json = audit(&path, "service-kpis");
    assert_eq!(
        scored_gaps(&json),
        ["service-kpis.perception-measured"],
        "one absence, one scored gap"
    );
}

#[test]
fn targets_without_any_measurement_earn_no_credit_for_meeting_them() {
    // The startup states targets but no actual and no period: the period criterion
    // fails, and "targets met" does not apply rather than being met by an empty list.
    let json = audit(&fixture("startup-organization-stage.yaml"), "service-kpis");
    assert_eq!(status(&json, "service-kpis.actuals-current"), "missing");
    assert_eq!(status(&json, "service-kpis.targets-met"), "not-applicable");
    assert_eq!(doc(&json)["rating"]["id"], "weak");
}

#[test]
fn a_stale_kpi_period_is_not_a_current_actual() {
    let (_d, path) = variant(
        "appliance-mature.yaml",
        &[(
            "target: 95, actual: 96.8, period: 2026-H1",
            "target: 95, actual: 96.8, period: 2024-H2",
        )],
    );
    let json = audit(&path, "service-kpis");
    assert_eq!(status(&json, "service-kpis.actuals-current"), "partial");
    assert_eq!(status(&json, "service-kpis.targets-met"), "met");
}

#[test]
fn a_complaints_audit_claimed_without_a_current_date_is_not_shown() {
    let doc_with = |extra: &str| {
        format!(
            "aftercert: 1\ncompany: {{name: 测试}}\ncustomers:\n  complaints:\n    audited: true\n    management_review: true\n{extra}"
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("", "missing"),
        (
            "    last_audit: 2024-06-30\n    last_management_review: 2024-06-30\n",
            "missing",
        ),
        (
            "    last_audit: 2026-05-12\n    last_management_review: 2026-03-02\n",
            "met",
        ),
    ];
    for (i, (extra, want)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("d{i}.yaml"));
        std::fs::write(&path, doc_with(extra)).unwrap();
        let json = audit(path.to_str().unwrap(), "iso10002");
        for c in ["iso10002.process-audit", "iso10002.management-review"] {
            assert_eq!(status(&json, c), *want, "{c} with {extra:?}");
        }
    }
}

#[test]
fn a_legal_deduction_says_why_it_counts_beside_its_criterion() {
    let out = aftercert()
        .args(["explain", "--lang", "en", "ecommerce.sd-no-reason-return"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("ecommerce.no-reason-return"), "{text}");
    assert!(
        text.contains("special deduction, taken outside the item scores"),
        "{text}"
    );
}
