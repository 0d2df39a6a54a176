//! CI features: gates, waivers with expiry, baselines, diffs and directory audits.

use crate::support::{aftercert, aftercert_in, check_json, check_quiet, fixture};

const RETAILER: &str = "fixtures/online-retailer.yaml";

fn doc(json: &serde_json::Value) -> &serde_json::Value {
    &json["documents"][0]
}

#[test]
fn exit_codes_follow_the_gate() {
    let (mature, young) = (
        fixture("appliance-mature.yaml"),
        fixture("startup-organization-stage.yaml"),
    );
    let code = |args: &[&str]| check_quiet(args).0;
    assert_eq!(code(&[&mature]), 0);
    assert_eq!(code(&[&young]), 1);
    assert_eq!(code(&["--min-rating", "five-star", &mature]), 0);
    assert_eq!(
        code(&["--fail-under", "100", &fixture("office-printers-b2b.yaml")]),
        1
    );
    assert_eq!(code(&["--fail-under", "5", &young]), 0);
    assert_eq!(code(&[&fixture("broken/wrong-type.yaml")]), 2);
    let out = aftercert()
        .args(["check", "-q", "--as-of", "2026-13-01", &mature])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "an impossible --as-of is a usage error"
    );
}

#[test]
fn the_report_says_which_gate_failed_and_why() {
    let (json, code) = check_json(&[
        "--min-rating",
        "three-star",
        "--max-gaps",
        "major=0",
        RETAILER,
    ]);
    assert_eq!(code, 1);
    let gate = &doc(&json)["gate"];
    assert_eq!(gate["passed"], false);
    let reasons = gate["reasons"].to_string();
    assert!(
        reasons.contains("below") && reasons.contains("major"),
        "{reasons}"
    );
}

#[test]
fn max_gaps_counts_by_severity() {
    let (json, _) = check_json(&[RETAILER]);
    let major = doc(&json)["gap_counts"]["major"].as_u64().unwrap() as usize;
    assert!(major > 0);
    let (_, code) = check_json(&["--max-gaps", &format!("major={major}"), RETAILER]);
    assert_eq!(code, 0);
    let (_, code) = check_json(&["--max-gaps", &format!("major={}", major - 1), RETAILER]);
    assert_eq!(code, 1);
    aftercert()
        .args(["check", "-q", "--max-gaps", "severe=1", RETAILER])
        .assert()
        .code(2);
}

#[test]
fn waivers_set_gaps_aside_until_they_expire() {
    let (json, _) = check_json(&["--waivers", "fixtures/ci/waivers.yaml", RETAILER]);
    let findings = doc(&json)["findings"].as_array().unwrap();
    let get = |id: &str| findings.iter().find(|f| f["criterion"] == id).unwrap();
    assert_eq!(
        get("gbt27922.certified-manager-ratio")["waiver"]["expired"],
        false
    );
    assert_eq!(get("gbt27922.supervision-body")["waiver"]["expired"], true);
    let warnings = json["warnings"].to_string();
    assert!(
        warnings.contains("waiver-expired")
            && warnings.contains("waiver-expiring")
            && warnings.contains("waiver-unused"),
        "{warnings}"
    );
    // The score is never bent by a waiver.
    let (plain, _) = check_json(&[RETAILER]);
    assert_eq!(doc(&plain)["score"], doc(&json)["score"]);
    // Later, every waiver has expired and the first one counts again.
    let out = aftercert()
        .args([
            "check",
            "--format",
            "json",
            "--as-of",
            "2027-07-01",
            "--waivers",
            "fixtures/ci/waivers.yaml",
            RETAILER,
        ])
        .output()
        .unwrap();
    let later: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = later["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["criterion"] == "gbt27922.certified-manager-ratio")
        .cloned()
        .unwrap();
    assert_eq!(f["waiver"]["expired"], true);
}

#[test]
fn a_waived_gap_does_not_fail_the_gap_gate() {
    let (json, _) = check_json(&[RETAILER]);
    let major = doc(&json)["gap_counts"]["major"].as_u64().unwrap();
    let limit = format!("major={}", major - 1);
    let (_, code) = check_json(&["--max-gaps", &limit, RETAILER]);
    assert_eq!(code, 1);
    let (_, code) = check_json(&[
        "--max-gaps",
        &limit,
        "--waivers",
        "fixtures/ci/waivers.yaml",
        RETAILER,
    ]);
    assert_eq!(
        code, 0,
        "the in-force waiver on a major gap should bring the count under the limit"
    );
}

#[test]
fn waivers_without_justification_or_expiry_are_refused() {
    let out = aftercert()
        .args([
            "check",
            "-q",
            "--waivers",
            "fixtures/ci/waivers-no-justification.yaml",
            RETAILER,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("justification")
            && err.contains("expires")
            && err.contains("waivers-no-justification.yaml:2:"),
        "{err}"
    );
    let out = aftercert()
        .args([
            "check",
            "-q",
            "--waivers",
            "fixtures/ci/waivers-malformed.yaml",
            RETAILER,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("waivers-malformed.yaml:"));
}

#[test]
fn baselines_count_only_new_and_regressed_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("baseline.json");
    aftercert()
        .args([
            "check",
            "-q",
            "--as-of",
            "2026-11-23",
            "--write-baseline",
            base.to_str().unwrap(),
            RETAILER,
        ])
        .assert()
        .code(0);
    // Against its own baseline nothing is new: the gate passes.
    let (json, code) = check_json(&["--baseline", base.to_str().unwrap(), RETAILER]);
    assert_eq!(code, 0, "{}", doc(&json)["gate"]);
    assert!(
        doc(&json)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["status"] == "missing")
            .all(|f| f["change"] == "unchanged")
    );
    // A worse document has new gaps.
    let worse = dir.path().join("worse.yaml");
    let text = std::fs::read_to_string(RETAILER)
        .unwrap()
        .replace("staff_aware: true", "staff_aware: false");
    std::fs::write(&worse, text).unwrap();
    let b = std::fs::read_to_string(&base).unwrap().replace(
        "fixtures/online-retailer.yaml",
        &worse.display().to_string(),
    );
    std::fs::write(&base, b).unwrap();
    let out = aftercert()
        .args([
            "check",
            "--format",
            "json",
            "--as-of",
            "2026-11-23",
            "--baseline",
            base.to_str().unwrap(),
            worse.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        json["documents"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["change"] == "new")
    );
}

#[test]
fn a_malformed_baseline_is_an_error_with_a_position() {
    let out = aftercert()
        .args([
            "check",
            "-q",
            "--baseline",
            "fixtures/ci/baseline-malformed.json",
            RETAILER,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("baseline-invalid") && err.contains("baseline-malformed.json:1:"),
        "{err}"
    );
}

#[test]
fn diff_lists_new_fixed_and_score_change() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old.json"), dir.path().join("new.json"));
    let better = dir.path().join("retailer.yaml");
    let text = std::fs::read_to_string(RETAILER).unwrap();
    std::fs::write(&better, &text).unwrap();
    aftercert()
        .args([
            "check",
            "-q",
            "--as-of",
            "2026-11-23",
            "-o",
            &format!("json:{}", old.display()),
            better.to_str().unwrap(),
        ])
        .assert()
        .code(0);
    std::fs::write(
        &better,
        text.replace("customer_training: false", "customer_training: true"),
    )
    .unwrap();
    aftercert()
        .args([
            "check",
            "-q",
            "--as-of",
            "2027-02-23",
            "-o",
            &format!("json:{}", new.display()),
            better.to_str().unwrap(),
        ])
        .assert()
        .code(0);
    let out = aftercert()
        .args([
            "diff",
            old.to_str().unwrap(),
            new.to_str().unwrap(),
            "--lang",
            "en",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(
        md.contains("Fixed") && md.contains("customer-training") && md.contains("+"),
        "{md}"
    );
    let html = dir.path().join("diff.html");
    aftercert()
        .args([
            "diff",
            old.to_str().unwrap(),
            new.to_str().unwrap(),
            "-o",
            html.to_str().unwrap(),
        ])
        .assert()
        .code(0);
    let page = std::fs::read_to_string(html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("customer-training"));
    aftercert()
        .args(["diff", "Cargo.toml", new.to_str().unwrap()])
        .assert()
        .code(2);
}

#[test]
fn directory_audits_skip_other_yaml_and_are_deterministic() {
    let run = |threads: &str| {
        let out = aftercert()
            .env("RAYON_NUM_THREADS", threads)
            .args([
                "check",
                "--format",
                "json",
                "--as-of",
                "2026-11-23",
                "-v",
                "--lang",
                "en",
                "fixtures",
            ])
            .output()
            .unwrap();
        (
            out.stdout,
            String::from_utf8_lossy(&out.stderr).into_owned(),
            out.status.code(),
        )
    };
    let (one, err, code) = run("1");
    let (two, _, _) = run("2");
    assert_eq!(one, two, "output must not depend on the number of threads");
    assert_eq!(
        code,
        Some(2),
        "fixtures/broken makes the run exit 2 after auditing the rest"
    );
    assert!(
        err.contains("compose.yaml") && err.contains("not a process document"),
        "{err}"
    );
    let json: serde_json::Value = serde_json::from_slice(&one).unwrap();
    let paths: Vec<&str> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.iter().any(|p| p.ends_with("appliance-mature.yaml"))
            && paths
                .iter()
                .any(|p| p.ends_with("startup-organization-stage.yaml"))
    );
}

#[test]
fn output_dir_writes_one_report_per_document_and_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    aftercert()
        .args([
            "check",
            "-q",
            "--as-of",
            "2026-11-23",
            "--output-dir",
            dir.path().to_str().unwrap(),
            &fixture("appliance-mature.yaml"),
            RETAILER,
        ])
        .assert()
        .code(0);
    for f in [
        "appliance-mature.md",
        "appliance-mature.json",
        "online-retailer.md",
        "online-retailer.json",
        "summary.md",
    ] {
        assert!(dir.path().join(f).is_file(), "{f} missing");
    }
    let summary = std::fs::read_to_string(dir.path().join("summary.md")).unwrap();
    assert!(summary.contains("appliance-mature.yaml") && summary.contains("online-retailer.yaml"));
}

#[test]
fn project_config_is_found_upwards_and_flags_win() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("a/b");
    std::fs::create_dir_all(&sub).unwrap();
    let config = dir.path().join("aftercert.yaml");
    let doc = crate::support::root().join(RETAILER);
    let doc = doc.to_str().unwrap();
    std::fs::write(&config, "gate:\n  min_rating: five-star\n").unwrap();
    let check = |extra: &[&str]| {
        aftercert_in(&sub)
            .args(["check", "-q", "--as-of", "2026-11-23"])
            .args(extra)
            .arg(doc)
            .output()
            .unwrap()
    };
    assert_eq!(
        check(&[]).status.code(),
        Some(1),
        "the config's gate applies"
    );
    assert_eq!(
        check(&["--fail-under", "1"]).status.code(),
        Some(0),
        "a gate flag replaces the config's gate"
    );
    std::fs::write(&config, "gate:\n  min_ratin: five-star\n").unwrap();
    let out = check(&[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("aftercert.yaml:2:3"), "{err}");
}

#[test]
fn tailoring_needs_a_reason_and_is_listed() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("aftercert.yaml");
    let doc = crate::support::root().join(RETAILER);
    let check = || {
        aftercert_in(dir.path())
            .args(["check", "--format", "json", "--as-of", "2026-11-23"])
            .arg(&doc)
            .output()
            .unwrap()
    };
    let entry = "tailoring:\n  - id: gbt27922.research-unit\n    not_applicable: true\n";
    std::fs::write(
        &config,
        format!("{entry}    reason: We are a trading company; product research is the maker's.\n"),
    )
    .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&check().stdout).unwrap();
    let f = json["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["criterion"] == "gbt27922.research-unit")
        .cloned()
        .unwrap();
    assert_eq!(f["status"], "not-applicable");
    assert!(f["tailored"].as_str().unwrap().contains("trading company"));
    std::fs::write(&config, entry).unwrap();
    let out = check();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("tailoring-invalid"));
}

#[test]
fn overdue_build_out_items_warn_and_a_waiver_on_the_code_silences_them() {
    let startup = fixture("startup-organization-stage.yaml");
    let (json, _) = check_json(&[&startup]);
    let warnings = json["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w["code"] == "overdue" && w["line"].as_u64().unwrap() > 0),
        "{warnings:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let waivers = dir.path().join("w.yaml");
    std::fs::write(&waivers, format!("waivers:\n  - criterion: overdue\n    document: {startup}\n    justification: Re-planned at the board meeting of 2026-11-20.\n    approver: CEO\n    expires: 2027-01-31\n")).unwrap();
    let (json, _) = check_json(&["--waivers", waivers.to_str().unwrap(), &startup]);
    assert!(
        !json["warnings"].to_string().contains("\"overdue\""),
        "{}",
        json["warnings"]
    );
}

#[test]
fn an_output_that_is_a_pipe_is_written_in_place_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("report.json");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    aftercert()
        .args([
            "check",
            "-q",
            "--as-of",
            "2026-11-23",
            "-o",
            &format!("json:{}", fifo.display()),
            &fixture("appliance-mature.yaml"),
        ])
        .assert()
        .code(0);
    let text = reader.join().unwrap();
    assert!(text.contains("\"documents\""));
    assert!(
        std::fs::metadata(&fifo).unwrap().file_type().is_fifo(),
        "the pipe must not be replaced by a file"
    );
}
