//! `aftercert diff` as a client reads it: the report's design and language, long dates,
//! scores shown as the report shows them, neutral zero counts, and both statuses of every
//! changed gap. Two audits of the online retailer three months apart: training for
//! customers, sound disposal and a CRM that tracks return visits added (fixed), internal
//! audit and external evaluation stated (improved); three months on, a dated record of the
//! feedback loop has gone stale (regressed).

use crate::support::{aftercert_in, root};
use std::path::Path;

/// The before and after documents of the retailer, in a folder, as `retailer.yaml`.
fn audits(dir: &Path, lang: &str) {
    let text = std::fs::read_to_string(root().join("fixtures/online-retailer.yaml")).unwrap();
    let doc = dir.join("retailer.yaml");
    std::fs::write(&doc, &text).unwrap();
    check(dir, "2026-11-23", "old.json", lang);
    let after = [
        ("customer_training: false", "customer_training: true"),
        ("sound_disposal: false", "sound_disposal: true"),
        ("tracks_return_visits: false", "tracks_return_visits: true"),
        ("internal_audit: false", "internal_audit: true"),
        ("external_evaluation: false", "external_evaluation: true"),
    ]
    .iter()
    .fold(text, |t, (from, to)| {
        assert!(t.contains(from), "the fixture no longer says {from}");
        t.replace(from, to)
    });
    std::fs::write(&doc, after).unwrap();
    check(dir, "2027-02-23", "new.json", lang);
}

fn check(dir: &Path, as_of: &str, out: &str, lang: &str) {
    let json = format!("json:{out}");
    let args = ["check", "-q", "--as-of", as_of, "--lang", lang, "-o", &json];
    let run = aftercert_in(dir)
        .args(args)
        .arg("retailer.yaml")
        .output()
        .unwrap();
    assert!(
        matches!(run.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Runs `diff old.json new.json` with more arguments; returns stdout.
fn diff(dir: &Path, args: &[&str]) -> String {
    let run = aftercert_in(dir)
        .args(["diff", "old.json", "new.json"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8(run.stdout).unwrap()
}

/// The text a reader sees: no style sheet, no tags, no code (paths and criterion ids).
fn visible(html: &str) -> String {
    let body = html.split("</style>").last().unwrap_or(html);
    let mut out = String::new();
    let mut rest = body;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let skip = if rest.starts_with("<code") {
            rest.find("</code>").map_or(rest.len(), |j| j + 7)
        } else {
            rest.find('>').map_or(rest.len(), |j| j + 1)
        };
        out.push(' ');
        rest = &rest[skip..];
    }
    out.push_str(rest);
    out.replace("&#x2f;", "/").replace("&amp;", "&")
}

/// Markdown without its code spans.
fn without_code(md: &str) -> String {
    md.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, s)| s)
        .collect()
}

/// English words of the page's own vocabulary found in a text, as whole words.
fn english_ui_words(text: &str) -> Vec<&'static str> {
    const WORDS: &[&str] = &[
        "regressed",
        "fixed",
        "new",
        "Score",
        "Standard",
        "Rating",
        "met",
        "missing",
        "partial",
        "Change",
        "Improved",
        "Status",
        "Points",
    ];
    let words: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    WORDS
        .iter()
        .filter(|w| words.iter().any(|x| x.eq_ignore_ascii_case(w)))
        .copied()
        .collect()
}

/// The overview's count cells: `(class, number)`.
fn count_cells(html: &str) -> Vec<(String, String)> {
    html.split("<td class=\"n ")
        .skip(1)
        .filter_map(|cell| {
            let (class, rest) = cell.split_once("\">")?;
            let value = rest.split_once("</td>")?.0;
            value
                .chars()
                .all(|c| c.is_ascii_digit())
                .then(|| (class.to_string(), value.to_string()))
        })
        .collect()
}

#[test]
fn a_chinese_diff_has_no_english_words_and_long_dates() {
    let dir = tempfile::tempdir().unwrap();
    audits(dir.path(), "en");
    // Reports written in English, the diff asked for in Chinese: every text follows --lang.
    let html = diff(dir.path(), &["--lang", "zh", "--format", "html"]);
    let text = visible(&html);
    assert_eq!(english_ui_words(&text), Vec::<&str>::new(), "{text}");
    assert!(html.contains("<html lang=\"zh-CN\">"));
    assert!(
        text.contains("2026年11月23日") && text.contains("2027年2月23日"),
        "{text}"
    );
    assert!(!text.contains("2026-11-23"), "an ISO date is shown: {text}");
    assert!(
        text.contains("为顾客提供使用培训"),
        "criterion titles in Chinese: {text}"
    );
    assert!(
        text.contains("GB/T 27922-2011 商品售后服务评价体系"),
        "{text}"
    );
    assert!(text.contains("达标级"), "the rating in Chinese: {text}");
    let md = diff(dir.path(), &["--lang", "zh"]);
    assert_eq!(
        english_ui_words(&without_code(&md)),
        Vec::<&str>::new(),
        "{md}"
    );
    assert!(
        md.contains("评价日期：2026年11月23日 → 2027年2月23日"),
        "{md}"
    );
    assert!(!md.contains('<'), "raw HTML in Markdown: {md}");
}

#[test]
fn an_english_diff_has_long_dates_and_the_standard_as_published() {
    let dir = tempfile::tempdir().unwrap();
    audits(dir.path(), "zh");
    let md = diff(dir.path(), &["--lang", "en"]);
    assert!(
        md.contains("Audit date: 23 November 2026 → 23 February 2027"),
        "{md}"
    );
    assert!(
        md.contains("GB/T 27922-2011 Evaluation system for after-sales service of commodities"),
        "{md}"
    );
    assert!(
        md.contains("Customers are trained to use the product"),
        "{md}"
    );
    assert!(
        !md.contains("为顾客提供使用培训"),
        "a Chinese title in English: {md}"
    );
}

#[test]
fn zero_counts_are_neutral_and_others_carry_their_tone() {
    let dir = tempfile::tempdir().unwrap();
    audits(dir.path(), "zh");
    let html = diff(dir.path(), &["--format", "html"]);
    let cells = count_cells(&html);
    // new, regressed, fixed, improved, unchanged
    let values: Vec<&str> = cells.iter().map(|(_, v)| v.as_str()).collect();
    assert_eq!(values.len(), 5, "{cells:?}");
    assert_eq!(values[0], "0", "no new gap expected: {cells:?}");
    for (class, value) in &cells {
        if value == "0" {
            assert_eq!(class, "zero", "a zero count is coloured: {cells:?}");
        }
    }
    assert_eq!(cells[1].0, "bad", "{cells:?}");
    assert_eq!(cells[2].0, "good", "{cells:?}");
    assert_eq!(
        cells[4].0, "zero",
        "unchanged gaps carry no colour: {cells:?}"
    );
}

#[test]
fn fixed_and_changed_gaps_show_both_statuses_in_words() {
    let dir = tempfile::tempdir().unwrap();
    audits(dir.path(), "zh");
    let html = diff(dir.path(), &["--lang", "zh", "--format", "html"]);
    let fixed = section(&html, "<h3>已整改");
    let at = fixed
        .find("gbt27922.customer-training")
        .expect("listed as fixed");
    let row = &fixed[at..at + fixed[at..].find("</tr>").unwrap_or(fixed.len() - at)];
    assert!(
        row.contains("<span class=\"badge st-missing\">不符合</span> → <span class=\"badge st-met\">符合</span>"),
        "{row}"
    );
    let md = diff(dir.path(), &["--lang", "en"]);
    let fixed = section(&md, "### Fixed (");
    assert!(
        row_of(fixed, "customer-training").contains("| missing → met |"),
        "{fixed}"
    );
    // Half done is an improvement, not a fix, though its YAML path moved.
    let improved = section(&md, "### Improved (");
    assert!(
        row_of(improved, "internal-external-evaluation").contains("| missing → partial |"),
        "{md}"
    );
    assert!(!fixed.contains("internal-external-evaluation"), "{fixed}");
    assert!(
        !md.contains("### New gaps"),
        "a moved gap counted as new: {md}"
    );
}

/// The text from a heading to the next one of the same kind.
fn section<'a>(text: &'a str, heading: &str) -> &'a str {
    let start = text
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading}: {text}"));
    let rest = &text[start + heading.len()..];
    let end = ["<h3", "\n### ", "\n## "]
        .iter()
        .filter_map(|h| rest.find(h))
        .min()
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The line of a table that names a criterion.
fn row_of<'a>(text: &'a str, criterion: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(criterion))
        .unwrap_or_else(|| panic!("no row for {criterion}: {text}"))
}

#[test]
fn scores_are_shown_rounded_down_and_the_change_adds_up() {
    let dir = tempfile::tempdir().unwrap();
    audits(dir.path(), "en");
    for (file, score) in [("old.json", 69.96), ("new.json", 70.04)] {
        let path = dir.path().join(file);
        let mut report: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        report["documents"][0]["score"] = score.into();
        std::fs::write(&path, report.to_string()).unwrap();
    }
    let md = diff(dir.path(), &["--lang", "en"]);
    assert!(md.contains("| 69.9 → 70.0 | +0.1 |"), "{md}");
    assert!(!md.contains("70.0 → 70.0"), "{md}");
}

#[test]
fn a_change_in_the_nature_of_a_gap_is_said_in_words() {
    let dir = tempfile::tempdir().unwrap();
    audits(dir.path(), "zh");
    let path = dir.path().join("old.json");
    let mut report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let findings = report["documents"][0]["findings"].as_array_mut().unwrap();
    let training = findings
        .iter_mut()
        .find(|f| f["criterion"] == "gbt27922.training")
        .unwrap();
    assert_eq!(training["gap"], "short", "the fixture changed");
    training["gap"] = "silent".into();
    std::fs::write(&path, report.to_string()).unwrap();
    let md = diff(dir.path(), &["--lang", "zh"]);
    let changed = section(&md, "### 差距性质变化（1 项）");
    assert!(
        row_of(changed, "gbt27922.training").contains("| 文件未作规定 → 规定未达要求 |"),
        "{md}"
    );
}

#[test]
fn diff_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    audits(dir.path(), "zh");
    for lang in ["zh", "en"] {
        let md = diff(dir.path(), &["--lang", lang]);
        insta::assert_snapshot!(format!("diff_md_{lang}"), md);
        let html = diff(dir.path(), &["--lang", lang, "--format", "html"]);
        insta::assert_snapshot!(format!("diff_html_{lang}"), html);
    }
}
