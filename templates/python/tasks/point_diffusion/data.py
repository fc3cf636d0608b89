SHAPES = ("a red sphere", "a green cube", "a blue cylinder", "a yellow torus")
SHAPE_COLOURS = ((1.0, -0.8, -0.8), (-0.8, 1.0, -0.8), (-0.8, -0.8, 1.0), (1.0, 1.0, -0.8))


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


def surface_points(shape: int, count: int, generator: torch.Generator) -> torch.Tensor:
    """`count` random points (count, 3) on the surface of SHAPES[shape], inside [-1, 1]^3."""
    if shape == 0:
        directions = torch.randn(count, 3, generator=generator)
        return 0.8 * directions / directions.norm(dim=1, keepdim=True)
    if shape == 1:
        cube = torch.rand(count, 3, generator=generator) * 2 - 1
        faces = torch.randint(0, 3, (count,), generator=generator)
        cube[torch.arange(count), faces] = torch.randint(0, 2, (count,), generator=generator) * 2.0 - 1.0
        return 0.7 * cube
    angle, other = (2 * math.pi * torch.rand(2, count, generator=generator)).unbind(0)
    if shape == 2:
        height = other / math.pi - 1.0
        return torch.stack([0.6 * angle.cos(), 0.6 * angle.sin(), 0.8 * height], dim=1)
    ring = 0.6 + 0.25 * other.cos()
    return torch.stack([ring * angle.cos(), ring * angle.sin(), 0.25 * other.sin()], dim=1)


def synthetic_batch(config, batch_size: int, generator: torch.Generator) -> dict:
    """Coloured point clouds (batch, num_points, 6), xyz then rgb in [-1, 1], of a random shape
    named by the prompt: the denoiser learns the surface and colour from the text."""
    shapes = torch.randint(0, len(SHAPES), (batch_size,), generator=generator)
    clouds = []
    for shape in shapes.tolist():
        xyz = surface_points(shape, config.num_points, generator)
        rgb = torch.tensor(SHAPE_COLOURS[shape]).expand(config.num_points, 3)
        clouds.append(torch.cat([xyz, rgb], dim=1))
    return {"points": torch.stack(clouds), "conditioning": prompt_tokens(config, [SHAPES[s] for s in shapes])}


def load_points(path: str, config) -> dict:
    """Point clouds saved with torch.save: {"points": (N, num_points, 6) xyz and rgb scaled to
    [-1, 1], "prompts": N captions}."""
    stored = torch.load(path, map_location="cpu", weights_only=True)
    points = stored["points"].float()
    if points.dim() != 3 or points.shape[2] != config.point_channels:
        raise ValueError(f"{path}: points of shape {tuple(points.shape)}, expected (N, P, {config.point_channels})")
    return {"points": points, "conditioning": prompt_tokens(config, stored["prompts"])}


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    if data_path:
        return max(1, len(load_points(data_path, config)["points"]) // global_batch)
    return 100


def training_batches(config, model, batch_size: int, data_path, seed: int, rank: int, world_size: int, device):
    """Endless batches of {"points": (batch, N, 6), "conditioning": prompt token ids (batch, L)};
    each process draws its own samples."""
    generator = torch.Generator().manual_seed(seed * 1000 + rank)
    stored = load_points(data_path, config) if data_path else None
    while True:
        if stored is not None:
            rows = torch.randint(0, len(stored["points"]), (batch_size,), generator=generator)
            batch = {key: value[rows] for key, value in stored.items()}
        else:
            batch = synthetic_batch(config, batch_size, generator)
        yield {key: value.to(device) for key, value in batch.items()}


def evaluation_batches(config, batch_size: int, data_path, seed: int, count: int, device) -> list:
    batches = training_batches(config, None, batch_size, data_path, seed + 7919, 0, 1, device)
    return [next(batches) for _ in range(count)]


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: noisy points (batch, num_points, 6), timesteps (batch,) and
    prompt token ids (batch, L)."""
    batch = synthetic_batch(config, batch_size, torch.Generator().manual_seed(0))
    batch["timesteps"] = torch.linspace(0, 999, batch_size).long()
    return batch


def expected_output_shape(config, batch_size: int = 2) -> tuple:
    return (batch_size, config.num_points, 2 * config.point_channels)
