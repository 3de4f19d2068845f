#!/usr/bin/env bash
# The demo: installs what is missing, builds, starts a real Prometheus (Debian's package) on
# 127.0.0.1 with 24 hours of backfilled history and live scraping of a simulated rust-api
# (exemplar storage on: the latency buckets carry trace_id exemplars), evaluating the alert
# rules of scripts/demo-rules.yml and sending to a real Alertmanager (Debian's
# prometheus-alertmanager), then opens the console on the bundled dashboard.
# No Jaeger server is installable here: the simulator also serves the Jaeger query API (v1
# and v3, scripts/jaeger_api.py) as a stand-in for a real Jaeger, with traces that match the
# metrics and the exemplars, and the console is pointed at it with --jaeger.
# The simulator stages an incident when live serving starts (slow MongoDB, 5xx burst, a
# replica set member down, a failed backup): warnings fire within a minute, the critical
# latency and error-rate alerts after their `for` of 3-5 minutes. Ctrl+C (or closing the window, or
# `scripts/demo.sh stop`) ends every process it started.
#
# Without a display (e.g. over ssh) the console runs under Xvfb and a screenshot is written
# to .demo/screenshot.png every 30 seconds.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
state=${DOZOR_DEMO_DIR:-$root/.demo}
pidfile=$state/pids

stop_all() {
  [ -f "$pidfile" ] || return 0
  while read -r pid; do
    kill "$pid" 2>/dev/null || true
  done < "$pidfile"
  sleep 0.5
  while read -r pid; do
    kill -9 "$pid" 2>/dev/null || true
  done < "$pidfile"
  rm -f "$pidfile"
}

if [ "${1:-}" = "stop" ]; then
  stop_all
  echo "demo stopped"
  exit 0
fi

bash "$root/scripts/install-deps.sh"
BUILD_TARGET=dozor bash "$root/scripts/build.sh"

stop_all
mkdir -p "$state"
trap 'stop_all' EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
prom_port=${DOZOR_DEMO_PROMETHEUS_PORT:-$(free_port)}
am_port=${DOZOR_DEMO_ALERTMANAGER_PORT:-$(free_port)}
sim_port=$(free_port)
jaeger_port=${DOZOR_DEMO_JAEGER_PORT:-$(free_port)}
now=$(date +%s)
anchor=$((now - 24 * 3600))

echo "backfilling 24 hours of history..."
rm -rf "$state/prometheus-data" && mkdir -p "$state/prometheus-data"
python3 "$root/scripts/simulator.py" backfill --anchor "$anchor" --end "$now" --out "$state/backfill.om" \
  --labels "instance=127.0.0.1:$sim_port,job=rust-api,service=rust-api" >/dev/null
promtool tsdb create-blocks-from openmetrics "$state/backfill.om" "$state/prometheus-data" >/dev/null
rm -f "$state/backfill.om"

python3 "$root/scripts/simulator.py" serve --anchor "$anchor" --port "$sim_port" \
  --incident 20 --member-down mongo-2 --backup-failed --jaeger-port "$jaeger_port" \
  > "$state/simulator.log" 2>&1 &
echo $! >> "$pidfile"

prometheus-alertmanager --config.file="$root/scripts/alertmanager-demo.yml" \
  --storage.path="$state/alertmanager-data" --web.listen-address="127.0.0.1:$am_port" \
  --cluster.listen-address= > "$state/alertmanager.log" 2>&1 &
echo $! >> "$pidfile"

sed -e "s/@SIM_PORT@/$sim_port/" -e "s/@PROM_PORT@/$prom_port/" -e "s/@AM_PORT@/$am_port/" \
  -e "s|@RULES@|$root/scripts/demo-rules.yml|" \
  "$root/scripts/prometheus-demo.yml.in" > "$state/prometheus.yml"
prometheus --config.file="$state/prometheus.yml" --storage.tsdb.path="$state/prometheus-data" \
  --web.listen-address="127.0.0.1:$prom_port" --storage.tsdb.retention.time=30d \
  --rules.alert.resend-delay=15s --enable-feature=exemplar-storage \
  > "$state/prometheus.log" 2>&1 &
echo $! >> "$pidfile"

for _ in $(seq 1 100); do
  if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$prom_port/-/ready', timeout=1)" 2>/dev/null; then
    break
  fi
  sleep 0.3
done
echo "Prometheus: http://127.0.0.1:$prom_port   Alertmanager: http://127.0.0.1:$am_port   rust-api simulator: http://127.0.0.1:$sim_port/metrics"
echo "Jaeger query API (the simulator's stand-in for a real Jaeger): http://127.0.0.1:$jaeger_port"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  Xvfb :77 -screen 0 1600x1000x24 -nolisten tcp > "$state/xvfb.log" 2>&1 &
  echo $! >> "$pidfile"
  export DISPLAY=:77
  sleep 1
  echo "no display: the console runs under Xvfb; screenshots go to $state/screenshot.png"
  (while sleep 30; do import -display :77 -window root "$state/screenshot.png" 2>/dev/null || true; done) &
  echo $! >> "$pidfile"
fi

"$root/build/dozor" --prometheus "http://127.0.0.1:$prom_port" --alertmanager "http://127.0.0.1:$am_port" \
  --jaeger "http://127.0.0.1:$jaeger_port" "$@"
