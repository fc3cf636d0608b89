//! Tests for the architecture core (they move with `src/arch/`).

mod closed_form;
mod families;
mod oracle;
mod overrides;
mod props;
mod snapshot;

use crate::arch::request::{ArchKind, EncoderHead, LinkDecoder, ModalityTag, ObsKind};

/// One representative request kind per family variant.
pub fn all_kinds() -> Vec<ArchKind> {
    vec![
        ArchKind::DecoderLlm,
        ArchKind::EncoderBert {
            head: EncoderHead::Classifier { num_classes: 3 },
        },
        ArchKind::EncoderBert {
            head: EncoderHead::Embedding { dim: 384 },
        },
        ArchKind::EncoderBert {
            head: EncoderHead::CrossEncoder,
        },
        ArchKind::EncoderBert {
            head: EncoderHead::Regressor { outputs: 2 },
        },
        ArchKind::Vit { num_classes: 1000 },
        ArchKind::ResNet { num_classes: 1000 },
        ArchKind::DetectorAnchorFree { num_classes: 80 },
        ArchKind::DetectorDetr {
            num_classes: 91,
            num_queries: 100,
        },
        ArchKind::UNetSegmenter {
            num_classes: 21,
            instance_embedding: true,
        },
        ArchKind::LatentDiffusionUNet {
            text_conditioned: true,
        },
        ArchKind::LatentDiffusionUNet {
            text_conditioned: false,
        },
        ArchKind::DiT {
            text_conditioned: false,
            num_classes: Some(1000),
        },
        ArchKind::DiT {
            text_conditioned: true,
            num_classes: None,
        },
        ArchKind::VideoUNet,
        ArchKind::VideoDiT,
        ArchKind::AudioCodecDecoder {
            text_conditioned: true,
            audio_conditioned: true,
        },
        ArchKind::AudioCodecDecoder {
            text_conditioned: false,
            audio_conditioned: false,
        },
        ArchKind::WhisperAsr,
        ArchKind::PointCloudDenoiser,
        ArchKind::Clip { embedding_dim: 512 },
        ArchKind::HybridMultimodal {
            inputs: vec![ModalityTag::Text, ModalityTag::Image, ModalityTag::Audio],
            outputs: vec![ModalityTag::Text, ModalityTag::Image],
        },
        ArchKind::HybridMultimodal {
            inputs: vec![
                ModalityTag::Video,
                ModalityTag::TimeSeries,
                ModalityTag::Tabular,
            ],
            outputs: vec![
                ModalityTag::Audio,
                ModalityTag::Video,
                ModalityTag::Tabular,
                ModalityTag::TimeSeries,
            ],
        },
        ArchKind::PatchTst {
            lookback: 512,
            horizon: 96,
            channels: 7,
        },
        ArchKind::MlpForecaster {
            lookback: 336,
            horizon: 96,
            channels: 7,
        },
        ArchKind::Autoencoder {
            window: 128,
            channels: 8,
        },
        ArchKind::TabularMlp {
            features: 54,
            outputs: 7,
            classification: true,
        },
        ArchKind::RlActorCritic {
            obs: ObsKind::Vector(17),
            actions: 6,
            continuous: true,
        },
        ArchKind::RlActorCritic {
            obs: ObsKind::Image(4, 84, 84),
            actions: 18,
            continuous: false,
        },
        ArchKind::Dqn {
            obs: ObsKind::Image(4, 84, 84),
            actions: 18,
        },
        ArchKind::Dqn {
            obs: ObsKind::Vector(8),
            actions: 4,
        },
        ArchKind::RlModelBased {
            obs: ObsKind::Vector(24),
            actions: 4,
        },
        ArchKind::RlModelBased {
            obs: ObsKind::Image(3, 64, 64),
            actions: 6,
        },
        ArchKind::Gat {
            node_features: 1433,
            num_classes: 7,
            graph_level: false,
        },
        ArchKind::Gcn {
            node_features: 128,
            num_classes: 2,
            graph_level: true,
        },
        ArchKind::LinkPrediction {
            node_features: 128,
            embedding_dim: 64,
            decoder: LinkDecoder::Mlp,
        },
        ArchKind::LinkPrediction {
            node_features: 128,
            embedding_dim: 64,
            decoder: LinkDecoder::Dot,
        },
        ArchKind::TwoTower {
            embedding_dim: 64,
            num_users: 100_000,
            num_items: 50_000,
        },
    ]
}
