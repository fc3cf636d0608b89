//! The architecture registry: one folder per architecture family, each owning everything
//! about its architectures (selection rule, synthesis and closed-form count, variants and
//! their Python model sections, pipeline tag, paper text and references, recipe defaults,
//! Hugging Face config, and the request struct carrying the sizes it needs), and the registry
//! below, the one list the rest of the code dispatches through: each line generates an
//! [`ArchKind`] variant and a [`REGISTRY`] entry.
//!
//! The unit is the *architecture*: one [`Architecture`] per [`ArchKind`] variant (28 today),
//! grouped in folders where they share code (both detectors live in `detect/`). Tasks are
//! shared across architectures and have their own registry, [`crate::tasks`].

pub mod allowed;
pub mod audio;
pub mod detect;
pub mod dit;
pub mod encoder;
pub mod equations;
pub mod graph;
pub mod llm;
pub mod multimodal;
pub mod pointnet;
pub mod recipes;
pub mod resnet;
pub mod rl;
pub mod select;
pub mod t5;
pub mod tabular;
pub mod unet;
pub mod vit;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use crate::arch::blueprint::Built;
use crate::arch::error::ArchError;
use crate::arch::fit::Budget;
use crate::arch::request::ArchRequest;
use crate::tasks::Task;

pub use recipes::RecipeDefaults;
pub use select::{Rule, Situation};

/// Declares the registry from one line per architecture, `Kind(folder::Kind) => folder::ARCH;`
/// (or `Kind => folder::ARCH;` when the request carries no sizes), and generates from the
/// same lines:
/// - [`ArchKind`], the synthesis request's architecture: one variant per line, wrapping the
///   request struct the architecture's folder defines (or a unit variant);
/// - [`REGISTRY`], the architectures in line order;
/// - [`for_kind`]'s dispatch from a request to its architecture.
///
/// Serde sees a newtype variant over a struct exactly as it saw the struct variant it
/// replaced (`{"Vit": {"num_classes": 10}}`), and `Debug` prints the request struct itself,
/// so a folder names its request struct after its kind (`Vit { num_classes: 10 }`; a test
/// checks it).
macro_rules! registry {
    ($(
        $(#[doc = $doc:literal])*
        $(#[cfg($cfg:meta)])?
        $kind:ident $(($request:ty))? => $arch:path;
    )*) => {
        /// The architecture a synthesis request is for, with the sizes its folder needs.
        #[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
        pub enum ArchKind {
            $(
                $(#[doc = $doc])*
                $(#[cfg($cfg)])?
                $kind $(($request))?,
            )*
        }

        /// Every registered architecture, in the order of the lines above. Order matters only
        /// where two selection rules of the same [`Situation`] could both match: the first one
        /// wins.
        pub static REGISTRY: &[&Architecture] = &[$($(#[cfg($cfg)])? &$arch,)*];

        impl ArchKind {
            /// The registered architecture that builds this kind.
            fn architecture(&self) -> &'static Architecture {
                match self {
                    $($(#[cfg($cfg)])? ArchKind::$kind { .. } => &$arch,)*
                }
            }
        }

        impl fmt::Debug for ArchKind {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    $(
                        $(#[cfg($cfg)])?
                        kind_pattern!(request; $kind $(, $request)?) =>
                            kind_debug!(f, request; $kind $(, $request)?),
                    )*
                }
            }
        }
    };
}

/// The pattern of one [`ArchKind`] variant, binding a newtype's request to `$request`.
macro_rules! kind_pattern {
    ($binding:ident; $kind:ident) => {
        ArchKind::$kind
    };
    ($binding:ident; $kind:ident, $request:ty) => {
        ArchKind::$kind($binding)
    };
}

/// The `Debug` text of one [`ArchKind`] variant: the kind's name, or its request struct.
macro_rules! kind_debug {
    ($f:ident, $binding:ident; $kind:ident) => {
        $f.write_str(stringify!($kind))
    };
    ($f:ident, $binding:ident; $kind:ident, $request:ty) => {
        fmt::Debug::fmt($binding, $f)
    };
}

registry! {
    /// The toy architecture of the registry's tests (`tests.rs`): registered by this line
    /// alone, with its request struct defined in the test module.
    #[cfg(test)]
    Toy(tests::Toy) => tests::TOY;
    DecoderLlm => llm::DECODER_LLM;
    EncoderBert(encoder::EncoderBert) => encoder::ENCODER_BERT;
    Vit(vit::Vit) => vit::VIT;
    ResNet(resnet::ResNet) => resnet::RESNET;
    /// Point-cloud classifier (3d -> label).
    PointNet(pointnet::PointNet) => pointnet::POINTNET;
    DetectorAnchorFree(detect::DetectorAnchorFree) => detect::DETECTOR_ANCHOR_FREE;
    DetectorDetr(detect::DetectorDetr) => detect::DETECTOR_DETR;
    UNetSegmenter(unet::UNetSegmenter) => unet::UNET_SEGMENTER;
    LatentDiffusionUNet(unet::LatentDiffusionUNet) => unet::LATENT_DIFFUSION_UNET;
    /// Text-to-video latent U-Net (spatial levels + temporal attention).
    VideoUNet => unet::VIDEO_UNET;
    HybridMultimodal(multimodal::HybridMultimodal) => multimodal::HYBRID_MULTIMODAL;
    DiT(dit::DiT) => dit::DIT;
    /// Text-to-video diffusion transformer over spatio-temporal patches.
    VideoDiT => dit::VIDEO_DIT;
    /// Text-to-3D point-cloud denoiser.
    PointCloudDenoiser => dit::POINT_CLOUD_DENOISER;
    AudioCodecDecoder(audio::AudioCodecDecoder) => audio::AUDIO_CODEC_DECODER;
    WhisperAsr => audio::WHISPER_ASR;
    Clip(multimodal::Clip) => multimodal::CLIP;
    PatchTst(tabular::PatchTst) => tabular::PATCHTST;
    MlpForecaster(tabular::MlpForecaster) => tabular::MLP_FORECASTER;
    Autoencoder(tabular::Autoencoder) => tabular::AUTOENCODER;
    TabularMlp(tabular::TabularMlp) => tabular::TABULAR_MLP;
    RlActorCritic(rl::RlActorCritic) => rl::RL_ACTOR_CRITIC;
    Dqn(rl::Dqn) => rl::DQN;
    RlModelBased(rl::RlModelBased) => rl::RL_MODEL_BASED;
    Gat(graph::Gat) => graph::GAT;
    Gcn(graph::Gcn) => graph::GCN;
    LinkPrediction(graph::LinkPrediction) => graph::LINK_PREDICTION;
    TwoTower(graph::TwoTower) => graph::TWO_TOWER;
    T5 => t5::T5_ENCODER_DECODER;
}

/// One concrete model an architecture can build: the name reported in the blueprint and the
/// Python model section that implements it (`model.py`, embedded from the family's folder).
#[derive(Clone, Copy)]
pub struct Variant {
    /// Stable name, e.g. `decoder_llama`; blueprints and `code/model.py` report it.
    pub name: &'static str,
    /// The model section of `code/model.py`, with leading `# uses: BLOCK` lines naming shared
    /// blocks from `templates/python/blocks/`.
    pub model: &'static str,
}

impl Variant {
    /// The name with underscores as spaces, for prose.
    pub fn words(&self) -> String {
        self.name.replace('_', " ")
    }
}

impl PartialEq for Variant {
    fn eq(&self, other: &Variant) -> bool {
        self.name == other.name
    }
}

impl fmt::Debug for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Variant({})", self.name)
    }
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

impl Serialize for Variant {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name)
    }
}

/// A synthesis function: the module tree fitted to the budget, with the closed-form total.
pub type BuildFn = fn(&ArchRequest, &Budget) -> Result<(Built, u64), ArchError>;

/// A Hugging Face `config.json` from the blueprint's hyperparameters.
pub type HfConfigFn = fn(&BTreeMap<String, Value>) -> Value;

/// A related-work paragraph: a sentence opener and the bibliography keys it cites.
pub type References = Vec<(&'static str, Vec<&'static str>)>;

/// A family's own paper prose, in LaTeX. It may cite any key of the bibliography; the paper
/// collects the keys it cites.
pub struct Prose {
    /// One sentence on what the architecture does and what sets its cost: the abstract's claim.
    pub abstract_claim: &'static str,
    /// What the family does and why its design fits: opens the introduction.
    pub introduction: &'static str,
    /// The family's lineage: the related-work paragraph after the reference openers.
    pub related_work: &'static str,
    /// The closing paragraph of the conclusion.
    pub conclusion: &'static str,
    /// The family's real trade-offs: the discussion's limitations paragraph.
    pub limitations: &'static str,
    /// What this kind of model can do to people: the discussion's broader-impact paragraph.
    pub broader_impact: &'static str,
    /// How the architecture is put together, block by block, as the family's Python model
    /// builds it: opens the method section.
    pub method: &'static str,
    /// How models of this family are judged in practice, and against which baselines: opens
    /// the experiments section, before the suite and the synthetic scores.
    pub evaluation: &'static str,
    /// How the family's generated `model.py` builds and initialises its modules, for the
    /// appendix: each claim is one the family's Python model code (or the blocks it uses)
    /// makes true, so a reader can check it against the released code.
    pub implementation: &'static str,
}

/// What the test suite's cost oracle (`tests/python/cost_oracle.py`, run by
/// `python::cost_model_agrees_with_pytorch_counters`) finds when it measures this
/// architecture's bundled examples and variant fixtures with PyTorch's own counters. The
/// documents state a figure as checked only when its rule agrees here, and that test fails
/// when a value here stops matching what it measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Oracle {
    /// Every measured run of the architecture agrees within the tolerance.
    Agrees,
    /// At least one measured run disagrees (or has no figure to compare).
    Disagrees,
    /// No bundled example or variant fixture reaches the architecture.
    NotMeasured,
}

/// The oracle's finding for each cost figure it measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OracleAgreement {
    /// Training FLOPs per sample against `FlopCounterMode`.
    pub training_flops: Oracle,
    /// Inference FLOPs per request against `FlopCounterMode`.
    pub inference_flops: Oracle,
    /// Activation bytes per sample against the tensors autograd saves.
    pub activations: Oracle,
}

impl OracleAgreement {
    pub const ALL_AGREE: OracleAgreement = OracleAgreement {
        training_flops: Oracle::Agrees,
        inference_flops: Oracle::Agrees,
        activations: Oracle::Agrees,
    };
    pub const NOT_MEASURED: OracleAgreement = OracleAgreement {
        training_flops: Oracle::NotMeasured,
        inference_flops: Oracle::NotMeasured,
        activations: Oracle::NotMeasured,
    };
}

/// The oracle's tolerances, as `tests/python/cost_oracle.py` applies them (its test checks
/// that the two agree): training FLOPs for transformers (models with a per-token figure)
/// and for other networks, inference FLOPs, activation bytes.
pub const ORACLE_TOLERANCE_TRAIN_TRANSFORMER: f64 = 0.02;
pub const ORACLE_TOLERANCE_TRAIN_OTHER: f64 = 0.05;
pub const ORACLE_TOLERANCE_INFERENCE: f64 = 0.05;
pub const ORACLE_TOLERANCE_ACTIVATIONS: f64 = 0.10;

/// The oracle's tolerance for a model's training FLOPs: transformers (models with a
/// per-token figure) are held closer than other networks.
pub fn oracle_train_tolerance(flops: &crate::arch::cost::Flops) -> f64 {
    if flops.training_per_token.is_some() {
        ORACLE_TOLERANCE_TRAIN_TRANSFORMER
    } else {
        ORACLE_TOLERANCE_TRAIN_OTHER
    }
}

/// Everything about one architecture. Every field is required, so a family that lacks a
/// piece does not compile; the unit tests in `tests.rs` check that the pieces fit together.
pub struct Architecture {
    /// Stable name reported as the blueprint's `family`, e.g. `decoder_llm`.
    pub name: &'static str,
    /// When a spec selects this architecture; see [`select`].
    pub rules: &'static [Rule],
    /// Synthesis: the module tree fitted to the budget, with the closed-form total the fitter
    /// scored it with.
    pub build: BuildFn,
    /// The variants `build` may return; each carries its Python model section.
    pub variants: &'static [Variant],
    /// The task (data, loss, evaluation, inference templates) the architecture serves.
    pub task: fn(&ArchKind) -> &'static Task,
    /// The Hugging Face pipeline tag when it differs from the task's, `None` to use the
    /// task's.
    pub pipeline_tag: Option<fn(&ArchKind) -> &'static str>,
    /// The family's introduction, related-work and conclusion prose for the paper.
    pub prose: &'static Prose,
    /// LaTeX paragraphs of the paper's method section, in order (see [`equations`]).
    pub equations: &'static [&'static str],
    /// The related-work paragraphs and their references.
    pub references: fn(&ArchKind) -> References,
    /// Optimizer defaults from published practice, by exact parameter count.
    pub recipe: fn(u64) -> RecipeDefaults,
    /// `code/config.json` in Hugging Face format from the blueprint's hyperparameters, for
    /// architectures that map onto a transformers class.
    pub hf_config: Option<HfConfigFn>,
    /// What the cost oracle finds for this architecture's figures.
    pub oracle: OracleAgreement,
}

impl Architecture {
    /// The Hugging Face pipeline tag for a request of this architecture.
    pub fn pipeline_tag(&self, kind: &ArchKind) -> &'static str {
        match self.pipeline_tag {
            Some(tag) => tag(kind),
            None => (self.task)(kind).pipeline_tag,
        }
    }

    /// The registered variant named `name`.
    pub fn variant(&self, name: &str) -> Option<Variant> {
        self.variants.iter().copied().find(|v| v.name == name)
    }
}

impl PartialEq for Architecture {
    fn eq(&self, other: &Architecture) -> bool {
        self.name == other.name
    }
}

impl fmt::Debug for Architecture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Architecture({})", self.name)
    }
}

impl fmt::Display for Architecture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// Serializes an architecture reference as its name.
pub fn serialize_name<S: Serializer>(
    arch: &&'static Architecture,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_str(arch.name)
}

/// The architecture that builds `kind`: the one whose registry line declared the kind.
pub fn for_kind(kind: &ArchKind) -> &'static Architecture {
    kind.architecture()
}

/// Synthesizes the architecture's blueprint parts together with the closed-form total the
/// fitter scored the chosen candidate with; it must equal `built.root.count()` (checked by
/// [`crate::arch::synthesize`] and by the tests). The variant must be one the architecture
/// registered, so that its Python model section exists.
pub fn build_counted(
    req: &ArchRequest,
    budget: &Budget,
) -> Result<(&'static Architecture, Built, u64), ArchError> {
    let arch = for_kind(&req.kind);
    let (built, closed_form) = (arch.build)(req, budget)?;
    if !arch.variants.contains(&built.variant) {
        return Err(ArchError::Internal {
            reason: format!(
                "{} built the unregistered variant {}",
                arch.name, built.variant
            ),
        });
    }
    Ok((arch, built, closed_form))
}

/// The error for a build function handed a request its architecture does not claim.
pub(crate) fn wrong_kind(arch: &str, kind: &ArchKind) -> ArchError {
    ArchError::Internal {
        reason: format!("{arch} cannot build {kind:?}"),
    }
}
