//! `code/`: PyTorch source generated from the blueprint — model, data,
//! training, evaluation and inference — written so that `MetaGenModel()` has
//! exactly the blueprint's parameter count.
//!
//! Each file is a generated header (constants and the configuration, whose
//! values pass through `python::literal`) followed by hand-written template
//! sections: the variant's model section (owned by its family in
//! [`crate::families`]), and the task's sections for data, loss, evaluation and
//! inference (owned by [`crate::tasks`]).

pub mod python;
pub(crate) mod templates;

use serde_json::{Value, json};

use crate::output::{BadPath, FileTree};
use crate::release::Release;

pub use templates::{TaskTemplates, model_template, task_templates};

/// Minimum PyTorch: `scaled_dot_product_attention` with `is_causal` and
/// `torch.load(weights_only=...)` exist from 2.3;
/// FSDP2 (`torch.distributed.fsdp.fully_shard` with `MixedPrecisionPolicy`) is
/// public from 2.6.
pub const TORCH_REQUIREMENT: &str = "torch>=2.6";
/// The memory-mapped token shards and metrics use NumPy.
pub const NUMPY_REQUIREMENT: &str = "numpy>=1.24";

/// Standard-library and torch imports a section may use, with the name that
/// shows it is used.
const IMPORTS: &[(&str, &str)] = &[
    ("argparse.", "import argparse"),
    ("bisect.", "import bisect"),
    ("contextlib.", "import contextlib"),
    ("csv.", "import csv"),
    ("hashlib.", "import hashlib"),
    ("json.", "import json"),
    ("math.", "import math"),
    ("os.", "import os"),
    ("pathlib.", "import pathlib"),
    ("random.", "import random"),
    ("signal.", "import signal"),
    ("sys.", "import sys"),
    ("time.", "import time"),
    ("wave.", "import wave"),
];

/// Names imported from `dataclasses` when used.
const DATACLASS_NAMES: &[&str] = &["asdict", "dataclass", "field", "replace"];

/// The order isort (and so `ruff check`) expects for imported names:
/// CONSTANTS, then Classes, then functions, each alphabetical.
fn isort_key(name: &str) -> (u8, String) {
    let category = if name
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    {
        0
    } else if name.starts_with(|c: char| c.is_ascii_uppercase()) {
        1
    } else {
        2
    };
    (category, name.to_string())
}

/// Builds the import block for a body of code: only what it uses, ordered as
/// isort orders it, so the generated files pass `ruff check` cleanly.
fn imports(body: &str, local: &[(&str, Vec<String>)]) -> String {
    let mut lines = vec![
        "from __future__ import annotations".to_string(),
        String::new(),
    ];
    for (marker, line) in IMPORTS {
        if uses_module(body, marker) {
            lines.push((*line).to_string());
        }
    }
    let dataclass_names: Vec<&str> = DATACLASS_NAMES
        .iter()
        .copied()
        .filter(|name| calls_function(body, name) || body.contains(&format!("@{name}")))
        .collect();
    if !dataclass_names.is_empty() {
        lines.push(format!(
            "from dataclasses import {}",
            dataclass_names.join(", ")
        ));
    }
    lines.push(String::new());
    // Third-party and local modules share one section: plain imports first,
    // then `from` imports ordered by module.
    if uses_module(body, "np.") {
        lines.push("import numpy as np".to_string());
    }
    if body.contains("torch.") {
        lines.push("import torch".to_string());
    }
    if body.contains("dist.") {
        lines.push("import torch.distributed as dist".to_string());
    }
    if body.contains("F.") {
        lines.push("import torch.nn.functional as F".to_string());
    }
    let mut from_lines: Vec<(String, String)> = local
        .iter()
        .filter_map(|(module, names)| {
            let mut used: Vec<&str> = names
                .iter()
                .map(String::as_str)
                .filter(|name| contains_word(body, name))
                .collect();
            used.sort_by_key(|name| isort_key(name));
            (!used.is_empty()).then(|| ((*module).to_string(), from_import(module, &used)))
        })
        .collect();
    if body.contains("nn.") {
        from_lines.push(("torch".to_string(), "from torch import nn".to_string()));
    }
    from_lines.sort();
    lines.extend(from_lines.into_iter().map(|(_, line)| line));
    let mut block = lines.join("\n") + "\n";
    // isort leaves two blank lines before a def or class and one otherwise.
    let first = body.trim_start();
    if first.starts_with("def ") || first.starts_with("class ") || first.starts_with('@') {
        block.push('\n');
    }
    block
}

/// `from module import a, b` as isort writes it: one line when it fits
/// ruff's 88 columns, otherwise one name per line in parentheses.
fn from_import(module: &str, names: &[&str]) -> String {
    let line = format!("from {module} import {}", names.join(", "));
    if line.len() <= 88 {
        return line;
    }
    let mut wrapped = format!("from {module} import (\n");
    for name in names {
        wrapped.push_str(&format!("    {name},\n"));
    }
    wrapped.push(')');
    wrapped
}

/// The top-level names a Python module defines (`def f`, `class C`, `X = ...`),
/// which other generated files may import from it.
fn top_level_names(source: &str) -> Vec<String> {
    let mut names = Vec::new();
    for line in source.lines() {
        let name = if let Some(rest) = line.strip_prefix("def ") {
            rest.split('(').next()
        } else if let Some(rest) = line.strip_prefix("class ") {
            rest.split(['(', ':']).next()
        } else if line.starts_with(|c: char| c.is_ascii_uppercase()) && line.contains(" = ") {
            line.split(" = ").next()
        } else {
            None
        };
        if let Some(name) = name.map(str::trim)
            && python::is_identifier(name)
            && !names.iter().any(|n| n == name)
        {
            names.push(name.to_string());
        }
    }
    names
}

/// Whether `text` uses a module through `marker` (`time.` then a name), not as the end of
/// a longer word (`runtime.`, `inp.`) or of a sentence (`half of the time.`).
fn uses_module(text: &str, marker: &str) -> bool {
    text.match_indices(marker).any(|(i, _)| {
        !text[..i].ends_with(|c: char| c == '.' || c == '_' || c.is_ascii_alphanumeric())
            && text[i + marker.len()..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
    })
}

/// Whether `text` calls a free function `name(` (not a method `.name(`).
fn calls_function(text: &str, name: &str) -> bool {
    text.match_indices(&format!("{name}(")).any(|(i, _)| {
        !text[..i].ends_with(|c: char| c == '.' || c == '_' || c.is_ascii_alphanumeric())
    })
}

/// Whether `word` occurs in `text` as a whole identifier.
fn contains_word(text: &str, word: &str) -> bool {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

fn docstring(lines: &[&str]) -> String {
    format!("\"\"\"{}\n\"\"\"\n", lines.join("\n"))
}

/// `ModelConfig`: one field per blueprint hyperparameter, defaulting to the
/// full-size value.
fn config_class(release: &Release) -> Result<String, String> {
    let mut out = String::from(
        "@dataclass\nclass ModelConfig:\n    \"\"\"Full-size dimensions from blueprint/architecture.yaml.\"\"\"\n\n",
    );
    for (key, value) in &release.blueprint.hyperparameters {
        if !python::is_identifier(key) {
            return Err(format!("hyperparameter `{key}` is not a Python identifier"));
        }
        let default = match value {
            Value::Array(_) | Value::Object(_) => {
                format!("field(default_factory=lambda: {})", python::literal(value))
            }
            _ => python::literal(value),
        };
        out.push_str(&format!(
            "    {key}: {} = {default}\n",
            python::annotation(value)
        ));
    }
    out.push_str(
        "\n    @classmethod\n    def tiny(cls) -> ModelConfig:\n        \
         \"\"\"The same architecture, small enough for a CPU smoke test.\"\"\"\n        \
         full = cls()\n        return replace(full, **tiny_overrides(full))\n",
    );
    Ok(out)
}

fn constants(release: &Release) -> String {
    let bp = &release.blueprint;
    let components: serde_json::Map<String, Value> = bp
        .by_component
        .iter()
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    let mut out = format!(
        "MODEL_NAME = {}\nVARIANT = {}\nTOTAL_PARAMS = {}\nCOMPONENT_PARAMS = {}\n",
        python::string(&release.resolved.spec.name),
        python::string(bp.variant.name),
        bp.total_params,
        python::literal(&Value::Object(components)),
    );
    let recipe = &release.recipe;
    if let (Some(schedule), Some(steps)) = (&recipe.noise_schedule, recipe.timesteps) {
        out.push_str(&format!(
            "# The recipe's diffusion noise schedule (training_recipe in blueprint/architecture.yaml).\n\
             NOISE_SCHEDULE = {}\nDIFFUSION_TIMESTEPS = {steps}\n",
            python::string(&schedule.to_ascii_lowercase()),
        ));
        // Every diffusion loss reads it; a model without prompts has none to drop.
        let dropout = recipe.condition_dropout.unwrap_or(0.0);
        out.push_str(&format!(
            "# Share of training prompts replaced by the empty prompt, for classifier-free guidance\n\
             # (training_recipe.condition_dropout in blueprint/architecture.yaml; 0 without prompts).\n\
             CONDITION_DROPOUT = {}\n",
            python::literal(&json!(dropout)),
        ));
    }
    if let Some(steps) = release.assumptions.sampling_steps {
        out.push_str(&format!(
            "# Sampling steps infer.py runs by default; the latency estimate assumes the same.\n\
             SAMPLING_STEPS = {steps}\n"
        ));
    }
    out
}

fn recipe_constant(release: &Release) -> String {
    let recipe = &release.recipe;
    let assumptions = &release.assumptions;
    let value = json!({
        "optimizer": recipe.optimizer,
        "learning_rate": recipe.learning_rate,
        "betas": recipe.betas,
        "weight_decay": recipe.weight_decay,
        "warmup_steps": recipe.warmup_steps,
        "max_steps": recipe.max_steps,
        "batch_size": recipe.batch_size,
        "grad_clip": recipe.grad_clip,
        "precision": recipe.precision,
        "ema_decay": recipe.ema_decay,
        "seed": recipe.seed,
        "tiny_batch_size": recipe.tiny_batch_size,
        "tiny_learning_rate": recipe.tiny_learning_rate,
        "tiny_steps": recipe.tiny_steps,
        "seq_len": assumptions.seq_len,
        "micro_batch": assumptions.micro_batch,
        "grad_accum": assumptions.grad_accum,
        "global_batch": assumptions.global_batch,
        "parallelism": assumptions.parallelism.as_str(),
        "parallel_degree": assumptions.degree,
        "activation_checkpointing": assumptions.activation_checkpointing,
        "attention_kernel": assumptions.attention_kernel.as_str(),
        "sampling_steps": assumptions.sampling_steps,
    });
    let Value::Object(mut map) = value else {
        return String::new();
    };
    if let Some(transforms) = &recipe.data_augmentation {
        map.insert("data_augmentation".to_string(), json!(transforms));
    }
    let mut out = String::from(
        "# The blueprint's training recipe (blueprint/architecture.yaml, training_recipe);\n\
         # training.config in the spec overrides it field by field. seq_len to sampling_steps\n\
         # are the training assumptions the cost model rests on (params_estimate.json,\n\
         # training_assumptions): global_batch = micro_batch x grad_accum x parallel_degree.\nRECIPE = {\n",
    );
    for (key, value) in map {
        out.push_str(&format!(
            "    {}: {},\n",
            python::string(&key),
            python::literal(&value)
        ));
    }
    out.push_str("}\n");
    out
}

/// Metric names the spec asks for, and the spellings that map onto the ones
/// eval.py computes.
fn metrics_constants(release: &Release) -> String {
    let requested: Vec<Value> = release
        .resolved
        .spec
        .evaluation
        .metrics
        .iter()
        .map(|m| Value::String(m.clone()))
        .collect();
    format!(
        "REQUESTED_METRICS = {}\nMETRIC_ALIASES = {{\n    \"ppl\": \"perplexity\",\n    \"acc\": \"accuracy\",\n    \"top-1\": \"accuracy\",\n    \"top1\": \"accuracy\",\n    \"top-5\": \"top5\",\n    \"map@0.5\": \"map50\",\n    \"pixel_accuracy\": \"accuracy\",\n    \"miou\": \"miou\",\n    \"r2\": \"r2\",\n    \"return\": \"episode_return\",\n}}\n",
        python::literal(&Value::Array(requested)),
    )
}

/// `requirements.txt`: everything the generated scripts import, optional extras
/// commented with what they add.
fn requirements(task: &TaskTemplates) -> String {
    let mut text = format!("{TORCH_REQUIREMENT}\n{NUMPY_REQUIREMENT}\n");
    match task.name {
        // prepare_data.py trains or reads tokenizer.json; infer.py --tokenizer decodes with it.
        "causal_lm" => text.push_str("tokenizers>=0.15\n"),
        // PNG and JPEG class folders (PPM/PGM are read without it).
        "image_classification" => text.push_str("pillow>=9\n"),
        // PPO trains on Gymnasium environments (the built-in one is only for --tiny runs).
        "rl_policy_gradient" => text.push_str(
            "gymnasium>=1.0\n# Optional: MuJoCo environments (HalfCheetah, Hopper, ...).\n# gymnasium[mujoco]\n",
        ),
        _ => {}
    }
    text.push_str(
        "# Optional: TensorBoard logs next to metrics.jsonl when installed.\n# tensorboard\n",
    );
    text
}

/// Renders `code/` for a release. Every registered architecture has a model
/// section and a task (the tests of [`crate::families`] check it), so a
/// missing section is an error, never a missing `code/`.
pub fn render(release: &Release) -> Result<FileTree, BadPath> {
    let bp = &release.blueprint;
    let variant = bp.variant.name;
    let missing = |reason: &'static str| BadPath {
        path: "code".to_string(),
        reason,
    };
    let model_section = model_template(bp.variant)
        .ok_or_else(|| missing("the variant's model section names an unknown block"))?;
    let task = task_templates((bp.family.task)(&release.request.kind))
        .ok_or_else(|| missing("the architecture's task has no complete template sections"))?;
    let bad = |reason: &'static str| BadPath {
        path: "code/model.py".to_string(),
        reason,
    };
    let config = config_class(release)
        .map_err(|_| bad("a hyperparameter name is not a Python identifier"))?;
    let mut tree = FileTree::new();

    let model_body = format!(
        "{}\n\n{config}\n\n{model_section}\n\n{}\n\n{}",
        constants(release),
        task.loss.trim_end(),
        templates::LOAD
    );
    let model_py = format!(
        "{}\n{}\n{model_body}",
        docstring(&[
            &format!(
                "The {variant} model of this release, generated by MetaGen from blueprint/architecture.yaml."
            ),
            "",
            "MetaGenModel() builds the full-size model; its parameter count equals TOTAL_PARAMS, the",
            "blueprint's exact figure, and each top-level module's count equals COMPONENT_PARAMS.",
            "ModelConfig.tiny() keeps the same module types and shrinks every dimension.",
        ]),
        imports(&model_body, &[]),
    );
    tree.insert("model.py", model_py)?;
    let locals = [
        ("data", top_level_names(&task.data)),
        ("model", top_level_names(&model_body)),
    ];

    // A task that picks its data by the spec's domain (reinforcement learning: the Gymnasium
    // environment) names SPEC_DOMAIN, and gets it as a constant.
    let domain = if contains_word(&task.data, "SPEC_DOMAIN") {
        format!(
            "# The spec's task.domain.\nSPEC_DOMAIN = {}\n",
            python::string(&release.resolved.spec.task.domain)
        )
    } else {
        String::new()
    };
    // A task whose data code can augment (image classification) names DATA_AUGMENTATION, and
    // gets the recipe's transforms (none unless the spec asks).
    let domain = if contains_word(&task.data, "DATA_AUGMENTATION") {
        let transforms: Vec<Value> = release
            .recipe
            .data_augmentation
            .iter()
            .flatten()
            .map(|t| Value::String(t.clone()))
            .collect();
        format!(
            "{domain}# Train-time transforms of the training split (training_recipe.data_augmentation in\n\
             # blueprint/architecture.yaml, from training.config.data_augmentation); the held-out split\n\
             # is never augmented.\nDATA_AUGMENTATION = {}\n\n",
            python::literal(&Value::Array(transforms))
        )
    } else {
        domain
    };
    let data_body = format!(
        "{domain}{}{}",
        if domain.is_empty() { "" } else { "\n" },
        task.data
    );
    let data_py = format!(
        "{}\n{}\n{data_body}",
        docstring(&[
            "Data for training and evaluation: synthetic data with learnable structure by default,",
            "or local files with --data. Nothing is ever downloaded.",
        ]),
        imports(&data_body, &[]),
    );
    tree.insert("data.py", data_py)?;

    let train_body = format!("{}\n\n{}", recipe_constant(release), templates::TRAIN);
    tree.insert(
        "train.py",
        format!(
            "{}\n{}\n{train_body}",
            docstring(&[
                "Train the model: the recipe's optimizer with linear warm-up and cosine decay, its global batch",
                "through micro-batches and gradient accumulation, bf16/fp16 autocast, EMA when the recipe",
                "asks, periodic held-out evaluation, metrics.jsonl, atomic checkpoints (every N steps, at",
                "the end, on SIGTERM) with exact --resume, DDP or FSDP2 under torchrun. See README.md.",
                "",
                "    python train.py --tiny --steps 30 --out runs/tiny",
                "    torchrun --nproc_per_node 2 train.py --tiny --steps 3",
            ]),
            imports(&train_body, &locals),
        ),
    )?;

    let eval_body = format!(
        "{}\n\n{}\n\n{}",
        metrics_constants(release),
        task.eval,
        templates::EVAL
    );
    tree.insert(
        "eval.py",
        format!(
            "{}\n{}\n{eval_body}",
            docstring(&[
                "Evaluate a checkpoint written by train.py and write eval.json beside it.",
                "",
                "    python eval.py --checkpoint runs/tiny/checkpoint.pt",
            ]),
            imports(&eval_body, &locals),
        ),
    )?;

    let infer_body = format!("{}\n\n{}", task.infer, templates::INFER);
    tree.insert(
        "infer.py",
        format!(
            "{}\n{}\n{infer_body}",
            docstring(&[
                "Run the model on one input from a checkpoint written by train.py.",
                "",
                "    python infer.py --checkpoint runs/tiny/checkpoint.pt",
            ]),
            imports(&infer_body, &locals),
        ),
    )?;

    tree.insert(
        "__init__.py",
        "\"\"\"The model package of this release.\"\"\"\n\nfrom .model import MetaGenModel, ModelConfig\n\n__all__ = [\"MetaGenModel\", \"ModelConfig\"]\n",
    )?;
    if let Some(prepare) = &task.prepare_data {
        tree.insert(
            "prepare_data.py",
            format!(
                "{}\n{}\n{prepare}",
                docstring(&[
                    "Prepare local data for train.py and eval.py (nothing is downloaded).",
                    "",
                    "    python prepare_data.py INPUT... --out DATA_DIR [--vocab-size N] [--val-fraction F]",
                ]),
                imports(prepare, &locals),
            ),
        )?;
    }
    tree.insert("requirements.txt", requirements(&task))?;
    let mut readme = templates::README.to_string();
    if let Some(section) = crate::tasks::readme_section(task.name) {
        readme.push_str(section);
    }
    tree.insert("README.md", readme)?;
    if let Some(hf_config) = bp.family.hf_config {
        let config = hf_config(&bp.hyperparameters);
        let mut text = serde_json::to_string_pretty(&config).unwrap_or_default();
        text.push('\n');
        tree.insert("config.json", text)?;
    }
    Ok(tree)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_is_imported_only_when_used_by_name() {
        assert!(uses_module("start = time.perf_counter()", "time."));
        assert!(uses_module("x = np.asarray(y)", "np."));
        assert!(!uses_module("\"\"\"Half of the time.\"\"\"", "time."));
        assert!(!uses_module("runtime.value", "time."));
        assert!(!uses_module("inp.shape", "np."));
        let block = imports("def f():\n    return time.time()\n", &[]);
        assert!(block.contains("import time\n"));
        assert!(!block.contains("import torch"), "{block}");
    }
}
