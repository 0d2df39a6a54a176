//! Reports carry the scoring facts an auditor signs: silent and short gaps in every
//! format, baselines and diff; documentation coverage beside the score; scores shown to
//! one decimal and never rounded up onto a threshold they fail; the next-level plan as
//! actions; the build-out stage stated or not.

use crate::support::aftercert_in;
use serde_json::Value;
use std::path::Path;

/// A small standard: a name worth 40 points, privacy safeguards worth 60 (with an
/// auditor's texts), and a special deduction counted with the privacy criterion.
const STANDARD: &str = r#"aftercert_standard: 1
id: rs
version: "1"
title: {zh: 报告测试, en: Report test}
source: "test"
scoring: {method: weighted, deduction_points: 1, bonus_cap: 1, confidence: confirmed}
ratings:
  - {id: fail, label: {zh: 不合格, en: Fail}, min: 0}
  - {id: compliant, label: {zh: 达标, en: Compliant}, min: 70}
pass: compliant
sections:
  - id: s
    title: {zh: 节, en: Section}
    weight: 100
    confidence: confirmed
    indicators:
      - id: i
        title: {zh: 指标, en: Indicator}
        confidence: confirmed
        criteria:
          - id: rs.named
            title: {zh: 写明名称, en: Name stated}
            rationale: {zh: 理由, en: Why}
            remediation: {zh: 写明企业名称。, en: State the company's name.}
            points: 40
            confidence: confirmed
            check: {present: company.name}
          - id: rs.privacy
            clause: "9.1"
            title: {zh: 隐私保护, en: Privacy}
            requirement: {zh: 企业应采取客户信息保护措施。, en: The company protects customer data.}
            nonconformity: {zh: 未见客户信息保护措施。, en: No customer-data safeguards were shown.}
            rationale: {zh: 理由, en: Why}
            remediation: {zh: 建立客户信息保护制度并落实。, en: Set up and apply customer-data safeguards.}
            hint: {zh: 填写 resources.crm.privacy_safeguards。, en: Fill in resources.crm.privacy_safeguards.}
            points: 60
            confidence: confirmed
            check: {flag: resources.crm.privacy_safeguards}
          - id: rs.outlet-agreements
            title: {zh: 委托网点有协议, en: Entrusted outlets have agreements}
            rationale: {zh: 理由, en: Why}
            remediation: {zh: 与每个委托网点签订协议。, en: Sign an agreement with every entrusted outlet.}
            points: 10
            confidence: confirmed
            check:
              each:
                path: network.outlets
                where: {mode: entrusted}
                allow_empty: true
                check: {present: evidence}
deductions:
  - id: rs.sd-privacy
    clause: "9.9"
    title: {zh: 特别扣分：未保护客户信息, en: "Special deduction: customer data unprotected"}
    rationale: {zh: 理由, en: Why}
    remediation: {zh: 落实客户信息保护。, en: Protect customer data.}
    ground: law
    counts_with: [rs.privacy]
    basis: {zh: 法律另有规定, en: the law requires it separately}
    check: {flag: resources.crm.privacy_safeguards}
"#;

/// Says nothing on privacy.
const SILENT: &str = "aftercert: 1\ncompany:\n  name: X\n";
/// States privacy safeguards, and falls short.
const SHORT: &str =
    "aftercert: 1\ncompany:\n  name: X\nresources:\n  crm:\n    privacy_safeguards: false\n";

/// A standard whose score lands just under its 70 threshold (69.996) or on it (70).
fn edge_standard(named: u32, other: u32) -> String {
    format!(
        r#"aftercert_standard: 1
id: edge
version: "1"
title: {{zh: 边界, en: Edge}}
source: "test"
scoring: {{method: weighted, confidence: confirmed}}
ratings:
  - {{id: fail, label: {{zh: 不合格, en: Fail}}, min: 0}}
  - {{id: compliant, label: {{zh: 达标, en: Compliant}}, min: 70}}
pass: compliant
sections:
  - id: s
    title: {{zh: 节, en: Section}}
    weight: 100
    confidence: confirmed
    indicators:
      - id: i
        title: {{zh: 指标, en: Indicator}}
        confidence: confirmed
        criteria:
          - id: edge.named
            title: {{zh: 写明名称, en: Name stated}}
            rationale: {{zh: 理由, en: Why}}
            remediation: {{zh: 做法, en: What to do}}
            points: {named}
            confidence: confirmed
            check: {{present: company.name}}
          - id: edge.privacy
            title: {{zh: 隐私, en: Privacy}}
            rationale: {{zh: 理由, en: Why}}
            remediation: {{zh: 做法, en: What to do}}
            points: {other}
            confidence: confirmed
            check: {{flag: resources.crm.privacy_safeguards}}
"#
    )
}

/// A folder with the test standard and both documents.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rs.yaml"), STANDARD).unwrap();
    std::fs::write(dir.path().join("silent.yaml"), SILENT).unwrap();
    std::fs::write(dir.path().join("short.yaml"), SHORT).unwrap();
    dir
}

/// Runs `check --no-config --as-of 2026-11-23` in `dir`; exit code and stdout.
fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = aftercert_in(dir)
        .args([
            "check",
            "--edition",
            "technical",
            "--no-config",
            "--as-of",
            "2026-11-23",
        ])
        .args(args)
        .output()
        .unwrap();
    let code = out.status.code().unwrap_or(-1);
    assert!(
        matches!(code, 0 | 1),
        "exit {code}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (code, String::from_utf8(out.stdout).unwrap())
}

/// A report of one document against the test standard.
fn report(dir: &Path, doc: &str, format: &str, lang: &str) -> String {
    run(
        dir,
        &[
            "--standard",
            "rs.yaml",
            "--format",
            format,
            "--lang",
            lang,
            doc,
        ],
    )
    .1
}

fn json(dir: &Path, doc: &str) -> Value {
    crate::support::report_json(report(dir, doc, "json", "en"))
}

fn finding<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["criterion"] == id)
        .unwrap_or_else(|| panic!("no finding {id}"))
}

#[test]
fn silent_and_short_differ_in_json_with_coverage() {
    let dir = folder();
    let (silent, short) = (
        json(dir.path(), "silent.yaml"),
        json(dir.path(), "short.yaml"),
    );
    let (silent, short) = (&silent["documents"][0], &short["documents"][0]);
    assert_eq!(finding(silent, "rs.privacy")["gap"], "silent");
    assert_eq!(finding(short, "rs.privacy")["gap"], "short");
    assert_eq!(finding(silent, "rs.named")["gap"], Value::Null);
    // The same score, but the silent document speaks to 40 of the 100 points.
    assert_eq!(silent["score"], short["score"]);
    let cov = |d: &Value| d["coverage"].as_f64().unwrap();
    assert!((cov(silent) - 0.4).abs() < 1e-9, "{}", silent["coverage"]);
    assert!((cov(short) - 1.0).abs() < 1e-9, "{}", short["coverage"]);
    assert_eq!(silent["coverage_shown"], "40.0%");
    assert_eq!(
        (silent["gaps_silent"].clone(), silent["gaps_short"].clone()),
        (2.into(), 0.into())
    );
    assert_eq!(
        (short["gaps_silent"].clone(), short["gaps_short"].clone()),
        (0.into(), 2.into())
    );
}

#[test]
fn the_auditors_texts_are_in_json_and_the_author_hint_is_apart() {
    let dir = folder();
    let doc = &json(dir.path(), "silent.yaml")["documents"][0];
    let f = finding(doc, "rs.privacy");
    assert_eq!(f["requirement"], "The company protects customer data.");
    assert_eq!(
        f["nonconformity"],
        "No customer-data safeguards were shown."
    );
    assert_eq!(f["hint"], "Fill in resources.crm.privacy_safeguards.");
    assert_eq!(
        f["remediation"],
        "Set up and apply customer-data safeguards."
    );
    let sd = finding(doc, "rs.sd-privacy");
    assert_eq!(sd["ground"], "law");
    assert_eq!(sd["counts_with"], serde_json::json!(["rs.privacy"]));
    assert_eq!(sd["basis"], "the law requires it separately");
    let also = sd["also_counted"].as_str().unwrap();
    assert!(
        also.contains("9.1") && also.contains("because the law requires it separately"),
        "{also}"
    );
    // Markdown: the hint is marked for the author and never inside the corrective action.
    let md = report(dir.path(), "silent.yaml", "markdown", "zh");
    assert!(
        md.contains("编写提示（供文件编写人）: 填写 resources.crm.privacy\\_safeguards。"),
        "{md}"
    );
    assert!(
        md.contains("**整改要求:** 建立客户信息保护制度并落实。\n"),
        "{md}"
    );
    assert!(
        md.contains("同一事实亦计入 9.1 隐私保护，依据：法律另有规定"),
        "{md}"
    );
    assert!(md.contains("违反法律法规"), "{md}");
    let html = report(dir.path(), "silent.yaml", "html", "en");
    assert!(html.contains(r#"<aside class="hint"><span class="label">✎ For the document&#x27;s author:</span> Fill in resources.crm.privacy_safeguards.</aside>"#), "{html}");
}

#[test]
fn silent_and_short_differ_in_sarif_junit_csv_and_github() {
    let dir = folder();
    let sarif =
        |doc| -> Value { serde_json::from_str(&report(dir.path(), doc, "sarif", "en")).unwrap() };
    let privacy = |log: &Value| {
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["ruleId"] == "rs.privacy")
            .unwrap()["properties"]
            .clone()
    };
    let (s, h) = (
        privacy(&sarif("silent.yaml")),
        privacy(&sarif("short.yaml")),
    );
    assert_eq!(
        (s["gap"].as_str(), h["gap"].as_str()),
        (Some("silent"), Some("short"))
    );
    assert!((s["coverage"].as_f64().unwrap() - 0.4).abs() < 1e-9);
    assert!((h["coverage"].as_f64().unwrap() - 1.0).abs() < 1e-9);

    let junit = report(dir.path(), "silent.yaml", "junit", "en");
    assert!(
        junit.contains(r#"type="minor.silent""#) || junit.contains(".silent\""),
        "{junit}"
    );
    assert!(junit.contains("[Not addressed in the document]"), "{junit}");
    assert!(
        junit.contains(r#"<property name="coverage" value="40.0%"/>"#),
        "{junit}"
    );
    let junit = report(dir.path(), "short.yaml", "junit", "en");
    assert!(junit.contains(".short\""), "{junit}");
    assert!(
        junit.contains("[Falls short of the requirement]"),
        "{junit}"
    );
    assert!(
        junit.contains(r#"<property name="coverage" value="100.0%"/>"#),
        "{junit}"
    );

    let csv_row = |doc| {
        let csv = report(dir.path(), doc, "csv", "en");
        let mut rows = csv.trim_start_matches('\u{feff}').lines();
        let header: Vec<&str> = rows.next().unwrap().split(',').collect();
        let gap = header.iter().position(|h| *h == "gap").unwrap();
        let cov = header.iter().position(|h| *h == "coverage").unwrap();
        let row = rows
            .find(|r| r.contains("rs.privacy,"))
            .unwrap()
            .to_string();
        let cells: Vec<String> = row.split(',').map(str::to_string).collect();
        (cells[gap].clone(), cells[cov].clone())
    };
    assert_eq!(
        csv_row("silent.yaml"),
        ("silent".to_string(), "0.4".to_string())
    );
    assert_eq!(
        csv_row("short.yaml"),
        ("short".to_string(), "1".to_string())
    );

    let gh = report(dir.path(), "silent.yaml", "github", "zh");
    assert!(gh.contains("[文件未作规定]"), "{gh}");
    let gh = report(dir.path(), "short.yaml", "github", "zh");
    assert!(gh.contains("[规定未达要求]"), "{gh}");
}

#[test]
fn coverage_is_shown_beside_the_score_in_every_human_format() {
    let dir = folder();
    let md = report(dir.path(), "silent.yaml", "markdown", "en");
    assert!(
        md.contains("| Score | **39.0** / 100 |\n| Documentation coverage | **40.0%** |"),
        "{md}"
    );
    assert!(
        md.contains("2 not addressed in the document, 0 falling short of the requirement"),
        "{md}"
    );
    assert!(md.contains("— Not addressed in the document"), "{md}");
    let md = report(dir.path(), "short.yaml", "markdown", "zh");
    assert!(md.contains("| 文件覆盖率 | **100.0%** |"), "{md}");
    assert!(md.contains("— 规定未达要求"), "{md}");
    let html = report(dir.path(), "silent.yaml", "html", "en");
    assert!(
        html.contains("<dt>Documentation coverage</dt><dd><strong>40.0%</strong></dd>"),
        "{html}"
    );
    assert!(html.contains(r#"data-gap="silent""#) && html.contains(r#"<select name="gap">"#));
    let html = report(dir.path(), "short.yaml", "html", "en");
    assert!(html.contains(r#"data-gap="short""#) && !html.contains(r#"data-gap="silent""#));
    // The quiet gate lines.
    let out = aftercert_in(dir.path())
        .args([
            "check",
            "--edition",
            "technical",
            "--no-config",
            "-q",
            "--as-of",
            "2026-11-23",
            "--standard",
            "rs.yaml",
            "silent.yaml",
        ])
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("39.0 (documentation coverage 40.0%)"),
        "{text}"
    );
}

#[test]
fn scores_are_shown_to_one_decimal_and_never_rounded_onto_a_threshold() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("under.yaml"), edge_standard(69996, 30004)).unwrap();
    std::fs::write(dir.path().join("on.yaml"), edge_standard(70, 30)).unwrap();
    std::fs::write(dir.path().join("doc.yaml"), SILENT).unwrap();
    let (code, out) = run(
        dir.path(),
        &["--standard", "under.yaml", "--format", "json", "doc.yaml"],
    );
    let doc = &crate::support::report_json(&out)["documents"][0];
    assert_eq!(code, 1, "69.996 fails the 70 gate");
    assert!(
        (doc["score"].as_f64().unwrap() - 69.996).abs() < 1e-9,
        "JSON keeps full precision"
    );
    assert_eq!(doc["score_shown"], "69.9");
    let shown = |format: &str| {
        run(
            dir.path(),
            &["--standard", "under.yaml", "--format", format, "doc.yaml"],
        )
        .1
    };
    let md = shown("markdown");
    assert!(md.contains("| Score | **69.9** / 100 |"), "{md}");
    // No figure of the score or its subtotals is rounded up onto the threshold.
    assert!(!md.contains("**70.0**") && !md.contains("| 70.0 |"), "{md}");
    assert!(!md.contains("69.99"), "two decimals shown: {md}");
    let html = shown("html");
    assert!(
        html.contains(r#"class="score" text-anchor="middle">69.9</text>"#)
            && html.contains("<strong>69.9</strong> / 100"),
        "{html}"
    );
    assert!(
        !html.contains(">70.0<") && !html.contains(">69.99"),
        "{html}"
    );
    let (_, junit) = run(
        dir.path(),
        &["--standard", "under.yaml", "--format", "junit", "doc.yaml"],
    );
    assert!(
        junit.contains(r#"<property name="score" value="69.9"/>"#),
        "{junit}"
    );
    // A score on the threshold passes and is shown on it.
    let (code, out) = run(
        dir.path(),
        &["--standard", "on.yaml", "--format", "json", "doc.yaml"],
    );
    assert_eq!(code, 0);
    assert_eq!(
        crate::support::report_json(&out)["documents"][0]["score_shown"],
        "70.0"
    );
}

#[test]
fn next_level_steps_are_actions_in_words() {
    let dir = folder();
    let doc = &json(dir.path(), "silent.yaml")["documents"][0];
    let steps = doc["next_level"]["steps"].as_array().unwrap();
    assert!(!steps.is_empty(), "{}", doc["next_level"]);
    for s in steps {
        let kind = s["kind"].as_str().unwrap();
        assert!(
            ["close-gap", "remove-deduction", "earn-bonus"].contains(&kind),
            "{s}"
        );
        assert!(
            s["also"].is_array() && s["gain"].as_f64().unwrap() > 0.0,
            "{s}"
        );
        assert!(!s["action"].as_str().unwrap().is_empty(), "{s}");
    }
    // The deduction counts with the privacy criterion: one action removes both, with
    // both gains (1 + 60), and the criterion is not offered again on its own.
    assert_eq!(steps.len(), 1, "{steps:?}");
    let step = &steps[0];
    assert_eq!(step["kind"], "remove-deduction", "{step}");
    assert_eq!(step["criterion"], "rs.sd-privacy", "{step}");
    assert_eq!(step["also"], serde_json::json!(["rs.privacy"]), "{step}");
    assert_eq!(step["remediation"], "Protect customer data.");
    assert!(
        (step["gain"].as_f64().unwrap() - 61.0).abs() < 1e-9,
        "{step}"
    );
    let md = report(dir.path(), "silent.yaml", "markdown", "zh");
    assert!(
        md.contains("`rs.sd-privacy`") && md.contains("+61.0"),
        "{md}"
    );
}

#[test]
fn baseline_records_the_gap_kind_and_reads_older_baselines() {
    let dir = folder();
    run(
        dir.path(),
        &[
            "--standard",
            "rs.yaml",
            "--write-baseline",
            "base.json",
            "silent.yaml",
        ],
    );
    let base: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("base.json")).unwrap())
            .unwrap();
    let entry = base["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["criterion"] == "rs.privacy")
        .unwrap()
        .clone();
    assert_eq!(entry["gap"], "silent");
    // The same document now states something that falls short: the change is reported.
    std::fs::write(dir.path().join("silent.yaml"), SHORT).unwrap();
    let (_, out) = run(
        dir.path(),
        &[
            "--standard",
            "rs.yaml",
            "--baseline",
            "base.json",
            "--format",
            "json",
            "silent.yaml",
        ],
    );
    let doc = &crate::support::report_json(&out)["documents"][0];
    assert_eq!(finding(doc, "rs.privacy")["gap_change"], "silent-to-short");
    // A baseline written before gaps had a kind still reads, and reports no change.
    let mut old = base.clone();
    for e in old["gaps"].as_array_mut().unwrap() {
        e.as_object_mut().unwrap().remove("gap");
    }
    std::fs::write(dir.path().join("old.json"), old.to_string()).unwrap();
    let (_, out) = run(
        dir.path(),
        &[
            "--standard",
            "rs.yaml",
            "--baseline",
            "old.json",
            "--format",
            "json",
            "silent.yaml",
        ],
    );
    let doc = &crate::support::report_json(&out)["documents"][0];
    assert_eq!(finding(doc, "rs.privacy")["change"], "unchanged");
    assert_eq!(finding(doc, "rs.privacy")["gap_change"], Value::Null);
}

#[test]
fn diff_reports_a_change_between_silent_and_short() {
    let dir = folder();
    let (_, before) = run(
        dir.path(),
        &["--standard", "rs.yaml", "--format", "json", "silent.yaml"],
    );
    std::fs::write(dir.path().join("before.json"), before).unwrap();
    std::fs::write(dir.path().join("silent.yaml"), SHORT).unwrap();
    let (_, after) = run(
        dir.path(),
        &["--standard", "rs.yaml", "--format", "json", "silent.yaml"],
    );
    std::fs::write(dir.path().join("after.json"), after).unwrap();
    let out = aftercert_in(dir.path())
        .args(["diff", "before.json", "after.json"])
        .output()
        .unwrap();
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(md.contains("### Nature of the gap changed (2)"), "{md}");
    assert!(
        md.contains("Not addressed in the document → Falls short of the requirement"),
        "{md}"
    );
}

#[test]
fn a_build_out_stage_not_stated_is_said_so() {
    let dir = folder();
    let (_, out) = run(
        dir.path(),
        &["--standard", "buildout", "--format", "json", "silent.yaml"],
    );
    let doc = &crate::support::report_json(&out)["documents"][0];
    assert_eq!(doc["stages"]["stated"], false);
    assert_eq!(doc["stages"]["reached_label"], "Build-out stage not stated");
    assert_eq!(doc["rating"]["label"], "Build-out stage not stated");
    let (_, md) = run(
        dir.path(),
        &[
            "--standard",
            "buildout",
            "--format",
            "markdown",
            "--lang",
            "zh",
            "silent.yaml",
        ],
    );
    assert!(md.contains("**建设阶段未说明**"), "{md}");
    assert!(!md.contains("等级 尚未完成任何阶段"), "{md}");
    assert!(!md.contains("**尚未完成任何阶段**"), "{md}");
    // A document that states its build-out gets its stage named.
    let (_, out) = run(
        dir.path(),
        &[
            "--standard",
            "buildout",
            "--format",
            "json",
            &crate::support::root()
                .join("fixtures/startup-organization-stage.yaml")
                .display()
                .to_string(),
        ],
    );
    let doc = &crate::support::report_json(&out)["documents"][0];
    assert_eq!(doc["stages"]["stated"], true);
    assert_ne!(doc["stages"]["reached_label"], "Build-out stage not stated");
}

#[test]
fn a_criterion_with_nothing_to_check_says_why() {
    let dir = folder();
    let doc = &json(dir.path(), "silent.yaml")["documents"][0];
    let f = finding(doc, "rs.outlet-agreements");
    assert_eq!(f["status"], "not-applicable");
    assert_eq!(f["vacuous"], true);
    let note = f["vacuous_note"].as_str().unwrap();
    assert!(
        note.starts_with("Nothing to check, so it does not apply"),
        "{note}"
    );
    assert_eq!(finding(doc, "rs.named")["vacuous"], false);
    let md = report(dir.path(), "silent.yaml", "markdown", "zh");
    assert!(
        md.contains("- `rs.outlet-agreements` 委托网点有协议 — 无可检查的对象，本项不适用"),
        "{md}"
    );
    let html = report(dir.path(), "silent.yaml", "html", "en");
    assert!(
        html.contains("Nothing to check, so it does not apply"),
        "{html}"
    );
}

/// A standard where the only thing between a document and the top level is a special
/// deduction: its name earns every point, and missing privacy safeguards cost 1 point.
const ONE_DEDUCTION_BELOW: &str = r#"aftercert_standard: 1
id: rd
version: "1"
title: {zh: 扣分, en: Deduction}
source: "test"
scoring: {method: weighted, deduction_points: 1, bonus_cap: 1, confidence: confirmed}
ratings:
  - {id: fail, label: {zh: 不合格, en: Fail}, min: 0}
  - {id: top, label: {zh: 最高, en: Top}, min: 99.5}
pass: fail
sections:
  - id: s
    title: {zh: 节, en: Section}
    weight: 100
    confidence: confirmed
    indicators:
      - id: i
        title: {zh: 指标, en: Indicator}
        confidence: confirmed
        criteria:
          - id: rd.named
            title: {zh: 写明名称, en: Name stated}
            rationale: {zh: 理由, en: Why}
            remediation: {zh: 写明企业名称。, en: State the company's name.}
            points: 1
            confidence: confirmed
            check: {present: company.name}
deductions:
  - id: rd.sd-privacy
    title: {zh: 特别扣分：未保护客户信息, en: "Special deduction: customer data unprotected"}
    rationale: {zh: 理由, en: Why}
    remediation: {zh: 落实客户信息保护措施。, en: Put customer-data safeguards in place.}
    ground: system
    check: {flag: resources.crm.privacy_safeguards}
"#;

#[test]
fn removing_a_deduction_is_a_step_in_words() {
    let dir = folder();
    std::fs::write(dir.path().join("rd.yaml"), ONE_DEDUCTION_BELOW).unwrap();
    let (_, out) = run(
        dir.path(),
        &["--standard", "rd.yaml", "--format", "json", "silent.yaml"],
    );
    let doc = &crate::support::report_json(&out)["documents"][0];
    let steps = doc["next_level"]["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 1, "{steps:?}");
    assert_eq!(steps[0]["kind"], "remove-deduction");
    assert_eq!(steps[0]["criterion"], "rd.sd-privacy");
    assert_eq!(
        steps[0]["action"],
        "Remove the cause of the special deduction"
    );
    let md = run(
        dir.path(),
        &[
            "--standard",
            "rd.yaml",
            "--format",
            "markdown",
            "--lang",
            "zh",
            "silent.yaml",
        ],
    )
    .1;
    assert!(
        md.contains("| 1 | 消除特别扣分事项 | `rd.sd-privacy` 特别扣分：未保护客户信息 | 落实客户信息保护措施。 | +1.0 |"),
        "{md}"
    );
    assert!(md.contains("| 影响服务体系运行 |"), "{md}");
}

#[test]
fn a_standard_that_does_not_apply_has_no_silent_or_short_gaps() {
    let dir = folder();
    let fixture = crate::support::root()
        .join("fixtures/startup-organization-stage.yaml")
        .display()
        .to_string();
    let (_, out) = run(
        dir.path(),
        &["--standard", "ecommerce", "--format", "json", &fixture],
    );
    let doc = &crate::support::report_json(&out)["documents"][0];
    assert_eq!(doc["standard_applies"], false);
    let findings = doc["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert!(findings.iter().all(|f| f["gap"].is_null()), "{findings:?}");
    assert_eq!(
        (doc["gaps_silent"].as_u64(), doc["gaps_short"].as_u64()),
        (Some(0), Some(0))
    );
}
