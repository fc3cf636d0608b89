//! Tabular and time-series families: tabular MLP, MLP forecaster, reconstruction autoencoder
//! and PatchTST (channel-independent patch transformer with RevIN and a flatten head).
//!
//! Task-bound caps (exceptions to the 90% rule, reported in fit_notes): MLP widths stop at
//! 8192 with depth <= 4; PatchTST widths stop at 1024 with depth <= 2x the table target.
//! PatchTST uses LayerNorm in its post-LN blocks (the paper's BatchNorm variant has the same
//! parameter count, 2d per norm).

use crate::arch::blocks::{
    BlockCfg, Pos, block_list, block_list_params, linear, linear_params, mlp_stack,
    mlp_stack_params, position_parameter, position_parameter_params, total,
};
use crate::arch::blueprint::{Built, TransformerShape};
use crate::arch::common::{ffn_for, heads_for, widths};
use crate::arch::error::ArchError;
use crate::arch::fit::{self, Budget};
use crate::arch::ir::{Module, ModuleKind};
use crate::arch::request::{ArchRequest, Overrides};
use crate::arch::small::{check_hidden, pick, steps};

fn positive(field: &str, v: u64) -> Result<(), ArchError> {
    if v == 0 {
        return Err(ArchError::invalid_request(
            field,
            format!("{field} must be at least 1"),
        ));
    }
    Ok(())
}

/// Constant-width MLP grid (depth 2..4, widths 64..8192 in steps of 64) or the override.
fn grid(o: &Overrides) -> Result<Vec<(Vec<u64>, u64)>, ArchError> {
    if let Some(v) = &o.mlp_hidden {
        check_hidden(v)?;
        return Ok(vec![(v.clone(), 0)]);
    }
    let mut g = Vec::new();
    for depth in [2usize, 3, 4] {
        for w in steps(64, 8192, 64) {
            g.push((vec![w; depth], (depth as u64).abs_diff(3) * 100));
        }
    }
    Ok(g)
}

fn stack(input: u64, hidden: &[u64], out: u64) -> Vec<u64> {
    let mut d = vec![input];
    d.extend_from_slice(hidden);
    d.push(out);
    d
}

/// Closed-form count of [`build_tabular`].
pub fn tabular_params(features: u64, outputs: u64, hidden: &[u64]) -> u64 {
    mlp_stack_params(&stack(features, hidden, outputs), true)
}

/// Closed-form count of [`build_forecaster`].
pub fn forecaster_params(lookback: u64, horizon: u64, channels: u64, hidden: &[u64]) -> u64 {
    mlp_stack_params(
        &stack(lookback * channels, hidden, horizon * channels),
        true,
    )
}

fn latent(hidden: &[u64]) -> u64 {
    (hidden.iter().copied().min().unwrap_or(64) / 4).max(8)
}

/// Closed-form count of [`build_autoencoder`].
pub fn autoencoder_params(window: u64, channels: u64, hidden: &[u64]) -> u64 {
    let input = window * channels;
    let z = latent(hidden);
    let rev: Vec<u64> = hidden.iter().rev().copied().collect();
    total(&[
        mlp_stack_params(&stack(input, hidden, z), true),
        mlp_stack_params(&stack(z, &rev, input), true),
    ])
}

pub fn build_tabular(features: u64, outputs: u64, hidden: &[u64]) -> Module {
    Module::node(
        "tabular_mlp",
        ModuleKind::Model,
        vec![
            mlp_stack(
                "mlp",
                &stack(features, hidden, outputs),
                true,
                "relu",
                &Pos::none(),
            )
            .first_layer_reading_data(),
        ],
    )
}

pub fn build_forecaster(lookback: u64, horizon: u64, channels: u64, hidden: &[u64]) -> Module {
    Module::node(
        "mlp_forecaster",
        ModuleKind::Model,
        vec![
            mlp_stack(
                "mlp",
                &stack(lookback * channels, hidden, horizon * channels),
                true,
                "relu",
                &Pos::none(),
            )
            .first_layer_reading_data(),
        ],
    )
}

/// Encoder `[in, hidden..., z]` and mirrored decoder, with z = max(8, smallest hidden / 4).
pub fn build_autoencoder(window: u64, channels: u64, hidden: &[u64]) -> Module {
    let input = window * channels;
    let z = latent(hidden);
    let rev: Vec<u64> = hidden.iter().rev().copied().collect();
    let one = Pos::none();
    Module::node(
        "autoencoder",
        ModuleKind::Model,
        vec![
            mlp_stack("encoder", &stack(input, hidden, z), true, "relu", &one)
                .first_layer_reading_data(),
            mlp_stack("decoder", &stack(z, &rev, input), true, "relu", &one),
        ],
    )
}

type MlpBuilder = Box<dyn Fn(&Vec<u64>) -> Module>;
type MlpCounter = Box<dyn Fn(&Vec<u64>) -> u64>;

pub fn synthesize_mlp(req: &ArchRequest, budget: &Budget) -> Result<(Built, u64), ArchError> {
    let o = &req.overrides;
    let g = grid(o)?;
    let over = o.mlp_hidden.is_some();
    let (family, variant, built, counted): (
        &str,
        crate::families::Variant,
        MlpBuilder,
        MlpCounter,
    ) = match req.kind {
        crate::arch::request::ArchKind::TabularMlp(super::TabularMlp {
            features, outputs, ..
        }) => {
            positive("features", features)?;
            positive("outputs", outputs)?;
            (
                "tabular_mlp",
                super::TABULAR_MLP_VARIANT,
                Box::new(move |h| build_tabular(features, outputs, h)),
                Box::new(move |h| tabular_params(features, outputs, h)),
            )
        }
        crate::arch::request::ArchKind::MlpForecaster(super::MlpForecaster {
            lookback,
            horizon,
            channels,
        }) => {
            positive("lookback", lookback)?;
            positive("horizon", horizon)?;
            positive("channels", channels)?;
            (
                "mlp_forecaster",
                super::MLP_FORECASTER_VARIANT,
                Box::new(move |h| build_forecaster(lookback, horizon, channels, h)),
                Box::new(move |h| forecaster_params(lookback, horizon, channels, h)),
            )
        }
        crate::arch::request::ArchKind::Autoencoder(super::Autoencoder { window, channels }) => {
            positive("window", window)?;
            positive("channels", channels)?;
            (
                "autoencoder",
                super::MLP_AUTOENCODER,
                Box::new(move |h| build_autoencoder(window, channels, h)),
                Box::new(move |h| autoencoder_params(window, channels, h)),
            )
        }
        _ => {
            return Err(ArchError::Internal {
                reason: "synthesize_mlp called for a non-MLP family".to_string(),
            });
        }
    };
    let (hidden, root, total, notes) = pick(family, budget, g, over, |h| counted(h), |h| built(h))?;
    let resolved = Overrides {
        mlp_hidden: Some(hidden.clone()),
        ..Overrides::default()
    };
    let mut b = Built::new(variant, root, resolved)
        .hp("hidden", hidden)
        .hp("activation", "relu");
    b = match req.kind {
        crate::arch::request::ArchKind::TabularMlp(super::TabularMlp {
            features,
            outputs,
            classification,
        }) => b.hp("features", features).hp("outputs", outputs).hp(
            "task",
            if classification {
                "classification"
            } else {
                "regression"
            },
        ),
        crate::arch::request::ArchKind::MlpForecaster(super::MlpForecaster {
            lookback,
            horizon,
            channels,
        }) => b
            .hp("lookback", lookback)
            .hp("horizon", horizon)
            .hp("channels", channels)
            // The window's mean and scale normalise the input and rescale the forecast.
            .path(&["input", "mlp", "output"])
            .edge("input", "output"),
        crate::arch::request::ArchKind::Autoencoder(super::Autoencoder { window, channels }) => {
            b.hp("window", window).hp("channels", channels)
        }
        _ => b,
    };
    b.notes = notes;
    Ok((b, total))
}

pub const PATCH_LEN: u64 = 16;
pub const PATCH_STRIDE: u64 = 8;

pub fn num_patches(lookback: u64) -> u64 {
    (lookback.saturating_sub(PATCH_LEN)) / PATCH_STRIDE + 2
}

/// Closed-form count of [`build_patchtst`].
pub fn patchtst_params(
    lookback: u64,
    horizon: u64,
    channels: u64,
    d: u64,
    heads: u64,
    ffn: u64,
    layers: u64,
) -> u64 {
    let p = num_patches(lookback);
    total(&[
        channels,
        channels,
        linear_params(PATCH_LEN, d, true),
        position_parameter_params(p, d),
        block_list_params(&BlockCfg::post_ln(d, heads, ffn), layers),
        linear_params(p * d, horizon, true),
    ])
}

pub fn build_patchtst(
    lookback: u64,
    horizon: u64,
    channels: u64,
    d: u64,
    heads: u64,
    ffn: u64,
    layers: u64,
) -> Module {
    let p = num_patches(lookback);
    let pos = Pos::tokens(p);
    let cfg = BlockCfg::post_ln(d, heads, ffn);
    let revin = Module::node(
        "revin",
        ModuleKind::Container,
        vec![
            Module::parameter("affine_weight", &[channels], true),
            Module::parameter("affine_bias", &[channels], true),
        ],
    );
    Module::node(
        "patchtst",
        ModuleKind::Model,
        vec![
            revin,
            // Channel-independent: patching, encoder and head run once per channel.
            linear("W_P", PATCH_LEN, d, true, &pos).applied_times(channels),
            position_parameter("W_pos", p, d, true),
            block_list("encoder", &cfg, layers, &pos).applied_times(channels),
            linear("head", p * d, horizon, true, &Pos::none()).applied_times(channels),
        ],
    )
}

const DEPTHS: [(u64, u64); 4] = [(128, 3), (256, 4), (512, 6), (1024, 8)];

pub fn synthesize_patchtst(
    req: &ArchRequest,
    lookback: u64,
    horizon: u64,
    channels: u64,
    budget: &Budget,
) -> Result<(Built, u64), ArchError> {
    positive("horizon", horizon)?;
    positive("channels", channels)?;
    if lookback < PATCH_LEN {
        return Err(ArchError::invalid_request(
            "lookback",
            format!("lookback must be at least the patch length {PATCH_LEN}"),
        ));
    }
    let o = &req.overrides;
    let (grid, strict) = widths(o, 64, 1024);
    let make = |w: u64| -> Result<(u64, u64, u64), ArchError> {
        Ok((w, heads_for(w, o)?, ffn_for(w, 2, o)?))
    };
    let count = |x: &(u64, u64, u64), l: u64| {
        patchtst_params(lookback, horizon, channels, x.0, x.1, x.2, l)
    };
    let ch = fit::stack_search(
        "patchtst",
        budget,
        &grid,
        strict,
        o.num_layers,
        fit::compact(req),
        make,
        count,
        |w| fit::interp_band(&DEPTHS, w),
    )?;
    let (d, heads, ffn) = ch.dims;
    let root = build_patchtst(lookback, horizon, channels, d, heads, ffn, ch.depth);
    let resolved = Overrides {
        hidden_size: Some(d),
        num_layers: Some(ch.depth),
        num_heads: Some(heads),
        intermediate_size: Some(ffn),
        ..Overrides::default()
    };
    let p = num_patches(lookback);
    let mut b = Built::new(super::PATCHTST_VARIANT, root, resolved)
        .hp("lookback", lookback)
        .hp("horizon", horizon)
        .hp("channels", channels)
        .hp("patch_len", PATCH_LEN)
        .hp("stride", PATCH_STRIDE)
        .hp("num_patches", p)
        .hp("d_model", d)
        .hp("num_layers", ch.depth)
        .hp("num_heads", heads)
        .hp("d_ff", ffn)
        .hp("channel_independent", true)
        .path(&["input", "W_P", "encoder", "head", "output"])
        .edge("W_pos", "encoder")
        .path(&["revin", "W_P"])
        .path(&["revin", "output"])
        .edge("input", "output");
    b.transformer = Some(TransformerShape {
        layers: ch.depth,
        d_model: d,
        heads,
        kv_heads: heads,
        head_dim: d / heads.max(1),
        decoder: false,
        seq_len: p,
    });
    b.notes.push(fit::note(
        &format!("d_model {d} x {} layers", ch.depth),
        ch.total,
        budget,
        ch.candidates,
    ));
    if ch.total < budget.floor() {
        b.notes.push("exception to the 90% rule: PatchTST is capped at width 1024 (task-bound forecaster); the budget is left unused".to_string());
    }
    Ok((b, ch.total))
}
