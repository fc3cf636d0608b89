//! A layered diagram of a module graph: boxes for components, arrows for the
//! dataflow, laid out top to bottom by longest path from the input.

use std::collections::BTreeMap;

use super::Figure;
use super::style::{HEIGHT_PT, WIDTH_PT};
use super::svg::{Anchor, Stroke, Svg, TextStyle};

/// One box: its id and the two lines of text inside it.
#[derive(Clone, Debug)]
pub struct GraphNode {
    /// Node id, used by edges.
    pub id: String,
    /// First line (the component name).
    pub label: String,
    /// Second line (e.g. its parameter count).
    pub detail: String,
}

const BOX_HEIGHT: f64 = 24.0;
const MAX_PER_ROW: usize = 4;

/// Layer of each node: the longest path from a node without inputs.
fn layers(nodes: &[GraphNode], edges: &[(String, String)]) -> BTreeMap<String, usize> {
    let mut layer: BTreeMap<String, usize> = nodes.iter().map(|n| (n.id.clone(), 0)).collect();
    // Bellman-Ford style relaxation, bounded by the node count so cycles end.
    for _ in 0..nodes.len() {
        let mut changed = false;
        for (from, to) in edges {
            let (Some(&a), Some(&b)) = (layer.get(from), layer.get(to)) else {
                continue;
            };
            if b < a + 1 && a + 1 < nodes.len() {
                layer.insert(to.clone(), a + 1);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    layer
}

/// Draws the graph; nodes beyond four per layer wrap onto extra rows.
pub fn graph_diagram(
    name: &str,
    title: &str,
    nodes: &[GraphNode],
    edges: &[(String, String)],
) -> Figure {
    let layer = layers(nodes, edges);
    let mut rows: Vec<Vec<&GraphNode>> = Vec::new();
    let max_layer = layer.values().copied().max().unwrap_or(0);
    for l in 0..=max_layer {
        let members: Vec<&GraphNode> = nodes
            .iter()
            .filter(|n| layer.get(&n.id) == Some(&l))
            .collect();
        for chunk in members.chunks(MAX_PER_ROW) {
            rows.push(chunk.to_vec());
        }
    }
    let row_count = rows.len().max(1) as f64;
    let height = HEIGHT_PT.max(40.0 + row_count * (BOX_HEIGHT + 14.0));
    let mut svg = Svg::new(WIDTH_PT, height);
    svg.text(
        WIDTH_PT / 2.0,
        14.0,
        title,
        TextStyle::new(10.0, Anchor::Middle, "#000000"),
    );
    let top = 26.0;
    let step = (height - top - 8.0) / row_count;
    let mut centers: BTreeMap<&str, (f64, f64, f64)> = BTreeMap::new();
    for (r, row) in rows.iter().enumerate() {
        let slot = WIDTH_PT / row.len() as f64;
        let width = (slot - 10.0).min(150.0);
        for (i, node) in row.iter().enumerate() {
            let cx = slot * (i as f64 + 0.5);
            let y = top + step * r as f64;
            centers.insert(node.id.as_str(), (cx, y, width));
        }
    }
    let arrow = Stroke::solid("#555555", 0.8);
    for (from, to) in edges {
        let (Some(&(x1, y1, _)), Some(&(x2, y2, _))) =
            (centers.get(from.as_str()), centers.get(to.as_str()))
        else {
            continue;
        };
        let (start, end) = (y1 + BOX_HEIGHT, y2);
        svg.line(x1, start, x2, end, arrow);
        // Arrowhead: two short strokes at the end, pointing along the edge.
        let angle = (end - start).atan2(x2 - x1);
        for side in [-0.45f64, 0.45] {
            let back = angle + std::f64::consts::PI + side;
            svg.line(
                x2,
                end,
                x2 + 5.0 * back.cos(),
                end + 5.0 * back.sin(),
                arrow,
            );
        }
    }
    let label_style = TextStyle::new(7.5, Anchor::Middle, "#000000");
    let detail_style = TextStyle::new(6.5, Anchor::Middle, "#333333");
    for node in nodes {
        let Some(&(cx, y, width)) = centers.get(node.id.as_str()) else {
            continue;
        };
        svg.rect(cx - width / 2.0, y, width, BOX_HEIGHT, "#E8F0FA", 1.0);
        svg.line(
            cx - width / 2.0,
            y,
            cx + width / 2.0,
            y,
            Stroke::solid("#0072B2", 0.8),
        );
        svg.line(
            cx - width / 2.0,
            y + BOX_HEIGHT,
            cx + width / 2.0,
            y + BOX_HEIGHT,
            Stroke::solid("#0072B2", 0.8),
        );
        svg.line(
            cx - width / 2.0,
            y,
            cx - width / 2.0,
            y + BOX_HEIGHT,
            Stroke::solid("#0072B2", 0.8),
        );
        svg.line(
            cx + width / 2.0,
            y,
            cx + width / 2.0,
            y + BOX_HEIGHT,
            Stroke::solid("#0072B2", 0.8),
        );
        let chars = ((width - 6.0) / 4.2).max(4.0) as usize;
        svg.text(cx, y + 10.0, &shorten(&node.label, chars), label_style);
        svg.text(
            cx,
            y + 19.5,
            &shorten(&node.detail, chars + 4),
            detail_style,
        );
    }
    Figure {
        name: name.to_string(),
        svg: svg.finish(),
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let kept: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{kept}…")
    }
}
