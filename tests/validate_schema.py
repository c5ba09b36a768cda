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
        broken = {
            "wrong schema version": lambda r: r.__setitem__("schema", "sigheap.report/2"),
            "missing meta": lambda r: r.pop("meta"),
            "negative allocs": lambda r: r["results"][0]["setup"].__setitem__("allocs", -1),
            "ok without teardown": lambda r: r["results"][0].pop("teardown"),
            "unknown status": lambda r: r["results"][0].__setitem__("status", "exploded"),
            "per-object without edge": lambda r: next(v for v in r["per_object"].values() if "engine" not in v).pop("edge"),
        }
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
