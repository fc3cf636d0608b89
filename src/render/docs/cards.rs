//! The Hugging Face-style model card and the datasheet (Gebru et al.).

use serde_json::{Value, json};

use super::{count, gb, sci};
use crate::benchmarks::Method;
use crate::numbers;
use crate::release::Release;
use crate::render::markdown::{inline, table};

/// The Hugging Face pipeline tag for the release's task, from its
/// architecture (or the architecture's task) in the registry.
pub fn pipeline_tag(release: &Release) -> &'static str {
    release.blueprint.family.pipeline_tag(&release.request.kind)
}

/// The model-index results: every score, synthetic ones flagged in their
/// metric name and all marked unverified.
pub fn model_index_results(release: &Release) -> Vec<Value> {
    let tag = pipeline_tag(release);
    let task_name = release.resolved.spec.task.task_type.as_str();
    let mut results = Vec::new();
    for score in &release.benchmarks.suite {
        results.push(json!({
            "task": {"type": tag, "name": task_name},
            "dataset": {"name": score.name, "type": slug(score.name)},
            "metrics": [{
                "type": format!("{}-score", score.method.as_str()),
                "name": format!("{} ({})", score.name, score.method.as_str()),
                "value": score.score,
                "verified": false,
            }],
        }));
    }
    let name = &release.resolved.spec.name;
    for score in release
        .benchmarks
        .spec_scores
        .iter()
        .filter(|s| &s.model == name)
    {
        results.push(json!({
            "task": {"type": tag, "name": task_name},
            "dataset": {"name": score.benchmark, "type": slug(&score.benchmark)},
            "metrics": [{
                "type": "synthetic-score",
                "name": format!("{} (synthetic)", score.benchmark),
                "value": score.score,
                "verified": false,
            }],
        }));
    }
    results
}

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
        "license": "other",
        "license_name": "unspecified",
        "library_name": "pytorch",
        "pipeline_tag": pipeline_tag(release),
        "tags": tags,
        "datasets": spec.training.data.sources,
        "metrics": spec.evaluation.metrics,
        "model-index": [{
            "name": spec.name,
            "results": model_index_results(release),
        }],
    });
    let yaml = serde_saphyr::to_string(&metadata).unwrap_or_default();
    format!("---\n{yaml}---\n")
}

/// `docs/model_card.md`, following the Hugging Face model card template.
pub fn model_card(release: &Release) -> String {
    let spec = &release.resolved.spec;
    let bp = &release.blueprint;
    let cost = &release.cost;
    let recipe = &release.recipe;
    let name = inline(&spec.name);
    let mut md = front_matter(release);
    md.push_str(&format!("\n# Model Card for {name}\n\n"));
    md.push_str(&format!("{}\n\n", inline(&spec.description)));
    md.push_str(&format!(
        "> **Synthetic scores.** {}\n\n",
        crate::benchmarks::DISCLAIMER
    ));

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
            vec!["License".into(), "unspecified".into()],
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

    md.push_str("## Uses\n\n### Direct Use\n\n");
    md.push_str(&format!(
        "{} for the {} domain, deployed on a {} device with a {} latency target.\n\n",
        sentence_case(spec.task.task_type.as_str()),
        inline(&spec.task.domain),
        spec.constraints.device.as_str().replace('_', " "),
        spec.constraints.latency.as_str()
    ));
    md.push_str("### Out-of-Scope Use\n\n");
    md.push_str(
        "- Any use that relies on the benchmark scores in this card: they are synthetic.\n\
                 - Deployment before the model is trained and evaluated on real data.\n\
                 - Safety-critical or high-stakes decisions about people.\n\n",
    );

    md.push_str("## Bias, Risks, and Limitations\n\n");
    for line in limitation_lines(release) {
        md.push_str(&format!("- {line}\n"));
    }
    md.push_str("\nSee `limitations.md` for the full list.\n\n");

    md.push_str("## How to Get Started with the Model\n\n");
    md.push_str(
        "```sh\ncd code\npip install -r requirements.txt\n\
         python train.py --tiny --steps 30 --out runs/tiny      # CPU smoke test\n\
         python eval.py --checkpoint runs/tiny/checkpoint.pt\n\
         python infer.py --checkpoint runs/tiny/checkpoint.pt\n\
         torchrun --nproc_per_node 8 train.py --out runs/full    # full size, DDP (add --fsdp to shard)\n```\n\n",
    );
    md.push_str(
        "```python\nfrom model import MetaGenModel, ModelConfig\n\nmodel = MetaGenModel()  \
                 # the full blueprint\nsmall = MetaGenModel(ModelConfig.tiny())\n```\n\n",
    );

    md.push_str("## Training Details\n\n### Training Data\n\n");
    md.push_str(&format!(
        "Sources: {}. Size: {}. See `data_card.md`.\n\n",
        list_or_none(&spec.training.data.sources),
        inline(&release.resolved.data_size.to_string())
    ));
    md.push_str("### Training Procedure\n\n");
    md.push_str(&format!(
        "Objective: {}. Alignment: {} ({}).\n\n",
        list_or_none(&spec.training.objective),
        inline(&spec.training.alignment.method.to_string()),
        inline(&spec.training.alignment.policy)
    ));
    md.push_str("#### Training Hyperparameters\n\n");
    let mut rows = vec![
        vec![
            "Optimizer".into(),
            format!("AdamW, betas ({}, {})", recipe.betas[0], recipe.betas[1]),
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
                recipe.warmup_steps, recipe.schedule
            ),
        ],
        vec!["Batch size".into(), count(recipe.batch_size)],
        vec!["Steps".into(), count(recipe.max_steps)],
        vec!["Gradient clipping".into(), format!("{}", recipe.grad_clip)],
        vec!["Precision".into(), inline(&recipe.precision)],
    ];
    if let Some(ema) = recipe.ema_decay {
        rows.push(vec!["EMA decay".into(), format!("{ema}")]);
    }
    md.push_str(&table(&["Hyperparameter", "Value"], &rows));
    md.push_str("\n#### Compute\n\n");
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
    ];
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
        if let Some(tokens) = compute.trainable_tokens {
            rows.push(vec!["Trainable tokens".into(), count(tokens)]);
        }
        if let Some(samples) = compute.trainable_samples {
            rows.push(vec!["Trainable samples".into(), count(samples)]);
        }
    }
    if let Some(ch) = &cost.chinchilla {
        rows.push(vec![
            "Chinchilla-optimal tokens (20N)".into(),
            count(ch.optimal_tokens),
        ]);
    }
    md.push_str(&table(&["Quantity", "Value"], &rows));

    md.push_str("\n## Environmental Impact\n\n");
    if let Some(compute) = &cost.compute {
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

    md.push_str("## Evaluation\n\n");
    md.push_str(&format!("{}\n\n", crate::benchmarks::DISCLAIMER));
    let rows: Vec<Vec<String>> = release
        .benchmarks
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
    let spec_rows: Vec<Vec<String>> = release
        .benchmarks
        .spec_scores
        .iter()
        .map(|s| {
            vec![
                inline(&s.benchmark),
                inline(&s.model),
                numbers::one_decimal(s.score),
                Method::Synthetic.as_str().to_string(),
            ]
        })
        .collect();
    if !spec_rows.is_empty() {
        md.push('\n');
        md.push_str(&table(
            &["Benchmark", "Model", "Score", "Method"],
            &spec_rows,
        ));
    }
    md.push_str("\nReal metrics come from running `code/eval.py`.\n\n");
    let datasets = &release.resolved.spec.evaluation.datasets;
    if !datasets.is_empty() {
        let names: Vec<String> = datasets.iter().map(|d| inline(d)).collect();
        md.push_str(&format!(
            "Evaluation datasets named in the spec: {}.\n\n",
            names.join(", ")
        ));
    }

    md.push_str("## Technical Specifications\n\n### Model Architecture and Objective\n\n");
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

    md.push_str("## Citation\n\n");
    let key = crate::render::docs::cards::slug(&spec.name).replace('-', "_");
    md.push_str(&crate::render::markdown::code_block(
        "bibtex",
        &format!(
            "@misc{{{key},\n  title = {{{{{}}}: a model release synthesized by MetaGen}},\n  note = {{Benchmark scores are synthetic}}\n}}\n",
            bibtex_text(&spec.name)
        ),
    ));
    md
}

/// Text safe inside a BibTeX brace group: braces and backslashes removed.
fn bibtex_text(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '{' | '}' | '\\' | '@'))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn accelerator_watts(release: &Release) -> f64 {
    release.resolved.hardware.spec().tdp_watts
}

fn modalities(list: &[crate::spec::Modality]) -> String {
    list.iter()
        .map(|m| m.as_str().replace('_', " "))
        .collect::<Vec<_>>()
        .join(", ")
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none given".to_string()
    } else {
        items
            .iter()
            .map(|s| inline(s))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn sentence_case(text: &str) -> String {
    let text = text.replace('_', " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => text,
    }
}

/// The limitations shared by the model card and `limitations.md`.
pub fn limitation_lines(release: &Release) -> Vec<String> {
    let mut lines = vec![format!(
        "**Synthetic scores.** {}",
        crate::benchmarks::DISCLAIMER
    )];
    for check in &release.cost.feasibility {
        if check.verdict != crate::arch::cost::Verdict::Pass {
            lines.push(format!(
                "**{} ({}).** {}",
                check.name,
                check.verdict,
                inline(&check.detail)
            ));
        }
    }
    for warning in &release.resolved.warnings {
        lines.push(inline(warning));
    }
    for note in &release.selection_notes {
        lines.push(format!("Assumed: {}.", inline(note)));
    }
    lines.push(
        "No weights exist yet: every behavioural claim awaits training and evaluation.".to_string(),
    );
    lines
}

/// `docs/data_card.md`, answering the questions of *Datasheets for Datasets*.
pub fn data_card(release: &Release) -> String {
    let spec = &release.resolved.spec;
    let data = &spec.training.data;
    let mut md = format!(
        "# Datasheet for the training data of {}\n\n",
        inline(&spec.name)
    );
    md.push_str(
        "Structured after the questions of *Datasheets for Datasets* (Gebru et al., 2021). \
                 Answers come from the spec; where the spec is silent, the answer says so.\n\n",
    );
    md.push_str("## Motivation\n\n");
    md.push_str(&format!(
        "The data was assembled to train a {} model for the {} domain.\n\n",
        spec.task.task_type.as_str().replace('_', " "),
        inline(&spec.task.domain)
    ));
    md.push_str("## Composition\n\n");
    md.push_str(&format!("Sources: {}.\n\n", list_or_none(&data.sources)));
    md.push_str(&format!(
        "Size as stated: \"{}\", read as: {}.\n\n",
        inline(data.size.as_str()),
        describe_size(&release.resolved.data_size)
    ));
    md.push_str("## Collection Process\n\nNot described by the spec.\n\n");
    md.push_str("## Preprocessing, Cleaning and Labelling\n\n");
    md.push_str(
        "Not described by the spec. The generated `code/data.py` reads local files with \
                 `--data` and otherwise uses synthetic data with the right shapes.\n\n",
    );
    md.push_str("## Uses\n\n");
    md.push_str(&format!(
        "Training objective: {}.\n\n",
        list_or_none(&spec.training.objective)
    ));
    md.push_str("## Governance\n\nQuoted as the spec gives them:\n\n");
    md.push_str(&table(
        &["Question", "Statement"],
        &[
            vec![
                "Personal data (PII)".into(),
                format!("\"{}\"", inline(&data.governance.pii)),
            ],
            vec![
                "Copyright".into(),
                format!("\"{}\"", inline(&data.governance.copyright)),
            ],
        ],
    ));
    md.push_str("\n## Distribution\n\nNot described by the spec.\n\n");
    md.push_str("## Maintenance\n\nNot described by the spec.\n");
    md
}

fn describe_size(size: &crate::spec::units::DataSize) -> String {
    use crate::spec::units::DataSize;
    match size {
        DataSize::Tokens(n) => format!("{} tokens", count(*n)),
        DataSize::Samples(n) => format!("{} samples", count(*n)),
        DataSize::Bytes(n) => format!("{} bytes", count(*n)),
        DataSize::Hours(n) => format!("{} hours", count(*n)),
        DataSize::Text(_) => "not a quantity".to_string(),
    }
}
