//! Tests for the architecture core (they move with `src/arch/`).

mod closed_form;
mod families;
mod oracle;
mod overrides;
mod props;
mod snapshot;

use crate::arch::request::{ArchKind, ModalityTag, ObsKind};
use crate::families::{
    audio::AudioCodecDecoder,
    detect::{DetectorAnchorFree, DetectorDetr},
    dit::DiT,
    encoder::{EncoderBert, EncoderHead},
    graph::{Gat, Gcn, LinkDecoder, LinkPrediction, TwoTower},
    multimodal::{Clip, HybridMultimodal},
    pointnet::PointNet,
    resnet::ResNet,
    rl::{Dqn, RlActorCritic, RlModelBased},
    tabular::{Autoencoder, MlpForecaster, PatchTst, TabularMlp},
    unet::{LatentDiffusionUNet, UNetSegmenter},
    vit::Vit,
};

/// One representative request kind per family variant.
pub fn all_kinds() -> Vec<ArchKind> {
    vec![
        ArchKind::DecoderLlm,
        ArchKind::EncoderBert(EncoderBert {
            head: EncoderHead::Classifier { num_classes: 3 },
        }),
        ArchKind::EncoderBert(EncoderBert {
            head: EncoderHead::Embedding { dim: 384 },
        }),
        ArchKind::EncoderBert(EncoderBert {
            head: EncoderHead::CrossEncoder,
        }),
        ArchKind::EncoderBert(EncoderBert {
            head: EncoderHead::Regressor { outputs: 2 },
        }),
        ArchKind::Vit(Vit { num_classes: 1000 }),
        ArchKind::ResNet(ResNet { num_classes: 1000 }),
        ArchKind::PointNet(PointNet {
            num_classes: 40,
            points: 1024,
        }),
        ArchKind::DetectorAnchorFree(DetectorAnchorFree { num_classes: 80 }),
        ArchKind::DetectorDetr(DetectorDetr {
            num_classes: 91,
            num_queries: 100,
        }),
        ArchKind::UNetSegmenter(UNetSegmenter {
            num_classes: 21,
            instance_embedding: true,
        }),
        ArchKind::LatentDiffusionUNet(LatentDiffusionUNet {
            text_conditioned: true,
        }),
        ArchKind::LatentDiffusionUNet(LatentDiffusionUNet {
            text_conditioned: false,
        }),
        ArchKind::DiT(DiT {
            text_conditioned: false,
            num_classes: Some(1000),
        }),
        ArchKind::DiT(DiT {
            text_conditioned: true,
            num_classes: None,
        }),
        ArchKind::VideoUNet,
        ArchKind::VideoDiT,
        ArchKind::AudioCodecDecoder(AudioCodecDecoder {
            text_conditioned: true,
            audio_conditioned: true,
        }),
        ArchKind::AudioCodecDecoder(AudioCodecDecoder {
            text_conditioned: false,
            audio_conditioned: false,
        }),
        ArchKind::WhisperAsr,
        ArchKind::PointCloudDenoiser,
        ArchKind::Clip(Clip { embedding_dim: 512 }),
        ArchKind::HybridMultimodal(HybridMultimodal {
            inputs: vec![ModalityTag::Text, ModalityTag::Image, ModalityTag::Audio],
            outputs: vec![ModalityTag::Text, ModalityTag::Image],
        }),
        ArchKind::HybridMultimodal(HybridMultimodal {
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
        }),
        ArchKind::PatchTst(PatchTst {
            lookback: 512,
            horizon: 96,
            channels: 7,
        }),
        ArchKind::MlpForecaster(MlpForecaster {
            lookback: 336,
            horizon: 96,
            channels: 7,
        }),
        ArchKind::Autoencoder(Autoencoder {
            window: 128,
            channels: 8,
        }),
        ArchKind::TabularMlp(TabularMlp {
            features: 54,
            outputs: 7,
            classification: true,
        }),
        ArchKind::RlActorCritic(RlActorCritic {
            obs: ObsKind::Vector(17),
            actions: 6,
            continuous: true,
        }),
        ArchKind::RlActorCritic(RlActorCritic {
            obs: ObsKind::Image(4, 84, 84),
            actions: 18,
            continuous: false,
        }),
        ArchKind::Dqn(Dqn {
            obs: ObsKind::Image(4, 84, 84),
            actions: 18,
        }),
        ArchKind::Dqn(Dqn {
            obs: ObsKind::Vector(8),
            actions: 4,
        }),
        ArchKind::RlModelBased(RlModelBased {
            obs: ObsKind::Vector(24),
            actions: 4,
        }),
        ArchKind::RlModelBased(RlModelBased {
            obs: ObsKind::Image(3, 64, 64),
            actions: 6,
        }),
        ArchKind::Gat(Gat {
            node_features: 1433,
            num_classes: 7,
            graph_level: false,
        }),
        ArchKind::Gcn(Gcn {
            node_features: 128,
            num_classes: 2,
            graph_level: true,
        }),
        ArchKind::LinkPrediction(LinkPrediction {
            node_features: 128,
            embedding_dim: 64,
            decoder: LinkDecoder::Mlp,
        }),
        ArchKind::LinkPrediction(LinkPrediction {
            node_features: 128,
            embedding_dim: 64,
            decoder: LinkDecoder::Dot,
        }),
        ArchKind::TwoTower(TwoTower {
            embedding_dim: 64,
            num_users: 100_000,
            num_items: 50_000,
        }),
        ArchKind::T5,
    ]
}
