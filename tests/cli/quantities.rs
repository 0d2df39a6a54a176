//! Commitments compared by meaning: the figures of one commitment in different media are
//! read with their units (`1年` is 12 months, `48小时` is 2 days), numbers that are not
//! quantities (`400 热线`) are no figures, and a medium that promises less is named.

use crate::support::{aftercert, fixture, root};
use serde_json::Value as J;
use std::path::PathBuf;

/// The small fixture with its one commitment replaced by `commitment` (a flow mapping).
fn document_with(commitment: &str) -> String {
    let base = std::fs::read_to_string(root().join(fixture("startup-organization-stage.yaml")))
        .expect("fixture");
    let old =
        "    - id: install\n      topic: 安装时效\n      sales_contract: 购买后3日内上门安装\n";
    assert!(base.contains(old), "the fixture's commitment moved");
    base.replace(old, &format!("    - {commitment}\n"))
}

/// What one `check --format json` run over a temporary document gave.
struct Run {
    doc: J,
    code: Option<i32>,
}

impl Run {
    fn finding(&self, id: &str) -> &J {
        let findings = self.doc["findings"].as_array().expect("findings");
        findings
            .iter()
            .find(|f| f["criterion"] == id)
            .unwrap_or_else(|| panic!("no finding {id}"))
    }

    /// Returns true if and only if the inconsistency deduction fired.
    fn deducted(&self) -> bool {
        let sds = self.doc["special_deductions"]
            .as_array()
            .expect("deductions");
        sds.iter().any(|f| {
            f["criterion"] == "gbt27922.sd-commitments-inconsistent" && f["status"] != "met"
        })
    }

    fn consistent(&self) -> bool {
        // A clash names the commitment in quotes: “warranty”.
        let f = self.finding("gbt27922.commitments-consistent");
        !f["found"].as_str().unwrap_or_default().contains('“')
    }

    fn expected(&self) -> String {
        let f = self.finding("gbt27922.commitments-consistent");
        f["expected"].as_str().unwrap_or_default().to_string()
    }
}

/// Runs `check` on a temporary copy carrying `commitment`, in `lang`, and checks that the
/// document is byte-identical afterwards.
fn run(commitment: &str, lang: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("company.yaml");
    let text = document_with(commitment);
    std::fs::write(&path, &text).unwrap();
    let out = aftercert()
        .args([
            "check",
            "--format",
            "json",
            "--as-of",
            "2026-11-23",
            "--lang",
            lang,
        ])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        text.as_bytes(),
        "input changed"
    );
    let json: J = crate::support::report_json(&out.stdout);
    Run {
        doc: json["documents"][0].clone(),
        code: out.status.code(),
    }
}

#[test]
fn one_year_against_six_months_across_two_media_is_flagged() {
    let c = "{id: warranty, advert: 整机保修1年, warranty_card: 整机保修6个月}";
    let en = run(c, "en");
    assert!(!en.consistent());
    assert!(en.deducted(), "different figures are a special deduction");
    assert_eq!(en.code, Some(1), "the fixture stays below its gate");
    assert!(
        en.expected()
            .contains("warranty card promises less than advert: 6 months against 1 year"),
        "{}",
        en.expected()
    );
    let zh = run(c, "zh");
    assert!(
        zh.expected().contains("保修卡承诺的少于广告：6个月 对 1年"),
        "{}",
        zh.expected()
    );
    let f = en.finding("gbt27922.commitments-consistent");
    assert_eq!(
        f["found"],
        "commitment “warranty”: the advert says 1年, the warranty card says 6个月"
    );
}

#[test]
fn hotline_400_against_800_is_not_read_as_hours() {
    for c in [
        "{id: hotline, advert: 400 热线, website: 800 热线}",
        "{id: hotline, advert: call our 400 hotline, website: call our 800 hotline}",
        "{id: hotline, advert: 热线400-820-6688, website: 热线 800-820-6688}",
    ] {
        let r = run(c, "en");
        assert!(r.consistent(), "{c}: {}", r.expected());
        assert!(!r.deducted(), "{c}: a hotline number fired the deduction");
    }
}

#[test]
fn forty_eight_hours_against_two_days_is_consistent() {
    let r = run(
        "{id: onsite, advert: 48小时内上门, website: 2天内上门}",
        "en",
    );
    assert!(r.consistent(), "{}", r.expected());
    assert!(!r.deducted());
}

#[test]
fn twenty_four_h_against_twenty_four_hours_in_chinese_is_consistent() {
    let r = run(
        "{id: onsite, advert: on-site within 24 h, warranty_card: 24小时内上门}",
        "zh",
    );
    assert!(r.consistent(), "{}", r.expected());
    assert!(!r.deducted());
}

#[test]
fn three_working_days_against_three_days_is_flagged_with_the_conversion() {
    let c = "{id: parts, website: 3个工作日内寄出配件, sales_contract: 3天内寄出配件}";
    let en = run(c, "en");
    assert!(!en.consistent());
    assert!(en.deducted());
    let e = en.expected();
    assert!(e.contains("website promises less than sales contract: 3 working days against 3 days (a longer time limit)"), "{e}");
    assert!(
        e.contains("converted at 5 working days = 7 calendar days"),
        "{e}"
    );
    let zh = run(c, "zh").expected();
    assert!(zh.contains("按 5 个工作日 = 7 个自然日换算"), "{zh}");
}

#[test]
fn english_wordings_that_promise_less_are_flagged_in_both_languages() {
    let c = "{id: warranty, advert: 2-year warranty on the whole unit, website: 'Warranty: 1 year', brochure: 24 months warranty}";
    let en = run(c, "en");
    assert!(!en.consistent());
    assert!(
        en.expected().contains(
            "website promises less than advert: 1 year against 2 years (a shorter period)"
        ),
        "{}",
        en.expected()
    );
    let zh = run(c, "zh");
    assert!(
        zh.expected()
            .contains("网站承诺的少于广告：1年 对 2年（期限更短）"),
        "{}",
        zh.expected()
    );
    let same = run(
        "{id: warranty, advert: 2-year warranty, brochure: 24 months warranty, website: 保修两年}",
        "en",
    );
    assert!(same.consistent(), "{}", same.expected());
}
