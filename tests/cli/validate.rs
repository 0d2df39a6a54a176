//! `aftercert validate` and the diagnostics every command shares.

use crate::support::{aftercert, fixture};

fn stderr_of(args: &[&str]) -> (String, i32) {
    let out = aftercert().args(args).output().unwrap();
    (
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap(),
    )
}

#[test]
fn five_problems_are_reported_in_one_run_with_line_and_column() {
    let (err, code) = stderr_of(&["validate", &fixture("broken/five-problems.yaml")]);
    assert_eq!(code, 2);
    for (code, at) in [
        ("unknown-key", ":9:3"),
        ("wrong-type", ":14:"),
        ("out-of-range", ":19:"),
        ("invalid-date", ":23:"),
        ("unknown-evidence", ":24:"),
    ] {
        assert!(
            err.contains(&format!("error[{code}]")),
            "missing {code} in\n{err}"
        );
        assert!(
            err.contains(&format!("five-problems.yaml{at}")),
            "missing location {at} in\n{err}"
        );
    }
    assert!(err.contains("keys valid here"), "{err}");
}

#[test]
fn each_broken_file_gets_its_own_code() {
    let cases = [
        ("invalid-yaml.yaml", "yaml-syntax"),
        ("missing-version.yaml", "missing-version"),
        ("unknown-version.yaml", "unsupported-version"),
        ("unknown-key.yaml", "unknown-key"),
        ("wrong-type.yaml", "wrong-type"),
        ("duplicate-key.yaml", "duplicate-key"),
        ("empty.yaml", "empty-document"),
        ("top-level-list.yaml", "not-a-mapping"),
        ("scalar.yaml", "not-a-mapping"),
        ("several-documents.yaml", "several-documents"),
        ("tabs.yaml", "yaml-syntax"),
        ("null-required.yaml", "wrong-type"),
        ("bad-reference.yaml", "region-not-sold"),
    ];
    for (file, code) in cases {
        let (err, exit) = stderr_of(&["validate", &fixture(&format!("broken/{file}"))]);
        assert_eq!(exit, 2, "{file}");
        assert!(
            err.contains(&format!("error[{code}]")),
            "{file}: expected {code} in\n{err}"
        );
        assert!(
            err.contains(&format!("broken/{file}")),
            "{file}: no path in\n{err}"
        );
    }
}

#[test]
fn a_typo_gets_a_did_you_mean() {
    let (err, _) = stderr_of(&["validate", &fixture("broken/unknown-key.yaml")]);
    assert!(err.contains("did you mean `sales_channels`"), "{err}");
}

#[test]
fn duplicate_keys_show_both_places() {
    let (err, _) = stderr_of(&["validate", &fixture("broken/duplicate-key.yaml")]);
    assert!(err.contains("first defined here"), "{err}");
    assert!(err.contains("duplicate-key.yaml:13:5"), "{err}");
}

#[test]
fn valid_fixtures_validate() {
    for f in [
        "appliance-mature.yaml",
        "online-retailer.yaml",
        "startup-organization-stage.yaml",
        "injection.yaml",
    ] {
        aftercert()
            .args(["validate", &fixture(f)])
            .assert()
            .success();
    }
}

#[test]
fn missing_paths_and_directories_are_errors_and_the_rest_goes_on() {
    let out = aftercert()
        .args([
            "validate",
            "fixtures/no-such-file.yaml",
            "fixtures",
            &fixture("appliance-mature.yaml"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("appliance-mature.yaml: valid"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no-such-file.yaml") && stderr.contains("is a directory"),
        "{stderr}"
    );
}

#[test]
fn messages_exist_in_chinese() {
    let (err, _) = stderr_of(&[
        "validate",
        "--lang",
        "zh",
        &fixture("broken/unknown-key.yaml"),
    ]);
    assert!(err.contains("是否想写"), "{err}");
}
