#!/usr/bin/python3
"""Validates every scenario file against scenarios/scenario.schema.json (JSON Schema 2020-12)."""
import json
import pathlib
import sys

import jsonschema


def main() -> int:
    root = pathlib.Path(sys.argv[1])
    schema = json.loads((root / "scenario.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted(
        p for p in root.rglob("*.json")
        if p.name not in ("scenario.schema.json", "requirements.json") and p.parent.suffix != ".reference"
    )
    failed = 0
    for path in files:
        errors = sorted(validator.iter_errors(json.loads(path.read_text())), key=lambda e: list(e.path))
        for error in errors:
            pointer = "/" + "/".join(str(part) for part in error.path)
            print(f"{path}: {pointer}: {error.message}")
        failed += 1 if errors else 0
    print(f"{len(files) - failed} passed, {failed} failed")
    return 1 if failed or not files else 0


if __name__ == "__main__":
    sys.exit(main())
