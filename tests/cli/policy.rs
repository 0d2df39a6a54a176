//! CI policy that fails closed: gates on the unrounded score, thresholds that must be
//! numbers, runs that audit nothing, standards that yield nothing, baselines that do not
//! care how a path is spelled, and gap counts that agree across formats.
//!
//! Each test is named after what broke, and checks that no input file was changed.

use crate::support::{aftercert, aftercert_in, fixture, root};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const YOUNG: &str = "fixtures/startup-organization-stage.yaml";
const RETAILER: &str = "fixtures/online-retailer.yaml";

/// A standard whose score is 69.996 for a document that states only its company name:
/// 69,996 of 100,000 points met, the pass mark 70.
const EDGE_STANDARD: &str = r#"aftercert_standard: 1
id: edge
version: "1"
title: {zh: 边界, en: Edge}
source: "test"
scoring: {method: weighted, confidence: confirmed}
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
          - id: edge.named
            title: {zh: 写明名称, en: Name stated}
            rationale: {zh: 理由, en: Why}
            remediation: {zh: 做法, en: What to do}
            points: 69996
            confidence: confirmed
            check: {present: company.name}
          - id: edge.privacy
            title: {zh: 隐私, en: Privacy}
            rationale: {zh: 理由, en: Why}
            remediation: {zh: 做法, en: What to do}
            points: 30004
            confidence: confirmed
            check: {flag: resources.crm.privacy_safeguards}
"#;

/// The bytes of every file under the given paths, to prove a run changed none of them.
struct Untouched(BTreeMap<PathBuf, Vec<u8>>);

impl Untouched {
    fn of(paths: &[&Path]) -> Untouched {
        let mut files = BTreeMap::new();
        for p in paths {
            for e in walkdir::WalkDir::new(p).into_iter().filter_map(Result::ok) {
                if e.file_type().is_file() {
                    files.insert(e.path().to_path_buf(), std::fs::read(e.path()).unwrap());
                }
            }
        }
        Untouched(files)
    }

    fn check(&self) {
        for (path, bytes) in &self.0 {
            let now = std::fs::read(path).unwrap();
            assert!(&now == bytes, "{} was changed", path.display());
        }
    }
}

/// Runs the binary in `dir` with `check --no-config -q --as-of 2026-11-23` and more.
fn check_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = aftercert_in(dir)
        .args(["check", "-q", "--as-of", "2026-11-23"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json_in(dir: &Path, args: &[&str]) -> (i32, serde_json::Value) {
    let out = aftercert_in(dir)
        .args(["check", "--as-of", "2026-11-23", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        !out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = crate::support::report_json(&out.stdout);
    (out.status.code().unwrap_or(-1), json)
}

fn edge_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("edge.yaml"), EDGE_STANDARD).unwrap();
    std::fs::write(
        dir.path().join("doc.yaml"),
        "aftercert: 1\ncompany:\n  name: X\n",
    )
    .unwrap();
    dir
}

#[test]
fn misspelled_min_rating_is_a_usage_error_not_a_pass() {
    let before = Untouched::of(&[Path::new(&root().join(YOUNG))]);
    let (code, _, err) = check_in(
        &root(),
        &["--no-config", "--min-rating", "three-stars", YOUNG],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("three-stars") && err.contains("`three-star`?"),
        "{err}"
    );
    // A rating the selected standards have still works.
    let (code, _, _) = check_in(
        &root(),
        &["--no-config", "--min-rating", "three-star", YOUNG],
    );
    assert_eq!(code, 1);
    before.check();
}

#[test]
fn misspelled_min_rating_in_the_config_is_reported_where_it_is_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(YOUNG), dir.path().join("doc.yaml")).unwrap();
    std::fs::write(
        dir.path().join("aftercert.yaml"),
        "gate:\n  min_rating: five-stars\n",
    )
    .unwrap();
    let before = Untouched::of(&[dir.path()]);
    let (code, _, err) = check_in(dir.path(), &["doc.yaml"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("aftercert.yaml:2:15"), "{err}");
    assert!(err.contains("`five-star`?"), "{err}");
    before.check();
}

#[test]
fn a_score_that_rounds_up_to_the_threshold_fails_the_gate() {
    let dir = edge_folder();
    let before = Untouched::of(&[dir.path()]);
    let (code, json) = json_in(
        dir.path(),
        &["--no-config", "--standard", "edge.yaml", "doc.yaml"],
    );
    let doc = &json["documents"][0];
    assert_eq!(
        code, 1,
        "69.996 is below 70: the default gate (compliant) fails"
    );
    assert_eq!(doc["rating"]["id"], "fail");
    assert_eq!(doc["gate"]["passed"], false);
    assert!(
        doc["score"].as_f64().unwrap() < 70.0,
        "JSON keeps the unrounded score"
    );
    assert_eq!(
        doc["score_shown"], "69.9",
        "never shown rounded up onto the threshold"
    );
    let (code, _, err) = check_in(
        dir.path(),
        &[
            "--no-config",
            "--standard",
            "edge.yaml",
            "--fail-under",
            "70",
            "doc.yaml",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let (code, json) = json_in(
        dir.path(),
        &[
            "--no-config",
            "--standard",
            "edge.yaml",
            "--fail-under",
            "70",
            "doc.yaml",
        ],
    );
    assert_eq!(code, 1);
    let reasons = json["documents"][0]["gate"]["reasons"].to_string();
    assert!(reasons.contains("69.996 is under 70"), "{reasons}");
    before.check();
}

#[test]
fn non_finite_or_out_of_range_thresholds_fail_closed() {
    for bad in ["NaN", "inf", "-1", "100.5"] {
        let flag = format!("--fail-under={bad}");
        let (code, _, err) = check_in(&root(), &["--no-config", &flag, YOUNG]);
        assert_eq!(code, 2, "--fail-under {bad}: {err}");
        assert!(err.contains("not a finite number from 0 to 100"), "{err}");
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(YOUNG), dir.path().join("doc.yaml")).unwrap();
    std::fs::write(
        dir.path().join("aftercert.yaml"),
        "gate:\n  fail_under: .nan\n",
    )
    .unwrap();
    let before = Untouched::of(&[dir.path()]);
    let (code, _, err) = check_in(dir.path(), &["doc.yaml"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("aftercert.yaml:2:15") && err.contains("fail_under"),
        "{err}"
    );
    let tailoring = "tailoring:\n  - {id: gbt27922.funding, points: .inf, reason: test}\n";
    std::fs::write(dir.path().join("aftercert.yaml"), tailoring).unwrap();
    let before_tailoring = Untouched::of(&[dir.path()]);
    let (code, _, err) = check_in(dir.path(), &["doc.yaml"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("aftercert.yaml:2:") && err.contains("points"),
        "{err}"
    );
    before_tailoring.check();
    drop(before);
}

#[test]
fn a_standard_named_by_path_is_read_through_symlinks_and_whatever_its_extension() {
    let dir = edge_folder();
    std::fs::copy(dir.path().join("edge.yaml"), dir.path().join("edge.txt")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("edge.txt", dir.path().join("link-to-edge")).unwrap();
    let before = Untouched::of(&[dir.path()]);
    let mut names = vec!["./edge.txt"];
    if cfg!(unix) {
        names.push("./link-to-edge");
    }
    for name in names {
        let (code, json) = json_in(dir.path(), &["--no-config", "--standard", name, "doc.yaml"]);
        assert_eq!(code, 1, "{name}");
        assert_eq!(json["documents"][0]["standard"]["id"], "edge", "{name}");
        assert_eq!(json["documents"].as_array().unwrap().len(), 1, "{name}");
    }
    before.check();
}

#[test]
fn a_standard_path_that_yields_no_standard_is_an_error() {
    let dir = edge_folder();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let (code, _, err) = check_in(
        dir.path(),
        &["--no-config", "--standard", "empty/", "doc.yaml"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("holds no usable standard"), "{err}");
    // A folder with a standard in it selects that standard.
    std::fs::copy(
        dir.path().join("edge.yaml"),
        dir.path().join("empty/edge.yaml"),
    )
    .unwrap();
    let (code, json) = json_in(
        dir.path(),
        &["--no-config", "--standard", "empty/", "doc.yaml"],
    );
    assert_eq!(code, 1);
    assert_eq!(json["documents"][0]["standard"]["id"], "edge");
}

#[test]
fn an_empty_standard_list_in_the_config_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(YOUNG), dir.path().join("doc.yaml")).unwrap();
    std::fs::write(
        dir.path().join("aftercert.yaml"),
        "standards: [./nothing-here/]\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("nothing-here")).unwrap();
    let (code, _, err) = check_in(dir.path(), &["doc.yaml"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn a_folder_without_process_documents_fails_instead_of_passing_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("fixtures/other/compose.yaml"),
        dir.path().join("compose.yaml"),
    )
    .unwrap();
    let before = Untouched::of(&[dir.path()]);
    let (code, _, err) = check_in(dir.path(), &["--no-config", "."]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no process document found"), "{err}");
    before.check();
}

#[test]
fn a_misspelt_aftercert_key_in_a_folder_is_reported_not_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(YOUNG)).unwrap();
    let misspelt = text.replacen("aftercert: 1", "aftercret: 1", 1);
    assert_ne!(text, misspelt);
    std::fs::write(dir.path().join("doc.yaml"), misspelt).unwrap();
    let before = Untouched::of(&[dir.path()]);
    let (code, _, err) = check_in(dir.path(), &["--no-config", "."]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("aftercret") && err.contains("aftercert: 2"),
        "{err}"
    );
    assert!(err.contains("doc.yaml:"), "names the file and line: {err}");
    before.check();
}

#[test]
fn baseline_fingerprints_do_not_depend_on_how_the_path_is_spelled() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(RETAILER), dir.path().join("x.yaml")).unwrap();
    let (code, _, err) = check_in(
        dir.path(),
        &["--no-config", "x.yaml", "--write-baseline", "b.json"],
    );
    assert_eq!(code, 0, "{err}");
    let before = Untouched::of(&[dir.path()]);
    let abs = dir.path().join("x.yaml").display().to_string();
    for spelling in ["./x.yaml", "x.yaml", abs.as_str(), "sub/../x.yaml"] {
        if spelling.starts_with("sub") {
            std::fs::create_dir_all(dir.path().join("sub")).unwrap();
        }
        let (code, json) = json_in(
            dir.path(),
            &["--no-config", "--baseline", "b.json", spelling],
        );
        assert_eq!(code, 0, "{spelling}: nothing is new");
        let findings = json["documents"][0]["findings"].as_array().unwrap();
        let changes: Vec<_> = findings
            .iter()
            .filter(|f| !f["change"].is_null())
            .map(|f| f["change"].as_str().unwrap())
            .collect();
        assert!(!changes.is_empty());
        assert!(
            changes.iter().all(|c| *c == "unchanged"),
            "{spelling}: {changes:?}"
        );
    }
    before.check();
}

#[test]
fn baselines_of_version_1_are_still_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(RETAILER), dir.path().join("x.yaml")).unwrap();
    check_in(
        dir.path(),
        &["--no-config", "x.yaml", "--write-baseline", "b.json"],
    );
    let mut b: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("b.json")).unwrap()).unwrap();
    assert_eq!(b["aftercert_baseline"], 2);
    b["aftercert_baseline"] = 1.into();
    for (i, gap) in b["gaps"].as_array_mut().unwrap().iter_mut().enumerate() {
        // Version 1 stored other fingerprints and paths as spelled on the command line.
        gap["fingerprint"] = format!("{i:016x}").into();
        gap["path"] = format!("./{}", gap["path"].as_str().unwrap()).into();
    }
    std::fs::write(dir.path().join("v1.json"), b.to_string()).unwrap();
    let (code, _, err) = check_in(
        dir.path(),
        &["--no-config", "--baseline", "v1.json", "x.yaml"],
    );
    assert_eq!(code, 0, "{err}");
    b["aftercert_baseline"] = 9.into();
    std::fs::write(dir.path().join("v9.json"), b.to_string()).unwrap();
    let (code, _, err) = check_in(
        dir.path(),
        &["--no-config", "--baseline", "v9.json", "x.yaml"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("aftercert_baseline 9"), "{err}");
}

/// Gap counts per format for one run, as each format's own reader would count them.
fn counts_by_format(args: &[&str]) -> BTreeMap<&'static str, usize> {
    let run = |format: &str| {
        let out = aftercert()
            .args([
                "check",
                "--no-config",
                "--as-of",
                "2026-11-23",
                "--format",
                format,
            ])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let json: serde_json::Value = crate::support::report_json(run("json"));
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    let junit = run("junit");
    let csv = run("csv");
    let github = run("github");
    let mut c = BTreeMap::new();
    let docs = json["documents"].as_array().unwrap();
    c.insert(
        "json",
        docs.iter()
            .map(|d| d["gap_counts"]["total"].as_u64().unwrap() as usize)
            .sum(),
    );
    c.insert(
        "sarif",
        sarif["runs"][0]["results"].as_array().unwrap().len(),
    );
    let failures = junit.split("<testsuites").nth(1).unwrap();
    let failures = failures
        .split("failures=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    c.insert("junit", failures.parse().unwrap());
    let mut rows = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let gap_rows = rows
        .records()
        .map(Result::unwrap)
        .filter(|r| matches!(&r[7], "partial" | "missing") && &r[3] != "bonus")
        .count();
    c.insert("csv", gap_rows);
    let is_gap =
        |l: &&str| l.starts_with("::") && l.contains(",title=") && !l.contains("title=aftercert");
    c.insert("github", github.lines().filter(is_gap).count());
    c
}

#[test]
fn every_format_counts_the_same_gaps_when_a_standard_does_not_apply() {
    // The young company sells only in shops: the e-commerce standard does not apply.
    let c = counts_by_format(&["--standard", "ecommerce", YOUNG]);
    assert!(c.values().all(|n| *n == 0), "{c:?}");
    let c = counts_by_format(&[
        "--standard",
        "gbt27922",
        "--standard",
        "ecommerce",
        &fixture("online-retailer.yaml"),
    ]);
    let json = c["json"];
    assert!(json > 0);
    for (format, n) in &c {
        assert_eq!(*n, json, "{format} disagrees with JSON: {c:?}");
    }
}

#[cfg(unix)]
#[test]
fn two_undecodable_file_names_keep_their_own_source_and_report() {
    use std::os::unix::ffi::OsStrExt as _;
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let name = |b: &[u8]| docs.join(std::ffi::OsStr::from_bytes(b));
    std::fs::copy(root().join(YOUNG), name(b"\xff.yaml")).unwrap();
    std::fs::copy(root().join(RETAILER), name(b"\xfe.yaml")).unwrap();
    let before = Untouched::of(&[&docs]);
    let (code, json) = json_in(
        dir.path(),
        &[
            "--no-config",
            "docs",
            "--output-dir",
            "out",
            "--output-format",
            "json",
        ],
    );
    assert_eq!(code, 1);
    let paths: Vec<&str> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["docs/\\xfe.yaml", "docs/\\xff.yaml"]);
    let companies: Vec<&str> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["company"].as_str().unwrap())
        .collect();
    assert_ne!(companies[0], companies[1]);
    let mut reports: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json") && !n.starts_with('.') && n != "summary.json")
        .collect();
    reports.sort();
    assert_eq!(reports.len(), 2, "{reports:?}");
    before.check();
}
