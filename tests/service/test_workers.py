"""Several worker processes share one log; a defect inside a request is a 500 problem, never a traceback."""

from __future__ import annotations

import asyncio
import shutil
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from commitrules.service.http import ServiceConfig, create_app
from commitrules.service.log import DecisionLog
from tests.service.server import ROOT, ServiceProcess, verify_log
from tests.service.test_reload import ADMIN, OUTCOME_OF, write_version

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
    verified = verify_log(database)
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


#: Fresh connections open at once (the kernel picks the worker that accepts each).
AT_ONCE = 8


def by_worker(server: ServiceProcess, workers: int, visit: Any, *, token: str | None = ADMIN) -> dict[int, Any]:
    """``visit(client, pid)`` on fresh connections until each of ``workers`` worker processes has answered.

    A keep-alive connection stays with the worker that accepted it: ``/readyz`` names that worker's pid,
    and whatever ``visit`` asks on the same connection is answered by the same worker. The client sends
    ``token`` (None: none). Connections are opened several at once: one at a time, an idle service lets
    the same worker accept each of them (the kernel wakes one waiting worker, often the same one).
    """
    seen: dict[int, Any] = {}
    claimed: set[int] = set()
    lock = threading.Lock()
    deadline = time.monotonic() + 120
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}

    def one(_: int) -> None:
        with httpx.Client(base_url=server.url, headers=headers, timeout=30) as client:
            ready = client.get("/readyz")
            assert 200 == ready.status_code, ready.text
            pid = ready.json()["pid"]
            with lock:
                if pid in claimed:
                    return
                claimed.add(pid)
            seen[pid] = visit(client, pid)

    with ThreadPoolExecutor(AT_ONCE) as pool:
        # until the deadline, not a number of tries: a worker still starting (the parent prints the start
        # line before its workers have loaded the pack) accepts nothing, and the other one takes them all
        while len(seen) < workers and time.monotonic() < deadline:
            list(pool.map(one, range(AT_ONCE)))
            time.sleep(0.05)
    assert workers == len(seen), f"only the workers {sorted(seen)} answered"
    return seen


def test_one_reload_call_reaches_every_worker(tmp_path: Path):
    """--workers 2: after one admin reload, each worker decides with the published pack, not the folder re-read.

    The folder is broken right after the call: a worker that read it again would fail to load and keep
    the old pack; every worker answers with the digest of the pack the reload published.
    """
    folder = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", folder)
    database = tmp_path / "decisions.db"
    env = {"COMMITRULES_TOKENS": f"ops:admin,evaluate:{ADMIN}"}
    args = ("--workers", "2", "--policies", str(folder), "--log-url", f"sqlite:///{database}")
    with ServiceProcess(tmp_path, *args, env=env) as server:

        def pack_of(client: httpx.Client, _pid: int) -> dict[str, Any]:
            return dict(client.get("/v1/pack").json())

        before = by_worker(server, 2, pack_of)
        assert {"0.1.0"} == {pack["version"] for pack in before.values()}

        write_version(folder, "0.2.0")
        reloaded = httpx.post(server.url + "/v1/admin/reload", headers={"Authorization": f"Bearer {ADMIN}"}, timeout=60)
        assert 200 == reloaded.status_code, reloaded.text
        published = reloaded.json()
        assert ("0.2.0", 2) == (published["version"], published["generation"])
        (folder / "credit_site.yaml").write_text("rules: [", encoding="utf-8")  # a worker re-reading fails

        def answers(client: httpx.Client, _pid: int) -> tuple[Any, ...]:
            ready = client.get("/readyz").json()
            decision = client.post("/v1/decisions", json=CASE).json()
            return (
                ready["pack"]["digest"],
                ready["pack"]["generation"],
                decision["policy"]["digest"],
                decision["outcome"],
            )

        after = by_worker(server, 2, answers)
    expected = (published["digest"], 2, published["digest"], OUTCOME_OF["0.2.0"])
    assert dict.fromkeys(after, expected) == after
    assert set(before) == set(after)  # the same two workers, none restarted
    with DecisionLog.open(f"sqlite:///{database}") as log:
        assert log.verify().ok
        assert 2 == len(log.search(pack_digest=published["digest"]))


def test_a_failed_reload_shows_in_every_workers_readiness(tmp_path: Path):
    """--workers 2: a reload call that fails reaches one worker; /readyz of each says so, until one succeeds.

    Only the worker the call reached knew of the failure: /readyz answered by the other one said nothing,
    although it serves the same pack and no reload of it succeeded.
    """
    folder = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", folder)
    env = {"COMMITRULES_TOKENS": f"ops:admin,evaluate:{ADMIN}"}
    with ServiceProcess(tmp_path, "--workers", "2", "--policies", str(folder), "--no-log", env=env) as server:
        rules = folder / "credit_site.yaml"
        rules.write_text(rules.read_text(encoding="utf-8") + "\noutcom: x\n", encoding="utf-8")
        admin = {"Authorization": f"Bearer {ADMIN}"}
        failed = httpx.post(server.url + "/v1/admin/reload", headers=admin, timeout=60)
        assert 422 == failed.status_code, failed.text

        def failure(client: httpx.Client, _pid: int) -> tuple[Any, ...]:
            answers = [client.get("/readyz", headers={"Accept-Language": lang}).json() for lang in ("en", "zh")]
            return tuple((a["pack"]["generation"], a["last_reload_error"]) for a in answers)

        told = by_worker(server, 2, failure)
        hidden = by_worker(server, 2, failure, token=None)
        assert set(told) == set(hidden)
        for pid in told:
            (generation, english), (_, chinese) = told[pid]
            assert 1 == generation
            assert "Unknown field 'outcom'" in english["message"], (pid, english)
            assert [e["path"] for e in english["errors"]] == [e["path"] for e in chinese["errors"]] != []
            assert "outcom" in chinese["message"]
            assert chinese["message"] != english["message"]
            (_, english), (_, chinese) = hidden[pid]
            assert ([], []) == (english["errors"], chinese["errors"])
            assert "credit_site" not in english["message"] + chinese["message"]
            assert "outcom" not in english["message"] + chinese["message"]

        shutil.copyfile(ROOT / "policies" / "credit_site.yaml", rules)
        write_version(folder, "0.2.0")
        reloaded = httpx.post(server.url + "/v1/admin/reload", headers=admin, timeout=60)
        assert 200 == reloaded.status_code, reloaded.text
        cleared = by_worker(server, 2, failure)
    assert {((2, None), (2, None))} == set(cleared.values())


def decisions_counted(text: str) -> float:
    """The sum of ``commitrules_decisions_total`` over its labels in a /metrics answer."""
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        if family.name == "commitrules_decisions"
        for sample in family.samples
        if sample.name == "commitrules_decisions_total"
    )


def test_metrics_sum_every_worker(tmp_path: Path):
    """--workers 2: /metrics from either worker counts the decisions both made (prometheus multiprocess mode)."""
    env = {"COMMITRULES_TOKENS": f"ops:admin,evaluate:{ADMIN}"}
    with ServiceProcess(tmp_path, "--workers", "2", "--no-log", env=env) as server:
        made: Counter[int] = Counter()

        def decide(client: httpx.Client, pid: int) -> int:
            count = 3 if not made else 5  # different counts: a sum that missed a worker shows
            for _ in range(count):
                assert 200 == client.post("/v1/decisions", json=CASE).status_code
            made[pid] += count
            return count

        by_worker(server, 2, decide)
        total = sum(made.values())

        def scrape(client: httpx.Client, _pid: int) -> str:
            return client.get("/metrics").text

        scrapes = by_worker(server, 2, scrape)
    assert {pid: float(total) for pid in scrapes} == {pid: decisions_counted(text) for pid, text in scrapes.items()}
    for text in scrapes.values():  # the pack gauge is per worker: both are shown, each with its pid
        pids = {
            int(sample.labels["pid"])
            for family in text_string_to_metric_families(text)
            if family.name == "commitrules_pack_info"
            for sample in family.samples
            if sample.value == 1
        }
        assert set(made) == pids
