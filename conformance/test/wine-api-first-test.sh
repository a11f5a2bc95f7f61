#!/usr/bin/env bash
# Issue 13, item 1, on a real implementation: Wine's WSASendDisconnect with disconnect data on a
# TCP socket returns 0 and sends a FIN, where the spec lists WSAENOPROTOOPT. Run without the known
# divergences, the case FAILs, and every report format leads with that API divergence: index.json's
# first divergence, summary.md's and summary.html's first divergence heading, junit.xml's failure
# message; `wsdsim check` on the trace (which also compares the wire: a real stack's segments may or
# may not diverge in time) lists it first too.
# Usage: wine-api-first-test.sh <wsdsim> <scenarios folder>
set -u
. "$(dirname "$0")/check-lib.sh" wine-api-first "$@"

scenario="$scenarios/errors/send-disconnect-no-protoopt.json"
lead="step with-data (WSASendDisconnect) matched none of its acceptable outcomes"
echo '[]' >"$work/no-known-divergences.json"
"$wsdsim" run "$scenario" --impl wine --quiet --out "$work/report" \
    --known-divergences "$work/no-known-divergences.json" >"$work/run.out" 2>&1
status=$?
check "wine_run_fails_the_case" "status $status: $(cat "$work/run.out")" test "$status" -eq 1

first_in_index() {
    python3 - "$work/report/index.json" "$lead" <<'PYTHON'
import json, sys
index = json.load(open(sys.argv[1]))
divergences = index["cases"][0]["divergences"]
sys.exit(0 if divergences and divergences[0]["kind"] == "api"
         and divergences[0]["what"] == sys.argv[2] else 1)
PYTHON
}
check "index_json_lists_the_api_divergence_first" "" first_in_index

# The first divergence heading of a page: the first line that says "divergence at event".
first_heading_has_lead() {
    local heading
    heading=$(grep -m1 "divergence at event" "$1")
    [[ "$heading" =~ "API divergence at event "[0-9]+": $lead" ]]
}
check "summary_md_lists_the_api_divergence_first" "" first_heading_has_lead "$work/report/summary.md"
check "summary_html_lists_the_api_divergence_first" "" \
    first_heading_has_lead "$work/report/summary.html"
check "junit_message_starts_with_the_api_divergence" "$(grep -o 'message="[^"]*"' "$work/report/junit.xml")" \
    grep -qF "<failure message=\"$lead" "$work/report/junit.xml"

trace="$work/report/traces/wine/errors/send-disconnect-no-protoopt.jsonl"
"$wsdsim" check "$trace" --scenario "$scenario" >"$work/check.out" 2>&1
check "check_lists_the_api_divergence_first" "$(cat "$work/check.out")" \
    first_heading_has_lead "$work/check.out"
check_summary
