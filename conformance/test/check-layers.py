#!/usr/bin/env python3
"""The pipeline's folders depend on each other one way only: a stage includes the stages before
it, never one after it (common < scenario < trace < run < judge < suite < report < cli). The
call vocabulary (vocabulary/) includes none of the project's code and no ns-3; the drivers
include the vocabulary and their own files only; the model (sim/) includes nothing of the
harness; the link model of real cases (link/) includes nothing of the harness, the model or the
drivers, and no ns-3. Prints every include that breaks this and exits 1; exits 0 when there is none."""
import pathlib
import re
import sys

STAGES = ["common", "scenario", "trace", "run", "judge", "suite", "report", "cli"]
INCLUDE = re.compile(r'^\s*#\s*include\s+[<"]([^>"]+)[>"]', re.MULTILINE)


def includes(path):
    return INCLUDE.findall(path.read_text(encoding="utf-8"))


def check_conformance(root, problems):
    src = root / "conformance" / "src"
    for path in sorted(src.rglob("*")):
        if path.suffix not in (".h", ".cc"):
            continue
        stage = path.relative_to(src).parts[0]
        if stage not in STAGES:
            problems.append(f"{path}: not in a stage folder ({', '.join(STAGES)})")
            continue
        for included in includes(path):
            first = included.split("/")[0]
            if first in STAGES and STAGES.index(first) > STAGES.index(stage):
                problems.append(
                    f"{path}: the {stage} stage includes {included}, a later stage ({first})")
            elif "/" not in included and (src / stage / included).exists():
                problems.append(f"{path}: includes \"{included}\" without its stage folder")


def project_headers(root, folders):
    """Header names (with and without a stage folder) of some of the project's folders."""
    names = set()
    for folder in folders:
        base = root / folder
        for path in base.rglob("*.h"):
            names.add(path.name)
            names.add(str(path.relative_to(base)))
            if folder == "conformance/src":
                names.add(str(path.relative_to(base)))
    return names


def check_leaf(root, folder, forbidden, forbid_ns3, what, problems):
    for path in sorted((root / folder).rglob("*")):
        if path.suffix not in (".h", ".cc"):
            continue
        for included in includes(path):
            if (path.parent / included).exists() and folder != "vocabulary":
                continue
            if included in forbidden or (forbid_ns3 and included.startswith("ns3/")):
                problems.append(f"{path}: {what} includes {included}")


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    problems = []
    check_conformance(root, problems)
    harness = project_headers(root, ["conformance/src"])
    model = project_headers(root, ["sim/model", "sim/helper"])
    drivers = project_headers(root, ["drivers"])
    if (root / "vocabulary").exists():
        check_leaf(root, "vocabulary", harness | model | drivers, True, "the vocabulary", problems)
    check_leaf(root, "drivers", harness | model, True, "a driver", problems)
    check_leaf(root, "sim", harness | drivers, False, "the model", problems)
    if (root / "link").exists():
        check_leaf(root, "link", harness | model | drivers, True, "the link model", problems)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} include(s) against the pipeline's direction")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
