# uses: sampled_splits
POINT_SUFFIXES = (".txt", ".xyz", ".csv", ".pts", ".npy")


def class_shapes(config) -> torch.Tensor:
    """The half-axes of each class's ellipsoid, (num_classes, 3), the same in every run."""
    generator = torch.Generator().manual_seed(0)
    return 0.25 + 0.75 * torch.rand(config.num_classes, 3, generator=generator)


def normalise(points: torch.Tensor) -> torch.Tensor:
    """Centred on the mean point and scaled so the farthest point lies on the unit sphere."""
    centred = points - points.mean(0, keepdim=True)
    return centred / centred.norm(dim=-1).max().clamp_min(1e-6)


def synthetic_clouds(config, labels: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """One cloud of config.points points per label: points on the class's ellipsoid surface,
    rotated about the vertical axis by a random angle, jittered, and normalised."""
    count = len(labels)
    directions = torch.randn(count, config.points, 3, generator=generator)
    directions = directions / directions.norm(dim=-1, keepdim=True).clamp_min(1e-6)
    surface = directions * class_shapes(config)[labels].unsqueeze(1)
    angle = 2 * math.pi * torch.rand(count, generator=generator)
    cos, sin = torch.cos(angle), torch.sin(angle)
    x = cos.unsqueeze(1) * surface[..., 0] - sin.unsqueeze(1) * surface[..., 1]
    y = sin.unsqueeze(1) * surface[..., 0] + cos.unsqueeze(1) * surface[..., 1]
    clouds = torch.stack([x, y, surface[..., 2]], dim=-1)
    clouds = clouds + 0.01 * torch.randn(clouds.shape, generator=generator)
    return torch.stack([normalise(cloud) for cloud in clouds])


def read_cloud(path: pathlib.Path) -> torch.Tensor:
    """XYZ coordinates of one file, (points, 3): a NumPy array (.npy, needs numpy), or text
    with one point per line whose first three numbers, separated by commas or spaces, are x,
    y and z (ModelNet's resampled files add normals after them, ignored here)."""
    if path.suffix.lower() == ".npy":
        try:
            import numpy
        except ImportError:
            raise SystemExit("error: reading .npy clouds needs numpy (pip install numpy)") from None
        array = torch.from_numpy(numpy.load(path)).float()
        return array.reshape(-1, array.shape[-1])[:, :3]
    rows = []
    for line in path.read_text().splitlines():
        cells = line.replace(",", " ").split()
        if len(cells) >= 3:
            try:
                rows.append([float(cell) for cell in cells[:3]])
            except ValueError:
                continue
    if not rows:
        raise ValueError(f"{path}: no lines with three numbers")
    return torch.tensor(rows)


def resample(points: torch.Tensor, count: int, generator: torch.Generator) -> torch.Tensor:
    """count points of the cloud: a random subset, or draws with repetition when it has fewer."""
    if len(points) >= count:
        return points[torch.randperm(len(points), generator=generator)[:count]]
    return points[torch.randint(0, len(points), (count,), generator=generator)]


def labelled_files(config, data_path: str, evaluation: bool) -> list:
    """(file, class) pairs from DATA/labels.csv, one `file,label` row per cloud (the file
    relative to DATA, the label a class index); every fifth row is held out for evaluation."""
    root = pathlib.Path(data_path)
    table = root / "labels.csv"
    if not table.is_file():
        raise SystemExit(f"error: {data_path} needs a labels.csv of `file,label` rows")
    pairs = []
    for row in csv.reader(table.read_text().splitlines()):
        if len(row) < 2 or not row[1].strip().isdigit():
            continue
        file, label = root / row[0].strip(), int(row[1])
        if file.suffix.lower() not in POINT_SUFFIXES:
            raise SystemExit(f"error: {file}: clouds are {', '.join(POINT_SUFFIXES)} files")
        if label >= config.num_classes:
            raise SystemExit(f"error: {file}: label {label}, but the model has {config.num_classes} classes")
        pairs.append((file, label))
    if not pairs:
        raise SystemExit(f"error: {table} lists no `file,label` rows")
    return [pair for index, pair in enumerate(pairs) if (index % 5 == 4) == evaluation]


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    if data_path:
        return max(1, len(labelled_files(config, data_path, False)) // global_batch)
    return 100


def sample_batches(config, batch_size: int, data_path, seed: int, evaluation: bool, device):
    """Endless batches of {"points": (batch, points, 3), "labels": (batch,)}."""
    generator = torch.Generator().manual_seed(seed)
    files = labelled_files(config, data_path, evaluation) if data_path else None
    while True:
        if files is not None:
            picks = torch.randint(0, len(files), (batch_size,), generator=generator).tolist()
            clouds = [normalise(resample(read_cloud(files[i][0]), config.points, generator)) for i in picks]
            points, labels = torch.stack(clouds), torch.tensor([files[i][1] for i in picks])
        else:
            labels = torch.randint(0, config.num_classes, (batch_size,), generator=generator)
            points = synthetic_clouds(config, labels, generator)
        yield {"points": points.to(device), "labels": labels.to(device)}


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: points (batch, points, 3)."""
    labels = torch.arange(batch_size) % config.num_classes
    return {"points": synthetic_clouds(config, labels, torch.Generator().manual_seed(0))}


def expected_output_shape(config, batch_size: int = 2) -> tuple:
    return (batch_size, config.num_classes)
