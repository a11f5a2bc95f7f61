#!/bin/bash
# The wine backend makes its Wine prefix on first use, in the user's cache folder
# ($XDG_CACHE_HOME/wsdsim/wine-prefix, else ~/.cache/wsdsim/wine-prefix), never in the build tree.
# It is the CTest fixture of the tests that run the Winsock driver under Wine in that prefix.
# Usage: wine-prefix-test.sh <wsdsim> <scenarios folder>
set -u

. "$(dirname "$0")/check-lib.sh" wine-prefix "$@"
prefix=${XDG_CACHE_HOME:-$HOME/.cache}/wsdsim/wine-prefix

"$wsdsim" run "$scenarios" --impl wine --filter '^half-close/both-sides-send-disconnect' --quiet \
    --out "$work/report" >"$work/run.log" 2>&1
check "wine_run_exits_with_status_0" "$(tail -3 "$work/run.log")" test $? -eq 0
check "wine_prefix_is_made_in_the_cache_folder" "" test -f "$prefix/.wsdsim-ready"
check "wine_case_ran_under_wine" "" grep -q '"implementation": "wine"' "$work/report/index.json"
check "wine_case_was_not_unsupported" "" bash -c "! grep -q '\"verdict\": \"UNSUPPORTED\"' '$work/report/index.json'"

check_summary
