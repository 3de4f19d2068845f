#!/usr/bin/env python3
"""Checks the bundled dashboards (dashboards/*.json): structure, and data from a Prometheus.

  check-dashboards.py [--prometheus URL] [--at EPOCH] [--range SECONDS] [--static] [FILE ...]

Structure (always): valid JSON, unique dashboard uids, unique panel ids, a refId per target,
every gridPos inside the 24 columns, no two panels overlapping (top level, and inside each
collapsed row), a `datasource` variable when panels use ${datasource}.

Data (unless --static): every target's expr, with the variables substituted simply, runs as
an instant query at --at (default now) and as a range query over the --range seconds before
it (default 3600, step 60). A target that returns no series, or only NaN, is reported.

Substitution: a variable set to All (or without a current value but with includeAll) becomes
its allValue or `.*`, so panels must use `=~` with multi-value variables; a selected value
is used as is (several joined with `|`); a query variable without either takes the first
value Prometheus lists for label_values(...). $__rate_interval and $__interval become 1m,
$__range the range checked; ${datasource} is not part of any expression.

It starts nothing: run it against the demo's Prometheus (scripts/demo.sh prints the URL) or
any other with the simulator's history. Exit status 0 when every check passed, 1 when not.
"""
import argparse
import glob
import json
import math
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

GRID_COLUMNS = 24
VAR_RE = re.compile(r"\$\{(\w+)(?::[\w]+)?\}|\[\[(\w+)(?::[\w]+)?\]\]|\$(\w+)")


def all_panels(dashboard):
    """(panel, collapsed row holding it or None) for every panel, rows included."""
    for p in dashboard.get("panels", []):
        yield p, None
        if p.get("type") == "row":
            for child in p.get("panels", []) or []:
                yield child, p


def overlaps(a, b):
    return (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
            and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])


def check_structure(path, dashboard, uids):
    problems = []
    uid = dashboard.get("uid")
    if not uid:
        problems.append("no uid")
    elif uid in uids:
        problems.append("uid %s also used by %s" % (uid, uids[uid]))
    else:
        uids[uid] = os.path.basename(path)
    if not dashboard.get("title"):
        problems.append("no title")
    ids = {}
    groups = {}  # None (top level) or a row id -> [(title, gridPos)]
    for panel, holder in all_panels(dashboard):
        title = panel.get("title", "?")
        pid = panel.get("id")
        if not isinstance(pid, int):
            problems.append("panel %r: no integer id" % title)
        elif pid in ids:
            problems.append("panel %r: id %d also used by %r" % (title, pid, ids[pid]))
        else:
            ids[pid] = title
        g = panel.get("gridPos")
        if not isinstance(g, dict) or not all(isinstance(g.get(k), int) for k in ("x", "y", "w", "h")):
            problems.append("panel %r: gridPos needs integer x, y, w, h" % title)
            continue
        if g["x"] < 0 or g["y"] < 0 or g["w"] < 1 or g["h"] < 1 or g["x"] + g["w"] > GRID_COLUMNS:
            problems.append("panel %r: gridPos %s outside the %d columns" % (title, g, GRID_COLUMNS))
        groups.setdefault(holder.get("id") if holder else None, []).append((title, g))
        refs = [t.get("refId") for t in panel.get("targets", []) or []]
        if any(not r for r in refs) or len(set(refs)) != len(refs):
            problems.append("panel %r: targets need distinct refIds" % title)
    for members in groups.values():
        for i, (ta, a) in enumerate(members):
            for tb, b in members[i + 1:]:
                if overlaps(a, b):
                    problems.append("panels %r and %r overlap" % (ta, tb))
    text = json.dumps(dashboard)
    names = {v.get("name") for v in dashboard.get("templating", {}).get("list", [])}
    if "${datasource}" in text and "datasource" not in names:
        problems.append("panels use ${datasource} but there is no datasource variable")
    return problems


class Prometheus:
    def __init__(self, url, timeout=30):
        self.url = url.rstrip("/")
        self.timeout = timeout

    def get(self, path, params):
        query = urllib.parse.urlencode(params, doseq=True)
        try:
            with urllib.request.urlopen("%s%s?%s" % (self.url, path, query), timeout=self.timeout) as r:
                body = json.load(r)
        except urllib.error.HTTPError as e:
            try:
                body = json.load(e)
            except ValueError:
                raise RuntimeError("HTTP %d" % e.code)
        if body.get("status") != "success":
            raise RuntimeError(body.get("error", "query failed"))
        return body["data"]

    def label_values(self, label, match, at):
        params = {"start": at - 3600, "end": at}
        if match:
            params["match[]"] = match
        return self.get("/api/v1/label/%s/values" % label, params)


def substitute(expr, values):
    def repl(m):
        name = m.group(1) or m.group(2) or m.group(3)
        return values.get(name, m.group(0))
    return VAR_RE.sub(repl, expr)


def resolve_variables(dashboard, prom, at, range_seconds):
    values = {"__rate_interval": "1m", "__interval": "1m", "__interval_ms": "60000",
              "__range": "%ds" % range_seconds, "__range_s": str(range_seconds)}
    notes = []
    for v in dashboard.get("templating", {}).get("list", []):
        name, kind = v.get("name"), v.get("type")
        if not name or kind == "datasource":
            continue
        current = v.get("current") or {}
        value = current.get("value")
        selected = value if isinstance(value, list) else ([value] if value not in (None, "") else [])
        if "$__all" in selected or (not selected and v.get("includeAll")):
            values[name] = v.get("allValue") or ".*"
            continue
        if selected:
            values[name] = "|".join(selected) if len(selected) > 1 else selected[0]
            continue
        query = v.get("query")
        if isinstance(query, dict):
            query = query.get("query", "")
        query = query or v.get("definition", "")
        if kind in ("custom", "interval"):
            values[name] = query.split(",")[0].split(" : ")[-1].strip()
        elif kind in ("constant", "textbox"):
            values[name] = query
        elif kind == "query" and prom:
            m = re.match(r"\s*label_values\((?:(.*),)?\s*(\w+)\s*\)\s*$", query)
            found = prom.label_values(m.group(2), substitute(m.group(1) or "", values).strip(), at) if m else []
            if found:
                values[name] = found[0]
            else:
                notes.append("variable %s: no value from %r" % (name, query))
    return values, notes


def has_data(result):
    for series in result:
        points = series.get("values") or ([series["value"]] if "value" in series else [])
        for _, v in points:
            if not math.isnan(float(v)):
                return True
    return False


def check_data(dashboard, prom, at, range_seconds):
    problems = []
    values, notes = resolve_variables(dashboard, prom, at, range_seconds)
    problems.extend(notes)
    checked = 0
    for panel, _ in all_panels(dashboard):
        for t in panel.get("targets", []) or []:
            expr = t.get("expr") or t.get("query")
            if not expr or t.get("hide"):
                continue
            expr = substitute(expr, values)
            where = "panel %r, target %s" % (panel.get("title", "?"), t.get("refId", "?"))
            checked += 1
            try:
                instant = prom.get("/api/v1/query", {"query": expr, "time": at})
                ranged = prom.get("/api/v1/query_range", {"query": expr, "start": at - range_seconds,
                                                           "end": at, "step": 60})
            except (RuntimeError, OSError) as e:
                problems.append("%s: %s\n      %s" % (where, e, expr))
                continue
            missing = [kind for kind, data in (("instant", instant), ("range", ranged))
                       if not has_data(data.get("result", []))]
            if missing:
                problems.append("%s: no data (%s)\n      %s" % (where, " and ".join(missing), expr))
    return problems, checked


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="*", help="dashboards (default: dashboards/*.json)")
    p.add_argument("--prometheus", default="http://127.0.0.1:9090", help="Prometheus base URL")
    p.add_argument("--at", type=float, default=None, help="evaluation time (epoch seconds; default now)")
    p.add_argument("--range", type=int, default=3600, help="seconds of the range query (default 3600)")
    p.add_argument("--static", action="store_true", help="structure only, no queries")
    args = p.parse_args()
    files = args.files or sorted(glob.glob(os.path.join(here, "..", "dashboards", "*.json")))
    prom = None if args.static else Prometheus(args.prometheus)
    at = args.at
    if prom and at is None:
        import time
        at = time.time()
    uids = {}
    failed = 0
    for path in files:
        name = os.path.basename(path)
        try:
            with open(path, encoding="utf-8") as f:
                dashboard = json.load(f)
        except (OSError, ValueError) as e:
            print("FAIL %s: %s" % (name, e))
            failed += 1
            continue
        problems = check_structure(path, dashboard, uids)
        checked = 0
        if prom:
            try:
                data_problems, checked = check_data(dashboard, prom, at, args.range)
            except (RuntimeError, OSError) as e:
                data_problems = ["Prometheus at %s: %s" % (args.prometheus, e)]
            problems.extend(data_problems)
        panels = sum(1 for panel, _ in all_panels(dashboard) if panel.get("type") != "row")
        summary = "%d panels" % panels + (", %d queries" % checked if prom else "")
        print("%s %s (%s): %s" % ("FAIL" if problems else "ok  ", name, dashboard.get("title", "?"), summary))
        for problem in problems:
            print("    " + problem)
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
