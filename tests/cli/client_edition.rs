//! The client edition of the HTML and Markdown reports: what a consultant hands over must
//! read as an auditor's findings — no field paths, logic expressions or rule ids in its
//! body text (rule ids only in the small cross-references), Chinese punctuation in
//! Chinese pages, one company and one evidence checklist per document however many
//! standards — while the technical edition keeps its detail.

use crate::support::{aftercert, check_json, fixture, root};
use std::path::Path;

/// The fixtures every edition is rendered for.
fn fixtures() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(root().join("fixtures"))
        .expect("fixtures folder")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    out.sort();
    assert!(out.len() >= 5, "fixtures: {out:?}");
    out
}

/// Renders a run to HTML and Markdown files in `dir`; returns (html, md).
fn render(dir: &Path, args: &[&str]) -> (String, String) {
    let html = dir.join("r.html");
    let md = dir.join("r.md");
    let out = aftercert()
        .args(["check", "-q", "--as-of", "2026-11-23"])
        .args(args)
        .arg("-o")
        .arg(&html)
        .arg("-o")
        .arg(&md)
        .output()
        .expect("runs");
    let code = out.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 1,
        "exit {code}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        std::fs::read_to_string(html).expect("html written"),
        std::fs::read_to_string(md).expect("md written"),
    )
}

/// Removes every `<tag …>…</tag>` whose opening tag starts with `open`.
fn strip_elements(s: &str, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(open) {
        out.push_str(&rest[..i]);
        match rest[i..].find(close) {
            Some(j) => rest = &rest[i + j + close.len()..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text a reader sees in an HTML page, without the cross-references (small print,
/// where rule ids belong), file locations and the document's title element.
fn html_body_text(html: &str) -> String {
    let mut s = html.to_string();
    for (open, close) in [
        ("<style", "</style>"),
        ("<script", "</script>"),
        ("<title", "</title>"),
        ("<small class=\"xref\"", "</small>"),
        ("<code class=\"loc\"", "</code>"),
    ] {
        s = strip_elements(&s, open, close);
    }
    let text = strip_elements(&s, "<", ">");
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// The text of a Markdown report without its cross-references and code spans (file
/// locations).
fn md_body_text(md: &str) -> String {
    let s = strip_elements(md, "<small>", "</small>");
    let mut out = String::new();
    for (i, part) in s.split('`').enumerate() {
        if i % 2 == 0 {
            out.push_str(part);
        }
    }
    out
}

/// Every criterion id of a run, from its JSON.
fn criterion_ids(args: &[&str]) -> Vec<String> {
    let (json, _) = check_json(args);
    let mut ids = Vec::new();
    for d in json["documents"].as_array().expect("documents") {
        for key in ["findings", "bonus"] {
            for f in d[key].as_array().into_iter().flatten() {
                if let Some(id) = f["criterion"].as_str() {
                    ids.push(id.to_string());
                }
            }
        }
    }
    assert!(!ids.is_empty());
    ids
}

/// What a client must never read in the body text.
fn leaks(text: &str, ids: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        if aftercert::labels::looks_like_path(line) {
            found.push(format!("field path: {line}"));
        }
        for expr in [
            "not (",
            "any(",
            "all(",
            "is stated)",
            "≥ policies",
            "≥ people",
        ] {
            if line.contains(expr) {
                found.push(format!("logic expression `{expr}`: {line}"));
            }
        }
        if let Some(id) = ids.iter().find(|id| line.contains(id.as_str())) {
            found.push(format!("rule id {id}: {line}"));
        }
    }
    found
}

/// ASCII punctuation right after a Chinese character (`标准:`, `等级(`).
fn ascii_after_chinese(text: &str) -> Vec<String> {
    let cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    let mut found = Vec::new();
    for line in text.lines() {
        let chars: Vec<char> = line.chars().collect();
        for w in chars.windows(2) {
            if cjk(w[0]) && matches!(w[1], ':' | '(' | ';') {
                found.push(line.to_string());
                break;
            }
        }
    }
    found
}

#[test]
fn the_client_edition_reads_without_paths_expressions_or_rule_ids() {
    let dir = tempfile::tempdir().unwrap();
    let mut problems = Vec::new();
    for name in fixtures() {
        let path = fixture(&name);
        let ids = criterion_ids(&[&path, "--standard", "all"]);
        for lang in ["zh", "en"] {
            let (html, md) = render(dir.path(), &[&path, "--standard", "all", "--lang", lang]);
            for (kind, text) in [("html", html_body_text(&html)), ("md", md_body_text(&md))] {
                for l in leaks(&text, &ids) {
                    problems.push(format!("{name} {lang} {kind}: {l}"));
                }
                if lang == "zh" {
                    for l in ascii_after_chinese(&text) {
                        problems.push(format!("{name} zh {kind}: ASCII punctuation: {l}"));
                    }
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_checks_can_fail() {
    let ids = vec!["gbt27922.outlets-managed".to_string()];
    assert!(!leaks("请填写 policies.warranty.days", &ids).is_empty());
    assert!(!leaks("not (a) | b", &ids).is_empty());
    assert!(!leaks("见 gbt27922.outlets-managed", &ids).is_empty());
    assert!(leaks("见 <small>", &ids).is_empty());
    assert!(!ascii_after_chinese("标准: x").is_empty());
    let html = "<p>a<small class=\"xref\">gbt27922.outlets-managed</small>b</p>";
    assert_eq!(html_body_text(html), "ab");
    assert_eq!(md_body_text("a <small>x.y</small> `p.q` b"), "a   b");
}

#[test]
fn the_technical_edition_keeps_its_detail() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture("startup-organization-stage.yaml");
    let (html, md) = render(
        dir.path(),
        &[&path, "--lang", "zh", "--edition", "technical"],
    );
    for text in [&html, &md] {
        assert!(
            text.contains("gbt27922."),
            "rule ids in the technical edition"
        );
    }
    assert!(html.contains("class=\"snippet\""), "document excerpts");
    assert!(html.contains("data-filter"), "the filter");
    let (client, _) = render(dir.path(), &[&path, "--lang", "zh"]);
    assert!(!client.contains("class=\"snippet\""));
    assert!(client.contains("@bottom-center"), "page numbers in print");
    assert!(html_body_text(&client).contains("GB/T 27922-2011 商品售后服务评价体系"));
}

#[test]
fn a_multi_standard_run_names_the_company_once_with_one_checklist() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture("online-retailer.yaml");
    let (json, _) = check_json(&[&path, "--standard", "all"]);
    let docs = json["documents"].as_array().unwrap();
    assert!(docs.len() > 2, "a run over several standards");
    let company = docs[0]["company"].as_str().unwrap().to_string();
    for lang in ["zh", "en"] {
        let (html, md) = render(dir.path(), &[&path, "--standard", "all", "--lang", lang]);
        let text = html_body_text(&html);
        assert_eq!(text.matches(&company).count(), 1, "{lang} html: {text}");
        assert_eq!(md.matches(&company).count(), 1, "{lang} md");
        assert_eq!(html.matches("<table class=\"checklist\"").count(), 1);
        let heading = if lang == "zh" {
            "## 现场审核证据清单"
        } else {
            "## Evidence checklist for the on-site audit"
        };
        assert_eq!(md.matches(heading).count(), 1, "{lang} md checklists");
        // The scoring method of each standard is stated once.
        for d in docs {
            let (j, _) = check_json(&[
                &path,
                "--standard",
                d["standard"]["id"].as_str().unwrap(),
                "--lang",
                lang,
            ]);
            let note = j["documents"][0]["method_note"]
                .as_str()
                .unwrap()
                .to_string();
            assert!(
                html.matches(&note).count() <= 1,
                "{lang}: method stated twice"
            );
        }
    }
}

#[test]
fn a_template_folder_without_the_client_template_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("report.html.j2"), "{{ run.as_of }}").unwrap();
    let out = aftercert()
        .args(["check", "--as-of", "2026-11-23", "--format", "html"])
        .arg("--template-dir")
        .arg(dir.path())
        .arg(fixture("online-retailer.yaml"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("report-client.html.j2"), "{err}");
    // The technical edition uses the folder's template.
    let out = aftercert()
        .args([
            "check",
            "--as-of",
            "2026-11-23",
            "--format",
            "html",
            "--edition",
            "technical",
        ])
        .arg("--template-dir")
        .arg(dir.path())
        .arg(fixture("online-retailer.yaml"))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "2026-11-23");
}

#[test]
fn client_markdown_snapshots() {
    for (name, lang) in [
        ("online-retailer", "zh"),
        ("startup-organization-stage", "en"),
    ] {
        let out = aftercert()
            .args(["check", "--as-of", "2026-11-23", "--format", "markdown"])
            .args(["--lang", lang])
            .arg(fixture(&format!("{name}.yaml")))
            .output()
            .expect("runs");
        assert!(matches!(out.status.code(), Some(0 | 1)));
        let text = String::from_utf8(out.stdout)
            .expect("UTF-8")
            .replace(env!("CARGO_PKG_VERSION"), "[version]");
        insta::assert_snapshot!(format!("client_markdown__{name}_{lang}"), text);
    }
}
