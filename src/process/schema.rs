//! The JSON Schema of the process document, generated from the Rust types.
//!
//! Generated rather than written so that it cannot drift from [`super::model`]. It is
//! printed by `aftercert schema` for editors and also drives validation (`process::validate`).

use super::model::ProcessDocument;
use std::sync::OnceLock;

/// The schema as JSON (draft 2020-12): its compiled form (`standard::compiled`) when it
/// is current, else generated.
pub fn schema() -> &'static serde_json::Value {
    static SCHEMA: OnceLock<serde_json::Value> = OnceLock::new();
    SCHEMA.get_or_init(|| crate::standard::compiled::schema().unwrap_or_else(generate))
}

/// Generates the schema from the Rust types.
pub fn generate() -> serde_json::Value {
    let mut value =
        serde_json::to_value(schemars::schema_for!(ProcessDocument)).unwrap_or_default();
    if let Some(obj) = value.as_object_mut() {
        obj.insert(
            "$id".into(),
            "https://aftercert.invalid/schema/process-v2.json".into(),
        );
    }
    value
}

/// The schema pretty-printed, with a final newline.
pub fn schema_text() -> String {
    let mut s = serde_json::to_string_pretty(schema()).unwrap_or_default();
    s.push('\n');
    s
}
