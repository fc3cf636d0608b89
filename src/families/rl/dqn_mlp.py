def tiny_overrides(config: ModelConfig) -> dict:
    """Same ReLU MLP (same depth), 64 units wide."""
    return {"hidden": [64] * len(config.hidden)}


def relu_mlp(sizes: list) -> nn.Sequential:
    """Linear layers with ReLU between them (none after the last), indexed 0, 2, 4, ..."""
    layers = []
    for i in range(len(sizes) - 1):
        if i > 0:
            layers.append(nn.ReLU())
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
    return nn.Sequential(*layers)


class MetaGenModel(nn.Module):
    """Deep Q-network on observation vectors: an MLP with one Q-value per action. The target
    network is not part of the model; training keeps a frozen copy of these weights (see
    data.py).

    forward(obs) takes observations of shape (batch, obs_dim) and returns Q-values of shape
    (batch, actions).
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        self.q_net = relu_mlp([config.obs_dim, *config.hidden, config.actions])
        self.apply(self._init_weights)

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        """Kaiming-normal weights for the ReLU network, zero biases."""
        if isinstance(module, nn.Linear):
            nn.init.kaiming_normal_(module.weight, nonlinearity="relu")
            nn.init.zeros_(module.bias)

    def forward(self, obs: torch.Tensor) -> torch.Tensor:
        return self.q_net(obs)
