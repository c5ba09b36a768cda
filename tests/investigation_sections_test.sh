#!/usr/bin/env bash
# `investigate --check` and reports/investigation.md's Qt section: the section names the Qt that
# measured it, a document whose Qt section comes from another Qt (or from a build without Qt) is
# still checked everywhere else, and a changed figure under the same Qt is stale.
# Usage: investigation_sections_test.sh SIGHEAP WORKDIR
set -euo pipefail
sigheap=$1
work=$2
rm -rf "$work" && mkdir -p "$work" && cd "$work"
check() { "$sigheap" investigate -q --no-js --html '' --out fresh-again.md --check "$1" 2>check.err; }

"$sigheap" investigate -q --no-js --html '' --out fresh.md
grep -q '^<!-- Qt: ' fresh.md || { echo "FAIL: no Qt section"; exit 1; }
grep -q "^<!-- end of Qt's figures -->" fresh.md || { echo "FAIL: no end of the Qt section"; exit 1; }

# The same document: fresh.
check fresh.md || { echo "FAIL: a fresh document is stale"; cat check.err; exit 1; }

# Its Qt section from another Qt: not compared, the rest still is.
python3 - <<'PY'
import re
doc = open('fresh.md').read()
section = re.compile(r"<!-- Qt: .*?<!-- end of Qt's figures -->\n", re.S)
other = "<!-- Qt: 0.0-test -->\n### another Qt\n\nother figures\n\n<!-- end of Qt's figures -->\n"
assert section.search(doc)
open('other-qt.md', 'w').write(section.sub(lambda m: other, doc))
# And a model's figure changed as well: stale even though the Qt section is not compared.
open('other-qt-stale.md', 'w').write(section.sub(lambda m: other, doc).replace('| `preact-like` | ', '| `preact-like` | 1', 1))
PY
check other-qt.md || { echo "FAIL: another Qt's section made the document stale"; cat check.err; exit 1; }
grep -q 'Qt section not compared' check.err || { echo "FAIL: no note that the Qt section was not compared"; exit 1; }
if check other-qt-stale.md; then echo "FAIL: a changed model figure passed"; exit 1; fi

# Under the same Qt, a changed Qt figure is stale (only where this sigheap has Qt).
if grep -q '^| `qt-qproperty` |' fresh.md; then
  sed 's/^| `qt-qproperty` | /| `qt-qproperty` | 9/' fresh.md >changed-qt.md
  if check changed-qt.md; then echo "FAIL: a changed Qt figure passed"; exit 1; fi
else
  grep -q '^<!-- Qt: none -->' fresh.md || { echo "FAIL: without Qt the section must name none"; exit 1; }
fi
echo "ok"
