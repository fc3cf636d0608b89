//! The residual convolutional classifier (basic or bottleneck blocks): selected for image
//! classification with the cnn family; synthesis in [`synth`], whose backbone the
//! detectors reuse.

mod prose;
pub mod synth;

use serde::{Deserialize, Serialize};

use crate::arch::request::ArchKind;
use crate::families::select::Context;
use crate::families::{
    Architecture, Rule, Situation, Variant, equations as eq, recipes, wrong_kind,
};
use crate::spec::Family;
use crate::tasks;

/// A ResNet classifier request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResNet {
    pub num_classes: u64,
}

/// ResNet with basic blocks (ResNet-18/34 style).
pub const RESNET_BASIC: Variant = Variant {
    name: "resnet_basic",
    model: include_str!("resnet_basic.py"),
};

/// ResNet with bottleneck blocks (ResNet-50 style).
pub const RESNET_BOTTLENECK: Variant = Variant {
    name: "resnet_bottleneck",
    model: include_str!("resnet_bottleneck.py"),
};

/// The residual network.
pub static RESNET: Architecture = Architecture {
    name: "resnet",
    rules: &[Rule {
        situation: Situation::ImageClassification,
        matches: |ctx: &Context| ctx.family == Family::Cnn,
        build: |ctx: &Context, _| {
            Some(ArchKind::ResNet(ResNet {
                num_classes: ctx.task.num_classes.unwrap_or(1000),
            }))
        },
    }],
    build: |req, budget| match &req.kind {
        ArchKind::ResNet(ResNet { num_classes }) => synth::synthesize(req, *num_classes, budget),
        other => Err(wrong_kind("resnet", other)),
    },
    variants: &[RESNET_BASIC, RESNET_BOTTLENECK],
    task: |_| &tasks::IMAGE_CLASSIFICATION,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::RESIDUAL],
    references: |_| vec![("Residual convolutional networks", vec!["he2016resnet"])],
    recipe: recipes::vision,
    hf_config: None,
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};
