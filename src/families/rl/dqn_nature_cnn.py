# uses: nature_cnn
def tiny_overrides(config: ModelConfig) -> dict:
    """Same Nature CNN and linear Q head: width multiplier 1, a 64-unit torso output and 36x36
    frames (the smallest the 8/4, 4/2, 3/1 convolution stack accepts)."""
    channels = config.obs_shape[0]
    return {"hidden": [1, 64], "obs_shape": [channels, 36, 36]}


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
