//! The synthesis request: which family, the parameter budget, input sizes, deployment target
//! and user overrides.

use serde::{Deserialize, Serialize};

/// Head on top of a BERT-style encoder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EncoderHead {
    /// Sequence classification: pooler + `Linear(d, num_classes)`.
    Classifier { num_classes: u64 },
    /// Sentence embeddings: mean pooling + `Linear(d, dim)` projection (no pooler).
    Embedding { dim: u64 },
    /// Pair scoring: pooler + `Linear(d, 1)`.
    CrossEncoder,
    /// Regression: pooler + `Linear(d, outputs)`.
    Regressor { outputs: u64 },
}

/// A modality handled by a hybrid multimodal model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ModalityTag {
    Text,
    Image,
    Audio,
    Video,
    Tabular,
    TimeSeries,
}

impl ModalityTag {
    pub fn name(self) -> &'static str {
        match self {
            ModalityTag::Text => "text",
            ModalityTag::Image => "image",
            ModalityTag::Audio => "audio",
            ModalityTag::Video => "video",
            ModalityTag::Tabular => "tabular",
            ModalityTag::TimeSeries => "time_series",
        }
    }
}

/// Observation space of an RL agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ObsKind {
    Vector(u64),
    /// Channels, height, width.
    Image(u64, u64, u64),
}

/// Link-prediction edge decoder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkDecoder {
    Dot,
    Mlp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ArchKind {
    DecoderLlm,
    EncoderBert {
        head: EncoderHead,
    },
    Vit {
        num_classes: u64,
    },
    ResNet {
        num_classes: u64,
    },
    DetectorAnchorFree {
        num_classes: u64,
    },
    DetectorDetr {
        num_classes: u64,
        num_queries: u64,
    },
    UNetSegmenter {
        num_classes: u64,
        instance_embedding: bool,
    },
    LatentDiffusionUNet {
        text_conditioned: bool,
    },
    DiT {
        text_conditioned: bool,
        num_classes: Option<u64>,
    },
    /// Text-to-video latent U-Net (spatial levels + temporal attention).
    VideoUNet,
    /// Text-to-video diffusion transformer over spatio-temporal patches.
    VideoDiT,
    AudioCodecDecoder {
        text_conditioned: bool,
        audio_conditioned: bool,
    },
    WhisperAsr,
    /// Text-to-3D point-cloud denoiser.
    PointCloudDenoiser,
    Clip {
        embedding_dim: u64,
    },
    HybridMultimodal {
        inputs: Vec<ModalityTag>,
        outputs: Vec<ModalityTag>,
    },
    PatchTst {
        lookback: u64,
        horizon: u64,
        channels: u64,
    },
    MlpForecaster {
        lookback: u64,
        horizon: u64,
        channels: u64,
    },
    /// Reconstruction autoencoder over a window of `window` steps x `channels` (tabular: window
    /// = number of features, channels = 1).
    Autoencoder {
        window: u64,
        channels: u64,
    },
    TabularMlp {
        features: u64,
        outputs: u64,
        classification: bool,
    },
    RlActorCritic {
        obs: ObsKind,
        actions: u64,
        continuous: bool,
    },
    Dqn {
        obs: ObsKind,
        actions: u64,
    },
    RlModelBased {
        obs: ObsKind,
        actions: u64,
    },
    Gat {
        node_features: u64,
        num_classes: u64,
        graph_level: bool,
    },
    Gcn {
        node_features: u64,
        num_classes: u64,
        graph_level: bool,
    },
    LinkPrediction {
        node_features: u64,
        embedding_dim: u64,
        decoder: LinkDecoder,
    },
    TwoTower {
        embedding_dim: u64,
        num_users: u64,
        num_items: u64,
    },
}

pub use crate::hardware::{DeviceClass, LatencyClass};

/// Architecture overrides from the spec's `architecture.hyperparameters`; `None` means "let
/// the fitter choose". (The spec-side type is [`crate::spec::types::Hyperparameters`].)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Overrides {
    pub hidden_size: Option<u64>,
    pub num_layers: Option<u64>,
    pub num_heads: Option<u64>,
    pub num_kv_heads: Option<u64>,
    pub head_dim: Option<u64>,
    pub intermediate_size: Option<u64>,
    pub vocab_size: Option<u64>,
    pub max_position_embeddings: Option<u64>,
    pub tie_word_embeddings: Option<bool>,
    pub base_channels: Option<u64>,
    pub channel_multipliers: Option<Vec<u64>>,
    pub layers_per_block: Option<u64>,
    pub patch_size: Option<u64>,
    pub mlp_hidden: Option<Vec<u64>>,
    /// Residual blocks per stage for CNN backbones (e.g. `[3, 4, 6, 3]`).
    pub stage_blocks: Option<Vec<u64>>,
    /// Width of the text-conditioning encoder (one of 256, 384, 512, 768), which also sets
    /// the cross-attention context dimension.
    pub context_dim: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchRequest {
    pub kind: ArchKind,
    pub param_max: u64,
    pub param_min: Option<u64>,
    pub context_window: u64,
    pub image_size: Option<(u64, u64)>,
    pub patch_size: Option<u64>,
    pub latent_size: Option<u64>,
    pub device: DeviceClass,
    pub latency: LatencyClass,
    pub overrides: Overrides,
}

impl ArchRequest {
    /// A request with defaults: context 2048, no image/latent sizes, consumer GPU, interactive.
    pub fn new(kind: ArchKind, param_max: u64) -> ArchRequest {
        ArchRequest {
            kind,
            param_max,
            param_min: None,
            context_window: 2048,
            image_size: None,
            patch_size: None,
            latent_size: None,
            device: DeviceClass::ConsumerGpu,
            latency: LatencyClass::Interactive,
            overrides: Overrides::default(),
        }
    }
}
