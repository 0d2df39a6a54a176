//! `aftercert diff` reading both report formats: format 1 (every finding carries its
//! criterion's texts, no `format_version`) and format 2 (findings name their criterion,
//! documents their standard, the texts are in the run-level `criteria` and `standards`
//! tables, which may come after `documents`). The same audits give the same page in either
//! format and in a mix of the two; a report of an unknown format, cut short, or naming a
//! table entry it does not have is refused with the file, the place and what was expected.
//!
//! The format-1 inputs are `tests/cli/fixtures/diff/v1-*.json`: two audits of the online
//! retailer three months apart as an earlier aftercert wrote them, cut down to the fields
//! `diff` reads plus one it must skip (`rationale`). The format-2 inputs are made from them
//! here, so the tests do not depend on which format `check` writes.

use crate::support::{aftercert, aftercert_in, root};
use serde_json::{Map, Value};
use std::path::Path;

/// A format-1 fixture, parsed.
fn v1(name: &str) -> Value {
    let path = root().join(format!("tests/cli/fixtures/diff/v1-{name}.json"));
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Where the run-level tables go in a format-2 text.
#[derive(Clone, Copy)]
enum Tables {
    Before,
    After,
}

/// A report in format 2: a format-1 report's standards and criterion texts moved into the
/// `standards` and `criteria` tables, `tables` placed before or after `documents`. A
/// report already in format 2 is kept as it is.
fn to_v2(report: &Value, tables: Tables) -> String {
    if report["format_version"] == 2 {
        return report.to_string();
    }
    let mut report = report.clone();
    let (mut standards, mut criteria) = (Map::new(), Map::new());
    for doc in report["documents"].as_array_mut().unwrap() {
        let standard = doc["standard"].take();
        let id = standard["id"].as_str().unwrap().to_string();
        standards.insert(id.clone(), standard);
        doc["standard"] = id.into();
        for f in doc["findings"].as_array_mut().unwrap() {
            let f = f.as_object_mut().unwrap();
            let mut texts = Map::new();
            for key in [
                "kind",
                "title",
                "clause",
                "severity",
                "rationale",
                "remediation",
            ] {
                if let Some(v) = f.remove(key) {
                    texts.insert(key.to_string(), v);
                }
            }
            f.retain(|_, v| !v.is_null());
            let id = f["criterion"].as_str().unwrap().to_string();
            criteria.insert(id, texts.into());
        }
    }
    let head = format!(
        "\"format\":\"aftercert-report\",\"format_version\":2,\"tool_version\":{},\"as_of\":{},\"lang\":{}",
        report["tool_version"], report["as_of"], report["lang"]
    );
    let table_text = format!(
        "\"standards\":{},\"criteria\":{}",
        Value::from(standards),
        Value::from(criteria)
    );
    let documents = format!("\"documents\":{}", report["documents"]);
    match tables {
        Tables::Before => format!("{{{head},{table_text},{documents}}}"),
        Tables::After => format!("{{{head},\n{documents},\n{table_text}}}\n"),
    }
}

/// Writes `old.json` and `new.json` in a folder.
fn write(dir: &Path, old: &str, new: &str) {
    std::fs::write(dir.join("old.json"), old).unwrap();
    std::fs::write(dir.join("new.json"), new).unwrap();
}

/// Runs `diff old.json new.json` with more arguments; returns the exit code, stdout and
/// stderr.
fn run_diff(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let run = aftercert_in(dir)
        .args(["diff", "old.json", "new.json"])
        .args(args)
        .output()
        .unwrap();
    (
        run.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&run.stdout).into_owned(),
        String::from_utf8_lossy(&run.stderr).into_owned(),
    )
}

/// The page of a diff that must succeed.
fn page(dir: &Path, args: &[&str]) -> String {
    let (code, out, err) = run_diff(dir, args);
    assert_eq!(code, 0, "{err}");
    out
}

#[test]
fn format_2_gives_the_page_format_1_gives_in_any_mix() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (v1("old"), v1("new"));
    write(dir.path(), &old.to_string(), &new.to_string());
    let pages = |d: &Path| {
        [
            page(d, &["--lang", "en"]),
            page(d, &["--lang", "zh", "--format", "html"]),
        ]
    };
    let expected = pages(dir.path());
    assert!(expected[0].contains("### Fixed (3)"), "{}", expected[0]);
    let mixes = [
        (to_v2(&old, Tables::After), to_v2(&new, Tables::After)),
        (to_v2(&old, Tables::Before), to_v2(&new, Tables::After)),
        (old.to_string(), to_v2(&new, Tables::After)),
        (to_v2(&old, Tables::Before), new.to_string()),
    ];
    for (i, (o, n)) in mixes.iter().enumerate() {
        assert!(n.contains("\"format_version\":2") || o.contains("\"format_version\":2"));
        write(dir.path(), o, n);
        assert_eq!(pages(dir.path()), expected, "mix {i} gives another page");
    }
    insta::assert_snapshot!("diff_v1_fixtures_md_en", expected[0]);
}

#[test]
fn texts_of_a_standard_not_built_in_come_from_the_run_level_tables() {
    let dir = tempfile::tempdir().unwrap();
    // Another version of the standard: the binary does not carry it, so its texts are the
    // report's own.
    let house = |mut r: Value| {
        r["documents"][0]["standard"]["version"] = "house-2".into();
        r
    };
    let (old, new) = (house(v1("old")), house(v1("new")));
    let retitle = |text: String| {
        let mut r: Value = serde_json::from_str(&text).unwrap();
        r["criteria"]["gbt27922.customer-training"]["title"] = "Table title of training".into();
        r["criteria"]["gbt27922.customer-training"]["clause"] = "T.9".into();
        r["standards"]["gbt27922"]["title"] = "House checklist".into();
        r.to_string()
    };
    let (o, n) = (to_v2(&old, Tables::After), to_v2(&new, Tables::After));
    write(dir.path(), &retitle(o), &retitle(n));
    let md = page(dir.path(), &["--lang", "zh"]);
    assert!(
        md.contains("T.9 Table title of training `gbt27922.customer-training`"),
        "{md}"
    );
    assert!(md.contains("— House checklist"), "{md}");
    // The same reports in format 1 show the findings' own titles.
    write(dir.path(), &old.to_string(), &new.to_string());
    let md = page(dir.path(), &["--lang", "zh"]);
    assert!(
        md.contains("5.2.2 Customers are trained to use the product `gbt27922.customer-training`"),
        "{md}"
    );
}

#[test]
fn a_diff_of_what_check_writes_works_whatever_its_format() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("fixtures/online-retailer.yaml")).unwrap();
    let doc = dir.path().join("retailer.yaml");
    for (text, as_of, out) in [
        (text.clone(), "2026-11-23", "old.json"),
        (
            text.replace("customer_training: false", "customer_training: true"),
            "2027-02-23",
            "new.json",
        ),
    ] {
        std::fs::write(&doc, text).unwrap();
        let run = aftercert_in(dir.path())
            .args(["check", "-q", "--as-of", as_of, "--format", "json"])
            .args(["-o", &format!("json:{out}"), "retailer.yaml"])
            .output()
            .unwrap();
        assert!(matches!(run.status.code(), Some(0 | 1)));
    }
    let md = page(dir.path(), &["--lang", "en"]);
    let fixed = md.split("### Fixed (").nth(1).expect("a fixed gap");
    assert!(fixed.contains("gbt27922.customer-training"), "{md}");
    assert!(
        md.contains("Customers are trained to use the product"),
        "{md}"
    );
    let read = |name: &str| -> Value {
        serde_json::from_slice(&std::fs::read(dir.path().join(name)).unwrap()).unwrap()
    };
    let (old, new) = (read("old.json"), read("new.json"));
    write(
        dir.path(),
        &to_v2(&old, Tables::After),
        &to_v2(&new, Tables::Before),
    );
    assert_eq!(page(dir.path(), &["--lang", "en"]), md);
}

/// Runs `diff` expecting a refusal of `new.json`: exit 2, nothing written; returns stderr.
fn refused(dir: &Path, new: &str) -> String {
    std::fs::write(dir.join("old.json"), v1("old").to_string()).unwrap();
    std::fs::write(dir.join("new.json"), new).unwrap();
    let (code, out, err) = run_diff(dir, &["--lang", "en", "-o", "page.html"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(!dir.join("page.html").exists(), "a page was written");
    assert!(err.contains("new.json"), "the file is not named: {err}");
    err
}

/// The `line:column` after `new.json:` in a message.
fn position(err: &str) -> (u64, u64) {
    let rest = err.split("new.json:").nth(1).expect("a position");
    let mut parts = rest.split(':');
    let line = parts.next().unwrap().parse().expect("a line");
    let column = parts.next().unwrap().parse().expect("a column");
    (line, column)
}

#[test]
fn an_unknown_format_version_is_refused_where_it_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let v2 = to_v2(&v1("new"), Tables::After);
    let v3 = v2.replace("\"format_version\":2", "\"format_version\":3");
    let err = refused(dir.path(), &v3);
    assert_eq!(position(&err).0, 1, "{err}");
    assert!(err.contains("format_version 3"), "{err}");
    assert!(err.contains("is not 1 or 2"), "{err}");
    let other = v2.replace("\"aftercert-report\"", "\"sarif\"");
    let err = refused(dir.path(), &other);
    assert!(err.contains("expected \"aftercert-report\""), "{err}");
}

#[test]
fn a_report_cut_short_is_refused_at_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let text = v1("new").to_string();
    let cut = &text[..text.len() / 2];
    let err = refused(dir.path(), cut);
    let (line, column) = position(&err);
    assert_eq!(line, 1, "{err}");
    assert!(column as usize >= cut.len() - 1, "{err}");
    assert!(err.contains("the file is cut short"), "{err}");
    assert!(
        err.contains("expected the output of `aftercert check --format json`"),
        "{err}"
    );
    let err = refused(dir.path(), "[1, 2]\n");
    assert!(err.contains("new.json:1:"), "{err}");
    assert!(err.contains("not an aftercert JSON report"), "{err}");
}

#[test]
fn a_format_2_report_naming_what_its_tables_lack_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut v2: Value = serde_json::from_str(&to_v2(&v1("new"), Tables::After)).unwrap();
    let criteria = v2["criteria"].as_object_mut().unwrap();
    criteria.remove("gbt27922.customer-training").unwrap();
    let err = refused(dir.path(), &v2.to_string());
    assert!(err.contains("documents[0].findings["), "{err}");
    assert!(err.contains("\"gbt27922.customer-training\""), "{err}");
    assert!(err.contains("`criteria` table"), "{err}");
    v2["standards"] = Value::Object(Map::new());
    let err = refused(dir.path(), &v2.to_string());
    assert!(err.contains("documents[0].standard"), "{err}");
    assert!(err.contains("`standards` table"), "{err}");
}

#[test]
fn the_format_1_fixtures_are_what_an_earlier_aftercert_wrote() {
    // The fixtures stand for reports already on users' disks: no `format_version`, the
    // criterion's texts in every finding. A test that rewrote them would test nothing.
    for name in ["old", "new"] {
        let r = v1(name);
        assert!(r.get("format_version").is_none());
        let f = &r["documents"][0]["findings"][0];
        assert!(f["title"].is_string() && f["rationale"].is_string(), "{f}");
        assert!(r["documents"][0]["standard"]["id"] == "gbt27922");
    }
    let run = aftercert()
        .args(["diff", "tests/cli/fixtures/diff/v1-old.json"])
        .arg("tests/cli/fixtures/diff/v1-new.json")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
}
