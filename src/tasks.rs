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
    /// What `train.py` feeds the model and the loss its `compute_loss` minimises, in LaTeX:
    /// the paper's method states it, so it must describe `data.py` and the loss as written.
    pub pipeline: &'static str,
    /// What the generated `eval.py` measures and how, in LaTeX: the paper's experiments state
    /// it, so it must describe `evaluate` as written.
    pub evaluation: &'static str,
    /// What the generated `infer.py` does with one input, in LaTeX: the paper's method states
    /// it, so it must describe `infer` as written.
    pub inference: &'static str,
}

macro_rules! tasks {
    ($($id:ident = $name:literal, $tag:literal, [$($metric:literal),* $(,)?], $pipeline:literal, $evaluation:literal, $inference:literal;)*) => {
        $(
            #[doc = concat!("The `", $name, "` task.")]
            pub static $id: Task = Task {
                name: $name,
                pipeline_tag: $tag,
                metrics: &[$($metric),*],
                pipeline: $pipeline,
                evaluation: $evaluation,
                inference: $inference,
            };
        )*
        /// Every registered task, by name.
        pub static TASKS: &[&Task] = &[$(&$id),*];
    };
}

tasks! {
    ANOMALY = "anomaly", "time-series-forecasting",
        ["loss", "mse", "auroc", "f1", "precision", "recall", "accuracy", "threshold"],
        "Training sees only normal windows, cut from a series file or drawn as smooth periodic signals with a little noise, and minimises their mean squared reconstruction error; the anomaly score of a window is that same error, thresholded on normal calibration windows.",
        "reports the reconstruction error on normal windows, then injects anomalies into held-out windows and scores detection (ROC-AUC, F1, precision, recall and accuracy) at a threshold set from normal calibration batches alone.",
        "scores windows, half of them with injected anomalies, by their reconstruction error and flags those above a threshold set from normal windows.";
    AUDIO_LM = "audio_lm", "text-to-audio", ["loss", "perplexity", "accuracy"],
        "Training streams synthetic batches of codec codes with style prompts, since turning waveforms into codes needs a codec this release does not bundle, and minimises next-step cross-entropy over every codebook, skipping the gaps of the delay pattern.",
        "reports perplexity and next-code accuracy over all codebooks, and the accuracy of each codebook separately, since a residual codebook's share of the signal depends on its place in the stack.",
        "samples codec frames autoregressively with the delay pattern, each codebook emitting its frame one step after the codebook before it, then undoes the delay.";
    CAUSAL_LM = "causal_lm", "text-generation", ["loss", "perplexity", "accuracy"],
        "Training cuts text files (or a synthetic stream) into windows of the training sequence length and minimises next-token cross-entropy, position $t$ predicting token $t+1$; every step draws the whole global batch from one seeded generator, so the batch does not depend on how it is split across processes.",
        "reports held-out perplexity and next-token accuracy, the two numbers a language model can be held to without a downstream harness.",
        "samples a continuation of a prompt token by token, with a temperature and top-$k$ truncation.";
    CONTRASTIVE = "contrastive", "zero-shot-image-classification",
        ["loss", "accuracy", "recall@{k}"],
        "Training draws matching image and caption pairs, from a captioned image folder or synthetic shapes and colours, and minimises the symmetric InfoNCE loss at the learned temperature: each image must pick its own caption among all captions of the batch, and each caption its own image.",
        "runs retrieval over every held-out pair in both directions, each image ranking all captions and each caption all images, and reports recall at several cutoffs, with the in-batch top-1 match rate and the InfoNCE loss beside them.",
        "matches one image against candidate captions zero-shot and returns the probability of each caption.";
    DETECTION = "detection", "object-detection", ["loss", "map50"],
        "Training draws images with up to a few boxes each, from a folder or synthetic coloured shapes, and minimises a classification loss plus L1 and generalised IoU losses on normalised box corners.",
        "reports the loss and mean average precision at an IoU threshold of 0.5 over the classes that have ground truth, with the precision-recall curve integrated at every point.",
        "detects the objects of one image and returns their classes with boxes normalised to the image.";
    FORECASTING = "forecasting", "time-series-forecasting", ["loss", "mse", "mae", "rmse"],
        "Training draws windows of look-back plus horizon from a series file or from sums of two sinusoids with fixed periods per channel, and minimises the mean squared error of the forecast over the whole horizon.",
        "reports the mean squared, mean absolute and root mean squared error of the forecast over every horizon step and channel of held-out windows.",
        "forecasts the horizon that follows one look-back window.";
    GRAPH_CLASSIFICATION = "graph_classification", "graph-ml", ["loss", "accuracy", "f1"],
        "Training batches merge random graphs whose node features follow one prototype per class (or read a local graph), and minimise cross-entropy over whole graphs at graph level or over the scored nodes at node level.",
        "reports accuracy, macro F1 and cross-entropy over held-out nodes or graphs, and ROC-AUC as well when there are two classes.",
        "predicts the classes, with probabilities, of the nodes or graphs of one input batch.";
    HYBRID = "hybrid", "any-to-any", ["loss", "accuracy", "mse"],
        "Training streams synthetic scenes rendered in every input and output modality at once, since paired multimodal data has no single file format, and minimises the sum of the per-output losses.",
        "reports the mean squared error of every output modality separately and their mean, and token accuracy for text outputs.",
        "runs one synthetic scene through the model and summarises every output against the scene's clean rendering.";
    IMAGE_CLASSIFICATION = "image_classification", "image-classification",
        ["loss", "accuracy", "top5", "f1"],
        "Training reads epochs of a class-per-folder image tree through a distributed sampler, or a synthetic stream without one, and minimises the cross-entropy of the class logits.",
        "reports top-1 and top-5 accuracy, macro F1 over the classes seen and the mean cross-entropy on held-out images.",
        "classifies one image and returns the predicted class with the top-$k$ class probabilities.";
    IMAGE_DIFFUSION = "image_diffusion", "text-to-image", ["mse", "rmse"],
        "Training noises clean latents (stored ones, or synthetic patterns with their prompts or class labels) to a random timestep and regresses the added noise, the DDPM objective; prompts are dropped at the recipe's rate so that classifier-free guidance has an unconditional branch to subtract.",
        "reports the denoising error, the squared error of the predicted noise at 10\\%, 50\\% and 90\\% of the schedule, with the noise drawn from a fixed seed so that checkpoints are compared on the same inputs.",
        "samples one latent for a prompt or class and reports its shape and statistics, and its distance to the pattern the condition names when that pattern is one of the synthetic ones.";
    LINK_PREDICTION = "link_prediction", "graph-ml", ["loss", "auroc", "mrr"],
        "Training scores observed edges against as many sampled negative pairs, on random graphs or the training edges of a local graph, with binary cross-entropy of the link logits.",
        "scores held-out edges against sampled negatives and reports ROC-AUC and the loss, hits at 50 as in the Open Graph Benchmark, and mean reciprocal rank and recall at 10 from ranking each true target among the batch's candidates.",
        "returns link probabilities for a few node pairs of one graph.";
    POINT_CLASSIFICATION = "point_classification", "other",
        ["loss", "accuracy", "class_accuracy", "f1"],
        "Training reads point clouds listed with their labels in a CSV file (XYZ text or NumPy files, resampled to the model's point count and scaled into the unit sphere), or draws synthetic ones, each class a noisy ellipsoid surface of its own proportions, randomly rotated about the vertical axis, scaled and jittered; it minimises the cross-entropy of the class logits.",
        "reports overall accuracy, mean per-class accuracy (the ModelNet40 convention), macro F1 and the mean cross-entropy on held-out clouds.",
        "classifies one point cloud and returns the predicted class with the top-$k$ class probabilities.";
    POINT_DIFFUSION = "point_diffusion", "text-to-3d", ["mse", "rmse"],
        "Training noises clean coloured point clouds to a random timestep and regresses the added noise; the model also outputs a per-channel variance, laid out as Point-E's, which this loss leaves untrained. Prompts are dropped at the recipe's rate for guidance.",
        "reports the denoising error of the predicted noise on held-out point clouds at 10\\%, 50\\% and 90\\% of the schedule, with the noise drawn from a fixed seed so that checkpoints are compared on the same inputs.",
        "samples one coloured point cloud for a prompt and summarises its bounding box, its mean radius and its mean colour.";
    RECOMMENDATION = "recommendation", "graph-ml", ["recall@10", "ndcg@10"],
        "Training draws observed user and item interactions and minimises an in-batch sampled softmax: each user's own item must outscore the items of the batch's other interactions.",
        "ranks the whole catalogue for every held-out user and reports recall and nDCG of the top ten against the items that user interacted with.",
        "scores the whole catalogue for one user and returns the top-$k$ items.";
    RL_MODEL_BASED = "rl_model_based", "reinforcement-learning", ["loss", "mse", "episode_return"],
        "Training fits the world model on transitions a uniformly random policy collects in the built-in environment, minimising the squared error between the predicted next latent and the encoding of the real next observation, plus the reward's squared error; a random-shooting planner acts with it.",
        "reports how well the world model predicts held-out random-policy transitions, reward error and training loss, and the mean return the random-shooting planner earns with it over fixed-length episodes.",
        "returns the planner's action for one observation with the reward the model predicts for it.";
    RL_POLICY_GRADIENT = "rl_policy_gradient", "reinforcement-learning", ["episode_return"],
        "Training alternates rollouts of the current policy in the environment with minibatch updates of the clipped surrogate plus a weighted value loss and an entropy bonus, with advantages normalised per minibatch.",
        "reports the mean undiscounted return of the deterministic policy over full episodes, one per environment copy, each running until it terminates or is truncated.",
        "returns one action for one observation, with the policy's parameters and the critic's value estimate.";
    RL_VALUE = "rl_value", "reinforcement-learning", ["episode_return"],
        "Training lets every environment copy take epsilon-greedy steps into a replay buffer and minimises the Huber distance between $Q(s, a)$ and a target computed with a frozen copy of the weights.",
        "reports the mean undiscounted return of the greedy policy over whole episodes of the built-in Catch environment.",
        "returns the greedy action and every Q-value for one position of the game.";
    SEGMENTATION = "segmentation", "image-segmentation", ["loss", "accuracy", "miou"],
        "Training reads image and mask pairs from a folder, or synthetic scenes with per-pixel class and instance masks, and minimises pixel cross-entropy plus a Dice loss, with a discriminative instance term weighted 0.1 when the head embeds instances; void pixels do not count.",
        "reports the loss, mean IoU over the classes that occur and pixel accuracy, from a confusion matrix over every held-out pixel, with void pixels left out.",
        "segments one image and summarises the predicted mask by its shape and class histogram.";
    SEQ2SEQ_LM = "seq2seq_lm", "text2text-generation", ["loss", "perplexity", "accuracy"],
        "Training cuts text files (or a synthetic stream) into windows of the training sequence length and splits each window in two: the first half is the source the encoder reads, the second half the target the decoder predicts with teacher forcing, fed the target shifted right behind a start token; the loss is the cross-entropy of every target token. When the spec's training objectives name `masked', the windows are instead span-corrupted as in T5: 15\\% of the tokens of a window's first half, in spans of three on average, are replaced in the source by sentinel ids, and the target lists each sentinel followed by the tokens it hid.",
        "reports held-out perplexity and token accuracy of the teacher-forced target halves, the numbers a text-to-text model can be held to without a downstream harness.",
        "encodes a source text once and decodes its continuation greedily, one token per step, until the end token or a length limit.";
    SPEECH_RECOGNITION = "speech_recognition", "automatic-speech-recognition",
        ["loss", "perplexity", "accuracy", "wer", "cer"],
        "Training turns the WAV clips of a manifest into log-mel features in torch, or draws a synthetic stream, and minimises next-token cross-entropy on the transcript, ignoring the padding after the end token.",
        "reports the teacher-forced loss, perplexity and token accuracy, then decodes greedy transcripts and reports their word and character error rates against the references.",
        "transcribes a WAV file greedily, or renders lexicon words as a synthetic spectrogram and transcribes that.";
    TABULAR = "tabular", "tabular-classification",
        ["loss", "accuracy", "f1", "mse", "mae", "rmse", "r2"],
        "Training reads feature rows from a file or a synthetic generator and minimises cross-entropy for class targets or mean squared error for real-valued ones.",
        "reports accuracy and macro F1 for a classifier, and mean squared, root mean squared and mean absolute error with $R^2$ for a regressor.",
        "predicts for one row: the values of a regressor, or a classifier's class with its probabilities.";
    TEXT_CLASSIFICATION = "text_classification", "text-classification",
        ["loss", "accuracy", "top5", "f1", "mse", "mae", "rmse", "r2"],
        "Training reads labelled rows from a TSV file or a synthetic stream and minimises cross-entropy for class indices or mean squared error for real-valued targets.",
        "reports accuracy, top-5 accuracy, macro F1 and cross-entropy for a classifier, and mean squared, root mean squared and mean absolute error with $R^2$ for a regressor.",
        "returns class probabilities or predicted values for one text.";
    TEXT_EMBEDDING = "text_embedding", "sentence-similarity",
        ["loss", "recall@1", "recall@5", "recall@10", "ndcg@10"],
        "Training reads sentence and paraphrase pairs (or synthesizes them) and minimises the symmetric in-batch InfoNCE loss: each sentence must find its own paraphrase among all paraphrases of the batch, and the reverse.",
        "lets every held-out sentence query the pool of all paraphrases and reports recall at several cutoffs, nDCG at ten with one relevant item per query, and the mean in-batch InfoNCE loss.",
        "embeds one sentence and ranks candidate sentences by cosine similarity to it.";
    TEXT_RANKING = "text_ranking", "text-ranking", ["loss", "accuracy"],
        "Training reads judged query and passage pairs (or synthesizes them) and minimises the binary cross-entropy of the relevance score against the judged label, scoring each pair jointly as monoBERT does.",
        "ranks each query's candidates by score and reports nDCG and MRR at ten and recall at ten of the relevant passages, with pointwise accuracy and binary cross-entropy of the scores.",
        "scores every query and passage pair and returns the passages ranked by relevance.";
    VIDEO_DIFFUSION = "video_diffusion", "text-to-video", ["mse", "rmse"],
        "Training noises clean latent clips to a random timestep and regresses the added noise, the DDPM objective over all frames at once; prompts are dropped at the recipe's rate for classifier-free guidance.",
        "reports the denoising error of the predicted noise on held-out latent clips at 10\\%, 50\\% and 90\\% of the schedule, with the noise drawn from a fixed seed so that checkpoints are compared on the same inputs.",
        "samples one latent clip for a prompt and reports its shape and statistics, and its distance to the pattern the prompt names when that pattern is one of the synthetic ones.";
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

/// Whether the task's generated `train.py` counts its step budget (the recipe's
/// `max_steps`) in environment steps. Read from the task's own `data.py`, which marks such
/// a budget by hanging `environment_steps` on its `steps_per_epoch`, so the answer cannot
/// drift from the code.
pub fn counts_environment_steps(task: &Task) -> bool {
    sections(task).is_some_and(|[data, ..]| data.contains("steps_per_epoch.environment_steps ="))
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
