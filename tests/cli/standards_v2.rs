//! The built-in non-legal standards read a version-2 document where it states things:
//! outlet counts and declared coverage modes cover regions, a warranty stated per product
//! line is stated, and a KPI measured without a target is a gap in `service-kpis`, never
//! an error.

use crate::support::{aftercert, fixture, root};
use serde_json::Value;

/// `check --format json` on one file with one standard; the file must be left as it was.
fn audit(path: &std::path::Path, standard: &str) -> (Value, i32) {
    let before = std::fs::read(path).expect("readable");
    let out = aftercert()
        .args(["check", "--format", "json", "--as-of", "2026-11-23"])
        .args(["--lang", "en", "--standard", standard])
        .arg(path)
        .output()
        .expect("runs");
    assert_eq!(
        std::fs::read(path).expect("readable"),
        before,
        "input changed"
    );
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    (json, out.status.code().unwrap_or(-1))
}

fn finding<'a>(json: &'a Value, criterion: &str) -> &'a Value {
    json["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .flat_map(|d| d["findings"].as_array().expect("findings"))
        .find(|f| f["criterion"] == criterion)
        .unwrap_or_else(|| panic!("no finding for {criterion}"))
}

/// A copy of a fixture with some text replaced, in a temporary folder.
fn variant(name: &str, edits: &[(&str, &str)]) -> (tempfile::TempDir, std::path::PathBuf) {
    let mut text = std::fs::read_to_string(root().join(fixture(name))).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{name} no longer has {from:?}");
        text = text.replacen(from, to, 1);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

#[test]
fn a_region_served_only_by_mail_in_counts_when_the_document_counts_mail_in_as_coverage() {
    // 安徽省 has no outlet of its own once its outlet count is gone; the home-repair line's
    // mail-in mode (no regions: every sales region) covers it because coverage_modes says
    // so (on-site, which the business line offers there, no longer counts).
    let (_dir, path) = variant(
        "repair-service.yaml",
        &[
            ("    - {region: 安徽省, mode: entrusted, count: 3}\n", ""),
            (
                "  coverage_modes: [on_site, mail_in]\n",
                "  coverage_modes: [mail_in]\n",
            ),
        ],
    );
    let (json, code) = audit(&path, "gbt27922");
    assert_ne!(code, 2);
    let f = finding(&json, "gbt27922.outlets-cover-regions");
    assert_eq!(f["status"], "met", "{f:#}");
    let found = f["found"].as_str().unwrap_or_default();
    assert!(
        found.contains("1 covered otherwise: 安徽省 (mail-in)"),
        "{found}"
    );
}

#[test]
fn a_mode_the_document_does_not_count_as_coverage_covers_nothing() {
    // Mail-in and on-site are offered in 安徽省, but the document counts only carry-in.
    let (_dir, path) = variant(
        "repair-service.yaml",
        &[
            ("    - {region: 安徽省, mode: entrusted, count: 3}\n", ""),
            (
                "  coverage_modes: [on_site, mail_in]\n",
                "  coverage_modes: [carry_in]\n",
            ),
        ],
    );
    let (json, _) = audit(&path, "gbt27922");
    let f = finding(&json, "gbt27922.outlets-cover-regions");
    assert_eq!(f["status"], "partial", "{f:#}");
    assert!(
        f["found"]
            .as_str()
            .unwrap_or_default()
            .starts_with("1 of 4 sales regions have no outlet: 安徽省"),
        "{f:#}"
    );
}

#[test]
fn an_outlet_count_of_zero_covers_nothing() {
    let (_dir, path) = variant(
        "repair-service.yaml",
        &[
            (
                "    - {region: 安徽省, mode: entrusted, count: 3}\n",
                "    - {region: 安徽省, mode: entrusted, count: 0}\n",
            ),
            ("  coverage_modes: [on_site, mail_in]\n", ""),
        ],
    );
    let (json, _) = audit(&path, "gbt27922");
    let f = finding(&json, "gbt27922.outlets-cover-regions");
    assert_eq!(f["status"], "partial", "{f:#}");
}

#[test]
fn a_warranty_stated_for_only_some_product_lines_earns_a_share() {
    let (_dir, path) = variant(
        "office-printers-b2b.yaml",
        &[
            ("    terms:\n      warranty: 1 year\n", "    terms:\n"),
            ("  warranty:\n    warranty: 1 year\n", "  warranty:\n"),
        ],
    );
    let (json, _) = audit(&path, "gbt27922");
    let f = finding(&json, "gbt27922.warranty-terms-published");
    assert_eq!(f["status"], "partial", "{f:#}");
    let share = f["points"].as_f64().unwrap() / f["max_points"].as_f64().unwrap();
    // published, half of the lines state a warranty, the freight rule: (1 + 0.5 + 1) / 3.
    assert!((share - 2.5 / 3.0).abs() < 0.02, "{share}: {f:#}");
}

#[test]
fn a_kpi_measured_without_a_target_is_a_gap_in_service_kpis_not_an_error() {
    let path = root().join(fixture("office-printers-b2b.yaml"));
    let (json, code) = audit(&path, "service-kpis");
    assert_ne!(code, 2, "{json:#}");
    assert_eq!(json["errors"].as_array().map(Vec::len), Some(0), "{json:#}");
    // The missing target is one gap, in one criterion: 4 of the 5 KPIs have a target.
    let f = finding(&json, "service-kpis.targets-set");
    assert_eq!(f["status"], "partial", "{f:#}");
    assert!(
        f["expected"]
            .as_str()
            .unwrap_or_default()
            .contains("target"),
        "{f:#}"
    );
    // ... and not again where targets are met, nor as a missing measure.
    for c in [
        "service-kpis.targets-met",
        "service-kpis.perception-measured",
    ] {
        assert_eq!(finding(&json, c)["status"], "met", "{c}");
    }
}
