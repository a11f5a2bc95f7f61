#!/usr/bin/env bash
# Every test: set up, build with warnings as errors, and run the whole CTest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
cd build
ctest --output-on-failure -j"$(nproc)" "$@"
