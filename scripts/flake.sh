#!/usr/bin/env bash
# Measures flakiness: runs the real-stack suites (Linux and Wine) N times with every core kept busy
# by a CPU hog, and lists every case whose verdict changed from one run to another (exit 1 if any).
#
# Usage: scripts/flake.sh N [--build DIR] [--hogs K] [--no-baseline] [--keep] [-- WSDSIM_RUN_ARGS...]
#   N              loaded runs (at least 2 to compare, or 1 with the baseline)
#   --build DIR    the build folder holding conformance/wsdsim and the drivers (default build; it
#                  is not built here: build it first with scripts/build.sh)
#   --hogs K       busy loops to start, each a process of its own (default: one per core, nproc)
#   --no-baseline  skip the quiet run made first, without the hogs, that the loaded runs are also
#                  compared with (a case that fails under load every time changes from it)
#   --keep         keep the reports (printed at the end) instead of removing them
#   -- ARGS...     arguments for `wsdsim run` instead of the default --impl linux --impl wine
#                  --jobs 2; e.g. -- --impl linux --filter udp
# Every run uses conformance/known-divergences.json as it was when the script started. The figure at the end reads
# "<cases> cases x <runs> runs: <changed> changed". Exit status: 0 none changed, 1 some did,
# 2 bad usage or a run that left no report.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
}

runs=${1:-}
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || usage
shift
build=build
hogs=$(nproc)
baseline=1
keep=0
run_args=(--impl linux --impl wine --jobs 2)
while [ $# -gt 0 ]; do
    case $1 in
        --build) build=$2; shift 2 ;;
        --hogs) hogs=$2; shift 2 ;;
        --no-baseline) baseline=0; shift ;;
        --keep) keep=1; shift ;;
        --) shift; run_args=("$@"); break ;;
        *) usage ;;
    esac
done
[ $((runs + baseline)) -ge 2 ] || { echo "flake.sh: one run compares with nothing" >&2; exit 2; }
wsdsim=$build/conformance/wsdsim
[ -x "$wsdsim" ] || { echo "flake.sh: no $wsdsim (build it first: scripts/build.sh)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/wsdsim-flake.XXXXXX")
# One copy for every run: an edit made meanwhile must not read as a changed verdict.
cp conformance/known-divergences.json "$work/known-divergences.json"
hog_pids=()
stop_hogs() {
    # Only the hogs this script started, each by its process id.
    for pid in "${hog_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${hog_pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    hog_pids=()
}
cleanup() {
    stop_hogs
    if [ "$keep" = 0 ]; then rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 2' INT TERM

start_hogs() {
    local i
    for ((i = 0; i < hogs; i++)); do
        # A busy loop in a shell of its own: one runnable process that never sleeps, at the
        # suite's priority, so that the suite's threads wait for a core as under a parallel build.
        bash -c 'while :; do :; done' &
        hog_pids+=("$!")
    done
}

# One run of the suites into $work/<name>. Its exit status is not looked at (1 for a FAIL, 2 for an
# ERROR of a case: both are verdicts to compare); a run that leaves no index.json stops the script.
run_suite() { # name
    local status=0
    local started=$SECONDS
    "$wsdsim" run scenarios "${run_args[@]}" --quiet --out "$work/$1" \
        --known-divergences "$work/known-divergences.json" >"$work/$1.log" 2>&1 || status=$?
    echo "flake.sh: $1: exit $status, $((SECONDS - started)) s, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    if [ ! -f "$work/$1/index.json" ]; then
        echo "flake.sh: run $1 did not finish (exit $status):" >&2
        tail -n 20 "$work/$1.log" >&2
        exit 2
    fi
}

names=()
if [ "$baseline" = 1 ]; then
    run_suite quiet
    names+=(quiet)
fi
start_hogs
echo "flake.sh: $hogs CPU hog(s) started on $(nproc) core(s)" >&2
for ((i = 1; i <= runs; i++)); do
    run_suite "loaded-$i"
    names+=("loaded-$i")
done
stop_hogs

reports=()
for name in "${names[@]}"; do
    reports+=("$work/$name/index.json")
done
status=0
/usr/bin/python3 - "${reports[@]}" <<'PY' || status=$?
# Compares the verdict of every case and implementation across the runs' index.json files.
import json
import os
import sys

runs = []
for path in sys.argv[1:]:
    index = json.load(open(path))
    name = os.path.basename(os.path.dirname(path))
    verdicts = {(case["implementation"], case["id"]): case for case in index["cases"]}
    runs.append((name, verdicts))

keys = sorted(set().union(*(verdicts.keys() for _, verdicts in runs)))
changed = []
for key in keys:
    seen = [(name, verdicts.get(key)) for name, verdicts in runs]
    if len({case["verdict"] if case else "absent" for _, case in seen}) > 1:
        changed.append((key, seen))

for (implementation, case_id), seen in changed:
    print(f"CHANGED {implementation} {case_id}")
    for name, case in seen:
        if case is None:
            print(f"    {name:10} absent")
            continue
        why = case.get("reason") or (case.get("divergence") or {}).get("what", "")
        print(f"    {name:10} {case['verdict']:10} {why}")

counts = {}
for _, verdicts in runs:
    for case in verdicts.values():
        counts[case["verdict"]] = counts.get(case["verdict"], 0) + 1
print(f"{len(keys)} cases x {len(runs)} runs ({', '.join(name for name, _ in runs)}): "
      f"{len(changed)} changed")
print("verdicts over all runs: " + ", ".join(f"{v} {n}" for v, n in sorted(counts.items())))
sys.exit(1 if changed else 0)
PY
if [ "$keep" = 1 ]; then
    echo "flake.sh: reports kept in $work" >&2
fi
exit "$status"
