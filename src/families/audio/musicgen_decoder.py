def tiny_overrides(config: ModelConfig) -> dict:
    """Same layout (K summed codebook embeddings, sinusoidal positions, cross-attention to a
    CLIP-style text encoder, K heads), laptop-sized: 32 codes per codebook, 32 positions."""
    overrides = {
        "hidden_size": 64,
        "num_layers": 2,
        "num_heads": 4,
        "ffn_dim": 128,
        "codebook_size": 32,
        "max_frames": 32,
    }
    if config.text_conditioned:
        overrides.update(
            text_encoder_width=64, text_encoder_layers=2, text_vocab_size=256, text_context_length=16
        )
    if config.audio_conditioned:
        overrides.update(chroma_frames=8)
    return overrides


def sinusoidal_positions(length: int, dim: int, device: torch.device) -> torch.Tensor:
    """MusicGen's position table (length, dim): cosines then sines over geometric frequencies."""
    half = dim // 2
    frequencies = torch.exp(
        torch.arange(half, device=device, dtype=torch.float32) * (-math.log(10000.0) / (half - 1))
    )
    angles = torch.arange(length, device=device, dtype=torch.float32).unsqueeze(1) * frequencies.unsqueeze(0)
    return torch.cat([angles.cos(), angles.sin()], dim=1)


class Attention(nn.Module):
    """Multi-head attention: self-attention (optionally causal) when no context is given,
    cross-attention over the context otherwise."""

    def __init__(self, dim: int, heads: int, bias: bool):
        super().__init__()
        self.heads = heads
        self.q_proj = nn.Linear(dim, dim, bias=bias)
        self.k_proj = nn.Linear(dim, dim, bias=bias)
        self.v_proj = nn.Linear(dim, dim, bias=bias)
        self.o_proj = nn.Linear(dim, dim, bias=bias)

    def split_heads(self, x: torch.Tensor) -> torch.Tensor:
        batch, length, dim = x.shape
        return x.view(batch, length, self.heads, dim // self.heads).transpose(1, 2)

    def forward(
        self, x: torch.Tensor, context: torch.Tensor | None = None, causal: bool = False
    ) -> torch.Tensor:
        source = x if context is None else context
        q = self.split_heads(self.q_proj(x))
        k = self.split_heads(self.k_proj(source))
        v = self.split_heads(self.v_proj(source))
        out = F.scaled_dot_product_attention(q, k, v, is_causal=causal)
        return self.o_proj(out.transpose(1, 2).reshape(x.shape))


class GeluMlp(nn.Module):
    def __init__(self, dim: int, hidden: int, bias: bool):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden, bias=bias)
        self.fc2 = nn.Linear(hidden, dim, bias=bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(F.gelu(self.fc1(x)))


class Block(nn.Module):
    """Pre-LN block: causal self-attention, cross-attention to the text when conditioned, then
    the MLP, each as x + sublayer(norm(x))."""

    def __init__(self, dim: int, heads: int, ffn: int, bias: bool, cross: bool):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.self_attn = Attention(dim, heads, bias)
        if cross:
            self.norm_cross = nn.LayerNorm(dim)
            self.cross_attn = Attention(dim, heads, bias)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = GeluMlp(dim, ffn, bias)

    def forward(self, x: torch.Tensor, context: torch.Tensor | None = None) -> torch.Tensor:
        x = x + self.self_attn(self.norm1(x), causal=True)
        if context is not None:
            x = x + self.cross_attn(self.norm_cross(x), context=context)
        return x + self.mlp(self.norm2(x))


class TextEncoder(nn.Module):
    """CLIP-style text encoder: token and learned position embeddings, causal pre-LN blocks
    with biases, a final LayerNorm. MusicGen keeps a pretrained encoder frozen; nothing is
    downloaded here, so it trains with the decoder."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        width = config.text_encoder_width
        self.token_embedding = nn.Embedding(config.text_vocab_size, width)
        self.position_embedding = nn.Embedding(config.text_context_length, width)
        heads = max(1, width // 64)
        self.layers = nn.ModuleList(
            Block(width, heads, 4 * width, bias=True, cross=False) for _ in range(config.text_encoder_layers)
        )
        self.final_layer_norm = nn.LayerNorm(width)

    def forward(self, text_ids: torch.Tensor) -> torch.Tensor:
        x = self.token_embedding(text_ids) + self.position_embedding.weight[: text_ids.shape[1]]
        for layer in self.layers:
            x = layer(x)
        return self.final_layer_norm(x)


class MetaGenModel(nn.Module):
    """MusicGen-style decoder (Copet et al., 2023) over K parallel streams of audio-codec codes.

    forward(codes, text_ids=None, chroma=None) takes codes of shape (batch, K, length) with
    values in [0, codebook_size] (codebook_size is the special token that fills the gaps of
    the delay pattern and starts every sequence), token ids (batch, text_length) for the
    description when config.text_conditioned, and a chroma melody (batch, frames,
    chroma_bins) when config.audio_conditioned. The K code embeddings are summed, sinusoidal
    positions added, the projected chroma is prepended, and every block cross-attends to the
    projected text encoding. Returns next-step logits (batch, K, length, codebook_size).
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        dim = config.hidden_size
        self.embed_tokens = nn.ModuleList(
            nn.Embedding(config.codebook_size + 1, dim) for _ in range(config.num_codebooks)
        )
        self.layers = nn.ModuleList(
            Block(dim, config.num_heads, config.ffn_dim, bias=False, cross=config.text_conditioned)
            for _ in range(config.num_layers)
        )
        self.layer_norm = nn.LayerNorm(dim)
        self.lm_heads = nn.ModuleList(
            nn.Linear(dim, config.codebook_size, bias=False) for _ in range(config.num_codebooks)
        )
        if config.text_conditioned:
            self.enc_to_dec_proj = nn.Linear(config.text_encoder_width, dim)
            self.text_encoder = TextEncoder(config)
        if config.audio_conditioned:
            self.audio_enc_to_dec_proj = nn.Linear(config.chroma_bins, dim)
        self.apply(self._init_weights)

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        """Normal(0, 0.02) for projections and embeddings, zero biases."""
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
        if isinstance(module, nn.Linear) and module.bias is not None:
            nn.init.zeros_(module.bias)

    def forward(
        self, codes: torch.Tensor, text_ids: torch.Tensor | None = None, chroma: torch.Tensor | None = None
    ) -> torch.Tensor:
        x = sum(embed(codes[:, k]) for k, embed in enumerate(self.embed_tokens))
        prefix = 0
        if chroma is not None:
            prefix = chroma.shape[1]
            x = torch.cat([self.audio_enc_to_dec_proj(chroma.to(x.dtype)), x], dim=1)
        x = x + sinusoidal_positions(x.shape[1], x.shape[2], x.device).to(x.dtype)
        context = None
        if text_ids is not None:
            context = self.enc_to_dec_proj(self.text_encoder(text_ids))
        for layer in self.layers:
            x = layer(x, context)
        x = self.layer_norm(x[:, prefix:])
        return torch.stack([head(x) for head in self.lm_heads], dim=1)
