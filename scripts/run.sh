#!/usr/bin/env bash
# Installs what is missing, builds the release preset, then runs sigheap.
#   ./scripts/run.sh              run the default suite: print the table, write reports/out/latest.json
#   ./scripts/run.sh ARGS...      pass ARGS to sigheap (e.g. list, run --impl preact-like ...)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" release
bin="$root/build/release/sigheap"
if [[ $# -eq 0 ]]; then
  cd "$root"
  exec "$bin" run
fi
exec "$bin" "$@"
