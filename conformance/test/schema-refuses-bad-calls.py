#!/usr/bin/env python3
"""The generated scenario schema refuses what the loader refuses about calls: each bad-input
scenario below breaks the call vocabulary (an unknown call, argument, symbol or outcome field, a
missing argument, a result form the call does not return) and must fail validation against
scenarios/scenario.schema.json. Exits 1 naming any the schema accepts."""
import json
import pathlib
import sys

import jsonschema

BAD_CALLS = [
    "unknown-call",
    "unknown-argument",
    "missing-argument",
    "argument-bad-name",
    "handle-wrong-type",
    "size-negative",
    "size-fraction",
    "unknown-error-name",
    "unknown-result",
    "expect-field-call-cannot-produce",
    "result-form-of-another-call",
    "ioctl-unknown-command",
]


def main():
    root = pathlib.Path(sys.argv[1])
    schema = json.loads((root / "scenarios" / "scenario.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    accepted = []
    for name in BAD_CALLS:
        path = root / "conformance" / "test" / "bad-input" / "scenarios" / f"{name}.json"
        if not list(validator.iter_errors(json.loads(path.read_text()))):
            accepted.append(name)
    for name in accepted:
        print(f"the schema accepts {name}.json, which the loader refuses")
    print(f"{len(BAD_CALLS) - len(accepted)} of {len(BAD_CALLS)} refused by the schema")
    return 1 if accepted else 0


if __name__ == "__main__":
    sys.exit(main())
