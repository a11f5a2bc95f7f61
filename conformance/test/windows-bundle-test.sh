#!/bin/bash
# The Windows path end to end, with Wine standing in for Windows: `wsdsim bundle`, then the
# bundle's run.cmd under wine64 as docs/windows.md says to run it on Windows, then
# `wsdsim import`; the verdicts must equal those of `wsdsim run --impl wine` on the same cases
# (timing aside: only verdicts are compared). As `run` does for a real implementation, a case
# whose verdicts differ is run once more through the whole path, and counts if it differs again.
# Prints the bundle's size and the time of run.cmd. run.cmd runs in the Wine prefix the wine
# backend makes on first use (the CTest fixture wine_prefix, conformance/src/run/wine-prefix.cc).
# Usage: windows-bundle-test.sh <wsdsim> <scenarios> <known divergences> <filter>
set -euo pipefail
if [ $# -ne 4 ]; then
    echo "usage: $0 <wsdsim> <scenarios> <known divergences> <filter>" >&2
    exit 2
fi
wsdsim=$1
scenarios=$2
known=$3
filter=$4
work=$(mktemp -d "${TMPDIR:-/tmp}/wsdsim-windows-bundle.XXXXXX")
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
export WINEPREFIX=${XDG_CACHE_HOME:-$HOME/.cache}/wsdsim/wine-prefix WINEDEBUG=-all
if [ ! -f "$WINEPREFIX/.wsdsim-ready" ]; then
    echo "FAIL: no Wine prefix in $WINEPREFIX (the test wine_prefix_made_on_first_use makes it)"
    exit 1
fi

# through_bundle FILTER FOLDER: bundle, run.cmd under Wine, import into FOLDER/imported
through_bundle() {
    local filter=$1 folder=$2
    "$wsdsim" bundle "$scenarios" --filter "$filter" --out "$folder/bundle.zip" >/dev/null
    echo "bundle: $(stat -c %s "$folder/bundle.zip") bytes"
    # On Windows: unzip, then run.cmd. Here: under wine64, in wsdsim's own Wine prefix.
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
        "$folder/bundle.zip" "$folder/machine"
    local started
    started=$(date +%s.%N)
    (cd "$folder/machine/wsdsim-bundle" && /usr/lib/wine/wine64 cmd /c run.cmd) | tr -d '\r' | tail -n 1
    echo "run.cmd under Wine: $(echo "$(date +%s.%N) - $started" | bc) s"
    # Wine has no tar.exe, so run.cmd leaves the results folder: zip it as a person would, and
    # import the zip (a folder is imported by import-bad-input-test.sh).
    local results=$folder/machine/wsdsim-bundle/results
    [ -f "$results/results.json" ] || { echo "FAIL: run.cmd left no $results/results.json"; exit 1; }
    python3 - "$results" "$folder/results.zip" <<'PY'
import os, sys, zipfile
folder, out = sys.argv[1:3]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            archive.write(path, os.path.join("results", os.path.relpath(path, folder)))
PY
    local status=0
    "$wsdsim" import "$folder/results.zip" --scenarios "$scenarios" --out "$folder/imported" \
        --known-divergences "$known" --quiet || status=$?
    [ "$status" -le 1 ] || { echo "FAIL: import exited $status"; exit 1; }
}

# compare IMPORTED WINE: prints the regex of the ids whose verdicts differ (nothing when none)
compare() {
    python3 - "$1" "$2" <<'PY'
import json, re, sys
imported, wine = (json.load(open(path)) for path in sys.argv[1:3])
implementation = imported["implementations"][0]
if not implementation.startswith("wine "):
    sys.exit(f"FAIL: the imported run names itself {implementation!r}, expected 'wine <version>'")
a = {case["id"]: case for case in imported["cases"]}
b = {case["id"]: case for case in wine["cases"]}
if set(a) != set(b):
    sys.exit(f"FAIL: the imported run has cases {sorted(set(a) ^ set(b))} the wine run has not")
differ = [case for case in sorted(a) if a[case]["verdict"] != b[case]["verdict"]]
for case in differ:
    print(f"  {case}: imported {a[case]['verdict']} ({a[case].get('reason', '')}), "
          f"--impl wine {b[case]['verdict']} ({b[case].get('reason', '')})", file=sys.stderr)
if differ:
    print("^(" + "|".join(re.escape(case) for case in differ) + ")$")
else:
    verdicts = [case["verdict"] for case in a.values()]
    print(f"{implementation}: {len(a)} cases, the same verdicts as --impl wine: "
          + ", ".join(f"{v} {verdicts.count(v)}" for v in sorted(set(verdicts))), file=sys.stderr)
PY
}

mkdir -p "$work/first" "$work/again"
through_bundle "$filter" "$work/first"
"$wsdsim" run "$scenarios" --filter "$filter" --impl wine --jobs 2 --quiet --out "$work/wine" \
    --known-divergences "$known" || true
differ=$(compare "$work/first/imported/index.json" "$work/wine/index.json")
if [ -n "$differ" ]; then
    echo "verdicts differ: the whole path once more for those cases (real time is noisy)"
    through_bundle "$differ" "$work/again"
    "$wsdsim" run "$scenarios" --filter "$differ" --impl wine --quiet --out "$work/wine-again" \
        --known-divergences "$known" || true
    if [ -n "$(compare "$work/again/imported/index.json" "$work/wine-again/index.json")" ]; then
        echo "FAIL: verdicts differ twice"
        exit 1
    fi
fi
