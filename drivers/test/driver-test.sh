#!/usr/bin/env bash
# Tests of the drivers' shared behaviour, each a hand-made wsdsim-case/1 run on a driver and its
# trace checked (docs/driver-contract.md).
#   send-epipe  The Linux driver names a send's EPIPE from the socket's state as the kernel reports
#               it, not from a memory of its own: after shutdown(SD_SEND) of an unconnected UDP
#               socket fails with ENOTCONN (Linux has still shut the send direction), the next
#               send gives WSAESHUTDOWN, not WSAECONNRESET.
#   late-start  A driver ready only after the case start keeps the scenario's waits: it counts
#               at_ns and until_ns from the moment it was ready, and time_ns still from the case
#               start. Run with a start 2 s in the past, a step due at 300 ms (then 200 ms of
#               delay_ns) comes about 500 ms after the first step (at once), not 200 ms, and is not
#               cut short by an until_ns (1 s) that had run out before the driver started.
# Usage: driver-test.sh DRIVER TEST
set -u
driver=$1
test=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Write $work/case.json: one thread "app" on host 0, the steps given (a JSON array's items).
write_case() { # id until_ns steps
    cat >"$work/case.json" <<JSON
{
  "format": "wsdsim-case/1", "id": "driver-test/$1", "scenario": "driver-test/$1",
  "profile": "tcp-ip", "hosts": ["127.0.0.1", "127.0.0.2"], "port_offset": 0,
  "topology": { "faults": [] }, "threads": [ { "name": "app", "host": 0 } ],
  "steps": [ $3 ],
  "until_ns": $2
}
JSON
}

# Run the driver on $work/case.json with a case start, then check its trace with the Python given
# (it sees calls and returns by step, check(name, ok, got) and argv[1:] as given after it).
run_and_check() { # start_epoch_ns python [args...]
    "$driver" "$work/case.json" "$work/trace.jsonl" "$1" >"$work/out" 2>&1
    local status=$?
    if [ "$status" != 0 ]; then
        echo "FAIL   the driver exited with $status:"
        cat "$work/out"
        exit 1
    fi
    local checks=$2
    shift 2
    /usr/bin/python3 - "$work/trace.jsonl" "$@" <<PY
import json, sys
calls, returns = {}, {}
for line in open(sys.argv[1]):
    event = json.loads(line)
    if event["kind"] == "call":
        calls[event["step"]] = event["time_ns"]
    if event["kind"] == "return":
        returns[event["step"]] = event
failed = 0
def check(name, ok, got):
    global failed
    print(("PASS   " if ok else "FAIL   ") + name + ("" if ok else ": got " + got))
    failed += 0 if ok else 1
argv = sys.argv[2:]
$checks
sys.exit(1 if failed else 0)
PY
}

case $test in
send-epipe)
    # A port of its own, so that a suite running beside this test does not collide with it.
    port=$((20000 + $$ % 20000))
    write_case udp-send-after-failed-shutdown 2000000000 "
    { \"index\": 0, \"id\": \"socket\", \"thread\": \"app\", \"call\": \"socket\",
      \"args\": { \"af\": \"AF_INET\", \"protocol\": \"IPPROTO_UDP\", \"type\": \"SOCK_DGRAM\" },
      \"at_ns\": null, \"after\": null, \"as\": \"u\" },
    { \"index\": 1, \"id\": \"shutdown\", \"thread\": \"app\", \"call\": \"shutdown\",
      \"args\": { \"how\": \"SD_SEND\", \"s\": \"u\" }, \"at_ns\": null, \"after\": null, \"as\": null },
    { \"index\": 2, \"id\": \"connect\", \"thread\": \"app\", \"call\": \"connect\",
      \"args\": { \"host\": 1, \"port\": $port, \"s\": \"u\" }, \"at_ns\": null, \"after\": null, \"as\": null },
    { \"index\": 3, \"id\": \"send\", \"thread\": \"app\", \"call\": \"send\",
      \"args\": { \"data\": \"after\", \"s\": \"u\" }, \"at_ns\": null, \"after\": null, \"as\": null }"
    run_and_check "$(date +%s%N)" '
shutdown, send = returns.get(1), returns.get(3)
# Linux refuses shutdown() of an unconnected UDP socket (inet_shutdown: ENOTCONN in TCP_CLOSE) but
# sets the shutdown bits all the same: what the send below tests rests on that.
check("shutdown_of_unconnected_udp_fails_with_enotconn",
      shutdown is not None and shutdown["error"] == "WSAENOTCONN", json.dumps(shutdown))
check("send_after_gives_epipe_from_the_kernel",
      send is not None and send["errno"] == 32, json.dumps(send))
check("send_after_is_wsaeshutdown",
      send is not None and send["error"] == "WSAESHUTDOWN", json.dumps(send))'
    ;;
late-start)
    socket_step='"call": "socket", "args": { "af": "AF_INET", "protocol": 0, "type": "SOCK_STREAM" }'
    write_case late-start 1000000000 "
    { \"index\": 0, \"id\": \"first\", \"thread\": \"app\", $socket_step,
      \"at_ns\": null, \"after\": null, \"as\": \"a\" },
    { \"index\": 1, \"id\": \"second\", \"thread\": \"app\", $socket_step,
      \"at_ns\": 300000000, \"delay_ns\": 200000000, \"after\": null, \"as\": \"b\" }"
    late_by_ns=2000000000
    run_and_check "$(($(date +%s%N) - late_by_ns))" '
late_by = int(argv[0])
check("time_ns_counts_from_the_case_start",
      0 in calls and calls[0] >= late_by, json.dumps(calls))
check("a_late_driver_keeps_the_wait_between_steps",
      0 in calls and 1 in calls and calls[1] - calls[0] > 400_000_000, json.dumps(calls))
check("a_late_driver_runs_the_case_to_its_end",
      1 in returns and returns[1]["error"] == "NO_ERROR", json.dumps(returns.get(1)))' "$late_by_ns"
    ;;
*)
    echo "driver-test.sh: no test $test" >&2
    exit 2
    ;;
esac
