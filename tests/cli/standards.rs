//! Standards: the built-in library, its examples, linting, `explain` and the fixtures' levels.

use crate::support::{aftercert, check_json, fixture};

#[test]
fn every_built_in_criterion_is_tested_met_and_not_met() {
    let out = aftercert().args(["standards", "test"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = aftercert().args(["--help"]).output().unwrap();
    assert!(list.status.success());
    // Every criterion of every built-in standard has a passing and a failing example run.
    let json: serde_json::Value = {
        let out = aftercert()
            .args([
                "check",
                "--format",
                "json",
                "--as-of",
                "2026-11-23",
                "--standard",
                "all",
                &fixture("appliance-mature.yaml"),
            ])
            .output()
            .unwrap();
        crate::support::report_json(&out.stdout)
    };
    for doc in json["documents"].as_array().unwrap() {
        for f in doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .chain(doc["bonus"].as_array().unwrap())
        {
            let id = f["criterion"].as_str().unwrap();
            assert!(
                stdout.contains(&format!("ok   {id}/pass")),
                "{id} has no passing example run"
            );
            assert!(
                stdout.contains(&format!("ok   {id}/fail")),
                "{id} has no failing example run"
            );
        }
    }
    assert!(stdout.contains(", 0 failed"), "{stdout}");
}

#[test]
fn the_fixtures_reach_the_levels_they_were_written_for() {
    let (json, code) = check_json(&[
        &fixture("appliance-mature.yaml"),
        &fixture("online-retailer.yaml"),
        &fixture("startup-organization-stage.yaml"),
    ]);
    assert_eq!(code, 1, "the young company fails the default gate");
    let docs = json["documents"].as_array().unwrap();
    let rating = |i: usize| docs[i]["rating"]["id"].as_str().unwrap().to_string();
    assert_eq!(rating(0), "five-star", "{}", docs[0]["score"]);
    assert!(docs[0]["score"].as_f64().unwrap() >= 95.0);
    assert_eq!(rating(1), "compliant", "{}", docs[1]["score"]);
    let s1 = docs[1]["score"].as_f64().unwrap();
    assert!((70.0..80.0).contains(&s1), "{s1}");
    assert_eq!(rating(2), "fail");
    assert!(docs[2]["score"].as_f64().unwrap() < 70.0);
}

#[test]
fn a_five_day_no_reason_return_without_buyers_is_cannot_tell_not_a_deduction() {
    // Art. 25 binds distance sales of goods to consumers; the version-1 retailer states
    // its channels but not what it sells or to whom, so the 5-day window is "cannot
    // tell", not a breach.
    let (json, _) = check_json(&[&fixture("online-retailer.yaml")]);
    let doc = &json["documents"][0];
    let sds = doc["special_deductions"].as_array().unwrap();
    assert!(
        !sds.iter()
            .any(|f| f["criterion"] == "gbt27922.sd-no-reason-return"),
        "{sds:?}"
    );
    let find = |id: &str| {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["criterion"] == id)
            .cloned()
            .unwrap()
    };
    for id in ["gbt27922.sd-no-reason-return", "gbt27922.no-reason-return"] {
        let f = find(id);
        assert_eq!(f["status"], "undetermined", "{id}");
        assert_eq!(f["applicability"]["status"], "cannot-tell", "{id}");
        let reason = f["applicability"]["reason"].as_str().unwrap();
        assert!(
            reason.contains("`all`")
                && reason.contains("state the product category and the buyers"),
            "{reason}"
        );
    }
    let (law, code) = check_json(&[
        "--standard",
        "cn-consumer-law",
        &fixture("online-retailer.yaml"),
    ]);
    assert_eq!(code, 0, "cannot tell never fails a gate");
    let doc = &law["documents"][0];
    assert_eq!(doc["rating"]["id"], "compliant");
    assert_eq!(doc["gap_counts"]["blocking"], 0);
}

#[test]
fn the_next_level_path_closes_the_distance_with_the_fewest_gaps() {
    let (json, _) = check_json(&[&fixture("online-retailer.yaml")]);
    let doc = &json["documents"][0];
    let next = &doc["next_level"];
    assert_eq!(next["rating"]["id"], "three-star");
    let distance = next["distance"].as_f64().unwrap();
    let gains: Vec<f64> = next["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["gain"].as_f64().unwrap())
        .collect();
    let total: f64 = gains.iter().sum();
    assert!(total + 0.01 >= distance, "{total} < {distance}");
    assert!(
        total - gains.last().unwrap() < distance + 0.01,
        "one step fewer would also do"
    );
    assert!(
        gains.windows(2).all(|w| w[0] + 1e-9 >= w[1]),
        "largest first: {gains:?}"
    );
}

#[test]
fn the_standards_list_and_show_work() {
    let out = aftercert().args(["standards", "list"]).output().unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("gbt27922") && s.contains("cn-consumer-law"),
        "{s}"
    );
    let out = aftercert()
        .args(["standards", "show", "gbt27922", "--lang", "zh"])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("售后服务体系") && s.contains("- [ ]"), "{s}");
}

#[test]
fn explain_prints_a_criterion_or_suggests_the_nearest() {
    let out = aftercert()
        .args(["explain", "gbt27922.certified-manager-ratio"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("5.1.2") && s.contains("÷"), "{s}");
    let out = aftercert()
        .args(["explain", "gbt27922.certified-manager-rato"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("gbt27922.certified-manager-ratio"));
}

#[test]
fn broken_standards_are_reported_with_file_line_and_column() {
    let cases = [
        ("unknown-field.yaml", "standard-unknown-field", ":22:"),
        ("unknown-check.yaml", "standard-invalid", ":18:"),
        ("bad-weights-and-ratings.yaml", "standard-weights", ":14:"),
        ("bad-weights-and-ratings.yaml", "standard-ratings", ":9:"),
        (
            "bad-weights-and-ratings.yaml",
            "standard-duplicate-criterion",
            ":32:",
        ),
    ];
    for (file, code, at) in cases {
        let path = format!("fixtures/broken-standards/{file}");
        let out = aftercert()
            .args(["standards", "lint", &path])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{file}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("error[{code}]")),
            "{file}: {code} missing in\n{err}"
        );
        assert!(
            err.contains(&format!("{file}{at}")),
            "{file}: location {at} missing in\n{err}"
        );
    }
    let out = aftercert()
        .args([
            "standards",
            "lint",
            "fixtures/broken-standards/unknown-field.yaml",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `warranty`"));
}

#[test]
fn a_broken_standard_is_never_skipped_silently() {
    let out = aftercert()
        .args([
            "check",
            "-q",
            "--standards-dir",
            "fixtures/broken-standards",
            &fixture("appliance-mature.yaml"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn examples_that_do_not_hold_fail_standards_test() {
    let out = aftercert()
        .args([
            "standards",
            "test",
            "fixtures/broken-standards/wrong-example.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("FAIL broken-example.hotline/pass") && s.contains("1 passed, 1 failed"),
        "{s}"
    );
}

#[test]
fn a_built_in_standard_file_can_be_linted_and_tested_by_path() {
    aftercert()
        .args(["standards", "lint", "standards/gbt27922.yaml"])
        .assert()
        .code(0);
    let out = aftercert()
        .args(["standards", "test", "standards/gbt27922.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("ok   gbt27922.certified-manager-ratio/fail")
    );
}

#[test]
fn a_users_standard_in_a_folder_is_loaded_linted_and_tested() {
    let dir = "fixtures/custom-standards";
    aftercert()
        .args(["standards", "lint", dir])
        .assert()
        .code(0);
    let out = aftercert()
        .args(["standards", "test", dir])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains(", 0 failed"));
    let out = aftercert()
        .args(["standards", "list", "--standards-dir", dir])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("house-checklist"));
    let (json, code) = check_json(&[
        "--standards-dir",
        dir,
        "--standard",
        "house-checklist",
        &fixture("appliance-mature.yaml"),
    ]);
    assert_eq!(code, 0);
    assert_eq!(json["documents"][0]["standard"]["id"], "house-checklist");
    let (json, _) = check_json(&[
        "--standard",
        "fixtures/custom-standards/house-checklist.yaml",
        &fixture("online-retailer.yaml"),
    ]);
    assert_eq!(json["documents"][0]["standard"]["id"], "house-checklist");
}

#[test]
fn every_built_in_standard_is_listed() {
    let out = aftercert().args(["standards", "list"]).output().unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    for id in [
        "gbt27922",
        "buildout",
        "cn-consumer-law",
        "iso10002",
        "service-kpis",
        "ecommerce",
    ] {
        assert!(s.contains(&format!("| {id} |")), "{id} missing from\n{s}");
    }
}

#[test]
fn the_build_out_names_the_stage_really_reached_and_early_claims() {
    let (json, _) = check_json(&[
        "--standard",
        "buildout",
        &fixture("startup-organization-stage.yaml"),
    ]);
    let stages = &json["documents"][0]["stages"];
    assert_eq!(stages["reached"], 1, "{stages}");
    assert!(
        stages["claimed_early"].to_string().contains("hotline"),
        "{stages}"
    );
    assert!(!stages["next_items"].as_array().unwrap().is_empty());
}

#[test]
fn a_standard_that_does_not_apply_passes_the_gate() {
    let (json, code) = check_json(&[
        "--standard",
        "ecommerce",
        &fixture("startup-organization-stage.yaml"),
    ]);
    assert_eq!(code, 0);
    assert_eq!(json["documents"][0]["standard_applies"], false);
}
