#!/bin/bash
# The suite run whole and as 3 shards (`run --shard K/3`) then `merge`d gives the same report,
# timings and absolute paths aside; bad K/N and overlapping or inconsistent shards exit 2.
# Usage: merge-test.sh <path of wsdsim> <scenarios folder>
set -u

. "$(dirname "$0")/check-lib.sh" merge "$@"

# index.json without timings (durationSeconds, wallSeconds) and with absolute paths replaced.
normalise() {
    /usr/bin/python3 - "$1" <<'PY'
import json, sys
def clean(value):
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items() if k not in ("durationSeconds", "wallSeconds")}
    if isinstance(value, list):
        return [clean(v) for v in value]
    if isinstance(value, str) and value.startswith("/"):
        return "<absolute path>"
    return value
print(json.dumps(clean(json.load(open(sys.argv[1]))), indent=1, sort_keys=True))
PY
}

# The shards partition the selection: every case in exactly one.
"$wsdsim" list "$scenarios" >"$work/all.txt"
for k in 1 2 3; do
    "$wsdsim" list "$scenarios" --shard "$k/3" >"$work/list-$k.txt"
done
check "list_shards_partition_the_cases" "$(sort "$work"/list-?.txt | diff - <(sort "$work/all.txt") | head -n 4 | tr '\n' ' ')" \
    cmp -s <(sort "$work"/list-?.txt) <(sort "$work/all.txt")
check "list_shard_1_of_1_is_the_whole_list" "" cmp -s <("$wsdsim" list "$scenarios" --shard 1/1) "$work/all.txt"

# The whole suite, and its 3 shards, with pcaps (artifacts the merge must carry over).
"$wsdsim" run "$scenarios" --jobs 2 --quiet --pcap --out "$work/whole" >/dev/null 2>"$work/whole.stderr"
whole_status=$?
check "unsharded_run_writes_its_index" "status $whole_status: $(head -c 300 "$work/whole.stderr")" test -s "$work/whole/index.json"
for k in 1 2 3; do
    "$wsdsim" run "$scenarios" --jobs 2 --quiet --pcap --shard "$k/3" --out "$work/shard-$k" >/dev/null 2>"$work/shard-$k.stderr"
    status=$?
    check "shard_${k}_of_3_runs" "status $status: $(head -c 300 "$work/shard-$k.stderr")" test -s "$work/shard-$k/index.json"
done

# Merged (shards given out of order): the same index.json as the unsharded run.
"$wsdsim" merge "$work/merged" "$work/shard-3" "$work/shard-1" "$work/shard-2" --quiet 2>"$work/merge.stderr"
merge_status=$?
check "merge_exits_as_the_unsharded_run" "merge $merge_status, unsharded $whole_status: $(head -c 300 "$work/merge.stderr")" \
    test "$merge_status" -eq "$whole_status"
if [ -s "$work/merged/index.json" ]; then
    normalise "$work/whole/index.json" >"$work/whole.json"
    normalise "$work/merged/index.json" >"$work/merged.json"
    check "merged_index_equals_unsharded_index" "$(diff "$work/whole.json" "$work/merged.json" | head -n 8 | tr '\n' ' ')" \
        cmp -s "$work/whole.json" "$work/merged.json"
else
    check "merged_index_written" "no $work/merged/index.json" false
fi
for file in junit.xml summary.md summary.html; do
    check "merged_${file}_written" "" test -s "$work/merged/$file"
done
# junit.xml differs only in its time attributes.
strip_times() { sed -E 's/ time="[^"]*"//g' "$1"; }
check "merged_junit_equals_unsharded_junit_but_times" "$(diff <(strip_times "$work/whole/junit.xml") <(strip_times "$work/merged/junit.xml") | head -n 6 | tr '\n' ' ')" \
    cmp -s <(strip_times "$work/whole/junit.xml") <(strip_times "$work/merged/junit.xml")

# The merged folder holds the unsharded run's artifacts (traces/, pcap/): the same files, the
# same bytes; and every artifact the merged index names is there whenever the unsharded run's is.
differing=$(/usr/bin/python3 - "$work/merged" "$work/whole" <<'PY'
import json, os, sys, filecmp
merged, whole = sys.argv[1], sys.argv[2]
def files(root):
    found = set()
    for top in ("traces", "pcap"):
        for folder, _, names in os.walk(os.path.join(root, top)):
            found.update(os.path.relpath(os.path.join(folder, n), root) for n in names)
    return found
bad = ["only in the unsharded run: " + f for f in sorted(files(whole) - files(merged))]
bad += ["only in the merged run: " + f for f in sorted(files(merged) - files(whole))]
bad += ["differs: " + f for f in sorted(files(whole) & files(merged))
        if not filecmp.cmp(os.path.join(merged, f), os.path.join(whole, f), shallow=False)]
for case in json.load(open(os.path.join(merged, "index.json")))["cases"]:
    artifacts = case.get("artifacts", {})
    for path in [artifacts.get("trace", "")] + artifacts.get("pcap", "").split():
        if path and os.path.isfile(os.path.join(whole, path)) != os.path.isfile(os.path.join(merged, path)):
            bad.append("link broken by the merge: " + path)
print(" ".join(bad[:5]))
PY
)
check "merged_artifacts_equal_the_unsharded_ones" "$differing" test -z "$differing"
trace_count=$(find "$work/merged/traces" -name '*.jsonl' | wc -l)
pcap_count=$(find "$work/merged/pcap" -name '*.pcap' 2>/dev/null | wc -l)
check "merged_folder_holds_every_trace" "$trace_count traces for $(grep -c . "$work/all.txt") cases" \
    test "$trace_count" -eq "$(grep -c . "$work/all.txt")"
check "merged_folder_holds_the_pcaps" "$pcap_count pcaps" test "$pcap_count" -gt 0

# refused <name> <expected text> <command...>: exit status 2 and the text on stderr.
refused() {
    local name=$1 text=$2
    shift 2
    "$@" >"$work/refused.stdout" 2>"$work/refused.stderr"
    local status=$?
    check "$name" "status $status: $(head -c 300 "$work/refused.stderr")" \
        bash -c '[ "$1" -eq 2 ] && grep -qF -- "$2" "$3"' _ "$status" "$text" "$work/refused.stderr"
}
for bad in 0/3 4/3 3 1/0 x/y; do
    refused "run_shard_${bad//\//_of_}_is_refused" "expected K/N with 1 <= K <= N" \
        "$wsdsim" run "$scenarios" --shard "$bad" --quiet --out "$work/bad"
done
refused "list_shard_4_of_3_is_refused" "expected K/N" "$wsdsim" list "$scenarios" --shard 4/3
check "refused_run_leaves_no_report" "" test ! -e "$work/bad"
refused "merging_a_shard_twice_is_refused" "the shards overlap" \
    "$wsdsim" merge "$work/twice" "$work/shard-1" "$work/shard-1"
refused "merging_overlapping_shards_is_refused" "the shards overlap" \
    "$wsdsim" merge "$work/overlap" "$work/shard-1" "$work/whole"
check "refused_merge_leaves_no_report" "" test ! -e "$work/twice" -a ! -e "$work/overlap"
mkdir -p "$work/other-impl"
/usr/bin/python3 -c '
import json, sys
index = json.load(open(sys.argv[1])); index["implementations"] = ["linux"]
for case in index["cases"]: case["implementation"] = "linux"
json.dump(index, open(sys.argv[2], "w"))' "$work/shard-2/index.json" "$work/other-impl/index.json"
refused "merging_shards_of_other_implementations_is_refused" "implementations [linux] differ" \
    "$wsdsim" merge "$work/mixed" "$work/shard-1" "$work/other-impl"
mkdir -p "$work/other-catalogue"
/usr/bin/python3 -c '
import json, sys
index = json.load(open(sys.argv[1])); index["requirements"] = index["requirements"][1:]
json.dump(index, open(sys.argv[2], "w"))' "$work/shard-2/index.json" "$work/other-catalogue/index.json"
refused "merging_shards_of_other_catalogues_is_refused" "requirement catalogue differs" \
    "$wsdsim" merge "$work/mixed" "$work/shard-1" "$work/other-catalogue"
refused "merging_a_folder_that_is_no_report_is_refused" "not a report folder" \
    "$wsdsim" merge "$work/mixed" "$work/shard-1" "$scenarios"
refused "merging_into_a_shard_is_refused" "cannot replace one of its shards" \
    "$wsdsim" merge "$work/shard-1" "$work/shard-1" "$work/shard-2"

# A shard holding none of the selected cases is an empty report, not an error.
one=$(head -n 1 "$work/all.txt")
for k in 1 2; do
    if ! grep -qxF -- "$one" "$work/list-$k.txt"; then empty=$k; fi
done
filter="^$(sed 's/[][\.*^$()+?{}|]/\\&/g' <<<"$one")\$"
"$wsdsim" run "$scenarios" --filter "$filter" --shard "${empty:-3}/3" --quiet --out "$work/empty" 2>"$work/empty.stderr"
status=$?
cases=$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["cases"]))' "$work/empty/index.json" 2>/dev/null)
check "empty_shard_writes_an_empty_report" "status $status, ${cases:-no} cases: $(head -c 200 "$work/empty.stderr")" \
    test "$status" -eq 0 -a "${cases:-x}" = 0

check_summary
