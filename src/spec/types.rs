//! The spec file's data types, exactly as written by a user, with the
//! original tool's defaults. Quantities stay text here; `resolve` parses them.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize};

use super::enums::{ActionSpace, Device, Family, Latency, Modality, TaskType};

/// Declares a text quantity that may also be written as a bare YAML number
/// (`max: 7e9`, `context_window: 512`). The text is kept verbatim and parsed
/// during resolution, so that a bad value is reported against its line.
macro_rules! quantity_text {
    ($(#[$meta:meta])* $name:ident, $pattern:expr, $example:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The text as written (numbers are rendered in plain decimal).
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self(text.to_string())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_any(QuantityVisitor).map(Self)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }

            fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
                let pattern: Option<&str> = $pattern;
                match pattern {
                    Some(pattern) => json_schema!({
                        "anyOf": [
                            { "type": "string", "pattern": pattern },
                            { "type": "number", "exclusiveMinimum": 0 }
                        ],
                        "examples": [$example]
                    }),
                    None => json_schema!({
                        "type": ["string", "number"],
                        "examples": [$example]
                    }),
                }
            }
        }
    };
}

/// Accepts a string or a number and returns its text.
struct QuantityVisitor;

impl serde::de::Visitor<'_> for QuantityVisitor {
    type Value = String;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a quantity such as \"8B\", \"128k\", \"16GB\" or a plain number")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<String, E> {
        // YAML reads `7e9` as a float; keep an integral value integral so the
        // count parser sees "7000000000" rather than "7000000000.0".
        if v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e15 {
            Ok(format!("{}", v as i64))
        } else {
            Ok(format!("{v}"))
        }
    }
}

quantity_text!(
    /// A parameter count: "8B", "350M", "500K", "1.5T", "7e9" or an integer.
    ParamCountText,
    Some(r"^\s*[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?\s*[KkMmBbTt]?\s*$"),
    "8B"
);
quantity_text!(
    /// A context window: "128k" (k = 1024 tokens), "1M", "512", or "infinite".
    ContextText,
    Some(r"^\s*([0-9]+(\.[0-9]+)?\s*[kKmM]?|∞|[iI][nN][fF]([iI][nN][iI][tT]([eE]|[yY]))?)\s*$"),
    "128k"
);
quantity_text!(
    /// A memory size: "16GB" (10^9 bytes), "16GiB" (2^30 bytes), "512MB", "2TB".
    MemoryText,
    Some(r"^\s*[0-9]+(\.[0-9]+)?\s*([kKmMgGtTpP][iI]?[bB]|[bB]|bytes)\s*$"),
    "12GB"
);
quantity_text!(
    /// A throughput: "120 tok/s", "30fps", "2 img/s", or free text.
    ThroughputText,
    None,
    "30fps"
);
quantity_text!(
    /// Training hardware: "8xH100", "256xA100", "4xA100-80GB", "1xMPS".
    HardwareText,
    Some(r"^\s*([0-9]+\s*[xX×]\s*)?[A-Za-z][A-Za-z0-9 _-]*\s*$"),
    "8xH100"
);
quantity_text!(
    /// A duration: "21 days", "6 hours", "30 minutes", "2 weeks".
    DurationText,
    Some(r"^\s*[0-9]+(\.[0-9]+)?\s*[A-Za-z]+\s*$"),
    "3 days"
);
quantity_text!(
    /// A data size: "2T tokens", "1.28M samples", "500GB", or free text.
    DataSizeText,
    None,
    "2T tokens"
);

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
    /// Latency class of one request.
    pub latency: Latency,
    /// Class of device the model is served on.
    pub device: Device,
    /// Bounds on the parameter count.
    pub parameter_budget: ParameterBudget,
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
}

impl Default for Constraints {
    fn default() -> Self {
        Self {
            latency: Latency::NearRealTime,
            device: Device::ConsumerGpu,
            parameter_budget: ParameterBudget::default(),
            memory_budget: "12GB".into(),
            context_window: "128k".into(),
            throughput: "30fps".into(),
            image_size: None,
            patch_size: None,
            latent_size: None,
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
}

impl Default for Training {
    fn default() -> Self {
        Self {
            objective: vec!["diffusion".to_string(), "autoregressive".to_string()],
            data: TrainingData::default(),
            compute: Compute::default(),
            alignment: Alignment::default(),
            config: None,
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
    /// Alignment method, e.g. RLHF or DPO.
    pub method: String,
    /// The policy the model is aligned to.
    pub policy: String,
}

impl Default for Alignment {
    fn default() -> Self {
        Self {
            method: "RLHF".to_string(),
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
}

/// Architecture family, descriptive components and explicit dimensions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Architecture {
    /// The architecture family.
    pub family: Family,
    /// Descriptive components, listed in the blueprint.
    pub components: Vec<Component>,
    /// Explicit dimensions, honoured when consistent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hyperparameters: Option<Hyperparameters>,
}

impl Default for Architecture {
    fn default() -> Self {
        Self {
            family: Family::Transformer,
            components: Vec::new(),
            hyperparameters: None,
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
