#!/usr/bin/env bash
# Speech benchmark, one run: faster-whisper 1.2.1 (float32 and int8, 1 and 2 threads) and Hark's Whisper
# engine on the same recordings, then the ratios: `hark transcribe` (full context) against faster-whisper
# float32 on the 14 pocketsphinx-testdata recordings (goal <= 1.0), and the grammar recogniser per command
# against faster-whisper int8 on 2 threads transcribing the same clips (goal p50 <= 0.8).
# Hark runs with 1 and 2 threads, each against faster-whisper float32 with as many threads (transcription)
# and int8 on 2 threads (commands). Load average printed first and last: absolute times move with it.
# Usage: [HARK_BIN=path/to/hark] scripts/bench-speech.sh [MODELS_DIR]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
models_dir=${1:-$repo/models}
"$repo/scripts/install-models.sh" "$models_dir" >/dev/null
py=$("$repo/scripts/speech/whisper-venv.sh")
clips=$repo/.cache/speech-clips
[ -f "$clips/clips.tsv" ] || python3 "$repo/scripts/speech/make_command_clips.py" "$clips" >/dev/null
real=$(dpkg -L pocketsphinx-testdata | grep -E '\.(wav|raw)$' | sort)
commands=$(awk -F'\t' -v d="$clips" '$3 == "in" { print d "/" $1 }' "$clips/clips.tsv")
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "faster-whisper on the 14 recordings:"
fw_real=$("$py" "$repo/scripts/speech/bench_faster_whisper.py" $real)
echo "$fw_real"   # (not `tee /dev/stderr`: reopening stderr truncates it when it is a file)
echo "faster-whisper on the in-grammar command clips:"
fw_cmd=$("$py" "$repo/scripts/speech/bench_faster_whisper.py" $commands)
echo "$fw_cmd"
int8=$(awk '$1 == "fw" && $2 == "int8" && $3 == 2 { print $4 }' <<<"$fw_cmd")
hark=${HARK_BIN:-}
if [ -z "$hark" ]; then
  (cd "$repo" && swift build -c release --product hark --scratch-path .build-release >/dev/null)
  hark=$repo/.build-release/release/hark
fi
for threads in 1 2; do
  f32=$(awk -v t="$threads" '$1 == "fw" && $2 == "float32" && $3 == t { print $4 }' <<<"$fw_real")
  echo "hark, $threads thread(s):"
  "$hark" bench speech --models-dir "$models_dir" --threads "$threads" --transcribe "$(tr '\n' ',' <<<"$real" | sed 's/,$//')" \
    --clips "$clips" --fw-float32-ms "$f32" --fw-int8-ms "$int8"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
