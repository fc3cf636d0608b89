def tiny_overrides(config: ModelConfig) -> dict:
    """Same separate actor and critic MLPs (same depth, tanh), 64 units wide."""
    return {"hidden": [64] * len(config.hidden)}


def tanh_mlp(sizes: list) -> nn.Sequential:
    """Linear layers with tanh between them (none after the last), indexed 0, 2, 4, ..."""
    layers = []
    for i in range(len(sizes) - 1):
        if i > 0:
            layers.append(nn.Tanh())
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
    return nn.Sequential(*layers)


class MetaGenModel(nn.Module):
    """PPO actor-critic with separate actor and critic MLPs (CleanRL / Stable-Baselines3 layout).

    forward(obs) takes observation vectors of shape (batch, obs_dim) and returns a dict:
    continuous actions: "mean" (batch, actions), the state-independent "log_std" broadcast to
    (batch, actions) and "value" (batch,); discrete actions: "logits" (batch, actions) and
    "value" (batch,).
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        self.actor = tanh_mlp([config.obs_dim, *config.hidden, config.actions])
        self.critic = tanh_mlp([config.obs_dim, *config.hidden, 1])
        if config.continuous:
            self.log_std = nn.Parameter(torch.zeros(config.actions))
        self._init_weights()

    def _init_weights(self) -> None:
        """Orthogonal init as in the PPO implementation details: gain sqrt(2) for hidden layers,
        0.01 for the policy output (near-uniform first policy) and 1 for the value output."""
        for head, last_gain in ((self.actor, 0.01), (self.critic, 1.0)):
            linears = [m for m in head if isinstance(m, nn.Linear)]
            for i, layer in enumerate(linears):
                nn.init.orthogonal_(layer.weight, last_gain if i == len(linears) - 1 else math.sqrt(2))
                nn.init.zeros_(layer.bias)

    def forward(self, obs: torch.Tensor) -> dict:
        value = self.critic(obs).squeeze(-1)
        if self.config.continuous:
            mean = self.actor(obs)
            return {"mean": mean, "log_std": self.log_std.expand_as(mean), "value": value}
        return {"logits": self.actor(obs), "value": value}
