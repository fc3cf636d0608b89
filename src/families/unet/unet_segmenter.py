def tiny_overrides(config: ModelConfig) -> dict:
    """Same architecture (as many levels, double 3x3 conv + BatchNorm, transposed-conv upsampling,
    the same heads), with 8 base channels and 64x64 images."""
    return {"base_channels": 8, "image_size": [64, 64]}


def double_conv(in_channels: int, out_channels: int) -> nn.Sequential:
    """(3x3 conv without bias, BatchNorm, ReLU) x 2, the U-Net's basic unit."""
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, 3, padding=1, bias=False),
        nn.BatchNorm2d(out_channels),
        nn.ReLU(),
        nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False),
        nn.BatchNorm2d(out_channels),
        nn.ReLU(),
    )


class UpLevel(nn.Module):
    """2x transposed-conv upsampling that halves the channels, concatenation with the skip
    connection of the same resolution, then a double conv."""

    def __init__(self, channels: int):
        super().__init__()
        self.up = nn.ConvTranspose2d(channels, channels // 2, 2, stride=2)
        self.conv = double_conv(channels, channels // 2)

    def forward(self, x: torch.Tensor, skip: torch.Tensor) -> torch.Tensor:
        x = self.up(x)
        # Odd sizes were rounded up on the way down; pad or crop back to the skip's size.
        dy = skip.shape[-2] - x.shape[-2]
        dx = skip.shape[-1] - x.shape[-1]
        if dy or dx:
            x = F.pad(x, [dx // 2, dx - dx // 2, dy // 2, dy - dy // 2])
        return self.conv(torch.cat([skip, x], dim=1))


class MetaGenModel(nn.Module):
    """U-Net for semantic segmentation (Ronneberger et al., 2015), with an optional per-pixel
    instance-embedding head (De Brabandere et al., 2017).

    forward(images) takes images of shape (batch, 3, height, width) with values in [0, 1] and
    returns per-pixel class logits of shape (batch, num_classes, height, width). With
    instance_embedding it returns a dict: "logits" as above and "embedding" of shape
    (batch, embedding_dim, height, width).
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        base = config.base_channels
        self.inc = double_conv(3, base)
        self.down = nn.ModuleList(double_conv(base << i, base << (i + 1)) for i in range(config.levels))
        self.up = nn.ModuleList(UpLevel(base << (config.levels - i)) for i in range(config.levels))
        self.outc = nn.Conv2d(base, config.num_classes, 1)
        self.embedding_head = nn.Conv2d(base, config.embedding_dim, 1) if config.instance_embedding else None
        self.apply(self._init_weights)

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        """Kaiming-normal for convolutions (ReLU network); unit BatchNorm, zero biases."""
        if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.BatchNorm2d):
            nn.init.ones_(module.weight)
            nn.init.zeros_(module.bias)

    def forward(self, images: torch.Tensor) -> torch.Tensor | dict:
        x = self.inc(images)
        skips = []
        for block in self.down:
            skips.append(x)
            x = block(F.max_pool2d(x, 2, ceil_mode=True))
        for level in self.up:
            x = level(x, skips.pop())
        logits = self.outc(x)
        if self.embedding_head is None:
            return logits
        return {"logits": logits, "embedding": self.embedding_head(x)}
