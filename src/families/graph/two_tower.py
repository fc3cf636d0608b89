def tiny_overrides(config: ModelConfig) -> dict:
    """Same embedding tables and two-layer towers: 16 users, 16 items (so that a 30-step smoke
    test sees every id several times), 16-wide embeddings and 32-unit towers."""
    return {
        "num_users": 16,
        "num_items": 16,
        "embedding_dim": 16,
        "tower_hidden": [32] * len(config.tower_hidden),
    }


def relu_mlp(sizes: list) -> nn.Sequential:
    """Linear layers with ReLU between them (none after the last), indexed 0, 2, 4, ..."""
    layers = []
    for i in range(len(sizes) - 1):
        if i > 0:
            layers.append(nn.ReLU())
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
    return nn.Sequential(*layers)


class MetaGenModel(nn.Module):
    """Two-tower retrieval model (Yi et al., 2019): user and item ids are embedded, each
    passed through its own MLP tower, and a user-item pair is scored by the dot product of
    the two L2-normalised tower outputs (cosine similarity, in [-1, 1]), so item vectors can
    be indexed for nearest-neighbour search.

    forward(user_ids, item_ids, all_pairs=False) takes user ids (B,) and item ids (B,) and
    returns the score of each (user, item) pair, shape (B,); with all_pairs=True it takes any
    number of items (I,) and returns every user's score for every item, shape (B, I).
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        width = config.embedding_dim
        self.user_embedding = nn.Embedding(config.num_users, width)
        self.item_embedding = nn.Embedding(config.num_items, width)
        self.user_tower = relu_mlp([width, *config.tower_hidden, width])
        self.item_tower = relu_mlp([width, *config.tower_hidden, width])

    def forward(self, user_ids: torch.Tensor, item_ids: torch.Tensor, all_pairs: bool = False) -> torch.Tensor:
        users = F.normalize(self.user_tower(self.user_embedding(user_ids)), dim=-1)
        items = F.normalize(self.item_tower(self.item_embedding(item_ids)), dim=-1)
        if all_pairs:
            return users @ items.t()
        return (users * items).sum(-1)
