"""Train small generated models for one real step on the CPU and compare their peak memory
with the cost model's training memory for the same configuration.

Usage: real_memory.py --out DIR RUN_DIR...

Each run's spec sets the architecture's dimensions directly, so the full-size model the
cost model describes is small enough to train here: the comparison is with the cost
model's own figure for that configuration, not a scaled one. Each run is measured in a
fresh process (one thread):

* the full-size MetaGenModel is built on the CPU in fp32, with AdamW over its parameters;
  the process's resident memory then is the baseline (the weights, the interpreter, torch);
* the kernel's peak-RSS mark is reset (`/proc/self/clear_refs`), and one training step runs
  at the training assumptions' micro-batch and sequence length: the cost oracle's loss
  (the sum of the model's floating outputs, or a decoder's next-token cross-entropy),
  backward, and the optimizer step, which creates
  AdamW's two moments;
* measured = the peak RSS of that step over the baseline.

It is set against the cost model's training memory (`memory.training.total_bytes`) less its
weights (`weights_bytes`): gradients, optimizer state and the activations of one
micro-batch. The cost model assumes mixed precision (2-byte gradients) and counts only the
tensors saved for backward, while this fp32 step holds 4-byte gradients and transient
buffers too, so the two are recorded side by side, not required to agree. What the step
must hold at its end, 12 bytes per parameter of fp32 gradients and AdamW moments, is
checked as a lower bound. The table is printed and written to DIR as real_memory.json and
real_memory.md.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys


def status_bytes(field: str) -> int:
    for line in pathlib.Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"/proc/self/status has no {field}")


def measure_one(run: pathlib.Path) -> dict:
    import importlib

    import torch
    from cost_oracle import assumed_batch, training_loss

    torch.set_num_threads(1)
    torch.manual_seed(0)
    sys.path.insert(0, str(run / "code"))
    model_module = importlib.import_module("model")
    data = importlib.import_module("data")
    estimate = json.loads((run / "blueprint" / "params_estimate.json").read_text())
    assumptions = estimate["training_assumptions"]
    training = estimate["memory"]["training"]
    config = model_module.ModelConfig()
    model = model_module.MetaGenModel(config).float().train()
    params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    batch = assumed_batch(data, config, estimate, assumptions["micro_batch"], torch, "cpu")
    baseline = status_bytes("VmRSS")
    try:
        pathlib.Path("/proc/self/clear_refs").write_text("5")
        reset = True
    except OSError:
        # Without the reset the mark may hold a peak from building the model, which can
        # only hide part of the step's own peak: the figure is then a lower bound.
        reset = False
    loss = training_loss(model, batch, torch, estimate.get("kv_cache") is not None)
    loss.backward()
    optimizer.step()
    peak = status_bytes("VmHWM")
    claimed = training["total_bytes"] - training["weights_bytes"]
    measured = peak - baseline
    return {
        "run": run.name,
        "peak_mark_reset": reset,
        "params": params,
        "micro_batch": assumptions["micro_batch"],
        "seq_len": assumptions["seq_len"],
        "baseline_rss": baseline,
        "measured_over_weights": measured,
        "cost_model_over_weights": claimed,
        "ratio": measured / claimed if claimed else None,
        "lower_bound": 12 * params,
        "holds_gradients_and_moments": measured >= 12 * params,
    }


def fmt_mb(value: int) -> str:
    return f"{value / 1e6:.1f} MB"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out")
    parser.add_argument("--one", action="store_true", help="measure the single run given, in this process")
    parser.add_argument("runs", nargs="+")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(pathlib.Path(args.runs[0]).resolve())))
        return 0
    env = dict(os.environ, OMP_NUM_THREADS="1")
    rows = []
    for run in args.runs:
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(pathlib.Path(run).resolve())],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=600,
        )
        if done.returncode != 0:
            print(done.stdout, done.stderr, file=sys.stderr)
            return 1
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    lines = [
        "| Run | Parameters | Micro-batch x seq | Measured over weights | Cost model over weights | Ratio | Holds 12 B/param |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['run']} | {row['params']:,} | {row['micro_batch']} x {row['seq_len']} | "
            f"{fmt_mb(row['measured_over_weights'])} | {fmt_mb(row['cost_model_over_weights'])} | "
            f"{row['ratio']:.2f} | {'yes' if row['holds_gradients_and_moments'] else 'NO'} |"
        )
    table = "\n".join(lines) + "\n"
    if args.out:
        out = pathlib.Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "real_memory.json").write_text(json.dumps(rows, indent=2) + "\n")
        (out / "real_memory.md").write_text(table)
    print(table)
    return 0 if all(row["holds_gradients_and_moments"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
