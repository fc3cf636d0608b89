def tiny_overrides(config: ModelConfig) -> dict:
    """Same GCN encoder and decoder, with 16 input features, 32 hidden channels and 16-wide
    node embeddings."""
    return {"in_features": 16, "hidden_size": 32, "embedding_dim": 16}


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
    """Link predictor: a GCN encoder (ReLU between layers) embeds every node, and a decoder
    scores node pairs, either the dot product of the two embeddings or an MLP on their
    concatenation (Kipf and Welling, 2016, graph auto-encoders).

    forward(x, edge_index, pairs) takes node features (N, in_features), the observed directed
    edges (2, E) as (source, target) node indices without self loops (both directions for
    undirected graphs), and candidate node pairs (P, 2); it returns one link logit per pair,
    shape (P,).
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        sizes = [config.in_features] + [config.hidden_size] * (config.encoder_layers - 1) + [config.embedding_dim]
        self.encoder = nn.ModuleList(GCNConv(sizes[i], sizes[i + 1]) for i in range(config.encoder_layers))
        if config.decoder == "mlp":
            width = config.embedding_dim
            self.decoder = nn.Sequential(nn.Linear(2 * width, width), nn.ReLU(), nn.Linear(width, 1))

    def forward(self, x: torch.Tensor, edge_index: torch.Tensor, pairs: torch.Tensor) -> torch.Tensor:
        for conv in self.encoder[:-1]:
            x = F.relu(conv(x, edge_index))
        z = self.encoder[-1](x, edge_index)
        left, right = z[pairs[:, 0]], z[pairs[:, 1]]
        if self.config.decoder == "mlp":
            return self.decoder(torch.cat([left, right], dim=-1)).squeeze(-1)
        return (left * right).sum(-1)
