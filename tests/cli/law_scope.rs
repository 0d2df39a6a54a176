//! Consumer law applied only where it applies: the scope of legal criteria, through the
//! real binary. Scope cases on product lines run as `standards test` examples of a user's
//! standard that reuses the built-in legal criteria; version-1 documents run through
//! `check`, and version-2 documents with product lines through `check` too.

use crate::support::{aftercert, check_json, fixture};
use std::path::Path;

/// A user's standard reusing the built-in legal criteria, with one example per case.
const CASES: &str = r#"aftercert_standard: 1
id: lawcases
version: "1"
title: {zh: 法律适用案例, en: Law scope cases}
source: tests/cli/law_scope.rs
ratings:
  - {id: fail, label: {zh: 不合规, en: Fail}, min: 0}
  - {id: ok, label: {zh: 合规, en: OK}, min: 100}
pass: ok
evidence:
  - {id: E17, title: {zh: 三包凭证, en: Warranty cards}}
  - {id: E22, title: {zh: 销售合同, en: Sales contracts}}
sections:
  - id: law
    title: {zh: 法律, en: Law}
    weight: 100
    indicators:
      - id: cases
        title: {zh: 案例, en: Cases}
        criteria:
          - id: lawcases.made-to-order-distance-seller
            same_as: cn-consumer-law.art25-no-reason-return
            examples:
              pass: {company: {sales_channels: [online]}, products: [{id: shop, category: other, buyers: [consumers]}], policies: {warranty: {no_reason_return_days: 7}}}
              fail: {company: {sales_channels: [online]}, products: [{id: shop, category: other, buyers: [consumers]}], policies: {warranty: {no_reason_return_days: 0}}}
              not_applicable: {company: {sales_channels: [online]}, products: [{id: wardrobe, category: furniture, buyers: [consumers], made_to_order: true}], policies: {warranty: {no_reason_return_days: 0}}}
              cannot_tell: {company: {sales_channels: [online]}, policies: {warranty: {no_reason_return_days: 0}}}
          - id: lawcases.furniture-is-not-sanbao
            same_as: cn-consumer-law.sanbao-return-7
            examples:
              pass: {products: [{id: fridge, category: refrigerator, buyers: [consumers]}], policies: {warranty: {return_days: 7}}}
              fail: {products: [{id: fridge, category: refrigerator, buyers: [consumers]}], policies: {warranty: {return_days: 0}}}
              not_applicable: {products: [{id: wardrobe, category: furniture, buyers: [consumers], made_to_order: true}], policies: {warranty: {return_days: 0}}}
              cannot_tell: {policies: {warranty: {return_days: 0}}}
          - id: lawcases.business-printer-is-not-sanbao
            same_as: cn-consumer-law.sanbao-exchange-15
            examples:
              pass: {products: [{id: pc, category: computer, buyers: [consumers]}], policies: {warranty: {exchange_days: 15}}}
              fail: {products: [{id: pc, category: computer, buyers: [consumers]}], policies: {warranty: {exchange_days: 3}}}
              not_applicable: {products: [{id: mfp, category: other, buyers: [businesses]}, {id: laser, category: computer, buyers: [businesses]}], policies: {warranty: {exchange_days: 3}}}
              cannot_tell: {products: [{id: mfp, category: computer}], policies: {warranty: {exchange_days: 3}}}
          - id: lawcases.service-company-is-not-sanbao
            same_as: cn-consumer-law.sanbao-two-repairs
            examples:
              pass: {products: [{id: tv, category: color-tv, buyers: [consumers]}], policies: {warranty: {failed_repairs_before_replacement: 2}}}
              fail: {products: [{id: tv, category: color-tv, buyers: [consumers]}], policies: {warranty: {failed_repairs_before_replacement: 4}}}
              not_applicable: {products: [{id: repair, category: service-only, buyers: [consumers, businesses]}], policies: {warranty: {failed_repairs_before_replacement: 4}}}
              cannot_tell: {policies: {warranty: {failed_repairs_before_replacement: 4}}}
          - id: lawcases.consumer-refrigerator-is-sanbao
            same_as: cn-consumer-law.sanbao-repair-30
            examples:
              pass: {products: [{id: fridge, category: refrigerator, buyers: [consumers], terms: {repair_limit: 30 days}}]}
              fail: {products: [{id: fridge, category: refrigerator, buyers: [consumers], terms: {repair_limit: 31 days}}]}
              not_applicable: {products: [{id: fridge, category: refrigerator, buyers: [businesses], terms: {repair_limit: 60 days}}]}
              cannot_tell: {products: [{id: fridge, buyers: [consumers], terms: {repair_limit: 60 days}}]}
          - id: lawcases.car-per-2021-rules
            same_as: cn-consumer-law.car-warranty
            examples:
              pass: {products: [{id: sedan, category: household-car, buyers: [consumers], terms: {warranty: 36 months, usage_cap: 60000 km}}]}
              fail: {products: [{id: sedan, category: household-car, buyers: [consumers], terms: {warranty: 3 years, usage_cap: 50000 km}}]}
              not_applicable: {products: [{id: sedan, category: household-car, buyers: [businesses], terms: {warranty: 1 year}}]}
              cannot_tell: {company: {industry: automotive}, products: [{id: sedan, category: household-car, terms: {warranty: 1 year}}]}
bonus:
  - id: lawcases.no-bonus-at-exactly-3-years
    same_as: gbt27922.bonus-warranty-above-statutory
    counts_with: [lawcases.car-per-2021-rules]
    basis: {zh: 加分奖励高于法定最低的包修期，评价项只要求达到法定最低。, en: The bonus rewards a warranty above the statutory minimum; the criterion asks only for the minimum.}
    examples:
      pass: {products: [{id: sedan, category: household-car, buyers: [consumers], terms: {warranty: 4 years}}]}
      fail: {products: [{id: sedan, category: household-car, buyers: [consumers], terms: {warranty: 3 years}}, {id: fridge, category: refrigerator, buyers: [consumers], terms: {warranty: 2 years}}]}
      not_applicable: {products: [{id: sofa, category: furniture, buyers: [consumers], terms: {warranty: 10 years}}]}
      cannot_tell: {policies: {warranty: {free_repair_months: 36}}}
"#;

fn write_standard(dir: &Path, text: &str) -> String {
    let path = dir.join("lawcases.yaml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn standards_test(path: &str) -> (i32, String, String) {
    let out = aftercert()
        .args(["standards", "test", "--lang", "en", path])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn furniture_business_printers_and_services_are_outside_sanbao_and_cars_follow_2021() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_standard(dir.path(), CASES);
    let before = std::fs::read(&path).unwrap();
    let (code, out, err) = standards_test(&path);
    assert_eq!(code, 0, "{out}\n{err}");
    for case in [
        "made-to-order-distance-seller",
        "furniture-is-not-sanbao",
        "business-printer-is-not-sanbao",
        "service-company-is-not-sanbao",
        "consumer-refrigerator-is-sanbao",
        "car-per-2021-rules",
        "no-bonus-at-exactly-3-years",
    ] {
        for which in ["pass", "fail", "not_applicable", "cannot_tell"] {
            let line = format!("ok   lawcases.{case}/{which}");
            assert!(out.contains(&line), "{line} missing in\n{out}");
        }
    }
    assert!(out.contains("examples: 28 passed, 0 failed"), "{out}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_not_applicable_example_that_applies_fails_the_standards_test() {
    let dir = tempfile::tempdir().unwrap();
    let wrong = CASES.replace(
        "not_applicable: {products: [{id: wardrobe, category: furniture, buyers: [consumers], made_to_order: true}], policies: {warranty: {return_days: 0}}}",
        "not_applicable: {products: [{id: fridge, category: refrigerator, buyers: [consumers]}], policies: {warranty: {return_days: 0}}}",
    );
    assert_ne!(wrong, CASES);
    let path = write_standard(dir.path(), &wrong);
    let (code, out, err) = standards_test(&path);
    assert_ne!(code, 0);
    assert!(
        out.contains("FAIL lawcases.furniture-is-not-sanbao/not_applicable"),
        "{out}"
    );
    assert!(
        err.contains("not-applicable") && err.contains("missing"),
        "{err}"
    );
}

#[test]
fn an_unknown_category_in_a_scope_is_reported_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = CASES.replace(
        "            same_as: cn-consumer-law.sanbao-repair-30\n",
        "            same_as: cn-consumer-law.sanbao-repair-30\n            scope: {categories: [refridgerator]}\n",
    );
    assert_ne!(bad, CASES);
    let path = write_standard(dir.path(), &bad);
    let before = std::fs::read(&path).unwrap();
    let out = aftercert()
        .args(["standards", "lint", "--lang", "en", &path])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("lawcases.yaml:"), "{err}");
    assert!(
        err.contains("unknown `refridgerator`") && err.contains("did you mean `refrigerator`"),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

/// A version-1 document that states no category or buyers, with every legal term below
/// the minimum.
fn v1_breaching_everything(dir: &Path) -> String {
    let text = std::fs::read_to_string(fixture("online-retailer.yaml")).unwrap();
    let text = text
        .replace("return_days: 7", "return_days: 3")
        .replace("no_reason_return_days: 5", "no_reason_return_days: 2");
    assert!(text.contains("return_days: 3"));
    let path = dir.join("v1.yaml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn a_version_1_document_without_category_gets_cannot_tell_not_breaches_or_deductions() {
    let dir = tempfile::tempdir().unwrap();
    let path = v1_breaching_everything(dir.path());
    let before = std::fs::read(&path).unwrap();
    let (json, code) = check_json(&["--standard", "gbt27922", "--lang", "en", &path]);
    assert!(code == 0 || code == 1, "{code}");
    let doc = &json["documents"][0];
    let legal = |f: &serde_json::Value| {
        let id = f["criterion"].as_str().unwrap();
        id.contains("sanbao") || id.contains("no-reason") || id.contains("refund-7")
    };
    let findings = doc["findings"].as_array().unwrap();
    let legal_findings: Vec<&serde_json::Value> = findings.iter().filter(|f| legal(f)).collect();
    assert!(legal_findings.len() >= 8, "{legal_findings:?}");
    for f in &legal_findings {
        assert_eq!(f["status"], "undetermined", "{f}");
        assert_eq!(f["applicability"]["status"], "cannot-tell", "{f}");
        assert!(
            f["applicability"]["reason"]
                .as_str()
                .unwrap()
                .starts_with("cannot tell whether this applies to line `all` — state"),
            "{f}"
        );
    }
    let sds = doc["special_deductions"].as_array().unwrap();
    assert!(!sds.iter().any(legal), "{sds:?}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn the_reason_is_shown_in_markdown_and_html_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let path = v1_breaching_everything(dir.path());
    let before = std::fs::read(&path).unwrap();
    let report = |lang: &str, format: &str| {
        let out = aftercert()
            .args([
                "check",
                "--edition",
                "technical",
                "--as-of",
                "2026-11-23",
                "--standard",
                "gbt27922",
            ])
            .args(["--lang", lang, "--format", format, &path])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let en = report("en", "markdown");
    assert!(
        en.contains("Legal rules whose application cannot be told"),
        "{en}"
    );
    assert!(
        en.contains("state the product category and the buyers"),
        "{en}"
    );
    let zh = report("zh", "markdown");
    assert!(zh.contains("无法判断是否适用的法定要求"), "{zh}");
    assert!(
        zh.contains("请写明产品类别（category）、购买者（buyers）"),
        "{zh}"
    );
    let html = report("en", "html");
    assert!(
        html.contains("cannot tell whether this applies to line"),
        "{html}"
    );
    let html = report("zh", "html");
    assert!(html.contains("无法判断本项是否适用于产品线"), "{html}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

/// A version-2 document: the online retailer with product lines added.
fn v2(dir: &Path, products: &str) -> String {
    let text = std::fs::read_to_string(fixture("online-retailer.yaml"))
        .unwrap()
        .replace("aftercert: 1", "aftercert: 2");
    let path = dir.join("v2.yaml");
    std::fs::write(&path, format!("{text}\nproducts:\n{products}")).unwrap();
    path.to_str().unwrap().to_string()
}

fn finding<'a>(json: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    let doc = &json["documents"][0];
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .chain(doc["bonus"].as_array().unwrap())
        .find(|f| f["criterion"] == id)
        .unwrap_or_else(|| panic!("no finding {id}"))
}

#[test]
fn a_made_to_order_furniture_maker_gets_no_sanbao_finding_and_is_not_in_breach_of_art_25() {
    let dir = tempfile::tempdir().unwrap();
    let path = v2(
        dir.path(),
        "  - {id: wardrobe, category: furniture, buyers: [consumers], made_to_order: true}\n",
    );
    let (json, _) = check_json(&["--standard", "gbt27922", "--lang", "en", &path]);
    let f = finding(&json, "gbt27922.sanbao-return-7");
    assert_eq!(f["status"], "not-applicable");
    assert!(
        f["applicability"]["reason"]
            .as_str()
            .unwrap()
            .contains("furniture is not in the 三包 catalogue")
    );
    let f = finding(&json, "gbt27922.sd-no-reason-return");
    assert_eq!(f["status"], "not-applicable");
    assert!(
        f["applicability"]["reason"]
            .as_str()
            .unwrap()
            .contains("made to order: exempt from no-reason return")
    );
}

#[test]
fn business_only_printers_and_a_service_company_get_no_sanbao_finding() {
    let dir = tempfile::tempdir().unwrap();
    for (line, reason) in [
        (
            "  - {id: mfp, category: other, buyers: [businesses]}\n",
            "sold to businesses only",
        ),
        (
            "  - {id: repair, category: service-only, buyers: [consumers, businesses]}\n",
            "is not in the 三包 catalogue",
        ),
    ] {
        let path = v2(dir.path(), line);
        let (json, _) = check_json(&["--standard", "gbt27922", "--lang", "en", &path]);
        for id in ["gbt27922.sanbao-return-7", "gbt27922.sd-sanbao-exchange-15"] {
            let f = finding(&json, id);
            assert_eq!(f["status"], "not-applicable", "{id} {line}");
            assert!(
                f["applicability"]["reason"]
                    .as_str()
                    .unwrap()
                    .contains(reason)
            );
        }
        // Consumer law binds none of its lines: nothing is missing, the gate passes.
        let (law, code) = check_json(&["--standard", "cn-consumer-law", &path]);
        assert_eq!(code, 0, "{line}");
        assert_eq!(law["documents"][0]["rating"]["id"], "compliant", "{line}");
    }
}

#[test]
fn a_consumer_refrigerator_line_is_bound_by_sanbao_and_a_car_line_by_2021() {
    let dir = tempfile::tempdir().unwrap();
    let path = v2(
        dir.path(),
        "  - {id: fridge, category: refrigerator, buyers: [consumers]}\n",
    );
    let (json, _) = check_json(&["--standard", "gbt27922", "--lang", "en", &path]);
    let f = finding(&json, "gbt27922.sanbao-return-7");
    assert_eq!(f["applicability"]["status"], "applies");
    let path = v2(
        dir.path(),
        "  - {id: sedan, category: household-car, buyers: [consumers], terms: {warranty: 3 years}}\n",
    );
    let (json, _) = check_json(&["--standard", "gbt27922", "--lang", "en", &path]);
    assert_eq!(
        finding(&json, "gbt27922.bonus-warranty-above-statutory")["status"],
        "missing"
    );
    let (law, _) = check_json(&["--standard", "cn-consumer-law", "--lang", "en", &path]);
    let f = finding(&law, "cn-consumer-law.car-warranty");
    assert_eq!(f["status"], "met");
    assert!(f["expected"].as_str().unwrap().contains("Order 43"));
}

/// A car dealer's document with one household-car line and the given terms.
fn car(dir: &Path, terms: &str, policies: &str) -> String {
    let path = dir.join("car.yaml");
    std::fs::write(
        &path,
        format!(
            "aftercert: 2\ncompany:\n  name: 车行\n  sales_channels: [store]\nproducts:\n  - id: sedan\n    category: household-car\n    buyers: [consumers]\n    terms:\n      warranty: 3 years\n{terms}{policies}"
        ),
    )
    .unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn the_car_sanbao_period_is_read_from_the_line_not_only_from_policies_vehicle() {
    let dir = tempfile::tempdir().unwrap();
    let path = car(
        dir.path(),
        "      sanbao_period: 1 year\n      sanbao_usage_cap: 50000 km\n",
        "",
    );
    let before = std::fs::read(&path).unwrap();
    let (law, code) = check_json(&["--standard", "cn-consumer-law", "--lang", "en", &path]);
    assert_eq!(code, 1);
    let f = finding(&law, "cn-consumer-law.car-sanbao");
    assert_eq!(f["status"], "missing", "{f:#}");
    assert_eq!(f["location"]["line"], 11, "{f:#}");
    assert!(f["expected"].as_str().unwrap().contains("2 years"), "{f:#}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // The version-1 form is read into the same key, at its own position.
    let path = car(
        dir.path(),
        "",
        "policies:\n  warranty:\n    vehicle: {years: 1, km: 50000}\n",
    );
    let (law, _) = check_json(&["--standard", "cn-consumer-law", "--lang", "en", &path]);
    let f = finding(&law, "cn-consumer-law.car-sanbao");
    assert_eq!(f["status"], "missing", "{f:#}");
    assert_eq!(f["location"]["line"], 13, "{f:#}");
    let path = car(
        dir.path(),
        "      sanbao_period: 2 years\n      sanbao_usage_cap: 5万公里\n",
        "",
    );
    let (law, _) = check_json(&["--standard", "cn-consumer-law", "--lang", "en", &path]);
    assert_eq!(finding(&law, "cn-consumer-law.car-sanbao")["status"], "met");
}

#[test]
fn a_car_sanbao_period_without_a_unit_is_refused_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = car(dir.path(), "      sanbao_period: 2\n", "");
    let before = std::fs::read(&path).unwrap();
    let out = aftercert()
        .args(["validate", "--lang", "en", &path])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("car.yaml:11:22"), "{err}");
    assert!(err.contains("a number without a unit"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_category_of_the_law_table_is_a_category_of_the_format() {
    // The format once kept its own list, without 收录机 and 电子琴 of the 1995 catalogue.
    let dir = tempfile::tempdir().unwrap();
    let path = v2(
        dir.path(),
        "  - {id: radio, category: radio-cassette, buyers: [consumers]}\n",
    );
    let out = aftercert().args(["validate", &path]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (json, _) = check_json(&["--standard", "gbt27922", "--lang", "en", &path]);
    let f = finding(&json, "gbt27922.sanbao-return-7");
    assert_eq!(f["applicability"]["status"], "applies", "{f:#}");
}

#[test]
fn a_car_remedy_stated_as_a_company_default_is_the_lines_and_points_at_the_company_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = car(
        dir.path(),
        "",
        "policies:\n  warranty:\n    loan_car_after: 8 days\n    takes_back_nonconforming: true\n",
    );
    let before = std::fs::read(&path).unwrap();
    let (law, code) = check_json(&["--standard", "cn-consumer-law", "--lang", "en", &path]);
    assert_eq!(code, 1);
    let loan = finding(&law, "cn-consumer-law.car-loan-car");
    assert_eq!(loan["status"], "missing", "{loan:#}");
    assert_eq!(loan["location"]["line"], 13, "{loan:#}");
    assert!(
        loan["expected"].as_str().unwrap().contains("5 days"),
        "{loan:#}"
    );
    let art54 = finding(&law, "cn-consumer-law.art54-nonconforming-return");
    assert_eq!(art54["status"], "met", "{art54:#}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_car_remedy_in_a_version_1_document_is_a_version_2_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.yaml");
    std::fs::write(
        &path,
        "aftercert: 1\ncompany: {name: 车行}\npolicies:\n  warranty:\n    loan_car_after: 5 days\n",
    )
    .unwrap();
    let before = std::fs::read(&path).unwrap();
    let out = aftercert()
        .args(["validate", "--lang", "en"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("v1.yaml:5:5"), "{err}");
    assert!(err.contains("aftercert: 2"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}
