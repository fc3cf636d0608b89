# Special ids, as in T5: 0 pads and starts the decoder, 1 ends a text, 2 is unknown.
PAD_ID = 0
EOS_ID = 1
# Byte-level tokens, as in ByT5: byte b is id b + 3, after the three special ids.
BYTE_OFFSET = 3


def window_lengths(config) -> tuple:
    """(source, target): the training window (train.py's --seq-len or the recipe's sequence
    length, capped by the model's source + target split) cut into a first half for the
    encoder and the rest for the decoder."""
    cap = config.source_length + config.target_length
    requested = getattr(config, "training_sequence_length", None) or cap
    window = max(2, min(int(requested), cap))
    return window // 2, window - window // 2


def encode_text(text: str, vocab_size: int) -> list:
    if vocab_size < 256 + BYTE_OFFSET + reserved_ids():
        raise SystemExit(f"error: byte-level text needs a vocabulary of at least {256 + BYTE_OFFSET + reserved_ids()}; the model has {vocab_size}")
    return [b + BYTE_OFFSET for b in text.encode("utf-8")]


def decode_ids(ids) -> str:
    """Bytes back to text, stopping at the end id; special ids are dropped."""
    out = bytearray()
    for i in ids:
        i = int(i)
        if i == EOS_ID:
            break
        if BYTE_OFFSET <= i < 256 + BYTE_OFFSET:
            out.append(i - BYTE_OFFSET)
    return out.decode("utf-8", errors="replace")


def text_stream(data_path: str, vocab_size: int, split: str, fraction: float = 0.1) -> torch.Tensor:
    """The .txt files under data_path (or the file itself), in sorted order, byte-tokenized
    with an end id after each; a file is held out when the SHA-256 of its text falls below
    the fraction, so the split does not depend on the order of the files."""
    path = pathlib.Path(data_path)
    files = sorted(p for p in path.rglob("*.txt") if p.is_file()) if path.is_dir() else [path]
    if not files or not all(f.is_file() for f in files):
        raise SystemExit(f"error: {path} is not a .txt file or a folder of them")
    ids = []
    for file in files:
        text = file.read_text(encoding="utf-8", errors="replace")
        digest = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big") / 2**64
        if (digest < fraction) == (split == "val"):
            ids.extend(encode_text(text, vocab_size) + [EOS_ID])
    return torch.tensor(ids, dtype=torch.long)


def synthetic_windows(config, count: int, length: int, generator: torch.Generator) -> torch.Tensor:
    """Arithmetic progressions over the non-special ids: a random start and one of eight
    strides per row, so the target half follows from the source half; sentinel ids are left out."""
    span = min(config.vocab_size - reserved_ids(), 4096) - BYTE_OFFSET
    starts = torch.randint(0, span, (count, 1), generator=generator)
    strides = torch.randint(1, 9, (count, 1), generator=generator)
    return BYTE_OFFSET + (starts + strides * torch.arange(length).unsqueeze(0)) % span


# T5's span corruption: 15% of a window's tokens, in spans of 3 on average, each replaced in
# the source by a sentinel; the target lists each sentinel then the tokens it hides.
# The sentinels are the top SENTINEL_COUNT ids (T5's 100 extra ids), which text never uses.
NOISE_DENSITY = 0.15
MEAN_SPAN_LENGTH = 3.0
SENTINEL_COUNT = 100


def reserved_ids() -> int:
    """Ids at the top of the vocabulary kept for sentinels."""
    return SENTINEL_COUNT if SPAN_CORRUPTION else 0


def sentinel(config, index: int) -> int:
    """The index-th sentinel id, counted down from the top of the vocabulary, as T5's."""
    return config.vocab_size - 1 - index


def span_counts(length: int) -> tuple:
    """(noise tokens, spans) of a window: NOISE_DENSITY of it rounded, at least one, in spans
    of MEAN_SPAN_LENGTH on average (longer when the sentinels run out), each span with a clean
    stretch before it."""
    noise = min(max(1, round(length * NOISE_DENSITY)), length - 1)
    spans = max(1, min(noise, length - noise, SENTINEL_COUNT - 1, round(noise / MEAN_SPAN_LENGTH)))
    return noise, spans


def random_segmentation(total: int, pieces: int, generator: torch.Generator) -> list:
    """total cut into pieces positive lengths at distinct random points."""
    cuts = sorted((torch.randperm(total - 1, generator=generator)[: pieces - 1] + 1).tolist())
    bounds = [0, *cuts, total]
    return [bounds[i + 1] - bounds[i] for i in range(pieces)]


def corrupt_spans(config, row: list, generator: torch.Generator) -> tuple:
    """(source, target) id lists of one window: clean stretches alternate with noise spans;
    the source keeps the clean tokens and puts sentinel k where span k was, the target is
    sentinel k then span k for each span, closed by the next sentinel."""
    noise, spans = span_counts(len(row))
    noise_lengths = random_segmentation(noise, spans, generator)
    clean_lengths = random_segmentation(len(row) - noise, spans, generator)
    source, target, at = [], [], 0
    for index, (clean, hidden) in enumerate(zip(clean_lengths, noise_lengths)):
        source += [*row[at : at + clean], sentinel(config, index)]
        at += clean
        target += [sentinel(config, index), *row[at : at + hidden]]
        at += hidden
    return source, target + [sentinel(config, spans)]


def corrupted_pairs(config, windows: torch.Tensor, generator: torch.Generator) -> dict:
    """Span-corruption pairs from the first source_length tokens of each window; sources are
    padded with the pad id and targets too, their labels with -100 (not scored)."""
    source_length, target_length = window_lengths(config)
    count = windows.shape[0]
    sources = torch.full((count, source_length), PAD_ID, dtype=torch.long)
    targets = torch.full((count, target_length), PAD_ID, dtype=torch.long)
    labels = torch.full((count, target_length), -100, dtype=torch.long)
    for i, row in enumerate(windows[:, :source_length].tolist()):
        source, target = corrupt_spans(config, row, generator)
        target = target[:target_length]
        sources[i, : len(source)] = torch.tensor(source)
        targets[i, : len(target)] = torch.tensor(target)
        labels[i, : len(target)] = torch.tensor(target)
    start = torch.full_like(targets[:, :1], config.decoder_start_token_id)
    return {"input_ids": sources, "decoder_input_ids": torch.cat([start, targets[:, :-1]], dim=1), "labels": labels}


def pairs(config, windows: torch.Tensor, generator: torch.Generator) -> dict:
    """Source, decoder input (the target shifted right behind the start id) and labels: with
    SPAN_CORRUPTION, T5's span corruption; otherwise the window's first half and the rest."""
    if SPAN_CORRUPTION:
        return corrupted_pairs(config, windows, generator)
    source_length, _ = window_lengths(config)
    source, target = windows[:, :source_length], windows[:, source_length:]
    start = torch.full_like(target[:, :1], config.decoder_start_token_id)
    return {
        "input_ids": source,
        "decoder_input_ids": torch.cat([start, target[:, :-1]], dim=1),
        "labels": target,
    }


def draw(config, stream, count: int, generator: torch.Generator) -> torch.Tensor:
    length = sum(window_lengths(config))
    if stream is None:
        return synthetic_windows(config, count, length, generator)
    if len(stream) < length:
        raise SystemExit(f"error: the data has fewer than {length} tokens; add text or lower --seq-len")
    starts = torch.randint(0, len(stream) - length + 1, (count,), generator=generator)
    return torch.stack([stream[s : s + length] for s in starts.tolist()])


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    if data_path:
        tokens = len(text_stream(data_path, config.vocab_size, "train"))
        return max(1, tokens // (sum(window_lengths(config)) * global_batch))
    return 100


def training_batches(config, model, batch_size: int, data_path, seed: int, rank: int, world_size: int, device):
    """Endless batches of source/target pairs. Each step draws the windows of the whole global
    batch from one seeded generator and this shard keeps its slice."""
    generator = torch.Generator().manual_seed(seed)
    stream = text_stream(data_path, config.vocab_size, "train") if data_path else None
    mine = slice(rank * batch_size, (rank + 1) * batch_size)
    while True:
        windows = draw(config, stream, world_size * batch_size, generator)[mine]
        yield {key: value.to(device) for key, value in pairs(config, windows, generator).items()}


def evaluation_batches(config, batch_size: int, data_path, seed: int, count: int, device) -> list:
    """Held-out pairs: from the held-out files, or synthetic from a separate seed."""
    generator = torch.Generator().manual_seed(seed + 7919)
    stream = text_stream(data_path, config.vocab_size, "val") if data_path else None
    batches = []
    for _ in range(count):
        windows = draw(config, stream, batch_size, generator)
        batches.append({key: value.to(device) for key, value in pairs(config, windows, generator).items()})
    return batches


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: source ids and decoder input ids."""
    generator = torch.Generator().manual_seed(0)
    batch = pairs(config, synthetic_windows(config, batch_size, sum(window_lengths(config)), generator), generator)
    return {"input_ids": batch["input_ids"], "decoder_input_ids": batch["decoder_input_ids"]}


def expected_output_shape(config, batch_size: int = 2) -> tuple:
    return (batch_size, window_lengths(config)[1], config.vocab_size)
