# uses: gcn_conv
def tiny_overrides(config: ModelConfig) -> dict:
    """Same GCN encoder and decoder, with 16 input features, 32 hidden channels and 16-wide
    node embeddings."""
    return {"in_features": 16, "hidden_size": 32, "embedding_dim": 16}


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
