//! The small sequence and tabular models: PatchTST (transformer) and the MLP forecaster
//! (mlp) for forecasting, the reconstruction autoencoder for anomaly detection over a window
//! or a tabular row (autoencoder or mlp), and the tabular MLP classifier or regressor (mlp);
//! synthesis in [`synth`].

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

/// A PatchTST forecaster request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatchTst {
    pub lookback: u64,
    pub horizon: u64,
    pub channels: u64,
}

/// An MLP forecaster request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MlpForecaster {
    pub lookback: u64,
    pub horizon: u64,
    pub channels: u64,
}

/// A reconstruction autoencoder over a window of `window` steps x `channels` (tabular:
/// window = number of features, channels = 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Autoencoder {
    pub window: u64,
    pub channels: u64,
}

/// A tabular MLP request: a classifier or a regressor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TabularMlp {
    pub features: u64,
    pub outputs: u64,
    pub classification: bool,
}

/// PatchTST forecaster.
pub const PATCHTST_VARIANT: Variant = Variant {
    name: "patchtst",
    model: include_str!("patchtst.py"),
};

/// MLP forecaster over the flattened window.
pub const MLP_FORECASTER_VARIANT: Variant = Variant {
    name: "mlp_forecaster",
    model: include_str!("mlp_forecaster.py"),
};

/// MLP reconstruction autoencoder.
pub const MLP_AUTOENCODER: Variant = Variant {
    name: "mlp_autoencoder",
    model: include_str!("mlp_autoencoder.py"),
};

/// MLP over a tabular row.
pub const TABULAR_MLP_VARIANT: Variant = Variant {
    name: "tabular_mlp",
    model: include_str!("tabular_mlp.py"),
};

/// Lookback, horizon and channels of a forecaster.
fn forecast_sizes(ctx: &Context, notes: &mut Vec<String>) -> (u64, u64, u64) {
    (
        ctx.task.lookback.unwrap_or(defaults::LOOKBACK),
        ctx.task.horizon.unwrap_or(96),
        ctx.series_channels(notes),
    )
}

fn forecasting_references() -> crate::families::References {
    vec![(
        "Patch-based transformers for long-horizon forecasting",
        vec!["nie2023patchtst"],
    )]
}

/// The patch transformer forecaster.
pub static PATCHTST: Architecture = Architecture {
    name: "patchtst",
    rules: &[Rule {
        situation: Situation::Forecasting,
        matches: |ctx: &Context| ctx.family == Family::Transformer,
        build: |ctx: &Context, notes| {
            let (lookback, horizon, channels) = forecast_sizes(ctx, notes);
            Some(ArchKind::PatchTst(PatchTst {
                lookback,
                horizon,
                channels,
            }))
        },
    }],
    build: |req, budget| match &req.kind {
        ArchKind::PatchTst(PatchTst {
            lookback,
            horizon,
            channels,
        }) => synth::synthesize_patchtst(req, *lookback, *horizon, *channels, budget),
        other => Err(wrong_kind("patchtst", other)),
    },
    variants: &[PATCHTST_VARIANT],
    task: |_| &tasks::FORECASTING,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::FORECAST, eq::ATTENTION],
    references: |_| forecasting_references(),
    recipe: recipes::small_model,
    hf_config: None,
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};

/// The MLP forecaster.
pub static MLP_FORECASTER: Architecture = Architecture {
    name: "mlp_forecaster",
    rules: &[Rule {
        situation: Situation::Forecasting,
        matches: |ctx: &Context| ctx.family == Family::Mlp,
        build: |ctx: &Context, notes| {
            let (lookback, horizon, channels) = forecast_sizes(ctx, notes);
            Some(ArchKind::MlpForecaster(MlpForecaster {
                lookback,
                horizon,
                channels,
            }))
        },
    }],
    build: |req, budget| synth::synthesize_mlp(req, budget),
    variants: &[MLP_FORECASTER_VARIANT],
    task: |_| &tasks::FORECASTING,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::MSE],
    references: |_| forecasting_references(),
    recipe: recipes::small_model,
    hf_config: None,
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};

/// The reconstruction autoencoder.
pub static AUTOENCODER: Architecture = Architecture {
    name: "autoencoder",
    rules: &[Rule {
        situation: Situation::AnomalyDetection,
        matches: |ctx: &Context| ctx.family_in(&[Family::Autoencoder, Family::Mlp]),
        build: |ctx: &Context, notes| {
            Some(if ctx.has_input(Modality::Tabular) {
                ArchKind::Autoencoder(Autoencoder {
                    window: ctx.tabular_features(notes),
                    channels: 1,
                })
            } else {
                let channels = ctx.series_channels(notes);
                ArchKind::Autoencoder(Autoencoder {
                    window: ctx.task.lookback.unwrap_or(defaults::LOOKBACK),
                    channels,
                })
            })
        },
    }],
    build: |req, budget| synth::synthesize_mlp(req, budget),
    variants: &[MLP_AUTOENCODER],
    task: |_| &tasks::ANOMALY,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::MSE],
    references: |_| {
        vec![(
            "Reconstruction-based anomaly detection",
            vec!["sakurada2014anomaly"],
        )]
    },
    recipe: recipes::small_model,
    hf_config: None,
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};

/// The tabular MLP.
pub static TABULAR_MLP: Architecture = Architecture {
    name: "tabular_mlp",
    rules: &[Rule {
        situation: Situation::Tabular,
        matches: |ctx: &Context| ctx.family == Family::Mlp,
        build: |ctx: &Context, notes| {
            let classification = ctx.task.task_type == TaskType::Classification;
            let outputs = if classification {
                ctx.task.num_classes.unwrap_or(2)
            } else {
                ctx.task.num_outputs.unwrap_or(1)
            };
            Some(ArchKind::TabularMlp(TabularMlp {
                features: ctx.tabular_features(notes),
                outputs,
                classification,
            }))
        },
    }],
    build: |req, budget| synth::synthesize_mlp(req, budget),
    variants: &[TABULAR_MLP_VARIANT],
    task: |_| &tasks::TABULAR,
    pipeline_tag: Some(|kind| match kind {
        ArchKind::TabularMlp(TabularMlp {
            classification: false,
            ..
        }) => "tabular-regression",
        _ => "tabular-classification",
    }),
    prose: &prose::PROSE,
    equations: &[eq::MSE],
    references: |_| vec![("Deep models for tabular data", vec!["gorishniy2021tabular"])],
    recipe: recipes::small_model,
    hf_config: None,
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};
