//! The synthesized blueprint: exact totals, per-component counts and the dataflow graph,
//! assembled from a family's module tree.

use super::error::ArchError;
use super::ir::{Module, ModuleKind};
use super::request::Overrides;
use crate::families::{Architecture, Variant};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    pub id: String,
    #[serde(rename = "type")]
    pub node_type: String,
    pub params: u64,
    pub input_shape: Vec<String>,
    pub output_shape: Vec<String>,
    /// Set when the component is a run of blocks of one kind (a transformer's layers, a
    /// ResNet stage): the figure draws it as one box marked `×count`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat: Option<Repeat>,
}

/// A component made of `count` consecutive blocks of the same kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repeat {
    pub count: u64,
    /// The blocks' module tag, e.g. `transformer_block`.
    pub block: String,
}

impl Repeat {
    /// The repetition of a container's children, when it has two or more of one kind.
    fn of(module: &Module) -> Option<Repeat> {
        let first = module.children.first()?;
        let container = matches!(
            module.kind,
            ModuleKind::ModuleList | ModuleKind::Sequential | ModuleKind::TransformerStack
        );
        let uniform = module.children.iter().all(|c| c.kind == first.kind);
        (container && uniform && module.children.len() >= 2).then(|| Repeat {
            count: module.children.len() as u64,
            block: first.kind.tag().to_string(),
        })
    }
}

/// Dataflow between the top-level components, from the `input` node to the `output` node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<(String, String)>,
}

impl Graph {
    /// True when every node reaches `output` and is reachable from `input` or from a source:
    /// a node without inputs, like a free parameter (PPO's `log_std`) or a table read as a
    /// weight (DETR's queries), whose value enters the dataflow where it is used.
    pub fn is_connected(&self) -> bool {
        let ids: BTreeSet<&str> = self.nodes.iter().map(|n| n.id.as_str()).collect();
        if !ids.contains("input") || !ids.contains("output") {
            return false;
        }
        let reach = |starts: Vec<String>, forward: bool| {
            let mut seen = BTreeSet::new();
            let mut stack = starts;
            while let Some(n) = stack.pop() {
                if !seen.insert(n.clone()) {
                    continue;
                }
                for (a, b) in &self.edges {
                    let (from, to) = if forward { (a, b) } else { (b, a) };
                    if *from == n && !seen.contains(to) {
                        stack.push(to.clone());
                    }
                }
            }
            seen
        };
        let sources: Vec<String> = self
            .nodes
            .iter()
            .filter(|n| n.id == "input" || !self.edges.iter().any(|(_, to)| *to == n.id))
            .map(|n| n.id.clone())
            .collect();
        let fwd = reach(sources, true);
        let back = reach(vec!["output".to_string()], false);
        ids.iter().all(|id| fwd.contains(*id) && back.contains(*id))
    }
}

/// Transformer dimensions for the cost model (KV cache, attention FLOPs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransformerShape {
    pub layers: u64,
    pub d_model: u64,
    pub heads: u64,
    pub kv_heads: u64,
    pub head_dim: u64,
    pub decoder: bool,
    pub seq_len: u64,
}

/// The synthesized architecture. `family` and `variant` are the registry's entries (they
/// serialize as their names), so every later stage dispatches through the registry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Blueprint {
    #[serde(serialize_with = "crate::families::serialize_name")]
    pub family: &'static Architecture,
    pub variant: Variant,
    pub hyperparameters: BTreeMap<String, Value>,
    pub root: Module,
    pub total_params: u64,
    pub trainable_params: u64,
    pub embedding_params: u64,
    pub non_embedding_params: u64,
    pub by_component: BTreeMap<String, u64>,
    pub graph: Graph,
    pub transformer_shape: Option<TransformerShape>,
    pub forward_macs_per_sample: u64,
    pub fit_notes: Vec<String>,
    /// Overrides that rebuild exactly this blueprint (used for ablations and reproducibility).
    pub resolved: Overrides,
}

/// What a family hands back before totals are computed.
#[derive(Debug, Clone)]
pub struct Built {
    pub variant: Variant,
    pub root: Module,
    pub hyper: BTreeMap<String, Value>,
    /// Edges between top-level component names plus "input"/"output"; empty means a chain in
    /// declaration order.
    pub flow: Vec<(String, String)>,
    pub transformer: Option<TransformerShape>,
    pub notes: Vec<String>,
    pub resolved: Overrides,
}

impl Built {
    pub fn new(variant: Variant, root: Module, resolved: Overrides) -> Built {
        Built {
            variant,
            root,
            hyper: BTreeMap::new(),
            flow: Vec::new(),
            transformer: None,
            notes: Vec::new(),
            resolved,
        }
    }

    pub fn hp(mut self, key: &str, value: impl Into<Value>) -> Built {
        self.hyper.insert(key.to_string(), value.into());
        self
    }

    /// The hyperparameters of the CLIP-text-style prompt encoder of `width` (see
    /// [`super::common::TEXT_LADDER`]), under the names the generated `TextEncoder` reads.
    pub fn text_encoder_hps(self, width: u64) -> Built {
        let layers = super::common::TEXT_LADDER
            .iter()
            .find(|r| r.0 == width)
            .map_or(0, |r| r.1);
        self.hp("text_encoder_width", width)
            .hp("text_encoder_context", super::common::TEXT_CTX)
            .hp("text_encoder_layers", layers)
            .hp("text_encoder_vocab_size", super::common::TEXT_VOCAB)
    }

    pub fn edge(mut self, from: &str, to: &str) -> Built {
        self.flow.push((from.to_string(), to.to_string()));
        self
    }

    /// Edges along `path` (consecutive pairs).
    pub fn path(mut self, path: &[&str]) -> Built {
        for w in path.windows(2) {
            self.flow.push((w[0].to_string(), w[1].to_string()));
        }
        self
    }
}

impl Blueprint {
    pub fn assemble(family: &'static Architecture, built: Built) -> Result<Blueprint, ArchError> {
        let Built {
            variant,
            root,
            hyper,
            flow,
            transformer,
            notes,
            resolved,
        } = built;
        root.validate()
            .map_err(|reason| ArchError::Internal { reason })?;
        let total = root.count();
        let embedding = root.embedding_count();
        let mut by_component = BTreeMap::new();
        let mut nodes = vec![Node {
            id: "input".to_string(),
            node_type: "input".to_string(),
            params: 0,
            input_shape: root.input_shape.clone(),
            output_shape: root.input_shape.clone(),
            repeat: None,
        }];
        for c in &root.children {
            by_component.insert(c.name.clone(), c.count());
            nodes.push(Node {
                id: c.name.clone(),
                node_type: c.kind.tag().to_string(),
                params: c.count(),
                input_shape: c.input_shape.clone(),
                output_shape: c.output_shape.clone(),
                repeat: Repeat::of(c),
            });
        }
        nodes.push(Node {
            id: "output".to_string(),
            node_type: "output".to_string(),
            params: 0,
            input_shape: root.output_shape.clone(),
            output_shape: root.output_shape.clone(),
            repeat: None,
        });
        let edges = if flow.is_empty() {
            nodes
                .windows(2)
                .map(|w| (w[0].id.clone(), w[1].id.clone()))
                .collect()
        } else {
            flow
        };
        let graph = Graph { nodes, edges };
        let ids: BTreeSet<&str> = graph.nodes.iter().map(|n| n.id.as_str()).collect();
        if let Some((a, b)) = graph
            .edges
            .iter()
            .find(|(a, b)| !ids.contains(a.as_str()) || !ids.contains(b.as_str()))
        {
            return Err(ArchError::Internal {
                reason: format!("{family} dataflow edge {a} -> {b} names a missing component"),
            });
        }
        if !graph.is_connected() {
            return Err(ArchError::Internal {
                reason: format!("{family} dataflow graph is not connected input to output"),
            });
        }
        Ok(Blueprint {
            family,
            variant,
            hyperparameters: hyper,
            total_params: total,
            trainable_params: root.trainable_count(),
            embedding_params: embedding,
            non_embedding_params: total.saturating_sub(embedding),
            by_component,
            graph,
            transformer_shape: transformer,
            forward_macs_per_sample: root.forward_macs,
            fit_notes: notes,
            resolved,
            root,
        })
    }
}

/// A real, re-synthesized variant of a blueprint with one design choice changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ablation {
    pub name: String,
    pub description: String,
    pub total_params: u64,
    pub forward_macs_per_sample: u64,
    /// The hyperparameters that differ from the base blueprint (new values).
    pub changed: BTreeMap<String, Value>,
}
