# uses: unet_blocks
def tiny_overrides(config: ModelConfig) -> dict:
    """Same video U-Net (levels, channel multipliers, spatial and temporal transformers,
    cross-attention), laptop-sized, on 2-frame clips."""
    base = 16
    multipliers = [channels // config.block_out_channels[0] for channels in config.block_out_channels]
    return {
        "sample_size": max(8, 2 ** (len(multipliers) - 1)),
        "num_frames": 2,
        "block_out_channels": [base * m for m in multipliers],
        "layers_per_block": 1,
        "attention_heads": 2,
        "norm_num_groups": 8,
        "time_embed_dim": 4 * base,
        "cross_attention_dim": 64,
        "text_encoder_width": 64,
        "text_encoder_layers": 1,
        "text_encoder_vocab_size": 512,
        "text_encoder_context": 16,
    }


class TemporalBlock(nn.Module):
    """Self-attention along time and a GEGLU feed-forward, pre-LayerNorm residual branches."""

    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn1 = Attention(dim, heads)
        self.norm3 = nn.LayerNorm(dim)
        self.ff = FeedForward(dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attn1(self.norm1(x))
        return x + self.ff(self.norm3(x))


class TemporalTransformer(nn.Module):
    """AnimateDiff-style motion module (Guo et al., 2023): GN over the whole clip, linear proj_in,
    sinusoidal frame positions, attention across the frames at every spatial location, linear
    proj_out (zero-initialised, so the module starts as the identity), residual."""

    def __init__(self, channels: int, heads: int, groups: int):
        super().__init__()
        self.norm = nn.GroupNorm(groups, channels, eps=1e-6)
        self.proj_in = nn.Linear(channels, channels)
        self.transformer_blocks = nn.ModuleList([TemporalBlock(channels, heads)])
        self.proj_out = nn.Linear(channels, channels)

    def forward(self, x: torch.Tensor, frames: int) -> torch.Tensor:
        """x: (batch * frames, C, H, W), frames of one clip adjacent."""
        total, channels, height, width = x.shape
        clips = total // frames
        h = x.reshape(clips, frames, channels, height, width).transpose(1, 2)
        h = self.norm(h).permute(0, 3, 4, 2, 1).reshape(clips * height * width, frames, channels)
        positions = torch.arange(frames, device=x.device)
        h = self.proj_in(h) + timestep_features(positions, channels).to(h.dtype)
        for block in self.transformer_blocks:
            h = block(h)
        h = self.proj_out(h).reshape(clips, height, width, frames, channels)
        return x + h.permute(0, 3, 4, 1, 2).reshape(total, channels, height, width)


class DownBlock(nn.Module):
    """One encoder level: layers_per_block ResNet blocks, each followed by a spatial transformer
    on attention levels and a motion module, then a downsampler except on the deepest level.
    Returns the features after every layer and after the downsampler, for the skip
    connections."""

    def __init__(self, config: ModelConfig, in_channels: int, out_channels: int, attention: bool, downsample: bool):
        super().__init__()
        groups, context_dim, heads = config.norm_num_groups, config.cross_attention_dim, config.attention_heads
        self.resnets = nn.ModuleList(
            ResnetBlock2D(in_channels if j == 0 else out_channels, out_channels, config.time_embed_dim, groups)
            for j in range(config.layers_per_block)
        )
        self.attentions = nn.ModuleList(
            SpatialTransformer(out_channels, heads, context_dim, groups)
            for _ in range(config.layers_per_block if attention else 0)
        )
        self.motion_modules = nn.ModuleList(
            TemporalTransformer(out_channels, heads, groups) for _ in range(config.layers_per_block)
        )
        self.downsamplers = nn.ModuleList([Downsample2D(out_channels)] if downsample else [])

    def forward(self, x: torch.Tensor, temb: torch.Tensor, context: torch.Tensor, frames: int):
        states = []
        for j, resnet in enumerate(self.resnets):
            x = resnet(x, temb)
            if len(self.attentions) > 0:
                x = self.attentions[j](x, context)
            x = self.motion_modules[j](x, frames)
            states.append(x)
        for downsampler in self.downsamplers:
            x = downsampler(x)
            states.append(x)
        return x, states


class MidBlock(nn.Module):
    """ResNet block, spatial transformer, motion module, ResNet block at the lowest resolution."""

    def __init__(self, config: ModelConfig, channels: int):
        super().__init__()
        groups, temb, heads = config.norm_num_groups, config.time_embed_dim, config.attention_heads
        self.resnets = nn.ModuleList(ResnetBlock2D(channels, channels, temb, groups) for _ in range(2))
        self.attentions = nn.ModuleList([SpatialTransformer(channels, heads, config.cross_attention_dim, groups)])
        self.motion_modules = nn.ModuleList([TemporalTransformer(channels, heads, groups)])

    def forward(self, x: torch.Tensor, temb: torch.Tensor, context: torch.Tensor, frames: int) -> torch.Tensor:
        x = self.resnets[0](x, temb)
        x = self.attentions[0](x, context)
        x = self.motion_modules[0](x, frames)
        return self.resnets[1](x, temb)


class UpBlock(nn.Module):
    """One decoder level: layers_per_block + 1 ResNet blocks, each fed the previous features
    concatenated with a skip connection and followed by a spatial transformer on attention
    levels and a motion module, then an upsampler except on the last level."""

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
        groups, context_dim, heads = config.norm_num_groups, config.cross_attention_dim, config.attention_heads
        self.resnets = nn.ModuleList(
            ResnetBlock2D((in_channels if j == 0 else out_channels) + skip, out_channels, config.time_embed_dim, groups)
            for j, skip in enumerate(skip_channels)
        )
        self.attentions = nn.ModuleList(
            SpatialTransformer(out_channels, heads, context_dim, groups)
            for _ in range(len(skip_channels) if attention else 0)
        )
        self.motion_modules = nn.ModuleList(
            TemporalTransformer(out_channels, heads, groups) for _ in range(len(skip_channels))
        )
        self.upsamplers = nn.ModuleList([Upsample2D(out_channels)] if upsample else [])

    def forward(self, x: torch.Tensor, temb: torch.Tensor, context: torch.Tensor, frames: int, skips: list):
        for j, resnet in enumerate(self.resnets):
            x = resnet(torch.cat([x, skips.pop()], dim=1), temb)
            if len(self.attentions) > 0:
                x = self.attentions[j](x, context)
            x = self.motion_modules[j](x, frames)
        for upsampler in self.upsamplers:
            x = upsampler(x, skips[-1].shape[-2:])
        return x


class MetaGenModel(nn.Module):
    """Text-to-video latent-diffusion U-Net: the Stable Diffusion 1.x U-Net (Rombach et al., 2022)
    applied to every frame, with a motion module (temporal transformer) after every ResNet block
    as in AnimateDiff, and its CLIP-text-like encoder as a component.

    forward(latents, timesteps, conditioning) takes noisy latent clips (batch, frames,
    in_channels, H, W) (num_frames of sample_size squares in training), diffusion timesteps
    (batch,) and prompt token ids (batch, L) with L at most text_encoder_context, and returns the
    predicted noise (batch, frames, out_channels, H, W).
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        add_unet_levels(self, config, DownBlock, MidBlock, UpBlock)
        self.text_encoder = TextEncoder(config)
        self._init_weights()

    def _init_weights(self) -> None:
        init_unet_weights(self, (SpatialTransformer, TemporalTransformer))

    def forward(self, latents: torch.Tensor, timesteps: torch.Tensor, conditioning: torch.Tensor) -> torch.Tensor:
        batch, frames = latents.shape[:2]
        temb = self.time_embedding(timestep_features(timesteps, self.config.block_out_channels[0]).to(latents.dtype))
        temb = temb.repeat_interleave(frames, dim=0)
        context = self.text_encoder(conditioning).repeat_interleave(frames, dim=0)
        x = self.conv_in(latents.flatten(0, 1))
        skips = [x]
        for block in self.down_blocks:
            x, states = block(x, temb, context, frames)
            skips.extend(states)
        x = self.mid_block(x, temb, context, frames)
        for block in self.up_blocks:
            x = block(x, temb, context, frames, skips)
        x = self.conv_out(F.silu(self.conv_norm_out(x)))
        return x.view(batch, frames, *x.shape[1:])
