def tiny_overrides(config: ModelConfig) -> dict:
    """Same architecture (patch convolution, class token, pre-LN GELU blocks), 32x32 images."""
    image, patch = 32, 8
    return {
        "image_size": [image, image],
        "patch_size": patch,
        "num_patches": (image // patch) ** 2,
        "hidden_size": 64,
        "num_layers": 2,
        "num_heads": 4,
        "mlp_dim": 128,
        "num_classes": min(config.num_classes, 10),
    }


class SelfAttention(nn.Module):
    """Multi-head self-attention with a fused qkv projection (timm naming)."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.num_heads = config.num_heads
        self.qkv = nn.Linear(config.hidden_size, 3 * config.hidden_size)
        self.proj = nn.Linear(config.hidden_size, config.hidden_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        batch, length, width = x.shape
        qkv = self.qkv(x).view(batch, length, 3, self.num_heads, width // self.num_heads)
        q, k, v = qkv.permute(2, 0, 3, 1, 4).unbind(0)
        out = F.scaled_dot_product_attention(q, k, v)
        return self.proj(out.transpose(1, 2).reshape(batch, length, width))


class GeluMlp(nn.Module):
    """fc2(gelu(fc1(x)))."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.fc1 = nn.Linear(config.hidden_size, config.mlp_dim)
        self.fc2 = nn.Linear(config.mlp_dim, config.hidden_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(F.gelu(self.fc1(x)))


class EncoderBlock(nn.Module):
    """Pre-LN block: x + attn(norm1(x)), then x + mlp(norm2(x))."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.norm1 = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.self_attn = SelfAttention(config)
        self.norm2 = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.mlp = GeluMlp(config)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.self_attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class MetaGenModel(nn.Module):
    """Vision Transformer classifier (Dosovitskiy et al., 2021), torchvision layout.

    forward(images) takes RGB images of shape (batch, 3, height, width) at image_size,
    normalised to about zero mean and unit variance, and returns class logits of shape
    (batch, num_classes) read from the class token.
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        d = config.hidden_size
        self.conv_proj = nn.Conv2d(3, d, kernel_size=config.patch_size, stride=config.patch_size)
        self.class_token = nn.Parameter(torch.zeros(1, 1, d))
        self.pos_embedding = nn.Parameter(torch.zeros(1, config.num_patches + 1, d))
        self.encoder = nn.ModuleList(EncoderBlock(config) for _ in range(config.num_layers))
        self.ln = nn.LayerNorm(d, eps=config.layer_norm_eps)
        self.head = nn.Linear(d, config.num_classes)
        self.apply(self._init_weights)
        nn.init.normal_(self.pos_embedding, std=0.02)
        nn.init.zeros_(self.head.weight)

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        """Truncated normal(0, 0.02) for projections, fan-in scaling for the patch convolution;
        the head starts at zero so the first loss is exactly log(num_classes)."""
        if isinstance(module, nn.Linear):
            nn.init.trunc_normal_(module.weight, std=0.02)
            nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Conv2d):
            fan_in = module.in_channels * module.kernel_size[0] * module.kernel_size[1]
            nn.init.trunc_normal_(module.weight, std=math.sqrt(1.0 / fan_in))
            nn.init.zeros_(module.bias)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        x = self.conv_proj(images).flatten(2).transpose(1, 2)
        x = torch.cat([self.class_token.expand(x.shape[0], -1, -1), x], dim=1)
        x = x + self.pos_embedding
        for block in self.encoder:
            x = block(x)
        return self.head(self.ln(x[:, 0]))
