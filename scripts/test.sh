#!/usr/bin/env bash
# The whole test suite: installs what is missing, then
#  1. the main build (GCC, warnings as errors) and every test under ctest, offscreen,
#     in parallel; integration tests start their own Prometheus and Alertmanager on
#     loopback;
#  2. the reliability build (clang, AddressSanitizer + UndefinedBehaviorSanitizer, in
#     build-asan/): every test again, and each libFuzzer target for DOZOR_FUZZ_SECONDS
#     (20 s by default) seeded with the real files in tests/data.
# DOZOR_SKIP_SANITIZE=1 skips the second part (a quicker local run).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/install-deps.sh"
export QT_QPA_PLATFORM=offscreen

export BUILD_DIR=${BUILD_DIR:-$root/build}
DOZOR_CMAKE_ARGS="-DDOZOR_WERROR=ON -DBUILD_TESTING=ON" bash "$root/scripts/build.sh"
(cd "$BUILD_DIR" && ctest --output-on-failure --parallel "$(nproc)" --timeout 600)

if [ "${DOZOR_SKIP_SANITIZE:-0}" != 1 ]; then
  asan_dir=${ASAN_BUILD_DIR:-$root/build-asan}
  CXX=clang++-14 BUILD_DIR="$asan_dir" \
    DOZOR_CMAKE_ARGS="-DBUILD_TESTING=ON -DDOZOR_SANITIZE=ON -DDOZOR_FUZZ=ON -DDOZOR_FUZZ_SECONDS=${DOZOR_FUZZ_SECONDS:-20}" \
    bash "$root/scripts/build.sh"
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1}
  export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/lsan.supp:print_suppressions=0}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
  (cd "$asan_dir" && ctest --output-on-failure --parallel "$(nproc)" --timeout 900)
fi
