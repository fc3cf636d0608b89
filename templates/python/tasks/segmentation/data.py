PALETTE = (
    (0.95, 0.25, 0.2),
    (0.2, 0.85, 0.3),
    (0.25, 0.45, 0.95),
    (0.95, 0.85, 0.2),
    (0.85, 0.3, 0.9),
    (0.2, 0.85, 0.9),
    (0.95, 0.6, 0.25),
    (0.9, 0.9, 0.9),
)
MAX_SHAPES = 4
VOID = 255
IMAGE_SUFFIXES = (".ppm", ".pgm")


def scene_classes(config) -> int:
    """Classes the synthetic scenes use: background (0) plus one per palette colour, at most."""
    return min(config.num_classes, len(PALETTE) + 1)


def synthetic_scenes(config, count: int, generator: torch.Generator):
    """Dark noisy images with 2-4 bright rectangles and discs, later shapes painted over earlier ones.
    Each class has its own colour, so every pixel's class is a function of its colour. Returns
    images (count, 3, height, width) in [0, 1], class masks (count, height, width) with 0 for
    background, and instance ids (count, height, width) with 0 for no shape."""
    height, width = config.image_size
    images = 0.1 + 0.15 * torch.rand(count, 3, height, width, generator=generator)
    masks = torch.zeros(count, height, width, dtype=torch.long)
    instances = torch.zeros(count, height, width, dtype=torch.long)
    if scene_classes(config) < 2:
        return images, masks, instances
    palette = torch.tensor(PALETTE)
    ys = torch.arange(height, dtype=torch.float32)[:, None]
    xs = torch.arange(width, dtype=torch.float32)[None, :]
    for i in range(count):
        shapes = int(torch.randint(2, MAX_SHAPES + 1, (1,), generator=generator))
        for j in range(shapes):
            label = int(torch.randint(1, scene_classes(config), (1,), generator=generator))
            cy, cx, size_y, size_x, kind = torch.rand(5, generator=generator).tolist()
            cy, cx = cy * height, cx * width
            half_h, half_w = (0.1 + 0.15 * size_y) * height, (0.1 + 0.15 * size_x) * width
            if kind < 0.5:
                region = ((ys - cy) / half_h) ** 2 + ((xs - cx) / half_w) ** 2 <= 1
            else:
                region = ((ys - cy).abs() <= half_h) & ((xs - cx).abs() <= half_w)
            shade = 0.1 * (torch.rand(3, height, width, generator=generator) - 0.5)
            images[i] = torch.where(region, palette[label - 1][:, None, None] + shade, images[i])
            masks[i][region] = label
            instances[i][region] = j + 1
    return images.clamp(0, 1), masks, instances


def read_netpbm(path) -> torch.Tensor:
    """The pixels of a binary PGM (P5) or PPM (P6) file with 8-bit samples, as a uint8 tensor
    (channels, height, width)."""
    data = pathlib.Path(path).read_bytes()
    fields, position = [], 0
    while len(fields) < 4:
        if data[position] == ord("#"):
            position = data.index(b"\n", position)
        elif chr(data[position]).isspace():
            position += 1
        else:
            end = position
            while not chr(data[end]).isspace():
                end += 1
            fields.append(data[position:end])
            position = end
    magic, (width, height, maxval) = fields[0], (int(f) for f in fields[1:])
    if magic not in (b"P5", b"P6") or maxval > 255:
        raise ValueError(f"{path}: only binary 8-bit PGM (P5) and PPM (P6) files are supported")
    channels = 3 if magic == b"P6" else 1
    start = position + 1
    pixels = torch.frombuffer(bytearray(data[start : start + width * height * channels]), dtype=torch.uint8)
    return pixels.view(height, width, channels).permute(2, 0, 1)


def load_image(path, config) -> torch.Tensor:
    """A PPM or PGM image as (3, height, width) in [0, 1], resized to config.image_size."""
    image = read_netpbm(path).float() / 255.0
    image = image.expand(3, -1, -1) if image.shape[0] == 1 else image
    return F.interpolate(image[None], size=tuple(config.image_size), mode="bilinear", align_corners=False)[0]


def load_label_map(path, config) -> torch.Tensor:
    """A PGM whose pixel values are ids, as (height, width) long, resized (nearest) to config.image_size."""
    ids = read_netpbm(path)[:1].float()
    return F.interpolate(ids[None], size=tuple(config.image_size), mode="nearest")[0, 0].long()


def segmentation_files(data_path: str) -> list:
    """Pairs (image, mask) from DATA/images/NAME.ppm|pgm and DATA/masks/NAME.pgm, whose pixel
    values are class ids (255 = void, ignored). An optional DATA/instances/NAME.pgm holds
    instance ids (0 = none) for the instance-embedding head."""
    root = pathlib.Path(data_path)
    pairs = []
    for image in sorted(p for p in (root / "images").iterdir() if p.suffix.lower() in IMAGE_SUFFIXES):
        mask = root / "masks" / f"{image.stem}.pgm"
        if mask.exists():
            pairs.append((image, mask))
    if not pairs:
        raise ValueError(f"no images/NAME.ppm with masks/NAME.pgm under {data_path}")
    return pairs


def load_pairs(pairs: list, config):
    """Images, class masks (ids of num_classes or more become void) and instance ids of some pairs."""
    images = torch.stack([load_image(image, config) for image, _ in pairs])
    masks = torch.stack([load_label_map(mask, config) for _, mask in pairs])
    masks = masks.masked_fill((masks >= config.num_classes) & (masks != VOID), VOID)
    instances = torch.zeros_like(masks)
    for i, (image, _) in enumerate(pairs):
        instance_file = image.parent.parent / "instances" / f"{image.stem}.pgm"
        if instance_file.exists():
            instances[i] = load_label_map(instance_file, config)
    return images, masks, instances


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    if data_path:
        return max(1, len(segmentation_files(data_path)) // global_batch)
    return 100


def training_batches(config, model, batch_size: int, data_path, seed: int, rank: int, world_size: int, device):
    """Endless batches of {"images", "masks", "instances"}; each process draws its own samples."""
    generator = torch.Generator().manual_seed(seed * 1000 + rank)
    pairs = segmentation_files(data_path) if data_path else None
    while True:
        if pairs:
            picks = torch.randint(0, len(pairs), (batch_size,), generator=generator).tolist()
            images, masks, instances = load_pairs([pairs[i] for i in picks], config)
        else:
            images, masks, instances = synthetic_scenes(config, batch_size, generator)
        yield {"images": images.to(device), "masks": masks.to(device), "instances": instances.to(device)}


def evaluation_batches(config, batch_size: int, data_path, seed: int, count: int, device) -> list:
    batches = training_batches(config, None, batch_size, data_path, seed + 7919, 0, 1, device)
    return [next(batches) for _ in range(count)]


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: images (batch, 3, height, width)."""
    images, _, _ = synthetic_scenes(config, batch_size, torch.Generator().manual_seed(0))
    return {"images": images}


def expected_output_shape(config, batch_size: int = 2):
    """Per-pixel class logits, plus the embedding map when the model has an instance head."""
    height, width = config.image_size
    logits = (batch_size, config.num_classes, height, width)
    if config.instance_embedding:
        return {"logits": logits, "embedding": (batch_size, config.embedding_dim, height, width)}
    return logits
