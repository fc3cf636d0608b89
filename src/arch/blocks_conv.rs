//! Block builders for convolutions, CNN residual blocks, SD-style U-Net parts and graph layers.
//!
//! As in `blocks.rs`, every builder has a closed-form `*_params` twin equal to the built
//! module's `count()`.

use super::blocks::{
    AttnCfg, AttnNames, Pos, attention, attention_params, geglu_ff, geglu_ff_params, layer_norm,
    layer_norm_params, linear, linear_params, norm_saved, numel, sharing_input, total,
};
use super::ir::{Module, ModuleKind, Saved, Tensor};

/// A convolution's hyperparameters (square kernels; `groups` divides both channel counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conv {
    pub cin: u64,
    pub cout: u64,
    pub k: u64,
    pub stride: u64,
    pub pad: u64,
    pub bias: bool,
    pub groups: u64,
}

impl Conv {
    /// Stride 1, "same" padding, with bias, no groups.
    pub fn new(cin: u64, cout: u64, k: u64) -> Conv {
        Conv {
            cin,
            cout,
            k,
            stride: 1,
            pad: k / 2,
            bias: true,
            groups: 1,
        }
    }
    pub fn stride(mut self, s: u64) -> Conv {
        self.stride = s.max(1);
        self
    }
    pub fn pad(mut self, p: u64) -> Conv {
        self.pad = p;
        self
    }
    pub fn bias(mut self, b: bool) -> Conv {
        self.bias = b;
        self
    }
    pub fn groups(mut self, g: u64) -> Conv {
        self.groups = g.max(1);
        self
    }
    /// Output length along one spatial axis.
    pub fn out_len(&self, len: u64) -> u64 {
        ((len + 2 * self.pad).saturating_sub(self.k) / self.stride + 1).max(1)
    }
}

/// Spatial size of a feature map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hw {
    pub h: u64,
    pub w: u64,
}

impl Hw {
    pub fn new(h: u64, w: u64) -> Hw {
        Hw { h, w }
    }
    pub fn area(self) -> u64 {
        self.h.saturating_mul(self.w)
    }
    /// Halved (ceil), as a stride-2 conv with padding does.
    pub fn half(self) -> Hw {
        Hw::new(self.h.div_ceil(2).max(1), self.w.div_ceil(2).max(1))
    }
    pub fn double(self) -> Hw {
        Hw::new(self.h * 2, self.w * 2)
    }
    pub fn shape(self, c: u64) -> Vec<String> {
        vec![
            "B".to_string(),
            c.to_string(),
            self.h.to_string(),
            self.w.to_string(),
        ]
    }
}

fn conv_params(c: &Conv, kernel: &[u64]) -> Vec<Tensor> {
    let mut shape = vec![c.cout, c.cin / c.groups.max(1)];
    shape.extend_from_slice(kernel);
    let mut p = vec![Tensor::new("weight", &shape)];
    if c.bias {
        p.push(Tensor::new("bias", &[c.cout]));
    }
    p
}

/// Count of a convolution with the given kernel extent (`[k, k]`, `[k]`, `[kt, k, k]`).
pub fn conv_params_count(c: &Conv, kernel: &[u64]) -> u64 {
    let mut n = numel(&[c.cout, c.cin / c.groups.max(1)]);
    n = kernel.iter().fold(n, |acc, &k| acc.saturating_mul(k));
    n.saturating_add(if c.bias { c.cout } else { 0 })
}

/// Count of [`conv2d`].
pub fn conv2d_params(c: &Conv) -> u64 {
    conv_params_count(c, &[c.k, c.k])
}

/// Count of [`conv1d`].
pub fn conv1d_params(c: &Conv) -> u64 {
    conv_params_count(c, &[c.k])
}

/// Count of [`conv3d_patch`].
pub fn conv3d_patch_params(cin: u64, cout: u64, kt: u64, k: u64) -> u64 {
    conv_params_count(&Conv::new(cin, cout, k), &[kt, k, k])
}

/// 2-D convolution; returns the module and the output spatial size.
pub fn conv2d(name: &str, c: &Conv, hw: Hw) -> (Module, Hw) {
    let out = Hw::new(c.out_len(hw.h), c.out_len(hw.w));
    let per_pos = (c.cin / c.groups.max(1))
        .saturating_mul(c.cout)
        .saturating_mul(c.k * c.k);
    let mut m = Module::leaf(name, ModuleKind::Conv2d, conv_params(c, &[c.k, c.k]))
        .with_shapes(hw.shape(c.cin), out.shape(c.cout))
        .with_attr("kernel_size", c.k)
        .with_attr("stride", c.stride)
        .with_attr("padding", c.pad)
        .with_attr("groups", c.groups);
    m.forward_macs = per_pos.saturating_mul(out.area());
    // A convolution keeps its input for the weight gradient.
    (
        m.add_saved(Saved::elems(c.cin.saturating_mul(hw.area()))),
        out,
    )
}

/// 1-D convolution over a sequence of `len`; returns the module and the output length.
pub fn conv1d(name: &str, c: &Conv, len: u64) -> (Module, u64) {
    let out = c.out_len(len);
    let mut m = Module::leaf(name, ModuleKind::Conv1d, conv_params(c, &[c.k]))
        .with_shapes(
            vec!["B".into(), c.cin.to_string(), len.to_string()],
            vec!["B".into(), c.cout.to_string(), out.to_string()],
        )
        .with_attr("kernel_size", c.k)
        .with_attr("stride", c.stride)
        .with_attr("padding", c.pad);
    m.forward_macs = (c.cin / c.groups.max(1))
        .saturating_mul(c.cout)
        .saturating_mul(c.k)
        .saturating_mul(out);
    (m.add_saved(Saved::elems(c.cin.saturating_mul(len))), out)
}

/// 3-D convolution with kernel/stride `(kt, k, k)` and no padding (tubelet patch embedding).
pub fn conv3d_patch(name: &str, cin: u64, cout: u64, kt: u64, k: u64, thw: (u64, Hw)) -> Module {
    let c = Conv::new(cin, cout, k).pad(0).stride(k);
    let (t, hw) = thw;
    let out_t = (t / kt.max(1)).max(1);
    let out = Hw::new((hw.h / k.max(1)).max(1), (hw.w / k.max(1)).max(1));
    let mut m = Module::leaf(name, ModuleKind::Conv3d, conv_params(&c, &[kt, k, k]))
        .with_shapes(
            vec![
                "B".into(),
                cin.to_string(),
                t.to_string(),
                hw.h.to_string(),
                hw.w.to_string(),
            ],
            vec![
                "B".into(),
                cout.to_string(),
                out_t.to_string(),
                out.h.to_string(),
                out.w.to_string(),
            ],
        )
        .with_attr("kernel_size", vec![kt, k, k])
        .with_attr("stride", vec![kt, k, k]);
    m.forward_macs = (cin * kt * k * k)
        .saturating_mul(cout)
        .saturating_mul(out_t)
        .saturating_mul(out.area());
    m.add_saved(Saved::elems(numel(&[cin, t, hw.area()])))
}

/// Count of [`group_norm`] and [`batch_norm2d`] (affine weight and bias).
/// What a max-pool keeps: its input and the int64 index of every output's maximum.
pub fn max_pool_saved(c: u64, input: Hw, output: Hw) -> Saved {
    Saved {
        elems: c.saturating_mul(input.area()),
        fixed_bytes: numel(&[c, output.area(), super::blocks::INDEX_BYTES]),
        ..Saved::default()
    }
}

pub fn norm2d_params(c: u64) -> u64 {
    total(&[c, c])
}

pub fn group_norm(name: &str, groups: u64, c: u64, hw: Hw) -> Module {
    Module::leaf(
        name,
        ModuleKind::GroupNorm,
        vec![Tensor::new("weight", &[c]), Tensor::new("bias", &[c])],
    )
    .with_shapes(hw.shape(c), hw.shape(c))
    .with_attr("num_groups", groups)
    .add_saved(norm_saved(c.saturating_mul(hw.area()), groups))
}

pub fn batch_norm2d(name: &str, c: u64, hw: Hw) -> Module {
    Module::leaf(
        name,
        ModuleKind::BatchNorm2d,
        vec![Tensor::new("weight", &[c]), Tensor::new("bias", &[c])],
    )
    .with_shapes(hw.shape(c), hw.shape(c))
    .add_saved(norm_saved(c.saturating_mul(hw.area()), c))
}

fn conv_bn_downsample(cin: u64, cout: u64, stride: u64, hw: Hw) -> Module {
    let (conv, out) = conv2d("0", &Conv::new(cin, cout, 1).stride(stride).bias(false), hw);
    // The shortcut convolution reads the block's input, which conv1 already keeps.
    let conv = sharing_input(conv);
    Module::node(
        "downsample",
        ModuleKind::Sequential,
        vec![conv, batch_norm2d("1", cout, out)],
    )
}

fn conv_bn_downsample_params(cin: u64, cout: u64) -> u64 {
    total(&[
        conv2d_params(&Conv::new(cin, cout, 1).bias(false)),
        norm2d_params(cout),
    ])
}

/// Count of [`basic_block`].
pub fn basic_block_params(cin: u64, cout: u64, stride: u64) -> u64 {
    let shortcut = if stride != 1 || cin != cout {
        conv_bn_downsample_params(cin, cout)
    } else {
        0
    };
    total(&[
        conv2d_params(&Conv::new(cin, cout, 3).bias(false)),
        norm2d_params(cout),
        conv2d_params(&Conv::new(cout, cout, 3).bias(false)),
        norm2d_params(cout),
        shortcut,
    ])
}

/// Count of [`bottleneck`].
pub fn bottleneck_params(cin: u64, width: u64, stride: u64) -> u64 {
    let cout = 4 * width;
    let shortcut = if stride != 1 || cin != cout {
        conv_bn_downsample_params(cin, cout)
    } else {
        0
    };
    total(&[
        conv2d_params(&Conv::new(cin, width, 1).bias(false)),
        norm2d_params(width),
        conv2d_params(&Conv::new(width, width, 3).bias(false)),
        norm2d_params(width),
        conv2d_params(&Conv::new(width, cout, 1).bias(false)),
        norm2d_params(cout),
        shortcut,
    ])
}

/// torchvision BasicBlock (ResNet-18/34): two 3x3 convs, BN, projection shortcut if needed.
pub fn basic_block(name: &str, cin: u64, cout: u64, stride: u64, hw: Hw) -> (Module, Hw) {
    let (c1, h1) = conv2d(
        "conv1",
        &Conv::new(cin, cout, 3).stride(stride).bias(false),
        hw,
    );
    let (c2, h2) = conv2d("conv2", &Conv::new(cout, cout, 3).bias(false), h1);
    let mut ch = vec![
        c1,
        batch_norm2d("bn1", cout, h1),
        c2,
        batch_norm2d("bn2", cout, h2),
    ];
    if stride != 1 || cin != cout {
        ch.push(conv_bn_downsample(cin, cout, stride, hw));
    }
    (Module::node(name, ModuleKind::BasicBlock, ch), h2)
}

/// torchvision v1.5 Bottleneck: 1x1 → 3x3 (carries the stride) → 1x1 (x4), BN, no conv bias.
pub fn bottleneck(name: &str, cin: u64, width: u64, stride: u64, hw: Hw) -> (Module, Hw) {
    let cout = 4 * width;
    let (c1, h1) = conv2d("conv1", &Conv::new(cin, width, 1).bias(false), hw);
    let (c2, h2) = conv2d(
        "conv2",
        &Conv::new(width, width, 3).stride(stride).bias(false),
        h1,
    );
    let (c3, h3) = conv2d("conv3", &Conv::new(width, cout, 1).bias(false), h2);
    let mut ch = vec![
        c1,
        batch_norm2d("bn1", width, h1),
        c2,
        batch_norm2d("bn2", width, h2),
        c3,
        batch_norm2d("bn3", cout, h3),
    ];
    if stride != 1 || cin != cout {
        ch.push(conv_bn_downsample(cin, cout, stride, hw));
    }
    (Module::node(name, ModuleKind::Bottleneck, ch), h3)
}

/// Count of [`resnet_block2d`].
pub fn resnet_block2d_params(cin: u64, cout: u64, temb: Option<u64>) -> u64 {
    let shortcut = if cin != cout {
        conv2d_params(&Conv::new(cin, cout, 1))
    } else {
        0
    };
    total(&[
        norm2d_params(cin),
        conv2d_params(&Conv::new(cin, cout, 3)),
        temb.map_or(0, |t| linear_params(t, cout, true)),
        norm2d_params(cout),
        conv2d_params(&Conv::new(cout, cout, 3)),
        shortcut,
    ])
}

/// diffusers ResnetBlock2D: GN → SiLU → conv3x3, + time-embedding projection, GN → conv3x3,
/// 1x1 `conv_shortcut` when the channel count changes.
pub fn resnet_block2d(name: &str, cin: u64, cout: u64, temb: Option<u64>, hw: Hw) -> Module {
    let groups = 32;
    let (c1, _) = conv2d("conv1", &Conv::new(cin, cout, 3), hw);
    let (c2, _) = conv2d("conv2", &Conv::new(cout, cout, 3), hw);
    let mut ch = vec![group_norm("norm1", groups, cin, hw), c1];
    if let Some(t) = temb {
        ch.push(linear("time_emb_proj", t, cout, true, &Pos::none()));
    }
    ch.push(group_norm("norm2", groups, cout, hw));
    ch.push(c2);
    if cin != cout {
        // Reads the block's input, which norm1 already keeps.
        ch.push(sharing_input(
            conv2d("conv_shortcut", &Conv::new(cin, cout, 1), hw).0,
        ));
    }
    // Each SiLU keeps its input, the GroupNorm's output; the convolutions keep the SiLUs'
    // outputs.
    Module::node_shaped(
        name,
        ModuleKind::ResnetBlock2d,
        ch,
        hw.shape(cin),
        hw.shape(cout),
    )
    .add_saved(Saved::elems(
        cin.saturating_add(cout).saturating_mul(hw.area()),
    ))
}

/// diffusers attention inside U-Net transformers: no q/k/v bias, biased `to_out.0`.
fn unet_attn_cfg(c: u64, heads: u64) -> AttnCfg {
    AttnCfg {
        qkv_bias: false,
        out_bias: true,
        ..AttnCfg::mha(c, heads, true, AttnNames::Diffusers)
    }
}

/// Count of [`spatial_transformer`].
pub fn spatial_transformer_params(c: u64, heads: u64, ctx: Option<(u64, u64)>) -> u64 {
    let self_cfg = unet_attn_cfg(c, heads);
    let cross = match ctx {
        Some((ctx_dim, _)) => total(&[
            layer_norm_params(c, true),
            attention_params(&self_cfg.clone().cross(ctx_dim)),
        ]),
        None => 0,
    };
    total(&[
        norm2d_params(c),
        conv2d_params(&Conv::new(c, c, 1)),
        layer_norm_params(c, true),
        attention_params(&self_cfg),
        cross,
        layer_norm_params(c, true),
        geglu_ff_params(c, 4 * c),
        conv2d_params(&Conv::new(c, c, 1)),
    ])
}

/// Count of [`temporal_transformer`].
pub fn temporal_transformer_params(c: u64, heads: u64) -> u64 {
    total(&[
        norm2d_params(c),
        linear_params(c, c, true),
        layer_norm_params(c, true),
        attention_params(&unet_attn_cfg(c, heads)),
        layer_norm_params(c, true),
        geglu_ff_params(c, 4 * c),
        linear_params(c, c, true),
    ])
}

/// diffusers Transformer2DModel (SD 1.x): GN, 1x1 proj_in, one BasicTransformerBlock
/// (self-attn, cross-attn to the context, GEGLU ff with inner 4c), 1x1 proj_out.
/// Without a context (`ctx = None`) the cross-attention pair (`norm2`, `attn2`) is omitted.
pub fn spatial_transformer(
    name: &str,
    c: u64,
    heads: u64,
    ctx: Option<(u64, u64)>,
    hw: Hw,
) -> Module {
    let pos = Pos {
        dims: vec![hw.area().to_string()],
        n: hw.area(),
    };
    let self_cfg = unet_attn_cfg(c, heads);
    let mut parts = vec![
        layer_norm("norm1", c, true, &pos),
        attention("attn1", &self_cfg, &pos, pos.n),
    ];
    if let Some((ctx_dim, ctx_len)) = ctx {
        let cross_cfg = self_cfg.clone().cross(ctx_dim);
        parts.push(layer_norm("norm2", c, true, &pos));
        parts.push(attention("attn2", &cross_cfg, &pos, ctx_len));
    }
    parts.push(layer_norm("norm3", c, true, &pos));
    parts.push(geglu_ff("ff", c, 4 * c, &pos));
    let block = Module::node("0", ModuleKind::TransformerBlock, parts);
    let (pin, _) = conv2d("proj_in", &Conv::new(c, c, 1), hw);
    let (pout, _) = conv2d("proj_out", &Conv::new(c, c, 1), hw);
    Module::node_shaped(
        name,
        ModuleKind::SpatialTransformer,
        vec![
            group_norm("norm", 32, c, hw),
            pin,
            Module::node("transformer_blocks", ModuleKind::ModuleList, vec![block]),
            pout,
        ],
        hw.shape(c),
        hw.shape(c),
    )
}

/// Temporal self-attention over `frames` at every spatial location (video U-Nets): GN,
/// linear proj_in, self-attention + GEGLU ff along time, linear proj_out.
pub fn temporal_transformer(name: &str, c: u64, heads: u64, frames: u64, hw: Hw) -> Module {
    let pos = Pos::tokens(frames);
    let cfg = unet_attn_cfg(c, heads);
    let block = Module::node(
        "0",
        ModuleKind::TransformerBlock,
        vec![
            layer_norm("norm1", c, true, &pos),
            attention("attn1", &cfg, &pos, frames),
            layer_norm("norm3", c, true, &pos),
            geglu_ff("ff", c, 4 * c, &pos),
        ],
    );
    // The projections and the block run once per spatial location, on that location's
    // frames: their MACs below are per location.
    let proj_in = linear("proj_in", c, c, true, &pos);
    let proj_out = linear("proj_out", c, c, true, &pos);
    let macs_per_location = block
        .forward_macs
        .saturating_add(proj_in.forward_macs)
        .saturating_add(proj_out.forward_macs);
    let mut m = Module::node_shaped(
        name,
        ModuleKind::TemporalTransformer,
        vec![
            group_norm("norm", 32, c, hw),
            proj_in,
            Module::node("transformer_blocks", ModuleKind::ModuleList, vec![block]),
            proj_out,
        ],
        hw.shape(c),
        hw.shape(c),
    )
    .with_attr("frames", frames);
    m.forward_macs = m
        .forward_macs
        .saturating_add(macs_per_location.saturating_mul(hw.area().saturating_sub(1)));
    // Saved tensors likewise: the GroupNorm spans every frame of the clip, and proj_in,
    // the block and proj_out run at every spatial location.
    let norm = m.children[0].saved;
    let per_location = m.saved.minus(norm);
    m.saved = Saved {
        elems: norm.elems.saturating_mul(frames),
        ..norm
    }
    .plus(per_location.times(hw.area()));
    m
}

/// Count of [`downsample2d`] and [`upsample2d`] (one 3x3 conv with bias).
pub fn resample2d_params(c: u64) -> u64 {
    conv2d_params(&Conv::new(c, c, 3))
}

/// Strided 3x3 conv downsampler (`downsamplers.0.conv`).
pub fn downsample2d(name: &str, c: u64, hw: Hw) -> (Module, Hw) {
    let (conv, out) = conv2d("conv", &Conv::new(c, c, 3).stride(2), hw);
    (Module::node(name, ModuleKind::Downsample, vec![conv]), out)
}

/// Nearest-neighbour upsample to `out` followed by a 3x3 conv (`upsamplers.0.conv`). The
/// generated code interpolates to the size of the skip it meets, which is twice the input
/// only when the downsampler had an even size to halve (60 -> 30 -> 15 -> 8 comes back as
/// 8 -> 15 -> 30 -> 60), so the caller passes that size.
pub fn upsample2d(name: &str, c: u64, out: Hw) -> (Module, Hw) {
    let (conv, _) = conv2d("conv", &Conv::new(c, c, 3), out);
    (Module::node(name, ModuleKind::Upsample, vec![conv]), out)
}

/// One sample's graph: its nodes and its directed edges (self loops not included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Graph {
    pub nodes: u64,
    pub edges: u64,
}

/// Count of [`gat_conv`].
pub fn gat_conv_params(fin: u64, heads: u64, c: u64, concat: bool) -> u64 {
    let out = if concat { heads * c } else { c };
    total(&[
        linear_params(fin, heads * c, false),
        numel(&[1, heads, c]),
        numel(&[1, heads, c]),
        out,
    ])
}

/// PyG GATConv: `lin` (no bias) to heads·C, `att_src`/`att_dst` of `[1, H, C]`, and a bias of
/// H·C when heads are concatenated (C when averaged).
pub fn gat_conv(name: &str, fin: u64, heads: u64, c: u64, concat: bool, graph: Graph) -> Module {
    let nodes = graph.nodes;
    let pos = Pos::seq("N", nodes);
    // Message passing over the edges plus one self loop per node (as autograd records the
    // generated forward, op by op): the per-layer int64 source and target vectors; the
    // projected features h (kept by the attention products); per node and head the
    // scatter-max's input and output; per edge and head the LeakyReLU input, the max-scatter
    // source, the exp output, the gathered normaliser and the weights alpha; per edge the
    // gathered features h[source] and their weighted copy (C per head each).
    let e = graph.edges.saturating_add(nodes);
    let hc = heads.saturating_mul(c);
    let messages = Saved {
        elems: total(&[
            nodes.saturating_mul(hc),
            numel(&[nodes, heads, 2]),
            numel(&[e, heads, 5]),
            numel(&[e, hc, 2]),
        ]),
        fixed_bytes: numel(&[e, 2, super::blocks::INDEX_BYTES]),
        ..Saved::default()
    };
    let out = if concat { heads * c } else { c };
    let lin = linear("lin", fin, heads * c, false, &pos);
    let mut m = Module::node(name, ModuleKind::GraphAttention, vec![lin]).add_saved(messages);
    m.params = vec![
        Tensor::new("att_src", &[1, heads, c]),
        Tensor::new("att_dst", &[1, heads, c]),
        Tensor::new("bias", &[out]),
    ];
    m.with_shapes(pos.shape(fin), pos.shape(out))
        .with_attr("heads", heads)
        .with_attr("concat", concat)
}

/// Count of [`gcn_conv`].
pub fn gcn_conv_params(fin: u64, fout: u64) -> u64 {
    total(&[linear_params(fin, fout, false), fout])
}

/// PyG GCNConv: `lin` without bias, then a separate `bias` parameter.
pub fn gcn_conv(name: &str, fin: u64, fout: u64, graph: Graph) -> Module {
    let pos = Pos::seq("N", graph.nodes);
    let lin = linear("lin", fin, fout, false, &pos);
    // Message passing over the edges plus self loops: the int64 source and target vectors
    // (for the gather and the scatter), and the product's two factors, the gathered features
    // h[source] and one normalisation coefficient per edge; degrees carry no gradient.
    let e = graph.edges.saturating_add(graph.nodes);
    let messages = Saved {
        elems: e.saturating_mul(fout.saturating_add(1)),
        fixed_bytes: numel(&[e, 2, super::blocks::INDEX_BYTES]),
        ..Saved::default()
    };
    let mut m = Module::node(name, ModuleKind::GraphConv, vec![lin]).add_saved(messages);
    m.params = vec![Tensor::new("bias", &[fout])];
    m.with_shapes(pos.shape(fin), pos.shape(fout))
}

/// Count of [`timestep_mlp`].
pub fn timestep_mlp_params(freq_dim: u64, dim: u64) -> u64 {
    total(&[
        linear_params(freq_dim, dim, true),
        linear_params(dim, dim, true),
    ])
}

/// Sinusoidal timestep features (no parameters) followed by a two-layer MLP
/// (`linear_1`: freq → dim, `linear_2`: dim → dim), as in diffusers' TimestepEmbedding.
pub fn timestep_mlp(name: &str, freq_dim: u64, dim: u64) -> Module {
    let pos = Pos::none();
    Module::node(
        name,
        ModuleKind::TimestepEmbedding,
        vec![
            linear("linear_1", freq_dim, dim, true, &pos),
            linear("linear_2", dim, dim, true, &pos),
        ],
    )
    .with_attr("freq_dim", freq_dim)
}

/// Count of [`conv_transpose2d`].
pub fn conv_transpose2d_params(cin: u64, cout: u64, k: u64) -> u64 {
    numel(&[cin, cout, k, k]).saturating_add(cout)
}

/// ConvTranspose2d with kernel = stride = `k` (U-Net up-convolution); weight is
/// `[cin, cout, k, k]` as PyTorch stores transposed convolutions.
pub fn conv_transpose2d(name: &str, cin: u64, cout: u64, k: u64, hw: Hw) -> (Module, Hw) {
    let out = Hw::new(hw.h * k, hw.w * k);
    let mut m = Module::leaf(
        name,
        ModuleKind::Conv2d,
        vec![
            Tensor::new("weight", &[cin, cout, k, k]),
            Tensor::new("bias", &[cout]),
        ],
    )
    .with_shapes(hw.shape(cin), out.shape(cout))
    .with_attr("transposed", true)
    .with_attr("kernel_size", k)
    .with_attr("stride", k);
    m.forward_macs = (cin * cout * k * k).saturating_mul(hw.area());
    (
        m.add_saved(Saved::elems(cin.saturating_mul(hw.area()))),
        out,
    )
}
