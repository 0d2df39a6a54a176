//! `aftercert check`: scores, levels, deductions, exit codes and the JSON shape.

use crate::support::{aftercert, fixture};

#[test]
fn the_json_shape_is_as_documented() {
    let out = aftercert()
        .args(["check", "--format", "json", "--as-of", "2026-11-23"])
        .arg(fixture("online-retailer.yaml"))
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["format"], "aftercert-report");
    assert_eq!(json["format_version"], 2);
    let doc = &json["documents"][0];
    for key in [
        "path",
        "standard",
        "score",
        "rating",
        "sections",
        "findings",
        "special_deductions",
        "next_level",
        "gate",
    ] {
        assert!(doc.get(key).is_some(), "missing {key}");
    }
    let standard = &json["standards"][doc["standard"].as_str().unwrap()];
    assert!(standard["id"].is_string() && standard["version"].is_string());
    let f = &doc["findings"][0];
    for key in [
        "criterion",
        "status",
        "points",
        "max_points",
        "fingerprint",
        "location",
    ] {
        assert!(f.get(key).is_some(), "finding lacks {key}");
    }
    let c = &json["criteria"][f["criterion"].as_str().unwrap()];
    for key in [
        "title",
        "requirement",
        "rationale",
        "remediation",
        "severity",
    ] {
        assert!(c.get(key).is_some(), "criterion lacks {key}");
    }
    for key in ["line", "column", "yaml_path"] {
        assert!(f["location"].get(key).is_some(), "location lacks {key}");
    }
    assert!(
        f["location"].get("path").is_none(),
        "a location in the document itself does not repeat the document's path"
    );
}

#[test]
fn a_broken_document_does_not_stop_the_others() {
    let out = aftercert()
        .args([
            "check",
            "--format",
            "json",
            "--as-of",
            "2026-11-23",
            &fixture("broken/wrong-type.yaml"),
            &fixture("appliance-mature.yaml"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["documents"].as_array().unwrap().len(), 1);
    assert_eq!(json["errors"][0]["code"], "wrong-type");
}

#[test]
fn a_closed_stdout_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let bin = assert_cmd::cargo::cargo_bin("aftercert");
    let mut child = Command::new(bin)
        .current_dir(crate::support::root())
        .args([
            "check",
            "--as-of",
            "2026-11-23",
            &fixture("startup-organization-stage.yaml"),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(
        !err.contains("panicked") && !err.contains("Broken pipe"),
        "{err}"
    );
    assert!(matches!(status.code(), Some(0 | 1)), "{status:?}");
}

#[test]
fn an_output_that_is_an_input_is_refused() {
    let out = aftercert()
        .args([
            "check",
            &fixture("appliance-mature.yaml"),
            "-o",
            &format!("markdown:{}", fixture("appliance-mature.yaml")),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("output-is-input"));
}

#[test]
fn unknown_standards_are_usage_errors_with_a_suggestion() {
    let out = aftercert()
        .args([
            "check",
            "--standard",
            "gbt2792",
            &fixture("appliance-mature.yaml"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("gbt27922"));
}

#[test]
fn json_with_several_documents_is_one_pretty_printed_value() {
    let out = aftercert()
        .args([
            "check",
            "--format",
            "json",
            "--pretty",
            "--as-of",
            "2026-11-23",
            &fixture("appliance-mature.yaml"),
            &fixture("online-retailer.yaml"),
            &fixture("startup-organization-stage.yaml"),
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["documents"].as_array().unwrap().len(), 3);
    let documents = &text[..text.find("\n  \"standards\"").unwrap()];
    assert_eq!(
        documents.lines().filter(|l| *l == "    {").count(),
        3,
        "each document opens at the array's indentation"
    );
    assert!(text.contains("\n    },\n    {\n") && text.ends_with("\n}\n"));
}
