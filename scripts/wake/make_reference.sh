#!/usr/bin/env bash
# Regenerates Tests/Fixtures/wake_reference.json: pymicro-wakeword's features and per-step outputs on
# the 14 pocketsphinx-testdata recordings and on the espeak-ng wake phrases (synth_phrases.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
py=$("$here/venv.sh")
phrases=$(mktemp -d)
trap 'rm -rf "$phrases"' EXIT
"$here/synth_phrases.sh" "$phrases"
items=()
for f in $(dpkg -L pocketsphinx-testdata | grep -E '\.(wav|raw)$' | sort); do
  items+=("recording/${f#/usr/share/pocketsphinx/test/data/}=$f")
done
for f in "$phrases"/*.wav; do items+=("phrase/$(basename "$f")=$f"); done
"$py" "$here/reference.py" "$repo/Tests/Fixtures/wake_reference.json" "${items[@]}"
