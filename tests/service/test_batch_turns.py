"""A batch decided by the compiled engine takes turns with the event loop's other work.

The compiled engine decides a batch on the event loop itself (no thread: a hand-over to a thread and
the threads' contention for the interpreter cost more than deciding), a few cases at a time
(:data:`~commitrules.service.http.routes.decisions.TURN_CASES`), so that the other requests of the
worker are read, decided and answered between its turns, as they were while a thread decided it.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from commitrules.io.case_files import read_cases
from commitrules.service.http import ServiceConfig, create_app
from commitrules.service.http.inprocess import post
from commitrules.service.http.routes.decisions import TURN_CASES
from tests.service.server import ROOT

QUERY = b"as_of=2026-06-01"


def _cases(count: int) -> list[dict[str, Any]]:
    cases, errors = read_cases([ROOT / "examples" / "cases"])
    assert not errors
    plain = [item.case.model_dump(mode="json", exclude_none=True) for item in cases]
    return [plain[i % len(plain)] for i in range(count)]


def test_other_requests_are_answered_between_a_batchs_turns() -> None:
    """While a batch of 10 turns is decided, single-case requests sent after it are answered before it ends."""
    cases = _cases(10 * TURN_CASES)
    app = create_app(ServiceConfig(no_log=True))
    finished: list[str] = []

    async def batch() -> None:
        status, body = await post(app, "/v1/decisions:batch", json.dumps({"cases": cases}).encode(), query=QUERY)
        assert status == 200, body[:300]
        assert [item["status"] for item in json.loads(body)["results"]] == [200] * len(cases)
        finished.append("batch")

    async def single(i: int) -> None:
        status, body = await post(app, "/v1/decisions", json.dumps(cases[i]).encode(), query=QUERY)
        assert status == 200, body[:300]
        finished.append(f"single {i}")

    async def run() -> None:
        async with app.router.lifespan_context(app):
            await post(app, "/v1/decisions", json.dumps(cases[0]).encode(), query=QUERY)  # warm up
            task = asyncio.ensure_future(batch())
            await asyncio.sleep(0)  # the batch has started: its body is read, its first turn runs
            await asyncio.gather(task, *(single(i) for i in range(3)))

    asyncio.run(run())
    assert finished[-1] == "batch", finished
    assert sorted(finished[:-1]) == ["single 0", "single 1", "single 2"]
