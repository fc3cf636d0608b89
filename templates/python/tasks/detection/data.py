PALETTE = (
    (0.95, 0.25, 0.2),
    (0.2, 0.85, 0.3),
    (0.25, 0.45, 0.95),
    (0.95, 0.85, 0.2),
    (0.85, 0.3, 0.9),
    (0.2, 0.85, 0.9),
)
MAX_OBJECTS = 3
IMAGE_SUFFIXES = (".ppm", ".pgm")


def scene_classes(config) -> int:
    """Classes the synthetic scenes use: one colour each, the first len(PALETTE) class ids."""
    return min(config.num_classes, len(PALETTE))


def synthetic_scenes(config, count: int, generator: torch.Generator):
    """Dark noisy images with 1-3 non-overlapping bright rectangles. Each class has its own colour,
    so the class is a function of the pixels and the box is the rectangle's edges. Returns images
    (count, 3, height, width) in [0, 1], boxes (count, MAX_OBJECTS, 4) as normalised (x0, y0, x1, y1)
    and labels (count, MAX_OBJECTS), -1 where there is no object."""
    height, width = config.image_size
    images = 0.1 + 0.15 * torch.rand(count, 3, height, width, generator=generator)
    boxes = torch.zeros(count, MAX_OBJECTS, 4)
    labels = torch.full((count, MAX_OBJECTS), -1, dtype=torch.long)
    palette = torch.tensor(PALETTE)

    def draw(low: int, high: int) -> int:
        return int(torch.randint(low, high, (1,), generator=generator))

    for i in range(count):
        wanted = draw(1, MAX_OBJECTS + 1)
        placed = []
        for _ in range(10 * wanted):
            if len(placed) == wanted:
                break
            box_h = draw(max(4, height // 5), max(5, height // 2))
            box_w = draw(max(4, width // 5), max(5, width // 2))
            y0, x0 = draw(0, height - box_h + 1), draw(0, width - box_w + 1)
            box = (x0, y0, x0 + box_w, y0 + box_h)
            # Keep a one-pixel gap so that every rectangle is seen whole.
            if all(box[0] > o[2] or o[0] > box[2] or box[1] > o[3] or o[1] > box[3] for o in placed):
                placed.append(box)
        for j, (x0, y0, x1, y1) in enumerate(placed):
            label = draw(0, scene_classes(config))
            shade = 0.1 * (torch.rand(3, y1 - y0, x1 - x0, generator=generator) - 0.5)
            images[i, :, y0:y1, x0:x1] = palette[label][:, None, None] + shade
            boxes[i, j] = torch.tensor([x0 / width, y0 / height, x1 / width, y1 / height])
            labels[i, j] = label
    return images.clamp(0, 1), boxes, labels


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


def detection_records(data_path: str, config) -> list:
    """A folder of PPM/PGM images, each with a YOLO-style label file beside it (same name, .txt):
    one "class cx cy w h" line per object, normalised to [0, 1]. Returns (image path, boxes as
    normalised (x0, y0, x1, y1), labels) per image."""
    records = []
    for path in sorted(p for p in pathlib.Path(data_path).rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES):
        label_file = path.with_suffix(".txt")
        rows = []
        if label_file.exists():
            rows = [line.split() for line in label_file.read_text().splitlines() if line.strip()]
        labels = torch.tensor([int(row[0]) for row in rows], dtype=torch.long)
        if len(labels) and int(labels.max()) >= config.num_classes:
            raise ValueError(f"{label_file}: class ids must be below num_classes ({config.num_classes})")
        centre_size = torch.tensor([[float(v) for v in row[1:5]] for row in rows]).reshape(-1, 4)
        boxes = torch.cat([centre_size[:, :2] - centre_size[:, 2:] / 2, centre_size[:, :2] + centre_size[:, 2:] / 2], 1)
        records.append((path, boxes.clamp(0, 1), labels))
    if not records:
        raise ValueError(f"no .ppm or .pgm images under {data_path}")
    return records


def stack_records(records: list, config):
    """Images, boxes and labels of some records, padded to the most objects among them."""
    count = max(1, max(len(labels) for _, _, labels in records))
    images = torch.stack([load_image(path, config) for path, _, _ in records])
    boxes = torch.zeros(len(records), count, 4)
    labels = torch.full((len(records), count), -1, dtype=torch.long)
    for i, (_, record_boxes, record_labels) in enumerate(records):
        boxes[i, : len(record_labels)] = record_boxes
        labels[i, : len(record_labels)] = record_labels
    return images, boxes, labels


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    if data_path:
        return max(1, len(detection_records(data_path, config)) // global_batch)
    return 100


def training_batches(config, model, batch_size: int, data_path, seed: int, rank: int, world_size: int, device):
    """Endless batches of {"images", "boxes", "labels"}; each process draws its own samples."""
    generator = torch.Generator().manual_seed(seed * 1000 + rank)
    records = detection_records(data_path, config) if data_path else None
    while True:
        if records:
            picks = torch.randint(0, len(records), (batch_size,), generator=generator).tolist()
            images, boxes, labels = stack_records([records[i] for i in picks], config)
        else:
            images, boxes, labels = synthetic_scenes(config, batch_size, generator)
        yield {"images": images.to(device), "boxes": boxes.to(device), "labels": labels.to(device)}


def evaluation_batches(config, batch_size: int, data_path, seed: int, count: int, device) -> list:
    batches = training_batches(config, None, batch_size, data_path, seed + 7919, 0, 1, device)
    return [next(batches) for _ in range(count)]


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: images (batch, 3, height, width)."""
    images, _, _ = synthetic_scenes(config, batch_size, torch.Generator().manual_seed(0))
    return {"images": images}


def pyramid_locations(config) -> int:
    """Locations on P3-P7: each stride-2 layer (stem conv, max-pool, stages 2-4, P6, P7) rounds up."""
    height, width = config.image_size
    total = 0
    for level in range(7):
        height, width = (height + 1) // 2, (width + 1) // 2
        if level >= 2:
            total += height * width
    return total


def expected_output_shape(config, batch_size: int = 2) -> dict:
    """DETR configurations have object queries; FCOS predicts at every pyramid location."""
    if hasattr(config, "num_queries"):
        queries = config.num_queries
        return {"logits": (batch_size, queries, config.num_classes + 1), "boxes": (batch_size, queries, 4)}
    locations = pyramid_locations(config)
    return {
        "logits": (batch_size, locations, config.num_classes),
        "boxes": (batch_size, locations, 4),
        "centerness": (batch_size, locations),
        "points": (batch_size, locations, 2),
    }
