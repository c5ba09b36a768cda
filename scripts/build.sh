#!/usr/bin/env bash
# Configures (once) and builds a CMake preset incrementally; prints the build log only on failure.
# Usage: scripts/build.sh [release|debug|asan]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
preset=${1:-release}
cd "$root"
log="build/$preset.log"
mkdir -p build
if [[ ! -f "build/$preset/CMakeCache.txt" ]]; then
  if ! cmake --preset "$preset" >"$log" 2>&1; then
    cat "$log" >&2
    echo "build: configuring preset '$preset' failed" >&2
    exit 1
  fi
fi
echo "build: $preset ..." >&2
if ! cmake --build --preset "$preset" -j "$(nproc)" >"$log" 2>&1; then
  cat "$log" >&2
  echo "build: building preset '$preset' failed" >&2
  exit 1
fi
