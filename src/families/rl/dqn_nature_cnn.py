def tiny_overrides(config: ModelConfig) -> dict:
    """Same Nature CNN and linear Q head: width multiplier 1, a 64-unit torso output and 36x36
    frames (the smallest the 8/4, 4/2, 3/1 convolution stack accepts)."""
    channels = config.obs_shape[0]
    return {"hidden": [1, 64], "obs_shape": [channels, 36, 36]}


def nature_cnn(channels: int, height: int, width: int, multiplier: int, out_features: int) -> nn.Sequential:
    """Mnih et al. (2015): conv 8x8/4, 4x4/2, 3x3/1 with ReLU, flatten, linear, ReLU."""
    c1, c2 = 32 * multiplier, 64 * multiplier

    def out_len(size: int, kernel: int, stride: int) -> int:
        return (size - kernel) // stride + 1

    h = out_len(out_len(out_len(height, 8, 4), 4, 2), 3, 1)
    w = out_len(out_len(out_len(width, 8, 4), 4, 2), 3, 1)
    return nn.Sequential(
        nn.Conv2d(channels, c1, 8, stride=4),
        nn.ReLU(),
        nn.Conv2d(c1, c2, 4, stride=2),
        nn.ReLU(),
        nn.Conv2d(c2, c2, 3, stride=1),
        nn.ReLU(),
        nn.Flatten(),
        nn.Linear(c2 * h * w, out_features),
        nn.ReLU(),
    )


class MetaGenModel(nn.Module):
    """Deep Q-network (Mnih et al., 2015): Nature-CNN torso and a linear head with one Q-value
    per action. The target network is not part of the model; training keeps a frozen copy of
    these weights (see data.py).

    forward(obs) takes stacked frames of shape (batch, channels, height, width) with values in
    [0, 1] and returns Q-values of shape (batch, actions).
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        channels, height, width = config.obs_shape
        multiplier, torso_width = config.hidden[0], config.hidden[1]
        self.features = nature_cnn(channels, height, width, multiplier, torso_width)
        self.q_head = nn.Linear(torso_width, config.actions)
        self.apply(self._init_weights)

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        """Kaiming-normal weights for the ReLU network, zero biases."""
        if isinstance(module, (nn.Conv2d, nn.Linear)):
            nn.init.kaiming_normal_(module.weight, nonlinearity="relu")
            nn.init.zeros_(module.bias)

    def forward(self, obs: torch.Tensor) -> torch.Tensor:
        return self.q_head(self.features(obs))
