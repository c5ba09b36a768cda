#!/usr/bin/env bash
# Every reference in the repository points inside it: no tracked file mentions the notes the
# project grew from (a `seed/` folder), a sibling folder (`../shared`), or an absolute path on the
# machine it was developed on (/work/..., or this checkout's own absolute path). The story those
# notes told is docs/background.md.
# Usage: no_outside_refs_test.sh SOURCE_DIR   (exit 77, skipped, outside a git checkout)
set -euo pipefail
src=$(cd "$1" && pwd)
cd "$src"
git rev-parse --is-inside-work-tree >/dev/null 2>&1 || { echo "not a git checkout: skipped"; exit 77; }
self=tests/no_outside_refs_test.sh
mapfile -d '' files < <(git ls-files -z -- . ":!$self")
found=$(printf '%s\0' "${files[@]}" | xargs -0 grep -I -n -F -e 'seed/' -e '../shared' -e '/work/' -e "$src/" -- 2>/dev/null || true)
if [[ -n "$found" ]]; then
  echo "FAIL: references outside the repository:"
  echo "$found" | cut -c1-200
  exit 1
fi
echo "${#files[@]} tracked files, no reference outside the repository"
