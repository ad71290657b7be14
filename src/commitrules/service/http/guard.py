"""What every request passes through first: its id and language, the body limit, the timeout, the last resort.

:class:`GuardMiddleware` is plain ASGI (no per-request objects beyond a few closures) so that it costs
little on the hot path. It

- names the request (``X-Request-Id``: the caller's when it is a sane token, else a new one) and picks
  the language of its problems from ``Accept-Language``;
- refuses a body larger than the limit of its route before reading it (``Content-Length``), or as soon
  as the bytes read pass the limit (chunked bodies), with 413;
- gives a ``HEAD`` request to the routes as ``GET`` (uvicorn sends the head of the answer alone);
- answers 503 ``overloaded`` on a connection opened past ``--max-connections`` (the protocol,
  :mod:`~commitrules.service.http.protocol`, marks its requests with :data:`OVER_LIMIT`), and closes it;
- answers 503 ``timeout`` when the request takes longer than the configured time, body reading
  included (a client that trickles its body ties nothing up for long);
- answers 500 ``internal_error`` as a problem, without details, for anything that escaped the handlers.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any, Final

from starlette.requests import ClientDisconnect

from commitrules.messages import Text
from commitrules.service.http.problems import MEDIA_TYPE, Lang, ProblemError, negotiate_language, problem_body

if TYPE_CHECKING:
    from commitrules.service.http.config import ServiceConfig
    from commitrules.service.http.metrics import Metrics

__all__ = ["OVER_LIMIT", "GuardMiddleware", "new_request_id", "request_language"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_LOG = logging.getLogger("commitrules.service")
_SANE_ID: Final = re.compile(rb"^[A-Za-z0-9._:-]{1,128}$")
#: The ASGI scope's key (an extension's, as ASGI allows) of a request on a connection opened past
#: ``--max-connections``: the limit it was past.
OVER_LIMIT: Final = "commitrules.over_limit"


def request_language(scope: Scope) -> Lang:
    """The language chosen for this request's problems (``zh`` unless the guard chose otherwise)."""
    state = scope.get("state") or {}
    lang = state.get("lang", "zh")
    return "en" if lang == "en" else "zh"


class GuardMiddleware:
    """See the module's docstring."""

    def __init__(self, app: ASGIApp, *, config: ServiceConfig, metrics: Metrics) -> None:
        self.app = app
        self.config = config
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Guard one request (other ASGI events pass through)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id, lang, length = _read_headers(scope)
        state = scope.setdefault("state", {})
        state["request_id"], state["lang"] = request_id, lang
        batch = scope["path"].endswith(":batch")
        limit = self.config.max_batch_body_bytes if batch else self.config.max_body_bytes
        reply = _Reply(send, request_id)
        over_limit = scope.get(OVER_LIMIT)
        if over_limit is not None:
            problem = ProblemError(
                503,
                "overloaded",
                Text("problem.overloaded", limit=over_limit),
                headers={"Connection": "close", "Retry-After": "1"},
            )
            await self._answer(reply, scope, problem)
            return
        if length is not None and length > limit:
            problem = ProblemError(
                413,
                "too_large",
                Text("problem.too_large", length=length, limit=limit),
                headers={"Connection": "close"},
            )
            await self._answer(reply, scope, problem)
            return
        # HEAD is GET without the body (RFC 9110 9.3.2): the routes see GET, uvicorn leaves the body out
        inner = scope if scope["method"] != "HEAD" else {**scope, "method": "GET"}
        started_at = time.perf_counter()
        try:
            async with asyncio.timeout(self.config.timeout):
                await self.app(inner, _limited(receive, limit), reply.send)
            route = getattr(inner.get("route"), "path", "unmatched")
            self.metrics.request_done(route, scope["method"], time.perf_counter() - started_at)
        except TimeoutError:
            if not reply.started:
                await self._answer(
                    reply,
                    scope,
                    ProblemError(503, "timeout", Text("problem.timeout", seconds=f"{self.config.timeout:g}")),
                )
        except ClientDisconnect:  # the caller left while sending: nobody to answer, nothing failed here
            _LOG.debug("request %s: the client disconnected before its body was read", request_id)
        except Exception:  # noqa: BLE001 - the last resort: log it, answer a problem, keep serving
            _LOG.exception("request %s failed", request_id)
            if not reply.started:
                await self._answer(
                    reply,
                    scope,
                    ProblemError(
                        500,
                        "internal_error",
                        Text("problem.internal", request_id=request_id),
                    ),
                )

    async def _answer(self, reply: _Reply, scope: Scope, problem: ProblemError) -> None:
        self.metrics.problem(problem.code)
        body = problem_body(problem, lang=request_language(scope), instance=scope["path"], request_id=reply.request_id)
        headers = [(b"content-type", MEDIA_TYPE.encode()), (b"content-length", str(len(body)).encode())]
        headers += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in problem.headers.items()]
        await reply.send({"type": "http.response.start", "status": problem.status, "headers": headers})
        await reply.send({"type": "http.response.body", "body": body})


class _Reply:
    """The response side of one request: adds ``X-Request-Id`` and remembers whether it has started."""

    def __init__(self, send: Send, request_id: str) -> None:
        self._send = send
        self.request_id = request_id
        self._header = (b"x-request-id", request_id.encode("ascii"))
        self.started = False

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
            message["headers"] = [*message.get("headers", []), self._header]
        await self._send(message)


def _limited(receive: Receive, limit: int) -> Receive:
    """``receive`` that raises a 413 problem as soon as the body read passes ``limit`` bytes."""
    received = 0

    async def limited_receive() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise ProblemError(
                    413,
                    "too_large",
                    Text("problem.too_large_chunked", limit=limit),
                    headers={"Connection": "close"},
                )
        return message

    return limited_receive


def _read_headers(scope: Scope) -> tuple[str, Lang, int | None]:
    request_id: str | None = None
    accept_language: str | None = None
    length: int | None = None
    for name, value in scope["headers"]:
        if name == b"x-request-id" and _SANE_ID.match(value):
            request_id = value.decode("ascii")
        elif name == b"accept-language":
            accept_language = value.decode("latin-1")
        elif name == b"content-length":
            try:
                length = int(value)
            except ValueError:
                length = None
    return request_id or new_request_id(), negotiate_language(accept_language), length


# A request id is this process's random prefix and a counter: unique, and without a system call per
# request (os.urandom for a uuid4 cost more than the rest of the guard under load).
_PREFIX: Final = uuid.uuid4().hex[:16]
_COUNTER = itertools.count(1)


def new_request_id() -> str:
    """A new request id (also for the answers uvicorn's protocol gives, :mod:`~commitrules.service.http.protocol`)."""
    return f"{_PREFIX}{next(_COUNTER):016x}"
