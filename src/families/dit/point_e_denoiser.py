# uses: timestep_features
def tiny_overrides(config: ModelConfig) -> dict:
    """Same denoiser (time and text tokens, pre-LN transformer over the points), laptop-sized."""
    return {
        "num_points": 64,
        "hidden_size": 64,
        "num_layers": 2,
        "num_heads": 4,
        "mlp_dim": 256,
        "text_encoder_width": 64,
        "text_encoder_layers": 1,
        "text_encoder_vocab_size": 512,
        "text_encoder_context": 16,
    }


class Attention(nn.Module):
    """Multi-head self-attention; causal for the text encoder, over all tokens for the points."""

    def __init__(self, width: int, heads: int, causal: bool):
        super().__init__()
        self.heads = heads
        self.causal = causal
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
        out = F.scaled_dot_product_attention(q, k, v, is_causal=self.causal)
        return self.o_proj(out.transpose(1, 2).reshape(batch, length, width))


class MLP(nn.Module):
    def __init__(self, width: int, hidden: int):
        super().__init__()
        self.fc1 = nn.Linear(width, hidden)
        self.fc2 = nn.Linear(hidden, width)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(F.gelu(self.fc1(x)))


class Block(nn.Module):
    """Pre-LN block: x + attn(norm1(x)), then x + mlp(norm2(x))."""

    def __init__(self, width: int, heads: int, mlp_dim: int, causal: bool):
        super().__init__()
        self.norm1 = nn.LayerNorm(width)
        self.self_attn = Attention(width, heads, causal)
        self.norm2 = nn.LayerNorm(width)
        self.mlp = MLP(width, mlp_dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.self_attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class TextEncoder(nn.Module):
    """CLIP-text-like encoder (Radford et al., 2021): token + learned position embeddings, causal
    pre-LN blocks with head width 64, final LayerNorm. The prompt embedding is the final hidden
    state at the end-of-text token, the highest id in the sequence as in CLIP."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        width = config.text_encoder_width
        heads = max(1, width // 64)
        self.token_embedding = nn.Embedding(config.text_encoder_vocab_size, width)
        self.position_embedding = nn.Embedding(config.text_encoder_context, width)
        self.layers = nn.ModuleList(
            Block(width, heads, 4 * width, causal=True) for _ in range(config.text_encoder_layers)
        )
        self.final_layer_norm = nn.LayerNorm(width)

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        x = self.token_embedding(input_ids) + self.position_embedding.weight[: input_ids.shape[1]]
        for layer in self.layers:
            x = layer(x)
        x = self.final_layer_norm(x)
        rows = torch.arange(x.shape[0], device=x.device)
        return x[rows, input_ids.argmax(dim=-1)]


class MetaGenModel(nn.Module):
    """Point-E style text-conditioned point-cloud denoiser (Nichol et al., 2022): each point's
    (xyz, rgb) is projected to a token; a timestep token and a prompt-embedding token join them;
    a pre-LN transformer without positional embeddings (the points are a set) processes all
    tokens, and each point token is read out as its predicted noise and variance.

    forward(points, timesteps, conditioning) takes noisy points (batch, N, point_channels), any
    N (num_points in training), diffusion timesteps (batch,) and prompt token ids (batch, L) with
    L at most text_encoder_context, and returns (batch, N, 2 * point_channels): the predicted
    noise, then the variance interpolation.
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        width = config.hidden_size
        self.input_proj = nn.Linear(config.point_channels, width)
        self.time_embed = nn.Sequential(nn.Linear(width, 4 * width), nn.GELU(), nn.Linear(4 * width, width))
        self.clip_embed = nn.Linear(config.text_encoder_width, width)
        self.ln_pre = nn.LayerNorm(width)
        self.backbone = nn.ModuleList(
            Block(width, config.num_heads, config.mlp_dim, causal=False) for _ in range(config.num_layers)
        )
        self.ln_post = nn.LayerNorm(width)
        self.output_proj = nn.Linear(width, 2 * config.point_channels)
        self.text_encoder = TextEncoder(config)
        self.apply(self._init_weights)
        nn.init.zeros_(self.output_proj.weight)
        nn.init.zeros_(self.output_proj.bias)

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        """Normal(0, 0.02) projections and embeddings with zero biases; the output projection is
        then zeroed, as in Point-E, so the first prediction is zero."""
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, std=0.02)
        if isinstance(module, nn.Linear):
            nn.init.zeros_(module.bias)

    def forward(self, points: torch.Tensor, timesteps: torch.Tensor, conditioning: torch.Tensor) -> torch.Tensor:
        x = self.input_proj(points)
        time = self.time_embed(timestep_features(timesteps, self.config.hidden_size).to(x.dtype))
        prompt = self.clip_embed(self.text_encoder(conditioning))
        x = torch.cat([prompt[:, None], time[:, None], x], dim=1)
        x = self.ln_pre(x)
        for block in self.backbone:
            x = block(x)
        return self.output_proj(self.ln_post(x[:, 2:]))
