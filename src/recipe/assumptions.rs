//! The training and serving assumptions the recipe owns: sequence length, parallelism,
//! micro-batch and gradient accumulation, activation checkpointing, attention kernel,
//! precision and sampling steps. The cost model reads them, `params_estimate.json` records
//! them, and the generated `train.py`/`infer.py` take them as their defaults, so a figure
//! and the code it describes rest on the same choices.

use serde::Serialize;

use crate::arch::Blueprint;
use crate::arch::cost::{self, CostKind};
use crate::spec::ResolvedSpec;

/// DDIM steps `infer.py` runs by default for diffusion models (Song et al., 2021, show
/// usable samples from 10 steps); the latency estimate multiplies one step by this.
pub const DEFAULT_SAMPLING_STEPS: u64 = 10;

/// Share of a training device's memory the assumptions may plan for; the rest is left to
/// the runtime, the allocator's fragmentation and communication buffers.
const USABLE_DEVICE_SHARE: f64 = 0.9;

/// Above this share of one device's memory the unsharded model state (weights, gradients
/// and Adam state) leaves too little room for activations, so the recipe shards it.
const SHARD_ABOVE_SHARE: f64 = 0.5;

/// How the model state is laid out over the training devices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Parallelism {
    /// Every device holds the whole model state (DistributedDataParallel).
    Ddp,
    /// Weights, gradients and optimizer state sharded over the devices (FSDP, ZeRO-3).
    Fsdp,
}

impl Parallelism {
    /// The name used in documents and in `RECIPE["parallelism"]`.
    pub fn as_str(self) -> &'static str {
        match self {
            Parallelism::Ddp => "ddp",
            Parallelism::Fsdp => "fsdp",
        }
    }
}

/// The attention implementation the code runs and the cost model assumes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AttentionKernel {
    /// `scaled_dot_product_attention` with a fused (flash or memory-efficient) kernel: the
    /// S x S score matrix is never stored.
    Sdpa,
    /// Explicit softmax(QK^T)V: the S x S scores are kept for the backward pass.
    Math,
}

impl AttentionKernel {
    /// The name used in documents and in `RECIPE["attention_kernel"]`.
    pub fn as_str(self) -> &'static str {
        match self {
            AttentionKernel::Sdpa => "sdpa",
            AttentionKernel::Math => "math",
        }
    }

    /// Whether the S x S attention scores are stored for the backward pass.
    pub fn stores_scores(self) -> bool {
        self == AttentionKernel::Math
    }
}

/// The choices every training and serving figure rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainingAssumptions {
    /// Tokens per training sequence (1 for models that do not read token sequences).
    pub seq_len: u64,
    /// Data parallelism with the whole state per device, or sharded state.
    pub parallelism: Parallelism,
    /// Devices the batch and (under FSDP) the state are spread over: the hardware count.
    pub degree: u64,
    /// Samples per device per forward/backward pass.
    pub micro_batch: u64,
    /// Micro-batches accumulated before each optimizer step.
    pub grad_accum: u64,
    /// Samples per optimizer step: micro_batch x grad_accum x degree.
    pub global_batch: u64,
    /// Whether each block's activations are recomputed in the backward pass.
    pub activation_checkpointing: bool,
    /// The attention kernel of the generated code.
    pub attention_kernel: AttentionKernel,
    /// Training precision (autocast dtype; the optimizer state stays fp32).
    pub precision: String,
    /// Sampling steps per generated sample (diffusion models only).
    pub sampling_steps: Option<u64>,
    /// Why each choice was made, in sentences for the documents.
    pub reasons: Vec<String>,
}

impl TrainingAssumptions {
    /// Bytes per activation element at the training precision.
    pub fn activation_element_bytes(&self) -> u64 {
        if self.precision == "fp32" { 4 } else { 2 }
    }
}

/// The training sequence length the recipe assumes: a transformer trains on full
/// sequences of the length it is built for (a decoder's context window, an encoder's
/// patches or frames); any other model reads one sample, counted as length 1.
pub fn training_seq_len(blueprint: &Blueprint) -> u64 {
    blueprint
        .transformer_shape
        .as_ref()
        .map_or(1, |s| s.seq_len.max(1))
}

/// The kernel for the spec's `architecture.attention`. The resolver accepts only exact
/// attention (`full`, or `flash`, its fused kernel), which the generated code runs with
/// `scaled_dot_product_attention`: the fused kernel, so the S x S scores are never stored.
/// When the spec names the attention, a reason says how it was read.
fn attention_kernel(resolved: &ResolvedSpec, reasons: &mut Vec<String>) -> AttentionKernel {
    let kernel = AttentionKernel::Sdpa;
    if let Some(attention) = resolved.spec.architecture.attention {
        reasons.push(format!(
            "Attention kernel {}: the spec's `{attention}` attention is exact attention, which the generated code computes with the fused scaled_dot_product_attention kernel, so the S x S scores are not stored.",
            kernel.as_str()
        ));
    }
    kernel
}

/// The largest micro-batch per device the search considers (samples).
const MAX_MICRO_BATCH: u64 = 1 << 16;

/// The assumptions for a blueprint trained on the spec's hardware with `requested_batch`
/// samples per step.
///
/// The sharding follows the model state: FSDP over every device once the 16 bytes per
/// parameter of mixed-precision Adam pass half a device, DDP below that. The micro-batch
/// is the largest divisor of the per-device batch whose activations fit in what the state
/// leaves of 90% of a device; activation checkpointing is switched on only when one sample
/// does not fit without it. The global batch is the requested one rounded up to a whole
/// number of samples per device.
pub fn assume(
    resolved: &ResolvedSpec,
    blueprint: &Blueprint,
    kind: CostKind,
    requested_batch: u64,
    precision: &str,
    diffusion: bool,
) -> TrainingAssumptions {
    let seq_len = training_seq_len(blueprint);
    let mut reasons = Vec::new();
    let attention_kernel = attention_kernel(resolved, &mut reasons);
    let degree = u64::from(resolved.hardware.count.max(1));
    let device_bytes = resolved.hardware.spec().memory_bytes as f64;
    let usable = device_bytes * USABLE_DEVICE_SHARE;
    let state_bytes = 16.0 * blueprint.total_params as f64;
    let parallelism = if degree > 1 && state_bytes > device_bytes * SHARD_ABOVE_SHARE {
        reasons.push(format!(
            "FSDP over all {} devices: unsharded, the model state (16 bytes per parameter) would take {}% of one device's memory.",
            crate::numbers::group_digits(degree),
            crate::numbers::whole_percent(state_bytes / device_bytes)
        ));
        Parallelism::Fsdp
    } else {
        reasons.push(
            "DDP: the whole model state fits on each device with room for activations.".to_string(),
        );
        Parallelism::Ddp
    };
    let state_per_device = match parallelism {
        Parallelism::Fsdp => state_bytes / degree as f64,
        Parallelism::Ddp => state_bytes,
    };
    let room = (usable - state_per_device).max(0.0);
    let element_bytes = if precision == "fp32" { 4 } else { 2 };
    let per_sample = |checkpointed: bool| {
        cost::activation_bytes_per_sample(
            kind,
            seq_len,
            attention_kernel,
            checkpointed,
            Some(blueprint.root.saved),
            element_bytes,
        )
        .unwrap_or(0) as f64
    };
    let activation_checkpointing = per_sample(false) > room;
    if activation_checkpointing {
        reasons.push(
            "Activation checkpointing: one sample's activations do not fit beside the model state without it."
                .to_string(),
        );
    }
    let sample_bytes = per_sample(activation_checkpointing);
    let per_device = requested_batch.max(1).div_ceil(degree);
    // The search walks down from the largest micro-batch worth trying, so a
    // fuzzed batch of 2^64 - 1 costs at most MAX_MICRO_BATCH steps.
    let micro_batch = (1..=per_device.min(MAX_MICRO_BATCH))
        .rev()
        .filter(|m| per_device % m == 0)
        .find(|m| *m as f64 * sample_bytes <= room)
        .unwrap_or(1);
    let grad_accum = per_device / micro_batch;
    let global_batch = micro_batch
        .saturating_mul(grad_accum)
        .saturating_mul(degree);
    if global_batch != requested_batch {
        reasons.push(format!(
            "Global batch {}: the recipe's {} rounded up to a whole number of samples on each of {} devices.",
            crate::numbers::group_digits(global_batch),
            crate::numbers::group_digits(requested_batch),
            crate::numbers::group_digits(degree),
        ));
    }
    TrainingAssumptions {
        seq_len,
        parallelism,
        degree,
        micro_batch,
        grad_accum,
        global_batch,
        activation_checkpointing,
        attention_kernel,
        precision: precision.to_string(),
        sampling_steps: diffusion.then_some(DEFAULT_SAMPLING_STEPS),
        reasons,
    }
}
