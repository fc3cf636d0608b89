# uses: unet_blocks
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
