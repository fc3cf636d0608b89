PAD_ID = 0
CLS_ID = 1
SEP_ID = 2
FIRST_WORD_ID = 3
CONTENT_WORDS = 16
QUERY_WORDS = 6
MATCHED_SHARE = 0.5
HARD_NEGATIVE_SHARE = 0.1


def sequence_length(config) -> int:
    return min(config.max_position_embeddings, 64)


def byte_words(text: str, config) -> list:
    return [FIRST_WORD_ID + b % (config.vocab_size - FIRST_WORD_ID) for b in text.encode("utf-8")]


def encode_pair(query: str, passage: str, config) -> dict:
    """[CLS] query [SEP] passage [SEP] with byte-level tokens, segment ids 0 for the query part
    and 1 for the passage part, padded to sequence_length (the passage is truncated first)."""
    length = sequence_length(config)
    first = [CLS_ID, *byte_words(query, config)[: length // 2 - 2], SEP_ID]
    second = [*byte_words(passage, config)[: length - len(first) - 1], SEP_ID]
    padding = length - len(first) - len(second)
    return {
        "input_ids": torch.tensor(first + second + [PAD_ID] * padding),
        "token_type_ids": torch.tensor([0] * len(first) + [1] * len(second) + [0] * padding),
        "attention_mask": torch.tensor([1] * (len(first) + len(second)) + [0] * padding),
    }


def content_words(config, count: int, generator: torch.Generator) -> torch.Tensor:
    """Query terms: QUERY_WORDS ids per row from the small topical vocabulary (CONTENT_WORDS
    ids); every other word id is filler."""
    return torch.randint(FIRST_WORD_ID, FIRST_WORD_ID + CONTENT_WORDS, (count, QUERY_WORDS), generator=generator)


def synthetic_pairs(config, queries: torch.Tensor, kinds: torch.Tensor, generator: torch.Generator) -> dict:
    """(query, passage) pairs; kinds is 0 for a relevant passage, 1 for a hard negative and 2 for
    a random negative. Passages are filler words with MATCHED_SHARE of the slots taken by
    query terms: the pair's own query's terms (relevant), another query's terms (hard
    negative) or none (random negative). Telling relevant passages from hard negatives
    needs the two segments compared; random negatives lack query terms altogether."""
    count = queries.shape[0]
    passage_words = sequence_length(config) - QUERY_WORDS - 3
    source = torch.where((kinds == 0).unsqueeze(1), queries, content_words(config, count, generator))
    picks = torch.randint(0, QUERY_WORDS, (count, passage_words), generator=generator)
    filler_range = (FIRST_WORD_ID + CONTENT_WORDS, config.vocab_size)
    filler = torch.randint(*filler_range, (count, passage_words), generator=generator)
    matched = torch.rand(count, passage_words, generator=generator) < MATCHED_SHARE
    passages = torch.where(matched & (kinds < 2).unsqueeze(1), source.gather(1, picks), filler)
    cls, sep = torch.full((count, 1), CLS_ID), torch.full((count, 1), SEP_ID)
    ids = torch.cat([cls, queries, sep, passages, sep], 1)
    token_types = torch.cat([torch.zeros(count, QUERY_WORDS + 2), torch.ones(count, passage_words + 1)], 1).long()
    return {
        "input_ids": ids,
        "token_type_ids": token_types,
        "attention_mask": torch.ones_like(ids),
        "labels": (kinds == 0).float(),
    }


def negative_kinds(count: int, generator: torch.Generator) -> torch.Tensor:
    """1 (hard) with probability HARD_NEGATIVE_SHARE, else 2 (random)."""
    return 1 + (torch.rand(count, generator=generator) >= HARD_NEGATIVE_SHARE).long()


def synthetic_batch(config, batch_size: int, generator: torch.Generator) -> dict:
    """Independent queries, each paired with a relevant passage half of the time."""
    queries = content_words(config, batch_size, generator)
    relevant = torch.rand(batch_size, generator=generator) < 0.5
    kinds = torch.where(relevant, 0, negative_kinds(batch_size, generator))
    return synthetic_pairs(config, queries, kinds, generator)


def synthetic_group(config, size: int, generator: torch.Generator) -> dict:
    """One query with `size` candidate passages; the first is the relevant one."""
    query = content_words(config, 1, generator).expand(size, -1)
    kinds = torch.cat([torch.zeros(1, dtype=torch.long), negative_kinds(size - 1, generator)])
    return synthetic_pairs(config, query, kinds, generator)


def load_judgements(path: str) -> list:
    """Relevance judgements from a tab-separated file: query, passage and a label (1 relevant,
    0 not; graded labels in [0, 1] also work), one per line."""
    lines = pathlib.Path(path).read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line.count("\t") >= 2]
    return [(row[0], row[1], float(row[2])) for row in rows]


def collate(rows: list, config) -> dict:
    encoded = [encode_pair(query, passage, config) for query, passage, _ in rows]
    batch = {key: torch.stack([e[key] for e in encoded]) for key in encoded[0]}
    batch["labels"] = torch.tensor([label for _, _, label in rows])
    return batch


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    if data_path:
        return max(1, len(load_judgements(data_path)) // global_batch)
    return 100


def training_batches(config, model, batch_size: int, data_path, seed: int, rank: int, world_size: int, device):
    """Endless batches of {"input_ids", "token_type_ids", "attention_mask": (batch, length),
    "labels": (batch,) relevance in [0, 1]}. Each process sees its own shard."""
    generator = torch.Generator().manual_seed(seed * 1000 + rank)
    rows = load_judgements(data_path)[rank::world_size] if data_path else None
    while True:
        if rows is not None:
            picks = torch.randint(0, len(rows), (batch_size,), generator=generator).tolist()
            batch = collate([rows[i] for i in picks], config)
        else:
            batch = synthetic_batch(config, batch_size, generator)
        yield {key: value.to(device) for key, value in batch.items()}


def evaluation_batches(config, batch_size: int, data_path, seed: int, count: int, device) -> list:
    """One batch per query holding all of its candidates: batch_size synthetic candidates with
    one relevant, or every judged passage of a query from the file."""
    if data_path:
        by_query = {}
        for row in load_judgements(data_path):
            by_query.setdefault(row[0], []).append(row)
        groups = [collate(rows, config) for rows in list(by_query.values())[:count]]
    else:
        generator = torch.Generator().manual_seed(seed + 7919)
        groups = [synthetic_group(config, batch_size, generator) for _ in range(count)]
    return [{key: value.to(device) for key, value in group.items()} for group in groups]


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: token ids, segment ids and padding mask, each (batch, length)."""
    batch = synthetic_batch(config, batch_size, torch.Generator().manual_seed(0))
    return {key: batch[key] for key in ("input_ids", "token_type_ids", "attention_mask")}


def expected_output_shape(config, batch_size: int = 2) -> tuple:
    return (batch_size,)
