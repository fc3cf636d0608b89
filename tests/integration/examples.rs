//! The bundled examples: all valid, all valid against the emitted schema;
//! the bad corpus is rejected by the schema wherever a schema can say so.

use metagen::spec::{self, schema::spec_schema_value};

use crate::support::{example_files, examples_dir};

fn yaml_to_json(text: &str) -> serde_json::Value {
    serde_saphyr::from_str(text).expect("test input parses as YAML")
}

#[test]
fn every_example_validates() {
    let files = example_files();
    assert!(files.len() >= 30, "the corpus has {} specs", files.len());
    for file in files {
        let loaded =
            spec::load_spec_file(&file).unwrap_or_else(|e| panic!("{}: {e:?}", file.display()));
        spec::resolve(&loaded, None).unwrap_or_else(|e| panic!("{}: {e:?}", file.display()));
    }
}

#[test]
fn the_original_eleven_are_present() {
    for name in [
        "text/text_llm_8b.yaml",
        "text/edge_tiny_agent.yaml",
        "text/infinite_context.yaml",
        "image/image_diffusion_sdxl_like.yaml",
        "audio/audio_musicgen_like.yaml",
        "video/video_realtime_avatar.yaml",
        "3d/3d_text_to_mesh.yaml",
        "time_series/time_series_forecaster.yaml",
        "graph/graph_classifier_gat.yaml",
        "rl/rl_agent_ppo.yaml",
        "misc/taste_generation.yaml",
    ] {
        assert!(examples_dir().join(name).is_file(), "{name} is bundled");
    }
}

#[test]
fn every_example_validates_against_the_schema() {
    let schema = spec_schema_value();
    let validator = jsonschema::draft202012::new(&schema).expect("the schema compiles");
    for file in example_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let instance = yaml_to_json(&text);
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", file.display());
    }
}

#[test]
fn every_schema_property_has_a_description_and_default() {
    let schema = spec_schema_value();
    let defs = schema["$defs"].as_object().expect("the schema has $defs");
    let mut objects = vec![("Spec".to_string(), &schema)];
    objects.extend(defs.iter().map(|(k, v)| (k.clone(), v)));
    let mut checked = 0;
    for (name, object) in objects {
        let Some(properties) = object.get("properties").and_then(|p| p.as_object()) else {
            continue;
        };
        let required: Vec<&str> = object
            .get("required")
            .and_then(|r| r.as_array())
            .map(|r| r.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        for (field, property) in properties {
            assert!(
                property.get("description").is_some(),
                "{name}.{field} has no description"
            );
            // Required fields (a component's name and type) have no default.
            if !required.contains(&field.as_str()) {
                assert!(
                    property.get("default").is_some(),
                    "{name}.{field} has no default"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 60, "checked {checked} properties");
}

#[test]
fn the_schema_rejects_what_it_can_express() {
    let schema = spec_schema_value();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let rejected = [
        "nmae: x\n",
        "modality:\n  outptus: [text]\n",
        "training:\n  data:\n    governance:\n      pi: x\n",
        "name: [a, b]\n",
        "modality:\n  inputs: text\n",
        "modality:\n  inputs: [smel]\n",
        "architecture:\n  family: transfomer\n",
        "constraints:\n  device: toaster\n",
        "constraints:\n  parameter_budget:\n    max: 8X\n",
        "constraints:\n  context_window: lots\n",
        "constraints:\n  memory_budget: 16 parsecs\n",
        "training:\n  compute:\n    duration: forever\n",
        "task:\n  num_classes: 0\n",
        "reproducibility:\n  seed: -1\n",
        "constraints:\n  image_size: big\n",
        "- a list root\n",
    ];
    for text in rejected {
        let instance = yaml_to_json(text);
        assert!(
            !validator.is_valid(&instance),
            "the schema accepts {text:?}"
        );
    }
    // And the empty spec (all defaults) is valid.
    assert!(validator.is_valid(&serde_json::json!({})));
}
