# uses: resnet_blocks
class ResNetBackbone(nn.Module):
    """ResNet stem (7x7/2 conv, BatchNorm, 3x3/2 max-pool) and four stages; returns every stage's
    output (strides 4, 8, 16 and 32)."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        block, expansion = (Bottleneck, 4) if config.backbone_bottleneck else (BasicBlock, 1)
        self.stage_channels = add_resnet_layers(
            self, config.backbone_base_channels, config.backbone_stage_blocks, block, expansion
        )

    def forward(self, images: torch.Tensor) -> list[torch.Tensor]:
        return resnet_features(self, images, len(self.stage_channels))
