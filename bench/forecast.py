#!/usr/bin/env python3
"""Benchmark of the weighted forecast over the whole pipeline, against a bare route and sqlite3.

  bench/forecast.py --kam PATH   full: 100,000 opportunities on 2,000 accounts in five currencies,
                                 every stage, closes over four years, one in ten with its own
                                 probability; 200 sequential requests per route after 10 warm-ups
  bench/forecast.py --smoke      2,000 opportunities, 10 requests (CI runs this)
  --opportunities N, --requests N, --seed N

Environment: KAM_BIN (the kam binary when --kam is not given), BENCH_OUT (copy the result TSV there).
Target (issue 7): the pipeline of 100,000 opportunities forecasts under 200 ms p99. The references,
measured in the same run: GET /healthz on the same server, and the forecast's grouped query run by
Python's sqlite3 on the same file (what the database alone costs). Rows are written with sqlite3
straight into the migrated schema; the server reads them as it reads any opportunity.
"""
import argparse
import datetime
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from kamserver import kam_run, serve, sign_in, stop, time_routes  # noqa: E402

TARGET_MS = 200.0
CURRENCIES = [("JPY", 1_000_000, "0.0067"), ("USD", 10_000, None), ("EUR", 10_000, "1.08"), ("KRW", 10_000_000, "0.00073"),
              ("CNY", 100_000, "0.14")]
STAGES = [("prospecting", 30), ("qualification", 25), ("proposal", 18), ("negotiation", 12), ("won", 8), ("lost", 7)]
WINDOW = "from=2025-01-01&to=2028-12-31"
GROUPED = """
    SELECT o.currency, o.stage, o.probability, substr(COALESCE(o.closed_on, o.expected_close), 1, 7) AS month, COUNT(*) AS n,
           SUM(CAST(o.amount_minor AS DOUBLE PRECISION)) AS total
    FROM opportunities o
    WHERE o.deleted_at IS NULL AND o.account_id NOT IN (SELECT a.id FROM accounts a WHERE a.deleted_at IS NOT NULL) AND o.stage <> 'lost'
      AND (COALESCE(o.closed_on, o.expected_close) IS NULL
           OR (COALESCE(o.closed_on, o.expected_close) >= '2025-01-01' AND COALESCE(o.closed_on, o.expected_close) <= '2028-12-31'))
    GROUP BY o.currency, o.stage, o.probability, substr(COALESCE(o.closed_on, o.expected_close), 1, 7)
"""


def build_pipeline(path, opportunities, seed):
    rng = random.Random(seed)
    db = sqlite3.connect(path)
    accounts = max(20, opportunities // 50)
    db.executemany("INSERT INTO accounts (id, name, name_search, industry, region, size, time_zone, procurement_mode, owner_id, "
                   "scene, stage, status, created_at, updated_at) VALUES (?, ?, ?, 'banking', 'japan', 'enterprise', 'Asia/Tokyo', "
                   "'centralised', 1, 'order_winning', 'stable', 'qualified', 0, 0)",
                   [(i, f"Forecast Account {i}", f"forecast account {i}") for i in range(1, accounts + 1)])
    db.executemany("INSERT INTO exchange_rates (currency, day, rate, updated_at) VALUES (?, '2020-01-01', ?, 0)",
                   [(code, rate) for code, _, rate in CURRENCIES if rate])
    first = datetime.date(2025, 1, 1)
    stages, weights = zip(*STAGES)
    rows = []
    for i in range(1, opportunities + 1):
        code, unit, _ = rng.choice(CURRENCIES)
        stage = rng.choices(stages, weights)[0]
        close = first + datetime.timedelta(days=rng.randint(0, 4 * 365 - 1))
        closed = close.isoformat() if stage in ("won", "lost") else None
        dated = None if rng.random() < 0.03 else close.isoformat()
        found = (close - datetime.timedelta(days=rng.randint(20, 300))).isoformat()
        amount = rng.randint(1, 500) * unit
        probability = rng.choice([20, 40, 60, 80]) if rng.random() < 0.1 else None
        rows.append((f"Deal {i}", rng.randint(1, accounts), amount, code, stage, dated, probability, found, closed,
                     "staged" if amount >= 100 * unit else "fast_track"))
    db.executemany("INSERT INTO opportunities (name, account_id, amount_minor, currency, stage, expected_close, owner_id, probability, "
                   "found_on, closed_on, track, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, 1, 0, 0)", rows)
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return accounts


def sqlite_reference(path, requests):
    """The grouped query alone, through Python's sqlite3 on the same file: the floor the route stands on."""
    db = sqlite3.connect(path)
    for _ in range(3):
        db.execute(GROUPED).fetchall()
    values = []
    for _ in range(requests):
        started = time.perf_counter()
        cells = db.execute(GROUPED).fetchall()
        values.append((time.perf_counter() - started) * 1000)
    db.close()
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * len(ordered) + 0.5)) - 1)]
    print(f"  {'sqlite3: the grouped query':30} p50 {statistics.median(values):8.1f} ms  p99 {p99:8.1f} ms  ({len(cells)} cells)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kam", default=os.environ.get("KAM_BIN"))
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--opportunities", type=int)
    parser.add_argument("--requests", type=int)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    if not args.kam:
        sys.exit("name the kam binary: --kam PATH (or KAM_BIN)")
    kam = os.path.abspath(args.kam)
    opportunities = args.opportunities or (2_000 if args.smoke else 100_000)
    requests = args.requests or (10 if args.smoke else 200)
    warmups = 2 if args.smoke else 10

    folder = tempfile.mkdtemp(prefix="kam-forecast-bench-")
    server = None
    try:
        path = os.path.join(folder, "forecast.sqlite")
        kam_run(kam, "migrate", "--database", path)
        kam_run(kam, "user", "add", "--database", path, "--username", "bench", "--password", "bench password 1")
        started = time.perf_counter()
        accounts = build_pipeline(path, opportunities, args.seed)
        print(f"forecast bench: {opportunities} opportunities on {accounts} accounts in {len(CURRENCIES)} currencies written in "
              f"{time.perf_counter() - started:.1f} s; kam {kam}")
        sqlite_reference(path, requests)
        server, port = serve(kam, path, folder)
        cookie = sign_in(port, "bench", "bench password 1")
        routes = [("bare route GET /healthz", "/healthz", None, None),
                  ("forecast JSON, by quarter", f"/api/v1/forecast?{WINDOW}", cookie, TARGET_MS),
                  ("forecast JSON, by month", f"/api/v1/forecast?{WINDOW}&by=month", cookie, TARGET_MS),
                  ("pipeline board JSON", "/api/v1/pipeline", cookie, None),
                  ("pipeline page (board+forecast)", f"/pipeline?{WINDOW}", cookie, None)]

        def counted(route, body):
            if route.startswith("/api/v1/forecast") and b'"openCount":0,' in body.split(b'"total"')[-1][:200]:
                sys.exit(f"{route} forecast nothing")
        time_routes(port, routes, warmups, requests, "forecast.tsv", check=counted)
    finally:
        stop(server)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
