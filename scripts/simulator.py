#!/usr/bin/env python3
"""Simulator of the monitored backend ("rust-api") for the demo and the tests.

It produces the metric names the project's requirements list (http_request_duration_seconds,
http_requests_total, db_query_duration_seconds, hints_*, anticheat_*, sessions_active, ...)
with a daily traffic wave and occasional latency and error spikes, plus the gauges the demo
alert rules (scripts/demo-rules.yml) watch:

  mongodb_rs_members_health{member="mongo-0|mongo-1|mongo-2"}   1 healthy, 0 down; now and
        then (about 3 two-hour windows in 10) a secondary is down for 10 to 40 minutes
  backup_last_status{database="mongodb"}                        1 ok, 0 failed
  backup_last_duration_seconds{database="mongodb"}              duration of the last run
  backup_last_success_timestamp_seconds{database="mongodb"}     end of the last good run
        the nightly backup starts at 01:00 UTC; about one night in five it takes longer
        than 15 minutes and about one in eight it fails

It also simulates the other backends the requirements describe, for the bundled dashboards
Customer Sync and Backend Monitoring Overview (dashboards/README.md lists every name):

  customer_sync_*, customer_registrations_total, onec_api_*   the Django <-> 1C customer
        synchronisation: business-hours traffic, a full import from 1C at 02:00 UTC, and
        now and then (about 4 six-hour windows in 10) 1C is unreachable for 5 to 25 minutes:
        sync errors, the export queue grows (sometimes past 1000) and drains afterwards
  ml_dataset_*, ml_training*, ttl_cleanup_*                   the ML backend: dataset
        uploads, model trainings, a TTL cleanup worker that runs every 10 minutes

  simulator.py backfill --anchor EPOCH --end EPOCH --out FILE [--labels job=..,instance=..]
                                                                OpenMetrics history for promtool
                                                                (with up=1 when --labels has a job)
  simulator.py serve --anchor EPOCH --port PORT [--incident [MINUTES]]
                     [--member-down MEMBER] [--backup-failed]   live /metrics (Prometheus text,
                     [--jaeger-port PORT [--jaeger-api v1|v3|both]]   or OpenMetrics with
                                                                exemplars when asked for it)

With --jaeger-port the same process serves the Jaeger query API of jaeger_api.py (a stand-in
for a real Jaeger): the exemplars {trace_id="..."} on the buckets of
http_request_duration_seconds name traces that API returns, with the same durations.

Both modes step the same deterministic model from the same anchor, so counters in the
backfilled history continue seamlessly into the live scrape.

The serve options stage faults that begin when live serving begins (the backfilled history
stays as it was), so that a demo shows alerts without waiting for the model's own spikes:

  --incident [MINUTES]  for the first MINUTES of live serving (15 when given bare), MongoDB
                        is slow and the API fails: p95 latency of the API well above 500 ms
                        and about 5% of responses are 5xx (the critical rules
                        ApiLatencyP95High and ApiErrorRateHigh fire after their `for`)
  --member-down MEMBER  replica-set member MEMBER (e.g. mongo-2) reports health 0 for as
                        long as the simulator runs (MongoReplicaSetMemberDown)
  --backup-failed       a backup run ends, failed after 19 minutes, the moment live serving
                        begins (BackupFailed and BackupTooSlow)

  --unhealthy DEP       /health reports dependency DEP (mongodb or redis) timing out and the
                        other one ok, for as long as the simulator runs, instead of following
                        the model's spikes; "none" keeps /health healthy

Without these options `serve` behaves as before; all are off by default.

`serve` also answers GET /health and GET /ready as the real rust-api does: 200 with
{"status": "healthy", "uptime_seconds": ..., "database": "connected", "mongodb": "ok",
"redis": "ok"} when every dependency answers, 503 with the same details when one does not.
During the model's latency spikes (a slow MongoDB) and a staged --incident MongoDB times
out; during its error bursts Redis does. /ready fails only when MongoDB does (Redis is a
cache: the API still serves without it).
"""
import argparse
import json
import http.server
import math
import random
import sys
import threading
import time

STEP = 15  # seconds between model steps (and the scrape interval)
HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5]
DB_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1]

# endpoint, method, share of traffic, median latency (s), log-sigma
ENDPOINTS = [
    ("/sessions/{id}/answers", "POST", 0.45, 0.055, 0.55),
    ("/sessions", "POST", 0.08, 0.040, 0.5),
    ("/questions/{id}", "GET", 0.30, 0.020, 0.6),
    ("/hints", "GET", 0.15, 0.030, 0.7),
    ("/health", "GET", 0.02, 0.002, 0.3),
]
DATABASES = [("mongodb", "find", 0.012, 0.6), ("mongodb", "insert", 0.018, 0.5),
             ("redis", "get", 0.0015, 0.5), ("redis", "set", 0.002, 0.5)]
PEAK_RPS = 520.0
RS_MEMBERS = ["mongo-0", "mongo-1", "mongo-2"]   # mongo-0 is the usual primary
BACKUP_HOUR = 1                                  # nightly backup starts 01:00 UTC
INCIDENT_LATENCY_FACTOR = 6.0                    # as slow as the model's worst spike
INCIDENT_ERROR_RATIO = 0.05
FAILED_BACKUP_DURATION = 19 * 60

SYNC_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]
SYNC_WAIT_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800]
UPLOAD_SIZE_BUCKETS = [1e6, 5e6, 1e7, 5e7, 1e8, 5e8, 1e9, 5e9]
TRAINING_BUCKETS = [60, 300, 600, 1800, 3600, 7200, 14400]
# sync type, operations per second at the busiest hour, median duration (s), log-sigma
SYNC_TYPES = [("import", 0.12, 0.8, 0.7), ("export", 0.06, 0.4, 0.6), ("update", 0.2, 0.25, 0.6)]
IDENTIFICATION_SHARES = [("onec_id", 0.55), ("onec_guid", 0.25), ("tax_id", 0.12), ("email", 0.08)]
ONEC_WINDOW = 6 * 3600
EXPORT_BACKLOG_GROWTH = 0.9    # exports queued per second while 1C is unreachable
EXPORT_DRAIN_RATE = 3.0        # backlog exports sent per second once 1C answers again
FULL_IMPORT_HOUR = 2           # nightly full import from 1C, 02:00-02:40 UTC
CLEANUP_PERIOD = 600           # the TTL cleanup worker runs every 10 minutes


def lognormal_cdf(x, median, sigma):
    if x <= 0:
        return 0.0
    return 0.5 * (1.0 + math.erf(math.log(x / median) / (sigma * math.sqrt(2.0))))


def window_rng(seed, t, window):
    return random.Random((seed * 1000003) ^ int(t // window))


def member_down_at(seed, t):
    """The secondary that is down at t in the model's own episodes, or None.

    A pure function of t, so that backfill and serve agree whatever step they start at."""
    r = window_rng(seed + 101, t, 7200)
    if r.random() >= 0.3:
        return None
    member = r.choice(RS_MEMBERS[1:])
    start = r.uniform(0, 4800)
    duration = r.uniform(600, 2400)
    return member if start <= t % 7200 < start + duration else None


def backup_run(seed, day):
    """(end time, duration, ok) of the nightly backup that starts on day `day` (epoch days)."""
    r = window_rng(seed + 202, day * 86400, 86400)
    roll = r.random()
    if roll < 0.12:
        duration, ok = r.uniform(120, 900), False        # mongodump gave up
    elif roll < 0.32:
        duration, ok = r.uniform(960, 1500), True        # slow: longer than 15 minutes
    else:
        duration, ok = r.uniform(600, 840), True
    duration = int(duration)
    return day * 86400 + BACKUP_HOUR * 3600 + duration, duration, ok


def backup_state(seed, t):
    """(last end, last duration, last ok, end of the last successful run) as seen at t."""
    day = int(t // 86400)
    last = None
    success_end = None
    for d in range(day, day - 30, -1):
        end, duration, ok = backup_run(seed, d)
        if end > t:
            continue
        if last is None:
            last = (end, duration, ok)
        if ok:
            success_end = end
            break
    return last[0], last[1], last[2], success_end


def onec_outage(seed, t):
    """(start, end) of the 1C outage of the six-hour window holding t, or None.

    A pure function of t like member_down_at; an outage and the drain of the export backlog
    after it end inside their window, so a window never needs to look at the previous one."""
    r = window_rng(seed + 303, t, ONEC_WINDOW)
    if r.random() >= 0.4:
        return None
    start = t - t % ONEC_WINDOW + r.uniform(0, ONEC_WINDOW - 3600)
    return start, start + r.uniform(300, 1500)


def export_backlog(outage, t):
    """Exports waiting because of the outage (0 outside an outage and its drain)."""
    if outage is None or t < outage[0]:
        return 0.0
    if t < outage[1]:
        return EXPORT_BACKLOG_GROWTH * (t - outage[0])
    return max(0.0, EXPORT_BACKLOG_GROWTH * (outage[1] - outage[0]) - EXPORT_DRAIN_RATE * (t - outage[1]))


def step_conditions(seed, t, incident=False):
    """(wave, latency factor, error ratio, spike roll, requests per second, rng) of the model
    step ending at t (a multiple of STEP).

    A pure function of t, shared with the demo's Jaeger API (jaeger_api.py), so that slow
    traces and exemplars fall in the same latency spikes as the histograms. `rng` has made
    two draws; Model.step draws its gauges from it afterwards."""
    day = 2 * math.pi * ((t + 3 * 3600) % 86400) / 86400.0
    wave = 0.55 + 0.45 * math.sin(day - math.pi / 2)
    rng = random.Random(seed * 7919 + t)
    spike = window_rng(seed, t, 600)
    latency_factor = 1.0
    error_ratio = 0.002 + 0.002 * rng.random()
    roll = spike.random()
    if roll < 0.10:
        latency_factor = 3.5 + 3 * spike.random()   # a slow MongoDB: p95 beyond 500 ms
    elif roll < 0.16:
        error_ratio = 0.02 + 0.05 * spike.random()  # an error burst
    if incident:
        # After every draw above, so the random streams stay as without --incident.
        latency_factor = max(latency_factor, INCIDENT_LATENCY_FACTOR)
        error_ratio = max(error_ratio, INCIDENT_ERROR_RATIO)
    rps = PEAK_RPS * (0.15 + 0.85 * wave) * (0.95 + 0.1 * rng.random())
    return wave, latency_factor, error_ratio, roll, rps, rng


class Model:
    """Cumulative counters and current gauges, advanced one STEP at a time."""

    def __init__(self, anchor, seed=7, live_start=None, incident_minutes=0.0, member_down=None,
                 backup_failed=False):
        self.seed = seed
        self.t = anchor - anchor % STEP
        self.counters = {}   # (name, labels tuple) -> float
        self.gauges = {}
        self.fraction = {}
        # Staged faults (serve only): they apply to steps at or after live_start.
        self.live_start = live_start
        self.incident_until = live_start + incident_minutes * 60 if live_start and incident_minutes > 0 else None
        self.member_down = member_down
        self.backup_failed = backup_failed

    def live(self, t):
        return self.live_start is not None and t >= self.live_start

    def incident_at(self, t):
        return self.incident_until is not None and self.live(t) and t < self.incident_until

    def add(self, name, labels, amount):
        key = (name, labels)
        self.counters[key] = self.counters.get(key, 0.0) + amount

    def add_count(self, name, labels, expected):
        # Counters of events are integers; carry the fractional part between steps.
        key = (name, labels)
        total = self.fraction.get(key, 0.0) + expected
        whole = math.floor(total)
        self.fraction[key] = total - whole
        self.add(name, labels, whole)

    def observe(self, name, labels, buckets, count, median, sigma):
        for le in buckets:
            self.add_count(name + "_bucket", labels + (("le", repr(float(le))),),
                           count * lognormal_cdf(le, median, sigma))
        self.add_count(name + "_bucket", labels + (("le", "+Inf"),), count)
        self.add_count(name + "_count", labels, count)
        self.add(name + "_sum", labels, count * median * math.exp(sigma * sigma / 2))

    def step(self):
        t = self.t + STEP
        self.t = t
        wave, latency_factor, error_ratio, roll, rps, rng = step_conditions(self.seed, t, self.incident_at(t))
        for endpoint, method, share, median, sigma in ENDPOINTS:
            n = rps * share * STEP
            factor = latency_factor if endpoint.startswith("/sessions") else 1.0 + (latency_factor - 1) * 0.3
            ok = n * (1 - error_ratio)
            self.observe("http_request_duration_seconds", (("endpoint", endpoint), ("method", method), ("status", "200")),
                         HTTP_BUCKETS, ok, median * factor * (1 + 0.3 * wave), sigma)
            self.observe("http_request_duration_seconds", (("endpoint", endpoint), ("method", method), ("status", "500")),
                         HTTP_BUCKETS, n - ok, median * 2, sigma)
            self.add_count("http_requests_total", (("endpoint", endpoint), ("method", method), ("status", "200")), ok)
            self.add_count("http_requests_total", (("endpoint", endpoint), ("method", method), ("status", "500")), n - ok)
        for database, op, median, sigma in DATABASES:
            factor = latency_factor if database == "mongodb" else 1.0
            self.observe("db_query_duration_seconds", (("database", database), ("operation", op)),
                         DB_BUCKETS, rps * 0.4 * STEP, median * factor, sigma)
        hints = rps * 0.15 * STEP
        hit = 0.86 + 0.08 * math.sin(t / 5400.0) - (0.2 if roll > 0.95 else 0)
        self.add_count("hints_cache_operations_total", (("operation", "hit"),), hints * hit)
        self.add_count("hints_cache_operations_total", (("operation", "miss"),), hints * (1 - hit))
        self.add_count("hints_requests_total", (("source", "cache"),), hints * hit)
        self.add_count("hints_requests_total", (("source", "python_api"),), hints * (1 - hit) * 0.9)
        self.add_count("hints_requests_total", (("source", "fallback"),), hints * (1 - hit) * 0.1)
        for severity, rate in (("low", 0.004), ("medium", 0.002), ("high", 0.0008), ("critical", 0.0002)):
            burst = 8 if roll > 0.97 else 1
            self.add_count("anticheat_incidents_total", (("action", "flagged"), ("severity", severity)), rate * burst * STEP * wave)
            self.add_count("anticheat_incidents_total", (("action", "blocked"), ("severity", severity)), rate * 0.2 * burst * STEP * wave)
        self.add_count("answers_submitted_total", (), rps * 0.45 * STEP * (1 - error_ratio))
        self.add_count("sessions_total", (), rps * 0.08 * STEP)
        self.gauges[("sessions_active", ())] = round(40 + 460 * wave + 20 * rng.random())
        self.gauges[("sse_connections_active", ())] = round(25 + 300 * wave + 15 * rng.random())
        self.gauges[("anticheat_users_blocked", ())] = 3 + int(t // 86400) % 5
        self.gauges[("redis_memory_max_bytes", ())] = 2 * 1024 ** 3
        self.gauges[("redis_memory_used_bytes", ())] = int((0.55 + 0.2 * wave + 0.02 * rng.random()) * 2 * 1024 ** 3)
        self.step_infrastructure(t)
        self.step_customer_sync(t, wave)
        self.step_ml_backend(t, wave)

    def step_infrastructure(self, t):
        # Gauges from pure functions of t (no draws from the streams above), so the metrics
        # that existed before them keep their exact values.
        down = member_down_at(self.seed, t)
        for member in RS_MEMBERS:
            healthy = member != down and not (self.live(t) and member == self.member_down)
            self.gauges[("mongodb_rs_members_health", (("member", member),))] = 1 if healthy else 0
        end, duration, ok, success_end = backup_state(self.seed, t)
        if self.backup_failed and self.live(t) and end < self.live_start:
            end, duration, ok = self.live_start, FAILED_BACKUP_DURATION, False
        labels = (("database", "mongodb"),)
        self.gauges[("backup_last_status", labels)] = 1 if ok else 0
        self.gauges[("backup_last_duration_seconds", labels)] = duration
        if success_end is not None:
            self.gauges[("backup_last_success_timestamp_seconds", labels)] = success_end

    def step_customer_sync(self, t, wave):
        # Own random stream: the metrics above keep their exact values.
        rng = random.Random(self.seed * 15485863 + t)
        business = 0.1 + 0.9 * wave
        outage = onec_outage(self.seed, t)
        down = outage is not None and outage[0] <= t < outage[1]
        backlog = export_backlog(outage, t)
        draining = not down and backlog > 0
        full_import = FULL_IMPORT_HOUR * 3600 <= t % 86400 < FULL_IMPORT_HOUR * 3600 + 2400
        for sync_type, rate, median, sigma in SYNC_TYPES:
            n = rate * business * STEP * (0.9 + 0.2 * rng.random())
            if sync_type == "import" and full_import:
                n += 2.5 * STEP                      # the nightly full import pages through 1C
            if sync_type == "export" and draining:
                n += EXPORT_DRAIN_RATE * STEP
            error_ratio = 0.01 + 0.02 * rng.random()
            factor = 1.0
            if down and sync_type != "update":
                error_ratio, factor = 0.85 + 0.1 * rng.random(), 4.0   # timeouts towards 1C
            ok = n * (1 - error_ratio)
            self.add_count("customer_sync_operations_total", (("status", "success"), ("type", sync_type)), ok)
            self.add_count("customer_sync_operations_total", (("status", "error"), ("type", sync_type)), n - ok)
            self.observe("customer_sync_duration_seconds", (("type", sync_type),), SYNC_DURATION_BUCKETS,
                         n, median * factor * (1 + 0.3 * wave), sigma)
            if sync_type != "export":
                self.add_count("customer_sync_customers_synced_total", (), ok)
            if sync_type == "import":
                for method, share in IDENTIFICATION_SHARES:
                    self.add_count("customer_sync_identifications_total", (("method", method),), ok * 0.93 * share)
                self.add_count("customer_registrations_total", (("source", "onec_import"),), ok * 0.07)
                self.add_count("customer_sync_conflicts_resolved_total", (("type", "data_import"),), ok * 0.02)
            if sync_type == "export":
                queue = 10 + 50 * wave + 8 * rng.random() + backlog
                self.gauges[("customer_sync_export_queue_size", ())] = round(queue)
                self.observe("customer_sync_export_queue_wait_seconds", (), SYNC_WAIT_BUCKETS,
                             ok, 2 + queue / 2.0, 0.5)
        portal = 0.012 * business * STEP * (0.8 + 0.4 * rng.random())
        self.add_count("customer_registrations_total", (("source", "portal"),), portal)
        self.add_count("customer_sync_conflicts_resolved_total", (("type", "portal_registration"),), portal * 0.15)
        # Admins hear of an unreachable 1C at most once per 5 minutes, and of unresolvable
        # conflicts now and then.
        self.add_count("customer_sync_admin_notifications_total", (("reason", "onec_unavailable"),),
                       1 if down and t % 300 < STEP else 0)
        self.add_count("customer_sync_admin_notifications_total", (("reason", "conflict_unresolved"),),
                       0.0004 * business * STEP)
        self.gauges[("onec_api_up", ())] = 0 if down else 1
        self.gauges[("onec_api_response_time_seconds", ())] = (
            1.0 if down else round(0.12 + 0.2 * wave + 0.05 * rng.random(), 3))
        self.gauges[("customer_sync_celery_workers_active", ())] = 4 if rng.random() > 0.01 else 3
        self.gauges[("customer_sync_db_pool_size", ())] = 20
        self.gauges[("customer_sync_db_pool_in_use", ())] = min(20, round(3 + 9 * business + 3 * rng.random()
                                                                           + (5 if full_import else 0)))
        self.gauges[("customer_sync_import_memory_bytes", ())] = int(
            (1.6e9 if full_import else 2.5e8 + 1.5e8 * wave) * (0.95 + 0.1 * rng.random()))
        disk_total = 50 * 1024 ** 3
        log_fill = 0.45 + 0.35 * ((t % (7 * 86400)) / (7 * 86400.0))   # logs rotate weekly
        self.gauges[("customer_sync_log_disk_size_bytes", ())] = disk_total
        self.gauges[("customer_sync_log_disk_used_bytes", ())] = int(disk_total * log_fill)

    def step_ml_backend(self, t, wave):
        rng = random.Random(self.seed * 32452843 + t)
        business = 0.1 + 0.9 * wave
        uploads = 0.004 * business * STEP * (0.7 + 0.6 * rng.random())
        self.add_count("ml_dataset_uploads_total", (("status", "success"),), uploads * 0.97)
        self.add_count("ml_dataset_uploads_total", (("status", "failed"),), uploads * 0.03)
        self.observe("ml_dataset_upload_size_bytes", (), UPLOAD_SIZE_BUCKETS, uploads * 0.97, 4e7, 1.2)
        trainings = 0.0015 * business * STEP
        for status, share in (("succeeded", 0.85), ("failed", 0.1), ("cancelled", 0.05)):
            self.add_count("ml_trainings_total", (("status", status),), trainings * share)
        self.observe("ml_training_duration_seconds", (), TRAINING_BUCKETS, trainings * 0.85, 1200, 0.8)
        self.gauges[("ml_trainings_running", ())] = round(3 * business + rng.random())
        if t % CLEANUP_PERIOD < STEP:
            failed = rng.random() < 0.05
            deleted = int((20 + 60 * wave) * (0.5 + rng.random()))
            self.add("ttl_cleanup_runs_total", (("status", "error"),), 1 if failed else 0)
            self.add("ttl_cleanup_runs_total", (("status", "success"),), 0 if failed else 1)
            self.add("ttl_cleanup_deleted_files_total", (), deleted)
            self.add("ttl_cleanup_freed_bytes_total", (), deleted * int(3e7 * (0.5 + rng.random())))
            self.add("ttl_cleanup_errors_total", (), rng.randint(1, 5) if failed else 0)
            self.gauges[("ttl_cleanup_last_run_timestamp_seconds", ())] = t - t % CLEANUP_PERIOD
            self.gauges[("ttl_cleanup_last_run_duration_seconds", ())] = round(2 + deleted * 0.05 + rng.random(), 2)
        elif ("ttl_cleanup_last_run_timestamp_seconds", ()) not in self.gauges:
            # Before the first run of this model: the run before the anchor, without counts.
            for status in ("success", "error"):
                self.add("ttl_cleanup_runs_total", (("status", status),), 0)
            for name in ("ttl_cleanup_deleted_files_total", "ttl_cleanup_freed_bytes_total", "ttl_cleanup_errors_total"):
                self.add(name, (), 0)
            self.gauges[("ttl_cleanup_last_run_timestamp_seconds", ())] = t - t % CLEANUP_PERIOD
            self.gauges[("ttl_cleanup_last_run_duration_seconds", ())] = 4.0

    def samples(self):
        for (name, labels), v in self.counters.items():
            yield name, labels, v
        for (name, labels), v in self.gauges.items():
            yield name, labels, v


FAMILIES = {
    "http_request_duration_seconds": "histogram", "db_query_duration_seconds": "histogram",
    "http_requests": "counter", "hints_cache_operations": "counter", "hints_requests": "counter",
    "anticheat_incidents": "counter", "answers_submitted": "counter", "sessions": "counter",
    "sessions_active": "gauge", "sse_connections_active": "gauge", "anticheat_users_blocked": "gauge",
    "redis_memory_max_bytes": "gauge", "redis_memory_used_bytes": "gauge",
    "mongodb_rs_members_health": "gauge", "backup_last_status": "gauge",
    "backup_last_duration_seconds": "gauge", "backup_last_success_timestamp_seconds": "gauge",
    "customer_sync_operations": "counter", "customer_sync_duration_seconds": "histogram",
    "customer_sync_customers_synced": "counter", "customer_sync_identifications": "counter",
    "customer_registrations": "counter", "customer_sync_conflicts_resolved": "counter",
    "customer_sync_export_queue_size": "gauge", "customer_sync_export_queue_wait_seconds": "histogram",
    "customer_sync_admin_notifications": "counter", "onec_api_up": "gauge",
    "onec_api_response_time_seconds": "gauge", "customer_sync_celery_workers_active": "gauge",
    "customer_sync_db_pool_size": "gauge", "customer_sync_db_pool_in_use": "gauge",
    "customer_sync_import_memory_bytes": "gauge", "customer_sync_log_disk_size_bytes": "gauge",
    "customer_sync_log_disk_used_bytes": "gauge",
    "ml_dataset_uploads": "counter", "ml_dataset_upload_size_bytes": "histogram",
    "ml_trainings": "counter", "ml_training_duration_seconds": "histogram", "ml_trainings_running": "gauge",
    "ttl_cleanup_runs": "counter", "ttl_cleanup_deleted_files": "counter", "ttl_cleanup_freed_bytes": "counter",
    "ttl_cleanup_errors": "counter", "ttl_cleanup_last_run_timestamp_seconds": "gauge",
    "ttl_cleanup_last_run_duration_seconds": "gauge", "up": "gauge",
}


def family_of(name):
    for suffix in ("_bucket", "_count", "_sum"):
        base = name[: -len(suffix)]
        if name.endswith(suffix) and FAMILIES.get(base) == "histogram":
            return base
    if name in FAMILIES:
        return name
    if name.endswith("_total") and FAMILIES.get(name[:-6]) == "counter":
        return name[:-6]
    return name


def fmt_labels(labels):
    if not labels:
        return ""
    return "{" + ",".join('%s="%s"' % (k, v) for k, v in labels) + "}"


def fmt_value(v):
    return repr(float(v)) if isinstance(v, float) and not v.is_integer() else str(int(v))


def render_text(samples):
    """Prometheus text format 0.0.4 (what a scrape that does not ask for OpenMetrics gets)."""
    lines = []
    seen = set()
    for name, labels, v in samples:
        fam = family_of(name)
        if fam not in seen:
            seen.add(fam)
            lines.append("# TYPE %s %s" % (fam if FAMILIES.get(fam) != "counter" else fam + "_total",
                                           FAMILIES.get(fam, "gauge")))
        lines.append("%s%s %s" % (name, fmt_labels(labels), fmt_value(v)))
    return ("\n".join(lines) + "\n").encode()


def render_openmetrics(samples, exemplars):
    """OpenMetrics 1.0 text, with exemplars {trace_id="..."} on histogram buckets: `exemplars`
    maps (histogram name, labels without le) to {le: (trace id, value, time)}."""
    by_family = {}
    for name, labels, v in samples:
        by_family.setdefault(family_of(name), []).append((name, labels, v))
    lines = []
    for fam in sorted(by_family):
        lines.append("# TYPE %s %s" % (fam, FAMILIES.get(fam, "gauge")))
        for name, labels, v in by_family[fam]:
            line = "%s%s %s" % (name, fmt_labels(labels), fmt_value(v))
            if name.endswith("_bucket"):
                le = dict(labels).get("le")
                ex = exemplars.get((name[:-7], tuple(kv for kv in labels if kv[0] != "le")), {}).get(le)
                if ex:
                    line += ' # {trace_id="%s"} %s %.3f' % (ex[0], repr(round(ex[1], 6)), ex[2])
            lines.append(line)
    lines.append("# EOF")
    return ("\n".join(lines) + "\n").encode()


def backfill(args):
    model = Model(args.anchor)
    extra = tuple(tuple(kv.split("=", 1)) for kv in args.labels.split(",") if "=" in kv)
    # The history of a scraped target includes Prometheus's own `up` series (1: scraped fine);
    # live, Prometheus writes it itself, so `serve` never exposes it.
    scraped = any(k == "job" for k, _ in extra)
    series = {}  # (name, labels) -> list of (t, v)
    while model.t + STEP <= args.end:
        model.step()
        for name, labels, v in model.samples():
            series.setdefault((name, labels), []).append((model.t, v))
        if scraped:
            series.setdefault(("up", ()), []).append((model.t, 1))
    by_family = {}
    for key in series:
        by_family.setdefault(family_of(key[0]), []).append(key)
    with open(args.out, "w") as out:
        for family, keys in sorted(by_family.items()):
            out.write("# TYPE %s %s\n" % (family, FAMILIES.get(family, "gauge")))
            for key in sorted(keys):
                name, labels = key
                lbl = fmt_labels(tuple(sorted(labels + extra)))
                for t, v in series[key]:
                    out.write("%s%s %s %d\n" % (name, lbl, fmt_value(v), t))
        out.write("# EOF\n")
    print("backfilled %d series, %d steps up to %d" % (len(series), len(next(iter(series.values()))), model.t))


def serve(args):
    live_start = time.time()
    model = Model(args.anchor, live_start=live_start, incident_minutes=args.incident,
                  member_down=args.member_down, backup_failed=args.backup_failed)
    lock = threading.Lock()

    def catch_up():
        now = time.time()
        while model.t + STEP <= now:
            model.step()

    catch_up()

    # The traces of the demo's Jaeger API: the same seed and the same staged incident, so
    # exemplars and slow traces fall in the latency spikes of the histograms.
    import jaeger_api
    traces = jaeger_api.TraceSource(model.seed, incident=model.incident_at)

    def dependencies(now):
        """(mongodb, redis) as the health check sees them now: "ok" or "timeout"."""
        t = int(now) - int(now) % STEP + STEP
        _, latency_factor, error_ratio, roll, _, _ = step_conditions(model.seed, t, model.incident_at(now))
        if args.unhealthy:  # staged: only the named dependency fails, whatever the model does
            return ("timeout" if args.unhealthy == "mongodb" else "ok",
                    "timeout" if args.unhealthy == "redis" else "ok")
        mongodb = "timeout" if latency_factor > 1.0 else "ok"
        redis = "timeout" if 0.10 <= roll < 0.16 else "ok"
        return mongodb, redis

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            path = self.path.split("?")[0]
            status = 200
            if path in ("/health", "/ready"):
                now = time.time()
                mongodb, redis = dependencies(now)
                if path == "/health":
                    healthy = mongodb == "ok" and redis == "ok"
                    word = "healthy" if healthy else "unhealthy"
                else:
                    healthy = mongodb == "ok"
                    word = "ready" if healthy else "not ready"
                status = 200 if healthy else 503
                body = json.dumps({"status": word, "uptime_seconds": round(now - live_start, 1),
                                   "database": "connected", "mongodb": mongodb, "redis": redis}).encode() + b"\n"
                ctype = "application/json"
            elif self.path.split("?")[0] == "/metrics":
                openmetrics = "application/openmetrics-text" in self.headers.get("Accept", "")
                with lock:
                    catch_up()
                    samples = sorted(model.samples())
                if openmetrics:
                    body = render_openmetrics(samples, traces.recent_exemplars(time.time()))
                    ctype = "application/openmetrics-text; version=1.0.0; charset=utf-8"
                else:
                    body = render_text(samples)
                    ctype = "text/plain; version=0.0.4"
            else:
                self.send_error(404)
                return
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print("rust-api simulator on http://127.0.0.1:%d/metrics" % args.port, flush=True)
    if args.jaeger_port:
        jaeger_api.serve_in_thread(args.jaeger_port, traces, args.jaeger_api)
        print("Jaeger query API (stand-in) on http://127.0.0.1:%d" % args.jaeger_port, flush=True)
    staged = []
    if args.incident > 0:
        staged.append("incident (slow MongoDB, 5xx burst) for %g minutes" % args.incident)
    if args.member_down:
        staged.append("replica-set member %s down" % args.member_down)
    if args.backup_failed:
        staged.append("last backup failed")
    if staged:
        print("staged faults: " + "; ".join(staged), flush=True)
    server.serve_forever()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("backfill")
    b.add_argument("--anchor", type=int, required=True)
    b.add_argument("--end", type=int, default=int(time.time()))
    b.add_argument("--out", required=True)
    b.add_argument("--labels", default="",
                   help="labels the live scrape will carry, e.g. job=rust-api,instance=127.0.0.1:8081")
    s = sub.add_parser("serve")
    s.add_argument("--anchor", type=int, required=True)
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--incident", type=float, nargs="?", const=15.0, default=0.0, metavar="MINUTES",
                   help="slow MongoDB (API p95 > 500 ms) and ~5%% 5xx for the first MINUTES "
                        "of live serving (15 when given without a value; default off)")
    s.add_argument("--member-down", choices=RS_MEMBERS, default=None, metavar="MEMBER",
                   help="replica-set member reported down while serving: %s" % ", ".join(RS_MEMBERS))
    s.add_argument("--backup-failed", action="store_true",
                   help="the last backup run failed (after 19 minutes) as serving begins")
    s.add_argument("--unhealthy", choices=["mongodb", "redis", "none"], default=None, metavar="DEP",
                   help="/health reports DEP (mongodb or redis) timing out, the other ok; none: always healthy")
    s.add_argument("--jaeger-port", type=int, default=0, metavar="PORT",
                   help="also serve the Jaeger query API (scripts/jaeger_api.py) on this port, with "
                        "the traces the exemplars of /metrics point to")
    s.add_argument("--jaeger-api", choices=["v1", "v3", "both"], default="both",
                   help="which Jaeger API versions to serve (default both)")
    args = p.parse_args()
    backfill(args) if args.cmd == "backfill" else serve(args)


if __name__ == "__main__":
    sys.exit(main())
