#!/usr/bin/env bash
# Installs scripts/js-reference's pinned packages (the signals libraries of adapters/*.mjs, and the
# older versions measured beside them through npm aliases; about 40 MB) with `npm ci` when they are
# missing or older than package-lock.json. Offline once done.
# Exit 0 without node (the JavaScript reference is optional; its test is then skipped).
set -euo pipefail
dir=$(cd "$(dirname "$0")/js-reference" && pwd)
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "js-deps: node/npm not found; the JavaScript reference runner is unavailable" >&2
  exit 0
fi
stamp="$dir/node_modules/.package-lock.json"
if [[ -f "$stamp" && "$stamp" -nt "$dir/package-lock.json" ]]; then
  exit 0
fi
echo "js-deps: npm ci in scripts/js-reference" >&2
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
