#!/usr/bin/env bash
# Regenerates reports/baselines/default.json from the default suite (release build). Run it when a
# change deliberately alters memory figures, and commit the result with that change: the CI gate
# (./scripts/test.sh) compares every run against this file and fails on any increase.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" release
# Relative paths: the report's meta.command_line names no machine path.
cd "$root"
mkdir -p reports/baselines
build/release/sigheap run --quiet --format json --out reports/baselines/default.json >/dev/null
echo "baseline: reports/baselines/default.json ($(grep -c '"impl":' reports/baselines/default.json) results)"
