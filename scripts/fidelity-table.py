#!/usr/bin/env python3
"""Prints the README's speed-fidelity table from a `sigheap run --time --with-js` report: for each
scenario, each model beside the real library it models (ns per iteration), and whether the models
rank the two libraries the way V8 does.

Usage: scripts/fidelity-table.py REPORT.json  (exit 2 on a missing or unreadable report)"""
import json
import sys

PAIRS = [("preact-like", "js:preact-signals-core"), ("alien-like", "js:alien-signals")]


def main():
    if len(sys.argv) != 2:
        print("fidelity-table: usage: scripts/fidelity-table.py REPORT.json", file=sys.stderr)
        return 2
    try:
        with open(sys.argv[1]) as f:
            report = json.load(f)
    except (OSError, ValueError) as e:
        print(f"fidelity-table: {sys.argv[1]}: {e}", file=sys.stderr)
        return 2
    ns = {}
    for r in report.get("results", []):
        if r.get("status") == "ok" and r.get("time"):
            ns[(r["scenario"], r["impl"])] = r["time"]["median_ns"]
    scenarios = sorted({s for (s, i) in ns if all((s, m) in ns and (s, j) in ns for m, j in PAIRS)})
    head = "| scenario | " + " | ".join(f"{m} | {j} | JS ÷ C++" for m, j in PAIRS)
    print(head + " | alien ÷ preact: models | in V8 | same order |")
    print("|---" * (1 + 3 * len(PAIRS) + 3) + "|")
    for s in scenarios:
        cells = []
        for m, j in PAIRS:
            cells += [f"{ns[(s, m)]:,.0f}", f"{ns[(s, j)]:,.0f}", f"{ns[(s, j)] / ns[(s, m)]:.1f}×"]
        model = ns[(s, "alien-like")] / ns[(s, "preact-like")]
        real = ns[(s, "js:alien-signals")] / ns[(s, "js:preact-signals-core")]
        if abs(model - 1) < 0.05 or abs(real - 1) < 0.05:
            same = "tie"  # within 5 %: no order to agree on
        else:
            same = "yes" if (model < 1) == (real < 1) else "**no**"
        print(f"| {s} | " + " | ".join(cells) + f" | {model:.2f} | {real:.2f} | {same} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
