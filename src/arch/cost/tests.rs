//! Tests for the cost model; reference figures (Llama-3-8B and friends) are worked out by hand from the stated formulas.

use super::*;
use proptest::prelude::*;

/// Llama-3-8B total parameter count.
const LLAMA3_8B: u64 = 8_030_261_248;

fn llama3_8b() -> CostInputs {
    CostInputs {
        total_params: LLAMA3_8B,
        embedding_params: 525_336_576,
        kind: CostKind::Transformer {
            layers: 32,
            d_model: 4096,
            heads: 32,
            kv_heads: 8,
            head_dim: 128,
            decoder: true,
        },
        context_window: 131_072,
        train_seq_len: 8192,
        training: TrainingShape::default(),
        forward_flops_per_sample: None,
        data_input_flops_per_sample: None,
        saved_for_backward: None,
        hardware: None,
        training_duration_seconds: None,
        data_tokens_or_samples: None,
        memory_budget_bytes: None,
        throughput: Throughput::Text("fast enough".to_string()),
        device: DeviceClass::ConsumerGpu,
        latency: LatencyClass::Batch,
    }
}

fn find<'a>(model: &'a CostModel, name: &str) -> &'a FeasibilityCheck {
    match model.feasibility.iter().find(|c| c.name == name) {
        Some(check) => check,
        None => panic!("no check named {name}: {:?}", model.feasibility),
    }
}

fn hardware(text: &str) -> Option<Hardware> {
    Hardware::parse(text).ok()
}

#[test]
fn llama3_8b_weight_bytes() {
    let w = estimate(&llama3_8b()).weights;
    assert_eq!(w.bf16_bytes, 16_060_522_496);
    assert_eq!(w.fp32_bytes, 32_121_044_992);
    assert_eq!(w.int8_bytes, 8_030_261_248);
    assert_eq!(w.int4_bytes, 4_015_130_624);
    assert!((w.bf16_gb - 16.060522496).abs() < 1e-9);
    let odd = estimate(&CostInputs {
        total_params: 3,
        ..llama3_8b()
    });
    assert_eq!(odd.weights.int4_bytes, 2);
}

#[test]
fn llama3_8b_kv_cache() {
    let kv = estimate(&llama3_8b()).kv_cache;
    let Some(kv) = kv else {
        panic!("a decoder must have a KV cache");
    };
    // 2 (K, V) x 32 layers x 8 KV heads x 128 dims x 2 bytes.
    assert_eq!(kv.bytes_per_token, 131_072);
    // 131,072 x 131,072 = 2^34 bytes = 16 GiB.
    assert_eq!(kv.bytes_at_context, 17_179_869_184);
    assert_eq!(kv.mha_bytes_per_token, 524_288);
    assert_eq!(kv.gqa_saving_factor, 4.0);
    assert!((kv.kv_cache_gb - 17.179869184).abs() < 1e-9);
}

#[test]
fn llama3_8b_flops() {
    let f = estimate(&llama3_8b()).flops;
    assert_eq!(f.forward_per_token, Some(16_060_522_496));
    assert_eq!(f.training_per_token, Some(48_181_567_488));
    // 12 x 32 x 4096 x 8192.
    assert_eq!(f.attention_per_token, Some(12_884_901_888));
    assert_eq!(f.training_per_token_with_attention, Some(61_066_469_376));
    assert_eq!(f.forward_per_sample, None);
}

#[test]
fn chinchilla_loss_matches_reference() {
    let loss = chinchilla_loss(8.03e9, 15e12);
    assert!((loss - 1.9483096526156487).abs() < 1e-4, "{loss}");
    assert_eq!(chinchilla_loss(0.0, 1e12), f64::INFINITY);
    assert_eq!(chinchilla_loss(1e9, f64::NAN), f64::INFINITY);
    let model = estimate(&llama3_8b());
    let Some(c) = model.chinchilla else {
        panic!("a decoder must have Chinchilla figures");
    };
    assert_eq!(c.optimal_tokens, 160_605_224_960);
    assert!(c.loss_at_optimal_tokens > 1.69 && c.loss_at_optimal_tokens < 3.0);
}

/// What the module tree saves, as a hand-made figure: 10^9 floating elements, 8 MB of
/// int64 indices, the fused kernel's log-sum-exp and the math kernel's scores.
fn saved_figure() -> crate::arch::ir::Saved {
    crate::arch::ir::Saved {
        elems: 1_000_000_000,
        fixed_bytes: 8_000_000,
        fused_lse_bytes: 16_777_216,
        math_score_elems: 268_435_456,
    }
}

#[test]
fn training_memory_follows_zero_and_the_saved_tensors() {
    let inputs = CostInputs {
        train_seq_len: 2048,
        saved_for_backward: Some(saved_figure()),
        ..llama3_8b()
    };
    let m = estimate(&inputs).training_memory;
    assert_eq!(m.model_state_bytes, 128_484_179_968);
    assert_eq!(m.optimizer_bytes, 96_363_134_976);
    // 10^9 elements x 2 bytes + 8,000,000 index bytes + 16,777,216 log-sum-exp bytes; no
    // S x S term: the kernel is SDPA.
    assert_eq!(m.attention_kernel, "sdpa");
    assert_eq!(m.activation_bytes, Some(2_024_777_216));
    // Checkpointed: each layer's input, 2048 x 4096 x 32 layers x 2 bytes.
    assert_eq!(m.activation_checkpointed_bytes, Some(536_870_912));
    assert_eq!(m.total_bytes, 128_484_179_968 + 2_024_777_216);
    assert_eq!(m.total_checkpointed_bytes, 129_021_050_880);
    // The math kernel keeps the scores (268,435,456 elements x 2 bytes) instead of the
    // log-sum-exp: 2,000,000,000 + 8,000,000 + 536,870,912.
    let math = estimate(&CostInputs {
        training: TrainingShape {
            attention_kernel: crate::recipe::AttentionKernel::Math,
            ..inputs.training.clone()
        },
        ..inputs.clone()
    })
    .training_memory;
    assert_eq!(math.activation_bytes, Some(2_544_870_912));
    // fp32 training doubles the floating part only.
    let fp32 = estimate(&CostInputs {
        training: TrainingShape {
            activation_element_bytes: 4,
            ..inputs.training.clone()
        },
        ..inputs.clone()
    })
    .training_memory;
    assert_eq!(fp32.activation_bytes, Some(4_024_777_216));
}

/// The module rule on a tiny tree, counted by hand: a pre-LN GELU transformer block of
/// width 8, 2 heads and feed-forward 32 over 4 tokens.
#[test]
fn a_tiny_transformer_block_saves_what_autograd_keeps() {
    use crate::arch::blocks::{AttnNames, BlockCfg, Pos, transformer_block};
    let block = transformer_block(
        "0",
        &BlockCfg::pre_ln(8, 2, 32, AttnNames::Split),
        &Pos::tokens(4),
    );
    // Per token: each LayerNorm its input and mean and rstd (8 + 2, twice); q_proj its
    // input (8; k_proj and v_proj read the same storage); SDPA q, k, v and its output (4 x
    // 8); o_proj its input (8); fc1 its input (8), GELU its input (32), fc2 GELU's output
    // (32). 20 + 8 + 32 + 8 + 72 = 140 elements, x 4 tokens.
    assert_eq!(block.saved.elems, 560);
    assert_eq!(block.saved.fixed_bytes, 0);
    // A float32 log-sum-exp per head and token: 2 x 4 x 4 bytes.
    assert_eq!(block.saved.fused_lse_bytes, 32);
    // Math kernel: scores and softmax, 2 heads x 4 x 4, twice.
    assert_eq!(block.saved.math_score_elems, 64);
}

/// The rule on a tiny convolutional tree: a ResNet basic block with a strided shortcut,
/// 4 to 8 channels on an 8 x 8 input.
#[test]
fn a_tiny_basic_block_saves_what_autograd_keeps() {
    use crate::arch::blocks_conv::{Hw, basic_block};
    let (block, out) = basic_block("0", 4, 8, 2, Hw::new(8, 8));
    assert_eq!(out, Hw::new(4, 4));
    // conv1 its input (4 x 64 = 256); bn1 conv1's output and a mean and invstd per channel
    // (8 x 16 + 16 = 144); conv2 the ReLU output (128); bn2 likewise (144); the shortcut
    // convolution reads conv1's input (nothing new) and its BatchNorm keeps 144.
    assert_eq!(block.saved.elems, 256 + 144 + 128 + 144 + 144);
    assert_eq!(block.saved.fused_lse_bytes, 0);
}

/// Embedding lookups keep their int64 indices, whatever the training precision.
#[test]
fn embeddings_keep_int64_indices() {
    use crate::arch::blocks::{Pos, embedding};
    let table = embedding("wte", 1000, 16, &Pos::tokens(5));
    assert_eq!(table.saved.elems, 0);
    assert_eq!(table.saved.fixed_bytes, 40);
}

#[test]
fn per_device_memory_shards_the_state_and_keeps_one_micro_batch() {
    let inputs = CostInputs {
        train_seq_len: 2048,
        training: TrainingShape {
            train_batch: 2,
            state_shards: 8,
            activation_checkpointing: true,
            ..TrainingShape::default()
        },
        ..llama3_8b()
    };
    let m = estimate(&inputs).training_memory;
    // 128,484,179,968 / 8 devices, plus two samples' checkpointed inputs (2 x 536,870,912).
    assert_eq!(m.model_state_per_device_bytes, 16_060_522_496);
    assert_eq!(m.activations_per_device_bytes, Some(1_073_741_824));
    assert_eq!(m.per_device_bytes, 17_134_264_320);
}

#[test]
fn compute_energy_and_trainable_tokens() {
    let inputs = CostInputs {
        hardware: hardware("8xH100"),
        training_duration_seconds: Some(86_400),
        ..llama3_8b()
    };
    let Some(c) = estimate(&inputs).compute else {
        panic!("hardware and duration give a compute estimate");
    };
    // 8 x 989.4e12 x 86,400 x 0.4.
    assert!((c.total_flops / 2.73549312e20 - 1.0).abs() < 1e-12);
    // 8 x 700 W x 24 h x 1.1 / 1000, and x 0.4 kg/kWh.
    assert!((c.energy_kwh - 147.84).abs() < 1e-9);
    assert!((c.co2_kg - 59.136).abs() < 1e-9);
    assert_eq!(c.device_hours, 192.0);
    // Per token 6N + 12 x 32 x 4096 x 8192 = 61,069,901,824 FLOPs, so one step of one
    // 8192-token sequence costs 5.003e17 and the budget pays 546,818 whole steps; tokens
    // and samples are those steps' worth (4,479,533,773 tokens before rounding to steps).
    assert_eq!(c.trainable_steps, Some(546_818));
    assert_eq!(c.trainable_samples, Some(546_818));
    assert_eq!(c.trainable_tokens, Some(546_818 * 8192));
    assert!(c.accelerator_known);
}

#[test]
fn unknown_accelerator_uses_h100_figures() {
    let inputs = CostInputs {
        hardware: hardware("4xX100"),
        training_duration_seconds: Some(3_600),
        ..llama3_8b()
    };
    let c = estimate(&inputs).compute;
    assert_eq!(c.as_ref().map(|c| c.accelerator_known), Some(false));
    assert_eq!(c.map(|c| c.assumed_accelerator), Some("H100"));
}

#[test]
fn memory_budget_verdicts() {
    let with_budget = |gb: u64| {
        estimate(&CostInputs {
            memory_budget_bytes: Some(gb * 1_000_000_000),
            ..llama3_8b()
        })
    };
    let over = with_budget(12);
    let weights = find(&over, "memory_budget_weights");
    assert_eq!(weights.verdict, Verdict::Fail);
    assert_eq!(
        weights.detail,
        "bf16 weights need 16.1 GB but the memory budget is 12.0 GB; quantize to int8 (8.03 GB) or lower the parameter budget to about 6B"
    );
    assert_eq!(find(&over, "memory_budget_kv_cache").verdict, Verdict::Fail);

    let tight = with_budget(17);
    assert_eq!(find(&tight, "memory_budget_weights").verdict, Verdict::Warn);

    let fits = with_budget(24);
    assert_eq!(find(&fits, "memory_budget_weights").verdict, Verdict::Pass);
    let kv = find(&fits, "memory_budget_kv_cache");
    assert_eq!(kv.verdict, Verdict::Warn);
    // (24e9 - 16,060,522,496) / 131,072 bytes per token.
    assert!(kv.detail.contains("about 60,573 tokens"), "{}", kv.detail);

    let roomy = with_budget(80);
    assert_eq!(
        find(&roomy, "memory_budget_kv_cache").verdict,
        Verdict::Pass
    );

    let tiny = with_budget(1);
    assert!(
        find(&tiny, "memory_budget_weights")
            .detail
            .contains("even int4")
    );

    let none = estimate(&llama3_8b());
    assert_eq!(find(&none, "memory_budget_weights").verdict, Verdict::Pass);
}

#[test]
fn device_memory_verdicts() {
    let consumer = estimate(&llama3_8b());
    assert_eq!(find(&consumer, "device_memory").verdict, Verdict::Pass);
    let mobile = estimate(&CostInputs {
        device: DeviceClass::Mobile,
        ..llama3_8b()
    });
    let check = find(&mobile, "device_memory");
    assert_eq!(check.verdict, Verdict::Warn);
    assert!(check.detail.contains("int8 (8.03 GB)") || check.detail.contains("int4"));
}

#[test]
fn throughput_verdicts() {
    let with_target = |text: &str| {
        estimate(&CostInputs {
            throughput: Throughput::parse(text),
            ..llama3_8b()
        })
    };
    // RTX 4090: 1,008e9 B/s / 16,060,522,496 B = 62.76 tok/s.
    let model = with_target("120 tok/s");
    let decode = model.inference.decode_tokens_per_s.unwrap_or(0.0);
    assert!((decode - 62.762590709676495).abs() < 1e-9);
    assert_eq!(find(&model, "throughput").verdict, Verdict::Fail);
    assert_eq!(
        find(&with_target("30 tok/s"), "throughput").verdict,
        Verdict::Pass
    );
    assert_eq!(
        find(&with_target("55 tok/s"), "throughput").verdict,
        Verdict::Warn
    );
    // A target that cannot be compared is its own verdict, never a pass.
    let text = with_target("fast enough");
    assert_eq!(find(&text, "throughput").verdict, Verdict::NotComparable);
    assert!(find(&text, "throughput").detail.contains("not comparable"));
    let frames = with_target("30 fps");
    assert_eq!(find(&frames, "throughput").verdict, Verdict::NotComparable);
    assert!(
        find(&frames, "throughput")
            .detail
            .contains("not comparable")
    );
}

#[test]
fn image_model_estimates() {
    let inputs = CostInputs {
        total_params: 25_600_000,
        embedding_params: 0,
        kind: CostKind::Other,
        forward_flops_per_sample: Some(8.2e9),
        data_input_flops_per_sample: None,
        saved_for_backward: Some(crate::arch::ir::Saved::elems(10_000_000)),
        training: TrainingShape {
            train_batch: 256,
            ..TrainingShape::default()
        },
        device: DeviceClass::Edge,
        latency: LatencyClass::RealTime,
        throughput: Throughput::parse("30 fps"),
        ..llama3_8b()
    };
    let model = estimate(&inputs);
    assert_eq!(model.kv_cache, None);
    assert_eq!(model.chinchilla, None);
    assert_eq!(model.flops.training_per_sample, Some(3.0 * 8.2e9));
    // 1e7 elements x 256 samples x 2 bytes.
    assert_eq!(model.training_memory.activation_bytes, Some(5_120_000_000));
    // Orin: 42.5e12 x 0.4 / 8.2e9.
    let rate = model.inference.samples_per_s.unwrap_or(0.0);
    assert!((rate - 2073.170731707317).abs() < 1e-6);
    assert_eq!(find(&model, "throughput").verdict, Verdict::Pass);
    assert_eq!(find(&model, "latency").verdict, Verdict::Pass);
}

#[test]
fn data_usage_and_chinchilla_verdicts() {
    let with_data = |tokens: u64| {
        estimate(&CostInputs {
            hardware: hardware("8xH100"),
            training_duration_seconds: Some(86_400),
            data_tokens_or_samples: Some((tokens, true)),
            ..llama3_8b()
        })
    };
    let big = with_data(15_000_000_000_000);
    assert_eq!(find(&big, "training_data_usage").verdict, Verdict::Warn);
    assert_eq!(find(&big, "data_vs_chinchilla").verdict, Verdict::Pass);
    let small = with_data(100_000_000_000);
    assert_eq!(find(&small, "data_vs_chinchilla").verdict, Verdict::Warn);
    assert!(
        find(&small, "data_vs_chinchilla")
            .detail
            .contains("about 5B")
    );
    // 4.48e9 trainable tokens over 2e9 of data is 2.2 passes; over 5e8 it is 9 passes.
    assert_eq!(
        find(&with_data(2_000_000_000), "training_data_usage").verdict,
        Verdict::Pass
    );
    assert_eq!(
        find(&with_data(500_000_000), "training_data_usage").verdict,
        Verdict::Warn
    );
    // No data size: nothing was compared, which is its own verdict, never a pass.
    let unknown = estimate(&llama3_8b());
    assert_eq!(
        find(&unknown, "training_data_usage").verdict,
        Verdict::NotComparable
    );
}

#[test]
fn latency_verdicts() {
    let run = |device, latency, params| {
        estimate(&CostInputs {
            device,
            latency,
            total_params: params,
            ..llama3_8b()
        })
    };
    // RTX 4090: 16.06 GB / 1,008 GB/s = 15.9 ms per token, under 33 ms.
    let gpu = run(DeviceClass::ConsumerGpu, LatencyClass::RealTime, LLAMA3_8B);
    assert_eq!(find(&gpu, "latency").verdict, Verdict::Pass);
    // CPU: 16.06 GB / 307.2 GB/s = 52.3 ms per token, over 33 ms.
    let cpu = run(DeviceClass::Cpu, LatencyClass::RealTime, LLAMA3_8B);
    assert_eq!(find(&cpu, "latency").verdict, Verdict::Fail);
    assert!(find(&cpu, "latency").detail.contains("52.3 ms"));
    let relaxed = run(DeviceClass::Cpu, LatencyClass::NearRealTime, LLAMA3_8B);
    assert_eq!(find(&relaxed, "latency").verdict, Verdict::Pass);
    // A 1B model on a CPU meets 33 ms on paper, but CPUs are not typical real-time devices.
    let small = run(DeviceClass::Cpu, LatencyClass::RealTime, 1_000_000_000);
    assert_eq!(find(&small, "latency").verdict, Verdict::Warn);
    let batch = run(DeviceClass::Cpu, LatencyClass::Offline, LLAMA3_8B);
    assert_eq!(find(&batch, "latency").verdict, Verdict::Pass);
}

#[test]
fn verdicts_serialize_lower_case() {
    let json = serde_json::to_string(&[Verdict::Pass, Verdict::Warn, Verdict::Fail]);
    assert_eq!(json.ok().as_deref(), Some(r#"["pass","warn","fail"]"#));
    let model = serde_json::to_value(estimate(&llama3_8b()));
    let Ok(model) = model else {
        panic!("cost model does not serialize: {model:?}");
    };
    assert_eq!(model["kv_cache"]["bytes_per_token"], 131_072);
    assert_eq!(model["weights"]["bf16_bytes"], 16_060_522_496u64);
}

proptest! {
    #[test]
    fn estimate_never_panics(
        params in any::<u64>(),
        layers in any::<u64>(),
        d_model in any::<u64>(),
        heads in any::<u64>(),
        kv_heads in any::<u64>(),
        head_dim in any::<u64>(),
        decoder in any::<bool>(),
        other in any::<bool>(),
        context in any::<u64>(),
        seq in any::<u64>(),
        batch in any::<u64>(),
        forward in proptest::option::of(any::<f64>()),
        elems in proptest::option::of((any::<u64>(), any::<u64>())),
        count in 1u32..=1_000_000,
        seconds in proptest::option::of(any::<u64>()),
        data in proptest::option::of((any::<u64>(), any::<bool>())),
        budget in proptest::option::of(any::<u64>()),
        rate in proptest::option::of(any::<f64>()),
        device in 0usize..7,
        latency in 0usize..5,
    ) {
        let kind = if other {
            CostKind::Other
        } else {
            CostKind::Transformer { layers, d_model, heads, kv_heads, head_dim, decoder }
        };
        let throughput = match rate {
            Some(value) => Throughput::Rate { value, unit: RateUnit::TokensPerSecond },
            None => Throughput::Text(String::new()),
        };
        let inputs = CostInputs {
            total_params: params,
            embedding_params: 0,
            kind,
            context_window: context,
            train_seq_len: seq,
            training: TrainingShape {
                train_batch: batch,
                ..TrainingShape::default()
            },
            forward_flops_per_sample: forward,
            data_input_flops_per_sample: None,
            saved_for_backward: elems.map(|(elems, fixed_bytes)| crate::arch::ir::Saved { elems, fixed_bytes, fused_lse_bytes: fixed_bytes / 2, math_score_elems: elems / 3 }),
            hardware: Hardware::parse(&format!("{count}xH100")).ok(),
            training_duration_seconds: seconds,
            data_tokens_or_samples: data,
            memory_budget_bytes: budget,
            throughput,
            device: DeviceClass::ALL.get(device).copied().unwrap_or(DeviceClass::Cpu),
            latency: LatencyClass::ALL.get(latency).copied().unwrap_or(LatencyClass::Batch),
        };
        let model = estimate(&inputs);
        prop_assert!(serde_json::to_string(&model).is_ok());
        prop_assert!(model.feasibility.len() >= 5);
    }
}

#[test]
fn environment_steps_are_compared_with_the_planned_steps() {
    use super::environment_steps_check;
    let rows: &[(u64, Option<u64>, Verdict, &str)] = &[
        (
            1_000_000,
            Some(1_000_000),
            Verdict::Pass,
            "plans 1M environment steps",
        ),
        (
            1_000_000,
            Some(950_000),
            Verdict::Pass,
            "gives 1M environment steps",
        ),
        (1_000_000, Some(500_000), Verdict::Warn, "only 50% of them"),
        (
            1_000_000,
            Some(3_000_000),
            Verdict::Warn,
            "3.0 times as many",
        ),
        (
            500_000,
            None,
            Verdict::NotComparable,
            "counts optimizer steps",
        ),
    ];
    for (spec, planned, verdict, words) in rows {
        let check = environment_steps_check(*spec, *planned);
        assert_eq!(check.name, "training_data_usage");
        assert_eq!(
            check.verdict, *verdict,
            "{spec} {planned:?}: {}",
            check.detail
        );
        assert!(check.detail.contains(words), "{}", check.detail);
    }
}

#[test]
fn a_data_size_that_is_not_a_count_is_not_comparable_never_a_pass() {
    // llama3_8b() states its throughput as free text ("fast enough").
    let cost = estimate(&llama3_8b());
    for name in ["training_data_usage", "data_vs_chinchilla", "throughput"] {
        let data = find(&cost, name);
        assert_eq!(
            data.verdict,
            Verdict::NotComparable,
            "{name}: {}",
            data.detail
        );
    }
}

/// The layers that read raw data get no input gradient: their backward is one forward, not
/// two (a first Linear's `addmm` backward computes only `grad.T @ x`), so training is
/// 3F - F_data; inference is untouched.
#[test]
fn data_input_layers_skip_the_input_gradient() {
    let base = CostInputs {
        total_params: 1_000_000,
        embedding_params: 0,
        kind: CostKind::Other,
        forward_flops_per_sample: Some(1.0e9),
        ..llama3_8b()
    };
    let stem = CostInputs {
        data_input_flops_per_sample: Some(4.0e8),
        ..base.clone()
    };
    let plain = estimate(&base).flops;
    let with_stem = estimate(&stem).flops;
    assert_eq!(plain.training_per_sample, Some(3.0e9));
    assert_eq!(with_stem.training_per_sample, Some(3.0e9 - 4.0e8));
    assert_eq!(with_stem.inference_per_request, plain.inference_per_request);
    // A stem figure larger than the forward (inconsistent inputs) never drops the training
    // figure below two forwards.
    let odd = CostInputs {
        data_input_flops_per_sample: Some(5.0e9),
        ..base
    };
    assert_eq!(estimate(&odd).flops.training_per_sample, Some(2.0e9));
}

/// A decoder's next-token loss keeps a float32 log-softmax over the vocabulary and int64
/// targets: 4 positions x 10 classes x 4 bytes + 4 x 8 bytes, whatever the precision.
#[test]
fn next_token_loss_keeps_float32_log_softmax_and_targets() {
    let saved = crate::arch::blocks::next_token_loss_saved(4, 10);
    assert_eq!(saved.fixed_bytes, 192);
    assert_eq!(saved.bytes(4, crate::recipe::AttentionKernel::Sdpa), 192);
}
