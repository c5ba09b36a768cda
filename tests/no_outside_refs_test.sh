#!/usr/bin/env bash
# Every reference in the repository points inside it: no tracked file mentions the notes folder the
# project grew from, a sibling folder of the checkout, or an absolute path on the machine it was
# developed on (or this checkout's own absolute path). The story those notes told is
# docs/background.md. The patterns are assembled below so that this file matches none of them
# itself and is checked like every other file.
# Usage: no_outside_refs_test.sh SOURCE_DIR   (exit 77, skipped, outside a git checkout)
set -euo pipefail
src=$(cd "$1" && pwd)
cd "$src"
git rev-parse --is-inside-work-tree >/dev/null 2>&1 || { echo "not a git checkout: skipped"; exit 77; }
notes="se""ed/"
sibling="../sha""red"
machine="/wo""rk/"
mapfile -d '' files < <(git ls-files -z)
found=$(printf '%s\0' "${files[@]}" | xargs -0 grep -I -n -F -e "$notes" -e "$sibling" -e "$machine" -e "$src/" -- 2>/dev/null || true)
if [[ -n "$found" ]]; then
  echo "FAIL: references outside the repository:"
  echo "$found" | cut -c1-200
  exit 1
fi
echo "${#files[@]} tracked files, no reference outside the repository"
