//! The U-Nets: the segmenter (unet or cnn family), the latent-diffusion denoiser for images
//! and its video variant (unet or diffusion family); synthesis in [`synth`].

mod prose;
pub mod synth;

use serde::{Deserialize, Serialize};

use crate::arch::request::ArchKind;
use crate::families::select::Context;
use crate::families::{
    Architecture, Rule, Situation, Variant, equations as eq, recipes, wrong_kind,
};
use crate::spec::{Family, Modality, TaskType};
use crate::tasks;

/// A U-Net segmenter request; `instance_embedding` adds the instance-embedding head.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UNetSegmenter {
    pub num_classes: u64,
    pub instance_embedding: bool,
}

/// A latent-diffusion U-Net request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LatentDiffusionUNet {
    pub text_conditioned: bool,
}

/// Encoder-decoder segmentation U-Net.
pub const UNET_SEGMENTER_VARIANT: Variant = Variant {
    name: "unet_segmenter",
    model: include_str!("unet_segmenter.py"),
};

/// Stable-Diffusion-style latent U-Net.
pub const SD_UNET: Variant = Variant {
    name: "sd_unet",
    model: include_str!("sd_unet.py"),
};

/// Latent U-Net with temporal attention.
pub const VIDEO_UNET_VARIANT: Variant = Variant {
    name: "video_unet",
    model: include_str!("video_unet.py"),
};

/// Whether the family keyword asks for a diffusion U-Net; `cnn` is adapted to one (a
/// U-Net is a convolutional denoiser), which [`note_cnn_adapted`] records.
fn diffusion_family(ctx: &Context) -> bool {
    ctx.family_in(&[Family::Unet, Family::Diffusion, Family::Cnn])
}

/// Notes that family `cnn` was adapted to the convolutional U-Net denoiser `what`.
fn note_cnn_adapted(ctx: &Context, notes: &mut Vec<String>, what: &str) {
    if ctx.family == Family::Cnn {
        notes.push(format!(
            "family `cnn` adapted: {what} generation uses the {what} U-Net, a convolutional \
             diffusion denoiser"
        ));
    }
}

/// The segmentation U-Net.
pub static UNET_SEGMENTER: Architecture = Architecture {
    name: "unet_segmenter",
    rules: &[Rule {
        situation: Situation::Segmentation,
        matches: |ctx: &Context| ctx.family_in(&[Family::Unet, Family::Cnn]),
        build: |ctx: &Context, _| {
            Some(ArchKind::UNetSegmenter(UNetSegmenter {
                num_classes: ctx.task.num_classes.unwrap_or(2),
                instance_embedding: ctx.task.task_type != TaskType::Segmentation,
            }))
        },
    }],
    build: |req, budget| match &req.kind {
        ArchKind::UNetSegmenter(UNetSegmenter {
            num_classes,
            instance_embedding,
        }) => synth::synthesize_segmenter(req, *num_classes, *instance_embedding, budget),
        other => Err(wrong_kind("unet_segmenter", other)),
    },
    variants: &[UNET_SEGMENTER_VARIANT],
    task: |_| &tasks::SEGMENTATION,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::UNET],
    references: |_| {
        vec![(
            "Encoder-decoder segmentation networks with skip connections",
            vec!["ronneberger2015unet", "he2016resnet"],
        )]
    },
    recipe: recipes::vision,
    hf_config: None,
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};

/// The latent-diffusion U-Net for images.
pub static LATENT_DIFFUSION_UNET: Architecture = Architecture {
    name: "latent_diffusion_unet",
    rules: &[Rule {
        situation: Situation::Generation,
        matches: |ctx: &Context| ctx.single_output(Modality::Image) && diffusion_family(ctx),
        build: |ctx: &Context, notes| {
            note_cnn_adapted(ctx, notes, "image");
            Some(ArchKind::LatentDiffusionUNet(LatentDiffusionUNet {
                text_conditioned: ctx.has_input(Modality::Text),
            }))
        },
    }],
    build: |req, budget| match &req.kind {
        ArchKind::LatentDiffusionUNet(LatentDiffusionUNet { text_conditioned }) => {
            synth::synthesize_diffusion(req, *text_conditioned, false, budget)
        }
        other => Err(wrong_kind("latent_diffusion_unet", other)),
    },
    variants: &[SD_UNET],
    task: |_| &tasks::IMAGE_DIFFUSION,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::UNET, eq::ATTENTION, eq::DIFFUSION],
    references: |_| {
        vec![
            (
                "Denoising diffusion and its deterministic samplers",
                vec!["ho2020ddpm", "song2021ddim"],
            ),
            (
                "Latent diffusion with U-Net denoisers and text conditioning",
                vec!["rombach2022ldm", "ronneberger2015unet", "radford2021clip"],
            ),
        ]
    },
    recipe: recipes::diffusion,
    hf_config: None,
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};

/// The text-to-video latent U-Net.
pub static VIDEO_UNET: Architecture = Architecture {
    name: "video_unet",
    rules: &[Rule {
        situation: Situation::Generation,
        matches: |ctx: &Context| ctx.single_output(Modality::Video) && diffusion_family(ctx),
        build: |ctx: &Context, notes| {
            note_cnn_adapted(ctx, notes, "video");
            if ctx.inputs.iter().any(|m| *m != Modality::Text) {
                notes.push(
                    "the video U-Net is conditioned on text only; the other inputs are not \
                     encoded"
                        .to_string(),
                );
            }
            Some(ArchKind::VideoUNet)
        },
    }],
    build: |req, budget| synth::synthesize_diffusion(req, true, true, budget),
    variants: &[VIDEO_UNET_VARIANT],
    task: |_| &tasks::VIDEO_DIFFUSION,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::UNET, eq::ATTENTION, eq::DIFFUSION],
    references: |_| super::dit::video_references(),
    recipe: recipes::diffusion,
    hf_config: None,
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};
