//! The closed vocabularies of the spec language: modalities, task types,
//! architecture families, device classes, latency classes, action spaces,
//! the architecture variant, attention kernel and quantization words, and
//! the artifact groups of a release.
//!
//! Each word may carry aliases: the original MetaGen's spellings
//! (`object_detection`, `time_series_forecast`, `gpu`, ...). An alias is read
//! as the canonical word, which is what every resolved output writes.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize};

/// Folds case, hyphens and spaces, so that `Encoder-Only`, `encoder_only`
/// and `encoder only` compare equal.
pub fn fold_word(word: &str) -> String {
    word.trim()
        .chars()
        .map(|c| match c {
            '-' | ' ' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// Declares a unit-only enum whose spellings live in one table, so that the
/// serde names, the JSON Schema, the docs and the error messages agree.
/// `Variant = "word" | "alias" | "alias"` lists the aliases a word accepts.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[doc = $vdoc:literal])* $variant:ident = $text:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum $name {
            $( $(#[doc = $vdoc])* #[serde(rename = $text)] $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The canonical spellings, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// Accepted aliases and the value each one means.
            pub const ALIASES: &'static [(&'static str, $name)] =
                &[$($(($alias, $name::$variant),)*)+];

            /// The spelling used in spec files.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// All canonical spellings, for error messages and docs.
            pub fn names() -> Vec<&'static str> {
                Self::NAMES.to_vec()
            }

            /// Reads a word: a canonical spelling or an alias, ignoring case,
            /// hyphens and spaces.
            pub fn from_word(word: &str) -> Option<Self> {
                let folded = fold_word(word);
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| fold_word(v.as_str()) == folded)
                    .or_else(|| {
                        Self::ALIASES
                            .iter()
                            .find(|(alias, _)| fold_word(alias) == folded)
                            .map(|(_, v)| *v)
                    })
            }

            fn description(self) -> &'static str {
                match self { $($name::$variant => concat!($($vdoc),*)),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct WordVisitor;
                impl serde::de::Visitor<'_> for WordVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(f, "one of: {}", $name::NAMES.join(", "))
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        $name::from_word(v).ok_or_else(|| E::unknown_variant(v, $name::NAMES))
                    }
                }
                deserializer.deserialize_str(WordVisitor)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }

            fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
                vocabulary_schema(
                    Self::ALL.iter().map(|v| (v.as_str(), v.description().trim())),
                    Self::ALIASES.iter().map(|(alias, v)| (*alias, v.as_str())),
                )
            }
        }
    };
}

/// The schema of a vocabulary: one `const` per canonical word with its
/// description, then one per alias naming the word it means, so that editors
/// complete both spellings.
fn vocabulary_schema<'a>(
    words: impl Iterator<Item = (&'a str, &'a str)>,
    aliases: impl Iterator<Item = (&'a str, &'a str)>,
) -> Schema {
    let mut choices: Vec<serde_json::Value> = words
        .map(|(word, description)| {
            serde_json::json!({ "type": "string", "const": word, "description": description })
        })
        .collect();
    choices.extend(aliases.map(|(alias, word)| {
        serde_json::json!({
            "type": "string",
            "const": alias,
            "description": format!("Alias of `{word}` (the original MetaGen's spelling); read as `{word}`."),
        })
    }));
    json_schema!({ "oneOf": choices })
}

vocabulary! {
    /// A kind of data a model consumes or produces.
    Modality {
        /// Natural-language text (token ids).
        Text = "text",
        /// Still images.
        Image = "image",
        /// Audio (waveform or log-mel features).
        Audio = "audio",
        /// Video clips.
        Video = "video",
        /// 3D shapes (point clouds, meshes, triplanes).
        ThreeD = "3d" | "point_cloud" | "pointcloud",
        /// Multivariate time series.
        TimeSeries = "time_series" | "timeseries",
        /// Rows of tabular features.
        Tabular = "tabular",
        /// Graphs (node features and edges).
        Graph = "graph",
        /// Reinforcement-learning observations.
        State = "state",
        /// Reinforcement-learning actions.
        Action = "action",
        /// A class label.
        Label = "label" | "classification",
        /// A dense embedding vector.
        Embedding = "embedding",
        /// Object bounding boxes with classes.
        BoundingBoxes = "bounding_boxes",
        /// A per-pixel mask.
        SegmentationMask = "segmentation_mask",
        /// A scalar score (relevance, anomaly, regression target).
        Score = "score" | "regression",
        /// Several modalities at once, left unnamed (the original's `multimodal`).
        Multimodal = "multimodal",
        /// Unsupported sense, accepted in outputs with a warning.
        Taste = "taste",
        /// Unsupported sense, accepted in outputs with a warning.
        Smell = "smell",
        /// Unsupported sense, accepted in outputs with a warning.
        Vibes = "vibes",
    }
}

impl Modality {
    /// Outputs that are accepted for the original tool's joke but that no
    /// architecture can produce.
    pub fn is_unsupported_sense(self) -> bool {
        matches!(self, Modality::Taste | Modality::Smell | Modality::Vibes)
    }
}

vocabulary! {
    /// What the model is trained to do.
    TaskType {
        /// Generate text, images, audio, video or 3D.
        Generation = "generation",
        /// Assign one of `num_classes` labels.
        Classification = "classification",
        /// Predict `num_outputs` real values.
        Regression = "regression",
        /// Map inputs to an `embedding_dim` vector.
        Embedding = "embedding",
        /// Score the relevance of a query-document pair.
        Ranking = "ranking",
        /// Predict boxes and classes.
        Detection = "detection" | "object_detection",
        /// Per-pixel semantic classes.
        Segmentation = "segmentation" | "semantic_segmentation",
        /// Per-pixel classes plus instance identities.
        InstanceSegmentation = "instance_segmentation",
        /// Semantic and instance segmentation together.
        PanopticSegmentation = "panoptic_segmentation",
        /// Predict the next `horizon` steps from `lookback` steps.
        Forecasting = "forecasting" | "time_series_forecast" | "time_series_forecasting" | "forecast",
        /// Score how anomalous a window is.
        AnomalyDetection = "anomaly_detection",
        /// Classify each node of a graph.
        NodeClassification = "node_classification",
        /// Classify whole graphs.
        GraphClassification = "graph_classification",
        /// Predict whether an edge exists.
        LinkPrediction = "link_prediction",
        /// Score user-item pairs.
        Recommendation = "recommendation",
        /// Align two modalities in a shared embedding space.
        Contrastive = "contrastive",
        /// Reinforcement learning with a policy-gradient method (PPO).
        PolicyGradient = "policy_gradient",
        /// Reinforcement learning with an actor and a critic.
        ActorCritic = "actor_critic",
        /// Reinforcement learning with a value function (DQN).
        ValueBased = "value_based",
        /// Reinforcement learning with a learned world model.
        ModelBased = "model_based",
        /// Transcribe speech to text.
        SpeechRecognition = "speech_recognition" | "asr",
        /// Retrieve matching items across modalities (CLIP-style dual
        /// encoders, bi-encoders, two-tower models).
        Retrieval = "retrieval",
    }
}

impl TaskType {
    /// Tasks whose outputs are one of `num_classes` classes.
    pub fn needs_classes(self) -> bool {
        matches!(
            self,
            TaskType::Classification
                | TaskType::Detection
                | TaskType::Segmentation
                | TaskType::InstanceSegmentation
                | TaskType::PanopticSegmentation
                | TaskType::NodeClassification
                | TaskType::GraphClassification
        )
    }

    /// Reinforcement-learning tasks, which act in an environment.
    pub fn is_reinforcement_learning(self) -> bool {
        matches!(
            self,
            TaskType::PolicyGradient
                | TaskType::ActorCritic
                | TaskType::ValueBased
                | TaskType::ModelBased
        )
    }
}

vocabulary! {
    /// The architecture family requested by the spec.
    Family {
        /// Attention-based models.
        Transformer = "transformer",
        /// Convolutional networks.
        Cnn = "cnn",
        /// U-Net encoder-decoders.
        Unet = "unet",
        /// Diffusion models (a U-Net denoiser unless the task says otherwise).
        Diffusion = "diffusion",
        /// Multi-layer perceptrons.
        Mlp = "mlp",
        /// Graph neural networks (graph attention by default).
        Gnn = "gnn",
        /// Graph attention networks.
        Gat = "gat",
        /// Graph convolutional networks.
        Gcn = "gcn",
        /// Several modality encoders and decoders around a fusion core.
        Hybrid = "hybrid",
        /// Encoder-decoder reconstruction models.
        Autoencoder = "autoencoder",
        /// Two-tower retrieval and recommendation models.
        TwoTower = "two_tower",
    }
}

vocabulary! {
    /// The class of device the model is served on.
    Device {
        /// A server CPU socket.
        Cpu = "cpu",
        /// An embedded accelerator board (Jetson Orin class).
        Edge = "edge",
        /// A phone NPU.
        Mobile = "mobile",
        /// A consumer graphics card (RTX 4090 class).
        ConsumerGpu = "consumer_gpu" | "gpu",
        /// A workstation or inference card (L4 class).
        WorkstationGpu = "workstation_gpu",
        /// A data-centre accelerator (H100 class).
        DatacenterGpu = "datacenter_gpu",
        /// An Apple M-series system on chip.
        AppleSilicon = "apple_silicon",
    }
}

vocabulary! {
    /// How quickly one request must be answered.
    Latency {
        /// A frame or token every ~33 ms.
        RealTime = "real-time" | "realtime",
        /// Around 100 ms per step.
        NearRealTime = "near-real-time" | "near-realtime",
        /// Around a second per request.
        Interactive = "interactive",
        /// Throughput matters, latency does not.
        Batch = "batch",
        /// No latency requirement at all.
        Offline = "offline",
    }
}

vocabulary! {
    /// The action space of a reinforcement-learning task.
    ActionSpace {
        /// A finite set of `num_actions` actions.
        Discrete = "discrete",
        /// A real vector of `action_dim` values.
        Continuous = "continuous",
    }
}

vocabulary! {
    /// Which halves of a transformer the model has (the original's
    /// `architecture.variant`).
    ArchVariant {
        /// A bidirectional encoder (BERT-style).
        EncoderOnly = "encoder_only" | "encoder-only" | "encoder",
        /// A causal decoder (GPT-style).
        DecoderOnly = "decoder_only" | "decoder-only" | "decoder",
        /// An encoder and a cross-attending decoder (T5-style).
        EncoderDecoder = "encoder_decoder" | "encoder-decoder" | "seq2seq",
    }
}

vocabulary! {
    /// The attention kernel the cost model assumes.
    Attention {
        /// Exact softmax attention over the whole context.
        Full = "full" | "standard" | "dense" | "vanilla" | "softmax",
        /// Exact attention computed tile by tile (FlashAttention), linear memory.
        Flash = "flash" | "flash_attention" | "flash_attention_2",
        /// Each token attends to a fixed window of recent tokens.
        SlidingWindow = "sliding_window" | "sliding-window" | "local" | "swa",
        /// Kernelised attention with cost linear in the context.
        Linear = "linear" | "linear_attention",
    }
}

impl Attention {
    /// Whether the attention is exact softmax attention (what the generated code and the
    /// cost model compute), not an approximation.
    pub fn is_exact(self) -> bool {
        matches!(self, Attention::Full | Attention::Flash)
    }
}

vocabulary! {
    /// The number format of the served weights.
    Quantization {
        /// Unquantized weights (the training precision).
        None = "none" | "off",
        /// 16-bit brain floating point.
        Bf16 = "bf16" | "bfloat16",
        /// 16-bit IEEE floating point.
        Fp16 = "fp16" | "float16" | "half",
        /// 8-bit floating point.
        Fp8 = "fp8" | "float8",
        /// 8-bit integers.
        Int8 = "int8" | "8bit" | "q8",
        /// 4-bit integers (including NF4).
        Int4 = "int4" | "4bit" | "q4" | "nf4",
    }
}

vocabulary! {
    /// A group of release files a spec may ask for in `outputs.artifacts`.
    ArtifactGroup {
        /// `blueprint/`: architecture, graph, exact counts, cost model,
        /// ablations. Always written: it is the source of every number.
        Blueprint = "blueprint",
        /// `code/`: the PyTorch model, training, evaluation and inference.
        Code = "code",
        /// `docs/`: model card, data card, evaluation report, limitations.
        Docs = "docs",
        /// `paper/`: the LaTeX paper project with its figures.
        Paper = "paper",
    }
}

impl ArtifactGroup {
    /// The group an `outputs.artifacts` entry names, ignoring ASCII case as
    /// the spec always has ("Docs" asks for docs); `None` if it names none.
    pub fn parse(text: &str) -> Option<ArtifactGroup> {
        Self::ALL
            .iter()
            .copied()
            .find(|group| group.as_str().eq_ignore_ascii_case(text))
    }
}
