#!/usr/bin/env bash
# The HTML pages in headless Chromium (network closed): a report of the default suite, a --time
# report, a report with the real libraries' V8 breakdowns (tests/data/html-engine-report.json) and
# a pull request's diff page with planted regressions. A script appended to a copy of each page
# measures it after layout and leaves its verdict in the DOM (--dump-dom):
#   - no horizontal scroll at 900 px and at 1400 px (scrollWidth <= clientWidth)
#   - every impl of the report in the overview heatmap and in the legend
#   - every heatmap cell a link to an element that exists
#   - no SVG text drawn smaller than 11 px
#   - timings (ns/iter) for a --time report; stacked breakdown bars for V8 breakdowns
#   - the diff page's regressions table starting with the largest planted regression
# Usage: render_html_test.sh SIGHEAP_BINARY WORK_DIR (SIGHEAP_SUITE_REPORT: a default suite's report to use)
set -euo pipefail
bin=$1
work=$2
data=$(cd "$(dirname "$0")/data" && pwd)
mkdir -p "$work"
if ! command -v chromium >/dev/null 2>&1; then
  echo "chromium not installed (scripts/install-deps.sh --with-test-tools installs it): skipped"
  exit 77
fi
passed=0
failed=0
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --hide-scrollbars)

# Each impl of a report as the page names it: "impl" or "impl (engine)".
impls_of() {
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))
names=[]
for x in r["results"]:
    n=x["impl"]+(" ("+x["engine"]+")" if x.get("engine") else "")
    if n not in names: names.append(n)
for k in r.get("per_object",{}):
    if k not in names: names.append(k)
print(json.dumps(names))' "$1"
}

# check NAME PAGE WIDTH EXTRA_JS [EXPECTED_IMPLS_JSON]: the common checks plus EXTRA_JS (which may
# call fail(message)), at one window width.
check() {
  local name=$1 page=$2 width=$3 extra=$4 impls=${5:-[]}
  local copy="$work/$name-$width.html"
  local script
  script=$(cat <<JS
<script>
(() => {
  const problems = [];
  const fail = (m) => problems.push(m);
  const de = document.documentElement;
  if (de.scrollWidth > de.clientWidth) fail('horizontal scroll: scrollWidth ' + de.scrollWidth + ' > clientWidth ' + de.clientWidth);
  const overview = document.querySelector('table.hm');
  const rows = overview ? [...overview.querySelectorAll('th.impl')].map((t) => t.textContent) : [];
  const legend = [...document.querySelectorAll('#legend li')].map((t) => t.textContent);
  for (const impl of $impls) {
    if (!rows.includes(impl)) fail('not in the overview heatmap: ' + impl);
    if (document.getElementById('legend') && !legend.includes(impl)) fail('not in the legend: ' + impl);
  }
  const cells = [...document.querySelectorAll('table.hm td')];
  if (cells.length === 0) fail('no heatmap cells');
  for (const td of cells) {
    const a = td.querySelector('a[href^="#"]');
    if (!a) { fail('a heatmap cell without a link'); break; }
    if (!document.getElementById(a.getAttribute('href').slice(1))) { fail('a heatmap cell links to a missing anchor: ' + a.getAttribute('href')); break; }
  }
  let texts = 0;
  for (const t of document.querySelectorAll('svg text')) {
    const m = t.getScreenCTM();
    if (!m) continue;
    ++texts;
    const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
    if (px < 10.99) { fail('SVG text drawn at ' + px.toFixed(1) + ' px: ' + t.textContent); break; }
  }
  try {
    $extra
  } catch (e) {
    fail('the check threw: ' + e);
  }
  document.body.innerHTML = '<pre id="' + 'verdict">' + (problems.length ? problems.join('\\n') : 'OK ' + cells.length + ' cells, ' + texts + ' svg texts') + '</pre>';
})();
</script>
JS
)
  python3 - "$page" "$copy" "$script" <<'PY'
import sys
page, copy, script = sys.argv[1], sys.argv[2], sys.argv[3]
html = open(page, encoding="utf-8").read()
open(copy, "w", encoding="utf-8").write(html.replace("</body>", script + "</body>"))
PY
  local dom verdict
  dom=$(timeout 120 chromium "${flags[@]}" --user-data-dir="$work/profile" --window-size="$width,1000" --dump-dom \
        "file://$copy" 2>/dev/null)
  verdict=$(python3 -c 'import html, re, sys
m = re.search(r"<pre id=\"verdict\">(.*?)</pre>", sys.stdin.read(), re.S)
print(html.unescape(m.group(1)).replace("\n", "; ") if m else "")' <<<"$dom")
  if [[ $verdict == OK* ]]; then
    echo "ok   $name at $width px: $verdict"
    passed=$((passed + 1))
  else
    echo "FAIL $name at $width px: ${verdict:-no verdict in the DOM}"
    failed=$((failed + 1))
  fi
}

timed() {  # timed NAME COMMAND...: runs a step and prints its wall time
  local start=$SECONDS
  "${@:2}"
  echo "     ($1: $((SECONDS - start)) s)"
}

# 1. The default suite: the report ./scripts/test.sh made (SIGHEAP_SUITE_REPORT), or a short run.
if [[ -n "${SIGHEAP_SUITE_REPORT:-}" ]]; then
  cp "$SIGHEAP_SUITE_REPORT" "$work/report.json"
else
  "$bin" run --quiet --iterations 500 --out "$work/report.json" >/dev/null
fi
"$bin" render "$work/report.json" --html "$work/report.html" 2>/dev/null
if grep -Eq '(src|href)="https?:' "$work/report.html"; then
  echo "FAIL default: the page refers to the network"
  failed=$((failed + 1))
fi
impls=$(impls_of "$work/report.json")
sections='const ids = [...document.querySelectorAll("section.scenario")].length; if (ids < 20) fail("only " + ids + " scenario sections");'
timed default-900 check default "$work/report.html" 900 "$sections" "$impls"
timed default-1400 check default "$work/report.html" 1400 "$sections" "$impls"
timeout 120 chromium "${flags[@]}" --user-data-dir="$work/profile" --window-size=1400,1600 \
  --screenshot="$work/shot.png" "file://$work/report.html" 2>/dev/null
size=$(stat -c %s "$work/shot.png")
if [[ $size -lt 20000 ]]; then
  echo "FAIL default: screenshot is only $size bytes"
  failed=$((failed + 1))
fi
echo "     page $(stat -c %s "$work/report.html") bytes, screenshot $size bytes"

# 2. Timings.
"$bin" run --quiet --time --iterations 500 --scenario computed-diamond-simple,kairo-deep --out "$work/time.json" >/dev/null
"$bin" render "$work/time.json" --html "$work/time.html" 2>/dev/null
timing='for (const s of document.querySelectorAll("section.scenario")) {
    const heads = [...s.querySelectorAll("thead th")].map((t) => t.textContent);
    const col = heads.indexOf("ns/iter");
    if (col < 0) { fail("no ns/iter column in " + s.id); continue; }
    const values = [...s.querySelectorAll("tbody tr")].map((tr) => tr.children[col].textContent);
    if (!values.some((v) => /^[0-9][0-9,.]*$/.test(v))) fail("no timing value in " + s.id + ": " + values.join(" "));
  }'
timed time-1400 check time "$work/time.html" 1400 "$timing" "$(impls_of "$work/time.json")"

# 3. The real libraries' V8 breakdowns.
"$bin" render "$data/html-engine-report.json" --html "$work/engine.html" 2>/dev/null
breakdown='const parts = document.querySelectorAll("svg rect.part");
  if (parts.length < 4) fail("only " + parts.length + " breakdown bar segments");
  for (const p of parts) if (!(p.getBBox().width > 0)) { fail("a breakdown segment without width"); break; }
  const real = [...document.querySelectorAll("svg text.name.real")].map((t) => t.textContent);
  if (!real.includes("js:alien-signals (node)")) fail("js:alien-signals (node) not labelled in the per-object panels");'
timed engine-900 check engine "$work/engine.html" 900 "$breakdown" "$(impls_of "$data/html-engine-report.json")"

# 4. The diff page: kairo-deep lattice-like setup retained ×3 (the largest regression), computed-
# diamond-simple preact-like +1 B (a small one), alien-like's kairo-deep retained halved (an improvement).
python3 - "$work/report.json" "$work/new.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for x in r["results"]:
    if x["scenario"] == "kairo-deep" and x["impl"] == "lattice-like":
        x["setup"]["retained_bytes"] *= 3
    if x["scenario"] == "computed-diamond-simple" and x["impl"] == "preact-like":
        x["setup"]["retained_bytes"] += 1
    if x["scenario"] == "kairo-deep" and x["impl"] == "alien-like":
        x["setup"]["retained_bytes"] //= 2
json.dump(r, open(sys.argv[2], "w"))
PY
"$bin" render --diff "$work/report.json" "$work/new.json" --html "$work/diff.html" 2>/dev/null
diff_js='const cells = (tr) => [...tr.children].map((td) => td.textContent);
  const worse = [...document.querySelectorAll("#worse tbody tr")];
  if (worse.length !== 2) fail(worse.length + " regressions listed, 2 planted");
  else {
    const first = cells(worse[0]).join(" | ");
    if (!/lattice-like \| kairo-deep \| setup\.retained_bytes/.test(first)) fail("first regression: " + first);
    if (!/preact-like \| computed-diamond-simple/.test(cells(worse[1]).join(" | "))) fail("second regression: " + cells(worse[1]).join(" | "));
  }
  const better = [...document.querySelectorAll("#better tbody tr")].map((tr) => cells(tr).join(" | "));
  if (!better.some((b) => /alien-like \| kairo-deep \| setup\.retained_bytes/.test(b))) fail("the planted improvement is not listed");
  const h2 = [...document.querySelectorAll("h2")].map((h) => h.id);
  if (h2.indexOf("regressions") !== 0 || h2.indexOf("improvements") !== 1) fail("sections in the order " + h2.join(", "));'
timed diff-900 check diff "$work/diff.html" 900 "$diff_js"
timed diff-1400 check diff "$work/diff.html" 1400 "$diff_js"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
