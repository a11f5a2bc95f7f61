#!/bin/bash
# Tests of the wsdsim command line: exit statuses, file:line:column errors, report files, help.
# Usage: cli-test.sh <path of wsdsim> <scenarios folder>
set -u

. "$(dirname "$0")/check-lib.sh" cli-test "$@"
status=0
out=""
err=""

# Run wsdsim with arguments, keeping stdout, stderr and the exit status in $out, $err, $status.
run() {
    "$wsdsim" "$@" >"$work/stdout" 2>"$work/stderr"
    status=$?
    out=$(cat "$work/stdout")
    err=$(cat "$work/stderr")
}

# Whether the last exit status is $1.
status_is() {
    [ "$status" -eq "$1" ]
}

# Whether a text holds a fixed string: holds <text> <string>
holds() {
    grep -qF -- "$2" <<<"$1"
}

# Whether a text has a line matching an extended regular expression: matches <text> <regex>
matches() {
    grep -qE -- "$2" <<<"$1"
}

# Whether a text has exactly <count> lines holding a fixed string: count_is <text> <string> <count>
count_is() {
    [ "$(grep -cF -- "$2" <<<"$1")" -eq "$3" ]
}

# A scenarios root of our own (it holds scenario.schema.json) for the bad scenarios.
mkdir -p "$work/root/cli"
echo '{}' >"$work/root/scenario.schema.json"

# --- a malformed scenario: invalid JSON on line 4, column 14 ------------------------------------
malformed="$work/root/cli/malformed.json"
cat >"$malformed" <<'EOF'
{
  "description": "x",
  "threads": [ { "name": "client", "host": 0 } ],
  "steps": [ , ]
}
EOF
run list "$malformed"
check "malformed_scenario_list_exits_with_status_2" "status $status" status_is 2
check "malformed_scenario_error_names_file_line_and_column" "stderr: $err" \
    holds "$err" "$malformed:4:14: "
run run "$malformed" --out "$work/malformed-out" --quiet
check "malformed_scenario_run_exits_with_status_2" "status $status" status_is 2
check "malformed_scenario_run_writes_no_report" "" test ! -e "$work/malformed-out/index.json"

# --- an unknown field: its JSON pointer and line -----------------------------------------------
unknown="$work/root/cli/unknown-field.json"
cat >"$unknown" <<'EOF'
{
  "description": "x",
  "threads": [ { "name": "client", "host": 0 } ],
  "steps": [ { "thread": "client", "call": "WSAStartup", "colour": "red" } ]
}
EOF
run list "$unknown"
check "unknown_field_list_exits_with_status_2" "status $status" status_is 2
check "unknown_field_error_names_its_json_pointer" "stderr: $err" holds "$err" "/steps/0/colour"
check "unknown_field_error_names_file_and_line" "stderr: $err" \
    holds "$err" "$unknown:4:"
check "unknown_field_error_says_what_was_expected" "stderr: $err" holds "$err" "expected"

# --- a path that does not exist ----------------------------------------------------------------
run list "$work/no-such-scenario.json"
check "nonexistent_path_list_exits_with_status_2" "status $status" status_is 2
check "nonexistent_path_error_names_the_path" "stderr: $err" \
    holds "$err" "$work/no-such-scenario.json"
run run "$work/no-such-scenario.json" --out "$work/missing-out" --quiet
check "nonexistent_path_run_exits_with_status_2" "status $status" status_is 2

# --- bad command lines -------------------------------------------------------------------------
run
check "no_subcommand_exits_with_status_2" "status $status" status_is 2
run run --no-such-option
check "unknown_option_exits_with_status_2" "status $status" status_is 2

# --- run on one good case ----------------------------------------------------------------------
good="$scenarios/errors/send-disconnect-not-connected.json"
run run "$good" --filter 'never-connected' --out "$work/out" --quiet
check "good_case_run_exits_with_status_0" "status $status, stderr: $err" status_is 0
for file in index.json junit.xml summary.md summary.html; do
    check "good_case_run_writes_$file" "" test -s "$work/out/$file"
done
index=$(cat "$work/out/index.json" 2>/dev/null)
check "good_case_run_index_holds_one_verdict" "" count_is "$index" '"verdict":' 1
check "good_case_run_index_holds_the_case_as_pass" "" holds "$index" '"verdict": "PASS"'
check "good_case_run_index_names_the_case" "" \
    holds "$index" '"id": "errors/send-disconnect-not-connected[state=never-connected]"'

# --- list --------------------------------------------------------------------------------------
run list "$good"
check "list_exits_with_status_0" "status $status" status_is 0
expected_ids='errors/send-disconnect-not-connected[state=bound]
errors/send-disconnect-not-connected[state=connect-in-progress]
errors/send-disconnect-not-connected[state=listening]
errors/send-disconnect-not-connected[state=never-connected]'
check "list_prints_the_case_ids_one_a_line" "stdout: $out" test "$out" = "$expected_ids"
run list "$scenarios" --filter 'linger/closesocket-linger-timeout-expires$'
check "list_with_filter_prints_only_matching_ids" "stdout: $out" \
    test "$out" = "linger/closesocket-linger-timeout-expires"
run list "$good" --format json
check "list_json_names_the_four_cases" "stdout: $out" \
    count_is "$out" '"id": "errors/send-disconnect-not-connected[state=' 4

# --- check: a reference judged against itself, a broken copy, a truncated copy ----------------
reference="$scenarios/errors/send-disconnect-not-connected.reference/state=bound.jsonl"
run check "$reference" --scenario "$good"
check "check_of_a_reference_against_itself_exits_with_status_0" \
    "status $status, stdout: $out, stderr: $err" status_is 0
check "check_of_a_reference_against_itself_prints_pass" "stdout: $out" matches "$out" '^PASS'
sed -e '/"kind":"return"/s/"error":"WSAENOTCONN"/"error":"WSAESHUTDOWN"/' "$reference" \
    >"$work/broken.jsonl"
run check "$work/broken.jsonl" --scenario "$good" --reference "$reference"
check "check_of_a_trace_breaking_a_must_exits_with_status_1" "status $status, stderr: $err" \
    status_is 1
check "check_of_a_trace_breaking_a_must_prints_fail" "stdout: $out" matches "$out" '^FAIL'
check "check_of_a_trace_breaking_a_must_names_the_expected_error" "stdout: $out" \
    holds "$out" "WSAENOTCONN"
check "check_of_a_trace_breaking_a_must_names_the_actual_error" "stdout: $out" \
    holds "$out" "WSAESHUTDOWN"
head -n 3 "$reference" >"$work/truncated.jsonl"
run check "$work/truncated.jsonl" --scenario "$good" --reference "$reference"
check "check_of_a_truncated_trace_exits_with_status_2" "status $status" status_is 2
check "check_of_a_truncated_trace_says_truncated" "stderr: $err" holds "$err" "truncated"

# --- help of the program and of every subcommand -----------------------------------------------
run --help
check "help_exits_with_status_0" "status $status" status_is 0
for command in run list check update-reference; do
    run "$command" --help
    check "${command}_help_exits_with_status_0" "status $status" status_is 0
    check "${command}_help_prints_its_usage" "stdout: $out" matches "$out" "Usage:.* $command"
done

check_summary
