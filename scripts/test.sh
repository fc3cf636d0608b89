#!/usr/bin/env bash
# The whole test suite. Installs what the tests need first (a Python venv with
# PyTorch, LaTeX and PDF tools), then runs the lint gates and every test. In
# CI (CI=true) a missing tool is a failure, never a skip.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

echo "== disk space (the venv needs about 6 GB, the build about 8 GB)"
df -h . "${TMPDIR:-/tmp}" || true

echo "== system packages (LaTeX, PDF tools)"
need_apt=()
command -v latexmk >/dev/null || need_apt+=(texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended latexmk)
# A paper with Greek, Cyrillic or CJK text is built with xelatex and these
# fonts (about 17 MB to download: texlive-xetex with teckit and tipa, and
# fonts-droid-fallback; fonts-dejavu-core is about 1 MB).
command -v xelatex >/dev/null || need_apt+=(texlive-xetex)
[[ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ]] || need_apt+=(fonts-dejavu-core)
[[ -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ]] || need_apt+=(fonts-droid-fallback)
command -v pdftotext >/dev/null || need_apt+=(poppler-utils)
command -v qpdf >/dev/null || need_apt+=(qpdf)
[[ -x /usr/bin/time ]] || need_apt+=(time)
if ((${#need_apt[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "warning: cannot install ${need_apt[*]} without root" >&2
  fi
fi

echo "== Python test environment (.venv-test)"
if [[ ! -x .venv-test/bin/python ]] || ! .venv-test/bin/python -c "import torch, ruff, transformers, huggingface_hub, tokenizers, PIL, gymnasium" 2>/dev/null; then
  python3 -m venv .venv-test
  # PyTorch's wheels and their CUDA libraries come to about 5 GB: no second
  # copy in pip's cache, and pip's temporary files on the project's own disk
  # rather than in a /tmp that may be a small tmpfs.
  mkdir -p target/pip-tmp
  TMPDIR="$PWD/target/pip-tmp" .venv-test/bin/pip install --quiet --no-cache-dir \
    --disable-pip-version-check -r tests/python/requirements.txt
  rm -rf target/pip-tmp
fi
export METAGEN_PYTHON="$PWD/.venv-test/bin/python"

echo "== gates: rustfmt, clippy, no todo!/unimplemented!/dbg! in src/"
cargo fmt --check
cargo clippy --all-targets --locked -- -D warnings
if grep -rnE '\b(todo|unimplemented|dbg)!' src; then
  echo "error: todo!/unimplemented!/dbg! found in src/" >&2
  exit 1
fi

echo "== tests"
cargo test --locked --all-targets
cargo test --locked --doc
