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


def prompt_tokens(config, prompts) -> torch.Tensor:
    """Token ids (len(prompts), text_encoder_context)."""
    return torch.stack(
        [encode_prompt(p, config.text_encoder_vocab_size, config.text_encoder_context) for p in prompts]
    )


def pattern_means(config) -> torch.Tensor:
    """The mean latent clip of each pattern, (len(PATTERNS), frames, channels, size, size): a
    spatial pattern of unit amplitude, weighted per channel from +1 to -1, that moves one latent
    pixel down and to the right every source frame; the clip keeps every TEMPORAL_STRIDE-th
    frame, so it moves TEMPORAL_STRIDE pixels between the frames the model sees."""
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
    shifts = range(0, config.num_frames * TEMPORAL_STRIDE, TEMPORAL_STRIDE)
    frames = [maps.roll((shift, shift), dims=(1, 2)) for shift in shifts]
    return torch.stack(frames, dim=1)[:, :, None] * gains[None, None, :, None, None]


def synthetic_batch(config, batch_size: int, generator: torch.Generator) -> dict:
    """Clips = the mean clip of a random pattern + N(0, 0.1^2) noise; the prompt names the
    pattern, so the denoiser can learn each clip's mean from the text."""
    indices = torch.randint(0, len(PATTERNS), (batch_size,), generator=generator)
    latents = pattern_means(config)[indices]
    latents = latents + 0.1 * torch.randn(latents.shape, generator=generator)
    return {"latents": latents, "conditioning": prompt_tokens(config, PATTERNS)[indices]}


def source_frames(config) -> int:
    """Stored frames one clip needs: num_frames sampled every TEMPORAL_STRIDE-th frame."""
    return (config.num_frames - 1) * TEMPORAL_STRIDE + 1


def sample_frames(latents: torch.Tensor, config) -> torch.Tensor:
    """Every TEMPORAL_STRIDE-th frame of (N, stored frames, C, H, W) clips from the first,
    num_frames of them."""
    return latents[:, ::TEMPORAL_STRIDE][:, : config.num_frames]


def load_latents(path: str, config) -> dict:
    """Precomputed video-VAE latents saved with torch.save: {"latents": (N, frames, C, H, W),
    "prompts": N captions}, with at least source_frames(config) frames per clip, of which the
    model sees every TEMPORAL_STRIDE-th."""
    stored = torch.load(path, map_location="cpu", weights_only=True)
    latents = stored["latents"].float()
    size = latent_size(config)
    expected = (config.in_channels, size, size)
    if latents.dim() != 5 or tuple(latents.shape[2:]) != expected or latents.shape[1] < source_frames(config):
        raise ValueError(
            f"{path}: latents of shape {tuple(latents.shape)}, expected (N, frames >= {source_frames(config)}, {', '.join(map(str, expected))})"
        )
    return {"latents": sample_frames(latents, config), "conditioning": prompt_tokens(config, stored["prompts"])}


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    if data_path:
        return max(1, len(load_latents(data_path, config)["latents"]) // global_batch)
    return 100


def training_batches(config, model, batch_size: int, data_path, seed: int, rank: int, world_size: int, device):
    """Endless batches of {"latents": (batch, frames, C, H, W), "conditioning": prompt token ids
    (batch, L)}; each process draws its own samples."""
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
    """Inputs for one forward pass: latent clips (batch, frames, C, H, W), timesteps (batch,) and
    prompt token ids (batch, L)."""
    batch = synthetic_batch(config, batch_size, torch.Generator().manual_seed(0))
    batch["timesteps"] = torch.linspace(0, 999, batch_size).long()
    return batch


def expected_output_shape(config, batch_size: int = 2) -> tuple:
    size = latent_size(config)
    return (batch_size, config.num_frames, output_channels(config), size, size)
