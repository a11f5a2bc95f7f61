#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang 16 in build-fuzz/ and runs each for SECONDS
# (default 60); crashes are kept in fuzz/regressions/<target>/ for the CTest replay.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (targets: scenario-loader trace-reader comparator
# results-import)
# Environment: FUZZ_MAX_LEN, the longest input tried (default 16384).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(scenario-loader trace-reader comparator results-import)
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
    echo "usage: $0 [SECONDS] [TARGET...]" >&2
    exit 2
fi

scripts/setup.sh
# Line tables only: what a crash's symbolized stack needs, without the cost of full debug info.
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-16 \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -gline-tables-only -DNDEBUG" \
    -DWSDSIM_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]/#/fuzz-}"

# Scratch files of the entries (left behind by crashed runs) stay in the build folder; stacks
# are symbolized with Debian's llvm-symbolizer.
export TMPDIR=$PWD/build-fuzz/tmp
mkdir -p "$TMPDIR"
[ -x /usr/bin/llvm-symbolizer ] && export ASAN_SYMBOLIZER_PATH=/usr/bin/llvm-symbolizer

# Seeds: the checked-in corpora, and every scenario and reference trace of the suite.
seeds_of() {
    case "$1" in
        scenario-loader | trace-reader) echo "fuzz/corpus/$1 scenarios" ;;
        comparator | results-import) echo "fuzz/corpus/$1" ;;
    esac
}

status=0
summary=()
for target in "${targets[@]}"; do
    binary=build-fuzz/fuzz/fuzz-$target
    corpus=build-fuzz/corpus/$target # grows between runs; not in git
    regressions=fuzz/regressions/$target
    log=build-fuzz/fuzz-$target.log
    mkdir -p "$corpus" "$regressions"
    echo "fuzz: $target for $seconds s (log: $log)"
    # shellcheck disable=SC2046
    if "$binary" "$corpus" $(seeds_of "$target") \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len="${FUZZ_MAX_LEN:-16384}" -dict=fuzz/wsdsim.dict \
        -artifact_prefix="$regressions/" -print_final_stats=1 >"$log" 2>&1; then
        result="no crash"
    else
        result="CRASH (input saved in $regressions/; see $log)"
        status=1
    fi
    runs=$(grep -a 'stat::number_of_executed_units' "$log" | awk '{sum += $2} END {print sum + 0}')
    coverage=$(grep -aE '^#[0-9]+.*cov:' "$log" | tail -n 1 | grep -oE 'cov: [0-9]+ ft: [0-9]+' || true)
    summary+=("$target: $runs executions in $seconds s, ${coverage:-no coverage line}, $result")
done
echo
printf '%s\n' "${summary[@]}"
exit "$status"
