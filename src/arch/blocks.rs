//! Block builders for dense layers, norms, attention, feed-forwards and transformer blocks.
//!
//! Every builder returns an IR [`Module`] with PyTorch-style names and exact tensors, plus
//! per-sample MACs computed at the positions described by [`Pos`]. Convolutional, U-Net and
//! graph blocks live in `blocks_conv.rs`.
//!
//! Each builder has a closed-form twin (`*_params`) returning exactly the builder's
//! `Module::count()` without allocating a tree. The fitter scores grid candidates with the
//! twins and builds a module tree only for the chosen candidate; `synthesize` re-checks the
//! chosen total against the tree, and the tests compare twin and builder over a sweep. The
//! twins mirror the builders' shape arithmetic exactly and count like `Module::count` (a
//! saturating sum of saturating products), so even saturated totals agree.

use super::ir::{Module, ModuleKind, Saved, Tensor};

/// The positions a token-wise layer is applied at, per sample: symbolic dims after the batch
/// dim (e.g. `["T"]` or `["197"]`) and their product `n` used for MACs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pos {
    pub dims: Vec<String>,
    pub n: u64,
}

impl Pos {
    /// A single vector per sample (`[B, features]`).
    pub fn none() -> Pos {
        Pos {
            dims: Vec::new(),
            n: 1,
        }
    }

    /// A sequence whose symbolic length is `label` and numeric length `n`.
    pub fn seq(label: &str, n: u64) -> Pos {
        Pos {
            dims: vec![label.to_string()],
            n,
        }
    }

    /// A sequence of known length, labelled by its number.
    pub fn tokens(n: u64) -> Pos {
        Pos::seq(&n.to_string(), n)
    }

    /// `[B, dims..., last]`.
    pub fn shape(&self, last: u64) -> Vec<String> {
        let mut s = Vec::with_capacity(self.dims.len() + 2);
        s.push("B".to_string());
        s.extend(self.dims.iter().cloned());
        s.push(last.to_string());
        s
    }

    /// `[B, dims...]` (indices into an embedding table).
    pub fn index_shape(&self) -> Vec<String> {
        let mut s = vec!["B".to_string()];
        s.extend(self.dims.iter().cloned());
        s
    }
}

fn tensor(name: &str, shape: &[u64]) -> Tensor {
    Tensor::new(name, shape)
}

/// `numel()` of a shape, saturating like [`Tensor::numel`].
pub fn numel(shape: &[u64]) -> u64 {
    shape.iter().fold(1u64, |acc, &d| acc.saturating_mul(d))
}

/// Saturating sum of parameter counts, like [`Module::count`].
pub fn total(parts: &[u64]) -> u64 {
    parts.iter().fold(0u64, |acc, &p| acc.saturating_add(p))
}

/// Count of [`linear`].
pub fn linear_params(input: u64, output: u64, bias: bool) -> u64 {
    numel(&[output, input]).saturating_add(if bias { output } else { 0 })
}

/// Count of [`embedding`] (and of an untied [`vocab_projection`], also `[num, dim]`).
pub fn embedding_params(num: u64, dim: u64) -> u64 {
    numel(&[num, dim])
}

/// Count of [`position_parameter`].
pub fn position_parameter_params(n: u64, d: u64) -> u64 {
    numel(&[1, n, d])
}

/// Count of [`layer_norm`].
pub fn layer_norm_params(d: u64, affine: bool) -> u64 {
    if affine { total(&[d, d]) } else { 0 }
}

pub fn linear(name: &str, input: u64, output: u64, bias: bool, pos: &Pos) -> Module {
    let mut params = vec![tensor("weight", &[output, input])];
    if bias {
        params.push(tensor("bias", &[output]));
    }
    let mut m = Module::leaf(name, ModuleKind::Linear, params)
        .with_shapes(pos.shape(input), pos.shape(output));
    m.forward_macs = input.saturating_mul(output).saturating_mul(pos.n);
    m.add_saved(Saved::elems(input.saturating_mul(pos.n)))
}

/// A vocabulary projection whose weight counts as embedding parameters (untied `lm_head`).
pub fn vocab_projection(name: &str, input: u64, vocab: u64, pos: &Pos) -> Module {
    let mut m = linear(name, input, vocab, false, pos);
    for t in &mut m.params {
        t.embedding = true;
    }
    m
}

/// A vocabulary projection whose weight *is* another tensor (tied, counted once).
pub fn tied_projection(name: &str, input: u64, vocab: u64, target: &str, pos: &Pos) -> Module {
    let mut m = Module::leaf(name, ModuleKind::Linear, Vec::new())
        .with_shapes(pos.shape(input), pos.shape(vocab));
    m.tied.push(super::ir::Tied {
        name: "weight".to_string(),
        target_path: target.to_string(),
    });
    m.forward_macs = input.saturating_mul(vocab).saturating_mul(pos.n);
    m.add_saved(Saved::elems(input.saturating_mul(pos.n)))
}

pub fn embedding(name: &str, num: u64, dim: u64, pos: &Pos) -> Module {
    let mut w = tensor("weight", &[num, dim]);
    w.embedding = true;
    Module::leaf(name, ModuleKind::Embedding, vec![w])
        .with_shapes(pos.index_shape(), pos.shape(dim))
        .with_attr("num_embeddings", num)
        .add_saved(Saved::fixed_bytes(INDEX_BYTES.saturating_mul(pos.n)))
}

/// What a decoder's next-token cross-entropy over `vocab` logits at `positions` keeps: the
/// float32 log-softmax (the generated compute_loss casts the logits to float32, whatever
/// the training precision) and the int64 targets. The task's loss, recorded on the
/// vocabulary projection it reads: for a language model the largest tensors it keeps.
pub fn next_token_loss_saved(positions: u64, vocab: u64) -> Saved {
    Saved::fixed_bytes(total(&[
        numel(&[positions, vocab, 4]),
        numel(&[positions, INDEX_BYTES]),
    ]))
}

/// Bytes of one int64 index, the dtype embedding lookups and pooling indices use.
pub const INDEX_BYTES: u64 = 8;

/// A norm's autograd keeps its input and two statistics (mean and reciprocal standard
/// deviation) per normalised row or group.
pub fn norm_saved(input_elems: u64, rows: u64) -> Saved {
    Saved::elems(input_elems.saturating_add(rows.saturating_mul(2)))
}

/// What a module that reads the same storage as an earlier sibling saves: nothing new
/// (k and v projections of q's input, a shortcut convolution of the block's input).
/// A leaf saves only its input, so it saves nothing; a container's first leaf is the reader.
pub fn sharing_input(mut m: Module) -> Module {
    clear_first_reader(&mut m);
    m
}

fn clear_first_reader(m: &mut Module) -> Saved {
    let cleared = match m.children.first_mut() {
        None => m.saved,
        Some(first) => clear_first_reader(first),
    };
    m.saved = m.saved.minus(cleared);
    cleared
}

/// A learned (or frozen) positional table stored as a bare `nn.Parameter` of shape `[1, n, d]`.
pub fn position_parameter(name: &str, n: u64, d: u64, trainable: bool) -> Module {
    let mut m = Module::parameter(name, &[1, n, d], trainable);
    for t in &mut m.params {
        t.embedding = true;
    }
    m
}

pub fn layer_norm(name: &str, d: u64, affine: bool, pos: &Pos) -> Module {
    let params = if affine {
        vec![tensor("weight", &[d]), tensor("bias", &[d])]
    } else {
        Vec::new()
    };
    Module::leaf(name, ModuleKind::LayerNorm, params)
        .with_shapes(pos.shape(d), pos.shape(d))
        .with_attr("elementwise_affine", affine)
        .add_saved(norm_saved(d.saturating_mul(pos.n), pos.n))
}

pub fn rms_norm(name: &str, d: u64, pos: &Pos) -> Module {
    // x * rsqrt(mean(x^2) + eps) * weight: x, the per-row rsqrt and the normalised value.
    let elems = d.saturating_mul(pos.n);
    Module::leaf(name, ModuleKind::RmsNorm, vec![tensor("weight", &[d])])
        .with_shapes(pos.shape(d), pos.shape(d))
        .add_saved(Saved::elems(total(&[elems, elems, pos.n])))
}

pub fn batch_norm1d(name: &str, d: u64, pos: &Pos) -> Module {
    Module::leaf(
        name,
        ModuleKind::BatchNorm1d,
        vec![tensor("weight", &[d]), tensor("bias", &[d])],
    )
    .with_shapes(pos.shape(d), pos.shape(d))
    .add_saved(norm_saved(d.saturating_mul(pos.n), d))
}

/// Which attention projection names to emit (counts are identical across styles).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttnNames {
    /// `q_proj`, `k_proj`, `v_proj`, `o_proj` (Llama, Whisper, CLIP).
    Split,
    /// `c_attn` fused qkv + `c_proj` (GPT-2).
    Gpt2,
    /// `qkv` fused + `proj` (timm ViT / DiT).
    Timm,
    /// `to_q`, `to_k`, `to_v`, `to_out.0` (diffusers).
    Diffusers,
}

/// Attention configuration; `kv_dim` set means cross-attention over a context of that width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttnCfg {
    pub d_model: u64,
    pub heads: u64,
    pub kv_heads: u64,
    pub head_dim: u64,
    pub qkv_bias: bool,
    /// Drop the bias of the key projection only (Whisper: `k_proj` has no bias while `q_proj`
    /// and `v_proj` do). Applies to split projections (`Split`, `Diffusers`, and every
    /// cross-attention); fused qkv layouts have one bias vector and ignore it.
    pub no_k_bias: bool,
    pub out_bias: bool,
    pub names: AttnNames,
    pub kv_dim: Option<u64>,
}

impl AttnCfg {
    /// Multi-head attention with `head_dim = d / heads` and the same bias on every projection.
    pub fn mha(d: u64, heads: u64, bias: bool, names: AttnNames) -> AttnCfg {
        AttnCfg {
            d_model: d,
            heads,
            kv_heads: heads,
            head_dim: d / heads.max(1),
            qkv_bias: bias,
            no_k_bias: false,
            out_bias: bias,
            names,
            kv_dim: None,
        }
    }

    /// Grouped-query attention without biases (Llama / Mistral).
    pub fn gqa(d: u64, heads: u64, kv_heads: u64, head_dim: u64) -> AttnCfg {
        AttnCfg {
            d_model: d,
            heads,
            kv_heads,
            head_dim,
            qkv_bias: false,
            no_k_bias: false,
            out_bias: false,
            names: AttnNames::Split,
            kv_dim: None,
        }
    }

    pub fn cross(mut self, kv_dim: u64) -> AttnCfg {
        self.kv_dim = Some(kv_dim);
        self
    }

    /// Whether the key projection carries a bias.
    pub fn k_bias(&self) -> bool {
        self.qkv_bias && !self.no_k_bias
    }

    /// True when the projections are emitted as one fused qkv linear.
    fn fused(&self) -> bool {
        matches!(self.names, AttnNames::Gpt2 | AttnNames::Timm) && self.kv_dim.is_none()
    }
}

/// Self- or cross-attention. `kv_len` is the number of key/value positions per sample.
pub fn attention(name: &str, cfg: &AttnCfg, pos: &Pos, kv_len: u64) -> Module {
    let d = cfg.d_model;
    let q_out = cfg.heads.saturating_mul(cfg.head_dim);
    let kv_out = cfg.kv_heads.saturating_mul(cfg.head_dim);
    let kv_in = cfg.kv_dim.unwrap_or(d);
    let cross_pos;
    let kv_pos = if cfg.kv_dim.is_some() {
        cross_pos = Pos::tokens(kv_len);
        &cross_pos
    } else {
        pos
    };
    let children = match cfg.names {
        AttnNames::Gpt2 | AttnNames::Timm if cfg.fused() => {
            let (qkv, proj) = if cfg.names == AttnNames::Gpt2 {
                ("c_attn", "c_proj")
            } else {
                ("qkv", "proj")
            };
            vec![
                linear(qkv, d, q_out + 2 * kv_out, cfg.qkv_bias, pos),
                linear(proj, q_out, d, cfg.out_bias, pos),
            ]
        }
        AttnNames::Diffusers => {
            let out = Module::node(
                "to_out",
                ModuleKind::ModuleList,
                vec![linear("0", q_out, d, cfg.out_bias, pos)],
            );
            vec![
                linear("to_q", d, q_out, cfg.qkv_bias, pos),
                kv_reader(linear("to_k", kv_in, kv_out, cfg.k_bias(), kv_pos), cfg),
                sharing_input(linear("to_v", kv_in, kv_out, cfg.qkv_bias, kv_pos)),
                out,
            ]
        }
        _ => vec![
            linear("q_proj", d, q_out, cfg.qkv_bias, pos),
            kv_reader(linear("k_proj", kv_in, kv_out, cfg.k_bias(), kv_pos), cfg),
            sharing_input(linear("v_proj", kv_in, kv_out, cfg.qkv_bias, kv_pos)),
            linear("o_proj", q_out, d, cfg.out_bias, pos),
        ],
    };
    let kind = if cfg.kv_dim.is_some() {
        ModuleKind::CrossAttention
    } else {
        ModuleKind::Attention
    };
    // Scores (QK^T) and the weighted sum (AV): 2 * Tq * Tkv * heads * head_dim MACs.
    let score_macs = pos
        .n
        .saturating_mul(kv_len)
        .saturating_mul(q_out)
        .saturating_mul(2);
    Module::node_shaped(name, kind, children, pos.shape(d), pos.shape(d))
        .add_macs(score_macs)
        .add_saved(attention_saved(cfg, pos.n, kv_len))
        .with_attr("heads", cfg.heads)
        .with_attr("kv_heads", cfg.kv_heads)
        .with_attr("head_dim", cfg.head_dim)
}

/// The key projection of self-attention reads the query's input, saved once by `q_proj`;
/// cross-attention's reads the context, a storage of its own.
fn kv_reader(k: Module, cfg: &AttnCfg) -> Module {
    if cfg.kv_dim.is_some() {
        k
    } else {
        sharing_input(k)
    }
}

/// What `scaled_dot_product_attention` keeps: q, k and v as the kernel reads them (the
/// generated code repeats grouped k and v to every query head first) and its output; then a fused kernel keeps a float32 log-sum-exp per query and head, the math
/// kernel the S x S scores and their softmax. (The output projection keeps its own input,
/// the output made contiguous again after the head transpose, by the linear rule.)
pub fn attention_saved(cfg: &AttnCfg, q_len: u64, kv_len: u64) -> Saved {
    let q_out = cfg.heads.saturating_mul(cfg.head_dim);
    Saved {
        elems: total(&[numel(&[q_out, q_len, 2]), numel(&[q_out, kv_len, 2])]),
        fixed_bytes: 0,
        fused_lse_bytes: numel(&[cfg.heads, q_len, 4]),
        math_score_elems: numel(&[cfg.heads, q_len, kv_len, 2]),
    }
}

/// Count of [`attention`] (independent of positions).
pub fn attention_params(cfg: &AttnCfg) -> u64 {
    let d = cfg.d_model;
    let q_out = cfg.heads.saturating_mul(cfg.head_dim);
    let kv_out = cfg.kv_heads.saturating_mul(cfg.head_dim);
    let kv_in = cfg.kv_dim.unwrap_or(d);
    if cfg.fused() {
        return total(&[
            linear_params(d, q_out + 2 * kv_out, cfg.qkv_bias),
            linear_params(q_out, d, cfg.out_bias),
        ]);
    }
    total(&[
        linear_params(d, q_out, cfg.qkv_bias),
        linear_params(kv_in, kv_out, cfg.k_bias()),
        linear_params(kv_in, kv_out, cfg.qkv_bias),
        linear_params(q_out, d, cfg.out_bias),
    ])
}

/// SwiGLU feed-forward: `down(silu(gate(x)) * up(x))`.
pub fn swiglu(name: &str, d: u64, f: u64, bias: bool, pos: &Pos) -> Module {
    Module::node_shaped(
        name,
        ModuleKind::SwiGlu,
        vec![
            linear("gate_proj", d, f, bias, pos),
            sharing_input(linear("up_proj", d, f, bias, pos)),
            linear("down_proj", f, d, bias, pos),
        ],
        pos.shape(d),
        pos.shape(d),
    )
    .with_attr("activation", "silu")
    // silu(gate) * up: the gate's output (SiLU's input), SiLU's output and up's output (the
    // product's inputs); down_proj keeps the product.
    .add_saved(Saved::elems(f.saturating_mul(pos.n).saturating_mul(3)))
}

/// Count of [`swiglu`].
pub fn swiglu_params(d: u64, f: u64, bias: bool) -> u64 {
    total(&[
        linear_params(d, f, bias),
        linear_params(d, f, bias),
        linear_params(f, d, bias),
    ])
}

/// Two-layer GELU MLP `fc2(gelu(fc1(x)))` (GPT-2 / BERT / ViT / DiT / Whisper).
pub fn gelu_mlp(name: &str, d: u64, f: u64, bias: bool, pos: &Pos) -> Module {
    Module::node_shaped(
        name,
        ModuleKind::GeluMlp,
        vec![
            linear("fc1", d, f, bias, pos),
            linear("fc2", f, d, bias, pos),
        ],
        pos.shape(d),
        pos.shape(d),
    )
    .with_attr("activation", "gelu")
    // GELU keeps its input, fc1's output; fc2 keeps GELU's output.
    .add_saved(Saved::elems(f.saturating_mul(pos.n)))
}

/// Count of [`gelu_mlp`].
pub fn gelu_mlp_params(d: u64, f: u64, bias: bool) -> u64 {
    total(&[linear_params(d, f, bias), linear_params(f, d, bias)])
}

/// diffusers GEGLU feed-forward: `net.0.proj` (d → 2·inner) then `net.2` (inner → d).
pub fn geglu_ff(name: &str, d: u64, inner: u64, pos: &Pos) -> Module {
    let geglu = Module::node(
        "0",
        ModuleKind::GeGlu,
        vec![linear("proj", d, 2 * inner, true, pos)],
    );
    let net = Module::node(
        "net",
        ModuleKind::ModuleList,
        vec![geglu, linear("2", inner, d, true, pos)],
    );
    // hidden * gelu(gate), both halves of one projection output: GELU keeps the gate (a
    // view, so the whole 2 x inner storage), the product keeps GELU's output too, and
    // net.2 keeps the product.
    Module::node_shaped(
        name,
        ModuleKind::GeGlu,
        vec![net],
        pos.shape(d),
        pos.shape(d),
    )
    .add_saved(Saved::elems(inner.saturating_mul(pos.n).saturating_mul(3)))
}

/// Count of [`geglu_ff`].
pub fn geglu_ff_params(d: u64, inner: u64) -> u64 {
    total(&[
        linear_params(d, 2 * inner, true),
        linear_params(inner, d, true),
    ])
}

/// An MLP stack as `nn.Sequential(Linear, act, Linear, act, ..., Linear)`: linear layers sit at
/// even indices because the activations occupy the odd ones.
pub fn mlp_stack(name: &str, dims: &[u64], bias: bool, activation: &str, pos: &Pos) -> Module {
    let children: Vec<Module> = dims
        .windows(2)
        .enumerate()
        .map(|(i, w)| linear(&(2 * i).to_string(), w[0], w[1], bias, pos))
        .collect();
    let hidden = dims
        .get(1..dims.len().saturating_sub(1))
        .unwrap_or_default()
        .iter()
        .fold(0u64, |acc, &h| acc.saturating_add(h.saturating_mul(pos.n)));
    Module::node(name, ModuleKind::Sequential, children)
        .with_attr("activation", activation)
        .add_saved(Saved::elems(
            activation_saved_per_elem(activation).saturating_mul(hidden),
        ))
}

/// Elements an elementwise activation saves per element beyond what the next layer keeps:
/// ReLU, tanh and sigmoid keep their output, which the next layer keeps as its input
/// anyway; GELU, SiLU and ELU keep their input, the previous layer's output, a storage of
/// its own.
pub fn activation_saved_per_elem(activation: &str) -> u64 {
    match activation.to_ascii_lowercase().as_str() {
        "gelu" | "silu" | "swish" | "elu" | "mish" | "leaky_relu" | "leakyrelu" => 1,
        _ => 0,
    }
}

/// Count of [`mlp_stack`].
pub fn mlp_stack_params(dims: &[u64], bias: bool) -> u64 {
    dims.windows(2).fold(0u64, |acc, w| {
        acc.saturating_add(linear_params(w[0], w[1], bias))
    })
}

/// Normalisation flavour inside a transformer block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Norm {
    LayerNorm,
    /// LayerNorm without affine parameters (DiT's adaLN-Zero blocks).
    LayerNormNoAffine,
    RmsNorm,
}

/// Feed-forward flavour inside a transformer block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ffn {
    Gelu { bias: bool },
    SwiGlu,
    GeGlu,
}

/// A transformer block: attention (+ optional cross-attention) + feed-forward with residuals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockCfg {
    pub attn: AttnCfg,
    pub ffn: Ffn,
    pub ffn_dim: u64,
    pub norm: Norm,
    /// Post-LN (BERT): the norm follows each residual add instead of preceding the sublayer.
    pub post_ln: bool,
    /// adaLN modulation chunks (6 for DiT blocks): a `Linear(d, chunks*d)` on the conditioning.
    pub adaln_chunks: Option<u64>,
    /// Cross-attention config (its `kv_dim` is the context width) and context length.
    pub cross: Option<(AttnCfg, u64)>,
}

impl BlockCfg {
    /// Llama-style block: RMSNorm, GQA without bias, SwiGLU.
    pub fn llama(attn: AttnCfg, ffn_dim: u64) -> BlockCfg {
        BlockCfg {
            attn,
            ffn: Ffn::SwiGlu,
            ffn_dim,
            norm: Norm::RmsNorm,
            post_ln: false,
            adaln_chunks: None,
            cross: None,
        }
    }

    /// Pre-LN GELU block with biases everywhere (GPT-2, ViT, CLIP, Whisper encoder).
    pub fn pre_ln(d: u64, heads: u64, ffn_dim: u64, names: AttnNames) -> BlockCfg {
        BlockCfg {
            attn: AttnCfg::mha(d, heads, true, names),
            ffn: Ffn::Gelu { bias: true },
            ffn_dim,
            norm: Norm::LayerNorm,
            post_ln: false,
            adaln_chunks: None,
            cross: None,
        }
    }

    /// Post-LN GELU block (BERT).
    pub fn post_ln(d: u64, heads: u64, ffn_dim: u64) -> BlockCfg {
        let mut c = BlockCfg::pre_ln(d, heads, ffn_dim, AttnNames::Split);
        c.post_ln = true;
        c
    }

    /// DiT adaLN-Zero block: non-affine LayerNorms, fused qkv, 6-chunk modulation.
    pub fn dit(d: u64, heads: u64, ffn_dim: u64) -> BlockCfg {
        let mut c = BlockCfg::pre_ln(d, heads, ffn_dim, AttnNames::Timm);
        c.norm = Norm::LayerNormNoAffine;
        c.adaln_chunks = Some(6);
        c
    }

    pub fn with_cross(mut self, ctx_dim: u64, ctx_len: u64) -> BlockCfg {
        let a = AttnCfg {
            names: AttnNames::Split,
            ..self.attn.clone()
        };
        let a = AttnCfg {
            kv_heads: a.heads,
            ..a
        }
        .cross(ctx_dim);
        self.cross = Some((a, ctx_len));
        self
    }
}

fn block_norm(name: &str, norm: Norm, d: u64, pos: &Pos) -> Module {
    match norm {
        Norm::LayerNorm => layer_norm(name, d, true, pos),
        Norm::LayerNormNoAffine => layer_norm(name, d, false, pos),
        Norm::RmsNorm => rms_norm(name, d, pos),
    }
}

fn block_norm_params(norm: Norm, d: u64) -> u64 {
    match norm {
        Norm::LayerNorm => layer_norm_params(d, true),
        Norm::LayerNormNoAffine => 0,
        Norm::RmsNorm => d,
    }
}

/// Count of [`transformer_block`].
pub fn transformer_block_params(cfg: &BlockCfg) -> u64 {
    let d = cfg.attn.d_model;
    let norm = block_norm_params(cfg.norm, d);
    let mlp = match cfg.ffn {
        Ffn::Gelu { bias } => gelu_mlp_params(d, cfg.ffn_dim, bias),
        Ffn::SwiGlu => swiglu_params(d, cfg.ffn_dim, false),
        Ffn::GeGlu => geglu_ff_params(d, cfg.ffn_dim),
    };
    let cross = match &cfg.cross {
        Some((cross, _)) => total(&[attention_params(cross), norm]),
        None => 0,
    };
    let adaln = match cfg.adaln_chunks {
        Some(chunks) => linear_params(d, chunks * d, true),
        None => 0,
    };
    total(&[norm, attention_params(&cfg.attn), cross, norm, mlp, adaln])
}

/// Count of [`block_list`]: `n` identical blocks.
pub fn block_list_params(cfg: &BlockCfg, n: u64) -> u64 {
    n.saturating_mul(transformer_block_params(cfg))
}

pub fn transformer_block(name: &str, cfg: &BlockCfg, pos: &Pos) -> Module {
    let d = cfg.attn.d_model;
    let llama = cfg.norm == Norm::RmsNorm;
    let (n1, n2) = if llama {
        ("input_layernorm", "post_attention_layernorm")
    } else {
        ("norm1", "norm2")
    };
    let attn = attention("self_attn", &cfg.attn, pos, pos.n);
    let mlp = match cfg.ffn {
        Ffn::Gelu { bias } => gelu_mlp("mlp", d, cfg.ffn_dim, bias, pos),
        Ffn::SwiGlu => swiglu("mlp", d, cfg.ffn_dim, false, pos),
        Ffn::GeGlu => geglu_ff("mlp", d, cfg.ffn_dim, pos),
    };
    let mut children = Vec::with_capacity(7);
    if cfg.post_ln {
        children.push(attn);
        children.push(block_norm(n1, cfg.norm, d, pos));
        if let Some((cross, ctx_len)) = &cfg.cross {
            children.push(attention("cross_attn", cross, pos, *ctx_len));
            children.push(block_norm("norm_cross", cfg.norm, d, pos));
        }
        children.push(mlp);
        children.push(block_norm(n2, cfg.norm, d, pos));
    } else {
        children.push(block_norm(n1, cfg.norm, d, pos));
        children.push(attn);
        if let Some((cross, ctx_len)) = &cfg.cross {
            children.push(block_norm("norm_cross", cfg.norm, d, pos));
            children.push(attention("cross_attn", cross, pos, *ctx_len));
        }
        children.push(block_norm(n2, cfg.norm, d, pos));
        children.push(mlp);
    }
    let mut modulation = Saved::default();
    if let Some(chunks) = cfg.adaln_chunks {
        // nn.Sequential(SiLU, Linear): the linear sits at index 1; applied once per sample.
        let lin = linear("1", d, chunks * d, true, &Pos::none());
        children.push(Module::node(
            "adaLN_modulation",
            ModuleKind::AdaLnModulation,
            vec![lin],
        ));
        modulation = adaln_saved(d, pos, 2);
    }
    Module::node_shaped(
        name,
        ModuleKind::TransformerBlock,
        children,
        pos.shape(d),
        pos.shape(d),
    )
    .add_saved(modulation)
}

/// What adaLN-Zero's functional ops keep for `branches` modulated, gated branches (DiT's
/// attention and MLP): `modulate(norm(x), shift, scale)` = norm(x) * (1 + scale) + shift
/// keeps both factors (the norm's output per token, 1 + scale per sample), and the gate's
/// product with the branch output keeps both too (the branch output per token, the gate
/// per sample).
pub fn adaln_saved(d: u64, pos: &Pos, branches: u64) -> Saved {
    let per_branch = total(&[d.saturating_mul(pos.n), d]).saturating_mul(2);
    Saved::elems(per_branch.saturating_mul(branches))
}

/// [`adaln_saved`] for a final layer's single modulate, without a gate.
pub fn modulate_saved(d: u64, pos: &Pos) -> Saved {
    Saved::elems(total(&[d.saturating_mul(pos.n), d]))
}

/// `layers`: a `ModuleList` of `n` identical blocks named "0".."n-1".
pub fn block_list(name: &str, cfg: &BlockCfg, n: u64, pos: &Pos) -> Module {
    let blocks = (0..n)
        .map(|i| transformer_block(&i.to_string(), cfg, pos))
        .collect();
    let d = cfg.attn.d_model;
    Module::node_shaped(
        name,
        ModuleKind::ModuleList,
        blocks,
        pos.shape(d),
        pos.shape(d),
    )
}

fn text_encoder_cfg(d: u64) -> BlockCfg {
    let heads = (d / 64).max(1);
    BlockCfg::pre_ln(d, heads, 4 * d, AttnNames::Split)
}

/// Count of [`text_encoder`].
pub fn text_encoder_params(vocab: u64, ctx: u64, d: u64, layers: u64) -> u64 {
    total(&[
        embedding_params(vocab, d),
        embedding_params(ctx, d),
        block_list_params(&text_encoder_cfg(d), layers),
        layer_norm_params(d, true),
    ])
}

/// A CLIP-text-style encoder (token + learned positions, pre-LN blocks, final LayerNorm),
/// used as the text-conditioning component of diffusion, audio and 3-D generators.
pub fn text_encoder(name: &str, vocab: u64, ctx: u64, d: u64, layers: u64) -> Module {
    let pos = Pos::tokens(ctx);
    let cfg = text_encoder_cfg(d);
    Module::node(
        name,
        ModuleKind::TransformerStack,
        vec![
            embedding("token_embedding", vocab, d, &pos),
            embedding("position_embedding", ctx, d, &pos),
            block_list("layers", &cfg, layers, &pos),
            layer_norm("final_layer_norm", d, true, &pos),
        ],
    )
    .with_attr("vocab_size", vocab)
    .with_attr("hidden_size", d)
    .with_attr("num_layers", layers)
}
