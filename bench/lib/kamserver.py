"""Shared by the bench scripts that time pages of one running `kam serve`: start it on a free
loopback port, sign in, time sequential requests on one kept-alive connection, percentiles."""

import http.client
import json
import os
import socket
import subprocess
import sys
import time


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def kam_run(kam, *args):
    done = subprocess.run([kam, *args], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"kam {' '.join(args[:2])} exited {done.returncode}: {done.stderr.strip()}")
    return done.stdout


def serve(kam, database, folder):
    """Starts `kam serve` and waits for /healthz; returns (process, port)."""
    port = free_port()
    log_path = os.path.join(folder, "serve.log")
    server = subprocess.Popen([kam, "serve", "--database", database, "--port", str(port)], stdout=open(log_path, "w"),
                              stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server, port
        except OSError:
            pass
        if time.time() > deadline or server.poll() is not None:
            sys.exit("kam serve did not come up: " + open(log_path).read()[-2000:])
        time.sleep(0.2)


def stop(server):
    if server is None:
        return
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


def sign_in(port, username, password):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("POST", "/api/v1/session", body=json.dumps({"username": username, "password": password}),
                 headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    response.read()
    cookie = (response.getheader("Set-Cookie") or "").split(";")[0]
    if response.status != 200 or not cookie:
        sys.exit(f"sign-in answered {response.status}")
    return cookie


def timings(port, path, cookie, count):
    """Sequential requests on one kept-alive connection; milliseconds each, and the last body."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    out, body = [], b""
    for _ in range(count):
        started = time.perf_counter()
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        body = response.read()
        out.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            sys.exit(f"GET {path} answered {response.status}: {body[:300]!r}")
    conn.close()
    return out, body


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))]


def time_routes(port, routes, warmups, requests, tsv_name, check=None):
    """Times each (name, path, cookie, target_ms) route after warm-ups, prints a line per route
    against the first one (the bare route) and writes the table to $BENCH_OUT/tsv_name when set.
    `check(path, body)` may refuse a body (exit with a message) before it is counted."""
    rows = [("route", "requests", "p50_ms", "p99_ms", "max_ms", "bytes", "target_ms", "verdict")]
    reference = None
    for name, route, auth, target in routes:
        timings(port, route, auth, warmups)
        values, body = timings(port, route, auth, requests)
        if check:
            check(route, body)
        p50, p99, worst = percentile(values, 50), percentile(values, 99), max(values)
        reference = reference or p50
        verdict = "" if target is None else ("met" if p99 < target else "MISSED")
        print(f"  {name:30} p50 {p50:8.1f} ms  p99 {p99:8.1f} ms  max {worst:8.1f} ms  {len(body) / 1024:9.1f} KiB"
              f"  ({p50 / reference:6.1f}x the bare route's p50)" + (f"  target p99 < {target:.0f} ms: {verdict}" if target else ""))
        rows.append((name, str(requests), f"{p50:.2f}", f"{p99:.2f}", f"{worst:.2f}", str(len(body)),
                     "" if target is None else f"{target:.0f}", verdict))
    out = os.environ.get("BENCH_OUT")
    if out:
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, tsv_name), "w", encoding="utf-8") as f:
            f.write("".join("\t".join(r) + "\n" for r in rows))
