#!/usr/bin/env bash
# Wake-word accuracy table (misses, false accepts per hour) of Hark next to pymicro-wakeword on the same
# deterministic audio (see accuracy.py). Usage: scripts/wake/accuracy.sh [HARK_BINARY] [MODELS_DIR] [WORK_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
hark=${1:-$repo/.build/release/hark}
[ -x "$hark" ] || hark=$repo/.build/debug/hark
py=$("$here/venv.sh")
"$py" "$here/accuracy.py" "$hark" "${2:-$repo/models}" "${3:-${TMPDIR:-/tmp}/hark-wake-accuracy}"
