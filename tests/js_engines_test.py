#!/usr/bin/python3
"""The real libraries in the other JavaScript engines: `sigheap run --engine chromium|bun|deno`.
chromium:
  1. Per-object figures (with their breakdowns) of js:preact-signals-core and js:alien-signals are
     byte-identical across three runs, each its own browser launches.
  2. Pointer compression, on measured values: a preact signal in Chromium is less than 0.6x its
     figure in node (the first run measures both engines), and meta.engines says compression is on
     in chromium and off in node.
  3. No breakdown part of 0 bytes (V8 lists some heap numbers and strings with size 0 there).
  4. The measured scenario's checksum equals the C++ model's; its result carries engine chromium and
     is marked inexact (not gated) with a reason, and the side-by-side table names both engines.
bun, deno:
  1. Every ported scenario of both libraries (each parameter set, 20 iterations, in the engine's own
     process) gives the C++ checksum.
  2. One measured run (per object + computed-diamond-simple): engine, version and pointer width in
     meta.engines; a deno per-object entry is exact (no part of 0 bytes), a bun one is marked inexact with its spread
     (min <= bytes <= max); the gate skips what is inexact and says so.
Usage: js_engines_test.py SIGHEAP_BIN ENGINE WORK_DIR. Exit 77 (skipped, with the reason) when the
engine is missing here (`sigheap list` says why), or without node or the packages."""
import json
import os
import shutil
import subprocess
import sys
import time

SOURCE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JS_DIR = os.path.join(SOURCE, "scripts", "js-reference")
LIBS = "js:preact-signals-core,js:alien-signals"
MEASURED = "computed-diamond-simple"
CHECKSUM_ITERATIONS = 20

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from js_conformance_test import cpp_checksums, params_key  # noqa: E402  (the same C++ side)


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def engine_status(engine):
    """None when the engine runs here, else the runner's reason."""
    listing = run(["node", os.path.join(JS_DIR, "runner.mjs"), "list"])
    if listing.returncode != 0:
        return f"the runner cannot list its engines: {listing.stderr.strip()[-200:]}"
    e = json.loads(listing.stdout)["engines"][engine]
    return None if e["available"] else e["reason"]


def measure(sigheap, work, name, engines, impls=LIBS):
    out = os.path.join(work, f"{name}.json")
    r = run([sigheap, "run", "-q", "--engine", engines, "--impl", impls, "--scenario", MEASURED, "--out", out,
             "--format", "json"])
    if r.returncode != 0:
        raise RuntimeError(f"sigheap run --engine {engines} exit {r.returncode}: {r.stderr.strip()[-400:]}")
    with open(out) as f:
        return json.load(f)


def entries(doc, engine):
    return {k: v for k, v in doc["per_object"].items() if v.get("engine") == engine}


def zero_byte_parts(doc, engine):
    """Breakdown parts of 0 bytes in the engine's per-object entries (a V8 node of size 0 holds no memory)."""
    return [(key, kind, part) for key, po in entries(doc, engine).items()
            for kind in ("signal", "computed", "edge", "effect") for part in po[kind].get("breakdown") or []
            if part["bytes"] == 0]


def chromium_checks(sigheap, work, check):
    first = measure(sigheap, work, "chromium-1", "node,chromium", LIBS + ",preact-like")
    runs = [first] + [measure(sigheap, work, f"chromium-{k}", "chromium") for k in (2, 3)]
    figures = [json.dumps(entries(d, "chromium"), sort_keys=True) for d in runs]
    check(len(entries(first, "chromium")) == 2, f"chromium per-object entries: {sorted(entries(first, 'chromium'))}")
    check(figures[0] == figures[1] == figures[2], "chromium per-object figures differ between three runs")
    check(not zero_byte_parts(first, "chromium"), f"chromium: parts of 0 bytes: {zero_byte_parts(first, 'chromium')}")
    node_signal = first["per_object"]["js:preact-signals-core (node)"]["signal"]["bytes"]
    chromium_signal = first["per_object"]["js:preact-signals-core (chromium)"]["signal"]["bytes"]
    check(chromium_signal < 0.6 * node_signal,
          f"preact signal: chromium {chromium_signal} B is not < 0.6 x node {node_signal} B")
    engines = first["meta"]["engines"]
    check(engines["chromium"]["pointer_compression"] is True and engines["node"]["pointer_compression"] is False,
          f"meta.engines pointer compression: {engines}")
    cpp = {r["scenario"]: r["checksum"] for r in first["results"] if r["impl"] == "preact-like"}
    for r in first["results"]:
        if r.get("engine") != "chromium":
            continue
        check(r["status"] == "ok" and r["checksum"] == cpp[r["scenario"]],
              f"{r['impl']} (chromium) {r['scenario']}: {r['status']} checksum {r.get('checksum')} != C++")
        check(bool(r.get("inexact")) and "steady" not in r, f"{r['impl']} (chromium): not marked inexact / has churn")
    table = run([sigheap, "render", os.path.join(work, "chromium-1.json"), "--format", "table"])
    check("chromium" in table.stdout and "÷ node" in table.stdout, "the side-by-side table lacks chromium / ratio")
    print(f"chromium: preact signal {chromium_signal} B vs node {node_signal} B; three runs identical: "
          f"{figures[0] == figures[1] == figures[2]}")


def checksum_checks(sigheap, engine, work, check):
    listing = run(["node", "-e", "import('./scenarios.mjs').then(m => console.log(JSON.stringify("
                   "m.scenarios.map(s => s.name))))"], cwd=JS_DIR)
    scenarios = json.loads(listing.stdout)
    cpp = cpp_checksums(sigheap, scenarios, CHECKSUM_ITERATIONS, work)
    r = run(["node", os.path.join(JS_DIR, "runner.mjs"), "checksums", "--engine", engine, "--impl", LIBS,
             "--iterations", str(CHECKSUM_ITERATIONS)])
    check(r.returncode == 0, f"checksums in {engine}: exit {r.returncode}: {r.stderr.strip()[-300:]}")
    rows = json.loads(r.stdout) if r.returncode == 0 else []
    for row in rows:
        want = cpp.get(params_key(row["scenario"], row["params"]))
        check(want is not None and row["checksum"] == want["checksum"],
              f"{row['impl']} in {engine} {row['scenario']} {row['params']}: {row['checksum']} != C++ "
              f"{want and want['checksum']}")
    per_lib = {lib: sum(1 for x in rows if x["impl"] == lib) for lib in LIBS.split(",")}
    check(all(n >= 20 for n in per_lib.values()), f"ported scenario runs per library in {engine}: {per_lib}")
    print(f"{engine}: {len(rows)} checksums equal to C++ ({per_lib})")


def measured_checks(sigheap, engine, work, check):
    doc = measure(sigheap, work, f"{engine}-measured", engine)
    meta = doc["meta"]["engines"][engine]
    check(meta["version"] and meta["pointer_compression"] is False, f"meta.engines.{engine}: {meta}")
    for key, po in entries(doc, engine).items():
        spread = [(k, po[k].get("min_bytes"), po[k]["bytes"], po[k].get("max_bytes"))
                  for k in ("signal", "computed", "edge", "effect")]
        if engine == "bun":
            check(bool(po.get("inexact")) and all(lo is not None and lo <= b <= hi for _, lo, b, hi in spread),
                  f"{key}: inexact spread missing or wrong: {spread}")
        else:
            check("inexact" not in po and all(lo is None for _, lo, _, _ in spread), f"{key}: should be exact")
            check(not zero_byte_parts(doc, engine), f"{engine}: parts of 0 bytes: {zero_byte_parts(doc, engine)}")
        print(f"{key}: " + ", ".join(f"{k} {b} B" + (f" ({lo}-{hi})" if lo is not None else "")
                                     for k, lo, b, hi in spread))
    for r in doc["results"]:
        check(r["status"] == "ok" and r.get("inexact"), f"{r['impl']} ({engine}) {r['scenario']}: {r}")
    path = os.path.join(work, f"{engine}-measured.json")
    gate = run([sigheap, "gate", path, path])
    check(gate.returncode == 0 and "not gated" in gate.stdout, f"gate on itself: {gate.returncode} {gate.stdout}")


def main() -> int:
    sigheap, engine, work = sys.argv[1:4]
    if shutil.which("node") is None:
        print("skipped: node is not installed")
        return 77
    if not os.path.isdir(os.path.join(JS_DIR, "node_modules", "alien-signals")):
        print("skipped: run ./scripts/js-deps.sh (npm ci in scripts/js-reference)")
        return 77
    why = engine_status(engine)
    if why:
        print(f"skipped: engine {engine} is not available here: {why}")
        return 77
    os.makedirs(work, exist_ok=True)
    started = time.monotonic()
    failures = []

    def check(cond, what):
        if not cond:
            failures.append(what)

    if engine == "chromium":
        chromium_checks(sigheap, work, check)
    else:
        checksum_checks(sigheap, engine, work, check)
        measured_checks(sigheap, engine, work, check)
    for f in failures:
        print("FAIL", f)
    print(f"{engine}: {len(failures)} failures in {time.monotonic() - started:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
