"""Measure generated models with PyTorch's own counters and compare the cost model.

Usage: cost_oracle.py --out DIR RUN_DIR...

For each run, the full-size MetaGenModel is built on the meta device (nothing is
allocated) and one training step runs at batch 1 and the training assumptions' sequence
length (params_estimate.json, training_assumptions): a token tensor of the data's example
batch that is shorter is stretched to it, one that is longer (a text tower padded to its
context) is kept as the data code feeds it. Measured:

* The training step's loss is the sum of the model's floating outputs: the whole
  network's forward and backward, without the task loss's own arithmetic and saved
  tensors, which the cost model leaves out too. One exception: a decoder whose output is
  one (batch, sequence, vocabulary) logits tensor trains on next-token cross-entropy, as
  its compute_loss does (logits cast to float32), and that loss's saved tensors, the
  float32 log-softmax over the vocabulary and the int64 targets, are the largest a
  language model keeps; they are measured, and the cost model counts them too.
* FLOPs, by torch.utils.flop_counter.FlopCounterMode: matmuls and convolutions only,
  causal attention counted as the full S x S product. Training = forward + backward of
  the loss; inference per request = one forward, times the sampling steps for diffusion.
* Activation bytes per sample, by torch.autograd.graph.saved_tensors_hooks, with this
  rule:
    - a tensor whose storage is a parameter's is not counted (weights are not activations);
    - each saved storage is counted once, at its whole size, however many views of it or
      ops save it;
    - floating-point storages count at the training precision (2 bytes for bf16/fp16,
      4 for fp32), whatever dtype the meta run used, except what the cross-entropy above
      saves, which is float32 in training and counts at 4 bytes; integer and boolean
      storages at their own width;
    - under the "sdpa" kernel, what scaled_dot_product_attention saves internally on the
      meta device (its math path's S x S scores and softmax) is replaced by what a fused
      kernel keeps: q, k, v, the output, and a float32 log-sum-exp per query and head.
      Under the "math" kernel everything it saves counts.

The cost model's figures are read from params_estimate.json: flops.training_per_sample
(the S x S convention), flops.inference_per_request and
memory.training.activation_bytes_per_sample. A row passes when every ratio is inside its
tolerance: training FLOPs 2% for transformers and 5% for other networks, inference FLOPs
5%, activations 10%. The table is printed and written to DIR as oracle.json and
oracle.md. Exit status 1 when any row fails.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys

TOLERANCE = {"train_transformer": 0.02, "train_other": 0.05, "inference": 0.05, "activations": 0.10}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("runs", nargs="+")
    args = parser.parse_args()
    rows = [measure_or_fail(pathlib.Path(run).resolve()) for run in args.runs]
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "oracle.json").write_text(json.dumps(rows, indent=2) + "\n")
    table = markdown(rows)
    (out / "oracle.md").write_text(table)
    print(table)
    return 0 if all(row["pass"] for row in rows) else 1


def measure_or_fail(run: pathlib.Path) -> dict:
    try:
        return measure(run)
    except Exception as error:  # a run that cannot be measured is a failing row, not a crash
        return {"run": run.name, "seq_len": None, "error": f"{type(error).__name__}: {error}"[:300], "checks": {}, "pass": False}


def measure(run: pathlib.Path) -> dict:
    import importlib

    import torch
    import torch.nn.functional as F
    from torch.utils.flop_counter import FlopCounterMode

    code = run / "code"
    for name in ("model", "data"):
        sys.modules.pop(name, None)
    sys.path.insert(0, str(code))
    try:
        model_module = importlib.import_module("model")
        data = importlib.import_module("data")
    finally:
        sys.path.remove(str(code))
    estimate = json.loads((run / "blueprint" / "params_estimate.json").read_text())
    assumptions = estimate["training_assumptions"]
    seq_len = assumptions["seq_len"]
    kernel = assumptions["attention_kernel"]
    float_bytes = 4 if assumptions["precision"] == "fp32" else 2
    steps = assumptions.get("sampling_steps") or 1
    decoder = estimate.get("kv_cache") is not None

    config = model_module.ModelConfig()
    with torch.device("meta"):
        model = model_module.MetaGenModel(config)
    model.train()
    batch = assumed_batch(data, config, estimate, 1, torch, "meta")

    parameter_storages = {p.untyped_storage()._cdata for p in model.parameters()}
    seen: set[int] = set()
    # Every counted tensor stays referenced until the measurement ends: a freed storage's
    # address can be reused, and a reused address would look like a storage already counted.
    kept: list = []
    counted = {"bytes": 0}
    inside_sdpa = {"depth": 0, "allowed": set()}
    # Only the training forward's attention is counted; the inference forward below also
    # runs with grad mode on and must add nothing.
    counting = {"on": False}

    # The cross-entropy's saved tensors are float32 in training, whatever the precision.
    loss_float = {"on": False}

    def storage_bytes(tensor) -> int:
        storage = tensor.untyped_storage()
        if tensor.is_floating_point():
            return storage.nbytes() // tensor.element_size() * (4 if loss_float["on"] else float_bytes)
        return storage.nbytes()

    def remember(tensor) -> None:
        key = tensor.untyped_storage()._cdata
        if key in parameter_storages or key in seen:
            return
        seen.add(key)
        kept.append(tensor)
        counted["bytes"] += storage_bytes(tensor)

    def pack(tensor):
        if isinstance(tensor, torch.Tensor):
            key = tensor.untyped_storage()._cdata
            if kernel == "sdpa" and inside_sdpa["depth"] and key not in inside_sdpa["allowed"]:
                return tensor
            remember(tensor)
        return tensor

    original_sdpa = F.scaled_dot_product_attention

    def fused_sdpa(q, k, v, *rest, **kwargs):
        if kernel != "sdpa":
            return original_sdpa(q, k, v, *rest, **kwargs)
        inside_sdpa["depth"] += 1
        inside_sdpa["allowed"] = {t.untyped_storage()._cdata for t in (q, k, v)}
        try:
            out = original_sdpa(q, k, v, *rest, **kwargs)
        finally:
            inside_sdpa["depth"] -= 1
        if counting["on"] and torch.is_grad_enabled() and out.requires_grad:
            for tensor in (q, k, v, out):
                remember(tensor)
            # The fused kernel's log-sum-exp: one float32 per query position and head.
            counted["bytes"] += q.numel() // q.shape[-1] * 4
        return out

    F.scaled_dot_product_attention = fused_sdpa
    try:
        forward_counter = FlopCounterMode(display=False)
        counting["on"] = True
        with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t), forward_counter:
            loss = training_loss(model, batch, torch, decoder, loss_float)
        counting["on"] = False
        backward_counter = FlopCounterMode(display=False)
        with backward_counter:
            loss.backward()
        model.eval()
        model.zero_grad(set_to_none=True)
        inference_counter = FlopCounterMode(display=False)
        # Grad mode stays on: a forward's FLOPs do not depend on it, and under no_grad a view
        # of a parameter (PPO's expanded log_std, DETR's query embeddings) still requires grad
        # but has no grad_fn, which FlopCounterMode's module tracker cannot hook.
        with inference_counter:
            model(**batch)
    finally:
        F.scaled_dot_product_attention = original_sdpa

    measured_train = forward_counter.get_total_flops() + backward_counter.get_total_flops()
    measured_inference = inference_counter.get_total_flops() * steps
    flops = estimate["flops"]
    training = estimate["memory"]["training"]
    transformer = flops.get("training_per_token") is not None
    claims = {
        "train_flops": (flops.get("training_per_sample"), measured_train, TOLERANCE["train_transformer" if transformer else "train_other"]),
        "inference_flops": (flops.get("inference_per_request"), measured_inference, TOLERANCE["inference"]),
        "activation_bytes": (training.get("activation_bytes_per_sample"), counted["bytes"], TOLERANCE["activations"]),
    }
    row = {"run": run.name, "seq_len": seq_len, "kernel": kernel, "precision": assumptions["precision"], "checks": {}}
    for name, (claimed, measured, tolerance) in claims.items():
        ratio = claimed / measured if claimed and measured else None
        row["checks"][name] = {
            "claimed": claimed,
            "measured": measured,
            "ratio": ratio,
            "tolerance": tolerance,
            "pass": ratio is not None and abs(ratio - 1.0) <= tolerance,
        }
    row["pass"] = all(check["pass"] for check in row["checks"].values())
    return row


def assumed_batch(data, config, estimate: dict, size: int, torch, device: str) -> dict:
    """The data code's example batch of `size` samples on `device`, its token tensor at the
    training assumptions' sequence length."""
    seq_len = estimate["training_assumptions"]["seq_len"]
    batch = data.example_batch(config, size)
    if device == "meta":
        batch = to_meta(batch, torch)
    decoder = estimate.get("kv_cache") is not None
    token_keys = sorted(
        (v.shape[-1], k) for k, v in batch.items() if isinstance(v, torch.Tensor) and v.dim() >= 2 and not v.is_floating_point()
    )
    if not decoder and seq_len > 1 and isinstance(batch.get("input_ids"), torch.Tensor):
        token_keys = [(batch["input_ids"].shape[-1], "input_ids")]
    elif not decoder:
        token_keys = []
    # The model trains on sequences of the assumed length; a shorter token tensor in the
    # data's example batch (a decoder's longest one) is stretched to seq_len. A longer one
    # is the length the data code always feeds (a dual encoder's text tower pads its
    # captions to its context while seq_len counts the image tokens), so it stays.
    if token_keys and batch[token_keys[-1][1]].shape[-1] < seq_len:
        key = token_keys[-1][1]
        length = batch[key].shape[-1]
        for name, value in list(batch.items()):
            # The key's companions of the same length (attention masks, segment ids) follow.
            if isinstance(value, torch.Tensor) and value.dim() >= 2 and value.shape[-1] == length and (name == key or not decoder):
                batch[name] = torch.zeros(*value.shape[:-1], seq_len, dtype=value.dtype, device=device)
    return batch


def to_meta(value, torch):
    if isinstance(value, torch.Tensor):
        return torch.empty_like(value, device="meta")
    if isinstance(value, dict):
        return {k: to_meta(v, torch) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(to_meta(v, torch) for v in value)
    return value


def training_loss(model, batch, torch, decoder=False, loss_float=None):
    """The sum of every floating output: the model's whole forward and backward, without
    the task's loss arithmetic (whose targets, matching and sampling need real values).
    A decoder's (batch, sequence, vocabulary) logits get next-token cross-entropy instead,
    whose saved tensors count at float32 (loss_float)."""
    output = model(**batch)
    loss_float = {} if loss_float is None else loss_float
    if decoder and isinstance(output, torch.Tensor) and output.dim() == 3 and output.is_floating_point():
        import torch.nn.functional as F

        targets = torch.zeros(output.shape[0] * output.shape[1], dtype=torch.long, device=output.device)
        loss_float["on"] = True
        try:
            return F.cross_entropy(output.reshape(-1, output.shape[-1]).float(), targets)
        finally:
            loss_float["on"] = False
    return sum_floats(output, torch)


def sum_floats(value, torch):
    if isinstance(value, torch.Tensor):
        return value.float().sum() if value.is_floating_point() and value.requires_grad else None
    parts = value.values() if isinstance(value, dict) else value if isinstance(value, (list, tuple)) else []
    total = None
    for part in parts:
        s = sum_floats(part, torch)
        if s is not None:
            total = s if total is None else total + s
    return total


def fmt(value) -> str:
    if value is None:
        return "none"
    return f"{value:.4g}"


def markdown(rows) -> str:
    lines = [
        "| Run | Seq | Check | Cost model | PyTorch | Ratio | Tolerance | Verdict |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        if "error" in row:
            lines.append(f"| {row['run']} | - | measurement | - | - | - | - | FAIL: {row['error']} |")
        for name, check in row["checks"].items():
            lines.append(
                f"| {row['run']} | {row['seq_len']} | {name} | {fmt(check['claimed'])} | {fmt(check['measured'])} | "
                f"{fmt(check['ratio'])} | {check['tolerance']:.0%} | {'pass' if check['pass'] else 'FAIL'} |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
