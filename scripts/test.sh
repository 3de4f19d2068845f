#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds once, runs every test under ctest
# (offscreen, in parallel). Integration tests start their own Prometheus on loopback.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/install-deps.sh"
export BUILD_DIR=${BUILD_DIR:-$root/build}
DOZOR_CMAKE_ARGS="-DDOZOR_WERROR=ON -DBUILD_TESTING=ON" bash "$root/scripts/build.sh"
export QT_QPA_PLATFORM=offscreen
cd "$BUILD_DIR"
ctest --output-on-failure --parallel "$(nproc)" --timeout 600
