#!/usr/bin/env bash
# The main job: set up, build, and run the model's graceful-shutdown example.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
./build/sim/wsd-graceful-shutdown "$@"
