#!/bin/bash
# The model is deterministic: the whole suite run twice (two jobs, two report folders) gives
# byte-identical traces and identical index.json verdicts, wall-clock fields aside.
# Usage: reproducible-test.sh <path of wsdsim> <scenarios folder>
set -u

. "$(dirname "$0")/check-lib.sh" reproducible "$@"

# Two runs of the whole suite. Their exit status may be 1 (a known FAIL), but must agree.
statuses=()
for run in first second; do
    "$wsdsim" run "$scenarios" --jobs 2 --quiet --out "$work/$run" >"$work/$run.stdout" 2>"$work/$run.stderr"
    statuses+=($?)
    check "${run}_run_writes_its_index" "status ${statuses[-1]}: $(head -c 300 "$work/$run.stderr")" \
        test -s "$work/$run/index.json"
done
check "both_runs_exit_alike" "${statuses[0]} then ${statuses[1]}" test "${statuses[0]}" -eq "${statuses[1]}"

# The same trace files, byte for byte.
list_traces() {
    (cd "$1" && find traces -type f -name '*.jsonl' 2>/dev/null | sort)
}
first_traces=$(list_traces "$work/first")
second_traces=$(list_traces "$work/second")
trace_count=$(grep -c . <<<"$first_traces")
check "first_run_records_traces" "no traces/**/*.jsonl in $work/first" test "$trace_count" -gt 0
check "both_runs_record_the_same_trace_files" \
    "$(diff <(echo "$first_traces") <(echo "$second_traces") | head -n 5 | tr '\n' ' ')" \
    test "$first_traces" = "$second_traces"
differing=()
while IFS= read -r trace; do
    [ -n "$trace" ] || continue
    if [ -f "$work/second/$trace" ] && ! cmp -s "$work/first/$trace" "$work/second/$trace"; then
        differing+=("$trace")
    fi
done <<<"$first_traces"
check "all_${trace_count}_traces_are_byte_identical" \
    "${#differing[@]} differ: ${differing[*]:0:5}" test "${#differing[@]}" -eq 0

# The same index.json once the wall-clock fields are dropped (verdicts, reasons, divergences).
compare_indexes() {
    python3 - "$work/first/index.json" "$work/second/index.json" <<'EOF'
import json
import sys

WALL_CLOCK = {"durationSeconds", "wallSeconds", "started", "finished", "startedAt",
              "finishedAt", "timestamp", "date"}

def strip(value):
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if k not in WALL_CLOCK}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value

first, second = (strip(json.load(open(path))) for path in sys.argv[1:3])
if first == second:
    sys.exit(0)
cases = {c.get("id"): c for c in first.get("cases", [])}
for case in second.get("cases", []):
    if cases.get(case.get("id")) != case:
        print("case %s: %s / %s" % (case.get("id"), cases.get(case.get("id"), {}).get("verdict"),
                                    case.get("verdict")))
        break
else:
    print("the top-level fields differ")
sys.exit(1)
EOF
}
verdicts=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["cases"]))' \
    "$work/first/index.json" 2>/dev/null)
difference=$(compare_indexes 2>&1)
check "both_indexes_hold_the_same_${verdicts:-0}_verdicts" "$difference" test -z "$difference"

check_summary
