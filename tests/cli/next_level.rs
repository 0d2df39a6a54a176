//! The path to the next level through the binary: removing a special deduction, earning
//! the bonus, and the fail-by-deductions rule. The standard is written by each test, so
//! its points, deductions, bonus and bands are the test's own, not the built-in ones.

use crate::support::aftercert;
use serde_json::Value;
use std::path::Path;

/// A test standard: five scored criteria (25, 25, 25, 20 and 5 points), five special
/// deductions of `dp` points each (the first counts with `nl.c-targets`; five fail the
/// audit), one bonus of 2 points under a cap of 2.
fn standard(dp: f64) -> String {
    let scored = [
        (
            "c-briefed",
            5,
            "flag: organization.philosophy.staff_briefed",
        ),
        (
            "c-promoted",
            5,
            "flag: organization.philosophy.publicly_promoted",
        ),
        (
            "c-targets",
            5,
            "flag: organization.supervision.targets_reviewed",
        ),
        (
            "c-external",
            4,
            "flag: organization.supervision.external_evaluation",
        ),
        (
            "c-hours",
            1,
            "each: {path: channels.hotlines, check: {flag: hours_published}}",
        ),
    ];
    let deductions = [
        // Reads the targets too: the fact it counts with (`counts_with` must share one).
        (
            "d-audit",
            "all: [{flag: organization.supervision.internal_audit}, {flag: organization.supervision.targets_reviewed}]",
        ),
        (
            "d-rewards",
            "flag: organization.supervision.rewards_and_penalties",
        ),
        (
            "d-dedicated",
            "flag: organization.after_sales_department.dedicated",
        ),
        (
            "d-staff",
            "compare: {path: organization.supervision.full_time_staff, op: '>=', value: 1}",
        ),
        (
            "d-headcount",
            "compare: {path: organization.service_management.headcount, op: '>=', value: 1}",
        ),
    ];
    let texts = "title: {zh: 测试条款, en: Test clause}\n    rationale: {zh: 测试, en: Test}\n    \
                 remediation: {zh: 整改, en: Put it right}\n    confidence: confirmed\n    ";
    let mut y = format!(
        "aftercert_standard: 1\nid: nl\nversion: \"1\"\ntitle: {{zh: 测试标准, en: Test standard}}\n\
         source: test\nscoring:\n  method: weighted\n  deduction_points: {dp}\n  bonus_cap: 2\n  \
         fail_at_deductions: 5\n  confidence: confirmed\nratings:\n  \
         - {{id: poor, label: {{zh: 差, en: Poor}}, min: 0}}\n  \
         - {{id: fair, label: {{zh: 中, en: Fair}}, min: 70}}\n  \
         - {{id: good, label: {{zh: 良, en: Good}}, min: 93}}\n  \
         - {{id: best, label: {{zh: 优, en: Best}}, min: 99.5}}\n\
         pass: fair\nsections:\n  - id: s\n    title: {{zh: 节, en: Section}}\n    weight: 100\n    \
         confidence: confirmed\n    indicators:\n      - id: i\n        title: {{zh: 项, en: Indicator}}\n        \
         confidence: confirmed\n        criteria:\n"
    );
    for (id, points, check) in scored {
        let c = format!("  - id: nl.{id}\n    {texts}points: {points}\n    check: {{{check}}}\n");
        for line in c.lines() {
            y.push_str(&format!("        {line}\n"));
        }
    }
    y.push_str("deductions:\n");
    for (id, check) in deductions {
        y.push_str(&format!("  - id: nl.{id}\n    {texts}ground: system\n"));
        if id == "d-audit" {
            y.push_str(
                "    counts_with: [nl.c-targets]\n    basis: {zh: 同一事实, en: The same fact}\n",
            );
        }
        y.push_str(&format!("    check: {{{check}}}\n"));
    }
    y.push_str(&format!(
        "bonus:\n  - id: nl.b-certified\n    {texts}points: 2\n    \
         check: {{compare: {{path: organization.service_management.certified_managers, op: '>=', value: 1}}}}\n"
    ));
    y
}

/// Which facts a test document states: the five scored ones, the five a deduction reads
/// (true: the deduction does not fire), the bonus, and how many of 4 hotlines publish hours.
#[derive(Clone, Copy)]
struct Doc {
    scored: [bool; 4],
    hours_published: usize,
    kept: [bool; 5],
    bonus: bool,
}

impl Doc {
    /// Everything met, no deduction fired, no bonus.
    fn sound() -> Doc {
        Doc {
            scored: [true; 4],
            hours_published: 4,
            kept: [true; 5],
            bonus: false,
        }
    }

    fn yaml(self) -> String {
        let [briefed, promoted, targets, external] = self.scored;
        let [audit, rewards, dedicated, staff, headcount] = self.kept;
        let hotlines: String = (0..4)
            .map(|i| {
                format!(
                    "    - {{number: 400-800-100{i}, hours_published: {}}}\n",
                    i < self.hours_published
                )
            })
            .collect();
        format!(
            "aftercert: 1\ncompany:\n  name: Test Co\n  industry: electronics\n  language: en\n\
             organization:\n  after_sales_department:\n    dedicated: {dedicated}\n  \
             supervision:\n    targets_reviewed: {targets}\n    external_evaluation: {external}\n    \
             internal_audit: {audit}\n    rewards_and_penalties: {rewards}\n    full_time_staff: {}\n  \
             service_management:\n    headcount: {}\n    certified_managers: {}\n  \
             philosophy:\n    staff_briefed: {briefed}\n    publicly_promoted: {promoted}\n\
             channels:\n  hotlines:\n{hotlines}",
            u8::from(staff),
            u8::from(headcount),
            u8::from(self.bonus),
        )
    }
}

/// Runs `check --format json` with the test standard; returns the document's report.
fn report(dir: &Path, dp: f64, doc: Doc) -> Value {
    let std_path = dir.join("nl.yaml");
    let doc_path = dir.join("doc.yaml");
    std::fs::write(&std_path, standard(dp)).unwrap();
    std::fs::write(&doc_path, doc.yaml()).unwrap();
    let out = aftercert()
        .args([
            "check",
            "--format",
            "json",
            "--as-of",
            "2026-11-23",
            "--lang",
            "en",
        ])
        .arg("--standard")
        .arg(&std_path)
        .arg(&doc_path)
        .output()
        .expect("runs");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert_eq!(json["errors"], serde_json::json!([]), "{json}");
    json["documents"][0].clone()
}

fn steps(doc: &Value) -> Vec<(String, f64)> {
    doc["next_level"]["steps"]
        .as_array()
        .unwrap_or_else(|| panic!("a next level with steps: {doc}"))
        .iter()
        .map(|s| {
            (
                s["criterion"].as_str().unwrap_or_default().to_string(),
                s["gain"].as_f64().unwrap_or(f64::NAN),
            )
        })
        .collect()
}

fn score(doc: &Value) -> f64 {
    doc["score"].as_f64().unwrap_or(f64::NAN)
}

#[test]
fn one_deduction_below_the_next_level_the_plan_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    // 95 (the 5-point hotline criterion missing) − 8 = 87, "fair"; "good" needs 93.
    // Closing the gap gives 92 and the bonus 89: only removing the deduction reaches it.
    let doc = Doc {
        hours_published: 0,
        kept: [true, false, true, true, true],
        ..Doc::sound()
    };
    let json = report(dir.path(), 8.0, doc);
    assert!((score(&json) - 87.0).abs() < 1e-6, "{}", score(&json));
    assert_eq!(json["rating"]["id"], "fair");
    assert_eq!(json["next_level"]["rating"]["id"], "good");
    assert_eq!(json["next_level"]["reachable"], true);
    assert_eq!(steps(&json), vec![("nl.d-rewards".to_string(), 8.0)]);
}

#[test]
fn removing_a_deduction_also_closes_the_gap_it_counts_with_in_one_step() {
    let dir = tempfile::tempdir().unwrap();
    // 75 (targets not reviewed) − 8 (no internal audit, counted with the targets) = 67,
    // "poor". One action puts the fact right: 8 + 25 = 33 points, so one step reaches
    // "fair"; the gap is not offered again on its own.
    let doc = Doc {
        scored: [true, true, false, true],
        kept: [false, true, true, true, true],
        ..Doc::sound()
    };
    let json = report(dir.path(), 8.0, doc);
    assert!((score(&json) - 67.0).abs() < 1e-6, "{}", score(&json));
    assert_eq!(json["next_level"]["rating"]["id"], "fair");
    assert_eq!(steps(&json), vec![("nl.d-audit".to_string(), 33.0)]);
}

#[test]
fn a_bonus_worth_more_than_the_last_gap_is_the_step() {
    let dir = tempfile::tempdir().unwrap();
    // 3 of 4 hotlines publish their hours: 98.75, "good"; "best" needs 99.5. Closing the
    // gap adds 1.25, the bonus 2 (its cap): one step either way, and the bonus gains more.
    let doc = Doc {
        hours_published: 3,
        ..Doc::sound()
    };
    let json = report(dir.path(), 8.0, doc);
    assert!((score(&json) - 98.75).abs() < 1e-6, "{}", score(&json));
    assert_eq!(json["next_level"]["rating"]["id"], "best");
    assert_eq!(steps(&json), vec![("nl.b-certified".to_string(), 2.0)]);
    // Once the bonus is earned, closing the gap is what is left.
    let earned = report(dir.path(), 8.0, Doc { bonus: true, ..doc });
    assert_eq!(earned["rating"]["id"], "best");
    assert!(earned["next_level"].is_null(), "{}", earned["next_level"]);
}

#[test]
fn five_deductions_fail_the_audit_and_the_plan_removes_one() {
    let dir = tempfile::tempdir().unwrap();
    // 80 (external evaluation missing) − 5 × 1 = 75: enough for "fair" (70), but five
    // special deductions fail the audit. Closing the 20-point gap does not lift that; one
    // removal does, and it is all that is needed (the first by id among equal gains).
    let doc = Doc {
        scored: [true, true, true, false],
        kept: [false; 5],
        ..Doc::sound()
    };
    let json = report(dir.path(), 1.0, doc);
    assert!((score(&json) - 75.0).abs() < 1e-6, "{}", score(&json));
    assert_eq!(json["failed_by_deductions"], true);
    assert_eq!(json["rating"]["id"], "poor");
    assert_eq!(json["next_level"]["rating"]["id"], "fair");
    assert_eq!(steps(&json), vec![("nl.d-audit".to_string(), 1.0)]);
}

#[test]
fn deductions_below_zero_count_in_full() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing scored is met and all five deductions fire at 30 points: 0 − 150, shown
    // as 0. "Fair" (70) needs 220 points of gains, not 70: seven actions, the removal
    // that also closes the 25-point targets gap first, then the other four removals,
    // then the two largest gaps (ties by id).
    let doc = Doc {
        scored: [false; 4],
        hours_published: 0,
        kept: [false; 5],
        bonus: false,
    };
    let json = report(dir.path(), 30.0, doc);
    assert_eq!(score(&json), 0.0);
    assert_eq!(json["next_level"]["rating"]["id"], "fair");
    assert_eq!(json["next_level"]["reachable"], true);
    let expected = [
        ("nl.d-audit", 55.0),
        ("nl.d-dedicated", 30.0),
        ("nl.d-headcount", 30.0),
        ("nl.d-rewards", 30.0),
        ("nl.d-staff", 30.0),
        ("nl.c-briefed", 25.0),
        ("nl.c-promoted", 25.0),
    ];
    let expected: Vec<(String, f64)> = expected
        .iter()
        .map(|(id, g)| (id.to_string(), *g))
        .collect();
    assert_eq!(steps(&json), expected);
}
