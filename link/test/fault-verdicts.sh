#!/usr/bin/env bash
# link:fault_scenarios_get_verdicts (Linux) and link:wine_fault_scenarios_get_verdicts: every
# case of scenarios/faults, run on the implementation on the scenario's link (wsdsim run --network
# link --jobs 2), gets a real verdict: not UNSUPPORTED for a reason of the network (the link
# applies the faults loopback could not) and not ERROR (the runner works, in parallel too).
# UNSUPPORTED for what the implementation itself cannot express (event objects on Linux, for one)
# stays, with its reason. On Wine the wire must be the link's: Wine's sockets live in wineserver,
# so a wineserver outside the case's namespace would make them on the root namespace's loopback.
# A FAIL is a finding about the implementation, not a fault of the link: listed, not failed on.
# Usage: fault-verdicts.sh WSDSIM SCENARIOS_DIR OUT_DIR [IMPL]
set -uo pipefail
wsdsim=$1
scenarios=$2
out=$3
export LINK_IMPL=${4:-linux}
source "$(dirname "$0")/run-on-link.sh"
if [ "$LINK_IMPL" = wine ] && [ ! -x /usr/lib/wine/wine64 ]; then
  echo "SKIP: Wine is not installed (no /usr/lib/wine/wine64)"
  exit 77
fi
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
# A judged case's trace has the segments the link carried: none means that its sockets were
# not on the link (Wine's made by a wineserver outside the namespace, on loopback).
folder = sys.argv[1].rsplit("/", 1)[0]
def crossed_the_link(case):
    with open(f'{folder}/{case["artifacts"]["trace"]}') as trace:
        return any(json.loads(line).get("kind") == "segment" for line in trace if line.strip())
off_link = [c for c in cases if c["verdict"] != "UNSUPPORTED" and not crossed_the_link(c)]
for c in off_link:
    print(f'FAIL: {c["id"]}: no segment crossed the link')
for c in cases:
    print(f'{c["verdict"]:12} {c["id"]}: {c.get("reason", "")}')
if not cases:
    print("FAIL: no case ran")
    sys.exit(1)
if off_link:
    sys.exit(1)
if bad:
    print(f"FAIL: {len(bad)} of {len(cases)} cases ERROR or UNSUPPORTED for the network on the link")
    sys.exit(1)
print(f"all {len(cases)} fault cases got a real verdict on the link")
PY
