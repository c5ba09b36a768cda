#!/usr/bin/env bash
# Installs what is missing, builds the release preset, then runs sigheap.
#   ./scripts/run.sh              run the default suite: print the table, write reports/out/latest.json
#   ./scripts/run.sh ARGS...      pass ARGS to sigheap (e.g. list, run --impl preact-like ...)
#   ./scripts/run.sh run --with-js   also the real JavaScript libraries (installs Node.js and the pinned
#                                    npm packages first)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
with_js=false
for arg in "$@"; do [[ "$arg" == "--with-js" ]] && with_js=true; done
if $with_js; then
  "$root/scripts/install-deps.sh" --with-node
  "$root/scripts/js-deps.sh"
else
  "$root/scripts/install-deps.sh"
fi
"$root/scripts/build.sh" release
bin="$root/build/release/sigheap"
if [[ $# -eq 0 ]]; then
  cd "$root"
  exec "$bin" run
fi
# investigate writes reports/investigation.md of this checkout
[[ "$1" == "investigate" ]] && cd "$root"
exec "$bin" "$@"
