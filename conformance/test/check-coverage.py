#!/usr/bin/python3
"""Checks that every requirement of scenarios/requirements.json is checked by some scenario outcome,
and that scenarios cite only requirements of the catalogue."""
import json
import pathlib
import sys


def outcomes(document):
    for step in document.get("steps", []):
        expect = step.get("expect")
        if isinstance(expect, dict):
            yield expect
        elif isinstance(expect, list):
            yield from expect


def main() -> int:
    root = pathlib.Path(sys.argv[1])
    catalogue = {entry["id"] for entry in json.loads((root / "requirements.json").read_text())}
    cited = {}
    for path in sorted(root.rglob("*.json")):
        if path.name in ("scenario.schema.json", "requirements.json") or path.parent.suffix == ".reference":
            continue
        for outcome in outcomes(json.loads(path.read_text())):
            for requirement in outcome.get("requirements", []):
                cited.setdefault(requirement, set()).add(str(path.relative_to(root)))
    problems = 0
    for requirement in sorted(catalogue - cited.keys()):
        print(f"requirement {requirement} is checked by no scenario")
        problems += 1
    for requirement in sorted(cited.keys() - catalogue):
        print(f"{', '.join(sorted(cited[requirement]))}: cites {requirement}, which is not in requirements.json")
        problems += 1
    print(f"{len(catalogue) - len(catalogue - cited.keys())} passed, {problems} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
