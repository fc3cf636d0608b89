//! Multimodal families: CLIP dual encoder and the hybrid any-to-any model.
//!
//! CLIP follows OpenAI's layout: a ViT visual tower (conv1 without bias, class embedding,
//! positions, ln_pre, blocks, ln_post, projection matrix), a text transformer (49408 vocab,
//! 77 positions, ln_final, projection matrix) and a scalar learnable `logit_scale`. The text
//! width is 2/3 of the vision width rounded to 64 (768 → 512 as in ViT-B/16) with 12 layers;
//! the vision depth follows the ViT table.
//! Hybrid: one encoder per input modality projecting to the fusion width, a pre-LN fusion
//! transformer, one decoder head per output modality. Nominal token counts: text =
//! context_window, image 196 (224px / 16), audio 1500 (Whisper front end), video 8 x 196
//! tubelets, tabular 1 token of 64 features, time series 64 patches of 16 steps, a point
//! cloud 1024 points, each one token (a linear map of its XYZ, with no positions, so that
//! the fusion transformer sees the cloud as a set, as Point-E's transformer does).

use crate::arch::blocks::{
    AttnNames, BlockCfg, Pos, block_list, block_list_params, embedding, embedding_params,
    layer_norm, layer_norm_params, linear, linear_params, numel, position_parameter,
    position_parameter_params, total, vocab_projection,
};
use crate::arch::blocks_conv::{
    Conv, Hw, conv1d, conv1d_params, conv2d, conv2d_params, conv3d_patch, conv3d_patch_params,
};
use crate::arch::blueprint::{Built, TransformerShape};
use crate::arch::common::{TEXT_CTX, TEXT_VOCAB, ffn_for, heads_for, widths};
use crate::arch::error::ArchError;
use crate::arch::fit::{self, Budget};
use crate::arch::ir::{Module, ModuleKind};
use crate::arch::request::{ArchRequest, ModalityTag, Overrides};
use crate::families::vit::synth::image_and_patch;
use std::collections::BTreeSet;

const VIT_DEPTHS: [(u64, u64); 5] = [(192, 12), (384, 12), (768, 12), (1024, 24), (1280, 32)];
const FUSION_DEPTHS: [(u64, u64); 4] = [(512, 8), (1024, 16), (2048, 24), (4096, 32)];

pub fn text_width_for(dv: u64) -> u64 {
    fit::round_up(dv * 2 / 3, 64).max(64)
}

fn clip_patch_conv(dv: u64, patch: u64) -> Conv {
    Conv::new(3, dv, patch).stride(patch).pad(0).bias(false)
}

fn clip_cfg(d: u64) -> BlockCfg {
    BlockCfg::pre_ln(d, d / 64, 4 * d, AttnNames::Split)
}

/// Closed-form count of [`build_clip`].
pub fn clip_params(
    dv: u64,
    layers_v: u64,
    dt: u64,
    layers_t: u64,
    e: u64,
    image: Hw,
    patch: u64,
) -> u64 {
    let n = (image.h / patch) * (image.w / patch);
    total(&[
        conv2d_params(&clip_patch_conv(dv, patch)),
        dv,
        position_parameter_params(n + 1, dv),
        layer_norm_params(dv, true),
        block_list_params(&clip_cfg(dv), layers_v),
        layer_norm_params(dv, true),
        numel(&[dv, e]),
        embedding_params(TEXT_VOCAB, dt),
        position_parameter_params(TEXT_CTX, dt),
        block_list_params(&clip_cfg(dt), layers_t),
        layer_norm_params(dt, true),
        numel(&[dt, e]),
        1,
    ])
}

pub fn build_clip(
    dv: u64,
    layers_v: u64,
    dt: u64,
    layers_t: u64,
    e: u64,
    image: Hw,
    patch: u64,
) -> Module {
    let n = (image.h / patch) * (image.w / patch);
    let vpos = Pos::tokens(n + 1);
    let tpos = Pos::tokens(TEXT_CTX);
    let (conv, _) = conv2d("conv1", &clip_patch_conv(dv, patch), image);
    let visual = Module::node(
        "visual",
        ModuleKind::TransformerStack,
        vec![
            conv,
            Module::parameter("class_embedding", &[dv], true),
            position_parameter("positional_embedding", n + 1, dv, true),
            layer_norm("ln_pre", dv, true, &vpos),
            block_list("transformer", &clip_cfg(dv), layers_v, &vpos),
            layer_norm("ln_post", dv, true, &Pos::none()),
            Module::parameter("proj", &[dv, e], true),
        ],
    );
    Module::node(
        "clip",
        ModuleKind::Model,
        vec![
            visual,
            embedding("token_embedding", TEXT_VOCAB, dt, &tpos),
            position_parameter("positional_embedding", TEXT_CTX, dt, true),
            block_list("transformer", &clip_cfg(dt), layers_t, &tpos),
            layer_norm("ln_final", dt, true, &tpos),
            Module::parameter("text_projection", &[dt, e], true),
            Module::parameter("logit_scale", &[], true),
        ],
    )
}

pub fn synthesize_clip(
    req: &ArchRequest,
    e: u64,
    budget: &Budget,
) -> Result<(Built, u64), ArchError> {
    if e == 0 {
        return Err(ArchError::invalid_request(
            "embedding_dim",
            "embedding_dim must be at least 1",
        ));
    }
    let o = &req.overrides;
    let (image, patch) = image_and_patch(req, 16)?;
    let layers_t = if fit::compact(req) { 6 } else { 12 };
    let (grid, strict) = widths(o, 128, 8192);
    let make = |w: u64| -> Result<u64, ArchError> {
        heads_for(w, o)?;
        Ok(w)
    };
    let count = |&w: &u64, l: u64| clip_params(w, l, text_width_for(w), layers_t, e, image, patch);
    let ch = fit::stack_search(
        "clip",
        budget,
        &grid,
        strict,
        o.num_layers,
        fit::compact(req),
        make,
        count,
        |w| fit::interp_band(&VIT_DEPTHS, w),
    )?;
    let dv = ch.dims;
    let dt = text_width_for(dv);
    let root = build_clip(dv, ch.depth, dt, layers_t, e, image, patch);
    let resolved = Overrides {
        hidden_size: Some(dv),
        num_layers: Some(ch.depth),
        patch_size: Some(patch),
        ..Overrides::default()
    };
    let mut b = Built::new(super::CLIP_VARIANT, root, resolved)
        .hp("vision_width", dv)
        .hp("vision_layers", ch.depth)
        .hp("vision_heads", dv / 64)
        .hp("patch_size", patch)
        .hp("image_size", vec![image.h, image.w])
        .hp("text_width", dt)
        .hp("text_layers", layers_t)
        .hp("text_heads", dt / 64)
        .hp("vocab_size", TEXT_VOCAB)
        .hp("context_length", TEXT_CTX)
        .hp("embedding_dim", e)
        .path(&["input", "visual", "output"])
        .path(&[
            "input",
            "token_embedding",
            "transformer",
            "ln_final",
            "output",
        ])
        .edge("positional_embedding", "transformer")
        .edge("text_projection", "output")
        .edge("logit_scale", "output")
        .edge("input", "output");
    b.transformer = Some(TransformerShape {
        layers: ch.depth,
        d_model: dv,
        heads: dv / 64,
        kv_heads: dv / 64,
        head_dim: 64,
        decoder: false,
        seq_len: (image.h / patch) * (image.w / patch) + 1,
    });
    b.notes.push(fit::note(
        &format!("vision {dv} x {} layers, text {dt} x {layers_t}", ch.depth),
        ch.total,
        budget,
        ch.candidates,
    ));
    Ok((b, ch.total))
}

const HYBRID_VOCAB: u64 = 32_000;

fn tokens(m: ModalityTag, ctx: u64) -> u64 {
    match m {
        ModalityTag::Text => ctx,
        ModalityTag::Image => 196,
        ModalityTag::Audio => 1500,
        ModalityTag::Video => 8 * 196,
        ModalityTag::Tabular => 1,
        ModalityTag::TimeSeries => 64,
        ModalityTag::PointCloud => CLOUD_POINTS,
    }
}

/// Points of an input cloud, each one token of the fusion sequence.
const CLOUD_POINTS: u64 = 1024;

/// Closed-form count of [`encoder`].
fn encoder_params(m: ModalityTag, d: u64, ctx: u64) -> u64 {
    let n = tokens(m, ctx);
    match m {
        ModalityTag::Text => embedding_params(HYBRID_VOCAB, d),
        ModalityTag::Image => total(&[
            conv2d_params(&Conv::new(3, d, 16).stride(16).pad(0)),
            position_parameter_params(n, d),
        ]),
        ModalityTag::Audio => total(&[
            conv1d_params(&Conv::new(80, d, 3)),
            conv1d_params(&Conv::new(d, d, 3).stride(2)),
            position_parameter_params(n, d),
        ]),
        ModalityTag::Video => total(&[
            conv3d_patch_params(3, d, 2, 16),
            position_parameter_params(n, d),
        ]),
        ModalityTag::Tabular => linear_params(64, d, true),
        ModalityTag::TimeSeries => {
            total(&[linear_params(16, d, true), position_parameter_params(n, d)])
        }
        ModalityTag::PointCloud => linear_params(3, d, true),
    }
}

/// Closed-form count of [`decoder`].
fn decoder_params(m: ModalityTag, d: u64) -> u64 {
    match m {
        ModalityTag::Text => embedding_params(HYBRID_VOCAB, d),
        ModalityTag::Image => linear_params(d, 16 * 16 * 3, true),
        ModalityTag::Audio => linear_params(d, 80, true),
        ModalityTag::Video => linear_params(d, 2 * 16 * 16 * 3, true),
        ModalityTag::Tabular => linear_params(d, 64, true),
        ModalityTag::TimeSeries => linear_params(d, 16, true),
        ModalityTag::PointCloud => linear_params(d, 3, true),
    }
}

fn encoder(m: ModalityTag, d: u64, ctx: u64) -> Module {
    let name = format!("{}_encoder", m.name());
    let n = tokens(m, ctx);
    let pos = Pos::tokens(n);
    let parts = match m {
        ModalityTag::Text => vec![embedding("embed_tokens", HYBRID_VOCAB, d, &pos)],
        ModalityTag::Image => vec![
            conv2d(
                "proj",
                &Conv::new(3, d, 16).stride(16).pad(0),
                Hw::new(224, 224),
            )
            .0,
            position_parameter("pos_embed", n, d, true),
        ],
        ModalityTag::Audio => {
            let (c1, l1) = conv1d("conv1", &Conv::new(80, d, 3), 3000);
            vec![
                c1,
                conv1d("conv2", &Conv::new(d, d, 3).stride(2), l1).0,
                position_parameter("pos_embed", n, d, true),
            ]
        }
        ModalityTag::Video => vec![
            conv3d_patch("proj", 3, d, 2, 16, (16, Hw::new(224, 224))),
            position_parameter("pos_embed", n, d, true),
        ],
        ModalityTag::Tabular => vec![linear("proj", 64, d, true, &pos)],
        ModalityTag::TimeSeries => vec![
            linear("proj", 16, d, true, &pos),
            position_parameter("pos_embed", n, d, true),
        ],
        ModalityTag::PointCloud => vec![linear("proj", 3, d, true, &pos)],
    };
    Module::node(&name, ModuleKind::Container, parts)
}

fn decoder(m: ModalityTag, d: u64, ctx: u64) -> Module {
    let name = format!("{}_decoder", m.name());
    let pos = Pos::tokens(tokens(m, ctx));
    match m {
        ModalityTag::Text => vocab_projection(&name, d, HYBRID_VOCAB, &pos),
        ModalityTag::Image => linear(&name, d, 16 * 16 * 3, true, &pos),
        ModalityTag::Audio => linear(&name, d, 80, true, &pos),
        ModalityTag::Video => linear(&name, d, 2 * 16 * 16 * 3, true, &pos),
        ModalityTag::Tabular => linear(&name, d, 64, true, &pos),
        ModalityTag::TimeSeries => linear(&name, d, 16, true, &pos),
        ModalityTag::PointCloud => linear(&name, d, 3, true, &pos),
    }
}

/// Closed-form count of [`build_hybrid`].
pub fn hybrid_params(
    ins: &[ModalityTag],
    outs: &[ModalityTag],
    d: u64,
    heads: u64,
    ffn: u64,
    layers: u64,
    ctx: u64,
) -> u64 {
    let enc = ins.iter().fold(0u64, |acc, m| {
        acc.saturating_add(encoder_params(*m, d, ctx))
    });
    let dec = outs
        .iter()
        .fold(0u64, |acc, m| acc.saturating_add(decoder_params(*m, d)));
    total(&[
        enc,
        embedding_params(ins.len() as u64, d),
        block_list_params(&BlockCfg::pre_ln(d, heads, ffn, AttnNames::Split), layers),
        layer_norm_params(d, true),
        dec,
    ])
}

pub fn build_hybrid(
    ins: &[ModalityTag],
    outs: &[ModalityTag],
    d: u64,
    heads: u64,
    ffn: u64,
    layers: u64,
    ctx: u64,
) -> Module {
    let seq: u64 = ins.iter().map(|m| tokens(*m, ctx)).sum();
    let pos = Pos::tokens(seq);
    let mut children: Vec<Module> = ins.iter().map(|m| encoder(*m, d, ctx)).collect();
    children.push(Module::node(
        "fusion",
        ModuleKind::TransformerStack,
        vec![
            embedding("modality_embed", ins.len() as u64, d, &pos),
            block_list(
                "layers",
                &BlockCfg::pre_ln(d, heads, ffn, AttnNames::Split),
                layers,
                &pos,
            ),
            layer_norm("norm", d, true, &pos),
        ],
    ));
    children.extend(outs.iter().map(|m| decoder(*m, d, ctx)));
    Module::node("hybrid", ModuleKind::Model, children)
}

pub fn synthesize_hybrid(
    req: &ArchRequest,
    inputs: &[ModalityTag],
    outputs: &[ModalityTag],
    budget: &Budget,
) -> Result<(Built, u64), ArchError> {
    let ins: Vec<ModalityTag> = inputs
        .iter()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let outs: Vec<ModalityTag> = outputs
        .iter()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if ins.is_empty() || outs.is_empty() {
        return Err(ArchError::invalid_request(
            "inputs",
            "a hybrid model needs at least one input and one output modality",
        ));
    }
    let o = &req.overrides;
    let ctx = req.context_window.min(8192);
    let (grid, strict) = widths(o, 128, 16384);
    let make = |w: u64| -> Result<(u64, u64, u64), ArchError> {
        Ok((w, heads_for(w, o)?, ffn_for(w, 4, o)?))
    };
    let count = |x: &(u64, u64, u64), l: u64| hybrid_params(&ins, &outs, x.0, x.1, x.2, l, ctx);
    let ch = fit::stack_search(
        "hybrid_multimodal",
        budget,
        &grid,
        strict,
        o.num_layers,
        fit::compact(req),
        make,
        count,
        |w| fit::interp_band(&FUSION_DEPTHS, w),
    )?;
    let (d, heads, ffn) = ch.dims;
    let root = build_hybrid(&ins, &outs, d, heads, ffn, ch.depth, ctx);
    let resolved = Overrides {
        hidden_size: Some(d),
        num_layers: Some(ch.depth),
        num_heads: Some(heads),
        intermediate_size: Some(ffn),
        ..Overrides::default()
    };
    let names = |v: &[ModalityTag]| v.iter().map(|m| m.name()).collect::<Vec<_>>();
    let seq: u64 = ins.iter().map(|m| tokens(*m, ctx)).sum();
    let mut b = Built::new(super::HYBRID_FUSION, root, resolved)
        .hp("inputs", names(&ins))
        .hp("outputs", names(&outs))
        .hp("hidden_size", d)
        .hp("num_layers", ch.depth)
        .hp("num_heads", heads)
        .hp("intermediate_size", ffn)
        .hp("fusion_sequence", seq);
    // The nominal input sizes behind `tokens`, so generated code can shrink them.
    let present: BTreeSet<ModalityTag> = ins.iter().chain(&outs).copied().collect();
    if present.contains(&ModalityTag::Text) {
        b = b.hp("vocab_size", HYBRID_VOCAB).hp("text_length", ctx);
    }
    if present.contains(&ModalityTag::Image) || present.contains(&ModalityTag::Video) {
        b = b.hp("image_size", 224).hp("patch_size", 16);
    }
    if present.contains(&ModalityTag::Audio) {
        b = b.hp("num_mel_bins", 80).hp("audio_frames", 3000);
    }
    if present.contains(&ModalityTag::Video) {
        b = b.hp("video_frames", 16).hp("tubelet_size", 2);
    }
    if present.contains(&ModalityTag::Tabular) {
        b = b.hp("tabular_features", 64);
    }
    if present.contains(&ModalityTag::TimeSeries) {
        b = b.hp("series_patch_len", 16).hp("series_patches", 64);
    }
    if present.contains(&ModalityTag::PointCloud) {
        b = b.hp("cloud_points", CLOUD_POINTS);
    }
    for m in &ins {
        b = b.path(&["input", &format!("{}_encoder", m.name()), "fusion"]);
    }
    for m in &outs {
        b = b.path(&["fusion", &format!("{}_decoder", m.name()), "output"]);
    }
    b.transformer = Some(TransformerShape {
        layers: ch.depth,
        d_model: d,
        heads,
        kv_heads: heads,
        head_dim: d / heads.max(1),
        decoder: outs.contains(&ModalityTag::Text),
        seq_len: seq,
    });
    b.notes.push(fit::note(
        &format!("fusion {d} x {} layers", ch.depth),
        ch.total,
        budget,
        ch.candidates,
    ));
    Ok((b, ch.total))
}
