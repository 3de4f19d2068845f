#!/usr/bin/env bash
# Installs what Dozor needs to build, test and run its demo, from Debian 12's packages.
# Does nothing when everything is already there.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev libqt6opengl6-dev libgl-dev libvulkan-dev
  qt6-svg-dev           # panel export as SVG (QSvgGenerator)
  libsimdjson-dev
  zlib1g-dev            # query answers asked for gzip and inflated off the UI thread
  libdeflate-dev        # whole gzip answers inflated at two to three times zlib's pace
  clang-14 libclang-rt-14-dev   # the reliability build: ASan/UBSan and libFuzzer
  prometheus            # the real server and promtool, for the demo and integration tests
  prometheus-alertmanager   # alerts: the demo and integration tests start their own
  python3               # the demo's rust-api simulator
  xvfb xauth imagemagick fonts-dejavu-core   # screenshots and runs without a desktop
  xdotool               # the start-up benchmark waits for the first window with it
  openssl               # the fault matrix makes a self-signed certificate
  dpkg-dev desktop-file-utils appstream   # the .deb package test (cpack, dpkg-shlibdeps, validators)
  libyaml-cpp-dev       # Grafana provisioning files (datasources, dashboard providers)
  qtkeychain-qt6-dev    # credentials in the OS keychain
  gnome-keyring dbus-daemon   # a Secret Service the keychain test starts on its own bus
  victoria-metrics      # the second Prometheus-compatible engine (tests, demo option)
  nginx-light           # a Mimir-style reverse proxy (path prefix, tenant header) in tests
  apache2-utils         # htpasswd -B: bcrypt hashes for Prometheus' basic auth in tests
  qt6-l10n-tools        # lupdate/lrelease: the English/Russian catalogues (qt_add_translations)
  qt6-tools-dev         # CMake's Qt6LinguistTools package (qt_add_translations)
  qt6-translations-l10n # Qt's own qtbase_ru.qm for standard dialogs and buttons
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
# Debian's package starts its own Prometheus service where systemd runs; Dozor's demo and
# tests start their own servers on free loopback ports and do not depend on it.
