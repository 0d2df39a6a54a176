//! `aftercert schema`: the process document's JSON Schema, for editors.
//!
//! Editors that speak the YAML language server (VS Code's YAML extension, JetBrains IDEs,
//! Neovim with yamlls, Helix) complete keys, show each key's documentation and mark
//! mistakes while the user types, if they are given a JSON Schema. The schema is
//! generated from the Rust types in [`crate::process::model`] (see
//! [`crate::process::schema`]), so the file printed here cannot drift from what
//! `validate` accepts. docs/editors.md shows how to wire it up.

use super::{Exit, print_stdout};
use crate::cli::SchemaArgs;
use crate::i18n::Lang;
use crate::output::write_file;
use crate::process::schema::schema_text;

/// Runs `aftercert schema`: prints the schema, or writes it atomically with `-o`.
///
/// The file is generated, so an existing one is replaced without asking (unlike `init`,
/// whose output the user edits).
pub fn run(args: &SchemaArgs) -> anyhow::Result<Exit> {
    let text = schema_text();
    match &args.output {
        Some(path) => {
            if let Err(e) = write_file(path, text.as_bytes()) {
                super::print_diagnostics(&[e.diagnostic()], &Default::default(), Lang::En);
                return Ok(Exit::Error);
            }
        }
        None => print_stdout(&text)?,
    }
    Ok(Exit::Ok)
}

#[cfg(test)]
mod tests {
    use crate::process::schema::schema;

    #[test]
    fn the_schema_says_draft_2020_12() {
        assert_eq!(
            schema()["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
    }

    #[test]
    fn the_schema_is_closed_and_documented() {
        let s = schema();
        assert_eq!(s["additionalProperties"], false);
        assert_eq!(s["required"][0], "aftercert");
        assert!(s["properties"]["company"]["description"].is_string());
    }
}
