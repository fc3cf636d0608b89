def tiny_overrides(config: ModelConfig) -> dict:
    """Same architecture (7x7 stem, max-pool, one BasicBlock per stage), 32x32 images."""
    return {
        "base_channels": 8,
        "stage_blocks": [1] * len(config.stage_blocks),
        "image_size": [32, 32],
        "num_classes": min(config.num_classes, 10),
    }


class BasicBlock(nn.Module):
    """Two 3x3 convolutions with batch norm and an identity (or 1x1 projection) shortcut."""

    def __init__(self, in_channels: int, width: int, stride: int):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, width, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.downsample = None
        if stride != 1 or in_channels != width:
            self.downsample = nn.Sequential(
                nn.Conv2d(in_channels, width, 1, stride=stride, bias=False),
                nn.BatchNorm2d(width),
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        shortcut = x if self.downsample is None else self.downsample(x)
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + shortcut)


class MetaGenModel(nn.Module):
    """ResNet with BasicBlocks (He et al., 2016), torchvision layout.

    forward(images) takes RGB images of shape (batch, 3, height, width), normalised to about
    zero mean and unit variance, and returns class logits of shape (batch, num_classes).
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        base = config.base_channels
        self.conv1 = nn.Conv2d(3, base, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(base)
        channels = base
        for index, blocks in enumerate(config.stage_blocks):
            width = base << index
            stage = []
            for block in range(blocks):
                stride = 2 if index > 0 and block == 0 else 1
                stage.append(BasicBlock(channels, width, stride))
                channels = width
            self.add_module(f"layer{index + 1}", nn.Sequential(*stage))
        self.fc = nn.Linear(channels, config.num_classes)
        self.apply(self._init_weights)

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        """Kaiming (fan-out) convolutions; each block's last batch norm starts at zero so every
        residual branch begins as the identity (Goyal et al., 2017)."""
        if isinstance(module, nn.Conv2d):
            nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")
        elif isinstance(module, BasicBlock):
            nn.init.zeros_(module.bn2.weight)

    def stages(self):
        return [getattr(self, f"layer{index + 1}") for index in range(len(self.config.stage_blocks))]

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.bn1(self.conv1(images)))
        x = F.max_pool2d(x, kernel_size=3, stride=2, padding=1)
        for stage in self.stages():
            x = stage(x)
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))
