"""Train-time augmentation in a generated image-classification run.

    python check_augmentation.py RUN_DIR

Writes a small class-folder dataset (DATA/train and DATA/val, random-noise PPM images, so that
a crop or a flip changes the picture) and prints one JSON report: the run's DATA_AUGMENTATION,
whether two draws of the same training image (epochs 0 and 1) differ, whether the same draw
repeats, whether the training batches of train.py's stream match the un-augmented images, and
whether the held-out batches equal the un-augmented held-out images.
"""

import json
import os
import pathlib
import sys
import tempfile

import torch


def write_ppm(path: pathlib.Path, pixels: torch.Tensor) -> None:
    height, width, _ = pixels.shape
    path.write_bytes(f"P6 {width} {height} 255\n".encode() + bytes(pixels.flatten().tolist()))


def make_folder(root: pathlib.Path, size: tuple) -> None:
    generator = torch.Generator().manual_seed(5)
    for split in ("train", "val"):
        for label in ("a", "b"):
            folder = root / split / label
            folder.mkdir(parents=True)
            for index in range(3):
                pixels = torch.randint(0, 256, (size[0], size[1], 3), generator=generator, dtype=torch.uint8)
                write_ppm(folder / f"{index}.ppm", pixels)


def same_images(a: torch.Tensor, b: torch.Tensor) -> bool:
    """Whether two batches hold the same images in some order."""
    if a.shape != b.shape:
        return False
    left = sorted(image.flatten().tolist() for image in a)
    right = sorted(image.flatten().tolist() for image in b)
    return left == right


def main() -> int:
    run = pathlib.Path(sys.argv[1]).resolve()
    sys.path.insert(0, str(run / "code"))
    os.environ["DATA_WORKERS"] = "0"
    import data
    import model as m

    config = m.ModelConfig.tiny()
    report = {"data_augmentation": list(data.DATA_AUGMENTATION)}
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        make_folder(root, config.image_size)
        train_files, _ = data.image_folder(str(root), "train")
        val_files, _ = data.image_folder(str(root), "val")
        plain_train = torch.stack([data.load_picture(f, config) for f, _ in train_files])
        plain_val = torch.stack([data.load_picture(f, config) for f, _ in val_files])

        dataset = data.ImageFolderDataset(train_files, config, augmented=True, seed=11)
        first = dataset[0][0]
        again = dataset[0][0]
        dataset.epoch = 1
        second = dataset[0][0]
        report["draws_of_one_image_differ"] = not torch.equal(first, second)
        report["same_draw_repeats"] = torch.equal(first, again)
        report["first_draw_is_plain"] = torch.equal(first, plain_train[0])

        stream = data.training_batches(config, None, len(train_files), str(root), 11, 0, 1, torch.device("cpu"))
        epochs = [next(stream)["images"] for _ in range(2)]
        report["training_epochs_are_plain"] = [same_images(e, plain_train) for e in epochs]
        report["training_epochs_differ"] = not same_images(epochs[0], epochs[1])
        rerun = data.training_batches(config, None, len(train_files), str(root), 11, 0, 1, torch.device("cpu"))
        report["training_rerun_repeats"] = torch.equal(next(rerun)["images"], epochs[0])

        held_out = data.evaluation_batches(config, len(val_files), str(root), 11, 4, torch.device("cpu"))
        images = torch.cat([b["images"] for b in held_out])
        report["held_out_is_plain"] = torch.equal(images, plain_val)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
