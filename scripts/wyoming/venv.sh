#!/usr/bin/env bash
# Creates (once) the private venv with the real Wyoming client the tests drive the server with.
# Idempotent, no stdin: prints the venv's python path on stdout.
# Usage: scripts/wyoming/venv.sh [venv-dir]   (default: <worktree>/.venv-wyoming)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
venv=${1:-$root/.venv-wyoming}
pin="wyoming==1.10.2"
stamp="$venv/.installed-$pin"
if [ ! -f "$stamp" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input "$pin" >&2
  touch "$stamp"
fi
echo "$venv/bin/python"
