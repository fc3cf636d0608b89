# uses: netpbm
IMAGE_SUFFIXES = (".ppm", ".pgm", ".pnm", ".png", ".jpg", ".jpeg", ".bmp", ".webp")
NETPBM_SUFFIXES = (".ppm", ".pgm", ".pnm")
HELD_OUT_FRACTION = 0.1


def class_files(folder: pathlib.Path) -> tuple[list, list]:
    classes = sorted(p.name for p in folder.iterdir() if p.is_dir())
    files = []
    for index, name in enumerate(classes):
        for file in sorted((folder / name).rglob("*")):
            if file.suffix.lower() in IMAGE_SUFFIXES:
                files.append((file, index))
    return files, classes


def is_held_out(relative: str) -> bool:
    """Deterministic split by a hash of the file's path inside its class folder."""
    digest = hashlib.sha256(relative.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < HELD_OUT_FRACTION


def image_folder(path: str, split: str = "train") -> tuple[list, list]:
    """(files, class names) of a class-folder dataset: DATA/<class>/<image>, or DATA/train/ and
    DATA/val/ laid out the same way. Without a val/ folder a tenth of each class is held out by
    a hash of its path. The class index of a file is its folder's position in sorted order."""
    root = pathlib.Path(path)
    if (root / "train").is_dir() and (root / "val").is_dir():
        files, classes = class_files(root / ("train" if split == "train" else "val"))
    else:
        every, classes = class_files(root)
        files = [(f, c) for f, c in every if is_held_out(f.relative_to(root).as_posix()) == (split != "train")]
    if not files:
        raise ValueError(f"{path}: no {split} images (PNG, JPEG or PPM/PGM) in class subfolders")
    return files, classes


def load_picture(path: pathlib.Path, config) -> torch.Tensor:
    """An image as (3, H, W) floats in [-1, 1], resized to the model's image_size: Pillow for
    PNG, JPEG and the rest, the built-in reader for PPM/PGM when Pillow is missing."""
    height, width = config.image_size
    try:
        from PIL import Image
    except ImportError:
        if path.suffix.lower() not in NETPBM_SUFFIXES:
            raise SystemExit(f"error: reading {path.suffix} images needs Pillow (pip install pillow)") from None
        return load_image(path, config) * 2.0 - 1.0
    with Image.open(path) as image:
        rgb = image.convert("RGB").resize((width, height), Image.BILINEAR)
        pixels = torch.frombuffer(bytearray(rgb.tobytes()), dtype=torch.uint8)
    return pixels.view(height, width, 3).permute(2, 0, 1).float() / 127.5 - 1.0


def crop_and_resize(image: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """A random crop of 8% to 100% of the area with an aspect ratio between 3/4 and 4/3
    (log-uniform), resized back to the image's size; the whole image when ten draws do not fit."""
    _, height, width = image.shape
    for _ in range(10):
        area = height * width * (0.08 + 0.92 * torch.rand((), generator=generator).item())
        ratio = math.exp(math.log(3 / 4) + math.log(16 / 9) * torch.rand((), generator=generator).item())
        crop_w, crop_h = round(math.sqrt(area * ratio)), round(math.sqrt(area / ratio))
        if 0 < crop_w <= width and 0 < crop_h <= height:
            top = int(torch.randint(0, height - crop_h + 1, (), generator=generator))
            left = int(torch.randint(0, width - crop_w + 1, (), generator=generator))
            crop = image[None, :, top : top + crop_h, left : left + crop_w]
            return F.interpolate(crop, size=(height, width), mode="bilinear", align_corners=False)[0]
    return image


def augment(image: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """The recipe's train-time transforms (DATA_AUGMENTATION) in order: random_resized_crop,
    then horizontal_flip with probability 1/2. No transform draws from the generator when the
    list is empty, so an un-augmented run sees exactly the un-augmented images."""
    for transform in DATA_AUGMENTATION:
        if transform == "random_resized_crop":
            image = crop_and_resize(image, generator)
        elif transform == "horizontal_flip" and torch.rand((), generator=generator).item() < 0.5:
            image = image.flip(-1)
    return image


class ImageFolderDataset(torch.utils.data.Dataset):
    """Images and labels of one split; the training split is augmented with a generator seeded
    by (seed, epoch, index), so every epoch draws anew and a rerun draws the same."""

    def __init__(self, files: list, config, augmented: bool = False, seed: int = 0):
        self.files, self.config = files, config
        self.augmented, self.seed, self.epoch = augmented, seed, 0

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int):
        path, label = self.files[index]
        image = load_picture(path, self.config)
        if self.augmented and DATA_AUGMENTATION:
            key = (self.seed * 1_000_003 + self.epoch) * 1_000_003 + index
            generator = torch.Generator().manual_seed(key % 2**63)
            image = augment(image, generator)
        return image, label


def folder_loader(config, data_path: str, split: str, batch_size: int, seed: int, rank: int, world_size: int):
    """A DataLoader over one split with a DistributedSampler (shuffled per epoch, each shard its
    own part); worker processes on accelerators."""
    files, classes = image_folder(data_path, split)
    if len(classes) > config.num_classes:
        raise SystemExit(f"error: {data_path} has {len(classes)} classes; the model has {config.num_classes}")
    dataset = ImageFolderDataset(files, config, augmented=split == "train", seed=seed)
    sampler = torch.utils.data.distributed.DistributedSampler(
        dataset, num_replicas=world_size, rank=rank, shuffle=split == "train", seed=seed, drop_last=len(files) >= world_size
    )
    workers = int(os.environ.get("DATA_WORKERS", "4" if torch.cuda.is_available() else "0"))
    loader = torch.utils.data.DataLoader(dataset, batch_size=batch_size, sampler=sampler, num_workers=workers, drop_last=False)
    return loader, sampler


def class_patterns(config) -> torch.Tensor:
    """One fixed random 4x4 colour pattern per class (the same for every run)."""
    generator = torch.Generator().manual_seed(1234)
    return torch.randn(config.num_classes, 3, 4, 4, generator=generator)


def synthetic_images(config, labels: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Each image is its class's pattern, upsampled to image_size, plus Gaussian noise, so the
    label is recoverable from the picture."""
    height, width = config.image_size
    patterns = F.interpolate(class_patterns(config)[labels], size=(height, width), mode="bilinear", align_corners=False)
    return patterns + 0.5 * torch.randn(patterns.shape, generator=generator)


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    if data_path:
        return max(1, len(image_folder(data_path)[0]) // global_batch)
    return 100


def training_batches(config, model, batch_size: int, data_path, seed: int, rank: int, world_size: int, device):
    """Endless batches of {"images": (batch, 3, H, W), "labels": (batch,)}: epochs of a class
    folder through a DataLoader and DistributedSampler (this process's shard), or a synthetic
    stream. The folder's training split is augmented as the recipe says (DATA_AUGMENTATION); the
    synthetic stream is not, its every image being a fresh draw."""
    if data_path:
        loader, sampler = folder_loader(config, data_path, "train", batch_size, seed, rank, world_size)
        epoch = 0
        while True:
            sampler.set_epoch(epoch)
            loader.dataset.epoch = epoch
            for images, labels in loader:
                yield {"images": images.to(device), "labels": labels.to(device)}
            epoch += 1
    generator = torch.Generator().manual_seed(seed * 1000 + rank)
    while True:
        labels = torch.randint(0, config.num_classes, (batch_size,), generator=generator)
        images = synthetic_images(config, labels, generator)
        yield {"images": images.to(device), "labels": labels.to(device)}


def evaluation_batches(config, batch_size: int, data_path, seed: int, count: int, device) -> list:
    """Held-out batches: the folder's held-out split in order (all of it when count allows), or
    a synthetic stream from a separate seed."""
    if data_path:
        loader, _ = folder_loader(config, data_path, "val", batch_size, seed, 0, 1)
        batches = []
        for images, labels in loader:
            batches.append({"images": images.to(device), "labels": labels.to(device)})
            if len(batches) >= count:
                break
        return batches
    batches = training_batches(config, None, batch_size, None, seed + 7919, 0, 1, device)
    return [next(batches) for _ in range(count)]


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: images (batch, 3, H, W)."""
    generator = torch.Generator().manual_seed(0)
    labels = torch.arange(batch_size) % config.num_classes
    return {"images": synthetic_images(config, labels, generator)}


def expected_output_shape(config, batch_size: int = 2) -> tuple:
    return (batch_size, config.num_classes)
