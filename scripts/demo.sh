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
# `scripts/demo.sh --with-victoria-metrics` also starts a real VictoriaMetrics (Debian's
# victoria-metrics) with the same history, scraping the same simulator: the console gets it
# as a second Prometheus-compatible datasource, and the toolbar's environment switcher moves
# every panel between the two engines (the demo calls them "production" = Prometheus and
# "staging" = VictoriaMetrics). The console is configured through a Grafana provisioning
# folder the demo writes to .demo/provisioning (what `--provisioning` reads).
#
# The Targets dock lists what the demo's Prometheus scrapes (the simulator, Prometheus and
# Alertmanager); the Service health dock polls the simulator's /health and /ready, which
# answer 503 with {"mongodb": "timeout", ...} while the staged incident lasts.
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

with_vm=0
args=()
for a in "$@"; do
  if [ "$a" = "--with-victoria-metrics" ]; then with_vm=1; else args+=("$a"); fi
done
set -- ${args[@]+"${args[@]}"}

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
vm_port=${DOZOR_DEMO_VM_PORT:-$(free_port)}
now=$(date +%s)
anchor=$((now - 24 * 3600))

echo "backfilling 24 hours of history..."
rm -rf "$state/prometheus-data" && mkdir -p "$state/prometheus-data"
python3 "$root/scripts/simulator.py" backfill --anchor "$anchor" --end "$now" --out "$state/backfill.om" \
  --labels "instance=127.0.0.1:$sim_port,job=rust-api,service=rust-api" >/dev/null
promtool tsdb create-blocks-from openmetrics "$state/backfill.om" "$state/prometheus-data" >/dev/null

if [ "$with_vm" = 1 ]; then
  rm -rf "$state/vm-data"
  cat > "$state/vm-scrape.yml" <<VMEOF
global:
  scrape_interval: 15s
scrape_configs:
  - job_name: rust-api
    static_configs:
      - targets: ["127.0.0.1:$sim_port"]
        labels:
          service: rust-api
VMEOF
  victoria-metrics -httpListenAddr "127.0.0.1:$vm_port" -storageDataPath "$state/vm-data" \
    -promscrape.config "$state/vm-scrape.yml" -retentionPeriod 30d -search.latencyOffset 0s \
    > "$state/victoria-metrics.log" 2>&1 &
  echo $! >> "$pidfile"
  for _ in $(seq 1 100); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$vm_port/health', timeout=1)" 2>/dev/null && break
    sleep 0.2
  done
  # The same history: OpenMetrics (seconds) to the Prometheus text format VictoriaMetrics
  # imports (milliseconds).
  python3 - "$state/backfill.om" "http://127.0.0.1:$vm_port/api/v1/import/prometheus" <<'PYEOF'
import sys, urllib.request
src, url = sys.argv[1], sys.argv[2]
def batches():
    out = []
    with open(src) as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            line = line.split(' # ')[0].rstrip('\n')
            head, value, ts = line.rsplit(' ', 2)
            out.append('%s %s %d\n' % (head, value, round(float(ts) * 1000)))
            if len(out) >= 50000:
                yield ''.join(out).encode(); out = []
    if out:
        yield ''.join(out).encode()
for body in batches():
    urllib.request.urlopen(urllib.request.Request(url, data=body, method='POST'), timeout=60).read()
PYEOF
fi
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

# The demo's datasources, as a Grafana provisioning folder (what --provisioning reads).
mkdir -p "$state/provisioning/datasources"
prom_env=""
[ "$with_vm" = 1 ] && prom_env="
      environment: production"
cat > "$state/provisioning/datasources/demo.yml" <<DSEOF
apiVersion: 1
datasources:
  - name: Prometheus
    uid: prometheus
    type: prometheus
    url: http://127.0.0.1:$prom_port
    isDefault: true
    jsonData:
      timeInterval: 15s$prom_env
  - name: Alertmanager
    uid: alertmanager
    type: alertmanager
    url: http://127.0.0.1:$am_port
  - name: Jaeger (simulated)
    uid: jaeger
    type: jaeger
    url: http://127.0.0.1:$jaeger_port
DSEOF
if [ "$with_vm" = 1 ]; then
  cat >> "$state/provisioning/datasources/demo.yml" <<DSEOF
  - name: VictoriaMetrics
    uid: victoria-metrics
    type: prometheus
    url: http://127.0.0.1:$vm_port
    jsonData:
      timeInterval: 15s
      prometheusType: VictoriaMetrics
      environment: staging
DSEOF
  echo "VictoriaMetrics: http://127.0.0.1:$vm_port (environment \"staging\" in the toolbar)"
fi

# The Service health dock polls the services' health and readiness URLs.
"$root/build/dozor" --provisioning "$state/provisioning" \
  --health "rust-api=http://127.0.0.1:$sim_port/health" \
  --health "rust-api ready=http://127.0.0.1:$sim_port/ready" \
  --health "Prometheus=http://127.0.0.1:$prom_port/-/healthy" \
  --health "Alertmanager=http://127.0.0.1:$am_port/-/healthy" "$@"
