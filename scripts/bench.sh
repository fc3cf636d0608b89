#!/usr/bin/env bash
# Performance table: criterion's in-process medians (validate, blueprint,
# code, reports and figures, paper, whole run) for text_llm_8b, then
# whole-process figures from benches/process.py (validate per spec, full
# synth against a `cp -r` of the same tree, interleaved, peak RSS, and a
# batch of BENCH_BATCH specs). Run it on an otherwise idle machine.
#
#   scripts/bench.sh            # BENCH_RUNS=10, BENCH_BATCH=1000
#   BENCH_BATCH=200 scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

cargo build --release --quiet
cargo bench --quiet --bench spec_resolve --bench blueprint --bench render --bench synth -- \
    text_llm_8b --warm-up-time 1 --measurement-time 3 >/dev/null

work=$(mktemp -d "$PWD/target/bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 benches/process.py target/release/metagen "$work" target/criterion
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
