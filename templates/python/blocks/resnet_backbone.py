class BasicBlock(nn.Module):
    """torchvision BasicBlock: two 3x3 convs with BatchNorm and a projection shortcut when needed."""

    expansion = 1

    def __init__(self, in_channels: int, width: int, stride: int):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, width, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.downsample = None
        if stride != 1 or in_channels != width:
            self.downsample = nn.Sequential(
                nn.Conv2d(in_channels, width, 1, stride=stride, bias=False), nn.BatchNorm2d(width)
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        shortcut = x if self.downsample is None else self.downsample(x)
        out = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(out)) + shortcut)


class Bottleneck(nn.Module):
    """torchvision v1.5 Bottleneck: 1x1, 3x3 (carries the stride), 1x1 to 4x width."""

    expansion = 4

    def __init__(self, in_channels: int, width: int, stride: int):
        super().__init__()
        out_channels = width * self.expansion
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

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        shortcut = x if self.downsample is None else self.downsample(x)
        out = F.relu(self.bn1(self.conv1(x)))
        out = F.relu(self.bn2(self.conv2(out)))
        return F.relu(self.bn3(self.conv3(out)) + shortcut)


class ResNetBackbone(nn.Module):
    """ResNet stem (7x7/2 conv, BatchNorm, 3x3/2 max-pool) and four stages; returns every stage's
    output (strides 4, 8, 16 and 32)."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        base = config.backbone_base_channels
        block = Bottleneck if config.backbone_bottleneck else BasicBlock
        self.conv1 = nn.Conv2d(3, base, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(base)
        in_channels = base
        self.stage_channels = []
        for index, blocks in enumerate(config.backbone_stage_blocks):
            width = base << index
            layers = []
            for position in range(blocks):
                stride = 2 if index > 0 and position == 0 else 1
                layers.append(block(in_channels, width, stride))
                in_channels = width * block.expansion
            self.add_module(f"layer{index + 1}", nn.Sequential(*layers))
            self.stage_channels.append(in_channels)

    def forward(self, images: torch.Tensor) -> list[torch.Tensor]:
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(images))), 3, stride=2, padding=1)
        features = []
        for index in range(len(self.stage_channels)):
            x = getattr(self, f"layer{index + 1}")(x)
            features.append(x)
        return features
