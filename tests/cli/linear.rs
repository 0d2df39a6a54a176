//! Cost linear in the input, and positions and messages right (issue 9, items 5 and 7):
//! line ends counted like the parser, messages capped per code and file with their totals,
//! long lines windowed, dates strictly `YYYY-MM-DD`, the alias-ratio limit named as such,
//! numbers shown as written, and no overflow on extreme input.
//!
//! Inputs are generated in the test at sizes that run well under a second in a debug
//! build; the timings at large sizes are a benchmark (BENCHMARKS.md), not a test.

use crate::support::aftercert;
use std::path::{Path, PathBuf};

/// Writes files into a fresh folder; remembers their bytes to prove they are untouched.
struct Files {
    dir: tempfile::TempDir,
    written: Vec<(PathBuf, Vec<u8>)>,
}

impl Files {
    fn new() -> Self {
        Files {
            dir: tempfile::tempdir().expect("temp dir"),
            written: Vec::new(),
        }
    }

    fn add(&mut self, name: &str, bytes: impl Into<Vec<u8>>) -> PathBuf {
        let path = self.dir.path().join(name);
        let bytes = bytes.into();
        std::fs::write(&path, &bytes).expect("write");
        self.written.push((path.clone(), bytes));
        path
    }

    /// Every input file is byte-identical to what was written.
    fn unchanged(&self) {
        for (path, bytes) in &self.written {
            assert_eq!(
                &std::fs::read(path).expect("read"),
                bytes,
                "{path:?} changed"
            );
        }
    }
}

/// Runs the binary; returns exit code, stdout and stderr.
fn run(args: &[&str], dir: &Path) -> (i32, String, String) {
    let out = aftercert()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn validate(files: &Files, name: &str, lang: &str) -> (i32, String) {
    let (code, _, err) = run(&["validate", "--lang", lang, name], files.dir.path());
    assert!(!err.contains("panicked"), "{err}");
    (code, err)
}

#[test]
fn cr_only_line_ends_showed_the_wrong_line() {
    let mut f = Files::new();
    f.add(
        "cr.yaml",
        "aftercert: 1\rcompany:\r  name: X\r  compnay: y\r",
    );
    let (code, err) = validate(&f, "cr.yaml", "en");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cr.yaml:4:3"), "{err}");
    assert!(err.contains("4 |   compnay: y\n"), "{err}");
    assert!(err.contains("  |   ^^^^^^^"), "{err}");
    f.unchanged();
}

#[test]
fn a_stray_cr_shifted_every_later_line() {
    let mut f = Files::new();
    // The parser ends a line at the CR inside the quoted value: `compnay` is on line 5.
    f.add(
        "stray.yaml",
        "aftercert: 1\ncompany:\n  name: \"X\rY\"\n  compnay: y\n",
    );
    f.add(
        "crlf.yaml",
        "aftercert: 1\r\ncompany:\r\n  name: X\r\n  compnay: y\r\n",
    );
    let (code, err) = validate(&f, "stray.yaml", "en");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("stray.yaml:5:3"), "{err}");
    assert!(err.contains("5 |   compnay: y\n"), "{err}");
    let (code, err) = validate(&f, "crlf.yaml", "en");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("crlf.yaml:4:3"), "{err}");
    assert!(err.contains("4 |   compnay: y\n"), "{err}");
    f.unchanged();
}

fn unknown_keys(n: usize) -> String {
    let mut doc = String::from("aftercert: 1\ncompany:\n  name: X\n");
    for i in 0..n {
        doc.push_str(&format!("  nmae{i:05}: x\n"));
    }
    doc
}

#[test]
fn thousands_of_unknown_keys_printed_every_one() {
    let mut f = Files::new();
    f.add("keys.yaml", unknown_keys(2_000));
    let (code, err) = validate(&f, "keys.yaml", "en");
    assert_eq!(code, 2);
    assert_eq!(err.matches("error[unknown-key]").count(), 100, "{err}");
    assert!(
        err.contains("… and 1900 more `unknown-key` problems in keys.yaml"),
        "{err}"
    );
    assert!(
        err.contains("in total: 2000 error(s), 0 warning(s); 1900 not shown"),
        "{err}"
    );
    let (code, err) = validate(&f, "keys.yaml", "zh");
    assert_eq!(code, 2);
    assert!(
        err.contains("另有 1900 个 `unknown-key` 问题未显示"),
        "{err}"
    );
    assert!(
        err.contains("合计：2000 个错误，0 个警告；其中 1900 个未显示"),
        "{err}"
    );
    f.unchanged();
}

#[test]
fn a_hundred_problems_print_without_a_summary() {
    let mut f = Files::new();
    f.add("keys.yaml", unknown_keys(100));
    let (code, err) = validate(&f, "keys.yaml", "en");
    assert_eq!(code, 2);
    assert_eq!(err.matches("error[unknown-key]").count(), 100);
    assert!(
        !err.contains("more `unknown-key`") && !err.contains("in total"),
        "{err}"
    );
}

#[test]
fn a_huge_single_line_value_was_rendered_whole() {
    let mut f = Files::new();
    let value = "x".repeat(2_000_000);
    let line = format!("company: {{name: \"{value}\", compnay: y}}");
    let column = line.find("compnay").unwrap() + 1;
    f.add("long.yaml", format!("aftercert: 1\n{line}\n"));
    let (code, err) = validate(&f, "long.yaml", "en");
    assert_eq!(code, 2, "{}", &err[..err.len().min(2000)]);
    assert!(err.len() < 5_000, "{} bytes of messages", err.len());
    assert!(err.contains(&format!("long.yaml:2:{column}")), "{err}");
    assert!(err.contains("xxx\", compnay: y}"), "{err}");
    f.unchanged();
}

#[test]
fn an_integer_date_validated_and_was_then_ignored() {
    let mut f = Files::new();
    f.add(
        "dates.yaml",
        "aftercert: 1\ncompany:\n  name: X\ncustomers:\n  surveys:\n    - last_run: 20261101\n    - last_run: 2026-1-1\n    - last_run: 2026-11-01\n",
    );
    let (code, err) = validate(&f, "dates.yaml", "en");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("error[wrong-type]"), "{err}");
    assert!(err.contains("found integer `20261101`"), "{err}");
    assert!(err.contains("dates.yaml:6:17"), "{err}");
    assert!(err.contains("error[invalid-date]"), "{err}");
    assert!(err.contains("`2026-1-1` is not a valid date"), "{err}");
    assert!(err.contains("dates.yaml:7:17"), "{err}");
    assert_eq!(err.matches("YYYY-MM-DD").count(), 2, "{err}");
    assert!(!err.contains(":8:"), "{err}");
    f.unchanged();
}

#[test]
fn numbers_were_reformatted_in_messages() {
    let mut f = Files::new();
    f.add(
        "numbers.yaml",
        "aftercert: 1\ncompany:\n  name: X\npolicies:\n  warranty:\n    refund_days: 1.50000\ncustomers:\n  return_visits:\n    coverage_percent: 140.000001\n",
    );
    let (code, err) = validate(&f, "numbers.yaml", "en");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("found number `1.50000`"), "{err}");
    assert!(err.contains("is 140.000001, out of range"), "{err}");
    f.unchanged();
}

#[test]
fn a_hundred_and_fifty_aliases_were_called_more_than_a_thousand() {
    let mut f = Files::new();
    let aliases = vec!["*a"; 150].join(", ");
    f.add(
        "aliases.yaml",
        format!("aftercert: 1\ncompany:\n  name: &a X\n  product_categories: [{aliases}]\n"),
    );
    let (code, err) = validate(&f, "aliases.yaml", "en");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("150 YAML aliases (*name) for 1 anchor(s)"),
        "{err}"
    );
    assert!(err.contains("alias-to-anchor ratio limit"), "{err}");
    assert!(!err.contains("1000"), "{err}");
    f.unchanged();
}

#[test]
fn a_long_list_of_regions_was_repeated_in_every_message() {
    let mut f = Files::new();
    let mut doc = String::from("aftercert: 1\ncompany:\n  name: X\n  sales_regions:\n");
    for i in 0..300 {
        doc.push_str(&format!("    - R{i}\n"));
    }
    doc.push_str("network:\n  outlets:\n");
    for i in 0..300 {
        doc.push_str(&format!("    - {{id: O{i}, region: S{i}, mode: own}}\n"));
    }
    f.add("regions.yaml", doc);
    let (code, err) = validate(&f, "regions.yaml", "en");
    assert_eq!(code, 2);
    assert!(err.contains("one of: R0, R1,"), "{err}");
    assert!(err.contains("R19, … (280 more)"), "{err}");
    assert!(!err.contains("R20,"), "{err}");
    f.unchanged();
}

#[test]
fn max_file_size_at_u64_max_overflowed() {
    let mut f = Files::new();
    f.add("ok.yaml", "aftercert: 1\ncompany:\n  name: X\n");
    let (code, out, err) = run(
        &[
            "validate",
            "--max-file-size",
            "18446744073709551615",
            "ok.yaml",
        ],
        f.dir.path(),
    );
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ok.yaml: valid"), "{out}");
    f.unchanged();
}

#[test]
fn a_ten_thousand_character_chinese_numeral_overflowed() {
    let mut f = Files::new();
    let numeral = "九".repeat(10_000);
    f.add(
        "numeral.yaml",
        format!(
            "aftercert: 1\ncompany:\n  name: X\norganization:\n  commitments:\n    - id: onsite\n      advert: {numeral}天上门\n      warranty_card: 7天上门\n"
        ),
    );
    let (code, out, err) = run(
        &[
            "check",
            "--as-of",
            "2026-11-23",
            "--format",
            "json",
            "numeral.yaml",
        ],
        f.dir.path(),
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("a JSON report");
    assert_eq!(json["documents"].as_array().map(Vec::len), Some(1), "{out}");
    f.unchanged();
}
