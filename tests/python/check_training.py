"""Runs the generated LLM training pipeline on a small English corpus written here (nothing
is downloaded) and checks what a practitioner relies on: prepared token shards with a trained
tokenizer, held-out loss falling, exact resume, the learning check against the unigram
entropy, and DDP/FSDP2 runs under torchrun matching a single process.

    python check_training.py RUN_DIR [--image-run IMAGE_RUN_DIR] [--skip-distributed]

Prints one JSON report; exits non-zero on the first failed check."""

from __future__ import annotations

import argparse
import json
import math
import os
import pathlib
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter

import numpy as np

SUBJECTS = ["the cat", "a dog", "the old man", "my sister", "the teacher", "a small bird", "the farmer", "our neighbour"]
VERBS = ["sees", "likes", "finds", "watches", "follows", "helps", "calls", "feeds"]
OBJECTS = ["the ball", "a red apple", "the river", "the garden", "a green hat", "the little house", "the children", "a warm fire"]
ENDINGS = ["in the morning.", "after dinner.", "near the tree.", "every day.", "with great care.", "at night."]
TIMEOUT = 300


def write_corpus(folder: pathlib.Path) -> None:
    """Sixty short English documents: forty simple sentences each, half as .txt files and half
    as one .jsonl file, so both readers are used."""
    rng = random.Random(0)
    folder.mkdir(parents=True)
    records = []
    for i in range(60):
        sentences = [
            f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(ENDINGS)}"
            for _ in range(40)
        ]
        text = " ".join(sentences)
        if i % 2:
            (folder / f"doc{i:03d}.txt").write_text(text + "\n")
        else:
            records.append(json.dumps({"id": i, "text": text}))
    (folder / "more.jsonl").write_text("\n".join(records) + "\n")


def write_image_folder(folder: pathlib.Path) -> None:
    """Three classes of 32x32 pictures (a red, green or blue square at a class-specific place
    on noise), 40 per class, alternating PNG and JPEG."""
    from PIL import Image

    rng = np.random.default_rng(0)
    for label, name in enumerate(["red", "green", "blue"]):
        (folder / name).mkdir(parents=True)
        for i in range(40):
            pixels = rng.integers(0, 80, size=(32, 32, 3), dtype=np.uint8)
            top = 4 + 8 * label
            pixels[top : top + 10, 6:26, label] = 255
            suffix = "png" if i % 2 else "jpg"
            Image.fromarray(pixels).save(folder / name / f"{i:03d}.{suffix}")


def run(argv: list, cwd: pathlib.Path, expect_ok: bool = True, env=None) -> subprocess.CompletedProcess:
    merged = dict(os.environ, OMP_NUM_THREADS="1", **(env or {}))
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT, env=merged)
    if expect_ok and done.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, argv))} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


def metrics(folder: pathlib.Path) -> dict:
    return json.loads((folder / "metrics.json").read_text())


def max_difference(a: list, b: list) -> float:
    assert len(a) == len(b), f"{len(a)} losses against {len(b)}"
    return max(abs(x - y) for x, y in zip(a, b))


def unigram_entropy(data: pathlib.Path) -> float:
    """Entropy in nats per token of the held-out tokens' own unigram distribution."""
    meta = json.loads((data / "meta.json").read_text())
    counts = Counter()
    for shard in meta["splits"]["val"]:
        counts.update(np.fromfile(data / shard["file"], dtype=meta["dtype"]).tolist())
    total = sum(counts.values())
    return -sum(c / total * math.log(c / total) for c in counts.values())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("run_dir")
    parser.add_argument("--skip-distributed", action="store_true")
    parser.add_argument("--image-run", default=None, help="an image classifier's run folder: resume and a PNG/JPEG folder")
    parser.add_argument("--tabular-run", default=None, help="a tabular regressor's run folder: a CSV file")
    args = parser.parse_args()
    code = pathlib.Path(args.run_dir).resolve() / "code"
    python = sys.executable
    torchrun = str(pathlib.Path(python).with_name("torchrun"))
    report = {"timings": {}}
    started = time.perf_counter()

    def timed(name: str) -> None:
        report["timings"][name] = round(time.perf_counter() - started, 1)

    with tempfile.TemporaryDirectory() as scratch:
        work = pathlib.Path(scratch)
        corpus, data = work / "corpus", work / "data"
        write_corpus(corpus)
        run([python, "prepare_data.py", str(corpus), "--out", str(data), "--tiny", "--vocab-size", "400"], code)
        meta = json.loads((data / "meta.json").read_text())
        assert meta["tokenizer"] == "tokenizer.json" and (data / "tokenizer.json").is_file(), meta
        assert 256 < meta["vocab_size"] <= 400, meta["vocab_size"]
        assert meta["documents"]["val"] > 0 and meta["documents"]["train"] > meta["documents"]["val"], meta
        assert meta["dtype"] == "uint16"
        report["prepared"] = {k: meta[k] for k in ("vocab_size", "documents", "eos_id")}
        timed("prepare")

        # The memmap is read in windows of the requested sequence length.
        sys.path.insert(0, str(code))
        import data as data_module
        import model as model_module

        config = model_module.ModelConfig.tiny()
        config.training_sequence_length = 24
        batch = next(data_module.training_batches(config, None, 3, str(data), 0, 0, 1, "cpu"))
        assert tuple(batch["input_ids"].shape) == (3, 25), batch["input_ids"].shape
        assert int(batch["input_ids"].max()) < meta["vocab_size"]

        common = ["--tiny", "--data", str(data), "--seq-len", "32", "--batch-size", "8", "--device", "cpu", "--precision", "fp32"]
        short = work / "short"
        run([python, "train.py", *common, "--steps", "50", "--eval-batches", "16", "--out", str(short)], code)
        m = metrics(short)
        assert m["training_sequence_length"] == 32 and m["global_batch"] == 8
        assert m["val_loss"] < m["first_val_loss"], (m["first_val_loss"], m["val_loss"])
        lines = (short / "metrics.jsonl").read_text().splitlines()
        assert all({"step", "loss", "lr", "grad_norm", "tokens_per_second"} <= json.loads(line).keys() for line in lines)
        report["held_out_50_steps"] = [m["first_val_loss"], m["val_loss"]]
        evaluated = run([python, "eval.py", "--checkpoint", str(short / "checkpoint.pt"), "--data", str(data)], code)
        assert evaluated.returncode == 0
        assert isinstance(json.loads((short / "eval.json").read_text())["val_loss"], float)
        timed("train_50")

        straight, resumed = work / "straight", work / "resumed"
        run([python, "train.py", *common, "--steps", "20", "--out", str(straight)], code)
        run([python, "train.py", *common, "--steps", "20", "--stop-at", "10", "--out", str(resumed)], code)
        assert len(metrics(resumed)["losses"]) == 10
        run([python, "train.py", *common, "--steps", "20", "--resume", "--out", str(resumed)], code)
        difference = max_difference(metrics(straight)["losses"], metrics(resumed)["losses"])
        assert difference <= 1e-6, difference
        report["resume_max_difference"] = difference
        missing = run([python, "train.py", *common, "--steps", "2", "--resume", "--out", str(work / "empty")], code, expect_ok=False)
        assert missing.returncode != 0 and "no checkpoint" in missing.stderr, missing.stderr
        timed("resume")

        learned = work / "learned"
        run([python, "train.py", *common, "--steps", "300", "--eval-batches", "16", "--out", str(learned)], code)
        val_loss, entropy = metrics(learned)["val_loss"], unigram_entropy(data)
        print(f"learning check: held-out loss {val_loss:.4f} nats/token, unigram entropy {entropy:.4f} nats/token", file=sys.stderr)
        assert val_loss < entropy, (val_loss, entropy)
        report["learning_check"] = {"val_loss": val_loss, "unigram_entropy": entropy}
        timed("learning_check")

        if args.image_run:
            image_code = pathlib.Path(args.image_run).resolve() / "code"
            image = ["--tiny", "--steps", "20", "--device", "cpu", "--precision", "fp32"]
            straight, resumed = work / "image-straight", work / "image-resumed"
            run([python, "train.py", *image, "--out", str(straight)], image_code)
            run([python, "train.py", *image, "--stop-at", "10", "--out", str(resumed)], image_code)
            run([python, "train.py", *image, "--resume", "--out", str(resumed)], image_code)
            report["image_resume_max_difference"] = max_difference(metrics(straight)["losses"], metrics(resumed)["losses"])
            assert report["image_resume_max_difference"] <= 1e-6, report["image_resume_max_difference"]
            timed("image_resume")

            # A class folder of PNG and JPEG files written with Pillow, read through the
            # DataLoader: the held-out loss falls within 50 steps.
            folder = work / "images"
            write_image_folder(folder)
            trained = work / "image-folder"
            run([python, "train.py", *image[:2], "50", *image[3:], "--data", str(folder), "--eval-batches", "8", "--out", str(trained)], image_code)
            m = metrics(trained)
            assert m["val_loss"] < m["first_val_loss"], (m["first_val_loss"], m["val_loss"])
            report["image_folder_held_out"] = [m["first_val_loss"], m["val_loss"]]
            run([python, "eval.py", "--checkpoint", str(trained / "checkpoint.pt"), "--data", str(folder)], image_code)
            assert isinstance(json.loads((trained / "eval.json").read_text())["accuracy"], float)
            timed("image_folder")

        if args.tabular_run:
            # A CSV with a header, named columns and a noisy linear target.
            tabular_code = pathlib.Path(args.tabular_run).resolve() / "code"
            probe = "import json, model; c = model.ModelConfig.tiny(); print(json.dumps([c.features, c.outputs]))"
            features, outputs = json.loads(run([python, "-c", probe], tabular_code).stdout)
            rng = np.random.default_rng(0)
            x = rng.normal(size=(600, features))
            y = x @ rng.normal(size=(features, outputs)) + 0.1 * rng.normal(size=(600, outputs))
            header = [f"feature_{i}" for i in range(features)] + [f"target_{j}" for j in range(outputs)]
            table = work / "table.csv"
            table.write_text(",".join(header) + "\n" + "\n".join(",".join(f"{v:.5f}" for v in row) for row in np.hstack([x, y])) + "\n")
            fitted = work / "tabular"
            tabular = ["--tiny", "--steps", "50", "--device", "cpu", "--precision", "fp32", "--eval-batches", "8"]
            run([python, "train.py", *tabular, "--data", str(table), "--out", str(fitted)], tabular_code)
            m = metrics(fitted)
            assert m["val_loss"] < m["first_val_loss"], (m["first_val_loss"], m["val_loss"])
            report["csv_held_out"] = [m["first_val_loss"], m["val_loss"]]
            timed("tabular_csv")

        if not args.skip_distributed:
            import torch

            torch.manual_seed(5)
            initial = work / "initial.pt"
            torch.save(model_module.MetaGenModel(model_module.ModelConfig.tiny()).state_dict(), initial)
            base = [*common[:-2], "--steps", "4", "--init", str(initial)]
            launch = [torchrun, "--standalone", "--nproc_per_node", "2", "train.py"]
            single, ddp = work / "single", work / "ddp"
            run([python, "train.py", *base, "--precision", "fp32", "--out", str(single)], code)
            run([*launch, *base, "--precision", "fp32", "--micro-batch-size", "2", "--out", str(ddp)], code)
            assert metrics(ddp)["gradient_accumulation"] == 2 and metrics(ddp)["world_size"] == 2
            report["ddp_vs_single"] = max_difference(metrics(single)["losses"], metrics(ddp)["losses"])
            assert report["ddp_vs_single"] <= 1e-4, report["ddp_vs_single"]
            timed("ddp")
            for precision, tolerance in (("fp32", 1e-4), ("bf16", 5e-2)):
                fsdp = work / f"fsdp-{precision}"
                run([*launch, *base, "--precision", precision, "--micro-batch-size", "2", "--fsdp", "--out", str(fsdp)], code)
                assert (fsdp / "checkpoint" / "trainer.pt").is_file()
                difference = max_difference(metrics(ddp)["losses"], metrics(fsdp)["losses"])
                report[f"fsdp_{precision}_vs_ddp"] = difference
                assert difference <= tolerance, (precision, difference)
            timed("fsdp")
            split = work / "fsdp-resumed"
            run([*launch, *base, "--precision", "fp32", "--micro-batch-size", "2", "--fsdp", "--stop-at", "2", "--out", str(split)], code)
            run([*launch, *base, "--precision", "fp32", "--micro-batch-size", "2", "--fsdp", "--resume", "--out", str(split)], code)
            report["fsdp_resume_vs_straight"] = max_difference(metrics(work / "fsdp-fp32")["losses"], metrics(split)["losses"])
            assert report["fsdp_resume_vs_straight"] <= 1e-6, report["fsdp_resume_vs_straight"]
            run([python, "eval.py", "--checkpoint", str(split / "checkpoint"), "--data", str(data)], code)
            assert isinstance(json.loads((split / "eval.json").read_text())["val_loss"], float)
            timed("fsdp_resume")

    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
