# Shared by the harness's shell tests (cli-test.sh, merge-test.sh, reproducible-test.sh): the
# <wsdsim> <scenarios folder> arguments, a scratch folder removed on exit, check() and the
# closing count. Source it after `set -u`, with the test's short name and its arguments:
#   . "$(dirname "$0")/check-lib.sh" merge "$@"
# It sets wsdsim, scenarios, work, passed and failed.

if [ $# -ne 3 ]; then
    echo "usage: $0 <wsdsim> <scenarios folder>" >&2
    exit 2
fi
wsdsim=$2
scenarios=$3
if [ ! -x "$wsdsim" ] || [ ! -d "$scenarios" ]; then
    echo "$0: $wsdsim is not executable or $scenarios is not a folder" >&2
    exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/wsdsim-$1.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT

passed=0
failed=0

# Record one check: check <name> <detail shown on failure> <command...>; it holds when the
# command succeeds.
check() {
    local name=$1 detail=$2
    shift 2
    if "$@"; then
        echo "PASS  $name"
        passed=$((passed + 1))
    else
        echo "FAIL  $name${detail:+: $detail}"
        failed=$((failed + 1))
    fi
}

# Print the count; the test's exit status is 0 when nothing failed.
check_summary() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
