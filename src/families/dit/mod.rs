//! The diffusion transformers: DiT for images and its spatio-temporal video variant
//! (transformer family), and the text-to-3D point-cloud denoiser (transformer or diffusion
//! family); synthesis in [`synth`].

mod prose;
pub mod synth;

use serde::{Deserialize, Serialize};

use crate::arch::request::ArchKind;
use crate::families::select::Context;
use crate::families::{
    Architecture, References, Rule, Situation, Variant, equations as eq, recipes, wrong_kind,
};
use crate::spec::{Family, Modality};
use crate::tasks;

/// A diffusion-transformer request: text or class conditioning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiT {
    pub text_conditioned: bool,
    pub num_classes: Option<u64>,
}

/// Latent DiT with adaLN-Zero blocks.
pub const DIT_VARIANT: Variant = Variant {
    name: "dit",
    model: include_str!("dit.py"),
};

/// DiT over spatio-temporal patches.
pub const VIDEO_DIT_VARIANT: Variant = Variant {
    name: "video_dit",
    model: include_str!("video_dit.py"),
};

/// Point-E-style point-cloud denoiser.
pub const POINT_E_DENOISER: Variant = Variant {
    name: "point_e_denoiser",
    model: include_str!("point_e_denoiser.py"),
};

/// Related work of both video denoisers (the U-Net and the DiT).
pub fn video_references() -> References {
    vec![
        ("Denoising diffusion", vec!["ho2020ddpm", "song2021ddim"]),
        (
            "Video diffusion with spatio-temporal denoisers",
            vec![
                "ho2022video",
                "peebles2023dit",
                "rombach2022ldm",
                "ronneberger2015unet",
            ],
        ),
    ]
}

/// The image diffusion transformer.
pub static DIT: Architecture = Architecture {
    name: "dit",
    rules: &[Rule {
        situation: Situation::Generation,
        matches: |ctx: &Context| {
            ctx.single_output(Modality::Image) && ctx.family == Family::Transformer
        },
        build: |ctx: &Context, _| {
            Some(ArchKind::DiT(DiT {
                text_conditioned: ctx.has_input(Modality::Text),
                num_classes: ctx.task.num_classes,
            }))
        },
    }],
    build: |req, budget| match &req.kind {
        ArchKind::DiT(DiT {
            text_conditioned,
            num_classes,
        }) => synth::synthesize_dit(req, *text_conditioned, *num_classes, false, budget),
        other => Err(wrong_kind("dit", other)),
    },
    variants: &[DIT_VARIANT],
    task: |_| &tasks::IMAGE_DIFFUSION,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::ATTENTION, eq::ADALN, eq::DIFFUSION],
    references: |_| {
        vec![
            (
                "Denoising diffusion and its deterministic samplers",
                vec!["ho2020ddpm", "song2021ddim"],
            ),
            (
                "Diffusion transformers in latent space",
                vec!["peebles2023dit", "rombach2022ldm"],
            ),
        ]
    },
    recipe: recipes::diffusion,
    hf_config: None,
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};

/// The text-to-video diffusion transformer.
pub static VIDEO_DIT: Architecture = Architecture {
    name: "video_dit",
    rules: &[Rule {
        situation: Situation::Generation,
        matches: |ctx: &Context| {
            ctx.single_output(Modality::Video) && ctx.family == Family::Transformer
        },
        build: |_, _| Some(ArchKind::VideoDiT),
    }],
    build: |req, budget| synth::synthesize_dit(req, true, None, true, budget),
    variants: &[VIDEO_DIT_VARIANT],
    task: |_| &tasks::VIDEO_DIFFUSION,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::ATTENTION, eq::ADALN, eq::DIFFUSION],
    references: |_| video_references(),
    recipe: recipes::diffusion,
    hf_config: None,
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};

/// The text-to-3D point-cloud denoiser.
pub static POINT_CLOUD_DENOISER: Architecture = Architecture {
    name: "point_cloud_denoiser",
    rules: &[Rule {
        situation: Situation::Generation,
        matches: |ctx: &Context| {
            ctx.single_output(Modality::ThreeD)
                && ctx.family_in(&[Family::Transformer, Family::Unet, Family::Diffusion])
        },
        build: |ctx: &Context, notes| {
            if !ctx.has_input(Modality::Text) {
                notes.push("the 3D denoiser is conditioned on text only".to_string());
            }
            Some(ArchKind::PointCloudDenoiser)
        },
    }],
    build: |req, budget| synth::synthesize_points(req, budget),
    variants: &[POINT_E_DENOISER],
    task: |_| &tasks::POINT_DIFFUSION,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::ATTENTION, eq::ADALN, eq::DIFFUSION],
    references: |_| {
        vec![(
            "Diffusion over point clouds conditioned on text, with transformer denoisers",
            vec![
                "ho2020ddpm",
                "song2021ddim",
                "nichol2022pointe",
                "peebles2023dit",
            ],
        )]
    },
    recipe: recipes::diffusion,
    hf_config: None,
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};
