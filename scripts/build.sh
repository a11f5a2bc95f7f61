#!/usr/bin/env bash
# Configures and builds wsdsim in build/ (after the set-up script has installed what it needs).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# RelWithDebInfo with line tables only (-g1): file, line and function in every stack trace and
# profile, at two thirds of the compile time of full debug information (-g: step-parser.cc
# 32.9 s, -g1 20.7 s). For a debugger's view of locals, configure build/ with
# -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g -DNDEBUG" and build with cmake --build build.
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" \
    -DBUILD_TESTING="${BUILD_TESTING:-ON}" >/dev/null
cmake --build build -j"$(nproc)"
