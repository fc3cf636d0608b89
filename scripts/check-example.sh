#!/usr/bin/env bash
# Synthesize one spec and exercise its generated code/ with real PyTorch:
#   scripts/check-example.sh examples/specs/image/vit_classifier.yaml [OUT_DIR]
# Prints check_code.py's JSON report and ruff's verdict. Needs the test venv
# (.venv-test, created by scripts/test.sh) or METAGEN_PYTHON.
set -euo pipefail
cd "$(dirname "$0")/.."
spec=$1
out=${2:-$(mktemp -d)}
python=${METAGEN_PYTHON:-.venv-test/bin/python}
name=$(basename "$spec" .yaml)
cargo build --quiet
./target/debug/metagen synth "$spec" --out "$out" --run-id "$name" --force --quiet
OMP_NUM_THREADS=1 "$python" tests/python/check_code.py "$out/$name"
"$(dirname "$python")/ruff" check --isolated --no-cache "$out/$name/code"
