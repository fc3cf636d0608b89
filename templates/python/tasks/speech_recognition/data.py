# uses: wav_audio
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


def transcript_text(ids: list, alphabet: str | None = None) -> str:
    """Token ids as text: characters of the manifest's alphabet when given, else lexicon
    words; ids outside either (special tokens) show as <id>."""
    if alphabet is not None:
        return "".join(alphabet[i] if 0 <= i < len(alphabet) else f"<{i}>" for i in ids)
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


HELD_OUT_FRACTION = 0.1


def is_held_out(name: str) -> bool:
    """Deterministic split by a hash of the audio file's name as the manifest writes it."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < HELD_OUT_FRACTION


def read_manifest(file: pathlib.Path) -> list:
    """(WAV path, transcript) pairs of a jsonl manifest: one {"audio": "clip.wav", "text":
    "..."} object per line, audio paths relative to the manifest's folder."""
    records = []
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            audio, text = record["audio"], record["text"]
        except (ValueError, KeyError, TypeError):
            raise SystemExit(f'error: {file}:{number}: expected {{"audio": "clip.wav", "text": "..."}}') from None
        if not isinstance(audio, str) or not isinstance(text, str):
            raise SystemExit(f"error: {file}:{number}: audio and text must be strings")
        records.append((audio, file.parent / audio, text))
    return records


def manifest_records(path: str, split: str) -> tuple:
    """(records of the split, alphabet). PATH is a jsonl manifest, or a folder holding
    manifest.jsonl, or train.jsonl and val.jsonl. Without val.jsonl a tenth of the clips are
    held out by a hash of their names. The alphabet is every character of every transcript,
    sorted: transcripts are character tokens."""
    root = pathlib.Path(path)
    if root.is_dir() and (root / "train.jsonl").is_file() and (root / "val.jsonl").is_file():
        every = {name: read_manifest(root / f"{name}.jsonl") for name in ("train", "val")}
        records = every["train" if split == "train" else "val"]
        everything = every["train"] + every["val"]
    else:
        file = root / "manifest.jsonl" if root.is_dir() else root
        if not file.is_file():
            raise SystemExit(f"error: {path}: expected a jsonl manifest, or a folder holding manifest.jsonl (or train.jsonl and val.jsonl)")
        everything = read_manifest(file)
        records = [r for r in everything if is_held_out(r[0]) == (split != "train")]
    if not records:
        raise SystemExit(f"error: {path}: no {split} clips in the manifest")
    alphabet = "".join(sorted({c for _, _, text in everything for c in text}))
    return [(wav, text) for _, wav, text in records], alphabet


def encode_transcript(config, alphabet: str, text: str) -> tuple:
    """(decoder input ids, labels) of one transcript: [start, characters..., end], padded with
    end to max_target_positions + 1 tokens and shifted; labels are -100 after the end token.
    Longer transcripts are cut."""
    start, end = special_tokens(config)
    ids = [alphabet.index(c) for c in text][: config.max_target_positions - 1]
    row = torch.full((config.max_target_positions + 1,), end, dtype=torch.long)
    row[0] = start
    row[1 : 1 + len(ids)] = torch.tensor(ids, dtype=torch.long)
    labels = row[1:].clone()
    labels[len(ids) + 1 :] = -100
    return row[:-1], labels


def clip_features(config, wav: pathlib.Path) -> torch.Tensor:
    """The clip's log-mel features at the model's size, resampled first to the model's
    config.sample_rate (the spec's constraints.sample_rate, else Whisper's 16 kHz)."""
    samples, rate = read_wav(wav)
    return log_mel(resample(samples, rate, config.sample_rate), config.num_mel_bins, frame_count(config), config.sample_rate)


class SpeechDataset(torch.utils.data.Dataset):
    def __init__(self, records: list, alphabet: str, config):
        self.records, self.alphabet, self.config = records, alphabet, config

    def __len__(self) -> int:
        return len(self.records)

    def __getitem__(self, index: int):
        wav, text = self.records[index]
        inputs, labels = encode_transcript(self.config, self.alphabet, text)
        return clip_features(self.config, wav), inputs, labels


def check_alphabet(config, alphabet: str, path: str) -> None:
    if len(alphabet) > config.vocab_size - 2:
        raise SystemExit(
            f"error: the transcripts in {path} use {len(alphabet)} characters; the model's vocabulary has room for {config.vocab_size - 2}"
        )


def manifest_loader(config, data_path: str, split: str, batch_size: int, seed: int, rank: int, world_size: int):
    """A DataLoader over one split of the manifest with a DistributedSampler (shuffled per
    epoch for training, each shard its own part)."""
    records, alphabet = manifest_records(data_path, split)
    check_alphabet(config, alphabet, data_path)
    dataset = SpeechDataset(records, alphabet, config)
    sampler = torch.utils.data.distributed.DistributedSampler(
        dataset, num_replicas=world_size, rank=rank, shuffle=split == "train", seed=seed, drop_last=len(records) >= world_size
    )
    workers = int(os.environ.get("DATA_WORKERS", "4" if torch.cuda.is_available() else "0"))
    loader = torch.utils.data.DataLoader(dataset, batch_size=batch_size, sampler=sampler, num_workers=workers)
    return loader, sampler, alphabet


def as_batch(mel, inputs, labels, alphabet: str, device) -> dict:
    return {
        "input_features": mel.to(device),
        "decoder_input_ids": inputs.to(device),
        "labels": labels.to(device),
        "alphabet": alphabet,
    }


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    if data_path:
        return max(1, len(manifest_records(data_path, "train")[0]) // global_batch)
    return 100


def training_batches(
    config, model, batch_size: int, data_path, seed: int, rank: int, world_size: int, device
):
    """Endless batches of {"input_features", "decoder_input_ids", "labels"}: with --data,
    epochs of the manifest's WAV clips (log-mel in torch) and character transcripts through a
    DataLoader and DistributedSampler (this process's shard); otherwise synthetic
    spectrograms of lexicon words, each process its own stream."""
    if data_path:
        loader, sampler, alphabet = manifest_loader(config, data_path, "train", batch_size, seed, rank, world_size)
        epoch = 0
        while True:
            sampler.set_epoch(epoch)
            for mel, inputs, labels in loader:
                yield as_batch(mel, inputs, labels, alphabet, device)
            epoch += 1
    generator = torch.Generator().manual_seed(seed * 1000 + rank)
    while True:
        yield {key: value.to(device) for key, value in synthetic_batch(config, batch_size, generator).items()}


def evaluation_batches(config, batch_size: int, data_path, seed: int, count: int, device) -> list:
    """Held-out batches: the manifest's held-out clips in order (up to count batches), or a
    synthetic stream from a separate seed."""
    if data_path:
        loader, _, alphabet = manifest_loader(config, data_path, "val", batch_size, seed, 0, 1)
        batches = []
        for mel, inputs, labels in loader:
            batches.append(as_batch(mel, inputs, labels, alphabet, device))
            if len(batches) >= count:
                break
        return batches
    batches = training_batches(config, None, batch_size, None, seed + 7919, 0, 1, device)
    return [next(batches) for _ in range(count)]


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: log-mel (batch, num_mel_bins, frames) and decoder ids (batch, length)."""
    batch = synthetic_batch(config, batch_size, torch.Generator().manual_seed(0))
    return {"input_features": batch["input_features"], "decoder_input_ids": batch["decoder_input_ids"]}


def expected_output_shape(config, batch_size: int = 2) -> tuple:
    return (batch_size, max_words(config) + 1, config.vocab_size)
