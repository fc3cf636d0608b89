//! The paper's title. It is drawn from the `paper` seed stream, so it is
//! drawn here, once, and the renderers only read `Release::title`.

use rand_core::RngCore;

use crate::arch::Blueprint;
use crate::spec::{ResolvedSpec, TaskType};

fn task_phrase(task: TaskType) -> &'static str {
    use TaskType::*;
    match task {
        Generation => "Generative Modeling",
        Classification => "Classification",
        Regression => "Regression",
        Embedding => "Representation Learning",
        Ranking => "Neural Ranking",
        Detection => "Object Detection",
        Segmentation | InstanceSegmentation | PanopticSegmentation => "Dense Segmentation",
        Forecasting => "Long-Horizon Forecasting",
        AnomalyDetection => "Anomaly Detection",
        NodeClassification | GraphClassification => "Graph Learning",
        LinkPrediction => "Link Prediction",
        Recommendation => "Recommendation",
        Contrastive => "Contrastive Alignment",
        Retrieval => "Cross-Modal Retrieval",
        PolicyGradient | ActorCritic | ValueBased | ModelBased => "Sequential Decision Making",
        SpeechRecognition => "Speech Recognition",
    }
}

/// The paper's title, drawn once from the `paper` seed stream.
pub fn paper_title(resolved: &ResolvedSpec, blueprint: &Blueprint) -> String {
    let name = &resolved.spec.name;
    let phrase = task_phrase(resolved.spec.task.task_type);
    let human = crate::numbers::short_count(blueprint.total_params);
    let mut rng = crate::seed::stream(resolved.resolved_seed, "paper");
    match rng.next_u32() % 4 {
        0 => format!("{name}: Scaling {phrase} to the Edge of the Possible"),
        1 => format!("{name}: Rethinking {phrase} with Exactly {human} Parameters"),
        2 => format!("Towards Foundation-Grade {phrase}: The {name} Model"),
        _ => format!("{name}: {phrase} Is All You Need, Again"),
    }
}
