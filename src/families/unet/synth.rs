//! U-Net families: the SD-style latent diffusion U-Net (ResnetBlock2D + spatial transformers
//! with cross-attention, timestep MLP, optional CLIP-text encoder component), its video variant
//! (a temporal transformer after every ResNet block and in the mid block, AnimateDiff style),
//! and the classic segmentation U-Net (double 3x3 conv + BN, transposed-conv upsampling).
//!
//! Diffusion fitting searches the base channel count (multiples of 32 so GroupNorm(32) divides
//! every level) for layers_per_block 2 (SD) or 1 (preferred for compact targets), with SD's
//! multipliers [1, 2, 4, 4] and attention on all but the deepest level. The text encoder is a
//! rung of the CLIP-text ladder (see `common.rs`) taking at most a fifth of the budget.

use crate::arch::blocks::total;
use crate::arch::blocks_conv::{
    Conv, Hw, batch_norm2d, conv_transpose2d, conv_transpose2d_params, conv2d, conv2d_params,
    downsample2d, group_norm, max_pool_saved, norm2d_params, resample2d_params, resnet_block2d,
    resnet_block2d_params, spatial_transformer, spatial_transformer_params, temporal_transformer,
    temporal_transformer_params, timestep_mlp, timestep_mlp_params, upsample2d,
};
use crate::arch::blueprint::Built;
use crate::arch::common::{TEXT_CTX, text_encoder_for, text_encoder_params_for, text_width};
use crate::arch::error::ArchError;
use crate::arch::fit::{self, Budget};
use crate::arch::ir::{Module, ModuleKind};
use crate::arch::request::{ArchRequest, Overrides};
use crate::families::resnet::synth::check_base;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UNetDims {
    pub base: u64,
    pub mults: Vec<u64>,
    pub layers_per_block: u64,
    /// Spatial transformers on this level?
    pub attn: Vec<bool>,
    pub in_channels: u64,
    pub out_channels: u64,
    pub sample: u64,
    pub heads: u64,
    /// Cross-attention context (width, length); `None` = self-attention only.
    pub context: Option<(u64, u64)>,
    /// Temporal transformers over this many frames (video U-Net).
    pub frames: Option<u64>,
    /// Include a CLIP-text encoder component of this width.
    pub text_encoder: Option<u64>,
}

fn list(name: &str, items: Vec<Module>) -> Module {
    Module::node(name, ModuleKind::ModuleList, items)
}

/// Closed-form count of [`build_unet`]. Mirrors its channel and skip bookkeeping; the
/// spatial size never affects counts, so it is not tracked.
pub fn unet_params(d: &UNetDims) -> Result<u64, ArchError> {
    let c0 = d.base;
    let chans: Vec<u64> = d.mults.iter().map(|m| m * c0).collect();
    let temb = 4 * c0;
    let n = chans.len();
    let ctx = d.context;
    let temporal = |c: u64| {
        d.frames
            .map_or(0, |_| temporal_transformer_params(c, d.heads))
    };
    // Everything attached to one resnet of a level: the resnet, its spatial transformer (on
    // attention levels) and its temporal transformer (video).
    let unit = |cin: u64, out: u64, attn: bool| {
        let st = if attn {
            spatial_transformer_params(out, d.heads, ctx)
        } else {
            0
        };
        total(&[
            resnet_block2d_params(cin, out, Some(temb)),
            st,
            temporal(out),
        ])
    };
    let mut sum = total(&[
        conv2d_params(&Conv::new(d.in_channels, c0, 3)),
        timestep_mlp_params(c0, temb),
    ]);
    let mut skips = vec![c0];
    let mut prev = c0;
    for (i, &out) in chans.iter().enumerate() {
        let attn = d.attn.get(i).copied().unwrap_or(false);
        for j in 0..d.layers_per_block {
            let cin = if j == 0 { prev } else { out };
            sum = sum.saturating_add(unit(cin, out, attn));
            skips.push(out);
        }
        if i + 1 < n {
            sum = sum.saturating_add(resample2d_params(out));
            skips.push(out);
        }
        prev = out;
    }
    let last = prev;
    sum = total(&[
        sum,
        resnet_block2d_params(last, last, Some(temb)),
        resnet_block2d_params(last, last, Some(temb)),
        spatial_transformer_params(last, d.heads, ctx),
        temporal(last),
    ]);
    for i in 0..n {
        let r = n - 1 - i;
        let out = chans[r];
        let attn = d.attn.get(r).copied().unwrap_or(false);
        for j in 0..=d.layers_per_block {
            let skip = skips.pop().ok_or_else(|| ArchError::Internal {
                reason: "U-Net skip stack underflow".to_string(),
            })?;
            let cin = if j == 0 { prev } else { out } + skip;
            sum = sum.saturating_add(unit(cin, out, attn));
        }
        if i + 1 < n {
            sum = sum.saturating_add(resample2d_params(out));
        }
        prev = out;
    }
    sum = total(&[
        sum,
        norm2d_params(c0),
        conv2d_params(&Conv::new(c0, d.out_channels, 3)),
    ]);
    if let Some(w) = d.text_encoder {
        sum = sum.saturating_add(text_encoder_params_for(w)?);
    }
    Ok(sum)
}

pub fn build_unet(d: &UNetDims) -> Result<Module, ArchError> {
    let c0 = d.base;
    let chans: Vec<u64> = d.mults.iter().map(|m| m * c0).collect();
    let temb = 4 * c0;
    let n = chans.len();
    let mut hw = Hw::new(d.sample, d.sample);
    let (conv_in, _) = conv2d("conv_in", &Conv::new(d.in_channels, c0, 3), hw);
    let mut skips = vec![c0];
    let mut downs = Vec::new();
    // Each level's resolution, which the up path meets again through its upsamplers.
    let mut sizes = Vec::new();
    let mut prev = c0;
    let temporal = |i: u64, c: u64, hw: Hw| {
        d.frames
            .map(|f| temporal_transformer(&i.to_string(), c, d.heads, f, hw))
    };
    for (i, &out) in chans.iter().enumerate() {
        sizes.push(hw);
        let (mut res, mut att, mut mot) = (Vec::new(), Vec::new(), Vec::new());
        for j in 0..d.layers_per_block {
            let cin = if j == 0 { prev } else { out };
            res.push(resnet_block2d(&j.to_string(), cin, out, Some(temb), hw));
            if d.attn[i] {
                att.push(spatial_transformer(
                    &j.to_string(),
                    out,
                    d.heads,
                    d.context,
                    hw,
                ));
            }
            mot.extend(temporal(j, out, hw));
            skips.push(out);
        }
        let mut level = vec![list("resnets", res)];
        if !att.is_empty() {
            level.push(list("attentions", att));
        }
        if !mot.is_empty() {
            level.push(list("motion_modules", mot));
        }
        if i + 1 < n {
            let (ds, next) = downsample2d("0", out, hw);
            level.push(list("downsamplers", vec![ds]));
            hw = next;
            skips.push(out);
        }
        downs.push(Module::node(&i.to_string(), ModuleKind::UNetLevel, level));
        prev = out;
    }
    let last = prev;
    let mut mid = vec![
        list(
            "resnets",
            vec![
                resnet_block2d("0", last, last, Some(temb), hw),
                resnet_block2d("1", last, last, Some(temb), hw),
            ],
        ),
        list(
            "attentions",
            vec![spatial_transformer("0", last, d.heads, d.context, hw)],
        ),
    ];
    if let Some(m) = temporal(0, last, hw) {
        mid.push(list("motion_modules", vec![m]));
    }
    let mut ups = Vec::new();
    for i in 0..n {
        let r = n - 1 - i;
        let out = chans[r];
        let (mut res, mut att, mut mot) = (Vec::new(), Vec::new(), Vec::new());
        for j in 0..=d.layers_per_block {
            let skip = skips.pop().ok_or_else(|| ArchError::Internal {
                reason: "U-Net skip stack underflow".to_string(),
            })?;
            let cin = if j == 0 { prev } else { out } + skip;
            res.push(resnet_block2d(&j.to_string(), cin, out, Some(temb), hw));
            if d.attn[r] {
                att.push(spatial_transformer(
                    &j.to_string(),
                    out,
                    d.heads,
                    d.context,
                    hw,
                ));
            }
            mot.extend(temporal(j, out, hw));
        }
        let mut level = vec![list("resnets", res)];
        if !att.is_empty() {
            level.push(list("attentions", att));
        }
        if !mot.is_empty() {
            level.push(list("motion_modules", mot));
        }
        if i + 1 < n {
            let (us, next) = upsample2d("0", out, sizes[r - 1]);
            level.push(list("upsamplers", vec![us]));
            hw = next;
        }
        ups.push(Module::node(&i.to_string(), ModuleKind::UNetLevel, level));
        prev = out;
    }
    let (conv_out, _) = conv2d("conv_out", &Conv::new(c0, d.out_channels, 3), hw);
    // A video U-Net runs its spatial layers once per frame; the temporal transformers
    // already count every frame, and the timestep and text embeddings run once per clip.
    let per_frame = |m: Module| match d.frames {
        Some(f) => m.applied_times_except(f, |m| m.kind == ModuleKind::TemporalTransformer),
        None => m,
    };
    let mut children = vec![
        per_frame(conv_in),
        timestep_mlp("time_embedding", c0, temb),
        per_frame(list("down_blocks", downs)),
        per_frame(Module::node("mid_block", ModuleKind::UNetLevel, mid)),
        per_frame(list("up_blocks", ups)),
        per_frame(group_norm("conv_norm_out", 32, c0, hw)),
        per_frame(conv_out),
    ];
    if let Some(w) = d.text_encoder {
        children.push(text_encoder_for(w)?);
    }
    Ok(Module::node("unet", ModuleKind::Model, children))
}

/// Default SD-1.5 shaped dims at a base width.
pub fn sd_dims(base: u64, lpb: u64, mults: &[u64], sample: u64) -> UNetDims {
    let n = mults.len();
    UNetDims {
        base,
        mults: mults.to_vec(),
        layers_per_block: lpb,
        attn: (0..n).map(|i| i + 1 < n || n == 1).collect(),
        in_channels: 4,
        out_channels: 4,
        sample,
        heads: 8,
        context: None,
        frames: None,
        text_encoder: None,
    }
}

pub fn synthesize_diffusion(
    req: &ArchRequest,
    text: bool,
    video: bool,
    budget: &Budget,
) -> Result<(Built, u64), ArchError> {
    let o = &req.overrides;
    let fixed = check_base(o, 32)?;
    // SD's [1, 2, 4, 4]; the 3-level and [1, 2, 2, 4] variants give the fitter finer steps.
    let mult_options: Vec<(Vec<u64>, u64)> = match &o.channel_multipliers {
        Some(m) => vec![(m.clone(), 0)],
        None => vec![
            (vec![1, 2, 4, 4], 0),
            (vec![1, 2, 2, 4], 200),
            (vec![1, 2, 3, 4], 300),
            (vec![1, 2, 4], 400),
        ],
    };
    let mults = mult_options[0].0.clone();
    if mults.is_empty() || mults.len() > 6 || mults.contains(&0) {
        return Err(ArchError::invalid_override(
            "channel_multipliers",
            "channel_multipliers needs 1 to 6 positive entries",
        ));
    }
    // A video model's frames are `constraints.frame_size` first; the VAE divides a side by 8.
    let frame = if video { req.frame_size } else { None };
    let sample = req
        .latent_size
        .or(frame.or(req.image_size).map(|(h, _)| h / 8))
        .unwrap_or(if video { 32 } else { 64 });
    if sample < (1 << (mults.len() - 1)) {
        return Err(ArchError::invalid_request(
            "latent_size",
            format!(
                "latent size {sample} is too small for {} U-Net levels",
                mults.len()
            ),
        ));
    }
    let text_w = if text {
        Some(text_width(o, budget.max)?)
    } else {
        None
    };
    let compact = fit::compact(req);
    let lpb_options: Vec<(u64, u64)> = match o.layers_per_block {
        Some(0) => {
            return Err(ArchError::invalid_override(
                "layers_per_block",
                "layers_per_block must be at least 1",
            ));
        }
        Some(l) => vec![(l, 0)],
        None if compact => vec![(1, 0), (2, 300)],
        None if video => vec![(2, 0), (1, 300), (3, 500)],
        None => vec![(2, 0), (1, 300)],
    };
    let mut structs = Vec::new();
    for (m, mp) in &mult_options {
        for (l, lp) in &lpb_options {
            structs.push(((*l, m.clone()), mp + lp));
        }
    }
    let text_params = match text_w {
        Some(w) => text_encoder_params_for(w)?,
        None => 0,
    };
    let make = |lpb: u64, mults: &[u64], c: u64, with_text: bool| UNetDims {
        context: text_w.map(|w| (w, TEXT_CTX)),
        frames: video.then_some(req.num_frames.unwrap_or(16)),
        text_encoder: text_w.filter(|_| with_text),
        ..sd_dims(c, lpb, mults, sample)
    };
    let ((lpb, mults), c, total, n) = fit::channel_search(
        if video {
            "video_unet"
        } else {
            "latent_diffusion_unet"
        },
        budget,
        &structs,
        32,
        4096,
        fixed,
        o.layers_per_block.is_some() || o.channel_multipliers.is_some(),
        |(l, m), c| {
            unet_params(&make(*l, m, c, false))
                .map(|x| x.saturating_add(text_params))
                .unwrap_or(u64::MAX)
        },
        |c| c.abs_diff(320) * 1000 / 320,
    )?;
    let d = make(lpb, &mults, c, true);
    let root = build_unet(&d)?;
    let resolved = Overrides {
        base_channels: Some(c),
        channel_multipliers: Some(mults.clone()),
        layers_per_block: Some(lpb),
        context_dim: text_w,
        ..Overrides::default()
    };
    let chans: Vec<u64> = mults.iter().map(|m| m * c).collect();
    let variant = if video {
        super::VIDEO_UNET_VARIANT
    } else {
        super::SD_UNET
    };
    let mut b = Built::new(variant, root, resolved)
        .hp("sample_size", sample)
        .hp("in_channels", 4)
        .hp("out_channels", 4)
        .hp("block_out_channels", chans)
        .hp("layers_per_block", lpb)
        .hp("attention_levels", d.attn.clone())
        .hp("attention_heads", d.heads)
        .hp("time_embed_dim", 4 * c)
        .hp("norm_num_groups", 32)
        .hp("cross_attention_dim", text_w.unwrap_or(0))
        .hp("text_conditioned", text)
        .path(&[
            "input",
            "conv_in",
            "down_blocks",
            "mid_block",
            "up_blocks",
            "conv_norm_out",
            "conv_out",
            "output",
        ])
        .path(&["input", "time_embedding", "down_blocks"])
        .path(&["time_embedding", "mid_block"])
        .path(&["time_embedding", "up_blocks"])
        // Skip connections: the stem's and every down block's outputs feed the up blocks.
        .edge("conv_in", "up_blocks")
        .edge("down_blocks", "up_blocks");
    if video {
        b = b
            .hp("num_frames", req.num_frames.unwrap_or(16))
            .hp("temporal_layers", "temporal transformer per resnet");
        if let Some((h, w)) = frame {
            b = b.hp("frame_size", vec![h, w]);
        }
    }
    if let Some(w) = text_w {
        b = b
            .text_encoder_hps(w)
            .path(&["input", "text_encoder", "down_blocks"])
            .path(&["text_encoder", "mid_block"])
            .path(&["text_encoder", "up_blocks"]);
        b.notes.push(format!(
            "text encoder: CLIP-text style, width {w} (counted as a component)"
        ));
    }
    b.notes.push(fit::note(
        &format!("base channels {c}, layers_per_block {lpb}"),
        total,
        budget,
        n,
    ));
    Ok((b, total))
}

/// Classic U-Net double conv: (conv3x3 no bias, BN, ReLU) x 2.
fn double_conv(name: &str, cin: u64, cout: u64, hw: Hw) -> Module {
    let (a, _) = conv2d("0", &Conv::new(cin, cout, 3).bias(false), hw);
    let (b, _) = conv2d("3", &Conv::new(cout, cout, 3).bias(false), hw);
    Module::node(
        name,
        ModuleKind::Sequential,
        vec![
            a,
            batch_norm2d("1", cout, hw),
            b,
            batch_norm2d("4", cout, hw),
        ],
    )
}

/// Closed-form count of [`build_seg_unet`].
pub fn seg_unet_params(base: u64, levels: usize, num_classes: u64, instance: bool) -> u64 {
    let double_conv = |cin: u64, cout: u64| {
        total(&[
            conv2d_params(&Conv::new(cin, cout, 3).bias(false)),
            norm2d_params(cout),
            conv2d_params(&Conv::new(cout, cout, 3).bias(false)),
            norm2d_params(cout),
        ])
    };
    let mut sum = double_conv(3, base);
    let mut c = base;
    for _ in 0..levels {
        sum = sum.saturating_add(double_conv(c, 2 * c));
        c *= 2;
    }
    for _ in 0..levels {
        sum = total(&[
            sum,
            conv_transpose2d_params(c, c / 2, 2),
            double_conv(c, c / 2),
        ]);
        c /= 2;
    }
    sum = sum.saturating_add(conv2d_params(&Conv::new(base, num_classes, 1)));
    if instance {
        sum = sum.saturating_add(conv2d_params(&Conv::new(base, 16, 1)));
    }
    sum
}

pub fn build_seg_unet(
    base: u64,
    levels: usize,
    num_classes: u64,
    instance: bool,
    image: Hw,
) -> Module {
    let mut hw = image;
    let mut children = vec![double_conv("inc", 3, base, hw)];
    let mut downs = Vec::new();
    let mut c = base;
    let mut sizes = vec![hw];
    for i in 0..levels {
        let before = hw;
        hw = hw.half();
        // The forward's F.max_pool2d before each level keeps the skip and its indices.
        downs.push(
            double_conv(&i.to_string(), c, 2 * c, hw).add_saved(max_pool_saved(c, before, hw)),
        );
        c *= 2;
        sizes.push(hw);
    }
    children.push(list("down", downs));
    let mut ups = Vec::new();
    for i in 0..levels {
        let (up, _) = conv_transpose2d("up", c, c / 2, 2, hw);
        hw = sizes[levels - 1 - i];
        let conv = double_conv("conv", c, c / 2, hw);
        ups.push(Module::node(
            &i.to_string(),
            ModuleKind::UNetLevel,
            vec![up, conv],
        ));
        c /= 2;
    }
    children.push(list("up", ups));
    children.push(conv2d("outc", &Conv::new(base, num_classes, 1), hw).0);
    if instance {
        children.push(conv2d("embedding_head", &Conv::new(base, 16, 1), hw).0);
    }
    Module::node("unet", ModuleKind::Model, children)
}

pub fn synthesize_segmenter(
    req: &ArchRequest,
    num_classes: u64,
    instance: bool,
    budget: &Budget,
) -> Result<(Built, u64), ArchError> {
    ArchError::require_classes(num_classes)?;
    let (h, w) = req.image_size.unwrap_or((512, 512));
    if h < 32 || w < 32 {
        return Err(ArchError::invalid_request(
            "image_size",
            "segmentation needs images of at least 32x32",
        ));
    }
    let fixed = check_base(&req.overrides, 8)?;
    let image = Hw::new(h, w);
    // 4 levels is Ronneberger's U-Net; 3 and 5 give the fitter finer steps.
    let structs: Vec<(usize, u64)> = match req.overrides.layers_per_block {
        Some(l) if (1..=6).contains(&l) => vec![(l as usize, 0)],
        Some(_) => {
            return Err(ArchError::invalid_override(
                "layers_per_block",
                "segmenter levels must be 1 to 6",
            ));
        }
        None => vec![(4, 0), (3, 200), (5, 200)],
    };
    let (levels, c, total, n) = fit::channel_search(
        "unet_segmenter",
        budget,
        &structs,
        8,
        1024,
        fixed,
        req.overrides.layers_per_block.is_some(),
        |&l, c| seg_unet_params(c, l, num_classes, instance),
        |c| c.abs_diff(64) * 1000 / 64,
    )?;
    let resolved = Overrides {
        base_channels: Some(c),
        layers_per_block: Some(levels as u64),
        ..Overrides::default()
    };
    let mut b = Built::new(
        super::UNET_SEGMENTER_VARIANT,
        build_seg_unet(c, levels, num_classes, instance, image),
        resolved,
    )
    .hp("base_channels", c)
    .hp("levels", levels as u64)
    .hp("num_classes", num_classes)
    .hp("instance_embedding", instance)
    .hp("image_size", vec![h, w])
    .hp("norm", "batchnorm2d")
    .path(&["input", "inc", "down", "up", "outc", "output"])
    .edge("inc", "up");
    if instance {
        b = b
            .path(&["up", "embedding_head", "output"])
            .hp("embedding_dim", 16);
    }
    b.notes
        .push(fit::note(&format!("base channels {c}"), total, budget, n));
    Ok((b, total))
}

#[cfg(test)]
mod tests {
    use super::{UNetDims, build_unet, sd_dims};
    use crate::arch::blocks_conv::{Hw, temporal_transformer};

    /// An AnimateDiff motion module runs its projections and its block at every spatial
    /// location, on that location's F frames: per location, proj_in and proj_out take
    /// 2C²F MACs, q/k/v/out 4C²F, the scores and their weighted sum 2F²C, and the GEGLU
    /// feed-forward (C to 2·4C, then 4C to C) 12C²F.
    #[test]
    fn a_motion_module_counts_every_layer_at_every_location() {
        let (c, f, hw) = (64u64, 16u64, Hw::new(2, 3));
        let per_location = 18 * c * c * f + 2 * f * f * c;
        let module = temporal_transformer("t", c, 8, f, hw);
        assert_eq!(module.forward_macs, per_location * 6);
    }

    /// The up path meets the skips at the sizes the down path made: a 60-pixel latent goes
    /// 60, 30, 15, 8 down and comes back 8, 15, 30, 60, as the generated code's
    /// interpolation to the skip's size does (doubling would give 16, 32, 64).
    #[test]
    fn the_up_path_returns_through_the_down_path_sizes() {
        let dims: UNetDims = sd_dims(32, 1, &[1, 2, 4, 4], 60);
        let unet = build_unet(&dims).unwrap();
        let ups = unet.child("up_blocks").unwrap();
        let sizes: Vec<Vec<String>> = ups
            .children
            .iter()
            .filter_map(|level| level.child("upsamplers"))
            .map(|u| u.children[0].children[0].output_shape.clone())
            .collect();
        let side = |s: &Vec<String>| s[2..].to_vec();
        assert_eq!(
            sizes.iter().map(side).collect::<Vec<_>>(),
            [["15", "15"], ["30", "30"], ["60", "60"]]
        );
        let conv_out = unet.child("conv_out").unwrap();
        // 3x3 conv from 32 channels to 4 at 60x60.
        assert_eq!(conv_out.forward_macs, 32 * 4 * 9 * 60 * 60);
    }
}
