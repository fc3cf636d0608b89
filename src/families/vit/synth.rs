//! Vision Transformer family (torchvision ViT layout): conv patch embedding, class token,
//! learned positions, pre-LN GELU blocks with biases, final LayerNorm, linear head.
//!
//! Choices: image 224 and patch 16 unless given; heads = hidden / 64; MLP 4 x hidden; depth
//! follows the ViT Ti/S/B/L/H table (12 layers up to width 768, then ~24 at 1024, 32 at 1280).

use crate::arch::blocks::{
    AttnNames, BlockCfg, Pos, block_list, block_list_params, layer_norm, layer_norm_params, linear,
    linear_params, position_parameter, position_parameter_params, total,
};
use crate::arch::blocks_conv::{Conv, Hw, conv2d, conv2d_params};
use crate::arch::blueprint::{Built, TransformerShape};
use crate::arch::common::{ffn_for, heads_for, widths};
use crate::arch::error::ArchError;
use crate::arch::fit::{self, Budget};
use crate::arch::ir::{Module, ModuleKind};
use crate::arch::request::{ArchRequest, Overrides};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VitDims {
    pub image: Hw,
    pub patch: u64,
    pub channels: u64,
    pub hidden: u64,
    pub layers: u64,
    pub heads: u64,
    pub mlp: u64,
    pub num_classes: u64,
}

const DEPTHS: [(u64, u64); 5] = [(192, 12), (384, 12), (768, 12), (1024, 24), (1280, 32)];

impl VitDims {
    pub fn num_patches(&self) -> u64 {
        (self.image.h / self.patch) * (self.image.w / self.patch)
    }
}

fn patch_conv(d: &VitDims) -> Conv {
    Conv::new(d.channels, d.hidden, d.patch)
        .stride(d.patch)
        .pad(0)
}

fn block_cfg(d: &VitDims) -> BlockCfg {
    BlockCfg::pre_ln(d.hidden, d.heads, d.mlp, AttnNames::Timm)
}

/// Closed-form count of [`build_vit`].
pub fn vit_params(d: &VitDims) -> u64 {
    total(&[
        conv2d_params(&patch_conv(d)),
        d.hidden,
        position_parameter_params(d.num_patches() + 1, d.hidden),
        block_list_params(&block_cfg(d), d.layers),
        layer_norm_params(d.hidden, true),
        linear_params(d.hidden, d.num_classes, true),
    ])
}

/// The ViT encoder body without the head (shared with CLIP-like and hybrid models).
pub fn vit_body(d: &VitDims) -> Vec<Module> {
    let n = d.num_patches();
    let pos = Pos::tokens(n + 1);
    let (proj, _) = conv2d("conv_proj", &patch_conv(d), d.image);
    let cfg = block_cfg(d);
    vec![
        proj,
        Module::parameter("class_token", &[1, 1, d.hidden], true),
        position_parameter("pos_embedding", n + 1, d.hidden, true),
        block_list("encoder", &cfg, d.layers, &pos),
        layer_norm("ln", d.hidden, true, &pos),
    ]
}

pub fn build_vit(d: &VitDims) -> Module {
    let mut children = vit_body(d);
    children.push(linear("head", d.hidden, d.num_classes, true, &Pos::none()));
    Module::node("vit", ModuleKind::Model, children)
}

/// Image size and patch size from the request (defaults 224 / `default_patch`).
pub fn image_and_patch(req: &ArchRequest, default_patch: u64) -> Result<(Hw, u64), ArchError> {
    let (h, w) = req.image_size.unwrap_or((224, 224));
    let p = req
        .overrides
        .patch_size
        .or(req.patch_size)
        .unwrap_or(default_patch);
    if h == 0 || w == 0 || p == 0 || h % p != 0 || w % p != 0 {
        return Err(ArchError::invalid_request(
            "patch_size",
            format!("patch size {p} must be positive and divide the image size {h}x{w}"),
        ));
    }
    Ok((Hw::new(h, w), p))
}

pub fn synthesize(
    req: &ArchRequest,
    num_classes: u64,
    budget: &Budget,
) -> Result<(Built, u64), ArchError> {
    ArchError::require_classes(num_classes)?;
    let o = &req.overrides;
    let (image, patch) = image_and_patch(req, 16)?;
    let (grid, strict) = widths(o, 128, 8192);
    let make = |w: u64| -> Result<VitDims, ArchError> {
        Ok(VitDims {
            image,
            patch,
            channels: 3,
            hidden: w,
            layers: 0,
            heads: heads_for(w, o)?,
            mlp: ffn_for(w, 4, o)?,
            num_classes,
        })
    };
    let count = |d: &VitDims, l: u64| {
        vit_params(&VitDims {
            layers: l,
            ..d.clone()
        })
    };
    let ch = fit::stack_search(
        "vit",
        budget,
        &grid,
        strict,
        o.num_layers,
        fit::compact(req),
        make,
        count,
        |w| fit::interp_band(&DEPTHS, w),
    )?;
    let d = VitDims {
        layers: ch.depth,
        ..ch.dims
    };
    let resolved = Overrides {
        hidden_size: Some(d.hidden),
        num_layers: Some(d.layers),
        num_heads: Some(d.heads),
        intermediate_size: Some(d.mlp),
        patch_size: Some(d.patch),
        ..Overrides::default()
    };
    let seq = d.num_patches() + 1;
    let mut b = Built::new(super::VIT_VARIANT, build_vit(&d), resolved)
        .hp("image_size", vec![d.image.h, d.image.w])
        .hp("patch_size", d.patch)
        .hp("num_patches", d.num_patches())
        .hp("hidden_size", d.hidden)
        .hp("num_layers", d.layers)
        .hp("num_heads", d.heads)
        .hp("mlp_dim", d.mlp)
        .hp("num_classes", num_classes)
        .hp("norm", "layernorm_pre_ln")
        .hp("layer_norm_eps", 1e-6)
        .hp("activation", "gelu")
        .path(&["input", "conv_proj", "encoder", "ln", "head", "output"])
        .edge("class_token", "encoder")
        .edge("pos_embedding", "encoder");
    b.transformer = Some(TransformerShape {
        layers: d.layers,
        d_model: d.hidden,
        heads: d.heads,
        kv_heads: d.heads,
        head_dim: d.hidden / d.heads.max(1),
        decoder: false,
        seq_len: seq,
    });
    b.notes.push(fit::note(
        &format!(
            "hidden {} x {} layers, patch {}",
            d.hidden, d.layers, d.patch
        ),
        ch.total,
        budget,
        ch.candidates,
    ));
    Ok((b, ch.total))
}
