# uses: sampled_splits
def is_classification(config) -> bool:
    return config.task == "classification"


def target_function(config, features: torch.Tensor) -> torch.Tensor:
    """A fixed function of the features, the same in every run: a linear part plus a random
    one-hidden-layer tanh network (weights drawn with seed 0). Classification takes the argmax
    over the outputs."""
    generator = torch.Generator().manual_seed(0)
    width = 32
    linear = torch.randn(config.features, config.outputs, generator=generator) / math.sqrt(config.features)
    hidden = torch.randn(config.features, width, generator=generator) / math.sqrt(config.features)
    readout = torch.randn(width, config.outputs, generator=generator) / math.sqrt(width)
    scores = features @ linear + 0.5 * torch.tanh(features @ hidden) @ readout
    if is_classification(config):
        return scores.argmax(dim=-1)
    return scores


def synthetic_rows(config, count: int, generator: torch.Generator) -> tuple:
    features = torch.randn(count, config.features, generator=generator)
    return features, target_function(config, features)


def parse_number(text: str):
    try:
        return float(text)
    except ValueError:
        return None


def load_csv(path: str, config) -> tuple:
    """A comma-separated file of numbers: the first config.features columns are the features
    and the rest the target (one column: the value, or the class index for classification).
    Rows that are not all numbers (a header) are skipped. Features are standardised with the
    file's mean and standard deviation."""
    rows = []
    for line in pathlib.Path(path).read_text().splitlines():
        values = [parse_number(cell) for cell in line.split(",")]
        if any(v is None for v in values):
            continue
        rows.append(values)
    target_columns = 1 if is_classification(config) else config.outputs
    width = config.features + target_columns
    if not rows or any(len(row) != width for row in rows):
        raise ValueError(
            f"{path}: every row needs {config.features} feature and {target_columns} target columns"
        )
    table = torch.tensor(rows, dtype=torch.float32)
    features = table[:, : config.features]
    features = (features - features.mean(0)) / features.std(0).clamp_min(1e-6)
    targets = table[:, config.features :]
    targets = targets[:, 0].long() if is_classification(config) else targets
    return features, targets


def split_rows(features: torch.Tensor, targets: torch.Tensor, evaluation: bool) -> tuple:
    """Every fifth row is held out for evaluation."""
    held_out = torch.arange(len(features)) % 5 == 4
    keep = held_out if evaluation else ~held_out
    return features[keep], targets[keep]


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    if data_path:
        features, _ = split_rows(*load_csv(data_path, config), evaluation=False)
        return max(1, len(features) // global_batch)
    return 100


def sample_batches(config, batch_size: int, data_path, seed: int, evaluation: bool, device):
    """Endless batches of {"features": (batch, features), "targets": ...}."""
    generator = torch.Generator().manual_seed(seed)
    table = split_rows(*load_csv(data_path, config), evaluation=evaluation) if data_path else None
    while True:
        if table is not None:
            rows = torch.randint(0, len(table[0]), (batch_size,), generator=generator)
            features, targets = table[0][rows], table[1][rows]
        else:
            features, targets = synthetic_rows(config, batch_size, generator)
        yield {"features": features.to(device), "targets": targets.to(device)}


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: features (batch, features)."""
    features, _ = synthetic_rows(config, batch_size, torch.Generator().manual_seed(0))
    return {"features": features}


def expected_output_shape(config, batch_size: int = 2) -> tuple:
    return (batch_size, config.outputs)
