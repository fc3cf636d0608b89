# uses: resnet_backbone
def tiny_overrides(config: ModelConfig) -> dict:
    """Same architecture (ResNet backbone of the same block type, post-LN encoder-decoder with object
    queries, class and box heads), with one block per stage, width 32 and 64x64 images."""
    return {
        "backbone_base_channels": 8,
        "backbone_stage_blocks": [1, 1, 1, 1],
        "d_model": 32,
        "num_heads": 2,
        "dim_feedforward": 64,
        "encoder_layers": min(config.encoder_layers, 2),
        "decoder_layers": min(config.decoder_layers, 2),
        "num_queries": min(config.num_queries, 10),
        "image_size": [64, 64],
    }


class Attention(nn.Module):
    """Multi-head attention with biased q/k/v/o projections; queries and keys carry positions,
    values do not (DETR)."""

    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.heads = heads
        self.q_proj = nn.Linear(dim, dim)
        self.k_proj = nn.Linear(dim, dim)
        self.v_proj = nn.Linear(dim, dim)
        self.o_proj = nn.Linear(dim, dim)

    def forward(self, query: torch.Tensor, key: torch.Tensor, value: torch.Tensor) -> torch.Tensor:
        batch, length, dim = query.shape
        head_dim = dim // self.heads
        q = self.q_proj(query).view(batch, length, self.heads, head_dim).transpose(1, 2)
        k = self.k_proj(key).view(batch, key.shape[1], self.heads, head_dim).transpose(1, 2)
        v = self.v_proj(value).view(batch, value.shape[1], self.heads, head_dim).transpose(1, 2)
        out = F.scaled_dot_product_attention(q, k, v)
        return self.o_proj(out.transpose(1, 2).reshape(batch, length, dim))


class FeedForward(nn.Module):
    """fc2(gelu(fc1(x)))."""

    def __init__(self, dim: int, hidden: int):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(F.gelu(self.fc1(x)))


class EncoderLayer(nn.Module):
    """Post-LN encoder layer over the image tokens, with the sine positions added to queries and keys."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.self_attn = Attention(config.d_model, config.num_heads)
        self.norm1 = nn.LayerNorm(config.d_model)
        self.mlp = FeedForward(config.d_model, config.dim_feedforward)
        self.norm2 = nn.LayerNorm(config.d_model)

    def forward(self, x: torch.Tensor, positions: torch.Tensor) -> torch.Tensor:
        query = x + positions
        x = self.norm1(x + self.self_attn(query, query, x))
        return self.norm2(x + self.mlp(x))


class DecoderLayer(nn.Module):
    """Post-LN decoder layer: self-attention among the object queries, cross-attention to the image
    tokens, feed-forward; the learned query embedding is added to every query."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.self_attn = Attention(config.d_model, config.num_heads)
        self.norm1 = nn.LayerNorm(config.d_model)
        self.cross_attn = Attention(config.d_model, config.num_heads)
        self.norm_cross = nn.LayerNorm(config.d_model)
        self.mlp = FeedForward(config.d_model, config.dim_feedforward)
        self.norm2 = nn.LayerNorm(config.d_model)

    def forward(
        self, x: torch.Tensor, memory: torch.Tensor, query_pos: torch.Tensor, memory_pos: torch.Tensor
    ) -> torch.Tensor:
        query = x + query_pos
        x = self.norm1(x + self.self_attn(query, query, x))
        x = self.norm_cross(x + self.cross_attn(x + query_pos, memory + memory_pos, memory))
        return self.norm2(x + self.mlp(x))


def sine_positions(height: int, width: int, dim: int, device: torch.device) -> torch.Tensor:
    """DETR's fixed 2-D sine embedding of a height x width grid: half the channels encode y, half x,
    each as sin and cos at geometric frequencies. Returns (height * width, dim)."""
    quarter = dim // 4
    frequencies = 10000.0 ** (-torch.arange(quarter, device=device, dtype=torch.float32) / quarter)
    ys = (torch.arange(height, device=device, dtype=torch.float32) + 0.5) / height * 2 * math.pi
    xs = (torch.arange(width, device=device, dtype=torch.float32) + 0.5) / width * 2 * math.pi
    y_angles = ys[:, None] * frequencies
    x_angles = xs[:, None] * frequencies
    y_embed = torch.cat([y_angles.sin(), y_angles.cos()], dim=-1)
    x_embed = torch.cat([x_angles.sin(), x_angles.cos()], dim=-1)
    grid = torch.cat(
        [y_embed[:, None, :].expand(height, width, -1), x_embed[None, :, :].expand(height, width, -1)], dim=-1
    )
    return grid.reshape(height * width, 4 * quarter)


class MetaGenModel(nn.Module):
    """DETR: ResNet backbone, transformer encoder-decoder and learned object queries (Carion et al., 2020).

    forward(images) takes images of shape (batch, 3, height, width) with values in [0, 1] and
    returns a dict with one prediction per object query:
      logits  (batch, num_queries, num_classes + 1)  class logits, the last class is "no object";
      boxes   (batch, num_queries, 4)                (x0, y0, x1, y1) normalised to [0, 1].
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        if config.d_model % 4:
            raise ValueError("d_model must be a multiple of 4 for the 2-D sine positions")
        dim = config.d_model
        self.backbone = ResNetBackbone(config)
        self.input_proj = nn.Conv2d(self.backbone.stage_channels[-1], dim, 1)
        self.encoder = nn.ModuleList(EncoderLayer(config) for _ in range(config.encoder_layers))
        self.query_embed = nn.Embedding(config.num_queries, dim)
        self.decoder = nn.ModuleList(DecoderLayer(config) for _ in range(config.decoder_layers))
        self.decoder_norm = nn.LayerNorm(dim)
        self.class_embed = nn.Linear(dim, config.num_classes + 1)
        self.bbox_embed = nn.Sequential(
            nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, 4)
        )
        self.apply(self._init_weights)

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        """Kaiming for convolutions, Xavier-uniform for linear layers, Normal(0, 1) query embeddings
        (PyTorch's default, as in DETR); unit norms and zero biases."""
        if isinstance(module, nn.Conv2d):
            nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")
        elif isinstance(module, nn.Linear):
            nn.init.xavier_uniform_(module.weight)
        elif isinstance(module, (nn.BatchNorm2d, nn.LayerNorm)):
            nn.init.ones_(module.weight)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight)
        if isinstance(module, (nn.Conv2d, nn.Linear, nn.BatchNorm2d, nn.LayerNorm)) and module.bias is not None:
            nn.init.zeros_(module.bias)

    def forward(self, images: torch.Tensor) -> dict:
        features = self.input_proj(self.backbone(images)[-1])
        batch, dim, height, width = features.shape
        memory_pos = sine_positions(height, width, dim, images.device)
        memory = features.flatten(2).transpose(1, 2)
        for layer in self.encoder:
            memory = layer(memory, memory_pos)
        query_pos = self.query_embed.weight.unsqueeze(0).expand(batch, -1, -1)
        x = torch.zeros_like(query_pos)
        for layer in self.decoder:
            x = layer(x, memory, query_pos, memory_pos)
        x = self.decoder_norm(x)
        centre, size = self.bbox_embed(x).float().sigmoid().split(2, dim=-1)
        return {
            "logits": self.class_embed(x),
            "boxes": torch.cat([centre - size / 2, centre + size / 2], dim=-1),
        }
