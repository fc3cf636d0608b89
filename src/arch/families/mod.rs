//! Per-family synthesis: dispatch from [`ArchKind`] to the family modules.

pub mod audio;
pub mod common;
pub mod detect;
pub mod dit;
pub mod encoder;
pub mod graph;
pub mod llm;
pub mod multimodal;
pub mod resnet;
pub mod rl;
pub mod small;
pub mod tabular;
pub mod unet;
pub mod vit;

use crate::arch::blueprint::Built;
use crate::arch::error::ArchError;
use crate::arch::fit::Budget;
use crate::arch::request::{ArchKind, ArchRequest};

/// The stable family name reported in blueprints and errors.
pub fn family_name(kind: &ArchKind) -> &'static str {
    match kind {
        ArchKind::DecoderLlm => "decoder_llm",
        ArchKind::EncoderBert { .. } => "encoder_bert",
        ArchKind::Vit { .. } => "vit",
        ArchKind::ResNet { .. } => "resnet",
        ArchKind::DetectorAnchorFree { .. } => "detector_anchor_free",
        ArchKind::DetectorDetr { .. } => "detector_detr",
        ArchKind::UNetSegmenter { .. } => "unet_segmenter",
        ArchKind::LatentDiffusionUNet { .. } => "latent_diffusion_unet",
        ArchKind::DiT { .. } => "dit",
        ArchKind::VideoUNet => "video_unet",
        ArchKind::VideoDiT => "video_dit",
        ArchKind::AudioCodecDecoder { .. } => "audio_codec_decoder",
        ArchKind::WhisperAsr => "whisper_asr",
        ArchKind::PointCloudDenoiser => "point_cloud_denoiser",
        ArchKind::Clip { .. } => "clip",
        ArchKind::HybridMultimodal { .. } => "hybrid_multimodal",
        ArchKind::PatchTst { .. } => "patchtst",
        ArchKind::MlpForecaster { .. } => "mlp_forecaster",
        ArchKind::Autoencoder { .. } => "autoencoder",
        ArchKind::TabularMlp { .. } => "tabular_mlp",
        ArchKind::RlActorCritic { .. } => "rl_actor_critic",
        ArchKind::Dqn { .. } => "dqn",
        ArchKind::RlModelBased { .. } => "rl_model_based",
        ArchKind::Gat { .. } => "gat",
        ArchKind::Gcn { .. } => "gcn",
        ArchKind::LinkPrediction { .. } => "link_prediction",
        ArchKind::TwoTower { .. } => "two_tower",
    }
}

/// Synthesizes the family's blueprint parts. See [`build_counted`].
pub fn build(req: &ArchRequest, budget: &Budget) -> Result<Built, ArchError> {
    build_counted(req, budget).map(|(built, _)| built)
}

/// Synthesizes the family's blueprint parts together with the closed-form total the fitter
/// scored the chosen candidate with; it must equal `built.root.count()` (checked by
/// [`crate::arch::synthesize`] and by the tests).
pub fn build_counted(req: &ArchRequest, budget: &Budget) -> Result<(Built, u64), ArchError> {
    let b = budget;
    match &req.kind {
        ArchKind::DecoderLlm => llm::synthesize(req, b),
        ArchKind::EncoderBert { head } => encoder::synthesize(req, head, b),
        ArchKind::Vit { num_classes } => vit::synthesize(req, *num_classes, b),
        ArchKind::ResNet { num_classes } => resnet::synthesize(req, *num_classes, b),
        ArchKind::DetectorAnchorFree { num_classes } => {
            detect::synthesize(req, *num_classes, None, b)
        }
        ArchKind::DetectorDetr {
            num_classes,
            num_queries,
        } => detect::synthesize(req, *num_classes, Some(*num_queries), b),
        ArchKind::UNetSegmenter {
            num_classes,
            instance_embedding,
        } => unet::synthesize_segmenter(req, *num_classes, *instance_embedding, b),
        ArchKind::LatentDiffusionUNet { text_conditioned } => {
            unet::synthesize_diffusion(req, *text_conditioned, false, b)
        }
        ArchKind::VideoUNet => unet::synthesize_diffusion(req, true, true, b),
        ArchKind::DiT {
            text_conditioned,
            num_classes,
        } => dit::synthesize_dit(req, *text_conditioned, *num_classes, false, b),
        ArchKind::VideoDiT => dit::synthesize_dit(req, true, None, true, b),
        ArchKind::PointCloudDenoiser => dit::synthesize_points(req, b),
        ArchKind::AudioCodecDecoder {
            text_conditioned,
            audio_conditioned,
        } => audio::synthesize_musicgen(req, *text_conditioned, *audio_conditioned, b),
        ArchKind::WhisperAsr => audio::synthesize_whisper(req, b),
        ArchKind::Clip { embedding_dim } => multimodal::synthesize_clip(req, *embedding_dim, b),
        ArchKind::HybridMultimodal { inputs, outputs } => {
            multimodal::synthesize_hybrid(req, inputs, outputs, b)
        }
        ArchKind::PatchTst {
            lookback,
            horizon,
            channels,
        } => tabular::synthesize_patchtst(req, *lookback, *horizon, *channels, b),
        ArchKind::MlpForecaster { .. }
        | ArchKind::Autoencoder { .. }
        | ArchKind::TabularMlp { .. } => tabular::synthesize_mlp(req, b),
        ArchKind::RlActorCritic {
            obs,
            actions,
            continuous,
        } => rl::synthesize(req, "rl_actor_critic", *obs, *actions, *continuous, b),
        ArchKind::Dqn { obs, actions } => rl::synthesize(req, "dqn", *obs, *actions, false, b),
        ArchKind::RlModelBased { obs, actions } => {
            rl::synthesize(req, "rl_model_based", *obs, *actions, false, b)
        }
        ArchKind::Gat {
            node_features,
            num_classes,
            graph_level,
        } => graph::synthesize_gnn(req, true, *node_features, *num_classes, *graph_level, b),
        ArchKind::Gcn {
            node_features,
            num_classes,
            graph_level,
        } => graph::synthesize_gnn(req, false, *node_features, *num_classes, *graph_level, b),
        ArchKind::LinkPrediction {
            node_features,
            embedding_dim,
            decoder,
        } => graph::synthesize_link(req, *node_features, *embedding_dim, *decoder, b),
        ArchKind::TwoTower {
            embedding_dim,
            num_users,
            num_items,
        } => graph::synthesize_two_tower(req, *embedding_dim, *num_users, *num_items, b),
    }
}
