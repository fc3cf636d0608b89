# uses: dit_blocks
def tiny_overrides(config: ModelConfig) -> dict:
    """Same DiT (adaLN-Zero blocks, conditioning, learn_sigma), on 4x4 patches of a small latent."""
    patch = config.patch_size if config.patch_size <= 4 else 2
    overrides = {
        "input_size": 4 * patch,
        "patch_size": patch,
        "hidden_size": 64,
        "depth": 2,
        "num_heads": 4,
        "timestep_freq_dim": 64,
        "num_tokens": 16,
    }
    if hasattr(config, "num_classes"):
        overrides["num_classes"] = min(config.num_classes, 8)
    if hasattr(config, "text_encoder_width"):
        overrides.update(
            text_encoder_width=64,
            text_encoder_layers=1,
            text_encoder_vocab_size=512,
            text_encoder_context=16,
        )
    return overrides


class PatchEmbed(nn.Module):
    """Non-overlapping patch x patch convolution: latents (B, C, H, W) to tokens (B, N, hidden)."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.proj = nn.Conv2d(config.in_channels, config.hidden_size, config.patch_size, stride=config.patch_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.proj(x).flatten(2).transpose(1, 2)


class LabelEmbedder(nn.Module):
    """Class embedding table with one extra row, the "null" class used for classifier-free
    guidance: while training, labels are replaced by it with probability class_dropout_prob."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.num_classes = config.num_classes
        self.dropout_prob = config.class_dropout_prob
        self.embedding_table = nn.Embedding(config.num_classes + 1, config.hidden_size)

    def forward(self, labels: torch.Tensor) -> torch.Tensor:
        if self.training and self.dropout_prob > 0:
            drop = torch.rand(labels.shape, device=labels.device) < self.dropout_prob
            labels = torch.where(drop, torch.full_like(labels, self.num_classes), labels)
        return self.embedding_table(labels)


class MetaGenModel(nn.Module):
    """Diffusion transformer with adaLN-Zero (Peebles and Xie, 2023), class-, text- or
    un-conditioned.

    forward(latents, timesteps, conditioning) takes noisy latents (batch, in_channels,
    input_size, input_size), diffusion timesteps (batch,) and the condition: class labels
    (batch,) in [0, num_classes] (num_classes is the null class), prompt token ids (batch, L) with
    L at most text_encoder_context, or None for an unconditional model. It returns (batch,
    2 * in_channels, input_size, input_size) with learn_sigma (the predicted noise, then the
    variance interpolation) or (batch, in_channels, input_size, input_size) without.
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        self.out_channels = config.in_channels * (2 if config.learn_sigma else 1)
        self.grid = config.input_size // config.patch_size
        text = hasattr(config, "text_encoder_width")
        self.x_embedder = PatchEmbed(config)
        self.t_embedder = TimestepEmbedder(config)
        if hasattr(config, "num_classes"):
            self.y_embedder = LabelEmbedder(config)
        elif text:
            self.y_embedder = CaptionEmbedder(config)
        else:
            self.y_embedder = None
        self.pos_embed = nn.Parameter(torch.zeros(1, self.grid**2, config.hidden_size), requires_grad=False)
        self.blocks = nn.ModuleList(DiTBlock(config, cross=text) for _ in range(config.depth))
        self.final_layer = FinalLayer(config, self.out_channels, config.patch_size**2)
        self.text_encoder = TextEncoder(config) if text else None
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
            self.pos_embed.copy_(sincos_2d(self.config.hidden_size, self.grid)[None])
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
        """(B, grid * grid, patch * patch * C) to (B, C, grid * patch, grid * patch)."""
        patch, grid = self.config.patch_size, self.grid
        x = x.view(x.shape[0], grid, grid, patch, patch, self.out_channels)
        return x.permute(0, 5, 1, 3, 2, 4).reshape(x.shape[0], self.out_channels, grid * patch, grid * patch)

    def forward(
        self,
        latents: torch.Tensor,
        timesteps: torch.Tensor,
        conditioning: torch.Tensor | None = None,
    ) -> torch.Tensor:
        x = self.x_embedder(latents) + self.pos_embed
        c = self.t_embedder(timesteps)
        context = None
        if self.text_encoder is not None:
            context = self.y_embedder(self.text_encoder(conditioning))
        elif self.y_embedder is not None:
            c = c + self.y_embedder(conditioning)
        for block in self.blocks:
            x = block(x, c, context)
        return self.unpatchify(self.final_layer(x, c))
