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

echo "== test.sh: all passed in $(($(date +%s) - start)) s"
