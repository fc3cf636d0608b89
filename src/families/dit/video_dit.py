# uses: dit_blocks
def tiny_overrides(config: ModelConfig) -> dict:
    """Same video DiT (tubelet patches, adaLN-Zero blocks, cross-attention to text), on 2 x 4 x 4
    tubelets of a small latent clip."""
    patch = config.patch_size if config.patch_size <= 4 else 2
    temporal = min(config.temporal_patch, 2)
    return {
        "input_size": 4 * patch,
        "patch_size": patch,
        "num_frames": 2 * temporal,
        "temporal_patch": temporal,
        "hidden_size": 64,
        "depth": 2,
        "num_heads": 4,
        "timestep_freq_dim": 64,
        "num_tokens": 32,
        "text_encoder_width": 64,
        "text_encoder_layers": 1,
        "text_encoder_vocab_size": 512,
        "text_encoder_context": 16,
    }


def sincos_3d(dim: int, frames: int, grid: int) -> torch.Tensor:
    """Fixed 3-D table (frames * grid * grid, dim), tokens frame-major then row-major: a quarter
    of the channels encode the frame, the rest the 2-D position within it."""
    temporal = dim // 4
    time = sincos_1d(temporal, torch.arange(frames))
    space = sincos_2d(dim - temporal, grid)
    table = torch.cat(
        [time[:, None].expand(-1, grid * grid, -1), space[None].expand(frames, -1, -1)],
        dim=-1,
    )
    return table.reshape(frames * grid * grid, dim)


class PatchEmbed(nn.Module):
    """Non-overlapping tubelet convolution (temporal_patch x patch x patch): latents
    (B, C, T, H, W) to tokens (B, N, hidden)."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        kernel = (config.temporal_patch, config.patch_size, config.patch_size)
        self.proj = nn.Conv3d(config.in_channels, config.hidden_size, kernel, stride=kernel)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.proj(x).flatten(2).transpose(1, 2)


class MetaGenModel(nn.Module):
    """Text-to-video diffusion transformer: DiT's adaLN-Zero blocks (Peebles and Xie, 2023) over
    spatio-temporal tubelet tokens with a fixed 3-D sin-cos table, cross-attention to a
    CLIP-text-like encoder in every block (PixArt-alpha style).

    forward(latents, timesteps, conditioning) takes noisy latent clips (batch, num_frames,
    in_channels, input_size, input_size), diffusion timesteps (batch,) and prompt token ids
    (batch, L) with L at most text_encoder_context. It returns (batch, num_frames,
    2 * in_channels, input_size, input_size) with learn_sigma (the predicted noise, then the
    variance interpolation) or (batch, num_frames, in_channels, input_size, input_size) without.
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        self.out_channels = config.in_channels * (2 if config.learn_sigma else 1)
        self.grid = config.input_size // config.patch_size
        self.time_grid = config.num_frames // config.temporal_patch
        self.x_embedder = PatchEmbed(config)
        self.t_embedder = TimestepEmbedder(config)
        self.y_embedder = CaptionEmbedder(config)
        tokens = self.time_grid * self.grid**2
        self.pos_embed = nn.Parameter(torch.zeros(1, tokens, config.hidden_size), requires_grad=False)
        self.blocks = nn.ModuleList(DiTBlock(config, cross=True) for _ in range(config.depth))
        self.final_layer = FinalLayer(config, self.out_channels, config.temporal_patch * config.patch_size**2)
        self.text_encoder = TextEncoder(config)
        self._init_weights()

    def _init_weights(self) -> None:
        """DiT's initialisation: Xavier-uniform linears with zero bias, normal(0, 0.02) embeddings
        and timestep MLP, the fixed sin-cos table, and zeroed adaLN modulation and output layer
        so every block starts as the identity and the first prediction is zero."""
        for module in self.modules():
            if isinstance(module, nn.Linear):
                nn.init.xavier_uniform_(module.weight)
                nn.init.zeros_(module.bias)
            elif isinstance(module, nn.Embedding):
                nn.init.normal_(module.weight, std=0.02)
        with torch.no_grad():
            self.pos_embed.copy_(sincos_3d(self.config.hidden_size, self.time_grid, self.grid)[None])
        proj = self.x_embedder.proj
        nn.init.xavier_uniform_(proj.weight.view(proj.weight.shape[0], -1))
        nn.init.zeros_(proj.bias)
        for layer in (self.t_embedder.mlp[0], self.t_embedder.mlp[2]):
            nn.init.normal_(layer.weight, std=0.02)
        for block in self.blocks:
            nn.init.zeros_(block.adaLN_modulation[-1].weight)
            nn.init.zeros_(block.adaLN_modulation[-1].bias)
        for layer in (self.final_layer.adaLN_modulation[-1], self.final_layer.linear):
            nn.init.zeros_(layer.weight)
            nn.init.zeros_(layer.bias)

    def unpatchify(self, x: torch.Tensor) -> torch.Tensor:
        """(B, tokens, temporal_patch * patch * patch * C) to (B, frames, C, height, width)."""
        kt, patch, grid, frames = self.config.temporal_patch, self.config.patch_size, self.grid, self.time_grid
        x = x.view(x.shape[0], frames, grid, grid, kt, patch, patch, self.out_channels)
        x = x.permute(0, 1, 4, 7, 2, 5, 3, 6)
        return x.reshape(x.shape[0], frames * kt, self.out_channels, grid * patch, grid * patch)

    def forward(self, latents: torch.Tensor, timesteps: torch.Tensor, conditioning: torch.Tensor) -> torch.Tensor:
        x = self.x_embedder(latents.transpose(1, 2)) + self.pos_embed
        c = self.t_embedder(timesteps)
        context = self.y_embedder(self.text_encoder(conditioning))
        for block in self.blocks:
            x = block(x, c, context)
        return self.unpatchify(self.final_layer(x, c))
