def nature_cnn(
    channels: int, height: int, width: int, multiplier: int, out_features: int, final_relu: bool = True
) -> nn.Sequential:
    """Mnih et al. (2015): conv 8x8/4, 4x4/2, 3x3/1 with ReLU, flatten, linear (then ReLU when
    final_relu, as in a torso feeding heads; without it the linear output is a latent)."""
    c1, c2 = 32 * multiplier, 64 * multiplier

    def out_len(size: int, kernel: int, stride: int) -> int:
        return (size - kernel) // stride + 1

    h = out_len(out_len(out_len(height, 8, 4), 4, 2), 3, 1)
    w = out_len(out_len(out_len(width, 8, 4), 4, 2), 3, 1)
    layers = [
        nn.Conv2d(channels, c1, 8, stride=4),
        nn.ReLU(),
        nn.Conv2d(c1, c2, 4, stride=2),
        nn.ReLU(),
        nn.Conv2d(c2, c2, 3, stride=1),
        nn.ReLU(),
        nn.Flatten(),
        nn.Linear(c2 * h * w, out_features),
    ]
    if final_relu:
        layers.append(nn.ReLU())
    return nn.Sequential(*layers)
