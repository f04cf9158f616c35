"""Reminder digests from several `kam serve` instances on one PostgreSQL, counted at a real SMTP sink.

1,000 key accounts, each with its own key account manager and reviews long overdue: every manager
gets exactly one digest. Two instances share the work through the database; then the same with one
instance killed in the middle of its batch: nothing is lost, and a digest sent twice carries the
same Message-ID both times.

Environment (scripts/test sets them):
  KAM_BIN                 the kam executable
  KAM_REMINDER_DB_URL     postgres://… of an empty database for this test
  KAM_PSQL                the psql binary
"""

import email
import os
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

MANAGERS = 1000
ARTIFACTS = Path(os.environ.get("KAM_ARTIFACTS", "/tmp"))


def env(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set (scripts/test sets it)", pytrace=False)
    return value


def psql(sql):
    out = subprocess.run([env("KAM_PSQL"), env("KAM_REMINDER_DB_URL"), "-v", "ON_ERROR_STOP=1", "-Atqc", sql],
                         check=True, capture_output=True, text=True, timeout=120)
    return out.stdout.strip()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    """Keeps every message the mail server accepted; slow enough that a batch takes a while."""

    def __init__(self, delay):
        self.delay = delay
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        import asyncio
        await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            self.messages.append((message["Message-ID"], envelope.rcpt_tos[0], message))
        return "250 OK"

    def ids(self):
        with self.lock:
            return [m[0] for m in self.messages]


@pytest.fixture(scope="module")
def seeded():
    """1,000 managers, one key account each, qualified two years ago and never reviewed."""
    demo = subprocess.run([env("KAM_BIN"), "demo", "--database", env("KAM_REMINDER_DB_URL"), "--scale", str(MANAGERS), "--per-account", "1"],
                          capture_output=True, text=True, timeout=600)
    assert demo.returncode == 0, demo.stderr[-2000:]
    two_years_ago = int((time.time() - 2 * 365 * 86400) * 1000)
    psql(f"""
        INSERT INTO users (username, display_name, email, role, locale, time_zone, active, password_hash, version, created_at, updated_at)
        SELECT 'remind' || g, '担当者 ' || g, 'remind' || g || '@example.com', 'key_account_manager',
               (ARRAY['ja', 'ko', 'zh', 'en'])[1 + g % 4], 'Asia/Tokyo', 1, 'not-a-hash', 1, 0, 0
        FROM generate_series(1, {MANAGERS}) g;
        WITH a AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM accounts),
             u AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM users WHERE username LIKE 'remind%')
        UPDATE accounts SET owner_id = u.id, status = 'qualified', created_at = {two_years_ago}
        FROM a JOIN u ON u.n = a.n WHERE accounts.id = a.id;
        DELETE FROM account_moves WHERE field = 'status';
    """)
    assert psql("SELECT count(*) FROM accounts WHERE status = 'qualified'") == str(MANAGERS)


def start(sink_port, name):
    port = free_port()
    log = open(ARTIFACTS / f"reminders-{name}.log", "w")
    process = subprocess.Popen([env("KAM_BIN"), "serve", "--database", env("KAM_REMINDER_DB_URL"), "--port", str(port),
                                "--smtp", f"smtp://127.0.0.1:{sink_port}", "--mail-from", "reminders@kam.example",
                                "--public-url", "https://kam.example", "--reminder-interval", "1", "--reminder-lease", "5"],
                               stdout=log, stderr=subprocess.STDOUT)
    return process


def wait_for(sink, count, timeout, processes):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if len(set(sink.ids())) >= count:
            return
        for p in processes:
            if p.poll() not in (None, -signal.SIGKILL):
                pytest.fail(f"a kam serve instance exited with {p.returncode}; see its log in {ARTIFACTS}")
        time.sleep(0.2)
    pytest.fail(f"only {len(set(sink.ids()))} of {count} digests arrived in {timeout} s")


def stop(processes):
    for p in processes:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def expected_ids():
    return set(psql("SELECT message_id FROM reminder_mails").splitlines())


def run_with(name, sink_delay, kill_after=None):
    sink = Sink(sink_delay)
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    processes = [start(controller.port, f"{name}-a"), start(controller.port, f"{name}-b")]
    try:
        if kill_after is not None:
            deadline = time.time() + 300
            while len(sink.ids()) < kill_after and time.time() < deadline:
                time.sleep(0.02)
            processes[0].send_signal(signal.SIGKILL)
            processes[0].wait()
        wait_for(sink, MANAGERS, 300, processes)
        # Time for any late duplicate to show up before counting.
        time.sleep(3)
        return sink
    finally:
        stop(processes)
        controller.stop()


def test_two_instances_send_each_digest_exactly_once(seeded):
    sink = run_with("both", sink_delay=0)
    ids = sink.ids()
    assert len(ids) == MANAGERS, f"{len(ids) - len(set(ids))} digests were sent more than once"
    assert set(ids) == expected_ids()
    assert psql("SELECT count(*) FROM reminder_mails WHERE sent_at IS NULL") == "0"
    # One digest per manager, to their own address, listing their five overdue reviews.
    assert sorted(m[1] for m in sink.messages) == sorted(f"remind{g}@example.com" for g in range(1, MANAGERS + 1))
    sample = next(m[2] for m in sink.messages if m[1] == "remind4@example.com")
    body = sample.get_payload(decode=True).decode("utf-8")
    # Their language (remind4's is Japanese), one line and link per overdue review.
    assert body.count("https://kam.example/accounts/") == 5 and body.count("期限超過") == 5, body


def test_an_instance_killed_mid_batch_loses_nothing_and_duplicates_keep_their_message_id(seeded):
    # The same digests again, from scratch: forget that they were sent.
    psql("UPDATE notifications SET mail_id = NULL; DELETE FROM reminder_mails;")
    sink = run_with("killed", sink_delay=0.02, kill_after=150)
    ids = sink.ids()
    expected = expected_ids()
    assert len(expected) == MANAGERS
    assert set(ids) == expected, "a digest was lost"
    duplicates = len(ids) - len(set(ids))
    # At most the killed instance's batch in flight (20) is sent twice, each under its own Message-ID.
    assert duplicates <= 20, f"{duplicates} duplicates"
    assert psql("SELECT count(*) FROM reminder_mails WHERE sent_at IS NULL") == "0"
    print(f"killed mid-batch: {len(ids)} messages for {len(expected)} digests ({duplicates} sent twice, same Message-ID)")
