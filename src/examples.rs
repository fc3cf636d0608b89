//! The bundled example specs, embedded in the binary at build time.

include!(concat!(env!("OUT_DIR"), "/examples.rs"));

use crate::spec::{SpecFormat, SpecSource};

/// Every bundled example as a spec source named `examples/specs/<path>`.
pub fn example_sources() -> Vec<SpecSource> {
    EXAMPLES
        .iter()
        .map(|(path, text)| {
            let format = if path.ends_with(".json") {
                SpecFormat::Json
            } else {
                SpecFormat::Yaml
            };
            SpecSource::from_text(&format!("examples/specs/{path}"), text, format)
        })
        .collect()
}
