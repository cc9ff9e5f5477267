#!/usr/bin/env bash
# Builds the libFuzzer harness (Fuzz/Harness.swift + the parsers' sources, -sanitize=fuzzer,address)
# and runs every target for SECONDS each (or until RUNS executions) on a working copy of its
# committed seed corpus (Fuzz/corpus/<target>); prints executions, exec/s and coverage per target.
# Crashes, leaks and >1 s timeouts stop a target and leave the input in .build-fuzz/artifacts/.
# Usage: scripts/fuzz.sh [SECONDS=60] [TARGET...]     env: RUNS=N (stop after N executions)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(config sensor command cloud safetensors prometheus wyoming phrase)
swiftc=${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}
out=.build-fuzz
mkdir -p "$out/artifacts"

# The parsers that take outside input, compiled into one module with the harness.
sources=( $(find Sources/HarkCore -name '*.swift' | sort)
          Sources/HarkInference/SafeTensorsFile.swift Sources/HarkInference/ModelFileError.swift
          Sources/HarkCloud/ChatCompletionMessages.swift Sources/HarkIntents/TextCommand.swift
          Fuzz/*.swift )
bin=$out/hark-fuzz
if [ ! -x "$bin" ] || [ -n "$(find "${sources[@]}" -newer "$bin" 2>/dev/null | head -1)" ]; then
  echo "fuzz: building $bin" >&2
  "$swiftc" -O -sanitize=fuzzer,address -parse-as-library -module-name HarkCore -suppress-warnings \
    "${sources[@]}" -o "$bin.new" > "$out/build.log" 2>&1 \
    || { grep -v "Cannot export local symbol" "$out/build.log" >&2; echo "fuzz: build failed" >&2; exit 1; }
  mv "$bin.new" "$bin"
fi

printf '%-12s %12s %10s %8s %8s  %s\n' target executions exec/s cov ft result
status=0
for t in "${targets[@]}"; do
  work=$out/corpus/$t
  mkdir -p "$work" "Fuzz/corpus/$t"
  log=$out/$t.log
  # Inputs up to 64 KiB, but config files are small (the full sample config is 10.6 KB) and under
  # ASan validation costs 0.2-0.4 ms per unknown key (a did-you-mean search each; linear, measured
  # on a loaded 2-core machine), so a 45 KB file of 3,200 unknown keys took 1.2 s: 16 KiB for config.
  max_len=65536
  [ "$t" = config ] && max_len=16384
  args=(-max_total_time="$seconds" -timeout=1 -rss_limit_mb=2048 -print_final_stats=1 -max_len=$max_len
        -artifact_prefix="$out/artifacts/$t-")
  [ -n "${RUNS:-}" ] && args+=(-runs="$RUNS")
  [ -f "Fuzz/dict/$t.dict" ] && args+=(-dict="Fuzz/dict/$t.dict")
  set +e
  HARK_FUZZ_TARGET=$t "$bin" "${args[@]}" "$work" "Fuzz/corpus/$t" > "$log" 2>&1
  rc=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}')
  ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | awk '{print $2}')
  result=ok
  if [ $rc -ne 0 ]; then
    result="FAILED (exit $rc): $(grep -m1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|Fatal error|SUMMARY' "$log" || echo see "$log")"
    status=1
  fi
  printf '%-12s %12s %10s %8s %8s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$result"
done
exit $status
