//! SARIF written document by document: the same bytes on one thread or two, on stdout or
//! in a file, compact by default and indented with `--pretty`; a broken document in the
//! middle of a directory is a notification while the others are audited.

use crate::support::{check_in, fixture, root};
use std::path::Path;

/// The valid fixtures, and a broken one sorted between them.
const DOCUMENTS: &[&str] = &[
    "appliance-mature.yaml",
    "car-dealer-group.yaml",
    "custom-furniture.yaml",
    "injection.yaml",
    "office-printers-b2b.yaml",
    "online-retailer.yaml",
    "phone-brand.yaml",
    "repair-service.yaml",
    "startup-organization-stage.yaml",
];

/// A folder with every valid fixture, and `invalid-yaml.yaml` in the middle of them.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in DOCUMENTS {
        std::fs::copy(root().join(fixture(name)), dir.path().join(name)).unwrap();
    }
    std::fs::copy(
        root().join(fixture("broken/invalid-yaml.yaml")),
        dir.path().join("d-broken.yaml"),
    )
    .unwrap();
    dir
}

/// `check DIR` writing SARIF to `out` (and to stdout); returns stdout.
fn sarif(dir: &Path, out: &Path, extra: &[&str]) -> Vec<u8> {
    let run = check_in("en")
        .args(["--format", "sarif", "-o"])
        .arg(format!("sarif:{}", out.display()))
        .args(extra)
        .arg(dir)
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(2),
        "a broken document makes the run exit 2\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    run.stdout
}

#[test]
fn one_thread_or_two_and_stdout_or_file_give_the_same_bytes() {
    let dir = corpus();
    let outs = tempfile::tempdir().unwrap();
    let (one, two) = (outs.path().join("1.sarif"), outs.path().join("2.sarif"));
    let stdout1 = sarif(dir.path(), &one, &["--threads", "1"]);
    let stdout2 = sarif(dir.path(), &two, &["--threads", "2"]);
    let (file1, file2) = (std::fs::read(&one).unwrap(), std::fs::read(&two).unwrap());
    assert!(file1 == file2, "--threads 1 and --threads 2 differ");
    assert!(stdout1 == file1, "stdout and the file differ");
    assert!(stdout2 == file2);
    let log: serde_json::Value = serde_json::from_slice(&file1).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let mut documents: Vec<&str> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    documents.dedup();
    assert!(documents.len() >= DOCUMENTS.len() - 2, "{documents:?}");
    let mut sorted = documents.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        documents, sorted,
        "each document's results together, in input order"
    );
}

#[test]
fn a_broken_document_in_the_middle_is_a_notification_and_the_rest_is_audited() {
    let dir = corpus();
    let outs = tempfile::tempdir().unwrap();
    let path = outs.path().join("r.sarif");
    sarif(dir.path(), &path, &[]);
    let log: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let run = &log["runs"][0];
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    let broken: Vec<&serde_json::Value> = notes
        .iter()
        .filter(|n| {
            n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .is_some_and(|u| u.ends_with("d-broken.yaml"))
        })
        .collect();
    assert_eq!(broken.len(), 1, "{notes:#?}");
    assert_eq!(broken[0]["level"], "error");
    let region = &broken[0]["locations"][0]["physicalLocation"]["region"];
    assert!(region["startLine"].as_u64().unwrap() >= 1, "{region}");
    let audited: std::collections::BTreeSet<&str> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["properties"]["company"].as_str().unwrap())
        .collect();
    assert!(audited.len() >= DOCUMENTS.len() - 1, "{audited:?}");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for r in run["results"].as_array().unwrap() {
        let rule = &rules[r["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], r["ruleId"]);
    }
}

#[test]
fn sarif_is_compact_by_default_and_indented_with_pretty() {
    let dir = corpus();
    let outs = tempfile::tempdir().unwrap();
    let (compact, pretty) = (outs.path().join("c.sarif"), outs.path().join("p.sarif"));
    sarif(dir.path(), &compact, &[]);
    sarif(dir.path(), &pretty, &["--pretty"]);
    let (c, p) = (
        std::fs::read_to_string(&compact).unwrap(),
        std::fs::read_to_string(&pretty).unwrap(),
    );
    assert_eq!(c.lines().count(), 1, "compact is one line");
    assert!(c.ends_with("}\n"));
    assert!(p.starts_with("{\n  \"$schema\": "), "{}", &p[..40]);
    assert!(p.lines().count() > 1000);
    let (c, p): (serde_json::Value, serde_json::Value) = (
        serde_json::from_str(&c).unwrap(),
        serde_json::from_str(&p).unwrap(),
    );
    assert_eq!(c, p);
}
