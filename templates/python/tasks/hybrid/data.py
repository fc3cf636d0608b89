SCENES = 4


def series_steps(config) -> int:
    return config.series_patches * config.series_patch_len


def image_template(config, scene: int) -> torch.Tensor:
    """(3, size, size) stripes whose frequency and orientation depend on the scene."""
    grid = torch.arange(config.image_size, dtype=torch.float32) / config.image_size
    y, x = grid.view(1, -1, 1), grid.view(1, 1, -1)
    channel = torch.arange(3, dtype=torch.float32).view(-1, 1, 1)
    return (
        0.8
        * torch.sin(2 * math.pi * ((scene + 1) * x + channel / 3))
        * torch.cos(2 * math.pi * (scene // 2 + 1) * y)
    )


def point_cloud_template(config, scene: int) -> torch.Tensor:
    """(cloud_points, 3) points spread evenly over an ellipsoid (a Fibonacci lattice) whose
    proportions depend on the scene."""
    index = torch.arange(config.cloud_points, dtype=torch.float32) + 0.5
    z = 1 - 2 * index / config.cloud_points
    radius = torch.sqrt(1 - z * z)
    angle = math.pi * (3 - math.sqrt(5)) * index
    sphere = torch.stack([radius * torch.cos(angle), radius * torch.sin(angle), z], dim=-1)
    axes = torch.tensor([1.0, 0.4 + 0.2 * scene, 1.0 - 0.2 * scene])
    return sphere * axes


def render(config, modality: str, scene: int, output: bool) -> torch.Tensor:
    """The clean rendering of a scene in one modality (one sample, no batch dimension). Audio
    as an output has one mel frame per audio token, half the input frame rate."""
    if modality == "text":
        steps = torch.arange(config.text_length)
        return (scene * 31 + steps * (2 * scene + 1) + 1) % config.vocab_size
    if modality == "image":
        return image_template(config, scene)
    if modality == "video":
        image = image_template(config, scene)
        return torch.stack(
            [torch.roll(image, shifts=t * (scene + 1), dims=2) for t in range(config.video_frames)]
        )
    if modality == "audio":
        frames = (config.audio_frames + 1) // 2 if output else config.audio_frames
        time = torch.arange(frames, dtype=torch.float32).view(1, -1) / frames
        band = torch.arange(config.num_mel_bins, dtype=torch.float32).view(-1, 1) / config.num_mel_bins
        return 0.8 * torch.sin(2 * math.pi * ((scene + 1) * time + (scene % 2 + 1) * band))
    if modality == "tabular":
        return torch.cos(0.4 * (scene + 1) * torch.arange(config.tabular_features, dtype=torch.float32))
    if modality == "point_cloud":
        return point_cloud_template(config, scene)
    steps = torch.arange(series_steps(config), dtype=torch.float32).view(-1, 1)
    return torch.sin(2 * math.pi * 2 * (scene + 1) * steps / series_steps(config))


def corrupt(config, modality: str, clean: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Input noise: a quarter of the text tokens replaced at random, Gaussian noise elsewhere."""
    if modality == "text":
        replace_mask = torch.rand(clean.shape, generator=generator) < 0.25
        random_ids = torch.randint(0, config.vocab_size, clean.shape, generator=generator)
        return torch.where(replace_mask, random_ids, clean)
    return clean + 0.3 * torch.randn(clean.shape, generator=generator)


def synthetic_batch(config, count: int, generator: torch.Generator) -> dict:
    """Each sample shows one of SCENES scenes: every input modality is a noisy rendering of it
    (keyword = modality name) and every output its clean rendering (key "target_<modality>"),
    so the outputs are a fixed function of the inputs."""
    scenes = torch.randint(0, SCENES, (count,), generator=generator).tolist()
    batch = {}
    for modality in config.inputs:
        batch[modality] = torch.stack(
            [corrupt(config, modality, render(config, modality, s, False), generator) for s in scenes]
        )
    for modality in config.outputs:
        batch[f"target_{modality}"] = torch.stack([render(config, modality, s, True) for s in scenes])
    return batch


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    return 100


def training_batches(
    config, model, batch_size: int, data_path, seed: int, rank: int, world_size: int, device
):
    """Endless synthetic batches; each process sees its own stream. Paired multimodal data has
    no single file format, so --data is not read."""
    if data_path:
        raise SystemExit("the hybrid model trains on synthetic paired data only; drop --data")
    generator = torch.Generator().manual_seed(seed * 1000 + rank)
    while True:
        yield {key: value.to(device) for key, value in synthetic_batch(config, batch_size, generator).items()}


def evaluation_batches(config, batch_size: int, data_path, seed: int, count: int, device) -> list:
    batches = training_batches(config, None, batch_size, data_path, seed + 7919, 0, 1, device)
    return [next(batches) for _ in range(count)]


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: one tensor per input modality."""
    batch = synthetic_batch(config, batch_size, torch.Generator().manual_seed(0))
    return {modality: batch[modality] for modality in config.inputs}


def expected_output_shape(config, batch_size: int = 2) -> dict:
    shapes = {}
    for modality in config.outputs:
        shape = tuple(render(config, modality, 0, True).shape)
        if modality == "text":
            shape = (*shape, config.vocab_size)
        shapes[modality] = (batch_size, *shape)
    return shapes
