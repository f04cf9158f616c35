#!/usr/bin/env python3
"""Benchmark of the review calendar: every key account's five reviews computed, and the overdue report.

  bench/review_calendar.py --kam PATH   full: 100,000 key accounts in five time zones and four classes,
                                        each with its day of becoming a key account and, for most, reviews
                                        already held; 30 sequential requests per route after 3 warm-ups
  bench/review_calendar.py --smoke      2,000 key accounts, 5 requests (CI runs this)
  --accounts N, --requests N, --seed N

Environment: KAM_BIN (the kam binary when --kam is not given), BENCH_OUT (copy the result TSV there).
Target (issue 8): the calendar of 100,000 accounts x 5 kinds and the overdue report under 1 s. The
route computes the whole calendar to answer the report (the total counts every overdue review; the
most overdue 500 are sent). References measured in the same run: GET /healthz on the same server,
and the rows the calendar reads, read by Python's sqlite3 from the same file.
"""
import argparse
import json
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

TARGET_MS = 1000.0
ZONES = ["Asia/Tokyo", "Asia/Seoul", "Asia/Shanghai", "Europe/Berlin", "America/New_York"]
KINDS = [("plan_execution", 3), ("customer", 3), ("coverage", 6), ("strategy", 6), ("yearly", 12)]
DAY_MS = 86_400_000
DAYS = ", ".join(f"c.{kind}_due, c.{kind}_held" for kind, _ in KINDS)
# What the calendar reads: each key account with the day it became one and its last review of each kind.
READ = f"""
    SELECT a.id, a.name, a.owner_id, u.display_name, a.account_class, a.time_zone, a.created_at,
           (SELECT max(m.at) FROM account_moves m WHERE m.account_id = a.id AND m.field = 'status' AND m.to_value = 'qualified') AS since,
           {DAYS}
    FROM accounts a JOIN users u ON u.id = a.owner_id LEFT JOIN review_calendar c ON c.account_id = a.id
    WHERE a.deleted_at IS NULL AND a.status = 'qualified'
"""


def add_months(day, months):
    import calendar
    import datetime
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def build(path, accounts, seed):
    import datetime
    rng = random.Random(seed)
    db = sqlite3.connect(path)
    now_ms = int(time.time() * 1000)
    rows, moves, held = [], [], []
    for i in range(1, accounts + 1):
        since_ms = now_ms - rng.randint(30, 4 * 365) * DAY_MS
        klass = rng.choice(["A", "B", "C", "D", None])
        rows.append((i, f"Key Account {i}", f"key account {i}", rng.choice(ZONES), 1, "qualified", klass, since_ms))
        moves.append((i, since_ms))
        since = datetime.date.fromtimestamp(since_ms / 1000)
        for kind, months in KINDS:
            # Most accounts have held the reviews due so far, some a period behind, a few never.
            due = add_months(since, months)
            last = None
            while due <= datetime.date.today() - datetime.timedelta(days=rng.choice([0, 0, 0, 40, 200])):
                last = due
                due = add_months(due, months)
            if last is not None and rng.random() > 0.05:
                held.append((i, kind, last.isoformat(), (last + datetime.timedelta(days=rng.randint(-10, 20))).isoformat()))
    db.executemany("INSERT INTO accounts (id, name, name_search, industry, region, size, time_zone, procurement_mode, owner_id, "
                   "scene, stage, status, account_class, created_at, updated_at) VALUES (?, ?, ?, 'banking', 'japan', 'enterprise', ?, "
                   "'centralised', ?, 'order_winning', 'stable', ?, ?, ?, 0)", rows)
    db.executemany("INSERT INTO account_moves (account_id, field, from_value, to_value, reason, at) "
                   "VALUES (?, 'status', 'candidate', 'qualified', 'bench', ?)", moves)
    db.executemany("INSERT INTO evaluations (account_id, kind, due_on, held_on, result, body, created_at, created_by_name) "
                   "VALUES (?, ?, ?, ?, 'on_track', '{}', 0, 'bench')", held)
    # The calendar's row per account, as recording each review keeps it: day numbers since 1970.
    epoch = datetime.date(1970, 1, 1)
    calendar = {}
    for account, kind, due, held_on in held:
        calendar.setdefault(account, {})[kind] = ((datetime.date.fromisoformat(due) - epoch).days,
                                                  (datetime.date.fromisoformat(held_on) - epoch).days)
    columns = [f"{kind}_{part}" for kind, _ in KINDS for part in ("due", "held")]
    db.executemany(f"INSERT INTO review_calendar (account_id, {', '.join(columns)}) VALUES ({', '.join('?' * (len(columns) + 1))})",
                   [(account, *[last.get(kind, (None, None))[part] for kind, _ in KINDS for part in (0, 1)])
                    for account, last in calendar.items()])
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return len(held)


def sqlite_reference(path, requests):
    """The rows the calendar reads, through Python's sqlite3 on the same file: what the database alone costs."""
    db = sqlite3.connect(path)
    values = []
    for index in range(requests + 1):
        started = time.perf_counter()
        accounts = db.execute(READ).fetchall()
        if index:
            values.append((time.perf_counter() - started) * 1000)
    db.close()
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * len(ordered) + 0.5)) - 1)]
    print(f"  {'sqlite3: the rows it reads':30} p50 {statistics.median(values):8.1f} ms  p99 {p99:8.1f} ms  "
          f"({len(accounts)} accounts with their last reviews)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kam", default=os.environ.get("KAM_BIN"))
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--accounts", type=int)
    parser.add_argument("--requests", type=int)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    if not args.kam:
        sys.exit("name the kam binary: --kam PATH (or KAM_BIN)")
    kam = os.path.abspath(args.kam)
    accounts = args.accounts or (2_000 if args.smoke else 100_000)
    requests = args.requests or (5 if args.smoke else 30)
    warmups = 1 if args.smoke else 3

    folder = tempfile.mkdtemp(prefix="kam-calendar-bench-")
    server = None
    try:
        path = os.path.join(folder, "calendar.sqlite")
        kam_run(kam, "migrate", "--database", path)
        kam_run(kam, "user", "add", "--database", path, "--username", "bench", "--password", "bench password 1")
        started = time.perf_counter()
        held = build(path, accounts, args.seed)
        print(f"review calendar bench: {accounts} key accounts x {len(KINDS)} kinds, {held} reviews held, written in "
              f"{time.perf_counter() - started:.1f} s; kam {kam}")
        sqlite_reference(path, min(requests, 10))
        server, port = serve(kam, path, folder)
        cookie = sign_in(port, "bench", "bench password 1")
        routes = [("bare route GET /healthz", "/healthz", None, None),
                  ("overdue report (API)", "/api/v1/reviews?scope=team&state=overdue", cookie, TARGET_MS),
                  ("whole calendar (API)", "/api/v1/reviews?scope=team", cookie, TARGET_MS)]

        def counted(route, body):
            if route.startswith("/api/v1/reviews"):
                total = json.loads(body).get("total") or 0
                expected = 1 if "overdue" in route else accounts * len(KINDS)
                if total < expected:
                    sys.exit(f"{route} counted {total} reviews, expected at least {expected}")
                print(f"    {route}: {total} reviews in the report")
        time_routes(port, routes, warmups, requests, "review_calendar.tsv", check=counted)
    finally:
        stop(server)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
