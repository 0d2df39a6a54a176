//! Property test: no document, however mangled, makes the library panic.
//!
//! Feeds random text and mutated fixtures and starters (lines deleted, duplicated and
//! swapped, bytes and YAML punctuation inserted, scalars turned into other types, deep
//! nesting, truncation) through the same path `aftercert check` takes: load and validate,
//! audit against every built-in standard, and render the JSON and Markdown reports.
//! Runs in the normal suite (128 cases by default, `PROPTEST_CASES` to change); the
//! `cargo fuzz` target in fuzz/ runs the same path for longer.

use crate::support::root;
use aftercert::i18n::Lang;
use aftercert::policy::Policy;
use aftercert::process::load::from_text;
use aftercert::report::view::{DocumentView, RunView, document_views};
use aftercert::report::{Format, RenderOptions, render};
use aftercert::standard::load::{Library, Loaded, load_library};
use aftercert::yaml::Limits;
use proptest::prelude::*;
use std::sync::LazyLock;

/// The built-in standards, loaded once.
static LIBRARY: LazyLock<Library> = LazyLock::new(|| load_library(vec![]).0);

/// The documents mutations start from: every fixture and every starter.
static SEEDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut seeds = Vec::new();
    for dir in ["fixtures", "fixtures/broken", "templates/init"] {
        let mut paths: Vec<_> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        paths.sort();
        seeds.extend(paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()));
    }
    assert!(seeds.len() > 10, "seeds not found");
    seeds
});

/// Runs the whole pipeline on one text, through the library function `check` calls;
/// any panic fails the property, and so does a verdict that disagrees with the report.
fn pipeline(text: String) {
    let doc = from_text("prop.yaml", text, &Limits::default());
    for d in &doc.diagnostics {
        for lang in [Lang::Zh, Lang::En] {
            d.render(Some(&doc.source), lang, false);
            d.render(None, lang, true);
        }
    }
    if std::env::var_os("PROP_STATS").is_some() {
        eprintln!("usable={}", doc.is_usable());
    }
    let standards: Vec<&Loaded> = LIBRARY.standards.iter().collect();
    let policy = Policy {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        ..Policy::default()
    };
    let audited = aftercert::audit::run(doc, &standards, &policy);
    let mut documents = Vec::new();
    for lang in [Lang::Zh, Lang::En] {
        documents.extend(document_views(&audited, &policy, lang));
    }
    for (view, r) in documents.iter().zip(audited.results.iter().cycle()) {
        agree(view, r);
    }
    let run = RunView {
        tool_version: "prop".into(),
        as_of: policy.as_of.to_string(),
        lang: Lang::En,
        documents,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let opts = RenderOptions::default();
    for format in [Format::Json, Format::Markdown] {
        render(&run, format, &opts).expect("a report renders");
    }
}

/// The report view, the gap counts and the default gate say the same thing.
fn agree(view: &DocumentView, r: &aftercert::audit::StandardResult<'_>) {
    let listed = aftercert::report::gaps(view).count();
    assert_eq!(
        view.gap_counts.total, listed,
        "gap counts of {}",
        view.standard.id
    );
    let s = &r.audit.standard.standard;
    let pass = s
        .ratings
        .iter()
        .position(|b| b.id.value == s.pass.value)
        .unwrap();
    if r.applies {
        assert_eq!(
            r.judged.verdict.passed,
            r.audit.rating >= pass,
            "gate and rating disagree for {}",
            view.standard.id
        );
    }
}

/// One change to a document's text.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    InsertBytes(usize, Vec<u8>),
    InsertText(usize, String),
    ReplaceScalar(usize, &'static str),
    Nest(usize, usize, bool),
    Truncate(usize),
}

/// Characters that matter to YAML, plus some that matter to people.
const PUNCTUATION: &[&str] = &[
    ":", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!", "!!str ", "|", ">", "'", "\"", "%", "@",
    "`", "#", "?", "\t", "\n", "\r\n", "\u{feff}", "---\n", "...\n", "<<: *a\n", "~", "青",
    "\u{0}", "\u{85}", "\u{2028}", "  ", "\\", "0x", "1e999", "-.inf",
];

/// Replacement scalars of every type, and some values that are the right type but wrong.
const SCALARS: &[&str] = &[
    "~",
    "null",
    "true",
    "no",
    "0",
    "-1",
    "4294967296",
    "99999999999999999999999",
    "3.5",
    ".nan",
    "1e308",
    "\"\"",
    "[]",
    "{}",
    "[1, [2, {a: b}]]",
    "{x: 1, x: 2}",
    "2026-02-30",
    "2026-13-01",
    "\"2026-11-23\"",
    "&a x",
    "*a",
    "*undefined",
    "!!binary aGVsbG8=",
    "|\n  block\n  text",
    ">-\n  folded",
    "'''",
    "\"\\u0000\"",
    "E-NOWHERE",
    "[E-NOWHERE]",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, b)| Mutation::InsertBytes(at, b)),
        (any::<usize>(), prop::sample::select(PUNCTUATION))
            .prop_map(|(at, s)| Mutation::InsertText(at, s.to_string())),
        (any::<usize>(), any::<String>()).prop_map(|(at, s)| Mutation::InsertText(at, s)),
        (any::<usize>(), prop::sample::select(SCALARS))
            .prop_map(|(at, s)| Mutation::ReplaceScalar(at, s)),
        (any::<usize>(), 1usize..48, any::<bool>())
            .prop_map(|(at, depth, flow)| Mutation::Nest(at, depth, flow)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

/// The char boundary at or before `at % (len + 1)`.
fn boundary(text: &str, at: usize) -> usize {
    let mut i = at % (text.len() + 1);
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: String, m: &Mutation) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let n = lines.len();
    match m {
        Mutation::DeleteLine(i) => {
            lines.remove(i % n);
        }
        Mutation::DuplicateLine(i) => lines.insert(i % n, lines[i % n].clone()),
        Mutation::SwapLines(a, b) => lines.swap(a % n, b % n),
        Mutation::InsertBytes(at, bytes) => {
            let at = boundary(&text, *at);
            let inserted = String::from_utf8_lossy(bytes);
            return format!("{}{inserted}{}", &text[..at], &text[at..]);
        }
        Mutation::InsertText(at, s) => {
            let at = boundary(&text, *at);
            return format!("{}{s}{}", &text[..at], &text[at..]);
        }
        Mutation::ReplaceScalar(i, value) => {
            let line = &mut lines[i % n];
            if let Some(colon) = line.find(": ") {
                line.truncate(colon + 2);
                line.push_str(value);
            }
        }
        Mutation::Nest(i, depth, true) => {
            let line = &mut lines[i % n];
            if let Some(colon) = line.find(": ") {
                let value = line.split_off(colon + 2);
                line.push_str(&format!(
                    "{}{value}{}",
                    "[".repeat(*depth),
                    "]".repeat(*depth)
                ));
            }
        }
        Mutation::Nest(i, depth, false) => {
            let indent: String = lines[i % n].chars().take_while(|c| *c == ' ').collect();
            let nested = (0..*depth).map(|d| format!("{indent}{}k{d}:", "  ".repeat(d)));
            let at = i % n;
            lines.splice(at..at, nested.collect::<Vec<_>>());
        }
        Mutation::Truncate(at) => return text[..boundary(&text, *at)].to_string(),
    }
    lines.join("\n")
}

fn mutated_document() -> impl Strategy<Value = String> {
    let seeds = SEEDS.len();
    (0..seeds, prop::collection::vec(mutation(), 1..8))
        .prop_map(|(i, ms)| ms.iter().fold(SEEDS[i].clone(), apply))
}

/// The seeds that are valid documents, as JSON trees (JSON is YAML too).
static VALID: LazyLock<Vec<serde_json::Value>> = LazyLock::new(|| {
    let limits = Limits::default();
    let docs = SEEDS
        .iter()
        .map(|s| from_text("seed.yaml", s.clone(), &limits));
    let valid: Vec<_> = docs
        .filter(|d| d.is_usable())
        .filter_map(|d| d.root.map(|r| r.to_json()))
        .collect();
    assert!(valid.len() >= 6, "too few valid seeds");
    valid
});

/// Strings that are valid values but hard on reports: markup, template syntax, control
/// and direction characters, long text.
const WEIRD: &[&str] = &[
    "",
    " ",
    "<script>alert(1)</script>",
    "| a | b |\n|---|---|",
    "[x](javascript:alert(1))",
    "{{ 7 * 7 }}{% for x in y %}",
    "*a* _b_ `c` # d",
    "\u{202e}gnp.exe",
    "line\nbreak\r\nand more",
    "\u{0}\u{7}\u{1b}[31m",
    "0001-01-01",
    "9999-12-31",
    "E-NOWHERE",
    "青",
];

/// One change to a parsed document, addressed by a node's index in a pre-order walk.
#[derive(Debug, Clone)]
enum Edit {
    /// Removes the key (or the list item) that holds the node.
    Remove(usize),
    /// Replaces a scalar with another of the same type, or empties a list or mapping.
    Replace(usize, usize),
    /// Repeats a string many times.
    Lengthen(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<usize>().prop_map(Edit::Remove),
        (any::<usize>(), any::<usize>()).prop_map(|(at, w)| Edit::Replace(at, w)),
        (any::<usize>(), 2usize..3000).prop_map(|(at, n)| Edit::Lengthen(at, n)),
    ]
}

/// Counts the nodes under a value, itself included.
fn count(v: &serde_json::Value) -> usize {
    use serde_json::Value as J;
    1 + match v {
        J::Array(items) => items.iter().map(count).sum(),
        J::Object(map) => map.values().map(count).sum(),
        _ => 0,
    }
}

/// Applies an edit to the `target`-th node below `v` (pre-order, `v` itself is 0).
fn edit_at(v: &mut serde_json::Value, target: usize, e: &Edit) {
    use serde_json::Value as J;
    let mut index = 1;
    let children: Vec<&mut J> = match v {
        J::Array(items) => items.iter_mut().collect(),
        J::Object(map) => map.values_mut().collect(),
        _ => Vec::new(),
    };
    let mut remove = None;
    for (i, child) in children.into_iter().enumerate() {
        let size = count(child);
        if target == index {
            match e {
                Edit::Remove(_) => remove = Some(i),
                _ => replace(child, e),
            }
            break;
        }
        if target < index + size {
            return edit_at(child, target - index, e);
        }
        index += size;
    }
    match (v, remove) {
        (J::Array(items), Some(i)) => {
            items.remove(i);
        }
        (J::Object(map), Some(i)) => {
            let key = map.keys().nth(i).cloned().unwrap_or_default();
            map.remove(&key);
        }
        _ => {}
    }
}

fn replace(v: &mut serde_json::Value, e: &Edit) {
    use serde_json::Value as J;
    match (v, e) {
        (J::String(s), Edit::Replace(_, w)) => *s = WEIRD[w % WEIRD.len()].to_string(),
        (J::String(s), Edit::Lengthen(_, n)) => *s = s.repeat(*n).chars().take(200_000).collect(),
        (J::Bool(b), _) => *b = !*b,
        (J::Number(n), Edit::Replace(_, w)) => *n = ((*w % 2) as u64).into(),
        (J::Array(items), _) => items.clear(),
        (J::Object(map), _) => map.clear(),
        _ => {}
    }
}

fn edited_document() -> impl Strategy<Value = String> {
    let seeds = VALID.len();
    (0..seeds, prop::collection::vec(edit(), 1..6)).prop_map(|(i, edits)| {
        let mut doc = VALID[i].clone();
        for e in &edits {
            let (Edit::Remove(at) | Edit::Replace(at, _) | Edit::Lengthen(at, _)) = e;
            let n = count(&doc);
            edit_at(&mut doc, 1 + at % (n - 1).max(1), e);
        }
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    })
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok());
    ProptestConfig {
        cases: cases.unwrap_or(128),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_documents_never_panic(text in mutated_document()) {
        pipeline(text);
    }

    #[test]
    fn valid_documents_with_odd_values_never_panic(text in edited_document()) {
        pipeline(text);
    }

    #[test]
    fn random_yaml_like_text_never_panics(text in "(aftercert: 1\n)?([a-z_]{1,12}: ?|- |  |[\\[\\]{},:&*!|>'\"#~0-9.\n -]|[青\u{feff}\t\r]){0,200}") {
        pipeline(text);
    }
}

#[test]
fn every_seed_goes_through_the_pipeline() {
    for seed in SEEDS.iter() {
        pipeline(seed.clone());
    }
    assert!(!LIBRARY.standards.is_empty());
}
