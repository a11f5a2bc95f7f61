#!/usr/bin/env bash
# link:tcp_crosses_the_link: TCP from 10.0.0.1 to 10.0.0.2 inside wsdsim-link's namespace goes
# through the user-space link, not loopback: a connect takes one round trip of the case's 50 ms
# one-way delay (100 ms; loopback takes microseconds), and the link forwarded packets both ways.
# Usage: link-crossing.sh WSDSIM_LINK CASE_JSON TCP_CONNECT_PROBE
set -uo pipefail
runner=$1
case_file=$2
probe=$3
source "$(dirname "$0")/skip-unless-root.sh"
output=$("$runner" --case "$case_file" --summary -- "$probe" 2>&1)
status=$?
echo "$output"
[ "$status" -eq 0 ] || { echo "FAIL: wsdsim-link exited $status"; exit 1; }
connect_ns=$(sed -n 's/^connect_ns //p' <<<"$output")
# The SYN crosses the link one way, the SYN-ACK the other: 2 x 50 ms at least, and well under
# the 1 s of a SYN retransmission.
if [ -z "$connect_ns" ] || [ "$connect_ns" -lt 100000000 ] || [ "$connect_ns" -ge 1000000000 ]; then
  echo "FAIL: connect took ${connect_ns:-?} ns, expected one round trip of 2 x 50 ms (100 ms to 1 s)"
  exit 1
fi
# The probe saw a SYN and a byte from host 0, a SYN-ACK and a byte from host 1: 2 from each.
if ! grep -Eq 'forwarded ([2-9]|[1-9][0-9]+) from host 0, ([2-9]|[1-9][0-9]+) from host 1' <<<"$output"; then
  echo "FAIL: the link did not forward the connection's packets both ways"
  exit 1
fi
echo "the connection crossed the link"
