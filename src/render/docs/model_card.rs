//! `docs/model_card.md`, following the Hugging Face model card template section by section.
//! The front matter carries metadata only: no score goes into a `model-index`, because the
//! Hub turns one into an evaluation widget and leaderboards scrape it, and every score a
//! synthesized release has is synthetic or a cost-model figure, not an evaluation.

use serde_json::json;

use super::cards::{
    NOT_SPECIFIED, accelerator_watts, bibtex_text, limitation_lines, list_or_none, modalities,
    sentence_case, stated_alignment, stated_objective,
};
use super::{count, gb, sci};
use crate::benchmarks::Method;
use crate::numbers;
use crate::release::{Release, StepUnit};
use crate::render::markdown::{code_block, inline, table};
use crate::spec::ArtifactGroup;

/// The Hugging Face pipeline tag for the release's task, from its
/// architecture (or the architecture's task) in the registry.
pub fn pipeline_tag(release: &Release) -> &'static str {
    release.blueprint.family.pipeline_tag(&release.request.kind)
}

/// The headings of the Hugging Face model card template, in order, as this card writes
/// them (the template's "[optional]" marks dropped). The tests check every card for them.
pub const TEMPLATE_HEADINGS: &[&str] = &[
    "## Model Details",
    "### Model Description",
    "### Model Sources",
    "## Uses",
    "### Direct Use",
    "### Downstream Use",
    "### Out-of-Scope Use",
    "## Bias, Risks, and Limitations",
    "### Recommendations",
    "## How to Get Started with the Model",
    "## Training Details",
    "### Training Data",
    "### Training Procedure",
    "#### Preprocessing",
    "#### Training Hyperparameters",
    "#### Speeds, Sizes, Times",
    "## Evaluation",
    "### Testing Data, Factors & Metrics",
    "#### Testing Data",
    "#### Factors",
    "#### Metrics",
    "### Results",
    "#### Summary",
    "## Model Examination",
    "## Environmental Impact",
    "## Technical Specifications",
    "### Model Architecture and Objective",
    "### Compute Infrastructure",
    "#### Hardware",
    "#### Software",
    "## Citation",
    "## Model Card Authors",
    "## Model Card Contact",
];

/// Where the license section points: the spec names no license, so `license: other`
/// links to the card's own License section, which says what the releaser must add.
const LICENSE_LINK: &str = "docs/model_card.md#license";

/// A lower-case identifier from free text.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-').to_string();
    if trimmed.is_empty() {
        "benchmark".to_string()
    } else {
        trimmed
    }
}

fn front_matter(release: &Release) -> String {
    let spec = &release.resolved.spec;
    let mut tags = vec![
        "metagen".to_string(),
        "synthetic-benchmarks".to_string(),
        release.blueprint.family.name.to_string(),
        release.blueprint.variant.name.to_string(),
        spec.task.task_type.as_str().replace('_', "-"),
    ];
    for modality in spec.modality.inputs.iter().chain(&spec.modality.outputs) {
        let tag = modality.as_str().replace('_', "-");
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    let metadata = json!({
        "model_name": spec.name,
        "license": "other",
        "license_name": "unspecified",
        "license_link": LICENSE_LINK,
        "library_name": "pytorch",
        "pipeline_tag": pipeline_tag(release),
        "tags": tags,
        "datasets": spec.training.data.sources,
        "metrics": spec.evaluation.metrics,
    });
    let yaml = serde_saphyr::to_string(&metadata).unwrap_or_default();
    format!("---\n{yaml}---\n")
}

/// `docs/model_card.md`.
pub fn model_card(release: &Release) -> String {
    let spec = &release.resolved.spec;
    let name = inline(&spec.name);
    let mut md = front_matter(release);
    md.push_str(&format!("\n# Model Card for {name}\n\n"));
    md.push_str(&format!("{}\n\n", inline(&spec.description)));
    md.push_str(&format!(
        "> **Synthetic scores.** {}\n\n",
        crate::benchmarks::DISCLAIMER
    ));
    details(release, &mut md);
    uses(release, &mut md);
    risks(release, &mut md);
    get_started(&mut md);
    training(release, &mut md);
    evaluation(release, &mut md);
    md.push_str(
        "## Model Examination\n\nNone yet: there are no trained weights to examine. The \
         module graph in `paper/figures/module_graph.pdf` shows the dataflow of the \
         untrained architecture.\n\n",
    );
    environment(release, &mut md);
    technical(release, &mut md);
    citation(release, &mut md);
    md.push_str(
        "## License\n\nThe spec names no license. Choose one and state it here (and in the \
         front matter's `license` field) before publishing the weights.\n\n",
    );
    md.push_str(
        "## Model Card Authors\n\nGenerated by MetaGen from the release's spec; the releaser \
         who wrote the spec is responsible for it.\n\n",
    );
    md.push_str(
        "## Model Card Contact\n\nThe spec names no contact. Add a maintainer or an issue \
         tracker before publishing.\n",
    );
    md
}

fn details(release: &Release, md: &mut String) {
    let spec = &release.resolved.spec;
    let bp = &release.blueprint;
    md.push_str("## Model Details\n\n### Model Description\n\n");
    let version = spec
        .version
        .as_deref()
        .map(inline)
        .unwrap_or_else(|| "unversioned".to_string());
    md.push_str(&table(
        &["Field", "Value"],
        &[
            vec![
                "Model type".into(),
                format!("{} ({})", bp.variant, bp.family),
            ],
            vec!["Task".into(), spec.task.task_type.as_str().to_string()],
            vec!["Domain".into(), inline(&spec.task.domain)],
            vec!["Inputs".into(), modalities(&spec.modality.inputs)],
            vec!["Outputs".into(), modalities(&spec.modality.outputs)],
            vec![
                "Parameters".into(),
                format!("{} (exact)", count(bp.total_params)),
            ],
            vec!["Release version".into(), version],
            vec!["License".into(), "unspecified (see License)".into()],
            vec![
                "Developed by".into(),
                "MetaGen (synthesized from a spec)".into(),
            ],
        ],
    ));
    md.push_str(
        "\nThe architecture, code and documents were synthesized by MetaGen from a \
         specification; no weights have been trained.\n\n",
    );
    md.push_str("### Model Sources\n\n");
    md.push_str("- **Code:** `code/` in this release (model, data, training, evaluation).\n");
    md.push_str("- **Blueprint:** `blueprint/architecture.yaml` (exact parameter counts).\n");
    if release.resolved.artifacts.contains(&ArtifactGroup::Paper) {
        md.push_str("- **Paper:** `paper/main.tex` (build with `make -C paper`).\n");
    } else {
        md.push_str("- **Paper:** not requested by the spec.\n");
    }
    md.push_str("- **Repository and demo:** none yet; the spec names no hosting.\n\n");
}

fn uses(release: &Release, md: &mut String) {
    let spec = &release.resolved.spec;
    md.push_str("## Uses\n\n### Direct Use\n\n");
    md.push_str(&format!(
        "{} for the {} domain, deployed on a {} device under the `{}` latency class, once trained.\n\n",
        sentence_case(spec.task.task_type.as_str()),
        inline(&spec.task.domain),
        spec.constraints.device.as_str().replace('_', " "),
        spec.constraints.latency.as_str()
    ));
    md.push_str("### Downstream Use\n\n");
    md.push_str(&format!(
        "Fine-tuning the trained model on data closer to a downstream application, starting \
         from `code/train.py` with `--data`; the {} task head and the `{}` pipeline are what a \
         downstream user inherits.\n\n",
        spec.task.task_type.as_str().replace('_', " "),
        pipeline_tag(release)
    ));
    md.push_str("### Out-of-Scope Use\n\n");
    md.push_str(
        "- Any use that relies on the benchmark scores in this card: they are synthetic.\n\
         - Deployment before the model is trained and evaluated on real data.\n\
         - Safety-critical or high-stakes decisions about people.\n\n",
    );
}

fn risks(release: &Release, md: &mut String) {
    md.push_str("## Bias, Risks, and Limitations\n\n");
    for line in limitation_lines(release) {
        md.push_str(&format!("- {line}\n"));
    }
    md.push_str("\nSee `limitations.md` for the full list.\n\n");
    md.push_str("### Recommendations\n\n");
    md.push_str(
        "- Train the model and run `code/eval.py` before quoting any number about its quality.\n\
         - Replace every synthetic score in this card with a measured one, or delete it.\n\
         - Answer the open questions of `data_card.md` before publishing the weights.\n",
    );
    if stated_alignment(&release.resolved).is_none() {
        md.push_str(
            "- Decide and document post-training alignment: the spec does not specify any.\n",
        );
    }
    md.push('\n');
}

fn get_started(md: &mut String) {
    md.push_str("## How to Get Started with the Model\n\n");
    md.push_str(&code_block(
        "sh",
        "cd code\npip install -r requirements.txt\n\
         python train.py --tiny --steps 30 --out runs/tiny      # CPU smoke test\n\
         python eval.py --checkpoint runs/tiny/checkpoint.pt    # writes runs/tiny/eval.json\n\
         python infer.py --checkpoint runs/tiny/checkpoint.pt\n\
         torchrun --nproc_per_node 8 train.py --out runs/full    # full size, DDP (add --fsdp to shard)\n",
    ));
    md.push('\n');
    md.push_str(&code_block(
        "python",
        "import torch\n\nfrom model import MetaGenModel, ModelConfig\n\n\
         model = MetaGenModel()  # the full blueprint, untrained\n\
         checkpoint = torch.load(\"runs/tiny/checkpoint.pt\", weights_only=False)\n\
         small = MetaGenModel(ModelConfig(**checkpoint[\"config\"]))\n\
         small.load_state_dict(checkpoint[\"model\"])\n",
    ));
    md.push('\n');
}

fn training(release: &Release, md: &mut String) {
    let spec = &release.resolved.spec;
    let recipe = &release.recipe;
    let cost = &release.cost;
    md.push_str("## Training Details\n\n### Training Data\n\n");
    md.push_str(&format!(
        "Sources: {}. Size: {}. See `data_card.md`.\n\n",
        list_or_none(&spec.training.data.sources),
        inline(&release.resolved.data_size.to_string())
    ));
    md.push_str("### Training Procedure\n\n");
    let objective =
        stated_objective(&release.resolved).map_or(NOT_SPECIFIED.to_string(), list_or_none);
    let alignment = stated_alignment(&release.resolved).map_or(NOT_SPECIFIED.to_string(), |a| {
        format!("{} ({})", inline(&a.method.to_string()), inline(&a.policy))
    });
    md.push_str(&format!(
        "Objective: {objective}. Alignment: {alignment}.\n\n"
    ));
    md.push_str("#### Preprocessing\n\n");
    md.push_str(
        "`code/data.py` reads local files given with `--data` and otherwise generates synthetic \
         batches with the model's input shapes. The spec describes no cleaning, filtering or \
         tokenization beyond that; see the open questions in `data_card.md`.\n\n",
    );
    md.push_str("#### Training Hyperparameters\n\n");
    let mut rows = vec![
        vec![
            "Optimizer".into(),
            format!(
                "{}, betas ({}, {})",
                inline(&recipe.optimizer),
                recipe.betas[0],
                recipe.betas[1]
            ),
        ],
        vec![
            "Peak learning rate".into(),
            format!("{}", recipe.learning_rate),
        ],
        vec!["Weight decay".into(), format!("{}", recipe.weight_decay)],
        vec![
            "Schedule".into(),
            format!(
                "{} warm-up steps, then {}",
                count(recipe.warmup_steps),
                recipe.schedule
            ),
        ],
        vec!["Batch size".into(), count(recipe.batch_size)],
        vec![
            match release.derived.planned.step_unit {
                StepUnit::Optimizer => "Steps".into(),
                StepUnit::Environment => "Environment steps".into(),
            },
            count(recipe.max_steps),
        ],
        vec!["Gradient clipping".into(), format!("{}", recipe.grad_clip)],
        vec!["Precision".into(), inline(&recipe.precision)],
    ];
    if let Some(ema) = recipe.ema_decay {
        rows.push(vec!["EMA decay".into(), format!("{ema}")]);
    }
    md.push_str(&table(&["Hyperparameter", "Value"], &rows));
    md.push_str("\n#### Speeds, Sizes, Times\n\n");
    md.push_str("Planned, from the cost model; nothing here was measured.\n\n");
    let mut rows = vec![
        vec![
            "Training FLOPs per token (6N)".into(),
            cost.flops
                .training_per_token
                .map_or("n/a".into(), |f| sci(f as f64)),
        ],
        vec![
            "Training FLOPs per sample".into(),
            cost.flops.training_per_sample.map_or("n/a".into(), sci),
        ],
        vec!["Weights (bf16)".into(), gb(cost.weights.bf16_bytes)],
    ];
    if let Some(f) = cost.flops.training_per_token_with_attention {
        rows.insert(
            1,
            vec![
                "Training FLOPs per token with attention (what the token count uses)".into(),
                sci(f as f64),
            ],
        );
    }
    if let Some(compute) = &cost.compute {
        rows.push(vec!["Hardware".into(), inline(&compute.hardware)]);
        rows.push(vec![
            "Wall-clock".into(),
            inline(&release.resolved.duration.to_string()),
        ]);
        rows.push(vec![
            "Total training FLOPs".into(),
            format!(
                "{} at {}% MFU",
                sci(compute.total_flops),
                numbers::whole_percent(compute.mfu)
            ),
        ]);
    }
    let planned = &release.derived.planned;
    rows.push(vec![
        match planned.step_unit {
            StepUnit::Optimizer => "Training samples (steps × batch)".into(),
            StepUnit::Environment => "Transitions collected (one per environment step)".into(),
        },
        count(planned.samples),
    ]);
    if let Some(tokens) = planned.tokens {
        rows.push(vec![
            "Training tokens (samples × sequence length)".into(),
            count(tokens),
        ]);
    }
    if let Some(compute) = &cost.compute {
        if let Some(samples) = compute.trainable_samples.filter(|&s| s != planned.samples) {
            rows.push(vec!["Samples the compute allows".into(), count(samples)]);
        }
        if let Some(tokens) = compute
            .trainable_tokens
            .filter(|&t| Some(t) != planned.tokens)
        {
            rows.push(vec!["Tokens the compute allows".into(), count(tokens)]);
        }
    }
    if let Some(ch) = &cost.chinchilla {
        rows.push(vec![
            "Chinchilla-optimal tokens (20N)".into(),
            count(ch.optimal_tokens),
        ]);
    }
    if let Some(tps) = cost.inference.decode_tokens_per_s {
        rows.push(vec![
            format!("Decode speed on {}", cost.inference.accelerator),
            format!("{} tokens/s", numbers::one_decimal(tps)),
        ]);
    }
    if let Some(sps) = cost.inference.samples_per_s {
        rows.push(vec![
            format!("Throughput on {}", cost.inference.accelerator),
            format!("{} samples/s", numbers::one_decimal(sps)),
        ]);
    }
    md.push_str(&table(&["Quantity", "Value"], &rows));
    md.push('\n');
}

fn evaluation(release: &Release, md: &mut String) {
    let spec = &release.resolved.spec;
    let bench = &release.benchmarks;
    md.push_str("## Evaluation\n\n");
    md.push_str(&format!("{}\n\n", crate::benchmarks::DISCLAIMER));
    md.push_str("### Testing Data, Factors & Metrics\n\n#### Testing Data\n\n");
    if spec.evaluation.benchmarks.is_empty() {
        md.push_str("The spec names no benchmarks. `code/eval.py` scores a held-out split of the training data.\n\n");
    } else {
        md.push_str(&format!(
            "Benchmarks named by the spec: {}. `code/eval.py` scores a held-out split of the \
             training data; it does not run these benchmarks.\n\n",
            list_or_none(&spec.evaluation.benchmarks)
        ));
    }
    if !bench.named_baselines.is_empty() {
        md.push_str(&format!(
            "The spec asks for comparison with {}. These are real models, so this card gives \
             them no invented score: compare against their published results once this \
             model is evaluated.\n\n",
            list_or_none(&bench.named_baselines)
        ));
    }
    let datasets = &spec.evaluation.datasets;
    if !datasets.is_empty() {
        md.push_str(&format!(
            "Evaluation datasets named in the spec: {}.\n\n",
            list_or_none(datasets)
        ));
    }
    md.push_str("#### Factors\n\n");
    md.push_str(&format!(
        "No disaggregation by subgroup, domain or input condition has been done. For the {} \
         domain, the factors to report are the ones the data card's open questions surface.\n\n",
        inline(&spec.task.domain)
    ));
    md.push_str("#### Metrics\n\n");
    md.push_str(&metric_lines(release));
    md.push_str("### Results\n\n");
    let rows: Vec<Vec<String>> = bench
        .suite
        .iter()
        .map(|s| {
            vec![
                s.name.to_string(),
                s.category.to_string(),
                numbers::one_decimal(s.score),
                s.method.as_str().to_string(),
            ]
        })
        .collect();
    md.push_str(&table(&["Benchmark", "Category", "Score", "Method"], &rows));
    if !bench.spec_scores.is_empty() {
        md.push_str(
            "\nThe spec's benchmarks, against generic baselines. Every row is a synthetic \
             draw on the benchmark's own scale; the arrow says which direction is better.\n\n",
        );
        md.push_str(&table(
            &["Benchmark", "Model", "Score", "Unit", "Method"],
            &spec_score_rows(release),
        ));
    }
    md.push_str("\n#### Summary\n\n");
    let mut means: Vec<String> = bench
        .category_means
        .iter()
        .map(|(category, mean)| format!("{category} {}", numbers::one_decimal(*mean)))
        .collect();
    means.sort();
    md.push_str(&format!(
        "Category means of the suite: {}. None of them is a measurement of quality; the \
         only real numbers this release will have are those `code/eval.py` writes to \
         `eval.json` after training.\n\n",
        means.join(", ")
    ));
}

/// The metric paragraph shared with the evaluation report: which spec metrics `eval.py`
/// computes, and which it does not.
pub fn metric_lines(release: &Release) -> String {
    let bench = &release.benchmarks;
    let mut text = String::new();
    if bench.computed_metrics.is_empty() {
        text.push_str("`code/eval.py` computes none of the spec's metrics.");
    } else {
        text.push_str(&format!(
            "Computed by `code/eval.py` on the held-out split and written to `eval.json`: {}.",
            bench
                .computed_metrics
                .iter()
                // Registry keys (ASCII, no backtick), so raw inside a code span.
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !bench.uncomputed_metrics.is_empty() {
        text.push_str(&format!(
            " Not computed by `code/eval.py` (they need an external benchmark, model or \
             human raters): {}.",
            list_or_none(&bench.uncomputed_metrics)
        ));
    }
    text.push_str("\n\n");
    text
}

/// Rows of the spec-benchmark table: benchmark, model, score, unit with arrow, method.
pub fn spec_score_rows(release: &Release) -> Vec<Vec<String>> {
    release
        .benchmarks
        .spec_scores
        .iter()
        .map(|s| {
            vec![
                inline(&s.benchmark),
                inline(&s.model),
                numbers::fixed(s.score, usize::from(s.scale.decimals)),
                format!("{} {}", s.scale.unit, s.scale.arrow()),
                Method::Synthetic.as_str().to_string(),
            ]
        })
        .collect()
}

fn environment(release: &Release, md: &mut String) {
    md.push_str("## Environmental Impact\n\n");
    match &release.cost.compute {
        Some(compute) => {
            md.push_str(&format!(
                "- **Hardware Type:** {}\n- **Hours used:** {} h wall-clock on {} accelerators\n\
                 - **Cloud Provider:** {NOT_SPECIFIED}\n- **Compute Region:** {NOT_SPECIFIED}\n\
                 - **Carbon Emitted:** {} kg CO2e (estimate)\n\n",
                inline(&compute.hardware),
                numbers::hours(compute.duration_seconds),
                compute.count,
                numbers::one_decimal(compute.co2_kg)
            ));
            md.push_str(&format!(
                "Energy = accelerators x board power x hours x PUE: {} x {} W x {} h x {} = \
                 {} kWh. Emissions at an assumed grid intensity of {} kg CO2e/kWh: {} kg CO2e. \
                 These are estimates for the planned run, not measurements.\n\n",
                compute.count,
                numbers::whole(accelerator_watts(release)),
                numbers::hours(compute.duration_seconds),
                compute.pue,
                numbers::one_decimal(compute.energy_kwh),
                compute.grid_kg_co2_per_kwh,
                numbers::one_decimal(compute.co2_kg)
            ));
        }
        None => md.push_str(
            "The cost model has no training-compute estimate for this spec, so no energy or \
             emissions figure is given.\n\n",
        ),
    }
}

fn technical(release: &Release, md: &mut String) {
    let bp = &release.blueprint;
    let cost = &release.cost;
    md.push_str("## Technical Specifications\n\n### Model Architecture and Objective\n\n");
    let mut rows = Vec::new();
    if let Some(shape) = &bp.transformer_shape {
        rows.push(vec!["Hidden size".to_string(), count(shape.d_model)]);
        rows.push(vec!["Layers".to_string(), count(shape.layers)]);
        rows.push(vec!["Attention heads".to_string(), count(shape.heads)]);
        rows.push(vec!["Key-value heads".to_string(), count(shape.kv_heads)]);
        rows.push(vec!["Head dimension".to_string(), count(shape.head_dim)]);
        rows.push(vec!["Context length".to_string(), count(shape.seq_len)]);
    }
    for (key, value) in &bp.hyperparameters {
        rows.push(vec![
            format!("`{}`", key.replace('`', "'")),
            hyper_value(value),
        ]);
    }
    md.push_str(&table(&["Dimension", "Value"], &rows));
    md.push('\n');
    let rows: Vec<Vec<String>> = bp
        .by_component
        .iter()
        .map(|(component, n)| vec![format!("`{component}`"), count(*n)])
        .collect();
    md.push_str(&table(&["Component", "Parameters"], &rows));
    md.push_str(&format!(
        "\nTotal: {} parameters ({} trainable). Weights: {} in bf16, {} in int8, {} in int4.\n\n",
        count(bp.total_params),
        count(bp.trainable_params),
        gb(cost.weights.bf16_bytes),
        gb(cost.weights.int8_bytes),
        gb(cost.weights.int4_bytes)
    ));
    if let Some(kv) = &cost.kv_cache {
        md.push_str(&format!(
            "KV cache: {} bytes per token, {} at the {}-token context window.\n\n",
            count(kv.bytes_per_token),
            gb(kv.bytes_at_context),
            count(release.resolved.context_window.tokens)
        ));
    }
    md.push_str("### Compute Infrastructure\n\n#### Hardware\n\n");
    match &cost.compute {
        Some(compute) => md.push_str(&format!(
            "Training: {} ({} accelerators), as the spec gives it. Serving estimates assume {}.\n\n",
            inline(&compute.hardware),
            compute.count,
            inline(cost.inference.accelerator)
        )),
        None => md.push_str(&format!(
            "Serving estimates assume {}; the spec gives no training hardware the cost model \
             could use.\n\n",
            inline(cost.inference.accelerator)
        )),
    }
    md.push_str("#### Software\n\n");
    md.push_str(&format!(
        "PyTorch (see `code/requirements.txt`); training in {} precision with {}.\n\n",
        inline(&release.recipe.precision),
        inline(&release.recipe.optimizer)
    ));
}

fn hyper_value(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => inline(s),
        serde_json::Value::Number(n) => match n.as_u64() {
            Some(u) => count(u),
            None => n
                .as_f64()
                .map_or_else(|| n.to_string(), crate::numbers::plain),
        },
        serde_json::Value::Array(items) => {
            items.iter().map(hyper_value).collect::<Vec<_>>().join(", ")
        }
        other => inline(&other.to_string()),
    }
}

fn citation(release: &Release, md: &mut String) {
    let spec = &release.resolved.spec;
    md.push_str("## Citation\n\n**BibTeX:**\n\n");
    let key = slug(&spec.name).replace('-', "_");
    md.push_str(&code_block(
        "bibtex",
        &format!(
            "@misc{{{key},\n  title = {{{{{}}}: a model release synthesized by MetaGen}},\n  note = {{Benchmark scores are synthetic}}\n}}\n",
            bibtex_text(&spec.name)
        ),
    ));
    md.push('\n');
}
