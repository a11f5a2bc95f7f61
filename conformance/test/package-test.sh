#!/bin/bash
# Tests the Debian package: cpack builds it, its control fields declare ns-3's libraries and
# recommend wine64, it unpacks into a scratch root (dpkg -x: nothing on this machine changes),
# and the wsdsim in it runs its suite from an empty folder with the build tree's verdicts.
# Usage: package-test.sh <the build tree's wsdsim> <the source tree's scenarios folder>
set -u

. "$(dirname "$0")/check-lib.sh" package-test "$@"
build=$(cd "$(dirname "$wsdsim")/.." && pwd)
here=$(cd "$(dirname "$0")" && pwd)

(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/package") \
    >"$work/cpack.log" 2>&1
check "cpack_builds_the_package" "$(tail -5 "$work/cpack.log")" test $? -eq 0
deb=$(ls "$work"/package/wsdsim_*.deb 2>/dev/null | head -n 1)
check "package_is_named_wsdsim_version_arch" "$(ls "$work/package")" test -n "$deb"
depends=$(dpkg-deb -f "$deb" Depends 2>&1)
check "package_depends_on_ns3_libraries" "Depends: $depends" grep -qE '(^|, )libns3\.37' <<<"$depends"
check "package_depends_on_what_shlibdeps_found" "Depends: $depends" grep -qE 'libc6|libstdc\+\+6' <<<"$depends"
check "package_recommends_wine64" "" test "$(dpkg-deb -f "$deb" Recommends)" = "wine64"

dpkg -x "$deb" "$work/root"
check "package_unpacks" "" test -x "$work/root/usr/bin/wsdsim"
check "package_holds_the_drivers" "" test -x "$work/root/usr/libexec/wsdsim/wsdsim-driver-linux"
check "package_holds_the_suite" "" test -s "$work/root/usr/share/wsdsim/scenarios/requirements.json"
check "package_holds_the_wsd_package_config" "" \
    test -n "$(find "$work/root/usr/lib" -name wsdConfig.cmake)"

mkdir "$work/empty"
(cd "$work/empty" && "$work/root/usr/bin/wsdsim" run --quiet --jobs 2) >"$work/run.log" 2>&1
check "packaged_wsdsim_runs_in_an_empty_folder" "$(tail -3 "$work/run.log")" test $? -eq 0
(cd "$(dirname "$scenarios")" && "$wsdsim" run --quiet --jobs 2 --out "$work/build-report")
check "packaged_wsdsim_has_the_build_trees_verdicts" "" \
    python3 "$here/same-verdicts.py" "$work/build-report/index.json" \
    "$work/empty/reports/latest/index.json"

check_summary
