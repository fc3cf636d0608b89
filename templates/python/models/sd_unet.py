def tiny_overrides(config: ModelConfig) -> dict:
    """Same U-Net (levels, channel multipliers, attention levels, cross-attention), laptop-sized."""
    base = 16
    multipliers = [channels // config.block_out_channels[0] for channels in config.block_out_channels]
    overrides = {
        "sample_size": max(8, 2 ** (len(multipliers) - 1)),
        "block_out_channels": [base * m for m in multipliers],
        "layers_per_block": 1,
        "attention_heads": 2,
        "norm_num_groups": 8,
        "time_embed_dim": 4 * base,
    }
    if config.text_conditioned:
        overrides.update(
            cross_attention_dim=64,
            text_encoder_width=64,
            text_encoder_layers=1,
            text_encoder_vocab_size=512,
            text_encoder_context=16,
        )
    return overrides


def timestep_features(timesteps: torch.Tensor, dim: int, max_period: float = 10000.0) -> torch.Tensor:
    """Sinusoidal timestep features [cos, sin] at geometric frequencies (Ho et al., 2020)."""
    half = dim // 2
    frequencies = torch.exp(
        -math.log(max_period) * torch.arange(half, dtype=torch.float32, device=timesteps.device) / half
    )
    angles = timesteps.float()[:, None] * frequencies[None]
    return torch.cat([angles.cos(), angles.sin()], dim=-1)


class TextAttention(nn.Module):
    """Causal multi-head self-attention of the CLIP text tower."""

    def __init__(self, width: int, heads: int):
        super().__init__()
        self.heads = heads
        self.q_proj = nn.Linear(width, width)
        self.k_proj = nn.Linear(width, width)
        self.v_proj = nn.Linear(width, width)
        self.o_proj = nn.Linear(width, width)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        batch, length, width = x.shape
        q, k, v = (
            proj(x).view(batch, length, self.heads, -1).transpose(1, 2)
            for proj in (self.q_proj, self.k_proj, self.v_proj)
        )
        out = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        return self.o_proj(out.transpose(1, 2).reshape(batch, length, width))


class TextMLP(nn.Module):
    def __init__(self, width: int):
        super().__init__()
        self.fc1 = nn.Linear(width, 4 * width)
        self.fc2 = nn.Linear(4 * width, width)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(F.gelu(self.fc1(x)))


class TextLayer(nn.Module):
    """Pre-LN block: x + attn(norm1(x)), then x + mlp(norm2(x))."""

    def __init__(self, width: int, heads: int):
        super().__init__()
        self.norm1 = nn.LayerNorm(width)
        self.self_attn = TextAttention(width, heads)
        self.norm2 = nn.LayerNorm(width)
        self.mlp = TextMLP(width)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.self_attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


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


class DownBlock(nn.Module):
    """One encoder level: layers_per_block ResNet blocks (each followed by a spatial transformer on
    attention levels), then a downsampler except on the deepest level. Returns the features after
    every ResNet/transformer pair and after the downsampler, for the skip connections."""

    def __init__(self, config: ModelConfig, in_channels: int, out_channels: int, attention: bool, downsample: bool):
        super().__init__()
        groups, context_dim = config.norm_num_groups, config.cross_attention_dim
        self.resnets = nn.ModuleList(
            ResnetBlock2D(in_channels if j == 0 else out_channels, out_channels, config.time_embed_dim, groups)
            for j in range(config.layers_per_block)
        )
        self.attentions = nn.ModuleList(
            SpatialTransformer(out_channels, config.attention_heads, context_dim, groups)
            for _ in range(config.layers_per_block if attention else 0)
        )
        self.downsamplers = nn.ModuleList([Downsample2D(out_channels)] if downsample else [])

    def forward(self, x: torch.Tensor, temb: torch.Tensor, context: torch.Tensor | None):
        states = []
        for j, resnet in enumerate(self.resnets):
            x = resnet(x, temb)
            if len(self.attentions) > 0:
                x = self.attentions[j](x, context)
            states.append(x)
        for downsampler in self.downsamplers:
            x = downsampler(x)
            states.append(x)
        return x, states


class MidBlock(nn.Module):
    """ResNet block, spatial transformer, ResNet block at the lowest resolution."""

    def __init__(self, config: ModelConfig, channels: int):
        super().__init__()
        groups, temb = config.norm_num_groups, config.time_embed_dim
        self.resnets = nn.ModuleList(ResnetBlock2D(channels, channels, temb, groups) for _ in range(2))
        self.attentions = nn.ModuleList(
            [SpatialTransformer(channels, config.attention_heads, config.cross_attention_dim, groups)]
        )

    def forward(self, x: torch.Tensor, temb: torch.Tensor, context: torch.Tensor | None) -> torch.Tensor:
        x = self.resnets[0](x, temb)
        x = self.attentions[0](x, context)
        return self.resnets[1](x, temb)


class UpBlock(nn.Module):
    """One decoder level: layers_per_block + 1 ResNet blocks, each fed the previous features
    concatenated with a skip connection, spatial transformers on attention levels, then an
    upsampler except on the last level."""

    def __init__(
        self,
        config: ModelConfig,
        in_channels: int,
        out_channels: int,
        skip_channels: list,
        attention: bool,
        upsample: bool,
    ):
        super().__init__()
        groups, context_dim = config.norm_num_groups, config.cross_attention_dim
        self.resnets = nn.ModuleList(
            ResnetBlock2D((in_channels if j == 0 else out_channels) + skip, out_channels, config.time_embed_dim, groups)
            for j, skip in enumerate(skip_channels)
        )
        self.attentions = nn.ModuleList(
            SpatialTransformer(out_channels, config.attention_heads, context_dim, groups)
            for _ in range(len(skip_channels) if attention else 0)
        )
        self.upsamplers = nn.ModuleList([Upsample2D(out_channels)] if upsample else [])

    def forward(self, x: torch.Tensor, temb: torch.Tensor, context: torch.Tensor | None, skips: list) -> torch.Tensor:
        for j, resnet in enumerate(self.resnets):
            x = resnet(torch.cat([x, skips.pop()], dim=1), temb)
            if len(self.attentions) > 0:
                x = self.attentions[j](x, context)
        for upsampler in self.upsamplers:
            x = upsampler(x, skips[-1].shape[-2:])
        return x


class MetaGenModel(nn.Module):
    """Latent-diffusion U-Net in the Stable Diffusion 1.x layout (Rombach et al., 2022), with its
    CLIP-text-like encoder as a component when text-conditioned.

    forward(latents, timesteps, conditioning) takes noisy latents (batch, in_channels, H, W)
    (sample_size square in training; the decoder upsamples to each skip's size, so any H and W
    work), diffusion timesteps (batch,) and, when text_conditioned, prompt token ids (batch, L)
    with L at most text_encoder_context (None otherwise), and returns the predicted noise
    (batch, out_channels, H, W).
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        channels = config.block_out_channels
        levels = len(channels)
        self.conv_in = nn.Conv2d(config.in_channels, channels[0], 3, padding=1)
        self.time_embedding = TimestepEmbedding(channels[0], config.time_embed_dim)
        skip_channels, previous, down_blocks = [channels[0]], channels[0], []
        for i, out in enumerate(channels):
            last = i == levels - 1
            down_blocks.append(DownBlock(config, previous, out, config.attention_levels[i], not last))
            skip_channels += [out] * (config.layers_per_block + (0 if last else 1))
            previous = out
        self.down_blocks = nn.ModuleList(down_blocks)
        self.mid_block = MidBlock(config, previous)
        up_blocks = []
        for i in range(levels):
            level = levels - 1 - i
            skips = [skip_channels.pop() for _ in range(config.layers_per_block + 1)]
            out = channels[level]
            up_blocks.append(UpBlock(config, previous, out, skips, config.attention_levels[level], i < levels - 1))
            previous = out
        self.up_blocks = nn.ModuleList(up_blocks)
        self.conv_norm_out = nn.GroupNorm(config.norm_num_groups, channels[0], eps=1e-5)
        self.conv_out = nn.Conv2d(channels[0], config.out_channels, 3, padding=1)
        self.text_encoder = TextEncoder(config) if config.text_conditioned else None
        self._init_weights()

    def _init_weights(self) -> None:
        """PyTorch defaults, with the output convolution of every residual branch and of the
        network zeroed (as in LDM) so each block starts as the identity and the first prediction
        is zero; normal(0, 0.02) for the text encoder's embeddings and projections."""
        for module in self.modules():
            if isinstance(module, ResnetBlock2D):
                nn.init.zeros_(module.conv2.weight)
                nn.init.zeros_(module.conv2.bias)
            elif isinstance(module, SpatialTransformer):
                nn.init.zeros_(module.proj_out.weight)
                nn.init.zeros_(module.proj_out.bias)
        nn.init.zeros_(self.conv_out.weight)
        nn.init.zeros_(self.conv_out.bias)
        if self.text_encoder is not None:
            for module in self.text_encoder.modules():
                if isinstance(module, (nn.Linear, nn.Embedding)):
                    nn.init.normal_(module.weight, std=0.02)
                if isinstance(module, nn.Linear):
                    nn.init.zeros_(module.bias)

    def forward(
        self,
        latents: torch.Tensor,
        timesteps: torch.Tensor,
        conditioning: torch.Tensor | None = None,
    ) -> torch.Tensor:
        temb = self.time_embedding(timestep_features(timesteps, self.config.block_out_channels[0]).to(latents.dtype))
        context = self.text_encoder(conditioning) if self.text_encoder is not None else None
        x = self.conv_in(latents)
        skips = [x]
        for block in self.down_blocks:
            x, states = block(x, temb, context)
            skips.extend(states)
        x = self.mid_block(x, temb, context)
        for block in self.up_blocks:
            x = block(x, temb, context, skips)
        return self.conv_out(F.silu(self.conv_norm_out(x)))
