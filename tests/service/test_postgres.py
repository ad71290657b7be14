"""The service on a real PostgreSQL log (pgserver): several workers, one chain; a failing log refuses decisions."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import sqlalchemy

from commitrules.service.log import DecisionLog
from tests.fixtures.postgres import postgresql_server, postgresql_url  # noqa: F401 - pytest fixtures
from tests.service.server import ServiceProcess

#: Every test here starts `commitrules serve` (or another process): the fast session leaves them out.
pytestmark = pytest.mark.slow

CASE = {"kind": "credit_site", "content": {"items": ["dishonesty_info"]}}


def verify(url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "commitrules.cli", "log", "verify", "--log-url", url],
        capture_output=True,
        text=True,
        check=False,
    )


def test_two_workers_append_to_one_postgresql_log(tmp_path: Path, postgresql_url: str):  # noqa: F811
    """Two worker processes decide concurrently into one PostgreSQL log: it verifies and holds every decision."""
    with ServiceProcess(tmp_path, "--workers", "2", "--log-url", postgresql_url) as server:

        def decide(_: int) -> list[str]:
            with httpx.Client(base_url=server.url, timeout=60) as client:
                single = client.post("/v1/decisions", json=CASE)
                batch = client.post("/v1/decisions:batch", json={"cases": [CASE] * 5})
                assert (200, 200) == (single.status_code, batch.status_code)
                return [single.headers["x-decision-id"]] + [r["decision_id"] for r in batch.json()["results"]]

        with ThreadPoolExecutor(8) as pool:
            ids = [decision_id for group in pool.map(decide, range(40)) for decision_id in group]
    assert 240 == len(set(ids))
    result = verify(postgresql_url)
    assert 0 == result.returncode, result.stdout + result.stderr
    with DecisionLog.open(postgresql_url) as log:
        assert 240 == log.size()
        assert all(log.get(decision_id) is not None for decision_id in ids)


def test_a_log_that_cannot_be_written_refuses_the_decision(tmp_path: Path, postgresql_url: str):  # noqa: F811
    """No record, no decision: 503 log_unavailable, /readyz says not ready; the next good write recovers."""
    database = sqlalchemy.create_engine(postgresql_url)
    with ServiceProcess(tmp_path, "--log-url", postgresql_url) as server:
        assert 200 == httpx.post(server.url + "/v1/decisions", json=CASE).status_code
        with database.begin() as conn:
            conn.exec_driver_sql("ALTER TABLE log_records RENAME TO log_records_away")
        refused = httpx.post(server.url + "/v1/decisions", json=CASE, timeout=60)
        assert 503 == refused.status_code
        assert "log_unavailable" == refused.json()["code"]
        assert "outcome" not in refused.text
        ready = httpx.get(server.url + "/readyz")
        assert 503 == ready.status_code
        assert "log_unavailable" == ready.json()["code"]
        with database.begin() as conn:
            conn.exec_driver_sql("ALTER TABLE log_records_away RENAME TO log_records")
        assert 200 == httpx.post(server.url + "/v1/decisions", json=CASE, timeout=60).status_code
        assert 200 == httpx.get(server.url + "/readyz").status_code
    database.dispose()
    result = verify(postgresql_url)
    assert 0 == result.returncode, result.stdout + result.stderr
    with DecisionLog.open(postgresql_url) as log:
        assert 2 == log.size()
