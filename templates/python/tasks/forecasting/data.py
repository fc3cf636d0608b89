# uses: sampled_splits
def synthetic_windows(config, count: int, generator: torch.Generator) -> torch.Tensor:
    """Windows (count, lookback + horizon, channels) of sums of two sinusoids whose periods are
    fixed per channel (8 to 44 steps), with random phases, amplitudes, offsets and a little
    noise, so the future is predictable from the past."""
    length = config.lookback + config.horizon
    steps = torch.arange(length, dtype=torch.float32).view(1, -1, 1)
    channel = torch.arange(config.channels, dtype=torch.float32).view(1, 1, -1)
    fast = 8.0 + 4.0 * (channel % 4)
    slow = 24.0 + 5.0 * (channel % 5)
    phase = 2 * math.pi * torch.rand(count, 2, config.channels, generator=generator)
    amplitude = 0.5 + torch.rand(count, 2, config.channels, generator=generator)
    offset = torch.randn(count, 1, config.channels, generator=generator)
    signal = (
        amplitude[:, :1] * torch.sin(2 * math.pi * steps / fast + phase[:, :1])
        + amplitude[:, 1:] * torch.sin(2 * math.pi * steps / slow + phase[:, 1:])
        + offset
    )
    return signal + 0.1 * torch.randn(count, length, config.channels, generator=generator)


def load_series(path: str, config) -> torch.Tensor:
    """A comma-separated file with one row per time step and config.channels numeric columns;
    rows that are not all numbers (such as a header) are skipped."""
    rows = []
    for line in pathlib.Path(path).read_text().splitlines():
        try:
            values = [float(cell) for cell in line.split(",")]
        except ValueError:
            continue
        rows.append(values)
    if not rows or any(len(row) != config.channels for row in rows):
        raise ValueError(f"{path}: every row needs {config.channels} numeric columns")
    series = torch.tensor(rows, dtype=torch.float32)
    if len(series) < 2 * (config.lookback + config.horizon):
        raise ValueError(f"{path}: needs at least {2 * (config.lookback + config.horizon)} rows")
    return series


def split_series(series: torch.Tensor, evaluation: bool) -> torch.Tensor:
    """The first 80% of the time steps train, the rest evaluate."""
    cut = int(len(series) * 0.8)
    return series[cut:] if evaluation else series[:cut]


def series_windows(series: torch.Tensor, count: int, length: int, generator: torch.Generator) -> torch.Tensor:
    starts = torch.randint(0, len(series) - length + 1, (count,), generator=generator)
    return torch.stack([series[s : s + length] for s in starts.tolist()])


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    if data_path:
        series = split_series(load_series(data_path, config), evaluation=False)
        return max(1, (len(series) - config.lookback - config.horizon + 1) // global_batch)
    return 100


def sample_batches(config, batch_size: int, data_path, seed: int, evaluation: bool, device):
    """Endless batches of {"series": (batch, lookback, channels), "target": (batch, horizon, channels)}."""
    generator = torch.Generator().manual_seed(seed)
    series = split_series(load_series(data_path, config), evaluation) if data_path else None
    length = config.lookback + config.horizon
    while True:
        if series is not None:
            windows = series_windows(series, batch_size, length, generator)
        else:
            windows = synthetic_windows(config, batch_size, generator)
        yield {
            "series": windows[:, : config.lookback].to(device),
            "target": windows[:, config.lookback :].to(device),
        }


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: a series (batch, lookback, channels)."""
    windows = synthetic_windows(config, batch_size, torch.Generator().manual_seed(0))
    return {"series": windows[:, : config.lookback]}


def expected_output_shape(config, batch_size: int = 2) -> tuple:
    return (batch_size, config.horizon, config.channels)
