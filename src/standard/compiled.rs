//! The built-in standards in their compiled form, so that starting the tool does not parse
//! their YAML.
//!
//! Each built-in standard is parsed, resolved (`same_as`, rules, points) and linted once, by
//! the test `compiled::tests::compiled_standards_are_current`, and stored with postcard
//! (a compact, stable serde format) in `standards/compiled/NAME.bin`; the binary embeds
//! those bytes and decodes only the standards a run needs. `standards/compiled/MANIFEST`
//! lists the SHA-256 of every file the compiled form depends on (the standards' YAML and
//! the model's types); the build script compares it with the files and, when they changed
//! since the last `AFTERCERT_BLESS=1 cargo test --lib compiled`, builds a binary that
//! parses the YAML at run time instead (with a warning), and that test fails until the
//! compiled form is written again. A built-in standard with a lint error fails that test
//! with its `file:line:column`, so a broken built-in never ships.

use super::load::Loaded;
use super::model::Standard;
use super::rule::Rule;
use serde::{Deserialize, Serialize};

/// A built-in standard as compiled: everything in [`Loaded`] but its source text, which
/// the binary embeds as it is.
#[derive(Deserialize)]
struct Compiled {
    standard: Standard,
    file: String,
    rules: Vec<Rule>,
}

/// The same, borrowed, for writing.
#[derive(Serialize)]
struct CompiledRef<'a> {
    standard: &'a Standard,
    file: &'a str,
    rules: &'a [Rule],
}

/// The compiled bytes of each built-in standard, by file name.
#[cfg(not(aftercert_stale_standards))]
const COMPILED: &[(&str, &[u8])] = &[
    (
        "gbt27922.yaml",
        include_bytes!("../../standards/compiled/gbt27922.bin"),
    ),
    (
        "buildout.yaml",
        include_bytes!("../../standards/compiled/buildout.bin"),
    ),
    (
        "cn-consumer-law.yaml",
        include_bytes!("../../standards/compiled/cn-consumer-law.bin"),
    ),
    (
        "iso10002.yaml",
        include_bytes!("../../standards/compiled/iso10002.bin"),
    ),
    (
        "service-kpis.yaml",
        include_bytes!("../../standards/compiled/service-kpis.bin"),
    ),
    (
        "ecommerce.yaml",
        include_bytes!("../../standards/compiled/ecommerce.bin"),
    ),
];

/// The compiled form is out of date (see the module's documentation): none is used.
#[cfg(aftercert_stale_standards)]
const COMPILED: &[(&str, &[u8])] = &[];

/// The compiled bytes of the tool's own data tables beside the standards.
#[cfg(not(aftercert_stale_standards))]
const TABLES: &[(&str, &[u8])] = &[
    ("law", include_bytes!("../../standards/compiled/law.bin")),
    (
        "labels",
        include_bytes!("../../standards/compiled/labels.bin"),
    ),
    (
        "records",
        include_bytes!("../../standards/compiled/records.bin"),
    ),
];

/// The compiled form is out of date: the tables are parsed.
#[cfg(aftercert_stale_standards)]
const TABLES: &[(&str, &[u8])] = &[];

/// The process document's JSON Schema, as `process::schema::generate` makes it.
#[cfg(not(aftercert_stale_standards))]
const SCHEMA: &[u8] = include_bytes!("../../standards/compiled/schema.json");

/// The compiled form is out of date: the schema is generated.
#[cfg(aftercert_stale_standards)]
const SCHEMA: &[u8] = &[];

/// The process document's JSON Schema from its compiled form, `None` when there is none.
pub fn schema() -> Option<serde_json::Value> {
    serde_json::from_slice(SCHEMA).ok()
}

/// A data table (`law`: the statutory terms, `labels`, `records`) from its compiled form;
/// `None` when there is none or it cannot be read, and the caller parses the YAML.
pub fn table<T: serde::de::DeserializeOwned>(name: &str) -> Option<T> {
    let (_, bytes) = TABLES.iter().find(|(n, _)| *n == name)?;
    postcard::from_bytes(bytes).ok()
}

/// The built-in standard `name` (e.g. `gbt27922.yaml`) with its rules, from its compiled
/// form; `None` when there is none or it cannot be read, and the caller parses the YAML.
pub fn builtin(name: &str) -> Option<(Standard, String, Vec<Rule>)> {
    let (_, bytes) = COMPILED.iter().find(|(n, _)| *n == name)?;
    let c: Compiled = postcard::from_bytes(bytes).ok()?;
    Some((c.standard, c.file, c.rules))
}

/// The compiled bytes of a loaded standard.
pub fn encode(l: &Loaded) -> Vec<u8> {
    let c = CompiledRef {
        standard: &l.standard,
        file: &l.file,
        rules: &l.rules,
    };
    // Writing to a vector fails only for types serde cannot describe; the model has none.
    postcard::to_stdvec(&c).unwrap_or_default()
}

/// The files the compiled form depends on, relative to the crate: the built-in standards,
/// the data tables, and the modules that define their types and the document schema. The
/// build script checks their hashes. Types from elsewhere (`Text`, `Node`, `Pos`, units,
/// legal scopes) change rarely; should one change, decoding fails and the YAML is
/// parsed instead, and the tests fail until the compiled form is written again.
pub const INPUTS: &[&str] = &[
    "standards/gbt27922.yaml",
    "standards/buildout.yaml",
    "standards/cn-consumer-law.yaml",
    "standards/iso10002.yaml",
    "standards/service-kpis.yaml",
    "standards/ecommerce.yaml",
    "standards/law/statutory-terms.yaml",
    "standards/labels.yaml",
    "standards/records.yaml",
    "src/law.rs",
    "src/labels.rs",
    "src/records.rs",
    "src/process/model.rs",
    "src/process/schema.rs",
    "src/standard/model.rs",
    "src/standard/rule.rs",
    "src/standard/spanned.rs",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standard::load::{BUILTIN, load_library_parsed};
    use sha2::{Digest, Sha256};
    use std::path::Path;

    fn root() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
    }

    /// The manifest the build script checks: `SHA-256  path` per input.
    fn manifest() -> String {
        INPUTS
            .iter()
            .map(|p| {
                let bytes = std::fs::read(root().join(p)).unwrap_or_default();
                format!("{:x}  {p}\n", Sha256::digest(&bytes))
            })
            .collect()
    }

    /// Every built-in parsed from its YAML at run time, with every lint diagnostic.
    fn parsed() -> crate::standard::load::Library {
        let (lib, diags) = load_library_parsed();
        let shown: Vec<String> = diags
            .iter()
            .map(|d| format!("{}:{}: {}", d.file, d.pos, d.message.en))
            .collect();
        assert!(
            shown.is_empty(),
            "built-in standards have errors:\n{}",
            shown.join("\n")
        );
        lib
    }

    /// The data tables parsed from their YAML.
    fn parsed_tables() -> (
        crate::law::Table,
        crate::labels::Table,
        crate::records::Catalogue,
    ) {
        (
            serde_saphyr::from_str(crate::law::SOURCE).expect("the law table parses"),
            serde_saphyr::from_str(crate::labels::SOURCE).expect("labels.yaml parses"),
            serde_saphyr::from_str(crate::records::SOURCE).expect("records.yaml parses"),
        )
    }

    /// The data tables' compiled files.
    fn tables() -> Vec<(String, Vec<u8>)> {
        let (law, labels, records) = parsed_tables();
        let bytes = |v: Result<Vec<u8>, postcard::Error>| v.expect("the tables serialize");
        vec![
            ("law.bin".into(), bytes(postcard::to_stdvec(&law))),
            ("labels.bin".into(), bytes(postcard::to_stdvec(&labels))),
            ("records.bin".into(), bytes(postcard::to_stdvec(&records))),
            (
                "schema.json".into(),
                serde_json::to_vec(&crate::process::schema::generate()).expect("JSON"),
            ),
        ]
    }

    #[test]
    fn compiled_tables_equal_a_run_time_parse() {
        let (law, labels, records) = parsed_tables();
        let law2: crate::law::Table = table("law").expect("compiled law table");
        let labels2: crate::labels::Table = table("labels").expect("compiled labels");
        let records2: crate::records::Catalogue = table("records").expect("compiled records");
        assert_eq!(format!("{law2:#?}"), format!("{law:#?}"));
        assert_eq!(format!("{labels2:#?}"), format!("{labels:#?}"));
        assert_eq!(format!("{records2:#?}"), format!("{records:#?}"));
        let generated = crate::process::schema::generate().to_string();
        assert_eq!(schema().expect("compiled schema").to_string(), generated);
    }

    #[test]
    fn compiled_standards_are_current() {
        let lib = parsed();
        let dir = root().join("standards/compiled");
        let bless = std::env::var_os("AFTERCERT_BLESS").is_some();
        let mut stale = Vec::new();
        let mut files: Vec<(String, Vec<u8>)> = lib
            .standards
            .iter()
            .map(|l| {
                let name = l.file.trim_start_matches("builtin:standards/");
                (name.replace(".yaml", ".bin"), encode(l))
            })
            .collect();
        files.extend(tables());
        files.push(("MANIFEST".into(), manifest().into_bytes()));
        for (name, bytes) in files {
            let path = dir.join(&name);
            if std::fs::read(&path).ok().as_deref() == Some(&bytes[..]) {
                continue;
            }
            if bless {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &bytes).unwrap();
            } else {
                stale.push(name);
            }
        }
        assert!(
            stale.is_empty(),
            "standards/compiled is out of date ({}); run `AFTERCERT_BLESS=1 cargo test --lib compiled` and commit it",
            stale.join(", ")
        );
    }

    #[test]
    fn compiled_form_equals_a_run_time_parse() {
        let lib = parsed();
        assert_eq!(lib.standards.len(), BUILTIN.len());
        for (l, (name, text)) in lib.standards.iter().zip(BUILTIN) {
            let (standard, file, rules) =
                builtin(name).expect("a compiled form for every built-in");
            let compiled = Loaded {
                standard,
                file,
                source: text.to_string(),
                rules,
            };
            assert_eq!(format!("{compiled:#?}"), format!("{l:#?}"), "{name}");
        }
    }

    #[test]
    fn every_built_in_is_compiled() {
        let names: Vec<&str> = COMPILED.iter().map(|(n, _)| *n).collect();
        let builtin: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, builtin);
    }
}
