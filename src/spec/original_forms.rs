//! The original MetaGen's forms as data: its artifact names, the keys its
//! users wrote beside its schema and where each one lives in our language,
//! and the words that could mean two things.

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
        "architecture selection does not read it yet",
    ),
    (
        "architecture.attention",
        "the attention kernel",
        "the cost model still assumes full attention",
    ),
    (
        "constraints.num_frames",
        "frames per video clip",
        "the video architectures do not read it yet",
    ),
    (
        "constraints.frame_size",
        "the video frame size",
        "the video architectures do not read it yet",
    ),
    (
        "constraints.temporal_stride",
        "the stride between sampled frames",
        "the data code does not read it yet",
    ),
    (
        "constraints.sample_rate",
        "the audio sample rate (a bare number is in hertz)",
        "the audio architectures do not read it yet",
    ),
    (
        "constraints.audio_length",
        "the audio clip length (a bare number is in seconds)",
        "the audio architectures do not read it yet",
    ),
    (
        "constraints.quantization",
        "the served weight format",
        "the cost model still reports bf16, int8 and int4 weights side by side",
    ),
    (
        "training.config.optimizer",
        "the optimizer",
        "the generated train.py uses AdamW",
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
        "the generated data code does not apply it yet",
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

/// One key of the original that repeats one of ours.
pub(super) struct MovedKey {
    /// The original's key.
    pub from: &'static str,
    /// Our key.
    pub to: &'static str,
}

pub(super) const MOVED_KEYS: &[MovedKey] = &[
    MovedKey {
        from: "constraints.parameters",
        to: "constraints.parameter_budget.max",
    },
    MovedKey {
        from: "architecture.context_length",
        to: "constraints.context_window",
    },
    MovedKey {
        from: "constraints.embedding_dim",
        to: "task.embedding_dim",
    },
    MovedKey {
        from: "training.optimizer",
        to: "training.config.optimizer",
    },
    MovedKey {
        from: "training.scheduler",
        to: "training.config.scheduler",
    },
    MovedKey {
        from: "training.batch_size",
        to: "training.config.batch_size",
    },
    MovedKey {
        from: "training.epochs",
        to: "training.config.epochs",
    },
];
