#!/usr/bin/env python3
"""Benchmark of the relationship map page and its JSON at account size, against a bare route.

  bench/map_page.py --kam PATH        full: one account of 2,000 people (an org chart five
                                      levels deep) and 20,000 influence and conflict connections
                                      on SQLite; 40 sequential requests per route after 5 warm-ups
  bench/map_page.py --smoke           200 people / 2,000 connections, 5 requests (CI runs this)
  --people N, --connections N, --requests N, --seed N

Environment: KAM_BIN (the kam binary when --kam is not given), BENCH_OUT (copy the result TSV there).
Target: the account map page (server-drawn SVG, table view, analytics) under 200 ms at 2,000
people. The reference is GET /healthz on the same server in the same run: what a request costs
with no work behind it. Data is written with sqlite3 straight into the migrated schema (the
loader of the product writes one person at a time through the API, which is not what is timed
here); the page reads it exactly as it reads any account.
"""
import argparse
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from kamserver import kam_run, serve, sign_in, stop, time_routes  # noqa: E402

TARGET_MS = 200.0


def build_account(path, people, connections, seed):
    """One account of `people` (each manager has up to six reports) with `connections` between them."""
    rng = random.Random(seed)
    db = sqlite3.connect(path)
    db.execute("INSERT INTO accounts (id, name, name_search, industry, region, size, time_zone, procurement_mode, owner_id, "
               "scene, stage, status, created_at, updated_at) VALUES (1, 'Map Bench Bank', 'map bench bank', 'banking', "
               "'japan', 'enterprise', 'Asia/Tokyo', 'centralised', 1, 'acquisition', 'building', 'none', 0, 0)")
    titles = ["CEO", "Managing Director", "Head of", "Manager", "Team lead", "Analyst"]
    persons, jobs = [], []
    for i in range(1, people + 1):
        manager = (i - 2) // 6 + 1 if i > 1 else None
        depth, walk = 0, manager
        while walk:
            depth, walk = depth + 1, ((walk - 2) // 6 + 1 if walk > 1 else None)
        closeness = rng.randint(1, 5)
        persons.append((i, f"Person{i:05d}", "Map", f"person{i:05d} map", closeness, rng.randint(1, 5), rng.randint(1, 5)))
        jobs.append((i, f"{titles[min(depth, 5)]} {i}", f"Dept {depth}-{(i % 7)}", manager, i))
    db.executemany("INSERT INTO key_persons (id, family_name, given_name, name_search, phones, legal_basis, closeness, recognition, "
                   "price_acceptance, created_at, updated_at) VALUES (?, ?, ?, ?, '[]', 'legitimate_interest', ?, ?, ?, 0, 0)", persons)
    db.executemany("INSERT INTO employments (person_id, account_id, title, department, reports_to_id, from_date, position) "
                   "VALUES (?, 1, ?, ?, ?, '2020-01-01', 0)", [(p, t, d, m) for p, t, d, m, _ in jobs])
    seen, rows = set(), []
    stances, statuses = ["supporter", "neutral", "opponent"], ["hypothesis", "verified"]
    while len(rows) < connections:
        a, b = rng.randint(1, people), rng.randint(1, people)
        kind = "conflict" if rng.random() < 0.05 else "influence"
        if a == b or (kind, a, b) in seen:
            continue
        seen.add((kind, a, b))
        rows.append((kind, a, b, rng.randint(1, 5), rng.choice(stances), rng.choice(statuses)))
    db.executemany("INSERT INTO person_connections (kind, from_person_id, to_person_id, strength, stance, status, account_id, "
                   "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, 0, 0)", rows)
    db.commit()
    db.execute("ANALYZE")
    db.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kam", default=os.environ.get("KAM_BIN"))
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--people", type=int)
    parser.add_argument("--connections", type=int)
    parser.add_argument("--requests", type=int)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    if not args.kam:
        sys.exit("name the kam binary: --kam PATH (or KAM_BIN)")
    kam = os.path.abspath(args.kam)
    people = args.people or (200 if args.smoke else 2_000)
    connections = args.connections or (2_000 if args.smoke else 20_000)
    requests = args.requests or (5 if args.smoke else 40)
    warmups = 1 if args.smoke else 5

    folder = tempfile.mkdtemp(prefix="kam-map-bench-")
    server = None
    try:
        path = os.path.join(folder, "map.sqlite")
        kam_run(kam, "migrate", "--database", path)
        kam_run(kam, "user", "add", "--database", path, "--username", "bench", "--password", "bench password 1")
        started = time.perf_counter()
        build_account(path, people, connections, args.seed)
        print(f"map bench: 1 account, {people} people, {connections} connections written in {time.perf_counter() - started:.1f} s; kam {kam}")
        server, port = serve(kam, path, folder)
        cookie = sign_in(port, "bench", "bench password 1")

        routes = [("bare route GET /healthz", "/healthz", None, None),
                  ("map page /accounts/1/map", "/accounts/1/map", cookie, TARGET_MS),
                  ("map page, hypotheses hidden", "/accounts/1/map?hypotheses=hide", cookie, None),
                  ("map JSON (API)", "/api/v1/accounts/1/relationship-map", cookie, None)]
        time_routes(port, routes, warmups, requests, "map_page.tsv")
    finally:
        stop(server)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
