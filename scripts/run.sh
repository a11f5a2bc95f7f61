#!/usr/bin/env bash
# The main job: set up, build, and run the whole scenario suite on the model; the report lands in
# reports/latest/ (index.json, junit.xml, summary.md, summary.html). Extra arguments go to `wsdsim run`.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_TESTING=OFF scripts/build.sh
./build/conformance/wsdsim run scenarios --jobs "$(nproc)" --out reports/latest "$@"
