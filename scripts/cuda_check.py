#!/usr/bin/env python3
"""The generated code's CUDA paths, checked on a machine with one NVIDIA GPU.

CI has no GPU, so this script is not part of the test suite; it is run by hand
where a GPU is lent (see the README's "CUDA checks"). It takes a folder holding
three synthesized runs (`metagen synth` of examples/specs/text/text_llm_tiny.yaml,
image/vit_classifier.yaml and image/image_dit.yaml) and checks, on `cuda`:

* bf16 autocast and fp16 with a GradScaler train the LLM (held-out loss falls;
  the fp16 checkpoint holds the scaler's state);
* exact resume on the GPU (10 + 10 steps against 20 straight) in fp32 and bf16;
* activation checkpointing gives the same losses as without it (fp32);
* `--compile` trains;
* eval.py and infer.py run on cuda;
* the image classifier reads a PNG/JPEG class folder through DataLoader
  workers (the default on CUDA) and its held-out loss falls;
* the diffusion model trains in bf16 and infer.py samples on cuda;
* the peak GPU memory of two full-size training steps at the recipe's
  micro-batch, against the cost model's per-device training memory;
* every other run in the folder (one per bundled example, when given) trains
  two tiny steps, evaluates and infers on cuda.

A single GPU cannot run NCCL with two ranks, so distributed training (DDP and
FSDP2 over NCCL) is not checked here. The report is printed as JSON and written
to --report.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import pathlib
import subprocess
import sys
import tempfile
import time
import traceback

sys.path.insert(
    0, str(pathlib.Path(__file__).resolve().parent.parent / "tests" / "python")
)
import check_training as shared


def run(
    argv: list, cwd: pathlib.Path, env: dict | None = None
) -> subprocess.CompletedProcess:
    merged = dict(os.environ, **(env or {}))
    done = subprocess.run(
        [str(a) for a in argv],
        check=False,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=400,
        env=merged,
    )
    if done.returncode != 0:
        raise AssertionError(
            f"{' '.join(map(str, argv))} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    return done


def find_run(runs: pathlib.Path, prefix: str) -> pathlib.Path:
    found = sorted(p for p in runs.iterdir() if p.name.startswith(prefix + "-"))
    if not found:
        raise SystemExit(f"no {prefix}-* run under {runs}")
    return found[0]


def peak_memory(run_dir: pathlib.Path, out: pathlib.Path) -> dict:
    """Two full-size training steps at the recipe's micro-batch and precision; the peak
    allocated GPU memory against the cost model's per-device training memory."""
    estimate = json.loads((run_dir / "blueprint" / "params_estimate.json").read_text())
    training = estimate["memory"]["training"]
    assumptions = estimate["training_assumptions"]
    micro = assumptions["micro_batch"]
    probe = (
        "import json, sys, torch, train\n"
        "torch.cuda.reset_peak_memory_stats()\n"
        f"train.main({json.dumps(['--steps', '2', '--batch-size', str(micro), '--device', 'cuda', '--precision', assumptions['precision'], '--no-ema', '--eval-batches', '1', '--checkpoint-every', '0', '--out', str(out)])})\n"
        "print('PEAK', torch.cuda.max_memory_allocated())\n"
    )
    done = run([sys.executable, "-c", probe], run_dir / "code")
    peak = int(
        next(
            line.split()[1]
            for line in done.stdout.splitlines()
            if line.startswith("PEAK ")
        )
    )
    return {
        "micro_batch": micro,
        "seq_len": assumptions["seq_len"],
        "precision": assumptions["precision"],
        "measured_peak_bytes": peak,
        "cost_model_per_device_bytes": training["per_device_bytes"],
        "cost_model_model_state_bytes": training["model_state_per_device_bytes"],
        "cost_model_activation_bytes": training["activations_per_device_bytes"],
        "measured_over_cost_model": round(peak / training["per_device_bytes"], 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "runs",
        help="folder holding the text_llm_tiny-*, vit_classifier-* and image_dit-* runs",
    )
    parser.add_argument("--report", default=None)
    parser.add_argument(
        "--only",
        nargs="*",
        default=None,
        help="run only the checks whose names start with these",
    )
    args = parser.parse_args()
    import torch

    assert torch.cuda.is_available(), "no CUDA device"
    runs = pathlib.Path(args.runs).resolve()
    llm, vit, dit = (
        find_run(runs, p) for p in ("text_llm_tiny", "vit_classifier", "image_dit")
    )
    python = sys.executable
    report = {
        "torch": torch.__version__,
        "device": torch.cuda.get_device_name(0),
        "checks": {},
    }

    def check(name, body):
        if args.only is not None and not any(
            name.startswith(prefix) for prefix in args.only
        ):
            return
        started = time.perf_counter()
        try:
            result = body() or {}
            report["checks"][name] = {"ok": True, **result}
        except Exception:  # noqa: BLE001 - every check is reported, failures included
            report["checks"][name] = {
                "ok": False,
                "error": traceback.format_exc()[-4000:],
            }
        report["checks"][name]["seconds"] = round(time.perf_counter() - started, 1)
        print(name, json.dumps(report["checks"][name])[:600], flush=True)

    with tempfile.TemporaryDirectory() as scratch:
        work = pathlib.Path(scratch)
        code = llm / "code"
        corpus, data = work / "corpus", work / "data"
        shared.write_corpus(corpus)
        run(
            [
                python,
                "prepare_data.py",
                corpus,
                "--out",
                data,
                "--tiny",
                "--vocab-size",
                "400",
            ],
            code,
        )
        common = [
            "--tiny",
            "--data",
            data,
            "--seq-len",
            "64",
            "--batch-size",
            "16",
            "--device",
            "cuda",
        ]

        def trains(precision: str) -> dict:
            out = work / f"llm-{precision}"
            done = run(
                [
                    python,
                    "train.py",
                    *common,
                    "--precision",
                    precision,
                    "--steps",
                    "60",
                    "--eval-batches",
                    "8",
                    "--out",
                    out,
                ],
                code,
            )
            m = shared.metrics(out)
            assert m["precision"] == precision, m["precision"]
            assert f"precision {precision}" in done.stdout, done.stdout[-1000:]
            assert all(math.isfinite(x) for x in m["losses"]), m["losses"]
            assert m["val_loss"] < m["first_val_loss"], (
                m["first_val_loss"],
                m["val_loss"],
            )
            result = {"held_out": [m["first_val_loss"], m["val_loss"]]}
            if precision == "fp16":
                state = torch.load(
                    out / "checkpoint.pt", map_location="cpu", weights_only=False
                )
                assert state["scaler"] is not None and state["scaler"]["scale"] > 0, (
                    state.get("scaler")
                )
                result["grad_scaler_scale"] = float(state["scaler"]["scale"])
            return result

        check("llm_bf16_autocast", lambda: trains("bf16"))
        check("llm_fp16_grad_scaler", lambda: trains("fp16"))

        def resumes(precision: str) -> dict:
            straight, resumed = (
                work / f"straight-{precision}",
                work / f"resumed-{precision}",
            )
            base = [*common, "--precision", precision, "--steps", "20"]
            run([python, "train.py", *base, "--out", straight], code)
            run([python, "train.py", *base, "--stop-at", "10", "--out", resumed], code)
            run([python, "train.py", *base, "--resume", "--out", resumed], code)
            difference = shared.max_difference(
                shared.metrics(straight)["losses"], shared.metrics(resumed)["losses"]
            )
            assert difference <= 1e-4, difference
            return {"max_loss_difference": difference}

        check("llm_resume_fp32", lambda: resumes("fp32"))
        check("llm_resume_bf16", lambda: resumes("bf16"))

        def checkpointing() -> dict:
            plain, recomputed = work / "plain", work / "recomputed"
            base = [*common, "--precision", "fp32", "--steps", "10"]
            run([python, "train.py", *base, "--out", plain], code)
            done = run(
                [
                    python,
                    "train.py",
                    *base,
                    "--activation-checkpointing",
                    "--out",
                    recomputed,
                ],
                code,
            )
            assert "activation checkpointing on" in done.stdout, done.stdout[-1000:]
            difference = shared.max_difference(
                shared.metrics(plain)["losses"], shared.metrics(recomputed)["losses"]
            )
            assert difference <= 1e-4, difference
            return {"max_loss_difference": difference}

        check("llm_activation_checkpointing", checkpointing)

        def compiled() -> dict:
            out = work / "compiled"
            run(
                [
                    python,
                    "train.py",
                    *common,
                    "--precision",
                    "bf16",
                    "--steps",
                    "20",
                    "--compile",
                    "--out",
                    out,
                ],
                code,
            )
            losses = shared.metrics(out)["losses"]
            assert all(math.isfinite(x) for x in losses) and losses[-1] < losses[0], (
                losses
            )
            return {"first_last_loss": [losses[0], losses[-1]]}

        check("llm_compile", compiled)

        def llm_eval_infer() -> dict:
            checkpoint = work / "llm-bf16" / "checkpoint.pt"
            run(
                [
                    python,
                    "eval.py",
                    "--checkpoint",
                    checkpoint,
                    "--data",
                    data,
                    "--device",
                    "cuda",
                ],
                code,
            )
            value = json.loads((work / "llm-bf16" / "eval.json").read_text())[
                "val_loss"
            ]
            assert math.isfinite(value), value
            out = work / "llm-infer.json"
            run(
                [
                    python,
                    "infer.py",
                    "--checkpoint",
                    checkpoint,
                    "--device",
                    "cuda",
                    "--out",
                    out,
                ],
                code,
            )
            return {
                "eval_val_loss": value,
                "infer_keys": sorted(json.loads(out.read_text()).keys()),
            }

        check("llm_eval_and_infer_on_cuda", llm_eval_infer)

        def image_folder() -> dict:
            folder, out = work / "images", work / "image-folder"
            shared.write_image_folder(folder)
            image_code = vit / "code"
            run(
                [
                    python,
                    "train.py",
                    "--tiny",
                    "--steps",
                    "50",
                    "--device",
                    "cuda",
                    "--precision",
                    "bf16",
                    "--data",
                    folder,
                    "--eval-batches",
                    "8",
                    "--out",
                    out,
                ],
                image_code,
            )
            m = shared.metrics(out)
            assert m["val_loss"] < m["first_val_loss"], (
                m["first_val_loss"],
                m["val_loss"],
            )
            run(
                [
                    python,
                    "eval.py",
                    "--checkpoint",
                    out / "checkpoint.pt",
                    "--data",
                    folder,
                    "--device",
                    "cuda",
                ],
                image_code,
            )
            accuracy = json.loads((out / "eval.json").read_text())["accuracy"]
            return {
                "held_out": [m["first_val_loss"], m["val_loss"]],
                "accuracy": accuracy,
                "data_workers": "4 (default on CUDA)",
            }

        check("vit_image_folder_dataloader_workers", image_folder)

        def diffusion() -> dict:
            out, sample = work / "dit", work / "dit-sample.json"
            dit_code = dit / "code"
            run(
                [
                    python,
                    "train.py",
                    "--tiny",
                    "--steps",
                    "30",
                    "--device",
                    "cuda",
                    "--precision",
                    "bf16",
                    "--out",
                    out,
                ],
                dit_code,
            )
            losses = shared.metrics(out)["losses"]
            assert all(math.isfinite(x) for x in losses), losses
            run(
                [
                    python,
                    "infer.py",
                    "--checkpoint",
                    out / "checkpoint.pt",
                    "--device",
                    "cuda",
                    "--out",
                    sample,
                ],
                dit_code,
            )
            return {
                "first_last_loss": [losses[0], losses[-1]],
                "infer_keys": sorted(json.loads(sample.read_text()).keys()),
            }

        check("dit_bf16_and_sampling_on_cuda", diffusion)

        for run_dir in (vit, dit, llm):
            name = run_dir.name.rsplit("-", 1)[0]
            check(
                f"peak_memory_{name}",
                lambda run_dir=run_dir, name=name: peak_memory(
                    run_dir, work / f"full-{name}"
                ),
            )

        def every_example() -> dict:
            from concurrent.futures import ThreadPoolExecutor

            def one(run_dir: pathlib.Path) -> tuple:
                code, out = run_dir / "code", work / f"each-{run_dir.name}"
                try:
                    run(
                        [
                            python,
                            "train.py",
                            "--tiny",
                            "--steps",
                            "2",
                            "--device",
                            "cuda",
                            "--out",
                            out,
                        ],
                        code,
                    )
                    checkpoint = (
                        out / "checkpoint.pt"
                        if (out / "checkpoint.pt").is_file()
                        else out / "checkpoint"
                    )
                    run(
                        [
                            python,
                            "eval.py",
                            "--checkpoint",
                            checkpoint,
                            "--device",
                            "cuda",
                        ],
                        code,
                    )
                    run(
                        [
                            python,
                            "infer.py",
                            "--checkpoint",
                            checkpoint,
                            "--device",
                            "cuda",
                            "--out",
                            work / f"{run_dir.name}.json",
                        ],
                        code,
                    )
                    return run_dir.name, "ok"
                except Exception as error:  # noqa: BLE001 - each failure is reported by name
                    return run_dir.name, str(error)[-1500:]

            todo = sorted(
                p for p in runs.iterdir() if (p / "code" / "train.py").is_file()
            )
            with ThreadPoolExecutor(max_workers=6) as pool:
                outcomes = dict(pool.map(one, todo))
            failed = {name: error for name, error in outcomes.items() if error != "ok"}
            assert not failed, failed
            return {"runs": len(outcomes)}

        check("every_example_on_cuda", every_example)

    text = json.dumps(report, indent=1)
    print(text)
    if args.report:
        pathlib.Path(args.report).write_text(text)
    return 0 if all(c["ok"] for c in report["checks"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
