#!/usr/bin/env python3
"""Compares the verdicts of two reports: same cases, same implementations, same verdict each.

Usage: same-verdicts.py EXPECTED/index.json ACTUAL/index.json
Prints each difference; exit status 0 when there is none, 1 when there are, 2 for bad input.
"""
import json
import sys


def verdicts(path):
    """Return {(implementation, case id): verdict} of a report's index.json."""
    try:
        with open(path, encoding="utf-8") as index:
            cases = json.load(index)["cases"]
        return {(case["implementation"], case["id"]): case["verdict"] for case in cases}
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"{path}: expected a report's index.json with cases[].implementation, id and "
              f"verdict: {error}", file=sys.stderr)
        sys.exit(2)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    expected, actual = verdicts(sys.argv[1]), verdicts(sys.argv[2])
    differences = 0
    for key in sorted(expected.keys() | actual.keys()):
        if expected.get(key) != actual.get(key):
            differences += 1
            print(f"{key[0]} {key[1]}: {expected.get(key, 'absent')} in {sys.argv[1]}, "
                  f"{actual.get(key, 'absent')} in {sys.argv[2]}")
    print(f"{len(expected)} verdicts compared, {differences} differ")
    return 1 if differences or not expected else 0


if __name__ == "__main__":
    sys.exit(main())
