# uses: netpbm
IMAGE_SUFFIXES = (".ppm", ".pgm", ".pnm")
PAD_ID = 0
FIRST_WORD_ID = 1
SHAPES = 4
COLOURS = 4


def start_and_end_ids(config) -> tuple[int, int]:
    """The start- and end-of-text tokens: the two largest ids, as in CLIP's tokenizer."""
    return config.vocab_size - 2, config.vocab_size - 1




def encode_caption(text: str, config) -> torch.Tensor:
    """Byte-level tokenizer: start, one token per byte, end, then padding to context_length."""
    start, end = start_and_end_ids(config)
    words = [FIRST_WORD_ID + b for b in text.encode("utf-8")][: config.context_length - 2]
    ids = [start, *words, end]
    return torch.tensor(ids + [PAD_ID] * (config.context_length - len(ids)))


def captioned_images(path: str) -> list:
    """(image, caption) pairs of a folder: every PPM/PGM image with a caption file of the same
    name and suffix .txt beside it."""
    pairs = []
    for file in sorted(pathlib.Path(path).rglob("*")):
        caption = file.with_suffix(".txt")
        if file.suffix.lower() in IMAGE_SUFFIXES and caption.is_file():
            pairs.append((file, caption.read_text(encoding="utf-8").strip()))
    if not pairs:
        raise ValueError(f"{path}: no PPM/PGM images with .txt captions")
    return pairs


def attribute_tables() -> tuple[torch.Tensor, torch.Tensor]:
    """Fixed random tables (the same for every run): a 4x4 grey pattern per shape and an RGB
    offset per colour."""
    generator = torch.Generator().manual_seed(1234)
    return torch.randn(SHAPES, 1, 4, 4, generator=generator), torch.randn(COLOURS, 3, 1, 1, generator=generator)


def synthetic_pairs(config, shapes: torch.Tensor, colours: torch.Tensor, generator: torch.Generator) -> dict:
    """Image-caption pairs that share a (shape, colour) concept: the image is the shape's
    pattern, upsampled, tinted by the colour, plus noise; the caption is random filler words
    of random length holding the shape's word and the colour's word at random places, then
    the end-of-text token. Concepts combine, so a batch rarely repeats one."""
    count = shapes.shape[0]
    height, width = config.image_size
    patterns, tints = attribute_tables()
    images = F.interpolate(patterns[shapes], size=(height, width), mode="bilinear", align_corners=False)
    images = images + tints[colours] + 0.5 * torch.randn(count, 3, height, width, generator=generator)
    start, end = start_and_end_ids(config)
    slots = config.context_length - 2
    words = torch.randint(FIRST_WORD_ID + SHAPES + COLOURS, start, (count, slots), generator=generator)
    lengths = torch.randint(2, slots + 1, (count,), generator=generator)
    positions = torch.arange(slots).unsqueeze(0)
    # The two attribute words take distinct random places within each caption.
    scores = torch.where(positions < lengths.unsqueeze(1), torch.rand(count, slots, generator=generator), -1.0)
    places = scores.argsort(1, descending=True)
    words.scatter_(1, places[:, :1], (FIRST_WORD_ID + shapes).unsqueeze(1))
    words.scatter_(1, places[:, 1:2], (FIRST_WORD_ID + SHAPES + colours).unsqueeze(1))
    words = torch.where(positions < lengths.unsqueeze(1), words, PAD_ID)
    captions = torch.cat([torch.full((count, 1), start), words, torch.full((count, 1), PAD_ID)], 1)
    captions[torch.arange(count), lengths + 1] = end
    return {"images": images, "input_ids": captions}


def random_pairs(config, count: int, generator: torch.Generator) -> dict:
    shapes = torch.randint(0, SHAPES, (count,), generator=generator)
    colours = torch.randint(0, COLOURS, (count,), generator=generator)
    return synthetic_pairs(config, shapes, colours, generator)


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    if data_path:
        return max(1, len(captioned_images(data_path)) // global_batch)
    return 100


def training_batches(config, model, batch_size: int, data_path, seed: int, rank: int, world_size: int, device):
    """Endless batches of matching pairs: {"images": (batch, 3, H, W), "input_ids": (batch,
    context_length)}; row i of each is a pair. Each process sees its own shard."""
    generator = torch.Generator().manual_seed(seed * 1000 + rank)
    pairs = captioned_images(data_path)[rank::world_size] if data_path else None
    while True:
        if pairs is not None:
            picks = torch.randint(0, len(pairs), (batch_size,), generator=generator).tolist()
            batch = {
                "images": torch.stack([load_image(pairs[i][0], config) for i in picks]),
                "input_ids": torch.stack([encode_caption(pairs[i][1], config) for i in picks]),
            }
        else:
            batch = random_pairs(config, batch_size, generator)
        yield {key: value.to(device) for key, value in batch.items()}


def evaluation_batches(config, batch_size: int, data_path, seed: int, count: int, device) -> list:
    batches = training_batches(config, None, batch_size, data_path, seed + 7919, 0, 1, device)
    return [next(batches) for _ in range(count)]


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: images (batch, 3, H, W) and caption ids (batch, length)."""
    return random_pairs(config, batch_size, torch.Generator().manual_seed(0))


def expected_output_shape(config, batch_size: int = 2) -> dict:
    return {
        "image_embeds": (batch_size, config.embedding_dim),
        "text_embeds": (batch_size, config.embedding_dim),
        "logits_per_image": (batch_size, batch_size),
    }
