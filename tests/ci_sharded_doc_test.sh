#!/usr/bin/env bash
# Runs every `sigheap` command of docs/github-actions-sharded.yml in order, as GitHub Actions would:
# the shard job's commands once per value of its matrix (`${{ matrix.shard }}` substituted), its
# uploaded reports copied to where the merge job downloads them, then the merge job's commands.
# It works in a scratch folder (reports/ linked from the source tree, a fresh build/), so it can
# run beside tests/ci_doc_test.sh without sharing output files.
# Usage: ci_sharded_doc_test.sh SOURCE_DIR SIGHEAP_BINARY SCRATCH_DIR
set -euo pipefail
src=$1
bin=$2
work=$3
yml="$src/docs/github-actions-sharded.yml"
matrix='${{ matrix.shard }}'

shards=$(sed -nE 's/^\s+shard: \[(.*)\]\s*$/\1/p' "$yml" | tr -d ' ' | tr ',' ' ')
upload=$(grep -F "path: build/shard-$matrix" "$yml" | sed -E 's/^\s+path: //')
download=$(grep -A3 'uses: actions/download-artifact' "$yml" | sed -nE 's/^\s+path: //p')
mapfile -t commands < <(grep -E '^\s+run: \./build/release/sigheap ' "$yml" | sed -E 's/^\s+run: //')
if [[ -z "$shards" || -z "$upload" || -z "$download" ]]; then
  echo "FAIL: expected a shard matrix, an upload of build/shard-$matrix... and a download path in $yml"
  exit 1
fi
count=$(wc -w <<<"$shards")
if ! grep -qF -- "--shard $matrix/$count " "$yml"; then
  echo "FAIL: the matrix has $count shards but the run command does not say --shard $matrix/$count"
  exit 1
fi
if [[ ${#commands[@]} -lt 5 ]]; then
  echo "FAIL: expected the run, merge, diff, gate and render commands in the workflow, found ${#commands[@]}"
  exit 1
fi

rm -rf "$work"
mkdir -p "$work/build"
ln -s "$src/reports" "$work/reports"
cd "$work"
ran=0
transferred=0
for cmd in "${commands[@]}"; do
  cmd=${cmd//.\/build\/release\/sigheap/$bin}
  if [[ "$cmd" == *"$matrix"* ]]; then
    for k in $shards; do
      echo "+ ${cmd//"$matrix"/$k}"
      eval "${cmd//"$matrix"/$k}"
    done
  else
    if [[ $transferred -eq 0 ]]; then  # actions/upload-artifact, then actions/download-artifact
      mkdir -p "$download"
      for k in $shards; do cp "${upload//"$matrix"/$k}" "$download/"; done
      echo "+ (artifacts) $(ls "$download" | tr '\n' ' ')-> $download/"
      transferred=1
    fi
    echo "+ $cmd"
    eval "$cmd"
  fi
  ran=$((ran + 1))
done
test -s build/current.json && test -s build/sigheap-diff.md && test -s build/sigheap.html
grep -q "\"shard_count\": $count" build/current.json || { echo "FAIL: build/current.json is not a merge of $count shards"; exit 1; }
echo "$ran passed, 0 failed"
