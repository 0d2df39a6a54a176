//! Five realistic companies written in format version 2 (issue 10), each with the legal
//! findings a lawyer would expect: which consumer-law criteria bind it and why, which
//! are gaps, its GB/T 27922 level, and no special deduction a lawyer would strike out.
//!
//! Assertions are on stable ids (criterion ids, statuses, rating ids) and on short,
//! meaning-bearing fragments of the English reason, never on whole texts. Legal criteria
//! are recognised by what they cite, not by a list of ids, so that a criterion added to
//! `cn-consumer-law` is held to the same expectation as the ones there today:
//! - a 三包 criterion cites a `…修理更换退货责任规定` other than the household-car one;
//! - a household-car criterion cites `家用汽车…`;
//! - an Art. 25 criterion cites CRPL 第二十五条; an Art. 24 criterion CRPL 第二十四条.

use crate::support::{aftercert, fixture, root};
use serde_json::Value;

/// The audit command of the issue, in English so that reasons can be matched.
fn audit(name: &str) -> (Value, i32) {
    let path = root().join(fixture(name));
    let before = std::fs::read(&path).expect("fixture readable");
    let out = aftercert()
        .args([
            "check",
            "--format",
            "json",
            "--as-of",
            "2026-11-23",
            "--lang",
            "en",
            "--standard",
            "gbt27922",
            "--standard",
            "cn-consumer-law",
        ])
        .arg(fixture(name))
        .output()
        .expect("runs");
    assert_eq!(
        std::fs::read(&path).expect("fixture readable"),
        before,
        "{name} changed by check"
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{name}: stdout is not JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert_eq!(json["errors"].as_array().map(Vec::len), Some(0), "{name}: {json:#}");
    (json, out.status.code().unwrap_or(-1))
}

/// The report of one standard for the only document.
fn report<'a>(json: &'a Value, standard: &str) -> &'a Value {
    json["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .find(|d| d["standard"]["id"] == standard)
        .unwrap_or_else(|| panic!("no {standard} report"))
}

fn findings(doc: &Value) -> &Vec<Value> {
    doc["findings"].as_array().expect("findings")
}

fn id(f: &Value) -> &str {
    f["criterion"].as_str().expect("criterion id")
}

fn status(f: &Value) -> &str {
    f["status"].as_str().expect("status")
}

fn cites(f: &Value, fragment: &str) -> bool {
    f["cites"].as_array().is_some_and(|cs| {
        cs.iter().any(|c| {
            let text = format!("{} {}", c["standard"], c["clause"]);
            text.contains(fragment)
        })
    })
}

/// What a legal criterion is about, from what it cites.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Sanbao,
    Car,
    Art25,
    Art24,
    Other,
}

fn kind(f: &Value) -> Kind {
    if cites(f, "家用汽车") {
        Kind::Car
    } else if cites(f, "修理更换退货责任规定") {
        Kind::Sanbao
    } else if cites(f, "第二十五条") {
        Kind::Art25
    } else if cites(f, "第二十四条") {
        Kind::Art24
    } else {
        Kind::Other
    }
}

/// `applies`, `does-not-apply` or `cannot-tell`, as the report gives it.
fn binding(f: &Value) -> &str {
    f["applicability"]["status"]
        .as_str()
        .unwrap_or_else(|| panic!("{} has no applicability: {f:#}", id(f)))
}

/// The reason, in English (a plain string, or the `en` of a zh/en pair).
fn reason(f: &Value) -> String {
    let r = &f["applicability"]["reason"];
    r.as_str()
        .or_else(|| r["en"].as_str())
        .unwrap_or_else(|| panic!("{} has no applicability reason: {f:#}", id(f)))
        .to_string()
}

/// Findings that are gaps: required (not advisory) and not met.
fn gaps(doc: &Value) -> Vec<String> {
    findings(doc)
        .iter()
        .filter(|f| matches!(status(f), "missing" | "partial"))
        .filter(|f| f["advisory"] != true)
        .map(|f| id(f).to_string())
        .collect()
}

/// Findings whose scope the document did not let the checker decide.
fn cannot_tell(doc: &Value) -> Vec<String> {
    findings(doc)
        .iter()
        .filter(|f| status(f) == "undetermined" || f["applicability"]["status"] == "cannot-tell")
        .map(|f| id(f).to_string())
        .collect()
}

/// Special deductions that fired.
fn deductions(doc: &Value) -> Vec<String> {
    doc["special_deductions"]
        .as_array()
        .expect("special_deductions")
        .iter()
        .filter(|d| d["status"] != "met" && d["status"] != "not-applicable")
        .map(|d| d["criterion"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Every legal finding of one kind.
fn of_kind(doc: &Value, k: Kind) -> Vec<&Value> {
    findings(doc).iter().filter(|f| kind(f) == k).collect()
}

/// Every finding of `kind` does not apply, for a reason containing `why`.
fn none_apply(doc: &Value, k: Kind, why: &str) {
    let fs = of_kind(doc, k);
    assert!(!fs.is_empty(), "no {k:?} criterion in the report");
    for f in fs {
        assert_eq!(status(f), "not-applicable", "{} should not apply", id(f));
        assert_eq!(binding(f), "does-not-apply", "{}", id(f));
        assert!(
            reason(f).contains(why),
            "{}: reason should say {why:?}, says {:?}",
            id(f),
            reason(f)
        );
    }
}

/// Every finding of `kind` applies (for a reason containing `why`) and is met.
fn all_apply_and_met(doc: &Value, k: Kind, why: &str) {
    let fs = of_kind(doc, k);
    assert!(!fs.is_empty(), "no {k:?} criterion in the report");
    for f in fs {
        assert_eq!(binding(f), "applies", "{} should apply: {f:#}", id(f));
        assert!(
            reason(f).contains(why),
            "{}: reason should say {why:?}, says {:?}",
            id(f),
            reason(f)
        );
        assert_eq!(status(f), "met", "{}: {}", id(f), f["message"]);
    }
}

fn rating(doc: &Value) -> &str {
    doc["rating"]["id"].as_str().expect("rating id")
}

/// What every company here shares: valid, no legal gap, nothing undetermined, no
/// special deduction in GB/T 27922, the expected level; returns both reports.
fn audit_clean(name: &str, level: &str) -> (Value, i32) {
    let (json, code) = audit(name);
    let law = report(&json, "cn-consumer-law");
    assert_eq!(gaps(law), Vec::<String>::new(), "{name}: legal gaps");
    assert_eq!(cannot_tell(law), Vec::<String>::new(), "{name}: cannot tell");
    let gbt = report(&json, "gbt27922");
    assert_eq!(deductions(gbt), Vec::<String>::new(), "{name}: special deductions");
    assert_eq!(rating(gbt), level, "{name}: score {}", gbt["score"]);
    (json, code)
}

const FIXTURES: [&str; 5] = [
    "custom-furniture.yaml",
    "office-printers-b2b.yaml",
    "phone-brand.yaml",
    "car-dealer-group.yaml",
    "repair-service.yaml",
];

#[test]
fn the_five_companies_validate_as_version_2() {
    for name in FIXTURES {
        let text = std::fs::read_to_string(root().join(fixture(name))).unwrap();
        assert!(text.contains("\naftercert: 2\n"), "{name} is not version 2");
        let out = aftercert()
            .args(["validate", &fixture(name)])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{name} warns");
    }
}

#[test]
#[ignore = "needs cn-consumer-law scoped per product line, with applicability in the JSON report"]
fn custom_furniture_is_outside_sanbao_and_exempt_from_no_reason_return() {
    let (json, _) = audit_clean("custom-furniture.yaml", "three-star");
    let law = report(&json, "cn-consumer-law");
    none_apply(law, Kind::Sanbao, "furniture is not in the 三包 catalogue");
    none_apply(law, Kind::Art25, "made to order");
    none_apply(law, Kind::Car, "furniture");
    all_apply_and_met(law, Kind::Art24, "sold to consumers");
    // The recommended furniture standard is advice: whatever it finds is advisory.
    for f in findings(law) {
        if f["message"].as_str().unwrap_or_default().contains("家具售后服务要求")
            || cites(f, "家具售后服务要求")
        {
            assert_eq!(f["advisory"], true, "{} must be advisory", id(f));
            assert_ne!(f["severity"], "blocking", "{}", id(f));
        }
    }
}

#[test]
#[ignore = "needs cn-consumer-law scoped per product line, with applicability in the JSON report"]
fn office_printers_sold_to_businesses_are_outside_consumer_law() {
    let (json, _) = audit_clean("office-printers-b2b.yaml", "four-star");
    let law = report(&json, "cn-consumer-law");
    for f in findings(law) {
        assert_eq!(status(f), "not-applicable", "{} should not apply", id(f));
        assert_eq!(binding(f), "does-not-apply", "{}", id(f));
    }
    none_apply(law, Kind::Art25, "businesses only");
    none_apply(law, Kind::Art24, "businesses only");
    // Both are true of an office copier sold to a company; either is a lawyer's reason.
    for f in of_kind(law, Kind::Sanbao) {
        let why = reason(f);
        assert!(
            why.contains("businesses only") || why.contains("not in the 三包 catalogue"),
            "{}: {why:?}",
            id(f)
        );
    }
}

#[test]
#[ignore = "needs cn-consumer-law scoped per product line, with applicability in the JSON report"]
fn a_phone_sold_to_consumers_is_bound_by_the_2001_phone_rules() {
    let (json, _) = audit_clean("phone-brand.yaml", "five-star");
    let law = report(&json, "cn-consumer-law");
    all_apply_and_met(law, Kind::Sanbao, "mobile phone");
    all_apply_and_met(law, Kind::Art25, "sold at a distance");
    all_apply_and_met(law, Kind::Art24, "sold to consumers");
    none_apply(law, Kind::Car, "mobile phone");
    // A whole-unit period equal to the statutory year earns no bonus.
    let gbt = report(&json, "gbt27922");
    let bonus = bonus(gbt, "gbt27922.bonus-warranty-above-statutory");
    assert_ne!(bonus["status"], "met", "{bonus:#}");
}

#[test]
#[ignore = "needs cn-consumer-law scoped per product line, with applicability in the JSON report"]
fn the_car_dealer_is_checked_against_the_2021_rules_and_gets_no_bonus_at_the_minimum() {
    let (json, _) = audit_clean("car-dealer-group.yaml", "three-star");
    let law = report(&json, "cn-consumer-law");
    let car = of_kind(law, Kind::Car);
    // Both figures of SAMR Order 43 Art. 18 are checked: 包修期 and 三包有效期.
    assert!(car.len() >= 2, "包修期 and 三包有效期: {car:#?}");
    for f in &car {
        assert!(
            cites(f, "2021") || cites(f, "43"),
            "{} must cite SAMR Order 43 (2021), cites {}",
            id(f),
            f["cites"]
        );
        assert!(!cites(f, "150") && !cites(f, "2013"), "{} cites the repealed order", id(f));
    }
    all_apply_and_met(law, Kind::Car, "household car");
    none_apply(law, Kind::Sanbao, "household car has its own rules");
    none_apply(law, Kind::Art25, "not sold at a distance");
    all_apply_and_met(law, Kind::Art24, "sold to consumers");
    let gbt = report(&json, "gbt27922");
    let bonus = bonus(gbt, "gbt27922.bonus-warranty-above-statutory");
    assert_ne!(bonus["status"], "met", "exactly 3 years is not above statutory: {bonus:#}");
}

#[test]
#[ignore = "needs cn-consumer-law scoped per product line, with applicability in the JSON report"]
fn a_repair_only_service_company_owes_no_sanbao() {
    let (json, _) = audit_clean("repair-service.yaml", "compliant");
    let law = report(&json, "cn-consumer-law");
    none_apply(law, Kind::Sanbao, "no goods sold");
    none_apply(law, Kind::Car, "no goods sold");
    // Art. 25 is about goods sold at a distance; booking a repair online is not one.
    for f in of_kind(law, Kind::Art25) {
        assert_eq!(status(f), "not-applicable", "{}: {}", id(f), f["message"]);
        assert_eq!(binding(f), "does-not-apply", "{}", id(f));
    }
    // Art. 24 covers 商品或者服务: the household line is bound, and the company pays.
    all_apply_and_met(law, Kind::Art24, "sold to consumers");
}

fn bonus<'a>(doc: &'a Value, criterion: &str) -> &'a Value {
    doc["bonus"]
        .as_array()
        .and_then(|b| b.iter().find(|f| f["criterion"] == criterion))
        .or_else(|| findings(doc).iter().find(|f| f["criterion"] == criterion))
        .unwrap_or_else(|| panic!("no {criterion}"))
}
