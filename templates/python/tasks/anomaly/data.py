def normal_windows(config, count: int, generator: torch.Generator) -> torch.Tensor:
    """Smooth windows (count, window, channels): per channel a fundamental (1 to 3 cycles per
    window, fixed by the channel) plus its second harmonic, with random phases and amplitudes,
    and a little noise."""
    steps = torch.arange(config.window, dtype=torch.float32).view(1, -1, 1) / config.window
    cycles = (1 + torch.arange(config.channels) % 3).float().view(1, 1, -1)
    phase = 2 * math.pi * torch.rand(count, 1, config.channels, generator=generator)
    amplitude = 0.8 + 0.4 * torch.rand(count, 1, config.channels, generator=generator)
    angle = 2 * math.pi * cycles * steps + phase
    signal = amplitude * (torch.sin(angle) + 0.3 * torch.sin(2 * angle + 1.0))
    return signal + 0.05 * torch.randn(count, config.window, config.channels, generator=generator)


def inject_anomalies(windows: torch.Tensor, generator: torch.Generator) -> tuple:
    """Corrupts every other window with a spike, a level shift or a noise burst on one channel
    and returns (windows, labels) with label 1 for corrupted windows."""
    windows = windows.clone()
    count, length, channels = windows.shape
    labels = (torch.arange(count) % 2 == 1).long()
    span = max(2, length // 8)
    for index in labels.nonzero().flatten().tolist():
        channel = int(torch.randint(0, channels, (1,), generator=generator))
        start = int(torch.randint(0, length - span, (1,), generator=generator))
        kind = int(torch.randint(0, 3, (1,), generator=generator))
        if kind == 0:
            windows[index, start : start + 2, channel] += 4.0
        elif kind == 1:
            windows[index, start:, channel] += 2.0
        else:
            windows[index, start : start + span, channel] += 1.5 * torch.randn(span, generator=generator)
    return windows, labels


def load_table(path: str) -> torch.Tensor:
    """A comma-separated file of numbers as a (rows, columns) tensor, standardised per
    column; rows that are not all numbers (such as a header) are skipped."""
    rows = []
    for line in pathlib.Path(path).read_text().splitlines():
        try:
            rows.append([float(cell) for cell in line.split(",")])
        except ValueError:
            continue
    if not rows or any(len(row) != len(rows[0]) for row in rows):
        raise ValueError(f"{path}: expected rows of numbers with the same number of columns")
    table = torch.tensor(rows, dtype=torch.float32)
    return (table - table.mean(0)) / table.std(0).clamp_min(1e-6)


def file_windows(config, path: str, evaluation: bool) -> torch.Tensor:
    """Windows (count, window, channels) from a local file, in one of two layouts: one row per
    time step with config.channels columns (every window start is used; the first 80% of the
    steps train, the rest evaluate), or one row per sample with window x channels columns
    (tabular records; every fifth row evaluates)."""
    table = load_table(path)
    width = table.shape[1]
    if width == config.window * config.channels and config.window > 1:
        held_out = torch.arange(len(table)) % 5 == 4
        rows = table[held_out] if evaluation else table[~held_out]
        return rows.view(-1, config.window, config.channels)
    if width != config.channels:
        raise ValueError(
            f"{path}: needs {config.channels} columns (a series) or {config.window * config.channels} (one window per row)"
        )
    cut = int(len(table) * 0.8)
    series = table[cut:] if evaluation else table[:cut]
    if len(series) < config.window:
        raise ValueError(f"{path}: too few rows for windows of {config.window} steps")
    return series.unfold(0, config.window, 1).transpose(1, 2)


def pick_windows(windows: torch.Tensor, count: int, generator: torch.Generator) -> torch.Tensor:
    return windows[torch.randint(0, len(windows), (count,), generator=generator)]


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    if data_path:
        return max(1, len(file_windows(config, data_path, evaluation=False)) // global_batch)
    return 100


def training_batches(
    config, model, batch_size: int, data_path, seed: int, rank: int, world_size: int, device
):
    """Endless batches of normal windows {"window": (batch, window, channels)}."""
    generator = torch.Generator().manual_seed(seed * 1000 + rank)
    source = file_windows(config, data_path, evaluation=False) if data_path else None
    while True:
        if source is not None:
            windows = pick_windows(source, batch_size, generator)
        else:
            windows = normal_windows(config, batch_size, generator)
        yield {"window": windows.to(device)}


def evaluation_batches(config, batch_size: int, data_path, seed: int, count: int, device) -> list:
    """Held-out batches of {"window", "label"}: the first half are normal windows that set the
    detection threshold, the second half have anomalies injected into every other window."""
    generator = torch.Generator().manual_seed(seed + 7919)
    source = file_windows(config, data_path, evaluation=True) if data_path else None
    calibration = max(1, count // 2)
    batches = []
    for index in range(count):
        if source is not None:
            windows = pick_windows(source, batch_size, generator)
        else:
            windows = normal_windows(config, batch_size, generator)
        labels = torch.zeros(batch_size, dtype=torch.long)
        if index >= calibration:
            windows, labels = inject_anomalies(windows, generator)
        batches.append({"window": windows.to(device), "label": labels.to(device)})
    return batches


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: a window (batch, window, channels)."""
    return {"window": normal_windows(config, batch_size, torch.Generator().manual_seed(0))}


def expected_output_shape(config, batch_size: int = 2) -> tuple:
    return (batch_size, config.window, config.channels)
