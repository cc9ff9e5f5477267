#!/usr/bin/env bash
# Synthesises the wake phrases of the four microWakeWord models with espeak-ng (two voices each),
# resampled to 16 kHz mono 16-bit with sox, into OUT_DIR/<model>-<voice>.wav. Deterministic for a
# given espeak-ng and sox (Debian 12: espeak-ng 1.51, sox 14.4.2). Usage: synth_phrases.sh OUT_DIR
set -euo pipefail
out=$1
mkdir -p "$out"
declare -A phrase=([okay_nabu]="okay nabu" [hey_jarvis]="hey jarvis" [hey_mycroft]="hey mycroft" [alexa]="alexa")
for model in okay_nabu hey_jarvis hey_mycroft alexa; do
  for voice in en-us en-gb; do
    tmp=$(mktemp --suffix=.wav)
    espeak-ng -v "$voice" -s 150 -w "$tmp" "${phrase[$model]}"
    # 0.5 s of silence either side so the streaming state settles before and after.
    sox -q -D "$tmp" -r 16000 -c 1 -b 16 -e signed-integer "$out/$model-$voice.wav" pad 0.5 0.5
    rm -f "$tmp"
  done
done
