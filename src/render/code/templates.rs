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

/// Deepest chain of `# uses:` lines followed; the blocks nest two deep.
const MAX_USES_DEPTH: usize = 4;

/// Expands leading `# uses: NAME` lines: each named block section is placed
/// before the text (its own `# uses:` lines expanded first), once each.
fn expand_uses(text: &str, seen: &mut Vec<&'static str>, depth: usize) -> Option<String> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(line) = rest.lines().next()
        && let Some(name) = line.strip_prefix("# uses: ")
    {
        let (block_name, block) = BLOCK_TEMPLATES
            .iter()
            .find(|(block, _)| *block == name.trim())
            .copied()?;
        if !seen.contains(&block_name) {
            if depth >= MAX_USES_DEPTH {
                return None;
            }
            seen.push(block_name);
            let expanded = expand_uses(block, seen, depth + 1)?;
            parts.push(expanded.trim_end().to_string());
        }
        rest = rest[line.len()..].trim_start_matches('\n');
    }
    parts.push(rest.to_string());
    Some(parts.join("\n\n\n"))
}

/// The model section for an architecture variant, with the shared blocks it
/// names in leading `# uses: NAME` lines placed before it.
pub fn model_template(variant: &str) -> Option<String> {
    let text = MODEL_TEMPLATES
        .iter()
        .find(|(name, _)| *name == variant)
        .map(|(_, text)| *text)?;
    expand_uses(text, &mut Vec::new(), 0)
}

/// The task sections: data, loss, evaluation and inference.
#[derive(Debug, Clone)]
pub struct TaskTemplates {
    /// Task name, e.g. `causal_lm`.
    pub name: &'static str,
    /// data.py body.
    pub data: String,
    /// Loss function appended to model.py.
    pub loss: String,
    /// `evaluate` for eval.py.
    pub eval: String,
    /// `add_arguments` and `infer` for infer.py.
    pub infer: String,
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
    let (_, [data, loss, eval, infer]) = TASK_TEMPLATES.iter().find(|(task, _)| *task == name)?;
    let expand = |text: &str| expand_uses(text, &mut Vec::new(), 0);
    Some(TaskTemplates {
        name,
        data: expand(data)?,
        loss: expand(loss)?,
        eval: expand(eval)?,
        infer: expand(infer)?,
    })
}
