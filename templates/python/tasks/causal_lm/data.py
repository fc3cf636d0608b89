EOS_TOKEN = "<|endoftext|>"
# Names a local tokenizer.json may give its end-of-document token.
EOS_NAMES = (EOS_TOKEN, "</s>", "<eos>", "<|end_of_text|>", "<|eot_id|>")
# Byte-level fallback: ids 0-255 are the bytes, 256 ends a document.
BYTE_EOS_ID = 256
TEXT_SUFFIXES = (".txt", ".jsonl")


def window_length(config) -> int:
    """Training window: train.py's --seq-len or the recipe's training sequence length, capped
    by the model's context."""
    requested = getattr(config, "training_sequence_length", None) or config.max_position_embeddings
    return max(2, min(int(requested), config.max_position_embeddings))


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
    return bytes(int(i) for i in ids if int(i) < 256).decode("utf-8", errors="replace")


def read_documents(inputs) -> list:
    """Documents from .txt files (one document each), .jsonl files (the "text" field of each
    line) and folders of them (searched recursively, in sorted order)."""
    files = []
    for item in inputs:
        path = pathlib.Path(item)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            raise SystemExit(f"error: {path} does not exist")
    documents = []
    for path in files:
        if path.suffix == ".jsonl":
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if not line.strip():
                    continue
                record = json.loads(line)
                if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                    raise SystemExit(f"error: {path}:{number} has no string field \"text\"")
                documents.append(record["text"])
        else:
            documents.append(path.read_text(encoding="utf-8", errors="replace"))
    return [d for d in documents if d.strip()]


def is_held_out(document: str, fraction: float) -> bool:
    """A deterministic split: a document is held out when its hash falls below the fraction,
    so the split does not depend on the order or number of input files."""
    digest = hashlib.sha256(document.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < fraction


def split_documents(documents: list, fraction: float):
    train = [d for d in documents if not is_held_out(d, fraction)]
    held_out = [d for d in documents if is_held_out(d, fraction)]
    if fraction > 0 and not held_out and len(train) > 1:
        held_out = [train.pop()]
    if not train and len(held_out) > 1:
        train = [held_out.pop(0)]
    return train, held_out


class TokenSplit:
    """One split of the token stream: memory-mapped shards written by prepare_data.py, or
    arrays in memory. Windows never cross a shard boundary."""

    def __init__(self, arrays: list, vocab_size: int):
        self.arrays = [a for a in arrays if len(a) > 0]
        self.vocab_size = vocab_size

    @classmethod
    def open(cls, folder: pathlib.Path, split: str) -> TokenSplit:
        meta = json.loads((folder / "meta.json").read_text())
        arrays = [
            np.memmap(folder / shard["file"], dtype=meta["dtype"], mode="r", shape=(shard["tokens"],))
            for shard in meta["splits"][split]
            if shard["tokens"] > 0
        ]
        return cls(arrays, meta["vocab_size"])

    def tokens(self) -> int:
        return sum(len(a) for a in self.arrays)

    def window_counts(self, length: int) -> list:
        return [max(0, len(a) - length + 1) for a in self.arrays]

    def windows(self, indices, length: int) -> torch.Tensor:
        counts = self.window_counts(length)
        ends = list(np.cumsum(counts))
        rows = []
        for index in indices:
            shard = bisect.bisect_right(ends, index)
            offset = index - (ends[shard - 1] if shard > 0 else 0)
            rows.append(torch.from_numpy(np.asarray(self.arrays[shard][offset : offset + length], dtype=np.int64)))
        return torch.stack(rows)


def byte_split(documents: list, vocab_size: int) -> TokenSplit:
    if vocab_size <= BYTE_EOS_ID:
        raise SystemExit(f"error: byte-level text needs a vocabulary of at least 257; the model has {vocab_size}")
    stream = []
    for document in documents:
        stream.extend(document.encode("utf-8"))
        stream.append(BYTE_EOS_ID)
    return TokenSplit([np.asarray(stream, dtype=np.int64)], BYTE_EOS_ID + 1)


def load_split(config, data_path: str, split: str, fraction: float = 0.1) -> TokenSplit:
    """A prepared folder (meta.json and shards) is read memory-mapped; a raw file or folder is
    byte-tokenized in memory with the same held-out split as prepare_data.py."""
    path = pathlib.Path(data_path)
    if path.is_dir() and (path / "meta.json").is_file():
        tokens = TokenSplit.open(path, split)
    else:
        train, held_out = split_documents(read_documents([path]), fraction)
        tokens = byte_split(train if split == "train" else held_out, config.vocab_size)
    if tokens.vocab_size > config.vocab_size:
        raise SystemExit(
            f"error: the data's vocabulary ({tokens.vocab_size}) does not fit the model's embedding "
            f"({config.vocab_size}); run prepare_data.py again with --vocab-size {config.vocab_size}"
        )
    return tokens


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    length = window_length(config) + 1
    if data_path:
        return max(1, load_split(config, data_path, "train").tokens() // (length * global_batch))
    return 100


def training_batches(config, model, batch_size: int, data_path, seed: int, rank: int, world_size: int, device):
    """Endless batches of {"input_ids": (batch, length + 1)}. Each step draws the windows of
    the whole global batch from one seeded generator and this shard keeps its slice, so the
    global batch is the same however it is split over processes and accumulation steps."""
    length = window_length(config) + 1
    generator = torch.Generator().manual_seed(seed)
    tokens = load_split(config, data_path, "train") if data_path else None
    total = sum(tokens.window_counts(length)) if tokens is not None else 0
    if tokens is not None and total <= 0:
        raise SystemExit(f"error: the training split has no window of {length} tokens; lower --seq-len")
    mine = slice(rank * batch_size, (rank + 1) * batch_size)
    while True:
        if tokens is not None:
            indices = torch.randint(0, total, (world_size * batch_size,), generator=generator)
            ids = tokens.windows(indices[mine].tolist(), length)
        else:
            ids = synthetic_sequences(config, world_size * batch_size, length, generator)[mine]
        yield {"input_ids": ids.to(device)}


def evaluation_batches(config, batch_size: int, data_path, seed: int, count: int, device) -> list:
    """Held-out batches: the held-out split of the data (the same for every process), or
    synthetic sequences from a separate seed."""
    length = window_length(config) + 1
    generator = torch.Generator().manual_seed(seed + 7919)
    if not data_path:
        return [{"input_ids": synthetic_sequences(config, batch_size, length, generator).to(device)} for _ in range(count)]
    tokens = load_split(config, data_path, "val")
    total = sum(tokens.window_counts(length))
    if total <= 0:
        raise SystemExit(f"error: the held-out split has no window of {length} tokens; add data or raise --val-fraction")
    batches = []
    for _ in range(count):
        indices = torch.randint(0, total, (batch_size,), generator=generator)
        batches.append({"input_ids": tokens.windows(indices.tolist(), length).to(device)})
    return batches


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: token ids (batch, length)."""
    generator = torch.Generator().manual_seed(0)
    return {"input_ids": synthetic_sequences(config, batch_size, window_length(config), generator)}


def expected_output_shape(config, batch_size: int = 2) -> tuple:
    return (batch_size, window_length(config), config.vocab_size)
