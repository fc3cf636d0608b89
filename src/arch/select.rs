//! Chooses the architecture for a resolved spec: modality + task + family →
//! an `ArchKind` with its task sizes, or an error that lists what is
//! supported for that modality and task.

use super::request::{
    ArchKind, ArchRequest, EncoderHead, Hyperparameters, LinkDecoder, ModalityTag, ObsKind,
};
use crate::hardware::{DeviceClass, LatencyClass};
use crate::spec::{Device, Family, Latency, Modality, ResolvedSpec, TaskType};

/// Sizes used when a spec leaves a task size open; each is recorded in the
/// blueprint's notes so the reader knows it was a default.
pub mod defaults {
    /// Observation vector of an RL agent (MuJoCo HalfCheetah has 17).
    pub const RL_VECTOR_OBS: u64 = 17;
    /// Stacked frames of an image-based RL agent (the Atari convention).
    pub const RL_FRAME_STACK: u64 = 4;
    /// Side of an image-based RL observation (the Atari convention).
    pub const RL_FRAME_SIDE: u64 = 84;
    /// Features of a tabular row.
    pub const TABULAR_FEATURES: u64 = 32;
    /// Channels of a multivariate time series (the ETT benchmarks have 7).
    pub const SERIES_CHANNELS: u64 = 7;
    /// Past steps a forecaster or anomaly detector sees.
    pub const LOOKBACK: u64 = 512;
    /// Embedding size of contrastive and retrieval models.
    pub const EMBEDDING_DIM: u64 = 512;
    /// Object queries of a DETR-style detector.
    pub const DETR_QUERIES: u64 = 100;
    /// Users and items of a two-tower recommender's embedding tables.
    pub const RECSYS_USERS: u64 = 100_000;
    /// Items of a two-tower recommender.
    pub const RECSYS_ITEMS: u64 = 50_000;
}

/// The architecture choice and the defaults it had to assume.
#[derive(Debug, Clone)]
pub struct Selection {
    /// The request handed to the architecture synthesizer.
    pub request: ArchRequest,
    /// Sentences explaining assumed sizes and mapping choices.
    pub notes: Vec<String>,
}

fn has(list: &[Modality], m: Modality) -> bool {
    list.contains(&m)
}

fn tag(m: Modality) -> Option<ModalityTag> {
    Some(match m {
        Modality::Text => ModalityTag::Text,
        Modality::Image => ModalityTag::Image,
        Modality::Audio => ModalityTag::Audio,
        Modality::Video => ModalityTag::Video,
        Modality::Tabular => ModalityTag::Tabular,
        Modality::TimeSeries => ModalityTag::TimeSeries,
        _ => return None,
    })
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

/// Chooses the architecture for a resolved spec.
pub fn select(resolved: &ResolvedSpec) -> Result<Selection, Unsupported> {
    let spec = &resolved.spec;
    let task = &spec.task;
    let inputs = &spec.modality.inputs;
    let real_outputs: Vec<Modality> = spec
        .modality
        .outputs
        .iter()
        .copied()
        .filter(|m| !m.is_unsupported_sense())
        .collect();
    let family = spec.architecture.family;
    let mut notes = Vec::new();
    let fail = |supported: &str| {
        unsupported(
            inputs,
            &spec.modality.outputs,
            task.task_type,
            family,
            supported,
        )
    };

    let mut outputs = real_outputs.clone();
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
    let image_side = resolved.image_size.map(|(h, _)| h);
    let kind = match task.task_type {
        TaskType::PolicyGradient
        | TaskType::ActorCritic
        | TaskType::ValueBased
        | TaskType::ModelBased => {
            if !matches!(family, Family::Mlp | Family::Cnn | Family::Transformer) {
                return Err(fail(
                    "reinforcement-learning agents support families mlp and cnn",
                ));
            }
            let obs = if has(inputs, Modality::Image) || has(inputs, Modality::Video) {
                let side = image_side.unwrap_or(defaults::RL_FRAME_SIDE);
                if image_side.is_none() {
                    notes.push(format!(
                        "observations assumed to be {} stacked {side}x{side} frames",
                        defaults::RL_FRAME_STACK
                    ));
                }
                ObsKind::Image(defaults::RL_FRAME_STACK, side, side)
            } else {
                notes.push(format!(
                    "observation vector assumed to have {} features",
                    defaults::RL_VECTOR_OBS
                ));
                ObsKind::Vector(defaults::RL_VECTOR_OBS)
            };
            let continuous = task.action_dim.is_some()
                && task.action_space != Some(crate::spec::ActionSpace::Discrete);
            let actions = if continuous {
                task.action_dim
            } else {
                task.num_actions
            }
            .unwrap_or(1);
            match task.task_type {
                TaskType::ValueBased => ArchKind::Dqn { obs, actions },
                TaskType::ModelBased => ArchKind::RlModelBased { obs, actions },
                _ => ArchKind::RlActorCritic {
                    obs,
                    actions,
                    continuous,
                },
            }
        }
        TaskType::NodeClassification | TaskType::GraphClassification
            if has(inputs, Modality::Graph) =>
        {
            graph_classifier(
                task,
                family,
                task.task_type == TaskType::GraphClassification,
            )
            .ok_or_else(|| fail("graph classifiers support families gat, gcn and gnn"))?
        }
        TaskType::Classification if has(inputs, Modality::Graph) => {
            graph_classifier(task, family, true)
                .ok_or_else(|| fail("graph classifiers support families gat, gcn and gnn"))?
        }
        TaskType::LinkPrediction => {
            if !matches!(family, Family::Gnn | Family::Gat | Family::Gcn) {
                return Err(fail("link prediction supports families gnn, gat and gcn"));
            }
            ArchKind::LinkPrediction {
                node_features: task.node_features.unwrap_or(64),
                embedding_dim: task.embedding_dim.unwrap_or(64),
                decoder: LinkDecoder::Dot,
            }
        }
        TaskType::Recommendation => {
            if !matches!(family, Family::TwoTower | Family::Mlp) {
                return Err(fail("recommendation supports families two_tower and mlp"));
            }
            notes.push(format!(
                "embedding tables sized for {} users and {} items",
                defaults::RECSYS_USERS,
                defaults::RECSYS_ITEMS
            ));
            ArchKind::TwoTower {
                embedding_dim: task.embedding_dim.unwrap_or(64),
                num_users: defaults::RECSYS_USERS,
                num_items: defaults::RECSYS_ITEMS,
            }
        }
        TaskType::Forecasting => {
            let lookback = task.lookback.unwrap_or(defaults::LOOKBACK);
            let horizon = task.horizon.unwrap_or(96);
            let channels = task.num_outputs.unwrap_or_else(|| {
                notes.push(format!(
                    "series assumed to have {} channels",
                    defaults::SERIES_CHANNELS
                ));
                defaults::SERIES_CHANNELS
            });
            match family {
                Family::Transformer => ArchKind::PatchTst {
                    lookback,
                    horizon,
                    channels,
                },
                Family::Mlp => ArchKind::MlpForecaster {
                    lookback,
                    horizon,
                    channels,
                },
                _ => return Err(fail("forecasting supports families transformer and mlp")),
            }
        }
        TaskType::AnomalyDetection => {
            if !matches!(family, Family::Autoencoder | Family::Mlp) {
                return Err(fail(
                    "anomaly detection supports families autoencoder and mlp",
                ));
            }
            if has(inputs, Modality::Tabular) {
                let features = tabular_features(task, &mut notes);
                ArchKind::Autoencoder {
                    window: features,
                    channels: 1,
                }
            } else {
                let channels = task.num_outputs.unwrap_or_else(|| {
                    notes.push(format!(
                        "series assumed to have {} channels",
                        defaults::SERIES_CHANNELS
                    ));
                    defaults::SERIES_CHANNELS
                });
                ArchKind::Autoencoder {
                    window: task.lookback.unwrap_or(defaults::LOOKBACK),
                    channels,
                }
            }
        }
        TaskType::Classification | TaskType::Regression if has(inputs, Modality::Tabular) => {
            if family != Family::Mlp {
                return Err(fail("tabular models support family mlp"));
            }
            let classification = task.task_type == TaskType::Classification;
            let outputs = if classification {
                task.num_classes.unwrap_or(2)
            } else {
                task.num_outputs.unwrap_or(1)
            };
            ArchKind::TabularMlp {
                features: tabular_features(task, &mut notes),
                outputs,
                classification,
            }
        }
        TaskType::Contrastive | TaskType::Embedding
            if has(inputs, Modality::Text) && has(inputs, Modality::Image) =>
        {
            if family != Family::Transformer {
                return Err(fail(
                    "text+image contrastive models support family transformer",
                ));
            }
            ArchKind::Clip {
                embedding_dim: task.embedding_dim.unwrap_or(defaults::EMBEDDING_DIM),
            }
        }
        TaskType::Classification
        | TaskType::Regression
        | TaskType::Embedding
        | TaskType::Ranking
            if inputs.as_slice() == [Modality::Text] =>
        {
            if family != Family::Transformer {
                return Err(fail("text encoders support family transformer"));
            }
            let head = match task.task_type {
                TaskType::Classification => EncoderHead::Classifier {
                    num_classes: task.num_classes.unwrap_or(2),
                },
                TaskType::Regression => EncoderHead::Regressor {
                    outputs: task.num_outputs.unwrap_or(1),
                },
                TaskType::Embedding => EncoderHead::Embedding {
                    dim: task.embedding_dim.unwrap_or(768),
                },
                _ => EncoderHead::CrossEncoder,
            };
            ArchKind::EncoderBert { head }
        }
        TaskType::Classification if has(inputs, Modality::Image) => match family {
            Family::Transformer => ArchKind::Vit {
                num_classes: task.num_classes.unwrap_or(1000),
            },
            Family::Cnn => ArchKind::ResNet {
                num_classes: task.num_classes.unwrap_or(1000),
            },
            _ => {
                return Err(fail(
                    "image classifiers support families transformer (ViT) and cnn (ResNet)",
                ));
            }
        },
        TaskType::Detection if has(inputs, Modality::Image) => {
            let num_classes = task.num_classes.unwrap_or(80);
            match family {
                Family::Cnn => ArchKind::DetectorAnchorFree { num_classes },
                Family::Transformer => ArchKind::DetectorDetr {
                    num_classes,
                    num_queries: task.num_anchors.unwrap_or(defaults::DETR_QUERIES),
                },
                _ => {
                    return Err(fail(
                        "detectors support families cnn (anchor-free) and transformer (DETR)",
                    ));
                }
            }
        }
        TaskType::Segmentation
        | TaskType::InstanceSegmentation
        | TaskType::PanopticSegmentation
            if has(inputs, Modality::Image) =>
        {
            if !matches!(family, Family::Unet | Family::Cnn) {
                return Err(fail("segmenters support families unet and cnn"));
            }
            ArchKind::UNetSegmenter {
                num_classes: task.num_classes.unwrap_or(2),
                instance_embedding: task.task_type != TaskType::Segmentation,
            }
        }
        TaskType::SpeechRecognition | TaskType::Generation
            if has(inputs, Modality::Audio) && outputs.as_slice() == [Modality::Text] =>
        {
            if family != Family::Transformer {
                return Err(fail("speech recognition supports family transformer"));
            }
            ArchKind::WhisperAsr
        }
        TaskType::Generation | TaskType::SpeechRecognition => {
            generator(inputs, &outputs, task, family, &mut notes).ok_or_else(|| {
                fail(
                    "generation supports text->text (transformer), ->image and ->video \
                     (unet, diffusion or transformer), ->audio (transformer), audio->text \
                     (transformer), text->3d (diffusion or transformer), and several \
                     modalities with family hybrid",
                )
            })?
        }
        _ => {
            return Err(fail(
                "see `docs/spec-language.md` for the supported modality, task and family \
                 combinations",
            ));
        }
    };

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
        device: device_class(spec.constraints.device),
        latency: latency_class(spec.constraints.latency),
        overrides: Hyperparameters {
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
            ..Hyperparameters::default()
        },
    };
    Ok(Selection { request, notes })
}

fn tabular_features(task: &crate::spec::types::TaskSpec, notes: &mut Vec<String>) -> u64 {
    task.node_features.unwrap_or_else(|| {
        notes.push(format!(
            "rows assumed to have {} features",
            defaults::TABULAR_FEATURES
        ));
        defaults::TABULAR_FEATURES
    })
}

fn graph_classifier(
    task: &crate::spec::types::TaskSpec,
    family: Family,
    graph_level: bool,
) -> Option<ArchKind> {
    let node_features = task.node_features.unwrap_or(64);
    let num_classes = task.num_classes.unwrap_or(2);
    match family {
        Family::Gat | Family::Gnn => Some(ArchKind::Gat {
            node_features,
            num_classes,
            graph_level,
        }),
        Family::Gcn => Some(ArchKind::Gcn {
            node_features,
            num_classes,
            graph_level,
        }),
        _ => None,
    }
}

fn generator(
    inputs: &[Modality],
    outputs: &[Modality],
    task: &crate::spec::types::TaskSpec,
    family: Family,
    notes: &mut Vec<String>,
) -> Option<ArchKind> {
    let text_in = has(inputs, Modality::Text);
    if family == Family::Hybrid || outputs.len() > 1 {
        let ins: Vec<ModalityTag> = inputs.iter().filter_map(|m| tag(*m)).collect();
        let outs: Vec<ModalityTag> = outputs.iter().filter_map(|m| tag(*m)).collect();
        if ins.is_empty() || outs.is_empty() {
            return None;
        }
        return Some(ArchKind::HybridMultimodal {
            inputs: ins,
            outputs: outs,
        });
    }
    let diffusion_family = matches!(family, Family::Unet | Family::Diffusion);
    match outputs.first().copied()? {
        Modality::Text => (family == Family::Transformer && inputs == [Modality::Text])
            .then_some(ArchKind::DecoderLlm),
        Modality::Image => {
            if diffusion_family {
                Some(ArchKind::LatentDiffusionUNet {
                    text_conditioned: text_in,
                })
            } else if family == Family::Transformer {
                Some(ArchKind::DiT {
                    text_conditioned: text_in,
                    num_classes: task.num_classes,
                })
            } else {
                None
            }
        }
        Modality::Video => {
            if diffusion_family {
                Some(ArchKind::VideoUNet)
            } else if family == Family::Transformer {
                Some(ArchKind::VideoDiT)
            } else {
                None
            }
        }
        Modality::Audio => (family == Family::Transformer).then_some(ArchKind::AudioCodecDecoder {
            text_conditioned: text_in,
            audio_conditioned: has(inputs, Modality::Audio),
        }),
        Modality::ThreeD => {
            if family != Family::Transformer && !diffusion_family {
                return None;
            }
            if !text_in {
                notes.push("the 3D denoiser is conditioned on text only".to_string());
            }
            Some(ArchKind::PointCloudDenoiser)
        }
        _ => None,
    }
}
