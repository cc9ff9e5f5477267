#!/usr/bin/env bash
# Runs every NAB file through `hark replay` (no config: the anomaly model alone, alerting at 0.9)
# and scores the anomaly_score column and the alerts with scripts/nab-score.py: all files, then the
# tuning half (even files) and the held-out half (odd files) separately.
#   scripts/nab-bench.sh [HARK] [NAB_DIR]   (defaults: .build/release/hark, ../shared/nab)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
hark=${1:-$here/../.build/release/hark}
nab=${2:-${NAB_DIR:-$here/../../shared/nab}}
[[ -x $hark ]] || { echo "nab-bench: no hark binary at $hark; build it (swift build -c release --product hark) or pass its path" >&2; exit 2; }
[[ -f $nab/labels/combined_windows.json ]] || { echo "nab-bench: no NAB data at $nab (want labels/combined_windows.json); pass its path" >&2; exit 2; }
out=$(mktemp -d /tmp/hark-nab.XXXXXX)
trap 'rm -rf "$out"' EXIT
start=$(date +%s%N)
rows=0
for f in "$nab"/data/*/*.csv; do
  cat=$(basename "$(dirname "$f")")
  mkdir -p "$out/$cat"
  "$hark" replay "$f" --out "$out/$cat/$(basename "$f")" >/dev/null
  rows=$((rows + $(wc -l <"$f") - 1))
done
end=$(date +%s%N)
ms=$(( (end - start) / 1000000 ))
echo "hark replay: $rows readings in $ms ms over 58 processes"
for half in all even odd; do
  echo "== $half files"
  python3 "$here/nab-score.py" --nab "$nab" --results "$out" --files "$half" --threshold 0.9 --alerts
done
