//! The generated LLM training on real text (tests/python/check_training.py) and
//! `metagen train`, with the suite's Python (`METAGEN_PYTHON`).

use std::path::Path;

use crate::python::{python, run_script, synth};
use crate::support::{metagen, stderr};

fn tiny_llm_spec() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/specs/text/text_llm_tiny.yaml")
}

/// Acceptance: prepared shards with a trained tokenizer, held-out loss below its start after
/// 50 steps (also for a PNG/JPEG class folder and a CSV table), 10 + 10 resumed steps equal
/// to 20 straight ones (LLM and ViT), the 300-step learning check
/// against the held-out unigram entropy, DDP with accumulation against one process, and
/// FSDP2 (fp32 and bf16) against DDP with a distributed-checkpoint resume.
#[test]
fn generated_llm_training_on_real_text() {
    let Some(python) = python() else { return };
    let out = tempfile::tempdir().unwrap();
    let run = synth(&tiny_llm_spec(), out.path(), "llm");
    let image_spec =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/specs/image/vit_classifier.yaml");
    let image_run = synth(&image_spec, out.path(), "vit");
    let tabular_spec =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/specs/tabular/tabular_regressor.yaml");
    let tabular_run = synth(&tabular_spec, out.path(), "tabular");
    let stdout = run_script(
        &python,
        "check_training.py",
        [
            run.as_os_str(),
            "--image-run".as_ref(),
            image_run.as_os_str(),
            "--tabular-run".as_ref(),
            tabular_run.as_os_str(),
        ],
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let check = &report["learning_check"];
    assert!(check["val_loss"].as_f64().unwrap() < check["unigram_entropy"].as_f64().unwrap());
    assert!(report["resume_max_difference"].as_f64().unwrap() <= 1e-6);
    assert!(report["image_resume_max_difference"].as_f64().unwrap() <= 1e-6);
    for key in ["held_out_50_steps", "image_folder_held_out", "csv_held_out"] {
        let [start, end] = [0, 1].map(|i| report[key][i].as_f64().unwrap());
        assert!(end < start, "{key}: held-out loss {start} -> {end}");
    }
    assert!(report["ddp_vs_single"].as_f64().unwrap() <= 1e-4);
    assert!(report["fsdp_fp32_vs_ddp"].as_f64().unwrap() <= 1e-4);
    assert!(report["fsdp_bf16_vs_ddp"].as_f64().unwrap() <= 5e-2);
}

#[test]
fn metagen_train_runs_the_generated_training() {
    let Some(python) = python() else { return };
    let out = tempfile::tempdir().unwrap();
    let output = metagen()
        .arg("train")
        .arg(tiny_llm_spec())
        .arg("--out")
        .arg(out.path())
        .args(["--", "--tiny", "--steps", "3", "--device", "cpu"])
        .env("METAGEN_PYTHON", &python)
        .env("OMP_NUM_THREADS", "1")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let runs: Vec<_> = std::fs::read_dir(out.path()).unwrap().flatten().collect();
    assert_eq!(runs.len(), 1);
    let metrics_path = runs[0].path().join("runs/train/metrics.json");
    let metrics: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&metrics_path).unwrap()).unwrap();
    assert_eq!(metrics["completed_steps"], 3);
    assert!(runs[0].path().join("runs/train/checkpoint.pt").is_file());

    // A training failure's exit code passes through: --resume without a checkpoint.
    let again = tempfile::tempdir().unwrap();
    let failed = metagen()
        .arg("train")
        .arg(tiny_llm_spec())
        .arg("--out")
        .arg(again.path())
        .args(["--", "--tiny", "--steps", "3", "--resume"])
        .env("METAGEN_PYTHON", &python)
        .output()
        .unwrap();
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    assert!(stderr(&failed).contains("no checkpoint"));
}

#[test]
fn metagen_train_without_torch_says_how_to_install_it() {
    let out = tempfile::tempdir().unwrap();
    // `false` is a program that runs and fails, as a Python without torch does.
    let output = metagen()
        .arg("train")
        .arg(tiny_llm_spec())
        .arg("--out")
        .arg(out.path())
        .env("METAGEN_PYTHON", "false")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(4), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains("cannot import torch"), "{message}");
    assert!(message.contains("pip install -r"), "{message}");
}

/// Acceptance for the other modalities and the optimizer (tests/python/check_modalities.py):
/// WAV clips with a jsonl manifest for speech recognition (and the log-mel front end equal to
/// transformers' Whisper feature extractor), an edge list with nodes.csv for node
/// classification and link prediction (held-out loss below its start after 50 steps each), PPO
/// on Gymnasium CartPole-v1 reaching a mean return of 150 over 20 episodes within 100k
/// environment steps, and the spec's `adam` and `sgd` as the optimizer train.py builds.
#[test]
fn generated_training_on_audio_graphs_gymnasium_and_the_specs_optimizer() {
    let Some(python) = python() else { return };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let speech = synth(
        &root.join("examples/specs/audio/speech_recognizer.yaml"),
        out.path(),
        "speech",
    );
    let node = synth(
        &root.join("examples/specs/graph/node_classifier.yaml"),
        out.path(),
        "node",
    );
    let link = synth(
        &root.join("examples/specs/graph/link_predictor.yaml"),
        out.path(),
        "link",
    );
    let ppo = synth(
        &root.join("tests/fixtures/training/cartpole_ppo.yaml"),
        out.path(),
        "ppo",
    );
    let tabular =
        std::fs::read_to_string(root.join("examples/specs/tabular/tabular_regressor.yaml"))
            .unwrap();
    assert!(tabular.contains("optimizer: adamw"));
    let mut optimizer_runs = Vec::new();
    for name in ["adam", "sgd"] {
        let spec = out.path().join(format!("tabular_{name}.yaml"));
        std::fs::write(
            &spec,
            tabular.replace("optimizer: adamw", &format!("optimizer: {name}")),
        )
        .unwrap();
        optimizer_runs.push(synth(&spec, out.path(), &format!("tabular_{name}")));
    }
    let stdout = run_script(
        &python,
        "check_modalities.py",
        [
            "--speech-run".as_ref(),
            speech.as_os_str(),
            "--node-run".as_ref(),
            node.as_os_str(),
            "--link-run".as_ref(),
            link.as_os_str(),
            "--ppo-run".as_ref(),
            ppo.as_os_str(),
            "--adam-run".as_ref(),
            optimizer_runs[0].as_os_str(),
            "--sgd-run".as_ref(),
            optimizer_runs[1].as_os_str(),
        ],
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    eprintln!("{report:#}");
    for key in ["speech_held_out", "node_held_out", "link_held_out"] {
        let [start, end] = [0, 1].map(|i| report[key][i].as_f64().unwrap());
        assert!(end < start, "{key}: held-out loss {start} -> {end}");
    }
    assert!(
        report["front_end"]["log_mel_max_difference"]
            .as_f64()
            .unwrap()
            <= 1e-4
    );
    let cartpole = &report["cartpole"];
    assert!(cartpole["mean_return_20_episodes"].as_f64().unwrap() >= 150.0);
    assert!(cartpole["environment_steps"].as_u64().unwrap() <= 100_000);
    assert_eq!(
        report["optimizer_adam"]["class"], "torch.optim.adam.Adam",
        "{report:#}"
    );
    assert_eq!(report["optimizer_sgd"]["class"], "torch.optim.sgd.SGD");
    assert!(
        report["optimizer_adam"]["lion_step_error"]
            .as_f64()
            .unwrap()
            <= 1e-6
    );
    assert_eq!(
        report["optimizer_adam"]["adafactor_class"],
        "torch.optim.Adafactor"
    );
    assert_eq!(report["optimizer_sgd"]["momentum"], 0.9);
    assert!(
        report["optimizer_sgd"]["saved_state"]
            .as_array()
            .unwrap()
            .contains(&"momentum_buffer".into())
    );
}
