#!/bin/bash
# Table-driven test of malformed scenarios, traces and side files (bad-input/table.tsv): each must
# make wsdsim exit 2 with "FILE:LINE:COLUMN: [POINTER: ]what was expected", within 20 s, without a
# crash or a sanitizer report, and leave no report behind (a new --out folder is not created, an
# existing report folder is unchanged).
# Usage: bad-input-test.sh <path of wsdsim> <scenarios folder>
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 <wsdsim> <scenarios folder>" >&2
    exit 2
fi
wsdsim=$1
scenarios=$2
if [ ! -x "$wsdsim" ] || [ ! -d "$scenarios" ]; then
    echo "$0: $wsdsim is not executable or $scenarios is not a folder" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")/bad-input" && pwd) || exit 2
table=$here/table.tsv

# A good case to pair with the bad inputs: a scenario for traces, a trace for scenarios.
good_scenario=$scenarios/errors/send-disconnect-fault.json
good_filter='buffer=null'
good_trace=$scenarios/errors/send-disconnect-fault.reference/buffer=null.jsonl
if [ ! -f "$good_scenario" ] || [ ! -f "$good_trace" ]; then
    echo "$0: $good_scenario or $good_trace is missing" >&2
    exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/wsdsim-bad-input.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/generated" "$work/reports"

# Memory guard for the rows that blow up (a harness bug must fail the row, not the machine):
# ulimit -v for a plain build; ASan reserves terabytes of address space, so there its own RSS
# limit instead.
memory_limit_kb=3145728
asan=0
if ldd "$wsdsim" 2>/dev/null | grep -q 'libasan'; then
    asan=1
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}hard_rss_limit_mb=$((memory_limit_kb / 1024))"
fi

# --- inputs made at test time (too big for git) ------------------------------------------------
minimal_head='{
  "description": "x",
  "threads": [ { "name": "client", "host": 0 } ],
  "steps": [ { "thread": "client", "call": "WSAStartup" } ]'

# A valid scenario of 4 MiB + 1 KiB (a long description).
generate_huge_scenario() {
    {
        printf '{\n  "description": "'
        head -c $((4 * 1024 * 1024 + 1024)) /dev/zero | tr '\0' 'x'
        printf '",\n  "threads": [ { "name": "client", "host": 0 } ],\n'
        printf '  "steps": [ { "thread": "client", "call": "WSAStartup" } ]\n}\n'
    } >"$1"
}

# Valid JSON nested 200000 deep on line 5.
generate_deep_scenario() {
    {
        printf '%s,\n  "matrix": ' "$minimal_head"
        head -c 200000 /dev/zero | tr '\0' '['
        head -c 200000 /dev/zero | tr '\0' ']'
        printf '\n}\n'
    } >"$1"
}

# A matrix of 24 dimensions of 2 labels: 16777216 cases, on one line.
generate_matrix_bomb() {
    {
        printf '{ "description": "x", "matrix": {'
        for i in $(seq 1 24); do
            printf '%s "d%02d": { "a": {}, "b": {} }' "$([ "$i" -gt 1 ] && echo ,)" "$i"
        done
        printf ' }, "threads": [ { "name": "client", "host": 0 } ],'
        printf ' "steps": [ { "thread": "client", "call": "WSAStartup" } ] }\n'
    } >"$1"
}

# The good trace with a 2 MiB line 5.
generate_huge_trace_line() {
    {
        head -n 4 "$good_trace"
        printf '{"args":"'
        head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' 'a'
        printf '","call":"WSAStartup","host":0,"kind":"call","step":5,"thread":"client","time_ns":0}\n'
        tail -n +5 "$good_trace"
    } >"$1"
}

# The path of a row's input, generating it when it is "@name".
input_path() {
    local input=$1
    case "$input" in
        @*)
            local name=${input#@} path
            case "$name" in
                huge-scenario | deep-scenario | matrix-bomb) path=$work/generated/$name.json ;;
                *) path=$work/generated/$name.jsonl ;;
            esac
            if [ ! -e "$path" ]; then
                case "$name" in
                    huge-scenario) generate_huge_scenario "$path" ;;
                    deep-scenario) generate_deep_scenario "$path" ;;
                    matrix-bomb) generate_matrix_bomb "$path" ;;
                    huge-trace-line) generate_huge_trace_line "$path" ;;
                    *) return 1 ;;
                esac
            fi
            echo "$path"
            ;;
        *) echo "$here/$input" ;;
    esac
}

# --- running wsdsim ----------------------------------------------------------------------------
status=0
err=""

# Run wsdsim with a time and memory limit; stderr in $err, exit status in $status.
run_wsdsim() {
    if [ "$asan" -eq 1 ]; then
        timeout 20 "$wsdsim" "$@" >"$work/stdout" 2>"$work/stderr"
    else
        (ulimit -v "$memory_limit_kb" && exec timeout 20 "$wsdsim" "$@") >"$work/stdout" 2>"$work/stderr"
    fi
    status=$?
    err=$(head -c 4000 "$work/stderr")
}

# An existing, complete report folder that failed runs must leave alone.
existing=$work/reports/existing
run_wsdsim run "$good_scenario" --filter "$good_filter" --out "$existing" --quiet
if [ "$status" -ne 0 ] || [ ! -f "$existing/index.json" ]; then
    echo "$0: cannot make the existing report folder (status $status): $err" >&2
    exit 2
fi
snapshot() {
    (cd "$work/reports" && ls -A && find . -type f -exec sha256sum {} + | sort)
}
reports_before=$(snapshot)

# Why the last wsdsim call is not the wanted refusal, or nothing when it is:
# verdict <file the message must name> <place> <pointer> <expected text>
verdict() {
    local file=$1 place=$2 pointer=$3 expected=$4
    if [ "$status" -eq 124 ]; then
        echo "timed out after 20 s"
        return
    fi
    if grep -aqE 'AddressSanitizer|LeakSanitizer|runtime error:' <<<"$err"; then
        echo "sanitizer report: $(grep -a -m1 -E 'AddressSanitizer|LeakSanitizer|runtime error:' <<<"$err")"
        return
    fi
    if [ "$status" -ne 2 ]; then
        echo "exit status $status, not 2; stderr: $(head -n 2 <<<"$err")"
        return
    fi
    local message
    message=$(grep -a -m1 '^wsdsim: ' <<<"$err")
    # The place: FILE:LINE:COLUMN (or FILE:LINE:), or with place "-" FILE: and the pointer.
    local located="$file:$place"
    [ "$place" = "-" ] && located="$file: "
    [[ "$place" == *: ]] || [ "$place" = "-" ] || located="$located: "
    if ! grep -aqF -- "wsdsim: $located" <<<"$message"; then
        echo "message does not start \"$located\": $message"
    elif [ "$pointer" != "-" ] && ! grep -aqF -- ": $pointer: " <<<"$message"; then
        echo "message does not name $pointer: $message"
    elif ! grep -aqF -- "$expected" <<<"$message"; then
        echo "message does not say \"$expected\": $message"
    fi
}

# No report folder made, the existing one unchanged, nothing left beside them.
reports_untouched() {
    local fresh=$1
    if [ -e "$fresh" ]; then
        echo "the failed run created $fresh"
    elif [ "$(snapshot)" != "$reports_before" ]; then
        echo "the failed run changed the report folders: $(diff <(echo "$reports_before") <(snapshot) | head -n 3 | tr '\n' ' ')"
    fi
}

# Try one command of a row; prints why it failed, or nothing.
try_command() {
    local command=$1 path=$2 place=$3 pointer=$4 expected=$5 name=$6 problem
    local fresh=$work/reports/fresh-$name
    case "$command" in
        list)
            run_wsdsim list "$path"
            verdict "$path" "$place" "$pointer" "$expected"
            ;;
        check)
            if [[ "$path" == *.jsonl ]]; then
                run_wsdsim check "$path" --scenario "$good_scenario" --reference "$good_trace"
            else
                run_wsdsim check "$good_trace" --scenario "$path" --reference "$good_trace"
            fi
            verdict "$path" "$place" "$pointer" "$expected"
            ;;
        check-reference)
            run_wsdsim check "$good_trace" --scenario "$good_scenario" --reference "$path"
            verdict "$path" "$place" "$pointer" "$expected"
            ;;
        run | run-known | run-requirements)
            local subject=("$path") file=$path extra=()
            if [ "$command" = run-known ]; then
                subject=("$good_scenario" --filter "$good_filter")
                extra=(--known-divergences "$path")
            elif [ "$command" = run-requirements ]; then
                local root=$work/root-$name
                mkdir -p "$root/errors"
                echo '{}' >"$root/scenario.schema.json"
                cp "$good_scenario" "$root/errors/"
                cp "$path" "$root/requirements.json"
                subject=("$root/errors/$(basename "$good_scenario")" --filter "$good_filter")
                file=$root/requirements.json
            fi
            # Into a folder that does not exist, then over the existing report.
            for out in "$fresh" "$existing"; do
                run_wsdsim run "${subject[@]}" "${extra[@]}" --out "$out" --quiet
                problem=$(verdict "$file" "$place" "$pointer" "$expected")
                [ -z "$problem" ] && problem=$(reports_untouched "$fresh")
                if [ -n "$problem" ]; then
                    echo "$problem"
                    rm -rf "$fresh"
                    return
                fi
            done
            ;;
        *)
            echo "unknown command \"$command\" in the table"
            ;;
    esac
}

passed=0
failed=0
known_failures=0
rows=0
while IFS=$'\t' read -r name commands input place pointer expected known extra; do
    [ -z "$name" ] || [[ "$name" == \#* ]] && continue
    rows=$((rows + 1))
    if [ -z "$known" ] || [ -n "${extra:-}" ] || { [ "$place" = "-" ] && [ "$pointer" = "-" ]; }; then
        echo "FAIL   $name: malformed table row (7 tab-separated columns; a place or a pointer)"
        failed=$((failed + 1))
        continue
    fi
    problems=""
    if ! path=$(input_path "$input"); then
        problems="no generator for $input"
    else
        IFS=',' read -r -a command_list <<<"$commands"
        for command in "${command_list[@]}"; do
            problem=$(try_command "$command" "$path" "$place" "$pointer" "$expected" "$name")
            [ -n "$problem" ] && problems="$problems${problems:+; }$command: $problem"
        done
    fi
    if [ -z "$problems" ]; then
        if [ "$known" != "-" ]; then
            echo "PASS   $name ($commands) -- known bug fixed: clear its mark in table.tsv"
        else
            echo "PASS   $name ($commands)"
        fi
        passed=$((passed + 1))
    elif [ "$known" != "-" ]; then
        echo "KNOWN  $name: $known -- ${problems:0:300}"
        known_failures=$((known_failures + 1))
    else
        echo "FAIL   $name: ${problems:0:600}"
        failed=$((failed + 1))
    fi
done <"$table"

if [ "$rows" -eq 0 ]; then
    echo "no rows in $table"
    failed=$((failed + 1))
fi
if [ "$known_failures" -gt 0 ]; then
    echo "$known_failures known bugs still failing (not counted; see the known column of table.tsv)"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
