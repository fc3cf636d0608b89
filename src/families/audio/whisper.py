def tiny_overrides(config: ModelConfig) -> dict:
    """Same encoder-decoder layout (two-conv front end, frozen sinusoidal encoder positions,
    tied output projection), laptop-sized: 64 frames of 32 mel bins, 16 decoder positions."""
    return {
        "d_model": 64,
        "encoder_layers": 2,
        "decoder_layers": 2,
        "num_heads": 4,
        "ffn_dim": 128,
        "vocab_size": 64,
        "num_mel_bins": 32,
        "max_source_positions": 32,
        "max_target_positions": 16,
    }


def sinusoids(length: int, channels: int, max_timescale: float = 10000.0) -> torch.Tensor:
    """Whisper's encoder position table: sines then cosines over geometric timescales."""
    log_increment = math.log(max_timescale) / (channels // 2 - 1)
    inv_timescales = torch.exp(-log_increment * torch.arange(channels // 2, dtype=torch.float32))
    scaled_time = torch.arange(length, dtype=torch.float32).unsqueeze(1) * inv_timescales.unsqueeze(0)
    return torch.cat([scaled_time.sin(), scaled_time.cos()], dim=1)


class Attention(nn.Module):
    """Multi-head attention: self-attention (optionally causal) when no context is given,
    cross-attention over the context otherwise. As in Whisper, the query, value and output
    projections have biases and the key projection has none."""

    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.heads = heads
        self.q_proj = nn.Linear(dim, dim)
        self.k_proj = nn.Linear(dim, dim, bias=False)
        self.v_proj = nn.Linear(dim, dim)
        self.o_proj = nn.Linear(dim, dim)

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
    def __init__(self, dim: int, hidden: int):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(F.gelu(self.fc1(x)))


class Block(nn.Module):
    """Pre-LN block: self-attention, then (decoder only) cross-attention to the audio, then
    the MLP, each as x + sublayer(norm(x))."""

    def __init__(self, config: ModelConfig, cross: bool):
        super().__init__()
        self.norm1 = nn.LayerNorm(config.d_model)
        self.self_attn = Attention(config.d_model, config.num_heads)
        if cross:
            self.norm_cross = nn.LayerNorm(config.d_model)
            self.cross_attn = Attention(config.d_model, config.num_heads)
        self.norm2 = nn.LayerNorm(config.d_model)
        self.mlp = GeluMlp(config.d_model, config.ffn_dim)

    def forward(self, x: torch.Tensor, audio: torch.Tensor | None = None) -> torch.Tensor:
        x = x + self.self_attn(self.norm1(x), causal=audio is not None)
        if audio is not None:
            x = x + self.cross_attn(self.norm_cross(x), context=audio)
        return x + self.mlp(self.norm2(x))


class AudioEncoder(nn.Module):
    """Two Conv1d + GELU over the log-mel (the second halves the frame rate), frozen sinusoidal
    positions, pre-LN blocks and a final LayerNorm."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.conv1 = nn.Conv1d(config.num_mel_bins, config.d_model, kernel_size=3, padding=1)
        self.conv2 = nn.Conv1d(config.d_model, config.d_model, kernel_size=3, stride=2, padding=1)
        self.embed_positions = nn.Embedding(config.max_source_positions, config.d_model)
        self.embed_positions.weight.requires_grad_(False)
        self.layers = nn.ModuleList(Block(config, cross=False) for _ in range(config.encoder_layers))
        self.layer_norm = nn.LayerNorm(config.d_model)

    def forward(self, input_features: torch.Tensor) -> torch.Tensor:
        x = F.gelu(self.conv1(input_features))
        x = F.gelu(self.conv2(x)).transpose(1, 2)
        x = x + self.embed_positions.weight[: x.shape[1]]
        for layer in self.layers:
            x = layer(x)
        return self.layer_norm(x)


class TextDecoder(nn.Module):
    """Token embeddings plus learned positions, causal pre-LN blocks with cross-attention to
    the encoded audio, and a final LayerNorm."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.embed_tokens = nn.Embedding(config.vocab_size, config.d_model)
        self.embed_positions = nn.Embedding(config.max_target_positions, config.d_model)
        self.layers = nn.ModuleList(Block(config, cross=True) for _ in range(config.decoder_layers))
        self.layer_norm = nn.LayerNorm(config.d_model)

    def forward(self, decoder_input_ids: torch.Tensor, audio: torch.Tensor) -> torch.Tensor:
        x = self.embed_tokens(decoder_input_ids) + self.embed_positions.weight[: decoder_input_ids.shape[1]]
        for layer in self.layers:
            x = layer(x, audio)
        return self.layer_norm(x)


class MetaGenModel(nn.Module):
    """Whisper-style speech recogniser (Radford et al., 2022): an audio encoder over log-mel
    spectrograms and a text decoder that cross-attends to it.

    forward(input_features, decoder_input_ids) takes a log-mel spectrogram of shape
    (batch, num_mel_bins, frames), frames even and at most 2 * max_source_positions (Whisper
    pads 30 s to 3000 frames), and decoder token ids (batch, length), length at most
    max_target_positions. It returns next-token logits (batch, length, vocab_size); the
    output projection shares its weight with the decoder's token embedding.
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        self.encoder = AudioEncoder(config)
        self.decoder = TextDecoder(config)
        self.proj_out = nn.Linear(config.d_model, config.vocab_size, bias=False)
        self.proj_out.weight = self.decoder.embed_tokens.weight
        self.apply(self._init_weights)
        with torch.no_grad():
            positions = self.encoder.embed_positions.weight
            positions.copy_(sinusoids(config.max_source_positions, config.d_model).to(positions.device))

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        """Normal(0, 0.02) for projections and embeddings, zero biases."""
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
        if isinstance(module, nn.Linear) and module.bias is not None:
            nn.init.zeros_(module.bias)

    def forward(self, input_features: torch.Tensor, decoder_input_ids: torch.Tensor) -> torch.Tensor:
        audio = self.encoder(input_features)
        return self.proj_out(self.decoder(decoder_input_ids, audio))
