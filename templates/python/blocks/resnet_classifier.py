# uses: resnet_blocks
class ResNetClassifier(nn.Module):
    """ResNet classifier in torchvision's layout (He et al., 2016): stem, max-pool, stages,
    global average pool and a linear head. Subclasses name the residual block."""

    block: type = BasicBlock

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        stage_channels = add_resnet_layers(self, config.base_channels, config.stage_blocks, self.block, config.expansion)
        self.fc = nn.Linear(stage_channels[-1], config.num_classes)
        self.apply(self._init_weights)

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        """Kaiming (fan-out) convolutions; each block's last batch norm starts at zero so every
        residual branch begins as the identity (Goyal et al., 2017)."""
        if isinstance(module, nn.Conv2d):
            nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")
        elif isinstance(module, (BasicBlock, Bottleneck)):
            nn.init.zeros_(module.last_norm().weight)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        x = resnet_features(self, images, len(self.config.stage_blocks))[-1]
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))
