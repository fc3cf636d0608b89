//! Checks of the spec's fields against their rules: modalities, the task's
//! sizes against its type, reinforcement-learning action spaces and the
//! explicit training configuration.

use super::enums::{ActionSpace, Modality, TaskType};
use super::resolve::Problems;
use super::types::Spec;

/// Learning-rate schedules `training.config.scheduler` accepts.
pub const SCHEDULERS: &[&str] = &[
    "cosine",
    "linear",
    "constant",
    "step",
    "exponential",
    "polynomial",
    "inverse_sqrt",
    "one_cycle",
    "cosine_with_restarts",
    "cosine_annealing",
    "warmup_cosine",
];

pub(super) fn check_modalities(
    spec: &Spec,
    problems: &mut Problems<'_>,
    warnings: &mut Vec<String>,
) {
    let modality = &spec.modality;
    if modality.inputs.is_empty() {
        problems.add(
            "modality.inputs",
            "the model has no input modality".to_string(),
            "list at least one input, e.g. [text]",
        );
    }
    if modality.outputs.is_empty() {
        problems.add(
            "modality.outputs",
            "the model has no output modality".to_string(),
            "list at least one output, e.g. [text]",
        );
    }
    for (i, input) in modality.inputs.iter().enumerate() {
        if input.is_unsupported_sense() {
            problems.add(
                &format!("modality.inputs[{i}]"),
                format!("`{input}` cannot be an input modality"),
                "taste, smell and vibes are accepted only as outputs",
            );
        }
    }
    let senses: Vec<&str> = modality
        .outputs
        .iter()
        .filter(|m| m.is_unsupported_sense())
        .map(|m| m.as_str())
        .collect();
    if !senses.is_empty() {
        warnings.push(format!(
            "Unsupported modalities requested: {}",
            senses.join(", ")
        ));
    }
}

/// Which optional task fields each task type reads.
fn relevant_fields(task: TaskType) -> &'static [&'static str] {
    use TaskType::*;
    match task {
        Generation => &["num_classes"],
        SpeechRecognition => &[],
        Classification => &["num_classes", "node_features"],
        Regression => &["num_outputs", "node_features", "lookback"],
        Embedding | Contrastive | Retrieval => &["embedding_dim"],
        Ranking => &["num_outputs"],
        Detection => &["num_classes", "num_anchors"],
        Segmentation | InstanceSegmentation | PanopticSegmentation => {
            &["num_classes", "mask_resolution", "embedding_dim"]
        }
        Forecasting => &["horizon", "lookback", "num_outputs"],
        AnomalyDetection => &["lookback", "num_outputs"],
        NodeClassification | GraphClassification => {
            &["num_classes", "node_features", "edge_features"]
        }
        LinkPrediction => &["node_features", "edge_features", "embedding_dim"],
        Recommendation => &["embedding_dim", "node_features", "num_outputs"],
        PolicyGradient | ActorCritic | ValueBased | ModelBased => {
            &["num_actions", "action_dim", "action_space", "lookback"]
        }
    }
}

pub(super) fn check_task(spec: &Spec, problems: &mut Problems<'_>, warnings: &mut Vec<String>) {
    let task = &spec.task;
    let kind = task.task_type;
    let fields: [(&str, Option<u64>); 11] = [
        ("num_classes", task.num_classes),
        ("num_outputs", task.num_outputs),
        ("horizon", task.horizon),
        ("lookback", task.lookback),
        ("num_actions", task.num_actions),
        ("action_dim", task.action_dim),
        ("num_anchors", task.num_anchors),
        ("mask_resolution", task.mask_resolution),
        ("node_features", task.node_features),
        ("edge_features", task.edge_features),
        ("embedding_dim", task.embedding_dim),
    ];
    let relevant = relevant_fields(kind);
    for (name, value) in fields {
        let Some(value) = value else { continue };
        let path = format!("task.{name}");
        if value == 0 {
            problems.add(
                &path,
                format!("`{path}` must be positive"),
                "use a value of 1 or more",
            );
        } else if !relevant.contains(&name) {
            warnings.push(format!("task.{name} is ignored for {kind} tasks"));
        }
    }
    if task.action_space.is_some() && !relevant.contains(&"action_space") {
        warnings.push(format!("task.action_space is ignored for {kind} tasks"));
    }

    if kind.needs_classes() {
        let minimum = if kind == TaskType::Detection { 1 } else { 2 };
        match task.num_classes {
            None => problems.add(
                "task.type",
                format!("{kind} needs `task.num_classes`"),
                format!("add `num_classes` (at least {minimum}) under `task`"),
            ),
            Some(n) if n < minimum => problems.add(
                "task.num_classes",
                format!("{kind} needs at least {minimum} classes, got {n}"),
                "a classifier with one class has nothing to decide",
            ),
            Some(_) => {}
        }
    }
    if kind == TaskType::Forecasting && task.horizon.is_none() {
        problems.add(
            "task.type",
            "forecasting needs `task.horizon` (steps to predict)".to_string(),
            "add e.g. `horizon: 96` under `task`",
        );
    }
    if matches!(
        kind,
        TaskType::NodeClassification | TaskType::GraphClassification | TaskType::LinkPrediction
    ) && task.node_features.is_none()
    {
        problems.add(
            "task.type",
            format!("{kind} needs `task.node_features`"),
            "add the number of features per node, e.g. `node_features: 64`",
        );
    }
    if kind.is_reinforcement_learning() {
        check_actions(spec, problems);
    }
    let inputs = &spec.modality.inputs;
    let outputs = &spec.modality.outputs;
    if kind.is_reinforcement_learning() && !outputs.contains(&Modality::Action) {
        warnings.push(format!(
            "{kind} agents output actions; consider `outputs: [action]`"
        ));
    }
    if matches!(
        kind,
        TaskType::NodeClassification | TaskType::GraphClassification | TaskType::LinkPrediction
    ) && !inputs.contains(&Modality::Graph)
    {
        problems.add(
            "modality.inputs",
            format!("{kind} needs `graph` among the inputs"),
            "add `graph` to `modality.inputs`",
        );
    }
}

fn check_actions(spec: &Spec, problems: &mut Problems<'_>) {
    let task = &spec.task;
    let space = task
        .action_space
        .or(match (task.num_actions, task.action_dim) {
            (Some(_), None) => Some(ActionSpace::Discrete),
            (None, Some(_)) => Some(ActionSpace::Continuous),
            _ => None,
        });
    match space {
        None => problems.add(
            "task.type",
            format!(
                "{} needs an action space: give `num_actions` (discrete) or `action_dim` (continuous)",
                task.task_type
            ),
            "add e.g. `action_space: discrete` and `num_actions: 4` under `task`",
        ),
        Some(ActionSpace::Discrete) if task.num_actions.is_none() => problems.add(
            "task.action_space",
            "a discrete action space needs `task.num_actions`".to_string(),
            "add e.g. `num_actions: 4` under `task`",
        ),
        Some(ActionSpace::Continuous) if task.action_dim.is_none() => problems.add(
            "task.action_space",
            "a continuous action space needs `task.action_dim`".to_string(),
            "add e.g. `action_dim: 6` under `task`",
        ),
        Some(ActionSpace::Continuous) if task.task_type == TaskType::ValueBased => problems.add(
            "task.action_space",
            "value-based agents (DQN) need a discrete action space".to_string(),
            "use `action_space: discrete` with `num_actions`, or a policy-gradient task",
        ),
        Some(_) => {}
    }
}

pub(super) fn check_training_config(spec: &Spec, problems: &mut Problems<'_>) {
    let Some(config) = &spec.training.config else {
        return;
    };
    if let Some(p) = config.unconditional_probability
        && !(0.0..1.0).contains(&p)
    {
        problems.add(
            "training.config.unconditional_probability",
            format!(
                "`training.config.unconditional_probability` must be at least 0 and below 1, got {p}"
            ),
            "classifier-free guidance usually drops the condition with probability 0.1",
        );
    }
    let reals = [
        ("learning_rate", config.learning_rate, false),
        ("weight_decay", config.weight_decay, true),
        ("grad_clip", config.grad_clip, false),
    ];
    for (name, value, zero_ok) in reals {
        let Some(value) = value else { continue };
        let ok = value.is_finite() && (value > 0.0 || (zero_ok && value == 0.0));
        if !ok {
            let path = format!("training.config.{name}");
            problems.add(
                &path,
                format!("`{path}` must be a finite positive number, got {value}"),
                "e.g. learning_rate: 3.0e-4",
            );
        }
    }
    if let Some(decay) = config.ema_decay
        && !(decay > 0.0 && decay < 1.0)
    {
        problems.add(
            "training.config.ema_decay",
            format!("`training.config.ema_decay` must lie strictly between 0 and 1, got {decay}"),
            "typical values are 0.999 or 0.9999",
        );
    }
    for (name, value) in [
        ("batch_size", config.batch_size),
        ("epochs", config.epochs),
        ("max_steps", config.max_steps),
        ("timesteps", config.timesteps),
    ] {
        if value == Some(0) {
            let path = format!("training.config.{name}");
            problems.add(
                &path,
                format!("`{path}` must be positive"),
                "use a value of 1 or more",
            );
        }
    }
    let choices: [(&str, &Option<String>, &[&str]); 4] = [
        (
            "optimizer",
            &config.optimizer,
            &["adamw", "adam", "sgd", "lion", "adafactor"],
        ),
        (
            "precision",
            &config.precision,
            &["fp32", "bf16", "fp16", "tf32"],
        ),
        (
            "noise_schedule",
            &config.noise_schedule,
            &["linear", "cosine", "scaled_linear"],
        ),
        ("scheduler", &config.scheduler, SCHEDULERS),
    ];
    for (name, value, allowed) in choices {
        if let Some(value) = value
            && !allowed.contains(&value.to_ascii_lowercase().as_str())
        {
            let path = format!("training.config.{name}");
            let mut help = String::new();
            if let Some(best) = super::suggest::did_you_mean(value, allowed) {
                help.push_str(&format!("did you mean `{best}`? "));
            }
            help.push_str(&format!("valid values: {}", allowed.join(", ")));
            problems.add(&path, format!("unknown {name} `{value}`"), help);
        }
    }
}

/// `architecture.attention`: the cost model and the generated code compute exact attention
/// (`full`, or `flash`, its fused kernel); an approximation they do not implement is refused
/// with the words that are accepted.
pub(super) fn check_attention(spec: &Spec, problems: &mut Problems<'_>) {
    let Some(attention) = spec.architecture.attention else {
        return;
    };
    if !attention.is_exact() {
        problems.add(
            "architecture.attention",
            format!(
                "`architecture.attention: {attention}` is not implemented: the generated code \
                 and the cost model compute exact attention"
            ),
            "accepted: `full` or `flash` (both exact; the code runs PyTorch's fused \
             scaled-dot-product kernel)",
        );
    }
}
