# uses: netpbm
IMAGE_SUFFIXES = (".ppm", ".pgm", ".pnm")




def image_folder(path: str) -> tuple[list, list]:
    """(files, class names) of a folder with one subfolder of PPM/PGM images per class; the
    class index of a file is its subfolder's position in sorted order."""
    classes = sorted(p.name for p in pathlib.Path(path).iterdir() if p.is_dir())
    files = []
    for index, name in enumerate(classes):
        for file in sorted((pathlib.Path(path) / name).iterdir()):
            if file.suffix.lower() in IMAGE_SUFFIXES:
                files.append((file, index))
    if not files:
        raise ValueError(f"{path}: no PPM/PGM images in class subfolders")
    return files, classes


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
    """Endless batches of {"images": (batch, 3, H, W), "labels": (batch,)}; each process
    draws from its own shard of the folder (or its own synthetic stream)."""
    generator = torch.Generator().manual_seed(seed * 1000 + rank)
    files = None
    if data_path:
        files, classes = image_folder(data_path)
        if len(classes) > config.num_classes:
            raise ValueError(f"{data_path} has {len(classes)} classes; the model has {config.num_classes}")
        files = files[rank::world_size]
    while True:
        if files is not None:
            picks = torch.randint(0, len(files), (batch_size,), generator=generator).tolist()
            images = torch.stack([load_image(files[i][0], config) for i in picks])
            labels = torch.tensor([files[i][1] for i in picks])
        else:
            labels = torch.randint(0, config.num_classes, (batch_size,), generator=generator)
            images = synthetic_images(config, labels, generator)
        yield {"images": images.to(device), "labels": labels.to(device)}


def evaluation_batches(config, batch_size: int, data_path, seed: int, count: int, device) -> list:
    batches = training_batches(config, None, batch_size, data_path, seed + 7919, 0, 1, device)
    return [next(batches) for _ in range(count)]


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: images (batch, 3, H, W)."""
    generator = torch.Generator().manual_seed(0)
    labels = torch.arange(batch_size) % config.num_classes
    return {"images": synthetic_images(config, labels, generator)}


def expected_output_shape(config, batch_size: int = 2) -> tuple:
    return (batch_size, config.num_classes)
