#!/usr/bin/env python3
"""Benchmark of the purchase models (`kam clv`) against the `lifetimes` package, same data, same run.

  bench/clv_fit.py                 100,000 accounts x 5 years of transactions (time in days)
  bench/clv_fit.py --smoke         2,000 accounts (CI runs this)
  --accounts N, --years Y, --seed S

The histories come from the BG/NBD story itself (B2B-like: about monthly buyers who drop out
slowly; spend from Gamma-Gamma), written as the CSV `customer_id,date,amount`. Timed separately:
  * building the per-account summary (frequency, recency, age, mean spend) from the transactions:
    `kam clv summary --timing` (reading the CSV included, process start excluded) against lifetimes'
    summary_data_from_transaction_data on a DataFrame already read;
  * fitting BG/NBD and Gamma-Gamma from that summary: `kam clv fit --timing` against
    BetaGeoFitter().fit + GammaGammaFitter().fit as their users call them.
Our whole process time (start, reading, printing) is printed too. Parameters must agree to three
significant digits (exits non-zero otherwise). Target: our fit at least 5x faster than lifetimes'.
Environment: KAM_BIN (the kam binary when --kam is not given).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
try:
    import numpy as np
    import pandas as pd
    import lifetimes
    from lifetimes import BetaGeoFitter, GammaGammaFitter
    from lifetimes.utils import summary_data_from_transaction_data
except ImportError:  # scripts/test installs lifetimes into the project's venv
    # The venv's python is a link to the system one, so the prefix (not the executable) tells them apart.
    venv = os.path.join(ROOT, ".venv")
    if os.path.exists(os.path.join(venv, "bin", "python")) and os.path.realpath(sys.prefix) != os.path.realpath(venv):
        os.execv(os.path.join(venv, "bin", "python"), [os.path.join(venv, "bin", "python"), *sys.argv])
    sys.exit("lifetimes is missing: pip install lifetimes")

warnings.filterwarnings("ignore")
TARGET_RATIO = 5.0


def histories(seed, accounts, years):
    """Vectorised draws: each account starts in the first half of the period, buys at a Gamma
    rate (mean monthly) and drops out after a purchase with a Beta probability (mean 1/21)."""
    rng = np.random.default_rng(seed)
    days = int(365 * years)
    rate = rng.gamma(2.0, 1 / 60.0, accounts)
    dropout = rng.beta(1.0, 20.0, accounts)
    spend_scale = rng.gamma(4.0, 1 / 300.0, accounts)
    time_now = rng.integers(0, days // 2, accounts).astype(float)
    active = np.arange(accounts)
    ids, when, amount = [], [], []
    while active.size:
        inside = time_now[active] <= days
        active = active[inside]
        if not active.size:
            break
        ids.append(active)
        when.append(np.floor(time_now[active]).astype(np.int64))
        amount.append(np.round(rng.gamma(3.0, 1 / spend_scale[active]), 2))
        active = active[rng.random(active.size) >= dropout[active]]
        time_now[active] += np.maximum(1.0, np.floor(rng.exponential(1 / rate[active])))
    ids = np.concatenate(ids)
    start = np.datetime64("2021-01-01")
    frame = pd.DataFrame({"customer_id": np.char.add("acct-", ids.astype(str)),
                          "date": start + np.concatenate(when).astype("timedelta64[D]"),
                          "amount": np.concatenate(amount)})
    return frame, str(start + np.timedelta64(days, "D"))


def run_kam(kam, args):
    started = time.perf_counter()
    done = subprocess.run([kam, "clv", *args, "--timing"], capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"kam clv {' '.join(args)} exited {done.returncode}: {done.stderr.strip()}")
    found = re.search(r"compute_seconds=([0-9.eE+-]+)", done.stderr)
    if not found:
        sys.exit(f"kam clv {' '.join(args)} printed no compute_seconds: {done.stderr.strip()[:200]}")
    return done.stdout, wall, float(found.group(1))


def same_to_three_digits(ours, theirs):
    unit = 10 ** (np.floor(np.log10(abs(theirs))) - 2)
    return abs(ours - theirs) <= 0.5 * unit


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--kam", default=os.environ.get("KAM_BIN"))
    parser.add_argument("--accounts", type=int)
    parser.add_argument("--years", type=float, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    accounts = args.accounts or (2000 if args.smoke else 100_000)
    kam = args.kam or os.path.join(ROOT, ".build", "debug" if args.smoke else "release", "kam")
    if not os.access(kam, os.X_OK):
        sys.exit(f"no kam binary at {kam} (swift build{'' if args.smoke else ' -c release'} --product kam)")
    print(f"== bench/clv_fit.py: {accounts} accounts x {args.years:g} years, seed {args.seed}; kam {kam}")
    print(f"== lifetimes {lifetimes.__version__}, pandas {pd.__version__}, numpy {np.__version__}; {os.cpu_count()} cores")

    started = time.perf_counter()
    frame, end = histories(args.seed, accounts, args.years)
    print(f"generated {len(frame)} transactions of {frame['customer_id'].nunique()} accounts in {time.perf_counter() - started:.1f}s; calibration end {end}")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "transactions.csv")
        frame.assign(date=frame["date"].dt.strftime("%Y-%m-%d")).to_csv(path, index=False)
        print(f"transactions CSV: {os.path.getsize(path) / 1e6:.1f} MB")

        print("\n-- summary from transactions")
        summary_csv, wall, ours = run_kam(kam, ["summary", "--transactions", path, "--unit", "day", "--calibration-end", end])
        started = time.perf_counter()
        read = pd.read_csv(path, parse_dates=["date"])
        read_secs = time.perf_counter() - started
        started = time.perf_counter()
        theirs = summary_data_from_transaction_data(read, "customer_id", "date", monetary_value_col="amount",
                                                   observation_period_end=end, freq="D")
        lifetimes_summary = time.perf_counter() - started
        print(f"kam clv summary:   {ours:8.3f} s compute (reading the CSV included), {wall:8.3f} s whole process")
        print(f"lifetimes summary: {lifetimes_summary:8.3f} s (pandas read_csv before it: {read_secs:.3f} s)")
        print(f"ratio lifetimes / kam (compute): {lifetimes_summary / ours:.1f}x")
        summary_path = os.path.join(tmp, "summary.csv")
        with open(summary_path, "w") as out:
            out.write(summary_csv)
        summary = pd.read_csv(summary_path)
        if len(summary) != len(theirs):
            sys.exit(f"summaries differ in size: kam {len(summary)}, lifetimes {len(theirs)}")

        print(f"\n-- fit from the summary ({len(summary)} accounts, {int((summary['frequency'] > 0).sum())} with repeat purchases)")
        fit_json, wall, ours = run_kam(kam, ["fit", "--summary", summary_path])
        fit = json.loads(fit_json)
        started = time.perf_counter()
        bg = BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])
        spenders = summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)]
        gg = GammaGammaFitter().fit(spenders["frequency"], spenders["monetary_value"])
        lifetimes_fit = time.perf_counter() - started
        print(f"kam clv fit:   {ours:8.3f} s compute, {wall:8.3f} s whole process (BG/NBD {fit['bgnbd']['iterations']} iterations, Gamma-Gamma {fit['gamma_gamma']['iterations']})")
        print(f"lifetimes fit: {lifetimes_fit:8.3f} s (BetaGeoFitter + GammaGammaFitter)")
        print(f"ratio lifetimes / kam: {lifetimes_fit / ours:.1f}x compute, {lifetimes_fit / wall:.1f}x whole process (target >= {TARGET_RATIO:g}x)")
        mismatches = []
        for model, theirs_params, keys in [("bgnbd", bg.params_, ["r", "alpha", "a", "b"]), ("gamma_gamma", gg.params_, ["p", "q", "v"])]:
            for key in keys:
                line = f"  {model:11s} {key:5s} kam {fit[model][key]:12.6g}   lifetimes {theirs_params[key]:12.6g}"
                if not same_to_three_digits(fit[model][key], theirs_params[key]):
                    mismatches.append(line)
                    line += "   DIFFERENT"
                print(line)
        if mismatches:
            sys.exit("parameters differ from lifetimes beyond three significant digits")
        print("parameters: same to three significant digits")


if __name__ == "__main__":
    main()
