//! Text that cannot hurt: terminal control sequences, C1 controls and bidi overrides from
//! documents, file names and `diff` inputs never reach a human-readable output raw; user
//! templates run on a budget; a huge value does not make a huge report; SARIF URIs and
//! JUnit test ids are what code-scanning and CI tools expect.

use crate::support::{aftercert, aftercert_in, fixture, root};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A hostile text: clear screen, set the terminal title, a C1 CSI, a right-to-left
/// override and a C1 next-line.
const HOSTILE: &str = "\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m\u{202e}\u{85}";
/// The same text written as YAML double-quoted escapes.
const HOSTILE_YAML: &str = "\\e[2J\\e]0;pwned\\a\\x9b31m\\u202e\\N";
/// A hostile file name.
const HOSTILE_NAME: &str = "evil\u{1b}[31m\u{202e}.yaml";

/// Characters a reader must never get raw: C0 controls but tab and line feed (CR only
/// before LF), DEL and C1 controls, bidi embeddings, overrides, isolates and marks.
fn raw_controls(bytes: &[u8]) -> Vec<char> {
    let text = String::from_utf8_lossy(bytes).replace("\r\n", "\n");
    text.chars()
        .filter(|c| {
            matches!(*c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
                || matches!(*c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
                || matches!(*c, '\u{200e}' | '\u{200f}' | '\u{61c}')
        })
        .collect()
}

fn assert_clean(what: &str, bytes: &[u8]) {
    let raw = raw_controls(bytes);
    assert!(raw.is_empty(), "{what} carries raw controls {raw:?}");
}

/// The online retailer with the hostile text in its company name, a sales region (shown
/// as a gap's `found` value) and a commitment id.
fn hostile_document() -> String {
    let src = std::fs::read_to_string(root().join(fixture("online-retailer.yaml"))).unwrap();
    let out = src
        .replace(
            "name: 优选购网络科技有限公司 (Youxuan Online)",
            &format!("name: \"Youxuan{HOSTILE_YAML}\""),
        )
        .replace("    - Anhui\n", &format!("    - \"Anhui{HOSTILE_YAML}\"\n"))
        .replace(
            "- id: refund-time",
            &format!("- id: \"refund-time{HOSTILE_YAML}\""),
        );
    assert_ne!(
        out, src,
        "the fixture changed: the test no longer injects anything"
    );
    out
}

/// Every regular file under a folder with its bytes, to compare before and after a run.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn controls_in_values_and_file_names_are_escaped_in_every_human_format() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join(HOSTILE_NAME);
    std::fs::write(&doc, hostile_document()).unwrap();
    let before = snapshot(dir.path());
    let out = tempfile::tempdir().unwrap();
    let o = |name: &str| out.path().join(name);
    let arg = |format: &str, name: &str| format!("{format}:{}", o(name).display());
    let run = aftercert()
        .args([
            "check",
            "--edition",
            "technical",
            "--as-of",
            "2026-11-23",
            "--format",
            "markdown",
        ])
        .arg(&doc)
        .args(["-o", &arg("md", "r.md"), "-o", &arg("html", "r.html")])
        .args(["-o", &arg("github", "r.gh"), "-o", &arg("csv", "r.csv")])
        .args(["-o", &arg("junit", "r.xml"), "-o", &arg("json", "r.json")])
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_clean("stdout", &run.stdout);
    assert_clean("stderr", &run.stderr);
    for name in ["r.md", "r.html", "r.gh", "r.csv", "r.xml"] {
        let bytes = std::fs::read(o(name)).unwrap();
        assert_clean(name, &bytes);
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("\\u{1b}"), "{name} does not show the escape");
        assert!(
            text.contains("\\u{202e}"),
            "{name} does not show the bidi override"
        );
    }
    let md = std::fs::read_to_string(o("r.md")).unwrap();
    assert!(
        md.contains("evil\\u{1b}[31m\\u{202e}.yaml"),
        "file name not shown"
    );
    // JSON carries the exact values, escaped by its own syntax.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(o("r.json")).unwrap()).unwrap();
    assert_eq!(json["documents"][0]["company"], format!("Youxuan{HOSTILE}"));
    assert_eq!(snapshot(dir.path()), before, "the input changed");
}

/// A report as `check --format json` writes it, for `diff`.
fn json_report(dir: &Path) -> PathBuf {
    let out = aftercert()
        .args([
            "check",
            "--edition",
            "technical",
            "--as-of",
            "2026-11-23",
            "--format",
            "json",
            "--lang",
            "en",
        ])
        .arg(fixture("online-retailer.yaml"))
        .output()
        .unwrap();
    let path = dir.join("old.json");
    std::fs::write(&path, &out.stdout).unwrap();
    path
}

#[test]
fn diff_escapes_hostile_ids_statuses_dates_and_paths() {
    let dir = tempfile::tempdir().unwrap();
    let old = json_report(dir.path());
    let mut report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&old).unwrap()).unwrap();
    let evil = format!("a|b`c<script>x</script>{HOSTILE}");
    report["as_of"] = evil.clone().into();
    // Format 2: the standard and the criteria are named by id and described in the
    // run-level tables, so the hostile ids and titles go there too.
    let standard = report["documents"][0]["standard"]
        .as_str()
        .unwrap()
        .to_string();
    let mut described = report["standards"][&standard].clone();
    described["id"] = evil.clone().into();
    report["standards"][&evil] = described;
    let mut criteria = serde_json::Map::new();
    let doc = &mut report["documents"][0];
    doc["company"] = evil.clone().into();
    doc["path"] = evil.clone().into();
    doc["standard"] = evil.clone().into();
    doc["rating"]["label"] = evil.clone().into();
    for f in doc["findings"].as_array_mut().unwrap() {
        let id = f["criterion"].as_str().unwrap().to_string();
        let renamed = format!("{evil}{id}");
        criteria.insert(renamed.clone(), id.into());
        f["criterion"] = renamed.into();
        f["fingerprint"] = format!("{}x", f["fingerprint"].as_str().unwrap()).into();
        if let Some(loc) = f["location"].as_object_mut() {
            loc.insert("path".into(), evil.clone().into());
        }
    }
    for (renamed, id) in criteria {
        let mut c = report["criteria"][id.as_str().unwrap()].clone();
        c["title"] = evil.clone().into();
        report["criteria"][renamed] = c;
    }
    let new = dir.path().join("new.json");
    std::fs::write(&new, serde_json::to_vec(&report).unwrap()).unwrap();
    let before = snapshot(dir.path());
    for format in ["markdown", "html"] {
        let run = aftercert()
            .args(["diff", "--format", format])
            .args([&old, &new])
            .output()
            .unwrap();
        assert_eq!(
            run.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert_clean(format, &run.stdout);
        assert_clean("stderr", &run.stderr);
        let text = String::from_utf8(run.stdout).unwrap();
        assert!(
            text.contains("\\u{1b}"),
            "{format}: the escape is not shown"
        );
        if format == "html" {
            assert!(!text.contains("<script>"), "raw markup from an id");
        }
        if format == "markdown" {
            let rows = text.lines().filter(|l| l.starts_with('|'));
            for row in rows {
                let cells = row.replace("\\|", "").matches('|').count();
                assert!(cells <= 11, "a `|` from a value split a table row: {row}");
            }
        }
    }
    assert_eq!(snapshot(dir.path()), before, "an input changed");
}

#[test]
fn diff_refuses_json_that_is_not_an_aftercert_report() {
    let dir = tempfile::tempdir().unwrap();
    let good = json_report(dir.path());
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\"tool_version\": \"1\", \"as_of\": \"x\",\n \"documents\": [{\"path\": 7}]}",
    )
    .unwrap();
    let before = snapshot(dir.path());
    let run = aftercert()
        .arg("diff")
        .args([&good, &bad])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("bad.json:2:"), "no position: {err}");
    assert!(err.contains("not an aftercert JSON report"), "{err}");
    assert!(
        err.contains("expected the output of `aftercert check --format json`"),
        "{err}"
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[cfg(unix)]
#[test]
fn diff_refuses_dev_zero_and_a_fifo_without_reading_them() {
    let dir = tempfile::tempdir().unwrap();
    let good = json_report(dir.path());
    let fifo = dir.path().join("fifo.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for special in [Path::new("/dev/zero"), fifo.as_path()] {
        let run = aftercert()
            .arg("diff")
            .arg(&good)
            .arg(special)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2));
        let err = String::from_utf8_lossy(&run.stderr);
        assert!(err.contains("not a regular file"), "{err}");
        assert!(err.contains("expected a JSON report"), "{err}");
    }
}

/// Runs `check` with a user template and returns the exit code and stderr.
fn with_template(template: &str, out: &Path) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("report.md.j2"), template).unwrap();
    let run = aftercert()
        .args([
            "check",
            "--edition",
            "technical",
            "-q",
            "--as-of",
            "2026-11-23",
            "--lang",
            "en",
        ])
        .arg(fixture("online-retailer.yaml"))
        .arg("--template-dir")
        .arg(dir.path())
        .arg("-o")
        .arg(format!("md:{}", out.display()))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&run.stderr).into_owned();
    let shown = dir.path().join("report.md.j2").display().to_string();
    assert!(err.contains(&shown), "the template is not named: {err}");
    (run.status.code().unwrap_or(-1), err)
}

#[test]
fn a_template_with_nested_loops_runs_out_of_fuel_and_names_its_line() {
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("r.md");
    let nested = "# ok\n{% for a in range(100000) %}{% for b in range(100000) %}{{ b }}{% endfor %}{% endfor %}\n";
    let (code, err) = with_template(nested, &report);
    assert_eq!(code, 2);
    assert!(err.contains("report.md.j2:2:"), "no line: {err}");
    assert!(err.contains("budget of work"), "{err}");
    assert!(!report.exists(), "a half-rendered report was written");
}

#[test]
fn a_template_with_huge_output_stops_cleanly() {
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("r.md");
    let huge = "{% for a in range(100000) %}{{ 'x' * 10000 }}{% endfor %}\n";
    let (code, err) = with_template(huge, &report);
    assert_eq!(code, 2);
    assert!(err.contains("output passed"), "{err}");
    assert!(!report.exists(), "a half-rendered report was written");
}

#[test]
fn a_template_error_names_the_template_file_and_line() {
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("r.md");
    let (code, err) = with_template("# ok\n\n{{ run | nosuchfilter }}\n", &report);
    assert_eq!(code, 2);
    assert!(err.contains("report.md.j2:3: template error"), "{err}");
    assert!(err.contains("error[template-invalid]"), "{err}");
    assert!(
        !err.contains("cannot write"),
        "the output is not at fault: {err}"
    );
    assert!(!report.exists());
}

#[test]
fn a_six_megabyte_company_name_gives_a_bounded_report() {
    let dir = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string(root().join(fixture("online-retailer.yaml"))).unwrap();
    let name = "优".repeat(2_000_000);
    let doc = dir.path().join("big.yaml");
    std::fs::write(
        &doc,
        src.replace(
            "name: 优选购网络科技有限公司 (Youxuan Online)",
            &format!("name: {name}"),
        ),
    )
    .unwrap();
    let input = std::fs::metadata(&doc).unwrap().len();
    let out = tempfile::tempdir().unwrap();
    let mut cmd = aftercert();
    cmd.args([
        "check",
        "--edition",
        "technical",
        "-q",
        "--as-of",
        "2026-11-23",
    ])
    .arg(&doc);
    let formats = ["md", "html", "json", "sarif", "junit", "csv", "github"];
    for f in formats {
        cmd.arg("-o")
            .arg(format!("{f}:{}", out.path().join(f).display()));
    }
    let run = cmd.output().unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for f in formats {
        let size = std::fs::metadata(out.path().join(f)).unwrap().len();
        assert!(
            size < input / 4,
            "{f}: {size} bytes of report for {input} bytes of input"
        );
        let text = std::fs::read_to_string(out.path().join(f)).unwrap();
        let has_company = f != "github";
        assert!(
            !has_company || text.contains("… (+"),
            "{f}: the clipping is not shown"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_colon_in_a_file_name_is_not_taken_for_a_drive_letter() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join(fixture("online-retailer.yaml")),
        dir.path().join("c:odd.yaml"),
    )
    .unwrap();
    let run = aftercert_in(dir.path())
        .args([
            "check",
            "--edition",
            "technical",
            "--as-of",
            "2026-11-23",
            "--format",
            "sarif",
            "c:odd.yaml",
        ])
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let uri = &r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
        assert_eq!(uri, "c%3Aodd.yaml");
    }
}

#[test]
fn junit_test_ids_are_unique_across_documents_with_the_same_criteria() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.yaml", "b.yaml"] {
        std::fs::copy(
            root().join(fixture("online-retailer.yaml")),
            dir.path().join(name),
        )
        .unwrap();
    }
    let run = aftercert()
        .args([
            "check",
            "--edition",
            "technical",
            "--as-of",
            "2026-11-23",
            "--format",
            "junit",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let xml = String::from_utf8(run.stdout).unwrap();
    let mut ids = BTreeSet::new();
    let mut cases = 0;
    for line in xml.lines().filter(|l| l.contains("<testcase ")) {
        let attr = |name: &str| {
            let start = line.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            line[start..].split('"').next().unwrap().to_string()
        };
        cases += 1;
        assert!(
            ids.insert((attr("classname"), attr("name"))),
            "duplicate id: {line}"
        );
    }
    assert!(cases > 40, "too few test cases: {cases}");
}

#[test]
fn a_template_over_the_size_limit_is_refused_before_it_is_read() {
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("r.md");
    let big = "x".repeat(2 << 20);
    let (code, err) = with_template(&big, &report);
    assert_eq!(code, 2);
    assert!(
        err.contains("more than the limit of 1048576 bytes"),
        "{err}"
    );
    assert!(!report.exists());
}
