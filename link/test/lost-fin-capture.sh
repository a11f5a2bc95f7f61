#!/usr/bin/env bash
# link:lost_fin_in_trace_and_pcaps: linger/close-fin-lost (start=close-only) on Linux on the
# scenario's link, with --pcap. The link drops the first FIN that reaches host 1 from 50 ms on.
# The case's trace must hold the link's segments (wireObserved), the dropped FIN as the model's
# traces show a lost segment (sent by host 0, never received by host 1: one FIN fewer received
# than sent, none received before the retransmission left), and the run's two pcaps, read here
# without libpcap, must be each host's view: host 0's holds every FIN it sent, host 1's one fewer.
# The verdict itself is not checked (Linux's retransmission timer is not the model's).
# Usage: lost-fin-capture.sh WSDSIM SCENARIO OUT_DIR
set -uo pipefail
wsdsim=$1
scenario=$2
out=$3
source "$(dirname "$0")/run-on-link.sh"
run_on_link "$wsdsim" "$out" "$scenario" --pcap --filter 'start=close-only'
python3 - "$out" <<'PY' || exit 1
import json, os, struct, sys

out = sys.argv[1]
cases = json.load(open(os.path.join(out, "index.json")))["cases"]
problems = []
def check(condition, what):
    if not condition:
        problems.append(what)

check(len(cases) == 1, f"expected one case, found {len(cases)}")
case = cases[0]
print(f'{case["verdict"]} {case["id"]}: {case.get("reason", "")}')
check(case["verdict"] not in ("ERROR", "UNSUPPORTED"), "the case did not run: " + case["verdict"])
check(case.get("wireObserved") is True, "wireObserved is not true")

# The trace: the FINs host 0 sent, and those host 1 received.
events = [json.loads(line) for line in open(os.path.join(out, case["artifacts"]["trace"]))]
segments = [e for e in events if e["kind"] == "segment"]
def fins(host, direction):
    return [s for s in segments if s["host"] == host and s["dir"] == direction
            and "FIN" in s["flags"].split("|") and s["src"].startswith("10.0.0.1:")]
sent, received = fins(0, "tx"), fins(1, "rx")
print(f"trace: {len(segments)} segments; host 0 sent {len(sent)} FIN(s) at "
      f"{[s['time_ns'] for s in sent]} ns, host 1 received {len(received)} at "
      f"{[s['time_ns'] for s in received]} ns")
check(len(segments) > 0, "no segments in the trace")
check(len(sent) >= 2, "expected the lost FIN and its retransmission sent by host 0")
check(len(received) == len(sent) - 1, "expected exactly one FIN lost (sent, never received)")
if len(sent) >= 2 and received:
    check(received[0]["time_ns"] >= sent[1]["time_ns"],
          "host 1 received a FIN before the retransmission left: the first was not lost")
    check(all(r["seq"] == sent[0]["seq"] for r in received + sent),
          "the retransmitted FIN has another sequence number than the lost one")

# The pcaps: one per host, LINKTYPE_RAW, nanosecond time stamps (read without libpcap).
def read_pcap(path):
    data = open(path, "rb").read()
    magic, major, minor, _, _, _, linktype = struct.unpack("<IHHiIII", data[:24])
    check(magic == 0xA1B23C4D, f"{path}: not a nanosecond pcap (magic {magic:#x})")
    check(linktype == 101, f"{path}: link type {linktype}, expected 101 (LINKTYPE_RAW)")
    packets, offset = [], 24
    while offset + 16 <= len(data):
        seconds, nanoseconds, captured, length = struct.unpack("<IIII", data[offset:offset + 16])
        packets.append((seconds * 10**9 + nanoseconds, data[offset + 16:offset + 16 + captured]))
        offset += 16 + captured
    check(offset == len(data), f"{path}: a truncated record")
    return packets

def fin_count(packets):
    count = 0
    for _, ip in packets:
        header = (ip[0] & 0x0F) * 4
        if ip[9] == 6 and ip[12:16] == bytes([10, 0, 0, 1]) and ip[header + 13] & 0x01:
            count += 1
    return count

pcaps = (case["artifacts"]["pcap"] or "").split()
check(sorted(p[-10:] for p in pcaps) == ["host0.pcap", "host1.pcap"],
      f"expected PREFIX-host0.pcap and PREFIX-host1.pcap, found {pcaps}")
views = {}
for name in pcaps:
    packets = read_pcap(os.path.join(out, name))
    views[name[-10:-5]] = packets
    check(all(ip[0] >> 4 == 4 and {ip[12:16], ip[16:20]} == {bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])}
              for _, ip in packets), f"{name}: a packet not between 10.0.0.1 and 10.0.0.2")
    check(all(a[0] <= b[0] for a, b in zip(packets, packets[1:])), f"{name}: times go back")
    print(f"{name}: {len(packets)} packets, {fin_count(packets)} FIN(s) from 10.0.0.1")
if len(views) == 2:
    # A pcap holds all of its host's wire, the process's exit after the case's end included.
    check(fin_count(views["host0"]) >= len(sent), "host 0's pcap lacks FINs the trace has")
    check(fin_count(views["host1"]) == fin_count(views["host0"]) - 1,
          "host 1's pcap should lack exactly the dropped FIN")

for problem in problems:
    print("FAIL: " + problem)
sys.exit(1 if problems else 0)
PY
# tcpdump reads them too, where it is installed.
if command -v tcpdump >/dev/null; then
  count=0
  while IFS= read -r -d '' pcap; do
    tcpdump -nr "$pcap" >/dev/null 2>&1 || { echo "FAIL: tcpdump cannot read $pcap"; exit 1; }
    count=$((count + 1))
  done < <(find "$out/pcap" -name '*.pcap' -print0)
  if [ "$count" -ne 2 ]; then
    echo "FAIL: tcpdump found $count pcaps, expected 2"
    exit 1
  fi
  echo "tcpdump reads both pcaps"
fi
echo "the lost FIN is in the trace as lost, and each host's pcap is its view"
