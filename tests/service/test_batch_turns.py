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
from commitrules.service.http.routes.decisions import TURN_CASES
from tests.service.server import ROOT


def _cases(count: int) -> list[dict[str, Any]]:
    cases, errors = read_cases([ROOT / "examples" / "cases"])
    assert not errors
    plain = [item.case.model_dump(mode="json", exclude_none=True) for item in cases]
    return [plain[i % len(plain)] for i in range(count)]


async def _post(app: Any, path: str, body: bytes) -> tuple[int, bytes]:
    """One POST through the ASGI app; its status and body."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"as_of=2026-06-01",
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8080),
        "state": {},
        "app": app,
    }
    sent = False
    out: list[bytes] = []
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            out.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(out)


def test_other_requests_are_answered_between_a_batchs_turns() -> None:
    """While a batch of 10 turns is decided, single-case requests sent after it are answered before it ends."""
    cases = _cases(10 * TURN_CASES)
    app = create_app(ServiceConfig(no_log=True))
    finished: list[str] = []

    async def batch() -> None:
        status, body = await _post(app, "/v1/decisions:batch", json.dumps({"cases": cases}).encode())
        assert status == 200, body[:300]
        assert [item["status"] for item in json.loads(body)["results"]] == [200] * len(cases)
        finished.append("batch")

    async def single(i: int) -> None:
        status, body = await _post(app, "/v1/decisions", json.dumps(cases[i]).encode())
        assert status == 200, body[:300]
        finished.append(f"single {i}")

    async def run() -> None:
        async with app.router.lifespan_context(app):
            await _post(app, "/v1/decisions", json.dumps(cases[0]).encode())  # warm up
            task = asyncio.ensure_future(batch())
            await asyncio.sleep(0)  # the batch has started: its body is read, its first turn runs
            await asyncio.gather(task, *(single(i) for i in range(3)))

    asyncio.run(run())
    assert finished[-1] == "batch", finished
    assert sorted(finished[:-1]) == ["single 0", "single 1", "single 2"]
