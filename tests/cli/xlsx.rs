//! The Excel workbook (`--format xlsx`): a zip with the expected sheets in the report's
//! language, whose score is a formula over the self-assessment sheet, written to files
//! and pipes. (LibreOffice recalculating it to the JSON score is `.ci/validators`' job.)

use crate::support::{aftercert, check_json, fixture};
use std::io::Read;

/// Every part of a workbook, by name.
fn parts(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a valid zip");
    let mut out = std::collections::BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("an entry");
        let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
        let mut text = String::new();
        if f.read_to_string(&mut text).is_ok() {
            out.insert(name, text);
        }
    }
    out
}

/// Writes a workbook with `-o SPEC` (SPEC may hold `{dir}`); returns its bytes.
fn written(spec: &str, file: &str, args: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path().display().to_string();
    let out = aftercert()
        .args(["check", "-q", "--as-of", "2026-11-23", "-o"])
        .arg(spec.replace("{dir}", &d))
        .args(args)
        .output()
        .expect("runs");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(dir.path().join(file)).expect("the workbook was written")
}

/// The sheet names, in order.
fn sheet_names(workbook_xml: &str) -> Vec<String> {
    workbook_xml
        .split("<sheet name=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap_or_default().to_string())
        .collect()
}

/// The text of a defined name (`'汇总'!$B$15`).
fn defined(workbook_xml: &str, name: &str) -> Option<String> {
    let start = workbook_xml.find(&format!("<definedName name=\"{name}\">"))?;
    let rest = &workbook_xml[start..];
    let from = rest.find('>')? + 1;
    let to = rest.find("</definedName>")?;
    Some(rest[from..to].replace("&apos;", "'"))
}

/// The XML of one cell (`B15`) of a sheet part.
fn cell<'a>(sheet: &'a str, at: &str) -> &'a str {
    let start = sheet
        .find(&format!("<c r=\"{at}\""))
        .unwrap_or_else(|| panic!("no cell {at}"));
    let end = sheet[start..]
        .find("</c>")
        .map_or(sheet.len(), |e| start + e);
    &sheet[start..end]
}

#[test]
fn a_workbook_named_by_its_extension_has_the_sheets_in_chinese() {
    let online = fixture("online-retailer.yaml");
    let bytes = written("{dir}/自评.xlsx", "自评.xlsx", &["--lang", "zh", &online]);
    assert!(bytes.starts_with(b"PK\x03\x04"), "not a zip");
    let p = parts(&bytes);
    assert_eq!(
        sheet_names(&p["xl/workbook.xml"]),
        ["汇总", "自评表", "特别扣分与加分", "证据清单", "整改计划"]
    );
}

#[test]
fn the_format_prefix_writes_a_workbook_with_english_sheets() {
    let online = fixture("online-retailer.yaml");
    let bytes = written(
        "xlsx:{dir}/plan.bin",
        "plan.bin",
        &["--lang", "en", &online],
    );
    let p = parts(&bytes);
    assert_eq!(
        sheet_names(&p["xl/workbook.xml"]),
        [
            "Summary",
            "Self-assessment",
            "Deductions and bonus",
            "Evidence checklist",
            "Action plan"
        ]
    );
    let assessment = &p["xl/worksheets/sheet2.xml"];
    assert!(
        assessment.contains("<formula1>\"met,partial,missing,not applicable\"</formula1>"),
        "the status column has no dropdown"
    );
    assert!(
        assessment.contains("state=\"frozen\""),
        "no frozen header row"
    );
    assert!(assessment.contains("<autoFilter "), "no filter");
}

#[test]
fn the_score_is_a_formula_over_the_assessment_sheet_with_the_json_score_cached() {
    let online = fixture("online-retailer.yaml");
    let bytes = written("{dir}/r.xlsx", "r.xlsx", &["--lang", "zh", &online]);
    let (json, _) = check_json(&["--lang", "zh", &online]);
    let score = json["documents"][0]["score"].as_f64().expect("a score");
    let p = parts(&bytes);
    let at = defined(&p["xl/workbook.xml"], "aftercert_score_1").expect("the score is named");
    let (sheet, reference) = at.split_once('!').expect("sheet!cell");
    assert_eq!(sheet, "'汇总'");
    let xml = cell(&p["xl/worksheets/sheet1.xml"], &reference.replace('$', ""));
    assert!(
        xml.contains("<f>MAX(0,MIN(100,"),
        "the score is not a formula: {xml}"
    );
    let cached: f64 = xml
        .split("<v>")
        .nth(1)
        .and_then(|v| v.split('<').next())
        .and_then(|v| v.parse().ok())
        .expect("a cached result");
    assert!((cached - score).abs() < 1e-9, "{cached} vs {score}");
    // Each criterion's points are a formula over its status, credit and maximum.
    let assessment = &p["xl/worksheets/sheet2.xml"];
    let earned = cell(assessment, "G2");
    assert!(
        earned.contains("<f>IF($E$2=\"符合\",$H$2,IF($E$2=\"部分符合\",$H$2*$F$2,0))</f>"),
        "{earned}"
    );
    // The base score is earned ÷ applicable over that sheet.
    let summary = &p["xl/worksheets/sheet1.xml"];
    assert!(
        summary.contains("SUMIFS('自评表'!$G$2:"),
        "no sum over the points"
    );
    assert!(summary.contains("LOOKUP("), "the rating is not a lookup");
}

#[test]
fn every_document_and_standard_has_its_own_named_score() {
    let online = fixture("online-retailer.yaml");
    let phone = fixture("phone-brand.yaml");
    let args = ["--standard", "all", &online, &phone];
    let bytes = written("{dir}/all.xlsx", "all.xlsx", &args);
    let (json, _) = check_json(&args);
    let n = json["documents"].as_array().expect("documents").len();
    assert!(n > 2);
    let p = parts(&bytes);
    let wb = &p["xl/workbook.xml"];
    assert!(defined(wb, &format!("aftercert_score_{n}")).is_some());
    assert!(defined(wb, &format!("aftercert_score_{}", n + 1)).is_none());
}

#[test]
fn to_a_pipe_the_workbook_is_written_the_same_each_time() {
    let online = fixture("online-retailer.yaml");
    let run = || {
        aftercert()
            .args(["check", "--as-of", "2026-11-23", "--format", "xlsx"])
            .arg(&online)
            .output()
            .expect("runs")
    };
    let (a, b) = (run(), run());
    assert!(matches!(a.status.code(), Some(0 | 1)));
    assert!(a.stdout.starts_with(b"PK\x03\x04"), "stdout is not a zip");
    assert_eq!(a.stdout, b.stdout, "the same run wrote different bytes");
}

#[test]
fn text_that_looks_like_a_formula_stays_text() {
    let injection = fixture("injection.yaml");
    let bytes = written("{dir}/i.xlsx", "i.xlsx", &["--lang", "zh", &injection]);
    let p = parts(&bytes);
    let strings = &p["xl/sharedStrings.xml"];
    assert!(
        strings.contains("=HYPERLINK(\"http://x\",\"点击\")"),
        "the document's text is not in the workbook as text"
    );
    for (name, xml) in p.iter().filter(|(n, _)| n.starts_with("xl/worksheets/")) {
        for formula in xml.split("<f>").skip(1) {
            let formula = formula.split("</f>").next().unwrap_or_default();
            assert!(!formula.contains("HYPERLINK"), "{name}: {formula}");
            assert!(!formula.contains("cmd"), "{name}: {formula}");
        }
    }
}
