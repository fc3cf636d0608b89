def tiny_overrides(config: ModelConfig) -> dict:
    """Same encoders, fusion transformer and decoders over small inputs: 8 text tokens,
    32x32 images in 16-pixel patches, 32 frames of 16 mel bins, 4-frame videos, 16 tabular
    features, 8 series patches of 8 steps and clouds of 32 points."""
    candidates = {
        "hidden_size": 64,
        "num_layers": 2,
        "num_heads": 4,
        "intermediate_size": 128,
        "vocab_size": 128,
        "text_length": 8,
        "image_size": 32,
        "patch_size": 16,
        "num_mel_bins": 16,
        "audio_frames": 32,
        "video_frames": 4,
        "tubelet_size": 2,
        "tabular_features": 16,
        "series_patch_len": 8,
        "series_patches": 8,
        "cloud_points": 32,
    }
    overrides = {key: value for key, value in candidates.items() if hasattr(config, key)}
    shrunk = replace(config, **overrides)
    overrides["fusion_sequence"] = sum(modality_tokens(shrunk, m) for m in config.inputs)
    return overrides


def modality_tokens(config: ModelConfig, modality: str) -> int:
    """Tokens a modality occupies, as an input segment of the fusion sequence or as an output."""
    if modality == "text":
        return config.text_length
    if modality == "image":
        return (config.image_size // config.patch_size) ** 2
    if modality == "audio":
        return (config.audio_frames + 1) // 2
    if modality == "video":
        return config.video_frames // config.tubelet_size * (config.image_size // config.patch_size) ** 2
    if modality == "tabular":
        return 1
    if modality == "point_cloud":
        return config.cloud_points
    return config.series_patches


def sinusoidal_positions(length: int, dim: int, device: torch.device) -> torch.Tensor:
    """A fixed (length, dim) table of sines then cosines over geometric frequencies."""
    half = dim // 2
    frequencies = torch.exp(
        torch.arange(half, device=device, dtype=torch.float32) * (-math.log(10000.0) / half)
    )
    angles = torch.arange(length, device=device, dtype=torch.float32).unsqueeze(1) * frequencies.unsqueeze(0)
    return torch.cat([angles.sin(), angles.cos()], dim=1)


def learned_positions(tokens: int, dim: int) -> nn.Parameter:
    return nn.Parameter(torch.empty(1, tokens, dim).normal_(std=0.02))


class TextEncoder(nn.Module):
    """Token embeddings plus fixed sinusoidal positions (no parameters)."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.embed_tokens = nn.Embedding(config.vocab_size, config.hidden_size)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        x = self.embed_tokens(ids)
        return x + sinusoidal_positions(x.shape[1], x.shape[2], x.device).to(x.dtype)


class ImageEncoder(nn.Module):
    """Non-overlapping patches (a strided Conv2d) plus learned positions."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        patch = config.patch_size
        self.proj = nn.Conv2d(3, config.hidden_size, kernel_size=patch, stride=patch)
        self.pos_embed = learned_positions(modality_tokens(config, "image"), config.hidden_size)

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        return self.proj(image).flatten(2).transpose(1, 2) + self.pos_embed


class AudioEncoder(nn.Module):
    """Whisper's front end: two Conv1d + GELU over the log-mel (the second halves the frame
    rate), plus learned positions."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        dim = config.hidden_size
        self.conv1 = nn.Conv1d(config.num_mel_bins, dim, kernel_size=3, padding=1)
        self.conv2 = nn.Conv1d(dim, dim, kernel_size=3, stride=2, padding=1)
        self.pos_embed = learned_positions(modality_tokens(config, "audio"), dim)

    def forward(self, audio: torch.Tensor) -> torch.Tensor:
        x = F.gelu(self.conv2(F.gelu(self.conv1(audio))))
        return x.transpose(1, 2) + self.pos_embed


class VideoEncoder(nn.Module):
    """Tubelets of tubelet_size frames x patch x patch pixels (a strided Conv3d) plus learned
    positions."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        kernel = (config.tubelet_size, config.patch_size, config.patch_size)
        self.proj = nn.Conv3d(3, config.hidden_size, kernel_size=kernel, stride=kernel)
        self.pos_embed = learned_positions(modality_tokens(config, "video"), config.hidden_size)

    def forward(self, video: torch.Tensor) -> torch.Tensor:
        return self.proj(video.transpose(1, 2)).flatten(2).transpose(1, 2) + self.pos_embed


class TabularEncoder(nn.Module):
    """One token from the whole feature row."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.proj = nn.Linear(config.tabular_features, config.hidden_size)

    def forward(self, tabular: torch.Tensor) -> torch.Tensor:
        return self.proj(tabular).unsqueeze(1)


class TimeSeriesEncoder(nn.Module):
    """Non-overlapping patches of series_patch_len steps plus learned positions."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.patch_len = config.series_patch_len
        self.proj = nn.Linear(config.series_patch_len, config.hidden_size)
        self.pos_embed = learned_positions(config.series_patches, config.hidden_size)

    def forward(self, series: torch.Tensor) -> torch.Tensor:
        patches = series.reshape(series.shape[0], -1, self.patch_len)
        return self.proj(patches) + self.pos_embed


class PointCloudEncoder(nn.Module):
    """One token per point, a linear map of its XYZ, with no positions: the fusion
    transformer sees the cloud as a set."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.proj = nn.Linear(3, config.hidden_size)

    def forward(self, point_cloud: torch.Tensor) -> torch.Tensor:
        return self.proj(point_cloud)


ENCODERS = {
    "text": TextEncoder,
    "image": ImageEncoder,
    "audio": AudioEncoder,
    "video": VideoEncoder,
    "tabular": TabularEncoder,
    "time_series": TimeSeriesEncoder,
    "point_cloud": PointCloudEncoder,
}


def decoder_width(config: ModelConfig, modality: str) -> int:
    """Values each output token decodes to: vocabulary logits, a patch, a mel frame, a
    tubelet, the feature row or a series patch."""
    if modality == "text":
        return config.vocab_size
    if modality == "image":
        return 3 * config.patch_size**2
    if modality == "audio":
        return config.num_mel_bins
    if modality == "video":
        return 3 * config.tubelet_size * config.patch_size**2
    if modality == "tabular":
        return config.tabular_features
    if modality == "point_cloud":
        return 3
    return config.series_patch_len


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


class Block(nn.Module):
    """Pre-LN block: x + attn(norm1(x)), then x + mlp(norm2(x))."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.norm1 = nn.LayerNorm(config.hidden_size)
        self.self_attn = SelfAttention(config.hidden_size, config.num_heads)
        self.norm2 = nn.LayerNorm(config.hidden_size)
        self.mlp = GeluMlp(config.hidden_size, config.intermediate_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.self_attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class Fusion(nn.Module):
    """A learned embedding per input modality added to its segment, then a bidirectional
    pre-LN transformer over the concatenated segments and a final LayerNorm."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.modality_embed = nn.Embedding(len(config.inputs), config.hidden_size)
        self.layers = nn.ModuleList(Block(config) for _ in range(config.num_layers))
        self.norm = nn.LayerNorm(config.hidden_size)

    def forward(self, segments: list) -> torch.Tensor:
        x = torch.cat([segment + self.modality_embed.weight[i] for i, segment in enumerate(segments)], dim=1)
        for layer in self.layers:
            x = layer(x)
        return self.norm(x)


class MetaGenModel(nn.Module):
    """Any-to-any hybrid: one encoder per input modality, a fusion transformer over all input
    tokens, one decoder head per output modality.

    forward takes one keyword argument per input modality in config.inputs: text token ids
    (batch, text_length); image (batch, 3, image_size, image_size); audio log-mel
    (batch, num_mel_bins, audio_frames); video (batch, video_frames, 3, image_size,
    image_size); tabular (batch, tabular_features); time_series (batch, series_patches *
    series_patch_len, 1); point_cloud (batch, cloud_points, 3).
    It returns a dict with one tensor per output modality in
    config.outputs: text logits (batch, text_length, vocab_size), image (batch, 3, H, W),
    audio log-mel (batch, num_mel_bins, audio_frames / 2), video (batch, video_frames, 3, H,
    W), tabular (batch, tabular_features), time_series (batch, steps, 1). An output modality
    that is also an input decodes the fused tokens of its own segment; any other output
    decodes the whole fused sequence average-pooled to its token count.
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        for modality in config.inputs:
            self.add_module(f"{modality}_encoder", ENCODERS[modality](config))
        self.fusion = Fusion(config)
        for modality in config.outputs:
            bias = modality != "text"
            self.add_module(
                f"{modality}_decoder",
                nn.Linear(config.hidden_size, decoder_width(config, modality), bias=bias),
            )
        self.apply(self._init_weights)

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        """Normal(0, 0.02) for projections and embeddings, zero biases."""
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
        if isinstance(module, nn.Linear) and module.bias is not None:
            nn.init.zeros_(module.bias)

    def output_tokens(self, fused: torch.Tensor, modality: str) -> torch.Tensor:
        """The fused tokens an output decodes: its own input segment, or the pooled sequence."""
        config = self.config
        count = modality_tokens(config, modality)
        if modality in config.inputs:
            start = sum(modality_tokens(config, m) for m in config.inputs[: config.inputs.index(modality)])
            return fused[:, start : start + count]
        return F.adaptive_avg_pool1d(fused.transpose(1, 2), count).transpose(1, 2)

    def decode(self, tokens: torch.Tensor, modality: str) -> torch.Tensor:
        """Decoder head, then the values rearranged into the modality's layout."""
        config = self.config
        values = getattr(self, f"{modality}_decoder")(tokens)
        batch = values.shape[0]
        if modality == "image":
            patch, size = config.patch_size, config.image_size
            values = values.view(batch, size // patch, size // patch, 3, patch, patch)
            return values.permute(0, 3, 1, 4, 2, 5).reshape(batch, 3, size, size)
        if modality == "video":
            patch, size, tubelet = config.patch_size, config.image_size, config.tubelet_size
            values = values.view(
                batch, config.video_frames // tubelet, size // patch, size // patch, 3, tubelet, patch, patch
            )
            values = values.permute(0, 1, 5, 4, 2, 6, 3, 7)
            return values.reshape(batch, config.video_frames, 3, size, size)
        if modality == "audio":
            return values.transpose(1, 2)
        if modality == "tabular":
            return values[:, 0]
        if modality == "time_series":
            return values.reshape(batch, -1, 1)
        return values

    def forward(
        self,
        text: torch.Tensor | None = None,
        image: torch.Tensor | None = None,
        audio: torch.Tensor | None = None,
        video: torch.Tensor | None = None,
        tabular: torch.Tensor | None = None,
        time_series: torch.Tensor | None = None,
        point_cloud: torch.Tensor | None = None,
    ) -> dict:
        given = {
            "text": text,
            "image": image,
            "audio": audio,
            "video": video,
            "tabular": tabular,
            "time_series": time_series,
            "point_cloud": point_cloud,
        }
        segments = [getattr(self, f"{m}_encoder")(given[m]) for m in self.config.inputs]
        fused = self.fusion(segments)
        return {m: self.decode(self.output_tokens(fused, m), m) for m in self.config.outputs}
