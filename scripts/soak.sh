#!/usr/bin/env bash
# Soak: the release daemon for MINUTES (default 60) under 10,000 sensor readings/s, one text command
# per second, a spoken command every 10 s through the ALSA file plugin (a FIFO written in real time),
# and a broker restart every 5 minutes. Samples RSS, open fds and threads each minute; prints a
# table, writes soak.csv and soak.svg, checks alerts were not lost and the log has no errors but
# the reconnects. Runs niced. Usage: scripts/soak.sh [MINUTES] (env: OUT=dir, RATE=readings/s)
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-60}
binary=${HARK_BINARY:-.build/release/hark}
[ -x "$binary" ] || { echo "soak: $binary missing; run make build" >&2; exit 1; }
[ -f models/manifest.json ] || { echo "soak: models missing; run make models" >&2; exit 1; }
for t in mosquitto mosquitto_pub mosquitto_sub espeak-ng sox; do
  command -v "$t" >/dev/null || { echo "soak: $t missing; run scripts/install-deps.sh test" >&2; exit 1; }
done
out=${OUT:-$PWD/.cache/soak-$(date -u +%Y%m%dT%H%M%S)}
mkdir -p "$out"
exec nice -n 10 python3 scripts/soak.py --minutes "$minutes" --binary "$binary" --models "$PWD/models" --out "$out" \
  --rate "${RATE:-10000}"
