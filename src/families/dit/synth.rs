//! Diffusion-transformer families: DiT with adaLN-Zero (class-, text- or un-conditioned), the
//! video DiT over spatio-temporal tubelet patches, and the text-to-3D point-cloud denoiser.
//!
//! DiT follows facebookresearch/DiT: conv patch embed, frozen 2-D sin-cos `pos_embed` stored as
//! a non-trainable parameter (counted, like the official 675M figure), timestep MLP on 256
//! frequencies, label table with one extra "null" row for classifier-free guidance, blocks with
//! fused qkv + 6-chunk adaLN modulation, final layer with 2-chunk modulation. Text conditioning
//! follows PixArt-α: a caption projection MLP and a cross-attention in every block, plus a
//! CLIP-text encoder component. Heads = hidden / 64; depth from the S/B/L/XL table.
//! The point-cloud denoiser follows Point-E: per-point input projection, timestep MLP, a
//! projected text embedding token, pre-LN transformer over 1024 points + 2 condition tokens.

use crate::arch::blocks::{
    AttnNames, BlockCfg, Pos, block_list, block_list_params, embedding, embedding_params,
    layer_norm, layer_norm_params, linear, linear_params, mlp_stack, mlp_stack_params,
    modulate_saved, position_parameter, position_parameter_params, total,
};
use crate::arch::blocks_conv::{
    Conv, Hw, conv2d, conv2d_params, conv3d_patch, conv3d_patch_params,
};
use crate::arch::blueprint::{Built, TransformerShape};
use crate::arch::common::{
    TEXT_CTX, ffn_for, heads_for, text_encoder_for, text_encoder_params_for, text_width, widths,
};
use crate::arch::error::ArchError;
use crate::arch::fit::{self, Budget};
use crate::arch::ir::{Module, ModuleKind};
use crate::arch::request::{ArchRequest, Overrides};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DitCond {
    None,
    Class(u64),
    /// Cross-attention to a text encoder of this width.
    Text(u64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DitDims {
    pub input: u64,
    pub in_channels: u64,
    pub patch: u64,
    pub hidden: u64,
    pub depth: u64,
    pub heads: u64,
    pub mlp: u64,
    pub learn_sigma: bool,
    pub cond: DitCond,
    /// (frames, temporal patch) for the video DiT.
    pub video: Option<(u64, u64)>,
    /// Build the text encoder component too (off while searching, its count is constant).
    pub with_text_encoder: bool,
}

impl DitDims {
    pub fn tokens(&self) -> u64 {
        let s = (self.input / self.patch).pow(2);
        match self.video {
            Some((f, kt)) => s * (f / kt).max(1),
            None => s,
        }
    }
}

impl DitDims {
    fn out_channels(&self) -> u64 {
        if self.learn_sigma {
            2 * self.in_channels
        } else {
            self.in_channels
        }
    }

    fn patch_conv(&self) -> Conv {
        Conv::new(self.in_channels, self.hidden, self.patch)
            .stride(self.patch)
            .pad(0)
    }

    fn block_cfg(&self) -> BlockCfg {
        let cfg = BlockCfg::dit(self.hidden, self.heads, self.mlp);
        match self.cond {
            DitCond::Text(_) => cfg.with_cross(self.hidden, TEXT_CTX),
            _ => cfg,
        }
    }
}

/// Closed-form count of [`build_dit`].
pub fn dit_params(d: &DitDims) -> Result<u64, ArchError> {
    let h = d.hidden;
    let (proj, kt) = match d.video {
        Some((_, kt)) => (conv3d_patch_params(d.in_channels, h, kt, d.patch), kt),
        None => (conv2d_params(&d.patch_conv()), 1),
    };
    let cond = match d.cond {
        DitCond::None => 0,
        DitCond::Class(k) => embedding_params(k + 1, h),
        DitCond::Text(w) => mlp_stack_params(&[w, h, h], true),
    };
    let patch_out = kt * d.patch * d.patch * d.out_channels();
    let text = match (d.cond, d.with_text_encoder) {
        (DitCond::Text(w), true) => text_encoder_params_for(w)?,
        _ => 0,
    };
    Ok(total(&[
        proj,
        mlp_stack_params(&[256, h, h], true),
        cond,
        position_parameter_params(d.tokens(), h),
        block_list_params(&d.block_cfg(), d.depth),
        layer_norm_params(h, false),
        linear_params(h, patch_out, true),
        linear_params(h, 2 * h, true),
        text,
    ]))
}

pub fn build_dit(d: &DitDims) -> Result<Module, ArchError> {
    let h = d.hidden;
    let n = d.tokens();
    let pos = Pos::tokens(n);
    let one = Pos::none();
    let out_ch = d.out_channels();
    let hw = Hw::new(d.input, d.input);
    let (proj, kt) = match d.video {
        Some((f, kt)) => (
            conv3d_patch("proj", d.in_channels, h, kt, d.patch, (f, hw)),
            kt,
        ),
        None => (conv2d("proj", &d.patch_conv(), hw).0, 1),
    };
    let mut children = vec![
        Module::node("x_embedder", ModuleKind::PatchEmbed, vec![proj]),
        Module::node(
            "t_embedder",
            ModuleKind::TimestepEmbedding,
            vec![mlp_stack("mlp", &[256, h, h], true, "silu", &one)],
        ),
    ];
    let cfg = d.block_cfg();
    match d.cond {
        DitCond::None => {}
        DitCond::Class(k) => children.push(Module::node(
            "y_embedder",
            ModuleKind::Container,
            vec![embedding("embedding_table", k + 1, h, &one)],
        )),
        DitCond::Text(w) => {
            children.push(Module::node(
                "y_embedder",
                ModuleKind::Container,
                vec![mlp_stack(
                    "y_proj",
                    &[w, h, h],
                    true,
                    "gelu",
                    &Pos::tokens(TEXT_CTX),
                )],
            ));
        }
    }
    children.push(position_parameter("pos_embed", n, h, false));
    children.push(block_list("blocks", &cfg, d.depth, &pos));
    let patch_out = kt * d.patch * d.patch * out_ch;
    children.push(
        Module::node(
            "final_layer",
            ModuleKind::Head,
            vec![
                layer_norm("norm_final", h, false, &pos),
                linear("linear", h, patch_out, true, &pos),
                Module::node(
                    "adaLN_modulation",
                    ModuleKind::AdaLnModulation,
                    vec![linear("1", h, 2 * h, true, &one)],
                ),
            ],
        )
        .add_saved(modulate_saved(h, &pos)),
    );
    if let (DitCond::Text(w), true) = (d.cond, d.with_text_encoder) {
        children.push(text_encoder_for(w)?);
    }
    Ok(Module::node("dit", ModuleKind::Model, children))
}

const DIT_DEPTHS: [(u64, u64); 4] = [(384, 12), (768, 12), (1024, 24), (1152, 28)];
const POINT_DEPTHS: [(u64, u64); 4] = [(256, 6), (512, 12), (1024, 24), (2048, 32)];

pub fn synthesize_dit(
    req: &ArchRequest,
    text: bool,
    classes: Option<u64>,
    video: bool,
    budget: &Budget,
) -> Result<(Built, u64), ArchError> {
    let o = &req.overrides;
    if let Some(classes) = classes {
        ArchError::require_classes(classes)?;
    }
    let patch = o.patch_size.or(req.patch_size).unwrap_or(2);
    // A video model's frames are `constraints.frame_size` first; the VAE divides a side by 8.
    let frame = if video { req.frame_size } else { None };
    let input = req
        .latent_size
        .or(frame.or(req.image_size).map(|(h, _)| h / 8))
        .unwrap_or(32);
    if patch == 0 || input == 0 || !input.is_multiple_of(patch) {
        return Err(ArchError::invalid_request(
            "patch_size",
            format!("patch size {patch} must be positive and divide the latent size {input}"),
        ));
    }
    let text = text || video;
    let tw = if text {
        Some(text_width(o, budget.max)?)
    } else {
        None
    };
    let cond = match (tw, classes) {
        (Some(w), _) => DitCond::Text(w),
        (None, Some(k)) => DitCond::Class(k),
        (None, None) => DitCond::None,
    };
    let text_params = match tw {
        Some(w) => text_encoder_params_for(w)?,
        None => 0,
    };
    let (grid, strict) = widths(o, 128, 16384);
    let make = |w: u64| -> Result<DitDims, ArchError> {
        Ok(DitDims {
            input,
            in_channels: 4,
            patch,
            hidden: w,
            depth: 0,
            heads: heads_for(w, o)?,
            mlp: ffn_for(w, 4, o)?,
            learn_sigma: true,
            cond,
            // Tubelets of two frames (as Latte) when the clip's frame count is even, else one.
            video: video.then(|| {
                let frames = req.num_frames.unwrap_or(16);
                (frames, if frames.is_multiple_of(2) { 2 } else { 1 })
            }),
            with_text_encoder: false,
        })
    };
    let count = |d: &DitDims, l: u64| {
        dit_params(&DitDims {
            depth: l,
            ..d.clone()
        })
        .map(|m| m.saturating_add(text_params))
        .unwrap_or(u64::MAX)
    };
    let family = if video { "video_dit" } else { "dit" };
    let ch = fit::stack_search(
        family,
        budget,
        &grid,
        strict,
        o.num_layers,
        fit::compact(req),
        make,
        count,
        |w| fit::interp_band(&DIT_DEPTHS, w),
    )?;
    let d = DitDims {
        depth: ch.depth,
        with_text_encoder: true,
        ..ch.dims
    };
    let root = build_dit(&d)?;
    let resolved = Overrides {
        hidden_size: Some(d.hidden),
        num_layers: Some(d.depth),
        num_heads: Some(d.heads),
        intermediate_size: Some(d.mlp),
        patch_size: Some(d.patch),
        context_dim: tw,
        ..Overrides::default()
    };
    let mut b = Built::new(
        if video {
            super::VIDEO_DIT_VARIANT
        } else {
            super::DIT_VARIANT
        },
        root,
        resolved,
    )
    .hp("input_size", d.input)
    .hp("in_channels", d.in_channels)
    .hp("patch_size", d.patch)
    .hp("hidden_size", d.hidden)
    .hp("depth", d.depth)
    .hp("num_heads", d.heads)
    .hp("mlp_ratio", d.mlp as f64 / d.hidden as f64)
    .hp("learn_sigma", d.learn_sigma)
    .hp("timestep_freq_dim", 256)
    .hp("num_tokens", d.tokens())
    .hp("pos_embed", "fixed sin-cos, non-trainable parameter")
    .path(&["input", "x_embedder", "blocks", "final_layer", "output"])
    .edge("pos_embed", "blocks")
    .path(&["input", "t_embedder", "blocks"])
    .edge("t_embedder", "final_layer");
    match cond {
        DitCond::Class(k) => {
            b = b
                .hp("num_classes", k)
                .hp("class_dropout_prob", 0.1)
                .path(&["input", "y_embedder", "blocks"])
                .edge("y_embedder", "final_layer");
        }
        DitCond::Text(w) => {
            b = b
                .text_encoder_hps(w)
                .path(&["input", "text_encoder", "y_embedder", "blocks"]);
            b.notes.push(format!(
                "text encoder: CLIP-text style, width {w} (counted as a component)"
            ));
        }
        DitCond::None => {}
    }
    if let Some((f, kt)) = d.video {
        b = b.hp("num_frames", f).hp("temporal_patch", kt);
    }
    if let Some((h, w)) = frame {
        b = b.hp("frame_size", vec![h, w]);
    }
    b.transformer = Some(TransformerShape {
        layers: d.depth,
        d_model: d.hidden,
        heads: d.heads,
        kv_heads: d.heads,
        head_dim: d.hidden / d.heads.max(1),
        decoder: false,
        seq_len: d.tokens(),
    });
    b.notes.push(fit::note(
        &format!("hidden {} x depth {}", d.hidden, d.depth),
        ch.total,
        budget,
        ch.candidates,
    ));
    Ok((b, ch.total))
}

fn point_cfg(hidden: u64, heads: u64, mlp: u64) -> BlockCfg {
    BlockCfg::pre_ln(hidden, heads, mlp, AttnNames::Split)
}

/// Closed-form count of [`build_point_denoiser`].
pub fn point_denoiser_params(
    hidden: u64,
    heads: u64,
    mlp: u64,
    layers: u64,
    text_w: u64,
    with_text: bool,
) -> Result<u64, ArchError> {
    let text = if with_text {
        text_encoder_params_for(text_w)?
    } else {
        0
    };
    Ok(total(&[
        linear_params(6, hidden, true),
        mlp_stack_params(&[hidden, 4 * hidden, hidden], true),
        linear_params(text_w, hidden, true),
        layer_norm_params(hidden, true),
        block_list_params(&point_cfg(hidden, heads, mlp), layers),
        layer_norm_params(hidden, true),
        linear_params(hidden, 12, true),
        text,
    ]))
}

/// Point-E style denoiser over `points` tokens of (xyz, rgb) plus time and text tokens.
pub fn build_point_denoiser(
    hidden: u64,
    heads: u64,
    mlp: u64,
    layers: u64,
    text_w: u64,
    with_text: bool,
) -> Result<Module, ArchError> {
    let points = 1024;
    let pos = Pos::tokens(points + 2);
    let one = Pos::none();
    let cfg = point_cfg(hidden, heads, mlp);
    let mut children = vec![
        linear("input_proj", 6, hidden, true, &Pos::tokens(points)),
        mlp_stack(
            "time_embed",
            &[hidden, 4 * hidden, hidden],
            true,
            "gelu",
            &one,
        ),
        linear("clip_embed", text_w, hidden, true, &one),
        layer_norm("ln_pre", hidden, true, &pos),
        block_list("backbone", &cfg, layers, &pos),
        layer_norm("ln_post", hidden, true, &pos),
        linear("output_proj", hidden, 12, true, &Pos::tokens(points)),
    ];
    if with_text {
        children.push(text_encoder_for(text_w)?);
    }
    Ok(Module::node("point_denoiser", ModuleKind::Model, children))
}

pub fn synthesize_points(req: &ArchRequest, budget: &Budget) -> Result<(Built, u64), ArchError> {
    let o = &req.overrides;
    let tw = text_width(o, budget.max)?;
    let text_params = text_encoder_params_for(tw)?;
    let (grid, strict) = widths(o, 128, 16384);
    let make = |w: u64| -> Result<(u64, u64, u64), ArchError> {
        Ok((w, heads_for(w, o)?, ffn_for(w, 4, o)?))
    };
    let count = |d: &(u64, u64, u64), l: u64| {
        point_denoiser_params(d.0, d.1, d.2, l, tw, false)
            .map(|m| m.saturating_add(text_params))
            .unwrap_or(u64::MAX)
    };
    let ch = fit::stack_search(
        "point_cloud_denoiser",
        budget,
        &grid,
        strict,
        o.num_layers,
        fit::compact(req),
        make,
        count,
        |w| fit::interp_band(&POINT_DEPTHS, w),
    )?;
    let (h, heads, mlp) = ch.dims;
    let root = build_point_denoiser(h, heads, mlp, ch.depth, tw, true)?;
    let resolved = Overrides {
        hidden_size: Some(h),
        num_layers: Some(ch.depth),
        num_heads: Some(heads),
        intermediate_size: Some(mlp),
        context_dim: Some(tw),
        ..Overrides::default()
    };
    let mut b = Built::new(super::POINT_E_DENOISER, root, resolved)
        .hp("num_points", 1024)
        .hp("point_channels", 6)
        .hp("hidden_size", h)
        .hp("num_layers", ch.depth)
        .hp("num_heads", heads)
        .hp("mlp_dim", mlp)
        .text_encoder_hps(tw)
        .path(&[
            "input",
            "input_proj",
            "ln_pre",
            "backbone",
            "ln_post",
            "output_proj",
            "output",
        ])
        .path(&["input", "time_embed", "ln_pre"])
        .path(&["input", "text_encoder", "clip_embed", "ln_pre"]);
    b.transformer = Some(TransformerShape {
        layers: ch.depth,
        d_model: h,
        heads,
        kv_heads: heads,
        head_dim: h / heads.max(1),
        decoder: false,
        seq_len: 1026,
    });
    b.notes.push(fit::note(
        &format!("hidden {h} x {} layers", ch.depth),
        ch.total,
        budget,
        ch.candidates,
    ));
    Ok((b, ch.total))
}
