#!/usr/bin/env python3
"""Helpers for bench scripts: parse `wrk --latency` output and print result tables.

  wrkparse.py row ENGINE ROUTE WRK_OUTPUT_FILE   -> one TSV line:
        engine route requests_per_s p50_ms p99_ms requests socket_errors non_2xx_3xx
  wrkparse.py table RESULTS_TSV [TARGET_MS ROUTE...]
        -> aligned table; routes named after TARGET_MS are checked against p99 < TARGET_MS
"""

import re
import sys

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0, "h": 3600000.0}


def to_ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if not m:
        raise ValueError(f"unknown latency {text!r}")
    return float(m.group(1)) * UNITS_MS[m.group(2)]


def parse(text):
    out = {"socket_errors": 0, "non_2xx_3xx": 0}
    for pct, key in (("50", "p50_ms"), ("99", "p99_ms")):
        m = re.search(rf"^\s*{pct}(?:\.0+)?%\s+(\S+)\s*$", text, re.M)
        if not m:
            raise ValueError(f"no {pct}% latency line (was wrk run with --latency?)")
        out[key] = to_ms(m.group(1))
    m = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M)
    if not m:
        raise ValueError("no Requests/sec line")
    out["rps"] = float(m.group(1))
    m = re.search(r"^\s*(\d+) requests in", text, re.M)
    out["requests"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        out["socket_errors"] = sum(int(x) for x in m.groups())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if m:
        out["non_2xx_3xx"] = int(m.group(1))
    return out


def cmd_row(engine, route, path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    try:
        r = parse(text)
    except ValueError as e:
        sys.exit(f"wrkparse: {path}: {e}\n{text}")
    print("\t".join([engine, route, f"{r['rps']:.1f}", f"{r['p50_ms']:.2f}", f"{r['p99_ms']:.2f}",
                     str(r["requests"]), str(r["socket_errors"]), str(r["non_2xx_3xx"])]))


def cmd_table(path, target_ms=None, *target_routes):
    rows = [line.rstrip("\n").split("\t") for line in open(path, encoding="utf-8") if line.strip()]
    target = float(target_ms) if target_ms else None
    head = ["engine", "route", "req/s", "p50 ms", "p99 ms", "requests", "errors", "target"]
    table = []
    for engine, route, rps, p50, p99, n, sock, non2 in rows:
        check = ""
        if target is not None and route in target_routes:
            check = "ok" if float(p99) < target else "MISSED"
        table.append([engine, route, rps, p50, p99, n, str(int(sock) + int(non2)), check])
    widths = [max(len(str(r[i])) for r in table + [head]) for i in range(len(head))]
    right = {2, 3, 4, 5, 6}
    for r in [head] + table:
        print("  ".join(str(c).rjust(w) if i in right else str(c).ljust(w)
                        for i, (c, w) in enumerate(zip(r, widths))).rstrip())


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "row":
        cmd_row(*sys.argv[2:5])
    elif len(sys.argv) >= 3 and sys.argv[1] == "table":
        cmd_table(*sys.argv[2:])
    else:
        sys.exit(__doc__)
