# uses: gcn_conv
# uses: graph_pool
def tiny_overrides(config: ModelConfig) -> dict:
    """Same GCNConv stack (same depth), 32 hidden channels and 16 input features."""
    return {"hidden_size": 32, "in_features": 16}


class MetaGenModel(nn.Module):
    """Graph convolutional network. GCNConv layers with ReLU between them; node-level models
    end in a GCNConv to the classes, graph-level models mean-pool the last hidden layer per
    graph and apply a linear classifier.

    forward(x, edge_index, batch=None, num_graphs=1) takes node features (N, in_features),
    directed edges (2, E) as (source, target) node indices without self loops (add both
    directions for undirected graphs), and for graph-level models the graph index of every
    node (N,) and the number of graphs G. Returns class logits (N, num_classes) for node-level
    models and (G, num_classes) for graph-level ones.
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        sizes = [config.in_features] + [config.hidden_size] * config.num_layers
        if not config.graph_level:
            sizes[-1] = config.num_classes
        self.convs = nn.ModuleList(GCNConv(sizes[i], sizes[i + 1]) for i in range(config.num_layers))
        if config.graph_level:
            self.classifier = nn.Linear(config.hidden_size, config.num_classes)

    def forward(
        self,
        x: torch.Tensor,
        edge_index: torch.Tensor,
        batch: torch.Tensor | None = None,
        num_graphs: int = 1,
    ) -> torch.Tensor:
        if not self.config.graph_level:
            for conv in self.convs[:-1]:
                x = F.relu(conv(x, edge_index))
            return self.convs[-1](x, edge_index)
        for conv in self.convs:
            x = F.relu(conv(x, edge_index))
        return self.classifier(mean_pool(x, batch, num_graphs))
