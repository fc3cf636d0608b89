def tiny_overrides(config: ModelConfig) -> dict:
    """Same GCNConv stack (same depth), 32 hidden channels and 16 input features."""
    return {"hidden_size": 32, "in_features": 16}


class GCNConv(nn.Module):
    """Graph convolution with PyTorch Geometric's parameters (Kipf and Welling, 2017): lin
    (no bias), then bias. out = D^-1/2 (A + I) D^-1/2 (x W) + b, where A counts the edges
    into each node and D is the in-degree with self loops."""

    def __init__(self, in_channels: int, out_channels: int):
        super().__init__()
        self.lin = nn.Linear(in_channels, out_channels, bias=False)
        self.bias = nn.Parameter(torch.zeros(out_channels))
        nn.init.xavier_uniform_(self.lin.weight)

    def forward(self, x: torch.Tensor, edge_index: torch.Tensor) -> torch.Tensor:
        num_nodes = x.shape[0]
        loops = torch.arange(num_nodes, device=x.device)
        source = torch.cat([edge_index[0], loops])
        target = torch.cat([edge_index[1], loops])
        h = self.lin(x)
        # Degrees in float32: low-precision counts stop growing past 256 under autocast.
        ones = torch.ones(target.shape[0], device=x.device)
        degree = torch.zeros(num_nodes, device=x.device).index_add(0, target, ones)
        scale = degree.rsqrt()
        messages = h[source] * (scale[source] * scale[target]).to(h.dtype)[:, None]
        return h.new_zeros(h.shape).index_add(0, target, messages) + self.bias


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
        if batch is None:
            batch = torch.zeros(x.shape[0], dtype=torch.long, device=x.device)
        # Mean pooling per graph, accumulated in float32.
        sums = torch.zeros(num_graphs, x.shape[1], device=x.device).index_add(0, batch, x.float())
        counts = torch.zeros(num_graphs, device=x.device).index_add(0, batch, torch.ones(x.shape[0], device=x.device))
        return self.classifier(sums / counts.clamp(min=1.0)[:, None])
