//! Helpers shared by the integration tests.

use assert_cmd::Command;
use std::path::PathBuf;

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture's path, relative to the project root.
pub fn fixture(name: &str) -> String {
    format!("fixtures/{name}")
}

/// The binary, run from the project root with a fixed language-neutral environment.
pub fn aftercert() -> Command {
    let mut cmd = Command::cargo_bin("aftercert").expect("binary built");
    cmd.current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    cmd
}

/// `aftercert check --no-config --as-of 2026-11-23 --lang LANG`, for a test to add to:
/// a run that no config file or clock changes.
pub fn check_in(lang: &str) -> Command {
    let mut cmd = aftercert();
    cmd.args([
        "check",
        "--no-config",
        "--as-of",
        "2026-11-23",
        "--lang",
        lang,
    ]);
    cmd
}

/// The binary, run from another folder (for `aftercert.yaml` lookups).
pub fn aftercert_in(dir: &std::path::Path) -> Command {
    let mut cmd = aftercert();
    cmd.current_dir(dir);
    cmd
}

/// Runs `check -q --as-of 2026-11-23` with more arguments; returns the exit code and stderr.
pub fn check_quiet(args: &[&str]) -> (i32, String) {
    let out = aftercert()
        .args(["check", "-q", "--as-of", "2026-11-23"])
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs `check --format json` on fixtures and returns the parsed report and exit code.
pub fn check_json(args: &[&str]) -> (serde_json::Value, i32) {
    let out = aftercert()
        .arg("check")
        .arg("--format")
        .arg("json")
        .arg("--as-of")
        .arg("2026-11-23")
        .args(args)
        .output()
        .expect("runs");
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (joined(json), out.status.code().unwrap_or(-1))
}

/// Parses a JSON report and joins it as a consumer does (see [`joined`]).
pub fn report_json(bytes: impl AsRef<[u8]>) -> serde_json::Value {
    let bytes = bytes.as_ref();
    let json = serde_json::from_slice(bytes).unwrap_or_else(|e| {
        panic!(
            "not a JSON report ({e}): {}",
            String::from_utf8_lossy(bytes)
        )
    });
    joined(json)
}

/// A JSON report (format 2) with its tables joined into its documents, as a consumer
/// joins them: each document's `standard` becomes the standard's entry (with its
/// `ratings`), each finding gets its criterion's fields (`title`, `remediation`, `kind`,
/// the `nonconformity` of a gap…), evidence keys become `{id, title}`, labels their
/// words (`status_label`, `gap_label`, `confidence_label`…), special deductions their
/// findings, and next-level steps their criterion's `title` and `remediation` and their
/// `action` in words. Tests of the audit read
/// this; tests of the format itself read the report as written.
pub fn joined(mut report: serde_json::Value) -> serde_json::Value {
    use serde_json::{Value, json};
    assert_eq!(report["format_version"], 2, "a format 2 report");
    let standards = report["standards"].clone();
    let criteria = report["criteria"].clone();
    let evidence = report["evidence"].clone();
    let labels = report["labels"].clone();
    let evidence_of = |keys: &Value| -> Value {
        let items = keys.as_array().cloned().unwrap_or_default();
        Value::Array(
            items
                .iter()
                .map(|k| json!({"id": evidence[k.as_str().unwrap()]["id"], "title": evidence[k.as_str().unwrap()]["title"]}))
                .collect(),
        )
    };
    let join_finding = |f: &mut Value| {
        let c = &criteria[f["criterion"].as_str().expect("a criterion id")];
        assert!(
            c.is_object(),
            "criterion {} is in the table",
            f["criterion"]
        );
        let gap = matches!(f["status"].as_str(), Some("partial" | "missing"));
        for (k, v) in c.as_object().unwrap() {
            if k == "nonconformity" && !gap {
                continue;
            }
            if k == "evidence" {
                f[k] = evidence_of(v);
            } else if k != "standard" {
                f[k] = v.clone();
            }
        }
        if f["vacuous"].is_null() {
            f["vacuous"] = false.into(); // written only when true
        }
        f["status_label"] = labels["status"][f["status"].as_str().unwrap()].clone();
        if let Some(g) = f["gap"].as_str() {
            f["gap_label"] = labels["gap"][g].clone();
        }
        f["confidence_label"] = labels["confidence"][f["confidence"].as_str().unwrap()].clone();
        if let Some(g) = f["ground"].as_str() {
            f["ground_label"] = labels["ground"][g].clone();
        }
        if let Some(a) = f["applicability"]["status"].as_str() {
            f["applicability"]["status_label"] = labels["applicability"][a].clone();
        }
    };
    for doc in report["documents"].as_array_mut().into_iter().flatten() {
        let id = doc["standard"].as_str().expect("a standard id").to_string();
        doc["standard"] = standards[&id].clone();
        doc["ratings"] = standards[&id]["ratings"].clone();
        doc["method_note"] = standards[&id]["method_note"].clone();
        for list in ["findings", "bonus"] {
            if doc[list].is_null() {
                doc[list] = json!([]);
            }
            for f in doc[list].as_array_mut().unwrap() {
                join_finding(f);
            }
        }
        let deductions: Vec<Value> = doc["special_deductions"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|id| {
                doc["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|f| f["criterion"] == *id)
                    .cloned()
                    .expect("a special deduction is a finding")
            })
            .collect();
        doc["special_deductions"] = Value::Array(deductions);
        doc["evidence_checklist"] = evidence_of(&doc["evidence_checklist"]);
        let locations: Vec<(Value, Value)> = doc["findings"]
            .as_array()
            .into_iter()
            .chain(doc["bonus"].as_array())
            .flatten()
            .map(|f| (f["criterion"].clone(), f["location"].clone()))
            .collect();
        if let Some(steps) = doc["next_level"]["steps"].as_array_mut() {
            for s in steps {
                let c = &criteria[s["criterion"].as_str().unwrap()];
                s["title"] = c["title"].clone();
                s["remediation"] = c["remediation"].clone();
                s["action"] = labels["action"][s["kind"].as_str().unwrap()].clone();
                let at = locations.iter().find(|(c, _)| *c == s["criterion"]);
                s["location"] = at.map_or(Value::Null, |(_, l)| l.clone());
                if s["also"].is_null() {
                    s["also"] = json!([]);
                }
            }
        }
    }
    report
}
