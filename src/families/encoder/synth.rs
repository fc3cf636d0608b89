//! Encoder-only family (BERT): word/position/token-type embeddings + LayerNorm, post-LN GELU
//! blocks with biases, pooler when the head uses it, and the task head.
//!
//! Choices: vocab 30522 (bert-base-uncased WordPiece); learned positions sized to the context
//! window, capped at 8192 (longer inputs are chunked); 2 token types; heads = hidden / 64;
//! FFN 4 x hidden; depth follows BERT's tiny/mini/small/base/large table.

use super::EncoderHead;
use crate::arch::blocks::{
    BlockCfg, Pos, block_list, block_list_params, embedding, embedding_params, layer_norm,
    layer_norm_params, linear, linear_params, total,
};
use crate::arch::blueprint::{Built, TransformerShape};
use crate::arch::common::{ffn_for, heads_for, widths};
use crate::arch::error::ArchError;
use crate::arch::fit::{self, Budget};
use crate::arch::ir::{Module, ModuleKind};
use crate::arch::request::{ArchRequest, Overrides};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BertDims {
    pub hidden: u64,
    pub layers: u64,
    pub heads: u64,
    pub ffn: u64,
    pub vocab: u64,
    pub max_pos: u64,
    pub type_vocab: u64,
}

/// Published BERT shapes: (hidden, layers) for tiny, mini, small/medium, base, large.
const DEPTHS: [(u64, u64); 5] = [(128, 2), (256, 4), (512, 6), (768, 12), (1024, 24)];

pub fn pooler_used(head: Option<&EncoderHead>) -> bool {
    !matches!(head, None | Some(EncoderHead::Embedding { .. }))
}

/// Closed-form count of [`build_bert`].
pub fn bert_params(d: &BertDims, pooler: bool, head: Option<&EncoderHead>) -> u64 {
    let h = d.hidden;
    let head = match head {
        Some(EncoderHead::Classifier { num_classes }) => linear_params(h, *num_classes, true),
        Some(EncoderHead::Embedding { dim }) => linear_params(h, *dim, true),
        Some(EncoderHead::CrossEncoder) => linear_params(h, 1, true),
        Some(EncoderHead::Regressor { outputs }) => linear_params(h, *outputs, true),
        None => 0,
    };
    total(&[
        embedding_params(d.vocab, h),
        embedding_params(d.max_pos, h),
        embedding_params(d.type_vocab, h),
        layer_norm_params(h, true),
        block_list_params(&BlockCfg::post_ln(h, d.heads, d.ffn), d.layers),
        if pooler { linear_params(h, h, true) } else { 0 },
        head,
    ])
}

/// BertModel (+ optional pooler) and the task head.
pub fn build_bert(d: &BertDims, pooler: bool, head: Option<&EncoderHead>) -> Module {
    let pos = Pos::seq("T", d.max_pos);
    let h = d.hidden;
    let embeddings = Module::node(
        "embeddings",
        ModuleKind::Container,
        vec![
            embedding("word_embeddings", d.vocab, h, &pos),
            embedding("position_embeddings", d.max_pos, h, &pos),
            embedding("token_type_embeddings", d.type_vocab, h, &pos),
            layer_norm("LayerNorm", h, true, &pos),
        ],
    );
    let cfg = BlockCfg::post_ln(h, d.heads, d.ffn);
    let mut children = vec![embeddings, block_list("encoder", &cfg, d.layers, &pos)];
    if pooler {
        let one = Pos::none();
        children.push(Module::node(
            "pooler",
            ModuleKind::Container,
            vec![linear("dense", h, h, true, &one)],
        ));
    }
    let one = Pos::none();
    match head {
        Some(EncoderHead::Classifier { num_classes }) => {
            children.push(linear("classifier", h, *num_classes, true, &one));
        }
        Some(EncoderHead::Embedding { dim }) => {
            children.push(linear("projection", h, *dim, true, &one));
        }
        Some(EncoderHead::CrossEncoder) => children.push(linear("classifier", h, 1, true, &one)),
        Some(EncoderHead::Regressor { outputs }) => {
            children.push(linear("regressor", h, *outputs, true, &one));
        }
        None => {}
    }
    Module::node("bert", ModuleKind::Model, children)
}

fn head_size(head: &EncoderHead) -> Result<(), ArchError> {
    let (field, n) = match head {
        EncoderHead::Classifier { num_classes } => ("num_classes", *num_classes),
        EncoderHead::Embedding { dim } => ("embedding_dim", *dim),
        EncoderHead::CrossEncoder => ("outputs", 1),
        EncoderHead::Regressor { outputs } => ("outputs", *outputs),
    };
    if n == 0 {
        return Err(ArchError::invalid_request(
            field,
            format!("{field} must be at least 1"),
        ));
    }
    Ok(())
}

pub fn synthesize(
    req: &ArchRequest,
    head: &EncoderHead,
    budget: &Budget,
) -> Result<(Built, u64), ArchError> {
    head_size(head)?;
    let o = &req.overrides;
    let vocab = o.vocab_size.unwrap_or(30_522);
    let max_pos = o
        .max_position_embeddings
        .unwrap_or(req.context_window.min(8192));
    if vocab == 0 || max_pos == 0 {
        return Err(ArchError::invalid_override(
            "vocab_size",
            "vocab_size and max_position_embeddings must be positive",
        ));
    }
    let pooler = pooler_used(Some(head));
    let (grid, strict) = widths(o, 128, 8192);
    let make = |w: u64| -> Result<BertDims, ArchError> {
        Ok(BertDims {
            hidden: w,
            layers: 0,
            heads: heads_for(w, o)?,
            ffn: ffn_for(w, 4, o)?,
            vocab,
            max_pos,
            type_vocab: 2,
        })
    };
    let count = |d: &BertDims, l: u64| {
        bert_params(
            &BertDims {
                layers: l,
                ..d.clone()
            },
            pooler,
            Some(head),
        )
    };
    let ch = fit::stack_search(
        "encoder_bert",
        budget,
        &grid,
        strict,
        o.num_layers,
        fit::compact(req),
        make,
        count,
        |w| fit::interp_band(&DEPTHS, w),
    )?;
    let d = BertDims {
        layers: ch.depth,
        ..ch.dims
    };
    let root = build_bert(&d, pooler, Some(head));
    let resolved = Overrides {
        hidden_size: Some(d.hidden),
        num_layers: Some(d.layers),
        num_heads: Some(d.heads),
        intermediate_size: Some(d.ffn),
        vocab_size: Some(d.vocab),
        max_position_embeddings: Some(d.max_pos),
        ..Overrides::default()
    };
    let head_name = root
        .children
        .last()
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let mut path = vec!["input", "embeddings", "encoder"];
    if pooler {
        path.push("pooler");
    }
    path.push(&head_name);
    path.push("output");
    // Mean pooling weights the token states by the input's attention mask.
    let mask_pooled = matches!(head, EncoderHead::Embedding { .. });
    let mut b = Built::new(super::ENCODER_BERT_VARIANT, root, resolved)
        .hp("hidden_size", d.hidden)
        .hp("num_layers", d.layers)
        .hp("num_heads", d.heads)
        .hp("intermediate_size", d.ffn)
        .hp("vocab_size", d.vocab)
        .hp("max_position_embeddings", d.max_pos)
        .hp("type_vocab_size", d.type_vocab)
        .hp("norm", "layernorm_post_ln")
        .hp("layer_norm_eps", 1e-12)
        .hp("activation", "gelu")
        .hp("pooler", pooler)
        .hp("head", serde_json::to_value(head).unwrap_or_default())
        .path(&path)
        .edge("input", "encoder");
    if mask_pooled {
        b = b.edge("input", &head_name);
    }
    b.transformer = Some(TransformerShape {
        layers: d.layers,
        d_model: d.hidden,
        heads: d.heads,
        kv_heads: d.heads,
        head_dim: d.hidden / d.heads.max(1),
        decoder: false,
        seq_len: d.max_pos,
    });
    b.notes.push(fit::note(
        &format!("hidden {} x {} layers", d.hidden, d.layers),
        ch.total,
        budget,
        ch.candidates,
    ));
    if req.context_window > 8192 && o.max_position_embeddings.is_none() {
        b.notes
            .push("learned positions capped at 8192; longer inputs must be chunked".to_string());
    }
    Ok((b, ch.total))
}
