//! Resolution: parse every quantity, check the task's fields against its
//! type, collect warnings, and derive the resolved seed.
//!
//! All problems in a spec are reported together, each pointing at its line.

use serde::Serialize;

use super::diagnostic::{SpecDiagnostic, SpecErrors};
use std::collections::BTreeSet;

use super::enums::{ActionSpace, ArtifactGroup, Modality, TaskType};
use super::load::LoadedSpec;
use super::types::Spec;
use super::units::{
    ByteSize, ContextWindow, DataSize, Duration, Hardware, INFINITE_CONTEXT_WARNING, ParamCount,
    Throughput,
};
use crate::seed;

/// The spec format versions this tool reads.
pub const SUPPORTED_SPEC_VERSIONS: &[&str] = &["1.0"];

/// A validated spec with every quantity parsed and the seed derived.
#[derive(Debug, Clone, Serialize)]
pub struct ResolvedSpec {
    /// The spec with every default filled in and `reproducibility.seed` set to
    /// the base seed actually used.
    pub spec: Spec,
    /// Largest parameter count.
    pub param_max: u64,
    /// Smallest parameter count, if given.
    pub param_min: Option<u64>,
    /// Context window in tokens.
    pub context_window: ContextWindow,
    /// Serving memory budget in bytes.
    pub memory_budget: ByteSize,
    /// Throughput requirement.
    pub throughput: Throughput,
    /// Training hardware.
    pub hardware: Hardware,
    /// Training wall-clock duration.
    pub duration: Duration,
    /// Training data size.
    pub data_size: DataSize,
    /// Image (height, width), when given.
    pub image_size: Option<(u64, u64)>,
    /// Base seed (`--seed`, else `reproducibility.seed`).
    pub base_seed: u64,
    /// Seed every artifact derives its randomness from.
    pub resolved_seed: u64,
    /// Hex SHA-256 of the canonical (RFC 8785) JSON of `spec`.
    pub spec_sha256: String,
    /// The artifact groups `outputs.artifacts` asks for.
    pub artifacts: BTreeSet<ArtifactGroup>,
    /// Things that are allowed but worth knowing.
    pub warnings: Vec<String>,
}

impl ResolvedSpec {
    /// The deterministic default run id: the sanitised name and the seed.
    pub fn default_run_id(&self) -> String {
        let mut name: String = self
            .spec
            .name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                    c
                } else {
                    '_'
                }
            })
            .take(100)
            .collect();
        if name.trim_matches('.').is_empty() {
            name = "model".to_string();
        }
        format!("{name}-{:010}", self.resolved_seed)
    }

    /// The resolved spec as YAML, the content of `spec_resolved.yaml`.
    pub fn to_yaml(&self) -> String {
        serde_saphyr::to_string(&self.spec).unwrap_or_default()
    }
}

/// Collects located problems while resolving.
struct Problems<'a> {
    loaded: &'a LoadedSpec,
    diagnostics: Vec<SpecDiagnostic>,
}

impl Problems<'_> {
    fn add(&mut self, path: &str, message: String, help: impl Into<String>) {
        let mut diagnostic = SpecDiagnostic::new(message)
            .at_path(path)
            .with_label(format!("`{path}`"))
            .with_help(help);
        if let Some((offset, len)) = self.loaded.spans.find(path) {
            diagnostic = diagnostic.with_span(offset, len);
        }
        self.diagnostics
            .push(diagnostic.with_source(&self.loaded.source.name, &self.loaded.source.text));
    }

    fn parse<T, E: std::fmt::Display>(
        &mut self,
        path: &str,
        result: Result<T, E>,
        help: &str,
    ) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(e) => {
                self.add(path, format!("invalid `{path}`: {e}"), help);
                None
            }
        }
    }
}

/// Resolves a loaded spec. `seed_override` is `--seed`, which replaces
/// `reproducibility.seed` as the base seed.
pub fn resolve(
    loaded: &LoadedSpec,
    seed_override: Option<u64>,
) -> Result<ResolvedSpec, SpecErrors> {
    let mut spec = loaded.spec.clone();
    let mut problems = Problems {
        loaded,
        diagnostics: Vec::new(),
    };
    let mut warnings = Vec::new();

    if !SUPPORTED_SPEC_VERSIONS.contains(&spec.metagen_version.as_str()) {
        problems.add(
            "metagen_version",
            format!("unsupported metagen_version `{}`", spec.metagen_version),
            format!(
                "this tool reads spec versions: {}",
                SUPPORTED_SPEC_VERSIONS.join(", ")
            ),
        );
    }
    if spec.name.trim().is_empty() {
        problems.add(
            "name",
            "the model name is empty".to_string(),
            "give the model a name",
        );
    }
    check_modalities(&spec, &mut problems, &mut warnings);
    check_task(&spec, &mut problems, &mut warnings);

    let c = &spec.constraints;
    let param_max = problems
        .parse(
            "constraints.parameter_budget.max",
            ParamCount::parse(c.parameter_budget.max.as_str()),
            "write a count such as 350M, 8B or 1.5T (decimal: 8B = 8,000,000,000)",
        )
        .map(|p| p.0);
    let param_min = match &c.parameter_budget.min {
        Some(min) => problems
            .parse(
                "constraints.parameter_budget.min",
                ParamCount::parse(min.as_str()),
                "write a count such as 350M, 8B or 1.5T",
            )
            .map(|p| Some(p.0)),
        None => Some(None),
    };
    if let (Some(max), Some(Some(min))) = (param_max, param_min)
        && min > max
    {
        problems.add(
            "constraints.parameter_budget.min",
            format!(
                "parameter_budget.min ({}) exceeds parameter_budget.max ({})",
                ParamCount(min),
                ParamCount(max)
            ),
            "lower `min` or raise `max`",
        );
    }
    let context_window = problems.parse(
        "constraints.context_window",
        ContextWindow::parse(c.context_window.as_str()),
        "write a token count such as 512, 8k or 128k (k = 1024), or `infinite`",
    );
    if context_window.as_ref().is_some_and(|w| w.infinite) {
        warnings.push(INFINITE_CONTEXT_WARNING.to_string());
    }
    let memory_budget = problems.parse(
        "constraints.memory_budget",
        ByteSize::parse(c.memory_budget.as_str()),
        "write a size such as 512MB, 16GB (10^9 bytes) or 16GiB (2^30 bytes)",
    );
    let throughput = Throughput::parse(c.throughput.as_str());
    let image_size = c.image_size.map(|s| s.height_width());
    if let Some((h, w)) = image_size
        && (h == 0 || w == 0)
    {
        problems.add(
            "constraints.image_size",
            format!("image_size {h}x{w} has a zero side"),
            "give a positive side length, e.g. 224 or [512, 768]",
        );
    }
    for (path, value) in [
        ("constraints.patch_size", c.patch_size),
        ("constraints.latent_size", c.latent_size),
    ] {
        if value == Some(0) {
            problems.add(
                path,
                format!("`{path}` must be positive"),
                "use a value of 1 or more",
            );
        }
    }

    let compute = &spec.training.compute;
    let hardware = problems.parse(
        "training.compute.hardware",
        Hardware::parse(compute.hardware.as_str()),
        "write <count>x<accelerator>, e.g. 8xH100 or 256xA100",
    );
    if let Some(warning) = hardware
        .as_ref()
        .and_then(Hardware::unknown_accelerator_warning)
    {
        warnings.push(warning);
    }
    let duration = problems.parse(
        "training.compute.duration",
        Duration::parse(compute.duration.as_str()),
        "write a duration such as 6 hours, 21 days or 2 weeks",
    );
    let data_size = DataSize::parse(spec.training.data.size.as_str());
    let mut artifacts = BTreeSet::new();
    for artifact in &spec.outputs.artifacts {
        match ArtifactGroup::parse(artifact) {
            Some(group) => {
                artifacts.insert(group);
            }
            None => warnings.push(format!(
                "outputs.artifacts: unknown artifact `{artifact}` is ignored; known: {}",
                ArtifactGroup::names().join(", ")
            )),
        }
    }
    check_training_config(&spec, &mut problems);

    let (
        Some(param_max),
        Some(param_min),
        Some(context_window),
        Some(memory_budget),
        Some(hardware),
        Some(duration),
        true,
    ) = (
        param_max,
        param_min,
        context_window,
        memory_budget,
        hardware,
        duration,
        problems.diagnostics.is_empty(),
    )
    else {
        let mut diagnostics = problems.diagnostics;
        diagnostics.sort_by_key(|d| d.span.map_or(usize::MAX, |(offset, _)| offset));
        return Err(SpecErrors {
            file: loaded.source.name.clone(),
            diagnostics,
        });
    };

    let base_seed = seed_override.unwrap_or(spec.reproducibility.seed);
    spec.reproducibility.seed = base_seed;
    let hash = seed::canonical_hash(&spec).map_err(|e| SpecErrors {
        file: loaded.source.name.clone(),
        diagnostics: vec![SpecDiagnostic::new(format!(
            "cannot serialise the resolved spec: {e}"
        ))],
    })?;
    let resolved_seed = seed::resolve_seed(base_seed, &hash);

    Ok(ResolvedSpec {
        spec,
        param_max,
        param_min,
        context_window,
        memory_budget,
        throughput,
        hardware,
        duration,
        data_size,
        image_size,
        base_seed,
        resolved_seed,
        spec_sha256: seed::hex(&hash),
        artifacts,
        warnings,
    })
}

fn check_modalities(spec: &Spec, problems: &mut Problems<'_>, warnings: &mut Vec<String>) {
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
        Embedding | Contrastive => &["embedding_dim"],
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

fn check_task(spec: &Spec, problems: &mut Problems<'_>, warnings: &mut Vec<String>) {
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

fn check_training_config(spec: &Spec, problems: &mut Problems<'_>) {
    let Some(config) = &spec.training.config else {
        return;
    };
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
    let choices: [(&str, &Option<String>, &[&str]); 3] = [
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
