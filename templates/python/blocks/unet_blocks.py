# uses: text_attention
# uses: timestep_features
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


class BasicTransformerBlock(nn.Module):
    """Self-attention, cross-attention to the text context (when conditioned), GEGLU feed-forward;
    pre-LayerNorm residual branches."""

    def __init__(self, dim: int, heads: int, context_dim: int | None):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn1 = Attention(dim, heads)
        if context_dim:
            self.norm2 = nn.LayerNorm(dim)
            self.attn2 = Attention(dim, heads, context_dim)
        else:
            self.norm2 = self.attn2 = None
        self.norm3 = nn.LayerNorm(dim)
        self.ff = FeedForward(dim)

    def forward(self, x: torch.Tensor, context: torch.Tensor | None) -> torch.Tensor:
        x = x + self.attn1(self.norm1(x))
        if self.attn2 is not None:
            x = x + self.attn2(self.norm2(x), context)
        return x + self.ff(self.norm3(x))


class SpatialTransformer(nn.Module):
    """Transformer2DModel of SD 1.x: GN, 1x1 proj_in, one transformer block over the H*W tokens,
    1x1 proj_out, residual."""

    def __init__(self, channels: int, heads: int, context_dim: int | None, groups: int):
        super().__init__()
        self.norm = nn.GroupNorm(groups, channels, eps=1e-6)
        self.proj_in = nn.Conv2d(channels, channels, 1)
        self.transformer_blocks = nn.ModuleList([BasicTransformerBlock(channels, heads, context_dim)])
        self.proj_out = nn.Conv2d(channels, channels, 1)

    def forward(self, x: torch.Tensor, context: torch.Tensor | None) -> torch.Tensor:
        batch, channels, height, width = x.shape
        h = self.proj_in(self.norm(x))
        h = h.flatten(2).transpose(1, 2)
        for block in self.transformer_blocks:
            h = block(h, context)
        h = h.transpose(1, 2).reshape(batch, channels, height, width)
        return x + self.proj_out(h)


class Downsample2D(nn.Module):
    """Strided 3x3 convolution halving the resolution."""

    def __init__(self, channels: int):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, stride=2, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


class Upsample2D(nn.Module):
    """Nearest-neighbour upsampling to `size` (twice the resolution), then a 3x3 convolution."""

    def __init__(self, channels: int):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1)

    def forward(self, x: torch.Tensor, size) -> torch.Tensor:
        return self.conv(F.interpolate(x, size=size, mode="nearest"))


def add_unet_levels(module: nn.Module, config: ModelConfig, down_block: type, mid_block: type, up_block: type) -> None:
    """Adds the U-Net's layers to module in diffusers' names: conv_in, time_embedding, one
    down_block per level (a downsampler on all but the deepest), mid_block, one up_block per
    level taking its skips in reverse, conv_norm_out and conv_out."""
    channels = config.block_out_channels
    levels = len(channels)
    module.conv_in = nn.Conv2d(config.in_channels, channels[0], 3, padding=1)
    module.time_embedding = TimestepEmbedding(channels[0], config.time_embed_dim)
    skip_channels, previous, down_blocks = [channels[0]], channels[0], []
    for i, out in enumerate(channels):
        last = i == levels - 1
        down_blocks.append(down_block(config, previous, out, config.attention_levels[i], not last))
        skip_channels += [out] * (config.layers_per_block + (0 if last else 1))
        previous = out
    module.down_blocks = nn.ModuleList(down_blocks)
    module.mid_block = mid_block(config, previous)
    up_blocks = []
    for i in range(levels):
        level = levels - 1 - i
        skips = [skip_channels.pop() for _ in range(config.layers_per_block + 1)]
        out = channels[level]
        up_blocks.append(up_block(config, previous, out, skips, config.attention_levels[level], i < levels - 1))
        previous = out
    module.up_blocks = nn.ModuleList(up_blocks)
    module.conv_norm_out = nn.GroupNorm(config.norm_num_groups, channels[0], eps=1e-5)
    module.conv_out = nn.Conv2d(channels[0], config.out_channels, 3, padding=1)


def init_unet_weights(model: nn.Module, zeroed: tuple) -> None:
    """PyTorch defaults, with the output convolution of every residual branch (ResnetBlock2D's
    conv2, the proj_out of each module of a type in zeroed) and of the network zeroed (as in LDM)
    so each block starts as the identity and the first prediction is zero; normal(0, 0.02) for
    the text encoder's embeddings and projections."""
    for module in model.modules():
        if isinstance(module, ResnetBlock2D):
            nn.init.zeros_(module.conv2.weight)
            nn.init.zeros_(module.conv2.bias)
        elif isinstance(module, zeroed):
            nn.init.zeros_(module.proj_out.weight)
            nn.init.zeros_(module.proj_out.bias)
    nn.init.zeros_(model.conv_out.weight)
    nn.init.zeros_(model.conv_out.bias)
    if model.text_encoder is not None:
        for module in model.text_encoder.modules():
            if isinstance(module, (nn.Linear, nn.Embedding)):
                nn.init.normal_(module.weight, std=0.02)
            if isinstance(module, nn.Linear):
                nn.init.zeros_(module.bias)
