# uses: resnet_backbone
def tiny_overrides(config: ModelConfig) -> dict:
    """Same architecture (ResNet backbone of the same block type, FPN P3-P7, GroupNorm towers of the
    same depth), with one block per stage and 64x64 images. The FPN keeps two channels per norm
    group: one value per group would not normalise on P7's single location."""
    return {
        "backbone_base_channels": 16,
        "backbone_stage_blocks": [1, 1, 1, 1],
        "fpn_channels": 64,
        "image_size": [64, 64],
    }


class FeaturePyramid(nn.Module):
    """FPN over C3-C5 (1x1 lateral convs, nearest top-down merge, 3x3 output convs) plus P6 and P7
    from stride-2 3x3 convs on P5 and relu(P6), as in torchvision's FCOS."""

    def __init__(self, in_channels: list[int], channels: int):
        super().__init__()
        self.inner_blocks = nn.ModuleList(nn.Conv2d(c, channels, 1) for c in in_channels)
        self.layer_blocks = nn.ModuleList(nn.Conv2d(channels, channels, 3, padding=1) for _ in in_channels)
        self.p6 = nn.Conv2d(channels, channels, 3, stride=2, padding=1)
        self.p7 = nn.Conv2d(channels, channels, 3, stride=2, padding=1)

    def forward(self, features: list[torch.Tensor]) -> list[torch.Tensor]:
        inner = self.inner_blocks[-1](features[-1])
        outputs = [self.layer_blocks[-1](inner)]
        for index in range(len(features) - 2, -1, -1):
            lateral = self.inner_blocks[index](features[index])
            inner = lateral + F.interpolate(inner, size=lateral.shape[-2:], mode="nearest")
            outputs.insert(0, self.layer_blocks[index](inner))
        p6 = self.p6(outputs[-1])
        p7 = self.p7(F.relu(p6))
        return [*outputs, p6, p7]


def tower(channels: int, depth: int, groups: int) -> nn.Sequential:
    """depth x (3x3 conv, GroupNorm, ReLU), shared by every pyramid level."""
    layers = []
    for _ in range(depth):
        layers += [nn.Conv2d(channels, channels, 3, padding=1), nn.GroupNorm(groups, channels), nn.ReLU()]
    return nn.Sequential(*layers)


class FCOSHead(nn.Module):
    """Decoupled class and box towers shared across levels; the box tower also predicts
    centerness, and a learned scale per level multiplies the box regression (Tian et al., 2019)."""

    def __init__(self, config: ModelConfig, levels: int):
        super().__init__()
        channels = config.fpn_channels
        groups = int(config.head_norm.removeprefix("groupnorm"))
        self.cls_tower = tower(channels, config.head_tower_depth, groups)
        self.bbox_tower = tower(channels, config.head_tower_depth, groups)
        self.cls_logits = nn.Conv2d(channels, config.num_classes, 3, padding=1)
        self.bbox_pred = nn.Conv2d(channels, 4, 3, padding=1)
        self.centerness = nn.Conv2d(channels, 1, 3, padding=1)
        self.scales = nn.Parameter(torch.ones(levels))

    def forward(self, level: int, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Class logits, box distances (left, top, right, bottom) in cells of this level, and
        centerness logits, each flattened to (batch, height * width, channels)."""
        box_features = self.bbox_tower(x)
        logits = self.cls_logits(self.cls_tower(x))
        # exp keeps distances positive; the clamp keeps a wild early step from overflowing.
        distances = torch.exp((self.scales[level] * self.bbox_pred(box_features)).clamp(max=8.0))
        centerness = self.centerness(box_features)
        return tuple(t.flatten(2).transpose(1, 2) for t in (logits, distances, centerness))


def level_points(height: int, width: int, device: torch.device) -> torch.Tensor:
    """Normalised (x, y) centres of a height x width feature map's cells, row-major: (height * width, 2)."""
    ys = (torch.arange(height, device=device, dtype=torch.float32) + 0.5) / height
    xs = (torch.arange(width, device=device, dtype=torch.float32) + 0.5) / width
    grid_y, grid_x = torch.meshgrid(ys, xs, indexing="ij")
    return torch.stack([grid_x.reshape(-1), grid_y.reshape(-1)], dim=-1)


class MetaGenModel(nn.Module):
    """FCOS: single-stage anchor-free detector (ResNet + FPN P3-P7 + shared GroupNorm head).

    forward(images) takes images of shape (batch, 3, height, width) with values in [0, 1] and
    returns a dict over every location of P3-P7 (N locations in all):
      logits      (batch, N, num_classes)  per-class logits (sigmoid, focal loss);
      boxes       (batch, N, 4)            (x0, y0, x1, y1) normalised to [0, 1] by the image size;
      centerness  (batch, N)               centerness logits;
      points      (batch, N, 2)            the normalised (x, y) location each prediction is made at.
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        self.backbone = ResNetBackbone(config)
        self.fpn = FeaturePyramid(self.backbone.stage_channels[-3:], config.fpn_channels)
        self.head = FCOSHead(config, levels=5)
        self.apply(self._init_weights)
        prior = 0.01
        nn.init.constant_(self.head.cls_logits.bias, -math.log((1 - prior) / prior))

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        """Kaiming for the backbone, Kaiming-uniform (a=1) for the FPN, Normal(0, 0.01) for the head,
        as in torchvision's FCOS; unit norms and zero biases."""
        if isinstance(module, nn.Conv2d):
            nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, (nn.BatchNorm2d, nn.GroupNorm)):
            nn.init.ones_(module.weight)
            nn.init.zeros_(module.bias)
        elif isinstance(module, FeaturePyramid):
            for conv in module.modules():
                if isinstance(conv, nn.Conv2d):
                    nn.init.kaiming_uniform_(conv.weight, a=1)
        elif isinstance(module, FCOSHead):
            for conv in module.modules():
                if isinstance(conv, nn.Conv2d):
                    nn.init.normal_(conv.weight, std=0.01)

    def forward(self, images: torch.Tensor) -> dict:
        pyramid = self.fpn(self.backbone(images)[-3:])
        logits, boxes, centerness, points = [], [], [], []
        for level, features in enumerate(pyramid):
            height, width = features.shape[-2:]
            level_logits, distances, level_centerness = self.head(level, features)
            centres = level_points(height, width, images.device)
            cell = torch.tensor([1.0 / width, 1.0 / height], device=images.device)
            distances = distances.float() * cell.repeat(2)
            boxes.append(torch.cat([centres - distances[..., :2], centres + distances[..., 2:]], dim=-1))
            logits.append(level_logits)
            centerness.append(level_centerness)
            points.append(centres)
        batch = images.shape[0]
        return {
            "logits": torch.cat(logits, dim=1),
            "boxes": torch.cat(boxes, dim=1),
            "centerness": torch.cat(centerness, dim=1).squeeze(-1),
            "points": torch.cat(points, dim=0).unsqueeze(0).expand(batch, -1, -1),
        }
