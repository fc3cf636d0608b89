def tiny_overrides(config: ModelConfig) -> dict:
    """The same encoder/decoder depth over a 32-step window of at most 3 channels."""
    return {
        "window": 32,
        "channels": min(config.channels, 3),
        "hidden": [128] * len(config.hidden),
    }


def mlp_stack(widths: list, activation: type) -> nn.Sequential:
    """Linear layers with an activation between them (none after the last), so the linear
    layers sit at the even indices of the Sequential, as in the blueprint."""
    layers = [nn.Linear(widths[0], widths[1])]
    for index in range(1, len(widths) - 1):
        layers += [activation(), nn.Linear(widths[index], widths[index + 1])]
    return nn.Sequential(*layers)


def latent_size(config: ModelConfig) -> int:
    """The bottleneck: a quarter of the narrowest hidden layer, at least 8."""
    return max(8, min(config.hidden) // 4)


class MetaGenModel(nn.Module):
    """A reconstruction autoencoder over a window of a multichannel time series.

    forward(window) takes a window of shape (batch, window, channels), flattens it,
    squeezes it through the bottleneck and returns the reconstruction with the same
    shape. The anomaly score of a window is its mean squared reconstruction error:
    trained on normal data only, the model reconstructs unusual windows badly.
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        flat = config.window * config.channels
        latent = latent_size(config)
        self.encoder = mlp_stack([flat, *config.hidden, latent], nn.ReLU)
        self.decoder = mlp_stack([latent, *reversed(config.hidden), flat], nn.ReLU)

    def forward(self, window: torch.Tensor) -> torch.Tensor:
        batch = window.shape[0]
        reconstruction = self.decoder(self.encoder(window.reshape(batch, -1)))
        return reconstruction.view_as(window)
