//! Architecture IR: a tree of typed modules whose leaves hold the exact parameter tensors.
//!
//! Design notes (refinements over the original sketch, and why):
//! - `Module::tied` lists parameters that are *the same* `nn.Parameter` as another module's
//!   tensor (e.g. `lm_head.weight` → `embed_tokens.weight`). They are never counted, matching
//!   `sum(p.numel() for p in model.parameters())`, which deduplicates shared parameters.
//! - `Tensor::embedding` marks lookup tables (and vocabulary projections) so the blueprint can
//!   report embedding vs non-embedding counts the way the reference oracle does.
//! - `ModuleKind::Parameter` is a bare `nn.Parameter` attribute (e.g. `cls_token`, `log_std`):
//!   such a module holds exactly one tensor whose PyTorch name is the module's own path.
//! - `attrs` carries the non-parameter configuration (kernel, stride, heads, eps, activation)
//!   that code generation needs to emit the same module; it never affects counts.
//! - `forward_macs` is inclusive: a module's MACs include its children's, so the root holds the
//!   whole model's multiply-accumulates per sample. Arithmetic saturates instead of panicking.
//! - `saved` is inclusive the same way: what one sample's forward keeps for the backward pass
//!   ([`Saved`]), recorded by the builders at the shapes they compute MACs at, so the root
//!   holds the activation figure the cost model reports.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// The semantic type of a module; code generation maps each kind to a PyTorch class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ModuleKind {
    Model,
    Embedding,
    Linear,
    Conv1d,
    Conv2d,
    Conv3d,
    LayerNorm,
    RmsNorm,
    GroupNorm,
    BatchNorm1d,
    BatchNorm2d,
    Attention,
    CrossAttention,
    SwiGlu,
    GeGlu,
    GeluMlp,
    Mlp,
    TransformerBlock,
    TransformerStack,
    ResidualBlock,
    BasicBlock,
    Bottleneck,
    ResnetBlock2d,
    SpatialTransformer,
    TemporalTransformer,
    UNetLevel,
    Downsample,
    Upsample,
    TimestepEmbedding,
    PatchEmbed,
    AdaLnModulation,
    GraphAttention,
    GraphConv,
    Head,
    Sequential,
    ModuleList,
    Parameter,
    Container,
}

impl ModuleKind {
    /// Stable lowercase tag used in the dataflow graph.
    pub fn tag(self) -> &'static str {
        match self {
            ModuleKind::Model => "model",
            ModuleKind::Embedding => "embedding",
            ModuleKind::Linear => "linear",
            ModuleKind::Conv1d => "conv1d",
            ModuleKind::Conv2d => "conv2d",
            ModuleKind::Conv3d => "conv3d",
            ModuleKind::LayerNorm => "layer_norm",
            ModuleKind::RmsNorm => "rms_norm",
            ModuleKind::GroupNorm => "group_norm",
            ModuleKind::BatchNorm1d => "batch_norm1d",
            ModuleKind::BatchNorm2d => "batch_norm2d",
            ModuleKind::Attention => "attention",
            ModuleKind::CrossAttention => "cross_attention",
            ModuleKind::SwiGlu => "swiglu",
            ModuleKind::GeGlu => "geglu",
            ModuleKind::GeluMlp => "gelu_mlp",
            ModuleKind::Mlp => "mlp",
            ModuleKind::TransformerBlock => "transformer_block",
            ModuleKind::TransformerStack => "transformer_stack",
            ModuleKind::ResidualBlock => "residual_block",
            ModuleKind::BasicBlock => "basic_block",
            ModuleKind::Bottleneck => "bottleneck",
            ModuleKind::ResnetBlock2d => "resnet_block2d",
            ModuleKind::SpatialTransformer => "spatial_transformer",
            ModuleKind::TemporalTransformer => "temporal_transformer",
            ModuleKind::UNetLevel => "unet_level",
            ModuleKind::Downsample => "downsample",
            ModuleKind::Upsample => "upsample",
            ModuleKind::TimestepEmbedding => "timestep_embedding",
            ModuleKind::PatchEmbed => "patch_embed",
            ModuleKind::AdaLnModulation => "adaln_modulation",
            ModuleKind::GraphAttention => "graph_attention",
            ModuleKind::GraphConv => "graph_conv",
            ModuleKind::Head => "head",
            ModuleKind::Sequential => "sequential",
            ModuleKind::ModuleList => "module_list",
            ModuleKind::Parameter => "parameter",
            ModuleKind::Container => "container",
        }
    }
}

/// One parameter tensor, counted as the product of its shape (like `numel()`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tensor {
    pub name: String,
    pub shape: Vec<u64>,
    pub trainable: bool,
    /// True for token/position/label tables and vocabulary projections.
    pub embedding: bool,
}

impl Tensor {
    pub fn new(name: &str, shape: &[u64]) -> Tensor {
        Tensor {
            name: name.to_string(),
            shape: shape.to_vec(),
            trainable: true,
            embedding: false,
        }
    }

    pub fn numel(&self) -> u64 {
        self.shape
            .iter()
            .fold(1u64, |acc, &d| acc.saturating_mul(d))
    }
}

/// A parameter that is the same object as another tensor (counted once, at the target).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tied {
    pub name: String,
    /// Dotted PyTorch path of the owning tensor, e.g. `embed_tokens.weight`.
    pub target_path: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Module {
    pub name: String,
    pub kind: ModuleKind,
    pub params: Vec<Tensor>,
    pub tied: Vec<Tied>,
    pub children: Vec<Module>,
    pub input_shape: Vec<String>,
    pub output_shape: Vec<String>,
    pub forward_macs: u64,
    pub attrs: BTreeMap<String, Value>,
    /// The module reads the sample's raw data (input features, pixels), which needs no
    /// gradient: autograd computes only its weight gradient, so its backward costs one
    /// forward instead of two. Set by the family's builder on its stem; never serialized.
    #[serde(skip)]
    pub reads_data: bool,
    /// What one training sample's forward keeps for the backward pass, inclusive like
    /// `forward_macs` (see [`Saved`]). Set by the builders; never serialized.
    #[serde(skip)]
    pub saved: Saved,
}

/// Tensors a module's forward saves for its backward, per sample, each storage counted
/// once and parameters excluded (the rule `tests/python/cost_oracle.py` measures by).
///
/// Each module kind declares what autograd keeps for it, where it first creates or first
/// saves a storage: Linear and convolutions keep their input; LayerNorm and GroupNorm their
/// input and two statistics per normalised row or group; ReLU its output; GELU and SiLU
/// their input; softmax its output; attention q, k, v and its output, plus a float32
/// log-sum-exp per query and head under a fused kernel or the S x S scores and softmax
/// under the math kernel; an embedding its integer indices. A residual add keeps nothing.
/// When two modules read one storage (q, k and v projections of one input) the builder
/// records it at the first only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    /// Floating elements, stored at the training precision.
    pub elems: u64,
    /// Bytes whose width does not follow the training precision: integer indices, boolean
    /// masks.
    pub fixed_bytes: u64,
    /// Attention's float32 log-sum-exp per query and head, in bytes: kept by a fused kernel.
    pub fused_lse_bytes: u64,
    /// Attention's S x S scores and softmax, in elements: kept only by the math kernel.
    pub math_score_elems: u64,
}

impl Saved {
    pub fn elems(elems: u64) -> Saved {
        Saved {
            elems,
            ..Saved::default()
        }
    }

    pub fn fixed_bytes(bytes: u64) -> Saved {
        Saved {
            fixed_bytes: bytes,
            ..Saved::default()
        }
    }

    fn zip(self, other: Saved, f: fn(u64, u64) -> u64) -> Saved {
        Saved {
            elems: f(self.elems, other.elems),
            fixed_bytes: f(self.fixed_bytes, other.fixed_bytes),
            fused_lse_bytes: f(self.fused_lse_bytes, other.fused_lse_bytes),
            math_score_elems: f(self.math_score_elems, other.math_score_elems),
        }
    }

    pub fn plus(self, other: Saved) -> Saved {
        self.zip(other, u64::saturating_add)
    }

    pub fn minus(self, other: Saved) -> Saved {
        self.zip(other, u64::saturating_sub)
    }

    pub fn times(self, n: u64) -> Saved {
        Saved {
            elems: self.elems.saturating_mul(n),
            fixed_bytes: self.fixed_bytes.saturating_mul(n),
            fused_lse_bytes: self.fused_lse_bytes.saturating_mul(n),
            math_score_elems: self.math_score_elems.saturating_mul(n),
        }
    }

    /// Bytes at `element_bytes` per floating element, with the attention kernel's own part:
    /// the log-sum-exp of a fused kernel or the scores of the math kernel.
    pub fn bytes(self, element_bytes: u64, kernel: crate::recipe::AttentionKernel) -> u64 {
        let attention = if kernel.stores_scores() {
            self.math_score_elems.saturating_mul(element_bytes)
        } else {
            self.fused_lse_bytes
        };
        self.elems
            .saturating_mul(element_bytes)
            .saturating_add(self.fixed_bytes)
            .saturating_add(attention)
    }

    fn sum(modules: &[Module]) -> Saved {
        modules
            .iter()
            .fold(Saved::default(), |acc, m| acc.plus(m.saved))
    }
}

/// One row of `named_parameters()`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedParam {
    pub path: String,
    pub shape: Vec<u64>,
    pub trainable: bool,
}

impl Module {
    /// A leaf with parameters and no children.
    pub fn leaf(name: &str, kind: ModuleKind, params: Vec<Tensor>) -> Module {
        Module {
            name: name.to_string(),
            kind,
            params,
            tied: Vec::new(),
            children: Vec::new(),
            input_shape: Vec::new(),
            output_shape: Vec::new(),
            forward_macs: 0,
            attrs: BTreeMap::new(),
            reads_data: false,
            saved: Saved::default(),
        }
    }

    /// A container whose MACs and shapes are taken from its children (first in, last out).
    pub fn node(name: &str, kind: ModuleKind, children: Vec<Module>) -> Module {
        let macs = children
            .iter()
            .fold(0u64, |acc, c| acc.saturating_add(c.forward_macs));
        let input_shape = children
            .first()
            .map(|c| c.input_shape.clone())
            .unwrap_or_default();
        let output_shape = children
            .last()
            .map(|c| c.output_shape.clone())
            .unwrap_or_default();
        let saved = Saved::sum(&children);
        Module {
            name: name.to_string(),
            kind,
            params: Vec::new(),
            tied: Vec::new(),
            children,
            input_shape,
            output_shape,
            forward_macs: macs,
            attrs: BTreeMap::new(),
            reads_data: false,
            saved,
        }
    }

    /// `Module::node(name, kind, children).with_shapes(input, output)` without first copying
    /// the children's shapes (builders that know their own shapes use this).
    pub fn node_shaped(
        name: &str,
        kind: ModuleKind,
        children: Vec<Module>,
        input: Vec<String>,
        output: Vec<String>,
    ) -> Module {
        let macs = children
            .iter()
            .fold(0u64, |acc, c| acc.saturating_add(c.forward_macs));
        let saved = Saved::sum(&children);
        Module {
            name: name.to_string(),
            kind,
            params: Vec::new(),
            tied: Vec::new(),
            children,
            input_shape: input,
            output_shape: output,
            forward_macs: macs,
            attrs: BTreeMap::new(),
            reads_data: false,
            saved,
        }
    }

    /// A bare `nn.Parameter` attribute.
    pub fn parameter(name: &str, shape: &[u64], trainable: bool) -> Module {
        let mut t = Tensor::new(name, shape);
        t.trainable = trainable;
        let mut m = Module::leaf(name, ModuleKind::Parameter, vec![t]);
        let dims: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
        m.input_shape = dims.clone();
        m.output_shape = dims;
        m
    }

    pub fn with_shapes(mut self, input: Vec<String>, output: Vec<String>) -> Module {
        self.input_shape = input;
        self.output_shape = output;
        self
    }

    pub fn with_attr(mut self, key: &str, value: impl Into<Value>) -> Module {
        self.attrs.insert(key.to_string(), value.into());
        self
    }

    pub fn add_macs(mut self, macs: u64) -> Module {
        self.forward_macs = self.forward_macs.saturating_add(macs);
        self
    }

    /// Adds what this module's own forward saves for backward, beyond its children's.
    pub fn add_saved(mut self, saved: Saved) -> Module {
        self.saved = self.saved.plus(saved);
        self
    }

    /// Marks this module as reading the sample's raw data (see [`Module::reads_data`]).
    pub fn reading_data(mut self) -> Module {
        self.reads_data = true;
        self
    }

    /// Marks the first child (a stack's first layer) as reading the sample's raw data.
    pub fn first_layer_reading_data(mut self) -> Module {
        if let Some(first) = self.children.first_mut() {
            first.reads_data = true;
        }
        self
    }

    /// Forward MACs of the modules that read raw data, whose input gradient autograd never
    /// computes. A marked module's MACs count once, whatever is marked below it.
    pub fn data_input_macs(&self) -> u64 {
        if self.reads_data {
            return self.forward_macs;
        }
        self.children
            .iter()
            .fold(0u64, |acc, c| acc.saturating_add(c.data_input_macs()))
    }

    /// The same module applied `times` times per sample (a channel-independent backbone runs
    /// once per channel): every MAC count and saved tensor in the subtree is multiplied,
    /// parameters are not.
    pub fn applied_times(self, times: u64) -> Module {
        self.applied_times_except(times, |_| false)
    }

    /// [`Module::applied_times`] for every part of the subtree except the modules `once`
    /// selects, which already count their whole work per sample (a video U-Net's temporal
    /// attention spans all frames; its spatial layers run once per frame).
    pub fn applied_times_except(mut self, times: u64, once: fn(&Module) -> bool) -> Module {
        if once(&self) {
            return self;
        }
        let children_macs = |children: &[Module]| {
            children
                .iter()
                .fold(0u64, |acc, c| acc.saturating_add(c.forward_macs))
        };
        let own = self
            .forward_macs
            .saturating_sub(children_macs(&self.children));
        let own_saved = self.saved.minus(Saved::sum(&self.children));
        self.children = self
            .children
            .into_iter()
            .map(|c| c.applied_times_except(times, once))
            .collect();
        self.forward_macs = own
            .saturating_mul(times)
            .saturating_add(children_macs(&self.children));
        self.saved = own_saved.times(times).plus(Saved::sum(&self.children));
        self
    }

    /// Parameters counted once (tied parameters excluded), like PyTorch's deduplicated count.
    pub fn count(&self) -> u64 {
        let own = self
            .params
            .iter()
            .fold(0u64, |acc, t| acc.saturating_add(t.numel()));
        self.children
            .iter()
            .fold(own, |acc, c| acc.saturating_add(c.count()))
    }

    pub fn trainable_count(&self) -> u64 {
        let own = self
            .params
            .iter()
            .filter(|t| t.trainable)
            .fold(0u64, |acc, t| acc.saturating_add(t.numel()));
        self.children
            .iter()
            .fold(own, |acc, c| acc.saturating_add(c.trainable_count()))
    }

    pub fn embedding_count(&self) -> u64 {
        let own = self
            .params
            .iter()
            .filter(|t| t.embedding)
            .fold(0u64, |acc, t| acc.saturating_add(t.numel()));
        self.children
            .iter()
            .fold(own, |acc, c| acc.saturating_add(c.embedding_count()))
    }

    /// Number of modules in the subtree (including self).
    pub fn module_count(&self) -> usize {
        1 + self
            .children
            .iter()
            .map(Module::module_count)
            .sum::<usize>()
    }

    pub fn child(&self, name: &str) -> Option<&Module> {
        self.children.iter().find(|c| c.name == name)
    }

    /// `named_parameters()` in registration order, with dotted paths relative to `self`.
    pub fn named_parameters(&self) -> Vec<NamedParam> {
        let mut out = Vec::new();
        self.collect_params("", true, &mut out);
        out
    }

    fn collect_params(&self, prefix: &str, is_root: bool, out: &mut Vec<NamedParam>) {
        let here = if is_root {
            String::new()
        } else if prefix.is_empty() {
            self.name.clone()
        } else {
            format!("{prefix}.{}", self.name)
        };
        for t in &self.params {
            // A bare nn.Parameter is addressed by the module path itself.
            let path = if self.kind == ModuleKind::Parameter && !here.is_empty() {
                here.clone()
            } else if here.is_empty() {
                t.name.clone()
            } else {
                format!("{here}.{}", t.name)
            };
            out.push(NamedParam {
                path,
                shape: t.shape.clone(),
                trainable: t.trainable,
            });
        }
        for c in &self.children {
            c.collect_params(&here, false, out);
        }
    }

    /// All tied markers as (dotted path of the tied slot, target path).
    pub fn tied_parameters(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        self.collect_tied("", true, &mut out);
        out
    }

    fn collect_tied(&self, prefix: &str, is_root: bool, out: &mut Vec<(String, String)>) {
        let here = if is_root {
            String::new()
        } else if prefix.is_empty() {
            self.name.clone()
        } else {
            format!("{prefix}.{}", self.name)
        };
        for t in &self.tied {
            let path = if here.is_empty() {
                t.name.clone()
            } else {
                format!("{here}.{}", t.name)
            };
            out.push((path, t.target_path.clone()));
        }
        for c in &self.children {
            c.collect_tied(&here, false, out);
        }
    }

    /// Count as if every tied parameter were a separate copy (the "counted twice" figure).
    pub fn count_with_tied_copies(&self) -> u64 {
        let params = self.named_parameters();
        self.tied_parameters()
            .iter()
            .fold(self.count(), |acc, (_, target)| {
                let extra = params
                    .iter()
                    .find(|p| &p.path == target)
                    .map(|p| p.shape.iter().product::<u64>())
                    .unwrap_or(0);
                acc.saturating_add(extra)
            })
    }

    /// Structural checks: tied targets exist, sibling names are unique, no empty tensors.
    ///
    /// Equivalent to checking every tied target against [`Module::named_parameters`], but
    /// without materialising every path: each target is resolved by descending only into the
    /// children whose path is a prefix of it.
    pub fn validate(&self) -> Result<(), String> {
        let mut here = String::new();
        self.validate_tied(self, &mut here, true)?;
        self.validate_names()
    }

    /// Walks tied markers in [`Module::tied_parameters`] order; `here` is this module's
    /// dotted path (a reused buffer).
    fn validate_tied(&self, root: &Module, here: &mut String, is_root: bool) -> Result<(), String> {
        let len = here.len();
        if !is_root {
            if !here.is_empty() {
                here.push('.');
            }
            here.push_str(&self.name);
        }
        for t in &self.tied {
            if !root.has_param_path(&t.target_path) {
                let slot = if here.is_empty() {
                    t.name.clone()
                } else {
                    format!("{here}.{}", t.name)
                };
                return Err(format!(
                    "tied parameter {slot} points at missing {}",
                    t.target_path
                ));
            }
        }
        for c in &self.children {
            c.validate_tied(root, here, false)?;
        }
        here.truncate(len);
        Ok(())
    }

    /// True when some row of [`Module::named_parameters`] has exactly this path.
    fn has_param_path(&self, target: &str) -> bool {
        self.param_below(target, true)
    }

    /// `rest` is what follows this module's path in the target; `here_empty` tells whether
    /// that path is empty (the root), which changes how the paths below it are joined.
    fn param_below(&self, rest: &str, here_empty: bool) -> bool {
        let own = self.params.iter().any(|t| {
            if self.kind == ModuleKind::Parameter && !here_empty {
                rest.is_empty()
            } else if here_empty {
                rest == t.name
            } else {
                rest.strip_prefix('.') == Some(t.name.as_str())
            }
        });
        if own {
            return true;
        }
        let below = if here_empty {
            Some(rest)
        } else {
            rest.strip_prefix('.')
        };
        let Some(below) = below else {
            return false;
        };
        self.children.iter().any(|c| {
            below
                .strip_prefix(c.name.as_str())
                .is_some_and(|r| c.param_below(r, here_empty && c.name.is_empty()))
        })
    }

    fn validate_names(&self) -> Result<(), String> {
        let n = self.children.len();
        if n <= 32 {
            for (i, c) in self.children.iter().enumerate() {
                if self.children[..i].iter().any(|p| p.name == c.name) {
                    return Err(format!("duplicate child {} in {}", c.name, self.name));
                }
            }
        } else {
            let mut seen = std::collections::HashSet::with_capacity(n);
            for c in &self.children {
                if !seen.insert(c.name.as_str()) {
                    return Err(format!("duplicate child {} in {}", c.name, self.name));
                }
            }
        }
        for t in &self.params {
            if t.numel() == 0 {
                return Err(format!("empty tensor {} in {}", t.name, self.name));
            }
        }
        self.children.iter().try_for_each(Module::validate_names)
    }
}
