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
        add_unet_levels(self, config, DownBlock, MidBlock, UpBlock)
        self.text_encoder = TextEncoder(config) if config.text_conditioned else None
        self._init_weights()

    def _init_weights(self) -> None:
        init_unet_weights(self, (SpatialTransformer,))

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
