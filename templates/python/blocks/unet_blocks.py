# uses: text_attention
def timestep_features(timesteps: torch.Tensor, dim: int, max_period: float = 10000.0) -> torch.Tensor:
    """Sinusoidal timestep features [cos, sin] at geometric frequencies (Ho et al., 2020)."""
    half = dim // 2
    frequencies = torch.exp(
        -math.log(max_period) * torch.arange(half, dtype=torch.float32, device=timesteps.device) / half
    )
    angles = timesteps.float()[:, None] * frequencies[None]
    return torch.cat([angles.cos(), angles.sin()], dim=-1)


class TextEncoder(nn.Module):
    """CLIP-text-like encoder (Radford et al., 2021): token + learned position embeddings, causal
    pre-LN blocks with head width 64, final LayerNorm. Its last hidden states are the U-Net's
    cross-attention context."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        width = config.text_encoder_width
        heads = max(1, width // 64)
        self.token_embedding = nn.Embedding(config.text_encoder_vocab_size, width)
        self.position_embedding = nn.Embedding(config.text_encoder_context, width)
        self.layers = nn.ModuleList(TextLayer(width, heads) for _ in range(config.text_encoder_layers))
        self.final_layer_norm = nn.LayerNorm(width)

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        x = self.token_embedding(input_ids) + self.position_embedding.weight[: input_ids.shape[1]]
        for layer in self.layers:
            x = layer(x)
        return self.final_layer_norm(x)


class TimestepEmbedding(nn.Module):
    """linear_2(silu(linear_1(features))): sinusoidal features to the time-embedding width."""

    def __init__(self, in_dim: int, dim: int):
        super().__init__()
        self.linear_1 = nn.Linear(in_dim, dim)
        self.linear_2 = nn.Linear(dim, dim)

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        return self.linear_2(F.silu(self.linear_1(features)))


class ResnetBlock2D(nn.Module):
    """GN -> SiLU -> conv3x3, plus the projected time embedding, GN -> SiLU -> conv3x3, with a
    1x1 shortcut when the channel count changes (diffusers ResnetBlock2D)."""

    def __init__(self, in_channels: int, out_channels: int, time_dim: int, groups: int):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups, in_channels, eps=1e-5)
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, padding=1)
        self.time_emb_proj = nn.Linear(time_dim, out_channels)
        self.norm2 = nn.GroupNorm(groups, out_channels, eps=1e-5)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1)
        self.conv_shortcut = nn.Conv2d(in_channels, out_channels, 1) if in_channels != out_channels else None

    def forward(self, x: torch.Tensor, temb: torch.Tensor) -> torch.Tensor:
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.time_emb_proj(F.silu(temb))[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h)))
        shortcut = x if self.conv_shortcut is None else self.conv_shortcut(x)
        return shortcut + h


class Attention(nn.Module):
    """Multi-head attention with diffusers names; keys and values come from `context` (width
    `context_dim`) for cross-attention, else from the input itself."""

    def __init__(self, dim: int, heads: int, context_dim: int | None = None):
        super().__init__()
        self.heads = heads
        kv_dim = context_dim or dim
        self.to_q = nn.Linear(dim, dim, bias=False)
        self.to_k = nn.Linear(kv_dim, dim, bias=False)
        self.to_v = nn.Linear(kv_dim, dim, bias=False)
        self.to_out = nn.ModuleList([nn.Linear(dim, dim)])

    def forward(self, x: torch.Tensor, context: torch.Tensor | None = None) -> torch.Tensor:
        context = x if context is None else context
        batch, length, dim = x.shape
        q = self.to_q(x).view(batch, length, self.heads, -1).transpose(1, 2)
        k = self.to_k(context).view(batch, context.shape[1], self.heads, -1).transpose(1, 2)
        v = self.to_v(context).view(batch, context.shape[1], self.heads, -1).transpose(1, 2)
        out = F.scaled_dot_product_attention(q, k, v)
        return self.to_out[0](out.transpose(1, 2).reshape(batch, length, dim))


class GEGLU(nn.Module):
    """proj to 2 x inner, then value * gelu(gate) (Shazeer, 2020)."""

    def __init__(self, dim: int, inner: int):
        super().__init__()
        self.proj = nn.Linear(dim, 2 * inner)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        value, gate = self.proj(x).chunk(2, dim=-1)
        return value * F.gelu(gate)


class FeedForward(nn.Module):
    """diffusers FeedForward: net = [GEGLU, Dropout, Linear]."""

    def __init__(self, dim: int):
        super().__init__()
        self.net = nn.ModuleList([GEGLU(dim, 4 * dim), nn.Dropout(0.0), nn.Linear(4 * dim, dim)])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for layer in self.net:
            x = layer(x)
        return x
