//! Folding the original MetaGen's spellings into our canonical form: its
//! vocabulary words, its artifact names, the keys its users wrote beside its
//! schema, and its fallback for unknown families. Every reading is recorded
//! as a `ReadNote`, which `validate` prints and `migrate` turns into edits.

use serde::Serialize;

use super::enums::{Family, Latency, Modality, TaskType};
use super::load::LoadedSpec;
use super::original_forms::{
    AMBIGUOUS_WORDS, ARTIFACT_ALIASES, MOVED_KEYS, NATIVE_WILD_KEYS, RECORDED_WILD_KEYS,
};
use super::resolve::Problems;
use super::types::Spec;
use super::units_time::LatencyTarget;

/// How `migrate` rewrites the text for one reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Edit {
    /// Replace the value at `path` with `canonical`.
    Replace,
    /// Remove the key at `path` and write `canonical` at `canonical_path`.
    Move,
    /// Remove the key at `path`: the same value is already at `canonical_path`.
    Remove,
    /// Keep `path` and also write `canonical` at `canonical_path`.
    Insert,
    /// Nothing to rewrite: our language reads the key as written.
    Keep,
}

/// How one value written in the original's form was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadNote {
    /// Where it was written.
    pub path: String,
    /// What was written.
    pub written: String,
    /// Where its meaning lives in our language.
    pub canonical_path: String,
    /// Its canonical text.
    pub canonical: String,
    /// The rewrite `migrate` applies.
    pub edit: Edit,
    /// The reading, in a sentence.
    pub meaning: String,
}

impl std::fmt::Display for ReadNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The written text is the user's: escaped, so it cannot break a line.
        write!(
            f,
            "{}: `{}` -> {}",
            self.path,
            self.written.escape_debug(),
            self.meaning
        )
    }
}

/// Folds the original's forms in `spec` into ours, recording each reading;
/// disagreements between two keys that say the same thing are problems.
pub(super) fn canonicalize(
    loaded: &LoadedSpec,
    spec: &mut Spec,
    problems: &mut Problems<'_>,
    warnings: &mut Vec<String>,
) -> Vec<ReadNote> {
    let spans = &loaded.spans;
    let mut notes = Vec::new();
    // (path, canonical word, what it is) of every vocabulary value written.
    let mut words: Vec<(String, &str, &str)> = Vec::new();
    for (i, m) in spec.modality.inputs.iter().enumerate() {
        words.push((
            format!("modality.inputs[{i}]"),
            m.as_str(),
            "input modality",
        ));
    }
    for (i, m) in spec.modality.outputs.iter().enumerate() {
        words.push((
            format!("modality.outputs[{i}]"),
            m.as_str(),
            "output modality",
        ));
    }
    words.push(("task.type".into(), spec.task.task_type.as_str(), "task"));
    words.push((
        "constraints.device".into(),
        spec.constraints.device.as_str(),
        "device class",
    ));
    if let Some(space) = spec.task.action_space {
        words.push(("task.action_space".into(), space.as_str(), "action space"));
    }
    if let Some(q) = spec.constraints.quantization {
        words.push((
            "constraints.quantization".into(),
            q.as_str(),
            "quantization",
        ));
    }
    if let Some(v) = spec.architecture.variant {
        words.push(("architecture.variant".into(), v.as_str(), "variant"));
    }
    if let Some(a) = spec.architecture.attention {
        words.push((
            "architecture.attention".into(),
            a.as_str(),
            "attention kernel",
        ));
    }
    for (path, canonical, what) in words {
        note_word(spans, &mut notes, path, canonical, what);
    }
    if let Some(written) = spans.text("architecture.family") {
        if Family::from_word(written).is_none() {
            warnings.push(format!(
                "unknown architecture family `{}`; using `transformer`, as the original MetaGen did",
                written.escape_debug()
            ));
            notes.push(ReadNote {
                path: "architecture.family".into(),
                written: written.to_string(),
                canonical_path: "architecture.family".into(),
                canonical: "transformer".into(),
                edit: Edit::Replace,
                meaning: "an unknown family; the original's fallback `transformer`".into(),
            });
        } else {
            note_word(
                spans,
                &mut notes,
                "architecture.family".into(),
                spec.architecture.family.as_str(),
                "family",
            );
        }
    }
    fold_latency(loaded, spec, problems, &mut notes);
    fold_artifacts(loaded, spec, &mut notes);
    fold_moved_keys(loaded, spec, problems, &mut notes);

    for (path, meaning) in NATIVE_WILD_KEYS {
        if spans.contains(path) && !notes.iter().any(|n| n.canonical_path == *path) {
            notes.push(kept(loaded, path, meaning));
        }
    }
    for (path, what, instead) in RECORDED_WILD_KEYS {
        let moved = notes
            .iter()
            .find(|n| n.canonical_path == *path)
            .map(|n| n.canonical.clone());
        if !spans.contains(path) && moved.is_none() {
            continue;
        }
        let honoured = already_honoured(spec, path);
        let value = moved.unwrap_or_else(|| spans.display_text(path));
        if !notes.iter().any(|n| n.canonical_path == *path) {
            let status = if honoured {
                "as synthesis does"
            } else {
                instead
            };
            notes.push(kept(loaded, path, &format!("{what}; {status}")));
        }
        if !honoured {
            warnings.push(format!(
                "`{path}: {}` is recorded in spec_resolved.yaml but not used yet: {instead}",
                value.escape_debug()
            ));
        }
    }
    notes
}

/// Records a vocabulary word written in another spelling than ours.
fn note_word(
    spans: &super::span_index::SpanIndex,
    notes: &mut Vec<ReadNote>,
    path: String,
    canonical: &str,
    what: &str,
) {
    if let Some(written) = spans.text(&path)
        && written != canonical
    {
        let meaning = AMBIGUOUS_WORDS
            .iter()
            .find(|(word, _)| super::enums::fold_word(written) == *word)
            .map_or_else(
                || format!("read as the {what} `{canonical}`"),
                |(_, why)| why.to_string(),
            );
        notes.push(ReadNote {
            meaning,
            canonical_path: path.clone(),
            path,
            written: written.to_string(),
            canonical: canonical.to_string(),
            edit: Edit::Replace,
        });
    }
}

/// Whether a recorded key asks for what synthesis does anyway: the
/// generated train.py builds the optimizer the spec names (any word the checks
/// accept) and uses warm-up with cosine decay.
fn already_honoured(spec: &Spec, path: &str) -> bool {
    let config = spec.training.config.as_ref();
    let is = |value: Option<&String>, words: &[&str]| {
        value.is_some_and(|v| words.iter().any(|w| v.eq_ignore_ascii_case(w)))
    };
    match path {
        "architecture.variant" => variant_is_read(spec),
        "training.config.optimizer" => is(
            config.and_then(|c| c.optimizer.as_ref()),
            &["adamw", "adam", "sgd", "lion", "adafactor"],
        ),
        "training.config.scheduler" => is(
            config.and_then(|c| c.scheduler.as_ref()),
            &["cosine", "warmup_cosine"],
        ),
        // Honoured by text-conditioned diffusion recipes; the release warns when the
        // architecture has no prompt to drop.
        "training.config.unconditional_probability" => true,
        "training.config.data_augmentation" => augmentation_is_read(spec),
        // Read by the video U-Net and video DiT; the release warns when the architecture
        // has no frame count to set.
        "constraints.num_frames" => true,
        _ => false,
    }
}

/// Whether the generated data code reads `training.config.data_augmentation` for this
/// spec: image classification (images in, a class out) trains through the image-classification
/// data code, which applies the transforms to the training split.
pub fn augmentation_is_read(spec: &Spec) -> bool {
    spec.modality.inputs == [Modality::Image] && spec.task.task_type == TaskType::Classification
}

/// Whether selection reads `architecture.variant` for this spec: a text-only task whose
/// encoder or decoder the variant picks, or refuses naming the one that works (selection
/// checks the variant before the family).
fn variant_is_read(spec: &Spec) -> bool {
    let text = [Modality::Text];
    spec.modality.inputs == text
        && match spec.task.task_type {
            TaskType::Classification
            | TaskType::Regression
            | TaskType::Embedding
            | TaskType::Ranking
            | TaskType::Retrieval => true,
            TaskType::Generation => spec.modality.outputs == text,
            _ => false,
        }
}

fn kept(loaded: &LoadedSpec, path: &str, meaning: &str) -> ReadNote {
    ReadNote {
        path: path.to_string(),
        written: loaded.spans.display_text(path),
        canonical_path: path.to_string(),
        canonical: loaded.spans.display_text(path),
        edit: Edit::Keep,
        meaning: format!("read as {meaning}"),
    }
}

/// `latency: 10ms` is a target: keep it as `latency_target` and use the
/// class it falls in. A class and a target that disagree are an error.
fn fold_latency(
    loaded: &LoadedSpec,
    spec: &mut Spec,
    problems: &mut Problems<'_>,
    notes: &mut Vec<ReadNote>,
) {
    let spans = &loaded.spans;
    let class_text = spans.text("constraints.latency");
    let written_target = spec.constraints.latency_target.clone();
    let duration_in_class = class_text.filter(|t| Latency::from_word(t).is_none());
    if let Some(duration) = duration_in_class {
        let Ok(target) = LatencyTarget::parse(duration) else {
            return;
        };
        if let Some(other) = &written_target {
            let same =
                LatencyTarget::parse(other.as_str()).is_ok_and(|t| t.millis == target.millis);
            if !same {
                problems.add(
                    "constraints.latency",
                    format!(
                        "`constraints.latency` ({duration}) and `constraints.latency_target` ({}) disagree",
                        other.as_str()
                    ),
                    "keep one of the two",
                );
                return;
            }
        }
        spec.constraints.latency_target = Some(duration.into());
        notes.push(ReadNote {
            path: "constraints.latency".into(),
            written: duration.to_string(),
            canonical_path: "constraints.latency".into(),
            canonical: spec.constraints.latency.as_str().to_string(),
            edit: Edit::Replace,
            meaning: format!(
                "a latency target, in the class `{}`",
                spec.constraints.latency
            ),
        });
        if written_target.is_none() {
            notes.push(ReadNote {
                path: "constraints.latency".into(),
                written: duration.to_string(),
                canonical_path: "constraints.latency_target".into(),
                canonical: duration.to_string(),
                edit: Edit::Insert,
                meaning: format!("kept as `constraints.latency_target: {duration}`"),
            });
        }
    } else if let Some(target) = &written_target
        && let Ok(parsed) = LatencyTarget::parse(target.as_str())
    {
        match class_text {
            None => spec.constraints.latency = parsed.class(),
            Some(_) if spec.constraints.latency != parsed.class() => problems.add(
                "constraints.latency_target",
                format!(
                    "`constraints.latency_target` ({}) falls in the class `{}`, but `constraints.latency` is `{}`",
                    target.as_str(),
                    parsed.class(),
                    spec.constraints.latency
                ),
                "drop `latency` (the target implies its class) or make them agree",
            ),
            Some(_) => {}
        }
    }
}

/// The original's artifact names become our artifact groups, once each.
fn fold_artifacts(loaded: &LoadedSpec, spec: &mut Spec, notes: &mut Vec<ReadNote>) {
    let mut artifacts: Vec<String> = Vec::new();
    for (i, artifact) in spec.outputs.artifacts.iter().enumerate() {
        let lower = artifact.to_ascii_lowercase();
        let group = ARTIFACT_ALIASES
            .iter()
            .find(|(alias, _)| *alias == lower)
            .map(|(_, group)| *group);
        let name = match group {
            Some(group) => {
                let path = format!("outputs.artifacts[{i}]");
                if loaded.spans.contains(&path) {
                    notes.push(ReadNote {
                        canonical_path: path.clone(),
                        path,
                        written: artifact.clone(),
                        canonical: group.to_string(),
                        edit: Edit::Replace,
                        meaning: format!("read as the artifact group `{group}`"),
                    });
                }
                group.to_string()
            }
            None => artifact.clone(),
        };
        if !artifacts.iter().any(|a| a.eq_ignore_ascii_case(&name)) {
            artifacts.push(name);
        }
    }
    spec.outputs.artifacts = artifacts;
}

fn fold_moved_keys(
    loaded: &LoadedSpec,
    spec: &mut Spec,
    problems: &mut Problems<'_>,
    notes: &mut Vec<ReadNote>,
) {
    for key in MOVED_KEYS {
        let Some(value) = (key.take)(spec) else {
            continue;
        };
        let ours_written = loaded.spans.contains(key.to);
        let ours = (key.ours)(spec);
        match ours {
            Some(ours) if ours_written && !(key.same)(&value, &ours) => {
                problems.add(
                    key.from,
                    format!(
                        "`{}` ({value}) and `{}` ({ours}) say the same thing and disagree",
                        key.from, key.to
                    ),
                    format!("keep one of the two; `{}` is the canonical key", key.to),
                );
            }
            Some(_) if ours_written => notes.push(ReadNote {
                path: key.from.into(),
                written: value.clone(),
                canonical_path: key.to.into(),
                canonical: value,
                edit: Edit::Remove,
                meaning: format!("the same as `{}`, which is also written", key.to),
            }),
            _ => {
                (key.set)(spec, &value);
                notes.push(ReadNote {
                    path: key.from.into(),
                    written: value.clone(),
                    canonical_path: key.to.into(),
                    canonical: value,
                    edit: Edit::Move,
                    meaning: format!("read as `{}`", key.to),
                });
            }
        }
    }
}
