"""A crash under load loses no acknowledged decision and leaves a log that verifies."""

from __future__ import annotations

import contextlib
import json
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from commitrules.service.log import DecisionLog
from tests.service.server import ServiceProcess

#: Every test here starts `commitrules serve` (or another process): the fast session leaves them out.
pytestmark = pytest.mark.slow

CASES = [
    {"kind": "credit_site", "content": {"items": ["dishonesty_info"]}},
    {"kind": "credit_site", "content": {"items": []}},
]
CLIENTS = 6
ACKNOWLEDGED_BEFORE_KILL = 300


def load(url: str, stop: threading.Event, acknowledged: dict[str, str], lock: threading.Lock, *, batch: bool) -> None:
    """Send requests until told to stop or the server is gone; keep each acknowledged id and decision."""
    with httpx.Client(base_url=url, timeout=10) as client:
        while not stop.is_set():
            try:
                if batch:
                    response = client.post("/v1/decisions:batch", json={"cases": CASES * 5})
                    pairs = (
                        [
                            (r["decision_id"], json.dumps(r["decision"], sort_keys=True))
                            for r in response.json()["results"]
                        ]
                        if response.status_code == 200
                        else []
                    )
                else:
                    response = client.post("/v1/decisions", json=CASES[0])
                    pairs = (
                        [(response.headers["x-decision-id"], json.dumps(response.json(), sort_keys=True))]
                        if response.status_code == 200
                        else []
                    )
            except (httpx.TransportError, ValueError):
                return  # the server is gone (killed mid-response): nothing was acknowledged by this request
            with lock:
                acknowledged.update(pairs)


def test_sigkill_under_load_loses_no_acknowledged_decision(tmp_path: Path):
    """SIGKILL during concurrent requests; after a restart the log verifies and holds every 200's decision."""
    _kill_under_load(tmp_path, ACKNOWLEDGED_BEFORE_KILL)


def test_sigkill_after_the_writer_checkpointed_loses_no_acknowledged_decision(tmp_path: Path):
    """The same once the writer has copied the WAL and started it over, checkpoints running at the kill."""
    _kill_under_load(tmp_path, 4000, wal_started_over=True)


def _wal_salt(database: Path) -> bytes:
    """The salt in the WAL's header (SQLite's file format: bytes 16-23), new each time the WAL starts over."""
    with database.with_name(database.name + "-wal").open("rb") as wal:
        return wal.read(24)[16:24]


def _kill_under_load(tmp_path: Path, before_kill: int, *, wal_started_over: bool = False) -> None:
    database = tmp_path / "decisions.db"
    url_arg = ("--log-url", f"sqlite:///{database}")
    server = ServiceProcess(tmp_path, *url_arg).start()
    acknowledged: dict[str, str] = {}
    lock = threading.Lock()
    stop = threading.Event()
    threads = [
        threading.Thread(target=load, args=(server.url, stop, acknowledged, lock), kwargs={"batch": i % 2 == 0})
        for i in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 120
    while not acknowledged and time.monotonic() < deadline:
        time.sleep(0.01)
    first_salt = _wal_salt(database)
    while len(acknowledged) < before_kill and time.monotonic() < deadline:
        time.sleep(0.05)
    if wal_started_over:
        assert first_salt != _wal_salt(database)  # checkpoints ran and the WAL started over under load
    assert -signal.SIGKILL == server.stop(signal.SIGKILL)  # requests are in flight when it dies
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert len(acknowledged) >= before_kill

    verified = subprocess.run(
        [sys.executable, "-m", "commitrules.cli", "log", "verify", *url_arg],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 0 == verified.returncode, verified.stdout + verified.stderr
    with DecisionLog.open(f"sqlite:///{database}") as log:
        missing = []
        for decision_id, decision in acknowledged.items():
            record = log.get(decision_id)
            if record is None:
                missing.append(decision_id)
            else:
                assert decision == json.dumps(record.decision_data(), sort_keys=True)
        assert [] == missing

    with ServiceProcess(tmp_path, *url_arg) as restarted:  # the restarted service appends after the crash
        response = httpx.post(restarted.url + "/v1/decisions", json=CASES[1])
        assert 200 == response.status_code
        new_id = response.headers["x-decision-id"]
    verified = subprocess.run(
        [sys.executable, "-m", "commitrules.cli", "log", "verify", *url_arg],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 0 == verified.returncode, verified.stdout + verified.stderr
    with DecisionLog.open(f"sqlite:///{database}") as log:
        assert log.get(new_id) is not None
        assert len(acknowledged) + 1 <= log.size()


def _count(database: Path) -> int:
    with contextlib.closing(sqlite3.connect(database)) as connection:
        return int(connection.execute("SELECT count(*) FROM log_records").fetchone()[0])


@pytest.mark.parametrize("batch", [False, True], ids=["one case", "batch"])
def test_a_request_past_its_timeout_while_its_decisions_are_written_is_answered_as_written(
    tmp_path: Path, *, batch: bool
) -> None:
    """The log is locked by another process while a request waits to write, until past ``--timeout``: the
    answer is the write's outcome (its ids), never a 503 timeout for decisions the log then holds."""
    database = tmp_path / "decisions.db"
    with ServiceProcess(tmp_path, "--log-url", f"sqlite:///{database}", "--timeout", "1") as server:
        path, body = ("/v1/decisions:batch", {"cases": CASES}) if batch else ("/v1/decisions", CASES[0])
        assert 200 == httpx.post(server.url + path, json=body, timeout=30).status_code  # the log exists
        before = _count(database)
        answers: list[httpx.Response] = []
        with contextlib.closing(sqlite3.connect(database, isolation_level=None, timeout=30)) as locker:
            locker.execute("BEGIN EXCLUSIVE")
            sender = threading.Thread(
                target=lambda: answers.append(httpx.post(server.url + path, json=body, timeout=60))
            )
            sender.start()
            time.sleep(3)  # past the request's timeout, its write waiting for the lock
            locker.execute("COMMIT")
        sender.join(timeout=60)
        (answer,) = answers
        # one more write, queued after that request's: when it is answered, that one is done too
        assert 200 == httpx.post(server.url + "/v1/decisions", json=CASES[1], timeout=60).status_code
        written = _count(database) - before - 1
    assert (200, len(CASES) if batch else 1) == (answer.status_code, written), answer.text[:300]
