//! The HTML and Markdown reports of a directory run, written document by document: the
//! same bytes whatever the number of threads, and a broken document in the middle of the
//! directory still has its error in the report while the others are rendered.
//! (That streamed and whole-run rendering agree byte for byte is a unit test of
//! `report::markdown::streamed`, which can render a run both ways.)

use crate::support::{aftercert, root};
use std::path::Path;

/// A directory of fixtures with a broken document in the middle, in this order.
const DOCUMENTS: &[(&str, &str)] = &[
    ("1-appliance.yaml", "appliance-mature.yaml"),
    ("2-phone.yaml", "phone-brand.yaml"),
    ("3-broken.yaml", "broken/invalid-yaml.yaml"),
    ("4-repair.yaml", "repair-service.yaml"),
    ("5-retailer.yaml", "online-retailer.yaml"),
];

fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, fixture) in DOCUMENTS {
        std::fs::copy(root().join("fixtures").join(fixture), dir.path().join(name)).unwrap();
    }
    dir
}

/// The four reports (HTML and Markdown, both editions) of a run on `threads` threads.
fn reports(docs: &Path, threads: &str, lang: &str) -> Vec<(String, String)> {
    let out = tempfile::tempdir().unwrap();
    let mut reports = Vec::new();
    for edition in ["client", "technical"] {
        let html = out.path().join(format!("{edition}.html"));
        let md = out.path().join(format!("{edition}.md"));
        let run = aftercert()
            .args(["check", "--no-config", "-q", "--as-of", "2026-11-23"])
            .args(["-s", "gbt27922", "-s", "iso10002", "--lang", lang])
            .args(["--threads", threads, "--edition", edition])
            .arg(docs)
            .arg("-o")
            .arg(format!("html:{}", html.display()))
            .arg("-o")
            .arg(format!("md:{}", md.display()))
            .output()
            .unwrap();
        // The broken document makes the run exit 2; the reports are written all the same.
        assert_eq!(
            run.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        for path in [html, md] {
            let text = std::fs::read_to_string(&path).unwrap();
            reports.push((format!("{edition} {}", path.display()), text));
        }
    }
    reports
}

#[test]
fn reports_of_a_directory_are_the_same_bytes_on_one_thread_and_on_two() {
    let docs = corpus();
    for lang in ["en", "zh"] {
        let one = reports(docs.path(), "1", lang);
        let two = reports(docs.path(), "2", lang);
        for ((what, a), (_, b)) in one.iter().zip(&two) {
            assert!(a.len() > 10_000, "{what} is too short");
            assert!(a == b, "{what} differs between 1 and 2 threads");
        }
    }
}

#[test]
fn a_broken_document_in_the_middle_is_reported_and_the_others_are_rendered() {
    let docs = corpus();
    for (what, text) in reports(docs.path(), "2", "en") {
        assert!(
            text.contains("3-broken.yaml"),
            "{what}: the broken file is not named"
        );
        for (name, _) in DOCUMENTS.iter().filter(|(n, _)| !n.contains("broken")) {
            assert!(text.contains(name), "{what}: {name} is missing");
        }
        // The broken document's error comes before the documents' sections, as in a
        // whole run.
        let error = text.find("3-broken.yaml").unwrap();
        assert!(error < text.rfind("1-appliance.yaml").unwrap(), "{what}");
        // Documents are in input order.
        let at = |name: &str| text.rfind(name).unwrap();
        assert!(
            at("1-appliance.yaml") < at("2-phone.yaml")
                && at("2-phone.yaml") < at("4-repair.yaml")
                && at("4-repair.yaml") < at("5-retailer.yaml"),
            "{what}: documents out of order"
        );
    }
}

#[test]
fn html_ids_number_every_document_and_standard_once() {
    let docs = corpus();
    for (what, text) in reports(docs.path(), "2", "en") {
        if !what.ends_with(".html") {
            continue;
        }
        assert!(!text.contains('\0') && !text.contains("\\u{0}"), "{what}");
        let mut ids: Vec<&str> = text
            .split(" id=\"")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect();
        let all = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all, "{what}: an id is used twice");
        // Four documents, two standards: the technical edition has eight parts, the
        // client edition four documents.
        let last = if what.starts_with("client") {
            "d4-summary"
        } else {
            "part-8"
        };
        assert!(ids.contains(&last), "{what}: no {last}");
    }
}

#[test]
fn a_replaced_piece_is_rendered_in_the_whole_run_layout() {
    let docs = corpus();
    let templates = tempfile::tempdir().unwrap();
    std::fs::write(
        templates.path().join("report-client-document.md.j2"),
        "OWN {{ d.path }} of {{ docs | length }}\n",
    )
    .unwrap();
    let out = templates.path().join("r.md");
    let run = aftercert()
        .args([
            "check",
            "--no-config",
            "-q",
            "--as-of",
            "2026-11-23",
            "--lang",
            "en",
        ])
        .arg(docs.path())
        .arg("--template-dir")
        .arg(templates.path())
        .arg("-o")
        .arg(format!("md:{}", out.display()))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let text = std::fs::read_to_string(&out).unwrap();
    // The user's piece, with the whole run's context, inside the built-in layout.
    assert!(text.contains("1-appliance.yaml of 4\n"), "{text}");
    assert!(text.contains("5-retailer.yaml of 4\n"), "{text}");
    assert!(text.contains("## Executive summary"), "{text}");
    assert!(text.contains("3-broken.yaml"), "{text}");
}
