//! Graph families: GAT and GCN (PyG layer layouts) for node or graph classification, link
//! prediction (GCN encoder + dot-product or MLP decoder) and the two-tower recommender.
//!
//! These are task-bound: grids stop at 8 heads x 256 per head / 2048-wide GCNs, 4 layers, and
//! towers up to 4096 wide, so huge budgets are deliberately not filled (see `small.rs`). MACs
//! assume a nominal graph of 1000 nodes per sample and ignore the edge-wise message passing.

use super::LinkDecoder;
use crate::arch::blocks::{
    INDEX_BYTES, Pos, embedding, embedding_params, linear, linear_params, mlp_stack,
    mlp_stack_params, numel, total,
};
use crate::arch::blocks_conv::{Graph, gat_conv, gat_conv_params, gcn_conv, gcn_conv_params};
use crate::arch::blueprint::Built;
use crate::arch::error::ArchError;
use crate::arch::fit::Budget;
use crate::arch::ir::{Module, ModuleKind, Saved};
use crate::arch::request::{ArchRequest, Overrides};
use crate::arch::small::{check_hidden, pick, steps};

/// Nodes in one sample graph of the generated graph-classification data
/// (`NODES_PER_GRAPH` of its `data.py`): the cost model counts the FLOPs of one
/// such graph, as `train.py` feeds it.
const GRAPH_NODES: u64 = 24;

/// Nodes in one sample graph of the generated link-prediction data (its
/// `NODES_PER_GRAPH`); the decoder is counted at that many scored pairs.
const LINK_NODES: u64 = 64;

/// The links the generated data's stochastic block model makes on average in one graph:
/// each of the node pairs links with probability min(1, intra x communities / nodes) inside
/// a community (a pair shares one with probability 1 / communities) and min(1, inter /
/// nodes) across.
fn expected_links(nodes: u64, communities: u64, degrees: (f64, f64)) -> f64 {
    let (intra, inter) = degrees;
    let n = nodes as f64;
    let k = communities.max(1) as f64;
    let p_in = (intra * k / n).min(1.0);
    let p_out = (inter / n).min(1.0);
    let pairs = n * (n - 1.0) / 2.0;
    (pairs * (p_in / k + p_out * (1.0 - 1.0 / k))).min(pairs)
}

/// One sample graph of the graph-classification data (NODES_PER_GRAPH nodes, INTRA_DEGREE
/// = 4 and INTER_DEGREE = 1, and exactly the expected number of links).
fn classification_graph(classes: u64) -> Graph {
    Graph {
        nodes: GRAPH_NODES,
        // `links_per_graph` in data.py: exactly the expected links, rounded half up, each
        // stored in both directions.
        edges: 2 * (expected_links(GRAPH_NODES, classes, (4.0, 1.0)) + 0.5).floor() as u64,
    }
}

/// One sample graph of the link-prediction data: 4 communities, INTRA_DEGREE = 6,
/// INTER_DEGREE = 0.5, and HELD_OUT_FRACTION = 0.2 of the links held out of message passing
/// (its link count varies from draw to draw; the cost model takes the average).
fn link_graph() -> Graph {
    Graph {
        nodes: LINK_NODES,
        // On average: `kept` of the links pass messages, stored in both directions.
        edges: (2.0 * 0.8 * expected_links(LINK_NODES, 4, (6.0, 0.5))).round() as u64,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GatDims {
    pub in_features: u64,
    pub heads: u64,
    pub per_head: u64,
    pub layers: u64,
    pub num_classes: u64,
    pub graph_level: bool,
}

/// Closed-form count of [`build_gat`].
pub fn gat_params(d: &GatDims) -> u64 {
    let hidden_layers = if d.graph_level {
        d.layers
    } else {
        d.layers.saturating_sub(1)
    };
    let width = d.heads * d.per_head;
    let mut sum = 0u64;
    let mut fin = d.in_features;
    if hidden_layers > 0 {
        let first = gat_conv_params(fin, d.heads, d.per_head, true);
        let rest =
            (hidden_layers - 1).saturating_mul(gat_conv_params(width, d.heads, d.per_head, true));
        sum = total(&[first, rest]);
        fin = width;
    }
    if d.graph_level {
        sum.saturating_add(linear_params(fin, d.num_classes, true))
    } else {
        sum.saturating_add(gat_conv_params(fin, 1, d.num_classes, false))
    }
}

/// Hidden GATConv layers concatenate heads; node-level models end in a 1-head averaged
/// GATConv to the classes, graph-level ones in mean-pool readout + linear classifier.
pub fn build_gat(d: &GatDims) -> Module {
    let mut convs = Vec::new();
    let mut fin = d.in_features;
    let hidden_layers = if d.graph_level {
        d.layers
    } else {
        d.layers.saturating_sub(1)
    };
    for i in 0..hidden_layers {
        let graph = classification_graph(d.num_classes);
        // F.elu follows every hidden layer and keeps its input, the layer's output.
        let elu = Saved::elems(numel(&[graph.nodes, d.heads, d.per_head]));
        let conv = gat_conv(&i.to_string(), fin, d.heads, d.per_head, true, graph).add_saved(elu);
        // The first layer reads the node features.
        convs.push(if i == 0 { conv.reading_data() } else { conv });
        fin = d.heads * d.per_head;
    }
    let mut children = Vec::new();
    if !d.graph_level {
        let last = gat_conv(
            &hidden_layers.to_string(),
            fin,
            1,
            d.num_classes,
            false,
            classification_graph(d.num_classes),
        );
        convs.push(if convs.is_empty() {
            last.reading_data()
        } else {
            last
        });
    }
    children.push(Module::node("convs", ModuleKind::ModuleList, convs));
    if d.graph_level {
        let classifier = linear("classifier", fin, d.num_classes, true, &Pos::none());
        children.push(classifier.add_saved(mean_pool_saved(GRAPH_NODES)));
    }
    Module::node("gat", ModuleKind::Model, children)
}

/// Closed-form count of [`build_gcn`].
pub fn gcn_params(fin: u64, hidden: u64, layers: u64, out: u64, graph_level: bool) -> u64 {
    if layers == 0 {
        return if graph_level {
            linear_params(fin, out, true)
        } else {
            0
        };
    }
    // Layer 0 reads the input features; node-level models end in a layer to the classes.
    let last_out = if graph_level { hidden } else { out };
    if layers == 1 {
        let first = gcn_conv_params(fin, last_out);
        return if graph_level {
            first.saturating_add(linear_params(hidden, out, true))
        } else {
            first
        };
    }
    let middle = (layers - 2).saturating_mul(gcn_conv_params(hidden, hidden));
    let head = if graph_level {
        linear_params(hidden, out, true)
    } else {
        0
    };
    total(&[
        gcn_conv_params(fin, hidden),
        middle,
        gcn_conv_params(hidden, last_out),
        head,
    ])
}

pub fn build_gcn(fin: u64, hidden: u64, layers: u64, out: u64, graph_level: bool) -> Module {
    build_gcn_on(
        fin,
        hidden,
        layers,
        out,
        graph_level,
        classification_graph(out),
    )
}

/// [`build_gcn`] with its FLOPs counted over `nodes` nodes.
fn build_gcn_on(
    fin: u64,
    hidden: u64,
    layers: u64,
    out: u64,
    graph_level: bool,
    graph: Graph,
) -> Module {
    let mut convs = Vec::new();
    let mut c = fin;
    for i in 0..layers {
        let last = i + 1 == layers && !graph_level;
        let o = if last { out } else { hidden };
        let conv = gcn_conv(&i.to_string(), c, o, graph);
        // The first layer reads the node features.
        convs.push(if i == 0 { conv.reading_data() } else { conv });
        c = o;
    }
    let mut children = vec![Module::node("convs", ModuleKind::ModuleList, convs)];
    if graph_level {
        // The last layer's F.relu output feeds only the mean-pool, which does not keep it:
        // ReLU keeps it.
        let relu = Saved::elems(graph.nodes.saturating_mul(c));
        let classifier = linear("classifier", c, out, true, &Pos::none());
        children.push(classifier.add_saved(mean_pool_saved(graph.nodes).plus(relu)));
    }
    Module::node("gcn", ModuleKind::Model, children)
}

fn check_pos(field: &str, v: u64) -> Result<(), ArchError> {
    if v == 0 {
        return Err(ArchError::invalid_request(
            field,
            format!("{field} must be at least 1"),
        ));
    }
    Ok(())
}

pub fn synthesize_gnn(
    req: &ArchRequest,
    gat: bool,
    fin: u64,
    classes: u64,
    graph_level: bool,
    budget: &Budget,
) -> Result<(Built, u64), ArchError> {
    check_pos("node_features", fin)?;
    check_pos("num_classes", classes)?;
    let o = &req.overrides;
    let layers: Vec<u64> = match o.num_layers {
        Some(0) => {
            return Err(ArchError::invalid_override(
                "num_layers",
                "num_layers must be at least 1",
            ));
        }
        Some(l) => vec![l],
        None => vec![2, 3, 4],
    };
    let overridden = o.num_layers.is_some() || o.hidden_size.is_some() || o.num_heads.is_some();
    let total;
    let mut b = if gat {
        let heads: Vec<u64> = o
            .num_heads
            .map(|h| vec![h])
            .unwrap_or_else(|| vec![1, 2, 4, 8]);
        let per: Vec<u64> = o
            .hidden_size
            .map(|h| vec![h])
            .unwrap_or_else(|| steps(8, 256, 8));
        if heads.contains(&0) || per.contains(&0) {
            return Err(ArchError::invalid_override(
                "num_heads",
                "heads and hidden size must be positive",
            ));
        }
        let mut grid = Vec::new();
        for &l in &layers {
            for &h in &heads {
                for &c in &per {
                    let d = GatDims {
                        in_features: fin,
                        heads: h,
                        per_head: c,
                        layers: l,
                        num_classes: classes,
                        graph_level,
                    };
                    grid.push((d, (l - 2.min(l)) * 100 + (8 - h.min(8)) * 10));
                }
            }
        }
        let (d, root, t, notes) = pick("gat", budget, grid, overridden, gat_params, build_gat)?;
        total = t;
        let resolved = Overrides {
            hidden_size: Some(d.per_head),
            num_heads: Some(d.heads),
            num_layers: Some(d.layers),
            ..Overrides::default()
        };
        let mut b = Built::new(super::GAT_VARIANT, root, resolved)
            .hp("hidden_per_head", d.per_head)
            .hp("heads", d.heads)
            .hp("num_layers", d.layers)
            .hp("concat_hidden_heads", true)
            .hp("lin_bias", false)
            .hp("add_self_loops", true);
        b.notes = notes;
        b
    } else {
        let hidden: Vec<u64> = o
            .hidden_size
            .map(|h| vec![h])
            .unwrap_or_else(|| steps(16, 2048, 16));
        if hidden.contains(&0) {
            return Err(ArchError::invalid_override(
                "hidden_size",
                "hidden_size must be positive",
            ));
        }
        let mut grid = Vec::new();
        for &l in &layers {
            for &h in &hidden {
                grid.push(((h, l), (l - 2.min(l)) * 100));
            }
        }
        let ((h, l), root, t, notes) = pick(
            "gcn",
            budget,
            grid,
            overridden,
            |&(h, l)| gcn_params(fin, h, l, classes, graph_level),
            |&(h, l)| build_gcn(fin, h, l, classes, graph_level),
        )?;
        total = t;
        let resolved = Overrides {
            hidden_size: Some(h),
            num_layers: Some(l),
            ..Overrides::default()
        };
        let mut b = Built::new(super::GCN_VARIANT, root, resolved)
            .hp("hidden_size", h)
            .hp("num_layers", l);
        b.notes = notes;
        b
    };
    b = b
        .hp("in_features", fin)
        .hp("num_classes", classes)
        .hp("graph_level", graph_level)
        .hp("readout", if graph_level { "mean_pool" } else { "none" })
        .hp("nominal_nodes_for_macs", GRAPH_NODES);
    if graph_level {
        // The mean-pool readout groups node states by the input's graph index.
        b = b
            .path(&["input", "convs", "classifier", "output"])
            .edge("input", "classifier");
    }
    Ok((b, total))
}

/// What `mean_pool` keeps: the nodes' int64 graph index (for the scatter's gradient) and
/// the graph's node count (the divisor).
fn mean_pool_saved(nodes: u64) -> Saved {
    Saved {
        elems: 1,
        fixed_bytes: nodes.saturating_mul(INDEX_BYTES),
        ..Saved::default()
    }
}

/// Closed-form count of [`build_link`].
pub fn link_params(fin: u64, hidden: u64, emb: u64, decoder: LinkDecoder) -> u64 {
    let dec = if decoder == LinkDecoder::Mlp {
        mlp_stack_params(&[2 * emb, emb, 1], true)
    } else {
        0
    };
    total(&[gcn_params(fin, hidden, 2, emb, false), dec])
}

pub fn build_link(fin: u64, hidden: u64, emb: u64, decoder: LinkDecoder) -> Module {
    let mut children = vec![
        build_gcn_on(fin, hidden, 2, emb, false, link_graph())
            .children
            .remove(0),
    ];
    children[0].name = "encoder".to_string();
    if decoder == LinkDecoder::Mlp {
        children.push(mlp_stack(
            "decoder",
            &[2 * emb, emb, 1],
            true,
            "relu",
            &Pos::seq("E", LINK_NODES),
        ));
    }
    Module::node("link_predictor", ModuleKind::Model, children)
}

pub fn synthesize_link(
    req: &ArchRequest,
    fin: u64,
    emb: u64,
    decoder: LinkDecoder,
    budget: &Budget,
) -> Result<(Built, u64), ArchError> {
    check_pos("node_features", fin)?;
    check_pos("embedding_dim", emb)?;
    let o = &req.overrides;
    let hidden: Vec<u64> = o
        .hidden_size
        .map(|h| vec![h])
        .unwrap_or_else(|| steps(16, 4096, 16));
    if hidden.contains(&0) {
        return Err(ArchError::invalid_override(
            "hidden_size",
            "hidden_size must be positive",
        ));
    }
    let grid = hidden.into_iter().map(|h| (h, 0)).collect();
    let (h, root, total, notes) = pick(
        "link_prediction",
        budget,
        grid,
        o.hidden_size.is_some(),
        |&h| link_params(fin, h, emb, decoder),
        |&h| build_link(fin, h, emb, decoder),
    )?;
    let resolved = Overrides {
        hidden_size: Some(h),
        ..Overrides::default()
    };
    let mut b = Built::new(super::GCN_LINK_PREDICTOR, root, resolved)
        .hp("encoder", "gcn")
        .hp("encoder_layers", 2)
        .hp("in_features", fin)
        .hp("hidden_size", h)
        .hp("embedding_dim", emb)
        .hp(
            "decoder",
            if decoder == LinkDecoder::Dot {
                "dot"
            } else {
                "mlp"
            },
        );
    // The node pairs to score come from the input and select rows of the node embeddings.
    b = if decoder == LinkDecoder::Dot {
        b.path(&["input", "encoder", "output"])
            .edge("input", "output")
    } else {
        b.path(&["input", "encoder", "decoder", "output"])
            .edge("input", "decoder")
    };
    b.notes = notes;
    Ok((b, total))
}

/// Closed-form count of [`build_two_tower`].
pub fn two_tower_params(users: u64, items: u64, emb: u64, hidden: u64) -> u64 {
    let tower = mlp_stack_params(&[emb, hidden, hidden, emb], true);
    total(&[
        embedding_params(users, emb),
        embedding_params(items, emb),
        tower,
        tower,
    ])
}

pub fn build_two_tower(users: u64, items: u64, emb: u64, hidden: u64) -> Module {
    let one = Pos::none();
    Module::node(
        "two_tower",
        ModuleKind::Model,
        vec![
            embedding("user_embedding", users, emb, &one),
            embedding("item_embedding", items, emb, &one),
            mlp_stack(
                "user_tower",
                &[emb, hidden, hidden, emb],
                true,
                "relu",
                &one,
            ),
            mlp_stack(
                "item_tower",
                &[emb, hidden, hidden, emb],
                true,
                "relu",
                &one,
            ),
        ],
    )
}

pub fn synthesize_two_tower(
    req: &ArchRequest,
    emb: u64,
    users: u64,
    items: u64,
    budget: &Budget,
) -> Result<(Built, u64), ArchError> {
    check_pos("embedding_dim", emb)?;
    check_pos("num_users", users)?;
    check_pos("num_items", items)?;
    let o = &req.overrides;
    let hidden: Vec<u64> = match &o.mlp_hidden {
        Some(v) => {
            check_hidden(v)?;
            vec![v[0]]
        }
        None => steps(32, 4096, 32),
    };
    let grid = hidden.into_iter().map(|h| (h, 0)).collect();
    let (h, root, total, notes) = pick(
        "two_tower",
        budget,
        grid,
        o.mlp_hidden.is_some(),
        |&h| two_tower_params(users, items, emb, h),
        |&h| build_two_tower(users, items, emb, h),
    )?;
    let resolved = Overrides {
        mlp_hidden: Some(vec![h, h]),
        ..Overrides::default()
    };
    let mut b = Built::new(super::TWO_TOWER_VARIANT, root, resolved)
        .hp("embedding_dim", emb)
        .hp("num_users", users)
        .hp("num_items", items)
        .hp("tower_hidden", vec![h, h])
        .hp("score", "dot")
        .path(&["input", "user_embedding", "user_tower", "output"])
        .path(&["input", "item_embedding", "item_tower", "output"]);
    b.notes = notes;
    b.notes.push(
        "embedding tables are sized by the catalogue, not the budget; only the towers scale"
            .to_string(),
    );
    Ok((b, total))
}

#[cfg(test)]
mod tests {
    use super::{GRAPH_NODES, LINK_NODES};

    #[test]
    fn the_counted_graph_is_the_one_the_generated_data_feeds() {
        let graph = include_str!("../../../templates/python/tasks/graph_classification/data.py");
        let link = include_str!("../../../templates/python/tasks/link_prediction/data.py");
        assert!(
            graph.contains(&format!("\nNODES_PER_GRAPH = {GRAPH_NODES}\n"))
                || graph.starts_with(&format!("NODES_PER_GRAPH = {GRAPH_NODES}\n"))
        );
        assert!(
            link.contains(&format!("\nNODES_PER_GRAPH = {LINK_NODES}\n"))
                || link.starts_with(&format!("NODES_PER_GRAPH = {LINK_NODES}\n"))
        );
    }
}
