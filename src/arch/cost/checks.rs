//! Owns the feasibility checks of the cost model: each compares an estimate with a spec constraint and says what to change.

use crate::numbers::{
    group_digits, latency as latency_text, one_decimal, whole, whole_milliseconds, whole_percent,
};

use super::{
    CHINCHILLA_TOKENS_PER_PARAM, Chinchilla, Compute, CostInputs, Duration, FeasibilityCheck,
    Inference, KvCache, RateUnit, THROUGHPUT_MARGIN, TIGHT_MEMORY_SHARE, Throughput, USEFUL_EPOCHS,
    Verdict, WeightMemory, gigabytes, is_decoder, positive, short_count,
};

fn check(name: &str, verdict: Verdict, detail: String) -> FeasibilityCheck {
    FeasibilityCheck {
        name: name.to_string(),
        verdict,
        detail,
    }
}

/// The format the serving checks judge the weights in: bf16 unless the spec's
/// `constraints.quantization` names one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Served {
    /// How the checks name it ("bf16", or "int8 (constraints.quantization)").
    label: &'static str,
    /// Bytes per weight, times two (int4 is half a byte).
    half_bytes: u64,
    /// Whether the spec asked for it.
    asked: bool,
}

impl Served {
    /// The default: bf16 weights.
    pub const BF16: Served = Served {
        label: "bf16",
        half_bytes: 4,
        asked: false,
    };

    /// The format a spec's `constraints.quantization` asks for.
    pub fn asked(format: crate::spec::enums::Quantization) -> Served {
        use crate::spec::enums::Quantization as Q;
        let (label, half_bytes) = match format {
            Q::None => ("unquantized bf16", 4),
            Q::Bf16 => ("bf16", 4),
            Q::Fp16 => ("fp16", 4),
            Q::Fp8 => ("fp8", 2),
            Q::Int8 => ("int8", 2),
            Q::Int4 => ("int4", 1),
        };
        Served {
            label,
            half_bytes,
            asked: true,
        }
    }

    /// The weights' bytes in this format.
    pub fn bytes(self, weights: &WeightMemory) -> u64 {
        match self.half_bytes {
            1 => weights.int4_bytes,
            2 => weights.int8_bytes,
            _ => weights.bf16_bytes,
        }
    }

    /// "bf16 weights", or "int8 weights (constraints.quantization)".
    fn weights(self) -> String {
        if self.asked {
            format!("{} weights (constraints.quantization)", self.label)
        } else {
            format!("{} weights", self.label)
        }
    }

    /// The remedy for weights that do not fit in `room`: the narrowest format narrower than
    /// this one that fits, else `otherwise`.
    fn narrower(self, weights: &WeightMemory, room: u64, otherwise: String) -> String {
        [
            ("int8", 2, weights.int8_bytes),
            ("int4", 1, weights.int4_bytes),
        ]
        .into_iter()
        .find(|(_, half, bytes)| *half < self.half_bytes && *bytes <= room)
        .map_or(otherwise, |(name, _, bytes)| {
            format!("quantize to {name} ({})", gigabytes(bytes))
        })
    }
}

/// Whether an estimate's weights are 16-bit (the default bf16, or a served bf16 or fp16),
/// so that quantizing them is still a remedy.
fn is_sixteen_bit(precision: &str) -> bool {
    precision.contains("bf16") || precision.contains("fp16")
}

/// The serving checks (memory budget, KV cache, one reference device) with the weights in
/// `served`: the cost model runs them in bf16, and the release reruns them in the format the
/// spec asks for.
pub fn served_checks(
    inputs: &CostInputs,
    weights: &WeightMemory,
    kv: Option<&KvCache>,
    inference: &super::Inference,
    served: Served,
) -> Vec<FeasibilityCheck> {
    let mut checks = memory_checks_in(inputs, weights, kv, served);
    checks.push(device_memory_check_in(weights, inference, served));
    let timed = served_inference(inputs, weights, inference, served);
    checks.push(throughput_check(inputs, &timed));
    checks.push(latency_check(inputs, &timed));
    checks
}

/// The inference estimate with the weights in `served`: the memory-bound time scales with
/// the weight bytes; the compute-bound time stays at the bf16 peak, an upper bound for
/// narrower kernels.
fn served_inference(
    inputs: &CostInputs,
    weights: &WeightMemory,
    inference: &Inference,
    served: Served,
) -> Inference {
    let bytes = served.bytes(weights);
    let bandwidth = inputs.device.reference_accelerator().bandwidth_bytes_per_s;
    let memory_time = positive(bytes as f64 / bandwidth);
    let mut timed = inference.clone();
    timed.precision = served.label;
    timed.weight_bytes = bytes;
    timed.fits_in_device_memory = bytes <= timed.device_memory_bytes;
    if is_decoder(inputs.kind) {
        timed.decode_tokens_per_s = memory_time.map(|t| 1.0 / t);
        timed.latency_seconds = memory_time;
    } else {
        let memory_time = memory_time.map(|t| t * inference.steps_per_request as f64);
        let compute_time = inference.samples_per_s.and_then(|s| positive(1.0 / s));
        timed.latency_seconds = match (compute_time, memory_time) {
            (Some(c), Some(m)) => Some(c.max(m)),
            (one, other) => one.or(other),
        };
    }
    timed
}

/// Weights (and, for decoders, weights plus the KV cache at the full context) against
/// the memory budget.
pub(super) fn memory_checks(
    inputs: &CostInputs,
    weights: &WeightMemory,
    kv: Option<&KvCache>,
) -> Vec<FeasibilityCheck> {
    memory_checks_in(inputs, weights, kv, Served::BF16)
}

fn memory_checks_in(
    inputs: &CostInputs,
    weights: &WeightMemory,
    kv: Option<&KvCache>,
    served: Served,
) -> Vec<FeasibilityCheck> {
    let Some(budget) = inputs.memory_budget_bytes else {
        let mut checks = vec![check(
            "memory_budget_weights",
            Verdict::Pass,
            "no memory budget given; nothing to check".to_string(),
        )];
        if kv.is_some() {
            checks.push(check(
                "memory_budget_kv_cache",
                Verdict::Pass,
                "no memory budget given; nothing to check".to_string(),
            ));
        }
        return checks;
    };
    let need = served.bytes(weights);
    let what = served.weights();
    let fits = need <= budget;
    // Parameters whose weights in the served format fill the budget.
    let affordable = short_count(budget.saturating_mul(2) / served.half_bytes);
    let weights_check = if !fits {
        let remedy = served.narrower(
            weights,
            budget,
            if served.half_bytes > 1 {
                format!(
                    "even int4 weights ({}) do not fit, so raise the budget",
                    gigabytes(weights.int4_bytes)
                )
            } else {
                "raise the budget".to_string()
            },
        );
        check(
            "memory_budget_weights",
            Verdict::Fail,
            format!(
                "{what} need {} but the memory budget is {}; {remedy} or lower the parameter budget to about {affordable}",
                gigabytes(need),
                gigabytes(budget)
            ),
        )
    } else if need as f64 > TIGHT_MEMORY_SHARE * budget as f64 {
        let remedy = if served.half_bytes > 2 {
            format!("quantize to int8 ({}) or ", gigabytes(weights.int8_bytes))
        } else {
            String::new()
        };
        check(
            "memory_budget_weights",
            Verdict::Warn,
            format!(
                "{what} need {} of the {} memory budget, leaving under 10% for activations and the runtime; {remedy}lower the parameter budget below {affordable}",
                gigabytes(need),
                gigabytes(budget),
            ),
        )
    } else {
        check(
            "memory_budget_weights",
            Verdict::Pass,
            format!(
                "{what} need {}, within the {} memory budget",
                gigabytes(need),
                gigabytes(budget)
            ),
        )
    };
    let mut checks = vec![weights_check];
    if let Some(kv) = kv {
        let total = need.saturating_add(kv.bytes_at_context);
        let kv_check = if !fits {
            check(
                "memory_budget_kv_cache",
                Verdict::Fail,
                format!(
                    "the {} alone exceed the memory budget; fix memory_budget_weights first",
                    served.weights()
                ),
            )
        } else if total > budget {
            let room = (budget - need).checked_div(kv.bytes_per_token).unwrap_or(0);
            check(
                "memory_budget_kv_cache",
                Verdict::Warn,
                format!(
                    "{what} ({}) plus the KV cache at {} tokens ({}) need {} but the memory budget is {}; the budget holds about {} tokens of context, so shorten the context, quantize the KV cache to int8 (half the size) or use fewer KV heads",
                    gigabytes(need),
                    crate::numbers::group_digits(kv.context_tokens),
                    gigabytes(kv.bytes_at_context),
                    gigabytes(total),
                    gigabytes(budget),
                    crate::numbers::group_digits(room)
                ),
            )
        } else {
            check(
                "memory_budget_kv_cache",
                Verdict::Pass,
                format!(
                    "{what} plus the KV cache at {} tokens need {}, within the {} memory budget",
                    crate::numbers::group_digits(kv.context_tokens),
                    gigabytes(total),
                    gigabytes(budget)
                ),
            )
        };
        checks.push(kv_check);
    }
    checks
}

/// bf16 weights against one reference device of the target class.
pub(super) fn device_memory_check(
    weights: &WeightMemory,
    inference: &Inference,
) -> FeasibilityCheck {
    device_memory_check_in(weights, inference, Served::BF16)
}

fn device_memory_check_in(
    weights: &WeightMemory,
    inference: &Inference,
    served: Served,
) -> FeasibilityCheck {
    let memory = inference.device_memory_bytes;
    let device = inference.accelerator;
    let need = served.bytes(weights);
    let what = served.weights();
    if need <= memory {
        return check(
            "device_memory",
            Verdict::Pass,
            format!(
                "{what} ({}) fit in the {} of one {device} reference device",
                gigabytes(need),
                gigabytes(memory)
            ),
        );
    }
    let devices = need.div_ceil(memory.max(1));
    let remedy = served.narrower(
        weights,
        memory,
        format!(
            "shard the {} weights across at least {devices} devices",
            served.label
        ),
    );
    check(
        "device_memory",
        Verdict::Warn,
        format!(
            "{what} need {} but one {device} reference device has {}; {remedy}, or pick a device class with more memory",
            gigabytes(need),
            gigabytes(memory)
        ),
    )
}

/// The throughput estimate against the constraint, when the units are comparable:
/// tokens/s for decoders (decode speed at batch 1), fps for other models (batch-1 rate),
/// img/s and samples/s for other models (batched, compute-bound rate).
pub(super) fn throughput_check(inputs: &CostInputs, inference: &Inference) -> FeasibilityCheck {
    const NAME: &str = "throughput";
    let Throughput::Rate {
        value: target,
        unit,
    } = &inputs.throughput
    else {
        return check(
            NAME,
            Verdict::NotComparable,
            "the throughput constraint is free text; not comparable".to_string(),
        );
    };
    let decoder = is_decoder(inputs.kind);
    let precision = inference.precision;
    let (estimate, what) = match (unit, decoder) {
        (RateUnit::TokensPerSecond, true) => (
            inference.decode_tokens_per_s,
            format!("decode speed ({precision}, batch 1, memory-bound)"),
        ),
        (RateUnit::FramesPerSecond, false) => (
            inference.latency_seconds.and_then(|l| positive(1.0 / l)),
            format!("frame rate ({precision}, batch 1)"),
        ),
        (RateUnit::ImagesPerSecond | RateUnit::SamplesPerSecond, false) => (
            inference.samples_per_s,
            format!("batched throughput ({precision}, compute-bound)"),
        ),
        _ => (None, String::new()),
    };
    let symbol = unit.symbol();
    let Some(estimate) = estimate else {
        return check(
            NAME,
            Verdict::NotComparable,
            format!(
                "a {symbol} target has no matching estimate for this kind of model; not comparable"
            ),
        );
    };
    let device = inference.accelerator;
    let said = format!(
        "estimated {what} on the {device} reference device is about {} {symbol}",
        one_decimal(estimate)
    );
    if estimate >= target * THROUGHPUT_MARGIN {
        return check(
            NAME,
            Verdict::Pass,
            format!("{said}, above the {target} {symbol} target"),
        );
    }
    if estimate >= *target {
        return check(
            NAME,
            Verdict::Warn,
            format!(
                "{said}, only just above the {target} {symbol} target; roofline figures are upper bounds, so measure on the target device"
            ),
        );
    }
    let remedy = if !is_sixteen_bit(precision) {
        "shrink the model or pick a faster device class".to_string()
    } else if decoder {
        let spec = inputs.device.reference_accelerator();
        let params = (spec.bandwidth_bytes_per_s / (2.0 * target)) as u64;
        format!(
            "int8 weights would give about {} {symbol} and int4 about {}, a model of about {} parameters would reach it in bf16, or pick a faster device class",
            one_decimal(estimate * 2.0),
            one_decimal(estimate * 4.0),
            short_count(params)
        )
    } else {
        "shrink the model, quantize it, or pick a faster device class".to_string()
    };
    check(
        NAME,
        Verdict::Fail,
        format!("{said} but the target is {target} {symbol}; {remedy}"),
    )
}

/// What the compute budget can train on against what the data holds.
pub(super) fn data_usage_check(inputs: &CostInputs, compute: Option<&Compute>) -> FeasibilityCheck {
    const NAME: &str = "training_data_usage";
    let Some((data, is_tokens)) = inputs.data_tokens_or_samples.filter(|(d, _)| *d > 0) else {
        return check(
            NAME,
            Verdict::NotComparable,
            "no data size in tokens or samples; nothing to compare".to_string(),
        );
    };
    let Some(compute) = compute else {
        return check(
            NAME,
            Verdict::NotComparable,
            "no hardware and training duration; the compute budget is unknown".to_string(),
        );
    };
    let (trainable, noun) = if is_tokens {
        (compute.trainable_tokens, "tokens")
    } else {
        (compute.trainable_samples, "samples")
    };
    let Some(trainable) = trainable else {
        return check(
            NAME,
            Verdict::NotComparable,
            format!("no training FLOPs per {noun} for this model; not comparable"),
        );
    };
    let passes = trainable as f64 / data as f64;
    let data_text = format!("{} {noun}", short_count(data));
    let allows = format!(
        "{} for {} allows about {} training {noun}",
        compute.hardware,
        Duration {
            seconds: compute.duration_seconds
        },
        short_count(trainable)
    );
    if trainable < data {
        // Time to see all the data once at the same rate; with no trainable tokens at all
        // there is no rate to scale, so only the other remedies are offered.
        let remedy = if trainable > 0 {
            let days = compute.duration_seconds as f64 / passes / 86_400.0;
            format!(
                "train for about {} days, add accelerators, or trim the data",
                one_decimal(days)
            )
        } else {
            "add accelerators or training time, or trim the data".to_string()
        };
        let share = if passes >= 0.01 {
            format!("{}%", whole_percent(passes))
        } else {
            "under 1%".to_string()
        };
        return check(
            NAME,
            Verdict::Warn,
            format!(
                "{allows} but the data holds {data_text}, so only {share} of it is seen once; {remedy}"
            ),
        );
    }
    if passes > USEFUL_EPOCHS {
        return check(
            NAME,
            Verdict::Warn,
            format!(
                "{allows}, {} passes over the {data_text} of data; beyond about {USEFUL_EPOCHS} passes repeated data helps little (Muennighoff et al. 2023), so add data or train a larger model",
                one_decimal(passes)
            ),
        );
    }
    check(
        NAME,
        Verdict::Pass,
        format!(
            "{allows}, {} passes over the {data_text} of data",
            one_decimal(passes)
        ),
    )
}

/// The environment steps the spec's data size gives against those the recipe plans.
/// `planned` is `None` when the generated `train.py` counts its budget in optimizer steps,
/// not environment steps: the two are then not comparable. Within 10% either way passes;
/// fewer planned steps than the spec gives warns (part of the budget goes unused), more
/// warns too (the run overdraws the spec's budget).
pub fn environment_steps_check(spec_steps: u64, planned: Option<u64>) -> FeasibilityCheck {
    const NAME: &str = "training_data_usage";
    let stated = format!(
        "the spec gives {} environment steps",
        short_count(spec_steps)
    );
    let Some(planned) = planned else {
        return check(
            NAME,
            Verdict::NotComparable,
            format!(
                "{stated}, but this task's train.py counts optimizer steps, not environment steps; not comparable"
            ),
        );
    };
    let plans = format!(
        "the recipe plans {} environment steps",
        short_count(planned)
    );
    let ratio = planned as f64 / spec_steps.max(1) as f64;
    if ratio < 0.9 {
        return check(
            NAME,
            Verdict::Warn,
            format!(
                "{plans} but {stated}, so only {}% of them are taken; raise training.config.max_steps to {}",
                whole_percent(ratio),
                group_digits(spec_steps)
            ),
        );
    }
    if ratio > 1.1 {
        return check(
            NAME,
            Verdict::Warn,
            format!(
                "{plans} but {stated}, {} times as many; lower training.config.max_steps to {}",
                one_decimal(ratio),
                group_digits(spec_steps)
            ),
        );
    }
    check(NAME, Verdict::Pass, format!("{plans} and {stated}"))
}

/// Data tokens against Chinchilla's 20 tokens per parameter.
pub(super) fn chinchilla_check(chinchilla: &Chinchilla) -> FeasibilityCheck {
    const NAME: &str = "data_vs_chinchilla";
    let Some(data) = chinchilla.data_tokens else {
        return check(
            NAME,
            Verdict::NotComparable,
            "no data size in tokens; nothing to compare".to_string(),
        );
    };
    let params = short_count(chinchilla.params);
    if data < chinchilla.optimal_tokens {
        return check(
            NAME,
            Verdict::Warn,
            format!(
                "the data holds {} tokens, fewer than the Chinchilla-optimal {} (20 per parameter for {params} parameters); add data or lower the parameter budget to about {}",
                short_count(data),
                short_count(chinchilla.optimal_tokens),
                short_count(data / CHINCHILLA_TOKENS_PER_PARAM)
            ),
        );
    }
    check(
        NAME,
        Verdict::Pass,
        format!(
            "the data holds {} tokens, {} per parameter, at or above the Chinchilla-optimal 20",
            short_count(data),
            whole(chinchilla.data_tokens_per_parameter.unwrap_or(0.0))
        ),
    )
}

/// The latency estimate against the latency class's budget and typical devices.
pub(super) fn latency_check(inputs: &CostInputs, inference: &Inference) -> FeasibilityCheck {
    const NAME: &str = "latency";
    let class = inputs.latency;
    let no_target = format!(
        "the {} latency class sets no per-request target",
        class.label()
    );
    let Some(latency) = inference.latency_seconds else {
        if class.budget_seconds().is_none() {
            return check(NAME, Verdict::Pass, no_target);
        }
        return check(
            NAME,
            Verdict::NotComparable,
            "no latency estimate for this model; not comparable".to_string(),
        );
    };
    let per = if inference.latency_basis == "per_token" {
        "token"
    } else {
        "request"
    };
    let device = inference.accelerator;
    let steps = if inference.steps_per_request > 1 {
        format!(
            ", {} sampling steps of one network evaluation each",
            inference.steps_per_request
        )
    } else {
        String::new()
    };
    let said = format!(
        "estimated latency on the {device} reference device is {} per {per} ({}{steps})",
        latency_text(latency),
        inference.precision
    );
    let Some(budget) = class.budget_seconds() else {
        return check(NAME, Verdict::Pass, format!("{said}; {no_target}"));
    };
    if latency > budget {
        let quantize = if is_sixteen_bit(inference.precision) {
            "quantize to int8 (about half the memory-bound time), "
        } else {
            ""
        };
        return check(
            NAME,
            Verdict::Fail,
            format!(
                "{said} but the {} class allows {} ms; use fewer sampling steps or a distilled sampler where there are steps, {quantize}shrink the model, or pick a faster device class",
                class.label(),
                whole_milliseconds(budget)
            ),
        );
    }
    if !class.typical_devices().contains(&inputs.device) {
        return check(
            NAME,
            Verdict::Warn,
            format!(
                "{said}, within the {} ms {} budget, but {} devices rarely sustain {} work; measure on the target hardware",
                whole_milliseconds(budget),
                class.label(),
                inputs.device.label(),
                class.label()
            ),
        );
    }
    check(
        NAME,
        Verdict::Pass,
        format!(
            "{said}, within the {} ms {} budget",
            whole_milliseconds(budget),
            class.label()
        ),
    )
}

/// What one training device holds under the recipe's assumptions (its share of the model
/// state plus one micro-batch's activations) against that device's memory: "does it fit
/// on one of the N devices", with the knob that makes it fit when it does not.
pub(super) fn training_memory_check(
    inputs: &CostInputs,
    memory: &super::TrainingMemory,
) -> FeasibilityCheck {
    let name = "training_memory_per_device";
    let Some(hardware) = inputs.hardware.as_ref() else {
        return check(
            name,
            Verdict::NotComparable,
            "no training hardware given; nothing to compare".to_string(),
        );
    };
    let spec = hardware.spec();
    let device_bytes = spec.memory_bytes;
    let basis = format!(
        "at sequence length {} with the {} attention kernel, micro-batch {}, activation checkpointing {}, model state sharded over {} device(s){}",
        crate::numbers::group_digits(memory.seq_len),
        memory.attention_kernel,
        crate::numbers::group_digits(memory.batch),
        if memory.activation_checkpointing {
            "on"
        } else {
            "off"
        },
        crate::numbers::group_digits(memory.state_shards),
        if memory.activations_per_device_bytes.is_none() {
            "; activations are not estimated for this network and are not included"
        } else {
            ""
        },
    );
    let need = memory.per_device_bytes;
    let summary = format!(
        "one {} holds {} of {} ({basis})",
        spec.name,
        gigabytes(need),
        gigabytes(device_bytes)
    );
    if (need as f64) <= device_bytes as f64 * TIGHT_MEMORY_SHARE {
        return check(name, Verdict::Pass, summary);
    }
    let activations = memory.activations_per_device_bytes.unwrap_or(0);
    let knob = if memory.model_state_per_device_bytes > device_bytes / 2 {
        let shards = memory.model_state_bytes.div_ceil((device_bytes / 2).max(1));
        format!("shard the model state with FSDP over at least {shards} devices")
    } else if !memory.activation_checkpointing {
        "turn on activation checkpointing".to_string()
    } else if memory.batch > 1 {
        "lower the micro-batch and raise gradient accumulation".to_string()
    } else {
        let room = device_bytes.saturating_sub(memory.model_state_per_device_bytes);
        let ways = activations.div_ceil((room / 2).max(1)).max(2);
        format!("split each sequence over {ways} devices with context parallelism")
    };
    let verdict = if need <= device_bytes {
        Verdict::Warn
    } else {
        Verdict::Fail
    };
    check(name, verdict, format!("{summary}; {knob}"))
}
