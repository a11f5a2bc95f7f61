#!/usr/bin/python3
"""Validates every reference trace line against conformance/trace.schema.json, and the header/end framing."""
import json
import pathlib
import sys

import jsonschema


def main() -> int:
    schema = json.loads(pathlib.Path(sys.argv[1]).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    traces = sorted(pathlib.Path(sys.argv[2]).rglob("*.reference/*.jsonl"))
    failed = 0
    for path in traces:
        lines = path.read_text().splitlines()
        problems = []
        for number, line in enumerate(lines, start=1):
            for error in validator.iter_errors(json.loads(line)):
                problems.append(f"{path}:{number}: {error.message}")
        kinds = [json.loads(line)["kind"] for line in lines]
        if not kinds or kinds[0] != "header" or kinds[-1] != "end" or kinds.count("header") != 1 or kinds.count("end") != 1:
            problems.append(f"{path}: expected one header first and one end last")
        elif json.loads(lines[-1])["events"] != len(lines) - 2:
            problems.append(f"{path}: the end line's count is not the number of events")
        for problem in problems[:5]:
            print(problem)
        failed += 1 if problems else 0
    print(f"{len(traces) - failed} passed, {failed} failed")
    return 1 if failed or not traces else 0


if __name__ == "__main__":
    sys.exit(main())
