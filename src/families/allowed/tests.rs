//! The product test: every input x output x task x family x variant of the original's
//! vocabularies (single modalities, plus the modality lists of the original-form fixtures)
//! goes through the loader, the resolver, selection and synthesis, and must end as
//! [`expected`] says.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::{Allowed, Combination, expected};
use crate::spec::enums::ArchVariant;
use crate::spec::{
    Family, LoadedSpec, Modality, ResolvedSpec, SpecFormat, SpecSource, TaskType, parse_spec,
};

/// The original's input words (its documented vocabulary).
const INPUTS: &[&str] = &[
    "text",
    "image",
    "audio",
    "video",
    "3d",
    "multimodal",
    "time_series",
    "graph",
    "tabular",
    "point_cloud",
];
/// The original's output words, with the unsupported senses and its examples' `classification`.
const OUTPUTS: &[&str] = &[
    "text",
    "image",
    "audio",
    "video",
    "3d",
    "multimodal",
    "label",
    "bounding_boxes",
    "segmentation_mask",
    "embedding",
    "action",
    "time_series",
    "graph",
    "regression",
    "taste",
    "smell",
    "vibes",
    "classification",
];
/// The original's task words, with its examples' `retrieval`.
const TASKS: &[&str] = &[
    "generation",
    "classification",
    "regression",
    "embedding",
    "ranking",
    "object_detection",
    "instance_segmentation",
    "semantic_segmentation",
    "panoptic_segmentation",
    "time_series_forecast",
    "anomaly_detection",
    "policy_gradient",
    "value_based",
    "actor_critic",
    "model_based",
    "node_classification",
    "link_prediction",
    "graph_classification",
    "recommendation",
    "retrieval",
];
/// The original's families, then ours.
const FAMILIES: &[&str] = &[
    "transformer",
    "diffusion",
    "cnn",
    "hybrid",
    "mlp",
    "gnn",
    "unet",
    "gat",
    "gcn",
    "autoencoder",
    "two_tower",
];

/// The original's `architecture.variant` words, with the aliases we read.
const VARIANTS: &[&str] = &[
    "encoder-only",
    "encoder_only",
    "encoder",
    "decoder-only",
    "decoder_only",
    "decoder",
    "encoder-decoder",
    "encoder_decoder",
    "seq2seq",
];

/// How one combination ended.
enum Outcome {
    /// The request the selection built, with its notes.
    Selected(Box<crate::arch::request::ArchRequest>, Vec<String>),
    /// The refusal, from the resolver or the selection.
    Refused(String),
}

/// The spec for `task` with every size a task may need, parsed once per task.
fn base(task: &str) -> LoadedSpec {
    let text = format!(
        "task: {{type: {task}, num_classes: 10, horizon: 24, node_features: 16, num_actions: 4}}\n\
         constraints: {{parameter_budget: {{max: 100M}}}}\n"
    );
    let source = SpecSource {
        name: "product.yaml".to_string(),
        text,
        format: SpecFormat::Yaml,
    };
    parse_spec(&source).unwrap_or_else(|e| panic!("{task}: {e}"))
}

/// Resolves one combination without a variant: the resolver reads the variant only as a
/// word, so selection is then run once per variant on the same resolved spec.
fn resolve(
    base: &LoadedSpec,
    inputs: &[Modality],
    outputs: &[Modality],
    family: Family,
) -> Result<ResolvedSpec, String> {
    let mut loaded = base.clone();
    loaded.spec.modality.inputs = inputs.to_vec();
    loaded.spec.modality.outputs = outputs.to_vec();
    loaded.spec.architecture.family = family;
    crate::spec::resolve(&loaded, Some(1)).map_err(|errors| {
        errors
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
            .join("; ")
    })
}

fn run(resolved: &Result<ResolvedSpec, String>, variant: Option<ArchVariant>) -> Outcome {
    match resolved {
        Err(message) => Outcome::Refused(message.clone()),
        Ok(resolved) => {
            let mut resolved = resolved.clone();
            resolved.spec.architecture.variant = variant;
            match crate::arch::select::select(&resolved) {
                Ok(selection) => Outcome::Selected(Box::new(selection.request), selection.notes),
                Err(refusal) => Outcome::Refused(refusal.0),
            }
        }
    }
}

/// Each variant word the walk uses reads as its variant through the loader, as a spec
/// writes it; the walk then runs the distinct variants (and none).
fn variants() -> Vec<(String, Option<ArchVariant>)> {
    let mut distinct: Vec<(String, Option<ArchVariant>)> = vec![("none".to_string(), None)];
    for word in VARIANTS {
        let source = SpecSource {
            name: "variant.yaml".to_string(),
            text: format!("architecture: {{variant: {word}}}\n"),
            format: SpecFormat::Yaml,
        };
        let loaded = parse_spec(&source).unwrap_or_else(|e| panic!("{word}: {e}"));
        let variant = loaded.spec.architecture.variant;
        assert!(variant.is_some(), "`{word}` is not read as a variant");
        if !distinct.iter().any(|(_, v)| *v == variant) {
            distinct.push((word.to_string(), variant));
        }
    }
    assert_eq!(distinct.len(), 1 + ArchVariant::ALL.len());
    distinct
}

fn words<T>(list: &[&str], read: fn(&str) -> Option<T>) -> Vec<(String, T)> {
    list.iter()
        .map(|w| {
            (
                w.to_string(),
                read(w).unwrap_or_else(|| panic!("`{w}` is not read")),
            )
        })
        .collect()
}

/// The (inputs, outputs) lists of the original-form fixtures that name several
/// modalities on one side.
fn fixture_modality_lists() -> BTreeSet<(Vec<String>, Vec<String>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/original");
    let mut lists = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let format = match path.extension().and_then(|e| e.to_str()) {
            Some("yaml") => SpecFormat::Yaml,
            Some("json") => SpecFormat::Json,
            _ => continue,
        };
        let source = SpecSource {
            name: path.display().to_string(),
            text: std::fs::read_to_string(&path).unwrap(),
            format,
        };
        let Ok(loaded) = parse_spec(&source) else {
            continue;
        };
        let m = &loaded.spec.modality;
        if m.inputs.len() > 1 || m.outputs.len() > 1 {
            let names = |l: &[Modality]| l.iter().map(|m| m.as_str().to_string()).collect();
            lists.insert((names(&m.inputs), names(&m.outputs)));
        }
    }
    lists
}

#[test]
fn every_combination_gets_the_tables_architecture_or_a_refusal_naming_what_works() {
    let inputs = words(INPUTS, Modality::from_word);
    let outputs = words(OUTPUTS, Modality::from_word);
    let tasks = words(TASKS, TaskType::from_word);
    let families = words(FAMILIES, Family::from_word);
    let variants = variants();
    assert_eq!(
        families.len(),
        Family::ALL.len(),
        "every family keyword is walked"
    );

    let mut cases: Vec<(String, Vec<Modality>, Vec<Modality>)> = Vec::new();
    for (i, input) in &inputs {
        for (o, output) in &outputs {
            cases.push((format!("{i} -> {o}"), vec![*input], vec![*output]));
        }
    }
    let multi = fixture_modality_lists();
    assert!(
        multi.len() >= 2,
        "the fixtures name several modalities: {multi:?}"
    );
    for (ins, outs) in &multi {
        let read = |l: &[String]| -> Vec<Modality> {
            l.iter().map(|w| Modality::from_word(w).unwrap()).collect()
        };
        cases.push((
            format!("{} -> {}", ins.join("+"), outs.join("+")),
            read(ins),
            read(outs),
        ));
    }

    let mut failures = Vec::new();
    let mut reached: BTreeMap<String, (Box<crate::arch::request::ArchRequest>, &'static str)> =
        BTreeMap::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut combinations = 0;
    for (t, task) in &tasks {
        let base = base(t);
        for (label, ins, outs) in &cases {
            for (f, family) in &families {
                let resolved = resolve(&base, ins, outs, *family);
                for (v, variant) in &variants {
                    combinations += 1;
                    let case = format!("{label} {t} {f} variant {v}");
                    let combination = Combination {
                        inputs: ins,
                        outputs: outs,
                        task: *task,
                        family: *family,
                        variant: *variant,
                    };
                    let Some(allowed) = expected(&combination) else {
                        failures.push(format!("{case}: no row of the table covers it"));
                        continue;
                    };
                    let outcome = run(&resolved, *variant);
                    match (allowed, outcome) {
                        (
                            Allowed::Builds(name) | Allowed::Adapted(name),
                            Outcome::Selected(request, notes),
                        ) => {
                            let got = super::super::for_kind(&request.kind).name;
                            let adapted = notes.iter().any(|n| n.contains("adapted"));
                            let want_adapted = matches!(allowed, Allowed::Adapted(_));
                            if got != name {
                                failures
                                    .push(format!("{case}: selected {got}, the table says {name}"));
                            } else if adapted != want_adapted {
                                failures.push(format!(
                                    "{case}: notes {notes:?} and the table disagree on adaptation"
                                ));
                            }
                            *counts.entry(got.to_string()).or_default() += 1;
                            reached
                                .entry(format!("{:?}", request.kind))
                                .or_insert((request, name));
                        }
                        (Allowed::Refused(text), Outcome::Refused(message)) => {
                            if !message.contains(text) {
                                failures.push(format!(
                                    "{case}: refused with `{message}`, the table expects `{text}`"
                                ));
                            }
                            *counts.entry("refused".to_string()).or_default() += 1;
                        }
                        (Allowed::Refused(text), Outcome::Selected(request, _)) => {
                            failures.push(format!(
                                "{case}: selected {:?}, the table refuses with `{text}`",
                                request.kind
                            ))
                        }
                        (allowed, Outcome::Refused(message)) => failures.push(format!(
                            "{case}: refused with `{message}`, the table says {allowed:?}"
                        )),
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {combinations} combinations differ from the table:\n{}",
        failures.len(),
        failures
            .iter()
            .take(60)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(combinations >= 80_000, "{combinations} combinations");
    eprintln!("{combinations} combinations: {counts:?}");

    // The blueprint level: each distinct request reached synthesizes, as its architecture.
    for (kind, (request, name)) in &reached {
        let blueprint = crate::arch::synthesize(request)
            .unwrap_or_else(|e| panic!("{kind} does not synthesize: {e}"));
        assert_eq!(blueprint.family.name, *name, "{kind}");
    }
    // Every architecture the table names is reached by some combination.
    for row in super::TABLE {
        if let Allowed::Builds(name) | Allowed::Adapted(name) = row.allowed {
            assert!(counts.contains_key(name), "no combination reaches {name}");
        }
    }
}
