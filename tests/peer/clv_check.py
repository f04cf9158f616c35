#!/usr/bin/env python3
"""Cross-check of `kam clv` against the `lifetimes` package from PyPI (a peer nobody here wrote).

On the CDNOW sample that lifetimes ships (2,357 customers, Fader, Hardie and Lee 2005) and on
seeded synthetic B2B-like histories (time in days), it runs

    KAM clv summary --transactions F --unit week|day --calibration-end D
    KAM clv fit --summary S
    KAM clv predict --summary S --horizon H

and compares:
  * summary: frequency, recency, T and monetary_value per customer with lifetimes'
    summary_data_from_transaction_data (freq='D'; freq_multiplier=7 for weeks) within 1e-9;
  * fit: BG/NBD r, alpha, a, b and Gamma-Gamma p, q, v with BetaGeoFitter / GammaGammaFitter
    fitted on the same summary, within half a unit of the third significant digit; on CDNOW
    also with the published values; the log-likelihood with one computed here with scipy;
  * predict: expected purchases, P(alive) and expected spend with lifetimes' own formulas
    evaluated at our parameters, within 1e-7 relative.

Usage: python3 tests/peer/clv_check.py --kam .build/debug/kam [--quick]
Exits non-zero with the mismatches on any difference.
"""
import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
try:
    import numpy as np
    import pandas as pd
    from scipy.special import gammaln
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
FAILURES = []


def fail(message):
    FAILURES.append(message)
    print("MISMATCH: " + message)


def kam(binary, *args):
    done = subprocess.run([binary, "clv", *args], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"kam clv {' '.join(args)} exited {done.returncode}: {done.stderr.strip()}")
    return done.stdout


def same_to_three_digits(ours, theirs):
    """Within half a unit of the third significant digit of `theirs`."""
    if theirs == 0:
        return abs(ours) < 1e-12
    unit = 10 ** (np.floor(np.log10(abs(theirs))) - 2)
    return abs(ours - theirs) <= 0.5 * unit


def bgnbd_log_likelihood(r, alpha, a, b, x, tx, T):
    """Equation 6 of the paper in logs, written here with scipy, independently of kam."""
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    a4 = np.where(x > 0, np.log(a) - np.log(np.where(x > 0, b + x - 1, 1.0)) - (r + x) * np.log(alpha + tx), -np.inf)
    return float(np.sum(a1 + a2 + np.logaddexp(a3, a4)))


def check(name, binary, transactions, unit, calibration_end, horizon, published=None, tmp="."):
    print(f"-- {name}: {transactions['customer_id'].nunique()} customers, {len(transactions)} transactions, unit {unit}")
    path = os.path.join(tmp, f"{name}-transactions.csv")
    transactions.assign(date=transactions["date"].dt.strftime("%Y-%m-%d"))[["customer_id", "date", "amount"]].to_csv(path, index=False)

    # summary
    ours = pd.read_csv(io.StringIO(kam(binary, "summary", "--transactions", path, "--unit", unit,
                                       "--calibration-end", calibration_end)), dtype={"customer_id": str}).set_index("customer_id")
    theirs = summary_data_from_transaction_data(
        transactions, "customer_id", "date", monetary_value_col="amount", observation_period_end=calibration_end,
        freq="D", freq_multiplier=7 if unit == "week" else 1)
    theirs.index = theirs.index.astype(str)
    if set(ours.index) != set(theirs.index):
        fail(f"{name}: summary customers differ: {len(set(ours.index) ^ set(theirs.index))} not in both")
    joined = ours.join(theirs, rsuffix="_lifetimes", how="inner")
    for column in ["frequency", "recency", "T", "monetary_value"]:
        worst = float((joined[column] - joined[column + "_lifetimes"]).abs().max())
        if worst > 1e-9:
            fail(f"{name}: summary {column} differs by up to {worst}")
    summary_path = os.path.join(tmp, f"{name}-summary.csv")
    with open(summary_path, "w") as out:
        out.write(kam(binary, "summary", "--transactions", path, "--unit", unit, "--calibration-end", calibration_end))
    summary = pd.read_csv(summary_path, dtype={"customer_id": str})

    # fit
    fit = json.loads(kam(binary, "fit", "--summary", summary_path))
    bg = BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])
    spenders = summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)]
    gg = GammaGammaFitter().fit(spenders["frequency"], spenders["monetary_value"])
    print(f"   kam:       r={fit['bgnbd']['r']:.6g} alpha={fit['bgnbd']['alpha']:.6g} a={fit['bgnbd']['a']:.6g} "
          f"b={fit['bgnbd']['b']:.6g} LL={fit['bgnbd']['log_likelihood']:.6f}; p={fit['gamma_gamma']['p']:.6g} "
          f"q={fit['gamma_gamma']['q']:.6g} v={fit['gamma_gamma']['v']:.6g}")
    print(f"   lifetimes: r={bg.params_['r']:.6g} alpha={bg.params_['alpha']:.6g} a={bg.params_['a']:.6g} "
          f"b={bg.params_['b']:.6g}; p={gg.params_['p']:.6g} q={gg.params_['q']:.6g} v={gg.params_['v']:.6g}")
    if not (fit["bgnbd"]["converged"] and fit["gamma_gamma"]["converged"]):
        fail(f"{name}: the fit did not settle")
    for key in ["r", "alpha", "a", "b"]:
        if not same_to_three_digits(fit["bgnbd"][key], bg.params_[key]):
            fail(f"{name}: BG/NBD {key} {fit['bgnbd'][key]} vs lifetimes {bg.params_[key]}")
    for key in ["p", "q", "v"]:
        if not same_to_three_digits(fit["gamma_gamma"][key], gg.params_[key]):
            fail(f"{name}: Gamma-Gamma {key} {fit['gamma_gamma'][key]} vs lifetimes {gg.params_[key]}")
    for model, values in (published or {}).items():
        for key, value in values.items():
            if not same_to_three_digits(fit[model][key], value):
                fail(f"{name}: {model} {key} {fit[model][key]} vs published {value}")
    x, tx, T = (summary[c].to_numpy(float) for c in ["frequency", "recency", "T"])
    p = fit["bgnbd"]
    ll = bgnbd_log_likelihood(p["r"], p["alpha"], p["a"], p["b"], x, tx, T)
    if abs(ll - p["log_likelihood"]) > 1e-7 * abs(ll):
        fail(f"{name}: log-likelihood {p['log_likelihood']} vs scipy {ll}")
    if ll < bgnbd_log_likelihood(bg.params_["r"], bg.params_["alpha"], bg.params_["a"], bg.params_["b"], x, tx, T) - 1e-6:
        fail(f"{name}: our optimum is below lifetimes'")

    # predict, with lifetimes' formulas at our parameters
    predicted = pd.read_csv(io.StringIO(kam(binary, "predict", "--summary", summary_path, "--horizon", str(horizon))),
                            dtype={"customer_id": str})
    bg.params_ = pd.Series({k: p[k] for k in ["r", "alpha", "a", "b"]})
    gg.params_ = pd.Series({k: fit["gamma_gamma"][k] for k in ["p", "q", "v"]})
    expected = bg.conditional_expected_number_of_purchases_up_to_time(horizon, x, tx, T)
    alive = bg.conditional_probability_alive(x, tx, T)
    spend = gg.conditional_expected_average_profit(summary["frequency"], summary["monetary_value"]).to_numpy(float)
    for column, reference in [("expected_purchases", expected), ("probability_alive", alive), ("expected_spend", spend)]:
        ours = predicted[column].to_numpy(float)
        worst = float(np.max(np.abs(ours - reference) / np.maximum(np.abs(reference), 1e-12)))
        if worst > 1e-7:
            fail(f"{name}: predict {column} differs by up to {worst:.3g} (relative)")
    print(f"   summary, fit, log-likelihood and predictions compared")


def synthetic(seed, customers, years):
    """B2B-like histories from the BG/NBD story: monthly-ish buyers who drop out slowly."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2021-01-01")
    days = int(365 * years)
    rate = rng.gamma(2.0, 1 / 60.0, customers)
    dropout = rng.beta(1.0, 20.0, customers)
    spend_scale = rng.gamma(4.0, 1 / 300.0, customers)
    rows = []
    for c in range(customers):
        t = int(rng.integers(0, days // 2))
        while t <= days:
            rows.append((f"acct-{c:06d}", start + pd.Timedelta(days=t), round(float(rng.gamma(3.0, 1 / spend_scale[c])), 2)))
            if rng.random() < dropout[c]:
                break
            t += max(1, int(rng.exponential(1 / rate[c])))
    frame = pd.DataFrame(rows, columns=["customer_id", "date", "amount"])
    end = (start + pd.Timedelta(days=days)).strftime("%Y-%m-%d")
    return frame, end


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kam", default=os.environ.get("KAM_BIN", os.path.join(ROOT, ".build", "debug", "kam")))
    parser.add_argument("--quick", action="store_true", help="smaller synthetic data")
    args = parser.parse_args()
    print(f"lifetimes {lifetimes.__version__}, pandas {pd.__version__}, numpy {np.__version__}")
    datasets = os.path.join(os.path.dirname(lifetimes.__file__), "datasets")
    raw = pd.read_csv(os.path.join(datasets, "CDNOW_sample.txt"), sep=r"\s+", header=None,
                      names=["master", "customer_id", "date", "cds", "amount"], dtype={"date": str})
    cdnow = pd.DataFrame({"customer_id": raw["customer_id"].astype(str), "date": pd.to_datetime(raw["date"], format="%Y%m%d"),
                          "amount": raw["amount"]})
    published = {"bgnbd": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}, "gamma_gamma": {"p": 6.25, "q": 3.74, "v": 15.44}}
    with tempfile.TemporaryDirectory() as tmp:
        check("cdnow", args.kam, cdnow, "week", "1997-09-30", 39, published, tmp)
        frame, end = synthetic(11, 400 if args.quick else 3000, 5)
        check("synthetic-days", args.kam, frame, "day", end, 365, None, tmp)
    if FAILURES:
        sys.exit(f"{len(FAILURES)} mismatch(es) against lifetimes")
    print("kam clv agrees with lifetimes")


if __name__ == "__main__":
    main()
