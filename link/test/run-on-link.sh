# Sourced by the link tests that run scenarios on Linux on the scenario's link: SKIP unless root
# (skip-unless-root.sh), and run_on_link.
source "$(dirname "${BASH_SOURCE[0]}")/skip-unless-root.sh"

# run_on_link WSDSIM OUT ARGS...: `wsdsim run ARGS --impl $LINK_IMPL --network link --quiet --out
# OUT` into a fresh OUT (LINK_IMPL: linux unless set). Status 0 (all passed) and 1 (some FAIL:
# findings about the implementation) go on; above that, a harness fault, the test FAILs.
run_on_link() {
  local wsdsim=$1 out=$2
  shift 2
  rm -rf "$out"
  "$wsdsim" run "$@" --impl "${LINK_IMPL:-linux}" --network link --quiet --out "$out"
  local status=$?
  if [ "$status" -gt 1 ]; then
    echo "FAIL: wsdsim run exited $status"
    exit 1
  fi
}
