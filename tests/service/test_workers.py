"""Several worker processes share one log; a defect inside a request is a 500 problem, never a traceback."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from commitrules.service.http import ServiceConfig, create_app
from commitrules.service.log import DecisionLog
from tests.service.server import ServiceProcess

#: Every test here starts `commitrules serve` (or another process): the fast session leaves them out.
pytestmark = pytest.mark.slow

CASE = {"kind": "credit_site", "content": {"items": ["dishonesty_info"]}}


def test_two_workers_write_one_log(tmp_path: Path):
    """--workers 2: every worker builds its app from the parent's configuration; one chain in the log."""
    database = tmp_path / "decisions.db"
    with ServiceProcess(tmp_path, "--workers", "2", "--log-url", f"sqlite:///{database}") as server:

        def decide(_: int) -> str:
            with httpx.Client(base_url=server.url, timeout=30) as client:
                response = client.post("/v1/decisions", json=CASE)
                assert 200 == response.status_code
                return response.headers["x-decision-id"]

        with ThreadPoolExecutor(8) as pool:
            ids = list(pool.map(decide, range(60)))
    assert 60 == len(set(ids))
    verified = subprocess.run(
        [sys.executable, "-m", "commitrules.cli", "log", "verify", "--log-url", f"sqlite:///{database}"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 0 == verified.returncode, verified.stdout + verified.stderr
    with DecisionLog.open(f"sqlite:///{database}") as log:
        assert all(log.get(decision_id) is not None for decision_id in ids)


def test_a_defect_is_a_500_problem_without_details():
    """An exception inside a route becomes 500 internal_error as a problem naming the request id only."""
    app = create_app(ServiceConfig(no_log=True))

    async def boom() -> None:
        raise RuntimeError("secret internals")

    app.add_api_route("/boom", boom)

    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            return await client.get("/boom", headers={"Accept-Language": "en"})

    response = asyncio.run(call())
    assert 500 == response.status_code
    assert "application/problem+json" == response.headers["content-type"]
    body = response.json()
    assert ("internal_error", "Internal error") == (body["code"], body["title"])
    assert response.headers["x-request-id"] in body["detail"]
    assert "secret internals" not in response.text
