"""Exercise a run's generated code/ with real PyTorch and print a JSON report.

Usage: check_code.py RUN_DIR [--steps N] [--skip-train]

Checks, in order: every file compiles; MetaGenModel() on the meta device has exactly
params_estimate.json's total and by_component counts (tied weights counted once, by their
first owner); a ModelConfig.tiny() forward pass on example inputs has the documented
output shape; the tiny model traces under torch.compile; train.py --tiny lowers the loss
and writes a checkpoint; eval.py and infer.py run on that checkpoint.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import pathlib
import py_compile
import runpy
import sys
import tempfile
import time


def unique_counts(model):
    seen, total, by_component = set(), 0, {}
    for name, child in model.named_children():
        count = 0
        for parameter in child.parameters():
            if id(parameter) not in seen:
                seen.add(id(parameter))
                count += parameter.numel()
        by_component[name] = count
        total += count
    for name, parameter in model.named_parameters(recurse=False):
        if id(parameter) not in seen:
            seen.add(id(parameter))
            by_component[name] = parameter.numel()
            total += parameter.numel()
    return total, by_component


def run_script(path: pathlib.Path, argv: list[str]) -> str:
    old_argv = sys.argv
    sys.argv = [str(path), *argv]
    buffer = io.StringIO()
    try:
        with contextlib.redirect_stdout(buffer):
            runpy.run_path(str(path), run_name="__main__")
    finally:
        sys.argv = old_argv
    return buffer.getvalue()


def expected_shape(value):
    """Normalise data.expected_output_shape(): a tuple of ints, or a dict/list of them."""
    if isinstance(value, dict):
        return {k: expected_shape(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) and all(isinstance(v, int) for v in value):
        return list(value)
    if isinstance(value, (list, tuple)):
        return [expected_shape(v) for v in value]
    return value


def shape_of(value):
    if hasattr(value, "shape"):
        return list(value.shape)
    if isinstance(value, dict):
        return {k: shape_of(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [shape_of(v) for v in value]
    return None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("run_dir")
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--skip-train", action="store_true")
    args = parser.parse_args()
    run = pathlib.Path(args.run_dir).resolve()
    code = run / "code"
    report = {"run": run.name, "timings": {}}
    started = time.perf_counter()

    for path in sorted(code.glob("*.py")):
        py_compile.compile(str(path), doraise=True)
    report["compiled"] = True

    sys.path.insert(0, str(code))
    import torch

    torch.manual_seed(0)
    import data
    import model as model_module

    estimate = json.loads((run / "blueprint" / "params_estimate.json").read_text())
    with torch.device("meta"):
        full = model_module.MetaGenModel()
    total, by_component = unique_counts(full)
    report["total_params"] = total
    report["expected_total_params"] = estimate["total_params"]
    report["by_component"] = by_component
    report["expected_by_component"] = estimate["by_component"]
    report["constant_total_params"] = model_module.TOTAL_PARAMS
    del full

    tiny_config = model_module.ModelConfig.tiny()
    tiny = model_module.MetaGenModel(tiny_config)
    tiny.eval()
    batch = data.example_batch(tiny_config)
    with torch.no_grad():
        output = tiny(**batch)
    report["tiny_output_shape"] = shape_of(output)
    report["expected_output_shape"] = expected_shape(data.expected_output_shape(tiny_config))
    report["timings"]["forward"] = time.perf_counter() - started

    torch._dynamo.reset()
    compiled = torch.compile(tiny, backend="eager", fullgraph=True)
    with torch.no_grad():
        compiled_output = compiled(**batch)
    report["compiled_output_shape"] = shape_of(compiled_output)
    report["timings"]["compile"] = time.perf_counter() - started

    if not args.skip_train:
        with tempfile.TemporaryDirectory() as work:
            out = pathlib.Path(work) / "train"
            run_script(code / "train.py", ["--tiny", "--steps", str(args.steps), "--out", str(out), "--device", "cpu"])
            metrics = json.loads((out / "metrics.json").read_text())
            report["first_loss"] = metrics["first_loss"]
            report["last_loss"] = metrics["last_loss"]
            report["losses"] = metrics["losses"]
            report["checkpoint"] = (out / "checkpoint.pt").is_file()
            report["timings"]["train"] = time.perf_counter() - started
            run_script(code / "eval.py", ["--checkpoint", str(out / "checkpoint.pt")])
            report["eval"] = json.loads((out / "eval.json").read_text())
            inference = run_script(code / "infer.py", ["--checkpoint", str(out / "checkpoint.pt"), "--out", str(out / "infer.json")])
            report["infer"] = json.loads((out / "infer.json").read_text())
            report["infer_printed"] = bool(inference.strip())
            report["timings"]["eval_infer"] = time.perf_counter() - started

    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
