//! The architecture for every bundled example: within budget, exactly
//! accounted, connected, and written to parseable blueprint files.

use metagen::release::{self, Release};
use metagen::spec;

use crate::support::{example_files, examples_dir, metagen, read_tree, stderr};

fn build(path: &std::path::Path) -> Release {
    let loaded = spec::load_spec_file(path).unwrap();
    release::build(spec::resolve(&loaded, None).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_example_fits_its_budget_exactly_accounted() {
    for file in example_files() {
        let release = build(&file);
        let bp = &release.blueprint;
        let name = file.display();
        let max = release.resolved.param_max;
        assert!(
            bp.total_params <= max,
            "{name}: {} > {max}",
            bp.total_params
        );
        if let Some(min) = release.resolved.param_min {
            assert!(bp.total_params >= min, "{name}: below min");
        }
        let overridden = release.resolved.spec.architecture.hyperparameters.is_some();
        let excepted = bp.fit_notes.iter().any(|n| n.contains("exception"));
        if max >= 1_000_000 && !overridden {
            assert!(
                bp.total_params as f64 >= 0.9 * max as f64 || excepted,
                "{name}: {} is under 90% of {max} with no documented exception",
                bp.total_params
            );
        }
        let sum: u64 = bp.by_component.values().sum();
        assert_eq!(
            sum, bp.total_params,
            "{name}: by_component does not sum to the total"
        );
        assert_eq!(
            bp.root.count(),
            bp.total_params,
            "{name}: tree count differs"
        );
        assert!(
            bp.graph.is_connected(),
            "{name}: graph not connected input -> output"
        );
        assert!(bp.trainable_params <= bp.total_params);
        assert_eq!(
            bp.embedding_params + bp.non_embedding_params,
            bp.total_params,
            "{name}: embedding split"
        );
    }
}

#[test]
fn blueprint_files_parse_back_and_agree() {
    let out = tempfile::tempdir().unwrap();
    for file in example_files() {
        let release = build(&file);
        let run = file.file_stem().unwrap().to_string_lossy().into_owned();
        let output = metagen()
            .arg("synth")
            .arg(&file)
            .arg("--out")
            .arg(out.path())
            .args(["--run-id", &run, "--quiet"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{run}: {}", stderr(&output));
        let dir = out.path().join(&run).join("blueprint");
        let params: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("params_estimate.json")).unwrap())
                .unwrap();
        assert_eq!(
            params["total_params"], release.blueprint.total_params,
            "{run}"
        );
        let by_component = params["by_component"].as_object().unwrap();
        let sum: u64 = by_component.values().map(|v| v.as_u64().unwrap()).sum();
        assert_eq!(sum, release.blueprint.total_params, "{run}");
        for key in [
            "memory",
            "flops",
            "compute",
            "feasibility",
            "activation_memory_gb",
        ] {
            assert!(
                params.get(key).is_some(),
                "{run}: params_estimate.json lacks {key}"
            );
        }
        assert_eq!(
            params["memory"]["weights"]["bf16_bytes"],
            2 * release.blueprint.total_params,
            "{run}: bf16 weights are 2 bytes a parameter"
        );

        let graph: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("graph.json")).unwrap()).unwrap();
        let nodes = graph["nodes"].as_array().unwrap();
        assert!(nodes.iter().any(|n| n["id"] == "input"));
        assert!(nodes.iter().any(|n| n["id"] == "output"));
        let node_params: u64 = nodes.iter().map(|n| n["params"].as_u64().unwrap()).sum();
        assert_eq!(
            node_params, release.blueprint.total_params,
            "{run}: graph params"
        );

        let architecture: serde_json::Value = serde_saphyr::from_str(
            &std::fs::read_to_string(dir.join("architecture.yaml")).unwrap(),
        )
        .unwrap();
        assert_eq!(architecture["total_params"], release.blueprint.total_params);
        assert_eq!(architecture["variant"], release.blueprint.variant.name);

        let ablations: serde_json::Value =
            serde_saphyr::from_str(&std::fs::read_to_string(dir.join("ablations.yaml")).unwrap())
                .unwrap();
        for variant in ablations["variants"].as_array().unwrap() {
            let delta = variant["delta_params"].as_i64().unwrap();
            let total = variant["total_params"].as_u64().unwrap() as i64;
            assert_eq!(
                total - delta,
                release.blueprint.total_params as i64,
                "{run}"
            );
            assert!(variant.get("quality_delta_synthetic").is_some());
        }
    }
}

#[test]
fn llama_8b_example_reproduces_the_published_count() {
    // The 8B example pins Llama-3-8B's published shapes (with untied
    // embeddings), so its count must be the reference model's, 8,030,261,248.
    let release = build(&examples_dir().join("text/text_llm_8b.yaml"));
    assert_eq!(release.blueprint.total_params, 8_030_261_248);
    let kv = release.cost.kv_cache.as_ref().unwrap();
    assert_eq!(kv.bytes_per_token, 131_072);
    assert_eq!(release.cost.weights.bf16_bytes, 16_060_522_496);
}

#[test]
fn validate_prints_architecture_memory_and_verdicts() {
    let output = metagen()
        .args(["validate"])
        .arg(examples_dir().join("text/text_llm_8b.yaml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    for needle in [
        "decoder_llama",
        "8,030,261,248",
        "16.1 GB bf16",
        "131,072 bytes/token",
        "check pass",
        "memory_budget_weights",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
}

fn refuse(text: &str, needles: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("spec.yaml"), text).unwrap();
    for command in [
        vec!["validate", "spec.yaml"],
        vec!["synth", "spec.yaml", "--out", "out"],
    ] {
        let output = metagen()
            .current_dir(dir.path())
            .args(["--color", "never"])
            .args(&command)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(1),
            "{command:?}: {}",
            stderr(&output)
        );
        for needle in needles {
            assert!(
                stderr(&output).contains(needle),
                "missing {needle:?}: {}",
                stderr(&output)
            );
        }
    }
    assert!(
        !dir.path().join("out").exists(),
        "a refused synthesis wrote output"
    );
    assert_eq!(read_tree(dir.path()).len(), 1);
}

#[test]
fn unsupported_combinations_list_what_is_supported() {
    refuse(
        "modality: {inputs: [image], outputs: [label]}\ntask: {type: classification, num_classes: 10}\narchitecture: {family: gat}\n",
        &[
            "no architecture for image -> label classification with family `gat`",
            "transformer (ViT) and cnn (ResNet)",
        ],
    );
    refuse(
        "modality: {inputs: [text], outputs: [text]}\narchitecture: {family: cnn}\n",
        &[
            "no architecture for text -> text generation with family `cnn`",
            "text->text (transformer)",
        ],
    );
}

#[test]
fn a_budget_below_the_family_minimum_names_the_minimum() {
    refuse(
        "constraints:\n  parameter_budget: {max: 10K}\n",
        &["cannot synthesize", "smallest"],
    );
}

#[test]
fn inconsistent_overrides_are_explained() {
    refuse(
        "constraints:\n  parameter_budget: {max: 1B}\narchitecture:\n  hyperparameters: {hidden_size: 1024, num_heads: 12}\n",
        &["num_heads 12 does not divide hidden_size 1024"],
    );
    refuse(
        "constraints:\n  parameter_budget: {max: 1B}\narchitecture:\n  hyperparameters: {hidden_size: 4096, num_layers: 32}\n",
        &["budget"],
    );
}
