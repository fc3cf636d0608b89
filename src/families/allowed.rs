//! The allowed-variant table: for every modality x task x family x `architecture.variant`
//! combination the original MetaGen's vocabularies allow, the architecture selection builds,
//! or the refusal it gives and the text naming what works. It is the contract the selection rules of the registry
//! are held to: the product test in `allowed/tests.rs` walks every combination through the
//! real loader, resolver, selection and synthesis and compares the outcome with
//! [`expected`]. The rows are read top to bottom; the first one that matches decides.

#[cfg(test)]
mod tests;

use crate::spec::enums::ArchVariant;
use crate::spec::{Family, Modality, TaskType};

/// A condition on a list of modalities (the spec's inputs or outputs, as written with the
/// original's words read as ours).
#[derive(Debug, Clone, Copy)]
pub enum Modalities {
    /// Any list.
    Any,
    /// The list is exactly this one.
    Exactly(&'static [Modality]),
    /// The list contains this modality.
    Has(Modality),
    /// The list lacks this modality.
    Lacks(Modality),
    /// The list contains all of these.
    HasAll(&'static [Modality]),
    /// At least one entry of the list is one of these.
    AnyIn(&'static [Modality]),
    /// Every entry of the list is one of these.
    AllIn(&'static [Modality]),
}

impl Modalities {
    /// Whether `list` satisfies the condition.
    pub fn matches(self, list: &[Modality]) -> bool {
        match self {
            Modalities::Any => true,
            Modalities::Exactly(want) => list == want,
            Modalities::Has(m) => list.contains(&m),
            Modalities::Lacks(m) => !list.contains(&m),
            Modalities::HasAll(want) => want.iter().all(|m| list.contains(m)),
            Modalities::AnyIn(set) => list.iter().any(|m| set.contains(m)),
            Modalities::AllIn(set) => list.iter().all(|m| set.contains(m)),
        }
    }
}

/// A condition on the family keyword.
#[derive(Debug, Clone, Copy)]
pub enum Families {
    /// Any family.
    Any,
    /// One of these families.
    OneOf(&'static [Family]),
}

impl Families {
    /// Whether `family` satisfies the condition.
    pub fn matches(self, family: Family) -> bool {
        match self {
            Families::Any => true,
            Families::OneOf(set) => set.contains(&family),
        }
    }
}

/// A condition on `architecture.variant`.
#[derive(Debug, Clone, Copy)]
pub enum Variants {
    /// Any variant, or none.
    Any,
    /// One of these variants (not none).
    OneOf(&'static [ArchVariant]),
}

impl Variants {
    /// Whether `variant` satisfies the condition.
    pub fn matches(self, variant: Option<ArchVariant>) -> bool {
        match self {
            Variants::Any => true,
            Variants::OneOf(set) => variant.is_some_and(|v| set.contains(&v)),
        }
    }
}

/// What a combination gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowed {
    /// The architecture of this name (the blueprint's `family`).
    Builds(&'static str),
    /// The architecture of this name, with the family keyword adapted to it: the
    /// blueprint's selection notes say so.
    Adapted(&'static str),
    /// A refusal whose message contains this text, which names what would work.
    Refused(&'static str),
}

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    /// The task types the row covers.
    pub tasks: &'static [TaskType],
    /// The condition on the inputs.
    pub inputs: Modalities,
    /// The condition on the outputs.
    pub outputs: Modalities,
    /// The condition on the family keyword.
    pub families: Families,
    /// The condition on `architecture.variant`.
    pub variants: Variants,
    /// What the combination gets.
    pub allowed: Allowed,
}

impl Row {
    /// The same row, for these variants only.
    const fn for_variants(self, variants: &'static [ArchVariant]) -> Row {
        Row {
            variants: Variants::OneOf(variants),
            ..self
        }
    }
}

use Allowed::{Adapted, Builds, Refused};
use Family as F;
use Modality as M;
use TaskType as T;

const RL: &[TaskType] = &[
    T::PolicyGradient,
    T::ActorCritic,
    T::ValueBased,
    T::ModelBased,
];
const AGENT_FAMILIES: Families = Families::OneOf(&[F::Mlp, F::Cnn, F::Transformer]);
const GRAPH_TASKS: &[TaskType] = &[
    T::NodeClassification,
    T::GraphClassification,
    T::LinkPrediction,
];
const ENCODER_TASKS: &[TaskType] = &[T::Classification, T::Regression, T::Embedding, T::Ranking];
const SEGMENTATION: &[TaskType] = &[
    T::Segmentation,
    T::InstanceSegmentation,
    T::PanopticSegmentation,
];
/// The modalities the hybrid model has an encoder and a decoder for (`multimodal` is read as
/// text, image and audio in generation).
const HYBRID_MODALITIES: &[Modality] = &[
    M::Text,
    M::Image,
    M::Audio,
    M::Video,
    M::Tabular,
    M::TimeSeries,
    M::Multimodal,
];
/// The modalities the hybrid model has an encoder for: its outputs, and point clouds,
/// which it reads (each point a token) but does not generate.
const HYBRID_INPUTS: &[Modality] = &[
    M::Text,
    M::Image,
    M::Audio,
    M::Video,
    M::Tabular,
    M::TimeSeries,
    M::Multimodal,
    M::ThreeD,
];
/// Outputs that give a text model: text, and the senses no model can emit (a text model
/// that describes them, with a warning).
const TEXT_OUTPUTS: &[Modality] = &[M::Text, M::Taste, M::Smell, M::Vibes];
/// The refusal text when no situation of the task takes the modalities.
const NEEDS_OTHER_MODALITIES: &str = "needs other modalities: with";
const GENERATION_SUPPORTS: &str = "generation supports text->text (transformer)";
/// The variants with a decoder, which the text encoders refuse.
const DECODING: &[ArchVariant] = &[ArchVariant::DecoderOnly, ArchVariant::EncoderDecoder];

/// A row for `tasks` with any inputs and outputs.
const fn any(tasks: &'static [TaskType], families: Families, allowed: Allowed) -> Row {
    Row {
        tasks,
        inputs: Modalities::Any,
        outputs: Modalities::Any,
        families,
        variants: Variants::Any,
        allowed,
    }
}

/// A row for `tasks` with a condition on the inputs.
const fn inputs(
    tasks: &'static [TaskType],
    inputs: Modalities,
    families: Families,
    allowed: Allowed,
) -> Row {
    Row {
        tasks,
        inputs,
        outputs: Modalities::Any,
        families,
        variants: Variants::Any,
        allowed,
    }
}

/// A generation row with conditions on the inputs and outputs.
const fn generation(
    inputs: Modalities,
    outputs: Modalities,
    families: Families,
    allowed: Allowed,
) -> Row {
    Row {
        tasks: &[T::Generation],
        inputs,
        outputs,
        families,
        variants: Variants::Any,
        allowed,
    }
}

const fn one_of(families: &'static [Family]) -> Families {
    Families::OneOf(families)
}

/// The table, first match wins.
pub static TABLE: &[Row] = &[
    // Reinforcement learning: any observation, an MLP, CNN or transformer agent.
    any(
        &[T::PolicyGradient, T::ActorCritic],
        AGENT_FAMILIES,
        Builds("rl_actor_critic"),
    ),
    any(&[T::ValueBased], AGENT_FAMILIES, Builds("dqn")),
    any(&[T::ModelBased], AGENT_FAMILIES, Builds("rl_model_based")),
    any(
        RL,
        Families::Any,
        Refused("reinforcement-learning agents support families mlp, cnn and transformer"),
    ),
    // Graphs: the resolver asks for a graph input first.
    inputs(
        GRAPH_TASKS,
        Modalities::Lacks(M::Graph),
        Families::Any,
        Refused("needs `graph` among the inputs"),
    ),
    inputs(
        &[
            T::NodeClassification,
            T::GraphClassification,
            T::Classification,
        ],
        Modalities::Has(M::Graph),
        one_of(&[F::Gnn, F::Gat]),
        Builds("gat"),
    ),
    inputs(
        &[
            T::NodeClassification,
            T::GraphClassification,
            T::Classification,
        ],
        Modalities::Has(M::Graph),
        one_of(&[F::Gcn]),
        Builds("gcn"),
    ),
    inputs(
        &[
            T::NodeClassification,
            T::GraphClassification,
            T::Classification,
        ],
        Modalities::Has(M::Graph),
        Families::Any,
        Refused("graph classifiers support families gat, gcn and gnn"),
    ),
    any(
        &[T::LinkPrediction],
        one_of(&[F::Gnn, F::Gat, F::Gcn]),
        Builds("link_prediction"),
    ),
    any(
        &[T::LinkPrediction],
        Families::Any,
        Refused("link prediction supports families gnn, gat and gcn"),
    ),
    // Recommendation, forecasting and anomaly detection read any modality as ids, series
    // or rows.
    any(
        &[T::Recommendation],
        one_of(&[F::TwoTower, F::Mlp]),
        Builds("two_tower"),
    ),
    any(
        &[T::Recommendation],
        Families::Any,
        Refused("recommendation supports families two_tower and mlp"),
    ),
    any(
        &[T::Forecasting],
        one_of(&[F::Transformer]),
        Builds("patchtst"),
    ),
    any(
        &[T::Forecasting],
        one_of(&[F::Mlp]),
        Builds("mlp_forecaster"),
    ),
    any(
        &[T::Forecasting],
        Families::Any,
        Refused("forecasting supports families transformer and mlp"),
    ),
    any(
        &[T::AnomalyDetection],
        one_of(&[F::Autoencoder, F::Mlp]),
        Builds("autoencoder"),
    ),
    any(
        &[T::AnomalyDetection],
        Families::Any,
        Refused("anomaly detection supports families autoencoder and mlp"),
    ),
    // Tabular rows.
    inputs(
        &[T::Classification, T::Regression],
        Modalities::Has(M::Tabular),
        one_of(&[F::Mlp]),
        Builds("tabular_mlp"),
    ),
    inputs(
        &[T::Classification, T::Regression],
        Modalities::Has(M::Tabular),
        Families::Any,
        Refused("tabular models support family mlp"),
    ),
    // Text and images in one embedding space.
    inputs(
        &[T::Contrastive, T::Embedding],
        Modalities::HasAll(&[M::Text, M::Image]),
        one_of(&[F::Transformer]),
        Builds("clip"),
    ),
    inputs(
        &[T::Contrastive, T::Embedding],
        Modalities::HasAll(&[M::Text, M::Image]),
        Families::Any,
        Refused("text+image contrastive models support family transformer"),
    ),
    // Retrieval by modality: CLIP, the bi-encoder, or the two-tower model.
    inputs(
        &[T::Retrieval],
        Modalities::HasAll(&[M::Text, M::Image]),
        one_of(&[F::Transformer]),
        Builds("clip"),
    ),
    inputs(
        &[T::Retrieval],
        Modalities::Exactly(&[M::Text]),
        Families::Any,
        Refused("text retrieval uses the BERT-style bi-encoder: write `variant: encoder-only`"),
    )
    .for_variants(DECODING),
    inputs(
        &[T::Retrieval],
        Modalities::Exactly(&[M::Text]),
        one_of(&[F::Transformer]),
        Builds("encoder_bert"),
    ),
    inputs(
        &[T::Retrieval],
        Modalities::HasAll(&[M::Text, M::Image]),
        Families::Any,
        Refused("retrieval supports text+image with family transformer (CLIP)"),
    ),
    inputs(
        &[T::Retrieval],
        Modalities::Exactly(&[M::Text]),
        Families::Any,
        Refused("text alone with family transformer (bi-encoder)"),
    ),
    any(
        &[T::Retrieval],
        one_of(&[F::TwoTower, F::Mlp]),
        Builds("two_tower"),
    ),
    any(
        &[T::Retrieval],
        one_of(&[F::Transformer]),
        Adapted("two_tower"),
    ),
    any(
        &[T::Retrieval],
        Families::Any,
        Refused("other modalities with families transformer, mlp and two_tower"),
    ),
    // Text alone: the BERT-style encoder; a decoder variant is refused, naming the encoder.
    inputs(
        ENCODER_TASKS,
        Modalities::Exactly(&[M::Text]),
        Families::Any,
        Refused("use the BERT-style encoder: write `variant: encoder-only`"),
    )
    .for_variants(DECODING),
    inputs(
        ENCODER_TASKS,
        Modalities::Exactly(&[M::Text]),
        one_of(&[F::Transformer]),
        Builds("encoder_bert"),
    ),
    inputs(
        ENCODER_TASKS,
        Modalities::Exactly(&[M::Text]),
        Families::Any,
        Refused("text encoders support family transformer"),
    ),
    // Images.
    inputs(
        &[T::Classification],
        Modalities::Has(M::Image),
        one_of(&[F::Transformer]),
        Builds("vit"),
    ),
    inputs(
        &[T::Classification],
        Modalities::Has(M::Image),
        one_of(&[F::Cnn]),
        Builds("resnet"),
    ),
    inputs(
        &[T::Classification],
        Modalities::Has(M::Image),
        Families::Any,
        Refused("image classifiers support families transformer (ViT) and cnn (ResNet)"),
    ),
    inputs(
        &[T::Detection],
        Modalities::Has(M::Image),
        one_of(&[F::Cnn]),
        Builds("detector_anchor_free"),
    ),
    inputs(
        &[T::Detection],
        Modalities::Has(M::Image),
        one_of(&[F::Transformer]),
        Builds("detector_detr"),
    ),
    inputs(
        &[T::Detection],
        Modalities::Has(M::Image),
        Families::Any,
        Refused("detectors support families cnn (anchor-free) and transformer (DETR)"),
    ),
    inputs(
        SEGMENTATION,
        Modalities::Has(M::Image),
        one_of(&[F::Unet, F::Cnn]),
        Builds("unet_segmenter"),
    ),
    inputs(
        SEGMENTATION,
        Modalities::Has(M::Image),
        Families::Any,
        Refused("segmenters support families unet and cnn"),
    ),
    // Point clouds: PointNet, whose shared per-point MLP a cnn spec reads as 1x1
    // convolutions.
    inputs(
        &[T::Classification],
        Modalities::Has(M::ThreeD),
        one_of(&[F::Mlp]),
        Builds("pointnet"),
    ),
    inputs(
        &[T::Classification],
        Modalities::Has(M::ThreeD),
        one_of(&[F::Cnn]),
        Adapted("pointnet"),
    ),
    inputs(
        &[T::Classification],
        Modalities::Has(M::ThreeD),
        Families::Any,
        Refused("point-cloud classifiers support families mlp (PointNet) and cnn"),
    ),
    // The non-generative tasks on modalities no situation takes (audio or video
    // classification, 3d regression, ...): the refusal lists, per situation of
    // the task, the modalities it needs and the families it supports.
    any(
        &[
            T::Classification,
            T::Regression,
            T::Embedding,
            T::Ranking,
            T::Contrastive,
            T::Detection,
            T::Segmentation,
            T::InstanceSegmentation,
            T::PanopticSegmentation,
        ],
        Families::Any,
        Refused(NEEDS_OTHER_MODALITIES),
    ),
    // Speech recognition: audio alone in, text out.
    generation(
        Modalities::Exactly(&[M::Audio]),
        Modalities::AllIn(TEXT_OUTPUTS),
        one_of(&[F::Transformer]),
        Builds("whisper_asr"),
    ),
    generation(
        Modalities::Exactly(&[M::Audio]),
        Modalities::AllIn(TEXT_OUTPUTS),
        Families::Any,
        Refused("speech recognition supports family transformer"),
    ),
    // Text to text by variant: an encoder alone does not generate; encoder-decoder is T5.
    generation(
        Modalities::Exactly(&[M::Text]),
        Modalities::AllIn(TEXT_OUTPUTS),
        Families::Any,
        Refused("text->text generation uses `variant: decoder-only`"),
    )
    .for_variants(&[ArchVariant::EncoderOnly]),
    generation(
        Modalities::Exactly(&[M::Text]),
        Modalities::AllIn(TEXT_OUTPUTS),
        one_of(&[F::Transformer]),
        Builds("t5_encoder_decoder"),
    )
    .for_variants(&[ArchVariant::EncoderDecoder]),
    // Several modalities, or family hybrid: the hybrid fusion model, when it has an
    // encoder for an input and a decoder for an output.
    generation(
        Modalities::AnyIn(HYBRID_INPUTS),
        Modalities::AnyIn(HYBRID_MODALITIES),
        one_of(&[F::Hybrid]),
        Builds("hybrid_multimodal"),
    ),
    generation(
        Modalities::AnyIn(HYBRID_INPUTS),
        Modalities::AllIn(&[M::Taste, M::Smell, M::Vibes]),
        one_of(&[F::Hybrid]),
        Builds("hybrid_multimodal"),
    ),
    generation(
        Modalities::Any,
        Modalities::Any,
        one_of(&[F::Hybrid]),
        Refused(GENERATION_SUPPORTS),
    ),
    generation(
        Modalities::AnyIn(HYBRID_INPUTS),
        Modalities::Has(M::Multimodal),
        Families::Any,
        Builds("hybrid_multimodal"),
    ),
    generation(
        Modalities::Any,
        Modalities::Has(M::Multimodal),
        Families::Any,
        Refused(GENERATION_SUPPORTS),
    ),
    // One generated modality.
    generation(
        Modalities::Exactly(&[M::Text]),
        Modalities::AllIn(TEXT_OUTPUTS),
        one_of(&[F::Transformer]),
        Builds("decoder_llm"),
    ),
    generation(
        Modalities::Any,
        Modalities::Exactly(&[M::Image]),
        one_of(&[F::Unet, F::Diffusion]),
        Builds("latent_diffusion_unet"),
    ),
    generation(
        Modalities::Any,
        Modalities::Exactly(&[M::Image]),
        one_of(&[F::Cnn]),
        Adapted("latent_diffusion_unet"),
    ),
    generation(
        Modalities::Any,
        Modalities::Exactly(&[M::Image]),
        one_of(&[F::Transformer]),
        Builds("dit"),
    ),
    generation(
        Modalities::Any,
        Modalities::Exactly(&[M::Video]),
        one_of(&[F::Unet, F::Diffusion]),
        Builds("video_unet"),
    ),
    generation(
        Modalities::Any,
        Modalities::Exactly(&[M::Video]),
        one_of(&[F::Cnn]),
        Adapted("video_unet"),
    ),
    generation(
        Modalities::Any,
        Modalities::Exactly(&[M::Video]),
        one_of(&[F::Transformer]),
        Builds("video_dit"),
    ),
    generation(
        Modalities::Any,
        Modalities::Exactly(&[M::Audio]),
        one_of(&[F::Transformer]),
        Builds("audio_codec_decoder"),
    ),
    generation(
        Modalities::Any,
        Modalities::Exactly(&[M::ThreeD]),
        one_of(&[F::Transformer, F::Unet, F::Diffusion]),
        Builds("point_cloud_denoiser"),
    ),
    generation(
        Modalities::Any,
        Modalities::Any,
        Families::Any,
        Refused(GENERATION_SUPPORTS),
    ),
];

/// One combination of the table's dimensions.
#[derive(Debug, Clone, Copy)]
pub struct Combination<'a> {
    pub inputs: &'a [Modality],
    pub outputs: &'a [Modality],
    pub task: TaskType,
    pub family: Family,
    pub variant: Option<ArchVariant>,
}

/// What the table allows for a combination: the first row that matches.
pub fn expected(c: &Combination<'_>) -> Option<Allowed> {
    TABLE
        .iter()
        .find(|row| {
            row.tasks.contains(&c.task)
                && row.inputs.matches(c.inputs)
                && row.outputs.matches(c.outputs)
                && row.families.matches(c.family)
                && row.variants.matches(c.variant)
        })
        .map(|row| row.allowed)
}
