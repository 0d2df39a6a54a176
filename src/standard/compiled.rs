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

/// The files the compiled form depends on, relative to the crate: the built-in standards
/// and the source of every type it holds. The build script checks their hashes.
pub const INPUTS: &[&str] = &[
    "standards/gbt27922.yaml",
    "standards/buildout.yaml",
    "standards/cn-consumer-law.yaml",
    "standards/iso10002.yaml",
    "standards/service-kpis.yaml",
    "standards/ecommerce.yaml",
    "standards/law/statutory-terms.yaml",
    "src/standard/model.rs",
    "src/standard/rule.rs",
    "src/standard/spanned.rs",
    "src/i18n.rs",
    "src/yaml/mod.rs",
    "src/quantity.rs",
    "src/evaluate/scope.rs",
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
