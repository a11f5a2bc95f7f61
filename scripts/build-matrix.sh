#!/usr/bin/env bash
# Builds the project with warnings as errors in every CMake build type (Debug, Release,
# RelWithDebInfo, MinSizeRel) with each compiler (GCC 12, clang 16), each in
# build-matrix/<compiler>-<type>/, and prints one line per build. Exit status 1 if any fails.
# Usage: scripts/build-matrix.sh [COMPILER-TYPE ...]   e.g. gcc-Release clang-Debug (default: all 8)
# It compiles the project eight times: about an hour on two cores, so CI does not run it whole.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
declare -A compilers=([gcc]=g++ [clang]=clang++-16)
builds=("$@")
if [ "${#builds[@]}" -eq 0 ]; then
  for compiler in gcc clang; do
    for type in Debug Release RelWithDebInfo MinSizeRel; do
      builds+=("$compiler-$type")
    done
  done
fi
mkdir -p build-matrix
failed=0
for build in "${builds[@]}"; do
  compiler="${build%%-*}"
  type="${build#*-}"
  dir="build-matrix/$build"
  started=$(date +%s)
  if cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE="$type" -DCMAKE_CXX_COMPILER="${compilers[$compiler]}" \
       -DBUILD_TESTING=ON >"$dir.log" 2>&1 && cmake --build "$dir" -j"$(nproc)" >>"$dir.log" 2>&1; then
    echo "built   $build in $(( $(date +%s) - started )) s"
  else
    echo "FAILED  $build: see $dir.log"
    grep -m 5 -E ' error: |Error [0-9]|CMake Error' "$dir.log" | sed 's/^/        /'
    failed=1
  fi
done
exit "$failed"
