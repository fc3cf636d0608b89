# uses: nature_cnn
def tiny_overrides(config: ModelConfig) -> dict:
    """Same Nature CNN torso and heads: width multiplier 1, a 64-unit torso output and 36x36
    frames (the smallest the 8/4, 4/2, 3/1 convolution stack accepts)."""
    channels = config.obs_shape[0]
    return {"hidden": [1, 64], "obs_shape": [channels, 36, 36]}


class MetaGenModel(nn.Module):
    """PPO actor-critic for image observations: a shared Nature-CNN torso with linear actor and
    critic heads (CleanRL's Atari PPO).

    forward(obs) takes stacked frames of shape (batch, channels, height, width) with values in
    [0, 1] and returns a dict: discrete actions: "logits" (batch, actions) and "value" (batch,);
    continuous actions: "mean" (batch, actions), the state-independent "log_std" broadcast to
    (batch, actions) and "value" (batch,).
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        channels, height, width = config.obs_shape
        multiplier, torso_width = config.hidden[0], config.hidden[1]
        self.features = nature_cnn(channels, height, width, multiplier, torso_width)
        self.actor = nn.Linear(torso_width, config.actions)
        self.critic = nn.Linear(torso_width, 1)
        if config.continuous:
            self.log_std = nn.Parameter(torch.zeros(config.actions))
        self._init_weights()

    def _init_weights(self) -> None:
        """Orthogonal init (gain sqrt(2) in the torso, 0.01 for the policy head, 1 for the
        value head), biases zero."""
        for module in self.features:
            if isinstance(module, (nn.Conv2d, nn.Linear)):
                nn.init.orthogonal_(module.weight, math.sqrt(2))
                nn.init.zeros_(module.bias)
        for head, gain in ((self.actor, 0.01), (self.critic, 1.0)):
            nn.init.orthogonal_(head.weight, gain)
            nn.init.zeros_(head.bias)

    def forward(self, obs: torch.Tensor) -> dict:
        hidden = self.features(obs)
        value = self.critic(hidden).squeeze(-1)
        if self.config.continuous:
            mean = self.actor(hidden)
            return {"mean": mean, "log_std": self.log_std.expand_as(mean), "value": value}
        return {"logits": self.actor(hidden), "value": value}
