//! Architecture core, the shared IR library the families build on: the module IR, block
//! builders, shared sizing helpers, budget fitting, the cost model and ablations. The
//! families themselves live in [`crate::families`].
//!
//! Entry points: [`synthesize`] turns an [`ArchRequest`] into a [`Blueprint`] whose
//! `total_params` equals PyTorch's `sum(p.numel() for p in model.parameters())` for the module
//! tree in `Blueprint::root`; [`ablations`] re-synthesizes real variants with one choice changed.

pub mod blocks;
pub mod blocks_conv;
pub mod blueprint;
pub mod common;
pub mod cost;
pub mod error;
pub mod fit;
pub mod ir;
pub mod reference;
pub mod request;
pub mod select;
pub mod small;

#[cfg(test)]
pub(crate) mod tests;

pub use blueprint::{Ablation, Blueprint, Graph, Node, TransformerShape};
pub use error::ArchError;
pub use ir::{Module, ModuleKind, Tensor, Tied};
pub use request::{
    ArchKind, ArchRequest, DeviceClass, LatencyClass, ModalityTag, ObsKind, Overrides,
};

use serde_json::Value;
use std::collections::BTreeMap;

/// Synthesizes the blueprint for a request, fitting the family to the parameter budget.
pub fn synthesize(req: &ArchRequest) -> Result<Blueprint, ArchError> {
    let budget = fit::Budget::from_request(req)?;
    if req.context_window == 0 {
        return Err(ArchError::invalid_request(
            "context_window",
            "the context window must be at least 1 token",
        ));
    }
    check_magnitudes(req)?;
    let (arch, mut built, closed_form) = crate::families::build_counted(req, &budget)?;
    let total = built.root.count();
    // The fitter scores candidates with closed-form counts and builds only the chosen one:
    // the two must agree exactly.
    debug_assert_eq!(
        closed_form, total,
        "{}: closed-form count differs from the module tree",
        arch.name
    );
    if closed_form != total {
        return Err(ArchError::Internal {
            reason: format!(
                "{}: the fitter's closed-form count {closed_form} differs from the built tree's {total}",
                arch.name
            ),
        });
    }
    if total < budget.floor() && !built.notes.iter().any(|n| n.contains("exception")) {
        // fit::best_candidate only returns < 95% when nothing legal lies between this and the budget.
        built.notes.push(format!(
            "exception to the 90% rule: {}% of the budget is the closest legal configuration; the next step of this family's shape grid (width alignment, published depth patterns) is over budget",
            crate::numbers::percent(budget.fraction(total))
        ));
    }
    let bp = Blueprint::assemble(arch, built)?;
    if bp.total_params > budget.max || bp.total_params < budget.min {
        return Err(ArchError::Internal {
            reason: format!(
                "{} synthesized {} parameters outside [{}, {}]",
                bp.family, bp.total_params, budget.min, budget.max
            ),
        });
    }
    Ok(bp)
}

/// Largest accepted value for any size in a request (dims, classes, overrides, context):
/// keeps every intermediate product of two sizes far from u64 overflow. Catalogue sizes of
/// recommenders (`num_users`, `num_items`) may go up to 2^32.
pub const MAX_DIMENSION: u64 = 1 << 24;

fn check_magnitudes(req: &ArchRequest) -> Result<(), ArchError> {
    fn walk(key: &str, v: &Value) -> Result<(), ArchError> {
        match v {
            Value::Number(n) => {
                let limit = if matches!(key, "num_users" | "num_items") {
                    1 << 32
                } else {
                    MAX_DIMENSION
                };
                match n.as_u64() {
                    Some(x) if x > limit => Err(ArchError::invalid_request(
                        key,
                        format!("{key} = {x} is larger than the supported maximum {limit}"),
                    )),
                    _ => Ok(()),
                }
            }
            Value::Array(a) => a.iter().try_for_each(|x| walk(key, x)),
            Value::Object(m) => m.iter().try_for_each(|(k, x)| walk(k, x)),
            _ => Ok(()),
        }
    }
    let mut v = serde_json::to_value(req).map_err(|e| ArchError::Internal {
        reason: e.to_string(),
    })?;
    if let Value::Object(m) = &mut v {
        // The budget itself is allowed to be huge.
        m.remove("param_max");
        m.remove("param_min");
    }
    walk("request", &v)
}

/// Real ablation variants of `bp`: each re-synthesizes the blueprint's resolved
/// hyperparameters with one change and reports the exact totals. Variants that the family's
/// shape rules reject (e.g. half width below the minimum) are skipped.
pub fn ablations(req: &ArchRequest, bp: &Blueprint) -> Vec<Ablation> {
    let base = &bp.resolved;
    let mut specs: Vec<(&str, String, Overrides, BTreeMap<String, Value>)> = Vec::new();
    let mut push = |name: &'static str, desc: String, h: Overrides, key: &str, v: Value| {
        let mut changed = BTreeMap::new();
        changed.insert(key.to_string(), v);
        specs.push((name, desc, h, changed));
    };
    if let Some(l) = base.num_layers.filter(|&l| l >= 4) {
        let new = l - l / 4;
        let mut h = base.clone();
        h.num_layers = Some(new);
        push(
            "shallower_25pct",
            format!("{l} -> {new} layers (25% shallower) at the same width"),
            h,
            "num_layers",
            new.into(),
        );
    }
    if let (Some(heads), Some(kv)) = (base.num_heads, base.num_kv_heads)
        && kv < heads
    {
        let mut h = base.clone();
        h.num_kv_heads = Some(heads);
        push(
            "no_gqa",
            format!("full multi-head attention: {heads} key/value heads instead of {kv}"),
            h,
            "num_kv_heads",
            heads.into(),
        );
    }
    if base.tie_word_embeddings == Some(true) {
        let mut h = base.clone();
        h.tie_word_embeddings = Some(false);
        push(
            "untied_embeddings",
            "separate output projection instead of sharing the input embedding".to_string(),
            h,
            "tie_word_embeddings",
            false.into(),
        );
    }
    if let Some(f) = base.intermediate_size.filter(|&f| f >= 128) {
        let new = fit::round_up(f / 2, 64);
        let mut h = base.clone();
        h.intermediate_size = Some(new);
        push(
            "half_ffn",
            format!(
                "feed-forward width {} -> {}",
                crate::numbers::group_digits(f),
                crate::numbers::group_digits(new)
            ),
            h,
            "intermediate_size",
            new.into(),
        );
    }
    if let Some(c) = base.base_channels.filter(|&c| c >= 16) {
        let new = fit::round_down(c / 2, 8);
        let mut h = base.clone();
        h.base_channels = Some(new);
        push(
            "half_width",
            format!("base channels {c} -> {new}"),
            h,
            "base_channels",
            new.into(),
        );
    }
    if let Some(stages) = &base.stage_blocks {
        let new: Vec<u64> = stages.iter().map(|&n| (n - n / 4).max(1)).collect();
        if &new != stages {
            let mut h = base.clone();
            h.stage_blocks = Some(new.clone());
            push(
                "shallower_stages",
                format!("blocks per stage {stages:?} -> {new:?}"),
                h,
                "stage_blocks",
                serde_json::json!(new),
            );
        }
    }
    if let Some(hidden) = &base.mlp_hidden {
        let new: Vec<u64> = hidden.iter().map(|&n| (n / 2).max(1)).collect();
        if &new != hidden {
            let mut h = base.clone();
            h.mlp_hidden = Some(new.clone());
            push(
                "half_hidden",
                format!("hidden widths {hidden:?} -> {new:?}"),
                h,
                "mlp_hidden",
                serde_json::json!(new),
            );
        }
    }
    specs
        .into_iter()
        .filter_map(|(name, description, overrides, changed)| {
            let mut r = req.clone();
            r.overrides = overrides;
            r.param_min = None;
            // Ablations are judged against the base design, not the budget.
            r.param_max = u64::MAX / 8;
            let v = synthesize(&r).ok()?;
            Some(Ablation {
                name: name.to_string(),
                description,
                total_params: v.total_params,
                forward_macs_per_sample: v.forward_macs_per_sample,
                changed,
            })
        })
        .collect()
}
