//! The module-graph figure against the generated model: `blueprint/graph.json` (the nodes and
//! edges `docs/figures/module_graph.*` draws) must equal the module-level dataflow traced from
//! `code/model.py` (by `torch.fx`, or by following tensors through a real forward pass where fx
//! cannot trace), at the figure's granularity (`tests/python/check_graph.py` states the rules).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::python::{last_line_report, python, run_script, synth};
use crate::support::example_files;

/// Examples whose top-level `forward` torch.fx cannot trace symbolically: it iterates over a
/// traced value (the U-Net's skip stack, the detector's feature pyramid), branches on an input
/// (the recommender's `all_pairs`, the music decoder's optional chroma) or sizes a tensor by a
/// traced value (graph-level pooling). For these the script follows tensor provenance through
/// one real forward pass of the tiny model instead.
const TRACED_BY_RUNNING: &[&str] = &[
    "audio_musicgen_like",
    "gcn_graph_level",
    "graph_classifier_gat",
    "image_diffusion_sdxl_like",
    "object_detector",
    "recommender",
    "sd_unet_unconditional",
    "video_unet",
];

fn trace(python: &Path, runs: &[PathBuf]) -> Vec<serde_json::Value> {
    let report = last_line_report(&run_script(python, "check_graph.py", runs));
    serde_json::from_value(report).unwrap()
}

fn edges(report: &serde_json::Value, key: &str) -> BTreeSet<(String, String)> {
    report[key]
        .as_array()
        .unwrap_or_else(|| panic!("{}: no {key}: {report}", report["run"]))
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().unwrap().to_string(),
                pair[1].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn module_graph_edges_equal_the_traced_dataflow() {
    let Some(python) = python() else { return };
    let out = tempfile::tempdir().unwrap();
    let variants = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/variants");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&variants)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    specs.sort();
    specs.extend(example_files());
    let runs: Vec<PathBuf> = specs
        .iter()
        .map(|file| {
            let name = file.file_stem().unwrap().to_string_lossy().into_owned();
            synth(file, out.path(), &name)
        })
        .collect();
    let reports = trace(&python, &runs);
    assert_eq!(reports.len(), runs.len());

    let mut by_running = Vec::new();
    let mut failures = Vec::new();
    for report in &reports {
        let run = report["run"].as_str().unwrap().to_string();
        if let Some(error) = report.get("error") {
            failures.push(format!("{run}: not traced: {error}"));
            continue;
        }
        if report["method"] != "torch.fx" {
            by_running.push(run.clone());
        }
        for key in [
            "missing_from_figure",
            "not_in_trace",
            "nodes_missing_from_figure",
            "nodes_not_in_trace",
        ] {
            if report[key].as_array().is_none_or(|a| !a.is_empty()) {
                failures.push(format!("{run}: {key} {}", report[key]));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    by_running.sort();
    assert_eq!(
        by_running, TRACED_BY_RUNNING,
        "examples torch.fx cannot trace"
    );

    // The tracer itself, against graphs read off the generated code by hand: three families
    // traced by torch.fx, and the U-Net's skip connections found by the provenance run.
    let by_run = |name: &str| {
        reports
            .iter()
            .find(|r| r["run"] == name)
            .unwrap_or_else(|| panic!("no report for {name}"))
    };
    // Llama-style decoder: the layers run in sequence (one box, ×N); the rotary tables are
    // buffers sliced by the input's length, which is not dataflow.
    assert_eq!(
        edges(by_run("text_llm_tiny"), "traced_edges"),
        pairs(&[
            ("input", "embed_tokens"),
            ("embed_tokens", "layers"),
            ("layers", "norm"),
            ("norm", "lm_head"),
            ("lm_head", "output"),
        ])
    );
    // torchvision ViT: patches and the class token are concatenated, the position table is
    // added, then the encoder; both tables are parameters with no inputs.
    assert_eq!(
        edges(by_run("vit_classifier"), "traced_edges"),
        pairs(&[
            ("input", "conv_proj"),
            ("conv_proj", "encoder"),
            ("class_token", "encoder"),
            ("pos_embedding", "encoder"),
            ("encoder", "ln"),
            ("ln", "head"),
            ("head", "output"),
        ])
    );
    // PPO with separate actor and critic, continuous actions: log_std is a free parameter of
    // the policy head; nothing flows into it, it flows only to the output.
    let ppo = edges(by_run("rl_agent_ppo"), "figure_edges");
    assert_eq!(
        ppo,
        pairs(&[
            ("input", "actor"),
            ("input", "critic"),
            ("actor", "output"),
            ("critic", "output"),
            ("log_std", "output"),
        ])
    );
    assert_eq!(ppo, edges(by_run("rl_agent_ppo"), "traced_edges"));
    for name in ["text_llm_tiny", "vit_classifier", "rl_agent_ppo"] {
        assert_eq!(by_run(name)["method"], "torch.fx", "{name}");
    }
    let unet = edges(by_run("image_diffusion_sdxl_like"), "traced_edges");
    for skip in [("conv_in", "up_blocks"), ("down_blocks", "up_blocks")] {
        assert!(
            unet.contains(&(skip.0.to_string(), skip.1.to_string())),
            "{skip:?} in {unet:?}"
        );
    }
}
