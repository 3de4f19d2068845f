#!/usr/bin/env bash
# Configures and builds Dozor into build/ (override with BUILD_DIR).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo ${DOZOR_CMAKE_ARGS:-} >/dev/null
# BUILD_TARGET=dozor builds just the console (the demo); default: everything.
cmake --build "$build" --parallel "$(nproc)" ${BUILD_TARGET:+--target "$BUILD_TARGET"}
