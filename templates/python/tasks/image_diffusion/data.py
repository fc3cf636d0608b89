PATTERNS = (
    "horizontal stripes",
    "vertical stripes",
    "diagonal stripes",
    "checkerboard",
    "bright centre",
    "dark centre",
    "left to right gradient",
    "top to bottom gradient",
)


def conditioning_kind(config) -> str:
    """The condition the model takes, from its configuration: "text" (prompt token ids), "class"
    (labels) or "none"."""
    if hasattr(config, "text_encoder_width"):
        return "text"
    if hasattr(config, "num_classes"):
        return "class"
    return "none"


def latent_size(config) -> int:
    return config.sample_size if hasattr(config, "sample_size") else config.input_size


def output_channels(config) -> int:
    """The denoiser's output channels: learn_sigma models also predict a variance per channel."""
    if hasattr(config, "learn_sigma"):
        return config.in_channels * (2 if config.learn_sigma else 1)
    return config.out_channels


def encode_prompt(text: str, vocab_size: int, length: int) -> torch.Tensor:
    """Byte-level tokens between start and end-of-text markers (the two highest ids, as CLIP's
    end-of-text id is its highest), zero-padded to `length`."""
    start, end = vocab_size - 2, vocab_size - 1
    body = [byte % start for byte in text.encode("utf-8")][: length - 2]
    ids = [start, *body, end]
    return torch.tensor(ids + [0] * (length - len(ids)), dtype=torch.long)


def condition_tokens(config, indices: torch.Tensor) -> torch.Tensor:
    """Token ids (batch, text_encoder_context) of the prompts naming these patterns."""
    table = torch.stack(
        [encode_prompt(p, config.text_encoder_vocab_size, config.text_encoder_context) for p in PATTERNS]
    )
    return table[indices]


def pattern_means(config) -> torch.Tensor:
    """The mean latent of each pattern, (len(PATTERNS), channels, size, size): a spatial pattern of
    unit amplitude, weighted per channel from +1 to -1."""
    size = latent_size(config)
    axis = torch.linspace(-1.0, 1.0, size)
    y, x = torch.meshgrid(axis, axis, indexing="ij")
    radius = x**2 + y**2
    maps = torch.stack(
        [
            torch.sin(math.pi * y),
            torch.sin(math.pi * x),
            torch.sin(math.pi * (x + y)),
            torch.sin(math.pi * x) * torch.sin(math.pi * y),
            2.0 * torch.exp(-2.0 * radius) - 1.0,
            1.0 - 2.0 * torch.exp(-2.0 * radius),
            x,
            y,
        ]
    )
    gains = torch.linspace(1.0, -1.0, config.in_channels) if config.in_channels > 1 else torch.ones(1)
    return maps[:, None] * gains[None, :, None, None]


def synthetic_batch(config, batch_size: int, generator: torch.Generator) -> dict:
    """Latents = the mean pattern of a random pattern index + N(0, 0.1^2) noise. The condition
    (label or prompt) names the pattern, so a conditioned denoiser can learn each mean."""
    kind = conditioning_kind(config)
    classes = min(config.num_classes, len(PATTERNS)) if kind == "class" else len(PATTERNS)
    indices = torch.randint(0, classes, (batch_size,), generator=generator)
    latents = pattern_means(config)[indices]
    latents = latents + 0.1 * torch.randn(latents.shape, generator=generator)
    batch = {"latents": latents}
    if kind == "text":
        batch["conditioning"] = condition_tokens(config, indices)
    elif kind == "class":
        batch["conditioning"] = indices
    return batch


def inference_condition(config, prompt: str, class_label: int):
    """For one sample: the conditioning input (token ids (1, L), a label (1,) or None), the
    condition as JSON, and the index of the synthetic pattern it names (None when it names none)."""
    kind = conditioning_kind(config)
    if kind == "text":
        ids = encode_prompt(prompt, config.text_encoder_vocab_size, config.text_encoder_context)
        return ids[None], prompt, PATTERNS.index(prompt) if prompt in PATTERNS else None
    if kind == "class":
        pattern = class_label if 0 <= class_label < len(PATTERNS) else None
        return torch.tensor([class_label]), class_label, pattern
    return None, None, None


def load_latents(path: str, config) -> dict:
    """Precomputed VAE latents saved with torch.save: {"latents": (N, C, H, W)} plus "labels" (N,)
    for class-conditioned models or "prompts" (N strings) for text-conditioned ones."""
    stored = torch.load(path, map_location="cpu", weights_only=True)
    latents = stored["latents"].float()
    size = latent_size(config)
    if tuple(latents.shape[1:]) != (config.in_channels, size, size):
        raise ValueError(f"{path}: latents of shape {tuple(latents.shape)}, expected (N, {config.in_channels}, {size}, {size})")
    data = {"latents": latents}
    kind = conditioning_kind(config)
    if kind == "text":
        length, vocab = config.text_encoder_context, config.text_encoder_vocab_size
        data["conditioning"] = torch.stack([encode_prompt(p, vocab, length) for p in stored["prompts"]])
    elif kind == "class":
        data["conditioning"] = stored["labels"].long()
    return data


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    if data_path:
        return max(1, len(load_latents(data_path, config)["latents"]) // global_batch)
    return 100


def training_batches(config, model, batch_size: int, data_path, seed: int, rank: int, world_size: int, device):
    """Endless batches of {"latents": (batch, C, H, W)} plus "conditioning" (prompt token ids or
    class labels) for conditioned models; each process draws its own samples."""
    generator = torch.Generator().manual_seed(seed * 1000 + rank)
    stored = load_latents(data_path, config) if data_path else None
    while True:
        if stored is not None:
            rows = torch.randint(0, len(stored["latents"]), (batch_size,), generator=generator)
            batch = {key: value[rows] for key, value in stored.items()}
        else:
            batch = synthetic_batch(config, batch_size, generator)
        yield {key: value.to(device) for key, value in batch.items()}


def evaluation_batches(config, batch_size: int, data_path, seed: int, count: int, device) -> list:
    batches = training_batches(config, None, batch_size, data_path, seed + 7919, 0, 1, device)
    return [next(batches) for _ in range(count)]


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: latents (batch, C, H, W), timesteps (batch,) and, for
    conditioned models, prompt token ids (batch, L) or class labels (batch,)."""
    batch = synthetic_batch(config, batch_size, torch.Generator().manual_seed(0))
    batch["timesteps"] = torch.linspace(0, 999, batch_size).long()
    return batch


def expected_output_shape(config, batch_size: int = 2) -> tuple:
    size = latent_size(config)
    return (batch_size, output_channels(config), size, size)
