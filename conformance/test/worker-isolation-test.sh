#!/usr/bin/env bash
# The model's cases run one after another in a worker process (suite/runner.cc): a case sees no
# state the one before it left (every trace of the suite run by one worker is byte for byte its
# reference, which a process of its own recorded), and a case whose worker crashes or hangs is an
# ERROR of that case alone, the cases after it run in a new worker and PASS.
# Usage: worker-isolation-test.sh WSDSIM SCENARIOS
set -u
. "$(dirname "$0")/check-lib.sh" worker-isolation "$@"

"$wsdsim" update-reference --check --jobs 1 "$scenarios" >"$work/check" 2>&1
status=$?
check one_worker_runs_every_case_as_its_reference "$(tail -n 5 "$work/check")" test "$status" = 0

filter='linger/closesocket-linger\[data=none,linger=(abortive|default|off),mode=blocking\]'
mapfile -t ids < <("$wsdsim" list "$scenarios" --filter "$filter")
check three_cases_selected "got ${#ids[@]}: ${ids[*]}" test "${#ids[@]}" = 3
middle=${ids[1]:-none}
# verdicts <report>: "id verdict reason" for each case, in the run's order.
verdicts() {
    /usr/bin/python3 -c 'import json,sys; [print(c["id"], c["verdict"], c["reason"]) for c in json.load(open(sys.argv[1]))["cases"]]' "$1/index.json"
}
for fault in crash hang; do
    WSDSIM_TEST_WORKER_FAULT="$fault:$middle" timeout 60 "$wsdsim" run "$scenarios" --filter "$filter" \
        --jobs 1 --timeout 2 --quiet --out "$work/$fault" >/dev/null 2>&1
    verdicts "$work/$fault" >"$work/$fault.txt" 2>&1
    reason=$([ "$fault" = crash ] && echo "the case's process killed by signal 6" || echo "timed out after 2 s")
    check "${fault}_is_an_error_of_that_case" "$(cat "$work/$fault.txt")" \
        grep -qF "$middle ERROR $reason" "$work/$fault.txt"
    check "${fault}_leaves_the_other_cases_passing" "$(cat "$work/$fault.txt")" \
        test "$(grep -c ' PASS' "$work/$fault.txt")" = 2
done

check_summary
