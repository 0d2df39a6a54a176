//! Unit tests of the check vocabulary.

use super::*;
use crate::yaml::{Limits, parse};

fn check(src: &str) -> Check {
    serde_saphyr::from_str(src).unwrap()
}

fn run(doc: &str, c: &str) -> Outcome {
    let root = parse(doc, &Limits::default()).unwrap();
    let ctx = Context {
        root: &root,
        as_of: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
    };
    evaluate(&check(c), &ctx)
}

#[test]
fn absent_values_point_at_the_nearest_ancestor() {
    let o = run("a:\n  b: 1\n", "present: a.c.d");
    assert!(!o.met());
    assert_eq!(o.pos.line, 2);
    assert_eq!(o.path, "a.c.d");
}

#[test]
fn compare_and_ratio() {
    assert!(run("w: {d: 7}", "compare: {path: w.d, op: '>=', value: 7}").met());
    assert!(!run("w: {d: 5}", "compare: {path: w.d, op: '>=', value: 7}").met());
    assert!(
        run(
            "m: {h: 20, c: 2}",
            "ratio: {numerator: m.c, denominator: m.h, min: 0.1}"
        )
        .met()
    );
    assert!(
        !run(
            "m: {h: 20, c: 1}",
            "ratio: {numerator: m.c, denominator: m.h, min: 0.1}"
        )
        .met()
    );
    assert!(
        !run(
            "m: {h: 0, c: 1}",
            "ratio: {numerator: m.c, denominator: m.h, min: 0.1}"
        )
        .met()
    );
}

#[test]
fn covers_gives_partial_credit_and_names_what_is_missing() {
    let doc = "r: [a, b]\no: [{region: a}]\n";
    let o = run(doc, "covers: {path: 'o[].region', of: r}");
    assert!((o.fraction - 0.5).abs() < 1e-9);
    assert_eq!(o.found.as_deref(), Some("− b"));
}

#[test]
fn recent_uses_the_newest_date() {
    let doc = "t: [{d: 2020-01-01}, {d: 2025-06-01}]\n";
    assert!(run(doc, "recent: {path: 't[].d', months: 12}").met());
    assert!(!run(doc, "recent: {path: 't[].d', months: 3}").met());
}

#[test]
fn consistent_compares_figures_across_media() {
    let ok = "c: [{id: x, advert: '24小时上门', website: '承诺 24 小时内上门'}]\n";
    let bad = "c: [{id: x, advert: '24小时上门', website: '48小时上门'}]\n";
    let media = "consistent: {path: c, media: [advert, website]}";
    assert!(run(ok, media).met());
    let zh = "c: [{id: x, advert: '七天无理由退货', website: '7天无理由退货，十五天换货'}]\n";
    assert!(
        run(zh, media).met(),
        "stating more is not stating differently"
    );
    let zh = "c: [{id: x, advert: '十五天换货', website: '7天换货'}]\n";
    assert!(!run(zh, media).met());
    let o = run(bad, media);
    assert!(!o.met());
    assert_eq!(o.path, "c[0].website");
}

#[test]
fn each_with_filter_and_relative_compare() {
    let doc = "k: [{p: true, t: 90, a: 95}, {p: true, t: 90, a: 80}, {p: false, t: 1, a: 0}]\n";
    let c = "each: {path: k, where: {p: true}, check: {compare: {path: a, op: '>=', to: t}}}";
    let o = run(doc, c);
    assert!((o.fraction - 0.5).abs() < 1e-9);
    assert_eq!(o.path, "k[1].a");
}

#[test]
fn combinators() {
    let doc = "a: true\nb: false\n";
    assert!(run(doc, "any: [{flag: a}, {flag: b}]").met());
    assert!(!run(doc, "all: [{flag: a}, {flag: b}]").met());
    assert!(run(doc, "not: {flag: b}").met());
    assert!((run(doc, "partial: [{flag: a}, {flag: b}]").fraction - 0.5).abs() < 1e-9);
    assert!(
        run(
            "c: [online, store]",
            "one_of: {path: c, values: [online, tv]}"
        )
        .met()
    );
    assert!(
        run(
            "o: [{m: own}, {m: own}]",
            "count: {path: o, where: {m: own}, min: 2}"
        )
        .met()
    );
}

#[test]
fn at_least_gives_partial_credit_below_n() {
    let three = "at_least: {n: 2, of: [{flag: a}, {flag: b}, {flag: c}]}";
    assert!((run("a: true\nb: false\n", three).fraction - 0.5).abs() < 1e-9);
    assert!(run("a: true\nc: true\n", three).met());
    assert_eq!(run("a: true\n", three).found.as_deref(), Some("1/2"));
}

#[test]
fn a_filter_on_a_list_field_matches_any_item() {
    let root = parse(
        "h: [{topics: [product, technical]}, {topics: [after_sales]}]\n",
        &Limits::default(),
    )
    .unwrap();
    let ctx = Context {
        root: &root,
        as_of: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
    };
    let c: Check =
        serde_saphyr::from_str("count: {path: h, where: {topics: technical}, min: 1}").unwrap();
    assert!(evaluate(&c, &ctx).met());
    let c: Check =
        serde_saphyr::from_str("count: {path: h, where: {topics: complaints}, min: 1}").unwrap();
    assert!(!evaluate(&c, &ctx).met());
}

#[test]
fn covers_counts_further_sources_and_says_how_each_value_is_covered() {
    let c = "covers:\n  path: 'o[].region'\n  of: r\n  also:\n    - {path: n, value: region, unless: {count: 0}}\n    - {path: 'p[].m', value: regions, where_in: {mode: modes}, absent_covers_all: false}\n";
    let doc = "r: [a, b, c, d]\no: [{region: a}]\nn: [{region: b, count: 2}, {region: d, count: 0}]\nmodes: [mail_in]\np: [{m: [{mode: on_site, regions: [d]}, {mode: mail_in, regions: [c]}]}]\n";
    let o = run(doc, c);
    assert!((o.fraction - 0.75).abs() < 1e-9, "{o:?}");
    assert_eq!(
        o.found.as_deref(),
        Some("− d; b ← n[0], c ← p[0].m[1] (mail_in)")
    );
    assert!(
        o.expected.en.contains("p[].m[].regions [mode ∈ modes]"),
        "{}",
        o.expected.en
    );
}

#[test]
fn a_source_item_without_its_field_covers_everything_when_told_so() {
    let c = "covers:\n  path: 'o[].region'\n  of: r\n  also:\n    - {path: 'p[].m', value: regions, where_in: {mode: modes}, absent_covers_all: true}\n";
    let doc = "r: [a, b]\nmodes: [mail_in]\np: [{m: [{mode: mail_in}]}]\n";
    assert!(run(doc, c).met());
    let without = "r: [a, b]\nmodes: [on_site]\np: [{m: [{mode: mail_in}]}]\n";
    assert_eq!(run(without, c).fraction, 0.0);
}

#[test]
fn covers_without_further_sources_in_the_document_reads_as_before() {
    let c = "covers:\n  path: 'o[].region'\n  of: r\n  also:\n    - {path: n, value: region}\n";
    let o = run("r: [a, b]\no: [{region: a}, {region: b}]\n", c);
    assert_eq!(o.expected.en, "o[].region covers r");
    assert_eq!(o.found.as_deref(), Some("a, b"));
}

#[test]
fn best_of_passes_partial_credit_and_reports_the_first_among_equals() {
    let c = "best_of:\n  - present: a\n  - each: {path: l, check: {present: w}}\n";
    let o = run("l: [{w: 1}, {x: 1}]\n", c);
    assert!((o.fraction - 0.5).abs() < 1e-9);
    let o = run("a: 1\nl: [{w: 1}]\n", c);
    assert!(o.met());
    assert_eq!(o.path, "a");
    let o = run("b: 1\n", c);
    assert_eq!(o.fraction, 0.0);
    assert_eq!(o.path, "a");
}

#[test]
fn compare_with_a_unit_reads_quantities() {
    let c = "compare: {path: t, op: '<=', value: 30, unit: days}";
    assert!(run("t: 30 days\n", c).met());
    assert!(run("t: 1 month\n", c).met());
    assert!(run("t: 20 working days\n", c).met());
    assert!(!run("t: 45 days\n", c).met());
    assert!(run("t: 7\n", c).met(), "a bare number is in the unit");
    assert!(!run("t: 30 km\n", c).met(), "other dimension");
    assert!(
        run(
            "t: 3 working days\n",
            "compare: {path: t, op: '>', value: 0, unit: days}"
        )
        .met()
    );
    let o = run("t: 25 working days\n", c);
    assert!(!o.met());
    assert!(
        o.expected.en.contains("5 working days = 7 calendar days"),
        "{}",
        o.expected.en
    );
}

#[test]
fn an_unknown_compare_unit_is_refused_when_the_standard_loads() {
    let e = serde_saphyr::from_str::<Check>("compare: {path: t, op: '<=', value: 30, unit: dayz}")
        .unwrap_err()
        .to_string();
    assert!(e.contains("unknown unit `dayz`"), "{e}");
}
