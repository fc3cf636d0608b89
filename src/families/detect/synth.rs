//! Detection families: FCOS-style anchor-free detector (ResNet + FPN + decoupled
//! class/box/centerness heads) and DETR (ResNet + transformer encoder-decoder + queries).
//!
//! Both scale with the backbone base width `b` (64 = published): FPN/transformer width 4b
//! (256 at b = 64), DETR heads = width / 32 (8) and FFN 8 x width (2048). Backbone patterns:
//! ResNet-18 (basic), ResNet-50 and ResNet-101; DETR keeps 6 encoder and 6 decoder layers
//! unless `num_layers` overrides both.

use crate::arch::blocks::{
    AttnCfg, AttnNames, BlockCfg, Ffn, Norm, Pos, block_list, block_list_params, embedding,
    embedding_params, layer_norm, layer_norm_params, linear, linear_params, mlp_stack,
    mlp_stack_params, total,
};
use crate::arch::blocks_conv::{Conv, Hw, conv2d, conv2d_params, group_norm, norm2d_params};
use crate::arch::blueprint::{Built, TransformerShape};
use crate::arch::error::ArchError;
use crate::arch::fit::{self, Budget};
use crate::arch::ir::{Module, ModuleKind};
use crate::arch::request::{ArchRequest, Overrides};
use crate::families::resnet::synth::{Pattern, ResNetDims, backbone, backbone_params, check_base};

fn structures(req: &ArchRequest) -> Result<Vec<Pattern>, ArchError> {
    if let Some(s) = &req.overrides.stage_blocks {
        if s.len() != 4 || s.contains(&0) {
            return Err(ArchError::invalid_override(
                "stage_blocks",
                "detector backbones need exactly 4 stages with at least one block each",
            ));
        }
        return Ok(vec![((s.clone(), s.iter().sum::<u64>() >= 16), 0)]);
    }
    let compact = fit::compact(req);
    Ok(vec![
        ((vec![1, 1, 1, 1], false), 50),
        ((vec![2, 2, 2, 2], false), 0),
        ((vec![3, 4, 6, 3], false), 0),
        ((vec![3, 4, 6, 3], true), 0),
        ((vec![3, 4, 23, 3], true), if compact { 800 } else { 100 }),
    ])
}

fn resnet_dims(s: &(Vec<u64>, bool), base: u64, image: Hw) -> ResNetDims {
    ResNetDims {
        base,
        stages: s.0.clone(),
        bottleneck: s.1,
        num_classes: 1,
        image,
        in_channels: 3,
    }
}

fn tower(name: &str, f: u64, hw: Hw) -> Module {
    let mut ch = Vec::new();
    for i in 0..4u64 {
        ch.push(conv2d(&(3 * i).to_string(), &Conv::new(f, f, 3), hw).0);
        ch.push(group_norm(&(3 * i + 1).to_string(), 32, f, hw));
    }
    Module::node(name, ModuleKind::Sequential, ch)
}

/// Closed-form count of [`build_fcos`].
pub fn fcos_params(rd: &ResNetDims, num_classes: u64) -> u64 {
    let f = 4 * rd.base;
    let (bb, feats) = backbone_params(rd);
    let levels: Vec<u64> = feats.iter().rev().take(3).rev().copied().collect();
    let conv3 = conv2d_params(&Conv::new(f, f, 3));
    let inner = levels.iter().fold(0u64, |acc, &c| {
        acc.saturating_add(conv2d_params(&Conv::new(c, f, 1)))
    });
    let layer = (levels.len() as u64).saturating_mul(conv3);
    // p6 and p7: stride-2 3x3 convs with the same count as a stride-1 one.
    let fpn = total(&[inner, layer, conv3, conv3]);
    let tower = 4u64.saturating_mul(total(&[conv3, norm2d_params(f)]));
    let head = total(&[
        tower,
        tower,
        conv2d_params(&Conv::new(f, num_classes, 3)),
        conv2d_params(&Conv::new(f, 4, 3)),
        conv2d_params(&Conv::new(f, 1, 3)),
        5,
    ]);
    total(&[bb, fpn, head])
}

pub fn build_fcos(rd: &ResNetDims, num_classes: u64) -> Module {
    let f = 4 * rd.base;
    let (stem, feats) = backbone(rd);
    let bb = Module::node("backbone", ModuleKind::Container, stem);
    let levels: Vec<(u64, Hw)> = feats.iter().rev().take(3).rev().copied().collect();
    let inner = levels
        .iter()
        .enumerate()
        .map(|(i, (c, hw))| conv2d(&i.to_string(), &Conv::new(*c, f, 1), *hw).0)
        .collect();
    let layer = levels
        .iter()
        .enumerate()
        .map(|(i, (_, hw))| conv2d(&i.to_string(), &Conv::new(f, f, 3), *hw).0)
        .collect();
    let p5 = levels.last().map(|l| l.1).unwrap_or(Hw::new(1, 1));
    let (p6, p6hw) = conv2d("p6", &Conv::new(f, f, 3).stride(2), p5);
    let (p7, _) = conv2d("p7", &Conv::new(f, f, 3).stride(2), p6hw);
    let fpn = Module::node(
        "fpn",
        ModuleKind::Container,
        vec![
            Module::node("inner_blocks", ModuleKind::ModuleList, inner),
            Module::node("layer_blocks", ModuleKind::ModuleList, layer),
            p6,
            p7,
        ],
    );
    let p3 = levels.first().map(|l| l.1).unwrap_or(Hw::new(1, 1));
    let mut head = Module::node(
        "head",
        ModuleKind::Head,
        vec![
            tower("cls_tower", f, p3),
            tower("bbox_tower", f, p3),
            conv2d("cls_logits", &Conv::new(f, num_classes, 3), p3).0,
            conv2d("bbox_pred", &Conv::new(f, 4, 3), p3).0,
            conv2d("centerness", &Conv::new(f, 1, 3), p3).0,
            Module::parameter("scales", &[5], true),
        ],
    );
    // The shared head runs on P3..P7; the smaller levels add about a third of P3's cost.
    head.forward_macs += head.forward_macs / 3;
    Module::node("fcos", ModuleKind::Model, vec![bb, fpn, head])
}

/// DETR's post-LN encoder and decoder block configurations.
fn detr_cfgs(dm: u64, tokens: u64) -> (BlockCfg, BlockCfg) {
    let heads = (dm / 32).max(1);
    let enc_cfg = BlockCfg {
        post_ln: true,
        ..BlockCfg::pre_ln(dm, heads, 8 * dm, AttnNames::Split)
    };
    let dec_cfg = BlockCfg {
        attn: AttnCfg::mha(dm, heads, true, AttnNames::Split),
        ffn: Ffn::Gelu { bias: true },
        ffn_dim: 8 * dm,
        norm: Norm::LayerNorm,
        post_ln: true,
        adaln_chunks: None,
        cross: None,
    }
    .with_cross(dm, tokens);
    (enc_cfg, dec_cfg)
}

/// Closed-form count of [`build_detr`].
pub fn detr_params(rd: &ResNetDims, num_classes: u64, queries: u64, layers: u64) -> u64 {
    let dm = 4 * rd.base;
    let (bb, feats) = backbone_params(rd);
    let c5 = feats.last().copied().unwrap_or(rd.base);
    // Block counts do not depend on the token count (only MACs do).
    let (enc_cfg, dec_cfg) = detr_cfgs(dm, 1);
    total(&[
        bb,
        conv2d_params(&Conv::new(c5, dm, 1)),
        block_list_params(&enc_cfg, layers),
        embedding_params(queries, dm),
        block_list_params(&dec_cfg, layers),
        layer_norm_params(dm, true),
        linear_params(dm, num_classes + 1, true),
        mlp_stack_params(&[dm, dm, dm, 4], true),
    ])
}

pub fn build_detr(rd: &ResNetDims, num_classes: u64, queries: u64, layers: u64) -> Module {
    let dm = 4 * rd.base;
    let (stem, feats) = backbone(rd);
    let (c5, hw5) = feats.last().copied().unwrap_or((rd.base, Hw::new(1, 1)));
    let tokens = hw5.area();
    let enc_pos = Pos::tokens(tokens);
    let q_pos = Pos::tokens(queries);
    let (enc_cfg, dec_cfg) = detr_cfgs(dm, tokens);
    Module::node(
        "detr",
        ModuleKind::Model,
        vec![
            Module::node("backbone", ModuleKind::Container, stem),
            conv2d("input_proj", &Conv::new(c5, dm, 1), hw5).0,
            block_list("encoder", &enc_cfg, layers, &enc_pos),
            embedding("query_embed", queries, dm, &q_pos),
            block_list("decoder", &dec_cfg, layers, &q_pos),
            layer_norm("decoder_norm", dm, true, &q_pos),
            linear("class_embed", dm, num_classes + 1, true, &q_pos),
            mlp_stack("bbox_embed", &[dm, dm, dm, 4], true, "relu", &q_pos),
        ],
    )
}

pub fn synthesize(
    req: &ArchRequest,
    num_classes: u64,
    detr_queries: Option<u64>,
    budget: &Budget,
) -> Result<(Built, u64), ArchError> {
    if num_classes == 0 || detr_queries == Some(0) {
        return Err(ArchError::invalid_request(
            "num_classes",
            "num_classes and num_queries must be at least 1",
        ));
    }
    let default = if detr_queries.is_some() { 800 } else { 640 };
    let (h, w) = req.image_size.unwrap_or((default, default));
    if h < 64 || w < 64 {
        return Err(ArchError::invalid_request(
            "image_size",
            "detectors need images of at least 64x64",
        ));
    }
    let image = Hw::new(h, w);
    let fixed = check_base(&req.overrides, 8)?;
    let layers = req.overrides.num_layers.unwrap_or(6);
    if layers == 0 {
        return Err(ArchError::invalid_override(
            "num_layers",
            "num_layers must be at least 1",
        ));
    }
    let structs = structures(req)?;
    let build = |s: &(Vec<u64>, bool), c: u64| {
        let rd = resnet_dims(s, c, image);
        match detr_queries {
            Some(q) => build_detr(&rd, num_classes, q, layers),
            None => build_fcos(&rd, num_classes),
        }
    };
    let count = |s: &(Vec<u64>, bool), c: u64| {
        let rd = resnet_dims(s, c, image);
        match detr_queries {
            Some(q) => detr_params(&rd, num_classes, q, layers),
            None => fcos_params(&rd, num_classes),
        }
    };
    let family = if detr_queries.is_some() {
        "detector_detr"
    } else {
        "detector_anchor_free"
    };
    let (s, c, total, n) = fit::channel_search(
        family,
        budget,
        &structs,
        8,
        1024,
        fixed,
        req.overrides.stage_blocks.is_some() || req.overrides.num_layers.is_some(),
        count,
        |c| c.abs_diff(64) * 1000 / 64,
    )?;
    let resolved = Overrides {
        base_channels: Some(c),
        stage_blocks: Some(s.0.clone()),
        num_layers: detr_queries.map(|_| layers),
        ..Overrides::default()
    };
    let root = build(&s, c);
    let mut b = match detr_queries {
        Some(q) => {
            let dm = 4 * c;
            let mut b = Built::new(super::DETR, root, resolved)
                .hp("d_model", dm)
                .hp("num_heads", dm / 32)
                .hp("dim_feedforward", 8 * dm)
                .hp("encoder_layers", layers)
                .hp("decoder_layers", layers)
                .hp("num_queries", q)
                .path(&[
                    "input",
                    "backbone",
                    "input_proj",
                    "encoder",
                    "decoder",
                    "decoder_norm",
                    "class_embed",
                    "output",
                ])
                .path(&["decoder_norm", "bbox_embed", "output"])
                .edge("query_embed", "decoder");
            b.transformer = Some(TransformerShape {
                layers: 2 * layers,
                d_model: dm,
                heads: dm / 32,
                kv_heads: dm / 32,
                head_dim: 32,
                decoder: false,
                seq_len: (h / 32) * (w / 32),
            });
            b
        }
        None => Built::new(super::FCOS, root, resolved)
            .hp("fpn_channels", 4 * c)
            .hp("fpn_levels", "P3-P7")
            .hp("head_tower_depth", 4)
            .hp("head_norm", "groupnorm32"),
    };
    b = b
        .hp("backbone_base_channels", c)
        .hp("backbone_stage_blocks", s.0.clone())
        .hp("backbone_bottleneck", s.1)
        .hp("num_classes", num_classes)
        .hp("image_size", vec![h, w]);
    b.notes.push(fit::note(
        &format!("backbone {:?} at base width {c}", s.0),
        total,
        budget,
        n,
    ));
    Ok((b, total))
}
