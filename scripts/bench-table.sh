#!/usr/bin/env bash
# Measures the detailed figures (the suite on each implementation, --jobs 1 against 2, comparing
# long traces, scale beside plain ns-3) in one run and prints them as a Markdown table, each with
# the command that produced it (scripts/bench.sh measures the goals). Usage:
# scripts/bench-table.sh [BUILD_DIR] (default build; it must hold conformance/wsdsim and
# bench/compare-bench, i.e. WSDSIM_BENCH=ON).
# Knobs: RUNS (hyperfine runs per figure, 10), LINUX_RUNS (2, also for Wine), SKIP_LINUX=1,
# SKIP_WINE=1, COPIES (scenario suite copies in the big suite, 3), EVENTS (long trace length,
# 1000000), PROFILE=1 (callgrind); section (d) has its own (below).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
wsdsim=$build/conformance/wsdsim
bench=$build/bench/compare-bench
runs=${RUNS:-10}
linux_runs=${LINUX_RUNS:-2}
copies=${COPIES:-3}
events=${EVENTS:-1000000}
# The default build folder is set up and built here, as scripts/run.sh does (a fresh clone needs
# nothing else); another folder must already be built.
if [ "$build" = build ]; then
    BUILD_TESTING=OFF scripts/build.sh >&2
fi
for program in "$wsdsim" "$bench"; do
    [ -x "$program" ] || { echo "bench-table.sh: no $program (build with -DWSDSIM_BENCH=ON)" >&2; exit 2; }
done
command -v hyperfine >/dev/null || { echo "bench-table.sh: hyperfine is not installed" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/wsdsim-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
rows=()
load_before=$(cut -d" " -f1-3 /proc/loadavg)
log() { echo "bench-table.sh: $*" >&2; }
# row <what> <command> <result>: one line of the table.
row() { rows+=("| $1 | \`$2\` | $3 |"); }
# stat <hyperfine json> <field: median|mean|stddev|min|max>: seconds.
stat() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0][sys.argv[2]])' "$1" "$2"; }
# cpu <hyperfine json>: "CPU x.xx s" (user + system, mean): what the run costs whatever the load.
cpu() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("CPU %.2f s" % (r["user"]+r["system"]))' "$1"; }
calc() { python3 -c "print(format($1, '$2'))"; }
total() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["total"])' "$1/index.json"; }
verdicts() {
    python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print(", ".join(f"{v} {k}" for k,v in s.items() if v and k!="total"))' "$1/index.json"
}

# --- (a) the suite on the model and on Linux kernel sockets ---------------------------------------
log "(a) whole suite, model"
cmd_model="$wsdsim run scenarios --jobs 2 --quiet --out $work/model"
hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$work/a-model.json" "$cmd_model" >&2
cases=$(total "$work/model")
model_median=$(stat "$work/a-model.json" median)
row "whole suite, model, 2 jobs ($cases cases; hyperfine median of $runs)" \
    "hyperfine --warmup 1 --runs $runs '$cmd_model'" \
    "$(calc "$model_median*1000" .0f) ms ± $(calc "$(stat "$work/a-model.json" stddev)*1000" .0f) ms, $(calc "$cases/$model_median" .0f) cases/s; $(cpu "$work/a-model.json")"
# real_suite <impl> <label>: the whole suite on a real implementation, one row.
real_suite() {
    local impl=$1 label=$2 cmd median
    log "(a) whole suite, $label (real time: about a minute a run)"
    cmd="$wsdsim run scenarios --impl $impl --jobs 2 --quiet --out $work/$impl"
    hyperfine --style basic --ignore-failure --runs "$linux_runs" --export-json "$work/a-$impl.json" "$cmd" >&2
    median=$(stat "$work/a-$impl.json" median)
    row "whole suite, $label, 2 jobs ($(verdicts "$work/$impl"); median of $linux_runs)" \
        "hyperfine --ignore-failure --runs $linux_runs '$cmd'" \
        "$(calc "$median" .1f) s, $(calc "$cases/$median" .1f) cases/s: $(calc "$median/$model_median" .0f) x the model's time; $(cpu "$work/a-$impl.json")"
}
if [ "${SKIP_LINUX:-0}" != 1 ]; then
    real_suite linux "Linux sockets"
fi
if [ "${SKIP_WINE:-0}" != 1 ] && [ -x "$build/drivers/wsdsim-driver-winsock.exe" ]; then
    real_suite wine "Wine's ws2_32"
fi

# --- (b) --jobs 2 against --jobs 1 on a suite of 3 copies of the scenarios ---------------------------
log "(b) building a suite of $copies copies of scenarios/ under $work/big"
mkdir -p "$work/big"
cp scenarios/scenario.schema.json scenarios/requirements.json "$work/big/"
for copy in $(seq 1 "$copies"); do
    (cd scenarios && find . -name '*.json' -not -path '*.reference/*' -not -name scenario.schema.json \
        -not -name requirements.json -exec install -D -m 644 {} "$work/big/copy$copy/{}" \;)
done
# The copies keep the suite's known divergences (the model's own ones, under their new ids).
python3 - "$copies" "$work/big-known.json" <<'PYTHON'
import json, sys
copies, out = int(sys.argv[1]), sys.argv[2]
known = json.load(open("conformance/known-divergences.json"))
json.dump([dict(r, case=f"copy{c}/{r['case']}") for c in range(1, copies + 1) for r in known], open(out, "w"))
PYTHON
# (update-reference records the model's known divergences only when it is given them.)
"$wsdsim" update-reference --jobs 2 --known-divergences "$work/big-known.json" "$work/big" >/dev/null
big_cases=$("$wsdsim" list "$work/big" | wc -l)
log "(b) $big_cases cases, --jobs 1 and --jobs 2"
cmd_j1="$wsdsim run $work/big --jobs 1 --quiet --known-divergences $work/big-known.json --out $work/big-j1"
cmd_j2="$wsdsim run $work/big --jobs 2 --quiet --known-divergences $work/big-known.json --out $work/big-j2"
hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$work/b-j1.json" "$cmd_j1" >&2
hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$work/b-j2.json" "$cmd_j2" >&2
j1=$(stat "$work/b-j1.json" median)
j2=$(stat "$work/b-j2.json" median)
row "$big_cases cases ($copies copies of the suite), 1 job" "hyperfine --warmup 1 --runs $runs '$cmd_j1'" \
    "$(calc "$j1" .2f) s, $(calc "$big_cases/$j1" .0f) cases/s; $(cpu "$work/b-j1.json")"
row "the same, 2 jobs" "hyperfine --warmup 1 --runs $runs '$cmd_j2'" \
    "$(calc "$j2" .2f) s, $(calc "$big_cases/$j2" .0f) cases/s: speed-up $(calc "$j1/$j2" .2f) x; $(cpu "$work/b-j2.json")"

# --- (c) comparing a long trace with its reference ----------------------------------------------
scenario=scenarios/half-close/peer-keeps-sending.json
for n in 100000 "$events"; do
    log "(c) comparing a trace of $n events"
    "$bench" generate "$scenario" "$n" "$work/trace-$n" >&2
    /usr/bin/time -v -o "$work/time-$n.txt" "$bench" compare "$scenario" "$work/trace-$n" >"$work/compare-$n.txt" || true
    read -r _ count _ seconds _ rate _ _ _ verdict <"$work/compare-$n.txt"
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time-$n.txt")
    size=$(du -m "$work/trace-$n/trace.jsonl" | cut -f1)
    row "compare a trace of $count events ($size MB) with its reference: $verdict" \
        "/usr/bin/time -v $bench compare $scenario DIR" \
        "$(calc "$seconds" .2f) s, $(calc "$rate/1e6" .2f) M events/s, peak RSS $(calc "$rss/1024" .1f) MiB"
    if [ "${PROFILE:-0}" = 1 ] && [ "$n" = 100000 ]; then
        log "(c) callgrind profile of the comparison of $n events: $work/../callgrind.compare.out"
        valgrind --tool=callgrind --callgrind-out-file="${TMPDIR:-/tmp}/callgrind.compare.out" \
            "$bench" compare "$scenario" "$work/trace-$n" >/dev/null 2>&1
    fi
    rm -rf "$work/trace-$n"
done

# --- (d) many concurrent TCP connections: the Winsock model beside plain ns-3 sockets ---------
# bench/scale-bench runs one workload (N connections between the two hosts, 1,000 bytes each,
# WSASendDisconnect / ShutdownSend, read to the end, close) and prints one line of key=value.
# Knobs of this section: SKIP_SCALE=1, SCALE_SIZES (connection counts, "1000 10000 100000"),
# SKIP_PLAIN_10K=1 (plain ns-3 at 10,000 connections takes about a minute). Plain ns-3 at 100,000
# is not run: its cost grows with the square of N (each segment scans every endpoint).
scale=$build/bench/scale-bench
# scale_field <line> <key>: the value of key=value in a scale-bench line.
scale_field() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }
# scale_run <impl> <n> <linger>: run once; prints the line (empty when the run failed).
scale_run() {
    local line
    line=$("$scale" "$1" "$2" "$3") || log "(d) $1 $2 $3: not every connection finished: $line"
    echo "$line"
}
# scale_result <line>: "wall, events/s, peak RSS" of a line.
scale_result() {
    echo "$(calc "$(scale_field "$1" wall_s)" .2f) s, $(calc "$(scale_field "$1" events_per_s)/1e3" .1f) k events/s ($(scale_field "$1" events) events), peak RSS $(calc "$(scale_field "$1" peak_rss_mib)" .0f) MiB"
}
if [ "${SKIP_SCALE:-0}" != 1 ] && [ -x "$scale" ]; then
    plain_seconds=""
    plain_n=""
    for n in ${SCALE_SIZES:-1000 10000 100000}; do
        plain_cmd="$scale plain $n off"
        if [ "$n" -ge 100000 ]; then
            # Quadratic: from the largest plain run, (n / that n)^2 times its time.
            if [ -n "$plain_seconds" ]; then
                estimate=$(calc "$plain_seconds*($n/$plain_n)**2" .0f)
                plain_text="not run (quadratic: ~$estimate s extrapolated from $plain_n connections)"
            else
                plain_text="not run (quadratic)"
            fi
            row "$n connections, plain ns-3 sockets" "$plain_cmd" "$plain_text"
        elif [ "$n" -ge 10000 ] && [ "${SKIP_PLAIN_10K:-0}" = 1 ]; then
            row "$n connections, plain ns-3 sockets" "$plain_cmd" "skipped (SKIP_PLAIN_10K=1)"
        else
            log "(d) $n connections, plain ns-3 sockets"
            line=$(scale_run plain "$n" off)
            plain_seconds=$(scale_field "$line" wall_s)
            plain_n=$n
            row "$n connections, plain ns-3 sockets (no linger)" "$plain_cmd" "$(scale_result "$line")"
        fi
        for linger in off abortive timeout; do
            log "(d) $n connections, model, linger $linger"
            line=$(scale_run wsd "$n" "$linger")
            result=$(scale_result "$line")
            if [ "$plain_n" = "$n" ]; then
                result="$result; $(calc "$(scale_field "$line" wall_s)/$plain_seconds" .2f) x plain ns-3's wall time"
            fi
            row "$n connections, model, linger $linger ($(scale_field "$line" clients_done)/$n clients, $(scale_field "$line" servers_done)/$n servers done)" \
                "$scale wsd $n $linger" "$result"
        done
    done
fi

echo
echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(uname -r)), build $build; load average (1, 5, 15 min) $load_before before, $(cut -d" " -f1-3 /proc/loadavg) after:"
echo
echo "| what | command | result |"
echo "|---|---|---|"
printf '%s\n' "${rows[@]}"
