//! The spec file's data types, exactly as written by a user, with the
//! original tool's defaults. Quantities stay text here; `resolve` parses them.
//!
//! The types read both languages: ours and the original MetaGen's. Keys the
//! original's users wrote beside its schema ("keys in the wild") are typed
//! fields here; those that repeat one of ours (`constraints.parameters`,
//! `training.epochs`, ...) are folded into it by `resolve`, which then clears
//! them, so a resolved spec only carries the canonical form.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize};

use super::enums::{
    ActionSpace, ArchVariant, Attention, Device, Family, Latency, Modality, Quantization, TaskType,
};
pub use super::quantity_text::{
    AudioLengthText, ContextText, DataSizeText, DurationText, HardwareText, LatencyTargetText,
    MemoryText, ParamCountText, SampleRateText, ThroughputText,
};

/// A complete model specification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
#[schemars(title = "MetaGen model specification")]
pub struct Spec {
    /// Version of the spec format this file is written in.
    pub metagen_version: String,
    /// Name of the model; it appears in titles and, sanitised, in run ids.
    pub name: String,
    /// Version string of the release being described.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// One-paragraph description of the model.
    pub description: String,
    /// What the model consumes and produces.
    pub modality: ModalitySpec,
    /// What the model is trained to do.
    pub task: TaskSpec,
    /// Budgets and deployment constraints.
    pub constraints: Constraints,
    /// How the model is (notionally) trained.
    pub training: Training,
    /// Architecture family and explicit overrides.
    pub architecture: Architecture,
    /// Which artifact groups the release should contain.
    pub outputs: Outputs,
    /// Benchmarks, baselines and metrics to report.
    pub evaluation: Evaluation,
    /// Seeding and determinism settings.
    pub reproducibility: Reproducibility,
}

impl Default for Spec {
    fn default() -> Self {
        Self {
            metagen_version: "1.0".to_string(),
            name: "metagen_default".to_string(),
            version: None,
            description: "A model synthesized by MetaGen.".to_string(),
            modality: ModalitySpec::default(),
            task: TaskSpec::default(),
            constraints: Constraints::default(),
            training: Training::default(),
            architecture: Architecture::default(),
            outputs: Outputs::default(),
            evaluation: Evaluation::default(),
            reproducibility: Reproducibility::default(),
        }
    }
}

/// Input and output modalities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ModalitySpec {
    /// Modalities the model consumes.
    pub inputs: Vec<Modality>,
    /// Modalities the model produces.
    pub outputs: Vec<Modality>,
}

impl Default for ModalitySpec {
    fn default() -> Self {
        Self {
            inputs: vec![Modality::Text],
            outputs: vec![Modality::Text],
        }
    }
}

/// The task and its task-specific sizes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct TaskSpec {
    /// The kind of task.
    #[serde(rename = "type")]
    pub task_type: TaskType,
    /// Application domain, free text.
    pub domain: String,
    /// Number of classes for classification, detection and segmentation.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub num_classes: Option<u64>,
    /// Number of regression outputs.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub num_outputs: Option<u64>,
    /// Forecast horizon in steps.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub horizon: Option<u64>,
    /// Number of past steps the model sees.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub lookback: Option<u64>,
    /// Number of discrete actions.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub num_actions: Option<u64>,
    /// Size of a continuous action vector.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub action_dim: Option<u64>,
    /// Anchors per location for detection heads.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub num_anchors: Option<u64>,
    /// Side of the predicted mask in pixels.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub mask_resolution: Option<u64>,
    /// Features per graph node.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub node_features: Option<u64>,
    /// Features per graph edge.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub edge_features: Option<u64>,
    /// Size of the output embedding.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub embedding_dim: Option<u64>,
    /// Action space for reinforcement learning.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_space: Option<ActionSpace>,
}

impl Default for TaskSpec {
    fn default() -> Self {
        Self {
            task_type: TaskType::Generation,
            domain: "generic".to_string(),
            num_classes: None,
            num_outputs: None,
            horizon: None,
            lookback: None,
            num_actions: None,
            action_dim: None,
            num_anchors: None,
            mask_resolution: None,
            node_features: None,
            edge_features: None,
            embedding_dim: None,
            action_space: None,
        }
    }
}

/// Budgets and deployment constraints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Constraints {
    /// Latency class of one request, or a target such as "10ms" (read as
    /// `latency_target` and the class it falls in).
    #[serde(deserialize_with = "super::lenient::latency_class_or_target")]
    #[schemars(schema_with = "super::lenient::latency_schema")]
    pub latency: Latency,
    /// Latency target of one request: "10ms", "100 ms", "0.5s".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_target: Option<LatencyTargetText>,
    /// Class of device the model is served on.
    pub device: Device,
    /// Bounds on the parameter count.
    pub parameter_budget: ParameterBudget,
    /// The original's spelling of `parameter_budget.max`; folded into it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameters: Option<ParamCountText>,
    /// Memory available for serving.
    pub memory_budget: MemoryText,
    /// Longest input, in tokens.
    pub context_window: ContextText,
    /// Required serving throughput.
    pub throughput: ThroughputText,
    /// Input image size: a side length or [height, width].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_size: Option<ImageSize>,
    /// Patch size for patch-based vision models.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub patch_size: Option<u64>,
    /// Side of the latent grid for latent-diffusion models.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub latent_size: Option<u64>,
    /// Frames per video clip.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub num_frames: Option<u64>,
    /// Video frame size: a side length or [height, width].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frame_size: Option<ImageSize>,
    /// Stride between sampled video frames.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub temporal_stride: Option<u64>,
    /// Audio sample rate: 16000 (Hz) or "16kHz".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample_rate: Option<SampleRateText>,
    /// Audio clip length: 10 (seconds) or "10s".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audio_length: Option<AudioLengthText>,
    /// The original's place for the embedding size; folded into
    /// `task.embedding_dim`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub embedding_dim: Option<u64>,
    /// Number format of the served weights.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantization: Option<Quantization>,
}

impl Default for Constraints {
    fn default() -> Self {
        Self {
            latency: Latency::NearRealTime,
            latency_target: None,
            device: Device::ConsumerGpu,
            parameter_budget: ParameterBudget::default(),
            parameters: None,
            memory_budget: "12GB".into(),
            context_window: "128k".into(),
            throughput: "30fps".into(),
            image_size: None,
            patch_size: None,
            latent_size: None,
            num_frames: None,
            frame_size: None,
            temporal_stride: None,
            sample_rate: None,
            audio_length: None,
            embedding_dim: None,
            quantization: None,
        }
    }
}

/// Bounds on the parameter count (decimal: 8B = 8,000,000,000).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ParameterBudget {
    /// Largest acceptable parameter count.
    pub max: ParamCountText,
    /// Smallest acceptable parameter count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<ParamCountText>,
}

impl Default for ParameterBudget {
    fn default() -> Self {
        Self {
            max: "20B".into(),
            min: None,
        }
    }
}

/// An image size: one side for square images, or [height, width].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ImageSize {
    /// A square image of this side length.
    Square(#[schemars(range(min = 1))] u64),
    /// [height, width].
    HeightWidth([u64; 2]),
}

impl ImageSize {
    /// The size as (height, width).
    pub fn height_width(self) -> (u64, u64) {
        match self {
            ImageSize::Square(side) => (side, side),
            ImageSize::HeightWidth([h, w]) => (h, w),
        }
    }
}

/// Training objectives, data, compute and alignment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Training {
    /// Training objectives, e.g. autoregressive, diffusion, contrastive.
    pub objective: Vec<String>,
    /// Training data.
    pub data: TrainingData,
    /// Training compute.
    pub compute: Compute,
    /// Post-training alignment.
    pub alignment: Alignment,
    /// Explicit training hyperparameters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config: Option<TrainingConfig>,
    /// The original's spelling of `config.optimizer`; folded into it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub optimizer: Option<String>,
    /// The original's spelling of `config.scheduler`; folded into it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduler: Option<String>,
    /// The original's spelling of `config.batch_size`; folded into it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub batch_size: Option<u64>,
    /// The original's spelling of `config.epochs`; folded into it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub epochs: Option<u64>,
}

impl Default for Training {
    fn default() -> Self {
        Self {
            objective: vec!["diffusion".to_string(), "autoregressive".to_string()],
            data: TrainingData::default(),
            compute: Compute::default(),
            alignment: Alignment::default(),
            config: None,
            optimizer: None,
            scheduler: None,
            batch_size: None,
            epochs: None,
        }
    }
}

/// Training data sources, size and governance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct TrainingData {
    /// Named data sources.
    pub sources: Vec<String>,
    /// Size: "2T tokens", "1.28M samples", "500GB", or free text.
    pub size: DataSizeText,
    /// Governance statements, quoted as given.
    pub governance: Governance,
}

impl Default for TrainingData {
    fn default() -> Self {
        Self {
            sources: Vec::new(),
            size: "unknown but large".into(),
            governance: Governance::default(),
        }
    }
}

/// Data-governance statements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Governance {
    /// How personal data was handled.
    pub pii: String,
    /// How copyright was handled.
    pub copyright: String,
}

impl Default for Governance {
    fn default() -> Self {
        Self {
            pii: "we tried".to_string(),
            copyright: "mostly".to_string(),
        }
    }
}

/// Training hardware and wall-clock duration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Compute {
    /// Accelerators: "8xH100".
    pub hardware: HardwareText,
    /// Wall-clock training time: "3 days".
    pub duration: DurationText,
}

impl Default for Compute {
    fn default() -> Self {
        Self {
            hardware: "8xH100".into(),
            duration: "3 days".into(),
        }
    }
}

/// Post-training alignment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Alignment {
    /// Alignment methods, e.g. RLHF or [SFT, DPO]; one method may be a plain
    /// string.
    pub method: AlignmentMethods,
    /// The policy the model is aligned to.
    pub policy: String,
}

impl Default for Alignment {
    fn default() -> Self {
        Self {
            method: AlignmentMethods(vec!["RLHF".to_string()]),
            policy: "be helpful, harmless, and on-brand".to_string(),
        }
    }
}

/// Explicit training hyperparameters; each overrides the recipe's choice.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct TrainingConfig {
    /// Global batch size in samples.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub batch_size: Option<u64>,
    /// Peak learning rate.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0))]
    pub learning_rate: Option<f64>,
    /// Passes over the data.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub epochs: Option<u64>,
    /// Optimizer steps.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub max_steps: Option<u64>,
    /// Optimizer name (adamw, adam, sgd).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub optimizer: Option<String>,
    /// Decoupled weight decay.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0))]
    pub weight_decay: Option<f64>,
    /// Linear warm-up steps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warmup_steps: Option<u64>,
    /// Gradient-norm clipping threshold.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0))]
    pub grad_clip: Option<f64>,
    /// Numeric precision (fp32, bf16, fp16).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision: Option<String>,
    /// Exponential-moving-average decay of the weights.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub ema_decay: Option<f64>,
    /// Diffusion noise schedule (linear, cosine).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub noise_schedule: Option<String>,
    /// Diffusion timesteps.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub timesteps: Option<u64>,
    /// Learning-rate schedule (cosine, linear, constant, step, exponential,
    /// polynomial, inverse_sqrt, one_cycle).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduler: Option<String>,
    /// Warm-up length in epochs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warmup_epochs: Option<u64>,
    /// Probability of dropping the condition during training, for
    /// classifier-free guidance (0 <= p < 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub unconditional_probability: Option<f64>,
    /// Data augmentation: true/false, or the names of the transforms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_augmentation: Option<DataAugmentation>,
}

/// Architecture family, descriptive components and explicit dimensions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Architecture {
    /// The architecture family. An unknown name that is not a near-miss
    /// typo of a known one falls back to `transformer` with a warning, as in
    /// the original.
    #[serde(deserialize_with = "super::lenient::family_or_fallback")]
    pub family: Family,
    /// Descriptive components, listed in the blueprint.
    pub components: Vec<Component>,
    /// Explicit dimensions, honoured when consistent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hyperparameters: Option<Hyperparameters>,
    /// Which halves of a transformer: encoder_only, decoder_only or
    /// encoder_decoder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<ArchVariant>,
    /// The attention kernel the cost model assumes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attention: Option<Attention>,
    /// The original's spelling of `constraints.context_window`; folded into it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_length: Option<ContextText>,
}

impl Default for Architecture {
    fn default() -> Self {
        Self {
            family: Family::Transformer,
            components: Vec::new(),
            hyperparameters: None,
            variant: None,
            attention: None,
            context_length: None,
        }
    }
}

/// A named component of the architecture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Component {
    /// Component name.
    pub name: String,
    /// Component type.
    #[serde(rename = "type")]
    pub component_type: String,
}

/// Explicit architecture dimensions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Hyperparameters {
    /// Model width.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub hidden_size: Option<u64>,
    /// Number of layers (transformer blocks).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub num_layers: Option<u64>,
    /// Attention heads.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub num_heads: Option<u64>,
    /// Key/value heads for grouped-query attention.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub num_kv_heads: Option<u64>,
    /// Width of one attention head.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub head_dim: Option<u64>,
    /// Feed-forward inner width.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub intermediate_size: Option<u64>,
    /// Token vocabulary size.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub vocab_size: Option<u64>,
    /// Learned position table size.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub max_position_embeddings: Option<u64>,
    /// Whether the output head shares the input embedding matrix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tie_word_embeddings: Option<bool>,
    /// Base channel width of convolutional models.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub base_channels: Option<u64>,
    /// Channel multiplier per resolution level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_multipliers: Option<Vec<u64>>,
    /// Residual blocks per resolution level.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub layers_per_block: Option<u64>,
    /// Patch size of patch embeddings.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub patch_size: Option<u64>,
    /// Hidden widths of MLP stacks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mlp_hidden: Option<Vec<u64>>,
}

/// Artifact groups the release should contain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Outputs {
    /// Artifact names, e.g. blueprint, code, docs, paper (see
    /// `ArtifactGroup`; case is ignored and an unknown name is warned about
    /// and skipped, so the field stays free text in the schema).
    pub artifacts: Vec<String>,
}

impl Default for Outputs {
    fn default() -> Self {
        Self {
            artifacts: crate::spec::ArtifactGroup::names()
                .into_iter()
                .map(str::to_string)
                .collect(),
        }
    }
}

/// Benchmarks, baselines and metrics.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Evaluation {
    /// Benchmarks to report (scores are synthetic).
    pub benchmarks: Vec<String>,
    /// Models to compare against.
    pub baselines: Vec<String>,
    /// Metrics to compute, e.g. accuracy, perplexity, mse.
    pub metrics: Vec<String>,
    /// Evaluation datasets, listed in the model card.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub datasets: Vec<String>,
}

/// Seeding and determinism.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Reproducibility {
    /// Base seed; `--seed` overrides it.
    pub seed: u64,
    /// Determinism level requested from training code.
    pub determinism: String,
}

impl Default for Reproducibility {
    fn default() -> Self {
        Self {
            seed: 42,
            determinism: "strict".to_string(),
        }
    }
}

/// Alignment methods in order. One method is written (and serialised) as a
/// plain string, several as a list, so `method: DPO` and `method: [DPO]`
/// resolve alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlignmentMethods(pub Vec<String>);

impl AlignmentMethods {
    /// The methods, in the order written.
    pub fn methods(&self) -> &[String] {
        &self.0
    }
}

impl std::fmt::Display for AlignmentMethods {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join(", "))
    }
}

impl Serialize for AlignmentMethods {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.as_slice() {
            [one] => serializer.serialize_str(one),
            many => many.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for AlignmentMethods {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::lenient::string_or_list(deserializer, "an alignment method or a list of them")
            .map(AlignmentMethods)
    }
}

impl JsonSchema for AlignmentMethods {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("AlignmentMethods")
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" } }
            ],
            "examples": ["RLHF", ["SFT", "DPO"]]
        })
    }
}

/// Data augmentation: switched on or off, or named transforms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum DataAugmentation {
    /// The family's standard augmentation, or none.
    Enabled(bool),
    /// Named transforms, e.g. [random_crop, horizontal_flip]; one name may be
    /// a plain string.
    Transforms(Vec<String>),
}

impl<'de> Deserialize<'de> for DataAugmentation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::lenient::bool_string_or_list(deserializer)
    }
}
