//! The release's figures, drawn from the blueprint, cost model, derived
//! figures (scaling curves), ablations and benchmarks: vector PDF for the
//! paper and PNG for the docs. Values are only scaled to their axis unit.

use crate::arch::blueprint::Graph;
use crate::numbers::{self, count_axis_unit};
use crate::output::{BadPath, FileTree};
use crate::release::Release;
use crate::render::figures::{
    Axis, BarOptions, Exported, Figure, FigureError, GraphEdge, GraphNode, Panel, PanelBar, Series,
    bar_chart, graph_diagram, line_chart, panel_bars, radar_chart,
};

/// PNG resolution: pixels per point (720 x 480 for the standard canvas).
const PNG_SCALE: f32 = 2.0;

/// Every figure of a release, in a fixed order.
pub fn figures(release: &Release) -> Vec<Figure> {
    let bp = &release.blueprint;
    let bench = &release.benchmarks;
    let mut out = Vec::new();

    out.push(module_graph(&bp.graph));

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
        "capability_stack",
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
    let (divisor, unit) = count_axis_unit(bp.total_params);
    let scaled: Vec<f64> = bp
        .by_component
        .values()
        .map(|n| numbers::count_in_unit(i128::from(*n), divisor))
        .collect();
    let param_breakdown = bar_chart(
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
    );
    if draws(release, "param_breakdown") {
        out.push(param_breakdown);
    }

    out.push(memory_figure(release));

    if let Some(curves) = &release.derived.scaling {
        let mut markers = vec![(
            curves.optimal.0,
            curves.optimal.1,
            "Chinchilla-optimal (20N)".to_string(),
        )];
        if let Some((tokens, loss)) = curves.trainable {
            markers.push((tokens, loss, "compute budget".to_string()));
        }
        out.push(line_chart(
            "scaling",
            "Chinchilla loss L(N, D)",
            &[
                (
                    format!("N = {}", numbers::short_count(curves.params)),
                    curves.model.clone(),
                ),
                ("N / 4".to_string(), curves.quarter.clone()),
                ("4 N".to_string(), curves.quadruple.clone()),
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
    let (divisor, unit) = count_axis_unit(largest);
    let deltas: Vec<f64> = release
        .ablations
        .iter()
        .map(|a| numbers::count_in_unit(i128::from(a.delta_params), divisor))
        .collect();
    let ablation = bar_chart(
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
    );
    if draws(release, "ablation") {
        out.push(ablation);
    }

    out.push(radar_chart(
        "radar",
        "Benchmark radar (* synthetic)",
        &names,
        &[Series::new("score", scores)],
        100.0,
    ));
    out
}

/// One bar of the memory figure, in the panel's unit, labelled with the figure the
/// documents print.
fn memory_bar(label: &str, bytes: Option<u64>, divisor: f64) -> PanelBar {
    PanelBar {
        label: label.to_string(),
        value: bytes.map(|b| numbers::bytes_in_unit(b, divisor)),
        value_text: bytes.map_or_else(|| "not estimated".to_string(), numbers::memory),
    }
}

/// One panel of the memory figure: the bars on the unit their largest calls for, and the
/// reference line (a budget or a device's memory) with its label.
fn memory_panel(
    heading: &str,
    bars: &[(&str, Option<u64>)],
    reference: u64,
    reference_label: String,
) -> Panel {
    let largest = bars.iter().filter_map(|(_, b)| *b).max().unwrap_or(0);
    let (divisor, unit) = numbers::memory_axis_unit(largest);
    Panel {
        heading: heading.to_string(),
        unit: unit.to_string(),
        bars: bars
            .iter()
            .map(|(label, bytes)| memory_bar(label, *bytes, divisor))
            .collect(),
        reference: Some((numbers::bytes_in_unit(reference, divisor), reference_label)),
    }
}

/// Memory in two panels, each on its own scale so neither flattens the other: serving
/// (the weights at each served precision, the KV cache at the full context and, with a
/// cache, their bf16 sum, against the spec's memory budget) and training (one device's share of the model states, one
/// micro-batch's activations and their total, against the device's memory).
fn memory_figure(release: &Release) -> Figure {
    let cost = &release.cost;
    let training = &cost.training_memory;
    let kv = release.derived.kv_cache_bytes_at_context;
    let mut serving = vec![
        ("weights bf16", Some(cost.weights.bf16_bytes)),
        ("weights int8", Some(cost.weights.int8_bytes)),
        ("weights int4", Some(cost.weights.int4_bytes)),
    ];
    if kv > 0 {
        serving.push(("KV cache at context", Some(kv)));
        serving.push((
            "bf16 weights + KV cache",
            Some(release.derived.serving_memory_bytes),
        ));
    }
    let budget = release.resolved.memory_budget.0;
    let serving_panel = memory_panel(
        "Serving",
        &serving,
        budget,
        format!("memory budget {}", numbers::memory(budget)),
    );
    let device = release.resolved.hardware.spec();
    let train = [
        ("model states", Some(training.model_state_per_device_bytes)),
        ("activations", training.activations_per_device_bytes),
        ("per-device total", Some(training.per_device_bytes)),
    ];
    let training_panel = memory_panel(
        "Training, one device",
        &train,
        device.memory_bytes,
        format!(
            "{} memory {}",
            device.name,
            numbers::memory(device.memory_bytes)
        ),
    );
    panel_bars(
        "memory",
        "Memory: serving and training, each on its own scale",
        &[serving_panel, training_panel],
    )
}

/// A tensor shape as the figure writes it, e.g. `B×T×4096`; empty when unknown.
fn shape_text(shape: &[String]) -> String {
    shape.join("×")
}

/// The blueprint's dataflow graph, drawn as it is: one box per node (repeated
/// blocks as one box marked `×N`), one arrow per edge, labelled with the shape
/// of the tensor it carries. `blueprint/graph.json` holds the same edges.
fn module_graph(graph: &Graph) -> Figure {
    let nodes: Vec<GraphNode> = graph
        .nodes
        .iter()
        .map(|n| {
            let label = match &n.repeat {
                Some(r) => format!("{} ×{}", n.id, r.count),
                None => n.id.clone(),
            };
            let kind = match &n.repeat {
                Some(r) => format!("{} × {}", r.count, r.block),
                None => n.node_type.clone(),
            };
            let detail = match n.node_type.as_str() {
                "input" | "output" => shape_text(&n.output_shape),
                _ if n.params > 0 => format!("{kind} · {}", numbers::short_count(n.params)),
                _ => kind,
            };
            GraphNode {
                id: n.id.clone(),
                label,
                detail,
            }
        })
        .collect();
    let by_id = |id: &str| graph.nodes.iter().find(|n| n.id == id);
    let edges: Vec<GraphEdge> = graph
        .edges
        .iter()
        .map(|(from, to)| {
            // What leaves the source; from the input, what the consumer takes in
            // (a model with several inputs hands each consumer its own).
            let shape = match (by_id(from), by_id(to)) {
                (Some(source), Some(target)) if source.node_type == "input" => {
                    if target.input_shape.is_empty() || target.node_type == "output" {
                        shape_text(&source.output_shape)
                    } else {
                        shape_text(&target.input_shape)
                    }
                }
                (Some(source), _) => shape_text(&source.output_shape),
                _ => String::new(),
            };
            GraphEdge {
                from: from.clone(),
                to: to.clone(),
                label: shape,
            }
        })
        .collect();
    graph_diagram("module_graph", "Module graph (dataflow)", &nodes, &edges)
}

/// Whether the release draws the chart `stem`: a bar chart needs two bars (one bar is left
/// to the table that already lists it), the scaling curves need a token-trained model.
pub fn draws(release: &Release, stem: &str) -> bool {
    match stem {
        "param_breakdown" => release.blueprint.by_component.len() >= 2,
        "ablation" => release.ablations.len() >= 2,
        "scaling" => release.derived.scaling.is_some(),
        _ => true,
    }
}

/// Which files the figures are exported to: vector PDF for the paper, PNG
/// for the docs. A run that writes neither still builds every SVG source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    /// `<stem>.pdf`.
    pub pdf: bool,
    /// `<stem>.png`.
    pub png: bool,
}

impl Formats {
    /// Both formats.
    pub const ALL: Self = Self {
        pdf: true,
        png: true,
    };
    /// The SVG sources only, exported to no file.
    pub const NONE: Self = Self {
        pdf: false,
        png: false,
    };
}

/// The figures as files: (`<stem>.pdf` tree, `<stem>.png` tree).
pub fn render(release: &Release) -> Result<(FileTree, FileTree), RenderFigureError> {
    render_formats(release, Formats::ALL)
}

/// The figures in the formats asked for; a tree of a format not asked for
/// is empty. Figures are exported in parallel on the current rayon pool and
/// each is laid out once; the trees do not depend on the order they finish in.
pub fn render_formats(
    release: &Release,
    formats: Formats,
) -> Result<(FileTree, FileTree), RenderFigureError> {
    use rayon::prelude::*;
    let figures = figures(release);
    let png_scale = formats.png.then_some(PNG_SCALE);
    // Collected whole before `?`, so the error reported is the first in
    // figure order, not the first to finish.
    let exported: Vec<_> = figures
        .par_iter()
        .map(|figure| figure.export(formats.pdf, png_scale))
        .collect::<Vec<_>>()
        .into_iter()
        .collect::<Result<_, _>>()?;
    let mut pdfs = FileTree::new();
    let mut pngs = FileTree::new();
    for (figure, files) in figures.iter().zip(exported) {
        let Exported { pdf, png } = files;
        if let Some(pdf) = pdf {
            pdfs.insert(&format!("{}.pdf", figure.name), pdf)?;
        }
        if let Some(png) = png {
            pngs.insert(&format!("{}.png", figure.name), png)?;
        }
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
