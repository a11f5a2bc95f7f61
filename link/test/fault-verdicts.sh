#!/usr/bin/env bash
# link:fault_scenarios_get_verdicts: every case of scenarios/faults, run on Linux on the
# scenario's link (wsdsim run --network link --jobs 2), gets a real verdict: not UNSUPPORTED for a
# reason of the network (the link applies the faults loopback could not) and not ERROR (the runner
# works, in parallel too). UNSUPPORTED for what Linux itself cannot express (event objects, for
# one) stays, with its reason.
# A FAIL is a finding about Linux, not a fault of the link: it is listed, not failed on.
# Usage: fault-verdicts.sh WSDSIM SCENARIOS_DIR OUT_DIR
set -uo pipefail
wsdsim=$1
scenarios=$2
out=$3
source "$(dirname "$0")/run-on-link.sh"
run_on_link "$wsdsim" "$out" "$scenarios/faults" --jobs 2
python3 - "$out/index.json" <<'PY'
import json, sys
cases = json.load(open(sys.argv[1]))["cases"]
# The reasons a case is UNSUPPORTED for the network: no fault injection (drivers/platform.h,
# NeedsNetworkFaults) and no link without root (run/driver-backend.cc).
network_words = ("loopback", "fault injection", "root")
def for_the_network(case):
    reason = case.get("reason", "")
    return case["verdict"] == "UNSUPPORTED" and any(w in reason for w in network_words)
bad = [c for c in cases if c["verdict"] == "ERROR" or for_the_network(c)]
for c in cases:
    print(f'{c["verdict"]:12} {c["id"]}: {c.get("reason", "")}')
if not cases:
    print("FAIL: no case ran")
    sys.exit(1)
if bad:
    print(f"FAIL: {len(bad)} of {len(cases)} cases ERROR or UNSUPPORTED for the network on the link")
    sys.exit(1)
print(f"all {len(cases)} fault cases got a real verdict on the link")
PY
