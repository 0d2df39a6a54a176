//! Fuzz target: any bytes through load → validate → audit → render, as `aftercert check`
//! does, looking for panics, hangs and runaway memory.
//!
//! It runs the same path as the property test in tests/cli/proptest.rs (keep the two in
//! step): the bytes are decoded lossily so every input reaches the YAML parser, then the
//! diagnostics are rendered with snippets, and the document goes through
//! `aftercert::audit::run` (the library function `check` calls) against every built-in
//! standard and is rendered as JSON and Markdown in both languages.
//! Run it with `cargo +nightly fuzz run load_and_score` (see docs/fuzzing.md).
#![no_main]

use aftercert::i18n::Lang;
use aftercert::policy::Policy;
use aftercert::process::load::from_text;
use aftercert::report::view::{RunView, document_views};
use aftercert::report::{Format, RenderOptions, render};
use aftercert::standard::load::{Library, Loaded, load_library};
use aftercert::yaml::Limits;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

/// The built-in standards, loaded once per process.
static LIBRARY: LazyLock<Library> = LazyLock::new(|| load_library(vec![]).0);

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let doc = from_text("fuzz.yaml", text, &Limits::default());
    for d in &doc.diagnostics {
        for lang in [Lang::Zh, Lang::En] {
            d.render(Some(&doc.source), lang, false);
        }
    }
    let standards: Vec<&Loaded> = LIBRARY.standards.iter().collect();
    let policy = Policy {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date"),
        ..Policy::default()
    };
    let audited = aftercert::audit::run(doc, &standards, &policy);
    let mut documents = Vec::new();
    for lang in [Lang::Zh, Lang::En] {
        documents.extend(document_views(&audited, &policy, lang));
    }
    let run = RunView {
        tool_version: "fuzz".into(),
        as_of: policy.as_of.to_string(),
        lang: Lang::En,
        documents,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    for format in [Format::Json, Format::Markdown] {
        render(&run, format, &RenderOptions::default()).expect("a report renders");
    }
});
