#!/usr/bin/env bash
# Opens a generated report in headless Chromium as a reader would: every case's sequence diagram
# drawn (lifelines, arrows), nothing overflowing, narration and pcap links present; keeps a
# screenshot. Usage: browser-test.sh WSDSIM SCENARIOS_DIR ARTIFACT_DIR
set -uo pipefail

wsdsim=$1
scenarios=$2
artifacts=$3
here=$(cd "$(dirname "$0")" && pwd)

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "chromium is not installed (scripts/setup.sh installs it)"
  echo "0 passed, 0 failed"
  exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/wsdsim-browser-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$artifacts"

# A copy of the scenarios in which one case is made to diverge (graceful-sequence with
# shutdown: closesocket is "expected" to fail), so that the report also draws a reference and
# an actual diagram side by side.
cp -r "$scenarios" "$work/scenarios"
python3 - "$work/scenarios/lifecycle/graceful-sequence.json" <<'PY'
import json, sys
path = sys.argv[1]
with open(path) as f:
    scenario = json.load(f)
for step in scenario["steps"]:
    if step.get("id") == "client-close":
        step["expect"] = [dict(step["expect"], when={"disconnect": "send-disconnect"}),
                          {"result": "SOCKET_ERROR", "error": "WSAENOTSOCK",
                           "requirements": ["GRC-SEQUENCE"], "when": {"disconnect": "shutdown"}}]
with open(path, "w") as f:
    json.dump(scenario, f, indent=2)
PY

filter='lifecycle/graceful-sequence|linger/close-fin-lost\[start=send-disconnect\]|linger/hard-close-no-time-wait\[close=hard\]|half-close/peer-keeps-sending\[call=send-disconnect\]'
"$wsdsim" run "$work/scenarios" --filter "$filter" --pcap --quiet --out "$work/report"
status=$?
if [ "$status" -ne 1 ]; then
  echo "FAIL  wsdsim run exited with $status; expected 1 (one case made to FAIL)"
  echo "0 passed, 1 failed"
  exit 1
fi

# summary.html carries no script. A page of the test's own shows it in a 1400 px wide frame,
# opens every case's <details>, measures each diagram against its container once laid out, and
# copies the frame's DOM (with what it measured) into its own, which --dump-dom prints.
cat > "$work/report/browser-check.html" <<'HTML'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><style>body { margin: 0; }
iframe { border: 0; width: 1400px; height: 3000px; display: block; }</style></head>
<body><iframe id="report" src="summary.html"></iframe><pre id="dom" hidden></pre>
<script>
document.getElementById('report').addEventListener('load', function () {
  var doc = this.contentDocument;
  var cases = doc.querySelectorAll('details.seqcase');
  cases.forEach(function (d) { d.open = true; });
  var overflowing = [], checked = 0;
  var html = doc.documentElement;
  var pageWide = html.scrollWidth > html.clientWidth + 1;
  cases.forEach(function (d) {
    d.querySelectorAll('svg.seq').forEach(function (svg) {
      var box = svg.parentElement.getBoundingClientRect(), r = svg.getBoundingClientRect();
      var over = r.width < 1 || r.left < box.left - 0.5 || r.right > box.right + 0.5;
      svg.setAttribute('data-overflow', over ? '1' : '0');
      svg.setAttribute('data-rendered-width', String(Math.round(r.width)));
      checked++;
      if (over) { overflowing.push(d.id); }
    });
  });
  doc.body.setAttribute('data-layout-check',
    (overflowing.length || pageWide ? 'overflow ' + (pageWide ? 'page ' : '') + overflowing.join(' ')
                                    : 'ok') + ' diagrams=' + checked);
  document.getElementById('dom').textContent = html.outerHTML;
});
</script></body></html>
HTML

url="file://$work/report/browser-check.html"
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --allow-file-access-from-files --hide-scrollbars --window-size=1400,3000)
timeout 120 "$browser" "${flags[@]}" --user-data-dir="$work/profile-dom" --dump-dom "$url" \
  > "$work/dom.html" 2> "$work/chromium-dom.log"
timeout 120 "$browser" "${flags[@]}" --user-data-dir="$work/profile-shot" \
  --screenshot="$artifacts/report.png" "$url" > "$work/chromium-shot.log" 2>&1
cp "$work/report/summary.html" "$artifacts/summary.html"

python3 "$here/browser-check.py" "$work/dom.html" "$work/report" "$artifacts/report.png"
