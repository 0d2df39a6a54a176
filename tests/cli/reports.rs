//! Reports: every format for every fixture (snapshots), the HTML page's promises, escaping
//! of hostile input in every format, atomic writes, `-o FORMAT:PATH`, `--lang` and
//! `--template-dir`.

use crate::support::{aftercert, fixture, root};

/// The fixtures that audit cleanly (no broken input).
const FIXTURES: &[&str] = &[
    "appliance-mature",
    "online-retailer",
    "startup-organization-stage",
    "injection",
];

/// The hostile company name of `fixtures/injection.yaml`.
const HOSTILE: &str = "<script>alert(1)</script>{{ 7*7 }}{% raw %}";

/// Runs `check` on one fixture and returns stdout.
fn report(name: &str, format: &str, extra: &[&str]) -> String {
    let out = aftercert()
        .args([
            "check",
            "--edition",
            "technical",
            "--as-of",
            "2026-11-23",
            "--format",
            format,
        ])
        .args(extra)
        .arg(fixture(&format!("{name}.yaml")))
        .output()
        .expect("runs");
    let code = out.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "{name} {format}: exit {code:?}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Replaces what changes from release to release.
fn normalise(text: &str) -> String {
    text.replace(
        &format!("\"{}\"", env!("CARGO_PKG_VERSION")),
        "\"[version]\"",
    )
}

fn snapshot_all(format: &str) {
    for name in FIXTURES {
        let text = normalise(&report(name, format, &[]));
        insta::assert_snapshot!(format!("{format}__{name}"), text);
    }
}

#[test]
fn markdown_snapshots() {
    snapshot_all("markdown");
}

#[test]
fn json_snapshots() {
    // Indented, so a change reads line by line (the same value as the compact default).
    for name in FIXTURES {
        let text = normalise(&report(name, "json", &["--pretty"]));
        insta::assert_snapshot!(format!("json__{name}"), text);
    }
}

/// SARIF is compact by default; the snapshots are `--pretty`, the same log indented.
#[test]
fn sarif_snapshots() {
    for name in FIXTURES {
        let text = normalise(&report(name, "sarif", &["--pretty"]));
        insta::assert_snapshot!(format!("sarif__{name}"), text);
    }
}

#[test]
fn junit_snapshots() {
    snapshot_all("junit");
}

#[test]
fn csv_snapshots() {
    snapshot_all("csv");
}

#[test]
fn github_snapshots() {
    snapshot_all("github");
}

/// The gap count of one audit, from the JSON report: scored criteria and special
/// deductions that are partial or missing (a bonus not earned is not a gap).
fn gap_total(name: &str) -> usize {
    let json = crate::support::report_json(report(name, "json", &[]));
    json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["findings"].as_array().unwrap())
        .filter(|f| {
            f["kind"] != "bonus" && matches!(f["status"].as_str(), Some("partial" | "missing"))
        })
        .count()
}

#[test]
fn every_machine_format_reports_the_same_gaps() {
    for name in FIXTURES {
        let gaps = gap_total(name);
        let sarif: serde_json::Value = serde_json::from_str(&report(name, "sarif", &[])).unwrap();
        assert_eq!(
            sarif["runs"][0]["results"].as_array().unwrap().len(),
            gaps,
            "{name}: SARIF"
        );
        let junit = report(name, "junit", &[]);
        assert_eq!(junit.matches("<failure ").count(), gaps, "{name}: JUnit");
        let github = report(name, "github", &[]);
        let annotated = github
            .lines()
            .filter(|l| !l.contains(",title=aftercert "))
            .count();
        assert_eq!(annotated, gaps, "{name}: GitHub");
        let csv = report(name, "csv", &[]);
        let mut rows = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        let gap_rows = rows
            .records()
            .map(Result::unwrap)
            .filter(|r| matches!(&r[7], "partial" | "missing") && &r[3] != "bonus")
            .count();
        assert_eq!(gap_rows, gaps, "{name}: CSV");
    }
}

#[test]
fn sarif_results_point_at_lines_with_stable_fingerprints() {
    let log: serde_json::Value =
        serde_json::from_str(&report("online-retailer", "sarif", &[])).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for r in run["results"].as_array().unwrap() {
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(
            loc["artifactLocation"]["uri"],
            "fixtures/online-retailer.yaml"
        );
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(loc["region"]["startColumn"].as_u64().unwrap() >= 1);
        assert!(r["partialFingerprints"]["aftercert/v1"].is_string());
        let rule = &rules[r["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], r["ruleId"]);
        assert_ne!(rule["name"], rule["id"]);
        let expected = match rule["properties"]["severity"].as_str().unwrap() {
            "blocking" | "major" => "error",
            "minor" => "warning",
            _ => "note",
        };
        assert_eq!(r["level"], expected);
    }
}

#[test]
fn the_html_report_is_self_contained_and_accessible() {
    for name in FIXTURES {
        let html = report(name, "html", &["--lang", "en"]);
        assert!(html.starts_with("<!DOCTYPE html>"), "{name}");
        assert!(html.contains("<html lang=\"en\">"), "{name}");
        assert!(!html.contains("<script src"), "{name}");
        assert!(!html.contains("<link"), "{name}: external stylesheet");
        for asset in ["src=\"http", "src='http", "url(http", "@import"] {
            assert!(!html.contains(asset), "{name}: {asset}");
        }
        assert!(html.contains("<figure class=\"gauge\">"), "{name}: gauge");
        assert!(html.contains("<svg viewBox=\"-12 0 264 140\" role=\"img\""));
        assert!(html.contains("<th scope=\"col\">"), "{name}: table headers");
        assert!(html.contains("@page"), "{name}: print styles");
    }
    let zh = report("online-retailer", "html", &["--lang", "zh"]);
    assert!(zh.contains("<html lang=\"zh-CN\">"));
}

#[test]
fn html_headings_do_not_skip_levels() {
    let html = report("online-retailer", "html", &[]);
    let (mut last, mut deepest) = (0, 0);
    for (i, _) in html.match_indices("<h") {
        let Some(level) = html[i + 2..].chars().next().and_then(|c| c.to_digit(10)) else {
            continue;
        };
        assert!(level <= last + 1, "h{level} after h{last} at byte {i}");
        last = level;
        deepest = deepest.max(level);
    }
    assert_eq!(deepest, 5);
}

#[test]
fn dates_follow_the_language() {
    for format in ["html", "markdown"] {
        assert!(report("appliance-mature", format, &["--lang", "zh"]).contains("2026年11月23日"));
        assert!(report("appliance-mature", format, &["--lang", "en"]).contains("23 November 2026"));
    }
}

#[test]
fn the_markdown_report_needs_no_raw_html() {
    use pulldown_cmark::{Event, Parser};
    for name in FIXTURES {
        let md = report(name, "markdown", &[]);
        let options = aftercert::report::markdown::cmark_options();
        let html_events = Parser::new_ext(&md, options)
            .filter(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)))
            .count();
        assert_eq!(html_events, 0, "{name}");
        assert!(md.contains("|---|"), "{name}: tables");
    }
}

#[test]
fn hostile_strings_are_text_in_every_human_format() {
    let md = report("injection", "markdown", &[]);
    assert!(!md.contains("<script") && md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(md.contains("{{ 7\\*7 }}{% raw %}"));
    let html = report("injection", "html", &[]);
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<img"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;{{ 7*7 }}{% raw %}"));
    assert!(!html.contains("alert(1)</script>49") && !html.contains("&lt;&#x2f;script&gt;49"));
    assert_eq!(
        html.matches("<script>").count(),
        1,
        "only the report's own filter script"
    );
}

#[test]
fn hostile_strings_are_escaped_in_every_machine_format() {
    for format in ["json", "sarif"] {
        let text = report("injection", format, &[]);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let company = match format {
            "json" => value["documents"][0]["company"].clone(),
            _ => value["runs"][0]["results"][0]["properties"]["company"].clone(),
        };
        assert_eq!(company, HOSTILE, "{format}");
    }
    let junit = report("injection", "junit", &[]);
    assert!(!junit.contains("<script"));
    assert!(junit.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }}{% raw %}\""));
    let github = report("injection", "github", &[]);
    for line in github.lines() {
        let ok = ["::error ", "::warning ", "::notice "]
            .iter()
            .any(|p| line.starts_with(p));
        assert!(ok, "a line that is not a workflow command: {line}");
    }
    let csv = report("injection", "csv", &[]);
    assert!(csv.starts_with('\u{feff}'), "byte-order mark");
    let mut rows = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    assert_eq!(&rows.records().next().unwrap().unwrap()[1], HOSTILE);
}

#[test]
fn csv_cells_that_look_like_formulas_get_an_apostrophe() {
    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(root().join(fixture("injection.yaml"))).unwrap();
    for name in ["=1+2", "+cmd", "-1+1", "@SUM(A1)"] {
        let doc = dir.path().join("doc.yaml");
        let line = format!("  name: '{name}'");
        let text = source.replace(&format!("  name: '{HOSTILE}'"), &line);
        assert_ne!(text, source);
        std::fs::write(&doc, text).unwrap();
        let out = aftercert()
            .args([
                "check",
                "--edition",
                "technical",
                "--as-of",
                "2026-11-23",
                "--format",
                "csv",
            ])
            .arg(&doc)
            .output()
            .unwrap();
        let csv = String::from_utf8(out.stdout).unwrap();
        let mut rows = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        for row in rows.records() {
            let row = row.unwrap();
            assert_eq!(&row[1], format!("'{name}"));
            for cell in &row {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{cell}"
                );
            }
        }
    }
}

#[test]
fn outputs_are_written_whole_with_no_temporary_file_left() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = aftercert()
        .args([
            "check",
            "--edition",
            "technical",
            "--as-of",
            "2026-11-23",
            "--quiet",
        ])
        .arg(fixture("online-retailer.yaml"))
        .arg("-o")
        .arg(d.join("r.html"))
        .arg("-o")
        .arg(d.join("r.sarif.json"))
        .arg("-o")
        .arg(format!("junit:{}", d.join("tests.txt").display()))
        .arg("-o")
        .arg(d.join("r.csv"))
        .arg("-o")
        .arg(format!("github:{}", d.join("annotations").display()))
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)));
    let mut names: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "annotations",
            "r.csv",
            "r.html",
            "r.sarif.json",
            "tests.txt"
        ]
    );
    for (file, format) in [
        ("r.html", "html"),
        ("r.sarif.json", "sarif"),
        ("tests.txt", "junit"),
        ("r.csv", "csv"),
        ("annotations", "github"),
    ] {
        let written = std::fs::read_to_string(d.join(file)).unwrap();
        assert_eq!(written, report("online-retailer", format, &[]), "{file}");
    }
}

#[test]
fn an_output_that_is_an_input_is_refused_in_any_format() {
    let before = std::fs::read(root().join(fixture("appliance-mature.yaml"))).unwrap();
    let out = aftercert()
        .args([
            "check",
            "--edition",
            "technical",
            &fixture("appliance-mature.yaml"),
            "-o",
        ])
        .arg(format!("html:{}", fixture("appliance-mature.yaml")))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let after = std::fs::read(root().join(fixture("appliance-mature.yaml"))).unwrap();
    assert_eq!(before, after);
}

#[test]
fn a_template_dir_replaces_the_html_template_and_still_escapes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("report.html.j2"),
        "<p class=\"custom\">{{ run.documents[0].company }}</p>\n",
    )
    .unwrap();
    let html = report(
        "injection",
        "html",
        &["--template-dir", dir.path().to_str().unwrap()],
    );
    assert_eq!(
        html,
        "<p class=\"custom\">&lt;script&gt;alert(1)&lt;&#x2f;script&gt;{{ 7*7 }}{% raw %}</p>\n"
    );
    let md = report(
        "injection",
        "markdown",
        &["--template-dir", dir.path().to_str().unwrap()],
    );
    assert!(md.starts_with("# "), "other templates stay built in");
}

#[test]
fn formats_are_known_by_name_and_by_extension() {
    use aftercert::report::{Format, parse_output};
    for (spec, format) in [
        ("r.html", Format::Html),
        ("r.htm", Format::Html),
        ("r.sarif", Format::Sarif),
        ("r.sarif.json", Format::Sarif),
        ("r.json", Format::Json),
        ("r.xml", Format::Junit),
        ("r.junit.xml", Format::Junit),
        ("r.csv", Format::Csv),
        ("r.md", Format::Markdown),
        ("github:out.txt", Format::Github),
        ("junit:out.txt", Format::Junit),
        ("sarif:out", Format::Sarif),
    ] {
        assert_eq!(parse_output(spec).unwrap().format, format, "{spec}");
    }
    assert!(parse_output("r.txt").is_err());
}

#[test]
fn a_standard_that_does_not_apply_has_no_gaps_in_any_format() {
    let args = ["--standard", "ecommerce"];
    let name = "startup-organization-stage";
    let sarif: serde_json::Value = serde_json::from_str(&report(name, "sarif", &args)).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 0);
    assert_eq!(report(name, "junit", &args).matches("<failure ").count(), 0);
    let github = report(name, "github", &args);
    assert!(
        github.lines().all(|l| l.contains(",title=aftercert ")),
        "{github}"
    );
    let html = report(name, "html", &[&args[..], &["--lang", "en"]].concat());
    assert!(html.contains("This standard does not apply to this document"));
    let md = report(name, "markdown", &[&args[..], &["--lang", "en"]].concat());
    assert!(md.contains("This standard does not apply to this document"));
}
