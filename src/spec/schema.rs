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
    let mut value = schema.to_value();
    document_unset_defaults(&mut value);
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// The schema as a JSON value, for tests and tools.
pub fn spec_schema_value() -> serde_json::Value {
    serde_json::from_str(&spec_schema_json()).unwrap_or(serde_json::Value::Null)
}

/// Optional fields default to "not set"; schemars leaves their `default`
/// out, so state it as `null` for editors that show defaults.
fn document_unset_defaults(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            let required: Vec<String> = map
                .get("required")
                .and_then(|r| r.as_array())
                .map(|r| {
                    r.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            if let Some(serde_json::Value::Object(properties)) = map.get_mut("properties") {
                for (name, property) in properties.iter_mut() {
                    if let serde_json::Value::Object(property) = property
                        && !required.contains(name)
                        && !property.contains_key("default")
                    {
                        property.insert("default".to_string(), serde_json::Value::Null);
                    }
                }
            }
            for child in map.values_mut() {
                document_unset_defaults(child);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(document_unset_defaults),
        _ => {}
    }
}
