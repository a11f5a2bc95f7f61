#!/bin/bash
# `wsdsim import` treats a results archive as hostile: each bad archive below must make it exit 2
# within 20 s with the archive and the place in the message ("results.zip:ENTRY: ..." or
# "results.zip:FILE:LINE:COLUMN: ..."), write nothing outside --out and leave no --out behind.
# A well-formed archive built the same way is imported first, so that each row fails for its
# own reason. Usage: import-bad-input-test.sh <path of wsdsim> <scenarios folder>
set -u

. "$(dirname "$0")/check-lib.sh" import-bad "$@"
case_id='errors/send-disconnect-fault[buffer=null]'
reference=$scenarios/errors/send-disconnect-fault.reference/buffer=null.jsonl
echo '[]' >"$work/no-known-divergences.json"

# make.py ROW: writes $work/ROW/results.zip (or results/, for the folder rows)
cat >"$work/make.py" <<'PY'
import json, os, stat, sys, zipfile
row, folder, case_id, reference = sys.argv[1:5]
trace = open(reference).read().replace('"implementation":"model"', '"implementation":"winsock"')
results = {
    "format": "wsdsim-results/1",
    "machine": {"implementation": "windows 10.0.22631", "os": "windows 10.0.22631",
                "product_type": "workstation", "wine": None},
    "driver_version": "0.1.0",
    "bundle": {"format": "wsdsim-bundle/1", "cases": [{"id": case_id, "file": "cases/0001.json"}]},
    "timeout_seconds": 45,
    "cases": [{"id": case_id, "file": "cases/0001.json", "exit_code": 0, "timed_out": False,
               "seconds": 1.0, "output": "ENDED 900000000\r\n"}],
}
files = {"results/traces/0001.jsonl": trace, "results/traces/0001.out": "ENDED 900000000\r\n"}
if row == "wrong_case":
    results["bundle"]["cases"][0]["id"] = results["cases"][0]["id"] = "no/such-case"
if row == "stray_trace":
    files["results/traces/0002.jsonl"] = trace
if row == "malformed_trace":
    lines = trace.splitlines(True)
    files["results/traces/0001.jsonl"] = lines[0] + lines[1] + '{"kind":"call",\n'
if row == "trace_of_other_case":
    files["results/traces/0001.jsonl"] = trace.replace(case_id, "errors/send-disconnect-fault[buffer=valid]")
if row == "bad_implementation":
    results["machine"]["implementation"] = "../../etc"
files["results/results.json"] = json.dumps(results)
if row == "path_escape":
    files["results/../../escaped.txt"] = "x"
os.makedirs(folder, exist_ok=True)
if row.startswith("folder_"):
    for name, text in files.items():
        path = os.path.join(folder, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, "w").write(text)
    if row == "folder_symlink":
        os.remove(os.path.join(folder, "results/traces/0001.out"))
        os.symlink("/etc/passwd", os.path.join(folder, "results/traces/0001.out"))
    sys.exit(0)
zip_path = os.path.join(folder, "results.zip")
with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
    for name, text in files.items():
        archive.writestr(name, text)
    if row == "symlink":
        link = zipfile.ZipInfo("results/traces/0001.out.lnk")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    if row == "huge_file":
        with archive.open("results/capture.pcapng", "w", force_zip64=True) as out:
            block = b"\0" * (1 << 20)
            for _ in range(65):
                out.write(block)
if row == "truncated_zip":
    data = open(zip_path, "rb").read()
    open(zip_path, "wb").write(data[: len(data) // 2])
PY

# refused ROW INPUT EXPECTED-PLACE EXPECTED-TEXT
refused() {
    local row=$1 input=$2 place=$3 text=$4
    local out=$work/$row/report status
    timeout 20 "$wsdsim" import "$input" --scenarios "$scenarios" --out "$out" --quiet \
        --known-divergences "$work/no-known-divergences.json" >"$work/$row.stdout" 2>"$work/$row.stderr"
    status=$?
    local message
    message=$(cat "$work/$row.stderr")
    if [ "$status" -ne 2 ] || [[ "$message" != *"$place"* ]] || [[ "$message" != *"$text"* ]]; then
        echo "FAIL  $row: exit $status, expected 2 with \"$place\" and \"$text\"; got: $message"
        failed=$((failed + 1))
    elif [ -e "$out" ] || [ -n "$(find "$work" -name escaped.txt)" ] \
        || [ -n "$(find "$work/$row" -maxdepth 1 -name '.report*')" ]; then
        echo "FAIL  $row: something was left behind"
        failed=$((failed + 1))
    else
        echo "PASS  $row: $message"
        passed=$((passed + 1))
    fi
}

# The well-formed archive and folder import (exit 0 or 1: a verdict, not a refusal).
for row in good folder_good; do
    python3 "$work/make.py" "$row" "$work/$row" "$case_id" "$reference" || exit 2
    input=$work/$row/results.zip
    [ "$row" = folder_good ] && input=$work/$row/results
    "$wsdsim" import "$input" --scenarios "$scenarios" --out "$work/$row/report" --quiet \
        --known-divergences "$work/no-known-divergences.json"
    status=$?
    check "$row" "exit $status, or no windows 10.0.22631 in the report" \
        bash -c "test $status -le 1 && grep -q '\"windows 10.0.22631\"' '$work/$row/report/index.json'"
done

while IFS='|' read -r row place text; do
    python3 "$work/make.py" "$row" "$work/$row" "$case_id" "$reference" || exit 2
    input=$work/$row/results.zip
    [[ "$row" == folder_* ]] && input=$work/$row/results
    refused "$row" "$input" "$place" "$text"
done <<'ROWS'
path_escape|results.zip:results/../../escaped.txt:|escaping the archive
symlink|results.zip:results/traces/0001.out.lnk:|a link or special file
folder_symlink|results:traces/0001.out:|a link or special file
truncated_zip|results.zip|truncated or corrupt
huge_file|results.zip:results/capture.pcapng:|too large
wrong_case|results.zip:results.json: /bundle/cases/0/id:|is in none of the scenarios
stray_trace|results.zip:traces/0002.jsonl:|a case the bundle did not hold
trace_of_other_case|results.zip:traces/0001.jsonl: /case:|the trace of case
malformed_trace|results.zip:traces/0001.jsonl:3:|
bad_implementation|results.zip:results.json: /machine/implementation:|expected a family and a version
ROWS

check_summary
