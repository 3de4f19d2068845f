#!/usr/bin/env python3
"""The demo's stand-in for a Jaeger query service (no Jaeger server is installable here).

It serves the Jaeger query HTTP API as a real Jaeger does, with Jaeger's JSON shapes:

  v1 (the Jaeger UI's internal API)
    GET /api/services                          {"data":[..],"total":n,"limit":0,"offset":0,"errors":null}
    GET /api/services/{service}/operations     operation names
    GET /api/operations?service=&spanKind=     {"data":[{"name","spanKind"}],..}
    GET /api/traces?service=&operation=&tags=<JSON>&tag=k:v&minDuration=&maxDuration=
                   &start=&end=&limit=&traceID= (start/end in microseconds; durations in Go
                   syntax: 500ms, 1.2s, 1m30s)
    GET /api/traces/{traceID}                  404 {"errors":[{"code":404,"msg":"trace not found"}]}
    GET /api/dependencies?endTs=&lookback=     (milliseconds)
  v3 (OTLP-JSON; the API newer Jaeger releases keep)
    GET /api/v3/services                       {"services":[..]}
    GET /api/v3/operations?service=&span_kind= {"operations":[{"name","spanKind"}]}
    GET /api/v3/traces?query.service_name=&query.operation_name=&query.start_time_min=
                   &query.start_time_max=&query.duration_min=&query.duration_max=
                   &query.num_traces=&query.attributes=<JSON>  (RFC 3339 times; the newer
                   camelCase names query.serviceName, query.startTimeMin,
                   query.searchDepth ... are accepted too)
    GET /api/v3/traces/{traceID}               {"result":{"resourceSpans":[..]}}
  v3 answers carry Content-Type text/plain (Jaeger's gateway sets none and Go sniffs it).
  Errors as Jaeger writes them: v1 `{"data":null,"total":0,"limit":0,"offset":0,
  "errors":[{"code":400,"msg":".."}]}`, v3 `{"error":{"httpCode":400,"message":".."}}`
  (both with Content-Type text/plain, as Go's http.Error sends them).

Traces are a pure function of the seed and the time: every SLOT seconds a few sampled
requests of rust-api (POST /sessions/{id}/answers, POST /sessions, GET /questions/{id},
GET /hints) with child spans in mongodb, redis, anticheat and hints-service, and now and then a
customer-sync operation talking to 1C. Their durations follow the simulator's latency model
(simulator.step_conditions: the same daily wave and the same spikes of slow MongoDB), so a
trace found at a latency spike spends its time in a slow mongodb query. A trace ID encodes
its slot, so /api/traces/{id} regenerates the trace without storing anything; the simulator's
/metrics attaches these IDs as exemplars (recent_exemplars()).

  jaeger_api.py --port N [--seed S] [--api v1|v3|both]

`--api v1` answers /api/v3/* with 404 (a Jaeger older than the v3 API); `--api v3` answers
the v1 endpoints with 404 (a Jaeger that removed them).
"""
import argparse
import hashlib
import http.server
import json
import math
import random
import re
import sys
import threading
import time
from urllib.parse import parse_qs, unquote, urlsplit

import simulator as sim

SLOT = 2                       # seconds; every slot holds 0-3 sampled requests
MASK64 = (1 << 64) - 1
ODD = 0x9E3779B97F4A7C15       # multiplier of the invertible mixing of a trace ID's high half
ODD_INV = pow(ODD, -1, 1 << 64)
SAMPLED_ERROR_BOOST = 4.0      # the sampler keeps failed requests more often (like tail sampling)
SCAN_BUDGET = 8.0              # seconds a search may spend before returning what it found
CUSTOMER_SYNC_IDX = 32         # slot index of customer-sync traces (rust-api ones use 0..n)

# endpoint of simulator.ENDPOINTS -> span plan (see RustApiTrace); /health is not traced.
TRACED_ENDPOINTS = [e for e in sim.ENDPOINTS if e[0] != "/health"]

# The operations each service reports, with span kinds (what /api/operations lists).
OPERATIONS = {
    "rust-api": [("POST /sessions/{id}/answers", "server"), ("POST /sessions", "server"),
                 ("GET /questions/{id}", "server"), ("GET /hints", "server"),
                 ("authenticate", "internal"), ("check answer", "internal"),
                 ("publish answer event", "internal"), ("build session", "internal"),
                 ("fallback hint", "internal"), ("render question", "internal"), ("POST /check", "client"), ("GET /api/hints", "client")],
    "mongodb": [("find sessions", "client"), ("find questions", "client"), ("find users", "client"),
                ("insert answers", "client"), ("update sessions", "client"), ("insert sessions", "client"),
                ("find hints", "client")],
    "redis": [("GET", "client"), ("SET", "client"), ("INCR", "client")],
    "anticheat": [("POST /check", "server"), ("score answer pattern", "internal")],
    "hints-service": [("GET /api/hints", "server"), ("generate hint", "internal")],
    "customer-sync": [("sync.import_customers", "consumer"), ("sync.export_customer", "consumer"),
                      ("sync.update_customer", "consumer"), ("GET /odata/Catalog_Customers", "client"),
                      ("POST /odata/Catalog_Customers", "client"), ("identify customer", "internal"),
                      ("save customer", "internal")],
}
SERVICES = sorted(OPERATIONS)
PROCESS_TAGS = {
    "rust-api": [("hostname", "rust-api-7d9f8c6b5-x2kq4"), ("ip", "10.42.1.17"),
                 ("service.version", "1.14.2"), ("telemetry.sdk.language", "rust")],
    "mongodb": [("hostname", "mongo-0"), ("ip", "10.42.2.10"), ("db.system", "mongodb")],
    "redis": [("hostname", "redis-0"), ("ip", "10.42.2.20"), ("db.system", "redis")],
    "anticheat": [("hostname", "anticheat-5c7b9d-7hxlm"), ("ip", "10.42.1.31"),
                  ("telemetry.sdk.language", "python")],
    "hints-service": [("hostname", "hints-service-66f4b-pq8zt"), ("ip", "10.42.1.44"),
                      ("telemetry.sdk.language", "python")],
    "customer-sync": [("hostname", "customer-sync-worker-1"), ("ip", "10.42.3.5"),
                      ("telemetry.sdk.language", "python")],
}
OTLP_KIND = {"internal": 1, "server": 2, "client": 3, "producer": 4, "consumer": 5}


class ApiError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


# ---------------------------------------------------------------------------------------
# Parsing as Go does (time.ParseDuration, strconv, RFC 3339), with Go's error texts.

_DURATION_UNITS = {"ns": 1, "us": 1000, "µs": 1000, "μs": 1000, "ms": 10 ** 6, "s": 10 ** 9,
                   "m": 60 * 10 ** 9, "h": 3600 * 10 ** 9}
_DURATION_PART = re.compile(r"(\d*)(\.\d*)?([^\d.]*)")


def parse_go_duration(s):
    """Nanoseconds of a Go duration string ("500ms", "1.2s", "1h30m"); ValueError with Go's text."""
    orig = s
    sign = 1
    if s[:1] in "+-":
        sign = -1 if s[0] == "-" else 1
        s = s[1:]
    if s == "0":
        return 0
    if not s:
        raise ValueError('time: invalid duration "%s"' % orig)
    total = 0
    while s:
        m = _DURATION_PART.match(s)
        whole, frac, unit = m.group(1), m.group(2) or "", m.group(3)
        if not whole and frac in ("", "."):
            raise ValueError('time: invalid duration "%s"' % orig)
        if not unit:
            raise ValueError('time: missing unit in duration "%s"' % orig)
        # The unit runs up to the next digit or dot.
        if unit not in _DURATION_UNITS:
            raise ValueError('time: unknown unit "%s" in duration "%s"' % (unit, orig))
        scale = _DURATION_UNITS[unit]
        total += int(whole or "0") * scale
        if len(frac) > 1:
            total += int(frac[1:]) * scale // 10 ** (len(frac) - 1)
        s = s[m.end():]
    return sign * total


def parse_go_int(s):
    if not re.fullmatch(r"[+-]?\d+", s):
        raise ValueError('strconv.ParseInt: parsing "%s": invalid syntax' % s)
    v = int(s)
    if not -(1 << 63) <= v < (1 << 63):
        raise ValueError('strconv.ParseInt: parsing "%s": value out of range' % s)
    return v


_RFC3339 = re.compile(r"(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(\.\d{1,9})?([Zz]|[+-]\d\d:\d\d)")


def parse_rfc3339_us(s):
    """Microseconds since the epoch of an RFC 3339 time (nanoseconds allowed)."""
    import calendar
    m = _RFC3339.fullmatch(s)
    if not m:
        raise ValueError('parsing time "%s" as "2006-01-02T15:04:05.999999999Z07:00": cannot parse "%s" as "2006"'
                         % (s, s))
    y, mo, d, h, mi, sec = (int(m.group(i)) for i in range(1, 7))
    secs = calendar.timegm((y, mo, d, h, mi, sec, 0, 0, 0))
    frac = m.group(7) or ""
    us = int((frac[1:] + "000000000")[:6]) if frac else 0
    tz = m.group(8)
    if tz not in ("Z", "z"):
        off = (int(tz[1:3]) * 60 + int(tz[4:6])) * 60
        secs -= off if tz[0] == "+" else -off
    return secs * 10 ** 6 + us


def parse_trace_id(s):
    """The 128-bit integer of a hex trace ID as Jaeger's TraceIDFromString accepts it."""
    if len(s) > 32:
        raise ValueError("TraceID cannot be longer than 32 hex characters: %s" % s)
    if not s or not re.fullmatch(r"[0-9a-fA-F]+", s):
        part = s[-16:] if len(s) > 16 else s
        raise ValueError('strconv.ParseUint: parsing "%s": invalid syntax' % part)
    return int(s, 16)


def format_trace_id(v):
    hi, lo = v >> 64, v & MASK64
    return "%016x" % lo if hi == 0 else "%016x%016x" % (hi, lo)


# ---------------------------------------------------------------------------------------
# Trace generation

def _hash64(*parts):
    h = hashlib.blake2b(repr(parts).encode(), digest_size=8)
    return int.from_bytes(h.digest(), "big")


class Header:
    """What search needs of a trace before generating its spans."""
    __slots__ = ("trace_id", "slot", "idx", "start_us", "duration_us", "kind", "endpoint", "status",
                 "factor", "wave", "error_ratio")

    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)

    @property
    def end_us(self):
        return self.start_us + self.duration_us


class Span:
    __slots__ = ("span_id", "parent", "service", "name", "kind", "start_us", "duration_us", "attrs",
                 "events", "error", "status_message")

    def __init__(self, span_id, parent, service, name, kind, start_us, duration_us):
        self.span_id = span_id
        self.parent = parent
        self.service = service
        self.name = name
        self.kind = kind
        self.start_us = start_us
        self.duration_us = duration_us
        self.attrs = []      # (key, value) with value str, bool, int or float
        self.events = []     # (time_us, name, [(key, value)])
        self.error = False
        self.status_message = ""


class Trace:
    def __init__(self, header, spans):
        self.header = header
        self.spans = spans

    @property
    def trace_id(self):
        return self.header.trace_id


def _lognormal(rng, median, sigma):
    return median * math.exp(sigma * rng.gauss(0.0, 1.0))


class TraceSource:
    """Deterministic traces: a function of (seed, slot). `incident(t)` says whether the
    simulator's staged incident covers the model step ending at t."""

    def __init__(self, seed=7, incident=None, now=time.time):
        self.seed = seed
        self.incident = incident or (lambda t: False)
        self.now = now
        self.mask = _hash64("mask", seed)
        self._slots = {}
        self._conditions = {}
        self._lock = threading.Lock()

    # --- IDs -------------------------------------------------------------------------
    def make_id(self, slot, idx):
        x = (slot << 8) | idx
        hi = ((x * ODD) & MASK64) ^ self.mask
        lo = _hash64("id", self.seed, slot, idx)
        return (hi << 64) | lo

    def decode_id(self, v):
        hi, lo = v >> 64, v & MASK64
        x = ((hi ^ self.mask) * ODD_INV) & MASK64
        slot, idx = x >> 8, x & 0xFF
        if _hash64("id", self.seed, slot, idx) != lo:
            return None
        return slot, idx

    # --- the latency model -----------------------------------------------------------
    def conditions(self, t):
        step_t = (int(t) // sim.STEP + 1) * sim.STEP   # the model step covering t
        key = step_t
        c = self._conditions.get(key)
        if c is None:
            wave, factor, error_ratio, roll, rps, _ = sim.step_conditions(self.seed, step_t, self.incident(step_t))
            c = (wave, factor, error_ratio, roll, rps)
            if len(self._conditions) > 20000:
                self._conditions.clear()
            self._conditions[key] = c
        return c

    def headers(self, slot):
        """The traces whose root starts in this slot (generated once, then cached)."""
        with self._lock:
            hs = self._slots.get(slot)
        if hs is not None:
            return hs
        hs = self._make_headers(slot)
        with self._lock:
            if len(self._slots) > 100000:   # about 2.3 days of slots
                self._slots.clear()
            self._slots[slot] = hs
        return hs

    def _make_headers(self, slot):
        r = random.Random(_hash64("slot", self.seed, slot))
        t0 = slot * SLOT
        wave, factor, error_ratio, roll, rps = self.conditions(t0)
        out = []
        n = int(rps / sim.PEAK_RPS * 1.6 + r.random())
        shares = [e[2] for e in TRACED_ENDPOINTS]
        for idx in range(n):
            offset = r.random() * SLOT
            endpoint, method, _, median, sigma = r.choices(TRACED_ENDPOINTS, shares)[0]
            failed = r.random() < error_ratio * SAMPLED_ERROR_BOOST
            if failed:
                seconds = _lognormal(r, median * 2, sigma)
            else:
                f = factor if endpoint.startswith("/sessions") else 1.0 + (factor - 1) * 0.3
                seconds = _lognormal(r, median * f * (1 + 0.3 * wave), sigma)
            out.append(Header(trace_id=self.make_id(slot, idx), slot=slot, idx=idx,
                              start_us=int((t0 + offset) * 1e6), duration_us=max(300, int(seconds * 1e6)),
                              kind="rust-api", endpoint=(endpoint, method), status=500 if failed else 200,
                              factor=factor, wave=wave, error_ratio=error_ratio))
        # customer-sync: a Celery task now and then, busier in business hours
        if slot % 10 == 0 and r.random() < 0.2 + 0.8 * wave:
            sync_type, _, median, sigma = r.choice(sim.SYNC_TYPES)
            outage = sim.onec_outage(self.seed, t0)
            down = outage is not None and outage[0] <= t0 < outage[1]
            failed = (down and sync_type != "update") or r.random() < 0.02 * SAMPLED_ERROR_BOOST
            seconds = _lognormal(r, median * (4.0 if down else 1.0) * (1 + 0.3 * wave), sigma)
            out.append(Header(trace_id=self.make_id(slot, CUSTOMER_SYNC_IDX), slot=slot, idx=CUSTOMER_SYNC_IDX,
                              start_us=int((t0 + r.random() * SLOT) * 1e6), duration_us=int(seconds * 1e6),
                              kind="customer-sync", endpoint=(sync_type, "down" if down else "up"),
                              status=500 if failed else 200, factor=1.0, wave=wave, error_ratio=0.0))
        return out

    def header_by_id(self, v):
        dec = self.decode_id(v)
        if dec is None:
            return None
        slot, idx = dec
        for h in self.headers(slot):
            if h.idx == idx:
                return h
        return None

    # --- lookups -----------------------------------------------------------------------
    def finished(self, h, now_us=None):
        return h.end_us <= (now_us if now_us is not None else int(self.now() * 1e6))

    def trace(self, trace_id):
        """The finished trace with this ID, or None."""
        h = self.header_by_id(trace_id)
        if h is None or not self.finished(h):
            return None
        return self.build(h)

    def build(self, h):
        if h.kind == "customer-sync":
            return CustomerSyncTrace(h).build()
        return RustApiTrace(h).build()

    def iter_headers(self, start_us, end_us, now_us):
        """Headers of finished traces starting in [start_us, end_us], newest first."""
        end_us = min(end_us, now_us)
        first = start_us // (SLOT * 10 ** 6)
        last = end_us // (SLOT * 10 ** 6)
        for slot in range(last, first - 1, -1):
            for h in sorted(self.headers(slot), key=lambda x: -x.start_us):
                if start_us <= h.start_us <= end_us and h.end_us <= now_us:
                    yield h

    def search(self, service="", operation="", tags=None, start_us=0, end_us=0, min_us=0, max_us=0, limit=20):
        """Traces (newest first) with a span of `service` that matches operation, tags and the
        duration range all at once - Jaeger's rule."""
        now_us = int(self.now() * 1e6)
        tags = tags or {}
        found = []
        deadline = time.monotonic() + SCAN_BUDGET
        for n, h in enumerate(self.iter_headers(start_us, end_us, now_us)):
            if n % 256 == 0 and time.monotonic() > deadline:
                break
            # Every span lies inside the root, so a root shorter than min_us cannot match.
            if min_us and h.duration_us < min_us:
                continue
            if service and service not in SERVICES_OF.get(h.kind, ()):
                continue
            t = self.build(h)
            if any(span_matches(s, service, operation, tags, min_us, max_us) for s in t.spans):
                found.append(t)
                if len(found) >= limit:
                    break
        return found

    def recent_exemplars(self, now, window=300):
        """{(metric, labels without le): {le: (trace id hex, seconds, end time)}}: the latest
        finished trace of the last `window` seconds per bucket of http_request_duration_seconds
        (by the root span) and of db_query_duration_seconds (by its mongodb / redis spans)."""
        now_us = int(now * 1e6)
        out = {}

        def put(metric, labels, buckets, seconds, trace_id, end_us):
            le = "+Inf"
            for b in buckets:
                if seconds <= b:
                    le = repr(float(b))
                    break
            per_le = out.setdefault((metric, labels), {})
            # The one that ended last, so that an exemplar's time never goes back (Prometheus
            # drops out-of-order exemplars).
            if le not in per_le or per_le[le][2] < end_us / 1e6:
                per_le[le] = (format_trace_id(trace_id), seconds, end_us / 1e6)

        for h in self.iter_headers(now_us - window * 10 ** 6, now_us, now_us):
            if h.kind != "rust-api":
                continue
            put("http_request_duration_seconds",
                (("endpoint", h.endpoint[0]), ("method", h.endpoint[1]), ("status", str(h.status))),
                sim.HTTP_BUCKETS, h.duration_us / 1e6, h.trace_id, h.end_us)
            for span in self.build(h).spans:
                op = DB_METRIC_OPERATION.get((span.service, span.name.split(" ")[0]))
                if op:
                    put("db_query_duration_seconds", (("database", span.service), ("operation", op)),
                        sim.DB_BUCKETS, span.duration_us / 1e6, h.trace_id, span.start_us + span.duration_us)
        return out

    def dependencies(self, end_ms, lookback_ms):
        """Call counts between services over the window, from the model's sampled traffic."""
        traces = max(0, lookback_ms) / 1000.0 / SLOT * 0.9
        links = [("rust-api", "mongodb", 3.1), ("rust-api", "redis", 2.6), ("rust-api", "anticheat", 0.45),
                 ("rust-api", "hints-service", 0.02), ("anticheat", "redis", 0.45),
                 ("hints-service", "mongodb", 0.02), ("hints-service", "redis", 0.02)]
        out = [{"parent": p, "child": c, "callCount": int(traces * k)} for p, c, k in links]
        out.append({"parent": "customer-sync", "child": "mongodb", "callCount": int(traces * 0.05)})
        return [d for d in out if d["callCount"] > 0]


# (service, first word of the span name) -> `operation` label of db_query_duration_seconds
DB_METRIC_OPERATION = {("mongodb", "find"): "find", ("mongodb", "insert"): "insert",
                       ("redis", "GET"): "get", ("redis", "SET"): "set"}

SERVICES_OF = {"rust-api": ("rust-api", "mongodb", "redis", "anticheat", "hints-service"),
               "customer-sync": ("customer-sync", "mongodb")}


def _value_str(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def span_matches(s, service, operation, tags, min_us, max_us):
    if service and s.service != service:
        return False
    if operation and s.name != operation:
        return False
    if min_us and s.duration_us < min_us:
        return False
    if max_us and s.duration_us > max_us:
        return False
    for k, v in tags.items():
        if not _span_has_tag(s, k, v):
            return False
    return True


def _span_has_tag(s, key, value):
    # As Jaeger's storage: span tags (including the synthetic error / span.kind ones),
    # process tags and log fields.
    for k, v in v1_tags(s):
        if k == key and _value_str(v) == value:
            return True
    for k, v in PROCESS_TAGS.get(s.service, ()):
        if k == key and _value_str(v) == value:
            return True
    for _, name, fields in s.events:
        if key == "event" and name == value:
            return True
        for k, v in fields:
            if k == key and _value_str(v) == value:
                return True
    return False


class _Builder:
    """Lays spans out in time: children run one after another inside their parent."""

    def __init__(self, header):
        self.h = header
        self.rng = random.Random(_hash64("spans", header.trace_id))
        self.spans = []
        self.entity = "%024x" % self.rng.getrandbits(96)

    def span_id(self):
        return "%016x" % (self.rng.getrandbits(64) | 1)

    def span(self, parent, service, name, kind, start_us, duration_us, attrs=()):
        s = Span(self.span_id(), parent.span_id if parent else None, service, name, kind,
                 int(start_us), max(1, int(duration_us)))
        s.attrs.extend(attrs)
        self.spans.append(s)
        return s

    def sequence(self, parent, steps, fill=None):
        """Children of `parent` one after another; steps are (weight, callback(start, dur))
        where callback creates the span. They take `fill` of the parent's time."""
        if not steps:
            return
        rng = self.rng
        fill = fill if fill is not None else rng.uniform(0.78, 0.93)
        budget = parent.duration_us * fill
        weights = [w * math.exp(0.25 * rng.gauss(0, 1)) for w, _ in steps]
        total = sum(weights)
        gaps = parent.duration_us - budget
        gap = gaps / (len(steps) + 1)
        t = parent.start_us + gap * rng.uniform(0.5, 1.0)
        for (w, make), wt in zip(steps, weights):
            d = budget * wt / total
            if make(t, d) is False:
                break   # the request was aborted at this step
            t += d + gap * rng.uniform(0.5, 1.0)


def _mongo_attrs(op, collection, statement):
    return [("db.system", "mongodb"), ("db.name", "quiz"), ("db.operation", op),
            ("db.mongodb.collection", collection), ("db.statement", statement),
            ("net.peer.name", "mongo-0"), ("net.peer.port", 27017)]


def _redis_attrs(statement):
    return [("db.system", "redis"), ("db.statement", statement), ("net.peer.name", "redis-0"),
            ("net.peer.port", 6379)]


class RustApiTrace(_Builder):
    def build(self):
        h, rng = self.h, self.rng
        endpoint, method = h.endpoint
        sid = "%024x" % rng.getrandbits(96)
        target = endpoint.replace("{id}", sid)
        root = self.span(None, "rust-api", "%s %s" % (method, endpoint), "server", h.start_us, h.duration_us,
                         [("http.method", method), ("http.route", endpoint), ("http.target", target),
                          ("http.scheme", "http"), ("http.status_code", h.status),
                          ("net.host.name", "api.quiz.internal"),
                          ("http.user_agent", rng.choice(["Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
                                                          "QuizApp/3.2 (Android 14)", "QuizApp/3.2 (iOS 17.5)"]))])
        self.failed = h.status == 500
        self.fail_step = None
        # Slow MongoDB: in a latency spike one query takes most of the time.
        self.slow_db = h.factor > 1.5 or (not self.failed and h.duration_us > 400000 and rng.random() < 0.7)
        plan = getattr(self, "plan_" + {"/sessions/{id}/answers": "answers", "/sessions": "sessions",
                                        "/questions/{id}": "question", "/hints": "hints"}[endpoint])
        steps = plan(root, sid)
        if self.failed:
            # Which step fails: a database write, or (now and then) anticheat.
            candidates = [i for i, (w, m) in enumerate(steps) if getattr(m, "can_fail", False)]
            self.fail_step = rng.choice(candidates) if candidates else None
            steps = [(w, self._failing(m) if i == self.fail_step else m) for i, (w, m) in enumerate(steps)]
        self.sequence(root, steps)
        if self.failed:
            root.error = True
            root.status_message = self.fail_reason
            root.events.append((root.start_us + root.duration_us - 150, "exception",
                                [("exception.type", "ApiError::Internal"),
                                 ("exception.message", "request failed: %s" % self.fail_reason)]))
        elif root.duration_us > 500000:
            root.events.append((root.start_us + root.duration_us - 80, "slow request",
                                [("threshold_ms", 500), ("elapsed_ms", root.duration_us // 1000)]))
        self.spans.sort(key=lambda s: (s.start_us, s.span_id))
        return Trace(h, self.spans)

    fail_reason = "internal error"

    def _failing(self, make):
        def run(t, d):
            s = make(t, d * self.rng.uniform(0.2, 0.6))
            s.error = True
            s.status_message = self.fail_reason
            s.events.append((s.start_us + s.duration_us - 20, "exception",
                             [("exception.type", self.fail_type), ("exception.message", self.fail_reason)]))
            return False
        return run

    fail_type = "MongoServerError"

    # --- building blocks; each returns (weight, make(start, duration) -> Span) ----------
    def mongo(self, parent, op, collection, statement, weight, can_fail=False, slow_candidate=False):
        def make(t, d):
            s = self.span(parent, "mongodb", "%s %s" % (op, collection), "client", t, d,
                          _mongo_attrs(op, collection, statement))
            if slow_candidate and self.slow_db:
                s.attrs.append(("db.mongodb.docs_examined", self.rng.randint(180000, 900000)))
                s.events.append((s.start_us + s.duration_us - 10, "slow query",
                                 [("planSummary", "COLLSCAN"), ("durationMillis", s.duration_us // 1000)]))
            return s
        if self.fail_step is None and can_fail:
            self.fail_type, self.fail_reason = self.rng.choice([
                ("MongoServerError", "WriteConflict: write conflict during plan execution"),
                ("MongoNetworkTimeoutError", "connection to mongo-0:27017 timed out"),
                ("MongoServerError", "NotWritablePrimary: not primary")])
        make.can_fail = can_fail
        boost = (self.h.factor ** 2 * 3 if self.h.factor > 1.5 else 12) if slow_candidate and self.slow_db else 1
        return weight * boost, make

    def redis(self, parent, cmd, key, weight=0.12):
        def make(t, d):
            return self.span(parent, "redis", cmd, "client", t, d,
                             _redis_attrs("%s %s" % (cmd, key) + (" EX 3600" if cmd == "SET" else "")))
        return weight, make

    def internal(self, parent, name, weight, children=None, attrs=()):
        def make(t, d):
            s = self.span(parent, "rust-api", name, "internal", t, d, attrs)
            if children:
                self.sequence(s, children(s))
            return s
        return weight, make

    def authenticate(self, root):
        token = "%016x" % self.rng.getrandbits(64)
        return self.internal(root, "authenticate", 0.25,
                             lambda s: [self.redis(s, "GET", "token:" + token, 1.0)],
                             [("enduser.id", "u-%d" % self.rng.randint(1000, 99999))])

    def plan_answers(self, root, sid):
        rng = self.rng
        steps = [self.authenticate(root),
                 self.redis(root, "GET", "session:" + sid),
                 self.mongo(root, "find", "sessions", '{"find":"sessions","filter":{"_id":"?"}}', 0.8,
                            slow_candidate=True)]
        for _ in range(rng.choice([1, 1, 1, 2, 3, 5, 8, 12])):   # the questions the answer refers to
            steps.append(self.mongo(root, "find", "questions", '{"find":"questions","filter":{"_id":"?"}}', 0.35))
        steps.append(self.internal(root, "check answer", 0.3, attrs=[("quiz.answers", rng.randint(1, 4))]))
        steps.append(self.anticheat(root))
        steps.append(self.mongo(root, "insert", "answers", '{"insert":"answers","documents":["?"]}', 0.9,
                                can_fail=True))
        steps.append(self.mongo(root, "update", "sessions",
                                '{"update":"sessions","updates":[{"q":{"_id":"?"},"u":{"$push":"?"}}]}', 0.8,
                                can_fail=True))
        steps.append(self.redis(root, "SET", "session:" + sid))
        steps.append(self.internal(root, "publish answer event", 0.1, attrs=[("sse.subscribers", rng.randint(0, 40))]))
        return steps

    def anticheat(self, root):
        rng = self.rng
        user = "u-%d" % rng.randint(1000, 99999)

        def make(t, d):
            client = self.span(root, "rust-api", "POST /check", "client", t, d,
                               [("http.method", "POST"), ("http.url", "http://anticheat:8000/check"),
                                ("http.status_code", 200), ("peer.service", "anticheat")])
            server = self.span(client, "anticheat", "POST /check", "server", t + d * 0.05, d * 0.9,
                               [("http.method", "POST"), ("http.route", "/check"), ("http.status_code", 200)])
            score = round(rng.betavariate(1.2, 9), 3)

            def scoring(t2, d2):
                s = self.span(server, "anticheat", "score answer pattern", "internal", t2, d2,
                              [("anticheat.user", user), ("anticheat.score", score)])
                if score > 0.5:
                    s.events.append((s.start_us + s.duration_us // 2, "flagged",
                                     [("severity", "high" if score > 0.8 else "medium"), ("score", score)]))
                return s
            self.sequence(server, [(0.15, lambda t2, d2: self.span(server, "redis", "INCR", "client", t2, d2,
                                                                   _redis_attrs("INCR answers:" + user))),
                                   (0.6, scoring)])
            return client
        make.can_fail = False
        return 0.5, make

    def plan_sessions(self, root, sid):
        return [self.authenticate(root),
                self.mongo(root, "find", "users", '{"find":"users","filter":{"_id":"?"}}', 0.5),
                self.internal(root, "build session", 0.4,
                              lambda s: [self.mongo(s, "find", "questions",
                                                    '{"aggregate":"questions","pipeline":[{"$sample":"?"}]}', 1.0,
                                                    slow_candidate=True)]),
                self.mongo(root, "insert", "sessions", '{"insert":"sessions","documents":["?"]}', 0.7, can_fail=True),
                self.redis(root, "SET", "session:" + sid)]

    def plan_question(self, root, sid):
        steps = [self.authenticate(root), self.redis(root, "GET", "question:" + sid, 0.2)]
        if self.rng.random() < 0.3 or self.h.status == 500:   # cache miss
            steps.append(self.mongo(root, "find", "questions", '{"find":"questions","filter":{"_id":"?"}}', 1.0,
                                    can_fail=True))
            steps.append(self.redis(root, "SET", "question:" + sid))
        steps.append(self.internal(root, "render question", 0.15))
        return steps

    def plan_hints(self, root, sid):
        rng = self.rng
        qid = "%012x" % rng.getrandbits(48)
        steps = [self.authenticate(root), self.redis(root, "GET", "hints:" + qid, 0.2)]
        if rng.random() < 0.14:   # cache miss: ask the hints service (python_api), or fall back
            fallback = rng.random() < 0.1

            def make(t, d):
                client = self.span(root, "rust-api", "GET /api/hints", "client", t, d,
                                   [("http.method", "GET"), ("http.url", "http://hints-service:8080/api/hints?q=" + qid),
                                    ("http.status_code", 503 if fallback else 200), ("peer.service", "hints-service")])
                server = self.span(client, "hints-service", "GET /api/hints", "server", t + d * 0.04, d * 0.92,
                                   [("http.method", "GET"), ("http.route", "/api/hints"),
                                    ("http.status_code", 503 if fallback else 200)])
                if fallback:
                    for s in (client, server):
                        s.error = True
                        s.status_message = "hint model unavailable"
                    server.events.append((server.start_us + server.duration_us - 30, "exception",
                                          [("exception.type", "ModelUnavailable"),
                                           ("exception.message", "hint model unavailable")]))
                self.sequence(server, [
                    (0.2, lambda t2, d2: self.span(server, "mongodb", "find hints", "client", t2, d2,
                                                   _mongo_attrs("find", "hints", '{"find":"hints","filter":{"question":"?"}}'))),
                    (1.0, lambda t2, d2: self.span(server, "hints-service", "generate hint", "internal", t2, d2,
                                                   [("hints.source", "fallback" if fallback else "python_api")])),
                    (0.1, lambda t2, d2: self.span(server, "redis", "SET", "client", t2, d2,
                                                   _redis_attrs("SET hints:%s EX 3600" % qid)))])
                return client
            steps.append((2.0, make))
            if fallback:
                steps.append(self.internal(root, "fallback hint", 0.2, attrs=[("hints.source", "fallback")]))
        return steps


class CustomerSyncTrace(_Builder):
    def build(self):
        h, rng = self.h, self.rng
        sync_type, onec = h.endpoint
        down = onec == "down"
        root = self.span(None, "customer-sync", "sync.%s_customer%s" % (sync_type, "s" if sync_type == "import" else ""),
                         "consumer", h.start_us, h.duration_us,
                         [("messaging.system", "celery"), ("celery.task_name", "sync.%s" % sync_type),
                          ("messaging.destination", "customer_sync")])
        failed = h.status == 500
        steps = []
        method = "GET" if sync_type == "import" else "POST"
        for page in range(rng.randint(1, 6) if sync_type == "import" else 1):
            def call(t, d, page=page):
                s = self.span(root, "customer-sync", "%s /odata/Catalog_Customers" % method, "client", t, d,
                              [("http.method", method), ("http.url", "http://1c.internal/odata/Catalog_Customers?$skip=%d"
                                                         % (page * 500)),
                               ("peer.service", "1c"), ("http.status_code", 504 if down else 200)])
                if down:
                    s.error = True
                    s.status_message = "1C unreachable"
                    s.events.append((s.start_us + s.duration_us - 10, "exception",
                                     [("exception.type", "requests.exceptions.ConnectTimeout"),
                                      ("exception.message", "1C did not answer within 30 s")]))
                    return False
                return s
            steps.append((1.0, call))
        if not down:
            steps.append((0.3, lambda t, d: self.span(root, "customer-sync", "identify customer", "internal", t, d,
                                                      [("customer_sync.method", rng.choice(["onec_id", "onec_guid",
                                                                                            "tax_id", "email"]))])))
            steps.append((0.2, lambda t, d: self.span(root, "mongodb", "find users", "client", t, d,
                                                      _mongo_attrs("find", "users", '{"find":"users","filter":{"onec_id":"?"}}'))))
            steps.append((0.4, lambda t, d: self.span(root, "customer-sync", "save customer", "internal", t, d)))
        self.sequence(root, steps)
        if failed:
            root.error = True
            root.status_message = "1C unreachable" if down else "sync failed"
        self.spans.sort(key=lambda s: (s.start_us, s.span_id))
        return Trace(h, self.spans)


# ---------------------------------------------------------------------------------------
# JSON shapes

def _v1_tag(k, v):
    if isinstance(v, bool):
        return {"key": k, "type": "bool", "value": v}
    if isinstance(v, int):
        return {"key": k, "type": "int64", "value": v}
    if isinstance(v, float):
        return {"key": k, "type": "float64", "value": v}
    return {"key": k, "type": "string", "value": str(v)}


def v1_tags(s):
    """Span tags as Jaeger's OTLP -> v1 translation writes them."""
    tags = list(s.attrs)
    tags.append(("span.kind", s.kind))
    if s.error:
        tags.append(("error", True))
        tags.append(("otel.status_code", "ERROR"))
        if s.status_message:
            tags.append(("otel.status_description", s.status_message))
    return tags


def to_v1(trace):
    tid = format_trace_id(trace.trace_id)
    processes = {}
    pid_of = {}
    for s in trace.spans:
        if s.service not in pid_of:
            pid = "p%d" % (len(pid_of) + 1)
            pid_of[s.service] = pid
            processes[pid] = {"serviceName": s.service,
                              "tags": [_v1_tag(k, v) for k, v in PROCESS_TAGS.get(s.service, ())]}
    spans = []
    for s in trace.spans:
        spans.append({
            "traceID": tid, "spanID": s.span_id, "flags": 1, "operationName": s.name,
            "references": ([{"refType": "CHILD_OF", "traceID": tid, "spanID": s.parent}] if s.parent else []),
            "startTime": s.start_us, "duration": s.duration_us,
            "tags": [_v1_tag(k, v) for k, v in v1_tags(s)],
            "logs": [{"timestamp": ts, "fields": [_v1_tag("event", name)] + [_v1_tag(k, v) for k, v in fields]}
                     for ts, name, fields in s.events],
            "processID": pid_of[s.service], "warnings": None})
    return {"traceID": tid, "spans": spans, "processes": processes, "warnings": None}


def _otlp_value(v):
    if isinstance(v, bool):
        return {"boolValue": v}
    if isinstance(v, int):
        return {"intValue": str(v)}
    if isinstance(v, float):
        return {"doubleValue": v}
    return {"stringValue": str(v)}


def _otlp_attrs(pairs):
    return [{"key": k, "value": _otlp_value(v)} for k, v in pairs]


def to_otlp_resource_spans(trace):
    tid = "%032x" % trace.trace_id
    by_service = {}
    for s in trace.spans:
        span = {"traceId": tid, "spanId": s.span_id}
        if s.parent:
            span["parentSpanId"] = s.parent
        span.update({"flags": 1, "name": s.name, "kind": OTLP_KIND[s.kind],
                     "startTimeUnixNano": str(s.start_us * 1000),
                     "endTimeUnixNano": str((s.start_us + s.duration_us) * 1000)})
        if s.attrs:
            span["attributes"] = _otlp_attrs(s.attrs)
        if s.events:
            span["events"] = [dict({"timeUnixNano": str(ts * 1000), "name": name},
                                   **({"attributes": _otlp_attrs(fields)} if fields else {}))
                              for ts, name, fields in s.events]
        span["status"] = ({"code": 2, "message": s.status_message} if s.status_message else {"code": 2}) \
            if s.error else {}
        by_service.setdefault(s.service, []).append(span)
    return [{"resource": {"attributes": _otlp_attrs([("service.name", svc)] + PROCESS_TAGS.get(svc, []))},
             "scopeSpans": [{"scope": {}, "spans": spans}]}
            for svc, spans in by_service.items()]


def v1_envelope(data, total=0, errors=None):
    return {"data": data, "total": total, "limit": 0, "offset": 0, "errors": errors}


# ---------------------------------------------------------------------------------------
# HTTP

class JaegerApi:
    """Routes of the query API over a TraceSource; handle(path, query) -> (status, ctype, body)."""

    def __init__(self, source, api="both"):
        self.source = source
        self.v1 = api in ("v1", "both")
        self.v3 = api in ("v3", "both")

    def handle(self, raw_path):
        parts = urlsplit(raw_path)
        path = parts.path
        q = parse_qs(parts.query, keep_blank_values=True)
        try:
            if path.startswith("/api/v3/"):
                if not self.v3:
                    return self.not_found()
                return self.handle_v3(path, q)
            if path.startswith("/api/") and self.v1:
                return self.handle_v1(path, q)
            return self.not_found()
        except Exception as e:   # a bug here: a 500 as Jaeger's handlers send it, not a dropped connection
            if not isinstance(e, ApiError):
                e = ApiError(500, "%s: %s" % (type(e).__name__, e))
            if path.startswith("/api/v3/"):
                body = {"error": {"httpCode": e.code, "message": e.message}}
            else:
                body = v1_envelope(None, errors=[{"code": e.code, "msg": e.message}])
            # Go's http.Error: text/plain, a newline after the JSON
            return e.code, "text/plain; charset=utf-8", (json.dumps(body, separators=(",", ":")) + "\n").encode()

    @staticmethod
    def not_found():
        return 404, "text/plain; charset=utf-8", b"404 page not found\n"

    @staticmethod
    def ok(obj):
        return 200, "application/json", (json.dumps(obj, separators=(",", ":")) + "\n").encode()

    @staticmethod
    def ok_v3(obj):
        # Jaeger's v3 gateway writes the JSON without a Content-Type, so Go sniffs text/plain.
        return 200, "text/plain; charset=utf-8", json.dumps(obj, separators=(",", ":")).encode()

    @staticmethod
    def first(q, name, default=""):
        v = q.get(name)
        return v[0] if v else default

    # --- v1 ---------------------------------------------------------------------------
    def handle_v1(self, path, q):
        segs = path.split("/")[2:]   # after "/api"
        if segs == ["services"]:
            return self.ok(v1_envelope(SERVICES, total=len(SERVICES)))
        if len(segs) == 3 and segs[0] == "services" and segs[2] == "operations":
            service = unquote(segs[1])
            names = sorted({n for n, _ in OPERATIONS.get(service, [])})
            return self.ok(v1_envelope(names, total=len(names)))
        if segs == ["operations"]:
            service = self.first(q, "service")
            if not service:
                raise ApiError(400, "parameter 'service' is required")
            kind = self.first(q, "spanKind")
            ops = [{"name": n, "spanKind": k} for n, k in OPERATIONS.get(service, []) if not kind or k == kind]
            return self.ok(v1_envelope(ops, total=len(ops)))
        if segs == ["traces"]:
            return self.v1_search(q)
        if len(segs) == 2 and segs[0] == "traces" and segs[1]:
            try:
                tid = parse_trace_id(segs[1])
            except ValueError as e:
                raise ApiError(400, str(e))
            for name in ("start", "end"):
                if self.first(q, name):
                    self.v1_time(q, name, 0)
            t = self.source.trace(tid)
            if t is None:
                raise ApiError(404, "trace not found")
            return self.ok(v1_envelope([to_v1(t)]))
        if segs == ["dependencies"]:
            now_ms = int(self.source.now() * 1000)
            end_ms = self.v1_int(q, "endTs", now_ms)
            lookback = self.first(q, "lookback")
            try:
                lookback_ms = parse_go_int(lookback) if lookback else 24 * 3600 * 1000
            except ValueError as e:
                raise ApiError(400, "unable to parse param 'lookback': %s" % e)
            deps = self.source.dependencies(end_ms, lookback_ms)
            service = self.first(q, "service")
            if service:
                deps = [d for d in deps if service in (d["parent"], d["child"])]
            return self.ok(v1_envelope(deps))
        return self.not_found()

    def v1_int(self, q, name, default):
        v = self.first(q, name)
        if not v:
            return default
        try:
            return parse_go_int(v)
        except ValueError as e:
            raise ApiError(400, "unable to parse param '%s': %s" % (name, e))

    def v1_time(self, q, name, default):
        return self.v1_int(q, name, default)

    def v1_duration(self, q, name):
        v = self.first(q, name)
        if not v:
            return 0
        try:
            return parse_go_duration(v) // 1000
        except ValueError as e:
            raise ApiError(400, "unable to parse param '%s': %s" % (name, e))

    def v1_search(self, q):
        now_us = int(self.source.now() * 1e6)
        start = self.v1_time(q, "start", now_us - 2 * 86400 * 10 ** 6)   # Jaeger's default: 2 days
        end = self.v1_time(q, "end", now_us)
        tags = {}
        for tag in q.get("tag", []):
            if ":" not in tag:
                raise ApiError(400, "malformed 'tag' parameter, expecting key:value, received: %s" % tag)
            k, v = tag.split(":", 1)
            tags[k] = v
        for raw in q.get("tags", []):
            try:
                obj = json.loads(raw)
            except ValueError as e:
                raise ApiError(400, "malformed 'tags' parameter, cannot unmarshal JSON: %s" % e)
            if not isinstance(obj, dict) or not all(isinstance(v, str) for v in obj.values()):
                raise ApiError(400, "malformed 'tags' parameter, cannot unmarshal JSON: "
                                    "json: cannot unmarshal into Go value of type map[string]string")
            tags.update(obj)
        limit_s = self.first(q, "limit")
        limit = 100
        if limit_s:
            try:
                limit = parse_go_int(limit_s)
            except ValueError as e:
                raise ApiError(400, str(e))
        min_us = self.v1_duration(q, "minDuration")
        max_us = self.v1_duration(q, "maxDuration")
        ids = []
        for raw in q.get("traceID", []):
            try:
                ids.append(parse_trace_id(raw))
            except ValueError as e:
                raise ApiError(400, "cannot parse traceID param: %s" % e)
        service = self.first(q, "service")
        if not ids and not service:
            raise ApiError(400, "parameter 'service' is required")
        if min_us and max_us and max_us < min_us:
            raise ApiError(400, "'maxDuration' should be greater than 'minDuration'")
        if ids:
            traces, errors = [], []
            for tid in ids:
                t = self.source.trace(tid)
                if t is None:
                    errors.append({"msg": "trace not found", "traceID": format_trace_id(tid)})
                else:
                    traces.append(to_v1(t))
            return self.ok(v1_envelope(traces, errors=errors or None))
        if limit <= 0:
            limit = 100
        found = self.source.search(service, self.first(q, "operation"), tags, start, end, min_us, max_us,
                                   min(limit, 1500))
        return self.ok(v1_envelope([to_v1(t) for t in found]))

    # --- v3 ---------------------------------------------------------------------------
    @staticmethod
    def param(q, canonical, deprecated):
        v = q.get(canonical)
        if v and v[0]:
            return v[0], canonical
        v = q.get(deprecated)
        return (v[0] if v else ""), deprecated

    def handle_v3(self, path, q):
        segs = path.split("/")[3:]   # after "/api/v3"
        if segs == ["services"]:
            return self.ok_v3({"services": SERVICES})
        if segs == ["operations"]:
            service = self.first(q, "service")
            kind, _ = self.param(q, "spanKind", "span_kind")
            ops = [{"name": n, "spanKind": k} for n, k in OPERATIONS.get(service, []) if not kind or k == kind]
            return self.ok_v3({"operations": ops})
        if segs == ["traces"]:
            return self.v3_search(q)
        if len(segs) == 2 and segs[0] == "traces" and segs[1]:
            try:
                tid = parse_trace_id(segs[1])
            except ValueError as e:
                raise ApiError(400, "malformed parameter trace_id: %s" % e)
            for canonical, deprecated in (("startTime", "start_time"), ("endTime", "end_time")):
                v, name = self.param(q, canonical, deprecated)
                if v:
                    try:
                        parse_rfc3339_us(v)
                    except ValueError as e:
                        raise ApiError(400, "malformed parameter %s: %s" % (name, e))
            t = self.source.trace(tid)
            if t is None:
                raise ApiError(404, "No traces found")
            return self.ok_v3({"result": {"resourceSpans": to_otlp_resource_spans(t)}})
        return self.not_found()

    def v3_search(self, q):
        service, _ = self.param(q, "query.serviceName", "query.service_name")
        operation, _ = self.param(q, "query.operationName", "query.operation_name")
        attrs = {}
        raw = self.first(q, "query.attributes")
        if raw:
            try:
                attrs = json.loads(raw)
            except ValueError as e:
                raise ApiError(400, "malformed parameter query.attributes: %s" % e)
            if not isinstance(attrs, dict) or not all(isinstance(v, str) for v in attrs.values()):
                raise ApiError(400, "malformed parameter query.attributes: "
                                    "json: cannot unmarshal into Go value of type map[string]string")
        tmin, tmin_name = self.param(q, "query.startTimeMin", "query.start_time_min")
        tmax, tmax_name = self.param(q, "query.startTimeMax", "query.start_time_max")
        if not tmin or not tmax:
            raise ApiError(400, "query.start_time_min and query.start_time_max are required")
        try:
            start = parse_rfc3339_us(tmin)
        except ValueError as e:
            raise ApiError(400, "malformed parameter %s: %s" % (tmin_name, e))
        try:
            end = parse_rfc3339_us(tmax)
        except ValueError as e:
            raise ApiError(400, "malformed parameter %s: %s" % (tmax_name, e))
        n, n_name = self.param(q, "query.searchDepth", "query.search_depth")
        if not n:
            n, n_name = self.first(q, "query.num_traces"), "query.num_traces"
        limit = 100
        if n:
            try:
                limit = parse_go_int(n)
            except ValueError:
                raise ApiError(400, 'malformed parameter %s: strconv.Atoi: parsing "%s": invalid syntax' % (n_name, n))
        durations = []
        for canonical, deprecated in (("query.durationMin", "query.duration_min"),
                                      ("query.durationMax", "query.duration_max")):
            v, name = self.param(q, canonical, deprecated)
            try:
                durations.append(parse_go_duration(v) // 1000 if v else 0)
            except ValueError as e:
                raise ApiError(400, "malformed parameter %s: %s" % (name, e))
        for canonical, deprecated in (("query.rawTraces", "query.raw_traces"),):
            v, name = self.param(q, canonical, deprecated)
            if v and v not in ("1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"):
                raise ApiError(400, 'malformed parameter %s: strconv.ParseBool: parsing "%s": invalid syntax' % (name, v))
        if limit <= 0:
            limit = 100
        found = self.source.search(service, operation, attrs, start, end, durations[0], durations[1], min(limit, 1500))
        if not found:
            raise ApiError(404, "No traces found")
        resource_spans = []
        for t in found:
            resource_spans.extend(to_otlp_resource_spans(t))
        return self.ok_v3({"result": {"resourceSpans": resource_spans}})


def make_server(port, source, api="both", host="127.0.0.1"):
    api_routes = JaegerApi(source, api)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            status, ctype, body = api_routes.handle(self.path)
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            if ctype.startswith("text/plain"):
                self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server


def serve_in_thread(port, source, api="both"):
    server = make_server(port, source, api)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--seed", type=int, default=7, help="the simulator's model seed (7, as simulator.py uses)")
    p.add_argument("--api", choices=["v1", "v3", "both"], default="both")
    args = p.parse_args()
    server = make_server(args.port, TraceSource(args.seed), args.api)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
