# uses: text_attention
# uses: timestep_features
class CaptionEmbedder(nn.Module):
    """y_proj: the text encoder's hidden states to the DiT width (Linear, GELU, Linear), as in
    PixArt-alpha (Chen et al., 2023)."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        hidden = config.hidden_size
        self.y_proj = nn.Sequential(
            nn.Linear(config.text_encoder_width, hidden), nn.GELU(approximate="tanh"), nn.Linear(hidden, hidden)
        )

    def forward(self, text: torch.Tensor) -> torch.Tensor:
        return self.y_proj(text)


class TextEncoder(nn.Module):
    """CLIP-text-like encoder (Radford et al., 2021): token + learned position embeddings, causal
    pre-LN blocks with head width 64, final LayerNorm. Its last hidden states, projected by
    y_embedder, are the context of every block's cross-attention."""

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


class SelfAttention(nn.Module):
    """Multi-head self-attention with a fused qkv projection (timm naming)."""

    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        batch, length, dim = x.shape
        q, k, v = self.qkv(x).view(batch, length, 3, self.heads, -1).permute(2, 0, 3, 1, 4)
        out = F.scaled_dot_product_attention(q, k, v)
        return self.proj(out.transpose(1, 2).reshape(batch, length, dim))


class CrossAttention(nn.Module):
    """Multi-head attention from the image tokens to the projected text tokens."""

    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.heads = heads
        self.q_proj = nn.Linear(dim, dim)
        self.k_proj = nn.Linear(dim, dim)
        self.v_proj = nn.Linear(dim, dim)
        self.o_proj = nn.Linear(dim, dim)

    def forward(self, x: torch.Tensor, context: torch.Tensor) -> torch.Tensor:
        batch, length, dim = x.shape
        q = self.q_proj(x).view(batch, length, self.heads, -1).transpose(1, 2)
        k = self.k_proj(context).view(batch, context.shape[1], self.heads, -1).transpose(1, 2)
        v = self.v_proj(context).view(batch, context.shape[1], self.heads, -1).transpose(1, 2)
        out = F.scaled_dot_product_attention(q, k, v)
        return self.o_proj(out.transpose(1, 2).reshape(batch, length, dim))


class Mlp(nn.Module):
    def __init__(self, dim: int, hidden: int):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(F.gelu(self.fc1(x), approximate="tanh"))


def sincos_1d(dim: int, positions: torch.Tensor) -> torch.Tensor:
    """[sin, cos] of positions at dim / 2 geometric frequencies (Vaswani et al., 2017)."""
    omega = 1.0 / 10000 ** (torch.arange(dim // 2, dtype=torch.float32) / (dim / 2))
    angles = positions.float()[:, None] * omega[None]
    return torch.cat([angles.sin(), angles.cos()], dim=1)


def sincos_2d(dim: int, grid: int) -> torch.Tensor:
    """DiT's fixed 2-D table (grid * grid, dim): half the channels encode the column, half the row,
    tokens in row-major order."""
    rows, cols = torch.meshgrid(torch.arange(grid), torch.arange(grid), indexing="ij")
    return torch.cat([sincos_1d(dim // 2, cols.flatten()), sincos_1d(dim // 2, rows.flatten())], dim=1)


def modulate(x: torch.Tensor, shift: torch.Tensor, scale: torch.Tensor) -> torch.Tensor:
    return x * (1 + scale[:, None]) + shift[:, None]


class TimestepEmbedder(nn.Module):
    """mlp(sinusoidal features): Linear, SiLU, Linear."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.freq_dim = config.timestep_freq_dim
        hidden = config.hidden_size
        self.mlp = nn.Sequential(nn.Linear(self.freq_dim, hidden), nn.SiLU(), nn.Linear(hidden, hidden))

    def forward(self, timesteps: torch.Tensor) -> torch.Tensor:
        features = timestep_features(timesteps, self.freq_dim)
        return self.mlp(features.to(self.mlp[0].weight.dtype))


class DiTBlock(nn.Module):
    """adaLN-Zero block (Peebles and Xie, 2023): the conditioning vector regresses shift, scale
    and a zero-initialised gate for the attention and MLP branches; text-conditioned models add
    a cross-attention branch between them (PixArt-alpha)."""

    def __init__(self, config: ModelConfig, cross: bool):
        super().__init__()
        dim, heads = config.hidden_size, config.num_heads
        self.norm1 = nn.LayerNorm(dim, elementwise_affine=False, eps=1e-6)
        self.self_attn = SelfAttention(dim, heads)
        if cross:
            self.norm_cross = nn.LayerNorm(dim, elementwise_affine=False, eps=1e-6)
            self.cross_attn = CrossAttention(dim, heads)
        else:
            self.norm_cross = self.cross_attn = None
        self.norm2 = nn.LayerNorm(dim, elementwise_affine=False, eps=1e-6)
        self.mlp = Mlp(dim, round(dim * config.mlp_ratio))
        self.adaLN_modulation = nn.Sequential(nn.SiLU(), nn.Linear(dim, 6 * dim))

    def forward(self, x: torch.Tensor, c: torch.Tensor, context: torch.Tensor | None) -> torch.Tensor:
        shift_attn, scale_attn, gate_attn, shift_mlp, scale_mlp, gate_mlp = self.adaLN_modulation(c).chunk(6, dim=-1)
        x = x + gate_attn[:, None] * self.self_attn(modulate(self.norm1(x), shift_attn, scale_attn))
        if self.cross_attn is not None:
            x = x + self.cross_attn(self.norm_cross(x), context)
        return x + gate_mlp[:, None] * self.mlp(modulate(self.norm2(x), shift_mlp, scale_mlp))


class FinalLayer(nn.Module):
    """adaLN-modulated LayerNorm, then a linear map from each token to its patch (or tubelet) of
    patch_volume outputs per channel."""

    def __init__(self, config: ModelConfig, out_channels: int, patch_volume: int):
        super().__init__()
        dim = config.hidden_size
        self.norm_final = nn.LayerNorm(dim, elementwise_affine=False, eps=1e-6)
        self.linear = nn.Linear(dim, patch_volume * out_channels)
        self.adaLN_modulation = nn.Sequential(nn.SiLU(), nn.Linear(dim, 2 * dim))

    def forward(self, x: torch.Tensor, c: torch.Tensor) -> torch.Tensor:
        shift, scale = self.adaLN_modulation(c).chunk(2, dim=-1)
        return self.linear(modulate(self.norm_final(x), shift, scale))
