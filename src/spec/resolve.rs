//! Resolution: parse every quantity, check the task's fields against its
//! type, collect warnings, and derive the resolved seed.
//!
//! All problems in a spec are reported together, each pointing at its line.

use serde::Serialize;

use std::collections::BTreeSet;

use super::canonical::ReadNote;
use super::diagnostic::{SpecDiagnostic, SpecErrors};
use super::enums::ArtifactGroup;
use super::load::LoadedSpec;
use super::types::Spec;
use super::units::{
    ByteSize, ContextWindow, DataSize, Duration, Hardware, INFINITE_CONTEXT_WARNING, ParamCount,
    Throughput,
};
use super::units_time::{AudioLength, LatencyTarget, SampleRate};
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
    /// Video frame (height, width), when given.
    pub frame_size: Option<(u64, u64)>,
    /// Latency target of one request, when given.
    pub latency_target: Option<LatencyTarget>,
    /// Audio sample rate, when given.
    pub sample_rate: Option<SampleRate>,
    /// Audio clip length, when given.
    pub audio_length: Option<AudioLength>,
    /// How each value written in the original MetaGen's form was read.
    pub read_notes: Vec<ReadNote>,
    /// Canonical paths of the values the spec file wrote.
    pub written: BTreeSet<String>,
    /// Canonical paths of values computed from written ones (the latency
    /// class of a written latency target); every other value is a default.
    pub derived: BTreeSet<String>,
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

/// Whether a resolved value was written in the spec or is a default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueOrigin {
    /// The spec file wrote it (in our form or the original's).
    Written,
    /// Computed from written values (the latency class of a target).
    Derived,
    /// Nobody wrote it: it is the default, not a fact about the model.
    Default,
}

impl ResolvedSpec {
    /// Whether the value at `path` (a canonical dotted path such as
    /// `constraints.parameter_budget.max` or `modality.inputs`) was written
    /// in the spec, or is a default. A mapping counts as written when any
    /// value under it was.
    pub fn origin(&self, path: &str) -> ValueOrigin {
        let under = |p: &String| {
            p == path
                || p.strip_prefix(path)
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
        };
        if self.written.iter().any(under) {
            ValueOrigin::Written
        } else if self.derived.contains(path) {
            ValueOrigin::Derived
        } else {
            ValueOrigin::Default
        }
    }

    /// Whether the value at `path` is a default rather than written.
    pub fn is_default(&self, path: &str) -> bool {
        self.origin(path) == ValueOrigin::Default
    }

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
pub(super) struct Problems<'a> {
    loaded: &'a LoadedSpec,
    diagnostics: Vec<SpecDiagnostic>,
}

impl Problems<'_> {
    pub(super) fn add(&mut self, path: &str, message: String, help: impl Into<String>) {
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
    let read_notes =
        super::canonical::canonicalize(loaded, &mut spec, &mut problems, &mut warnings);
    let written = written_paths(loaded, &read_notes);
    let mut derived = BTreeSet::new();
    if written.contains("constraints.latency_target") && !written.contains("constraints.latency") {
        derived.insert("constraints.latency".to_string());
    }
    super::checks::check_modalities(&spec, &mut problems, &mut warnings);
    super::checks::check_task(&spec, &mut problems, &mut warnings);
    super::checks::check_attention(&spec, &mut problems);

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
    let frame_size = c.frame_size.map(|s| s.height_width());
    if let Some((h, w)) = frame_size
        && (h == 0 || w == 0)
    {
        problems.add(
            "constraints.frame_size",
            format!("frame_size {h}x{w} has a zero side"),
            "give a positive side length, e.g. 256 or [480, 640]",
        );
    }
    let latency_target = c.latency_target.as_ref().and_then(|t| {
        problems.parse(
            "constraints.latency_target",
            LatencyTarget::parse(t.as_str()),
            "write a duration such as 10ms or 100 ms",
        )
    });
    let sample_rate = c.sample_rate.as_ref().and_then(|t| {
        problems.parse(
            "constraints.sample_rate",
            SampleRate::parse(t.as_str()),
            "write a rate such as 16000 or 16kHz",
        )
    });
    let audio_length = c.audio_length.as_ref().and_then(|t| {
        problems.parse(
            "constraints.audio_length",
            AudioLength::parse(t.as_str()),
            "write a length such as 10s or 30 seconds",
        )
    });
    for (path, value) in [
        ("constraints.patch_size", c.patch_size),
        ("constraints.latent_size", c.latent_size),
        ("constraints.num_frames", c.num_frames),
        ("constraints.temporal_stride", c.temporal_stride),
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
    super::checks::check_training_config(&spec, &mut problems);

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
        frame_size,
        latency_target,
        sample_rate,
        audio_length,
        read_notes,
        written,
        derived,
        base_seed,
        resolved_seed,
        spec_sha256: seed::hex(&hash),
        artifacts,
        warnings,
    })
}

/// The canonical paths the file wrote: every path in the source, with the
/// original's keys replaced by the keys they were read as.
fn written_paths(loaded: &LoadedSpec, notes: &[ReadNote]) -> BTreeSet<String> {
    let mut written: BTreeSet<String> = loaded.spans.paths().map(str::to_string).collect();
    for note in notes {
        if note.path != note.canonical_path {
            written.insert(note.canonical_path.clone());
            if note.edit != super::canonical::Edit::Insert {
                written.remove(&note.path);
            }
        }
    }
    written.remove("");
    written
}
