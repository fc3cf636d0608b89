PAD_ID = 0
CLS_ID = 1
SEP_ID = 2
FIRST_WORD_ID = 3
REPLACED_SHARE = 0.3


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


def frame(words: torch.Tensor, lengths: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """[CLS] words[:length] [SEP] then padding, for each row; returns ids and padding mask."""
    count, width = words.shape
    positions = torch.arange(width + 2).unsqueeze(0)
    ids = torch.cat([torch.full((count, 1), CLS_ID), words, torch.full((count, 1), PAD_ID)], 1)
    ids = torch.where(positions <= lengths.unsqueeze(1), ids, PAD_ID)
    ids = torch.where(positions == lengths.unsqueeze(1) + 1, SEP_ID, ids)
    return ids, (positions <= lengths.unsqueeze(1) + 1).long()


def synthetic_pairs(config, count: int, generator: torch.Generator) -> dict:
    """Sentence pairs: a sentence of random words and its paraphrase, the same words shuffled
    with REPLACED_SHARE of them swapped for random ones. Sentences have random lengths and
    are padded, so the masked mean pooling is exercised."""
    width = sequence_length(config) - 2
    words = torch.randint(FIRST_WORD_ID, config.vocab_size, (count, width), generator=generator)
    lengths = torch.randint(width // 2, width + 1, (count,), generator=generator)
    order = torch.rand(count, width, generator=generator)
    # Shuffle within each sentence's own length: padding slots sort last.
    order = torch.where(torch.arange(width).unsqueeze(0) < lengths.unsqueeze(1), order, 2.0)
    paraphrase = words.gather(1, order.argsort(1))
    replaced = torch.rand(count, width, generator=generator) < REPLACED_SHARE
    noise = torch.randint(FIRST_WORD_ID, config.vocab_size, (count, width), generator=generator)
    paraphrase = torch.where(replaced, noise, paraphrase)
    ids, mask = frame(words, lengths)
    positive_ids, positive_mask = frame(paraphrase, lengths)
    return {"input_ids": ids, "attention_mask": mask, "positive_ids": positive_ids, "positive_mask": positive_mask}


def load_pairs(path: str) -> list:
    """Sentence pairs from a tab-separated file: one pair per line, the two texts separated by
    a tab."""
    lines = pathlib.Path(path).read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")[:2]) for line in lines if "\t" in line]


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    if data_path:
        return max(1, len(load_pairs(data_path)) // global_batch)
    return 100


def training_batches(config, model, batch_size: int, data_path, seed: int, rank: int, world_size: int, device):
    """Endless batches of pairs: {"input_ids", "attention_mask", "positive_ids",
    "positive_mask"}, each (batch, length). Each process sees its own shard."""
    generator = torch.Generator().manual_seed(seed * 1000 + rank)
    pairs = load_pairs(data_path)[rank::world_size] if data_path else None
    while True:
        if pairs is not None:
            picks = torch.randint(0, len(pairs), (batch_size,), generator=generator).tolist()
            first = [encode_text(pairs[i][0], config) for i in picks]
            second = [encode_text(pairs[i][1], config) for i in picks]
            batch = {
                "input_ids": torch.stack([e[0] for e in first]),
                "attention_mask": torch.stack([e[1] for e in first]),
                "positive_ids": torch.stack([e[0] for e in second]),
                "positive_mask": torch.stack([e[1] for e in second]),
            }
        else:
            batch = synthetic_pairs(config, batch_size, generator)
        yield {key: value.to(device) for key, value in batch.items()}


def evaluation_batches(config, batch_size: int, data_path, seed: int, count: int, device) -> list:
    batches = training_batches(config, None, batch_size, data_path, seed + 7919, 0, 1, device)
    return [next(batches) for _ in range(count)]


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: token ids and padding mask, both (batch, length)."""
    pairs = synthetic_pairs(config, batch_size, torch.Generator().manual_seed(0))
    return {"input_ids": pairs["input_ids"], "attention_mask": pairs["attention_mask"]}


def expected_output_shape(config, batch_size: int = 2) -> tuple:
    ((_, sizes),) = config.head.items()
    return (batch_size, sizes["dim"])
