class BasicBlock(nn.Module):
    """Two 3x3 convolutions with batch norm and an identity (or 1x1 projection) shortcut
    (torchvision's BasicBlock)."""

    def __init__(self, in_channels: int, width: int, stride: int, expansion: int = 1):
        super().__init__()
        assert expansion == 1, "a BasicBlock does not expand its width"
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

    def last_norm(self) -> nn.BatchNorm2d:
        return self.bn2

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        shortcut = x if self.downsample is None else self.downsample(x)
        out = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(out)) + shortcut)


class Bottleneck(nn.Module):
    """1x1 reduce, 3x3 (carrying the stride, as in torchvision's v1.5), 1x1 expand by
    `expansion`, with batch norm and an identity (or 1x1 projection) shortcut."""

    def __init__(self, in_channels: int, width: int, stride: int, expansion: int = 4):
        super().__init__()
        out_channels = width * expansion
        self.conv1 = nn.Conv2d(in_channels, width, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, 3, stride=stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = nn.Conv2d(width, out_channels, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(out_channels)
        self.downsample = None
        if stride != 1 or in_channels != out_channels:
            self.downsample = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
                nn.BatchNorm2d(out_channels),
            )

    def last_norm(self) -> nn.BatchNorm2d:
        return self.bn3

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        shortcut = x if self.downsample is None else self.downsample(x)
        out = F.relu(self.bn1(self.conv1(x)))
        out = F.relu(self.bn2(self.conv2(out)))
        return F.relu(self.bn3(self.conv3(out)) + shortcut)


def add_resnet_layers(module: nn.Module, base: int, stage_blocks: list, block: type, expansion: int) -> list[int]:
    """Adds the ResNet stem's conv1 and bn1 (7x7/2 conv, batch norm) and the stages layer1,
    layer2, ... (the first block of every stage after the first carries stride 2) to module, in
    torchvision's names; returns each stage's output channels."""
    module.conv1 = nn.Conv2d(3, base, 7, stride=2, padding=3, bias=False)
    module.bn1 = nn.BatchNorm2d(base)
    in_channels, stage_channels = base, []
    for index, blocks in enumerate(stage_blocks):
        width = base << index
        layers = []
        for position in range(blocks):
            stride = 2 if index > 0 and position == 0 else 1
            layers.append(block(in_channels, width, stride, expansion))
            in_channels = width * expansion
        module.add_module(f"layer{index + 1}", nn.Sequential(*layers))
        stage_channels.append(in_channels)
    return stage_channels


def resnet_features(module: nn.Module, images: torch.Tensor, stages: int) -> list[torch.Tensor]:
    """Runs the layers add_resnet_layers made: stem, 3x3/2 max-pool, then every stage; returns
    every stage's output (strides 4, 8, 16 and 32)."""
    x = F.max_pool2d(F.relu(module.bn1(module.conv1(images))), 3, stride=2, padding=1)
    features = []
    for index in range(stages):
        x = getattr(module, f"layer{index + 1}")(x)
        features.append(x)
    return features
