#!/usr/bin/env bash
# Private venv <repo>/.venv-wake with pymicro-wakeword 2.5.0 (its bundled TFLite interpreter and
# models) and pymicro-features 2.0.2 (its TFLite Micro front end): the reference Hark's wake engine is
# checked against. Idempotent, non-interactive. Prints the venv's python.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
venv=$repo/.venv-wake
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
if [ ! -f "$venv/.ready-1" ]; then
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv" </dev/null >&2
  "$venv/bin/python" -m pip install -q numpy==2.4.6 pymicro-features==2.0.2 </dev/null >&2
  "$venv/bin/python" -m pip install -q --no-deps pymicro-wakeword==2.5.0 </dev/null >&2
  touch "$venv/.ready-1"
fi
echo "$venv/bin/python"
