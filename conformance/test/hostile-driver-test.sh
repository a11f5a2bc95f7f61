#!/usr/bin/env bash
# A broken implementation under test cannot break the harness: drivers that crash, hang, print
# garbage, write a truncated trace, a trace of another case, or fail each give ERROR with the
# reason, the run goes on, and its report is complete.
# Usage: hostile-driver-test.sh WSDSIM SCENARIOS
set -u
wsdsim=$1
scenarios=$2
drivers=$(cd "$(dirname "$0")/hostile-drivers" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
check() { # name condition-result message
    if [ "$2" = 0 ]; then
        passed=$((passed + 1))
        echo "PASS   $1"
    else
        failed=$((failed + 1))
        echo "FAIL   $1: $3"
    fi
}

case_file=$scenarios/lifecycle/graceful-sequence.json
impls=()
for driver in crash hang garbage truncated other-case bad-status; do
    impls+=(--impl "driver:$drivers/$driver.sh")
done
timeout 120 "$wsdsim" run "$case_file" --filter 'send-disconnect' "${impls[@]}" --impl model \
    --timeout 3 --retries 0 --quiet --out "$work/report" >"$work/out" 2>&1
status=$?
check "run_exits_2_on_driver_errors" "$([ "$status" = 2 ]; echo $?)" "exit status $status"
check "report_is_complete" "$([ -f "$work/report/index.json" ] && [ -f "$work/report/junit.xml" ] && [ -f "$work/report/summary.html" ]; echo $?)" "report files missing"

verdict_and_reason() { # driver
    /usr/bin/python3 - "$work/report/index.json" "driver:$drivers/$1.sh" <<'PY'
import json, sys
index = json.load(open(sys.argv[1]))
for case in index["cases"]:
    if case["implementation"] == sys.argv[2]:
        print(case["verdict"], "|", case["reason"])
PY
}
expect() { # driver words...
    local driver=$1
    shift
    local line
    line=$(verdict_and_reason "$driver")
    local ok=0
    [[ "$line" == ERROR* ]] || ok=1
    for word in "$@"; do
        [[ "$line" == *"$word"* ]] || ok=1
    done
    check "driver_${driver}_gives_error_with_reason" "$ok" "got: $line"
}
expect crash "crashed" "signal 11"
expect hang "timed out"
expect garbage "invalid JSON"
expect truncated "truncated"
expect other-case "some/other-case"
expect bad-status "status 5" "cannot open the network"

model=$(/usr/bin/python3 -c 'import json,sys; print([c["verdict"] for c in json.load(open(sys.argv[1]))["cases"] if c["implementation"]=="model"])' "$work/report/index.json")
check "model_case_still_runs_and_passes" "$([ "$model" = "['PASS']" ]; echo $?)" "model verdicts $model"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
