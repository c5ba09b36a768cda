#!/usr/bin/python3
"""Validates sigheap reports against reports/schema/report-v1.schema.json with an independent
validator (Debian's python3-jsonschema), and checks that the schema rejects broken reports.
Usage: validate_schema.py SCHEMA REPORT..."""
import copy
import json
import sys

import jsonschema


def main() -> int:
    schema_path, reports = sys.argv[1], sys.argv[2:]
    with open(schema_path) as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failures = 0
    for path in reports:
        with open(path) as f:
            report = json.load(f)
        errors = list(validator.iter_errors(report))
        for e in errors:
            print(f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
        failures += len(errors)
        # The schema must be able to fail: each of these breaks one rule.
        # The schema must be able to fail: each of these breaks one rule (model results and entries,
        # and those of real libraries measured in an engine, when the report has them).
        models = [r for r in report["results"] if "engine" not in r and r["status"] == "ok"]
        engines = [r for r in report["results"] if "engine" in r and r["status"] == "ok"]
        model_po = [k for k, v in report["per_object"].items() if "engine" not in v]
        engine_po = [k for k, v in report["per_object"].items() if "engine" in v]
        at = report["results"].index
        broken = {
            "wrong schema version": lambda r: r.__setitem__("schema", "sigheap.report/2"),
            "missing meta": lambda r: r.pop("meta"),
            "unknown status": lambda r: r["results"][0].__setitem__("status", "exploded"),
        }
        if models:
            broken["negative allocs"] = lambda r: r["results"][at(models[0])]["setup"].__setitem__("allocs", -1)
            broken["ok without teardown"] = lambda r: r["results"][at(models[0])].pop("teardown")
        if model_po:
            broken["per-object without edge"] = lambda r: r["per_object"][model_po[0]].pop("edge")
        if engines:
            broken["engine setup without breakdown"] = lambda r: r["results"][at(engines[0])]["setup"].pop("breakdown")
            broken["engine site without line"] = lambda r: r["results"][at(engines[0])]["steady"]["sites"].append({})
            broken["skipped without reason"] = lambda r: r["results"][at(engines[0])].update(status="skipped") or \
                r["results"][at(engines[0])].pop("error", None)
        if engine_po:
            broken["engine per-object without impl"] = lambda r: r["per_object"][engine_po[0]].pop("impl")
        for name, breaker in broken.items():
            bad = copy.deepcopy(report)
            breaker(bad)
            if validator.is_valid(bad):
                print(f"{path}: schema accepted a report with {name}")
                failures += 1
        print(f"{path}: {len(report['results'])} results valid, {len(broken)} broken variants rejected")
    print(f"{len(reports) - (1 if failures else 0)} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
