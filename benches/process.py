#!/usr/bin/env python3
"""Whole-process measurements for scripts/bench.sh, beside criterion's
in-process medians: `metagen validate` per spec, a full `metagen synth` of
text_llm_8b against `cp -r` of the tree it writes (interleaved, so both see
the same machine state), and a batch of generated specs.

Each child is timed from fork to exit with perf_counter, and its peak RSS is
read from its own rusage (os.wait4), not the maximum over all children.

Usage: benches/process.py METAGEN_BINARY WORK_DIR CRITERION_DIR
Environment: BENCH_RUNS (default 10), BENCH_BATCH (default 1000).
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "examples/specs/text/text_llm_8b.yaml"


def timed(argv):
    """Runs argv with no output; returns (seconds, peak RSS in bytes)."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"bench: {' '.join(map(str, argv))} exited with {child.returncode}")
    return elapsed, usage.ru_maxrss * 1024


def median_ms(samples):
    return statistics.median(samples) * 1e3


def criterion_medians(criterion_dir):
    """{full benchmark id: median in seconds} from criterion's saved estimates."""
    medians = {}
    for estimates in Path(criterion_dir).glob("**/new/estimates.json"):
        meta = estimates.parent / "benchmark.json"
        if not meta.exists():
            continue
        full_id = json.loads(meta.read_text())["full_id"]
        median_ns = json.loads(estimates.read_text())["median"]["point_estimate"]
        medians[full_id] = median_ns / 1e9
    return medians


def make_batch(folder, count):
    """`count` specs cycling through the bundled examples, each renamed so
    every run id differs."""
    examples = sorted((ROOT / "examples/specs").glob("*/*.yaml"))
    folder.mkdir(parents=True)
    for index in range(count):
        source = examples[index % len(examples)]
        text = source.read_text()
        text, renamed = re.subn(
            r"^name:\s*(\S+)",
            rf"name: \g<1>_b{index:04d}",
            text,
            count=1,
            flags=re.MULTILINE,
        )
        if renamed != 1:
            sys.exit(f"bench: {source} has no top-level name line")
        (folder / f"spec_{index:04d}.yaml").write_text(text)
    return len(examples)


def main():
    binary, work, criterion_dir = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    runs = int(os.environ.get("BENCH_RUNS", "10"))
    batch = int(os.environ.get("BENCH_BATCH", "1000"))
    rows = []

    # validate: one process per spec, start-up included.
    validate = [
        timed([binary, "-q", "validate", SPEC])[0] for _ in range(max(runs, 20))
    ]
    rows.append(
        (
            "`metagen validate text_llm_8b.yaml` (process)",
            f"{median_ms(validate):.1f} ms",
            "<= 3 ms",
        )
    )

    # Full synth against cp -r of its own tree, interleaved.
    synth_out, copies = work / "synth", work / "copies"
    copies.mkdir(parents=True)
    synth_argv = [
        binary,
        "-q",
        "synth",
        SPEC,
        "--out",
        synth_out,
        "--run-id",
        "r",
        "--force",
    ]
    timed(synth_argv)  # warm the page cache and the binary
    synth_times, copy_times, rss = [], [], []
    for index in range(runs):
        seconds, peak = timed(synth_argv)
        synth_times.append(seconds)
        rss.append(peak)
        target = copies / f"c{index}"
        copy_times.append(timed(["cp", "-r", synth_out / "r", target])[0])
        shutil.rmtree(target)
    files = sum(1 for p in (synth_out / "r").rglob("*") if p.is_file())
    size = sum(p.stat().st_size for p in (synth_out / "r").rglob("*") if p.is_file())
    synth_ms, copy_ms = median_ms(synth_times), median_ms(copy_times)
    rows.append(
        (
            f"`metagen synth text_llm_8b.yaml` (process, {files} files, {size / 1e6:.2f} MB)",
            f"{synth_ms:.1f} ms",
            "<= 20 ms",
        )
    )
    rows.append(("`cp -r` of the same tree (process)", f"{copy_ms:.1f} ms", ""))
    rows.append(("synth / `cp -r`", f"{synth_ms / copy_ms:.1f}x", "<= 3x"))
    rows.append(
        ("synth peak RSS (max of runs)", f"{max(rss) / 1e6:.1f} MB", "<= 30 MB")
    )

    # Batch.
    specs = work / "batch_specs"
    kinds = make_batch(specs, batch)
    seconds, peak = timed([binary, "-q", "synth", specs, "--out", work / "batch_out"])
    shutil.rmtree(work / "batch_out")
    rows.append(
        (
            f"batch: {batch} specs ({kinds} bundled examples renamed), `metagen synth DIR`",
            f"{seconds:.2f} s = {batch / seconds:.0f} specs/s, peak RSS {peak / 1e6:.0f} MB",
            ">= 200 specs/s",
        )
    )

    medians = criterion_medians(criterion_dir)
    wanted = [
        ("load+validate+resolve text_llm_8b", "validate (in process)"),
        (
            "blueprint/release/text/text_llm_8b",
            "blueprint + cost model + ablations (in process)",
        ),
        ("render/code/text/text_llm_8b", "code (in process)"),
        (
            "render/reports_and_figures/text/text_llm_8b",
            "reports and figures (in process)",
        ),
        (
            "render/paper/text/text_llm_8b",
            "paper LaTeX (in process, figures precomputed)",
        ),
        ("synth/render_run/text_llm_8b", "every artifact, no write (in process)"),
        ("synth/full/text_llm_8b", "full synth with atomic write (in process)"),
    ]
    criterion_rows = []
    for full_id, label in wanted:
        if full_id in medians:
            value = medians[full_id]
            shown = (
                f"{value * 1e3:.2f} ms" if value >= 1e-3 else f"{value * 1e6:.0f} µs"
            )
            criterion_rows.append((f"{label} (criterion `{full_id}`)", shown, ""))

    print("| Measurement | Median | Target |")
    print("|---|---|---|")
    for label, value, target in criterion_rows + rows:
        print(f"| {label} | {value} | {target} |")


if __name__ == "__main__":
    main()
