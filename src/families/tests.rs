//! Tests of the registry: every architecture has every piece, the pieces fit together, a
//! toy architecture defined here (request struct included) and registered by one
//! `#[cfg(test)]` registry line is rendered like any other, and no code outside the
//! registries dispatches on an architecture, family keyword or variant.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::*;
use crate::arch::tests::all_kinds;
use crate::render::code::{model_template, task_templates};

/// The sample requests of the registry tests: one per architecture variant (the arch tests'
/// [`all_kinds`]) and the toy's.
fn sample_kinds() -> Vec<ArchKind> {
    let mut kinds = all_kinds();
    kinds.push(ArchKind::Toy(Toy {
        features: 8,
        outputs: 1,
    }));
    kinds
}

/// The kind's name as serde tags it: the registry line's variant name.
fn kind_tag(kind: &ArchKind) -> String {
    match serde_json::to_value(kind).unwrap() {
        Value::String(tag) => tag,
        Value::Object(map) if map.len() == 1 => map.keys().next().unwrap().clone(),
        other => panic!("{kind:?} serializes as {other}"),
    }
}

#[test]
fn names_are_unique_and_the_sample_kinds_reach_every_architecture() {
    let names: BTreeSet<&str> = REGISTRY.iter().map(|a| a.name).collect();
    assert_eq!(names.len(), REGISTRY.len(), "architecture names are unique");
    let variants: Vec<&str> = REGISTRY
        .iter()
        .flat_map(|a| a.variants.iter().map(|v| v.name))
        .collect();
    let unique: BTreeSet<&str> = variants.iter().copied().collect();
    assert_eq!(unique.len(), variants.len(), "variant names are unique");

    let reached: BTreeSet<&str> = sample_kinds().iter().map(|k| for_kind(k).name).collect();
    assert_eq!(
        reached, names,
        "the sample kinds reach every registered architecture"
    );
    let tags: BTreeSet<String> = sample_kinds().iter().map(kind_tag).collect();
    assert_eq!(tags.len(), REGISTRY.len(), "one kind per registry line");
}

#[test]
fn each_kind_dispatches_to_the_architecture_of_its_registry_line() {
    let expected = [
        ("DecoderLlm", "decoder_llm"),
        ("EncoderBert", "encoder_bert"),
        ("Vit", "vit"),
        ("DetectorDetr", "detector_detr"),
        ("VideoDiT", "video_dit"),
        ("TabularMlp", "tabular_mlp"),
        ("Gcn", "gcn"),
        ("Toy", "toy_family"),
    ];
    for (tag, name) in expected {
        let kind = sample_kinds()
            .into_iter()
            .find(|k| kind_tag(k) == tag)
            .unwrap_or_else(|| panic!("no sample {tag}"));
        assert_eq!(for_kind(&kind).name, name, "{tag}");
    }
}

#[test]
fn a_kind_prints_and_serializes_as_the_struct_variant_it_replaced() {
    // The request structs of the folders are named after their kind, so `Debug` reads as the
    // old struct variants did (the arch snapshot fixture and error messages print it).
    for kind in sample_kinds() {
        let tag = kind_tag(&kind);
        let debug = format!("{kind:?}");
        assert!(
            debug == tag || debug.starts_with(&format!("{tag} {{ ")),
            "{debug} does not name {tag}"
        );
    }
    let vit = ArchKind::Vit(vit::Vit { num_classes: 10 });
    assert_eq!(format!("{vit:?}"), "Vit { num_classes: 10 }");
    assert_eq!(
        serde_json::to_string(&vit).unwrap(),
        r#"{"Vit":{"num_classes":10}}"#
    );
    assert_eq!(
        serde_json::to_string(&ArchKind::DecoderLlm).unwrap(),
        r#""DecoderLlm""#
    );
    let detr: ArchKind =
        serde_json::from_str(r#"{"DetectorDetr":{"num_classes":91,"num_queries":100}}"#).unwrap();
    assert_eq!(
        detr,
        ArchKind::DetectorDetr(detect::DetectorDetr {
            num_classes: 91,
            num_queries: 100,
        })
    );
    let whisper: ArchKind = serde_json::from_str(r#""WhisperAsr""#).unwrap();
    assert_eq!(whisper, ArchKind::WhisperAsr);
}

#[test]
fn every_architecture_has_a_model_section_per_variant_and_a_task_with_templates() {
    for arch in REGISTRY {
        assert!(!arch.variants.is_empty(), "{} has no variant", arch.name);
        for variant in arch.variants {
            let model = model_template(*variant)
                .unwrap_or_else(|| panic!("{}: a `# uses:` line names no block", variant.name));
            assert!(
                model.contains("class MetaGenModel("),
                "{}: the model section defines no MetaGenModel",
                variant.name
            );
            assert!(
                model.contains("def tiny_overrides("),
                "{}: the model section has no tiny_overrides",
                variant.name
            );
        }
    }
    for kind in sample_kinds() {
        let arch = for_kind(&kind);
        let task = (arch.task)(&kind);
        assert!(
            crate::tasks::TASKS.contains(&task),
            "{}: task {} is not registered",
            arch.name,
            task.name
        );
        assert!(
            task_templates(task).is_some(),
            "{}: task {} has incomplete templates",
            arch.name,
            task.name
        );
    }
}

#[test]
fn every_architecture_has_a_pipeline_tag_paper_text_references_and_a_recipe() {
    for kind in sample_kinds() {
        let arch = for_kind(&kind);
        let tag = arch.pipeline_tag(&kind);
        assert!(
            !tag.is_empty() && !tag.contains(' '),
            "{}: pipeline tag {tag:?}",
            arch.name
        );
        assert!(!arch.equations.is_empty(), "{}: no equations", arch.name);
        for paragraph in arch.equations {
            assert!(
                paragraph.starts_with("\\paragraph{"),
                "{}: an equation paragraph",
                arch.name
            );
        }
        let refs = (arch.references)(&kind);
        assert!(!refs.is_empty(), "{}: no related work", arch.name);
        for (opener, keys) in refs {
            assert!(!opener.is_empty() && !keys.is_empty(), "{}", arch.name);
            for key in keys {
                assert!(
                    crate::render::paper::bib::lookup(key).is_some(),
                    "{}: reference {key} is not in the bibliography",
                    arch.name
                );
            }
        }
        for params in [1_000, 200_000_000, 2_000_000_000] {
            let recipe = (arch.recipe)(params);
            assert!(
                recipe.learning_rate > 0.0 && recipe.batch_size > 0 && !recipe.rule.is_empty(),
                "{}: recipe",
                arch.name
            );
        }
    }
}

#[test]
fn the_tabular_pipeline_tag_follows_the_head() {
    let tag = |classification| {
        TABULAR_MLP_FOR_TESTS.pipeline_tag(&ArchKind::TabularMlp(tabular::TabularMlp {
            features: 4,
            outputs: 2,
            classification,
        }))
    };
    assert_eq!(tag(true), "tabular-classification");
    assert_eq!(tag(false), "tabular-regression");
}

use super::tabular::TABULAR_MLP as TABULAR_MLP_FOR_TESTS;

#[test]
fn hf_configs_name_a_transformers_class() {
    let with_config: Vec<&str> = REGISTRY
        .iter()
        .filter(|a| a.hf_config.is_some())
        .map(|a| a.name)
        .collect();
    assert_eq!(
        with_config,
        ["decoder_llm", "encoder_bert", "vit", "t5_encoder_decoder"]
    );
    for arch in REGISTRY {
        if let Some(config) = arch.hf_config {
            let value = config(&BTreeMap::new());
            assert!(value["architectures"][0].is_string(), "{}", arch.name);
            assert!(value["model_type"].is_string(), "{}", arch.name);
        }
    }
}

#[test]
fn every_situation_has_a_rule_and_every_rule_builds_its_own_architecture() {
    for situation in Situation::ALL {
        assert!(
            REGISTRY
                .iter()
                .flat_map(|a| a.rules)
                .any(|r| r.situation == situation),
            "{situation:?} has no rule"
        );
    }
    for arch in REGISTRY {
        assert!(!arch.rules.is_empty(), "{} cannot be selected", arch.name);
    }
}

#[test]
fn each_bundled_example_is_taken_by_exactly_one_rule_which_builds_its_request() {
    let mut seen = BTreeSet::new();
    for source in crate::examples::example_sources() {
        let loaded = crate::spec::parse_spec(&source).unwrap();
        let resolved = crate::spec::resolve(&loaded, None).unwrap();
        let selection = crate::arch::select::select(&resolved).unwrap();
        let outputs: Vec<crate::spec::Modality> = resolved
            .spec
            .modality
            .outputs
            .iter()
            .copied()
            .filter(|m| !m.is_unsupported_sense())
            .collect();
        let ctx = select::Context {
            task: &resolved.spec.task,
            inputs: &resolved.spec.modality.inputs,
            outputs: if outputs.is_empty() {
                &[crate::spec::Modality::Text]
            } else {
                &outputs
            },
            family: resolved.spec.architecture.family,
            image_side: resolved.image_size.map(|(h, _)| h),
            variant: resolved.spec.architecture.variant,
        };
        let situation = Situation::ALL
            .into_iter()
            .find(|s| s.applies(&ctx))
            .unwrap();
        // Rule order must not matter: exactly one rule takes each example.
        let taken: Vec<(&str, &Rule)> = REGISTRY
            .iter()
            .flat_map(|a| a.rules.iter().map(move |r| (a.name, r)))
            .filter(|(_, r)| r.situation == situation && (r.matches)(&ctx))
            .collect();
        assert_eq!(taken.len(), 1, "{}: taken by {}", source.name, taken.len());
        let (name, rule) = taken[0];
        assert_eq!(
            (rule.build)(&ctx, &mut Vec::new()).as_ref(),
            Some(&selection.request.kind),
            "{}",
            source.name
        );
        assert_eq!(for_kind(&selection.request.kind).name, name);
        seen.insert(name);
    }
    assert!(
        seen.len() >= 20,
        "examples reach {} architectures",
        seen.len()
    );
}

// --- The toy architecture: registered by one `#[cfg(test)]` line of the registry, with no
// spec keyword; everything else about it is here, as a folder would hold it. ---

/// The toy's request shape. It is defined here and nowhere else: the registry line
/// `Toy(tests::Toy) => tests::TOY` makes it the `ArchKind::Toy` variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Toy {
    pub features: u64,
    pub outputs: u64,
}

thread_local! {
    /// Whether the toy's selection rule takes tabular specs on this test's thread. The toy's
    /// line comes first in the registry, so it would win every tabular spec of every test.
    static TOY_SELECTABLE: Cell<bool> = const { Cell::new(false) };
}

/// A variant whose model section is the tabular MLP's under a marker line, so the generated
/// code is recognisably the toy's.
const TOY_VARIANT: Variant = Variant {
    name: "toy_perceptron",
    model: concat!(
        "# The toy architecture registered by the registry's tests.\n",
        include_str!("tabular/tabular_mlp.py")
    ),
};

/// Synthesis from the toy's own request: the shared MLP builder of the tabular folder, fed
/// the toy's sizes as a regressor, reporting the toy's variant.
fn toy_build(req: &ArchRequest, budget: &Budget) -> Result<(Built, u64), ArchError> {
    let ArchKind::Toy(Toy { features, outputs }) = req.kind else {
        return Err(wrong_kind("toy_family", &req.kind));
    };
    let as_regressor = ArchRequest {
        kind: ArchKind::TabularMlp(tabular::TabularMlp {
            features,
            outputs,
            classification: false,
        }),
        ..req.clone()
    };
    let (mut built, total) = tabular::synth::synthesize_mlp(&as_regressor, budget)?;
    built.variant = TOY_VARIANT;
    Ok((built, total))
}

pub static TOY: Architecture = Architecture {
    name: "toy_family",
    rules: &[Rule {
        situation: Situation::Tabular,
        matches: |_| TOY_SELECTABLE.with(Cell::get),
        build: |ctx, notes| {
            Some(ArchKind::Toy(Toy {
                features: ctx.tabular_features(notes),
                outputs: ctx.task.num_outputs.unwrap_or(1),
            }))
        },
    }],
    build: toy_build,
    variants: &[TOY_VARIANT],
    task: |_| &crate::tasks::TABULAR,
    pipeline_tag: Some(|_| "toy-pipeline"),
    prose: &crate::families::Prose {
        abstract_claim: "",
        introduction: "",
        related_work: "",
        conclusion: "",
        limitations: "",
        broader_impact: "",
        method: "",
        evaluation: "",
        implementation: "",
    },
    equations: &["\\paragraph{Toy objective.} The toy minimises nothing in particular.\n\n"],
    references: |_| vec![("Toy tabular models", vec!["gorishniy2021tabular"])],
    recipe: |_| RecipeDefaults {
        learning_rate: 0.125,
        rule: "the toy's own recipe",
        ..recipes::small_model(0)
    },
    hf_config: None,
    oracle: crate::families::OracleAgreement::NOT_MEASURED,
};

#[test]
fn a_toy_architecture_registered_in_the_registry_is_synthesized_and_rendered() {
    /// Makes the toy selectable until the test ends, even if it fails.
    struct Selectable;
    impl Drop for Selectable {
        fn drop(&mut self) {
            TOY_SELECTABLE.with(|on| on.set(false));
        }
    }
    TOY_SELECTABLE.with(|on| on.set(true));
    let _selectable = Selectable;
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/specs/tabular/tabular_regressor.yaml");
    let loaded = crate::spec::load_spec_file(&path).unwrap();
    let resolved = crate::spec::resolve(&loaded, None).unwrap();
    let release = crate::release::build(resolved).unwrap();
    // The request is the toy's own type, and serializes under the toy's kind.
    let ArchKind::Toy(request) = &release.request.kind else {
        panic!("selected {:?}", release.request.kind)
    };
    assert_eq!(request.outputs, 1, "the spec's num_outputs");
    assert_eq!(
        serde_json::to_value(&release.request.kind).unwrap(),
        serde_json::json!({"Toy": {"features": request.features, "outputs": 1}})
    );
    assert_eq!(release.blueprint.family.name, "toy_family");
    assert_eq!(release.blueprint.variant.name, "toy_perceptron");
    assert!(
        release
            .recipe
            .sources
            .values()
            .any(|rule| rule == "the toy's own recipe"),
        "{:?}",
        release.recipe.sources
    );

    let blueprint = crate::render::blueprint::render(&release).unwrap();
    let text = |tree: &crate::output::FileTree, path: &str| -> String {
        let (_, bytes) = tree
            .iter()
            .find(|(p, _)| *p == path)
            .unwrap_or_else(|| panic!("{path} missing"));
        String::from_utf8(bytes.to_vec()).unwrap()
    };
    let yaml = text(&blueprint, "architecture.yaml");
    assert!(yaml.contains("family: toy_family"), "{yaml}");
    assert!(yaml.contains("variant: toy_perceptron"), "{yaml}");
    assert!(yaml.contains("the toy's own recipe"), "{yaml}");

    let code = crate::render::code::render(&release).unwrap();
    let model = text(&code, "model.py");
    assert!(model.contains("# The toy architecture registered by the registry's tests."));
    assert!(model.contains("VARIANT = \"toy_perceptron\""));
    assert!(model.contains("The toy_perceptron model of this release"));
    assert!(!model.contains("tabular_mlp"));
    let data = text(&code, "data.py");
    let tabular_data = crate::tasks::sections(&crate::tasks::TABULAR).unwrap()[0];
    assert!(data.contains(tabular_data.lines().last().unwrap()));

    let docs = crate::render::docs::render(&release).unwrap();
    let card = text(&docs, "model_card.md");
    assert!(card.contains("pipeline_tag: toy-pipeline"), "{card}");
}

// --- No dispatch outside the registries. ---

/// Files allowed to dispatch on architectures: the family registry and the task registry.
fn allowed(path: &Path) -> bool {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    path.starts_with(src.join("families")) || path == src.join("tasks.rs")
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The code of a Rust file without comments, on one line, whitespace collapsed.
fn code_of(text: &str) -> String {
    let without_comments: Vec<&str> = text
        .lines()
        .map(|line| match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect();
    without_comments
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether position `at` lies in the pattern of a `matches!(scrutinee, pattern)`: after
/// the first top-level comma and before the closing parenthesis.
fn in_matches_pattern(code: &str, at: usize) -> bool {
    code.match_indices("matches!(").any(|(start, m)| {
        let body = start + m.len();
        if body > at {
            return false;
        }
        let mut depth = 1usize;
        let mut comma = None;
        for (i, c) in code[body..].char_indices() {
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => {
                    depth -= 1;
                    if depth == 0 {
                        return comma.is_some_and(|comma| comma < at && at < body + i);
                    }
                }
                ',' if depth == 1 && comma.is_none() => comma = Some(body + i),
                _ => {}
            }
        }
        false
    })
}

/// Places in `code` that dispatch on an `ArchKind`, a spec `Family` or a `Variant`, or
/// compare with one of `names` (the registered architecture and variant names).
fn dispatches(code: &str, names: &[&str]) -> Vec<String> {
    const TYPES: [&str; 3] = ["ArchKind::", "Family::", "Variant::"];
    let mut found = Vec::new();
    let mut report = |at: usize| {
        let start = code[..at]
            .char_indices()
            .rev()
            .nth(40)
            .map_or(0, |(i, _)| i);
        let end = code[at..]
            .char_indices()
            .nth(60)
            .map_or(code.len(), |(i, _)| at + i);
        found.push(code[start..end].to_string());
    };
    for ty in TYPES {
        for (at, _) in code.match_indices(ty) {
            let before = code[..at].trim_end();
            let after = &code[at + ty.len()..];
            // Skip the variant name and a braced or parenthesised pattern body.
            let mut rest = after.trim_start_matches(|c: char| c.is_alphanumeric() || c == '_');
            rest = rest.trim_start();
            if let Some(open) = rest.chars().next().filter(|c| *c == '{' || *c == '(') {
                let close = if open == '{' { '}' } else { ')' };
                let mut depth = 0usize;
                let mut end = rest.len();
                for (i, c) in rest.char_indices() {
                    if c == open {
                        depth += 1;
                    } else if c == close {
                        depth -= 1;
                        if depth == 0 {
                            end = i + 1;
                            break;
                        }
                    }
                }
                rest = rest[end..].trim_start();
            }
            let in_matches = in_matches_pattern(code, at);
            let glob = after.starts_with('*') || after.starts_with('{');
            if rest.starts_with("=>")
                || rest.starts_with("| ")
                || rest.starts_with("==")
                || rest.starts_with("!=")
                || before.ends_with("==")
                || before.ends_with("!=")
                || before.ends_with("if let")
                || before.ends_with("let")
                || in_matches
                || glob
            {
                report(at);
            }
        }
    }
    for name in names {
        let quoted = format!("\"{name}\"");
        for (at, _) in code.match_indices(&quoted) {
            let before = code[..at].trim_end();
            let rest = code[at + quoted.len()..].trim_start();
            let in_matches = in_matches_pattern(code, at);
            if rest.starts_with("=>")
                || rest.starts_with("| ")
                || rest.starts_with("==")
                || rest.starts_with("!=")
                || before.ends_with("==")
                || before.ends_with("!=")
                || before.ends_with("eq(")
                || in_matches
            {
                report(at);
            }
        }
    }
    found
}

#[test]
fn the_dispatch_scanner_finds_matches_and_comparisons() {
    let names = ["decoder_llm", "vit"];
    for bad in [
        "match kind { ArchKind::DecoderLlm => 1, _ => 2 }",
        "match kind { ArchKind::Vit { num_classes } => 1, _ => 2 }",
        "match kind { ArchKind::Vit { .. } | ArchKind::ResNet { .. } => 1 }",
        "if matches!(family, Family::Mlp | Family::Cnn) {}",
        "if family == Family::Hybrid {}",
        "if let ArchKind::Vit { num_classes } = kind {}",
        "let ArchKind::Vit { num_classes } = kind else { return };",
        "use crate::arch::ArchKind::*;",
        "match bp.family.name { \"decoder_llm\" => 1, _ => 2 }",
        "if bp.variant.name == \"vit\" {}",
        "matches!(name, \"vit\" | \"decoder_llm\")",
        "matches!(&req.kind, ArchKind::Vit { .. })",
    ] {
        assert!(!dispatches(bad, &names).is_empty(), "missed: {bad}");
    }
    for fine in [
        "let kind = ArchKind::Vit { num_classes: 10 };",
        "family: Family::Transformer,",
        "vec![ArchKind::DecoderLlm, ArchKind::WhisperAsr]",
        "let name = \"vit\";",
        "assert!(matches!(synthesize(&ArchRequest::new(ArchKind::DecoderLlm, 1)), Err(_)));",
        "Hybrid = \"hybrid\", TwoTower = \"two_tower\",",
    ] {
        assert_eq!(dispatches(fine, &names), Vec::<String>::new(), "{fine}");
    }
}

#[test]
fn no_code_outside_the_registries_dispatches_on_an_architecture() {
    let mut names: Vec<&str> = REGISTRY.iter().map(|a| a.name).collect();
    names.extend(
        REGISTRY
            .iter()
            .flat_map(|a| a.variants.iter().map(|v| v.name)),
    );
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    files.sort();
    assert!(files.len() > 50, "found {} source files", files.len());
    let mut violations = Vec::new();
    for file in files.iter().filter(|f| !allowed(f)) {
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        for place in dispatches(&code, &names) {
            violations.push(format!("{}: …{place}…", file.display()));
        }
    }
    assert!(
        violations.is_empty(),
        "dispatch outside src/families/ and src/tasks.rs:\n{}",
        violations.join("\n")
    );
}

#[test]
fn every_registered_variant_is_built_for_some_request() {
    let mut built = BTreeSet::new();
    for kind in sample_kinds() {
        for max in [100_000, 10_000_000, 1_000_000_000, 20_000_000_000] {
            let req = ArchRequest::new(kind.clone(), max);
            if let Ok(bp) = crate::arch::synthesize(&req) {
                assert!(bp.family.variants.contains(&bp.variant));
                built.insert(bp.variant.name);
            }
        }
    }
    let registered: BTreeSet<&str> = REGISTRY
        .iter()
        .flat_map(|a| a.variants.iter().map(|v| v.name))
        .collect();
    assert_eq!(
        built, registered,
        "variants never built, or built but unregistered"
    );
}

/// The identifiers and string literals of `code` that name an architecture: a kind (the
/// registry line's variant name, which is also its request struct's name) or an
/// architecture or variant name.
fn names_an_architecture(code: &str, kinds: &[String], names: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for word in code.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        if kinds.iter().any(|kind| kind == word) {
            found.push(word.to_string());
        }
    }
    for name in names {
        if code.contains(&format!("\"{name}\"")) {
            found.push(format!("\"{name}\""));
        }
    }
    found
}

#[test]
fn the_request_module_names_no_architecture() {
    let kinds: Vec<String> = sample_kinds().iter().map(kind_tag).collect();
    let mut names: BTreeSet<&str> = REGISTRY.iter().map(|a| a.name).collect();
    names.extend(
        REGISTRY
            .iter()
            .flat_map(|a| a.variants.iter().map(|v| v.name)),
    );
    let names: Vec<&str> = names.into_iter().collect();
    // The scan finds the shape the request module had before the folders owned theirs.
    let old = "pub enum ArchKind { DecoderLlm, Vit { num_classes: u64 }, }";
    assert_eq!(
        names_an_architecture(old, &kinds, &names),
        ["DecoderLlm", "Vit"]
    );
    assert_eq!(
        names_an_architecture("if name == \"vit\" {}", &kinds, &names),
        ["\"vit\""]
    );

    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/arch/request.rs");
    let code = code_of(&std::fs::read_to_string(path).unwrap());
    assert!(code.contains("pub use crate::families::ArchKind;"));
    assert_eq!(
        names_an_architecture(&code, &kinds, &names),
        Vec::<String>::new(),
        "src/arch/request.rs names an architecture; its request shape belongs in its folder"
    );
}
