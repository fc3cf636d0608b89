//! The object detectors on a ResNet backbone: anchor-free (FCOS style, cnn family) and
//! set-prediction (DETR style, transformer family); synthesis in [`synth`].

mod prose;
pub mod synth;

use serde::{Deserialize, Serialize};

use crate::arch::request::ArchKind;
use crate::families::select::{Context, defaults};
use crate::families::{
    Architecture, Rule, Situation, Variant, equations as eq, recipes, wrong_kind,
};
use crate::spec::Family;
use crate::tasks;

/// An anchor-free (FCOS) detector request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetectorAnchorFree {
    pub num_classes: u64,
}

/// A DETR detector request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetectorDetr {
    pub num_classes: u64,
    pub num_queries: u64,
}

/// FCOS-style anchor-free detector.
pub const FCOS: Variant = Variant {
    name: "fcos",
    model: include_str!("fcos.py"),
};

/// DETR-style set-prediction detector.
pub const DETR: Variant = Variant {
    name: "detr",
    model: include_str!("detr.py"),
};

fn num_classes(ctx: &Context) -> u64 {
    ctx.task.num_classes.unwrap_or(80)
}

/// The anchor-free detector.
pub static DETECTOR_ANCHOR_FREE: Architecture = Architecture {
    name: "detector_anchor_free",
    rules: &[Rule {
        situation: Situation::Detection,
        matches: |ctx: &Context| ctx.family == Family::Cnn,
        build: |ctx: &Context, _| {
            Some(ArchKind::DetectorAnchorFree(DetectorAnchorFree {
                num_classes: num_classes(ctx),
            }))
        },
    }],
    build: |req, budget| match &req.kind {
        ArchKind::DetectorAnchorFree(DetectorAnchorFree { num_classes }) => {
            synth::synthesize(req, *num_classes, None, budget)
        }
        other => Err(wrong_kind("detector_anchor_free", other)),
    },
    variants: &[FCOS],
    task: |_| &tasks::DETECTION,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::RESIDUAL],
    references: |_| {
        vec![
            (
                "Single-stage detectors",
                vec!["redmon2016yolo", "tian2019fcos"],
            ),
            (
                "Feature pyramids, focal loss and residual backbones",
                vec!["lin2017fpn", "lin2017focal", "he2016resnet"],
            ),
        ]
    },
    recipe: recipes::vision,
    hf_config: None,
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};

/// The DETR-style detector.
pub static DETECTOR_DETR: Architecture = Architecture {
    name: "detector_detr",
    rules: &[Rule {
        situation: Situation::Detection,
        matches: |ctx: &Context| ctx.family == Family::Transformer,
        build: |ctx: &Context, _| {
            Some(ArchKind::DetectorDetr(DetectorDetr {
                num_classes: num_classes(ctx),
                num_queries: ctx.task.num_anchors.unwrap_or(defaults::DETR_QUERIES),
            }))
        },
    }],
    build: |req, budget| match &req.kind {
        ArchKind::DetectorDetr(DetectorDetr {
            num_classes,
            num_queries,
        }) => synth::synthesize(req, *num_classes, Some(*num_queries), budget),
        other => Err(wrong_kind("detector_detr", other)),
    },
    variants: &[DETR],
    task: |_| &tasks::DETECTION,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::ATTENTION, eq::LAYERNORM_MLP],
    references: |_| {
        vec![
            (
                "Set-prediction detectors with transformers",
                vec!["carion2020detr"],
            ),
            (
                "Convolutional backbones and dense detectors",
                vec!["he2016resnet", "redmon2016yolo"],
            ),
        ]
    },
    recipe: recipes::vision,
    hf_config: None,
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};
