//! The graph and retrieval models: GAT and GCN classifiers (node or graph level), the GCN
//! link predictor and the two-tower recommender; synthesis in [`synth`].

mod prose;
pub mod synth;

use serde::{Deserialize, Serialize};

use crate::arch::request::ArchKind;
use crate::families::select::{Context, defaults};
use crate::families::{
    Architecture, Rule, Situation, Variant, equations as eq, recipes, wrong_kind,
};
use crate::spec::{Family, Modality, TaskType};
use crate::tasks;

/// A graph-attention classifier request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gat {
    pub node_features: u64,
    pub num_classes: u64,
    pub graph_level: bool,
}

/// A graph-convolution classifier request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gcn {
    pub node_features: u64,
    pub num_classes: u64,
    pub graph_level: bool,
}

/// A link-prediction request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkPrediction {
    pub node_features: u64,
    pub embedding_dim: u64,
    pub decoder: LinkDecoder,
}

/// A two-tower recommender request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoTower {
    pub embedding_dim: u64,
    pub num_users: u64,
    pub num_items: u64,
}

/// Link-prediction edge decoder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkDecoder {
    Dot,
    Mlp,
}

/// Graph attention network.
pub const GAT_VARIANT: Variant = Variant {
    name: "gat",
    model: include_str!("gat.py"),
};

/// Graph convolutional network.
pub const GCN_VARIANT: Variant = Variant {
    name: "gcn",
    model: include_str!("gcn.py"),
};

/// GCN encoder with an edge decoder.
pub const GCN_LINK_PREDICTOR: Variant = Variant {
    name: "gcn_link_predictor",
    model: include_str!("gcn_link_predictor.py"),
};

/// User and item towers over embedding tables.
pub const TWO_TOWER_VARIANT: Variant = Variant {
    name: "two_tower",
    model: include_str!("two_tower.py"),
};

/// Node features, classes and level of a graph classifier.
fn classifier_sizes(ctx: &Context) -> (u64, u64, bool) {
    (
        ctx.task.node_features.unwrap_or(64),
        ctx.task.num_classes.unwrap_or(2),
        ctx.task.task_type != TaskType::NodeClassification,
    )
}

fn message_passing() -> crate::families::References {
    vec![(
        "Message passing on graphs",
        vec!["kipf2017gcn", "velickovic2018gat"],
    )]
}

/// The graph attention network.
pub static GAT: Architecture = Architecture {
    name: "gat",
    rules: &[Rule {
        situation: Situation::GraphClassification,
        matches: |ctx: &Context| ctx.family_in(&[Family::Gat, Family::Gnn]),
        build: |ctx: &Context, _| {
            let (node_features, num_classes, graph_level) = classifier_sizes(ctx);
            Some(ArchKind::Gat(Gat {
                node_features,
                num_classes,
                graph_level,
            }))
        },
    }],
    build: |req, budget| match &req.kind {
        ArchKind::Gat(Gat {
            node_features,
            num_classes,
            graph_level,
        }) => synth::synthesize_gnn(
            req,
            true,
            *node_features,
            *num_classes,
            *graph_level,
            budget,
        ),
        other => Err(wrong_kind("gat", other)),
    },
    variants: &[GAT_VARIANT],
    task: |_| &tasks::GRAPH_CLASSIFICATION,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::GAT],
    references: |_| message_passing(),
    recipe: recipes::graph,
    hf_config: None,
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};

/// The graph convolutional network.
pub static GCN: Architecture = Architecture {
    name: "gcn",
    rules: &[Rule {
        situation: Situation::GraphClassification,
        matches: |ctx: &Context| ctx.family == Family::Gcn,
        build: |ctx: &Context, _| {
            let (node_features, num_classes, graph_level) = classifier_sizes(ctx);
            Some(ArchKind::Gcn(Gcn {
                node_features,
                num_classes,
                graph_level,
            }))
        },
    }],
    build: |req, budget| match &req.kind {
        ArchKind::Gcn(Gcn {
            node_features,
            num_classes,
            graph_level,
        }) => synth::synthesize_gnn(
            req,
            false,
            *node_features,
            *num_classes,
            *graph_level,
            budget,
        ),
        other => Err(wrong_kind("gcn", other)),
    },
    variants: &[GCN_VARIANT],
    task: |_| &tasks::GRAPH_CLASSIFICATION,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::GCN],
    references: |_| message_passing(),
    recipe: recipes::graph,
    hf_config: None,
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};

/// The link predictor.
pub static LINK_PREDICTION: Architecture = Architecture {
    name: "link_prediction",
    rules: &[Rule {
        situation: Situation::LinkPrediction,
        matches: |ctx: &Context| ctx.family_in(&[Family::Gnn, Family::Gat, Family::Gcn]),
        build: |ctx: &Context, _| {
            Some(ArchKind::LinkPrediction(LinkPrediction {
                node_features: ctx.task.node_features.unwrap_or(64),
                embedding_dim: ctx.task.embedding_dim.unwrap_or(64),
                decoder: LinkDecoder::Dot,
            }))
        },
    }],
    build: |req, budget| match &req.kind {
        ArchKind::LinkPrediction(LinkPrediction {
            node_features,
            embedding_dim,
            decoder,
        }) => synth::synthesize_link(req, *node_features, *embedding_dim, *decoder, budget),
        other => Err(wrong_kind("link_prediction", other)),
    },
    variants: &[GCN_LINK_PREDICTOR],
    task: |_| &tasks::LINK_PREDICTION,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::GCN],
    references: |_| {
        vec![(
            "Graph autoencoders for link prediction",
            vec!["kipf2016vgae", "kipf2017gcn"],
        )]
    },
    recipe: recipes::graph,
    hf_config: None,
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};

/// The two-tower recommender.
pub static TWO_TOWER: Architecture = Architecture {
    name: "two_tower",
    rules: &[
        Rule {
            situation: Situation::Recommendation,
            matches: |ctx: &Context| ctx.family_in(&[Family::TwoTower, Family::Mlp]),
            build: |ctx: &Context, notes| {
                notes.push(format!(
                    "embedding tables sized for {} users and {} items",
                    crate::numbers::group_digits(defaults::RECSYS_USERS),
                    crate::numbers::group_digits(defaults::RECSYS_ITEMS)
                ));
                Some(ArchKind::TwoTower(TwoTower {
                    embedding_dim: ctx.task.embedding_dim.unwrap_or(64),
                    num_users: defaults::RECSYS_USERS,
                    num_items: defaults::RECSYS_ITEMS,
                }))
            },
        },
        Rule {
            situation: Situation::Retrieval,
            matches: |ctx: &Context| {
                let text_only = ctx.inputs == [Modality::Text];
                let text_image = ctx.has_input(Modality::Text) && ctx.has_input(Modality::Image);
                !text_only
                    && !text_image
                    && ctx.family_in(&[Family::TwoTower, Family::Mlp, Family::Transformer])
            },
            build: |ctx: &Context, notes| {
                if ctx.family == Family::Transformer {
                    notes.push(
                        "family `transformer` adapted: retrieval over these modalities uses the \
                     two-tower model (MLP towers over embedding tables)"
                            .to_string(),
                    );
                }
                notes.push(format!(
                    "retrieval as a two-tower model: queries and items are ids in embedding \
                 tables sized for {} queries and {} items",
                    crate::numbers::group_digits(defaults::RECSYS_USERS),
                    crate::numbers::group_digits(defaults::RECSYS_ITEMS)
                ));
                Some(ArchKind::TwoTower(TwoTower {
                    embedding_dim: ctx.task.embedding_dim.unwrap_or(64),
                    num_users: defaults::RECSYS_USERS,
                    num_items: defaults::RECSYS_ITEMS,
                }))
            },
        },
    ],
    build: |req, budget| match &req.kind {
        ArchKind::TwoTower(TwoTower {
            embedding_dim,
            num_users,
            num_items,
        }) => synth::synthesize_two_tower(req, *embedding_dim, *num_users, *num_items, budget),
        other => Err(wrong_kind("two_tower", other)),
    },
    variants: &[TWO_TOWER_VARIANT],
    task: |_| &tasks::RECOMMENDATION,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::INFONCE],
    references: |_| {
        vec![(
            "Two-tower retrieval for recommendation",
            vec!["covington2016youtube"],
        )]
    },
    recipe: recipes::graph,
    hf_config: None,
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};
