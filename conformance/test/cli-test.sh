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
run run --network wifi
check "unknown_network_exits_with_status_2" "status $status" status_is 2
check "unknown_network_error_names_the_choices" "stderr: $err" holds "$err" "loopback"

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

# --- update-reference: orphans -----------------------------------------------------------------
# A scenario of the suite, in a suite root of its own, with its reference made.
refsuite="$work/refsuite"
mkdir -p "$refsuite/errors"
cp "$scenarios/scenario.schema.json" "$scenarios/requirements.json" "$refsuite/"
cp "$scenarios/errors/send-disconnect-no-protoopt.json" "$refsuite/errors/"
refdir="$refsuite/errors/send-disconnect-no-protoopt.reference"
run update-reference "$refsuite"
check "update_reference_records_a_new_case" "status $status, stdout: $out, stderr: $err" \
    test "$status" -eq 0 -a -s "$refdir/default.jsonl"
# The scenario gains a matrix: its default.jsonl is no case's reference any more.
python3 - "$refsuite/errors/send-disconnect-no-protoopt.json" <<'PYTHON'
import json, sys
document = json.load(open(sys.argv[1]))
document["matrix"] = {"variant": {"a": {}, "b": {}}}
json.dump(document, open(sys.argv[1], "w"), indent=2)
PYTHON
run update-reference --check "$refsuite"
check "update_reference_check_names_the_orphan" "stdout: $out" \
    holds "$out" "orphan    $refdir/default.jsonl"
check "update_reference_check_leaves_the_orphan" "" test -f "$refdir/default.jsonl"
run update-reference "$refsuite"
check "update_reference_after_a_matrix_exits_with_status_0" "status $status, stderr: $err" \
    status_is 0
check "update_reference_says_it_removed_the_orphan" "stdout: $out" \
    holds "$out" "removed   $refdir/default.jsonl"
check "update_reference_removes_the_orphan" "" test ! -e "$refdir/default.jsonl"
check "update_reference_records_the_matrix_cases" "" \
    test -s "$refdir/variant=a.jsonl" -a -s "$refdir/variant=b.jsonl"
run update-reference --check "$refsuite"
check "update_reference_check_after_the_update_is_clean" "status $status, stdout: $out" \
    status_is 0
# An orphan alone (every case's reference up to date): --check fails for it.
cp "$refdir/variant=a.jsonl" "$refdir/default.jsonl"
run update-reference --check "$refsuite"
check "update_reference_check_with_only_an_orphan_exits_with_status_1" \
    "status $status, stdout: $out" status_is 1
check "update_reference_check_counts_the_orphan" "stdout: $out" \
    holds "$out" "2 cases: 0 reference(s) missing, 0 stale, 1 orphan(s)"
rm "$refdir/default.jsonl"
# A .reference folder whose scenario file is gone: an orphan when its parent folder is processed.
mkdir -p "$refsuite/errors/gone.reference"
cp "$refdir/variant=a.jsonl" "$refsuite/errors/gone.reference/default.jsonl"
run update-reference --check "$refsuite/errors/send-disconnect-no-protoopt.json"
check "update_reference_check_of_one_scenario_looks_only_at_its_own_folder" \
    "status $status, stdout: $out" status_is 0
run update-reference --check "$refsuite"
check "update_reference_check_of_a_reference_folder_without_scenario_exits_with_status_1" \
    "status $status" status_is 1
check "update_reference_check_names_a_reference_folder_without_scenario" "stdout: $out" \
    holds "$out" "orphan    $refsuite/errors/gone.reference/default.jsonl"
run update-reference "$refsuite"
check "update_reference_removes_a_reference_folder_without_scenario" \
    "status $status, stdout: $out" test "$status" -eq 0 -a ! -e "$refsuite/errors/gone.reference"

# --- update-reference: a case the model does not pass ------------------------------------------
failsuite="$work/failsuite"
mkdir -p "$failsuite/cli"
echo '{}' >"$failsuite/scenario.schema.json"
# A scenario of one WSAStartup(2.2) that must return $1: the model returns 0, so an outcome of
# WSASYSNOTREADY (10091) is one it cannot meet.
startup_scenario() {
    printf '{\n  "description": "WSAStartup returns %s.",\n' "$1"
    printf '  "threads": [ { "name": "client", "host": 0 } ],\n'
    printf '  "steps": [ { "thread": "client", "call": "WSAStartup",\n'
    printf '               "expect": { "result": %s } } ]\n}\n' "$1"
}
startup_scenario 10091 >"$failsuite/cli/impossible.json"
startup_scenario 0 >"$failsuite/cli/possible.json"
cp -r "$failsuite" "$work/xfailsuite"
run update-reference "$failsuite"
check "update_reference_of_a_failing_case_exits_with_status_1" "status $status, stderr: $err" \
    status_is 1
check "update_reference_of_a_failing_case_names_the_case" "stderr: $err" \
    holds "$err" "not recorded: the model's verdict on cli/impossible is FAIL"
check "update_reference_of_a_failing_case_names_its_divergence" "stderr: $err" \
    holds "$err" "Expected: "
check "update_reference_of_a_failing_case_lists_it_as_refused" "stdout: $out" \
    holds "$out" "refused   $failsuite/cli/impossible.reference/default.jsonl"
check "update_reference_of_a_failing_case_writes_no_reference" "" \
    test ! -e "$failsuite/cli/impossible.reference"
check "update_reference_of_a_failing_case_still_records_the_others" "" \
    test -s "$failsuite/cli/possible.reference/default.jsonl"
check "update_reference_of_a_failing_case_counts_it_as_refused_not_new" "stdout: $out" \
    holds "$out" "2 cases: 1 reference(s) new, 0 updated, 0 orphan(s) removed; 1 refused"
# A known divergence of the model's own (XFAIL) may be recorded.
# One that no longer happens (XPASS) is recorded, with a note that it is stale.
echo '[{ "implementation": "model", "case": "cli/impossible", "reason": "a test" },
       { "implementation": "model", "case": "cli/possible", "reason": "fixed since" }]' \
    >"$work/model-known.json"
run update-reference "$work/xfailsuite" --known-divergences "$work/model-known.json"
check "update_reference_records_a_known_divergence_of_the_model" "status $status, stderr: $err" \
    test "$status" -eq 0 -a -s "$work/xfailsuite/cli/impossible.reference/default.jsonl"
check "update_reference_records_a_case_whose_known_divergence_no_longer_happens" "" \
    test -s "$work/xfailsuite/cli/possible.reference/default.jsonl"
check "update_reference_says_a_known_divergence_of_the_model_no_longer_happens" "stdout: $out" \
    holds "$out" "note      cli/possible: the model passes it now"
run update-reference "$failsuite" --force
check "update_reference_force_records_a_failing_case" "status $status, stderr: $err" \
    test "$status" -eq 0 -a -s "$failsuite/cli/impossible.reference/default.jsonl"
check "update_reference_force_warns_loudly" "stderr: $err" \
    holds "$err" "WARNING: recorded anyway (--force), although the model's verdict on cli/impossible is FAIL"

# --- a suite kept outside the repository: its case ids ----------------------------------------
# my-suite has neither scenario.schema.json nor requirements.json at or above it: its case ids are
# its folder's name and the file's stem, however the scenario is named and wherever wsdsim runs.
outside="$work/outside"
mysuite="$outside/my-suite"
mkdir -p "$mysuite" "$outside/marked/feature/deep"
# A scenario of one WSAStartup(2.2) returning 0, citing requirement $1 (line 5, column 59).
cited_scenario() {
    printf '{\n  "description": "WSAStartup returns 0.",\n'
    printf '  "threads": [ { "name": "client", "host": 0 } ],\n'
    printf '  "steps": [ { "thread": "client", "call": "WSAStartup",\n'
    printf '               "expect": { "result": 0, "requirements": [ "%s" ] } } ]\n}\n' "$1"
}
cited_scenario MY-STARTUP >"$mysuite/f01.json"
run list "$mysuite"
check "outside_suite_case_id_is_its_folder_and_stem" "stdout: $out, stderr: $err" \
    test "$out" = "my-suite/f01"
check "outside_suite_without_catalogue_warns_that_ids_are_not_checked" "stderr: $err" \
    holds "$err" "wsdsim list: warning: requirement ids not checked for $mysuite/f01.json"
check "outside_suite_without_catalogue_warns_once" "stderr: $err" \
    count_is "$err" "requirement ids not checked" 1
check "outside_suite_without_catalogue_lists_with_status_0" "status $status" status_is 0
run list "$mysuite/f01.json"
check "outside_suite_case_id_is_the_same_for_the_file" "stdout: $out" test "$out" = "my-suite/f01"
wsdsim_path=$(realpath "$wsdsim")
out=$(cd "$mysuite" && "$wsdsim_path" list . 2>/dev/null)
check "outside_suite_case_id_is_the_same_from_its_own_folder" "stdout: $out" \
    test "$out" = "my-suite/f01"
# A suite root marked by its requirements.json: ids are the whole path below it.
cited_scenario MY-STARTUP >"$outside/marked/feature/deep/f02.json"
echo '[ { "id": "MY-STARTUP", "level": "MUST", "text": "WSAStartup succeeds." } ]' \
    >"$outside/marked/requirements.json"
run list "$outside/marked"
check "marked_suite_case_id_is_the_path_below_its_root" "stdout: $out" \
    test "$out" = "feature/deep/f02"
check "marked_suite_with_its_catalogue_gives_no_warning" "stderr: $err" test -z "$err"
# Without a root, two scenarios of the same folder and file name have the same name: refused.
mkdir -p "$outside/twins/a/sub" "$outside/twins/b/sub"
cited_scenario MY-STARTUP >"$outside/twins/a/sub/f.json"
cited_scenario MY-STARTUP >"$outside/twins/b/sub/f.json"
run list "$outside/twins"
check "same_scenario_name_twice_exits_with_status_2" "status $status" status_is 2
check "same_scenario_name_twice_names_both_files" "stderr: $err" \
    holds "$err" "$outside/twins/b/sub/f.json: case id \"sub/f\" appears twice in the run (also a case of $outside/twins/a/sub/f.json)"
check "same_scenario_name_twice_says_how_to_mark_the_root" "stderr: $err" \
    holds "$err" "mark the suite's root folder"

# --- requirement ids: --requirements, a catalogue that lacks an id, none at all ----------------
run update-reference "$mysuite"
check "outside_suite_reference_recorded" "status $status, stderr: $err" \
    test "$status" -eq 0 -a -s "$mysuite/f01.reference/default.jsonl"
run run "$mysuite" --out "$work/unchecked-out" --quiet
check "run_without_catalogue_exits_with_status_0" "status $status, stderr: $err" status_is 0
check "run_without_catalogue_warns_on_stderr" "stderr: $err" \
    count_is "$err" "wsdsim run: warning: requirement ids not checked" 1
check "run_without_catalogue_says_so_in_index_json" "" \
    grep -qF '"requirementsChecked": false' "$work/unchecked-out/index.json"
check "run_without_catalogue_says_so_in_summary_md" "" \
    grep -qF "requirement ids were not checked" "$work/unchecked-out/summary.md"
check "run_without_catalogue_says_so_in_summary_html" "" \
    grep -qF "requirement ids were not" "$work/unchecked-out/summary.html"
check "run_with_the_suite_catalogue_says_ids_were_checked" "" \
    grep -qF '"requirementsChecked": true' "$work/out/index.json"
run run "$mysuite" --requirements "$outside/marked/requirements.json" \
    --out "$work/checked-out" --quiet
check "run_with_requirements_option_exits_with_status_0" "status $status, stderr: $err" \
    status_is 0
check "run_with_requirements_option_gives_no_warning" "stderr: $err" test -z "$err"
check "run_with_requirements_option_says_ids_were_checked" "" \
    grep -qF '"requirementsChecked": true' "$work/checked-out/index.json"
check "run_with_requirements_option_puts_the_catalogue_in_the_report" "" \
    grep -qF '"text": "WSAStartup succeeds."' "$work/checked-out/index.json"
# A catalogue that lacks an id a scenario cites: bad input, located at the id.
echo '[ { "id": "OTHER" } ]' >"$work/other-catalogue.json"
for command in list run update-reference; do
    extra=()
    [ "$command" = run ] && extra=(--out "$work/no-out")
    run "$command" "$mysuite" --requirements "$work/other-catalogue.json" "${extra[@]}"
    check "${command}_with_a_catalogue_lacking_a_cited_id_exits_with_status_2" \
        "status $status, stderr: $err" status_is 2
    check "${command}_with_a_catalogue_lacking_a_cited_id_locates_it" "stderr: $err" \
        holds "$err" "$mysuite/f01.json:5:59: /steps/0/expect/requirements/0: requirement \"MY-STARTUP\" is not in the catalogue $work/other-catalogue.json"
done
check "run_with_a_catalogue_lacking_a_cited_id_writes_no_report" "" test ! -e "$work/no-out"
for command in explain check; do
    if [ "$command" = explain ]; then
        run explain "$mysuite/f01.json" --requirements "$work/other-catalogue.json"
    else
        run check "$mysuite/f01.reference/default.jsonl" --scenario "$mysuite/f01.json" \
            --requirements "$work/other-catalogue.json"
    fi
    check "${command}_with_a_catalogue_lacking_a_cited_id_exits_with_status_2" \
        "status $status, stderr: $err" status_is 2
    check "${command}_with_a_catalogue_lacking_a_cited_id_locates_it" "stderr: $err" \
        holds "$err" "$mysuite/f01.json:5:59: "
done
cited_scenario NOT-CATALOGUED >"$outside/marked/feature/f03.json"
run list "$outside/marked"
check "suite_catalogue_lacking_a_cited_id_exits_with_status_2" "status $status" status_is 2
check "suite_catalogue_lacking_a_cited_id_locates_it" "stderr: $err" \
    holds "$err" "$outside/marked/feature/f03.json:5:59: /steps/0/expect/requirements/0: requirement \"NOT-CATALOGUED\" is not in the catalogue"
rm "$outside/marked/feature/f03.json"
# Malformed --requirements files: exit status 2, the file, the line and the column.
printf '[\n  { "id": "A" },\n]\n' >"$work/requirements-trailing-comma.json"
printf '[\n  { "id": "A" },\n  { "text": "no id" }\n]\n' >"$work/requirements-no-id.json"
printf '[\n  { "id": "A" },\n  { "id": "A" }\n]\n' >"$work/requirements-twice.json"
printf '{ "id": "A" }\n' >"$work/requirements-object.json"
for bad in "trailing-comma:3:1:invalid JSON" "no-id:3:3:missing required field \"id\"" \
    "twice:3:11:requirement id \"A\" appears twice" \
    "object:1:1:expected a requirement catalogue"; do
    name=${bad%%:*}
    place=${bad#*:}
    place=${place%:*}
    expected=${bad##*:}
    file="$work/requirements-$name.json"
    run run "$mysuite" --requirements "$file" --out "$work/no-out" --quiet
    check "run_with_requirements_${name}_exits_with_status_2" "status $status" status_is 2
    check "run_with_requirements_${name}_names_file_line_and_column" "stderr: $err" \
        holds "$err" "$file:$place: "
    check "run_with_requirements_${name}_says_what_was_expected" "stderr: $err" \
        holds "$err" "$expected"
done
run list "$mysuite" --requirements "$work/no-such-catalogue.json"
check "requirements_option_naming_no_file_exits_with_status_2" "status $status" status_is 2
check "requirements_option_naming_no_file_names_it" "stderr: $err" \
    holds "$err" "$work/no-such-catalogue.json: no such requirement catalogue file"

# --- help of the program and of every subcommand -----------------------------------------------
run --help
check "help_exits_with_status_0" "status $status" status_is 0
for command in run list check update-reference; do
    run "$command" --help
    check "${command}_help_exits_with_status_0" "status $status" status_is 0
    check "${command}_help_prints_its_usage" "stdout: $out" matches "$out" "Usage:.* $command"
done

check_summary
