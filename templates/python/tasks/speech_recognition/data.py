LEXICON = [
    "yes", "no", "up", "down", "left", "right", "on", "off",
    "stop", "go", "zero", "one", "two", "three", "four", "five",
]


def special_tokens(config) -> tuple:
    """(start of transcript, end of text): the last two ids of the vocabulary."""
    return config.vocab_size - 2, config.vocab_size - 1


def lexicon_size(config) -> int:
    """Words in use: token id i is LEXICON[i]; each word needs its own band of mel bins."""
    return min(len(LEXICON), config.vocab_size - 2, config.num_mel_bins)


def transcript_text(ids: list) -> str:
    """Token ids as words; ids outside the lexicon (special tokens) show as <id>."""
    return " ".join(LEXICON[i] if 0 <= i < len(LEXICON) else f"<{i}>" for i in ids)


def known_words(config) -> list:
    return LEXICON[: lexicon_size(config)]


def max_words(config) -> int:
    return max(1, min(6, config.max_target_positions - 2))


def frame_count(config) -> int:
    return 2 * config.max_source_positions


def render_mel(config, words: list, generator: torch.Generator) -> torch.Tensor:
    """A log-mel-like (num_mel_bins, frames) image of an utterance: the frames are cut into
    max_words slots, word i lights up the mel band of its id in slot i with a rise-and-fall
    envelope, and unused slots stay silent; Gaussian noise on top. Transcribing it means
    reading the bands in order."""
    frames, bins = frame_count(config), config.num_mel_bins
    band = bins // lexicon_size(config)
    slot = frames // max_words(config)
    voiced = max(1, slot * 3 // 4)
    envelope = torch.sin(math.pi * (torch.arange(voiced) + 0.5) / voiced)
    mel = torch.full((bins, frames), -1.0)
    for index, word in enumerate(words):
        start = index * slot
        mel[word * band : (word + 1) * band, start : start + voiced] = -1.0 + 2.5 * envelope
    return mel + 0.2 * torch.randn(bins, frames, generator=generator)


def token_rows(config, utterances: list) -> torch.Tensor:
    """[start, words..., end] padded with end to max_words + 2 tokens."""
    start, end = special_tokens(config)
    rows = torch.full((len(utterances), max_words(config) + 2), end, dtype=torch.long)
    rows[:, 0] = start
    for row, words in zip(rows, utterances):
        row[1 : 1 + len(words)] = torch.tensor(words, dtype=torch.long)
    return rows


def synthetic_batch(config, count: int, generator: torch.Generator) -> dict:
    """{"input_features", "decoder_input_ids", "labels"} for utterances of 1 to max_words random
    words; labels are the next tokens, -100 after the end token."""
    utterances = []
    for _ in range(count):
        length = int(torch.randint(1, max_words(config) + 1, (1,), generator=generator))
        utterances.append(torch.randint(0, lexicon_size(config), (length,), generator=generator).tolist())
    mel = torch.stack([render_mel(config, words, generator) for words in utterances])
    tokens = token_rows(config, utterances)
    labels = tokens[:, 1:].clone()
    lengths = torch.tensor([len(words) for words in utterances])
    labels[torch.arange(labels.shape[1]).unsqueeze(0) > lengths.unsqueeze(1)] = -100
    return {"input_features": mel, "decoder_input_ids": tokens[:, :-1], "labels": labels}


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    return 100


def training_batches(
    config, model, batch_size: int, data_path, seed: int, rank: int, world_size: int, device
):
    """Endless synthetic batches; each process sees its own stream. Real speech needs a log-mel
    front end and a tokenizer, which this release does not bundle, so --data is not read."""
    if data_path:
        raise SystemExit("speech recognition trains on synthetic spectrograms only; drop --data")
    generator = torch.Generator().manual_seed(seed * 1000 + rank)
    while True:
        yield {key: value.to(device) for key, value in synthetic_batch(config, batch_size, generator).items()}


def evaluation_batches(config, batch_size: int, data_path, seed: int, count: int, device) -> list:
    batches = training_batches(config, None, batch_size, data_path, seed + 7919, 0, 1, device)
    return [next(batches) for _ in range(count)]


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: log-mel (batch, num_mel_bins, frames) and decoder ids (batch, length)."""
    batch = synthetic_batch(config, batch_size, torch.Generator().manual_seed(0))
    return {"input_features": batch["input_features"], "decoder_input_ids": batch["decoder_input_ids"]}


def expected_output_shape(config, batch_size: int = 2) -> tuple:
    return (batch_size, max_words(config) + 1, config.vocab_size)
