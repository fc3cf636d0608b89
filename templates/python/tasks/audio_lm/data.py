STYLES = [
    "calm piano",
    "fast drums",
    "warm strings",
    "bright synth",
    "deep bass",
    "soft guitar",
    "lofi beat",
    "epic brass",
]


def special_token(config) -> int:
    """The extra embedding row: fills the delay pattern's gaps and starts every sequence."""
    return config.codebook_size


def frame_count(config) -> int:
    """Frames per training example, so that the delayed sequence fills at most 64 positions."""
    return min(config.max_frames, 64) - config.num_codebooks + 1


def text_length(config) -> int:
    return min(config.text_context_length, 16)


def encode_text(config, text: str) -> torch.Tensor:
    """Byte-level ids of a description, cut or zero-padded to text_length (1-D)."""
    ids = [byte % config.text_vocab_size for byte in text.encode("utf-8")][: text_length(config)]
    return torch.tensor(ids + [0] * (text_length(config) - len(ids)), dtype=torch.long)


def style_codes(config, style: int, frames: int, generator: torch.Generator) -> torch.Tensor:
    """(K, frames) codes of one style: codebook k repeats a fixed random motif whose length
    (2 to 5 steps) depends on the style and k, starting at a random phase."""
    rows = []
    for k in range(config.num_codebooks):
        period = 2 + (style + k) % 4
        motif = torch.randint(
            0, config.codebook_size, (period,), generator=torch.Generator().manual_seed(1000 * style + k)
        )
        phase = int(torch.randint(0, period, (1,), generator=generator))
        rows.append(motif[(torch.arange(frames) + phase) % period])
    return torch.stack(rows)


def style_chroma(config, style: int) -> torch.Tensor:
    """(chroma_frames, chroma_bins) melody rising by one pitch class per frame from the
    style's root; each frame is a soft chroma vector peaked at its note."""
    notes = (style + torch.arange(config.chroma_frames)).unsqueeze(1)
    bins = torch.arange(config.chroma_bins).unsqueeze(0)
    return torch.cos(2 * math.pi * (bins - notes) / config.chroma_bins).clamp_min(0.0)


def delay_pattern(codes: torch.Tensor, special: int) -> torch.Tensor:
    """MusicGen's delay interleaving: codebook k is shifted right by k steps, gaps filled with
    the special token. (batch, K, frames) -> (batch, K, frames + K - 1)."""
    batch, books, frames = codes.shape
    delayed = codes.new_full((batch, books, frames + books - 1), special)
    for k in range(books):
        delayed[:, k, k : k + frames] = codes[:, k]
    return delayed


def undo_delay(delayed: torch.Tensor) -> torch.Tensor:
    """Inverse of delay_pattern: (batch, K, frames + K - 1) -> (batch, K, frames)."""
    books = delayed.shape[1]
    frames = delayed.shape[2] - books + 1
    return torch.stack([delayed[:, k, k : k + frames] for k in range(books)], dim=1)


def synthetic_batch(config, count: int, generator: torch.Generator) -> dict:
    """Model inputs and targets for random styles. The codes are delay-interleaved; the model
    input is the special start column followed by the delayed codes, shifted so position t
    predicts delayed column t; gap positions are not predicted (target -100)."""
    styles = torch.randint(0, len(STYLES), (count,), generator=generator).tolist()
    codes = torch.stack([style_codes(config, s, frame_count(config), generator) for s in styles])
    special = special_token(config)
    delayed = delay_pattern(codes, special)
    start = delayed.new_full(delayed[:, :, :1].shape, special)
    batch = {"codes": torch.cat([start, delayed[:, :, :-1]], dim=2)}
    if config.text_conditioned:
        batch["text_ids"] = torch.stack([encode_text(config, STYLES[s]) for s in styles])
    if config.audio_conditioned:
        batch["chroma"] = torch.stack([style_chroma(config, s) for s in styles])
    batch["targets"] = delayed.masked_fill(delayed == special, -100)
    return batch


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    return 100


def training_batches(
    config, model, batch_size: int, data_path, seed: int, rank: int, world_size: int, device
):
    """Endless synthetic batches; each process sees its own stream. Real music needs an audio
    codec to turn waveforms into codes, which this release does not bundle, so --data is not read."""
    if data_path:
        raise SystemExit("the audio language model trains on synthetic codes only; drop --data")
    generator = torch.Generator().manual_seed(seed * 1000 + rank)
    while True:
        yield {key: value.to(device) for key, value in synthetic_batch(config, batch_size, generator).items()}


def evaluation_batches(config, batch_size: int, data_path, seed: int, count: int, device) -> list:
    batches = training_batches(config, None, batch_size, data_path, seed + 7919, 0, 1, device)
    return [next(batches) for _ in range(count)]


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: codes (batch, K, length) plus the conditioning in use."""
    batch = synthetic_batch(config, batch_size, torch.Generator().manual_seed(0))
    del batch["targets"]
    return batch


def expected_output_shape(config, batch_size: int = 2) -> tuple:
    return (
        batch_size,
        config.num_codebooks,
        frame_count(config) + config.num_codebooks - 1,
        config.codebook_size,
    )
