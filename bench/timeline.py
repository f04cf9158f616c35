#!/usr/bin/env python3
"""Benchmark of an account's timeline with ten years of history, against a bare route.

  bench/timeline.py --kam PATH   full: one account with 50,000 activities over ten years (each with
                                 one of ours and two of theirs), 5,000 portrait reassessments, 500
                                 moves and 300 opportunities, on SQLite; 200 sequential requests per
                                 route after 10 warm-ups
  bench/timeline.py --smoke      2,000 activities, 10 requests (CI runs this)
  --activities N, --requests N, --seed N

Environment: KAM_BIN (the kam binary when --kam is not given), BENCH_OUT (copy the result TSV there).
Target (issue 7): the timeline of such an account opens under 100 ms p99, its newest page and a page
deep in its past alike. The reference is GET /healthz on the same server in the same run. Rows are
written with sqlite3 straight into the migrated schema (logging 50,000 activities one by one
through the API is not what is timed); the pages read them exactly as they read any account.
"""
import argparse
import datetime
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from kamserver import kam_run, serve, sign_in, stop, time_routes  # noqa: E402

TARGET_MS = 100.0
KINDS = ["visit", "call", "email", "workshop", "executive_meeting", "demo", "dinner", "complaint", "incident", "other"]


def build_account(path, activities, seed):
    rng = random.Random(seed)
    db = sqlite3.connect(path)
    db.execute("INSERT INTO accounts (id, name, name_search, industry, region, size, time_zone, procurement_mode, owner_id, "
               "scene, stage, status, created_at, updated_at) VALUES (1, 'Timeline Bench Bank', 'timeline bench bank', 'banking', "
               "'japan', 'enterprise', 'Asia/Tokyo', 'centralised', 1, 'delivery_and_service', 'stable', 'qualified', 0, 0)")
    people = 200
    db.executemany("INSERT INTO key_persons (id, family_name, given_name, name_search, phones, legal_basis, closeness, recognition, "
                   "price_acceptance, created_at, updated_at) VALUES (?, ?, 'Bench', ?, '[]', 'legitimate_interest', 3, 3, 3, 0, 0)",
                   [(i, f"Person{i:04d}", f"person{i:04d} bench") for i in range(1, people + 1)])
    db.executemany("INSERT INTO employments (person_id, account_id, title, from_date, position) VALUES (?, 1, 'Manager', '2015-01-01', 0)",
                   [(i,) for i in range(1, people + 1)])
    first = datetime.date(2016, 12, 1)
    span = (datetime.date(2026, 11, 30) - first).days
    rows, participants = [], []
    for i in range(1, activities + 1):
        day = first + datetime.timedelta(days=rng.randint(0, span))
        rows.append((i, rng.choice(KINDS), day.isoformat(), f"Activity {i} on {day}", f"Notes of activity {i}"))
        participants.append((i, 1, None, 0))
        for position, person in enumerate(rng.sample(range(1, people + 1), 2)):
            participants.append((i, None, person, position + 1))
    db.executemany("INSERT INTO activities (id, account_id, kind, occurred_on, subject, notes, created_by, version, created_at, updated_at) "
                   "VALUES (?, 1, ?, ?, ?, ?, 1, 1, 0, 0)", rows)
    db.executemany("INSERT INTO activity_participants (activity_id, user_id, person_id, position) VALUES (?, ?, ?, ?)", participants)
    start_ms = int(datetime.datetime(2016, 12, 1, tzinfo=datetime.timezone.utc).timestamp() * 1000)
    span_ms = span * 86_400_000
    db.executemany("INSERT INTO portrait_assessments (person_id, closeness, recognition, price_acceptance, evidence, assessed_by, "
                   "assessed_at, account_id) VALUES (?, ?, ?, ?, 'bench', 1, ?, 1)",
                   [(rng.randint(1, people), rng.randint(1, 5), rng.randint(1, 5), rng.randint(1, 5), start_ms + rng.randint(0, span_ms))
                    for _ in range(activities // 10)])
    stages = ["building", "stable", "strengthening"]
    db.executemany("INSERT INTO account_moves (account_id, field, from_value, to_value, reason, actor_id, at) VALUES (1, 'stage', ?, ?, "
                   "'bench', 1, ?)", [(rng.choice(stages), rng.choice(stages), start_ms + rng.randint(0, span_ms))
                                      for _ in range(max(10, activities // 100))])
    db.executemany("INSERT INTO opportunities (name, account_id, amount_minor, currency, stage, owner_id, created_at, updated_at) "
                   "VALUES (?, 1, ?, 'JPY', 'qualification', 1, ?, ?)",
                   [(f"Deal {i}", rng.randint(1, 100) * 1_000_000, t, t)
                    for i, t in ((i, start_ms + rng.randint(0, span_ms)) for i in range(max(10, activities // 160)))])
    db.commit()
    db.execute("ANALYZE")
    db.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kam", default=os.environ.get("KAM_BIN"))
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--activities", type=int)
    parser.add_argument("--requests", type=int)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not args.kam:
        sys.exit("name the kam binary: --kam PATH (or KAM_BIN)")
    kam = os.path.abspath(args.kam)
    activities = args.activities or (2_000 if args.smoke else 50_000)
    requests = args.requests or (10 if args.smoke else 200)
    warmups = 2 if args.smoke else 10

    folder = tempfile.mkdtemp(prefix="kam-timeline-bench-")
    server = None
    try:
        path = os.path.join(folder, "timeline.sqlite")
        kam_run(kam, "migrate", "--database", path)
        kam_run(kam, "user", "add", "--database", path, "--username", "bench", "--password", "bench password 1")
        started = time.perf_counter()
        build_account(path, activities, args.seed)
        print(f"timeline bench: 1 account, {activities} activities over ten years, {activities // 10} portraits, "
              f"{max(10, activities // 100)} moves, {max(10, activities // 160)} opportunities written in "
              f"{time.perf_counter() - started:.1f} s; kam {kam}")
        server, port = serve(kam, path, folder)
        cookie = sign_in(port, "bench", "bench password 1")
        # A cursor in the middle of the history: the page after it is as deep as a user scrolls.
        deep = "2021-06-15_activity_0_999999999"
        routes = [("bare route GET /healthz", "/healthz", None, None),
                  ("timeline page, newest", "/accounts/1/timeline", cookie, TARGET_MS),
                  ("timeline page, 2021", f"/accounts/1/timeline?cursor={deep}", cookie, TARGET_MS),
                  ("timeline JSON (API), newest", "/api/v1/accounts/1/timeline", cookie, TARGET_MS),
                  ("timeline JSON (API), 2021", f"/api/v1/accounts/1/timeline?cursor={deep}", cookie, TARGET_MS),
                  ("activities page (50 rows)", "/accounts/1/activities", cookie, None)]

        def full_page(route, body):
            if route.startswith("/accounts/1/timeline") and body.count(b"<li class=\"timeline-") < 50:
                sys.exit(f"{route} shows fewer than 50 entries")
        time_routes(port, routes, warmups, requests, "timeline.tsv", check=full_page)
    finally:
        stop(server)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
