# uses: nature_cnn
def tiny_overrides(config: ModelConfig) -> dict:
    """Same encoder, dynamics and reward networks: 64-unit layers (same depth) for vector
    observations; width multiplier 1, a 64-wide latent and 36x36 frames for images."""
    if hasattr(config, "obs_shape"):
        return {"hidden": [1, 64], "obs_shape": [config.obs_shape[0], 36, 36]}
    return {"hidden": [64] * len(config.hidden)}


def elu_mlp(sizes: list) -> nn.Sequential:
    """Linear layers with ELU between them (none after the last), indexed 0, 2, 4, ..."""
    layers = []
    for i in range(len(sizes) - 1):
        if i > 0:
            layers.append(nn.ELU())
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
    return nn.Sequential(*layers)


def latent_size(config: ModelConfig) -> int:
    """The Nature CNN's output width for images; a quarter of the widest hidden layer (at least
    32) for vectors."""
    if hasattr(config, "obs_shape"):
        return config.hidden[1]
    return max(max(config.hidden) // 4, 32)


class MetaGenModel(nn.Module):
    """Latent world model for model-based RL: an encoder maps observations to a latent state,
    a dynamics MLP predicts the next latent from the latent and the action, and a reward MLP
    predicts the reward earned on arriving in a latent state. Latents are layer-normalised
    (without parameters) so that their scale cannot collapse.

    forward(obs, action, next_obs=None) takes observations (batch, obs_dim) or stacked frames
    (batch, C, H, W) in [0, 1], and actions as ids (batch,) (discrete) or vectors
    (batch, actions) (continuous). It returns a dict with "next_latent" (batch, latent) and
    the predicted "reward" (batch,); given next_obs, also "target_latent" (batch, latent), its
    encoding without gradient, which the dynamics loss compares against.
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        latent = latent_size(config)
        if hasattr(config, "obs_shape"):
            channels, height, width = config.obs_shape
            self.encoder = nature_cnn(channels, height, width, config.hidden[0], latent, final_relu=False)
            hidden = [latent, latent]
        else:
            self.encoder = elu_mlp([config.obs_dim, *config.hidden, latent])
            hidden = list(config.hidden)
        self.dynamics = elu_mlp([latent + config.actions, *hidden, latent])
        self.reward = elu_mlp([latent, hidden[0], 1])
        self.apply(self._init_weights)

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        """Orthogonal weights and zero biases, as in Dreamer and TD-MPC."""
        if isinstance(module, (nn.Conv2d, nn.Linear)):
            nn.init.orthogonal_(module.weight)
            nn.init.zeros_(module.bias)

    def encode(self, obs: torch.Tensor) -> torch.Tensor:
        """Observations to normalised latent states (batch, latent)."""
        latent = self.encoder(obs)
        return F.layer_norm(latent, latent.shape[-1:])

    def step(self, latent: torch.Tensor, action: torch.Tensor):
        """One imagined step: (next latent, predicted reward) for latents and actions."""
        if self.config.continuous:
            action = action.to(latent.dtype)
        else:
            action = F.one_hot(action, self.config.actions).to(latent.dtype)
        next_latent = self.dynamics(torch.cat([latent, action], dim=-1))
        next_latent = F.layer_norm(next_latent, next_latent.shape[-1:])
        return next_latent, self.reward(next_latent).squeeze(-1)

    def forward(self, obs: torch.Tensor, action: torch.Tensor, next_obs: torch.Tensor | None = None) -> dict:
        next_latent, reward = self.step(self.encode(obs), action)
        outputs = {"next_latent": next_latent, "reward": reward}
        if next_obs is not None:
            outputs["target_latent"] = self.encode(next_obs).detach()
        return outputs
