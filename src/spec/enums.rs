//! The closed vocabularies of the spec language: modalities, task types,
//! architecture families, device classes, latency classes, action spaces and
//! the artifact groups of a release.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Declares a unit-only enum whose spellings live in one table, so that the
/// serde names, the JSON Schema, the docs and the error messages agree.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant, )+
        }

        impl $name {
            /// Every accepted spelling, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The spelling used in spec files.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// All spellings, for error messages and docs.
            pub fn names() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.as_str()).collect()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
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
        ThreeD = "3d",
        /// Multivariate time series.
        TimeSeries = "time_series",
        /// Rows of tabular features.
        Tabular = "tabular",
        /// Graphs (node features and edges).
        Graph = "graph",
        /// Reinforcement-learning observations.
        State = "state",
        /// Reinforcement-learning actions.
        Action = "action",
        /// A class label.
        Label = "label",
        /// A dense embedding vector.
        Embedding = "embedding",
        /// Object bounding boxes with classes.
        BoundingBoxes = "bounding_boxes",
        /// A per-pixel mask.
        SegmentationMask = "segmentation_mask",
        /// A scalar score (relevance, anomaly, regression target).
        Score = "score",
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
        Detection = "detection",
        /// Per-pixel semantic classes.
        Segmentation = "segmentation",
        /// Per-pixel classes plus instance identities.
        InstanceSegmentation = "instance_segmentation",
        /// Semantic and instance segmentation together.
        PanopticSegmentation = "panoptic_segmentation",
        /// Predict the next `horizon` steps from `lookback` steps.
        Forecasting = "forecasting",
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
        SpeechRecognition = "speech_recognition",
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
        ConsumerGpu = "consumer_gpu",
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
        RealTime = "real-time",
        /// Around 100 ms per step.
        NearRealTime = "near-real-time",
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
