//! PointNet (Qi et al., 2017), the point-cloud classifier: selected for 3d -> label
//! classification with the mlp family (and with cnn, its shared per-point MLP read as 1x1
//! convolutions); synthesis in [`synth`]. The input and feature transform networks (T-Nets)
//! are left out: the blueprint says so.

mod prose;
pub mod synth;

use serde::{Deserialize, Serialize};

use crate::arch::request::ArchKind;
use crate::families::select::{Context, defaults};
use crate::families::{Architecture, Rule, Situation, Variant, recipes, wrong_kind};
use crate::spec::Family;
use crate::tasks;

/// A PointNet classifier request: clouds of `points` XYZ points, `num_classes` classes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointNet {
    pub num_classes: u64,
    pub points: u64,
}

/// PointNet without T-Nets: shared per-point MLP, max-pool, fully connected head.
pub const POINTNET_VARIANT: Variant = Variant {
    name: "pointnet",
    model: include_str!("pointnet.py"),
};

/// The paper's method paragraph on the symmetric function.
const SYMMETRIC_POOL: &str = "\\paragraph{Symmetric aggregation.} Every point $x_i \\in \\mathbb{R}^3$ of a cloud passes through the same MLP $h$, and a max over the points makes the result independent of their order \\citep{qi2017pointnet}:\n\\begin{equation}\nf(\\{x_1, \\dots, x_N\\}) = \\gamma\\left(\\max_{i=1..N} h(x_i)\\right),\n\\end{equation}\nwith $\\gamma$ the fully connected classifier head.\n\n";

/// Builds the request from the spec's task block, noting the assumed cloud size.
fn request(ctx: &Context, notes: &mut Vec<String>) -> ArchKind {
    notes.push(format!(
        "clouds assumed to have {} points (ModelNet40's usual sampling)",
        defaults::CLOUD_POINTS
    ));
    notes.push(
        "PointNet is built without its T-Nets (input and feature alignment networks), which \
         the original paper reports as worth under one point of accuracy"
            .to_string(),
    );
    ArchKind::PointNet(PointNet {
        num_classes: ctx.task.num_classes.unwrap_or(40),
        points: defaults::CLOUD_POINTS,
    })
}

/// The point-cloud classifier.
pub static POINTNET: Architecture = Architecture {
    name: "pointnet",
    rules: &[
        Rule {
            situation: Situation::PointCloudClassification,
            matches: |ctx: &Context| ctx.family == Family::Mlp,
            build: |ctx: &Context, notes| Some(request(ctx, notes)),
        },
        Rule {
            situation: Situation::PointCloudClassification,
            matches: |ctx: &Context| ctx.family == Family::Cnn,
            build: |ctx: &Context, notes| {
                notes.push(
                    "family `cnn` adapted to PointNet: its shared per-point MLP is a stack of \
                     1x1 convolutions over the points"
                        .to_string(),
                );
                Some(request(ctx, notes))
            },
        },
    ],
    build: |req, budget| match &req.kind {
        ArchKind::PointNet(PointNet {
            num_classes,
            points,
        }) => synth::synthesize(req, *num_classes, *points, budget),
        other => Err(wrong_kind("pointnet", other)),
    },
    variants: &[POINTNET_VARIANT],
    task: |_| &tasks::POINT_CLASSIFICATION,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[SYMMETRIC_POOL],
    references: |_| {
        vec![(
            "Deep networks on unordered point sets",
            vec!["qi2017pointnet"],
        )]
    },
    recipe: recipes::small_model,
    hf_config: None,
    oracle: crate::families::OracleAgreement::NOT_MEASURED,
};
