#!/usr/bin/env python3
"""Benchmark: score and classify 100,000 key accounts, against sqlite3 reading the same figures.

  bench/score_classify.py            100,000 accounts, each a key account with ~5 years of purchases
  bench/score_classify.py --smoke    2,000 accounts (CI runs this)
  --accounts N, --seed S

Setup (not timed): `kam demo --scale N` creates the accounts; every account is made a key account
and given a purchase history drawn as in bench/clv_fit.py, written straight into the tables; then
`kam purchases refit --as admin` fits the models (timed, for information). Timed, whole process:
  * `kam score --all-key-accounts --as admin`: every account re-scored (derived levels from its
    purchases), one scorecard and one audit row each, a thousand accounts per transaction;
  * `kam classify --dry-run --as admin --timing`: figures read for every account (trailing-12-month
    revenue and margin, expected value from the fit, latest score), placed A-D;
  * `kam classify --as admin --reason ... --timing`: the same, plus every placement kept and every
    account's first class recorded as a move with an audit row.
Reference, same run: Python's sqlite3 running the aggregate reads classification needs (revenue and
margin per account over 12 months, purchases per account and day, latest score per account).
Environment: KAM_BIN (the kam binary when --kam is not given).
"""
import argparse
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
try:
    import numpy as np
except ImportError:  # scripts/test installs numpy into the project's venv
    venv = os.path.join(ROOT, ".venv")
    if os.path.exists(os.path.join(venv, "bin", "python")) and os.path.realpath(sys.prefix) != os.path.realpath(venv):
        os.execv(os.path.join(venv, "bin", "python"), [os.path.join(venv, "bin", "python"), *sys.argv])
    sys.exit("numpy is missing: pip install numpy")


def histories(seed, accounts, years, today):
    """(account index, day, amount) rows: each account buys at a Gamma rate (mean monthly) from a
    start in the first half of the period and drops out after a purchase with a Beta probability."""
    rng = np.random.default_rng(seed)
    days = int(365 * years)
    rate = rng.gamma(2.0, 1 / 60.0, accounts)
    dropout = rng.beta(1.0, 20.0, accounts)
    spend = rng.gamma(4.0, 250_000.0, accounts)
    now = rng.integers(0, days // 2, accounts).astype(float)
    active = np.arange(accounts)
    rows = []
    first = today - timedelta(days=days)
    while active.size:
        inside = now[active] <= days
        active = active[inside]
        for index in active:
            rows.append((int(index), first + timedelta(days=int(now[index])), int(rng.gamma(4.0, spend[index] / 4.0))))
        alive = rng.random(active.size) >= dropout[active]
        active = active[alive]
        now[active] += rng.exponential(1 / rate[active])
    return rows


def run(kam, args, database, timing=False):
    started = time.perf_counter()
    result = subprocess.run([kam, *args, "--database", database], capture_output=True, text=True)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"kam {' '.join(args)} failed: {result.stderr[-2000:]}")
    compute = None
    if timing:
        found = re.search(r"compute_seconds=([0-9.eE+-]+)", result.stderr)
        compute = float(found.group(1)) if found else None
    return result.stdout, wall, compute


def reference(database, today):
    """The reads classification cannot avoid, as plain SQL through sqlite3."""
    since = (today - timedelta(days=365)).isoformat()
    connection = sqlite3.connect(database)
    started = time.perf_counter()
    connection.execute("SELECT id, name, account_class FROM accounts WHERE deleted_at IS NULL AND status = 'qualified' ORDER BY id").fetchall()
    connection.execute("SELECT account_id, SUM(reporting_amount_minor), SUM(reporting_margin_minor) FROM purchase_transactions "
                       "WHERE day > ? GROUP BY account_id", (since,)).fetchall()
    connection.execute("SELECT account_id, day, SUM(reporting_amount_minor) FROM purchase_transactions GROUP BY account_id, day").fetchall()
    connection.execute("SELECT s.account_id, s.total FROM account_scores s JOIN (SELECT account_id, MAX(id) AS id FROM account_scores "
                       "GROUP BY account_id) latest ON latest.id = s.id").fetchall()
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--accounts", type=int)
    parser.add_argument("--years", type=float, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--kam", default=os.environ.get("KAM_BIN"))
    parser.add_argument("--keep", metavar="DIR", help="build the database in DIR and keep it (for profiling)")
    args = parser.parse_args()
    accounts = args.accounts or (2_000 if args.smoke else 100_000)
    kam = args.kam or os.path.join(ROOT, ".build", "debug" if args.smoke else "release", "kam")
    if not os.path.exists(kam):
        sys.exit(f"no kam binary at {kam} (swift build{'' if args.smoke else ' -c release'} --product kam)")
    print(f"== bench/score_classify.py: {accounts} key accounts x {args.years:g} years of purchases, seed {args.seed}; kam {kam}; "
          f"sqlite {sqlite3.sqlite_version}; {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="kam-classify-") as scratch:
        tmp = args.keep or scratch
        os.makedirs(tmp, exist_ok=True)
        database = os.path.join(tmp, "bench.sqlite")
        if os.path.exists(database):
            os.remove(database)
        started = time.perf_counter()
        run(kam, ["demo", "--scale", str(accounts), "--per-account", "1"], database)
        today = date.today()
        rows = histories(args.seed, accounts, args.years, today)
        connection = sqlite3.connect(database)
        ids = [row[0] for row in connection.execute("SELECT id FROM accounts ORDER BY id")]
        connection.execute("UPDATE accounts SET status = 'qualified'")
        stamp = int(time.time() * 1000)
        connection.execute("INSERT INTO product_lines (code, name, version, created_at, updated_at) VALUES ('BENCH', 'Bench line', 1, ?, ?)", (stamp, stamp))
        line = connection.execute("SELECT id FROM product_lines WHERE code = 'BENCH'").fetchone()[0]
        connection.execute("INSERT INTO products (line_id, code, name, list_prices, active, version, created_at, updated_at) "
                           "VALUES (?, 'BENCH-1', 'Bench product', '[]', 1, 1, ?, ?)", (line, stamp, stamp))
        product = connection.execute("SELECT id FROM products WHERE code = 'BENCH-1'").fetchone()[0]
        currency = connection.execute("SELECT reporting_currency FROM company_settings").fetchone()[0]
        connection.executemany(
            "INSERT INTO purchase_transactions (account_id, day, product_id, order_reference, currency, amount_minor, margin_minor, "
            "reporting_currency, reporting_amount_minor, reporting_margin_minor, version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)",
            ((ids[index], day.isoformat(), product, f"B-{n}", currency, amount, amount // 4, currency, amount, amount // 4, stamp)
             for n, (index, day, amount) in enumerate(rows)))
        connection.commit()
        connection.close()
        print(f"setup: {accounts} accounts, {len(rows)} transactions in {time.perf_counter() - started:.1f}s")

        out, wall, _ = run(kam, ["purchases", "refit", "--as", "admin"], database)
        print(f"kam purchases refit:              {wall:8.3f} s whole process   ({out.strip()})")
        _, score_wall, _ = run(kam, ["score", "--all-key-accounts", "--as", "admin"], database)
        print(f"kam score --all-key-accounts:     {score_wall:8.3f} s whole process   ({accounts / score_wall:,.0f} accounts/s)")
        out, dry_wall, dry = run(kam, ["classify", "--dry-run", "--as", "admin", "--timing"], database, timing=True)
        print(f"kam classify --dry-run:           {dry_wall:8.3f} s whole process, {dry:8.3f} s compute   ({out.splitlines()[0]})")
        out, apply_wall, applied = run(kam, ["classify", "--as", "admin", "--reason", "bench", "--timing"], database, timing=True)
        print(f"kam classify (apply):             {apply_wall:8.3f} s whole process, {applied:8.3f} s compute   ({out.splitlines()[0]})")
        ref = reference(database, today)
        print(f"reference, sqlite3 reading the same figures: {ref:8.3f} s")
        print(f"ratio classify dry-run compute / reference read: {dry / ref:.1f}x")
        counts = sqlite3.connect(database).execute(
            "SELECT (SELECT count(*) FROM account_scores), (SELECT count(*) FROM account_placements), "
            "(SELECT count(*) FROM account_moves WHERE field = 'class')").fetchone()
        if counts != (accounts, accounts, accounts):
            sys.exit(f"expected {accounts} scorecards, placements and class moves, found {counts}")
        print(f"stored: {counts[0]} scorecards, {counts[1]} placements, {counts[2]} class moves")


if __name__ == "__main__":
    main()
