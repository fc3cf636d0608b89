//! The multimodal models: CLIP-style contrastive text+image encoders (transformer family)
//! and the hybrid fusion model for several modalities in or out (hybrid family, or any
//! generation with more than one output); synthesis in [`synth`].

mod prose;
pub mod synth;

use serde::{Deserialize, Serialize};

use crate::arch::request::{ArchKind, ModalityTag};
use crate::families::select::{Context, defaults, modality_tag};
use crate::families::{
    Architecture, Rule, Situation, Variant, equations as eq, recipes, wrong_kind,
};
use crate::spec::{Family, Modality};
use crate::tasks;

/// A CLIP dual-encoder request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clip {
    pub embedding_dim: u64,
}

/// A hybrid multimodal request: the modalities in and out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HybridMultimodal {
    pub inputs: Vec<ModalityTag>,
    pub outputs: Vec<ModalityTag>,
}

/// CLIP-style dual encoder.
pub const CLIP_VARIANT: Variant = Variant {
    name: "clip",
    model: include_str!("clip.py"),
};

/// Per-modality encoders and decoders around a shared fusion transformer.
pub const HYBRID_FUSION: Variant = Variant {
    name: "hybrid_fusion",
    model: include_str!("hybrid_fusion.py"),
};

/// The contrastive text+image model.
pub static CLIP: Architecture = Architecture {
    name: "clip",
    rules: &[
        Rule {
            situation: Situation::ImageTextContrastive,
            matches: |ctx: &Context| ctx.family == Family::Transformer,
            build: |ctx: &Context, _| {
                Some(ArchKind::Clip(Clip {
                    embedding_dim: ctx.task.embedding_dim.unwrap_or(defaults::EMBEDDING_DIM),
                }))
            },
        },
        Rule {
            situation: Situation::Retrieval,
            matches: |ctx: &Context| {
                ctx.family == Family::Transformer
                    && ctx.has_input(Modality::Text)
                    && ctx.has_input(Modality::Image)
            },
            build: |ctx: &Context, notes| {
                notes.push(
                    "text+image retrieval: the CLIP dual encoder, trained contrastively"
                        .to_string(),
                );
                Some(ArchKind::Clip(Clip {
                    embedding_dim: ctx.task.embedding_dim.unwrap_or(defaults::EMBEDDING_DIM),
                }))
            },
        },
    ],
    build: |req, budget| match &req.kind {
        ArchKind::Clip(Clip { embedding_dim }) => {
            synth::synthesize_clip(req, *embedding_dim, budget)
        }
        other => Err(wrong_kind("clip", other)),
    },
    variants: &[CLIP_VARIANT],
    task: |_| &tasks::CONTRASTIVE,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::ATTENTION, eq::LAYERNORM_MLP, eq::INFONCE],
    references: |_| {
        vec![(
            "Contrastive image-text pre-training",
            vec!["radford2021clip", "dosovitskiy2021vit"],
        )]
    },
    recipe: recipes::bert,
    hf_config: None,
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};

/// The hybrid multimodal model.
pub static HYBRID_MULTIMODAL: Architecture = Architecture {
    name: "hybrid_multimodal",
    rules: &[Rule {
        situation: Situation::Generation,
        matches: |ctx: &Context| ctx.family == Family::Hybrid || ctx.outputs.len() > 1,
        build: |ctx: &Context, _| {
            let ins: Vec<ModalityTag> =
                ctx.inputs.iter().filter_map(|m| modality_tag(*m)).collect();
            // The hybrid model reads point clouds but has no point decoder: a 3d output
            // stays unserved here (the allowed table and the refusal say so).
            let outs: Vec<ModalityTag> = ctx
                .outputs
                .iter()
                .filter_map(|m| modality_tag(*m))
                .filter(|tag| *tag != ModalityTag::PointCloud)
                .collect();
            (!ins.is_empty() && !outs.is_empty()).then_some(ArchKind::HybridMultimodal(
                HybridMultimodal {
                    inputs: ins,
                    outputs: outs,
                },
            ))
        },
    }],
    build: |req, budget| match &req.kind {
        ArchKind::HybridMultimodal(HybridMultimodal { inputs, outputs }) => {
            synth::synthesize_hybrid(req, inputs, outputs, budget)
        }
        other => Err(wrong_kind("hybrid_multimodal", other)),
    },
    variants: &[HYBRID_FUSION],
    task: |_| &tasks::HYBRID,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::ATTENTION, eq::LAYERNORM_MLP],
    references: |_| {
        vec![(
            "Multimodal encoders aligned through a shared space",
            vec!["radford2021clip", "dosovitskiy2021vit"],
        )]
    },
    recipe: recipes::bert,
    hf_config: None,
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};
