#!/usr/bin/python3
"""The Node.js reference runner against the C++ side (issue: the real libraries beside the models).
1. Cross-language conformance: every ported scenario's checksum in JavaScript, for both libraries,
   equals the C++ one.
2. `sigheap run --with-js` gives one report with C++ and js: results that the schema, `diff` and
   `gate` accept; V8 per-object figures are plausible V8 sizes and carry their spread; the steady
   windows saw no GC.
3. A missing runner is bad input: exit 2, one line, no report written.
Usage: js_reference_test.py SIGHEAP_BIN SOURCE_DIR WORK_DIR. Exit 77 (skipped) without node or
without the packages (`npm ci` in scripts/js-reference; ./scripts/test.sh runs it)."""
import json
import os
import shutil
import subprocess
import sys


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def main() -> int:
    sigheap, source, work = sys.argv[1:4]
    runner_dir = os.path.join(source, "scripts", "js-reference")
    if shutil.which("node") is None:
        print("skipped: node is not installed")
        return 77
    if not os.path.isdir(os.path.join(runner_dir, "node_modules", "alien-signals")):
        print("skipped: run `npm ci` in scripts/js-reference")
        return 77
    os.makedirs(work, exist_ok=True)
    failures = []

    def check(cond, what):
        if not cond:
            failures.append(what)

    # 1. checksums
    js = run(["node", os.path.join(runner_dir, "runner.mjs"), "checksums"])
    check(js.returncode == 0, f"runner checksums failed: {js.stderr}")
    rows = json.loads(js.stdout)
    scenarios = sorted({r["scenario"] for r in rows})
    check(len(scenarios) >= 10, f"expected the diamond, scaling-subscribers and the 8 kairo scenarios, got {scenarios}")
    cpp = run([sigheap, "run", "--impl", "preact-like", "--scenario", ",".join(scenarios), "--no-per-object",
               "-q", "--format", "json", "--out", "-"])
    check(cpp.returncode == 0, f"sigheap run failed: {cpp.stderr}")
    want = {(r["scenario"], json.dumps(r["params"], sort_keys=True)): r["checksum"]
            for r in json.loads(cpp.stdout)["results"]}
    for r in rows:
        key = (r["scenario"], json.dumps(r["params"], sort_keys=True))
        check(key in want, f"{key}: no C++ result")
        check(want.get(key) == r["checksum"], f"{r['impl']} {key}: checksum {r['checksum']} != C++ {want.get(key)}")
    print(f"checksums: {len(rows)} JavaScript runs agree with C++ on {len(want)} scenario sets")

    # 2. the merged report
    report = os.path.join(work, "with-js.json")
    merged = run([sigheap, "run", "--with-js", "--js-repetitions", "3", "--impl", "preact-like,alien-like",
                  "--scenario", "computed-diamond-simple,kairo-avoidable", "-q", "--format", "json", "--out", report])
    check(merged.returncode == 0, f"run --with-js failed ({merged.returncode}): {merged.stderr}")
    doc = json.load(open(report))
    impls = {r["impl"] for r in doc["results"]}
    check({"preact-like", "alien-like", "js:preact-signals-core", "js:alien-signals"} <= impls, f"impls: {impls}")
    check("js_engine" in doc["meta"] and "V8" in doc["meta"]["js_engine"], "meta.js_engine names V8")
    by_key = {}
    for r in doc["results"]:
        check(r["status"] == "ok", f"{r['impl']} {r['scenario']}: {r.get('error')}")
        by_key.setdefault(r["scenario"], {})[r["impl"]] = r
        if r["impl"].startswith("js:"):
            v8 = r["v8"]
            check(v8["gc_in_window"] == 0, f"{r['impl']} {r['scenario']}: a GC ran in the steady window")
            check(v8["steady_bytes_per_iteration_min"] <= v8["steady_bytes_per_iteration"]
                  <= v8["steady_bytes_per_iteration_max"], f"{r['impl']}: spread does not bracket the median")
            check(r["time"]["median_ns"] > 0, f"{r['impl']}: no time")
    for scenario, results in by_key.items():
        sums = {r["checksum"] for r in results.values()}
        check(len(sums) == 1, f"{scenario}: checksums differ across C++ and JS: {sums}")
    preact = doc["per_object"]["js:preact-signals-core"]
    pointer_compression_off = "pointer compression off" in doc["meta"]["js_engine"]
    for kind in ("signal", "edge"):
        c = preact[kind]
        check(c["min_bytes"] <= c["bytes"] <= c["max_bytes"], f"preact {kind}: spread does not bracket the median")
        if pointer_compression_off:
            check(abs(c["bytes"] - 88) <= 8.8, f"preact {kind}: {c['bytes']} B is not within 10% of 88 B")
    check(preact["samples"] == 3, "per-object samples = repetitions")
    for kind in ("signal", "computed", "edge", "effect"):
        check("allocs" not in preact[kind], "V8 figures claim no allocation counts")
    print("per object (V8): " + ", ".join(f"{k} {preact[k]['bytes']} B ({preact[k]['min_bytes']}-{preact[k]['max_bytes']})"
                                          for k in ("signal", "computed", "edge", "effect")))

    schema = run(["/usr/bin/python3", os.path.join(source, "tests", "validate_schema.py"),
                  os.path.join(source, "reports", "schema", "report-v1.schema.json"), report])
    check(schema.returncode == 0, f"schema: {schema.stdout}{schema.stderr}")
    diff = run([sigheap, "diff", report, report])
    check(diff.returncode == 0 and "no changes" in diff.stdout.lower(), f"diff: {diff.returncode} {diff.stdout[-300:]}")
    gate = run([sigheap, "gate", "--baseline", report, "--current", report])
    check(gate.returncode == 0, f"gate: {gate.returncode} {gate.stdout}{gate.stderr}")

    # 3. a runner that is not there
    missing = os.path.join(work, "missing.json")
    env = dict(os.environ, SIGHEAP_JS_REFERENCE=os.path.join(work, "nowhere"))
    bad = run([sigheap, "run", "--with-js", "--scenario", "computed-diamond-simple", "-q", "--out", missing], env=env)
    check(bad.returncode == 2, f"missing runner: exit {bad.returncode}")
    check(len(bad.stderr.strip().splitlines()) == 1, f"missing runner: not one line: {bad.stderr!r}")
    check(not os.path.exists(missing), "missing runner: a report was written")

    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
