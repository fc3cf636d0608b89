//! The release model: the resolved spec, the synthesized architecture, its
//! cost model and ablations, computed once. Every renderer reads this and
//! nothing else, so each number has one source.

use rand_core::RngCore;
use serde::Serialize;

use crate::arch::cost::{self, CostInputs, CostKind, CostModel, TrainingShape, Verdict};
use crate::arch::{self, ArchRequest, Blueprint};
use crate::error::Error;
use crate::seed;
use crate::spec::ResolvedSpec;
use crate::spec::units::DataSize;

mod derived;
mod title;

pub use derived::{Derived, LossPoint, ScalingCurves, StepUnit, VerdictCounts};

/// One ablation variant with its exact size and cost.
#[derive(Debug, Clone, Serialize)]
pub struct AblationRow {
    /// Short identifier, e.g. `no_gqa`.
    pub name: String,
    /// What changed, in words.
    pub description: String,
    /// The hyperparameters that differ from the base model.
    pub changed: std::collections::BTreeMap<String, serde_json::Value>,
    /// Exact parameter count of the variant.
    pub total_params: u64,
    /// Variant minus base.
    pub delta_params: i64,
    /// Forward multiply-accumulates per sample.
    pub forward_macs_per_sample: u64,
    /// bf16 weight bytes.
    pub weights_bf16_bytes: u64,
    /// Training FLOPs per token (token models).
    pub training_flops_per_token: Option<u64>,
    /// Synthetic change of the headline score; not measured.
    pub quality_delta_synthetic: f64,
}

/// Everything a release is rendered from.
#[derive(Debug, Clone)]
pub struct Release {
    /// The validated spec.
    pub resolved: ResolvedSpec,
    /// Why this architecture, and the sizes that were assumed.
    pub selection_notes: Vec<String>,
    /// The request handed to the synthesizer.
    pub request: ArchRequest,
    /// The architecture with exact counts.
    pub blueprint: Blueprint,
    /// Memory, FLOPs, compute, inference and feasibility.
    pub cost: CostModel,
    /// The figures derived from the blueprint and the cost model (budget
    /// fraction, serving memory, verdict counts, scaling curves).
    pub derived: Derived,
    /// Optimizer, schedule and batch for training.
    pub recipe: crate::recipe::TrainingRecipe,
    /// Sequence length, parallelism, batching, checkpointing, attention kernel,
    /// precision and sampling steps: what the cost model and the generated code assume.
    pub assumptions: crate::recipe::TrainingAssumptions,
    /// The benchmark scores (synthetic and computed).
    pub benchmarks: crate::benchmarks::Benchmarks,
    /// Real variants of the architecture.
    pub ablations: Vec<AblationRow>,
    /// Spec warnings followed by feasibility warnings, in that order.
    pub warnings: Vec<String>,
    /// The paper's title (drawn once from the `paper` seed stream).
    pub title: String,
}

fn refused(resolved: &ResolvedSpec, reason: String) -> Error {
    Error::Refused {
        spec: resolved.spec.name.clone(),
        reason,
    }
}

/// The cost-model inputs for a blueprint of this spec.
pub fn cost_inputs(resolved: &ResolvedSpec, blueprint: &Blueprint) -> CostInputs {
    let (kind, train_seq_len) = match &blueprint.transformer_shape {
        Some(shape) => (
            CostKind::Transformer {
                layers: shape.layers,
                d_model: shape.d_model,
                heads: shape.heads,
                kv_heads: shape.kv_heads,
                head_dim: shape.head_dim,
                decoder: shape.decoder,
            },
            shape.seq_len,
        ),
        None => (CostKind::Other, 1),
    };
    let data = match resolved.data_size {
        DataSize::Tokens(n) => Some((n, true)),
        DataSize::Samples(n) => Some((n, false)),
        _ => None,
    };
    let forward_flops = (blueprint.forward_macs_per_sample > 0)
        .then_some(2.0 * blueprint.forward_macs_per_sample as f64);
    CostInputs {
        total_params: blueprint.total_params,
        embedding_params: blueprint.embedding_params,
        kind,
        context_window: resolved.context_window.tokens,
        train_seq_len,
        training: TrainingShape::default(),
        forward_flops_per_sample: forward_flops,
        data_input_flops_per_sample: (blueprint.root.data_input_macs() > 0)
            .then(|| 2.0 * blueprint.root.data_input_macs() as f64),
        saved_for_backward: Some(blueprint.root.saved),
        hardware: Some(resolved.hardware.clone()),
        training_duration_seconds: Some(resolved.duration.seconds),
        data_tokens_or_samples: data,
        memory_budget_bytes: Some(resolved.memory_budget.0),
        throughput: resolved.throughput.clone(),
        device: arch::select::device_class(resolved.spec.constraints.device),
        latency: arch::select::latency_class(resolved.spec.constraints.latency),
    }
}

/// Sentences for the spec's components that this release does not generate (a latent
/// VAE, a frozen pretrained encoder): their parameters, FLOPs and latency are in no figure.
fn components_not_generated(resolved: &ResolvedSpec, blueprint: &Blueprint) -> Vec<String> {
    resolved
        .spec
        .architecture
        .components
        .iter()
        .filter(|c| !blueprint.by_component.contains_key(&c.name))
        .filter_map(|c| {
            let words = format!("{} {}", c.name, c.component_type).to_ascii_lowercase();
            let what = if words.contains("vae") || words.contains("autoencoder") {
                "its encoder and decoder are"
            } else if words.contains("encoder") && words.contains("frozen") {
                "its forward pass is"
            } else {
                return None;
            };
            Some(format!(
                "The component {} ({}) named by the spec is not part of this release: its parameters are not in the count, and {what} not in the FLOPs or the latency; add its time per request to the latency.",
                c.name, c.component_type
            ))
        })
        .collect()
}

/// The cost-model inputs under the recipe's training assumptions: micro-batch, kernel,
/// checkpointing, sharding, precision and sampling steps.
pub fn with_assumptions(
    inputs: CostInputs,
    assumptions: &crate::recipe::TrainingAssumptions,
) -> CostInputs {
    CostInputs {
        train_seq_len: assumptions.seq_len,
        training: TrainingShape {
            train_batch: assumptions.micro_batch,
            attention_kernel: assumptions.attention_kernel,
            activation_checkpointing: assumptions.activation_checkpointing,
            state_shards: match assumptions.parallelism {
                crate::recipe::Parallelism::Fsdp => assumptions.degree,
                crate::recipe::Parallelism::Ddp => 1,
            },
            activation_element_bytes: assumptions.activation_element_bytes(),
            sampling_steps: assumptions.sampling_steps,
            global_batch: assumptions.global_batch,
        },
        ..inputs
    }
}

/// Synthesizes the architecture, its costs and ablations for a resolved spec.
pub fn build(resolved: ResolvedSpec) -> Result<Release, Error> {
    let selection = arch::select::select(&resolved).map_err(|e| refused(&resolved, e.0))?;
    let blueprint =
        arch::synthesize(&selection.request).map_err(|e| refused(&resolved, e.to_string()))?;
    let base_inputs = cost_inputs(&resolved, &blueprint);
    let (requested_batch, precision, diffusion) =
        crate::recipe::batch_precision_and_diffusion(&resolved, &blueprint);
    let assumptions = crate::recipe::assume(
        &resolved,
        &blueprint,
        base_inputs.kind,
        requested_batch,
        &precision,
        diffusion,
    );
    let inputs = with_assumptions(base_inputs, &assumptions);
    let mut cost = cost::estimate(&inputs);
    // The serving verdicts judge the weights in the format the spec asks to serve.
    if let Some(format) = resolved.spec.constraints.quantization {
        let served = cost::served_checks(
            &inputs,
            &cost.weights,
            cost.kv_cache.as_ref(),
            &cost.inference,
            cost::Served::asked(format),
        );
        replace_checks(&mut cost.feasibility, served);
    }

    let mut rng = seed::stream(resolved.resolved_seed, "ablations");
    let ablations = arch::ablations(&selection.request, &blueprint)
        .into_iter()
        .map(|variant| {
            let mut variant_blueprint = blueprint.clone();
            variant_blueprint.total_params = variant.total_params;
            variant_blueprint.forward_macs_per_sample = variant.forward_macs_per_sample;
            if let Some(shape) = variant_blueprint.transformer_shape.as_mut() {
                let get = |key: &str| variant.changed.get(key).and_then(|v| v.as_u64());
                shape.layers = get("num_layers").unwrap_or(shape.layers);
                shape.kv_heads = get("num_kv_heads").unwrap_or(shape.kv_heads);
                shape.d_model = get("hidden_size").unwrap_or(shape.d_model);
            }
            let variant_cost = cost::estimate(&with_assumptions(
                cost_inputs(&resolved, &variant_blueprint),
                &assumptions,
            ));
            // A smaller variant loses a little of the (synthetic) headline
            // score, a larger one gains a little; the size of the move is
            // drawn from the seeded stream and labelled synthetic.
            let ratio = variant.total_params as f64 / blueprint.total_params.max(1) as f64;
            let jitter = (rng.next_u32() % 1000) as f64 / 1000.0;
            let delta = (ratio.ln() * (2.0 + 2.0 * jitter) * 10.0).round() / 10.0;
            AblationRow {
                name: variant.name,
                description: variant.description,
                changed: variant.changed,
                total_params: variant.total_params,
                delta_params: variant.total_params as i64 - blueprint.total_params as i64,
                forward_macs_per_sample: variant.forward_macs_per_sample,
                weights_bf16_bytes: variant_cost.weights.bf16_bytes,
                training_flops_per_token: variant_cost.flops.training_per_token,
                quality_delta_synthetic: if delta == 0.0 { 0.0 } else { delta },
            }
        })
        .collect();

    let mut recipe = crate::recipe::recipe(&resolved, &blueprint, &cost, &assumptions);
    let task = (blueprint.family.task)(&selection.request.kind);
    let task_name = task.name;
    let counts_environment_steps = crate::tasks::counts_environment_steps(task);
    let asked_augmentation = resolved
        .spec
        .training
        .config
        .as_ref()
        .and_then(|c| c.data_augmentation.clone());
    let mut unknown_transforms = Vec::new();
    if let Some(asked) = &asked_augmentation
        && task_name == crate::tasks::IMAGE_CLASSIFICATION.name
    {
        let (applied, unknown) = crate::recipe::image_augmentation(asked);
        recipe.sources.insert(
            "data_augmentation".to_string(),
            "training.config.data_augmentation".to_string(),
        );
        recipe.data_augmentation = Some(applied);
        unknown_transforms = unknown;
    }
    if let Some(stride) = resolved.spec.constraints.temporal_stride
        && task_name == crate::tasks::VIDEO_DIFFUSION.name
    {
        recipe.sources.insert(
            "temporal_stride".to_string(),
            "constraints.temporal_stride".to_string(),
        );
        recipe.temporal_stride = Some(stride);
    }
    // Environment steps are counted by the recipe, not the cost model: the data check for
    // them compares the spec's steps with what the recipe plans (its max_steps, when the
    // task's train.py counts its budget in environment steps).
    if let DataSize::EnvironmentSteps(spec_steps) = resolved.data_size {
        let planned = counts_environment_steps.then_some(recipe.max_steps);
        replace_checks(
            &mut cost.feasibility,
            [cost::environment_steps_check(spec_steps, planned)],
        );
    }
    let missing = components_not_generated(&resolved, &blueprint);
    for sentence in &missing {
        cost.assumptions.push(sentence.clone());
    }
    let mut warnings = resolved.warnings.clone();
    warnings.extend(missing);
    for check in &cost.feasibility {
        if check.verdict != Verdict::Pass {
            warnings.push(format!(
                "{} ({}): {}",
                check.name, check.verdict, check.detail
            ));
        }
    }
    if let Some(p) = resolved
        .spec
        .training
        .config
        .as_ref()
        .and_then(|c| c.unconditional_probability)
        && recipe.condition_dropout.is_none()
    {
        let why = match blueprint.hyperparameters.get("class_dropout_prob") {
            Some(own) => format!(
                "{} drops class labels at its own class_dropout_prob ({own})",
                blueprint.family.name
            ),
            None => format!(
                "only text-conditioned diffusion models drop prompts, and {} takes no prompt",
                blueprint.family.name
            ),
        };
        warnings.push(format!(
            "`training.config.unconditional_probability: {p}` is recorded in spec_resolved.yaml but not used: {why}"
        ));
    }
    warnings.extend(unused_media_keys(&resolved, &blueprint, &recipe));
    if !unknown_transforms.is_empty() {
        warnings.push(format!(
            "`training.config.data_augmentation`: {} not applied: the generated data code implements {}",
            unknown_transforms
                .iter()
                .map(|t| format!("`{}`", t.escape_debug()))
                .collect::<Vec<_>>()
                .join(", "),
            crate::recipe::IMAGE_TRANSFORMS.join(" and ")
        ));
    }
    if asked_augmentation.is_some()
        && recipe.data_augmentation.is_none()
        && crate::spec::canonical::augmentation_is_read(&resolved.spec)
    {
        warnings.push(format!(
            "`training.config.data_augmentation` is recorded in spec_resolved.yaml but not used: \
             {} trains through the {task_name} data code, which has no augmentation",
            blueprint.family.name
        ));
    }
    let step_unit = if counts_environment_steps {
        derived::StepUnit::Environment
    } else {
        derived::StepUnit::Optimizer
    };
    let derived = derived::derive(&resolved, &blueprint, &cost, &recipe, step_unit);
    let benchmarks = crate::benchmarks::score(&resolved, task, &blueprint, &cost, &derived);
    let title = title::paper_title(&resolved, &blueprint);
    Ok(Release {
        title,
        resolved,
        selection_notes: selection.notes,
        request: selection.request,
        blueprint,
        recipe,
        assumptions,
        benchmarks,
        cost,
        derived,
        ablations,
        warnings,
    })
}

/// Warnings for the audio and video keys (`constraints.num_frames`, `sample_rate`,
/// `audio_length`, `frame_size`, `temporal_stride`) that reach a model which cannot use them: each model that
/// reads one records it among its hyperparameters.
fn unused_media_keys(
    resolved: &ResolvedSpec,
    blueprint: &Blueprint,
    recipe: &crate::recipe::TrainingRecipe,
) -> Vec<String> {
    let hp = &blueprint.hyperparameters;
    let model = &blueprint.family.name;
    let c = &resolved.spec.constraints;
    let mut warnings = Vec::new();
    if let Some(frames) = c.num_frames
        && hp.get("num_frames") != Some(&serde_json::json!(frames))
    {
        warnings.push(format!(
            "`constraints.num_frames: {frames}` is recorded in spec_resolved.yaml but not used: \
             only the video U-Net and the video DiT take a frame count, and this release's model is {model}"
        ));
    }
    if let Some(rate) = resolved.sample_rate {
        let why = match hp.get("sample_rate") {
            Some(own) if own == &serde_json::json!(rate.hz) => None,
            Some(own) => Some(format!(
                "{model} works at its codec's fixed {own} Hz; its generated audio is at that rate"
            )),
            None => Some(format!(
                "only the audio models take a sample rate, and this release's model is {model}"
            )),
        };
        if let Some(why) = why {
            warnings.push(format!(
                "`constraints.sample_rate: {}` is recorded in spec_resolved.yaml but not used: {why}",
                rate.hz
            ));
        }
    }
    if resolved.audio_length.is_some() && !hp.contains_key("audio_length_ms") {
        warnings.push(format!(
            "`constraints.audio_length` is recorded in spec_resolved.yaml but not used: only the \
             speech recognizer and the audio-codec language model take a clip length, and this \
             release's model is {model}"
        ));
    }
    if let Some((h, w)) = resolved.frame_size
        && !hp.contains_key("frame_size")
    {
        warnings.push(format!(
            "`constraints.frame_size: [{h}, {w}]` is recorded in spec_resolved.yaml but not used: \
             only the video U-Net and the video DiT take a frame size, and this release's model \
             is {model}"
        ));
    }
    if let Some(stride) = c.temporal_stride
        && recipe.temporal_stride.is_none()
    {
        warnings.push(format!(
            "`constraints.temporal_stride: {stride}` is recorded in spec_resolved.yaml but not \
             used: only the video models' data code samples frames, and this release's model is \
             {model}"
        ));
    }
    warnings
}

/// Puts each replacement check in the place of the check of the same name.
fn replace_checks(
    checks: &mut [cost::FeasibilityCheck],
    replacements: impl IntoIterator<Item = cost::FeasibilityCheck>,
) {
    for replacement in replacements {
        if let Some(slot) = checks.iter_mut().find(|c| c.name == replacement.name) {
            *slot = replacement;
        }
    }
}
