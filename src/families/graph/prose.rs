//! The paper prose of this family, in LaTeX (citing only this family's references): the
//! abstract's claim, the introduction's opening, the related-work paragraph, the conclusion's closing, and the
//! discussion's limitations and broader impact.

use crate::families::Prose;

/// This family's paper prose.
pub static PROSE: Prose = Prose {
    abstract_claim: "It builds each node's representation from its neighbours by message passing, so its compute follows the edge count of the graph.",
    introduction: "Graph networks learn from relations rather than grids: a node's representation is built from its neighbours', layer after layer, by message passing \\citep{kipf2017gcn}. Their parameter counts are tiny by modern standards, because the weights are shared across every node and edge; the cost lives in the graph itself, in sparse neighbourhoods that no accelerator loves. A two-layer model can be state of the art on a citation graph and useless on a molecule, which is why the task head matters more than the depth.",
    related_work: "Spectral graph convolutions were simplified into the first-order propagation rule used here; attention over neighbours let each edge weigh itself \\citep{velickovic2018gat}; and autoencoders over adjacency turned the same encoders into link predictors. Recommendation systems meanwhile arrived at two-tower retrieval from the other direction, with users and items as the two sides of a bipartite graph.",
    conclusion: "Graph models are small and their graphs are not. The parameter count above is exact and nearly irrelevant to the serving cost, which depends on degree distributions the spec does not state.",
    limitations: "Message passing mixes each node with its neighbours, so depth is bounded by over-smoothing: after a few layers node states converge and stop carrying their own identity. Compute scales with the number of edges rather than the parameter count, neighbour sampling changes what a node sees at training time, and results on small citation benchmarks are known to vary with the split and the random seed.",
    broader_impact: "Graph models infer attributes of people from their connections, including attributes those people never disclosed. Recommendation and link prediction also shape what a community sees next, so feedback loops and exposure effects deserve measurement after deployment.",
};
