# uses: graph_pool
def tiny_overrides(config: ModelConfig) -> dict:
    """Same GATConv stack (same depth, multi-head, concatenated hidden heads), 8 channels per
    head, at most 4 heads and 16 input features."""
    return {"hidden_per_head": 8, "heads": min(config.heads, 4), "in_features": 16}


def with_self_loops(edge_index: torch.Tensor, num_nodes: int):
    """(source, target) index vectors of the edges plus one self loop per node."""
    loops = torch.arange(num_nodes, device=edge_index.device)
    return torch.cat([edge_index[0], loops]), torch.cat([edge_index[1], loops])


class GATConv(nn.Module):
    """Graph attention layer with PyTorch Geometric's parameters (Velickovic et al., 2018):
    lin (no bias), att_src and att_dst of shape (1, heads, out_channels), then bias.

    Each node attends over its in-neighbours and itself with
    softmax_j(leaky_relu(a_src . W x_j + a_dst . W x_i)); heads are concatenated or averaged.
    """

    def __init__(self, in_channels: int, out_channels: int, heads: int, concat: bool):
        super().__init__()
        self.heads, self.out_channels, self.concat = heads, out_channels, concat
        self.lin = nn.Linear(in_channels, heads * out_channels, bias=False)
        self.att_src = nn.Parameter(torch.empty(1, heads, out_channels))
        self.att_dst = nn.Parameter(torch.empty(1, heads, out_channels))
        self.bias = nn.Parameter(torch.zeros(heads * out_channels if concat else out_channels))
        for weight in (self.lin.weight, self.att_src, self.att_dst):
            nn.init.xavier_uniform_(weight)

    def forward(self, x: torch.Tensor, edge_index: torch.Tensor) -> torch.Tensor:
        num_nodes = x.shape[0]
        h = self.lin(x).view(num_nodes, self.heads, self.out_channels)
        source, target = with_self_loops(edge_index, num_nodes)
        score_src = (h * self.att_src).sum(-1).float()
        score_dst = (h * self.att_dst).sum(-1).float()
        logits = F.leaky_relu(score_src[source] + score_dst[target], 0.2)
        # Softmax over each node's incoming edges, in float32; subtracting the per-node
        # maximum only adds numerical stability.
        peak = logits.new_full((num_nodes, self.heads), float("-inf"))
        peak = peak.scatter_reduce(0, target[:, None].expand_as(logits), logits, reduce="amax").detach()
        weights = (logits - peak[target]).exp()
        total = weights.new_zeros(num_nodes, self.heads).index_add(0, target, weights)
        alpha = (weights / total[target]).to(h.dtype)
        out = h.new_zeros(num_nodes, self.heads, self.out_channels).index_add(0, target, h[source] * alpha[..., None])
        out = out.reshape(num_nodes, -1) if self.concat else out.mean(dim=1)
        return out + self.bias


class MetaGenModel(nn.Module):
    """Graph attention network. Hidden GATConv layers concatenate their heads and are followed
    by ELU. Node-level models end in a one-head GATConv to the classes; graph-level models
    mean-pool the last hidden layer per graph and apply a linear classifier.

    forward(x, edge_index, batch=None, num_graphs=1) takes node features (N, in_features),
    directed edges (2, E) as (source, target) node indices without self loops (add both
    directions for undirected graphs), and for graph-level models the graph index of every
    node (N,) and the number of graphs G. Returns class logits (N, num_classes) for node-level
    models and (G, num_classes) for graph-level ones.
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        width = config.heads * config.hidden_per_head
        hidden_layers = config.num_layers if config.graph_level else config.num_layers - 1
        convs = [
            GATConv(config.in_features if i == 0 else width, config.hidden_per_head, config.heads, concat=True)
            for i in range(hidden_layers)
        ]
        if not config.graph_level:
            in_channels = width if hidden_layers > 0 else config.in_features
            convs.append(GATConv(in_channels, config.num_classes, heads=1, concat=False))
        self.convs = nn.ModuleList(convs)
        if config.graph_level:
            self.classifier = nn.Linear(width, config.num_classes)

    def forward(
        self,
        x: torch.Tensor,
        edge_index: torch.Tensor,
        batch: torch.Tensor | None = None,
        num_graphs: int = 1,
    ) -> torch.Tensor:
        if not self.config.graph_level:
            for conv in self.convs[:-1]:
                x = F.elu(conv(x, edge_index))
            return self.convs[-1](x, edge_index)
        for conv in self.convs:
            x = F.elu(conv(x, edge_index))
        return self.classifier(mean_pool(x, batch, num_graphs))
