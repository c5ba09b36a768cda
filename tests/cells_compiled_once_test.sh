#!/usr/bin/env bash
# The build compiles each (model, scenario) cell once: among all object files of a build, every
# CellRunOf<model, scenario>::iterate is defined in exactly one (a generated cells_<model>[.partN].cc.o, or a
# test's own test-only model), the registered ones number models x scenarios, and the `sigheap`
# binary holds each of them once.
# Usage: cells_compiled_once_test.sh SOURCE_DIR BUILD_DIR SIGHEAP_BINARY
set -euo pipefail
src=$1
build=$2
bin=$3
# Registered models and libraries: one generated cells_<model>.cc each (and its .partN.cc files).
models=$(find "$build" -path '*/generated/cells_*.cc.o' -not -name '*.part*' -not -path '*/adding-a-model/*' | wc -l)
scenarios=$(grep -c '^sigheap_scenario(' "$src/scenarios/scenarios.cmake")
want=$((models * scenarios))
list=$(mktemp)
trap 'rm -f "$list"' EXIT
while IFS= read -r -d '' obj; do
  nm -C --defined-only "$obj" | grep -E ' [TtWw] sigheap::CellRunOf<.*>::iterate\(' |
    sed -E "s|^[0-9a-f]+ [TtWw] ||; s|\$|\t${obj#"$build"/}|" >>"$list" || true
done < <(find "$build" -name '*.o' -not -path '*/adding-a-model/*' -print0)

dups=$(cut -f1 "$list" | sort | uniq -d)
if [[ -n "$dups" ]]; then
  echo "FAIL: cells compiled more than once:"
  grep -F -f <(echo "$dups") "$list" | head -20
  exit 1
fi
registered=$(grep -c $'\t.*generated/cells_' "$list" || true)
if [[ "$registered" -ne "$want" ]]; then
  echo "FAIL: $registered cells in the generated translation units; $models models x $scenarios scenarios = $want"
  exit 1
fi
in_binary=$(nm -C "$bin" | grep -cE ' [TtWw] sigheap::CellRunOf<.*>::iterate\(' || true)
if [[ "$in_binary" -ne "$want" ]]; then
  echo "FAIL: sigheap holds $in_binary cell loops; want $want"
  exit 1
fi
echo "each of the $want cells ($models models x $scenarios scenarios) compiled once, $(wc -l <"$list") cells in all object files"
echo "1 passed, 0 failed"
