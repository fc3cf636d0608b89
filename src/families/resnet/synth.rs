//! ResNet family (torchvision v1.5 layout): 7x7/2 stem + BN + maxpool, four stages of
//! BasicBlocks or Bottlenecks (stride on the 3x3 conv), no conv biases, global pool, fc.
//!
//! Fitting searches the published depth patterns (ResNet-10/18/34 basic, 50/101/152/200
//! bottleneck) x the base width (multiples of 8; 64 is the published width, wider is Wide
//! ResNet style). Preference: base width closest to 64; compact targets (edge/mobile/real-time)
//! additionally penalise deeper patterns.

use crate::arch::blocks::{Pos, linear, linear_params, total};
use crate::arch::blocks_conv::{
    Conv, Hw, basic_block, basic_block_params, batch_norm2d, bottleneck, bottleneck_params, conv2d,
    conv2d_params, max_pool_saved, norm2d_params,
};
use crate::arch::blueprint::Built;
use crate::arch::error::ArchError;
use crate::arch::fit::{self, Budget};
use crate::arch::ir::{Module, ModuleKind};
use crate::arch::request::{ArchRequest, Overrides};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResNetDims {
    pub base: u64,
    pub stages: Vec<u64>,
    pub bottleneck: bool,
    pub num_classes: u64,
    pub image: Hw,
    pub in_channels: u64,
}

pub const PATTERNS: [(&str, bool, [u64; 4]); 7] = [
    ("resnet10", false, [1, 1, 1, 1]),
    ("resnet18", false, [2, 2, 2, 2]),
    ("resnet34", false, [3, 4, 6, 3]),
    ("resnet50", true, [3, 4, 6, 3]),
    ("resnet101", true, [3, 4, 23, 3]),
    ("resnet152", true, [3, 8, 36, 3]),
    ("resnet200", true, [3, 24, 36, 3]),
];

fn stem_conv(d: &ResNetDims) -> Conv {
    Conv::new(d.in_channels, d.base, 7)
        .stride(2)
        .pad(3)
        .bias(false)
}

/// Closed-form count of [`backbone`], with each stage's output channels.
pub fn backbone_params(d: &ResNetDims) -> (u64, Vec<u64>) {
    let mut n = total(&[conv2d_params(&stem_conv(d)), norm2d_params(d.base)]);
    let mut cin = d.base;
    let mut feats = Vec::with_capacity(d.stages.len());
    for (i, &blocks) in d.stages.iter().enumerate() {
        let width = d.base << i.min(16);
        let cout = if d.bottleneck { 4 * width } else { width };
        let block = |cin: u64, stride: u64| {
            if d.bottleneck {
                bottleneck_params(cin, width, stride)
            } else {
                basic_block_params(cin, width, stride)
            }
        };
        if blocks > 0 {
            // The first block carries the stride and the channel change; the rest repeat.
            let first = block(cin, if i > 0 { 2 } else { 1 });
            let rest = (blocks - 1).saturating_mul(block(cout, 1));
            n = total(&[n, first, rest]);
            cin = cout;
        }
        feats.push(cin);
    }
    (n, feats)
}

/// Closed-form count of [`build_resnet`].
pub fn resnet_params(d: &ResNetDims) -> u64 {
    let (n, feats) = backbone_params(d);
    let c = feats.last().copied().unwrap_or(d.base);
    n.saturating_add(linear_params(c, d.num_classes, true))
}

/// Stem and stages; also returns each stage's (channels, spatial size) for FPN/DETR necks.
pub fn backbone(d: &ResNetDims) -> (Vec<Module>, Vec<(u64, Hw)>) {
    let (conv1, hw) = conv2d("conv1", &stem_conv(d), d.image);
    let conv1 = conv1.reading_data();
    // F.relu then max-pool 3x3/2 (no parameters), functional ops of the forward recorded on
    // bn1: the pool keeps its input (ReLU's output, which ReLU keeps too) and its indices.
    let stem = batch_norm2d("bn1", d.base, hw).add_saved(max_pool_saved(d.base, hw, hw.half()));
    let mut out = vec![conv1, stem];
    let mut hw = hw.half();
    let mut cin = d.base;
    let mut feats = Vec::new();
    for (i, &n) in d.stages.iter().enumerate() {
        let width = d.base << i.min(16);
        let mut blocks = Vec::new();
        for j in 0..n {
            let stride = if i > 0 && j == 0 { 2 } else { 1 };
            let (m, next) = if d.bottleneck {
                bottleneck(&j.to_string(), cin, width, stride, hw)
            } else {
                basic_block(&j.to_string(), cin, width, stride, hw)
            };
            cin = if d.bottleneck { 4 * width } else { width };
            hw = next;
            blocks.push(m);
        }
        out.push(Module::node(
            &format!("layer{}", i + 1),
            ModuleKind::Sequential,
            blocks,
        ));
        feats.push((cin, hw));
    }
    (out, feats)
}

pub fn build_resnet(d: &ResNetDims) -> Module {
    let (mut children, feats) = backbone(d);
    let c = feats.last().map(|f| f.0).unwrap_or(d.base);
    children.push(linear("fc", c, d.num_classes, true, &Pos::none()));
    Module::node("resnet", ModuleKind::Model, children)
}

/// A backbone structure: (blocks per stage, bottleneck?) with its preference penalty.
pub type Pattern = ((Vec<u64>, bool), u64);

/// Candidate stage patterns: the override, or the published ones with their penalties.
pub fn patterns(req: &ArchRequest) -> Result<Vec<Pattern>, ArchError> {
    if let Some(s) = &req.overrides.stage_blocks {
        if s.is_empty() || s.len() > 6 || s.contains(&0) {
            return Err(ArchError::invalid_override(
                "stage_blocks",
                "stage_blocks needs 1 to 6 stages with at least one block each",
            ));
        }
        // Bottlenecks from ResNet-50's 16 blocks upward, as in the published family.
        return Ok(vec![((s.clone(), s.iter().sum::<u64>() >= 16), 0)]);
    }
    let compact = fit::compact(req);
    Ok(PATTERNS
        .iter()
        .enumerate()
        .map(|(i, (_, b, s))| ((s.to_vec(), *b), if compact { i as u64 * 250 } else { 0 }))
        .collect())
}

pub fn check_base(o: &Overrides, step: u64) -> Result<Option<u64>, ArchError> {
    match o.base_channels {
        Some(c) if c == 0 || c % step != 0 => Err(ArchError::invalid_override(
            "base_channels",
            format!("base_channels {c} must be a positive multiple of {step}"),
        )),
        other => Ok(other),
    }
}

pub fn synthesize(
    req: &ArchRequest,
    num_classes: u64,
    budget: &Budget,
) -> Result<(Built, u64), ArchError> {
    ArchError::require_classes(num_classes)?;
    let (h, w) = req.image_size.unwrap_or((224, 224));
    if h < 32 || w < 32 {
        return Err(ArchError::invalid_request(
            "image_size",
            "ResNets need images of at least 32x32",
        ));
    }
    let fixed = check_base(&req.overrides, 8)?;
    let structs = patterns(req)?;
    let make = |s: &(Vec<u64>, bool), c: u64| ResNetDims {
        base: c,
        stages: s.0.clone(),
        bottleneck: s.1,
        num_classes,
        image: Hw::new(h, w),
        in_channels: 3,
    };
    let (s, c, total, n) = fit::channel_search(
        "resnet",
        budget,
        &structs,
        8,
        1024,
        fixed,
        req.overrides.stage_blocks.is_some(),
        |s, c| resnet_params(&make(s, c)),
        |c| c.abs_diff(64) * 1000 / 64,
    )?;
    let d = make(&s, c);
    let name = PATTERNS
        .iter()
        .find(|(_, b, p)| p.as_slice() == d.stages.as_slice() && *b == d.bottleneck)
        .map(|(n, _, _)| *n)
        .unwrap_or("resnet_custom");
    let resolved = Overrides {
        base_channels: Some(d.base),
        stage_blocks: Some(d.stages.clone()),
        ..Overrides::default()
    };
    let variant = if d.bottleneck {
        super::RESNET_BOTTLENECK
    } else {
        super::RESNET_BASIC
    };
    let mut b = Built::new(variant, build_resnet(&d), resolved)
        .hp("pattern", name)
        .hp("base_channels", d.base)
        .hp("stage_blocks", d.stages.clone())
        .hp("bottleneck", d.bottleneck)
        .hp("expansion", if d.bottleneck { 4 } else { 1 })
        .hp("image_size", vec![h, w])
        .hp("num_classes", num_classes)
        .hp("norm", "batchnorm2d")
        .hp("conv_bias", false);
    b.notes.push(fit::note(
        &format!("{name} with base width {}", d.base),
        total,
        budget,
        n,
    ));
    Ok((b, total))
}
