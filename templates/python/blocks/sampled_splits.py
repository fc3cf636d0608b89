def training_batches(
    config, model, batch_size: int, data_path, seed: int, rank: int, world_size: int, device
):
    """Endless training batches from the task's sample_batches, one stream per rank."""
    return sample_batches(config, batch_size, data_path, seed * 1000 + rank, False, device)


def evaluation_batches(config, batch_size: int, data_path, seed: int, count: int, device) -> list:
    """A fixed list of held-out batches from the task's sample_batches."""
    batches = sample_batches(config, batch_size, data_path, seed + 7919, True, device)
    return [next(batches) for _ in range(count)]
