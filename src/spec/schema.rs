//! The JSON Schema (draft 2020-12) of the spec format, generated from the
//! Rust types so that it cannot drift from what the loader accepts.

use schemars::generate::SchemaSettings;

use super::types::Spec;

/// The `$id` editors see; it names the tool, not a network location.
const SCHEMA_ID: &str = "urn:metagen:spec:1.0";

/// The spec format's JSON Schema as a pretty-printed JSON document.
pub fn spec_schema_json() -> String {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator.into_root_schema_for::<Spec>();
    schema.insert("$id".to_string(), SCHEMA_ID.into());
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// The schema as a JSON value, for tests and tools.
pub fn spec_schema_value() -> serde_json::Value {
    serde_json::from_str(&spec_schema_json()).unwrap_or(serde_json::Value::Null)
}
