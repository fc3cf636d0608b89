//! Decoder-only LLM family (Llama style): RMSNorm, RoPE, SwiGLU, GQA, no biases.
//!
//! Shape rules (documented choices):
//! - head_dim 64 for hidden <= 2048 (Llama-3.2-1B), else 128 (Llama-3-8B/70B); heads =
//!   hidden / head_dim.
//! - kv heads: the largest divisor of heads that is <= min(8, heads / 4) (at least 1), which
//!   gives Llama's 32→8 and 64→8 and Qwen's 14→2.
//! - FFN: Llama-3's rule `round_up(1.3 * 8/3 * hidden, 256)` (4096 → 14336).
//! - depth target: hidden/128 up to 4096 (2048→16, 4096→32), then linear to 80 at 8192 and
//!   to 126 at 16384 (Llama-3-70B/405B); legal band is [target/2, 2·target].
//! - vocab: 128256 (Llama-3 tokenizer) for budgets >= 1B, 32000 (Llama-2/Mistral) for
//!   >= 50M, 8192 (small byte-level BPE, as in TinyStories-scale models) below that.
//! - embeddings tied below a 2B budget (Llama-3.2-1B convention), untied above (Llama-3-8B).
//! - RoPE has no parameters (its inverse frequencies are a buffer), so the context window only
//!   affects MACs. MACs are per sample = one sequence of `context_window` tokens.

use crate::arch::blocks::{
    AttnCfg, BlockCfg, Pos, block_list, block_list_params, embedding, embedding_params,
    next_token_loss_saved, numel, rms_norm, tied_projection, total, vocab_projection,
};
use crate::arch::blueprint::{Built, TransformerShape};
use crate::arch::error::{ArchError, human};
use crate::arch::fit::{self, Budget, Cand, DepthBand};
use crate::arch::ir::{Module, ModuleKind, Saved};
use crate::arch::request::{ArchRequest, Overrides};

/// Exact dimensions of a Llama-style decoder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LlmDims {
    pub hidden: u64,
    pub layers: u64,
    pub heads: u64,
    pub kv_heads: u64,
    pub head_dim: u64,
    pub ffn: u64,
    pub vocab: u64,
    pub tie: bool,
    /// Qwen2-style biases on q/k/v (not used by our family, needed for the Qwen oracle).
    pub qkv_bias: bool,
    pub context: u64,
}

fn block_cfg(d: &LlmDims) -> BlockCfg {
    let attn = AttnCfg {
        qkv_bias: d.qkv_bias,
        ..AttnCfg::gqa(d.hidden, d.heads, d.kv_heads, d.head_dim)
    };
    BlockCfg::llama(attn, d.ffn)
}

/// Closed-form count of [`build_llm`].
pub fn llm_params(d: &LlmDims) -> u64 {
    let head = if d.tie {
        0
    } else {
        embedding_params(d.vocab, d.hidden)
    };
    total(&[
        embedding_params(d.vocab, d.hidden),
        block_list_params(&block_cfg(d), d.layers),
        d.hidden,
        head,
    ])
}

pub fn build_llm(d: &LlmDims) -> Module {
    let pos = Pos::seq("T", d.context);
    let cfg = block_cfg(d);
    let head = if d.tie {
        tied_projection("lm_head", d.hidden, d.vocab, "embed_tokens.weight", &pos)
    } else {
        vocab_projection("lm_head", d.hidden, d.vocab, &pos)
    }
    .add_saved(next_token_loss_saved(pos.n, d.vocab));
    Module::node(
        "model",
        ModuleKind::Model,
        vec![
            embedding("embed_tokens", d.vocab, d.hidden, &pos),
            block_list("layers", &cfg, d.layers, &pos),
            rms_norm("norm", d.hidden, &pos),
            head,
        ],
    )
    // The rotary tables (cos and sin, context x head_dim each) are buffers the rotation's
    // products keep, one storage for every layer.
    .add_saved(Saved::elems(numel(&[2, d.context, d.head_dim])))
}

fn default_kv(heads: u64) -> u64 {
    let cap = (heads / 4).clamp(1, 8);
    (1..=cap)
        .rev()
        .find(|k| heads.is_multiple_of(*k))
        .unwrap_or(1)
}

/// Llama-3 FFN rule.
pub fn default_ffn(hidden: u64) -> u64 {
    fit::round_up(fit::scale(hidden, 8 * 13, 3 * 10), 256)
}

fn band(hidden: u64) -> DepthBand {
    let target = if hidden <= 4096 {
        hidden / 128
    } else if hidden <= 8192 {
        32 + (hidden - 4096) * 48 / 4096
    } else {
        80 + (hidden - 8192) * 46 / 8192
    }
    .max(2);
    DepthBand {
        lo: (target / 2).max(2),
        hi: (target * 2).max(4),
        target,
    }
}

/// Resolves every dimension except depth for one width, checking overrides.
fn dims_for(
    hidden: u64,
    o: &Overrides,
    vocab: u64,
    tie: bool,
    ctx: u64,
) -> Result<LlmDims, ArchError> {
    if hidden == 0 || !hidden.is_multiple_of(64) {
        return Err(ArchError::invalid_override(
            "hidden_size",
            format!("hidden_size {hidden} must be a positive multiple of 64"),
        ));
    }
    // An explicit head count implies head_dim = hidden / heads unless head_dim is also given.
    let head_dim = o.head_dim.unwrap_or(match o.num_heads {
        Some(h) if h > 0 && hidden.is_multiple_of(h) => hidden / h,
        _ if hidden <= 2048 => 64,
        _ => 128,
    });
    if head_dim == 0 {
        return Err(ArchError::invalid_override(
            "head_dim",
            "head_dim must be positive",
        ));
    }
    let heads = match o.num_heads {
        Some(h) => {
            if h == 0 || !hidden.is_multiple_of(h) {
                return Err(ArchError::invalid_override(
                    "num_heads",
                    format!("num_heads {h} does not divide hidden_size {hidden}"),
                ));
            }
            h
        }
        None => hidden / head_dim,
    };
    if heads * head_dim != hidden {
        return Err(ArchError::invalid_override(
            "head_dim",
            format!("num_heads {heads} x head_dim {head_dim} must equal hidden_size {hidden}"),
        ));
    }
    let kv_heads = match o.num_kv_heads {
        Some(k) => {
            if k == 0 || heads % k != 0 {
                return Err(ArchError::invalid_override(
                    "num_kv_heads",
                    format!("num_kv_heads {k} does not divide num_heads {heads}"),
                ));
            }
            k
        }
        None => default_kv(heads),
    };
    let ffn = o.intermediate_size.unwrap_or_else(|| default_ffn(hidden));
    if ffn == 0 {
        return Err(ArchError::invalid_override(
            "intermediate_size",
            "intermediate_size must be positive",
        ));
    }
    Ok(LlmDims {
        hidden,
        layers: 0,
        heads,
        kv_heads,
        head_dim,
        ffn,
        vocab,
        tie,
        qkv_bias: false,
        context: ctx,
    })
}

pub fn synthesize(req: &ArchRequest, budget: &Budget) -> Result<(Built, u64), ArchError> {
    let o = &req.overrides;
    let vocab = o.vocab_size.unwrap_or(if budget.max >= 1_000_000_000 {
        128_256
    } else if budget.max >= 50_000_000 {
        32_000
    } else {
        8_192
    });
    if vocab == 0 {
        return Err(ArchError::invalid_override(
            "vocab_size",
            "vocab_size must be positive",
        ));
    }
    let tie = o.tie_word_embeddings.unwrap_or(budget.max < 2_000_000_000);
    let widths = match o.hidden_size {
        Some(h) => vec![h],
        None => fit::width_grid(128, 65_536, 64),
    };
    let overridden =
        o.hidden_size.is_some() || o.num_layers.is_some() || o.intermediate_size.is_some();
    let compact = fit::compact(req);
    let mut cands: Vec<Cand<LlmDims>> = Vec::new();
    for w in widths {
        let dims = match dims_for(w, o, vocab, tie, req.context_window) {
            Ok(d) => d,
            Err(e)
                if o.hidden_size.is_some() || (o.num_heads.is_some() && o.head_dim.is_some()) =>
            {
                return Err(e);
            }
            Err(_) => continue,
        };
        let base = llm_params(&dims);
        let one = llm_params(&LlmDims {
            layers: 1,
            ..dims.clone()
        });
        let per = one - base;
        let band = o
            .num_layers
            .map(DepthBand::fixed)
            .unwrap_or_else(|| band(w).compacted(compact));
        let options = fit::depth_candidates(base, per, band, budget.max);
        let over = options.iter().all(|&(_, t)| t > budget.max);
        for (layers, total) in options {
            cands.push(Cand {
                cfg: LlmDims {
                    layers,
                    ..dims.clone()
                },
                total,
                pref: fit::depth_pref(layers, band.target),
            });
        }
        // Wider models only get bigger: stop once even the shallowest one is over budget.
        if over {
            break;
        }
    }
    if cands.is_empty() {
        return Err(ArchError::invalid_override(
            "num_heads",
            "no hidden size is compatible with the head overrides; set hidden_size explicitly",
        ));
    }
    let chosen = fit::best_candidate("decoder_llm", &cands, budget, overridden)?;
    let d = chosen.cfg;
    let root = build_llm(&d);
    let total = chosen.total;
    let resolved = Overrides {
        hidden_size: Some(d.hidden),
        num_layers: Some(d.layers),
        num_heads: Some(d.heads),
        num_kv_heads: Some(d.kv_heads),
        head_dim: Some(d.head_dim),
        intermediate_size: Some(d.ffn),
        vocab_size: Some(d.vocab),
        max_position_embeddings: Some(req.context_window),
        tie_word_embeddings: Some(d.tie),
        ..Overrides::default()
    };
    let mut b = Built::new(super::DECODER_LLAMA, root, resolved)
        .hp("hidden_size", d.hidden)
        .hp("num_layers", d.layers)
        .hp("num_heads", d.heads)
        .hp("num_kv_heads", d.kv_heads)
        .hp("head_dim", d.head_dim)
        .hp("intermediate_size", d.ffn)
        .hp("vocab_size", d.vocab)
        .hp("max_position_embeddings", req.context_window)
        .hp("tie_word_embeddings", d.tie)
        .hp("norm", "rmsnorm")
        .hp("rms_norm_eps", 1e-5)
        .hp("positional", "rope")
        .hp("rope_theta", 500_000.0)
        .hp("activation", "silu")
        .hp("ffn", "swiglu")
        .hp("attention_bias", false)
        .path(&[
            "input",
            "embed_tokens",
            "layers",
            "norm",
            "lm_head",
            "output",
        ]);
    b.transformer = Some(TransformerShape {
        layers: d.layers,
        d_model: d.hidden,
        heads: d.heads,
        kv_heads: d.kv_heads,
        head_dim: d.head_dim,
        decoder: true,
        seq_len: req.context_window,
    });
    b.notes.push(format!(
        "chose hidden {} x {} layers (ffn {}, {} heads / {} kv heads) from {} grid candidates: {} = {}% of the {} budget",
        d.hidden,
        d.layers,
        d.ffn,
        d.heads,
        d.kv_heads,
        cands.len(),
        human(total),
        crate::numbers::percent(budget.fraction(total)),
        human(budget.max)
    ));
    if o.vocab_size.is_none() {
        b.notes.push(format!(
            "vocab {} chosen by budget (128256 for >= 1B, 32000 for >= 50M, 8192 below)",
            d.vocab
        ));
    }
    if o.tie_word_embeddings.is_none() {
        b.notes.push(format!(
            "embeddings {} (tied below a 2B budget like Llama-3.2-1B, untied above like Llama-3-8B)",
            if d.tie { "tied" } else { "untied" }
        ));
    }
    if compact {
        b.notes.push(
            "edge/mobile/real-time target: depth target halved and capped at 12 layers".to_string(),
        );
    }
    Ok((b, total))
}
