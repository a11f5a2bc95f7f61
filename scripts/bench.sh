#!/usr/bin/env bash
# Measures each performance goal of docs/performance.md and prints one line per goal: the goal,
# the measured figure (the median of RUNS runs), met or not met, and the command that produced it.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
    cat <<'USAGE'
usage: scripts/bench.sh [--quick] [--only GOALS] [--runs N] [--build DIR] [--dry-run] [--help]

Measures the performance goals and prints one line per goal:
  goal | figure (median of N runs) | met / not met | command

Goals (GOALS is a comma-separated list of these groups):
  model    model CPU per case (user+sys over the whole suite at --jobs 1, / cases) <= 2 ms;
           model suite wall time at --jobs 2 < 1 s
  linux    Linux per-case wall time minus the case's own timeline <= 50 ms on average;
           the model suite >= 100 x faster than the same suite on Linux (same run)
  wine     Wine per-case wall time minus the case's own timeline <= 100 ms on average
  scale    100,000 concurrent connections in <= 30 s and <= 2 GiB; t(100k) <= 11 x t(10k)

  --quick       model and linux only (skips wine and scale: a few minutes)
  --only GOALS  just these groups (default: model,linux,wine,scale; about 25 minutes)
  --runs N      runs per figure, the median is printed (default 5; at least 5 for a record)
  --build DIR   the build folder (default build; scale needs -DWSDSIM_BENCH=ON)
  --dry-run     print the commands each goal would run, run nothing
Exit status: 0 every measured goal met, 1 some goal not met, 2 bad usage or missing program.
A per-case time is the case's durationSeconds in the report's index.json (from the start of its
run to its verdict); its timeline is the last time_ns of its reference trace. UNSUPPORTED cases
(nothing runs) are left out of that average.
USAGE
}

groups=model,linux,wine,scale
runs=5
build=build
dry=0
while [ $# -gt 0 ]; do
    case "$1" in
    --quick) groups=model,linux ;;
    --only)
        [ $# -ge 2 ] || { echo "bench.sh: --only needs GOALS" >&2; exit 2; }
        groups=$2
        shift
        ;;
    --runs)
        [ $# -ge 2 ] && [[ "$2" =~ ^[1-9][0-9]*$ ]] || { echo "bench.sh: --runs needs a positive number" >&2; exit 2; }
        runs=$2
        shift
        ;;
    --build)
        [ $# -ge 2 ] || { echo "bench.sh: --build needs DIR" >&2; exit 2; }
        build=$2
        shift
        ;;
    --dry-run) dry=1 ;;
    --help | -h) usage; exit 0 ;;
    *) echo "bench.sh: unknown argument \"$1\" (see --help)" >&2; exit 2 ;;
    esac
    shift
done
for group in ${groups//,/ }; do
    case "$group" in
    model | linux | wine | scale) ;;
    *) echo "bench.sh: unknown goal group \"$group\" in --only (expected model, linux, wine, scale)" >&2; exit 2 ;;
    esac
done
wants() { [[ ",$groups," == *",$1,"* ]]; }

wsdsim=$build/conformance/wsdsim
scale=$build/bench/scale-bench
log() { echo "bench.sh: $*" >&2; }
# line <goal> <figure> <met: 1|0> <command>: one goal's line.
not_met=0
line() {
    local verdict="met"
    [ "$3" = 1 ] || { verdict="NOT MET"; not_met=1; }
    printf '%s | %s | %s | %s\n' "$1" "$2" "$verdict" "$4"
}
py() { python3 -c "$@"; }
median() { py 'import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }
below() { py 'import sys; print(1 if float(sys.argv[1]) <= float(sys.argv[2]) else 0)' "$1" "$2"; }
fmt() { py 'import sys; print(format(float(sys.argv[1]), sys.argv[2]))' "$1" "$2"; }

# The commands, printed as run.
cmd_model_j1="/usr/bin/time -f '%e %U %S' $wsdsim run --jobs 1 --quiet --out OUT"
cmd_model_j2="/usr/bin/time -f '%e %U %S' $wsdsim run --jobs 2 --quiet --out OUT"
cmd_linux="$wsdsim run --impl linux --network loopback --jobs 2 --quiet --out OUT"
cmd_wine="$wsdsim run --impl wine --network loopback --jobs 2 --quiet --out OUT"
cmd_scale="/usr/bin/time -f '%e %M' $scale wsd N off"
if [ "$dry" = 1 ]; then
    wants model && echo "model: $runs x $cmd_model_j1; $runs x $cmd_model_j2"
    wants linux && echo "linux: $runs x $cmd_linux (and the model runs above, for the ratio)"
    wants wine && echo "wine: $runs x $cmd_wine"
    wants scale && echo "scale: $runs x $cmd_scale, N = 10000 and 100000"
    exit 0
fi

[ -x "$wsdsim" ] || { echo "bench.sh: no $wsdsim (build first: scripts/build.sh)" >&2; exit 2; }
if wants scale && [ ! -x "$scale" ]; then
    echo "bench.sh: no $scale (configure with -DWSDSIM_BENCH=ON and build)" >&2
    exit 2
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/wsdsim-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# timed <file> <command...>: run with /usr/bin/time, appending "wall user sys" (or "wall rss").
timed() {
    local out=$1 format=$2
    shift 2
    /usr/bin/time -o "$work/time" -f "$format" "$@" >/dev/null 2>"$work/stderr" || true
    tail -n 1 "$work/time" >>"$out"
}
# overhead <report dir>: mean over the cases that ran of (durationSeconds - reference timeline), s;
# how many; the mean and the median over the PASS cases alone (a case whose stack diverges may
# run to its until_ns, a call still blocked, long after the reference's last event).
overhead() {
    py '
import json, sys
index = json.load(open(sys.argv[1] + "/index.json"))
def timeline(path):
    last = 0
    with open(path) as trace:
        for text in trace:
            last = max(last, json.loads(text).get("time_ns", 0))
    return last / 1e9
ran = [c for c in index["cases"] if c["verdict"] != "UNSUPPORTED" and c["artifacts"]["reference"]]
gaps = [c["durationSeconds"] - timeline(c["artifacts"]["reference"]) for c in ran]
passed = sorted(c["durationSeconds"] - timeline(c["artifacts"]["reference"])
                for c in ran if c["verdict"] == "PASS")
mean = lambda values: sum(values) / len(values) if values else "nan"
print(mean(gaps), len(gaps), mean(passed), passed[len(passed) // 2] if passed else "nan")' "$1"
}
cases=$("$wsdsim" list | wc -l)
echo "# scripts/bench.sh --only $groups --runs $runs: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $cases cases, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before"
echo "goal | figure | verdict | command"

model_wall=""
if wants model || wants linux; then
    log "model suite, $runs runs at --jobs 1 and $runs at --jobs 2"
    for i in $(seq "$runs"); do
        timed "$work/model-j1" '%e %U %S' "$wsdsim" run --jobs 1 --quiet --out "$work/model"
        timed "$work/model-j2" '%e %U %S' "$wsdsim" run --jobs 2 --quiet --out "$work/model"
    done
    cpu_ms=$(median $(awk -v n="$cases" '{print ($2 + $3) * 1000 / n}' "$work/model-j1"))
    model_wall=$(median $(awk '{print $1}' "$work/model-j2"))
    if wants model; then
        line "model CPU per case <= 2 ms" "$(fmt "$cpu_ms" .2f) ms ($cases cases)" "$(below "$cpu_ms" 2)" "$cmd_model_j1"
        line "model suite wall at --jobs 2 < 1 s" "$(fmt "$model_wall" .2f) s ($cases cases)" "$(below "$model_wall" 0.99)" "$cmd_model_j2"
    fi
fi

# real_stack <impl> <goal ms> <goal text>: the per-case overhead line; sets real_wall.
real_stack() {
    local impl=$1 goal_ms=$2 text=$3 gaps=() walls=() passes=() pass_medians=() start gap counted
    local pass pass_median
    log "$impl suite, $runs runs at --jobs 2 (real time: a minute or two a run)"
    for i in $(seq "$runs"); do
        start=$(date +%s.%N)
        "$wsdsim" run --impl "$impl" --network loopback --jobs 2 --quiet --out "$work/$impl" >/dev/null 2>&1 || true
        walls+=("$(py "import time; print(time.time() - $start)")")
        read -r gap counted pass pass_median < <(overhead "$work/$impl")
        gaps+=("$(py "print(float('$gap') * 1000)")")
        passes+=("$(py "print(float('$pass') * 1000)")")
        pass_medians+=("$(py "print(float('$pass_median') * 1000)")")
    done
    local gap_ms
    real_wall=$(median "${walls[@]}")
    if [ "$counted" = 0 ]; then
        line "$text" "not measured: every case UNSUPPORTED (see $impl's reasons: wsdsim run --impl $impl)" 0 \
            "${cmd_linux/linux/$impl}"
        return
    fi
    gap_ms=$(median "${gaps[@]}")
    line "$text" "$(fmt "$gap_ms" .0f) ms a case ($counted cases that ran; PASS cases alone: mean $(fmt "$(median "${passes[@]}")" .0f) ms, median $(fmt "$(median "${pass_medians[@]}")" .0f) ms; suite $(fmt "$real_wall" .1f) s)" \
        "$(below "$gap_ms" "$goal_ms")" "${cmd_linux/linux/$impl}"
}

if wants linux; then
    real_stack linux 50 "Linux per-case wall minus timeline <= 50 ms"
    ratio=$(py "print($real_wall / $model_wall)")
    line "model suite >= 100 x faster than Linux (same run, --jobs 2)" \
        "$(fmt "$ratio" .0f) x ($(fmt "$real_wall" .1f) s / $(fmt "$model_wall" .2f) s)" \
        "$(py "print(1 if $ratio >= 100 else 0)")" "$cmd_linux; $cmd_model_j2"
fi
if wants wine; then
    real_stack wine 100 "Wine per-case wall minus timeline <= 100 ms"
fi

if wants scale; then
    for n in 10000 100000; do
        log "scale: $n connections, $runs runs (100,000 take a minute or two each)"
        for i in $(seq "$runs"); do
            timed "$work/scale-$n" '%e %M' "$scale" wsd "$n" off
        done
    done
    t10k=$(median $(awk '{print $1}' "$work/scale-10000"))
    t100k=$(median $(awk '{print $1}' "$work/scale-100000"))
    rss=$(median $(awk '{print $2 / 1024 / 1024}' "$work/scale-100000"))
    line "100,000 connections <= 30 s" "$(fmt "$t100k" .1f) s" "$(below "$t100k" 30)" "${cmd_scale/N/100000}"
    line "100,000 connections <= 2 GiB" "$(fmt "$rss" .2f) GiB peak RSS" "$(below "$rss" 2)" "${cmd_scale/N/100000}"
    linear=$(py "print($t100k / $t10k)")
    line "linear: t(100k) <= 11 x t(10k)" "$(fmt "$linear" .1f) x ($(fmt "$t100k" .1f) s / $(fmt "$t10k" .2f) s)" \
        "$(below "$linear" 11)" "${cmd_scale/N/10000}; ${cmd_scale/N/100000}"
fi
echo "# load average $(cut -d' ' -f1-3 /proc/loadavg) after"
exit "$not_met"
