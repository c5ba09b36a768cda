#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test; exits non-zero on any failure.
#   1. release build (warnings are errors), the default suite once (build/suite.json), gated
#      against reports/baselines/default.json;
#   2. every CTest test of the release build (those that need the default suite's report reuse
#      build/suite.json through SIGHEAP_SUITE_REPORT instead of running it again);
#   3. the ASan + UBSan build (system allocator) of the GoogleTest suites (every model on every
#      scenario, the runner, the allocator, Qt where found) and those suites under the sanitizers;
#   4. the report reader, diff and gate under libFuzzer.
# Prints the time of each step and the total at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
start=$(date +%s)
step_start=$start
times=()
step() {
  local now
  now=$(date +%s)
  [[ -n "${current_step:-}" ]] && times+=("$(printf '%4d s  %s' $((now - step_start)) "$current_step")")
  current_step=$1
  step_start=$now
  [[ -n "$1" ]] && echo "== $1"
  return 0
}

step "install: Debian packages and the pinned npm packages"
./scripts/install-deps.sh --with-test-tools
./scripts/js-deps.sh

step "build: release (-Werror)"
./scripts/build.sh release --werror --tests

step "suite: the default suite once, gated against reports/baselines/default.json"
./build/release/sigheap run --quiet --format json --out build/suite.json >/dev/null
./build/release/sigheap gate --baseline reports/baselines/default.json --current build/suite.json \
  --config reports/gate.json

step "ctest: release"
# One test more than the cores: the browser tests spend much of their time waiting on Chromium's
# DevTools connection, not computing.
SIGHEAP_SUITE_REPORT="$root/build/suite.json" ctest --preset release -j "$(($(nproc) + 1))" --timeout 900

step "build: asan (ASan + UBSan, system allocator), the GoogleTest suites"
./scripts/build.sh asan --werror --target sigheap_unit_tests

step "ctest: asan, the GoogleTest suites"
ctest --preset asan -L unit -j "$(nproc)" --timeout 900

step "fuzz: the report reader, diff and gate under libFuzzer for 20 s"
./scripts/build.sh fuzz
rm -rf build/fuzz-corpus && mkdir -p build/fuzz-corpus
./build/fuzz/report_fuzzer -max_total_time=20 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  build/fuzz-corpus tests/fuzz/seeds 2>build/fuzz.log || { tail -40 build/fuzz.log; exit 1; }
grep -E '^Done [0-9]+ runs' build/fuzz.log

step ""
printf '%s\n' "${times[@]}"
echo "== test.sh: all passed in $(($(date +%s) - start)) s"
