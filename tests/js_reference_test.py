#!/usr/bin/python3
"""The real JavaScript libraries, measured exactly in V8, against the C++ side and against themselves.
1. Cross-language conformance: every ported scenario's checksum in JavaScript equals the C++ one.
2. Determinism: three separate `sigheap run --with-js` processes with different --jobs give
   byte-identical V8 memory figures (per object with breakdowns, setup retained, churn per write and
   its sites, residual after dispose). The first run covers a representative set of scenarios; the
   other two a subset of it, compared where they overlap (the per-object figures in full). There
   the subset's scenario calibrates (measures what a snapshot leaves behind itself), in the first
   run it takes its library's trace from computed-diamond-simple: the same figures both ways.
3. The figures are what they claim on measured values: per object = sum of its breakdown, setup and
   residual = sum of theirs, churn = sum of its sites; a preact signal is one object, an
   alien-signals signal a bound function plus a state object; computed-diamond-simple's churn per
   write is there for both libraries, with a named allocating function when it is not 0.
4. The report is accepted by the schema, `diff` and `gate`; the gate fails on a per-object figure 8
   bytes larger (naming it), skips a baseline from another engine with one line (exit 0), and with
   --strict-engine refuses it (exit 2).
5. Bad input: a missing runner and an unknown js: impl are exit 2 with one line, no report written;
   --no-per-object leaves the libraries' per-object measurement out too; into a pipe, the
   JavaScript phase prints progress lines.
   `sigheap list` shows the libraries with their versions.
Usage: js_reference_test.py SIGHEAP_BIN SOURCE_DIR WORK_DIR. Exit 77 (skipped) without node or
without the packages (./scripts/js-deps.sh)."""
import copy
import json
import os
import shutil
import subprocess
import sys
import time

LIBS = ("js:preact-signals-core", "js:alien-signals")
SUBSET = "kairo-mux"
# The first run's scenarios: a representative set (a diamond, the kairo shapes with the most churn,
# a deep chain, effects disposed every iteration); every library on every scenario is a benchmark
# run, and tests/js_conformance_test.py checks every checksum. Each measurement is a process with
# three heap snapshots (about 1 s here), so the set is kept small.
MEASURED = "computed-diamond-simple,kairo-avoidable,kairo-mux,kairo-deep,effect-cleanup"


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def memory_figures(doc):
    """Everything but timing and meta: what must be byte-identical between processes."""
    results = {}
    for r in doc["results"]:
        if "engine" not in r:
            continue
        key = (r["impl"], r["engine"], r["scenario"], json.dumps(r["params"], sort_keys=True))
        results[key] = json.dumps({k: v for k, v in r.items() if k != "time"}, sort_keys=True)
    per_object = {k: json.dumps(v, sort_keys=True) for k, v in doc["per_object"].items() if "engine" in v}
    return results, per_object


def main() -> int:
    sigheap, source, work = sys.argv[1:4]
    runner_dir = os.path.join(source, "scripts", "js-reference")
    if shutil.which("node") is None:
        print("skipped: node is not installed")
        return 77
    if not os.path.isdir(os.path.join(runner_dir, "node_modules", "alien-signals")):
        print("skipped: run ./scripts/js-deps.sh (npm ci in scripts/js-reference)")
        return 77
    os.makedirs(work, exist_ok=True)
    failures = []

    def check(cond, what):
        if not cond:
            failures.append(what)
        return cond

    # 1. checksums
    js = run(["node", os.path.join(runner_dir, "runner.mjs"), "checksums", "--impl", ",".join(LIBS),
              "--scenario", MEASURED])
    check(js.returncode == 0, f"runner checksums failed: {js.stderr}")
    rows = json.loads(js.stdout)
    scenarios = sorted({r["scenario"] for r in rows})
    cpp = run([sigheap, "run", "--impl", "preact-like", "--scenario", ",".join(scenarios), "--no-per-object",
               "-q", "--format", "json", "--out", "-"])
    check(cpp.returncode == 0, f"sigheap run failed: {cpp.stderr}")
    want = {(r["scenario"], json.dumps(r["params"], sort_keys=True)): r["checksum"]
            for r in json.loads(cpp.stdout)["results"]}
    for r in rows:
        key = (r["scenario"], json.dumps(r["params"], sort_keys=True))
        check(want.get(key) == r["checksum"], f"{r['impl']} {key}: checksum {r['checksum']} != C++ {want.get(key)}")
    print(f"checksums: {len(rows)} JavaScript runs agree with C++ on {len(want)} scenario sets")

    # 2. three processes, different --jobs
    impls = ",".join(LIBS)
    runs = []
    for k, (jobs, selection) in enumerate([(2, MEASURED), (1, SUBSET), (3, SUBSET)]):
        path = os.path.join(work, f"with-js-{k}.json")
        started = time.monotonic()
        p = run([sigheap, "run", "--with-js", "--impl", impls, "--scenario", selection, "--jobs", str(jobs),
                 "-q", "--format", "json", "--out", path])
        print(f"run {k}: --jobs {jobs}, {len(selection.split(','))} scenarios, {time.monotonic() - started:.1f} s")
        if not check(p.returncode == 0, f"run {k} --with-js failed ({p.returncode}): {p.stderr[-800:]}"):
            return report(failures)
        with open(path) as f:
            runs.append((path, json.load(f)))
    full_results, full_po = memory_figures(runs[0][1])
    check(len(full_results) == len(rows), f"the full run has {len(full_results)} engine results, not {len(rows)}")
    compared = 0
    for path, doc in runs[1:]:
        results, po = memory_figures(doc)
        check(po == full_po, f"{path}: per-object figures differ from the first run")
        check(len(results) >= 2, f"{path}: only {len(results)} engine results")
        for key, figures in results.items():
            compared += 1
            check(full_results.get(key) == figures, f"{path}: {key} differs between processes:\n"
                  f"  {full_results.get(key)}\n  {figures}")
    print(f"determinism: {compared} results and {len(full_po)} per-object entries byte-identical across 3 runs")

    # 3. what the figures claim, on measured values
    doc = runs[0][1]
    check(set(doc["meta"]["engines"]) == {"node"}, f"meta.engines: {doc['meta'].get('engines')}")
    for key, po in doc["per_object"].items():
        if "engine" not in po:
            continue
        check(key == f"{po['impl']} ({po['engine']})", f"per-object key {key}")
        check(po["library"]["version"], f"{key}: no library version")
        for kind in ("signal", "computed", "edge", "effect"):
            c = po[kind]
            check(c["bytes"] > 0 and c["bytes"] == sum(p["bytes"] for p in c["breakdown"]),
                  f"{key} {kind}: {c['bytes']} B is not the sum of its breakdown {c['breakdown']}")
            check(all(p["count"] == int(p["count"]) and p["bytes"] == int(p["bytes"]) for p in c["breakdown"]),
                  f"{key} {kind}: a fraction of an object per instance: {c['breakdown']}")
    preact = doc["per_object"]["js:preact-signals-core (node)"]["signal"]["breakdown"]
    check(len(preact) == 1 and preact[0]["type"] == "object" and preact[0]["count"] == 1,
          f"a preact signal is one object: {preact}")
    alien = doc["per_object"]["js:alien-signals (node)"]["signal"]["breakdown"]
    check(sorted((p["type"], p["count"]) for p in alien) == [("closure", 1), ("object", 1)]
          and any(p["name"] == "native_bind" for p in alien),
          f"an alien-signals signal is a bound function plus a state object: {alien}")
    for r in doc["results"]:
        if "engine" not in r:
            continue
        label = f"{r['impl']} {r['scenario']} {r['params']}"
        if not check(r["status"] in ("ok", "skipped"), f"{label}: {r['status']} {r.get('error')}"):
            continue
        if r["status"] == "skipped":
            check(r.get("error"), f"{label}: skipped without a reason")
            continue
        check(r["setup"]["retained_bytes"] == sum(p["bytes"] for p in r["setup"]["breakdown"]) > 0,
              f"{label}: setup retained is not the sum of its breakdown")
        check(r["teardown"]["residual_bytes"] == sum(p["bytes"] for p in r["teardown"]["breakdown"]),
              f"{label}: residual is not the sum of its breakdown")
        s = r["steady"]
        check(abs(s["bytes_per_iteration"] - sum(x["bytes_per_iteration"] for x in s["sites"])) < 1e-9,
              f"{label}: churn is not the sum of its sites")
        check(r["library"]["package"] and r["library"]["version"], f"{label}: no library")
    for lib in LIBS:
        d = next((r for r in doc["results"] if r["impl"] == lib and r["scenario"] == "computed-diamond-simple"), None)
        if not check(d is not None and d["status"] == "ok", f"{lib}: no computed-diamond-simple"):
            continue
        s = d["steady"]
        check(s["bytes_per_iteration"] == 0 or any(x["function"] for x in s["sites"]),
              f"{lib}: churn {s['bytes_per_iteration']} B/write without a named function")
        top = s["sites"][0] if s["sites"] else None
        print(f"{lib}: diamond setup {d['setup']['retained_bytes']} B, churn {s['bytes_per_iteration']} B / "
              f"{s['allocs_per_iteration']} allocs per write"
              + (f", top: {top['function']} {top['script']}:{top['line']}:{top['column']}" if top else ""))

    # 4. schema, diff, gate
    path = runs[0][0]
    schema = run(["/usr/bin/python3", os.path.join(source, "tests", "validate_schema.py"),
                  os.path.join(source, "reports", "schema", "report-v1.schema.json"), path])
    check(schema.returncode == 0, f"schema: {schema.stdout}{schema.stderr}")
    diff = run([sigheap, "diff", path, runs[1][0]])
    check(diff.returncode == 0 and "per_object" not in diff.stdout, f"diff of two runs shows memory changes: {diff.stdout[-600:]}")
    gate = run([sigheap, "gate", "--baseline", path, "--current", path])
    check(gate.returncode == 0 and "engine differs" not in gate.stdout, f"gate against itself: {gate.returncode} {gate.stdout}")

    def variant(name, change):
        v = copy.deepcopy(doc)
        change(v)
        out = os.path.join(work, name)
        with open(out, "w") as f:
            json.dump(v, f)
        return out

    fatter = variant("fatter.json", lambda v: v["per_object"]["js:alien-signals (node)"]["edge"].__setitem__(
        "bytes", v["per_object"]["js:alien-signals (node)"]["edge"]["bytes"] + 8))
    g = run([sigheap, "gate", "--baseline", path, "--current", fatter])
    check(g.returncode == 1 and "per-object js:alien-signals (node): per_object.edge.bytes rose from" in g.stdout,
          f"gate on an edge 8 B larger: exit {g.returncode}: {g.stdout}")

    def other_engine(v):
        v["meta"]["engines"]["node"]["version"] = "99.0.0"
        v["meta"]["js_engine"] = "node 99.0.0"
        v["per_object"]["js:alien-signals (node)"]["edge"]["bytes"] += 800

    other = variant("other-engine.json", other_engine)
    g = run([sigheap, "gate", "--baseline", other, "--current", path])
    check(g.returncode == 0 and g.stdout.count("engine differs: V8 figures not compared") == 1,
          f"gate against another engine: exit {g.returncode}: {g.stdout}")
    strict = run([sigheap, "gate", "--strict-engine", "--baseline", other, "--current", path])
    check(strict.returncode == 2 and len(strict.stderr.strip().splitlines()) == 1,
          f"--strict-engine: exit {strict.returncode}: {strict.stderr!r}")

    # 5. bad input, list
    missing = os.path.join(work, "missing.json")
    env = dict(os.environ, SIGHEAP_JS_REFERENCE=os.path.join(work, "nowhere"))
    bad = run([sigheap, "run", "--with-js", "--scenario", "computed-diamond-simple", "-q", "--out", missing], env=env)
    check(bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1, f"missing runner: {bad.returncode} {bad.stderr!r}")
    check(not os.path.exists(missing), "missing runner: a report was written")
    unknown = run([sigheap, "run", "--impl", "js:no-such-library", "-q", "--out", missing])
    check(unknown.returncode == 2 and len(unknown.stderr.strip().splitlines()) == 1
          and "js:no-such-library" in unknown.stderr, f"unknown js impl: {unknown.returncode} {unknown.stderr!r}")
    check(not os.path.exists(missing), "unknown js impl: a report was written")
    # --no-per-object leaves out the libraries' per-object measurement as well as the models'. Not
    # quiet, into a pipe: the JavaScript phase shows its progress in lines, as the models' does.
    scenarios_only = os.path.join(work, "no-per-object.json")
    p = run([sigheap, "run", "--impl", LIBS[1], "--scenario", "kairo-mux", "--no-per-object",
             "--format", "json", "--out", scenarios_only])
    check(f"sigheap run: JavaScript 1/1 measurements done (100%," in p.stderr,
          f"run into a pipe: no JavaScript progress line in {p.stderr[-300:]!r}")
    if check(p.returncode == 0, f"run --no-per-object: exit {p.returncode}: {p.stderr[-300:]}"):
        with open(scenarios_only) as f:
            only = json.load(f)
        check(only["per_object"] == {} and [r["status"] for r in only["results"]] == ["ok"],
              f"run --no-per-object: per_object {sorted(only['per_object'])}, results {len(only['results'])}")
    listing = run([sigheap, "list"])
    for lib in LIBS:
        version = doc["per_object"][f"{lib} (node)"]["library"]["version"]
        check(any(lib in line and version in line for line in listing.stdout.splitlines()),
              f"sigheap list does not show {lib} {version}")
    return report(failures)


def report(failures):
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
