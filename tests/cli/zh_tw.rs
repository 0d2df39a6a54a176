//! Traditional Chinese (`--lang zh-TW`): reports, messages, standards and the `init`
//! starter come out with no Simplified-only character in the tool's own texts and the
//! standards' texts; the language follows `LC_ALL` / `LC_MESSAGES` / `LANG` when nothing
//! else chooses; an unknown language tag lists the supported ones.
//!
//! The reports are of a copy of a fixture with its Chinese removed (names and titles in
//! parentheses), so that every Chinese character in the output is the tool's or a
//! standard's and the whole output can be scanned.

use crate::support::{aftercert, fixture, root};

/// Characters that exist only in Simplified Chinese (their Traditional forms differ), common
/// in this tool's and the standards' texts.
const SIMPLIFIED_ONLY: &str = "这个说对务项计评价认证级条规间时问题标质维换货网点产业员为与应该书报单关开过还进们发现数东购买卖费实际经营统录记处线话电车决让";

/// The Simplified-only characters in a text, each with a little context.
fn simplified_in(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found: Vec<String> = chars
        .iter()
        .enumerate()
        .filter(|(_, c)| SIMPLIFIED_ONLY.contains(**c))
        .map(|(i, _)| {
            chars[i.saturating_sub(12)..(i + 6).min(chars.len())]
                .iter()
                .collect()
        })
        .collect();
    found.dedup();
    found
}

fn assert_traditional(what: &str, text: &str) {
    let found = simplified_in(text);
    assert!(
        found.is_empty(),
        "{what}: {} Simplified-only character(s), e.g. {:#?}",
        found.len(),
        &found[..found.len().min(10)]
    );
}

fn is_han(c: char) -> bool {
    ('\u{3400}'..='\u{9fff}').contains(&c)
}

/// The online retailer fixture with every Chinese character removed: its own texts (names,
/// titles) are all bilingual, so the audit stays the same in substance. Its
/// `company.language` (en) is dropped unless `keep_language`, so the locale can choose.
fn ascii_retailer(dir: &std::path::Path, keep_language: bool) -> String {
    let text = std::fs::read_to_string(root().join(fixture("online-retailer.yaml"))).unwrap();
    assert!(text.contains("\n  language: en\n"));
    let text = if keep_language {
        text
    } else {
        text.replacen("\n  language: en\n", "\n", 1)
    };
    let ascii: String = text.chars().filter(|c| !is_han(*c)).collect();
    assert!(ascii.len() < text.len());
    let path = dir.join("retailer.yaml");
    std::fs::write(&path, ascii).unwrap();
    path.to_string_lossy().into_owned()
}

/// Runs `check` on a document; returns stdout and stderr.
fn report(doc: &str, format: &str, lang_args: &[&str], env: &[(&str, &str)]) -> (String, String) {
    let mut cmd = aftercert();
    cmd.args([
        "check",
        "--as-of",
        "2026-11-23",
        "--format",
        format,
        "--standard",
        "all",
    ])
    .args(lang_args)
    .arg(doc);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let code = out.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "{format}: exit {code:?}: {out:?}"
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn reports_in_every_format_have_no_simplified_only_characters() {
    let dir = tempfile::tempdir().unwrap();
    let doc = ascii_retailer(dir.path(), false);
    for format in ["markdown", "html", "json"] {
        let (zh, _) = report(&doc, format, &["--lang", "zh"], &[]);
        assert!(
            !simplified_in(&zh).is_empty(),
            "{format}: the Simplified report should be caught by the scan"
        );
        let (out, err) = report(&doc, format, &["--lang", "zh-TW"], &[]);
        assert!(out.contains("售後服務"), "{format}: not in Chinese");
        assert_traditional(format, &out);
        assert_traditional(&format!("{format} messages"), &err);
    }
}

#[test]
fn html_and_json_say_the_language_and_dates_are_long_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let doc = ascii_retailer(dir.path(), false);
    let (html, _) = report(&doc, "html", &["--lang", "zh_tw"], &[]);
    assert!(html.contains(r#"<html lang="zh-Hant-TW">"#));
    assert!(html.contains("2026年11月23日"));
    let (json, _) = report(&doc, "json", &["--lang", "ZH-HANT"], &[]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["lang"], "zh-TW");
}

#[test]
fn conversion_leaves_ids_paths_and_numbers_alone() {
    let dir = tempfile::tempdir().unwrap();
    let doc = ascii_retailer(dir.path(), false);
    let (zh, _) = report(&doc, "json", &["--lang", "zh"], &[]);
    let (tw, _) = report(&doc, "json", &["--lang", "zh-TW"], &[]);
    let (zh, tw): (serde_json::Value, serde_json::Value) = (
        crate::support::report_json(&zh),
        crate::support::report_json(&tw),
    );
    let d = |v: &serde_json::Value| v["documents"][0].clone();
    for key in ["path", "score", "coverage"] {
        assert_eq!(d(&zh)[key], d(&tw)[key], "{key}");
    }
    assert_eq!(d(&zh)["standard"]["id"], d(&tw)["standard"]["id"]);
    assert_ne!(d(&zh)["standard"]["title"], d(&tw)["standard"]["title"]);
    let ids = |v: &serde_json::Value| -> Vec<serde_json::Value> {
        d(v)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["criterion"].clone())
            .collect()
    };
    assert_eq!(ids(&zh), ids(&tw));
    assert!(!ids(&tw).is_empty());
}

#[test]
fn standards_and_explain_are_traditional() {
    for id in [
        "gbt27922",
        "buildout",
        "cn-consumer-law",
        "iso10002",
        "service-kpis",
        "ecommerce",
    ] {
        let out = aftercert()
            .args(["standards", "show", id, "--lang", "zh-TW"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{id}: {out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.chars().any(is_han), "{id}: no Chinese");
        assert_traditional(id, &text);
    }
    for criterion in [
        "cn-consumer-law.art25-no-reason-return",
        "gbt27922.after-sales-department",
    ] {
        let out = aftercert()
            .args(["explain", criterion, "--lang", "zh-TW"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{criterion}: {out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.chars().any(is_han), "{criterion}: no Chinese");
        assert_traditional(criterion, &text);
    }
    let list = aftercert()
        .args(["standards", "list", "--lang", "zh-TW"])
        .output()
        .unwrap();
    assert_traditional("standards list", &String::from_utf8(list.stdout).unwrap());
}

/// The `company.language` of the starter `init` writes with a locale environment and no
/// `--lang`: the language the locale chose.
fn init_language(env: &[(&str, &str)], args: &[&str]) -> String {
    let mut cmd = aftercert();
    cmd.args(["init", "--profile", "minimal"]).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{env:?}: {out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("language:"));
    line.unwrap_or_default().trim().to_string()
}

#[test]
fn the_locale_chooses_the_language_when_nothing_else_does() {
    let tw = "language: zh-TW";
    let zh = "language: zh";
    let en = "language: en";
    assert_eq!(init_language(&[("LANG", "zh_TW.UTF-8")], &[]), tw);
    assert_eq!(init_language(&[("LANG", "zh_HK.UTF-8")], &[]), tw);
    assert_eq!(init_language(&[("LANG", "zh_CN.UTF-8")], &[]), zh);
    assert_eq!(init_language(&[("LANG", "zh_SG")], &[]), zh);
    assert_eq!(init_language(&[("LANG", "zh")], &[]), zh);
    assert_eq!(init_language(&[("LANG", "de_DE.UTF-8")], &[]), en);
    assert_eq!(init_language(&[], &[]), en);
    // LC_ALL wins, then LC_MESSAGES, then LANG.
    let all = [
        ("LANG", "zh_CN.UTF-8"),
        ("LC_MESSAGES", "zh_TW.UTF-8"),
        ("LC_ALL", "C"),
    ];
    assert_eq!(init_language(&all, &[]), en);
    assert_eq!(init_language(&all[..2], &[]), tw);
    // A flag wins over the locale.
    assert_eq!(
        init_language(&[("LC_ALL", "zh_TW.UTF-8")], &["--lang", "en"]),
        en
    );
    // The document's own language wins over the locale.
    let dir = tempfile::tempdir().unwrap();
    let doc = ascii_retailer(dir.path(), true);
    let (out, _) = report(&doc, "markdown", &[], &[("LC_ALL", "zh_TW.UTF-8")]);
    assert!(out.contains("After-sales service gap report"), "{out}");
}

#[test]
fn a_taiwan_locale_gives_traditional_reports_and_messages() {
    let dir = tempfile::tempdir().unwrap();
    let doc = ascii_retailer(dir.path(), false);
    let (out, err) = report(&doc, "markdown", &[], &[("LANG", "zh_TW.UTF-8")]);
    assert!(out.contains("售後服務體系差距報告"), "{out}");
    assert_traditional("report", &out);
    assert_traditional("messages", &err);
    let (zh, _) = report(&doc, "markdown", &[], &[("LC_ALL", "zh_CN.UTF-8")]);
    assert!(zh.contains("售后服务体系差距报告"));
}

#[test]
fn an_unknown_language_tag_lists_the_supported_ones() {
    let out = aftercert()
        .args(["check", "--lang", "fr", &fixture("online-retailer.yaml")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("'fr'"), "{err}");
    assert!(err.contains("zh, zh-TW, en"), "{err}");
}

#[test]
fn init_writes_a_traditional_starter_that_validates() {
    let dir = tempfile::tempdir().unwrap();
    for profile in ["minimal", "full"] {
        let path = dir.path().join(format!("{profile}.yaml"));
        let out = aftercert()
            .args(["init", "--profile", profile, "--lang", "zh-TW", "-o"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        assert_traditional("init note", &String::from_utf8(out.stderr).unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("\n  language: zh-TW\n"), "{profile}");
        assert!(text.contains("售後服務"), "{profile}: not Traditional");
        assert_traditional(profile, &text);
        let valid = aftercert()
            .args(["validate", "--lang", "zh-TW"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(valid.status.success(), "{profile}: {valid:?}");
        assert!(
            String::from_utf8(valid.stdout)
                .unwrap()
                .contains("格式有效")
        );
    }
}
