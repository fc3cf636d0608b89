//! `blueprint/`: the architecture, its module graph, the exact parameter
//! accounting with the cost model, and the ablations.

use serde::Serialize;
use serde_json::{Value, json};

use crate::arch::Module;
use crate::output::{BadPath, FileTree};
use crate::release::Release;

/// Deepest module-tree level written to `architecture.yaml`; deeper levels
/// are summarised by their parameter counts.
const TREE_DEPTH: usize = 4;

#[derive(Serialize)]
struct TreeNode {
    name: String,
    #[serde(rename = "type")]
    kind: String,
    params: u64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tensors: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    children: Vec<TreeNode>,
}

fn tree_node(module: &Module, depth: usize) -> TreeNode {
    let tensors = module
        .params
        .iter()
        .map(|t| {
            let dims: Vec<String> = t.shape.iter().map(u64::to_string).collect();
            format!("{}[{}]", t.name, dims.join("x"))
        })
        .collect();
    // A list of identical layers is shown once, with its repeat count, so a
    // 32-layer stack does not repeat the same subtree 32 times.
    let children = if depth == 0 {
        Vec::new()
    } else {
        collapse_repeats(&module.children)
            .into_iter()
            .map(|(child, repeat)| {
                let mut node = tree_node(child, depth - 1);
                if repeat > 1 {
                    node.name = format!("{}..{} (x{repeat})", child.name, repeat - 1);
                    node.params *= repeat as u64;
                }
                node
            })
            .collect()
    };
    TreeNode {
        name: module.name.clone(),
        kind: module.kind.tag().to_string(),
        params: module.count(),
        tensors,
        children,
    }
}

/// Groups consecutive children that are numbered 0, 1, 2… and identical in
/// structure and size into (first, count).
fn collapse_repeats(children: &[Module]) -> Vec<(&Module, usize)> {
    let mut out: Vec<(&Module, usize)> = Vec::new();
    for child in children {
        if let Some((first, count)) = out.last_mut()
            && child.name == count.to_string()
            && first.name == "0"
            && same_shape(first, child)
        {
            *count += 1;
            continue;
        }
        out.push((child, 1));
    }
    out
}

fn same_shape(a: &Module, b: &Module) -> bool {
    a.kind == b.kind
        && a.count() == b.count()
        && a.params.len() == b.params.len()
        && a.children.len() == b.children.len()
        && a.params
            .iter()
            .zip(&b.params)
            .all(|(x, y)| x.shape == y.shape)
        && a.children
            .iter()
            .zip(&b.children)
            .all(|(x, y)| x.name == y.name && same_shape(x, y))
}

#[derive(Serialize)]
struct Component {
    name: String,
    #[serde(rename = "type")]
    kind: String,
    params: u64,
    input_shape: Vec<String>,
    output_shape: Vec<String>,
}

#[derive(Serialize)]
struct SpecComponent<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
}

#[derive(Serialize)]
struct ArchitectureFile<'a> {
    model: &'a str,
    family: &'a str,
    variant: &'a str,
    total_params: u64,
    trainable_params: u64,
    non_embedding_params: u64,
    hyperparameters: &'a std::collections::BTreeMap<String, Value>,
    components: Vec<Component>,
    requested_components: Vec<SpecComponent<'a>>,
    training_recipe: &'a crate::recipe::TrainingRecipe,
    module_tree: TreeNode,
    selection_notes: &'a [String],
    fit_notes: &'a [String],
}

fn to_yaml<T: Serialize>(value: &T) -> String {
    serde_saphyr::to_string(value).unwrap_or_default()
}

fn to_json(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// Renders the four blueprint files.
pub fn render(release: &Release) -> Result<FileTree, BadPath> {
    let bp = &release.blueprint;
    let spec = &release.resolved.spec;
    let mut tree = FileTree::new();

    let architecture = ArchitectureFile {
        model: &spec.name,
        family: bp.family.name,
        variant: bp.variant.name,
        total_params: bp.total_params,
        trainable_params: bp.trainable_params,
        non_embedding_params: bp.non_embedding_params,
        hyperparameters: &bp.hyperparameters,
        components: bp
            .root
            .children
            .iter()
            .map(|c| Component {
                name: c.name.clone(),
                kind: c.kind.tag().to_string(),
                params: c.count(),
                input_shape: c.input_shape.clone(),
                output_shape: c.output_shape.clone(),
            })
            .collect(),
        requested_components: spec
            .architecture
            .components
            .iter()
            .map(|c| SpecComponent {
                name: &c.name,
                kind: &c.component_type,
            })
            .collect(),
        training_recipe: &release.recipe,
        module_tree: tree_node(&bp.root, TREE_DEPTH),
        selection_notes: &release.selection_notes,
        fit_notes: &bp.fit_notes,
    };
    let mut text = String::from(
        "# Architecture blueprint synthesized by MetaGen. Parameter counts are exact:\n\
         # they equal sum(p.numel() for p in model.parameters()) of code/model.py.\n",
    );
    text.push_str(&to_yaml(&architecture));
    tree.insert("architecture.yaml", text)?;

    let graph = json!({
        "model": spec.name,
        "variant": bp.variant,
        "nodes": bp.graph.nodes,
        "edges": bp.graph.edges.iter().map(|(from, to)| json!({"from": from, "to": to})).collect::<Vec<_>>(),
    });
    tree.insert("graph.json", to_json(&graph))?;

    let cost = &release.cost;
    let params = json!({
        "model": spec.name,
        "total_params": bp.total_params,
        "trainable_params": bp.trainable_params,
        "non_embedding_params": bp.non_embedding_params,
        "embedding_params": bp.embedding_params,
        "parameter_budget": {
            "max": release.resolved.param_max,
            "min": release.resolved.param_min,
            "fraction_of_max": release.derived.budget_fraction,
        },
        "by_component": bp.by_component,
        "memory": {
            "weights": cost.weights,
            "training": cost.training_memory,
        },
        "kv_cache": cost.kv_cache,
        "flops": cost.flops,
        "forward_macs_per_sample": bp.forward_macs_per_sample,
        "compute": cost.compute,
        "chinchilla": cost.chinchilla,
        "inference": cost.inference,
        "feasibility": cost.feasibility,
        "assumptions": cost.assumptions,
        "training_assumptions": release.assumptions,
        "activation_memory_gb": cost.training_memory.activation_memory_gb,
        "kv_cache_gb": cost.kv_cache.as_ref().map(|kv| kv.kv_cache_gb),
    });
    tree.insert("params_estimate.json", to_json(&params))?;

    #[derive(Serialize)]
    struct AblationsFile<'a> {
        model: &'a str,
        base_params: u64,
        note: &'a str,
        variants: &'a [crate::release::AblationRow],
    }
    let ablations = AblationsFile {
        model: &spec.name,
        base_params: bp.total_params,
        note: "Each variant is re-synthesized with exact parameters, MACs and memory. \
               quality_delta_synthetic is drawn from a seeded random stream: it is \
               synthetic, not measured.",
        variants: &release.ablations,
    };
    tree.insert("ablations.yaml", to_yaml(&ablations))?;
    Ok(tree)
}
