# uses: resnet_classifier
def tiny_overrides(config: ModelConfig) -> dict:
    """Same architecture (7x7 stem, max-pool, one Bottleneck per stage), 32x32 images."""
    return {
        "base_channels": 8,
        "stage_blocks": [1] * len(config.stage_blocks),
        "image_size": [32, 32],
        "num_classes": min(config.num_classes, 10),
    }


class MetaGenModel(ResNetClassifier):
    """ResNet with Bottleneck blocks (He et al., 2016), torchvision layout.

    forward(images) takes RGB images of shape (batch, 3, height, width), normalised to about
    zero mean and unit variance, and returns class logits of shape (batch, num_classes).
    """

    block = Bottleneck
