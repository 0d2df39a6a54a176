//! Scores an auditor would sign: records that age by one limit per kind, no credit from an
//! empty list, points fixed by a source, and a standard whose scoring is unsound refused by
//! `lint` at its line — each through the binary, on small standards written by the test so
//! that the figures do not depend on the built-in rule packs.

use crate::support::{aftercert, check_json};
use std::path::Path;

/// A weighted standard with one section of one indicator holding `criteria` (YAML list
/// items indented by 10), and `extra` appended at the top level.
fn standard(dir: &Path, criteria: &str, extra: &str) -> String {
    let text = format!(
        "aftercert_standard: 1
id: t
version: \"1\"
title: {{zh: 测试, en: Test}}
source: test
scoring: {{method: weighted, fail_at_deductions: 5}}
ratings:
  - {{id: fail, label: {{zh: 不合格, en: Fail}}, min: 0}}
  - {{id: pass, label: {{zh: 合格, en: Pass}}, min: 70}}
pass: pass
sections:
  - id: s
    title: {{zh: 节, en: Section}}
    weight: 100
    indicators:
      - id: i
        title: {{zh: 指标, en: Indicator}}
        criteria:
{criteria}{extra}"
    );
    let path = dir.join("t.yaml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// One criterion, indented for [`standard`].
fn criterion(id: &str, check: &str, more: &str) -> String {
    format!(
        "          - id: t.{id}
            title: {{zh: 标题, en: Title}}
            rationale: {{zh: 依据, en: Why}}
            remediation: {{zh: 整改, en: Fix}}
            check: {check}
{more}"
    )
}

fn doc(dir: &Path, name: &str, body: &str) -> String {
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!("aftercert: 1\ncompany: {{name: Co}}\n{body}"),
    )
    .unwrap();
    path.to_str().unwrap().to_string()
}

fn finding<'a>(json: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    json["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["criterion"] == id)
        .unwrap_or_else(|| panic!("no finding {id}: {json}"))
}

#[test]
fn a_stale_training_programme_is_not_hidden_by_a_fresh_one() {
    let dir = tempfile::tempdir().unwrap();
    let std = standard(
        dir.path(),
        &criterion("training", "{current: training}", ""),
        "",
    );
    let both = doc(
        dir.path(),
        "both.yaml",
        "people:\n  training:\n    - {topic: Repair skills, last_held: 2026-06-01}\n    - {topic: Service culture, last_held: 2024-05-01}\n",
    );
    let fresh = doc(
        dir.path(),
        "fresh.yaml",
        "people:\n  training:\n    - {topic: Repair skills, last_held: 2026-06-01}\n    - {topic: Service culture, last_held: 2026-02-01}\n",
    );
    let before = std::fs::read(&both).unwrap();
    let (json, code) = check_json(&["--standard", &std, &both]);
    assert_eq!(code, 1, "{json}");
    let f = finding(&json, "t.training");
    assert_eq!(f["status"], "partial", "{f}");
    assert!((f["points"].as_f64().unwrap() - 50.0).abs() < 1e-6, "{f}");
    let (json, code) = check_json(&["--standard", &std, &fresh]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(finding(&json, "t.training")["status"], "met");
    assert_eq!(std::fs::read(&both).unwrap(), before);
}

#[test]
fn stale_warnings_and_criteria_use_the_same_limit() {
    let dir = tempfile::tempdir().unwrap();
    let std = standard(
        dir.path(),
        &criterion("survey", "{current: survey}", ""),
        "",
    );
    // 13 months before the audit date (2026-11-23): stale for both; 11 months: for neither.
    for (date, stale) in [("2025-10-20", true), ("2025-12-20", false)] {
        let path = doc(
            dir.path(),
            "d.yaml",
            &format!("customers:\n  surveys:\n    - {{method: phone, last_run: {date}}}\n"),
        );
        let out = aftercert()
            .args([
                "check",
                "--as-of",
                "2026-11-23",
                "--lang",
                "en",
                "--standard",
                &std,
            ])
            .args(["--format", "json", &path])
            .output()
            .unwrap();
        let json: serde_json::Value = crate::support::report_json(&out.stdout);
        let warned = json["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "stale");
        assert_eq!(warned, stale, "{date}: {}", json["warnings"]);
        let status = &finding(&json, "t.survey")["status"];
        assert_eq!(status == "met", !stale, "{date}: {status}");
    }
}

#[test]
fn an_expired_certificate_and_an_old_kpi_period_are_not_current() {
    let dir = tempfile::tempdir().unwrap();
    let criteria = criterion("cert", "{current: certificate}", "")
        + &criterion("kpi", "{current: kpi-period}", "");
    let std = standard(dir.path(), &criteria, "");
    let path = doc(
        dir.path(),
        "d.yaml",
        "improvement:\n  certifications:\n    - {name: ISO 9001, valid_until: 2026-10-31}\ncustomers:\n  kpis:\n    - {id: csat, target: 90, actual: 92, period: 2025-H1}\n",
    );
    let (json, _) = check_json(&["--standard", &std, &path]);
    assert_eq!(finding(&json, "t.cert")["status"], "missing");
    assert_eq!(finding(&json, "t.kpi")["status"], "missing");
    let path = doc(
        dir.path(),
        "d.yaml",
        "improvement:\n  certifications:\n    - {name: ISO 9001, valid_until: 2027-10-31}\ncustomers:\n  kpis:\n    - {id: csat, target: 90, actual: 92, period: 2026-Q2}\n",
    );
    let (json, code) = check_json(&["--standard", &std, &path]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(finding(&json, "t.cert")["status"], "met");
    assert_eq!(finding(&json, "t.kpi")["status"], "met");
}

#[test]
fn a_criterion_over_an_empty_list_does_not_apply_rather_than_being_met() {
    let dir = tempfile::tempdir().unwrap();
    let check = "{each: {path: network.outlets, where: {mode: entrusted}, check: {present: evidence}, allow_empty: true}}";
    let criteria = criterion("agreements", check, "")
        + &criterion("hotline", "{present: channels.hotlines}", "");
    let std = standard(dir.path(), &criteria, "");
    let none = doc(
        dir.path(),
        "none.yaml",
        "network:\n  outlets:\n    - {id: hq, region: Beijing, mode: own}\n",
    );
    let (json, _) = check_json(&["--standard", &std, &none]);
    let f = finding(&json, "t.agreements");
    assert_eq!(f["status"], "not-applicable", "{f}");
    // The other criterion is missing, so the score is 0 of the one applicable criterion,
    // not 50 with the empty list counted as met.
    assert_eq!(json["documents"][0]["score"].as_f64(), Some(0.0), "{json}");
    let some = doc(
        dir.path(),
        "some.yaml",
        "network:\n  outlets:\n    - {id: a, region: Beijing, mode: entrusted}\n",
    );
    let (json, _) = check_json(&["--standard", &std, &some]);
    assert_eq!(finding(&json, "t.agreements")["status"], "missing");
}

#[test]
fn points_a_source_gives_come_off_the_section_before_the_split() {
    let dir = tempfile::tempdir().unwrap();
    let criteria = criterion(
        "managers",
        "{present: organization.service_management}",
        "            total_points: 5\n            confidence: single_source\n",
    ) + &criterion("a", "{present: channels.hotlines}", "")
        + &criterion("b", "{present: network.outlets}", "");
    let std = standard(dir.path(), &criteria, "");
    let path = doc(dir.path(), "d.yaml", "");
    let (json, _) = check_json(&["--standard", &std, &path]);
    let max = |id| finding(&json, id)["max_points"].as_f64().unwrap();
    assert!((max("t.managers") - 5.0).abs() < 1e-9);
    assert!((max("t.a") - 47.5).abs() < 1e-9);
    assert!((max("t.b") - 47.5).abs() < 1e-9);
}

/// Runs `standards lint` on a standard and returns stderr, asserting exit code 2.
fn lint_fails(path: &str) -> String {
    let before = std::fs::read(path).unwrap();
    let out = aftercert()
        .args(["standards", "lint", "--lang", "en", path])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(std::fs::read(path).unwrap(), before);
    err
}

const DEDUCTION: &str = "deductions:
  - id: t.sd-refund
    title: {zh: 退款, en: Refund}
    rationale: {zh: 依据, en: Why}
    remediation: {zh: 整改, en: Fix}
    check: {compare: {path: policies.warranty.refund_days, op: '<=', value: 7}}
";

#[test]
fn a_deduction_without_a_ground_or_counted_twice_without_a_reason_fails_lint() {
    let dir = tempfile::tempdir().unwrap();
    let refund = "{compare: {path: policies.warranty.refund_days, op: '<=', value: 7}}";
    let path = standard(
        dir.path(),
        &criterion("refund", refund, ""),
        &format!("\n{DEDUCTION}"),
    );
    let err = lint_fails(&path);
    assert!(err.contains("standard-scoring"), "{err}");
    assert!(err.contains("does not say on what ground"), "{err}");
    assert!(
        err.contains("reads the same fact as criterion `t.refund`"),
        "{err}"
    );
    assert!(err.contains("t.yaml:26:9"), "{err}");
    // Listed, but with no reason.
    let listed = DEDUCTION.replace(
        "    check:",
        "    ground: law\n    counts_with: [t.refund]\n    check:",
    );
    let path = standard(
        dir.path(),
        &criterion("refund", refund, ""),
        &format!("\n{listed}"),
    );
    let err = lint_fails(&path);
    assert!(err.contains("gives no reason (`basis`"), "{err}");
    // With the reason, it passes.
    let reasoned = listed.replace(
        "    check:",
        "    basis: {zh: 违法同时计为不符合项和特别扣分项, en: A breach of law is both}\n    check:",
    );
    let path = standard(
        dir.path(),
        &criterion("refund", refund, ""),
        &format!("\n{reasoned}"),
    );
    let out = aftercert()
        .args(["standards", "lint", &path])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_age_restated_against_the_record_catalogue_fails_lint() {
    let dir = tempfile::tempdir().unwrap();
    let criteria = criterion(
        "training",
        "{recent: {path: 'people.training[].last_held', months: 24}}",
        "",
    ) + &criterion("survey", "{current: surveys}", "");
    let path = standard(dir.path(), &criteria, "");
    let err = lint_fails(&path);
    assert!(
        err.contains("age limit is stated once in records.yaml"),
        "{err}"
    );
    assert!(err.contains("current: training"), "{err}");
    assert!(
        err.contains("unknown record kind `surveys`; did you mean `survey`?"),
        "{err}"
    );
}

#[test]
fn fixed_points_without_a_source_fail_lint() {
    let dir = tempfile::tempdir().unwrap();
    let criteria = criterion(
        "managers",
        "{present: organization.service_management}",
        "            total_points: 5\n            confidence: assumed\n",
    );
    let path = standard(dir.path(), &criteria, "");
    let err = lint_fails(&path);
    assert!(err.contains("needs a source"), "{err}");
}

/// The first field path (`policies.manual.date`, `customers.kpis[]`) in a text, if any:
/// a document section's key followed by a dot and a field.
fn field_path(text: &str) -> Option<&str> {
    const SECTIONS: [&str; 12] = [
        "company",
        "organization",
        "network",
        "people",
        "resources",
        "policies",
        "customers",
        "improvement",
        "buildout",
        "products",
        "channels",
        "evidence",
    ];
    for (i, _) in text.char_indices() {
        let before = text[..i].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') {
            continue;
        }
        for s in SECTIONS {
            let rest = &text[i..];
            if let Some(after) = rest.strip_prefix(s)
                && let Some(field) = after.strip_prefix('.')
                && field.starts_with(|c: char| c.is_ascii_lowercase())
            {
                let end = field
                    .find(|c: char| !(c.is_ascii_alphanumeric() || "_.[]".contains(c)))
                    .unwrap_or(field.len());
                return Some(&rest[..s.len() + 1 + end]);
            }
        }
    }
    None
}

/// A research tag (`[C]`, `[C1]`, `[R]`, `[S]`, `[X]`) or a word a client would misread
/// ("本文件" means the standard itself in a standard; "故障退货期" is not the trade term).
fn research_word(text: &str) -> Option<&'static str> {
    ["[C]", "[C1]", "[R]", "[S]", "[X]", "本文件", "故障退货期"]
        .into_iter()
        .find(|w| text.contains(w))
}

#[test]
fn the_field_path_finder_finds_paths_and_nothing_else() {
    assert_eq!(
        field_path("state it in policies.manual.date."),
        Some("policies.manual.date.")
    );
    assert_eq!(
        field_path("见 customers.kpis[].period"),
        Some("customers.kpis[].period")
    );
    assert_eq!(field_path("e.g. the company. Then"), None);
    assert_eq!(field_path("records.yaml and x.policies.y"), None);
}

#[test]
fn no_built_in_text_for_the_client_names_a_field_path_or_a_research_tag() {
    let (lib, _) = aftercert::standard::load::load_library(Vec::new());
    let mut leaks = Vec::new();
    for s in &lib.standards {
        let st = &s.standard;
        let own = [
            ("description", st.description.as_ref()),
            ("scoring note", st.scoring.note.as_ref()),
        ];
        let evidence = st.evidence.iter().map(|e| ("evidence", Some(&e.title)));
        for (field, text) in own.into_iter().chain(evidence) {
            for t in text.into_iter().flat_map(|t| [&t.zh, &t.en]) {
                if let Some(p) = field_path(t) {
                    leaks.push(format!("{} {field}: `{p}`", s.id()));
                }
                if let Some(w) = research_word(t) {
                    leaks.push(format!("{} {field}: {w}", s.id()));
                }
            }
        }
        for r in &s.rules {
            let texts = [
                ("title", Some(&r.title)),
                ("requirement", Some(&r.requirement)),
                ("nonconformity", r.nonconformity.as_ref()),
                ("rationale", Some(&r.rationale)),
                ("remediation", Some(&r.remediation)),
                ("basis", r.basis.as_ref()),
            ];
            for (field, text) in texts {
                for t in text.into_iter().flat_map(|t| [&t.zh, &t.en]) {
                    if let Some(p) = field_path(t) {
                        leaks.push(format!("{} {field}: `{p}`", r.id));
                    }
                    if let Some(w) = research_word(t) {
                        leaks.push(format!("{} {field}: {w}", r.id));
                    }
                }
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "{} texts name field paths:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
}

/// The gbt27922 report of a fixture at an audit date.
fn gbt_at(fixture: &str, as_of: &str) -> serde_json::Value {
    let out = aftercert()
        .args([
            "check",
            "--format",
            "json",
            "--standard",
            "gbt27922",
            "--as-of",
            as_of,
        ])
        .arg(crate::support::fixture(fixture))
        .output()
        .unwrap();
    let json: serde_json::Value = crate::support::report_json(&out.stdout);
    json["documents"][0].clone()
}

fn band(doc: &serde_json::Value) -> usize {
    let id = doc["rating"]["id"].as_str().unwrap();
    ["fail", "compliant", "three-star", "four-star", "five-star"]
        .iter()
        .position(|b| *b == id)
        .unwrap_or_else(|| panic!("unknown rating {id}"))
}

#[test]
fn a_company_whose_records_went_stale_between_two_audits_drops_a_whole_level() {
    // The same document, audited when its records were fresh and two years later, when its
    // training, surveys, KPI periods, reviews and some certificates have aged.
    let fresh = gbt_at("appliance-mature.yaml", "2026-11-23");
    let later = gbt_at("appliance-mature.yaml", "2028-11-23");
    assert!(
        band(&later) < band(&fresh),
        "{} ({}) then {} ({})",
        fresh["rating"]["id"],
        fresh["score"],
        later["rating"]["id"],
        later["score"]
    );
    let score = |d: &serde_json::Value| d["score"].as_f64().unwrap();
    assert!(
        score(&fresh) - score(&later) >= 5.0,
        "{} → {}",
        score(&fresh),
        score(&later)
    );
}

#[test]
fn certified_managers_are_worth_five_of_a_hundred_points_from_a_single_source() {
    let doc = gbt_at("appliance-mature.yaml", "2026-11-23");
    let f = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["clause"] == "5.1.2.2")
        .expect("a 5.1.2.2 finding");
    assert!(
        (f["max_points"].as_f64().unwrap() - 5.0).abs() < 1e-9,
        "{f}"
    );
    assert_eq!(f["confidence"], "single_source", "{f}");
}

#[test]
fn the_built_in_folder_lints_clean_and_its_data_tables_are_not_taken_for_standards() {
    let out = aftercert()
        .args(["standards", "lint", "--lang", "en", "standards/"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    for table in ["records.yaml", "labels.yaml", "statutory-terms.yaml"] {
        assert!(!err.contains(table), "{table}: {err}");
    }
}
