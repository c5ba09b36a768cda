#!/usr/bin/env bash
# Installs what is missing, builds the release preset and runs every test with CTest.
# Exits non-zero on any failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
start=$(date +%s)
./scripts/install-deps.sh --with-test-tools
./scripts/build.sh release

echo "== ctest (release)"
ctest --preset release -j "$(nproc)" --timeout 600

echo "== gate: default suite against reports/baselines/default.json"
./build/release/sigheap run --quiet --format json --out build/current.json >/dev/null
./build/release/sigheap gate --baseline reports/baselines/default.json --current build/current.json \
  --config reports/gate.json

echo "== test.sh: all passed in $(($(date +%s) - start)) s"
