#!/usr/bin/env bash
# docs/adding-a-model.md, followed to the letter by a newcomer: in a copy of the repository, the
# example model (tests/example-model/) becomes impls/example-naive/, the registration line is taken
# from the page itself, and the page's commands (steps 3 to 5) run in order. Then what
# ./scripts/test.sh checks of a new model must hold: the committed investigation is fresh, the
# default suite passes the gate against the committed baseline, the new model is gated, and the
# model's conformance, differential and scenario tests pass (they ran in step 4).
#
# Usage: adding_a_model_test.sh SOURCE_DIR WORK_DIR
# The copy compiles through ccache with the same flags as the checkout's release build, so only
# what the new model changes is compiled again.
set -euo pipefail
# A newcomer's shell: no default-suite report of this checkout for the copy's tests to reuse (it
# would lack the new model, and its scenario tests would then not see it).
unset SIGHEAP_SUITE_REPORT
src=$(cd "$1" && pwd)
work=$2
doc="$src/docs/adding-a-model.md"

rm -rf "$work"
mkdir -p "$work"
# What a contributor has: the tracked (and new, not ignored) files, not the build folders.
(cd "$src" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$work")
cd "$work"

# The page's registration line, and the model's folder.
line=$(grep -m1 '^sigheap_model(' "$doc") || { echo "FAIL: no sigheap_model(...) line in $doc"; exit 1; }
header=$(sed -E 's/^sigheap_model\([^ ]+ ([^)]+)\)$/\1/' <<<"$line")
mkdir -p "$(dirname "$header")"
cp tests/example-model/example_model.h "$header"
echo "$line" >>impls/models.cmake

# Same compiler flags as the checkout's build, so that ccache has every unchanged object.
if grep -q '^SIGHEAP_WERROR:BOOL=ON$' "$src/build/release/CMakeCache.txt" 2>/dev/null; then
  cmake --preset release -DSIGHEAP_WERROR=ON >/dev/null
fi

# Steps 3 to 5: every ```sh block after the "## 3." heading, in order.
awk '/^## 3\./ { on = 1 } on && /^ *```sh$/ { block = 1; next } block && /^ *```$/ { block = 0; next } block' "$doc" \
  | sed -E 's/^ {3}//' >steps.sh
echo "== the page's commands:"
sed 's/^/   /' steps.sh
bash -euo pipefail steps.sh >steps.log 2>&1 || { tail -60 steps.log; echo "FAIL: a command of $doc failed"; exit 1; }

bin=build/release/sigheap
listing=$("$bin" list)  # not piped into grep -q: with pipefail, an early exit of grep fails the list
grep -q '^ *example-naive ' <<<"$listing" || { echo "FAIL: sigheap list does not show example-naive"; exit 1; }
grep -q 'example-naive' reports/investigation.md || { echo "FAIL: reports/investigation.md lacks the model"; exit 1; }
grep -q '"impl": *"example-naive"' reports/baselines/default.json ||
  { echo "FAIL: the baseline does not gate the model"; exit 1; }

# What ./scripts/test.sh then checks: the generated document is fresh and the gate passes. The
# document is compared as Investigation.CommittedDocumentIsFresh compares it, all but its section
# of the real JavaScript libraries (--no-js), which a C++ model does not change and which that test
# checks in the checkout itself (it is about 20 s of node and Chromium).
"$bin" investigate --no-js -q --html '' --out fresh.md --check reports/investigation.md >check.log 2>&1 ||
  { cat check.log; diff -u reports/investigation.md fresh.md | head -40; echo "FAIL: the investigation is not fresh"; exit 1; }
"$bin" run --quiet --format json --out current.json >/dev/null
"$bin" gate --baseline reports/baselines/default.json --current current.json --config reports/gate.json >gate.log ||
  { cat gate.log; echo "FAIL: the gate"; exit 1; }
echo "adding a model by docs/adding-a-model.md: 1 passed, 0 failed"
