//! Unit tests of the check vocabulary.

use super::*;
use crate::yaml::{Limits, parse};

fn check(src: &str) -> Check {
    serde_saphyr::from_str(src).unwrap()
}

/// What a check found, in English.
fn found_en(o: &Outcome) -> Option<&str> {
    o.found.as_ref().map(|f| f.en.as_str())
}

/// What a check found, in Chinese.
fn found_zh(o: &Outcome) -> Option<&str> {
    o.found.as_ref().map(|f| f.zh.as_str())
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
    assert_eq!(found_en(&o), Some("1 of 2 r not covered: b"));
    assert_eq!(found_zh(&o), Some("2 个r中有 1 个未覆盖：b"));
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
    assert_eq!(
        found_en(&run("a: true\n", three)),
        Some("1 met (at least 2 required)")
    );
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
        found_en(&o),
        Some("1 of 4 r not covered: d; 2 covered otherwise: b (n), c (mail-in)")
    );
    assert_eq!(
        o.expected.en,
        "o[].region cover every one of the r (counting n[].region, p[].m[].regions too)"
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
    assert_eq!(o.expected.en, "o[].region cover every one of the r");
    assert_eq!(found_en(&o), Some("all 2 r covered"));
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

#[test]
fn covers_names_the_regions_without_an_outlet_in_words() {
    let doc = "company: {sales_regions: [Anhui, Guangdong, Beijing, Shanghai, Jiangsu, Zhejiang]}\nnetwork: {outlets: [{region: Shanghai}, {region: Jiangsu}, {region: Zhejiang}]}\n";
    let o = run(
        doc,
        "covers: {path: 'network.outlets[].region', of: company.sales_regions}",
    );
    assert_eq!(
        found_en(&o),
        Some("3 of 6 sales regions have no outlet: Anhui, Guangdong, Beijing")
    );
    assert_eq!(
        found_zh(&o),
        Some("6 个销售区域中有 3 个没有服务网点：Anhui、Guangdong、Beijing")
    );
    assert_eq!(
        o.expected.en,
        "outlet regions cover every one of the sales regions"
    );
    assert_eq!(o.expected.zh, "服务网点所在地区覆盖全部销售区域");
}

#[test]
fn long_lists_are_cut_after_five_names() {
    let regions: Vec<String> = (0..40).map(|i| format!("R{i}")).collect();
    let doc = format!("company: {{sales_regions: [{}]}}\n", regions.join(", "));
    let o = run(
        &doc,
        "covers: {path: 'network.outlets[].region', of: company.sales_regions}",
    );
    assert_eq!(
        found_en(&o),
        Some("40 of 40 sales regions have no outlet: R0, R1, R2, R3, R4 and 35 more")
    );
    assert!(
        found_zh(&o)
            .unwrap()
            .ends_with("R0、R1、R2、R3、R4 等 40 项")
    );
}

#[test]
fn present_flag_and_compare_read_as_sentences() {
    let o = run(
        "policies: {warranty: {}}\n",
        "present: policies.warranty.refund_days",
    );
    assert_eq!(o.expected.en, "refund period stated");
    assert_eq!(o.expected.zh, "写明退款期限");
    let o = run(
        "policies: {warranty: {refund_days: 10}}\n",
        "compare: {path: policies.warranty.refund_days, op: '<=', value: 7}",
    );
    assert_eq!(o.expected.en, "refund period of at most 7 days");
    assert_eq!(o.expected.zh, "退款期限不超过 7 日");
    assert_eq!(found_en(&o), Some("refund period: 10 days"));
    assert_eq!(found_zh(&o), Some("退款期限：10 日"));
    let o = run(
        "customers: {complaints: {root_cause_analysis: false}}\n",
        "flag: customers.complaints.root_cause_analysis",
    );
    assert_eq!(o.expected.zh, "投诉根本原因分析：是");
    assert_eq!(found_zh(&o), Some("投诉根本原因分析：否"));
}

#[test]
fn not_negates_the_sentence_and_if_stated_collapses() {
    let o = run("a: 1\n", "not: {present: policies.warranty.refund_days}");
    assert_eq!(o.expected.en, "refund period not stated");
    assert_eq!(o.expected.zh, "未写明退款期限");
    let o = run("a: 1\n", "not: {flag: channels.email.available}");
    assert_eq!(o.expected.en, "e-mail service offered: no");
    let c = "any: [{not: {present: policies.warranty.no_reason_return_days}}, {compare: {path: policies.warranty.no_reason_return_days, op: '>=', value: 7}}]";
    let o = run("policies: {warranty: {no_reason_return_days: 5}}\n", c);
    assert!(!o.met());
    assert_eq!(
        o.expected.en,
        "no-reason return period, if stated, of at least 7 days"
    );
    assert_eq!(o.expected.zh, "无理由退货期限如写明，则不少于 7 日");
    let c = "any: [{not: {flag: channels.email.available}}, {compare: {path: channels.email.response_hours, op: '<=', value: 24}}]";
    let o = run(
        "channels: {email: {available: true, response_hours: 48}}\n",
        c,
    );
    assert_eq!(
        o.expected.zh,
        "如设有电子邮件服务，则电子邮件回复时限不超过 24 小时"
    );
    assert_eq!(
        o.expected.en,
        "if e-mail service offered: e-mail response time of at most 24 hours"
    );
    let o = run("a: true\nb: false\n", "any: [{flag: a}, {flag: b}]");
    assert_eq!(o.expected.en, "a: yes; or b: yes");
}

#[test]
fn count_each_and_ratio_read_as_sentences() {
    let doc = "network: {outlets: [{region: A, mode: entrusted}, {region: B, mode: entrusted, evidence: x}, {region: C, mode: own}]}\norganization: {service_management: {certified_managers: 1, headcount: 20}}\n";
    let o = run(doc, "count: {path: network.outlets, min: 4}");
    assert_eq!(
        found_en(&o),
        Some("3 service outlets (at least 4 required)")
    );
    assert_eq!(found_zh(&o), Some("有 3 个服务网点（要求至少 4 个）"));
    let o = run(
        doc,
        "each: {path: network.outlets, where: {mode: entrusted}, check: {present: evidence}}",
    );
    assert_eq!(
        found_en(&o),
        Some("1 of 2 service outlets (entrusted) do not state the outlet evidence: A")
    );
    assert_eq!(
        found_zh(&o),
        Some("2 个服务网点（委托）中有 1 个未写明网点证明材料：A")
    );
    let o = run(
        doc,
        "ratio: {numerator: organization.service_management.certified_managers, denominator: organization.service_management.headcount, min: 0.1}",
    );
    assert_eq!(
        found_zh(&o),
        Some("持证售后服务管理师 1 人，占服务管理人员 20 人的 5%（要求至少 10%）")
    );
    assert_eq!(
        o.expected.zh,
        "持证售后服务管理师占服务管理人员的比例不低于 10%"
    );
}

#[test]
fn current_names_the_stale_records_with_their_dates() {
    let doc = "people:\n  training:\n    - {topic: 维修技能, last_held: 2024-03-01}\n    - {topic: 服务礼仪, last_held: 2025-10-01}\n    - {last_held: 2025-11-01}\n";
    let o = run(doc, "current: training");
    assert!(!o.met());
    assert_eq!(
        found_zh(&o),
        Some("3 项培训中有 1 项已超过 12 个月：维修技能（2024-03-01）")
    );
    assert_eq!(
        found_en(&o),
        Some("1 of 3 training records older than 12 months: 维修技能 (2024-03-01)")
    );
    let undated = run(
        "people:\n  training:\n    - {topic: a, last_held: 2025-10-01}\n    - {records: x}\n",
        "current: training",
    );
    assert_eq!(found_zh(&undated), Some("1 项培训未注明日期：第 2 项"));
    let fresh = run(
        "people:\n  training:\n    - {topic: a, last_held: 2025-10-01}\n",
        "current: training",
    );
    assert_eq!(
        found_en(&fresh),
        Some("all 1 training records within 12 months")
    );
}

/// Every text a built-in criterion's check writes on its own examples, with the line
/// checked (`products[i]`, or none).
fn builtin_example_texts() -> Vec<(String, Text)> {
    let (lib, _) = crate::standard::load::load_library(Vec::new());
    let mut out = Vec::new();
    for s in &lib.standards {
        for r in &s.rules {
            let Some(ex) = &r.examples else { continue };
            let docs = [
                Some(&ex.pass),
                Some(&ex.fail),
                ex.not_applicable.as_ref(),
                ex.cannot_tell.as_ref(),
            ];
            for doc in docs.into_iter().flatten() {
                let ctx = Context {
                    root: doc,
                    as_of: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                };
                let mut outcomes = vec![evaluate(&r.check, &ctx)];
                for (i, line) in doc
                    .get("products")
                    .map(Node::items)
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                {
                    outcomes.push(evaluate_on_line(
                        &r.check,
                        &ctx,
                        line,
                        &format!("products[{i}]"),
                    ));
                }
                for o in outcomes {
                    out.push((r.id.clone(), o.expected));
                    out.extend(o.found.map(|f| (r.id.clone(), f)));
                }
            }
        }
    }
    out
}

#[test]
fn no_builtin_criterion_writes_a_field_path_into_expected_or_found() {
    let texts = builtin_example_texts();
    assert!(texts.len() > 500, "{}", texts.len());
    let leaks: Vec<_> = texts
        .iter()
        .filter(|(_, t)| labels::looks_like_path(&t.zh) || labels::looks_like_path(&t.en))
        .collect();
    assert!(leaks.is_empty(), "{leaks:#?}");
    let untranslated: Vec<_> = texts
        .iter()
        .filter(|(_, t)| t.zh.contains(" stated") || t.zh.contains(" of at least"))
        .collect();
    assert!(untranslated.is_empty(), "{untranslated:#?}");
}
