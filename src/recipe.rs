//! The training recipe: optimizer, schedule and batch, from published
//! practice for the architecture (its `recipe` in [`crate::families`]),
//! sized by the compute budget, and overridden field by field by
//! `training.config`. `code/train.py` reads it verbatim.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::arch::Blueprint;
use crate::arch::cost::CostModel;
use crate::spec::ResolvedSpec;

mod assumptions;

pub use assumptions::{
    AttentionKernel, DEFAULT_SAMPLING_STEPS, Parallelism, TrainingAssumptions, assume,
    training_seq_len,
};

/// How many steps `train.py --tiny` runs by default.
pub const TINY_STEPS: u64 = 30;

/// Optimizer and schedule settings for `code/train.py`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainingRecipe {
    /// The spec's optimizer (adamw, adam, sgd, lion or adafactor), else AdamW (Loshchilov and
    /// Hutter, 2019); the generated train.py builds it.
    pub optimizer: String,
    /// Peak learning rate.
    pub learning_rate: f64,
    /// AdamW betas.
    pub betas: [f64; 2],
    /// Decoupled weight decay on matrices and kernels.
    pub weight_decay: f64,
    /// Linear warm-up steps before the cosine decay.
    pub warmup_steps: u64,
    /// Total optimizer steps.
    pub max_steps: u64,
    /// Global batch size, in sequences or samples.
    pub batch_size: u64,
    /// Sequence length per sample (token models), 1 otherwise.
    pub sequence_length: u64,
    /// Gradient-norm clip.
    pub grad_clip: f64,
    /// Training precision.
    pub precision: String,
    /// Learning-rate schedule.
    pub schedule: String,
    /// EMA of the weights (diffusion).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ema_decay: Option<f64>,
    /// Diffusion noise schedule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub noise_schedule: Option<String>,
    /// Diffusion timesteps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timesteps: Option<u64>,
    /// Classifier-free guidance: the share of training prompts replaced by the empty
    /// prompt (text-conditioned diffusion only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition_dropout: Option<f64>,
    /// Train-time image transforms the generated data code applies to the training split
    /// (image classification only, and only when `training.config.data_augmentation` is
    /// written; an empty list means none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_augmentation: Option<Vec<String>>,
    /// Video models: the data code takes every k-th frame of a stored clip
    /// (`constraints.temporal_stride`; only when written).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temporal_stride: Option<u64>,
    /// Base seed of the run.
    pub seed: u64,
    /// Batch size of `train.py --tiny`.
    pub tiny_batch_size: u64,
    /// Learning rate of `train.py --tiny`.
    pub tiny_learning_rate: f64,
    /// Steps of `train.py --tiny`.
    pub tiny_steps: u64,
    /// Where each value came from: `training.config` or the rule used.
    pub sources: BTreeMap<String, String>,
}

/// The global batch the recipe asks for before it is spread over the devices, the
/// training precision, and whether the model trains as a diffusion model: the inputs of
/// [`assume`].
pub fn batch_precision_and_diffusion(
    resolved: &ResolvedSpec,
    blueprint: &Blueprint,
) -> (u64, String, bool) {
    let d = (blueprint.family.recipe)(blueprint.total_params);
    let config = resolved.spec.training.config.clone().unwrap_or_default();
    let precision = config
        .precision
        .clone()
        .unwrap_or_else(|| "bf16".to_string())
        .to_ascii_lowercase();
    (
        config.batch_size.unwrap_or(d.batch_size),
        precision,
        d.diffusion,
    )
}

/// The recipe for a blueprint, sized by the compute estimate, with the batch and
/// sequence length of its training assumptions.
pub fn recipe(
    resolved: &ResolvedSpec,
    blueprint: &Blueprint,
    cost: &CostModel,
    assumptions: &TrainingAssumptions,
) -> TrainingRecipe {
    let d = (blueprint.family.recipe)(blueprint.total_params);
    let config = resolved.spec.training.config.clone().unwrap_or_default();
    let mut sources = BTreeMap::new();
    let mut pick_f = |key: &str, given: Option<f64>, default: f64| {
        sources.insert(
            key.to_string(),
            if given.is_some() {
                "training.config".to_string()
            } else {
                d.rule.to_string()
            },
        );
        given.unwrap_or(default)
    };
    let learning_rate = pick_f("learning_rate", config.learning_rate, d.learning_rate);
    let weight_decay = pick_f("weight_decay", config.weight_decay, d.weight_decay);
    let grad_clip = pick_f("grad_clip", config.grad_clip, 1.0);
    let sequence_length = blueprint
        .transformer_shape
        .as_ref()
        .filter(|s| s.decoder)
        .map_or(1, |s| s.seq_len.max(1));
    let batch_size = assumptions.global_batch;
    let budget_steps = cost.compute.as_ref().and_then(|c| c.trainable_steps);
    let (max_steps, steps_rule) = match (config.max_steps, config.epochs, budget_steps) {
        (Some(steps), _, _) => (steps, "training.config.max_steps".to_string()),
        (None, Some(epochs), _)
            if matches!(resolved.data_size, crate::spec::units::DataSize::Samples(_)) =>
        {
            let samples = match resolved.data_size {
                crate::spec::units::DataSize::Samples(n) => n,
                _ => 0,
            };
            (
                epochs.saturating_mul(samples).div_ceil(batch_size).max(1),
                "training.config.epochs x data samples / batch".to_string(),
            )
        }
        (None, _, Some(steps)) => (
            steps.max(1),
            "what the compute budget can train (see params_estimate.json compute)".to_string(),
        ),
        _ => (100_000, "default 100k steps".to_string()),
    };
    sources.insert("max_steps".to_string(), steps_rule);
    sources.insert(
        "batch_size".to_string(),
        if config.batch_size.is_some() {
            "training.config".to_string()
        } else {
            d.rule.to_string()
        },
    );
    let warmup_steps = config
        .warmup_steps
        .unwrap_or(d.warmup_steps)
        .min(max_steps / 10);
    let diffusion = d.diffusion;
    let prompted = diffusion && blueprint.hyperparameters.contains_key("text_encoder_width");
    let condition_dropout = prompted.then(|| {
        sources.insert(
            "condition_dropout".to_string(),
            if config.unconditional_probability.is_some() {
                "training.config.unconditional_probability".to_string()
            } else {
                "10% of prompts dropped, as in Stable Diffusion's training".to_string()
            },
        );
        config.unconditional_probability.unwrap_or(0.1)
    });
    TrainingRecipe {
        // The spec's optimizer as written (lower-cased), else AdamW, the published default.
        optimizer: config
            .optimizer
            .as_deref()
            .map_or_else(|| "adamw".to_string(), str::to_ascii_lowercase),
        learning_rate,
        betas: d.betas,
        weight_decay,
        warmup_steps,
        max_steps,
        batch_size,
        sequence_length,
        grad_clip,
        precision: assumptions.precision.clone(),
        schedule: "linear warm-up, cosine decay to 10% of the peak".to_string(),
        ema_decay: config.ema_decay.or(diffusion.then_some(0.9999)),
        noise_schedule: config
            .noise_schedule
            .clone()
            .or(diffusion.then(|| "linear".to_string())),
        timesteps: config.timesteps.or(diffusion.then_some(1000)),
        condition_dropout,
        data_augmentation: None,
        temporal_stride: None,
        seed: resolved.base_seed,
        tiny_batch_size: 8,
        tiny_learning_rate: 3e-3,
        tiny_steps: TINY_STEPS,
        sources,
    }
}

/// The train-time transforms the image-classification data code implements, in the order
/// it applies them.
pub const IMAGE_TRANSFORMS: [&str; 2] = ["random_resized_crop", "horizontal_flip"];

/// The transforms `training.config.data_augmentation` asks of the image-classification
/// data code, and the names it writes that the code does not implement. `true` is the
/// standard pair (random resized crop at scale 0.08 to 1, then a horizontal flip), `false`
/// none; a name is matched without regard to case, `-` or `random_` before `horizontal_flip`.
pub fn image_augmentation(
    asked: &crate::spec::types::DataAugmentation,
) -> (Vec<String>, Vec<String>) {
    use crate::spec::types::DataAugmentation;
    match asked {
        DataAugmentation::Enabled(true) => (IMAGE_TRANSFORMS.map(String::from).to_vec(), vec![]),
        DataAugmentation::Enabled(false) => (vec![], vec![]),
        DataAugmentation::Transforms(names) => {
            let mut unknown = Vec::new();
            let mut wanted = Vec::new();
            for name in names {
                let word = name.trim().to_ascii_lowercase().replace('-', "_");
                let word = if word == "random_horizontal_flip" {
                    "horizontal_flip".to_string()
                } else {
                    word
                };
                if IMAGE_TRANSFORMS.contains(&word.as_str()) {
                    wanted.push(word);
                } else {
                    unknown.push(name.clone());
                }
            }
            let applied = IMAGE_TRANSFORMS
                .iter()
                .filter(|t| wanted.iter().any(|w| w == *t))
                .map(|t| (*t).to_string())
                .collect();
            (applied, unknown)
        }
    }
}
