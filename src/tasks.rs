//! The task registry: the tasks architectures serve, each with its Python sections
//! (`templates/python/tasks/<task>/{data,loss,eval,infer}.py`, embedded by `build.rs`), its
//! Hugging Face pipeline tag and the metrics its `evaluate` computes. Tasks are shared: the
//! image-classification task serves both ViT and ResNet. An architecture names its task in
//! [`crate::families::Architecture::task`].

include!(concat!(env!("OUT_DIR"), "/python_templates.rs"));

/// One task: what the generated `data.py`, loss, `eval.py` and `infer.py` implement.
#[derive(Debug, PartialEq, Eq)]
pub struct Task {
    /// Folder name under `templates/python/tasks/`.
    pub name: &'static str,
    /// The Hugging Face pipeline tag, unless the architecture names its own.
    pub pipeline_tag: &'static str,
    /// The metric keys `evaluate` returns (checked against `eval.py` by the tests).
    pub metrics: &'static [&'static str],
}

macro_rules! tasks {
    ($($id:ident = $name:literal, $tag:literal, [$($metric:literal),* $(,)?];)*) => {
        $(
            #[doc = concat!("The `", $name, "` task.")]
            pub static $id: Task = Task { name: $name, pipeline_tag: $tag, metrics: &[$($metric),*] };
        )*
        /// Every registered task, by name.
        pub static TASKS: &[&Task] = &[$(&$id),*];
    };
}

tasks! {
    ANOMALY = "anomaly", "time-series-forecasting",
        ["loss", "mse", "auroc", "f1", "precision", "recall", "accuracy", "threshold"];
    AUDIO_LM = "audio_lm", "text-to-audio", ["loss", "perplexity", "accuracy"];
    CAUSAL_LM = "causal_lm", "text-generation", ["loss", "perplexity", "accuracy"];
    CONTRASTIVE = "contrastive", "zero-shot-image-classification",
        ["loss", "accuracy", "recall@{k}"];
    DETECTION = "detection", "object-detection", ["loss", "map50"];
    FORECASTING = "forecasting", "time-series-forecasting", ["loss", "mse", "mae", "rmse"];
    GRAPH_CLASSIFICATION = "graph_classification", "graph-ml", ["loss", "accuracy", "f1"];
    HYBRID = "hybrid", "any-to-any", ["loss", "accuracy", "mse"];
    IMAGE_CLASSIFICATION = "image_classification", "image-classification",
        ["loss", "accuracy", "top5", "f1"];
    IMAGE_DIFFUSION = "image_diffusion", "text-to-image", ["mse", "rmse"];
    LINK_PREDICTION = "link_prediction", "graph-ml", ["loss", "auroc", "mrr"];
    POINT_DIFFUSION = "point_diffusion", "text-to-3d", ["mse", "rmse"];
    RECOMMENDATION = "recommendation", "graph-ml", ["recall@10", "ndcg@10"];
    RL_MODEL_BASED = "rl_model_based", "reinforcement-learning", ["loss", "mse", "episode_return"];
    RL_POLICY_GRADIENT = "rl_policy_gradient", "reinforcement-learning", ["episode_return"];
    RL_VALUE = "rl_value", "reinforcement-learning", ["episode_return"];
    SEGMENTATION = "segmentation", "image-segmentation", ["loss", "accuracy", "miou"];
    SPEECH_RECOGNITION = "speech_recognition", "automatic-speech-recognition",
        ["loss", "perplexity", "accuracy", "wer", "cer"];
    TABULAR = "tabular", "tabular-classification",
        ["loss", "accuracy", "f1", "mse", "mae", "rmse", "r2"];
    TEXT_CLASSIFICATION = "text_classification", "text-classification",
        ["loss", "accuracy", "top5", "f1", "mse", "mae", "rmse", "r2"];
    TEXT_EMBEDDING = "text_embedding", "sentence-similarity",
        ["loss", "recall@1", "recall@5", "recall@10", "ndcg@10"];
    TEXT_RANKING = "text_ranking", "text-ranking", ["loss", "accuracy"];
    VIDEO_DIFFUSION = "video_diffusion", "text-to-video", ["mse", "rmse"];
}

/// Common spellings of metric keys, mapped to the key `eval.py` returns.
const METRIC_ALIASES: &[(&str, &str)] = &[
    ("acc", "accuracy"),
    ("top1", "accuracy"),
    ("top-1", "accuracy"),
    ("top-5", "top5"),
    ("ppl", "perplexity"),
    ("auc", "auroc"),
    ("roc_auc", "auroc"),
    ("roc-auc", "auroc"),
    ("map@0.5", "map50"),
    ("map_50", "map50"),
    ("mean_iou", "miou"),
    ("return", "episode_return"),
];

/// The values of `{k}` the templated metric keys are computed for.
const TEMPLATED_K: &[&str] = &["1", "5", "10"];

impl Task {
    /// The `eval.py` key that computes a spec metric, if this task computes it: the
    /// metric's own key, a common alias of it (`acc`, `ppl`, `auc`), or an instance of a
    /// templated key (`recall@5` for `recall@{k}`; the templates loop over k = 1, 5, 10).
    /// `None` means `eval.py` does not compute
    /// the metric, and no document may say it does.
    pub fn computed_key(&self, metric: &str) -> Option<String> {
        let wanted = metric.trim().to_lowercase();
        let wanted = METRIC_ALIASES
            .iter()
            .find(|(alias, _)| *alias == wanted)
            .map_or(wanted.clone(), |(_, key)| (*key).to_string());
        self.metrics.iter().find_map(|key| {
            let matches = match key.strip_suffix("{k}") {
                Some(prefix) => wanted
                    .strip_prefix(prefix)
                    .is_some_and(|k| TEMPLATED_K.contains(&k)),
                None => *key == wanted,
            };
            matches.then(|| wanted.clone())
        })
    }
}

/// The raw sections of a task (before `# uses:` lines are expanded): data, loss, eval,
/// infer. `None` only for a task registered without a template folder, which the tests
/// rule out.
pub fn sections(task: &Task) -> Option<[&'static str; 4]> {
    TASK_TEMPLATES
        .iter()
        .find(|(name, _)| *name == task.name)
        .map(|(_, parts)| *parts)
}

/// The task's data-preparation script section (`prepare_data.py`), when it has one.
pub fn prepare_data_section(task: &Task) -> Option<&'static str> {
    TASK_OPTIONAL_TEMPLATES
        .iter()
        .find(|(name, part, _)| *name == task.name && *part == "prepare_data")
        .map(|(_, _, text)| *text)
}

/// The section a task adds to `code/README.md`: the data formats its `data.py` reads
/// (`templates/code/README_*.md`). Tasks that read only synthetic data or the generic
/// formats add none.
pub fn readme_section(task_name: &str) -> Option<&'static str> {
    let section = match task_name {
        "causal_lm" => include_str!("../templates/code/README_text.md"),
        "image_classification" => include_str!("../templates/code/README_image.md"),
        "speech_recognition" => include_str!("../templates/code/README_audio.md"),
        "graph_classification" | "link_prediction" => {
            include_str!("../templates/code/README_graph.md")
        }
        "rl_policy_gradient" => include_str!("../templates/code/README_rl.md"),
        _ => return None,
    };
    Some(section)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_task_has_its_templates_and_every_template_folder_is_a_task() {
        for task in TASKS {
            assert!(sections(task).is_some(), "{} has no templates", task.name);
        }
        for (name, _) in TASK_TEMPLATES {
            assert!(
                TASKS.iter().any(|t| t.name == *name),
                "templates/python/tasks/{name} is not a registered task"
            );
        }
        let mut names: Vec<&str> = TASKS.iter().map(|t| t.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), TASKS.len(), "task names are unique");
    }

    #[test]
    fn declared_metrics_are_the_keys_eval_returns() {
        for task in TASKS {
            let [_, _, eval, _] = sections(task).unwrap();
            assert!(!task.metrics.is_empty(), "{} declares no metric", task.name);
            for metric in task.metrics {
                assert!(
                    eval.contains(&format!("\"{metric}\"")),
                    "{}: eval.py never names the metric {metric:?}",
                    task.name
                );
            }
        }
    }

    #[test]
    fn spec_metrics_map_to_eval_keys_or_to_nothing() {
        assert_eq!(
            CAUSAL_LM.computed_key("Perplexity"),
            Some("perplexity".into())
        );
        assert_eq!(CAUSAL_LM.computed_key("ppl"), Some("perplexity".into()));
        assert_eq!(CAUSAL_LM.computed_key("pass@1"), None);
        assert_eq!(IMAGE_DIFFUSION.computed_key("fid"), None);
        assert_eq!(IMAGE_DIFFUSION.computed_key("clip_score"), None);
        assert_eq!(
            CONTRASTIVE.computed_key("recall@5"),
            Some("recall@5".into())
        );
        assert_eq!(CONTRASTIVE.computed_key("recall@"), None);
        assert_eq!(CONTRASTIVE.computed_key("recall@20"), None);
        assert_eq!(CONTRASTIVE.computed_key("recall@k"), None);
        assert_eq!(DETECTION.computed_key("map"), None);
        assert_eq!(DETECTION.computed_key("mAP50"), Some("map50".into()));
    }

    #[test]
    fn readme_sections_belong_to_registered_tasks() {
        let with_section: Vec<&str> = TASKS
            .iter()
            .filter(|t| readme_section(t.name).is_some())
            .map(|t| t.name)
            .collect();
        assert_eq!(
            with_section,
            [
                "causal_lm",
                "graph_classification",
                "image_classification",
                "link_prediction",
                "rl_policy_gradient",
                "speech_recognition"
            ]
        );
        assert!(readme_section("not_a_task").is_none());
    }

    #[test]
    fn pipeline_tags_are_hugging_face_spellings() {
        for task in TASKS {
            let tag = task.pipeline_tag;
            assert!(
                !tag.is_empty()
                    && tag
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}: {tag:?}",
                task.name
            );
        }
    }
}
