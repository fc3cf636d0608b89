//! Owns the cost model: weight, training and KV-cache memory, FLOPs, the training compute budget, Chinchilla scaling, roofline inference estimates and the feasibility verdicts built on them.
//!
//! Every formula is stated on the item that computes it, with its source. Integer
//! quantities (bytes, FLOPs per token, token counts) are exact `u64` values computed in
//! `u128` and saturated at `u64::MAX` rather than wrapped, so no input can panic or
//! overflow; rates, energies and losses are `f64`.

use crate::hardware::{AcceleratorSpec, DeviceClass, LatencyClass};
use crate::numbers::{gb_value as gb, memory as gigabytes, short_count};
use crate::spec::units::{Duration, Hardware, RateUnit, Throughput};

use serde::Serialize;

/// Model FLOPs utilisation assumed for training and for compute-bound inference. PaLM
/// (Chowdhery et al. 2022, Table 3) reports 46.2 % on TPU v4; well-tuned large runs
/// typically reach 35-45 %, so 40 % is a middle assumption.
pub const MFU: f64 = 0.40;
/// Data-centre power usage effectiveness (facility power / IT power); 1.1 is typical of
/// modern hyperscale facilities. An assumption, not a measurement.
pub const PUE: f64 = 1.1;
/// Grid carbon intensity in kg CO2e per kWh, close to the world average. An assumption.
pub const GRID_KG_CO2_PER_KWH: f64 = 0.4;
/// Compute-optimal training tokens per parameter (Hoffmann et al. 2022, "Chinchilla").
pub const CHINCHILLA_TOKENS_PER_PARAM: u64 = 20;
/// Share of the memory budget the bf16 weights may take before the check warns, leaving
/// room for activations, the runtime and fragmentation.
const TIGHT_MEMORY_SHARE: f64 = 0.9;
/// A roofline estimate is an upper bound, so it must beat the target by this factor to
/// pass outright; between 1x and this it only warns.
const THROUGHPUT_MARGIN: f64 = 1.25;
/// Beyond this many passes over the data, repetition stops paying off (Muennighoff et al.
/// 2023, "Scaling Data-Constrained Language Models": up to about 4 epochs is nearly as
/// good as fresh data).
const USEFUL_EPOCHS: f64 = 4.0;

/// The architecture facts the formulas need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CostKind {
    Transformer {
        layers: u64,
        d_model: u64,
        heads: u64,
        /// Key/value heads; equal to `heads` for multi-head attention, fewer for GQA/MQA.
        /// Zero is read as "same as heads".
        kv_heads: u64,
        head_dim: u64,
        /// Generates token by token and so keeps a KV cache.
        decoder: bool,
    },
    /// Any other network; per-sample figures then come from the IR.
    Other,
}

/// How training runs, as the cost model assumes it. The default is one sample on one
/// device with the fused kernel, no checkpointing and 2-byte activations, until the
/// recipe's training assumptions replace it (`release::with_assumptions`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainingShape {
    /// Samples per device per forward/backward pass (the assumptions' micro-batch).
    pub train_batch: u64,
    /// The attention kernel the code runs: only a kernel that stores the S x S scores
    /// adds the s^2 activation term.
    pub attention_kernel: crate::recipe::AttentionKernel,
    /// Whether activations are recomputed in the backward pass.
    pub activation_checkpointing: bool,
    /// Devices the model state is sharded over (FSDP); 1 when every device holds it all.
    pub state_shards: u64,
    /// Bytes per activation element at the training precision.
    pub activation_element_bytes: u64,
    /// Sampling steps per generated sample (diffusion); one forward per request otherwise.
    pub sampling_steps: Option<u64>,
    /// Samples per optimizer step (the assumptions' global batch): the compute budget is
    /// spent in whole steps of this many samples.
    pub global_batch: u64,
}

impl Default for TrainingShape {
    fn default() -> Self {
        TrainingShape {
            train_batch: 1,
            attention_kernel: crate::recipe::AttentionKernel::Sdpa,
            activation_checkpointing: false,
            state_shards: 1,
            activation_element_bytes: 2,
            sampling_steps: None,
            global_batch: 1,
        }
    }
}

/// Everything the cost model reads, already parsed from the spec and the IR.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostInputs {
    pub total_params: u64,
    /// Parameters in input-embedding tables. Reported only: every formula here uses
    /// `total_params`, as the Chinchilla fits do (Hoffmann et al. count embeddings), so the
    /// 2N forward figure overstates a token lookup's cost by 2 x `embedding_params`.
    pub embedding_params: u64,
    pub kind: CostKind,
    pub context_window: u64,
    pub train_seq_len: u64,
    /// How training runs: micro-batch, kernel, checkpointing, sharding, precision,
    /// sampling steps and global batch.
    #[serde(flatten)]
    pub training: TrainingShape,
    /// Forward FLOPs for one sample (2 x MACs) from the IR, for non-token models.
    pub forward_flops_per_sample: Option<f64>,
    /// Forward FLOPs (2 x MACs) of the layers that read the sample's raw data, from the IR
    /// (`Module::data_input_macs`): their input gradient is never computed, so training
    /// adds one forward's worth of backward for them, not two.
    pub data_input_flops_per_sample: Option<f64>,
    /// What one training sample saves for the backward pass, summed over the IR's module
    /// tree (`Module::saved`), for non-transformers.
    pub saved_for_backward: Option<crate::arch::ir::Saved>,
    pub hardware: Option<Hardware>,
    pub training_duration_seconds: Option<u64>,
    /// Training data as (amount, true when counted in tokens, false when in samples).
    pub data_tokens_or_samples: Option<(u64, bool)>,
    pub memory_budget_bytes: Option<u64>,
    pub throughput: Throughput,
    pub device: DeviceClass,
    pub latency: LatencyClass,
}

/// Weight storage at common precisions (N parameters).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeightMemory {
    pub params: u64,
    pub embedding_params: u64,
    /// 4N bytes.
    pub fp32_bytes: u64,
    /// 2N bytes (also fp16).
    pub bf16_bytes: u64,
    /// N bytes.
    pub int8_bytes: u64,
    /// ceil(N / 2) bytes: two 4-bit values per byte.
    pub int4_bytes: u64,
    pub fp32_gb: f64,
    pub bf16_gb: f64,
    pub int8_gb: f64,
    pub int4_gb: f64,
}

/// Memory for one training replica without sharding.
///
/// Model states follow ZeRO (Rajbhandari et al. 2020, section 3.1) for mixed-precision
/// Adam: bf16 weights (2N) and gradients (2N) plus fp32 master weights, momentum and
/// variance (12N), 16 bytes per parameter in all.
///
/// Activations are what the network's modules save for backward, times the micro-batch
/// (see [`activation_bytes_per_sample`]). With full recomputation a transformer keeps only
/// each layer's input, s*b*h elements per layer (Korthikanti et al. 2022); no recomputation
/// rule is applied to other networks, so their checkpointed figure equals the plain one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainingMemory {
    pub batch: u64,
    pub seq_len: u64,
    /// The attention kernel the activation figure assumes ("sdpa": no s^2 term).
    pub attention_kernel: &'static str,
    /// Whether the per-device figure assumes activation checkpointing.
    pub activation_checkpointing: bool,
    /// Activation bytes one sample stores without checkpointing, at the training
    /// precision: the figure the PyTorch oracle test measures.
    pub activation_bytes_per_sample: Option<u64>,
    /// Devices the model state is sharded over (1 without FSDP).
    pub state_shards: u64,
    /// Model state on one device: 16N bytes over the shards.
    pub model_state_per_device_bytes: u64,
    /// Activations of one micro-batch on one device, with the assumed checkpointing.
    pub activations_per_device_bytes: Option<u64>,
    /// What one training device holds: its share of the state plus one micro-batch's
    /// activations under the assumptions. The feasibility verdict compares this.
    pub per_device_bytes: u64,
    pub weights_bytes: u64,
    pub gradients_bytes: u64,
    pub optimizer_bytes: u64,
    pub model_state_bytes: u64,
    /// None when the IR gave no activation size for a non-transformer.
    pub activation_bytes: Option<u64>,
    pub activation_checkpointed_bytes: Option<u64>,
    pub activation_memory_gb: Option<f64>,
    pub activation_checkpointed_gb: Option<f64>,
    /// Model states plus activations (activations count as zero when unknown).
    pub total_bytes: u64,
    pub total_checkpointed_bytes: u64,
    pub total_gb: f64,
    pub total_checkpointed_gb: f64,
}

/// KV cache for decoders, at bf16: 2 (K and V) * layers * kv_heads * head_dim * 2 bytes
/// per token (e.g. Pope et al. 2022, "Efficiently Scaling Transformer Inference").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KvCache {
    pub bytes_per_token: u64,
    pub context_tokens: u64,
    pub bytes_at_context: u64,
    pub kv_cache_gb: f64,
    /// The same cache if every query head had its own key/value head.
    pub mha_bytes_per_token: u64,
    pub mha_bytes_at_context: u64,
    /// heads / kv_heads: how many times smaller grouped-query attention makes the cache.
    pub gqa_saving_factor: f64,
}

/// FLOPs per token (transformers) and per sample.
///
/// Per token (Kaplan et al. 2020, section 2.1): forward 2N, training 6N (backward is
/// twice the forward). The attention term is PaLM's (Chowdhery et al. 2022, appendix B):
/// 12 * L * H * Q * T training FLOPs per token for L layers, H heads of size Q and
/// sequence length T; H * Q is d_model for these models, so it is 12 * L * d * seq here,
/// at the training sequence length. Per sample: forward from the IR (2 x MACs), and
/// training is three forwards less one forward of the layers that read raw data: autograd
/// never computes their input gradient, so their backward is the weight gradient alone.
/// Without an IR figure an encoder's sample is a full context (2N * context tokens) and
/// another network's is one pass over every weight (2N), a lower bound when weights are
/// reused, as in convolutions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flops {
    pub forward_per_token: Option<u64>,
    pub training_per_token: Option<u64>,
    pub attention_per_token: Option<u64>,
    pub training_per_token_with_attention: Option<u64>,
    pub forward_per_sample: Option<f64>,
    pub training_per_sample: Option<f64>,
    /// Forward FLOPs for one served request: one forward, times the sampling steps for
    /// diffusion models (the steps `infer.py` runs by default).
    pub inference_per_request: Option<f64>,
    /// Sampling steps per request (diffusion), else 1.
    pub steps_per_request: u64,
}

/// Training compute from hardware and duration.
///
/// total FLOPs = count * peak bf16 FLOP/s * seconds * MFU. Trainable tokens = total /
/// training FLOPs per token including attention; samples likewise per sample. Energy in
/// kWh = count * TDP * hours * PUE / 1000 (accelerators only, at their power limit), and
/// CO2e = energy * grid intensity. MFU, PUE and grid intensity are the module constants.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Compute {
    pub hardware: String,
    /// False when the accelerator is unknown and `assumed_accelerator`'s figures are used.
    pub accelerator_known: bool,
    pub assumed_accelerator: &'static str,
    pub count: u32,
    pub peak_flops_per_device: f64,
    pub mfu: f64,
    pub duration_seconds: u64,
    pub device_hours: f64,
    pub total_flops: f64,
    /// Whole optimizer steps the budget pays for: total FLOPs over the training FLOPs of
    /// one step (global batch x sequence length tokens for token models, global batch
    /// samples otherwise). Samples and tokens below are this many steps' worth, so steps x
    /// global batch = samples and samples x sequence length = tokens exactly.
    pub trainable_steps: Option<u64>,
    pub global_batch: u64,
    pub seq_len: u64,
    pub trainable_tokens: Option<u64>,
    pub trainable_samples: Option<u64>,
    pub energy_kwh: f64,
    pub pue: f64,
    pub co2_kg: f64,
    pub grid_kg_co2_per_kwh: f64,
}

/// Chinchilla scaling for decoders (Hoffmann et al. 2022): optimal tokens = 20N, and the
/// fitted loss of `chinchilla_loss`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chinchilla {
    pub params: u64,
    pub optimal_tokens: u64,
    pub loss_at_optimal_tokens: f64,
    pub trainable_tokens: Option<u64>,
    pub loss_at_trainable_tokens: Option<f64>,
    /// Trainable tokens per parameter (the compute budget's ratio).
    pub tokens_per_parameter: Option<f64>,
    pub data_tokens: Option<u64>,
    pub data_tokens_per_parameter: Option<f64>,
}

/// Roofline estimates on the device class's reference accelerator, with bf16 weights
/// (fp16 on parts without bf16; the bytes are the same).
///
/// Decoders: one decode step reads every weight once, so at batch 1 decode tokens/s =
/// bandwidth / bf16 weight bytes and the per-token latency is its inverse; prefill is
/// compute-bound at peak * MFU / 2N tokens/s. Other models: batched samples/s =
/// peak * MFU / forward FLOPs per sample (compute-bound), and the batch-1 latency is
/// max(forward FLOPs / (peak * MFU), weight bytes / bandwidth). KV-cache reads and
/// kernel overheads are ignored, so these are upper bounds on speed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inference {
    pub device: DeviceClass,
    pub accelerator: &'static str,
    pub precision: &'static str,
    pub weight_bytes: u64,
    pub device_memory_bytes: u64,
    pub fits_in_device_memory: bool,
    pub decode_tokens_per_s: Option<f64>,
    pub prefill_tokens_per_s: Option<f64>,
    pub samples_per_s: Option<f64>,
    pub latency_seconds: Option<f64>,
    /// "per_token" for decoders, "per_sample" otherwise.
    pub latency_basis: &'static str,
    /// Network evaluations per request: the sampling steps for diffusion, else 1. The
    /// latency and samples per second above include them.
    pub steps_per_request: u64,
}

/// A feasibility verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    /// The spec and the estimate are in units that cannot be compared; never a pass.
    #[serde(rename = "not_comparable")]
    NotComparable,
    Warn,
    Fail,
}

impl Verdict {
    /// The verdict as written in reports: pass, warn or fail.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::NotComparable => "not comparable",
            Verdict::Warn => "warn",
            Verdict::Fail => "fail",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One check with a sentence a person can act on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeasibilityCheck {
    pub name: String,
    pub verdict: Verdict,
    pub detail: String,
}

/// The whole estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostModel {
    pub weights: WeightMemory,
    pub training_memory: TrainingMemory,
    pub kv_cache: Option<KvCache>,
    pub flops: Flops,
    pub compute: Option<Compute>,
    pub chinchilla: Option<Chinchilla>,
    pub inference: Inference,
    pub feasibility: Vec<FeasibilityCheck>,
    /// The assumptions behind the numbers, in sentences for the documentation.
    pub assumptions: Vec<String>,
}

/// Chinchilla's fitted loss (Hoffmann et al. 2022, Approach 3, eq. 10):
/// L(N, D) = 1.69 + 406.4 / N^0.34 + 410.7 / D^0.28 for N parameters and D tokens.
/// Non-positive inputs give infinity.
pub fn chinchilla_loss(n: f64, d: f64) -> f64 {
    if n.is_nan() || d.is_nan() || n <= 0.0 || d <= 0.0 {
        return f64::INFINITY;
    }
    1.69 + 406.4 / n.powf(0.34) + 410.7 / d.powf(0.28)
}

/// Runs the whole cost model.
pub fn estimate(inputs: &CostInputs) -> CostModel {
    let weights = weight_memory(inputs);
    let training_memory = training_memory(inputs);
    let kv_cache = kv_cache(inputs);
    let flops = flops(inputs);
    let compute = compute(inputs, &flops);
    let chinchilla = chinchilla(inputs, compute.as_ref());
    let inference = inference(inputs, &weights, &flops);
    let mut feasibility = memory_checks(inputs, &weights, kv_cache.as_ref());
    feasibility.push(device_memory_check(&weights, &inference));
    feasibility.push(training_memory_check(inputs, &training_memory));
    feasibility.push(throughput_check(inputs, &inference));
    feasibility.push(data_usage_check(inputs, compute.as_ref()));
    if let Some(chinchilla) = &chinchilla {
        feasibility.push(chinchilla_check(chinchilla));
    }
    feasibility.push(latency_check(inputs, &inference));
    CostModel {
        weights,
        training_memory,
        kv_cache,
        flops,
        compute,
        chinchilla,
        inference,
        feasibility,
        assumptions: assumptions(),
    }
}

fn assumptions() -> Vec<String> {
    [
        "Training memory: mixed-precision Adam, 16 bytes per parameter (Rajbhandari et al. 2020, ZeRO); the total is unsharded, the per-device figure sharded as the recipe states.".to_string(),
        "Activation memory is what each module of the generated network saves for its backward pass, summed over the network at the training precision, each tensor counted once; a fused attention kernel keeps no S x S scores; no tensor or sequence parallelism.".to_string(),
        format!("Training and compute-bound inference run at {}% model FLOPs utilisation (PaLM reports 46%; 35-45% is typical).", crate::numbers::whole_percent(MFU)),
        format!("Energy counts accelerators at their power limit with a PUE of {PUE}; CO2e uses an assumed grid intensity of {GRID_KG_CO2_PER_KWH} kg per kWh."),
        "Inference estimates use bf16 weights on the device class's reference accelerator and are roofline upper bounds (memory-bound decode at batch 1, compute-bound prefill).".to_string(),
        "Memory in GB is decimal (1 GB = 1e9 bytes).".to_string(),
    ]
    .to_vec()
}

// ------------------------------------------------------------------------- arithmetic

/// Exact product, saturated at `u64::MAX`.
fn product(factors: &[u64]) -> u64 {
    let wide = factors
        .iter()
        .fold(1u128, |acc, f| acc.saturating_mul(u128::from(*f)));
    u64::try_from(wide).unwrap_or(u64::MAX)
}

fn is_decoder(kind: CostKind) -> bool {
    matches!(kind, CostKind::Transformer { decoder: true, .. })
}

/// Finite, positive, or nothing.
fn positive(value: f64) -> Option<f64> {
    (value.is_finite() && value > 0.0).then_some(value)
}

// ----------------------------------------------------------------------------- parts

fn weight_memory(inputs: &CostInputs) -> WeightMemory {
    let n = inputs.total_params;
    let fp32_bytes = product(&[n, 4]);
    let bf16_bytes = product(&[n, 2]);
    let int8_bytes = n;
    let int4_bytes = n / 2 + n % 2;
    WeightMemory {
        params: n,
        embedding_params: inputs.embedding_params,
        fp32_bytes,
        bf16_bytes,
        int8_bytes,
        int4_bytes,
        fp32_gb: gb(fp32_bytes),
        bf16_gb: gb(bf16_bytes),
        int8_gb: gb(int8_bytes),
        int4_gb: gb(int4_bytes),
    }
}

/// Activation bytes one training sample stores for the backward pass, at `element_bytes`
/// per floating element.
///
/// One rule for every network: what its module tree saves for backward (`saved`, summed
/// over the IR at the sample's shapes; each module kind's rule is stated on
/// [`crate::arch::ir::Saved`]), each storage once and parameters excluded, the rule
/// `tests/python/cost_oracle.py` measures the generated code by. A transformer's IR is
/// built at the sequence length it trains on. The attention kernel decides attention's own
/// part: a fused kernel's float32 log-sum-exp, or the math kernel's S x S scores and
/// softmax.
///
/// With activation checkpointing a transformer keeps only each layer's input, h per token
/// and layer; checkpointing is not modelled for other networks. None when no figure is
/// known.
pub fn activation_bytes_per_sample(
    kind: CostKind,
    seq_len: u64,
    kernel: crate::recipe::AttentionKernel,
    checkpointed: bool,
    saved: Option<crate::arch::ir::Saved>,
    element_bytes: u64,
) -> Option<u64> {
    match kind {
        CostKind::Transformer {
            layers, d_model, ..
        } if checkpointed => Some(product(&[seq_len, d_model, layers, element_bytes])),
        _ => saved
            .filter(|s| *s != crate::arch::ir::Saved::default())
            .map(|s| s.bytes(element_bytes, kernel)),
    }
}

fn training_memory(inputs: &CostInputs) -> TrainingMemory {
    let n = inputs.total_params;
    let (b, s) = (inputs.training.train_batch, inputs.train_seq_len);
    let per_sample = |checkpointed: bool| {
        activation_bytes_per_sample(
            inputs.kind,
            s,
            inputs.training.attention_kernel,
            checkpointed,
            inputs.saved_for_backward,
            inputs.training.activation_element_bytes,
        )
    };
    let activation = per_sample(false).map(|bytes| product(&[bytes, b]));
    let checkpointed = per_sample(true).map(|bytes| product(&[bytes, b]));
    let model_state = product(&[n, 16]);
    let shards = inputs.training.state_shards.max(1);
    let state_per_device = model_state.div_ceil(shards);
    let activations_per_device = if inputs.training.activation_checkpointing {
        checkpointed
    } else {
        activation
    };
    let total = model_state.saturating_add(activation.unwrap_or(0));
    let total_checkpointed = model_state.saturating_add(checkpointed.unwrap_or(0));
    TrainingMemory {
        batch: b,
        seq_len: s,
        attention_kernel: inputs.training.attention_kernel.as_str(),
        activation_checkpointing: inputs.training.activation_checkpointing,
        activation_bytes_per_sample: per_sample(false),
        state_shards: shards,
        model_state_per_device_bytes: state_per_device,
        activations_per_device_bytes: activations_per_device,
        per_device_bytes: state_per_device.saturating_add(activations_per_device.unwrap_or(0)),
        weights_bytes: product(&[n, 2]),
        gradients_bytes: product(&[n, 2]),
        optimizer_bytes: product(&[n, 12]),
        model_state_bytes: model_state,
        activation_bytes: activation,
        activation_checkpointed_bytes: checkpointed,
        activation_memory_gb: activation.map(gb),
        activation_checkpointed_gb: checkpointed.map(gb),
        total_bytes: total,
        total_checkpointed_bytes: total_checkpointed,
        total_gb: gb(total),
        total_checkpointed_gb: gb(total_checkpointed),
    }
}

fn kv_cache(inputs: &CostInputs) -> Option<KvCache> {
    let CostKind::Transformer {
        layers,
        heads,
        kv_heads,
        head_dim,
        decoder: true,
        ..
    } = inputs.kind
    else {
        return None;
    };
    let kv_heads = if kv_heads == 0 { heads } else { kv_heads };
    let bytes_per_token = product(&[2, layers, kv_heads, head_dim, 2]);
    let mha_bytes_per_token = product(&[2, layers, heads, head_dim, 2]);
    let bytes_at_context = product(&[bytes_per_token, inputs.context_window]);
    Some(KvCache {
        bytes_per_token,
        context_tokens: inputs.context_window,
        bytes_at_context,
        kv_cache_gb: gb(bytes_at_context),
        mha_bytes_per_token,
        mha_bytes_at_context: product(&[mha_bytes_per_token, inputs.context_window]),
        gqa_saving_factor: if kv_heads == 0 {
            1.0
        } else {
            heads as f64 / kv_heads as f64
        },
    })
}

fn flops(inputs: &CostInputs) -> Flops {
    let n = inputs.total_params;
    let steps = inputs.training.sampling_steps.unwrap_or(1).max(1);
    let given = inputs.forward_flops_per_sample.and_then(positive);
    // Backward is twice the forward for every layer whose input needs a gradient, and once
    // the forward (the weight gradient alone) for the layers that read raw data.
    let data_input = inputs.data_input_flops_per_sample.unwrap_or(0.0);
    let train_from_forward = |forward: f64| 3.0 * forward - data_input.min(forward);
    match inputs.kind {
        CostKind::Transformer {
            layers,
            d_model,
            decoder,
            ..
        } => {
            let training = product(&[6, n]);
            let attention = product(&[12, layers, d_model, inputs.train_seq_len]);
            let per_sample = match (given, decoder) {
                (Some(flops), _) => Some(flops),
                (None, false) => Some(2.0 * n as f64 * inputs.context_window as f64),
                (None, true) => None,
            };
            Flops {
                forward_per_token: Some(product(&[2, n])),
                training_per_token: Some(training),
                attention_per_token: Some(attention),
                training_per_token_with_attention: Some(training.saturating_add(attention)),
                forward_per_sample: per_sample,
                training_per_sample: per_sample.map(train_from_forward),
                inference_per_request: per_sample.map(|f| f * steps as f64),
                steps_per_request: steps,
            }
        }
        CostKind::Other => {
            let forward = given.unwrap_or(2.0 * n as f64);
            let training_per_sample = train_from_forward(forward);
            Flops {
                forward_per_token: None,
                training_per_token: None,
                attention_per_token: None,
                training_per_token_with_attention: None,
                forward_per_sample: Some(forward),
                training_per_sample: Some(training_per_sample),
                inference_per_request: Some(forward * steps as f64),
                steps_per_request: steps,
            }
        }
    }
}

fn compute(inputs: &CostInputs, flops: &Flops) -> Option<Compute> {
    let hardware = inputs.hardware.as_ref()?;
    let seconds = inputs.training_duration_seconds?;
    let spec: &AcceleratorSpec = hardware.spec();
    let count = f64::from(hardware.count);
    let total_flops = count * spec.peak_bf16_flops * seconds as f64 * MFU;
    let batch = inputs.training.global_batch.max(1);
    let per_token = flops.training_per_token_with_attention;
    let seq = if per_token.is_some() {
        inputs.train_seq_len.max(1)
    } else {
        1
    };
    let step_flops = match per_token {
        Some(f) => positive(f as f64 * seq as f64 * batch as f64),
        None => flops
            .training_per_sample
            .and_then(|f| positive(f * batch as f64)),
    };
    let steps = step_flops.map(|f| (total_flops / f) as u64);
    let samples = steps.map(|n| product(&[n, batch]));
    let hours = seconds as f64 / 3600.0;
    let energy_kwh = count * spec.tdp_watts * hours * PUE / 1000.0;
    Some(Compute {
        hardware: hardware.to_string(),
        accelerator_known: hardware.known.is_some(),
        assumed_accelerator: spec.name,
        count: hardware.count,
        peak_flops_per_device: spec.peak_bf16_flops,
        mfu: MFU,
        duration_seconds: seconds,
        device_hours: count * hours,
        total_flops,
        trainable_steps: steps,
        global_batch: batch,
        seq_len: seq,
        trainable_tokens: per_token.and(samples).map(|n| product(&[n, seq])),
        trainable_samples: samples,
        energy_kwh,
        pue: PUE,
        co2_kg: energy_kwh * GRID_KG_CO2_PER_KWH,
        grid_kg_co2_per_kwh: GRID_KG_CO2_PER_KWH,
    })
}

fn chinchilla(inputs: &CostInputs, compute: Option<&Compute>) -> Option<Chinchilla> {
    let n = inputs.total_params;
    if !is_decoder(inputs.kind) || n == 0 {
        return None;
    }
    let optimal_tokens = product(&[n, CHINCHILLA_TOKENS_PER_PARAM]);
    let trainable_tokens = compute.and_then(|c| c.trainable_tokens);
    let data_tokens = match inputs.data_tokens_or_samples {
        Some((tokens, true)) => Some(tokens),
        _ => None,
    };
    let ratio = |tokens: u64| tokens as f64 / n as f64;
    let loss = |tokens: u64| positive(tokens as f64).map(|d| chinchilla_loss(n as f64, d));
    Some(Chinchilla {
        params: n,
        optimal_tokens,
        loss_at_optimal_tokens: chinchilla_loss(n as f64, optimal_tokens as f64),
        trainable_tokens,
        loss_at_trainable_tokens: trainable_tokens.and_then(loss),
        tokens_per_parameter: trainable_tokens.map(ratio),
        data_tokens,
        data_tokens_per_parameter: data_tokens.map(ratio),
    })
}

fn inference(inputs: &CostInputs, weights: &WeightMemory, flops: &Flops) -> Inference {
    let spec = inputs.device.reference_accelerator();
    let bytes = weights.bf16_bytes;
    let compute_rate = spec.peak_bf16_flops * MFU;
    let memory_time = positive(bytes as f64 / spec.bandwidth_bytes_per_s);
    let prefill = match inputs.kind {
        CostKind::Transformer { .. } => positive(compute_rate / (2.0 * inputs.total_params as f64)),
        CostKind::Other => None,
    };
    let decoder = is_decoder(inputs.kind);
    let (decode, samples, latency) = if decoder {
        (memory_time.map(|t| 1.0 / t), None, memory_time)
    } else {
        // A diffusion request runs the network once per sampling step; each step reads
        // every weight again.
        let forward = flops.inference_per_request.and_then(positive);
        let memory_time = memory_time.map(|t| t * flops.steps_per_request as f64);
        let samples = forward.and_then(|f| positive(compute_rate / f));
        let compute_time = forward.map(|f| f / compute_rate);
        let latency = match (compute_time, memory_time) {
            (Some(c), Some(m)) => Some(c.max(m)),
            (one, other) => one.or(other),
        };
        (None, samples, latency)
    };
    Inference {
        device: inputs.device,
        accelerator: spec.name,
        precision: "bf16",
        weight_bytes: bytes,
        device_memory_bytes: spec.memory_bytes,
        fits_in_device_memory: bytes <= spec.memory_bytes,
        decode_tokens_per_s: decode,
        prefill_tokens_per_s: prefill,
        samples_per_s: samples,
        latency_seconds: latency,
        latency_basis: if decoder { "per_token" } else { "per_sample" },
        steps_per_request: flops.steps_per_request,
    }
}

// The feasibility checks live in their own file to keep each file short.
mod checks;
pub use checks::{Served, environment_steps_check, served_checks};
use checks::{
    chinchilla_check, data_usage_check, device_memory_check, latency_check, memory_checks,
    throughput_check, training_memory_check,
};

#[cfg(test)]
mod tests;
