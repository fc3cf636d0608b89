def tiny_overrides(config: ModelConfig) -> dict:
    """The same MLP depth over a 64-step lookback, 16-step horizon and at most 3 channels."""
    return {
        "lookback": 64,
        "horizon": 16,
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


class MetaGenModel(nn.Module):
    """A direct multi-step MLP forecaster.

    forward(series) takes a multichannel series of shape (batch, lookback, channels) and
    returns the forecast (batch, horizon, channels). Each window is standardised per channel
    over its lookback (instance normalisation, no parameters), the flattened window goes
    through the MLP, and the forecast is mapped back to the window's scale.
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        widths = [config.lookback * config.channels, *config.hidden, config.horizon * config.channels]
        self.mlp = mlp_stack(widths, nn.ReLU)

    def forward(self, series: torch.Tensor) -> torch.Tensor:
        batch = series.shape[0]
        mean = series.mean(dim=1, keepdim=True)
        std = torch.sqrt(series.var(dim=1, keepdim=True, unbiased=False) + 1e-5)
        forecast = self.mlp(((series - mean) / std).reshape(batch, -1))
        return forecast.view(batch, self.config.horizon, self.config.channels) * std + mean
