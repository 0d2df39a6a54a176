//! Format version 2: product lines, terms with units, service modes, outlet counts, the
//! version-1 documents that keep working, `migrate` and the bad input the format refuses.

use crate::support::{aftercert, fixture, root};
use std::path::{Path, PathBuf};

const V1_FIXTURES: &[&str] = &[
    "appliance-mature.yaml",
    "online-retailer.yaml",
    "startup-organization-stage.yaml",
    "injection.yaml",
];

/// A version-2 document using every new concept.
const V2: &str = "aftercert: 2
company:
  name: 示例电器有限公司
  sales_channels: [store, online]
  sales_regions: [上海市, 江苏省]
products:
  - id: fridge
    name: 双门冰箱
    category: refrigerator
    buyers: [consumers]
    made_to_order: false
    terms:
      warranty: 1 year
      warranty_starts: invoice
      components:
        - {part: 压缩机, warranty: 6 years}
        - {part: battery, warranty: 6 months, usage_cap: 50000 km}
      return_window: 7 days
      exchange_window: 15天
      repair_limit: 30 days
      failed_repairs_before_replacement: 2
      restart_after_exchange: true
      repaired_goods_guarantee: 90 days
      spare_parts_after_eol: 5 years
      exclusions: [人为损坏, 不可抗力]
      no_reason_return: 7 days
      refund_within: 7 days
      return_freight: {faulty: company, no_reason: customer, cap: 20 yuan}
      loan_unit: true
      statutory_where_better: true
    service_modes:
      - {mode: on_site, regions: [上海市], customer_class: standard, response: 2h, arrival: 24h, restore: 3 working days}
  - id: sofa
    category: furniture
    buyers: [consumers]
    made_to_order: true
    terms:
      warranty: 3年
      no_reason_return: {exempt: made_to_order, why: 按尺寸定制}
policies:
  warranty:
    return_days: 7
    warranty: 1 year
network:
  outlet_counts:
    - {region: 江苏省, mode: entrusted, count: 40}
  coverage_modes: [on_site, mail_in]
customers:
  kpis:
    - {id: csat, actual: 90}
";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs the binary; returns the exit code, stdout and stderr.
fn run(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let out = aftercert().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn validate(path: &Path) -> (i32, String) {
    let (code, _, err) = run(&["validate".as_ref(), path.as_os_str()]);
    (code, err)
}

/// The score and rating of one document, from `check --format json`.
fn score(path: &Path) -> (serde_json::Value, serde_json::Value) {
    let (code, out, err) = run(&[
        "check".as_ref(),
        "--as-of".as_ref(),
        "2026-11-23".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        path.as_os_str(),
    ]);
    assert!(matches!(code, 0 | 1), "{path:?}: {err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let doc = &json["documents"][0];
    (doc["score"].clone(), doc["rating"]["id"].clone())
}

#[test]
fn a_version_2_document_validates_and_audits() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "v2.yaml", V2);
    let (code, err) = validate(&path);
    assert_eq!(code, 0, "{err}");
    let (s, _) = score(&path);
    assert!(s.is_number(), "{s}");
}

#[test]
fn a_kpi_without_a_target_is_valid_in_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    for version in [1, 2] {
        let text = format!(
            "aftercert: {version}\ncompany: {{name: X}}\ncustomers:\n  kpis:\n    - {{id: csat, actual: 90}}\n"
        );
        let path = write(dir.path(), &format!("v{version}.yaml"), &text);
        let (code, err) = validate(&path);
        assert_eq!(code, 0, "version {version}: {err}");
    }
}

#[test]
fn every_version_1_fixture_still_validates() {
    for name in V1_FIXTURES {
        let (code, err) = validate(&root().join(fixture(name)));
        assert_eq!(code, 0, "{name}: {err}");
    }
}

#[test]
fn a_migrated_fixture_validates_and_scores_the_same() {
    let dir = tempfile::tempdir().unwrap();
    for name in V1_FIXTURES {
        let input = root().join(fixture(name));
        let before = std::fs::read(&input).unwrap();
        let (code, out, err) = run(&["migrate".as_ref(), input.as_os_str()]);
        assert_eq!(code, 0, "{name}: {err}");
        assert!(out.contains("aftercert: 2"), "{name}: {out}");
        let migrated = write(dir.path(), name, &out);
        assert_eq!(validate(&migrated).0, 0, "{name}");
        assert_eq!(score(&migrated), score(&input), "{name}");
        assert_eq!(std::fs::read(&input).unwrap(), before, "{name} changed");
    }
}

#[test]
fn migrate_keeps_comments_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "v1.yaml",
        "# ours\naftercert: 1   # version\ncompany:\n  name: X   # legal name\npolicies:\n  warranty:\n    return_days: 7\n",
    );
    let (code, out, err) = run(&["migrate".as_ref(), input.as_os_str()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("# ours\naftercert: 2   # version\n"),
        "{out}"
    );
    assert!(out.contains("  name: X   # legal name\n"), "{out}");
    assert!(out.contains("    return_days: 7\n"), "{out}");
    assert!(out.contains("# products:"), "{out}");
}

#[test]
fn migrate_writes_with_o_but_never_over_its_input_or_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = "aftercert: 1\ncompany:\n  name: X\n";
    let input = write(dir.path(), "v1.yaml", text);
    let (code, _, err) = run(&[
        "migrate".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        input.as_os_str(),
        "--force".as_ref(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("input"), "{err}");
    assert_eq!(std::fs::read_to_string(&input).unwrap(), text);

    let other = write(dir.path(), "mine.yaml", "mine\n");
    let (code, _, err) = run(&[
        "migrate".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        other.as_os_str(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "mine\n");

    let out = dir.path().join("v2.yaml");
    let (code, stdout, err) = run(&[
        "migrate".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("aftercert: 2")
    );
    assert_eq!(validate(&out).0, 0);
    assert_eq!(std::fs::read_to_string(&input).unwrap(), text);
}

#[test]
fn migrate_refuses_an_invalid_document_with_its_problems() {
    let dir = tempfile::tempdir().unwrap();
    let text = "aftercert: 1\ncompany:\n  nmae: X\n";
    let input = write(dir.path(), "bad.yaml", text);
    let (code, out, err) = run(&["migrate".as_ref(), input.as_os_str()]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("bad.yaml:3:3") && err.contains("did you mean `name`"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&input).unwrap(), text);
}

#[test]
fn init_writes_a_version_2_document_with_product_lines() {
    for profile in ["minimal", "full"] {
        for lang in ["en", "zh"] {
            let (code, out, err) = run(&[
                "init".as_ref(),
                "--profile".as_ref(),
                profile.as_ref(),
                "--lang".as_ref(),
                lang.as_ref(),
            ]);
            assert_eq!(code, 0, "{err}");
            assert!(out.contains("\naftercert: 2\n"), "{profile} {lang}");
            assert!(out.contains("\nproducts:\n"), "{profile} {lang}");
        }
    }
}

/// One bad document: exit 2, the code, the position, what was expected, and the input
/// left as it was.
fn refused(text: &str, code_id: &str, at: &str, says: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "doc.yaml", text);
    let (code, err) = validate(&path);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("error[{code_id}]")),
        "{code_id}: {err}"
    );
    assert!(err.contains(&format!("doc.yaml:{at}")), "{at}: {err}");
    for s in says {
        assert!(err.contains(s), "{s:?} not in {err}");
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

const HEAD: &str = "aftercert: 2\ncompany:\n  name: X\nproducts:\n  - id: a\n";

#[test]
fn a_misspelt_category_is_refused_with_the_catalogue_and_a_did_you_mean() {
    refused(
        &format!("{HEAD}    category: refridgerator\n"),
        "unknown-value",
        "6:15",
        &[
            "did you mean `refrigerator`?",
            "expected: one of: bicycle,",
            "service-only",
        ],
    );
}

#[test]
fn a_misspelt_buyer_is_refused_with_the_list_and_a_did_you_mean() {
    refused(
        &format!("{HEAD}    buyers: [consumers, busineses]\n"),
        "unknown-value",
        "6:25",
        &[
            "did you mean `businesses`?",
            "one of: consumers, businesses, farmers",
        ],
    );
}

#[test]
fn a_duration_without_a_unit_is_refused_with_the_expected_form() {
    refused(
        &format!("{HEAD}    terms:\n      warranty: 12\n"),
        "invalid-quantity",
        "7:17",
        &["without a unit", "`3 working days`"],
    );
}

#[test]
fn an_unknown_unit_is_refused_with_a_did_you_mean() {
    refused(
        &format!("{HEAD}    service_modes:\n      - {{mode: on_site, response: 2 hourz}}\n"),
        "invalid-quantity",
        "7:35",
        &["unknown unit `hourz`", "did you mean `hour", "`48h`"],
    );
}

#[test]
fn a_quantity_of_the_wrong_dimension_is_refused() {
    refused(
        &format!("{HEAD}    terms:\n      usage_cap: 3 days\n"),
        "invalid-quantity",
        "7:18",
        &["a duration", "`50000 km`"],
    );
}

#[test]
fn duplicate_product_ids_are_refused_with_both_places() {
    refused(
        &format!("{HEAD}  - id: a\n"),
        "duplicate-id",
        "6:9",
        &["product line id `a`", "first defined here"],
    );
}

#[test]
fn the_derived_effective_terms_cannot_be_written() {
    refused(
        &format!("{HEAD}    effective: {{warranty: 9 years}}\n"),
        "derived-key",
        "6:5",
        &["under `terms`"],
    );
}

#[test]
fn a_version_2_key_in_a_version_1_document_says_to_write_aftercert_2() {
    refused(
        "aftercert: 1\ncompany:\n  name: X\nproducts:\n  - id: a\npolicies:\n  warranty:\n    warranty: 1 year\n",
        "version-2-key",
        "4:1",
        &["write aftercert: 2", "doc.yaml:8:5"],
    );
}

#[test]
fn the_records_reference_matches_the_catalogue() {
    let path = root().join("docs/records.md");
    let want = aftercert::records::reference();
    if std::env::var_os("AFTERCERT_BLESS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/records.md is out of date; run AFTERCERT_BLESS=1 cargo test the_records_reference"
    );
}

/// docs/categories.md as the law table says it should read.
fn categories_reference() -> String {
    aftercert::process::catalogue::reference()
}

#[test]
fn the_categories_reference_matches_the_catalogue() {
    let path = root().join("docs/categories.md");
    let want = categories_reference();
    if std::env::var_os("AFTERCERT_BLESS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/categories.md is out of date; run AFTERCERT_BLESS=1 cargo test the_categories_reference"
    );
}
