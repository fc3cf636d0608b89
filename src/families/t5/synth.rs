//! T5 v1.1 encoder-decoder (Raffel et al. 2020, with the v1.1 changes): a shared token
//! embedding, an encoder and a decoder stack of pre-norm blocks, an untied LM head.
//!
//! Shape rules (documented choices, checked against `transformers`' `T5ForConditionalGeneration`
//! by `tests/python/check_t5_hf.py`):
//! - every norm is T5's RMS LayerNorm (a scale, no mean subtraction, no bias); no linear has a
//!   bias;
//! - attention projections of width `heads * d_kv`, `d_kv` 64 (heads = d_model / 64, or
//!   d_model / num_heads when the heads are given);
//! - the relative position bias (`Embedding(32 buckets, heads)`) is held by the first layer of
//!   each stack only, as in T5: bidirectional buckets in the encoder, causal in the decoder;
//!   cross-attention has none;
//! - gated-GELU feed-forward (`wo(gelu(wi_0 x) * wi_1 x)`), d_ff = 8/3 x d_model rounded up to
//!   a multiple of 64 (768 -> 2048 as in t5-v1_1-base);
//! - vocabulary 32,128 (T5's SentencePiece model padded to a multiple of 128);
//! - the encoder and decoder have the same depth; depth from the v1.1 table (small 512/8, base
//!   768/12, large 1024/24, xl 2048/24, xxl 4096/24).
//!
//! Sequence lengths: a training window of `context_window` tokens (at most [`MAX_WINDOW`]) is split into a source (its
//! first half, read by the encoder) and a target (the rest, predicted by the decoder); MACs
//! per sample are for one such pair.

use crate::arch::blocks::{
    AttnCfg, Pos, attention, attention_params, embedding, embedding_params, linear, linear_params,
    rms_norm, total, vocab_projection,
};
use crate::arch::blueprint::{Built, TransformerShape};
use crate::arch::common::{heads_for, widths};
use crate::arch::error::ArchError;
use crate::arch::fit::{self, Budget};
use crate::arch::ir::{Module, ModuleKind};
use crate::arch::request::{ArchRequest, Overrides};

/// T5's vocabulary (32,100 SentencePiece pieces and sentinels, padded to 32,128).
pub const T5_VOCAB: u64 = 32_128;
/// Buckets of the relative position bias.
pub const RELATIVE_BUCKETS: u64 = 32;
/// Largest distance the buckets tell apart (beyond it, the last bucket).
pub const RELATIVE_MAX_DISTANCE: u64 = 128;
/// Longest training window (source + target): twice T5's 512-token inputs.
pub const MAX_WINDOW: u64 = 1024;
/// T5 v1.1 (d_model, layers per stack).
const T5_DEPTHS: [(u64, u64); 5] = [(512, 8), (768, 12), (1024, 24), (2048, 24), (4096, 24)];

/// Exact dimensions of a T5 model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct T5Dims {
    pub d_model: u64,
    pub d_kv: u64,
    pub heads: u64,
    pub d_ff: u64,
    /// Layers of each stack (encoder and decoder alike).
    pub layers: u64,
    pub vocab: u64,
    /// Source (encoder) positions per sample.
    pub source_len: u64,
    /// Target (decoder) positions per sample.
    pub target_len: u64,
}

impl T5Dims {
    fn attn(&self) -> AttnCfg {
        AttnCfg::gqa(self.d_model, self.heads, self.heads, self.d_kv)
    }

    fn cross(&self) -> AttnCfg {
        self.attn().cross(self.d_model)
    }
}

/// Count of one block: norms, self-attention, cross-attention (decoder), gated-GELU FFN.
fn block_params(d: &T5Dims, cross: bool) -> u64 {
    let norm = d.d_model;
    let cross_part = if cross {
        total(&[norm, attention_params(&d.cross())])
    } else {
        0
    };
    total(&[
        norm,
        attention_params(&d.attn()),
        cross_part,
        norm,
        gated_gelu_params(d.d_model, d.d_ff),
    ])
}

fn gated_gelu_params(d: u64, f: u64) -> u64 {
    total(&[
        linear_params(d, f, false),
        linear_params(d, f, false),
        linear_params(f, d, false),
    ])
}

/// Count of one stack: its blocks, the relative bias table of its first block and its final
/// norm. Affine in depth, as the fitter needs: the table is counted once for any depth (a
/// stack has at least one layer).
fn stack_params(d: &T5Dims, cross: bool) -> u64 {
    total(&[
        d.layers.saturating_mul(block_params(d, cross)),
        embedding_params(RELATIVE_BUCKETS, d.heads),
        d.d_model,
    ])
}

/// Closed-form count of [`build_t5`]: shared embedding, both stacks, untied LM head.
pub fn t5_params(d: &T5Dims) -> u64 {
    total(&[
        embedding_params(d.vocab, d.d_model),
        stack_params(d, false),
        stack_params(d, true),
        linear_params(d.d_model, d.vocab, false),
    ])
}

/// `wo(gelu(wi_0 x) * wi_1 x)`, named like the Llama block's gated FFN.
fn gated_gelu(d: u64, f: u64, pos: &Pos) -> Module {
    Module::node_shaped(
        "mlp",
        ModuleKind::GeGlu,
        vec![
            linear("gate_proj", d, f, false, pos),
            linear("up_proj", d, f, false, pos),
            linear("down_proj", f, d, false, pos),
        ],
        pos.shape(d),
        pos.shape(d),
    )
    .with_attr("activation", "gelu_tanh")
}

fn block(d: &T5Dims, index: u64, pos: &Pos, cross: bool) -> Module {
    let mut self_attn = attention("self_attn", &d.attn(), pos, pos.n);
    if index == 0 {
        let table = embedding(
            "relative_attention_bias",
            RELATIVE_BUCKETS,
            d.heads,
            &Pos::none(),
        )
        .with_attr("bidirectional", !cross);
        self_attn.children.push(table);
    }
    let mut children = vec![rms_norm("input_layernorm", d.d_model, pos), self_attn];
    if cross {
        children.push(rms_norm("norm_cross", d.d_model, pos));
        children.push(attention("cross_attn", &d.cross(), pos, d.source_len));
    }
    children.push(rms_norm("post_attention_layernorm", d.d_model, pos));
    children.push(gated_gelu(d.d_model, d.d_ff, pos));
    Module::node_shaped(
        &index.to_string(),
        ModuleKind::TransformerBlock,
        children,
        pos.shape(d.d_model),
        pos.shape(d.d_model),
    )
}

fn stack(name: &str, d: &T5Dims, pos: &Pos, cross: bool) -> Module {
    let blocks = (0..d.layers).map(|i| block(d, i, pos, cross)).collect();
    Module::node(
        name,
        ModuleKind::TransformerStack,
        vec![
            Module::node_shaped(
                "layers",
                ModuleKind::ModuleList,
                blocks,
                pos.shape(d.d_model),
                pos.shape(d.d_model),
            ),
            rms_norm("final_layer_norm", d.d_model, pos),
        ],
    )
}

pub fn build_t5(d: &T5Dims) -> Module {
    let source = Pos::seq("S", d.source_len);
    let target = Pos::seq("T", d.target_len);
    // The shared table embeds the source and the target tokens.
    let both = Pos::seq("S+T", d.source_len + d.target_len);
    Module::node(
        "t5",
        ModuleKind::Model,
        vec![
            embedding("shared", d.vocab, d.d_model, &both),
            stack("encoder", d, &source, false),
            stack("decoder", d, &target, true),
            vocab_projection("lm_head", d.d_model, d.vocab, &target),
        ],
    )
}

fn ffn_default(d: u64, o: &Overrides) -> Result<u64, ArchError> {
    match o.intermediate_size {
        Some(0) => Err(ArchError::invalid_override(
            "intermediate_size",
            "intermediate_size must be positive",
        )),
        Some(f) => Ok(f),
        None => Ok(fit::round_up(fit::scale(d, 8, 3), 64)),
    }
}

pub fn synthesize(req: &ArchRequest, budget: &Budget) -> Result<(Built, u64), ArchError> {
    let o = &req.overrides;
    let vocab = o.vocab_size.unwrap_or(T5_VOCAB);
    if vocab == 0 {
        return Err(ArchError::invalid_override(
            "vocab_size",
            "vocab_size must be positive",
        ));
    }
    if o.tie_word_embeddings == Some(true) {
        return Err(ArchError::invalid_override(
            "tie_word_embeddings",
            "the T5 v1.1 encoder-decoder keeps its LM head untied from the shared embedding",
        ));
    }
    if o.num_layers == Some(0) {
        return Err(ArchError::invalid_override(
            "num_layers",
            "each stack of the encoder-decoder needs at least one layer",
        ));
    }
    let window = req.context_window.clamp(2, MAX_WINDOW);
    let source_len = window / 2;
    let target_len = window - source_len;
    let (grid, strict) = widths(o, 256, 8192);
    let make = |w: u64| -> Result<T5Dims, ArchError> {
        let heads = heads_for(w, o)?;
        let d_kv = o.head_dim.unwrap_or(w / heads.max(1));
        if d_kv == 0 {
            return Err(ArchError::invalid_override(
                "head_dim",
                "head_dim must be positive",
            ));
        }
        Ok(T5Dims {
            d_model: w,
            d_kv,
            heads,
            d_ff: ffn_default(w, o)?,
            layers: 0,
            vocab,
            source_len,
            target_len,
        })
    };
    let count = |d: &T5Dims, l: u64| t5_params(&T5Dims { layers: l, ..*d });
    let ch = fit::stack_search(
        "t5_encoder_decoder",
        budget,
        &grid,
        strict,
        o.num_layers,
        fit::compact(req),
        make,
        count,
        |w| fit::interp_band(&T5_DEPTHS, w),
    )?;
    let d = T5Dims {
        layers: ch.depth,
        ..ch.dims
    };
    let resolved = Overrides {
        hidden_size: Some(d.d_model),
        num_layers: Some(d.layers),
        num_heads: Some(d.heads),
        head_dim: Some(d.d_kv),
        intermediate_size: Some(d.d_ff),
        vocab_size: Some(d.vocab),
        tie_word_embeddings: Some(false),
        ..Overrides::default()
    };
    let mut b = Built::new(super::T5_V1_1, build_t5(&d), resolved)
        .hp("d_model", d.d_model)
        .hp("d_kv", d.d_kv)
        .hp("num_heads", d.heads)
        .hp("d_ff", d.d_ff)
        .hp("num_layers", d.layers)
        .hp("num_decoder_layers", d.layers)
        .hp("vocab_size", d.vocab)
        .hp("relative_attention_num_buckets", RELATIVE_BUCKETS)
        .hp("relative_attention_max_distance", RELATIVE_MAX_DISTANCE)
        .hp("source_length", source_len)
        .hp("target_length", target_len)
        .hp("norm", "rmsnorm")
        .hp("layer_norm_epsilon", 1e-6)
        .hp("positional", "relative position bias (bucketed)")
        .hp("activation", "gelu_new")
        .hp("ffn", "gated_gelu")
        .hp("tie_word_embeddings", false)
        .hp("pad_token_id", 0)
        .hp("eos_token_id", 1)
        .hp("decoder_start_token_id", 0)
        .path(&["input", "shared", "encoder", "decoder", "lm_head", "output"])
        .edge("shared", "decoder");
    b.transformer = Some(TransformerShape {
        layers: d.layers,
        d_model: d.d_model,
        heads: d.heads,
        kv_heads: d.heads,
        head_dim: d.d_kv,
        decoder: true,
        seq_len: window,
    });
    b.notes.push(fit::note(
        &format!(
            "d_model {} x {} encoder + {} decoder layers (d_ff {}, {} heads of {})",
            d.d_model, d.layers, d.layers, d.d_ff, d.heads, d.d_kv
        ),
        ch.total,
        budget,
        ch.candidates,
    ));
    if req.context_window > MAX_WINDOW {
        b.notes.push(format!(
            "the {}-token context is capped at a {MAX_WINDOW}-token training window (T5 trained on 512-token inputs; its relative position buckets stop telling offsets apart beyond {RELATIVE_MAX_DISTANCE})",
            req.context_window
        ));
    }
    b.notes.push(format!(
        "each training window of {window} tokens is split into a {source_len}-token source for the encoder and a {target_len}-token target for the decoder"
    ));
    Ok((b, ch.total))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> T5Dims {
        T5Dims {
            d_model: 768,
            d_kv: 64,
            heads: 12,
            d_ff: 2048,
            layers: 12,
            vocab: T5_VOCAB,
            source_len: 512,
            target_len: 512,
        }
    }

    /// google/t5-v1_1-base has 247,577,856 parameters (its published config: d_model 768,
    /// d_ff 2048, 12 heads of 64, 12 + 12 layers, vocab 32,128, untied head); the sum below
    /// is worked out by hand from T5's layout, independently of `t5_params`.
    #[test]
    fn the_closed_form_count_matches_t5_v1_1_base() {
        let (d, f, v, h, l) = (768u64, 2048u64, 32_128u64, 12u64, 12u64);
        let attn = 4 * d * d;
        let ffn = 3 * d * f;
        let encoder = l * (2 * d + attn + ffn) + h * 32 + d;
        let decoder = l * (3 * d + 2 * attn + ffn) + h * 32 + d;
        let by_hand = 2 * v * d + encoder + decoder;
        assert_eq!(by_hand, 247_577_856);
        assert_eq!(t5_params(&base()), by_hand);
    }

    #[test]
    fn the_tree_counts_what_the_closed_form_counts() {
        for layers in [1, 2, 5] {
            let d = T5Dims { layers, ..base() };
            assert_eq!(build_t5(&d).count(), t5_params(&d), "{layers} layers");
        }
    }

    #[test]
    fn only_the_first_layer_of_each_stack_holds_the_relative_bias() {
        let root = build_t5(&T5Dims {
            layers: 3,
            ..base()
        });
        let names: Vec<String> = root
            .named_parameters()
            .into_iter()
            .map(|p| p.path)
            .filter(|n| n.contains("relative_attention_bias"))
            .collect();
        assert_eq!(
            names,
            [
                "encoder.layers.0.self_attn.relative_attention_bias.weight",
                "decoder.layers.0.self_attn.relative_attention_bias.weight",
            ]
        );
    }
}
