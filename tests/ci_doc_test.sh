#!/usr/bin/env bash
# Runs every `sigheap` command of docs/github-actions-sigheap.yml, in order, from the source root,
# with the given binary: the workflow documented in docs/ci.md must work as written.
# Usage: ci_doc_test.sh SOURCE_DIR SIGHEAP_BINARY
set -euo pipefail
src=$1
bin=$2
cd "$src"
mapfile -t commands < <(grep -E '^\s+run: \./build/release/sigheap ' docs/github-actions-sigheap.yml | sed -E 's/^\s+run: //')
if [[ ${#commands[@]} -lt 4 ]]; then
  echo "FAIL: expected the run, diff, gate and render commands in the workflow, found ${#commands[@]}"
  exit 1
fi
for cmd in "${commands[@]}"; do
  echo "+ $cmd"
  eval "${cmd//.\/build\/release\/sigheap/$bin}"
done
test -s build/sigheap-diff.md && test -s build/sigheap.html
echo "${#commands[@]} passed, 0 failed"
