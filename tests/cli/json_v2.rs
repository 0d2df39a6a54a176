//! The JSON report, format 2 (docs/json.md): each criterion's texts are written once per
//! run, findings join them by id, files get compact JSON and `--pretty` indents the same
//! value, and the bytes do not depend on the number of threads.

use crate::support::{aftercert, check_in, fixture};
use serde_json::Value;

/// Three documents: two of them twice over the same standard's criteria.
fn three() -> Vec<String> {
    [
        "appliance-mature",
        "online-retailer",
        "startup-organization-stage",
    ]
    .iter()
    .map(|n| fixture(&format!("{n}.yaml")))
    .collect()
}

/// `check --format json` of the three documents, with extra arguments; stdout's bytes.
fn run(extra: &[&str]) -> Vec<u8> {
    let out = check_in("en")
        .args(["--format", "json"])
        .args(extra)
        .args(three())
        .output()
        .expect("runs");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn occurrences(haystack: &[u8], needle: &str) -> usize {
    let n = needle.as_bytes();
    haystack.windows(n.len()).filter(|w| *w == n).count()
}

/// A string as the report writes it, quotes included, so a text inside a longer one is
/// not counted.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

#[test]
fn each_criterion_text_is_written_once_for_a_run_of_three_documents() {
    let bytes = run(&[]);
    let json: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(json["documents"].as_array().unwrap().len(), 3);
    let criteria = json["criteria"].as_object().expect("a criteria table");
    assert!(
        criteria.len() > 40,
        "every criterion of gbt27922 is referenced"
    );
    let mut checked = 0;
    for (id, c) in criteria {
        for field in ["remediation", "rationale", "requirement"] {
            let text = c[field]
                .as_str()
                .unwrap_or_else(|| panic!("{id} has a {field}"));
            // Two criteria may share a text; it is still written once per criterion.
            let sharing = criteria.values().filter(|o| o[field] == c[field]).count();
            assert_eq!(
                occurrences(&bytes, &quoted(text)),
                sharing,
                "{id}: its {field} is written once, not once per finding"
            );
            checked += 1;
        }
    }
    assert!(checked > 120);
    // Every evidence title is written once too.
    for (key, e) in json["evidence"].as_object().expect("an evidence table") {
        let title = e["title"].as_str().unwrap();
        let sharing = json["evidence"]
            .as_object()
            .unwrap()
            .values()
            .filter(|o| o["title"] == e["title"])
            .count();
        assert_eq!(occurrences(&bytes, &quoted(title)), sharing, "{key}");
    }
}

#[test]
fn findings_join_their_criteria_and_evidence() {
    let json: Value = serde_json::from_slice(&run(&[])).unwrap();
    let criteria = &json["criteria"];
    let mut findings = 0;
    for doc in json["documents"].as_array().unwrap() {
        let standard = doc["standard"].as_str().expect("a standard id");
        assert!(
            json["standards"][standard]["ratings"].is_array(),
            "{standard}"
        );
        for list in ["findings", "bonus"] {
            for f in doc[list].as_array().into_iter().flatten() {
                let id = f["criterion"].as_str().unwrap();
                let c = &criteria[id];
                assert!(c.is_object(), "{id} is in the criteria table");
                assert_eq!(c["standard"], standard);
                assert!(f.get("title").is_none() && f.get("remediation").is_none());
                assert!(json["labels"]["status"][f["status"].as_str().unwrap()].is_string());
                for key in c["evidence"].as_array().into_iter().flatten() {
                    assert!(json["evidence"][key.as_str().unwrap()]["title"].is_string());
                }
                findings += 1;
            }
        }
        for key in doc["evidence_checklist"].as_array().into_iter().flatten() {
            assert!(json["evidence"][key.as_str().unwrap()].is_object(), "{key}");
        }
        for id in doc["special_deductions"].as_array().into_iter().flatten() {
            assert!(criteria[id.as_str().unwrap()].is_object());
        }
    }
    assert!(findings > 150);
}

#[test]
fn the_report_says_its_format_and_version_first() {
    let bytes = run(&[]);
    assert!(
        bytes.starts_with(br#"{"format":"aftercert-report","format_version":2,"#),
        "{}",
        String::from_utf8_lossy(&bytes[..80.min(bytes.len())])
    );
    let json: Value = serde_json::from_slice(&bytes).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "tool_version",
        "as_of",
        "lang",
        "documents",
        "standards",
        "criteria",
        "evidence",
        "labels",
        "errors",
        "warnings",
    ] {
        assert!(keys.contains(&key), "{key} in {keys:?}");
    }
}

#[test]
fn compact_by_default_and_pretty_indents_the_same_value() {
    let compact = run(&[]);
    let pretty = run(&["--pretty"]);
    assert_eq!(
        compact.iter().filter(|b| **b == b'\n').count(),
        1,
        "one line"
    );
    assert!(pretty.starts_with(b"{\n  \"format\": \"aftercert-report\",\n"));
    assert!(pretty.len() > compact.len());
    let a: Value = serde_json::from_slice(&compact).unwrap();
    let b: Value = serde_json::from_slice(&pretty).unwrap();
    assert_eq!(a, b);
    // Indented as serde_json's pretty printer indents the whole value.
    let mut again = serde_json::to_vec_pretty(&b).unwrap();
    again.push(b'\n');
    let sorted: Value = serde_json::from_slice(&again).unwrap();
    assert_eq!(sorted, b);
}

#[test]
fn the_bytes_do_not_depend_on_the_number_of_threads() {
    let run_with = |threads: &str| {
        let out = aftercert()
            .env("RAYON_NUM_THREADS", threads)
            .args([
                "check",
                "--no-config",
                "--as-of",
                "2026-11-23",
                "--lang",
                "en",
            ])
            .args(["--format", "json"])
            .args(three())
            .args(three())
            .output()
            .expect("runs");
        out.stdout
    };
    let one = run_with("1");
    assert!(!one.is_empty());
    assert_eq!(one, run_with("2"));
}

#[test]
fn an_empty_run_is_still_a_whole_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.yaml"), "aftercert: 2\ncompany: [\n").unwrap();
    let out = check_in("en")
        .args(["--format", "json"])
        .arg(dir.path().join("broken.yaml"))
        .output()
        .expect("runs");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stdout));
    });
    assert_eq!(json["format_version"], 2);
    assert_eq!(json["documents"], serde_json::json!([]));
    assert!(!json["errors"].as_array().unwrap().is_empty());
}

/// The views of a run share each criterion's texts: two documents' findings of the same
/// criterion point at one `CriterionText`, whatever the number of documents.
#[test]
fn views_of_a_run_share_their_criterion_texts() {
    use aftercert::i18n::Lang;
    use aftercert::policy::Policy;
    use aftercert::report::view::{Shared, Texts, document_views_in};
    use aftercert::standard::load::{Loaded, load_library};
    let library = load_library(vec![]).0;
    let standards: Vec<&Loaded> = library.standards.iter().take(1).collect();
    let policy = Policy {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        ..Policy::default()
    };
    let texts = Texts::new();
    let views: Vec<_> = ["appliance-mature", "online-retailer"]
        .iter()
        .map(|name| {
            let path = fixture(&format!("{name}.yaml"));
            let text = std::fs::read_to_string(&path).unwrap();
            let doc = aftercert::process::load::from_text(&path, text, &Default::default());
            let audited = aftercert::audit::run(doc, &standards, &policy);
            document_views_in(&audited, &policy, Lang::En, &texts).remove(0)
        })
        .collect();
    let (a, b) = (&views[0].findings, &views[1].findings);
    assert_eq!(a.len(), b.len());
    assert!(a.len() > 40);
    for (x, y) in a.iter().zip(b) {
        assert_eq!(x.criterion, y.criterion);
        assert!(Shared::same(&x.text, &y.text), "{} is shared", x.criterion);
    }
    // A table of another run builds its own texts.
    let path = fixture("appliance-mature.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let doc = aftercert::process::load::from_text(&path, text, &Default::default());
    let audited = aftercert::audit::run(doc, &standards, &policy);
    let other = document_views_in(&audited, &policy, Lang::En, &Texts::new()).remove(0);
    assert!(!Shared::same(&other.findings[0].text, &a[0].text));
    assert_eq!(other.findings[0].title, a[0].title);
}
