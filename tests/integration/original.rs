//! Specs written for the original MetaGen: the fixture corpus loads,
//! validates and resolves; each form means what it meant there; two keys
//! that say the same thing and disagree are an error; `migrate` round-trips.

use std::path::{Path, PathBuf};

use metagen::release;
use metagen::spec::{
    self, Latency, LoadedSpec, ResolvedSpec, SpecFormat, SpecSource, TaskType, ValueOrigin,
};

use crate::support::{metagen, stderr, stdout};

fn original_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/original")
}

fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(original_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "json")
            )
        })
        .collect();
    files.sort();
    files
}

fn load(path: &Path) -> (LoadedSpec, ResolvedSpec) {
    let loaded = spec::load_spec_file(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let resolved =
        spec::resolve(&loaded, None).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
    (loaded, resolved)
}

fn resolve_text(text: &str) -> Result<ResolvedSpec, String> {
    let source = SpecSource::from_text("spec.yaml", text, SpecFormat::Yaml);
    let loaded = spec::parse_spec(&source).map_err(|e| format!("{e:?}"))?;
    spec::resolve(&loaded, None).map_err(|e| {
        e.diagnostics
            .iter()
            .map(|d| format!("{} [{}] {:?}", d.message, d.path, d.span))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// The README's table: file -> whether it synthesizes (`yes`) or is refused (`refused`).
/// A five-million-parameter image classifier, to which a key for other media means nothing.
const IMAGE_CLASSIFIER: &str = "name: i\nmodality: {inputs: [image], outputs: [label]}\n\
                                task: {type: classification, num_classes: 10}\n";
/// A five-million-parameter text generator, likewise.
const TEXT_GENERATOR: &str =
    "name: t\nmodality: {inputs: [text], outputs: [text]}\ntask: {type: generation}\n";

/// Builds the model `head` describes with `constraints` added to a 5M budget, and asserts
/// that each of `keys`, as its warning quotes it, is reported as recorded but not used.
fn warns_not_used(head: &str, constraints: &str, keys: &[&str]) {
    let text = format!("{head}constraints: {{parameter_budget: {{max: 5M}}, {constraints}}}\n");
    let built = release::build(resolve_text(&text).unwrap()).unwrap();
    for key in keys {
        assert!(
            built
                .warnings
                .iter()
                .any(|w| w.contains(key) && w.contains("not used")),
            "{key}: {:?}",
            built.warnings
        );
    }
}

fn readme_table() -> Vec<(String, bool)> {
    let readme = std::fs::read_to_string(original_dir().join("README.md")).unwrap();
    readme
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let file = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            let synthesizes = match *cells.get(2)? {
                "yes" => true,
                "refused" => false,
                other => panic!("README: unknown status {other:?} for {file}"),
            };
            Some((file.to_string(), synthesizes))
        })
        .collect()
}

#[test]
fn the_corpus_has_at_least_30_specs_and_the_readme_lists_each() {
    let files = fixtures();
    assert!(files.len() >= 30, "only {} fixtures", files.len());
    let table = readme_table();
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let listed: Vec<String> = table.iter().map(|(f, _)| f.clone()).collect();
    assert_eq!(names, listed, "README table and fixture files differ");
}

#[test]
fn every_fixture_loads_validates_resolves_and_synthesizes_as_the_readme_says() {
    for (file, synthesizes) in readme_table() {
        let (_, resolved) = load(&original_dir().join(&file));
        match release::build(resolved) {
            Ok(release) => assert!(
                synthesizes,
                "{file} synthesizes ({}); mark it `yes` in the README",
                release.blueprint.variant
            ),
            Err(e) => {
                assert!(!synthesizes, "{file} does not synthesize: {e}");
                let message = e.to_string();
                assert!(message.contains("no architecture for"), "{file}: {e}");
                // The refusal names what would work: families, modalities or a variant.
                assert!(
                    ["support", "needs other modalities: with", "`variant: "]
                        .iter()
                        .any(|names| message.contains(names)),
                    "{file}: the refusal names nothing that works: {e}"
                );
            }
        }
    }
}

/// Every word and key of the reference file's vocabularies, with the path
/// it is written at (copied from `original_spec_language.md`).
#[test]
fn the_corpus_covers_every_vocabulary_word_and_key_in_the_wild() {
    let loaded: Vec<LoadedSpec> = fixtures().iter().map(|p| load(p).0).collect();
    let written_at = |path: &str, word: &str| {
        loaded.iter().any(|l| {
            l.spans.text(path) == Some(word)
                || (0..8).any(|i| l.spans.text(&format!("{path}[{i}]")) == Some(word))
        })
    };
    let vocabularies: &[(&str, &[&str])] = &[
        (
            "modality.inputs",
            &[
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
            ],
        ),
        (
            "modality.outputs",
            &[
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
            ],
        ),
        (
            "task.type",
            &[
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
            ],
        ),
        (
            "training.objective",
            &[
                "autoregressive",
                "diffusion",
                "contrastive",
                "masked",
                "classification",
                "regression",
                "ranking",
                "object_detection",
                "segmentation",
                "reconstruction",
                "policy_gradient",
                "value_based",
                "actor_critic",
                "model_based",
            ],
        ),
        (
            "architecture.family",
            &["transformer", "diffusion", "cnn", "hybrid", "mlp", "gnn"],
        ),
        (
            "constraints.device",
            &[
                "gpu",
                "cpu",
                "edge",
                "mobile",
                "datacenter_gpu",
                "consumer_gpu",
            ],
        ),
        (
            "constraints.latency",
            &[
                "real-time",
                "near-real-time",
                "batch",
                "offline",
                "10ms",
                "100ms",
            ],
        ),
        ("constraints.throughput", &["30fps", "120 tok/s", "2 img/s"]),
        ("constraints.parameter_budget.max", &["1B", "7B", "1.5T"]),
        ("constraints.parameters", &["50M"]),
        (
            "constraints.context_window",
            &["128k", "256k", "1M", "∞", "inf"],
        ),
        ("architecture.context_length", &["8k", "infinite"]),
        (
            "architecture.variant",
            &["encoder-only", "decoder-only", "encoder-decoder"],
        ),
        ("version", &["1.0.0"]),
    ];
    for (path, words) in vocabularies {
        for word in *words {
            assert!(
                written_at(path, word),
                "no fixture writes `{word}` at {path}"
            );
        }
    }
    let keys = [
        "architecture.attention",
        "constraints.parameter_budget.min",
        "constraints.image_size",
        "constraints.patch_size",
        "constraints.latent_size",
        "constraints.num_frames",
        "constraints.frame_size",
        "constraints.temporal_stride",
        "constraints.sample_rate",
        "constraints.audio_length",
        "constraints.embedding_dim",
        "constraints.quantization",
        "training.optimizer",
        "training.scheduler",
        "training.batch_size",
        "training.epochs",
        "training.config.batch_size",
        "training.config.learning_rate",
        "training.config.epochs",
        "training.config.optimizer",
        "training.config.weight_decay",
        "training.config.warmup_steps",
        "training.config.warmup_epochs",
        "training.config.ema_decay",
        "training.config.noise_schedule",
        "training.config.timesteps",
        "training.config.unconditional_probability",
        "training.config.data_augmentation",
        "evaluation.datasets",
        "training.alignment.method",
    ];
    for key in keys {
        assert!(
            loaded.iter().any(|l| l.spans.contains(key)),
            "no fixture writes {key}"
        );
    }
    // The version key appears in two specs, as in the original's examples.
    assert!(
        loaded
            .iter()
            .filter(|l| l.spans.contains("version"))
            .count()
            >= 2
    );
}

#[test]
fn constraints_parameters_is_the_parameter_budget() {
    let (_, resolved) = load(&original_dir().join("tiny_llm_parameters.yaml"));
    assert_eq!(resolved.param_max, 50_000_000);
    assert_eq!(resolved.spec.constraints.parameters, None);
    assert_eq!(
        resolved.spec.constraints.parameter_budget.max.as_str(),
        "50M"
    );
    assert_eq!(
        resolved.origin("constraints.parameter_budget.max"),
        ValueOrigin::Written
    );
    assert_eq!(resolved.context_window.tokens, 8 * 1024);
    let release = release::build(resolved).unwrap();
    let total = release.blueprint.total_params;
    assert!(
        (45_000_000..=50_000_000).contains(&total),
        "50M budget gave {total} parameters"
    );
}

#[test]
fn training_keys_reach_the_recipe() {
    let (_, resolved) = load(&original_dir().join("image_classifier_cnn.yaml"));
    let release = release::build(resolved).unwrap();
    assert_eq!(release.recipe.learning_rate, 0.1);
    assert_eq!(release.recipe.batch_size, 256);
    assert_eq!(release.recipe.weight_decay, 0.0001);
    assert_eq!(release.recipe.sources["learning_rate"], "training.config");

    // `training.batch_size` and `training.epochs`, the original's places.
    let (_, resolved) = load(&original_dir().join("original_json.json"));
    let release = release::build(resolved).unwrap();
    assert_eq!(release.recipe.batch_size, 128);
    let (_, resolved) = load(&original_dir().join("detr_detection.yaml"));
    assert_eq!(
        resolved.spec.training.config.as_ref().unwrap().epochs,
        Some(50)
    );
    assert_eq!(resolved.spec.training.epochs, None);
}

#[test]
fn unconditional_probability_is_captured_for_the_diffusion_loss() {
    let (_, resolved) = load(&original_dir().join("image_diffusion_cfg.yaml"));
    let config = resolved.spec.training.config.as_ref().unwrap();
    assert_eq!(config.unconditional_probability, Some(0.1));
    assert!(
        resolved
            .to_yaml()
            .contains("unconditional_probability: 0.1")
    );
    let bad = resolve_text("training:\n  config:\n    unconditional_probability: 1.5\n");
    assert!(bad.unwrap_err().contains("unconditional_probability"));
}

#[test]
fn vocabulary_aliases_resolve_to_our_words_and_are_written_canonically() {
    let cases: &[(&str, TaskType)] = &[
        ("object_detection", TaskType::Detection),
        ("semantic_segmentation", TaskType::Segmentation),
        ("time_series_forecast", TaskType::Forecasting),
        ("retrieval", TaskType::Retrieval),
    ];
    for (word, task) in cases {
        let resolved = resolve_text(&format!(
            "task:\n  type: {word}\n  num_classes: 3\n  horizon: 4\n"
        ))
        .unwrap();
        assert_eq!(resolved.spec.task.task_type, *task);
        let yaml = resolved.to_yaml();
        assert!(yaml.contains(&format!("type: {}", task.as_str())), "{yaml}");
        if *word != task.as_str() {
            assert!(!yaml.contains(word), "{yaml}");
            assert!(resolved.read_notes.iter().any(|n| n.written == *word));
        }
    }
    let resolved = resolve_text(
        "modality:\n  inputs: [point_cloud]\n  outputs: [classification, regression]\nconstraints:\n  device: gpu\n",
    )
    .unwrap();
    let yaml = resolved.to_yaml();
    for canonical in ["- 3d", "- label", "- score", "device: consumer_gpu"] {
        assert!(yaml.contains(canonical), "{canonical} missing:\n{yaml}");
    }
}

#[test]
fn alignment_method_as_string_or_one_element_list_resolves_alike() {
    let string = resolve_text("training:\n  alignment:\n    method: DPO\n").unwrap();
    let list = resolve_text("training:\n  alignment:\n    method: [DPO]\n").unwrap();
    assert_eq!(string.to_yaml(), list.to_yaml());
    assert_eq!(string.spec_sha256, list.spec_sha256);
    assert_eq!(string.resolved_seed, list.resolved_seed);
    let many = resolve_text("training:\n  alignment:\n    method: [rlhf, rlaif]\n").unwrap();
    assert_eq!(
        many.spec.training.alignment.method.methods(),
        ["rlhf".to_string(), "rlaif".to_string()]
    );
}

#[test]
fn latency_as_a_duration_keeps_the_target_and_its_class() {
    let resolved = resolve_text("constraints:\n  latency: 10ms\n").unwrap();
    assert_eq!(resolved.spec.constraints.latency, Latency::RealTime);
    assert_eq!(resolved.latency_target.unwrap().millis, 10.0);
    let resolved = resolve_text("constraints:\n  latency: 100ms\n").unwrap();
    assert_eq!(resolved.spec.constraints.latency, Latency::NearRealTime);
    let yaml = resolved.to_yaml();
    assert!(yaml.contains("latency: near-real-time") && yaml.contains("latency_target: 100ms"));
}

#[test]
fn two_keys_that_say_the_same_thing_and_disagree_are_a_located_error() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "constraints:\n  parameters: 50M\n  parameter_budget:\n    max: 8B\n",
            "constraints.parameters",
            "constraints.parameter_budget.max",
        ),
        (
            "training:\n  epochs: 3\n  config:\n    epochs: 5\n",
            "training.epochs",
            "training.config.epochs",
        ),
        (
            "architecture:\n  context_length: 8k\nconstraints:\n  context_window: 128k\n",
            "architecture.context_length",
            "constraints.context_window",
        ),
        (
            "constraints:\n  embedding_dim: 256\ntask:\n  type: embedding\n  embedding_dim: 512\n",
            "constraints.embedding_dim",
            "task.embedding_dim",
        ),
        (
            "training:\n  optimizer: sgd\n  config:\n    optimizer: adamw\n",
            "training.optimizer",
            "training.config.optimizer",
        ),
        (
            "constraints:\n  latency: 10ms\n  latency_target: 200ms\n",
            "constraints.latency",
            "constraints.latency_target",
        ),
    ];
    for (text, first, second) in cases {
        let error = resolve_text(text).unwrap_err();
        assert!(
            error.contains(&format!("`{first}`")) && error.contains(&format!("`{second}`")),
            "{text}: {error}"
        );
        assert!(error.contains("Some("), "not located: {error}");
    }
    // Agreeing spellings are fine: 8B and 8000M are the same budget.
    let resolved =
        resolve_text("constraints:\n  parameters: 8000M\n  parameter_budget:\n    max: 8B\n")
            .unwrap();
    assert_eq!(resolved.param_max, 8_000_000_000);
}

#[test]
fn the_original_rules_for_families_and_infinite_context() {
    let resolved = resolve_text("architecture:\n  family: mamba\n").unwrap();
    assert_eq!(resolved.spec.architecture.family, spec::Family::Transformer);
    assert!(resolved.warnings.iter().any(|w| w.contains("`mamba`")));
    let typo = resolve_text("architecture:\n  family: transfomer\n").unwrap_err();
    assert!(typo.contains("transfomer"), "{typo}");
    for word in ["∞", "inf", "infinite"] {
        let resolved =
            resolve_text(&format!("constraints:\n  context_window: \"{word}\"\n")).unwrap();
        assert_eq!(resolved.context_window.tokens, 1 << 20);
        assert!(resolved.warnings.iter().any(|w| w.contains("1M tokens")));
    }
    let resolved = resolve_text("modality:\n  outputs: [taste, smell, vibes]\n").unwrap();
    assert!(
        resolved
            .warnings
            .iter()
            .any(|w| w.contains("taste, smell, vibes"))
    );
    assert!(
        release::build(resolved).is_ok(),
        "taste gets a best-effort model"
    );
}

#[test]
fn a_key_that_is_neither_ours_nor_the_originals_stays_an_error() {
    let error = resolve_text("constraints:\n  paramters: 50M\n").unwrap_err();
    assert!(error.contains("paramters"), "{error}");
    let output = {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("typo.yaml"),
            "constraints:\n  paramters: 50M\n",
        )
        .unwrap();
        metagen()
            .current_dir(dir.path())
            .args(["--color", "never", "validate", "typo.yaml"])
            .output()
            .unwrap()
    };
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("did you mean `parameters`?"), "{message}");
    assert!(message.contains("typo.yaml:2:3"), "{message}");
    // An unknown attention kernel is refused with the list it accepts.
    let error = resolve_text("architecture:\n  attention: quantum\n").unwrap_err();
    assert!(error.contains("quantum"), "{error}");
}

#[test]
fn resolved_specs_say_which_values_are_defaults() {
    let (_, resolved) = load(&original_dir().join("tiny_llm_parameters.yaml"));
    assert_eq!(resolved.origin("constraints.device"), ValueOrigin::Written);
    assert_eq!(
        resolved.origin("training.config.epochs"),
        ValueOrigin::Written
    );
    assert_eq!(resolved.origin("training.epochs"), ValueOrigin::Default);
    assert!(resolved.is_default("constraints.memory_budget"));
    assert!(resolved.is_default("training.compute.hardware"));
    assert!(!resolved.is_default("modality"));
    let target = resolve_text("constraints:\n  latency_target: 20ms\n").unwrap();
    assert_eq!(target.spec.constraints.latency, Latency::RealTime);
    assert_eq!(target.origin("constraints.latency"), ValueOrigin::Derived);
    assert_eq!(
        target.origin("constraints.latency_target"),
        ValueOrigin::Written
    );
    let (_, empty) = load(&original_dir().join("empty.yaml"));
    assert!(empty.is_default("name") && empty.is_default("modality.inputs"));
}

#[test]
fn validate_prints_how_each_key_in_the_wild_was_read() {
    let output = metagen()
        .current_dir(original_dir())
        .args(["--color", "never", "validate", "tiny_llm_parameters.yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    for line in [
        "constraints.parameters: `50M` -> read as `constraints.parameter_budget.max`",
        "architecture.context_length: `8k` -> read as `constraints.context_window`",
        "training.epochs: `3` -> read as `training.config.epochs`",
        "constraints.device: `gpu` -> `gpu` could be a consumer or a data-centre card; read as `consumer_gpu`",
        "training.config.optimizer",
        "architecture.variant: `decoder-only` -> read as the variant `decoder_only`",
    ] {
        assert!(out.contains(line), "missing {line:?} in:\n{out}");
    }
}

#[test]
fn the_schema_lists_every_alias() {
    let output = metagen().arg("schema").output().unwrap();
    let schema: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let consts = |def: &str| -> Vec<String> {
        schema["$defs"][def]["oneOf"]
            .as_array()
            .unwrap_or_else(|| panic!("no oneOf for {def}"))
            .iter()
            .filter_map(|c| c["const"].as_str().map(String::from))
            .collect()
    };
    for (def, word) in [
        ("TaskType", "object_detection"),
        ("TaskType", "time_series_forecast"),
        ("TaskType", "semantic_segmentation"),
        ("TaskType", "detection"),
        ("Modality", "point_cloud"),
        ("Modality", "multimodal"),
        ("Modality", "regression"),
        ("Device", "gpu"),
        ("ArchVariant", "encoder-only"),
        ("Attention", "sliding_window"),
    ] {
        assert!(consts(def).iter().any(|c| c == word), "{def} lacks {word}");
    }
}

/// The comments of a YAML text (the fixtures put no `#` inside strings).
fn comments(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let at = if line.trim_start().starts_with('#') {
                Some(0)
            } else {
                line.find(" #")
            };
            at.map(|i| line[i..].trim().to_string())
        })
        .collect()
}

#[test]
fn migrate_round_trips_every_fixture_and_keeps_comments() {
    for path in fixtures() {
        let (loaded, resolved) = load(&path);
        let migration = spec::migrate::migrate(&loaded, &resolved);
        let source = SpecSource::from_text("migrated", &migration.text, loaded.source.format);
        let again = spec::parse_spec(&source)
            .unwrap_or_else(|e| panic!("{}: {e:?}\n{}", path.display(), migration.text));
        let again_resolved = spec::resolve(&again, None).unwrap();
        assert_eq!(
            again_resolved.to_yaml(),
            resolved.to_yaml(),
            "{} migrates to a different spec:\n{}",
            path.display(),
            migration.text
        );
        let twice = spec::migrate::migrate(&again, &again_resolved);
        assert!(
            twice.changes.is_empty(),
            "{}: still changes after migrating: {:?}",
            path.display(),
            twice.changes
        );
        for comment in comments(&loaded.source.text) {
            assert!(
                migration.text.contains(&comment) || migration.lost_comments.contains(&comment),
                "{}: comment {comment:?} neither kept nor reported",
                path.display()
            );
        }
    }
}

#[test]
fn migrate_cli_writes_the_file_and_lists_the_changes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("migrated.yaml");
    let output = metagen()
        .args(["migrate"])
        .arg(original_dir().join("tiny_llm_parameters.yaml"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let changes = stderr(&output);
    assert!(
        changes.contains("constraints.parameters: 50M -> constraints.parameter_budget.max: 50M"),
        "{changes}"
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("# the budget"), "{text}");
    assert!(text.contains("device: consumer_gpu"), "{text}");
    let validate = metagen().arg("validate").arg(&out).output().unwrap();
    assert_eq!(validate.status.code(), Some(0), "{}", stderr(&validate));
}

#[test]
fn evaluation_datasets_are_listed_in_the_model_card() {
    let (_, resolved) = load(&original_dir().join("node_classification.yaml"));
    let release = release::build(resolved).unwrap();
    let card = metagen::render::docs::model_card(&release);
    assert!(
        card.contains("Evaluation datasets named in the spec: cora."),
        "{card}"
    );
}

#[test]
fn the_run_log_says_how_the_original_forms_were_read() {
    let (_, resolved) = load(&original_dir().join("tiny_llm_parameters.yaml"));
    let release = release::build(resolved).unwrap();
    let log = metagen::render::run_log::render(&release, "run", &metagen::output::FileTree::new());
    assert!(
        log.contains("read from the original MetaGen's form: "),
        "{log}"
    );
    assert!(
        log.contains(
            "  constraints.parameters: `50M` -> read as `constraints.parameter_budget.max`"
        ),
        "{log}"
    );
    // A family name is the user's text: escaped, it cannot forge a log line.
    let resolved = resolve_text("architecture:\n  family: \"mamba\\nwarnings: 0\"\n").unwrap();
    let release = release::build(resolved).unwrap();
    let log = metagen::render::run_log::render(&release, "run", &metagen::output::FileTree::new());
    assert!(!log.contains("\nwarnings: 0"), "{log}");
    assert!(log.contains("mamba\\nwarnings: 0"), "{log}");
}

/// The blueprint's architecture for a spec, or the refusal.
fn architecture_of(text: &str) -> Result<(String, Vec<String>), String> {
    let resolved = resolve_text(text)?;
    release::build(resolved)
        .map(|r| (r.blueprint.family.name.to_string(), r.selection_notes))
        .map_err(|e| e.to_string())
}

#[test]
fn architecture_variant_picks_the_encoder_the_decoder_or_t5_or_refuses_naming_what_works() {
    let spec = |io: &str, task: &str, variant: &str| {
        format!(
            "modality: {io}\ntask: {task}\nconstraints: {{parameter_budget: {{max: 120M}}}}\n\
             architecture: {{family: transformer, variant: {variant}}}\n"
        )
    };
    let label = "{inputs: [text], outputs: [label]}";
    let text = "{inputs: [text], outputs: [text]}";
    let classify = "{type: classification, num_classes: 4}";
    let generate = "{type: generation}";

    let (arch, _) = architecture_of(&spec(label, classify, "encoder-only")).unwrap();
    assert_eq!(arch, "encoder_bert");
    let (arch, _) = architecture_of(&spec(text, generate, "decoder-only")).unwrap();
    assert_eq!(arch, "decoder_llm");

    // Text->text encoder-decoder: the T5 v1.1 architecture, and the notes say why; the
    // same spec without a variant keeps the decoder.
    let (arch, notes) = architecture_of(&spec(text, generate, "encoder-decoder")).unwrap();
    assert_eq!(arch, "t5_encoder_decoder");
    assert!(
        notes.iter().any(|n| n.contains("T5 v1.1 encoder-decoder")),
        "{notes:?}"
    );
    let (arch, _) = architecture_of(&spec(text, generate, "seq2seq")).unwrap();
    assert_eq!(arch, "t5_encoder_decoder");
    let no_variant = spec(text, generate, "decoder-only").replace(", variant: decoder-only", "");
    assert_eq!(architecture_of(&no_variant).unwrap().0, "decoder_llm");
    // Other modalities have no encoder-decoder for text: image->text still refuses.
    let captioning = spec(
        "{inputs: [image], outputs: [text]}",
        generate,
        "encoder-decoder",
    );
    assert!(architecture_of(&captioning).is_err());
    let refusal = architecture_of(&spec(text, generate, "encoder-only")).unwrap_err();
    assert!(refusal.contains("does not generate text"), "{refusal}");
    let refusal = architecture_of(&spec(label, classify, "decoder-only")).unwrap_err();
    assert!(refusal.contains("`variant: encoder-only`"), "{refusal}");

    // Read for the text transformers, so no "not used yet" warning there.
    let resolved = resolve_text(&spec(label, classify, "encoder-only")).unwrap();
    assert!(
        !resolved
            .warnings
            .iter()
            .any(|w| w.contains("architecture.variant")),
        "{:?}",
        resolved.warnings
    );
}

#[test]
fn retrieval_maps_by_modality() {
    let spec = |inputs: &str, family: &str| {
        format!(
            "modality: {{inputs: [{inputs}], outputs: [embedding]}}\ntask: {{type: retrieval}}\n\
             constraints: {{parameter_budget: {{max: 150M}}}}\narchitecture: {{family: {family}}}\n"
        )
    };
    assert_eq!(
        architecture_of(&spec("text, image", "transformer"))
            .unwrap()
            .0,
        "clip"
    );
    assert_eq!(
        architecture_of(&spec("text", "transformer")).unwrap().0,
        "encoder_bert"
    );
    assert_eq!(
        architecture_of(&spec("audio", "mlp")).unwrap().0,
        "two_tower"
    );
    let (arch, notes) = architecture_of(&spec("audio", "transformer")).unwrap();
    assert_eq!(arch, "two_tower");
    assert!(
        notes
            .iter()
            .any(|n| n.contains("family `transformer` adapted")),
        "{notes:?}"
    );
    let refusal = architecture_of(&spec("text", "cnn")).unwrap_err();
    assert!(
        refusal.contains("text alone with family transformer (bi-encoder)"),
        "{refusal}"
    );
}

#[test]
fn adapted_families_and_multimodal_are_noted_in_the_blueprint() {
    let (_, resolved) = load(&original_dir().join("video_to_video_cnn.yaml"));
    let release = release::build(resolved).unwrap();
    assert_eq!(release.blueprint.family.name, "video_unet");
    assert!(
        release
            .selection_notes
            .iter()
            .any(|n| n.contains("family `cnn` adapted: video generation uses the video U-Net")),
        "{:?}",
        release.selection_notes
    );
    for file in ["multimodal_hybrid.yaml", "multimodal_outputs.yaml"] {
        let (_, resolved) = load(&original_dir().join(file));
        let release = release::build(resolved).unwrap();
        assert_eq!(release.blueprint.family.name, "hybrid_multimodal", "{file}");
        assert!(
            release
                .selection_notes
                .iter()
                .any(|n| n.contains("`multimodal`") && n.contains("read as text, image and audio")),
            "{file}: {:?}",
            release.selection_notes
        );
    }
}

#[test]
fn architecture_attention_selects_the_kernel_or_is_refused_with_the_accepted_words() {
    let spec = |attention: &str| {
        format!(
            "constraints: {{parameter_budget: {{max: 50M}}}}\n\
             architecture: {{family: transformer, attention: {attention}}}\n"
        )
    };
    for exact in ["full", "flash"] {
        let resolved = resolve_text(&spec(exact)).unwrap();
        assert!(
            !resolved
                .warnings
                .iter()
                .any(|w| w.contains("architecture.attention")),
            "{exact}: {:?}",
            resolved.warnings
        );
        let release = release::build(resolved).unwrap();
        assert_eq!(release.assumptions.attention_kernel.as_str(), "sdpa");
        assert!(
            release
                .assumptions
                .reasons
                .iter()
                .any(|r| r.contains(&format!(
                    "the spec's `{exact}` attention is exact attention"
                ))),
            "{exact}: {:?}",
            release.assumptions.reasons
        );
    }
    for approximate in ["sliding_window", "linear"] {
        let refusal = resolve_text(&spec(approximate)).unwrap_err();
        assert!(refusal.contains("is not implemented"), "{refusal}");
        assert!(refusal.contains("[architecture.attention]"), "{refusal}");
    }
    // The accepted words are in the help.
    let source = SpecSource::from_text("spec.yaml", &spec("linear"), SpecFormat::Yaml);
    let errors = spec::resolve(&spec::parse_spec(&source).unwrap(), None).unwrap_err();
    let help = errors.diagnostics[0].help.clone().unwrap_or_default();
    assert!(help.contains("accepted: `full` or `flash`"), "{help}");
}

/// `point_cloud` (read as `3d`) classification is PointNet: with `mlp` as written (the
/// fixture: 40 classes, 5M budget, so between 4.5M and 5M parameters, widths from the
/// paper's 64-64-64-128-1024 / 512-256 ladder scaled by one base width), with `cnn`
/// adapted and noted, and refused with `transformer`, naming what works. `3d` -> text with
/// `hybrid` reads the cloud through the hybrid model's point-cloud encoder.
#[test]
fn point_clouds_are_classified_by_pointnet_and_read_by_the_hybrid_model() {
    let (_, resolved) = load(&original_dir().join("point_cloud_classifier.yaml"));
    let release = release::build(resolved).unwrap();
    let blueprint = &release.blueprint;
    assert_eq!(blueprint.family.name, "pointnet");
    assert!(
        (4_500_000..=5_000_000).contains(&blueprint.total_params),
        "{}",
        blueprint.total_params
    );
    let hp = &blueprint.hyperparameters;
    assert_eq!(hp["num_classes"], 40);
    let c = hp["base_width"].as_u64().unwrap();
    assert_eq!(
        hp["point_widths"],
        serde_json::json!([3, c, c, c, 2 * c, 16 * c])
    );
    assert_eq!(hp["head_widths"], serde_json::json!([16 * c, 8 * c, 4 * c]));
    assert!(
        release.selection_notes.iter().any(|n| n.contains("T-Nets")),
        "{:?}",
        release.selection_notes
    );

    let spec = |family: &str| {
        format!(
            "modality: {{inputs: [point_cloud], outputs: [label]}}\n\
             task: {{type: classification, num_classes: 10}}\n\
             constraints: {{parameter_budget: {{max: 2M}}}}\narchitecture: {{family: {family}}}\n"
        )
    };
    let (arch, notes) = architecture_of(&spec("cnn")).unwrap();
    assert_eq!(arch, "pointnet");
    assert!(
        notes.iter().any(|n| n.contains("family `cnn` adapted")),
        "{notes:?}"
    );
    let refusal = architecture_of(&spec("transformer")).unwrap_err();
    assert!(
        refusal.contains("point-cloud classifiers support families mlp (PointNet) and cnn"),
        "{refusal}"
    );

    let (_, resolved) = load(&original_dir().join("shape_captioner.yaml"));
    let release = release::build(resolved).unwrap();
    assert_eq!(release.blueprint.family.name, "hybrid_multimodal");
    let hp = &release.blueprint.hyperparameters;
    assert_eq!(hp["inputs"], serde_json::json!(["point_cloud"]));
    assert_eq!(hp["outputs"], serde_json::json!(["text"]));
    assert_eq!(hp["cloud_points"], 1024);
    assert!(
        release
            .blueprint
            .by_component
            .contains_key("point_cloud_encoder")
    );
}

/// `training.config.data_augmentation` reaches the image-classification recipe: the standard
/// pair for `true` or the fixture's list, the known names of a list with a warning naming the
/// rest, and a warning (no recipe entry) for a task whose data code has no augmentation.
#[test]
fn data_augmentation_reaches_the_image_classification_recipe() {
    let pair = vec![
        "random_resized_crop".to_string(),
        "horizontal_flip".to_string(),
    ];
    for name in ["image_classifier_cnn.yaml", "vit_edge_int8.yaml"] {
        let (_, resolved) = load(&original_dir().join(name));
        assert!(
            !resolved
                .warnings
                .iter()
                .any(|w| w.contains("data_augmentation")),
            "{name}: {:?}",
            resolved.warnings
        );
        let release = release::build(resolved).unwrap();
        assert_eq!(
            release.recipe.data_augmentation,
            Some(pair.clone()),
            "{name}"
        );
        assert!(
            !release
                .warnings
                .iter()
                .any(|w| w.contains("data_augmentation"))
        );
    }
    let image = "name: aug\nmodality: {inputs: [image], outputs: [label]}\n\
                 task: {type: classification, num_classes: 10}\n\
                 constraints: {parameter_budget: {max: 5M}}\n";
    let some = resolve_text(&format!(
        "{image}training:\n  config:\n    data_augmentation: [mixup, Random-Horizontal-Flip]\n"
    ))
    .unwrap();
    let release = release::build(some).unwrap();
    assert_eq!(
        release.recipe.data_augmentation,
        Some(vec!["horizontal_flip".to_string()])
    );
    assert!(
        release
            .warnings
            .iter()
            .any(|w| w.contains("`mixup` not applied")),
        "{:?}",
        release.warnings
    );
    let none = resolve_text(&format!(
        "{image}training:\n  config:\n    data_augmentation: false\n"
    ))
    .unwrap();
    assert_eq!(
        release::build(none).unwrap().recipe.data_augmentation,
        Some(vec![])
    );

    let text = resolve_text(
        "name: t\nmodality: {inputs: [text], outputs: [label]}\n\
         task: {type: classification, num_classes: 3}\n\
         training:\n  config:\n    data_augmentation: true\n",
    )
    .unwrap();
    assert!(
        text.warnings.iter().any(|w| w.contains("data_augmentation")
            && w.contains("only the image-classification data code")),
        "{:?}",
        text.warnings
    );
    assert_eq!(release::build(text).unwrap().recipe.data_augmentation, None);
}

/// `constraints.num_frames` is the frame count of the video U-Net and the video DiT (an odd
/// count gives the DiT one-frame tubelets), reaching the generated ModelConfig; a model with
/// no frame count keeps the warning.
#[test]
fn num_frames_sets_the_video_models_frame_count() {
    let fixture = std::fs::read_to_string(original_dir().join("video_generation.yaml")).unwrap();
    assert!(fixture.contains("num_frames: 16") && fixture.contains("family: diffusion"));
    for (family, frames, kind, tubelet) in [
        ("diffusion", 8, "video_unet", None),
        ("transformer", 8, "video_dit", Some(2)),
        ("transformer", 7, "video_dit", Some(1)),
    ] {
        let text = fixture
            .replace("num_frames: 16", &format!("num_frames: {frames}"))
            .replace("family: diffusion", &format!("family: {family}"));
        let resolved = resolve_text(&text).unwrap();
        assert!(
            !resolved.warnings.iter().any(|w| w.contains("num_frames")),
            "{:?}",
            resolved.warnings
        );
        let release = release::build(resolved).unwrap();
        let bp = &release.blueprint;
        assert_eq!(bp.family.name, kind);
        assert_eq!(bp.hyperparameters["num_frames"], serde_json::json!(frames));
        if let Some(t) = tubelet {
            assert_eq!(bp.hyperparameters["temporal_patch"], serde_json::json!(t));
        }
        assert!(!release.warnings.iter().any(|w| w.contains("num_frames")));
        let code = metagen::render::code::render(&release).unwrap();
        let model = String::from_utf8_lossy(code.get("model.py").unwrap()).into_owned();
        assert!(
            model.contains(&format!("num_frames: int = {frames}\n")),
            "{kind}"
        );
    }
    // video -> video with family cnn is the video U-Net: its 8 frames are read too.
    let (_, cnn) = load(&original_dir().join("video_to_video_cnn.yaml"));
    let release = release::build(cnn).unwrap();
    assert_eq!(
        release.blueprint.hyperparameters["num_frames"],
        serde_json::json!(8)
    );
    warns_not_used(
        IMAGE_CLASSIFIER,
        "num_frames: 4",
        &["`constraints.num_frames: 4`"],
    );
}

/// The text of one generated code file.
fn code_file(release: &release::Release, name: &str) -> String {
    let code = metagen::render::code::render(release).unwrap();
    String::from_utf8_lossy(code.get(name).unwrap()).into_owned()
}

fn hp_u64(release: &release::Release, key: &str) -> u64 {
    release.blueprint.hyperparameters[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} is not a count"))
}

/// `constraints.sample_rate` and `audio_length` size the speech recognizer's front end: a mel
/// frame every 160 samples, halved by the stride-2 conv. By hand: 10 s at 16 kHz is 160,000
/// samples, 1000 frames, 500 encoder positions; 10 s at 44.1 kHz is 441,000 samples, 2756
/// whole frames, 1378 positions; the fixture's 30 s at 16 kHz is Whisper's 1500. The frozen
/// position table has one row of d_model per position, so the exact count moves by
/// (1500 - 500) x d_model. The data code resamples clips to the model's rate.
#[test]
fn sample_rate_and_audio_length_size_the_speech_recognizer() {
    let fixture = std::fs::read_to_string(original_dir().join("speech_recognition.yaml")).unwrap();
    assert!(fixture.contains("sample_rate: 16000") && fixture.contains("audio_length: 30\n"));
    let build = |rate: &str, length: &str| {
        let text = fixture
            .replace("sample_rate: 16000", &format!("sample_rate: {rate}"))
            .replace("audio_length: 30\n", &format!("audio_length: {length}\n"));
        let resolved = resolve_text(&text).unwrap();
        let release = release::build(resolved).unwrap();
        assert!(
            !release
                .warnings
                .iter()
                .any(|w| w.contains("sample_rate") || w.contains("audio_length")),
            "{:?}",
            release.warnings
        );
        release
    };
    let whole = build("16000", "30");
    let short = build("16kHz", "10s");
    let wide = build("44.1 kHz", "10");
    assert_eq!(short.blueprint.family.name, "whisper_asr");
    assert_eq!(hp_u64(&whole, "max_source_positions"), 1500);
    assert_eq!(hp_u64(&short, "max_source_positions"), 500);
    assert_eq!(hp_u64(&wide, "max_source_positions"), 1378);
    assert_eq!(hp_u64(&wide, "sample_rate"), 44_100);
    let d = hp_u64(&short, "d_model");
    assert_eq!(hp_u64(&whole, "d_model"), d);
    assert_eq!(
        hp_u64(&whole, "encoder_layers"),
        hp_u64(&short, "encoder_layers")
    );
    assert_eq!(
        whole.blueprint.total_params - short.blueprint.total_params,
        1000 * d
    );
    let model = code_file(&short, "model.py");
    assert!(
        model.contains("max_source_positions: int = 500\n"),
        "{model}"
    );
    assert!(model.contains("sample_rate: int = 16000\n"));
    let data = code_file(&wide, "data.py");
    assert!(
        data.contains("resample(samples, rate, config.sample_rate)"),
        "{data}"
    );
    assert!(code_file(&wide, "model.py").contains("sample_rate: int = 44100\n"));
    // Shorter than one hop: refused, naming the key.
    let text = fixture.replace("audio_length: 30\n", "audio_length: 5ms\n");
    let err = release::build(resolve_text(&text).unwrap()).unwrap_err();
    assert!(err.to_string().contains("audio_length"), "{err}");
}

/// The codec language model's sequence is the clip at EnCodec's 50 frames a second (32 kHz,
/// hop 640): 30 s is 1500 frames and 10 s is 500. Its sinusoidal positions hold no
/// parameters, so the count does not move. A sample rate other than the codec's warns.
#[test]
fn audio_length_sets_the_codec_language_models_sequence() {
    let fixture = std::fs::read_to_string(original_dir().join("audio_generation.yaml")).unwrap();
    assert!(fixture.contains("audio_length: 30s") && fixture.contains("sample_rate: 32kHz"));
    let build = |text: &str| release::build(resolve_text(text).unwrap()).unwrap();
    let thirty = build(&fixture);
    assert_eq!(thirty.blueprint.family.name, "audio_codec_decoder");
    assert_eq!(hp_u64(&thirty, "max_frames"), 30 * 50);
    assert!(
        !thirty
            .warnings
            .iter()
            .any(|w| w.contains("sample_rate") || w.contains("audio_length")),
        "{:?}",
        thirty.warnings
    );
    let ten = build(&fixture.replace("audio_length: 30s", "audio_length: 10s"));
    assert_eq!(hp_u64(&ten, "max_frames"), 10 * 50);
    assert_eq!(ten.blueprint.total_params, thirty.blueprint.total_params);
    let other = build(&fixture.replace("sample_rate: 32kHz", "sample_rate: 44100"));
    assert!(
        other
            .warnings
            .iter()
            .any(|w| w.contains("`constraints.sample_rate: 44100`")
                && w.contains("not used")
                && w.contains("32000 Hz")),
        "{:?}",
        other.warnings
    );
    // A model with no audio keeps both warnings.
    warns_not_used(
        IMAGE_CLASSIFIER,
        "sample_rate: 16000, audio_length: 10s",
        &[
            "`constraints.sample_rate: 16000`",
            "`constraints.audio_length`",
        ],
    );
}

/// `constraints.frame_size` is the video models' frame: the latent side is its height over
/// the VAE's factor 8. By hand, for the video DiT with 16 frames in two-frame tubelets and
/// patch 2: [256, 256] gives a 32 latent, (32 / 2)^2 x 8 = 2048 tokens; [128, 128] gives 16,
/// (16 / 2)^2 x 8 = 512 tokens. Its frozen position table holds tokens x hidden parameters,
/// so at equal width and depth the counts differ by (2048 - 512) x hidden.
#[test]
fn frame_size_sets_the_video_models_latent_size() {
    let fixture = std::fs::read_to_string(original_dir().join("video_generation.yaml")).unwrap();
    assert!(fixture.contains("frame_size: [256, 256]") && fixture.contains("num_frames: 16"));
    let build = |family: &str, frame: &str| {
        let text = fixture
            .replace("family: diffusion", &format!("family: {family}"))
            .replace("frame_size: [256, 256]", &format!("frame_size: {frame}"))
            .replace("max: 1.5B", "max: 300M");
        let release = release::build(resolve_text(&text).unwrap()).unwrap();
        assert!(
            !release.warnings.iter().any(|w| w.contains("frame_size")),
            "{:?}",
            release.warnings
        );
        release
    };
    let unet = build("diffusion", "[128, 128]");
    assert_eq!(unet.blueprint.family.name, "video_unet");
    assert_eq!(hp_u64(&unet, "sample_size"), 16);
    assert!(code_file(&unet, "model.py").contains("sample_size: int = 16\n"));
    assert_eq!(hp_u64(&build("diffusion", "256"), "sample_size"), 32);

    let large = build("transformer", "[256, 256]");
    let small = build("transformer", "128");
    assert_eq!(small.blueprint.family.name, "video_dit");
    assert_eq!(hp_u64(&large, "input_size"), 32);
    assert_eq!(hp_u64(&small, "input_size"), 16);
    assert_eq!(hp_u64(&large, "num_tokens"), 2048);
    assert_eq!(hp_u64(&small, "num_tokens"), 512);
    let hidden = hp_u64(&small, "hidden_size");
    assert_eq!(hp_u64(&large, "hidden_size"), hidden);
    assert_eq!(hp_u64(&large, "depth"), hp_u64(&small, "depth"));
    assert_eq!(
        large.blueprint.total_params - small.blueprint.total_params,
        (2048 - 512) * hidden
    );
    assert!(code_file(&small, "model.py").contains("input_size: int = 16\n"));

    warns_not_used(
        IMAGE_CLASSIFIER,
        "frame_size: [64, 64]",
        &["`constraints.frame_size: [64, 64]`"],
    );
}

/// `constraints.temporal_stride` reaches the recipe and the video data code, which takes every
/// k-th stored frame; without it the data code takes every frame. Other models warn.
#[test]
fn temporal_stride_reaches_the_video_data_code() {
    let fixture = std::fs::read_to_string(original_dir().join("video_generation.yaml")).unwrap();
    assert!(fixture.contains("temporal_stride: 2"));
    let strided = release::build(resolve_text(&fixture).unwrap()).unwrap();
    assert_eq!(strided.recipe.temporal_stride, Some(2));
    assert!(
        !strided
            .warnings
            .iter()
            .any(|w| w.contains("temporal_stride"))
    );
    let data = code_file(&strided, "data.py");
    assert!(data.contains("\nTEMPORAL_STRIDE = 2\n"), "{data}");
    assert!(data.contains("latents[:, ::TEMPORAL_STRIDE]"));
    let every =
        release::build(resolve_text(&fixture.replace("  temporal_stride: 2\n", "")).unwrap())
            .unwrap();
    assert_eq!(every.recipe.temporal_stride, None);
    assert!(code_file(&every, "data.py").contains("\nTEMPORAL_STRIDE = 1\n"));
    warns_not_used(
        TEXT_GENERATOR,
        "temporal_stride: 3",
        &["`constraints.temporal_stride: 3`"],
    );
}

/// `constraints.quantization` is the served weight format: the memory verdict judges the
/// weights in it. By hand for the fixture's ViT (N parameters, about 24.7M): with a 40 MB
/// memory budget, bf16 weights (2N bytes, about 49 MB) fail while int8 weights (N bytes) pass
/// (N < 0.9 x 40 MB); with 20 MB, int8 fails and int4 (N / 2 bytes) passes. infer.py applies
/// int8 by default; int4 has no plain-PyTorch CPU path and its help says so.
#[test]
fn quantization_sets_the_served_weight_format() {
    use metagen::arch::cost::Verdict;
    let fixture = std::fs::read_to_string(original_dir().join("vit_edge_int8.yaml")).unwrap();
    assert!(fixture.contains("quantization: int8"));
    let build = |quantization: &str, memory: &str| {
        let text = fixture.replace("quantization: int8", quantization).replace(
            "  patch_size: 16\n",
            &format!("  patch_size: 16\n  memory_budget: {memory}\n"),
        );
        release::build(resolve_text(&text).unwrap()).unwrap()
    };
    let verdict = |release: &release::Release| {
        let check = release
            .cost
            .feasibility
            .iter()
            .find(|c| c.name == "memory_budget_weights")
            .unwrap()
            .clone();
        (check.verdict, check.detail)
    };
    let bf16 = build("quantization: bf16", "40MB");
    let n = bf16.blueprint.total_params;
    assert!(2 * n > 40_000_000 && (n as f64) < 0.9 * 40e6 && n > 20_000_000);
    assert_eq!(verdict(&bf16).0, Verdict::Fail);
    assert!(
        verdict(&bf16)
            .1
            .starts_with("bf16 weights (constraints.quantization)")
    );
    let int8 = build("quantization: int8", "40MB");
    let (v, detail) = verdict(&int8);
    assert_eq!(v, Verdict::Pass, "{detail}");
    assert!(
        detail.starts_with("int8 weights (constraints.quantization) need"),
        "{detail}"
    );
    let (v, detail) = verdict(&build("quantization: int8", "20MB"));
    assert_eq!(v, Verdict::Fail, "{detail}");
    assert!(detail.contains("quantize to int4"), "{detail}");
    assert_eq!(
        verdict(&build("quantization: 4bit", "20MB")).0,
        Verdict::Pass
    );
    // Without the key the verdict stays in bf16, as before.
    let plain = build("# served as trained", "40MB");
    assert_eq!(verdict(&plain).0, Verdict::Fail);
    assert!(verdict(&plain).1.starts_with("bf16 weights need"));

    let infer = code_file(&int8, "infer.py");
    assert!(infer.contains("SERVED_WEIGHTS = \"int8\"\n"), "{infer}");
    assert!(infer.contains("torch.ao.quantization.quantize_dynamic(model, {nn.Linear}"));
    assert!(infer.contains("    model = served_model(model, args.weights, device)\n"));
    let int4 = code_file(&build("quantization: int4", "1GB"), "infer.py");
    assert!(int4.contains("SERVED_WEIGHTS = \"float\"\n"));
    assert!(int4.contains("int4 weights, which plain PyTorch cannot run on the CPU"));
    assert!(!code_file(&plain, "infer.py").contains("served_model"));

    // The decode-speed verdict reads the served bytes: int8 weights are half of bf16's, so a
    // memory-bound decoder reads them in half the time, twice the tokens a second.
    let decoder = |quantization: &str| {
        let text = format!(
            "name: t\nmodality: {{inputs: [text], outputs: [text]}}\ntask: {{type: generation}}\n\
             constraints: {{parameter_budget: {{max: 1B}}, throughput: \"100000 tok/s\"{quantization}}}\n"
        );
        let release = release::build(resolve_text(&text).unwrap()).unwrap();
        let check = release
            .cost
            .feasibility
            .iter()
            .find(|c| c.name == "throughput")
            .unwrap()
            .clone();
        let speed: f64 = check
            .detail
            .split("is about ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.replace(',', "").parse().ok())
            .unwrap_or_else(|| panic!("{}", check.detail));
        (check, speed)
    };
    let (bf16, bf16_speed) = decoder("");
    let (int8, int8_speed) = decoder(", quantization: int8");
    assert!(
        bf16.detail.contains("decode speed (bf16, batch 1"),
        "{}",
        bf16.detail
    );
    assert!(
        int8.detail.contains("decode speed (int8, batch 1"),
        "{}",
        int8.detail
    );
    assert!(
        (int8_speed - 2.0 * bf16_speed).abs() <= 0.2,
        "{bf16_speed} then {int8_speed}"
    );
    assert!(
        !int8.detail.contains("int8 weights would give"),
        "{}",
        int8.detail
    );
}
