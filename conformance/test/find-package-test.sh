#!/bin/bash
# Installs wsdsim into a scratch prefix, then configures, builds and runs examples/find-package:
# an ns-3 program outside the tree that finds the installed module with find_package(wsd) and
# links wsd::wsd.
# Usage: find-package-test.sh <the build tree's wsdsim> <the source tree's scenarios folder>
set -u

. "$(dirname "$0")/check-lib.sh" find-package "$@"
build=$(cd "$(dirname "$wsdsim")/.." && pwd)
example=$(cd "$(dirname "$scenarios")/examples/find-package" && pwd)

cmake --install "$build" --prefix "$work/prefix" >"$work/install.log" 2>&1
check "cmake_install_succeeds" "$(tail -3 "$work/install.log")" test $? -eq 0
cmake -S "$example" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" \
    -DCMAKE_BUILD_TYPE=Release >"$work/configure.log" 2>&1
check "find_package_wsd_configures" "$(tail -5 "$work/configure.log")" test $? -eq 0
cmake --build "$work/build" -j 2 >"$work/build.log" 2>&1
check "example_links_wsd_wsd" "$(tail -8 "$work/build.log")" test $? -eq 0
output=$("$work/build/abortive-close" 2>&1)
status=$?
check "example_runs_an_abortive_close" "status $status: $output" test "$status" -eq 0
check "example_reports_wsaeconnreset" "$output" grep -qF "WSAECONNRESET" <<<"$output"

check_summary
