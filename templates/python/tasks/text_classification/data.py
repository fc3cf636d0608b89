PAD_ID = 0
CLS_ID = 1
SEP_ID = 2
FIRST_WORD_ID = 3


def label_space(config) -> tuple[str, int]:
    """The head's kind ("Classifier" or "Regressor") and its number of classes or outputs."""
    ((kind, sizes),) = config.head.items()
    return kind, sizes["outputs"] if kind == "Regressor" else sizes["num_classes"]


def sequence_length(config) -> int:
    return min(config.max_position_embeddings, 64)


def encode_text(text: str, config) -> tuple[torch.Tensor, torch.Tensor]:
    """Byte-level tokenizer: [CLS] bytes [SEP], padded to sequence_length; returns the ids and
    the padding mask (1 for real tokens)."""
    length = sequence_length(config)
    words = [FIRST_WORD_ID + b % (config.vocab_size - FIRST_WORD_ID) for b in text.encode("utf-8")]
    ids = [CLS_ID, *words[: length - 2], SEP_ID]
    mask = [1] * len(ids) + [0] * (length - len(ids))
    return torch.tensor(ids + [PAD_ID] * (length - len(ids))), torch.tensor(mask)


def keyword_ids(config, label: torch.Tensor) -> torch.Tensor:
    """The word id reserved as each label's keyword."""
    return FIRST_WORD_ID + label % (config.vocab_size - FIRST_WORD_ID)


def synthetic_examples(config, count: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Sentences of random words salted with label keywords.

    Classification: half of the words are the keyword of the sentence's class. Regression:
    output j's keyword fills a random fraction of the words and the target is that fraction,
    rescaled to [-1, 1]. Either way the label is a function of the tokens.
    """
    kind, size = label_space(config)
    words = sequence_length(config) - 2
    ids = torch.randint(FIRST_WORD_ID, config.vocab_size, (count, words), generator=generator)
    if kind == "Regressor":
        share = torch.rand(count, size, generator=generator) / size
        owner = torch.multinomial(
            torch.cat([share, 1 - share.sum(1, keepdim=True)], 1), words, replacement=True, generator=generator
        )
        ids = torch.where(owner < size, keyword_ids(config, owner.clamp(max=size - 1)), ids)
        counts = F.one_hot(owner, size + 1)[:, :, :size].sum(1)
        labels = 2 * size * counts.float() / words - 1
    else:
        labels = torch.randint(0, size, (count,), generator=generator)
        salted = torch.rand(count, words, generator=generator) < 0.5
        ids = torch.where(salted, keyword_ids(config, labels).unsqueeze(1), ids)
    ids = torch.cat([torch.full((count, 1), CLS_ID), ids, torch.full((count, 1), SEP_ID)], 1)
    return ids, labels


def load_tsv(path: str, config) -> list:
    """Examples from a tab-separated file, one per line: the text, then one integer class index
    (Classifier) or one number per output (Regressor)."""
    kind, _ = label_space(config)
    rows = [line.split("\t") for line in pathlib.Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    if kind == "Regressor":
        return [(row[0], [float(v) for v in row[1:]]) for row in rows]
    return [(row[0], int(row[1])) for row in rows]


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    if data_path:
        return max(1, len(load_tsv(data_path, config)) // global_batch)
    return 100


def training_batches(config, model, batch_size: int, data_path, seed: int, rank: int, world_size: int, device):
    """Endless batches of {"input_ids", "attention_mask": (batch, length), "labels"}: class
    indices (batch,) or float targets (batch, outputs). Each process sees its own shard."""
    generator = torch.Generator().manual_seed(seed * 1000 + rank)
    rows = load_tsv(data_path, config)[rank::world_size] if data_path else None
    while True:
        if rows is not None:
            picks = torch.randint(0, len(rows), (batch_size,), generator=generator).tolist()
            encoded = [encode_text(rows[i][0], config) for i in picks]
            ids = torch.stack([e[0] for e in encoded])
            mask = torch.stack([e[1] for e in encoded])
            labels = torch.tensor([rows[i][1] for i in picks])
        else:
            ids, labels = synthetic_examples(config, batch_size, generator)
            mask = torch.ones_like(ids)
        yield {"input_ids": ids.to(device), "attention_mask": mask.to(device), "labels": labels.to(device)}


def evaluation_batches(config, batch_size: int, data_path, seed: int, count: int, device) -> list:
    batches = training_batches(config, None, batch_size, data_path, seed + 7919, 0, 1, device)
    return [next(batches) for _ in range(count)]


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: token ids and padding mask, both (batch, length)."""
    ids, _ = synthetic_examples(config, batch_size, torch.Generator().manual_seed(0))
    return {"input_ids": ids, "attention_mask": torch.ones_like(ids)}


def expected_output_shape(config, batch_size: int = 2) -> tuple:
    return (batch_size, label_space(config)[1])
