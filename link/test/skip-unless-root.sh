# Sourced by the link tests: SKIP (CTest's SKIP_RETURN_CODE 77), with the reason, unless root.
if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: the scenario's link needs root (network and PID namespaces, TUN devices)"
  exit 77
fi
