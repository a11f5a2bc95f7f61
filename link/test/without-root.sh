#!/usr/bin/env bash
# link:without_root_unsupported: without root, a Linux case on the link is UNSUPPORTED with a
# reason saying root is needed (never an ERROR, never run on loopback instead). As root, the
# test drops to the user nobody with setpriv.
# Usage: without-root.sh WSDSIM SCENARIO_FILE
set -uo pipefail
wsdsim=$1
scenario=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
chmod 777 "$out"
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
"${as_user[@]}" "$wsdsim" run "$scenario" --impl linux --network link --quiet --out "$out/report"
status=$?
[ "$status" -le 1 ] || { echo "FAIL: wsdsim run exited $status"; exit 1; }
python3 - "$out/report/index.json" <<'PY'
import json, sys
cases = json.load(open(sys.argv[1]))["cases"]
wrong = [c for c in cases
         if c["verdict"] != "UNSUPPORTED" or "needs root" not in c.get("reason", "")]
for c in cases:
    print(f'{c["verdict"]:12} {c["id"]}: {c.get("reason", "")}')
if not cases or wrong:
    print("FAIL: every case should be UNSUPPORTED, saying the link needs root")
    sys.exit(1)
PY
