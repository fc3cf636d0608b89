//! The selection rules: which architecture a spec's modality, task and family keyword
//! select. A [`Situation`] is a modality-and-task case (image classification, generation,
//! ...) with the message shown when no architecture serves it; each architecture
//! contributes [`Rule`]s for the situations it serves. [`architecture`] walks them: the
//! first situation that applies decides, and within it the first matching rule.

use crate::arch::request::{ArchKind, ModalityTag};
use crate::spec::enums::ArchVariant;
use crate::spec::types::TaskSpec;
use crate::spec::{Family, Modality, TaskType};

use super::REGISTRY;

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
    /// Points per cloud of a point-cloud classifier (ModelNet40's usual 1024).
    pub const CLOUD_POINTS: u64 = 1024;
}

/// What the rules see of a spec.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The spec's task block.
    pub task: &'a TaskSpec,
    /// Input modalities.
    pub inputs: &'a [Modality],
    /// Output modalities the model can emit (text when it can emit none of the requested).
    pub outputs: &'a [Modality],
    /// The spec's family keyword.
    pub family: Family,
    /// Image height when the spec gives an image size.
    pub image_side: Option<u64>,
    /// The transformer variant the spec asks for (`architecture.variant`), if any.
    pub variant: Option<ArchVariant>,
}

impl Context<'_> {
    /// Whether `m` is among the inputs.
    pub fn has_input(&self, m: Modality) -> bool {
        self.inputs.contains(&m)
    }

    /// Whether the spec asks for a single-output generator of `m` (not a hybrid model).
    pub fn single_output(&self, m: Modality) -> bool {
        self.family != Family::Hybrid && self.outputs == [m]
    }

    /// Whether the family keyword is one of `families`.
    pub fn family_in(&self, families: &[Family]) -> bool {
        families.contains(&self.family)
    }

    /// Features of a tabular row, noting the default when assumed.
    pub fn tabular_features(&self, notes: &mut Vec<String>) -> u64 {
        self.task.node_features.unwrap_or_else(|| {
            notes.push(format!(
                "rows assumed to have {} features",
                defaults::TABULAR_FEATURES
            ));
            defaults::TABULAR_FEATURES
        })
    }

    /// Channels of a time series, noting the default when assumed.
    pub fn series_channels(&self, notes: &mut Vec<String>) -> u64 {
        self.task.num_outputs.unwrap_or_else(|| {
            notes.push(format!(
                "series assumed to have {} channels",
                defaults::SERIES_CHANNELS
            ));
            defaults::SERIES_CHANNELS
        })
    }
}

/// The modality tag of a hybrid model's input or output, when it has one.
pub fn modality_tag(m: Modality) -> Option<ModalityTag> {
    Some(match m {
        Modality::Text => ModalityTag::Text,
        Modality::Image => ModalityTag::Image,
        Modality::Audio => ModalityTag::Audio,
        Modality::Video => ModalityTag::Video,
        Modality::Tabular => ModalityTag::Tabular,
        Modality::TimeSeries => ModalityTag::TimeSeries,
        Modality::ThreeD => ModalityTag::PointCloud,
        _ => return None,
    })
}

/// A modality-and-task case the rules are grouped by, in the order they are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Situation {
    ReinforcementLearning,
    GraphClassification,
    LinkPrediction,
    Recommendation,
    Forecasting,
    AnomalyDetection,
    Tabular,
    ImageTextContrastive,
    Retrieval,
    TextEncoder,
    ImageClassification,
    PointCloudClassification,
    Detection,
    Segmentation,
    SpeechRecognition,
    Generation,
}

impl Situation {
    /// Every situation, in the order they are tried.
    pub const ALL: [Situation; 16] = [
        Situation::ReinforcementLearning,
        Situation::GraphClassification,
        Situation::LinkPrediction,
        Situation::Recommendation,
        Situation::Forecasting,
        Situation::AnomalyDetection,
        Situation::Tabular,
        Situation::ImageTextContrastive,
        Situation::Retrieval,
        Situation::TextEncoder,
        Situation::ImageClassification,
        Situation::PointCloudClassification,
        Situation::Detection,
        Situation::Segmentation,
        Situation::SpeechRecognition,
        Situation::Generation,
    ];

    /// Whether the spec's task and modalities fall in this situation.
    pub fn applies(self, ctx: &Context) -> bool {
        self.serves_task(ctx.task.task_type) && self.modalities_fit(ctx)
    }

    /// Whether the situation is about the task `t`, whatever the modalities.
    pub fn serves_task(self, t: TaskType) -> bool {
        use TaskType as T;
        match self {
            Situation::ReinforcementLearning => matches!(
                t,
                T::PolicyGradient | T::ActorCritic | T::ValueBased | T::ModelBased
            ),
            Situation::GraphClassification => matches!(
                t,
                T::NodeClassification | T::GraphClassification | T::Classification
            ),
            Situation::LinkPrediction => t == T::LinkPrediction,
            Situation::Recommendation => t == T::Recommendation,
            Situation::Forecasting => t == T::Forecasting,
            Situation::AnomalyDetection => t == T::AnomalyDetection,
            Situation::Tabular => matches!(t, T::Classification | T::Regression),
            Situation::ImageTextContrastive => matches!(t, T::Contrastive | T::Embedding),
            Situation::Retrieval => t == T::Retrieval,
            Situation::TextEncoder => matches!(
                t,
                T::Classification | T::Regression | T::Embedding | T::Ranking
            ),
            Situation::ImageClassification | Situation::PointCloudClassification => {
                t == T::Classification
            }
            Situation::Detection => t == T::Detection,
            Situation::Segmentation => matches!(
                t,
                T::Segmentation | T::InstanceSegmentation | T::PanopticSegmentation
            ),
            Situation::SpeechRecognition => matches!(t, T::SpeechRecognition | T::Generation),
            Situation::Generation => matches!(t, T::Generation | T::SpeechRecognition),
        }
    }

    /// Whether the spec's modalities fit the situation (its task already does).
    fn modalities_fit(self, ctx: &Context) -> bool {
        match self {
            Situation::GraphClassification => ctx.has_input(Modality::Graph),
            Situation::Tabular => ctx.has_input(Modality::Tabular),
            Situation::ImageTextContrastive => {
                ctx.has_input(Modality::Text) && ctx.has_input(Modality::Image)
            }
            Situation::TextEncoder => ctx.inputs == [Modality::Text],
            Situation::ImageClassification | Situation::Detection | Situation::Segmentation => {
                ctx.has_input(Modality::Image)
            }
            Situation::PointCloudClassification => ctx.has_input(Modality::ThreeD),
            Situation::SpeechRecognition => {
                ctx.inputs == [Modality::Audio] && ctx.outputs == [Modality::Text]
            }
            _ => true,
        }
    }

    /// The modalities the situation needs, for the error when a task's situations all
    /// refuse the spec's modalities.
    fn needs(self) -> &'static str {
        match self {
            Situation::GraphClassification => "`graph` inputs",
            Situation::Tabular => "`tabular` inputs",
            Situation::ImageTextContrastive => "`text` and `image` inputs",
            Situation::TextEncoder => "`text` as the only input",
            Situation::ImageClassification | Situation::Detection | Situation::Segmentation => {
                "`image` inputs"
            }
            Situation::PointCloudClassification => "`3d` (`point_cloud`) inputs",
            Situation::SpeechRecognition => "`audio` input and `text` output",
            _ => "any modalities",
        }
    }

    /// The refusal when `architecture.variant` asks for transformer halves that the
    /// situation's architectures do not have, naming the variant that works.
    fn variant_refusal(self, ctx: &Context) -> Option<&'static str> {
        let text_only = ctx.inputs == [Modality::Text];
        match (self, ctx.variant?) {
            (Situation::TextEncoder, ArchVariant::DecoderOnly | ArchVariant::EncoderDecoder) => {
                Some(
                    "text classification, regression, embedding and ranking use the BERT-style \
                     encoder: write `variant: encoder-only` or leave `variant` out",
                )
            }
            (Situation::Retrieval, ArchVariant::DecoderOnly | ArchVariant::EncoderDecoder)
                if text_only =>
            {
                Some(
                    "text retrieval uses the BERT-style bi-encoder: write `variant: encoder-only` \
                     or leave `variant` out",
                )
            }
            (Situation::Generation, ArchVariant::EncoderOnly)
                if text_only && ctx.outputs == [Modality::Text] =>
            {
                Some(
                    "an encoder-only model does not generate text: text->text generation uses \
                     `variant: decoder-only`, and the BERT-style encoder serves the tasks \
                     classification, regression, embedding, ranking and retrieval",
                )
            }
            _ => None,
        }
    }

    /// What is supported in this situation, for the error when no rule matches.
    pub fn supported(self) -> &'static str {
        match self {
            Situation::ReinforcementLearning => {
                "reinforcement-learning agents support families mlp, cnn and transformer"
            }
            Situation::GraphClassification => "graph classifiers support families gat, gcn and gnn",
            Situation::LinkPrediction => "link prediction supports families gnn, gat and gcn",
            Situation::Recommendation => "recommendation supports families two_tower and mlp",
            Situation::Forecasting => "forecasting supports families transformer and mlp",
            Situation::AnomalyDetection => {
                "anomaly detection supports families autoencoder and mlp"
            }
            Situation::Tabular => "tabular models support family mlp",
            Situation::ImageTextContrastive => {
                "text+image contrastive models support family transformer"
            }
            Situation::Retrieval => {
                "retrieval supports text+image with family transformer (CLIP), text alone with \
                 family transformer (bi-encoder), and other modalities with families transformer, \
                 mlp and two_tower (two-tower model)"
            }
            Situation::TextEncoder => "text encoders support family transformer",
            Situation::ImageClassification => {
                "image classifiers support families transformer (ViT) and cnn (ResNet)"
            }
            Situation::PointCloudClassification => {
                "point-cloud classifiers support families mlp (PointNet) and cnn (PointNet, its \
                 shared per-point MLP read as 1x1 convolutions)"
            }
            Situation::Detection => {
                "detectors support families cnn (anchor-free) and transformer (DETR)"
            }
            Situation::Segmentation => "segmenters support families unet and cnn",
            Situation::SpeechRecognition => "speech recognition supports family transformer",
            Situation::Generation => {
                "generation supports text->text (transformer), ->image and ->video \
                 (unet, diffusion, cnn or transformer), ->audio (transformer), audio->text \
                 (transformer), text->3d (diffusion or transformer), and several \
                 modalities with family hybrid (text, image, audio, video, tabular, \
                 time_series and 3d point clouds; 3d is an input only)"
            }
        }
    }
}

/// One architecture's claim on a situation.
pub struct Rule {
    /// The situation the rule serves.
    pub situation: Situation,
    /// Whether the rule takes the spec (usually a check of the family keyword).
    pub matches: fn(&Context) -> bool,
    /// The request's architecture and task sizes, with notes on assumed defaults; `None`
    /// when the rule took the spec but cannot serve it.
    pub build: fn(&Context, &mut Vec<String>) -> Option<ArchKind>,
}

/// Walks the registry's rules for a spec: the architecture, or the message saying what
/// would work.
pub fn architecture(ctx: &Context, notes: &mut Vec<String>) -> Result<ArchKind, String> {
    let task = ctx.task.task_type;
    let Some(situation) = Situation::ALL.into_iter().find(|s| s.applies(ctx)) else {
        return Err(no_situation(task));
    };
    if let Some(refusal) = situation.variant_refusal(ctx) {
        return Err(refusal.to_string());
    }
    REGISTRY
        .iter()
        .flat_map(|arch| arch.rules)
        .filter(|rule| rule.situation == situation)
        .find(|rule| (rule.matches)(ctx))
        .and_then(|rule| (rule.build)(ctx, notes))
        .ok_or_else(|| situation.supported().to_string())
}

/// The message when no situation takes the spec's modalities: what each situation of its
/// task needs, and what it supports.
fn no_situation(task: TaskType) -> String {
    let options: Vec<String> = Situation::ALL
        .into_iter()
        .filter(|s| s.serves_task(task))
        .map(|s| format!("with {}, {}", s.needs(), s.supported()))
        .collect();
    format!("{task} needs other modalities: {}", options.join("; "))
}

#[cfg(test)]
mod tests {
    use crate::spec::{SpecFormat, SpecSource, parse_spec, resolve};

    /// The selection for a partial spec (defaults fill the rest), or the refusal text.
    fn select(yaml: &str) -> Result<String, String> {
        let source = SpecSource {
            name: "test.yaml".to_string(),
            text: yaml.to_string(),
            format: SpecFormat::Yaml,
        };
        let resolved = resolve(&parse_spec(&source).unwrap(), Some(1)).unwrap();
        crate::arch::select::select(&resolved)
            .map(|s| format!("{:?}", s.request.kind))
            .map_err(|e| e.0)
    }

    #[test]
    fn each_situation_refuses_with_what_it_supports() {
        for (yaml, refusal) in [
            (
                "modality: {inputs: [tabular], outputs: [action]}\ntask: {type: policy_gradient, num_actions: 4}\narchitecture: {family: gat}\n",
                "no architecture for tabular -> action policy_gradient with family `gat`; \
                 reinforcement-learning agents support families mlp, cnn and transformer",
            ),
            (
                "modality: {inputs: [image], outputs: [bounding_boxes]}\ntask: {type: detection, num_classes: 5}\narchitecture: {family: mlp}\n",
                "detectors support families cnn (anchor-free) and transformer (DETR)",
            ),
            (
                "modality: {inputs: [time_series], outputs: [time_series]}\ntask: {type: forecasting, horizon: 24}\narchitecture: {family: cnn}\n",
                "forecasting supports families transformer and mlp",
            ),
            (
                "modality: {inputs: [text], outputs: [image]}\narchitecture: {family: mlp}\n",
                "generation supports text->text (transformer), ->image and ->video",
            ),
            (
                "modality: {inputs: [graph], outputs: [label]}\ntask: {type: node_classification, num_classes: 3, node_features: 64}\narchitecture: {family: transformer}\n",
                "graph classifiers support families gat, gcn and gnn",
            ),
            (
                "modality: {inputs: [audio], outputs: [label]}\ntask: {type: detection, num_classes: 5}\n",
                "detection needs other modalities: with `image` inputs, detectors support families cnn",
            ),
        ] {
            let error = select(yaml).expect_err(yaml);
            assert!(error.contains(refusal), "{error}");
        }
    }

    #[test]
    fn rules_pick_the_architecture_and_sizes() {
        for (yaml, kind) in [
            (
                "modality: {inputs: [image], outputs: [label]}\ntask: {type: classification, num_classes: 10}\narchitecture: {family: cnn}\n",
                "ResNet { num_classes: 10 }",
            ),
            (
                "modality: {inputs: [image], outputs: [label]}\ntask: {type: classification, num_classes: 10}\narchitecture: {family: transformer}\n",
                "Vit { num_classes: 10 }",
            ),
            (
                "modality: {inputs: [text], outputs: [text, image]}\narchitecture: {family: transformer}\n",
                "HybridMultimodal { inputs: [Text], outputs: [Text, Image] }",
            ),
            (
                "modality: {inputs: [text], outputs: [image]}\narchitecture: {family: diffusion}\n",
                "LatentDiffusionUNet { text_conditioned: true }",
            ),
            (
                "modality: {inputs: [graph], outputs: [label]}\ntask: {type: classification, num_classes: 3, node_features: 64}\narchitecture: {family: gnn}\n",
                "Gat { node_features: 64, num_classes: 3, graph_level: true }",
            ),
            (
                "modality: {inputs: [graph], outputs: [label]}\ntask: {type: node_classification, num_classes: 3, node_features: 64}\narchitecture: {family: gcn}\n",
                "Gcn { node_features: 64, num_classes: 3, graph_level: false }",
            ),
        ] {
            assert_eq!(select(yaml).as_deref(), Ok(kind), "{yaml}");
        }
    }
}
