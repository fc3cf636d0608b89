def tiny_overrides(config: ModelConfig) -> dict:
    """The same layer structure at base width 8, with 64 points and at most 10 classes."""
    width = 8
    return {
        "base_width": width,
        "point_widths": [3, width, width, width, 2 * width, 16 * width],
        "head_widths": [16 * width, 8 * width, 4 * width],
        "points": 64,
        "num_classes": min(config.num_classes, 10),
    }


class PointLayer(nn.Module):
    """Linear map, BatchNorm and ReLU, applied to each point (or each cloud) alike: the
    paper's 1x1 convolution written as a linear layer over the last dimension."""

    def __init__(self, inputs: int, outputs: int):
        super().__init__()
        self.linear = nn.Linear(inputs, outputs)
        self.norm = nn.BatchNorm1d(outputs)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.linear(x)
        if x.dim() == 3:
            x = self.norm(x.transpose(1, 2)).transpose(1, 2)
        else:
            x = self.norm(x)
        return F.relu(x)


def layer_stack(widths: list) -> nn.ModuleList:
    """One PointLayer between each pair of consecutive widths."""
    return nn.ModuleList(PointLayer(widths[i], widths[i + 1]) for i in range(len(widths) - 1))


class MetaGenModel(nn.Module):
    """PointNet (Qi et al., 2017) without its T-Nets.

    forward(points) takes points of shape (batch, N, 3), in any order and any N, and
    returns class logits of shape (batch, num_classes).
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        self.point_layers = layer_stack(config.point_widths)
        self.head = layer_stack(config.head_widths)
        self.classifier = nn.Linear(config.head_widths[-1], config.num_classes)

    def forward(self, points: torch.Tensor) -> torch.Tensor:
        x = points
        for layer in self.point_layers:
            x = layer(x)
        x = x.max(dim=1).values
        for layer in self.head:
            x = layer(x)
        return self.classifier(F.dropout(x, self.config.dropout, self.training))
