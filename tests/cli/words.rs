//! Expected and found texts are sentences a client can read: through the binary, no
//! report of any fixture shows a field path in them, in Chinese or in English, and known
//! fixtures read as an auditor would write them.

use crate::support::{aftercert, root};
use aftercert::labels::looks_like_path;
use serde_json::Value as J;

/// Every fixture document at the top of `fixtures/`.
fn fixtures() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(root().join("fixtures"))
        .expect("fixtures folder")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .map(|n| format!("fixtures/{n}"))
        .collect();
    out.sort();
    out
}

/// Runs `check` on one fixture with every standard and returns stdout.
fn report(fixture: &str, lang: &str, format: &str) -> String {
    let out = aftercert()
        .args([
            "check",
            "--edition",
            "technical",
            fixture,
            "--standard",
            "all",
            "--as-of",
            "2026-11-23",
        ])
        .args(["--lang", lang, "--format", format])
        .output()
        .expect("runs");
    assert_ne!(
        out.status.code(),
        Some(2),
        "{fixture}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Every `expected` and `found` text of a JSON report, with its criterion.
fn texts(json: &J, criterion: &str, out: &mut Vec<(String, String)>) {
    match json {
        J::Object(map) => {
            let id = map
                .get("criterion")
                .and_then(J::as_str)
                .unwrap_or(criterion);
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("expected" | "found", J::String(s)) => out.push((id.to_string(), s.clone())),
                    _ => texts(v, id, out),
                }
            }
        }
        J::Array(items) => items.iter().for_each(|i| texts(i, criterion, out)),
        _ => {}
    }
}

fn json_texts(fixture: &str, lang: &str) -> Vec<(String, String)> {
    let json: J = serde_json::from_str(&report(fixture, lang, "json")).expect("JSON");
    let mut out = Vec::new();
    texts(&json, "", &mut out);
    out
}

#[test]
fn no_expected_or_found_text_in_a_json_report_names_a_field_path() {
    for fixture in fixtures() {
        for lang in ["zh", "en"] {
            let all = json_texts(&fixture, lang);
            assert!(all.len() > 20, "{fixture} {lang}: only {} texts", all.len());
            let leaks: Vec<&(String, String)> =
                all.iter().filter(|(_, t)| looks_like_path(t)).collect();
            assert!(leaks.is_empty(), "{fixture} {lang}: {leaks:#?}");
        }
    }
}

#[test]
fn no_expected_or_found_line_in_a_markdown_report_names_a_field_path() {
    let prefixes = [
        "- **Expected:**",
        "- **Found:**",
        "- **要求:**",
        "- **文件所写:**",
    ];
    let mut seen = 0;
    for fixture in fixtures() {
        for lang in ["zh", "en"] {
            let md = report(&fixture, lang, "markdown");
            let lines: Vec<String> = md
                .lines()
                .filter(|l| prefixes.iter().any(|p| l.starts_with(p)))
                .map(|l| l.replace("\\_", "_"))
                .collect();
            seen += lines.len();
            let leaks: Vec<&String> = lines.iter().filter(|l| looks_like_path(l)).collect();
            assert!(leaks.is_empty(), "{fixture} {lang}: {leaks:#?}");
        }
    }
    // A fixture that meets every criterion has none; the fixtures together have many.
    assert!(seen > 100, "only {seen} expected/found lines");
}

/// The text of one criterion's finding in a fixture's JSON report.
fn finding(fixture: &str, lang: &str, criterion: &str, key: &str) -> String {
    let json: J = serde_json::from_str(&report(fixture, lang, "json")).expect("JSON");
    json["documents"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|d| ["findings", "special_deductions", "bonus"].map(|k| &d[k]))
        .filter_map(J::as_array)
        .flatten()
        .find(|f| f["criterion"] == criterion)
        .and_then(|f| f[key].as_str())
        .unwrap_or_else(|| panic!("{fixture}: no {key} for {criterion}"))
        .to_string()
}

#[test]
fn uncovered_sales_regions_are_named_in_words() {
    let f = "fixtures/online-retailer.yaml";
    let id = "gbt27922.outlets-cover-regions";
    assert_eq!(
        finding(f, "en", id, "found"),
        "3 of 6 sales regions have no outlet: Anhui, Guangdong, Beijing"
    );
    assert_eq!(
        finding(f, "zh", id, "found"),
        "6 个销售区域中有 3 个没有服务网点：Anhui、Guangdong、Beijing"
    );
    assert_eq!(
        finding(f, "zh", id, "expected"),
        "服务网点所在地区覆盖全部销售区域"
    );
}

#[test]
fn the_certified_manager_ratio_reads_as_a_share_of_staff() {
    let f = "fixtures/online-retailer.yaml";
    let id = "gbt27922.certified-manager-ratio";
    assert_eq!(
        finding(f, "zh", id, "found"),
        "持证售后服务管理师 1 人，占服务管理人员 22 人的 4.5%（要求至少 10%）"
    );
    assert_eq!(
        finding(f, "zh", id, "expected"),
        "持证售后服务管理师占服务管理人员的比例不低于 10%"
    );
    assert_eq!(
        finding(f, "en", id, "expected"),
        "certified after-sales service managers at least 10% of service management staff"
    );
}

#[test]
fn a_statutory_term_names_the_law_and_its_figure() {
    let f = "fixtures/car-dealer-group.yaml";
    let id = "cn-consumer-law.car-loan-car";
    assert_eq!(
        finding(f, "zh", id, "expected"),
        "提供备用车的修理时长不超过法定的 5天（家用汽车：SAMR Order 43 (2021) Art. 21）"
    );
    assert_eq!(
        finding(f, "en", id, "expected"),
        "repair time after which a loan car is owed of at most the statutory 5 days (household car: SAMR Order 43 (2021) Art. 21)"
    );
}

#[test]
fn an_optional_period_reads_if_stated() {
    let f = "fixtures/online-retailer.yaml";
    let expected = finding(f, "zh", "ecommerce.same-day-response", "expected");
    assert!(
        expected
            .starts_with("如设有在线客服且写明在线客服响应时限，则在线客服响应时限不超过 24 小时"),
        "{expected}"
    );
    assert!(!expected.contains("并非"), "{expected}");
    let en = finding(f, "en", "ecommerce.same-day-response", "expected");
    assert!(!en.contains("not ("), "{en}");
}
