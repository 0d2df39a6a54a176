//! `aftercert init` and `aftercert schema`: the starters validate, `full` shows every field
//! of the schema, nothing is overwritten without `--force`, and the generated reference
//! docs (docs/diagnostics.md) match the code they are generated from.

use crate::support::{aftercert, root};
use aftercert::process::load::from_text;
use aftercert::process::schema::schema;
use aftercert::yaml::{Limits, Node, parse};
use serde_json::Value as J;

const PROFILES: [&str; 2] = ["minimal", "full"];
const LANGS: [&str; 3] = ["en", "zh", "zh-TW"];

/// Runs `aftercert init` to stdout and returns the starter.
fn starter(profile: &str, lang: &str) -> String {
    let out = aftercert()
        .args(["init", "--profile", profile, "--lang", lang])
        .output()
        .unwrap();
    assert!(out.status.success(), "{profile} {lang}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_starter_validates_without_a_single_diagnostic() {
    for profile in PROFILES {
        for lang in LANGS {
            let text = starter(profile, lang);
            assert!(text.starts_with("# yaml-language-server: $schema=./aftercert.schema.json\n"));
            let doc = from_text("starter.yaml", text, &Limits::default());
            assert!(
                doc.diagnostics.is_empty(),
                "{profile} {lang}: {:#?}",
                doc.diagnostics
            );
            assert!(doc.is_usable());
        }
    }
}

#[test]
fn the_written_starter_passes_validate_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.yaml");
    let out = aftercert()
        .args(["init", "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let note = String::from_utf8_lossy(&out.stderr);
    assert!(note.contains("aftercert validate"), "{note}");
    aftercert().arg("validate").arg(&path).assert().success();
    let out = aftercert()
        .args(["check", "--as-of", "2026-11-23", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
}

/// The schema node with `$ref` and `Option` (`anyOf` with null) resolved, and the name of
/// the last definition passed through.
fn resolve<'a>(mut s: &'a J, defs: &'a J) -> (&'a J, Option<&'a str>) {
    let mut name = None;
    loop {
        if let Some(n) = s["$ref"].as_str().and_then(|r| r.strip_prefix("#/$defs/")) {
            s = &defs[n];
            name = Some(n);
        } else if let Some(alts) = s["anyOf"].as_array() {
            match alts.iter().find(|a| a["type"] != "null") {
                Some(a) if alts.len() == 2 => s = a,
                _ => return (s, name),
            }
        } else {
            return (s, name);
        }
    }
}

/// Which fields of the schema a document shows. A field belongs to its definition (a
/// type used in several places, like a build-out item, counts as shown when any of its
/// uses shows it) or, for inline objects, to its path.
struct Coverage<'a> {
    defs: &'a J,
    fields: std::collections::BTreeMap<String, bool>,
}

impl<'a> Coverage<'a> {
    fn visit(&mut self, s: &'a J, owner: String, nodes: &[&Node]) {
        let (s, def) = resolve(s, self.defs);
        let owner = def.map_or(owner, str::to_string);
        if let Some(props) = s["properties"].as_object() {
            for (key, child) in props {
                // Derived by the loader, never written; and the version-2 company
                // defaults under policies.warranty are the keys of `Terms`, shown
                // under products[].terms.
                if child["readOnly"] == true || (owner == "Warranty" && child["x-since"] == 2) {
                    continue;
                }
                let field = format!("{owner}.{key}");
                let values: Vec<&Node> = nodes
                    .iter()
                    .filter_map(|n| n.get(key))
                    .filter(|n| !n.is_null())
                    .collect();
                *self.fields.entry(field.clone()).or_default() |= !values.is_empty();
                if !values.is_empty() {
                    self.visit(child, field, &values);
                }
            }
        } else if s.get("items").is_some() {
            let items: Vec<&Node> = nodes.iter().flat_map(|n| n.items()).collect();
            self.visit(&s["items"], format!("{owner}[]"), &items);
        }
    }

    fn unshown(&self) -> Vec<&str> {
        let fields = self.fields.iter();
        fields
            .filter(|(_, shown)| !**shown)
            .map(|(f, _)| f.as_str())
            .collect()
    }
}

#[test]
fn the_full_starter_shows_every_field_of_the_schema() {
    let schema = schema();
    for lang in LANGS {
        let root = parse(&starter("full", lang), &Limits::default()).unwrap();
        let mut coverage = Coverage {
            defs: &schema["$defs"],
            fields: Default::default(),
        };
        coverage.visit(schema, String::new(), &[&root]);
        assert!(coverage.fields.len() > 200, "{}", coverage.fields.len());
        let missing = coverage.unshown();
        assert!(
            missing.is_empty(),
            "full.{lang}.yaml lacks {missing:#?}; add them to templates/init/full.{lang}.yaml"
        );
    }
}

#[test]
fn init_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.yaml");
    std::fs::write(&path, "mine\n").unwrap();
    for lang in LANGS {
        let out = aftercert()
            .args(["init", "--lang", lang, "-o"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("--force") && err.contains("acme.yaml"),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine\n");
    }
    aftercert()
        .args(["init", "--profile", "minimal", "--force", "-o"])
        .arg(&path)
        .assert()
        .success();
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.contains("aftercert: 2"), "{written}");
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 1, "a temporary file was left behind");
}

#[test]
fn init_refuses_a_directory_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = aftercert()
        .args(["init", "--force", "-o"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("directory"));
}

#[test]
fn schema_prints_draft_2020_12_and_writes_the_same_file() {
    let out = aftercert().arg("schema").output().unwrap();
    assert!(out.status.success());
    let printed: J = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        printed["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(&printed, schema());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("aftercert.schema.json");
    std::fs::write(&path, "stale").unwrap();
    aftercert()
        .args(["schema", "-o"])
        .arg(&path)
        .assert()
        .success();
    assert_eq!(std::fs::read(&path).unwrap(), out.stdout);
}

/// docs/diagnostics.md as the codes in `Code::ALL` say it should read.
fn diagnostics_reference() -> String {
    let mut s = String::from(
        "<!-- Generated from `Code::ALL` in src/diag.rs by the test \
         `init::the_diagnostics_reference_matches_the_codes`; do not edit by hand.\n     \
         To regenerate: AFTERCERT_BLESS=1 cargo test the_diagnostics_reference -->\n\n\
         # Diagnostic codes\n\n\
         Every problem aftercert finds in a file it reads carries one of these stable,\n\
         kebab-case codes: in the terminal as `error[code]`, in JSON reports as `code`,\n\
         and as the rule id in SARIF. Codes are never reused or renamed; waivers and CI\n\
         scripts may rely on them.\n\n\
         | Code | 说明 | Description |\n|---|---|---|\n",
    );
    for code in aftercert::diag::Code::ALL {
        let d = code.description();
        let cell = |t: &str| t.replace('|', "\\|");
        s.push_str(&format!(
            "| `{}` | {} | {} |\n",
            code.id(),
            cell(&d.zh),
            cell(&d.en)
        ));
    }
    s
}

#[test]
fn the_diagnostics_reference_matches_the_codes() {
    let path = root().join("docs/diagnostics.md");
    let want = diagnostics_reference();
    if std::env::var_os("AFTERCERT_BLESS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/diagnostics.md is out of date; run AFTERCERT_BLESS=1 cargo test the_diagnostics_reference"
    );
}
