#!/usr/bin/env bash
# Installs the Debian packages Hark builds, runs and tests with, if any are missing. Idempotent.
# Usage: scripts/install-deps.sh [run|test]
set -euo pipefail
mode=${1:-test}

packages=(pkg-config libasound2-dev libmosquitto-dev libopenblas-dev mosquitto mosquitto-clients alsa-utils
          libasound2-plugins espeak-ng sox)
if [ "$mode" = test ]; then
  # prometheus: promtool (metrics format check); curl: scrapes; lintian, dpkg-dev, fakeroot, chrpath: the .deb.
  packages+=(pulseaudio pocketsphinx-testdata systemd prometheus curl lintian dpkg-dev fakeroot chrpath)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#packages[@]} Debian packages present"
  exit 0
fi

echo "deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: done"
