def tiny_overrides(config: ModelConfig) -> dict:
    """The same MLP depth with 128-wide hidden layers and at most 8 features."""
    return {
        "features": min(config.features, 8),
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
    """A multilayer perceptron over one row of tabular features.

    forward(features) takes features of shape (batch, features) and returns
    (batch, outputs): regression values, or class logits when config.task is
    "classification".
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        self.mlp = mlp_stack([config.features, *config.hidden, config.outputs], nn.ReLU)

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        return self.mlp(features)
