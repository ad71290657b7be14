"""A request to the service's ASGI app in this process, without a socket: for benchmarks and tests.

It goes through everything a request over HTTP goes through once uvicorn has read it (the guard, the
lane, FastAPI's routes, the log's writer thread), and nothing of uvicorn itself.

Examples:
    >>> import asyncio, json
    >>> from commitrules.service.http import ServiceConfig, create_app
    >>> app = create_app(ServiceConfig(no_log=True))
    >>> case = {"kind": "credit_site", "content": {"items": []}}
    >>> async def ask():
    ...     async with app.router.lifespan_context(app):
    ...         return await post(app, "/v1/decisions", json.dumps(case).encode(), query=b"as_of=2020-01-01")
    >>> status, body = asyncio.run(ask())
    >>> (status, json.loads(body)["outcome"])
    (200, 'noncompliant')
"""

from __future__ import annotations

import asyncio
from typing import Any

__all__ = ["post"]


async def post(app: Any, path: str, body: bytes, *, query: bytes = b"") -> tuple[int, bytes]:
    """``POST path?query`` with a JSON ``body`` to the ASGI ``app`` (its lifespan started); the status and body."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query,
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
        if sent:  # the body was read: what a client that keeps its connection open sends next
            await asyncio.Event().wait()
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
