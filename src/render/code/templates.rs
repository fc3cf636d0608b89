//! The hand-written Python sections, embedded at build time, and the map
//! from architecture variant and task to the sections that implement them.

use crate::arch::ArchKind;

macro_rules! python_template {
    ($path:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/templates/python/",
            $path
        ))
    };
}

/// The generic training script body.
pub const TRAIN: &str = python_template!("train.py");
/// The generic evaluation script body.
pub const EVAL: &str = python_template!("eval_main.py");
/// The generic inference script body.
pub const INFER: &str = python_template!("infer_main.py");

include!(concat!(env!("OUT_DIR"), "/python_templates.rs"));

/// The model section for an architecture variant, with the shared block
/// sections it names in leading `# uses: NAME` lines placed before it.
pub fn model_template(variant: &str) -> Option<String> {
    let text = MODEL_TEMPLATES
        .iter()
        .find(|(name, _)| *name == variant)
        .map(|(_, text)| *text)?;
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(line) = rest.lines().next()
        && let Some(name) = line.strip_prefix("# uses: ")
    {
        let block = BLOCK_TEMPLATES
            .iter()
            .find(|(block, _)| *block == name.trim())
            .map(|(_, text)| *text)?;
        blocks.push(block.trim_end());
        rest = rest[line.len()..].trim_start_matches('\n');
    }
    blocks.push(rest);
    Some(blocks.join("\n\n\n"))
}

/// The task sections: data, loss, evaluation and inference.
#[derive(Debug, Clone, Copy)]
pub struct TaskTemplates {
    /// Task name, e.g. `causal_lm`.
    pub name: &'static str,
    /// data.py body.
    pub data: &'static str,
    /// Loss function appended to model.py.
    pub loss: &'static str,
    /// `evaluate` for eval.py.
    pub eval: &'static str,
    /// `add_arguments` and `infer` for infer.py.
    pub infer: &'static str,
}

/// Which task's sections an architecture uses.
pub fn task_name(kind: &ArchKind) -> &'static str {
    use crate::arch::EncoderHead;
    match kind {
        ArchKind::DecoderLlm => "causal_lm",
        ArchKind::EncoderBert { head } => match head {
            EncoderHead::Classifier { .. } | EncoderHead::Regressor { .. } => "text_classification",
            EncoderHead::Embedding { .. } => "text_embedding",
            EncoderHead::CrossEncoder => "text_ranking",
        },
        ArchKind::Vit { .. } | ArchKind::ResNet { .. } => "image_classification",
        ArchKind::DetectorAnchorFree { .. } | ArchKind::DetectorDetr { .. } => "detection",
        ArchKind::UNetSegmenter { .. } => "segmentation",
        ArchKind::LatentDiffusionUNet { .. } | ArchKind::DiT { .. } => "image_diffusion",
        ArchKind::VideoUNet | ArchKind::VideoDiT => "video_diffusion",
        ArchKind::PointCloudDenoiser => "point_diffusion",
        ArchKind::AudioCodecDecoder { .. } => "audio_lm",
        ArchKind::WhisperAsr => "speech_recognition",
        ArchKind::Clip { .. } => "contrastive",
        ArchKind::HybridMultimodal { .. } => "hybrid",
        ArchKind::PatchTst { .. } | ArchKind::MlpForecaster { .. } => "forecasting",
        ArchKind::Autoencoder { .. } => "anomaly",
        ArchKind::TabularMlp { .. } => "tabular",
        ArchKind::RlActorCritic { .. } => "rl_policy_gradient",
        ArchKind::Dqn { .. } => "rl_value",
        ArchKind::RlModelBased { .. } => "rl_model_based",
        ArchKind::Gat { .. } | ArchKind::Gcn { .. } => "graph_classification",
        ArchKind::LinkPrediction { .. } => "link_prediction",
        ArchKind::TwoTower { .. } => "recommendation",
    }
}

/// The task sections for an architecture, when they exist.
pub fn task_templates(kind: &ArchKind) -> Option<TaskTemplates> {
    let name = task_name(kind);
    TASK_TEMPLATES
        .iter()
        .find(|(task, _)| *task == name)
        .map(|(_, [data, loss, eval, infer])| TaskTemplates {
            name,
            data,
            loss,
            eval,
            infer,
        })
}
