//! Shared family helpers: width/head rules for generic transformers and the text-encoder
//! ladder used by text-conditioned generators.

use crate::arch::blocks::{text_encoder, text_encoder_params};
use crate::arch::error::ArchError;
use crate::arch::fit;
use crate::arch::ir::Module;
use crate::arch::request::Overrides;

/// Checks that a width is a positive multiple of 64.
pub fn check_width(field: &str, d: u64) -> Result<(), ArchError> {
    if d == 0 || !d.is_multiple_of(64) {
        return Err(ArchError::invalid_override(
            field,
            format!("{field} {d} must be a positive multiple of 64"),
        ));
    }
    Ok(())
}

/// Heads for a width: the override if it divides the width, else width / 64 (head dim 64).
pub fn heads_for(d: u64, o: &Overrides) -> Result<u64, ArchError> {
    check_width("hidden_size", d)?;
    match o.num_heads {
        Some(h) if h == 0 || !d.is_multiple_of(h) => Err(ArchError::invalid_override(
            "num_heads",
            format!("num_heads {h} does not divide hidden_size {d}"),
        )),
        Some(h) => Ok(h),
        None => Ok(d / 64),
    }
}

/// The width grid for a family (or the single overridden width) and whether it is strict.
pub fn widths(o: &Overrides, lo: u64, hi: u64) -> (Vec<u64>, bool) {
    match o.hidden_size {
        Some(d) => (vec![d], true),
        None => (fit::width_grid(lo, hi, 64), false),
    }
}

/// The feed-forward width: the override or `ratio` x width.
pub fn ffn_for(d: u64, ratio: u64, o: &Overrides) -> Result<u64, ArchError> {
    match o.intermediate_size {
        Some(0) => Err(ArchError::invalid_override(
            "intermediate_size",
            "intermediate_size must be positive",
        )),
        Some(f) => Ok(f),
        None => Ok(ratio * d),
    }
}

/// CLIP-text-like encoders we use for conditioning: (width, layers). 768/12 is CLIP ViT-L/14's
/// text tower (SD 1.x), 512/12 CLIP ViT-B's; the two small rungs serve small budgets.
pub const TEXT_LADDER: [(u64, u64); 4] = [(256, 4), (384, 6), (512, 12), (768, 12)];
pub const TEXT_VOCAB: u64 = 49_408;
pub const TEXT_CTX: u64 = 77;

fn text_layers(width: u64) -> Result<u64, ArchError> {
    TEXT_LADDER
        .iter()
        .find(|(w, _)| *w == width)
        .map(|(_, l)| *l)
        .ok_or_else(|| {
            ArchError::invalid_override(
                "context_dim",
                format!("context_dim {width} must be one of 256, 384, 512, 768"),
            )
        })
}

/// Closed-form count of [`text_encoder_for`].
pub fn text_encoder_params_for(width: u64) -> Result<u64, ArchError> {
    let layers = text_layers(width)?;
    Ok(text_encoder_params(TEXT_VOCAB, TEXT_CTX, width, layers))
}

pub fn text_encoder_for(width: u64) -> Result<Module, ArchError> {
    let layers = text_layers(width)?;
    Ok(text_encoder(
        "text_encoder",
        TEXT_VOCAB,
        TEXT_CTX,
        width,
        layers,
    ))
}

/// The text encoder width: the override, else the largest rung using at most a fifth of the
/// budget (the denoiser keeps the bulk), else the smallest rung.
pub fn text_width(o: &Overrides, budget_max: u64) -> Result<u64, ArchError> {
    if let Some(w) = o.context_dim {
        text_layers(w)?;
        return Ok(w);
    }
    let mut best = TEXT_LADDER[0].0;
    for (w, _) in TEXT_LADDER {
        if text_encoder_params_for(w)? <= budget_max / 5 {
            best = w;
        }
    }
    Ok(best)
}
