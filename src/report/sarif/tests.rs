//! Unit tests of the SARIF log: the streamed log is the same bytes as the typed log built
//! at once (the way it was built before it was streamed), compact or indented, within the
//! results cap or over it, from memory or from a spill file.

use super::assemble::to_bytes;
use super::log::{Log, RuleSource, Run, result, rule, run_head};
use super::*;
use crate::report::gaps;
use crate::report::stream::{self, Head, Tail};
use crate::report::view::{DocumentView, ErrorView, FindingView, RunView};
use std::collections::HashMap;

#[test]
fn uris_are_relative_and_encoded() {
    assert_eq!(artifact_uri("fixtures/a b.yaml"), "fixtures/a%20b.yaml");
    assert_eq!(artifact_uri("./x/流程.yaml"), "x/%E6%B5%81%E7%A8%8B.yaml");
    assert_eq!(artifact_uri("c:odd.yaml"), "c%3Aodd.yaml");
    assert_eq!(artifact_uri("a%b#c?.yaml"), "a%25b%23c%3F.yaml");
}

#[cfg(unix)]
#[test]
fn unix_paths_guess_no_drive_letters_or_separators() {
    assert_eq!(artifact_uri("C:\\p\\x.yaml"), "C%3A%5Cp%5Cx.yaml");
    assert_eq!(
        artifact_uri("/nowhere-near/x y.yaml"),
        "file:///nowhere-near/x%20y.yaml"
    );
}

#[cfg(windows)]
#[test]
fn windows_paths_keep_their_drive() {
    assert_eq!(artifact_uri("fixtures\\a b.yaml"), "fixtures/a%20b.yaml");
    assert!(artifact_uri("Q:\\p\\x.yaml").starts_with("file:///Q:/p/x.yaml"));
}

fn finding(criterion: &str, severity: Severity) -> FindingView {
    FindingView {
        text: super::super::view::CriterionText::bare(
            criterion,
            crate::standard::load::RuleKind::Scored,
            severity,
        ),
        status: crate::score::Status::Missing,
        status_label: String::new(),
        gap: None,
        gap_label: None,
        spoken: 0.0,
        vacuous: false,
        vacuous_note: None,
        points: 0.0,
        max_points: 1.0,
        gain: 0.0,
        nonconformity: None,
        message: criterion.into(),
        expected: None,
        found: None,
        location: None,
        snippet: Vec::new(),
        tailored: None,
        applicability: None,
        fingerprint: criterion.into(),
        waiver: None,
        change: None,
        gap_change: None,
    }
}

fn run(findings: Vec<FindingView>) -> RunView {
    use super::super::view::*;
    let rating = RatingView {
        id: "fail".into(),
        label: String::new(),
        stars: 0,
        min: 0.0,
    };
    let doc = DocumentView {
        path: "a.yaml".into(),
        company: String::new(),
        standard_applies: true,
        standard: StandardRef {
            id: "s".into(),
            version: "1".into(),
            title: String::new(),
            designation: None,
            source: String::new(),
            method: crate::standard::model::Method::Weighted,
        },
        score: 0.0,
        score_shown: "0.0".into(),
        base_score: 0.0,
        coverage: None,
        coverage_shown: "—".into(),
        assumed_points: 0.0,
        assumed_line: None,
        gaps_silent: 0,
        gaps_short: 0,
        earned: 0.0,
        applicable: 0.0,
        rating: rating.clone(),
        ratings: vec![rating],
        failed_by_deductions: false,
        gate: GateView {
            passed: false,
            requirement: String::new(),
            reasons: Vec::new(),
        },
        sections: Vec::new(),
        findings,
        special_deductions: Vec::new(),
        bonus: Vec::new(),
        deducted: 0.0,
        bonus_points: 0.0,
        next_level: None,
        stages: None,
        gap_counts: GapCounts::default(),
        uses_assumed_points: false,
        method_note: String::new(),
        evidence_checklist: Vec::new(),
        exact: Default::default(),
    };
    RunView {
        tool_version: "0".into(),
        as_of: "2026-11-23".into(),
        lang: crate::i18n::Lang::En,
        documents: vec![doc],
        errors: Vec::new(),
        warnings: Vec::new(),
    }
}

/// The log built at once from a run in memory: every gap, sorted by severity (stably)
/// and cut to `max` when there are more, rules numbered by first appearance.
fn whole_log(run: &RunView, max: usize, pretty: bool) -> Vec<u8> {
    let mut all: Vec<(&DocumentView, &FindingView)> = run
        .documents
        .iter()
        .flat_map(|d| gaps(d).map(move |f| (d, f)))
        .collect();
    let total = all.len();
    if total > max {
        all.sort_by_key(|(_, f)| std::cmp::Reverse(f.severity));
        all.truncate(max);
    }
    let mut sources: Vec<RuleSource<'_>> = Vec::new();
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut results = Vec::new();
    for (d, f) in &all {
        let index = *ids.entry(f.criterion.as_str()).or_insert_with(|| {
            sources.push(RuleSource::of(d, f));
            sources.len() - 1
        });
        results.push(result(d, f, index));
    }
    let rules = sources.iter().map(rule).collect();
    let head = Head::of(run);
    let truncated = (total > max).then_some((total, max));
    let log = Log::of(Run::new(
        run_head(&head, &run.errors, &run.warnings, truncated),
        results,
        rules,
    ));
    let mut out = to_bytes(&log, pretty, 0).unwrap();
    out.push(b'\n');
    out
}

/// The log streamed document by document, as a directory run writes it.
fn streamed(run: &RunView, max: usize, pretty: bool) -> Vec<u8> {
    let mut s = assemble::stream(&Head::of(run), pretty, max);
    let mut out = Vec::new();
    for views in stream::by_document(&run.documents) {
        let part = s.render.part(views).unwrap();
        s.assemble.push(part, &mut out).unwrap();
    }
    let tail = Tail {
        errors: &run.errors,
        warnings: &run.warnings,
    };
    s.assemble.finish(tail, &mut out).unwrap();
    out
}

fn document(path: &str, findings: Vec<FindingView>) -> DocumentView {
    let mut d = run(findings).documents.remove(0);
    d.path = path.into();
    d
}

fn run_of(documents: Vec<DocumentView>) -> RunView {
    let mut r = run(Vec::new());
    r.documents = documents;
    r
}

fn error(path: &str, line: u32) -> ErrorView {
    ErrorView {
        code: "E0001".into(),
        path: path.into(),
        line,
        column: 0,
        message: "broken".into(),
        expected: None,
    }
}

/// Documents whose criteria repeat across documents and severities, with waivers,
/// baseline states, locations and snippets, and one criterion with a second rule.
fn varied_run(documents: usize) -> RunView {
    use crate::policy::baseline::{Change, GapChange};
    let severities = Severity::ALL;
    let docs = (0..documents)
        .map(|i| {
            let findings = (0..6)
                .map(|j| {
                    let mut f =
                        finding(&format!("s.c{}", (i + j) % 7), severities[(i * j + j) % 4]);
                    f.message = format!("gap {i}/{j} \"quoted\" \\ 流程");
                    let mut text = (*f.text).clone();
                    text.remediation = format!("fix {j}");
                    text.rationale = if j % 2 == 0 {
                        String::new()
                    } else {
                        "why".into()
                    };
                    f.text = crate::report::view::Shared::new(text);
                    f.change = [None, Some(Change::New), Some(Change::Unchanged)][j % 3];
                    f.gap_change = (j == 4).then_some(GapChange::SilentToShort);
                    f.location = (j % 2 == 1).then(|| crate::report::view::LocationView {
                        path: String::new(),
                        line: 3,
                        column: 5,
                        yaml_path: "a.b".into(),
                    });
                    f.snippet = if j == 3 {
                        vec![crate::report::view::SnippetLine {
                            number: 2,
                            text: "a:\n  b: 1".into(),
                            focus: true,
                        }]
                    } else {
                        Vec::new()
                    };
                    f.waiver = (j == 5).then(|| {
                        Box::new(crate::report::view::WaiverView {
                            justification: "ok".into(),
                            approver: "me".into(),
                            expires: "2027-01-01".into(),
                            expired: i % 2 == 0,
                        })
                    });
                    f
                })
                .collect();
            let mut d = document(&format!("docs/d{i}.yaml"), findings);
            d.standard.version = if i == 2 { "2".into() } else { "1".into() };
            d
        })
        .collect();
    let mut r = run_of(docs);
    r.errors = vec![error("docs/broken.yaml", 4)];
    r.warnings = vec![error("docs/odd.yaml", 0)];
    r
}

#[test]
fn the_streamed_log_is_the_log_built_at_once() {
    let r = varied_run(5);
    for pretty in [false, true] {
        for max in [usize::MAX, 30, 29, 17, 1, 0] {
            assert_eq!(
                String::from_utf8(streamed(&r, max, pretty)).unwrap(),
                String::from_utf8(whole_log(&r, max, pretty)).unwrap(),
                "pretty {pretty}, max {max}"
            );
        }
    }
    let empty = run_of(Vec::new());
    for pretty in [false, true] {
        assert_eq!(streamed(&empty, 3, pretty), whole_log(&empty, 3, pretty));
    }
}

#[test]
fn results_kept_in_a_spill_file_come_back_whole() {
    let mut r = varied_run(400);
    for d in &mut r.documents {
        for f in &mut d.findings {
            let mut text = (*f.text).clone();
            text.remediation = "很长的整改建议。".repeat(40);
            f.text = crate::report::view::Shared::new(text);
        }
    }
    let whole = whole_log(&r, usize::MAX, false);
    assert!(
        whole.len() > 3 << 20,
        "the results must go past the spill's memory"
    );
    assert_eq!(streamed(&r, usize::MAX, false), whole);
    assert_eq!(streamed(&r, 1000, true), whole_log(&r, 1000, true));
}

#[test]
fn a_run_over_the_limit_keeps_the_most_severe_results_and_says_so() {
    let findings = vec![
        finding("a", Severity::Advisory),
        finding("b", Severity::Blocking),
        finding("c", Severity::Minor),
        finding("d", Severity::Major),
        finding("e", Severity::Blocking),
    ];
    let log: serde_json::Value =
        serde_json::from_slice(&streamed(&run(findings), 3, false)).unwrap();
    let run0 = &log["runs"][0];
    let ids: Vec<&str> = run0["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["b", "e", "d"]);
    let indices: Vec<u64> = run0["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleIndex"].as_u64().unwrap())
        .collect();
    assert_eq!(indices, [0, 1, 2]);
    let rules: Vec<&str> = run0["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["b", "e", "d"]);
    assert_eq!(run0["properties"]["resultsTotal"], 5);
    assert_eq!(run0["properties"]["resultsKept"], 3);
    let notes = &run0["invocations"][0]["toolExecutionNotifications"];
    assert_eq!(notes[0]["descriptor"]["id"], "results-truncated");
    let within: serde_json::Value = serde_json::from_slice(&streamed(
        &run(vec![finding("a", Severity::Minor)]),
        3,
        false,
    ))
    .unwrap();
    assert!(
        within["runs"][0]["properties"]
            .get("resultsTotal")
            .is_none()
    );
    assert_eq!(within["runs"][0]["results"].as_array().unwrap().len(), 1);
}

#[test]
fn compact_and_pretty_are_the_same_log() {
    let r = varied_run(3);
    let compact = streamed(&r, usize::MAX, false);
    let pretty = streamed(&r, usize::MAX, true);
    assert_eq!(
        compact.iter().filter(|b| **b == b'\n').count(),
        1,
        "one line"
    );
    assert!(pretty.starts_with(b"{\n  \"$schema\": "));
    let a: serde_json::Value = serde_json::from_slice(&compact).unwrap();
    let b: serde_json::Value = serde_json::from_slice(&pretty).unwrap();
    assert_eq!(a, b);
}

#[test]
fn a_criterion_keeps_one_rule_index_across_documents() {
    let r = varied_run(4);
    let log: serde_json::Value = serde_json::from_slice(&streamed(&r, usize::MAX, false)).unwrap();
    let run0 = &log["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let mut seen = HashMap::new();
    for res in run0["results"].as_array().unwrap() {
        let i = res["ruleIndex"].as_u64().unwrap();
        assert_eq!(rules[i as usize]["id"], res["ruleId"]);
        assert_eq!(*seen.entry(res["ruleId"].to_string()).or_insert(i), i);
    }
    assert_eq!(rules.len(), seen.len());
}

#[test]
fn rule_kinds_are_spelled_as_serialized() {
    use crate::standard::load::RuleKind;
    for k in [RuleKind::Scored, RuleKind::Deduction, RuleKind::Bonus] {
        assert_eq!(serde_json::to_value(k).unwrap(), log::kind_id(k));
    }
}

#[test]
fn rule_names_differ_from_ids() {
    assert_eq!(
        rule_name("gbt27922.certified-managers"),
        "CertifiedManagers"
    );
    assert_eq!(rule_name("x"), "X");
    assert_eq!(rule_name("..."), "Criterion");
}

#[test]
fn levels_follow_severity() {
    assert_eq!(level(Severity::Blocking), "error");
    assert_eq!(level(Severity::Minor), "warning");
    assert_eq!(level(Severity::Advisory), "note");
}
