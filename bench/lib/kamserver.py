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
