#!/usr/bin/python3
"""Every JavaScript library's adapter against the contract and the C++ scenarios (issue: any
JavaScript signals library in one file).
1. Conformance: every adapter passes scripts/js-reference/conformance.mjs (no crash, no broken
   contract, declared capabilities true); at least twelve distinct packages; docs/js-capabilities.md
   is exactly what `conformance.mjs --markdown` prints (generated, never hand-edited).
2. Checksums: for every (library, scenario, parameter set) of the C++ default suite, the JavaScript
   checksum equals the C++ one (and the scenario's declared shape the C++ one), or the pair is
   skipped with a stated reason. Iterations are reduced
   on both sides (the checksum depends on them): setup-heavy scenarios run 3, the others 20.
3. A user's adapter: a tiny signals library written into a temporary folder outside the repository,
   with its own node_modules, loaded by path (`checksums.mjs --adapter`), gives the C++ checksum of
   computed-diamond-simple; bad adapter paths and unknown libraries are exit 2 with one line.
Usage: js_conformance_test.py SIGHEAP_BIN. Exit 77 (skipped) without node or without the packages
(`npm ci` in scripts/js-reference; ./scripts/js-deps.sh runs it)."""
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

SOURCE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JS_DIR = os.path.join(SOURCE, "scripts", "js-reference")
SETUP_HEAVY = ["cellx", "creation", "dynamic-wide-dense"]  # setup dominates: few iterations suffice
ITERATIONS = {"setup-heavy": 3, "other": 20}

TINY_LIBRARY = """\
// tiny-signals: a minimal push-pull signals library (a test fixture of sigheap's).
let current = null;
let depth = 0;
const pending = new Set();

class Node {
  constructor(fn, value) {
    this.fn = fn;
    this.value = value;
    this.sources = new Set();
    this.observers = new Set();
    this.dirty = fn !== null;
    this.effect = false;
  }
}

function evaluate(node) {
  for (const s of node.sources) s.observers.delete(node);
  node.sources.clear();
  const previous = current;
  current = node;
  try {
    node.value = node.fn();
  } finally {
    current = previous;
  }
  node.dirty = false;
}

function markDirty(node) {
  for (const o of node.observers) {
    if (o.dirty) continue;
    o.dirty = true;
    if (o.effect) pending.add(o);
    markDirty(o);
  }
}

function flush() {
  for (const e of pending) {
    pending.delete(e);
    if (e.dirty && !e.disposed) evaluate(e);
  }
}

export const signal = (value) => new Node(null, value);
export const computed = (fn) => new Node(fn, undefined);
export function read(node) {
  if (current) {
    current.sources.add(node);
    node.observers.add(current);
  }
  if (node.dirty) evaluate(node);
  return node.value;
}
export function write(node, value) {
  if (node.value === value) return;
  node.value = value;
  markDirty(node);
  if (depth === 0) flush();
}
export function effect(fn) {
  const e = new Node(fn);
  e.effect = true;
  evaluate(e);
  return () => {
    e.disposed = true;
    for (const s of e.sources) s.observers.delete(e);
    e.sources.clear();
  };
}
export function batch(fn) {
  depth++;
  try {
    fn();
  } finally {
    if (--depth === 0) flush();
  }
}
"""

TINY_ADAPTER = """\
// A user's adapter: its import resolves from this folder's node_modules.
import { signal, computed, effect, read, write, batch } from 'tiny-signals';

export default {
  name: 'tiny-signals',
  package: 'tiny-signals',
  signal,
  computed,
  effect,
  get: read,
  set: write,
  batch,
};
"""


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def node(script, *args, **kw):
    return run(["node", os.path.join(JS_DIR, script), *args], **kw)


def params_key(scenario, params):
    return (scenario, json.dumps(params, sort_keys=True))


def cpp_checksums(sigheap, scenarios, iterations, work):
    out = os.path.join(work, f"cpp-{iterations}.json")
    r = run([sigheap, "run", "--impl", "preact-like", "--scenario", ",".join(scenarios), "--no-per-object",
             "--iterations", str(iterations), "-q", "--format", "json", "--out", out])
    if r.returncode != 0:
        raise RuntimeError(f"sigheap run failed ({r.returncode}): {r.stderr.strip()}")
    with open(out) as f:
        return {params_key(x["scenario"], x["params"]): x for x in json.load(f)["results"]}


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: js_conformance_test.py SIGHEAP_BIN", file=sys.stderr)
        return 2
    sigheap = sys.argv[1]
    if shutil.which("node") is None:
        print("skipped: node is not installed")
        return 77
    if not os.path.isdir(os.path.join(JS_DIR, "node_modules", "svelte")):
        print("skipped: the pinned libraries are not installed (run ./scripts/js-deps.sh)")
        return 77
    started = time.monotonic()
    failures = []

    def check(cond, what):
        if not cond:
            failures.append(what)

    # 1. conformance
    conf = node("conformance.mjs", "--json")
    check(conf.returncode == 0, f"conformance.mjs exit {conf.returncode}: {conf.stderr.strip()[-300:]}")
    results = json.loads(conf.stdout) if conf.stdout else []
    for r in results:
        for f in r["failures"]:
            failures.append(f"conformance {r['impl']}: {f}")
    packages = {r["package"] for r in results}
    check(len(packages) >= 12, f"expected at least 12 distinct libraries, got {sorted(packages)}")
    impls = [r["impl"] for r in results]
    check(len(set(impls)) == len(impls), f"duplicate impl names: {impls}")
    table = node("conformance.mjs", "--markdown")
    with open(os.path.join(SOURCE, "docs", "js-capabilities.md")) as f:
        check(f.read() == table.stdout,
              "docs/js-capabilities.md is stale: regenerate it with "
              "`node scripts/js-reference/conformance.mjs --markdown > docs/js-capabilities.md`")
    print(f"conformance: {len(results)} libraries ({len(packages)} packages), "
          f"{sum(len(r['failures']) for r in results)} failures")

    with tempfile.TemporaryDirectory(prefix="sigheap-js-") as work:
        # 2. checksums, per library in parallel (2 cores), against C++ at the same iterations
        listing = json.loads(run(["node", "-e", "import('./scenarios.mjs').then(m => console.log("
                                  "JSON.stringify(m.scenarios.map(s => s.name))))"], cwd=JS_DIR).stdout)
        groups = {"setup-heavy": [s for s in listing if s in SETUP_HEAVY],
                  "other": [s for s in listing if s not in SETUP_HEAVY]}
        cpp = {}
        for group, scenarios in groups.items():
            cpp[group] = cpp_checksums(sigheap, scenarios, ITERATIONS[group], work)
        check(sum(len(v) for v in cpp.values()) >= 24, "the C++ default suite has fewer than 24 parameter sets")
        check({k[0] for v in cpp.values() for k in v} == set(listing),
              f"JS scenarios {sorted(listing)} differ from the C++ default suite's")

        def js_rows(task):
            chunk, group = task
            r = node("checksums.mjs", "--library", ",".join(chunk), "--scenario", ",".join(groups[group]),
                     "--iterations", str(ITERATIONS[group]))
            return chunk, group, r

        # A few processes (each loads its libraries once), two at a time: the machine has 2 cores.
        chunks = [impls[k::3] for k in range(3)]
        tasks = [(chunk, group) for chunk in chunks for group in groups]
        compared = skipped = 0
        skips = []
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            for chunk, group, r in pool.map(js_rows, tasks):
                if r.returncode != 0 and not r.stdout:
                    failures.append(f"checksums.mjs {chunk} ({group}): exit {r.returncode}: {r.stderr.strip()[-300:]}")
                    continue
                rows = json.loads(r.stdout)
                seen = {impl: set() for impl in chunk}
                for row in rows:
                    impl = row["impl"]
                    key = params_key(row["scenario"], row["params"])
                    seen[impl].add(key)
                    if row["status"] == "skipped":
                        skipped += 1
                        skips.append(f"{impl} {row['scenario']}: {row['reason']}")
                        check(bool(row.get("reason")), f"{impl} {key}: skipped without a reason")
                        continue
                    check(row["status"] == "ok", f"{impl} {key}: {row['status']}: {row.get('reason')}")
                    cpp_row = cpp[group].get(key)
                    check(cpp_row is not None, f"{impl} {key}: no C++ result")
                    if cpp_row is None:
                        continue
                    want = cpp_row["checksum"]
                    check(row["shape"] == {k: cpp_row["shape"][k] for k in row["shape"]},
                          f"{impl} {key}: shape {row['shape']} != C++ {cpp_row['shape']}")
                    check(row.get("checksum") == want,
                          f"{impl} {key}: checksum {row.get('checksum')} != C++ {want} ({ITERATIONS[group]} iterations)")
                    compared += 1
                for impl in chunk:
                    missing = set(cpp[group]) - seen[impl]
                    check(not missing, f"{impl}: no row for {sorted(missing)}")
        print(f"checksums: {compared} (library, scenario, parameter set) runs equal C++, {skipped} skipped with a reason")
        for s in skips:
            print(f"  skipped: {s}")

        # 3. a user's adapter outside the repository, with its own node_modules
        user = os.path.join(work, "my-library")
        pkg = os.path.join(user, "node_modules", "tiny-signals")
        os.makedirs(pkg)
        with open(os.path.join(pkg, "package.json"), "w") as f:
            json.dump({"name": "tiny-signals", "version": "0.1.0", "type": "module", "main": "index.js"}, f)
        with open(os.path.join(pkg, "index.js"), "w") as f:
            f.write(TINY_LIBRARY)
        adapter = os.path.join(user, "tiny-signals.mjs")
        with open(adapter, "w") as f:
            f.write(TINY_ADAPTER)
        check(not os.path.commonpath([adapter, SOURCE]) == SOURCE, "the user adapter must be outside the repository")
        mine = node("checksums.mjs", "--adapter", adapter, "--builtins", "0", "--scenario", "computed-diamond-simple",
                    "--iterations", str(ITERATIONS["other"]), cwd=work)
        check(mine.returncode == 0, f"user adapter: exit {mine.returncode}: {mine.stderr.strip()}")
        rows = json.loads(mine.stdout) if mine.returncode == 0 else []
        check(len(rows) == 1 and rows[0]["impl"] == "js:tiny-signals", f"user adapter rows: {rows}")
        if rows:
            want = cpp["other"][params_key("computed-diamond-simple", {})]["checksum"]
            check(rows[0].get("checksum") == want, f"user adapter: checksum {rows[0].get('checksum')} != C++ {want}")
        mine_conf = node("conformance.mjs", "--adapter", adapter, "--library", "js:tiny-signals", "--json")
        check(mine_conf.returncode == 0, f"user adapter conformance: {mine_conf.stdout[-300:]}{mine_conf.stderr[-300:]}")
        if mine_conf.returncode == 0:
            check(json.loads(mine_conf.stdout)[0]["version"] == "0.1.0", "user adapter: version not read from its package")
        print("user adapter: js:tiny-signals 0.1.0 from a folder outside the repository agrees with C++")

        # bad input: one line, exit 2
        for args, what in ((["--adapter", os.path.join(work, "nowhere.mjs")], "a missing adapter file"),
                           (["--library", "js:no-such-library"], "an unknown library"),
                           (["--iterations", "0"], "zero iterations")):
            bad = node("checksums.mjs", *args)
            check(bad.returncode == 2, f"{what}: exit {bad.returncode}, expected 2")
            check(len(bad.stderr.strip().splitlines()) == 1 and not bad.stdout, f"{what}: not one line: {bad.stderr!r}")
        unknown = node("checksums.mjs", "--library", "js:no-such-library")
        check("js:preact-signals-core" in unknown.stderr, "an unknown library's error lists the known ones")

    for f in failures:
        print("FAIL:", f)
    print(f"js conformance test: {time.monotonic() - started:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
