#!/usr/bin/env bash
# Installs what is missing, builds the release preset and runs every test with CTest.
# Exits non-zero on any failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
start=$(date +%s)
./scripts/install-deps.sh --with-test-tools
./scripts/js-deps.sh
./scripts/build.sh release

echo "== ctest (release)"
ctest --preset release -j "$(nproc)" --timeout 600

echo "== gate: default suite against reports/baselines/default.json"
./build/release/sigheap run --quiet --format json --out build/current.json >/dev/null
./build/release/sigheap gate --baseline reports/baselines/default.json --current build/current.json \
  --config reports/gate.json

echo "== asan: ASan + UBSan build (system allocator), the whole suite"
./scripts/build.sh asan
ctest --preset asan -j "$(nproc)" --timeout 900

echo "== fuzz: the report reader, diff and gate under libFuzzer for 60 s"
./scripts/build.sh fuzz
rm -rf build/fuzz-corpus && mkdir -p build/fuzz-corpus
./build/fuzz/report_fuzzer -max_total_time=60 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  build/fuzz-corpus tests/fuzz/seeds 2>build/fuzz.log || { tail -40 build/fuzz.log; exit 1; }
grep -E '^Done [0-9]+ runs' build/fuzz.log

echo "== test.sh: all passed in $(($(date +%s) - start)) s"
