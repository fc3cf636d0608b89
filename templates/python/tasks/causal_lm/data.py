def sequence_length(config) -> int:
    return min(config.max_position_embeddings, 128)


def synthetic_sequences(config, count: int, length: int, generator: torch.Generator) -> torch.Tensor:
    """Arithmetic progressions modulo the vocabulary: each sequence has a random start and one
    of eight strides, so the next token is predictable from the previous two."""
    vocab = min(config.vocab_size, 4096)
    starts = torch.randint(0, vocab, (count, 1), generator=generator)
    strides = torch.randint(1, 9, (count, 1), generator=generator)
    steps = torch.arange(length).unsqueeze(0)
    return (starts + strides * steps) % vocab


def encode_bytes(text: bytes, vocab_size: int) -> torch.Tensor:
    """Byte-level tokenizer: one token per byte (ids 0-255, folded into small vocabularies)."""
    return torch.tensor(list(text), dtype=torch.long) % vocab_size


def decode_bytes(ids) -> str:
    return bytes(int(i) % 256 for i in ids).decode("utf-8", errors="replace")


def load_text(path: str, config) -> torch.Tensor:
    """A local UTF-8 text file as one long stream of byte tokens."""
    return encode_bytes(pathlib.Path(path).read_bytes(), config.vocab_size)


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    length = sequence_length(config) + 1
    if data_path:
        return max(1, len(load_text(data_path, config)) // (length * global_batch))
    return 100


def training_batches(config, model, batch_size: int, data_path, seed: int, rank: int, world_size: int, device):
    """Endless batches of {"input_ids": (batch, length + 1)}; each process sees its own shard."""
    length = sequence_length(config) + 1
    generator = torch.Generator().manual_seed(seed * 1000 + rank)
    stream = load_text(data_path, config) if data_path else None
    while True:
        if stream is not None and len(stream) > length:
            starts = torch.randint(0, len(stream) - length, (batch_size,), generator=generator)
            ids = torch.stack([stream[s : s + length] for s in starts.tolist()])
        else:
            ids = synthetic_sequences(config, batch_size, length, generator)
        yield {"input_ids": ids.to(device)}


def evaluation_batches(config, batch_size: int, data_path, seed: int, count: int, device) -> list:
    batches = training_batches(config, None, batch_size, data_path, seed + 7919, 0, 1, device)
    return [next(batches) for _ in range(count)]


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: token ids (batch, length)."""
    generator = torch.Generator().manual_seed(0)
    return {"input_ids": synthetic_sequences(config, batch_size, sequence_length(config), generator)}


def expected_output_shape(config, batch_size: int = 2) -> tuple:
    return (batch_size, sequence_length(config), config.vocab_size)
