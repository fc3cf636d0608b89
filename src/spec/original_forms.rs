//! The original MetaGen's forms as data: its artifact names, the keys its
//! users wrote beside its schema and where each one lives in our language,
//! and the words that could mean two things.

use super::types::{Spec, TrainingConfig};
use super::units::{ContextWindow, ParamCount};

/// The original's artifact names and the artifact group each one is in.
pub const ARTIFACT_ALIASES: &[(&str, &str)] = &[
    ("pytorch_skeleton", "code"),
    ("training_recipe", "code"),
    ("benchmark_report", "docs"),
    ("model_card", "docs"),
];

/// Keys our language reads natively that the original dropped: each with
/// what it means here and whether synthesis reads it yet.
pub(super) const NATIVE_WILD_KEYS: &[(&str, &str)] = &[
    (
        "architecture.attention",
        "the attention kernel the cost model assumes: `full` and `flash` are exact attention, \
         which the generated code runs with the fused scaled-dot-product kernel",
    ),
    (
        "constraints.parameter_budget.min",
        "the smallest acceptable parameter count; budget fitting honours it",
    ),
    (
        "constraints.image_size",
        "the input image size; vision architectures are sized for it",
    ),
    (
        "constraints.patch_size",
        "the patch size of patch-based vision models",
    ),
    (
        "constraints.latent_size",
        "the side of a latent-diffusion model's latent grid",
    ),
    (
        "constraints.frame_size",
        "the video frame size: the video U-Net's and video DiT's latent side is its height / 8 \
         (the VAE factor); other models warn",
    ),
    (
        "constraints.temporal_stride",
        "the stride between sampled frames: the video models' data code takes every k-th frame \
         of a stored clip; other models warn",
    ),
    (
        "constraints.sample_rate",
        "the audio sample rate (a bare number is in hertz): the speech recognizer's mel frames \
         follow it and its data code resamples to it; the codec language model keeps its codec's \
         32 kHz and warns otherwise",
    ),
    (
        "constraints.audio_length",
        "the audio clip length (a bare number is in seconds): the speech recognizer's encoder \
         positions are length x rate / 160 / 2, the codec language model's sequence is 50 codec \
         frames a second",
    ),
    (
        "constraints.quantization",
        "the served weight format: the memory, throughput and latency verdicts judge weights in it, and infer.py \
         quantizes int8 Linear layers dynamically on CPU",
    ),
    (
        "training.config.batch_size",
        "the global batch size in the training recipe",
    ),
    (
        "training.config.learning_rate",
        "the peak learning rate in the training recipe",
    ),
    (
        "training.config.epochs",
        "passes over the data; the recipe's step count follows from it when the data size is in samples",
    ),
    (
        "training.config.weight_decay",
        "the weight decay in the training recipe",
    ),
    (
        "training.config.warmup_steps",
        "the warm-up steps in the training recipe",
    ),
    (
        "training.config.ema_decay",
        "the EMA decay of the weights in the training recipe",
    ),
    (
        "training.config.noise_schedule",
        "the diffusion noise schedule in the training recipe",
    ),
    (
        "training.config.timesteps",
        "the diffusion timesteps in the training recipe",
    ),
    (
        "evaluation.datasets",
        "the evaluation datasets; the model card lists them",
    ),
];

/// Keys that are recorded in the resolved spec but that synthesis does not
/// read yet: (path, what the key means, what synthesis does instead). Each
/// gets a warning so that nothing is dropped silently.
pub(super) const RECORDED_WILD_KEYS: &[(&str, &str, &str)] = &[
    (
        "architecture.variant",
        "the transformer variant",
        "architecture selection reads it only for text-only transformers (the BERT-style \
         encoder and the Llama-style decoder); this architecture's layout is its own",
    ),
    (
        "constraints.num_frames",
        "frames per video clip",
        "only the video U-Net and the video DiT read it",
    ),
    (
        "training.config.optimizer",
        "the optimizer",
        "the generated train.py builds only adamw, adam, sgd, lion and adafactor",
    ),
    (
        "training.config.scheduler",
        "the learning-rate schedule",
        "the generated train.py uses warm-up and cosine decay",
    ),
    (
        "training.config.warmup_epochs",
        "warm-up in epochs",
        "the recipe counts warm-up in steps (training.config.warmup_steps)",
    ),
    (
        "training.config.unconditional_probability",
        "classifier-free-guidance condition dropout",
        "the generated diffusion loss does not apply it yet",
    ),
    (
        "training.config.data_augmentation",
        "data augmentation (true: the family's standard transforms)",
        "only the image-classification data code applies it (random resized crop and horizontal \
         flip); this task's data code has no augmentation",
    ),
];

/// Words that could mean two things, and which one we picked.
pub(super) const AMBIGUOUS_WORDS: &[(&str, &str)] = &[
    (
        "gpu",
        "`gpu` could be a consumer or a data-centre card; read as `consumer_gpu`, the original's default device",
    ),
    (
        "regression",
        "a real-valued output; read as the modality `score`",
    ),
    (
        "classification",
        "a class-label output; read as the modality `label`",
    ),
    (
        "point_cloud",
        "read as the modality `3d`, which covers point clouds, meshes and triplanes",
    ),
    (
        "nf4",
        "a 4-bit format; read as `int4` (the same weight bytes)",
    ),
];

/// One key of the original that repeats one of ours, with how to read and
/// write each side.
pub(super) struct MovedKey {
    /// The original's key.
    pub from: &'static str,
    /// Our key.
    pub to: &'static str,
    /// Takes the original's value out of the spec, as text.
    pub take: fn(&mut Spec) -> Option<String>,
    /// Writes a value (text of the original's value) into our key.
    pub set: fn(&mut Spec, &str),
    /// Our key's value, as text.
    pub ours: fn(&Spec) -> Option<String>,
    /// Whether two texts mean the same value.
    pub same: fn(&str, &str) -> bool,
}

fn same_text(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

fn same_count(a: &str, b: &str) -> bool {
    matches!((ParamCount::parse(a), ParamCount::parse(b)), (Ok(x), Ok(y)) if x == y)
}

fn same_context(a: &str, b: &str) -> bool {
    matches!(
        (ContextWindow::parse(a), ContextWindow::parse(b)),
        (Ok(x), Ok(y)) if x.tokens == y.tokens
    )
}

fn config(spec: &mut Spec) -> &mut TrainingConfig {
    spec.training.config.get_or_insert_default()
}

fn config_text<T: ToString>(
    spec: &Spec,
    field: fn(&TrainingConfig) -> Option<T>,
) -> Option<String> {
    spec.training
        .config
        .as_ref()
        .and_then(field)
        .map(|v| v.to_string())
}

pub(super) const MOVED_KEYS: &[MovedKey] = &[
    MovedKey {
        from: "constraints.parameters",
        to: "constraints.parameter_budget.max",
        take: |s| s.constraints.parameters.take().map(|v| v.0),
        set: |s, v| s.constraints.parameter_budget.max = v.into(),
        ours: |s| Some(s.constraints.parameter_budget.max.0.clone()),
        same: same_count,
    },
    MovedKey {
        from: "architecture.context_length",
        to: "constraints.context_window",
        take: |s| s.architecture.context_length.take().map(|v| v.0),
        set: |s, v| s.constraints.context_window = v.into(),
        ours: |s| Some(s.constraints.context_window.0.clone()),
        same: same_context,
    },
    MovedKey {
        from: "constraints.embedding_dim",
        to: "task.embedding_dim",
        take: |s| s.constraints.embedding_dim.take().map(|v| v.to_string()),
        set: |s, v| s.task.embedding_dim = v.parse().ok(),
        ours: |s| s.task.embedding_dim.map(|v| v.to_string()),
        same: same_text,
    },
    MovedKey {
        from: "training.optimizer",
        to: "training.config.optimizer",
        take: |s| s.training.optimizer.take(),
        set: |s, v| config(s).optimizer = Some(v.to_string()),
        ours: |s| config_text(s, |c| c.optimizer.clone()),
        same: same_text,
    },
    MovedKey {
        from: "training.scheduler",
        to: "training.config.scheduler",
        take: |s| s.training.scheduler.take(),
        set: |s, v| config(s).scheduler = Some(v.to_string()),
        ours: |s| config_text(s, |c| c.scheduler.clone()),
        same: same_text,
    },
    MovedKey {
        from: "training.batch_size",
        to: "training.config.batch_size",
        take: |s| s.training.batch_size.take().map(|v| v.to_string()),
        set: |s, v| config(s).batch_size = v.parse().ok(),
        ours: |s| config_text(s, |c| c.batch_size),
        same: same_text,
    },
    MovedKey {
        from: "training.epochs",
        to: "training.config.epochs",
        take: |s| s.training.epochs.take().map(|v| v.to_string()),
        set: |s, v| config(s).epochs = v.parse().ok(),
        ours: |s| config_text(s, |c| c.epochs),
        same: same_text,
    },
];
