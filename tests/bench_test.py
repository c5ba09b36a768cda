#!/usr/bin/python3
"""sigheap-bench: its JSON carries Google Benchmark's memory fields from the counting allocator,
with allocs_per_iter matching `sigheap run` (1 per write for lattice-like and alien-like, 0 for
preact-like on computed-diamond-simple), and Debian's compare.py reads two of its outputs.
Usage: bench_test.py SIGHEAP_BENCH WORK_DIR"""
import json
import os
import subprocess
import sys

COMPARE = "/usr/share/benchmark/compare.py"


def run_bench(binary: str, out: str) -> dict:
    with open(out, "w") as f:
        subprocess.run([binary, "--benchmark_filter=computed-diamond-simple", "--benchmark_format=json",
                        "--benchmark_min_time=0.01"], stdout=f, stderr=subprocess.DEVNULL, check=True)
    with open(out) as f:
        return json.load(f)


def main() -> int:
    binary, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    failures = []
    first = run_bench(binary, os.path.join(work, "a.json"))
    expected = {"lattice-like": 1.0, "preact-like": 0.0, "alien-like": 1.0}
    seen = {}
    for b in first["benchmarks"]:
        impl = b["name"].split("/")[-1]
        seen[impl] = b
        for field in ("allocs_per_iter", "max_bytes_used", "total_allocated_bytes", "net_heap_growth"):
            if field not in b:
                failures.append(f"{b['name']}: no {field}")
        if impl in expected and b.get("allocs_per_iter") != expected[impl]:
            failures.append(f"{b['name']}: allocs_per_iter {b.get('allocs_per_iter')}, expected {expected[impl]}")
        if b.get("net_heap_growth") != 0:
            failures.append(f"{b['name']}: net_heap_growth {b.get('net_heap_growth')}")
    if set(expected) - set(seen):
        failures.append(f"missing models: {set(expected) - set(seen)}")
    if not os.path.exists(COMPARE):
        print(f"{COMPARE} not installed (libbenchmark-tools): compare.py part skipped")
    else:
        run_bench(binary, os.path.join(work, "b.json"))
        out = subprocess.run(["/usr/bin/python3", COMPARE, "benchmarks", os.path.join(work, "a.json"),
                              os.path.join(work, "b.json")], capture_output=True, text=True)
        if out.returncode != 0:
            failures.append(f"compare.py exited {out.returncode}: {out.stderr.strip()}")
        for name in (b["name"] for b in first["benchmarks"]):
            if name not in out.stdout:
                failures.append(f"compare.py did not print {name}")
        if "OVERALL_GEOMEAN" not in out.stdout:
            failures.append("compare.py printed no summary")
    for f in failures:
        print("FAIL:", f)
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
