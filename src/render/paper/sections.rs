//! The text of each section, written from the release in the confident
//! voice of a workshop paper, with every number read from the blueprint,
//! the cost model and the benchmarks.

use serde_json::Value;

use super::latex::escape;
use super::tables;
use crate::numbers::{self, group_digits};
use crate::output::FileTree;
use crate::release::Release;

/// References cited by every paper, for the training and documentation
/// practice every release shares.
const CORE: &[&str] = &[
    "vaswani2017attention",
    "kaplan2020scaling",
    "hoffmann2022chinchilla",
    "loshchilov2019adamw",
    "micikevicius2018mixed",
    "dao2022flashattention",
    "rajbhandari2020zero",
    "zhao2023fsdp",
    "korthikanti2023activation",
    "chowdhery2023palm",
    "williams2009roofline",
    "pope2023inference",
    "muennighoff2023data",
    "strubell2019energy",
    "mitchell2019modelcards",
    "gebru2021datasheets",
];

/// The architecture's related work: a sentence opener and the keys it cites.
fn family_refs(release: &Release) -> crate::families::References {
    (release.blueprint.family.references)(&release.request.kind)
}

/// Every key the paper cites, in order of first citation.
pub fn citations(release: &Release) -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = Vec::new();
    for (_, group) in family_refs(release) {
        for key in group {
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    let prose = release.blueprint.family.prose;
    for text in [prose.introduction, prose.related_work, prose.conclusion] {
        for key in cited_keys(text) {
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    for key in CORE {
        if !keys.contains(key) {
            keys.push(key);
        }
    }
    keys
}

/// The keys of every `\citep{..}`/`\citet{..}` in a LaTeX text, in order.
fn cited_keys(text: &'static str) -> Vec<&'static str> {
    let mut keys = Vec::new();
    for command in ["\\citep{", "\\citet{"] {
        let mut rest = text;
        while let Some(at) = rest.find(command) {
            let after = &rest[at + command.len()..];
            let Some(end) = after.find('}') else { break };
            keys.extend(after[..end].split(',').map(str::trim));
            rest = &after[end..];
        }
    }
    keys
}

fn cite(keys: &[&str]) -> String {
    format!("\\citep{{{}}}", keys.join(","))
}

/// Figures of the paper that exist in `figures`: (stem, caption, label).
pub fn figure_names(figures: &FileTree) -> Vec<(&'static str, &'static str)> {
    const ALL: &[(&str, &str)] = &[
        (
            "module_graph",
            "Module graph of the synthesized architecture; edges follow the dataflow.",
        ),
        (
            "capability_stack",
            "Suite scores by category; capability and novelty are synthetic.",
        ),
        ("param_breakdown", "Exact parameters per component."),
        // Five words, as many as the caption before it: every paper shares its captions,
        // and the experiments section's 4-gram overlap across families stands near 40%.
        ("memory", "Memory for serving and training."),
        (
            "scaling",
            "Chinchilla loss by training tokens; the model and its budget marked.",
        ),
        ("ablation", "Exact parameter change per ablation."),
        ("radar", "Suite radar; starred axes are synthetic."),
    ];
    ALL.iter()
        .copied()
        .filter(|(stem, _)| figures.get(&format!("{stem}.pdf")).is_some())
        .collect()
}

fn figure(stem: &str, caption: &str) -> String {
    format!(
        "\\begin{{figure}}[t]\n\\centering\n\\includegraphics[width=0.85\\linewidth]{{figures/{stem}.pdf}}\n\\caption{{{caption}}}\n\\label{{fig:{stem}}}\n\\end{{figure}}\n\n"
    )
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => escape(s),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                group_digits(u)
            } else {
                escape(&n.as_f64().map_or_else(|| n.to_string(), numbers::plain))
            }
        }
        Value::Bool(b) => b.to_string(),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join(", "),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{}: {}", escape(k), value_text(v)))
            .collect::<Vec<_>>()
            .join("; "),
        Value::Null => "none".to_string(),
    }
}

/// Renders every section: (file stem, body).
pub fn render_all(
    release: &Release,
    figures: &FileTree,
    hashes: &[(String, String)],
) -> Vec<(&'static str, String)> {
    vec![
        ("abstract", abstract_section(release)),
        ("introduction", introduction(release)),
        ("related_work", related_work(release)),
        ("method", method(release, figures)),
        ("experiments", experiments(release, figures)),
        ("discussion", discussion(release)),
        ("conclusion", conclusion(release)),
        ("appendix", super::appendix::appendix(release, hashes)),
    ]
}

fn name(release: &Release) -> String {
    escape(&release.resolved.spec.name)
}

/// The spec's description, the exact figures and the family's own claim. The fixed wording
/// is kept to one clause, since it is the same in every paper; the synthetic scores wait for
/// the experiments, where they are labelled row by row.
fn abstract_section(release: &Release) -> String {
    let spec = &release.resolved.spec;
    format!(
        "\\begin{{abstract}}\n{description} We present {name}, a {variant} network of exactly \
         {params} parameters for {task} ({share}\\% of its budget, {weights} in bf16). {claim}\n\
         \\end{{abstract}}\n",
        description = escape(&spec.description),
        name = name(release),
        variant = escape(&release.blueprint.variant.words()),
        params = group_digits(release.blueprint.total_params),
        task = escape(&spec.task.task_type.as_str().replace('_', " ")),
        share = numbers::percent(release.derived.budget_fraction),
        weights = numbers::memory(release.cost.weights.bf16_bytes).replace(' ', "~"),
        claim = release.blueprint.family.prose.abstract_claim,
    )
}

fn introduction(release: &Release) -> String {
    let spec = &release.resolved.spec;
    let mut tex = String::from("\\section{Introduction}\n\n");
    tex.push_str(release.blueprint.family.prose.introduction);
    tex.push_str("\n\n");
    tex.push_str(&format!(
        "{} targets {} on {} hardware ({} latency) within {} parameters and {} of memory. \
         Its {} variant has exactly {} parameters (Section~\\ref{{sec:method}}), its recipe \
         fits {} (Section~\\ref{{sec:training}}), and its {} benchmark results are synthetic \
         by design (Section~\\ref{{sec:experiments}}).\n\n",
        name(release),
        escape(&spec.task.task_type.as_str().replace('_', " ")),
        escape(&spec.constraints.device.as_str().replace('_', " ")),
        escape(spec.constraints.latency.as_str()),
        group_digits(release.resolved.param_max),
        escape(&release.resolved.memory_budget.to_string()),
        escape(&release.blueprint.variant.words()),
        group_digits(release.blueprint.total_params),
        escape(&release.resolved.hardware.to_string()),
        release.benchmarks.suite.len() + spec.evaluation.benchmarks.len(),
    ));
    tex
}

fn related_work(release: &Release) -> String {
    let mut tex = String::from("\\section{Related Work}\n\n");
    tex.push_str("\\paragraph{Architectures.} ");
    // One lead-in per opener, so two sentences never repeat the same phrase, and none
    // depends on whether the opener is singular or plural.
    const LEADS: &[&str] = &["We build on", "We also draw on", "Finally, we borrow from"];
    for (index, (opener, keys)) in family_refs(release).into_iter().enumerate() {
        let lead = LEADS[index.min(LEADS.len() - 1)];
        tex.push_str(&format!("{lead} {} {}. ", lower_first(opener), cite(&keys)));
    }
    tex.push_str(release.blueprint.family.prose.related_work);
    tex.push_str("\n\n");
    tex.push_str(&training_lineage(release));
    tex.push_str(&format!(
        " Costs: {}. Documents: {}.\n",
        cite(&["chowdhery2023palm", "williams2009roofline"]),
        cite(&["mitchell2019modelcards", "gebru2021datasheets"]),
    ));
    tex
}

/// The related work of the training setup: only what this release actually does. Token
/// budgets only for a model trained on tokens, IO-aware attention and activation formulas
/// only for a transformer, sharding only when the model states outgrow one accelerator, decoupled weight
/// decay only for AdamW, mixed precision only for a 16-bit format.
fn training_lineage(release: &Release) -> String {
    let transformer = release.blueprint.transformer_shape.is_some();
    let tokens = release.cost.chinchilla.is_some();
    let devices = release.cost.compute.as_ref().map_or(1, |c| c.count);
    let mut sentences = Vec::new();
    if tokens {
        sentences.push(format!(
            "Token budgets follow {} and {}, with diminishing returns from repeated data {}.",
            cite(&["kaplan2020scaling"]),
            cite(&["hoffmann2022chinchilla"]),
            cite(&["muennighoff2023data"]),
        ));
    } else {
        sentences.push(format!(
            "No token budget sizes {}; repeated data still has diminishing returns {}.",
            name(release),
            cite(&["muennighoff2023data"]),
        ));
    }
    let mut practice = Vec::new();
    if release.recipe.optimizer == "adamw" {
        practice.push(format!(
            "decoupled weight decay {}",
            cite(&["loshchilov2019adamw"])
        ));
    }
    if matches!(release.recipe.precision.as_str(), "bf16" | "fp16") {
        practice.push(format!(
            "mixed precision {}",
            cite(&["micikevicius2018mixed"])
        ));
    }
    if transformer {
        practice.push(format!(
            "IO-aware attention {}",
            cite(&["dao2022flashattention"])
        ));
    }
    // Sharding only when the model states outgrow one accelerator's memory.
    let outgrows = release.cost.training_memory.model_state_bytes
        > release.resolved.hardware.spec().memory_bytes;
    if devices > 1 && outgrows {
        practice.push(format!(
            "sharded data parallelism {}",
            cite(&["rajbhandari2020zero", "zhao2023fsdp"])
        ));
    }
    if !practice.is_empty() {
        sentences.push(format!("Training uses {}.", join_words(&practice)));
    }
    if transformer {
        sentences.push(
            "Activation recomputation follows \\citet{korthikanti2023activation}.".to_string(),
        );
    }
    sentences.join(" ")
}

/// The opener with its first letter lower-cased, unless it starts an acronym or a name
/// written in capitals ("LLaMA-style", "U-Net").
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if second.is_lowercase() || second == ' ' => {
            first.to_lowercase().collect::<String>() + &text[first.len_utf8()..]
        }
        _ => text.to_string(),
    }
}

/// "a", "a and b", "a, b and c".
fn join_words(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The family's own walk through its architecture, the task's data and objective as the
/// generated `data.py` and loss implement them, then the exact tables, the family's equations
/// and the training recipe with the spec's optimizer and precision as given.
fn method(release: &Release, figures: &FileTree) -> String {
    let bp = &release.blueprint;
    let variant = escape(&bp.variant.words());
    let mut tex = String::from("\\section{Method}\n\\label{sec:method}\n\n");
    tex.push_str(bp.family.prose.method);
    tex.push_str("\n\n\\paragraph{Data and objective.} ");
    tex.push_str((bp.family.task)(&release.request.kind).pipeline);
    tex.push_str(&spec_data_and_objective(release));
    tex.push_str(&format!(
        "\n\n\\paragraph{{Inference.}} The released \\texttt{{infer.py}} {}",
        (bp.family.task)(&release.request.kind).inference
    ));
    tex.push_str(&format!(
        "\n\nTables~\\ref{{tab:hyper}} and~\\ref{{tab:params}} give the {variant} network's \
         settings and parameters; the total, {}, equals \\texttt{{sum(p.numel() for p in \
         model.parameters())}} of the released code, with tied weights counted once.\n\n",
        group_digits(bp.total_params),
    ));
    tex.push_str(&tables::hyperparameters(release, value_text));
    tex.push_str(&tables::parameters(release));
    tex.push_str("\\subsection{Building blocks}\n\n");
    tex.push_str(&release.blueprint.family.equations.concat());
    if figure_names(figures)
        .iter()
        .any(|(stem, _)| *stem == "module_graph")
    {
        tex.push_str(&format!(
            "Figure~\\ref{{fig:module_graph}} traces the {variant} dataflow.\n\n"
        ));
        tex.push_str(&figure(
            "module_graph",
            &format!("Module graph of the {variant} network."),
        ));
    }
    tex.push_str(&super::appendix::training(release));
    tex
}

/// The spec's data and objective as given: a sentence, or nothing when the spec names neither.
fn spec_data_and_objective(release: &Release) -> String {
    let training = &release.resolved.spec.training;
    let words = |items: &[String]| {
        let items: Vec<String> = items.iter().map(|i| escape(&i.replace('_', " "))).collect();
        join_words(&items)
    };
    let data = (!training.data.sources.is_empty()).then(|| {
        format!(
            "{} ({}) as its data",
            words(&training.data.sources),
            escape(&training.data.size.0)
        )
    });
    let objective = (!training.objective.is_empty())
        .then(|| format!("{} as its objective", words(&training.objective)));
    match (data, objective) {
        (Some(data), Some(objective)) => {
            format!(" The specification gives {data} and {objective}.")
        }
        (Some(one), None) | (None, Some(one)) => format!(" The specification gives {one}."),
        (None, None) => String::new(),
    }
}

/// The metrics the spec asks for, as given, or nothing when it names none.
fn spec_metrics(release: &Release) -> String {
    let metrics = &release.resolved.spec.evaluation.metrics;
    if metrics.is_empty() {
        return String::new();
    }
    let names: Vec<String> = metrics
        .iter()
        .map(|m| escape(&m.replace('_', " ")))
        .collect();
    format!(" The specification asks for {}.", join_words(&names))
}

/// The family's evaluation practice, what the released `eval.py` measures, then the suite,
/// the spec's benchmarks and the ablations, each synthetic entry labelled.
fn experiments(release: &Release, figures: &FileTree) -> String {
    let task = (release.blueprint.family.task)(&release.request.kind);
    let mut tex = String::from("\\section{Experiments}\n\\label{sec:experiments}\n\n");
    tex.push_str(release.blueprint.family.prose.evaluation);
    tex.push_str(&format!(
        "\n\n\\paragraph{{Protocol.}} The released \\texttt{{eval.py}} {}{} No weights were \
         trained, so none of the scores below comes from it.\n\n",
        task.evaluation,
        spec_metrics(release)
    ));
    tex.push_str(&tables::suite(release));
    tex.push_str(&tables::spec_benchmarks(release));
    tex.push_str(&tables::ablations(release));
    for (stem, caption) in figure_names(figures) {
        if stem != "module_graph" {
            tex.push_str(&figure(stem, caption));
        }
    }
    let listed: Vec<String> = figure_names(figures)
        .iter()
        .filter(|(stem, _)| *stem != "module_graph")
        .map(|(stem, _)| format!("\\ref{{fig:{stem}}}"))
        .collect();
    if !listed.is_empty() {
        tex.push_str(&format!(
            "Figures {} chart these results.\n\n",
            listed.join(", ")
        ));
    }
    tex
}

/// The family's own trade-offs and impact, and the names of the cost model's checks that did
/// not pass (every check with its numbers, and the specification's warnings, are in the
/// appendix, whose wording would otherwise repeat across every paper).
fn discussion(release: &Release) -> String {
    let prose = release.blueprint.family.prose;
    let mut tex = String::from("\\section{Discussion}\n\n\\paragraph{Limitations.} ");
    tex.push_str(prose.limitations);
    tex.push_str("\n\n");
    let flagged: Vec<String> = release
        .cost
        .feasibility
        .iter()
        .filter(|check| check.verdict != crate::arch::cost::Verdict::Pass)
        .map(|check| {
            format!(
                "{} ({})",
                escape(&check.name.replace('_', " ")),
                check.verdict
            )
        })
        .collect();
    let checks = if flagged.is_empty() {
        format!("Every check of the cost model passes for {}", name(release))
    } else {
        format!(
            "The cost model flags {} for {}",
            join_words(&flagged),
            name(release)
        )
    };
    let warnings = match release.resolved.warnings.len() {
        0 => String::new(),
        1 => ", and the specification drew one warning".to_string(),
        n => format!(", and the specification drew {n} warnings"),
    };
    tex.push_str(&format!(
        "{checks}{warnings}; Appendix~\\ref{{sec:feasibility}} gives every verdict with its numbers.\n"
    ));
    tex.push_str("\n\\paragraph{Broader impact.} ");
    tex.push_str(prose.broader_impact);
    tex.push_str(
        " None of that has been measured here: no weights were trained, and every capability \
         score in this paper is synthetic.\n",
    );
    tex
}

fn conclusion(release: &Release) -> String {
    format!(
        "\\section{{Conclusion}}\n\n{}\n\n{}: {} parameters, {} in bf16, quality unknown.\n",
        release.blueprint.family.prose.conclusion,
        name(release),
        group_digits(release.blueprint.total_params),
        numbers::memory(release.cost.weights.bf16_bytes).replace(' ', "~"),
    )
}
