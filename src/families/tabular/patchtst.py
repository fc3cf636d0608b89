def tiny_overrides(config: ModelConfig) -> dict:
    """Same patching, RevIN and post-LN encoder over a 64-step lookback and 16-step horizon."""
    lookback = 64
    return {
        "lookback": lookback,
        "horizon": 16,
        "channels": min(config.channels, 3),
        "num_patches": (lookback - config.patch_len) // config.stride + 2,
        "d_model": 64,
        "num_layers": 2,
        "num_heads": 4,
        "d_ff": 128,
    }


class RevIN(nn.Module):
    """Reversible instance normalisation (Kim et al., 2022): each series is standardised over
    its lookback window, scaled by a learned per-channel affine map, and the forecast is mapped
    back with the same statistics."""

    def __init__(self, channels: int, eps: float = 1e-5):
        super().__init__()
        self.eps = eps
        self.affine_weight = nn.Parameter(torch.ones(channels))
        self.affine_bias = nn.Parameter(torch.zeros(channels))

    def normalize(self, x: torch.Tensor) -> tuple:
        """x (batch, time, channels) -> (normalised x, mean, std)."""
        mean = x.mean(dim=1, keepdim=True).detach()
        std = torch.sqrt(x.var(dim=1, keepdim=True, unbiased=False) + self.eps).detach()
        return (x - mean) / std * self.affine_weight + self.affine_bias, mean, std

    def denormalize(self, y: torch.Tensor, mean: torch.Tensor, std: torch.Tensor) -> torch.Tensor:
        y = (y - self.affine_bias) / (self.affine_weight + self.eps * self.eps)
        return y * std + mean


class SelfAttention(nn.Module):
    """Bidirectional multi-head self-attention with biased projections."""

    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.heads = heads
        self.q_proj = nn.Linear(dim, dim)
        self.k_proj = nn.Linear(dim, dim)
        self.v_proj = nn.Linear(dim, dim)
        self.o_proj = nn.Linear(dim, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        batch, length, dim = x.shape
        q, k, v = (
            proj(x).view(batch, length, self.heads, dim // self.heads).transpose(1, 2)
            for proj in (self.q_proj, self.k_proj, self.v_proj)
        )
        out = F.scaled_dot_product_attention(q, k, v)
        return self.o_proj(out.transpose(1, 2).reshape(batch, length, dim))


class GeluMlp(nn.Module):
    def __init__(self, dim: int, hidden: int):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(F.gelu(self.fc1(x)))


class EncoderLayer(nn.Module):
    """Post-LN block: x = norm1(x + attn(x)), then x = norm2(x + mlp(x)). PatchTST uses
    BatchNorm here; LayerNorm has the same parameters and does not depend on the batch."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.self_attn = SelfAttention(config.d_model, config.num_heads)
        self.norm1 = nn.LayerNorm(config.d_model)
        self.mlp = GeluMlp(config.d_model, config.d_ff)
        self.norm2 = nn.LayerNorm(config.d_model)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.norm1(x + self.self_attn(x))
        return self.norm2(x + self.mlp(x))


class MetaGenModel(nn.Module):
    """PatchTST (Nie et al., 2023): a channel-independent patch transformer forecaster.

    forward(series) takes a multichannel series of shape (batch, lookback, channels) and
    returns the forecast (batch, horizon, channels). Every channel is handled as its own
    univariate series: RevIN-normalised, cut into overlapping patches of patch_len steps
    (stride apart, the end padded by repeating the last value), embedded by W_P with
    learned positions W_pos, encoded, flattened and mapped to the horizon by one shared head.
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        self.revin = RevIN(config.channels)
        self.W_P = nn.Linear(config.patch_len, config.d_model)
        self.W_pos = nn.Parameter(torch.empty(1, config.num_patches, config.d_model).uniform_(-0.02, 0.02))
        self.encoder = nn.ModuleList(EncoderLayer(config) for _ in range(config.num_layers))
        self.head = nn.Linear(config.num_patches * config.d_model, config.horizon)
        self.apply(self._init_weights)

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, std=0.02)
            nn.init.zeros_(module.bias)

    def forward(self, series: torch.Tensor) -> torch.Tensor:
        config = self.config
        batch, _, channels = series.shape
        x, mean, std = self.revin.normalize(series)
        x = x.transpose(1, 2)
        x = torch.cat([x, x[..., -1:].expand(-1, -1, config.stride)], dim=-1)
        patches = x.unfold(-1, config.patch_len, config.stride)
        tokens = self.W_P(patches).reshape(batch * channels, config.num_patches, config.d_model)
        tokens = tokens + self.W_pos
        for layer in self.encoder:
            tokens = layer(tokens)
        forecast = self.head(tokens.reshape(batch, channels, -1)).transpose(1, 2)
        return self.revin.denormalize(forecast, mean, std)
