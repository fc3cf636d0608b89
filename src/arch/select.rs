//! Turns a resolved spec into a synthesis request: the architecture comes from
//! a walk over the registry's selection rules ([`crate::families::select`]),
//! the budget, sizes, deployment target and overrides from the spec. The error
//! for an unsupported combination names what its situation supports.

use super::request::{ArchRequest, Overrides};
use crate::families::{self, select::Context};
use crate::hardware::{DeviceClass, LatencyClass};
use crate::spec::{Device, Family, Latency, Modality, ResolvedSpec, TaskType};

/// The architecture choice and the defaults it had to assume.
#[derive(Debug, Clone)]
pub struct Selection {
    /// The request handed to the architecture synthesizer.
    pub request: ArchRequest,
    /// Sentences explaining assumed sizes and mapping choices.
    pub notes: Vec<String>,
}

/// Maps the spec's device enum onto the cost model's device classes.
pub fn device_class(device: Device) -> DeviceClass {
    match device {
        Device::Cpu => DeviceClass::Cpu,
        Device::Edge => DeviceClass::Edge,
        Device::Mobile => DeviceClass::Mobile,
        Device::ConsumerGpu => DeviceClass::ConsumerGpu,
        Device::WorkstationGpu => DeviceClass::WorkstationGpu,
        Device::DatacenterGpu => DeviceClass::DatacenterGpu,
        Device::AppleSilicon => DeviceClass::AppleSilicon,
    }
}

/// Maps the spec's latency enum onto the cost model's latency classes.
pub fn latency_class(latency: Latency) -> LatencyClass {
    match latency {
        Latency::RealTime => LatencyClass::RealTime,
        Latency::NearRealTime => LatencyClass::NearRealTime,
        Latency::Interactive => LatencyClass::Interactive,
        Latency::Batch => LatencyClass::Batch,
        Latency::Offline => LatencyClass::Offline,
    }
}

/// Why a spec has no architecture.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Unsupported(pub String);

fn unsupported(
    inputs: &[Modality],
    outputs: &[Modality],
    task: TaskType,
    family: Family,
    supported: &str,
) -> Unsupported {
    let join = |m: &[Modality]| m.iter().map(|m| m.as_str()).collect::<Vec<_>>().join("+");
    Unsupported(format!(
        "no architecture for {} -> {} {task} with family `{family}`; {supported}",
        join(inputs),
        join(outputs),
    ))
}

/// The modalities the original's `multimodal` stands for in a generation task: the
/// any-to-any models of its examples read text, images and audio.
const MULTIMODAL_MEANS: [Modality; 3] = [Modality::Text, Modality::Image, Modality::Audio];

/// The spec's modalities with `multimodal` spelled out for generation (noted), where the
/// hybrid model serves several named modalities; other tasks keep the word, and their
/// situations name the modalities they need.
fn named_modalities(
    written: &[Modality],
    generation: bool,
    side: &str,
    notes: &mut Vec<String>,
) -> Vec<Modality> {
    if !generation || !written.contains(&Modality::Multimodal) {
        return written.to_vec();
    }
    notes.push(format!(
        "`multimodal` {side} read as text, image and audio, the modalities of the original's \
         any-to-any examples"
    ));
    let mut named: Vec<Modality> = Vec::new();
    for m in written {
        let expanded: &[Modality] = if *m == Modality::Multimodal {
            &MULTIMODAL_MEANS
        } else {
            std::slice::from_ref(m)
        };
        for m in expanded {
            if !named.contains(m) {
                named.push(*m);
            }
        }
    }
    named
}

/// Chooses the architecture for a resolved spec.
pub fn select(resolved: &ResolvedSpec) -> Result<Selection, Unsupported> {
    let spec = &resolved.spec;
    let task = &spec.task;
    let family = spec.architecture.family;
    let mut notes = Vec::new();
    let fail = |supported: String| {
        unsupported(
            &spec.modality.inputs,
            &spec.modality.outputs,
            task.task_type,
            family,
            &supported,
        )
    };
    let generation = task.task_type == TaskType::Generation;
    let inputs = named_modalities(&spec.modality.inputs, generation, "inputs", &mut notes);
    let mut outputs: Vec<Modality> =
        named_modalities(&spec.modality.outputs, generation, "outputs", &mut notes)
            .into_iter()
            .filter(|m| !m.is_unsupported_sense())
            .collect();

    if outputs.is_empty() {
        // Nothing can emit a taste; the honest substitute is a model that
        // writes about it.
        notes.push(
            "no architecture can emit the requested senses; synthesized a text decoder that \
             describes them instead"
                .to_string(),
        );
        outputs.push(Modality::Text);
    }
    let ctx = Context {
        task,
        inputs: &inputs,
        outputs: &outputs,
        family,
        image_side: resolved.image_size.map(|(h, _)| h),
        variant: spec.architecture.variant,
    };
    let kind = families::select::architecture(&ctx, &mut notes).map_err(fail)?;

    let hyper = spec
        .architecture
        .hyperparameters
        .clone()
        .unwrap_or_default();
    let request = ArchRequest {
        kind,
        param_max: resolved.param_max,
        param_min: resolved.param_min,
        context_window: resolved.context_window.tokens,
        image_size: resolved.image_size,
        patch_size: spec.constraints.patch_size,
        latent_size: spec.constraints.latent_size,
        num_frames: spec.constraints.num_frames,
        frame_size: resolved.frame_size,
        sample_rate: resolved.sample_rate.map(|r| r.hz),
        // Whole milliseconds: finer than one 10 ms mel hop, and keeps the request `Eq`.
        audio_length_ms: resolved
            .audio_length
            .map(|l| (l.seconds * 1000.0).round() as u64),
        device: device_class(spec.constraints.device),
        latency: latency_class(spec.constraints.latency),
        overrides: Overrides {
            hidden_size: hyper.hidden_size,
            num_layers: hyper.num_layers,
            num_heads: hyper.num_heads,
            num_kv_heads: hyper.num_kv_heads,
            head_dim: hyper.head_dim,
            intermediate_size: hyper.intermediate_size,
            vocab_size: hyper.vocab_size,
            max_position_embeddings: hyper.max_position_embeddings,
            tie_word_embeddings: hyper.tie_word_embeddings,
            base_channels: hyper.base_channels,
            channel_multipliers: hyper.channel_multipliers,
            layers_per_block: hyper.layers_per_block,
            patch_size: hyper.patch_size,
            mlp_hidden: hyper.mlp_hidden,
            ..Overrides::default()
        },
    };
    Ok(Selection { request, notes })
}
