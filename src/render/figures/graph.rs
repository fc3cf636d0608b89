//! A layered diagram of a module graph: boxes for components, arrows for the
//! dataflow with the tensor shape written on each, laid out top to bottom by
//! longest path from the input.

use std::collections::BTreeMap;

use super::Figure;
use super::font;
use super::style::{HEIGHT_PT, WIDTH_PT};
use super::svg::{Anchor, Stroke, Svg, TextStyle, clean_label};

/// One box: its id and the two lines of text inside it.
#[derive(Clone, Debug)]
pub struct GraphNode {
    /// Node id, used by edges.
    pub id: String,
    /// First line (the component name, with `×N` for repeated blocks).
    pub label: String,
    /// Second line (e.g. its block type and parameter count).
    pub detail: String,
}

/// One arrow and the text written beside it (the tensor shape; empty for none).
#[derive(Clone, Debug)]
pub struct GraphEdge {
    pub from: String,
    pub to: String,
    pub label: String,
}

const BOX_HEIGHT: f64 = 24.0;
/// Vertical space between rows, room for an edge label.
const ROW_GAP: f64 = 18.0;
const MAX_PER_ROW: usize = 4;
const LABEL_SIZE: f64 = 7.5;
const DETAIL_SIZE: f64 = 6.5;
const EDGE_LABEL_SIZE: f64 = 5.5;
/// Smallest size text shrinks to before it is shortened.
const MIN_SIZE: f64 = 4.5;
const OUTLINE: &str = "#0072B2";

/// Layer of each node: the longest path from a node without inputs. A source
/// other than `input` (a free parameter, a table read as a weight) then moves
/// down to sit just above its first consumer.
fn layers(nodes: &[GraphNode], edges: &[GraphEdge]) -> BTreeMap<String, usize> {
    let mut layer: BTreeMap<String, usize> = nodes.iter().map(|n| (n.id.clone(), 0)).collect();
    // Bellman-Ford style relaxation, bounded by the node count so cycles end.
    for _ in 0..nodes.len() {
        let mut changed = false;
        for edge in edges {
            let (Some(&a), Some(&b)) = (layer.get(&edge.from), layer.get(&edge.to)) else {
                continue;
            };
            if b < a + 1 && a + 1 < nodes.len() {
                layer.insert(edge.to.clone(), a + 1);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for node in nodes {
        let has_input = edges.iter().any(|e| e.to == node.id);
        if has_input || node.id == "input" {
            continue;
        }
        let first_consumer = edges
            .iter()
            .filter(|e| e.from == node.id)
            .filter_map(|e| layer.get(&e.to).copied())
            .min();
        if let Some(consumer) = first_consumer {
            layer.insert(node.id.clone(), consumer.saturating_sub(1));
        }
    }
    layer
}

/// The text and the size that fits it into `width` points: shrunk down to
/// [`MIN_SIZE`], and only then shortened with an ellipsis.
fn fit(text: &str, size: f64, width: f64) -> (String, f64) {
    let text = clean_label(text);
    let natural = font::text_width(&text, size);
    if natural <= width {
        return (text, size);
    }
    let scaled = (size * width / natural).max(MIN_SIZE);
    if font::text_width(&text, scaled) <= width {
        return (text, scaled);
    }
    let mut kept: Vec<char> = text.chars().collect();
    while !kept.is_empty() {
        kept.pop();
        let candidate = format!("{}…", kept.iter().collect::<String>());
        if font::text_width(&candidate, scaled) <= width {
            return (candidate, scaled);
        }
    }
    (String::new(), scaled)
}

/// Draws the graph; nodes beyond four per layer wrap onto extra rows.
pub fn graph_diagram(name: &str, title: &str, nodes: &[GraphNode], edges: &[GraphEdge]) -> Figure {
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
    let top = 26.0;
    let height = HEIGHT_PT.max(top + 8.0 + row_count * (BOX_HEIGHT + ROW_GAP));
    let mut svg = Svg::new(WIDTH_PT, height);
    let (title, title_size) = fit(title, 10.0, WIDTH_PT - 12.0);
    svg.text(
        WIDTH_PT / 2.0,
        14.0,
        &title,
        TextStyle::new(title_size, Anchor::Middle, "#000000"),
    );
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
    // Where shapes go: every edge leaving the input carries its own (a model
    // with several inputs hands each consumer a different tensor), so those
    // sit near their targets; any other source sends one tensor, written once
    // just below its box, where arrows converging on a target cannot crowd it.
    let mut edge_labels: Vec<(f64, f64, &str)> = Vec::new();
    let mut labelled_sources: Vec<&str> = Vec::new();
    for edge in edges {
        let (Some(&(x1, y1, _)), Some(&(x2, y2, _))) = (
            centers.get(edge.from.as_str()),
            centers.get(edge.to.as_str()),
        ) else {
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
        if edge.label.is_empty() {
            continue;
        }
        let span = (end - start).max(ROW_GAP);
        if edge.from == "input" {
            let t = 1.0 - (ROW_GAP * 0.45) / span;
            let (lx, ly) = (x1 + (x2 - x1) * t, start + (end - start) * t);
            edge_labels.push((lx, ly + EDGE_LABEL_SIZE * 0.35, edge.label.as_str()));
        } else if !labelled_sources.contains(&edge.from.as_str()) {
            labelled_sources.push(edge.from.as_str());
            let fan_out = edges.iter().filter(|e| e.from == edge.from).count();
            let t = if fan_out > 1 {
                0.0
            } else {
                (ROW_GAP * 0.4) / span
            };
            let (lx, ly) = (x1 + (x2 - x1) * t, start + (end - start) * t);
            let ly = ly.max(start + EDGE_LABEL_SIZE);
            edge_labels.push((lx, ly + EDGE_LABEL_SIZE * 0.35, edge.label.as_str()));
        }
    }
    // Labels after all lines, so no later line crosses a label's backdrop.
    for (x, y, label) in edge_labels {
        let (text, size) = fit(label, EDGE_LABEL_SIZE, WIDTH_PT / 2.0);
        svg.text_with_backdrop(x, y, &text, TextStyle::new(size, Anchor::Middle, "#333333"));
    }
    for node in nodes {
        let Some(&(cx, y, width)) = centers.get(node.id.as_str()) else {
            continue;
        };
        let (left, right, bottom) = (cx - width / 2.0, cx + width / 2.0, y + BOX_HEIGHT);
        svg.rect(left, y, width, BOX_HEIGHT, "#E8F0FA", 1.0);
        let outline = Stroke::solid(OUTLINE, 0.8);
        svg.line(left, y, right, y, outline);
        svg.line(left, bottom, right, bottom, outline);
        svg.line(left, y, left, bottom, outline);
        svg.line(right, y, right, bottom, outline);
        let (label, label_size) = fit(&node.label, LABEL_SIZE, width - 6.0);
        svg.text(
            cx,
            y + 10.0,
            &label,
            TextStyle::new(label_size, Anchor::Middle, "#000000"),
        );
        let (detail, detail_size) = fit(&node.detail, DETAIL_SIZE, width - 6.0);
        svg.text(
            cx,
            y + 19.5,
            &detail,
            TextStyle::new(detail_size, Anchor::Middle, "#333333"),
        );
    }
    Figure {
        name: name.to_string(),
        svg: svg.finish(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: &str) -> GraphNode {
        GraphNode {
            id: id.to_string(),
            label: id.to_string(),
            detail: String::new(),
        }
    }

    fn edge(from: &str, to: &str) -> GraphEdge {
        GraphEdge {
            from: from.to_string(),
            to: to.to_string(),
            label: String::new(),
        }
    }

    #[test]
    fn a_free_parameter_sits_just_above_its_consumer() {
        let nodes = ["input", "actor", "critic", "log_std", "output"].map(node);
        let edges = [
            edge("input", "actor"),
            edge("input", "critic"),
            edge("actor", "output"),
            edge("critic", "output"),
            edge("log_std", "output"),
        ];
        let layer = layers(&nodes, &edges);
        assert_eq!(layer["input"], 0);
        assert_eq!(layer["actor"], 1);
        assert_eq!(
            layer["log_std"], 1,
            "beside the heads, not beside the input"
        );
        assert_eq!(layer["output"], 2);
    }

    #[test]
    fn long_labels_shrink_before_they_are_shortened() {
        let (text, size) = fit("positional_embedding", LABEL_SIZE, 60.0);
        assert_eq!(text, "positional_embedding");
        assert!(size < LABEL_SIZE && font::text_width(&text, size) <= 60.0);
        let (text, size) = fit(&"x".repeat(200), LABEL_SIZE, 60.0);
        assert!(text.ends_with('…'), "{text}");
        assert!((size - MIN_SIZE).abs() < 1e-9);
        assert!(font::text_width(&text, size) <= 60.0);
    }
}
