#!/bin/bash
# Tests of `cmake --install`: the installed wsdsim runs the installed suite from an empty folder
# with the build tree's verdicts, runs a user's scenarios against the installed catalogue, finds
# its drivers in libexec/, bundles the Winsock driver with its runner, prints its version and
# subcommands, and says so when its files are gone.
# Usage: install-test.sh <the build tree's wsdsim> <the source tree's scenarios folder>
set -u

. "$(dirname "$0")/check-lib.sh" install-test "$@"
build=$(cd "$(dirname "$wsdsim")/.." && pwd)
here=$(cd "$(dirname "$0")" && pwd)
prefix=$work/prefix

cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1
check "cmake_install_succeeds" "$(tail -3 "$work/install.log")" test $? -eq 0
for file in bin/wsdsim libexec/wsdsim/wsdsim-driver-linux libexec/wsdsim/wsdsim-link share/wsdsim/scenarios/requirements.json \
    share/wsdsim/scenarios/scenario.schema.json share/wsdsim/known-divergences.json \
    share/wsdsim/trace.schema.json share/wsdsim/docs/README.md share/wsdsim/docs/sim/wsd.md \
    include/ns3/wsa-provider.h include/wsdsim/winsock-symbols.h lib/cmake/wsd/wsdConfig.cmake; do
    check "installs_$file" "" test -e "$prefix/$file"
done
installed=$prefix/bin/wsdsim

# --version and a bare wsdsim.
version=$("$installed" --version)
check "version_names_wsdsim_and_ns3" "$version" \
    grep -qzE '^wsdsim [0-9]+\.[0-9]+\.[0-9]+.ns-3 3\.[0-9]+' <<<"$version"
bare=$("$installed" 2>&1)
bare_status=$?
check "bare_wsdsim_is_a_usage_error" "status $bare_status" test "$bare_status" -eq 2
for command in run list check explain merge update-reference schema bundle import; do
    check "bare_wsdsim_lists_$command" "$bare" grep -qE "^  $command +[A-Z]" <<<"$bare"
done

# The installed suite, run from an empty folder, has the build tree's verdicts.
mkdir "$work/empty"
(cd "$work/empty" && "$installed" run --quiet --jobs 2) >"$work/installed-run.log" 2>&1
check "installed_run_in_an_empty_folder_exits_with_status_0" "$(tail -3 "$work/installed-run.log")" \
    test $? -eq 0
check "installed_run_writes_reports_latest_there" "" test -s "$work/empty/reports/latest/index.json"
(cd "$(dirname "$scenarios")" && "$wsdsim" run --quiet --jobs 2 --out "$work/build-report")
check "installed_run_has_the_build_trees_verdicts" "" \
    python3 "$here/same-verdicts.py" "$work/build-report/index.json" \
    "$work/empty/reports/latest/index.json"

# A user's scenarios outside any suite: checked against the installed catalogue, unless
# --requirements names another.
mkdir -p "$work/user/my-scenarios"
cp "$scenarios/half-close/both-sides-send-disconnect.json" "$work/user/my-scenarios/"
cd "$work/user"
"$installed" update-reference my-scenarios >"$work/update.log" 2>&1
check "user_scenarios_get_a_reference" "$(tail -3 "$work/update.log")" test $? -eq 0
"$installed" run my-scenarios --quiet >"$work/user-run.out" 2>"$work/user-run.err"
check "user_scenarios_run_with_status_0" "$(cat "$work/user-run.err")" test $? -eq 0
check "user_scenarios_checked_against_the_installed_catalogue" "$(cat "$work/user-run.err")" \
    grep -q '"requirementsChecked": true' reports/latest/index.json
# A catalogue of the user's own, which lacks the ids the scenario cites: refused, by name.
cat >"$work/other-catalogue.json" <<'JSON'
[{"id": "MY-OWN", "source": "my spec", "level": "MUST", "text": "Something of my own."}]
JSON
"$installed" run my-scenarios --quiet --requirements "$work/other-catalogue.json" \
    --out "$work/user-other" 2>"$work/user-other.err"
status=$?
check "user_requirements_option_replaces_the_installed_catalogue" \
    "status $status: $(cat "$work/user-other.err")" \
    bash -c "test $status -eq 2 && grep -q 'WSD-' '$work/user-other.err'"
cd "$work"

# The drivers come from libexec/wsdsim, the known divergences from share/wsdsim: a case Linux
# is known to answer otherwise is XFAIL.
(cd "$work/empty" && "$installed" run --impl linux \
    --filter '^async/peer-close-readiness\[close=graceful\]$' --quiet --out linux-report)
check "installed_linux_driver_runs" "" \
    grep -q '"implementation": "linux"' "$work/empty/linux-report/index.json"
check "installed_known_divergences_apply" "" \
    grep -q '"verdict": "XFAIL"' "$work/empty/linux-report/index.json"
# `wsdsim bundle` from the install: the driver from libexec/wsdsim, run.cmd and README.txt from
# share/wsdsim/bundle (only when this build has the Winsock driver).
if [ -f "$build/drivers/wsdsim-driver-winsock.exe" ]; then
    (cd "$work/empty" && "$installed" bundle --filter '^half-close/both-sides-send-disconnect' \
        --out bundle.zip) >"$work/bundle.log" 2>&1
    check "installed_bundle_exits_with_status_0" "$(tail -3 "$work/bundle.log")" test $? -eq 0
    check "installed_bundle_holds_the_driver_and_its_runner" "" python3 -c '
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
wanted = {"wsdsim-bundle/" + name for name in
          ("wsdsim-driver-winsock.exe", "run.cmd", "README.txt", "bundle.json", "cases/0001.json")}
sys.exit(0 if wanted <= names else f"missing {sorted(wanted - names)}")' "$work/empty/bundle.zip"
fi
# Without the Winsock driver (or without Wine) the wine cases are UNSUPPORTED, saying why.
rm -f "$prefix/libexec/wsdsim/wsdsim-driver-winsock.exe"
(cd "$work/empty" && "$installed" run --impl wine --filter '^half-close/both-sides-send-disconnect' \
    --quiet --out wine-report)
check "missing_winsock_driver_makes_wine_cases_unsupported" "" \
    grep -q '"verdict": "UNSUPPORTED"' "$work/empty/wine-report/index.json"
check "missing_winsock_driver_is_named_as_the_reason" "" \
    grep -q 'the Winsock driver was not built' "$work/empty/wine-report/index.json"
if [ -f "$build/drivers/wsdsim-driver-winsock.exe" ]; then
    bundle_out=$(cd "$work/empty" && "$installed" bundle --out no-driver.zip 2>&1)
    status=$?
    check "bundle_without_the_winsock_driver_exits_with_status_2" "status $status: $bundle_out" \
        test "$status" -eq 2
    check "bundle_without_the_winsock_driver_names_it" "$bundle_out" \
        grep -qF "$prefix/libexec/wsdsim/wsdsim-driver-winsock.exe" <<<"$bundle_out"
    check "bundle_without_the_winsock_driver_leaves_no_zip" "" \
        bash -c "! ls '$work/empty' | grep -q no-driver"
fi

# A wsdsim copied away from its files says where it looked.
mkdir "$work/lonely"
cp "$installed" "$work/lonely/wsdsim"
lonely=$(cd "$work/empty" && "$work/lonely/wsdsim" run 2>&1)
status=$?
check "wsdsim_without_its_files_exits_with_status_2" "status $status" test "$status" -eq 2
check "wsdsim_without_its_files_says_where_it_looked" "$lonely" \
    grep -qF "$work/share/wsdsim/scenarios" <<<"$lonely"

check_summary
