#!/usr/bin/env bash
# The Linux driver names a send's EPIPE from the socket's state as the kernel reports it, not from
# a memory of its own: after shutdown(SD_SEND) of an unconnected UDP socket fails with ENOTCONN
# (Linux has still shut the send direction), the next send gives WSAESHUTDOWN, not WSAECONNRESET.
# Usage: linux-send-epipe-test.sh DRIVER
set -u
driver=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A port of its own, so that a suite running beside this test does not collide with it.
port=$((20000 + $$ % 20000))

cat >"$work/case.json" <<JSON
{
  "format": "wsdsim-case/1",
  "id": "driver-test/udp-send-after-failed-shutdown",
  "scenario": "driver-test/udp-send-after-failed-shutdown",
  "profile": "tcp-ip",
  "hosts": ["127.0.0.1", "127.0.0.2"],
  "port_offset": 0,
  "topology": { "faults": [] },
  "threads": [ { "name": "sender", "host": 0 } ],
  "steps": [
    { "index": 0, "id": "socket", "thread": "sender", "call": "socket",
      "args": { "af": "AF_INET", "protocol": "IPPROTO_UDP", "type": "SOCK_DGRAM" },
      "at_ns": null, "after": null, "as": "u" },
    { "index": 1, "id": "shutdown", "thread": "sender", "call": "shutdown",
      "args": { "how": "SD_SEND", "s": "u" }, "at_ns": null, "after": null, "as": null },
    { "index": 2, "id": "connect", "thread": "sender", "call": "connect",
      "args": { "host": 1, "port": $port, "s": "u" }, "at_ns": null, "after": null, "as": null },
    { "index": 3, "id": "send", "thread": "sender", "call": "send",
      "args": { "data": "after", "s": "u" }, "at_ns": null, "after": null, "as": null }
  ],
  "until_ns": 2000000000
}
JSON

"$driver" "$work/case.json" "$work/trace.jsonl" "$(date +%s%N)" >"$work/out" 2>&1
status=$?
if [ "$status" != 0 ]; then
    echo "FAIL   the driver exited with $status:"
    cat "$work/out"
    exit 1
fi

/usr/bin/python3 - "$work/trace.jsonl" <<'PY'
import json, sys
returns = {}
for line in open(sys.argv[1]):
    event = json.loads(line)
    if event["kind"] == "return":
        returns[event["step"]] = event
failed = 0
def check(name, ok, got):
    global failed
    print(("PASS   " if ok else "FAIL   ") + name + ("" if ok else ": got " + got))
    failed += 0 if ok else 1
shutdown, send = returns.get(1), returns.get(3)
# Linux refuses shutdown() of an unconnected UDP socket (inet_shutdown: ENOTCONN in TCP_CLOSE) but
# sets the shutdown bits all the same: what the send below tests rests on that.
check("shutdown_of_unconnected_udp_fails_with_enotconn",
      shutdown is not None and shutdown["error"] == "WSAENOTCONN", json.dumps(shutdown))
check("send_after_gives_epipe_from_the_kernel",
      send is not None and send["errno"] == 32, json.dumps(send))
check("send_after_is_wsaeshutdown",
      send is not None and send["error"] == "WSAESHUTDOWN", json.dumps(send))
sys.exit(1 if failed else 0)
PY
