def find_eos(tokenizer) -> int:
    for name in EOS_NAMES:
        token_id = tokenizer.token_to_id(name)
        if token_id is not None:
            return token_id
    raise SystemExit(f"error: the tokenizer has none of the end-of-document tokens {', '.join(EOS_NAMES)}")


def train_tokenizer(documents: list, vocab_size: int):
    """A byte-level BPE tokenizer (Hugging Face tokenizers) trained on the training documents:
    at most vocab_size ids, fewer when the corpus supports no more merges."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=2,
        special_tokens=[EOS_TOKEN],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(documents, trainer=trainer)
    return tokenizer


class ShardWriter:
    """Appends token ids to numbered .bin shards of at most shard_tokens ids each."""

    def __init__(self, folder: pathlib.Path, split: str, dtype: str, shard_tokens: int):
        self.folder, self.split, self.dtype, self.shard_tokens = folder, split, dtype, shard_tokens
        self.shards = []

    def write(self, ids: list) -> None:
        array = np.asarray(ids, dtype=self.dtype)
        while len(array):
            if not self.shards or self.shards[-1]["tokens"] >= self.shard_tokens:
                name = f"{self.split}-{len(self.shards):05d}.bin"
                (self.folder / name).write_bytes(b"")
                self.shards.append({"file": name, "tokens": 0})
            shard = self.shards[-1]
            chunk, array = array[: self.shard_tokens - shard["tokens"]], array[self.shard_tokens - shard["tokens"] :]
            with open(self.folder / shard["file"], "ab") as handle:
                chunk.tofile(handle)
            shard["tokens"] += len(chunk)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description="Tokenize text into memory-mapped shards for train.py.")
    parser.add_argument("inputs", nargs="+", help=".txt files, .jsonl files (a \"text\" field per line) or folders of them")
    parser.add_argument("--out", required=True, help="data folder: meta.json, tokenizer.json and .bin shards")
    parser.add_argument("--vocab-size", type=int, default=None, help="vocabulary of a trained tokenizer (default: the model's)")
    parser.add_argument("--val-fraction", type=float, default=0.1, help="share of documents held out for evaluation")
    parser.add_argument("--tokenizer", type=str, default=None, help="use this local tokenizer.json instead of training one")
    parser.add_argument("--byte-level", action="store_true", help="one token per byte, no tokenizer")
    parser.add_argument("--tiny", action="store_true", help="size the vocabulary for ModelConfig.tiny()")
    parser.add_argument("--shard-tokens", type=int, default=2**28, help="tokens per .bin shard")
    args = parser.parse_args(argv)
    config = ModelConfig.tiny() if args.tiny else ModelConfig()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    documents = read_documents(args.inputs)
    if not documents:
        raise SystemExit("error: the inputs hold no text")
    train, held_out = split_documents(documents, args.val_fraction)

    if args.byte_level:
        tokenizer, vocab_size, eos_id = None, BYTE_EOS_ID + 1, BYTE_EOS_ID
    elif args.tokenizer:
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(args.tokenizer)
        vocab_size, eos_id = tokenizer.get_vocab_size(), find_eos(tokenizer)
    else:
        requested = args.vocab_size or config.vocab_size
        if requested > config.vocab_size:
            raise SystemExit(f"error: --vocab-size {requested} exceeds the model's embedding of {config.vocab_size} ids")
        if requested <= BYTE_EOS_ID:
            raise SystemExit(f"error: a byte-level BPE vocabulary needs more than {BYTE_EOS_ID} ids")
        tokenizer = train_tokenizer(train, requested)
        vocab_size, eos_id = tokenizer.get_vocab_size(), find_eos(tokenizer)
        if vocab_size < requested:
            print(f"the corpus supports {vocab_size} tokens of the {requested} requested", flush=True)
    if vocab_size > config.vocab_size:
        raise SystemExit(f"error: the tokenizer has {vocab_size} ids but the model embeds {config.vocab_size}")
    if tokenizer is not None:
        tokenizer.save(str(out / "tokenizer.json"))

    dtype = "uint16" if vocab_size <= 2**16 else "uint32"
    splits = {}
    for split, docs in (("train", train), ("val", held_out)):
        writer = ShardWriter(out, split, dtype, args.shard_tokens)
        for start in range(0, len(docs), 256):
            chunk = docs[start : start + 256]
            if tokenizer is None:
                encoded = [list(d.encode("utf-8")) for d in chunk]
            else:
                encoded = [e.ids for e in tokenizer.encode_batch(chunk)]
            # One write per chunk of documents, each followed by the end-of-document id.
            writer.write([token for ids in encoded for token in [*ids, eos_id]])
        splits[split] = writer.shards
    meta = {
        "format": "metagen-token-shards",
        "version": 1,
        "dtype": dtype,
        "vocab_size": vocab_size,
        "eos_id": eos_id,
        "tokenizer": "tokenizer.json" if tokenizer is not None else "bytes",
        "documents": {"train": len(train), "val": len(held_out)},
        "splits": splits,
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    counts = {split: sum(s["tokens"] for s in shards) for split, shards in splits.items()}
    print(
        f"{len(train)} training and {len(held_out)} held-out documents; {counts['train']} and {counts['val']} tokens;"
        f" vocabulary {vocab_size} ({meta['tokenizer']}); wrote {out}",
        flush=True,
    )
    return meta


if __name__ == "__main__":
    main()
