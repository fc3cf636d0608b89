//! The evaluation report and the limitations statement.

use super::{count, gb, sci};
use crate::families::{
    ORACLE_TOLERANCE_ACTIVATIONS, ORACLE_TOLERANCE_INFERENCE, Oracle, oracle_train_tolerance,
};
use crate::numbers;
use crate::release::Release;
use crate::render::markdown::{inline, table};

/// Figures embedded in the report: (file stem, caption).
pub const REPORT_FIGURES: &[(&str, &str)] = &[
    (
        "capability_stack",
        "Capability stack: every suite score by category",
    ),
    (
        "radar",
        "Benchmark radar of the eleven suite scores (starred axes are synthetic)",
    ),
    ("param_breakdown", "Parameters by top-level component"),
    (
        "memory",
        "Memory: serving against the budget, one training device against its memory",
    ),
    (
        "ablation",
        "Ablations: exact parameter change of each variant",
    ),
    ("scaling", "Scaling-law loss against training tokens"),
];

/// `docs/eval_report.md`.
pub fn eval_report(release: &Release) -> String {
    let spec = &release.resolved.spec;
    let bench = &release.benchmarks;
    let mut md = format!("# Evaluation report: {}\n\n", inline(&spec.name));
    md.push_str(&format!("> {}\n\n", crate::benchmarks::DISCLAIMER));

    md.push_str("## Summary\n\n");
    let means: Vec<Vec<String>> = bench
        .category_means
        .iter()
        .map(|(category, mean)| {
            let methods: Vec<&str> = bench
                .suite
                .iter()
                .filter(|s| s.category == category)
                .map(|s| s.method.as_str())
                .collect();
            let method = if methods.iter().all(|m| *m == "synthetic") {
                "synthetic"
            } else if methods.iter().all(|m| *m == "computed") {
                "computed"
            } else {
                "mixed"
            };
            vec![
                category.clone(),
                numbers::one_decimal(*mean),
                method.to_string(),
            ]
        })
        .collect();
    md.push_str(&table(&["Category", "Mean score", "Method"], &means));
    md.push_str(&format!(
        "\nThe model has {} parameters ({}% of the budget).\n\n",
        count(release.blueprint.total_params),
        numbers::percent(release.derived.budget_fraction)
    ));

    for category in ["capability", "efficiency", "constraints", "novelty"] {
        md.push_str(&format!("## {}\n\n", title_case(category)));
        let rows: Vec<Vec<String>> = bench
            .suite
            .iter()
            .filter(|s| s.category == category)
            .map(|s| {
                vec![
                    s.name.to_string(),
                    numbers::one_decimal(s.score),
                    s.method.as_str().to_string(),
                    inline(&s.derivation),
                ]
            })
            .collect();
        md.push_str(&table(
            &["Benchmark", "Score", "Method", "How it was obtained"],
            &rows,
        ));
        md.push('\n');
    }

    md.push_str("## Comparison with baselines\n\n");
    if bench.spec_scores.is_empty() {
        md.push_str("The spec lists no benchmarks of its own.\n\n");
    } else {
        md.push_str(
            "Every row is a synthetic draw on the benchmark's own scale (the arrow says which \
             direction is better). The baselines are generic stand-ins, not real models.\n\n",
        );
        md.push_str(&table(
            &["Benchmark", "Model", "Score", "Unit", "Method"],
            &super::model_card::spec_score_rows(release),
        ));
        md.push('\n');
    }
    if !bench.named_baselines.is_empty() {
        md.push_str(&format!(
            "The spec names {} as baselines. They are real models, so no score is invented \
             for them here; compare with their published results after evaluation.\n\n",
            bench
                .named_baselines
                .iter()
                .map(|b| inline(b))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    md.push_str("## Metrics computed by `code/eval.py`\n\n");
    md.push_str(&super::model_card::metric_lines(release));

    md.push_str("## Figures\n\n");
    for (stem, caption) in REPORT_FIGURES {
        if !crate::render::figures_release::draws(release, stem) {
            continue;
        }
        md.push_str(&format!(
            "![{caption}](figures/{stem}.png)\n\n*{caption}.*\n\n"
        ));
    }

    md.push_str("## Cost model\n\n");
    md.push_str(
        "The test suite measures the full-size generated model of every bundled example and test fixture \
         with PyTorch's own counters, on the meta device: `FlopCounterMode` for FLOPs and \
         the tensors autograd saves for activation memory. The last column says whether the \
         rule behind each figure agrees with them for this architecture, and to which \
         tolerance.\n\n",
    );
    let cost = &release.cost;
    let oracle = release.blueprint.family.oracle;
    let derived = "derived from the figures above".to_string();
    let train_tolerance = oracle_train_tolerance(&cost.flops);
    let flops = |value: Option<f64>| value.map_or_else(|| "not estimated".to_string(), sci);
    let mut rows = vec![
        vec![
            "bf16 weights".to_string(),
            gb(cost.weights.bf16_bytes),
            "the parameter count equals PyTorch's exactly".to_string(),
        ],
        vec![
            "Training FLOPs per sample".to_string(),
            flops(cost.flops.training_per_sample),
            checked(oracle.training_flops, train_tolerance, "`FlopCounterMode`"),
        ],
        vec![
            "Inference FLOPs per request".to_string(),
            flops(cost.flops.inference_per_request),
            checked(
                oracle.inference_flops,
                ORACLE_TOLERANCE_INFERENCE,
                "`FlopCounterMode`",
            ),
        ],
        vec![
            "Activation memory per sample".to_string(),
            cost.training_memory
                .activation_bytes_per_sample
                .map_or_else(|| "not estimated".to_string(), gb),
            match cost.training_memory.activation_bytes_per_sample {
                Some(_) => checked(
                    oracle.activations,
                    ORACLE_TOLERANCE_ACTIVATIONS,
                    "the tensors autograd saves",
                ),
                None => "nothing to check: the cost model has no activation rule for this \
                         architecture yet, so the training memory below counts model states only"
                    .to_string(),
            },
        ],
        vec![
            "Training memory (model states + activations), unsharded, no checkpointing".to_string(),
            gb(cost.training_memory.total_bytes),
            derived.clone(),
        ],
        vec![
            format!(
                "Training memory per device (micro-batch {}, state sharded over {})",
                crate::numbers::group_digits(cost.training_memory.batch),
                crate::numbers::group_digits(cost.training_memory.state_shards)
            ),
            gb(cost.training_memory.per_device_bytes),
            derived.clone(),
        ],
    ];
    let not_checked = "not checked".to_string();
    if let Some(kv) = &cost.kv_cache {
        rows.push(vec![
            "KV cache at the context window".to_string(),
            gb(kv.bytes_at_context),
            not_checked.clone(),
        ]);
    }
    if let Some(tps) = cost.inference.decode_tokens_per_s {
        rows.push(vec![
            format!("Decode speed on {}", cost.inference.accelerator),
            format!("{} tokens/s", numbers::one_decimal(tps)),
            not_checked.clone(),
        ]);
    }
    if let Some(sps) = cost.inference.samples_per_s {
        rows.push(vec![
            format!("Throughput on {}", cost.inference.accelerator),
            format!("{} samples/s", numbers::one_decimal(sps)),
            not_checked.clone(),
        ]);
    }
    md.push_str(&table(
        &["Quantity", "Estimate", "Checked against PyTorch"],
        &rows,
    ));
    md.push_str("\nAssumptions:\n\n");
    for assumption in &cost.assumptions {
        md.push_str(&format!("- {}\n", inline(assumption)));
    }
    md
}

fn title_case(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// `docs/limitations.md`: the feasibility checks, warnings and assumptions.
pub fn limitations(release: &Release) -> String {
    let mut md = format!(
        "# Limitations of {}\n\n",
        inline(&release.resolved.spec.name)
    );
    for line in super::cards::limitation_lines(release) {
        md.push_str(&format!("- {line}\n"));
    }
    md.push_str("\n## Feasibility checks\n\n");
    let rows: Vec<Vec<String>> = release
        .cost
        .feasibility
        .iter()
        .map(|c| {
            vec![
                format!("`{}`", c.name),
                c.verdict.to_string(),
                inline(&c.detail),
            ]
        })
        .collect();
    md.push_str(&table(&["Check", "Verdict", "Detail"], &rows));
    md.push_str(
        "\nParameters are a social construct; these ones, at least, are counted exactly.\n",
    );
    md
}

/// What the cost oracle found for a figure of this architecture, for the cost table.
fn checked(oracle: Oracle, tolerance: f64, counter: &str) -> String {
    match oracle {
        Oracle::Agrees => format!(
            "agrees with {counter} within {}% on every bundled example and test fixture of this architecture",
            numbers::whole_percent(tolerance)
        ),
        Oracle::Disagrees => format!(
            "does not yet agree with {counter} within {}% on this architecture's bundled examples and test fixtures",
            numbers::whole_percent(tolerance)
        ),
        Oracle::NotMeasured => {
            "not measured: no bundled example or test fixture has this architecture".to_string()
        }
    }
}
