"""Runs generated training on small real-format datasets written here (nothing is
downloaded) for the modalities beyond text, images and tables, and checks the training
loop's optimizer:

- speech recognition: a folder of WAV files (tones named by their notes, some at 8 or
  22.05 kHz, stereo or 8-bit) with a jsonl manifest;
- graphs: an edge list plus nodes.csv of a stochastic block model, for node classification
  and link prediction;
- PPO on Gymnasium CartPole-v1: mean return over 20 evaluation episodes within 100k
  environment steps;
- the optimizer the spec names (adam, sgd) is the class train.py builds.

    python check_modalities.py --speech-run DIR --node-run DIR --link-run DIR
        [--ppo-run DIR] [--adam-run DIR --sgd-run DIR]

Prints one JSON report; exits non-zero on the first failed check."""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time
import wave

import numpy as np

TIMEOUT = 300
NOTES = {"do": 262.0, "re": 392.0, "mi": 587.0, "fa": 880.0, "so": 1319.0, "la": 1976.0, "ti": 2960.0}


def run(argv: list, cwd: pathlib.Path, expect_ok: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ, OMP_NUM_THREADS="1")
    done = subprocess.run(argv, check=False, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT, env=env)
    if expect_ok and done.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, argv))} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


def metrics(folder: pathlib.Path) -> dict:
    return json.loads((folder / "metrics.json").read_text())


def write_wav(path: pathlib.Path, samples: np.ndarray, rate: int, width: int, channels: int) -> None:
    """PCM WAV through the standard library: width 1 is unsigned 8-bit, 2 signed 16-bit."""
    clipped = np.clip(samples, -1.0, 1.0)
    if width == 1:
        data = np.round(clipped * 127.0 + 128.0).astype(np.uint8)
    else:
        data = np.round(clipped * 32767.0).astype("<i2")
    if channels == 2:
        data = np.repeat(data, 2)
    with wave.open(str(path), "wb") as file:
        file.setnchannels(channels)
        file.setsampwidth(width)
        file.setframerate(rate)
        file.writeframes(data.tobytes())


def write_speech_folder(folder: pathlib.Path, clips: int = 160) -> None:
    """Clips of one to three 0.18 s tones (each note its pitch) with noise; the transcript is
    the notes' names. Most clips are 16 kHz mono 16-bit; every fifth is 22.05 kHz, every
    seventh 8 kHz, every third stereo, every eleventh 8-bit."""
    rng = np.random.default_rng(0)
    names = sorted(NOTES)
    folder.mkdir(parents=True)
    (folder / "clips").mkdir()
    lines = []
    for i in range(clips):
        rate = 22050 if i % 5 == 0 else 8000 if i % 7 == 0 else 16000
        words = [names[k] for k in rng.integers(0, len(names), size=int(rng.integers(1, 4)))]
        pieces = []
        for word in words:
            t = np.arange(int(0.18 * rate)) / rate
            envelope = np.sin(np.pi * t / t[-1])
            pieces.append(0.5 * envelope * np.sin(2 * np.pi * NOTES[word] * t))
            pieces.append(np.zeros(int(0.02 * rate)))
        samples = np.concatenate(pieces) + 0.01 * rng.standard_normal(sum(len(p) for p in pieces))
        name = f"clips/{i:03d}.wav"
        write_wav(folder / name, samples, rate, 1 if i % 11 == 0 else 2, 2 if i % 3 == 0 else 1)
        lines.append(json.dumps({"audio": name, "text": " ".join(words)}))
    (folder / "manifest.jsonl").write_text("\n".join(lines) + "\n")


def write_graph_folder(folder: pathlib.Path, nodes: int = 240, classes: int = 4, features: int = 16) -> None:
    """A stochastic block model: 4 communities (the node labels), about 6 neighbours inside a
    node's community and 0.5 outside, features = a noisy community pattern (noise three times
    the signal, so the neighbours matter). edges.csv has a src,dst header; nodes.csv an
    id,label,f0.. header with rows in shuffled order."""
    rng = np.random.default_rng(1)
    labels = rng.integers(0, classes, size=nodes)
    patterns = rng.choice([-1.0, 1.0], size=(classes, features))
    x = patterns[labels] + 3.0 * rng.standard_normal((nodes, features))
    same = labels[:, None] == labels[None, :]
    probability = np.where(same, 6.0 * classes / nodes, 0.5 / nodes)
    upper = np.triu(rng.random((nodes, nodes)) < probability, 1)
    source, target = np.nonzero(upper)
    folder.mkdir(parents=True)
    edge_lines = ["src,dst"] + [f"{u},{v}" for u, v in zip(source, target)]
    (folder / "edges.csv").write_text("\n".join(edge_lines) + "\n")
    order = rng.permutation(nodes)
    header = "id,label," + ",".join(f"f{j}" for j in range(features))
    rows = [f"{i},{labels[i]}," + ",".join(f"{v:.4f}" for v in x[i]) for i in order]
    (folder / "nodes.csv").write_text(header + "\n" + "\n".join(rows) + "\n")


def held_out_falls(run_dir: pathlib.Path, data: pathlib.Path, work: pathlib.Path, extra: list) -> list:
    out = work / "run"
    run([sys.executable, "train.py", "--tiny", "--data", str(data), "--steps", "50", "--out", str(out), "--device", "cpu", *extra], run_dir / "code")
    m = metrics(out)
    if not m["val_loss"] < m["first_val_loss"]:
        raise AssertionError(f"held-out loss did not fall: {m['first_val_loss']} -> {m['val_loss']}")
    return [m["first_val_loss"], m["val_loss"]]


def front_end_matches_whisper(run_dir: pathlib.Path) -> dict:
    """The generated log-mel front end against transformers' WhisperFeatureExtractor (an
    independent implementation) on a 440 Hz tone with noise, and the FFT resampler against a
    tone sampled directly at 16 kHz."""
    import torch
    from transformers import WhisperFeatureExtractor

    sys.path.insert(0, str(run_dir / "code"))
    try:
        import data
    finally:
        sys.path.pop(0)
    rng = np.random.default_rng(0)
    tone = (0.3 * np.sin(2 * np.pi * 440 * np.arange(48000) / 16000) + 0.05 * rng.standard_normal(48000)).astype(np.float32)
    reference = WhisperFeatureExtractor(feature_size=80, sampling_rate=16000)(tone, sampling_rate=16000, return_tensors="np")["input_features"][0]
    ours = data.log_mel(torch.from_numpy(tone), 80, 3000).numpy()
    slow = np.sin(2 * np.pi * 440 * np.arange(22050) / 22050)
    resampled = data.resample(torch.tensor(slow, dtype=torch.float32), 22050, 16000).numpy()
    exact = np.sin(2 * np.pi * 440 * np.arange(16000) / 16000)
    del sys.modules["data"]
    result = {
        "log_mel_max_difference": float(np.abs(reference - ours).max()),
        "resample_max_difference": float(np.abs(resampled[100:-100] - exact[100:-100]).max()),
    }
    if result["log_mel_max_difference"] > 1e-4 or result["resample_max_difference"] > 1e-4:
        raise AssertionError(f"the audio front end disagrees: {result}")
    return result


def cartpole(run_dir: pathlib.Path, work: pathlib.Path) -> dict:
    """PPO on Gymnasium CartPole-v1 (named by the spec's domain) for the recipe's budget of
    100k environment steps, then 20 greedy evaluation episodes."""
    out = work / "ppo"
    code = run_dir / "code"
    done = run([sys.executable, "train.py", "--batch-size", "128", "--micro-batch-size", "128", "--out", str(out), "--log-every", "1000", "--device", "cpu"], code)
    if "environment: Gymnasium CartPole-v1" not in done.stdout:
        raise AssertionError(f"PPO did not train on Gymnasium CartPole-v1:\n{done.stdout}")
    m = metrics(out)
    run([sys.executable, "eval.py", "--checkpoint", str(out / "checkpoint.pt"), "--batches", "1", "--batch-size", "20", "--out", str(out / "eval.json")], code)
    result = json.loads((out / "eval.json").read_text())
    report = {"environment_steps": m["environment_steps"], "optimizer_steps": m["completed_steps"], "mean_return_20_episodes": result["episode_return"]}
    print(f"CartPole-v1: mean return {report['mean_return_20_episodes']:.1f} over 20 episodes after {report['environment_steps']} environment steps", file=sys.stderr)
    if report["environment_steps"] > 100_000:
        raise AssertionError(f"PPO took more than 100k environment steps: {report}")
    if report["mean_return_20_episodes"] < 150:
        raise AssertionError(f"PPO on CartPole-v1 returned less than 150: {report}")
    return report


def optimizer_in_use(run_dir: pathlib.Path, work: pathlib.Path) -> dict:
    """The class train.py builds for the recipe's optimizer, and the state the trained
    optimizer saved (momentum buffers for SGD, second moments for Adam)."""
    import torch

    code = run_dir / "code"
    sys.path.insert(0, str(code))
    try:
        import model
        import train
    finally:
        sys.path.pop(0)
    optimizer = train.build_optimizer(
        train.RECIPE["optimizer"], train.parameter_groups(model.MetaGenModel(model.ModelConfig.tiny()), train.RECIPE["weight_decay"]), 1e-3
    )
    built = {
        "recipe": train.RECIPE["optimizer"],
        "class": f"{type(optimizer).__module__}.{type(optimizer).__qualname__}",
        "decay": [group["weight_decay"] for group in optimizer.param_groups],
    }
    # The optimizers no example names: Adafactor is torch's; Lion's first step from zero
    # momentum moves each weight by lr against the sign of its gradient (after decay).
    weight = torch.nn.Parameter(torch.tensor([[1.0, -2.0]]))
    weight.grad = torch.tensor([[0.5, -0.1]])
    lion = train.build_optimizer("lion", [{"params": [weight], "weight_decay": 0.1}], 0.1)
    lion.step()
    expected = torch.tensor([[1.0 * 0.99 - 0.1, -2.0 * 0.99 + 0.1]])
    built["lion_step_error"] = float((weight.detach() - expected).abs().max())
    adafactor = train.build_optimizer("adafactor", [{"params": [weight], "weight_decay": 0.0}], 0.01)
    built["adafactor_class"] = f"{type(adafactor).__module__}.{type(adafactor).__qualname__}"
    for name in ("train", "model", "data"):
        sys.modules.pop(name, None)
    out = work / f"optimizer_{built['recipe']}"
    run([sys.executable, "train.py", "--tiny", "--steps", "2", "--out", str(out), "--device", "cpu"], code)
    saved = torch.load(out / "checkpoint.pt", map_location="cpu", weights_only=False)["optimizer"]
    first = next(iter(saved["state"].values()))
    built["saved_state"] = sorted(first)
    built["momentum"] = saved["param_groups"][0].get("momentum")
    return built


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--speech-run", type=pathlib.Path)
    parser.add_argument("--node-run", type=pathlib.Path)
    parser.add_argument("--link-run", type=pathlib.Path)
    parser.add_argument("--ppo-run", type=pathlib.Path)
    parser.add_argument("--adam-run", type=pathlib.Path)
    parser.add_argument("--sgd-run", type=pathlib.Path)
    args = parser.parse_args()
    report, seconds = {}, {}
    with tempfile.TemporaryDirectory() as scratch:
        scratch = pathlib.Path(scratch)
        if args.speech_run:
            began = time.perf_counter()
            data = scratch / "speech"
            write_speech_folder(data)
            report["front_end"] = front_end_matches_whisper(args.speech_run)
            report["speech_held_out"] = held_out_falls(args.speech_run, data, scratch / "speech_work", ["--batch-size", "16"])
            seconds["speech"] = time.perf_counter() - began
        if args.node_run or args.link_run:
            graph = scratch / "graph"
            write_graph_folder(graph)
        if args.node_run:
            began = time.perf_counter()
            report["node_held_out"] = held_out_falls(args.node_run, graph, scratch / "node_work", [])
            seconds["node"] = time.perf_counter() - began
        if args.link_run:
            began = time.perf_counter()
            report["link_held_out"] = held_out_falls(args.link_run, graph / "edges.csv", scratch / "link_work", ["--batch-size", "64"])
            seconds["link"] = time.perf_counter() - began
        if args.ppo_run:
            began = time.perf_counter()
            report["cartpole"] = cartpole(args.ppo_run, scratch)
            seconds["cartpole"] = time.perf_counter() - began
        for name, folder in (("adam", args.adam_run), ("sgd", args.sgd_run)):
            if folder:
                began = time.perf_counter()
                report[f"optimizer_{name}"] = optimizer_in_use(folder, scratch)
                seconds[f"optimizer_{name}"] = time.perf_counter() - began
    report["seconds"] = seconds
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
