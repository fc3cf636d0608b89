//! Cross-document consistency: for every bundled example the figures that
//! more than one document shows (parameters, FLOPs per token and per sample,
//! tokens, samples, steps, memory, latency, decode speed) are parsed back out
//! of the model card, the evaluation report, the limitations and the paper,
//! with their units, and compared with `params_estimate.json` and
//! `summary.json` after rounding the JSON value to the precision each
//! document shows.
//!
//! Each probe names a label; a probe whose figure the JSON holds must find
//! its label, so renaming a label fails the test instead of skipping it.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::prose::{latex_prose, unescape_markdown};
use crate::support::{example_files, render_in_memory};

/// A number as a document shows it, in the document's unit.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    /// The value in the unit shown.
    value: f64,
    /// Half of the last digit shown: the rounding a faithful display allows.
    half_step: f64,
    /// What the unit multiplies to reach bytes or seconds (1 when unitless).
    scale: f64,
    /// The text parsed, for messages.
    text: String,
}

/// The scale of a unit that follows a number, or None for no unit.
fn unit_scale(unit: &str) -> Option<f64> {
    Some(match unit {
        "B" => 1.0,
        "KB" => 1e3,
        "MB" => 1e6,
        "GB" => 1e9,
        "TB" => 1e12,
        "ns" => 1e-9,
        "µs" => 1e-6,
        "ms" => 1e-3,
        "s" => 1.0,
        _ => return None,
    })
}

/// Parses the number (and unit) that opens `text`, after spaces, table bars
/// and opening brackets.
fn parse_shown(text: &str) -> Option<Shown> {
    let text = text.trim_start_matches([' ', '|', '(', '*']);
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut number = String::new();
    if matches!(chars.first(), Some('\u{2212}' | '-')) {
        number.push('-');
        i += 1;
    }
    let mut decimals: i32 = 0;
    let mut in_fraction = false;
    while i < chars.len() {
        let c = chars[i];
        let next_digit = chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() {
            number.push(c);
            if in_fraction {
                decimals += 1;
            }
        } else if c == ',' && next_digit && !in_fraction {
        } else if c == '.' && next_digit && !in_fraction {
            number.push('.');
            in_fraction = true;
        } else {
            break;
        }
        i += 1;
    }
    if !number.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut exponent = 0i32;
    if chars.get(i) == Some(&'e') {
        let rest: String = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit() || **c == '-' || **c == '\u{2212}')
            .collect();
        if let Ok(e) = rest.replace('\u{2212}', "-").parse::<i32>() {
            exponent = e;
            i += 1 + rest.chars().count();
        }
    }
    let mantissa: f64 = number.parse().ok()?;
    let unit: String = chars[i..]
        .iter()
        .skip_while(|c| **c == ' ')
        .take_while(|c| c.is_alphabetic())
        .collect();
    let scale = unit_scale(&unit).unwrap_or(1.0);
    let power = 10f64.powi(exponent);
    Some(Shown {
        value: mantissa * power,
        half_step: 0.5 * 10f64.powi(-decimals) * power,
        scale,
        text: chars[..i].iter().collect::<String>() + if scale == 1.0 { "" } else { " " } + &unit,
    })
}

/// The number after the chain of anchors, each searched from the end of the last.
fn shown_after(text: &str, anchors: &[&str]) -> Option<Shown> {
    let mut at = 0;
    for anchor in anchors {
        at += text[at..].find(anchor)? + anchor.len();
    }
    parse_shown(&text[at..])
}

/// Where a figure lives in one document.
struct Probe {
    figure: &'static str,
    doc: &'static str,
    anchors: &'static [&'static str],
    /// The reference in bytes, seconds or plain units; None: the document must not need it.
    reference: Option<f64>,
}

fn get<'a>(json: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(json, |v, key| &v[key])
}

fn num(json: &Value, path: &str) -> Option<f64> {
    get(json, path).as_f64()
}

/// Whether `shown` is the reference rounded to the shown precision.
fn agrees(shown: &Shown, reference: f64) -> bool {
    let expected = reference / shown.scale;
    (shown.value - expected).abs() <= shown.half_step * (1.0 + 1e-9) + expected.abs() * 1e-12
}

/// Every probe of one release, against its two JSON files.
fn probes(estimate: &Value, summary: &Value, has_paper: bool) -> Vec<Probe> {
    let params = num(estimate, "total_params");
    let planned_tokens = num(summary, "planned_run.tokens");
    let planned_samples = num(summary, "planned_run.samples");
    let capacity_tokens = num(estimate, "compute.trainable_tokens");
    let capacity_samples = num(estimate, "compute.trainable_samples");
    let paper = |r: Option<f64>| r.filter(|_| has_paper);
    // A task whose train.py counts its budget in environment steps words its plan so.
    let environment = get(summary, "planned_run.step_unit") == "environment";
    let pick = |optimizer: &'static [&'static str], env: &'static [&'static str]| {
        if environment { env } else { optimizer }
    };
    let differs = |a: Option<f64>, b: Option<f64>| a.filter(|&a| Some(a) != b);
    let weights = num(estimate, "memory.weights.bf16_bytes");
    let latency = num(estimate, "inference.latency_seconds");
    vec![
        // Parameters.
        Probe {
            figure: "parameters",
            doc: "docs/model_card.md",
            anchors: &["| Parameters | "],
            reference: params,
        },
        Probe {
            figure: "parameters",
            doc: "docs/eval_report.md",
            anchors: &["The model has "],
            reference: params,
        },
        Probe {
            figure: "parameters",
            doc: "paper/sections/abstract.tex",
            anchors: &["network of exactly "],
            reference: paper(params),
        },
        Probe {
            figure: "parameters",
            doc: "paper/sections/method.tex",
            anchors: &["the total, "],
            reference: paper(params),
        },
        // FLOPs.
        Probe {
            figure: "training FLOPs per token (6N)",
            doc: "docs/model_card.md",
            anchors: &["| Training FLOPs per token (6N) | "],
            reference: num(estimate, "flops.training_per_token"),
        },
        Probe {
            figure: "training FLOPs per token with attention",
            doc: "paper/sections/method.tex",
            anchors: &["The stated compute", "At "],
            reference: paper(
                capacity_tokens.and(num(estimate, "flops.training_per_token_with_attention")),
            ),
        },
        Probe {
            figure: "training FLOPs per token with attention",
            doc: "docs/model_card.md",
            anchors: &["| Training FLOPs per token with attention (what the token count uses) | "],
            reference: num(estimate, "flops.training_per_token_with_attention"),
        },
        Probe {
            figure: "training FLOPs per sample",
            doc: "docs/model_card.md",
            anchors: &["| Training FLOPs per sample | "],
            reference: num(estimate, "flops.training_per_sample"),
        },
        Probe {
            figure: "training FLOPs per sample",
            doc: "docs/eval_report.md",
            anchors: &["| Training FLOPs per sample | "],
            reference: num(estimate, "flops.training_per_sample"),
        },
        Probe {
            figure: "inference FLOPs per request",
            doc: "docs/eval_report.md",
            anchors: &["| Inference FLOPs per request | "],
            reference: num(estimate, "flops.inference_per_request"),
        },
        Probe {
            figure: "activation memory per sample",
            doc: "docs/eval_report.md",
            anchors: &["| Activation memory per sample | "],
            reference: num(estimate, "memory.training.activation_bytes_per_sample"),
        },
        Probe {
            figure: "total training FLOPs",
            doc: "docs/model_card.md",
            anchors: &["| Total training FLOPs | "],
            reference: num(estimate, "compute.total_flops"),
        },
        Probe {
            figure: "total training FLOPs",
            doc: "paper/sections/method.tex",
            anchors: &["The stated compute", "provides "],
            reference: paper(num(estimate, "compute.total_flops")),
        },
        // Steps, samples, tokens of the planned run.
        Probe {
            figure: "steps",
            doc: "docs/model_card.md",
            anchors: pick(&["| Steps | "], &["| Environment steps | "]),
            reference: num(summary, "training_recipe.max_steps"),
        },
        Probe {
            figure: "steps",
            doc: "paper/sections/method.tex",
            anchors: pick(&["a batch of ", " for "], &["minibatches of ", " for "]),
            reference: paper(num(summary, "training_recipe.max_steps")),
        },
        Probe {
            figure: "steps",
            doc: "paper/sections/method.tex",
            anchors: pick(&["The recipe trains "], &["The recipe collects up to "]),
            reference: paper(num(summary, "planned_run.steps")),
        },
        Probe {
            figure: "global batch",
            doc: "docs/model_card.md",
            anchors: &["| Batch size | "],
            reference: num(summary, "training_recipe.batch_size"),
        },
        Probe {
            figure: "global batch",
            doc: "paper/sections/method.tex",
            anchors: pick(
                &["The recipe trains ", " steps of "],
                &["The recipe collects ", "minibatches of "],
            ),
            reference: paper(num(summary, "planned_run.global_batch")),
        },
        Probe {
            figure: "samples",
            doc: "docs/model_card.md",
            anchors: pick(
                &["| Training samples (steps × batch) | "],
                &["| Transitions collected (one per environment step) | "],
            ),
            reference: planned_samples,
        },
        Probe {
            figure: "samples",
            doc: "paper/sections/method.tex",
            anchors: pick(
                &["The recipe trains ", "samples: "],
                &["The recipe collects ", "environment steps, "],
            ),
            reference: paper(planned_samples),
        },
        Probe {
            figure: "tokens",
            doc: "docs/model_card.md",
            anchors: &["| Training tokens (samples × sequence length) | "],
            reference: planned_tokens,
        },
        Probe {
            figure: "tokens",
            doc: "paper/sections/method.tex",
            anchors: &["The recipe trains ", " training samples, "],
            reference: paper(planned_tokens),
        },
        // What the compute budget allows, where it differs from the plan.
        Probe {
            figure: "samples the compute allows",
            doc: "docs/model_card.md",
            anchors: &["| Samples the compute allows | "],
            reference: differs(capacity_samples, planned_samples),
        },
        Probe {
            figure: "samples the compute allows",
            doc: "paper/sections/method.tex",
            anchors: &["It allows about "],
            reference: paper(capacity_samples),
        },
        Probe {
            figure: "tokens the compute allows",
            doc: "docs/model_card.md",
            anchors: &["| Tokens the compute allows | "],
            reference: differs(capacity_tokens, planned_tokens),
        },
        Probe {
            figure: "tokens the compute allows",
            doc: "paper/sections/method.tex",
            anchors: &["it allows about "],
            reference: paper(capacity_tokens),
        },
        Probe {
            figure: "tokens the compute allows",
            doc: "paper/sections/method.tex",
            anchors: &["Our compute trains on "],
            reference: paper(num(estimate, "chinchilla.trainable_tokens")),
        },
        // Memory.
        Probe {
            figure: "bf16 weights",
            doc: "docs/model_card.md",
            anchors: &["| Weights (bf16) | "],
            reference: weights,
        },
        Probe {
            figure: "bf16 weights",
            doc: "docs/model_card.md",
            anchors: &["trainable). Weights: "],
            reference: weights,
        },
        Probe {
            figure: "bf16 weights",
            doc: "docs/eval_report.md",
            anchors: &["| bf16 weights | "],
            reference: weights,
        },
        Probe {
            figure: "bf16 weights",
            doc: "paper/sections/abstract.tex",
            anchors: &["of its budget, "],
            reference: paper(weights),
        },
        Probe {
            figure: "bf16 weights",
            doc: "paper/sections/conclusion.tex",
            anchors: &["parameters, "],
            reference: paper(weights),
        },
        Probe {
            figure: "training memory",
            doc: "docs/eval_report.md",
            anchors: &[
                "| Training memory (model states + activations), unsharded, no checkpointing | ",
            ],
            reference: num(estimate, "memory.training.total_bytes"),
        },
        Probe {
            figure: "training memory per device",
            doc: "docs/eval_report.md",
            anchors: &["| Training memory per device (micro-batch ", " | "],
            reference: num(estimate, "memory.training.per_device_bytes"),
        },
        Probe {
            figure: "training memory per device",
            doc: "docs/limitations.md",
            anchors: &["| `training_memory_per_device` |", " holds "],
            reference: num(estimate, "memory.training.per_device_bytes")
                .filter(|_| get(estimate, "feasibility").to_string().contains(" holds ")),
        },
        Probe {
            figure: "model state",
            doc: "paper/sections/method.tex",
            anchors: &["optimizer moments take "],
            reference: paper(num(estimate, "memory.training.model_state_bytes")),
        },
        Probe {
            figure: "KV cache at the context",
            doc: "docs/eval_report.md",
            anchors: &["| KV cache at the context window | "],
            reference: num(estimate, "kv_cache.bytes_at_context"),
        },
        // Latency and speed.
        Probe {
            figure: "latency",
            doc: "docs/limitations.md",
            anchors: &["estimated latency on the ", "reference device is "],
            reference: latency,
        },
        Probe {
            figure: "latency",
            doc: "docs/eval_report.md",
            anchors: &["| LATENCY-SAT |", "= 100 x min(1, ", " / "],
            reference: latency.filter(|&l| {
                l > 0.0
                    && get(summary, "benchmarks")
                        .to_string()
                        .contains("roofline latency")
            }),
        },
        Probe {
            figure: "decode speed",
            doc: "docs/model_card.md",
            anchors: &["| Decode speed on ", " | "],
            reference: num(estimate, "inference.decode_tokens_per_s"),
        },
        Probe {
            figure: "decode speed",
            doc: "docs/eval_report.md",
            anchors: &["| Decode speed on ", " | "],
            reference: num(estimate, "inference.decode_tokens_per_s"),
        },
    ]
}

/// The checks that hold between the two JSON files and within the plan.
fn json_agreement(name: &str, estimate: &Value, summary: &Value, problems: &mut Vec<String>) {
    for path in ["total_params", "trainable_params", "non_embedding_params"] {
        if get(estimate, path) != get(summary, &format!("architecture.{path}")) {
            problems.push(format!(
                "{name}: {path} differs between params_estimate.json and summary.json"
            ));
        }
    }
    for key in [
        "flops",
        "compute",
        "chinchilla",
        "inference",
        "kv_cache",
        "weights",
        "feasibility",
    ] {
        let in_estimate = if key == "weights" {
            get(estimate, "memory.weights")
        } else {
            get(estimate, key)
        };
        if in_estimate != get(summary, &format!("cost.{key}")) {
            problems.push(format!(
                "{name}: cost.{key} differs between params_estimate.json and summary.json"
            ));
        }
    }
    if get(estimate, "memory.training") != get(summary, "cost.training_memory") {
        problems.push(format!(
            "{name}: the training memory differs between the two JSON files"
        ));
    }
    // One computation: samples = steps x batch (one transition per step when the steps are
    // environment steps), tokens = samples x sequence length.
    let plan = get(summary, "planned_run");
    let steps = plan["steps"].as_u64().unwrap_or(0);
    let batch = plan["global_batch"].as_u64().unwrap_or(0);
    let samples = plan["samples"].as_u64().unwrap_or(0);
    let per_step = if plan["step_unit"] == "environment" {
        1
    } else {
        batch
    };
    if steps
        != summary["training_recipe"]["max_steps"]
            .as_u64()
            .unwrap_or(0)
        || batch
            != summary["training_recipe"]["batch_size"]
                .as_u64()
                .unwrap_or(0)
        || samples != steps * per_step
    {
        problems.push(format!(
            "{name}: the planned run is not the recipe's steps x batch: {plan}"
        ));
    }
    if let (Some(tokens), Some(seq)) = (plan["tokens"].as_u64(), plan["seq_len"].as_u64())
        && tokens != samples * seq
    {
        problems.push(format!(
            "{name}: planned tokens are not samples x sequence length: {plan}"
        ));
    }
    let compute = get(estimate, "compute");
    if let (Some(s), Some(b), Some(n)) = (
        compute["trainable_steps"].as_u64(),
        compute["global_batch"].as_u64(),
        compute["trainable_samples"].as_u64(),
    ) && s * b != n
    {
        problems.push(format!(
            "{name}: the compute's samples are not its steps x batch"
        ));
    }
}

#[test]
fn every_shared_figure_reads_the_same_in_every_document() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut problems = Vec::new();
    let mut compared = BTreeMap::<&str, usize>::new();
    for spec in example_files() {
        let name = spec.strip_prefix(root).unwrap().display().to_string();
        let files: BTreeMap<String, Vec<u8>> = render_in_memory(&spec).into_iter().collect();
        let json = |path: &str| -> Value {
            serde_json::from_slice(&files[path]).unwrap_or_else(|e| panic!("{name}: {path}: {e}"))
        };
        let estimate = json("blueprint/params_estimate.json");
        let summary = json("docs/summary.json");
        json_agreement(&name, &estimate, &summary, &mut problems);
        let has_paper = files.contains_key("paper/main.tex");
        for probe in probes(&estimate, &summary, has_paper) {
            let Some(reference) = probe.reference else {
                continue;
            };
            let Some(bytes) = files.get(probe.doc) else {
                problems.push(format!(
                    "{name}: {} is missing (it should show {})",
                    probe.doc, probe.figure
                ));
                continue;
            };
            let raw = String::from_utf8_lossy(bytes);
            let text = if probe.doc.ends_with(".tex") {
                latex_prose(&raw)
            } else {
                unescape_markdown(&raw)
            };
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            match shown_after(&text, probe.anchors) {
                None => problems.push(format!(
                    "{name}: {}: no {} after {:?}",
                    probe.doc, probe.figure, probe.anchors
                )),
                Some(shown) if !agrees(&shown, reference) => problems.push(format!(
                    "{name}: {}: {} shows {} but the JSON holds {reference}",
                    probe.doc, probe.figure, shown.text
                )),
                Some(_) => *compared.entry(probe.figure).or_default() += 1,
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} disagreements:\n{}",
        problems.len(),
        problems.join("\n")
    );
    // Every kind of figure was compared somewhere (so no probe went vacuous everywhere).
    for figure in [
        "parameters",
        "training FLOPs per token (6N)",
        "training FLOPs per token with attention",
        "training FLOPs per sample",
        "total training FLOPs",
        "steps",
        "global batch",
        "samples",
        "tokens",
        "samples the compute allows",
        "tokens the compute allows",
        "bf16 weights",
        "training memory",
        "model state",
        "training memory per device",
        "KV cache at the context",
        "latency",
        "decode speed",
    ] {
        assert!(
            compared.get(figure).is_some_and(|&n| n > 0),
            "{figure} was never compared: {compared:?}"
        );
    }
    eprintln!("compared: {compared:?}");
}

#[test]
fn the_parser_reads_units_and_precision_and_the_comparison_can_fail() {
    let shown = parse_shown("| 16.1 GB |").unwrap();
    assert_eq!((shown.value, shown.scale), (16.1, 1e9));
    assert!(agrees(&shown, 16_060_522_496.0));
    assert!(!agrees(&shown, 16_160_522_496.0), "16.16 GB rounds to 16.2");
    let shown = parse_shown("4.82e10 |").unwrap();
    assert!(agrees(&shown, 48_181_567_488.0));
    assert!(!agrees(&shown, 48_281_567_488.0));
    let shown = parse_shown("8,030,261,248 (exact)").unwrap();
    assert!(agrees(&shown, 8_030_261_248.0));
    assert!(!agrees(&shown, 8_030_261_249.0), "a grouped count is exact");
    let shown = parse_shown("43.2 µs per request").unwrap();
    assert_eq!(shown.scale, 1e-6);
    assert!(agrees(&shown, 0.000_043_24));
    assert!(!agrees(&shown, 0.000_043_26));
    let shown = parse_shown("2,356 ms").unwrap();
    assert!(agrees(&shown, 2.3561));
    let shown = parse_shown("\u{2212}0.3").unwrap();
    assert!(agrees(&shown, -0.31));
    assert_eq!(
        shown_after(
            "x a batch of 1,024 for 21,539 steps",
            &["a batch of ", " for "]
        )
        .map(|s| s.value),
        Some(21_539.0)
    );
    assert_eq!(shown_after("no number here", &["here"]), None);
    assert_eq!(shown_after("label missing", &["Parameters"]), None);
}
