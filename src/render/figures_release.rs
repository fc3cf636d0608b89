//! The release's figures, built from the blueprint, cost model, ablations
//! and benchmarks: vector PDF for the paper and PNG for the docs.

use crate::arch::cost::chinchilla_loss;
use crate::output::{BadPath, FileTree};
use crate::release::Release;
use crate::render::figures::{
    Axis, BarOptions, Figure, FigureError, GraphNode, Series, bar_chart, graph_diagram, line_chart,
    radar_chart,
};

/// PNG resolution: pixels per point (720 x 480 for the standard canvas).
const PNG_SCALE: f32 = 2.0;

/// Every figure of a release, in a fixed order.
pub fn figures(release: &Release) -> Vec<Figure> {
    let bp = &release.blueprint;
    let bench = &release.benchmarks;
    let mut out = Vec::new();

    let nodes: Vec<GraphNode> = bp
        .graph
        .nodes
        .iter()
        .map(|n| GraphNode {
            id: n.id.clone(),
            label: n.id.clone(),
            detail: if n.params > 0 {
                format!("{} params", crate::spec::units::human_count(n.params))
            } else {
                n.node_type.clone()
            },
        })
        .collect();
    out.push(graph_diagram(
        "module_graph",
        "Module graph",
        &nodes,
        &bp.graph.edges,
    ));

    let names: Vec<String> = bench
        .suite
        .iter()
        .map(|s| {
            format!(
                "{}{}",
                s.name,
                if s.method == crate::benchmarks::Method::Synthetic {
                    " *"
                } else {
                    ""
                }
            )
        })
        .collect();
    let scores: Vec<f64> = bench.suite.iter().map(|s| s.score).collect();
    out.push(bar_chart(
        "pipeline",
        "Capability stack (* synthetic)",
        &names,
        &[Series::new("score", scores.clone())],
        Axis::linear("Benchmark"),
        Axis::linear("Score (0-100)"),
        BarOptions {
            horizontal: true,
            ..BarOptions::default()
        },
    ));

    let components: Vec<String> = bp.by_component.keys().cloned().collect();
    let (divisor, unit) = count_unit(bp.total_params);
    let scaled: Vec<f64> = bp
        .by_component
        .values()
        .map(|n| *n as f64 / divisor)
        .collect();
    out.push(bar_chart(
        "param_breakdown",
        "Parameters by component (exact)",
        &components,
        &[Series::new("parameters", scaled)],
        Axis::linear("Component"),
        Axis::linear(format!("Parameters ({unit})")),
        BarOptions {
            horizontal: true,
            ..BarOptions::default()
        },
    ));

    let cost = &release.cost;
    let kv = cost
        .kv_cache
        .as_ref()
        .map_or(0.0, |kv| kv.bytes_at_context as f64 / 1e9);
    let training_activations = cost.training_memory.activation_memory_gb.unwrap_or(0.0);
    let categories = vec![
        "serve bf16".to_string(),
        "serve int8".to_string(),
        "serve int4".to_string(),
        "train (mixed precision)".to_string(),
    ];
    let weights = vec![
        cost.weights.bf16_gb,
        cost.weights.int8_gb,
        cost.weights.int4_gb,
        cost.training_memory.model_state_bytes as f64 / 1e9,
    ];
    out.push(bar_chart(
        "memory",
        "Memory against the budget",
        &categories,
        &[
            Series::new("weights / model states", weights),
            Series::new("KV cache at context", vec![kv, kv, kv, 0.0]),
            Series::new("activations", vec![0.0, 0.0, 0.0, training_activations]),
        ],
        Axis::linear("Configuration"),
        Axis::linear("Memory (GB)"),
        BarOptions {
            stacked: true,
            reference: Some((
                release.resolved.memory_budget.0 as f64 / 1e9,
                format!(
                    "budget {:.1} GB",
                    release.resolved.memory_budget.0 as f64 / 1e9
                ),
            )),
            ..BarOptions::default()
        },
    ));

    if let Some(ch) = &cost.chinchilla {
        let n = ch.params as f64;
        let points = |params: f64| -> Vec<(f64, f64)> {
            (0..=40)
                .map(|i| {
                    let tokens = 10f64.powf(8.0 + i as f64 * 0.15);
                    (tokens, chinchilla_loss(params, tokens))
                })
                .collect()
        };
        let mut markers = vec![(
            ch.optimal_tokens as f64,
            chinchilla_loss(n, ch.optimal_tokens as f64),
            "Chinchilla-optimal (20N)".to_string(),
        )];
        if let Some(tokens) = ch.trainable_tokens {
            markers.push((
                tokens as f64,
                chinchilla_loss(n, tokens as f64),
                "compute budget".to_string(),
            ));
        }
        out.push(line_chart(
            "scaling",
            "Chinchilla loss L(N, D)",
            &[
                (
                    format!("N = {}", crate::spec::units::human_count(ch.params)),
                    points(n),
                ),
                ("N / 4".to_string(), points(n / 4.0)),
                ("4 N".to_string(), points(n * 4.0)),
            ],
            Axis::log("Training tokens D"),
            Axis::linear("Predicted loss (nats/token)"),
            &markers,
        ));
    }

    let variants: Vec<String> = release.ablations.iter().map(|a| a.name.clone()).collect();
    let largest = release
        .ablations
        .iter()
        .map(|a| a.delta_params.unsigned_abs())
        .max()
        .unwrap_or(0);
    let (divisor, unit) = count_unit(largest);
    let deltas: Vec<f64> = release
        .ablations
        .iter()
        .map(|a| a.delta_params as f64 / divisor)
        .collect();
    out.push(bar_chart(
        "ablation",
        "Ablations: parameter change",
        &variants,
        &[Series::new("change", deltas)],
        Axis::linear("Variant"),
        Axis::linear(format!("Change in parameters ({unit})")),
        BarOptions {
            horizontal: true,
            ..BarOptions::default()
        },
    ));

    let axes: Vec<String> = bench.suite.iter().map(|s| s.name.to_string()).collect();
    out.push(radar_chart(
        "radar",
        "Benchmark radar (capability, novelty synthetic)",
        &axes,
        &[Series::new("score", scores)],
        100.0,
    ));
    out
}

/// A divisor and unit name that keep a count's axis ticks readable.
fn count_unit(largest: u64) -> (f64, &'static str) {
    if largest >= 1_000_000_000 {
        (1e9, "billions")
    } else if largest >= 1_000_000 {
        (1e6, "millions")
    } else {
        (1e3, "thousands")
    }
}

/// The figures as files: (`<stem>.pdf` tree, `<stem>.png` tree).
pub fn render(release: &Release) -> Result<(FileTree, FileTree), RenderFigureError> {
    let mut pdfs = FileTree::new();
    let mut pngs = FileTree::new();
    for figure in figures(release) {
        pdfs.insert(&format!("{}.pdf", figure.name), figure.to_pdf()?)?;
        pngs.insert(&format!("{}.png", figure.name), figure.to_png(PNG_SCALE)?)?;
    }
    Ok((pdfs, pngs))
}

/// A figure that could not be exported or placed.
#[derive(Debug, thiserror::Error)]
pub enum RenderFigureError {
    /// Export failed.
    #[error(transparent)]
    Figure(#[from] FigureError),
    /// The file name was refused.
    #[error(transparent)]
    Path(#[from] BadPath),
}
