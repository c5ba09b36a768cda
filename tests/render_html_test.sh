#!/usr/bin/env bash
# Renders a report to HTML and loads it in headless Chromium with the network closed: the page
# must be self-contained, its charts present in the DOM, and a screenshot must come out.
# Usage: render_html_test.sh SIGHEAP_BINARY WORK_DIR
set -euo pipefail
bin=$1
work=$2
mkdir -p "$work"
if ! command -v chromium >/dev/null 2>&1; then
  echo "chromium not installed (scripts/install-deps.sh --with-test-tools installs it): skipped"
  exit 77
fi
"$bin" run --quiet --iterations 500 --out "$work/report.json" >/dev/null
"$bin" render "$work/report.json" --html "$work/report.html" 2>/dev/null
if grep -Eq '(src|href)="https?:' "$work/report.html"; then
  echo "FAIL: the page refers to the network"
  exit 1
fi
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$work/profile" --window-size=1150,1600)
timeout 120 chromium "${flags[@]}" --dump-dom "file://$work/report.html" >"$work/dom.html" 2>/dev/null
svgs=$(grep -o '<svg' "$work/dom.html" | wc -l)
scenarios=$(grep -o '<h3>' "$work/dom.html" | wc -l)
# One per-object chart, and two charts per scenario section.
if [[ $svgs -ne $((1 + 2 * scenarios)) || $scenarios -lt 20 ]]; then
  echo "FAIL: $svgs charts for $scenarios scenario sections in the rendered DOM"
  exit 1
fi
timeout 120 chromium "${flags[@]}" --screenshot="$work/shot.png" "file://$work/report.html" 2>/dev/null
size=$(stat -c %s "$work/shot.png")
if [[ $size -lt 20000 ]]; then
  echo "FAIL: screenshot is only $size bytes"
  exit 1
fi
echo "rendered: $svgs charts in $scenarios scenario sections, screenshot $size bytes ($work/shot.png)"
echo "1 passed, 0 failed"
