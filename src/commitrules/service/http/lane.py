"""The decision routes' lane: ``POST /v1/decisions`` and ``:batch`` answered without FastAPI's routing.

FastAPI's routing and dependency solving (matching the route, solving the service, the caller and
the query parameters) cost about as much processor time per request as reading and deciding a small
case. :class:`DecisionLane` sits inside the guard and answers the two decision routes itself, with
the very functions their FastAPI routes call (:func:`~commitrules.service.http.routes.decisions.decide_one`
and :func:`~commitrules.service.http.routes.decisions.decide_many`), so the responses are the same.

It takes a request only when it is certain to do what FastAPI would: a caller that the tokens admit
with the ``evaluate`` role, and query parameters it reads as FastAPI does (``as_of`` and ``engine``
at most once each, ``engine`` one of the engines, neither blank). Anything else (no token, a wrong
one, an unknown engine, a parameter given twice, another method) goes on to FastAPI, which words the
problem. The routes stay declared in FastAPI, so the OpenAPI document does not change.

``COMMITRULES_SERVICE_CAREFUL=1`` in the environment of ``serve`` turns the lane and the quick
reading of bodies off (:data:`CAREFUL_ENV`): every request then takes FastAPI's way and every body
``json.loads``; the tests compare the two.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import parse_qsl

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from commitrules.engine.evaluator import ENGINES, EngineName
from commitrules.service.http.handlers import problem_response
from commitrules.service.http.problems import ProblemError
from commitrules.service.http.routes.decisions import decide_many, decide_one

if TYPE_CHECKING:
    from starlette.responses import Response

    from commitrules.service.http.auth import Principal
    from commitrules.service.http.guard import ASGIApp, Receive, Scope, Send
    from commitrules.service.http.state import ServiceState

__all__ = ["CAREFUL_ENV", "DecisionLane", "quick_ways"]

#: Set (to anything but ``0``) in the environment of ``serve``: no lane, no quick reading of bodies.
CAREFUL_ENV: Final = "COMMITRULES_SERVICE_CAREFUL"

_Handler = Callable[["Request", "ServiceState", "Principal", "str | None", "EngineName | None"], Awaitable["Response"]]
#: The lane's routes: path, the handler, and what ``scope["route"]`` names (the metrics' route label).
_ROUTES: Final[dict[str, tuple[_Handler, Any]]] = {
    "/v1/decisions": (decide_one, SimpleNamespace(path="/v1/decisions")),
    "/v1/decisions:batch": (decide_many, SimpleNamespace(path="/v1/decisions:batch")),
}


def quick_ways() -> bool:
    """Whether this process takes the quick ways (the lane and quick bodies): not when :data:`CAREFUL_ENV` says so."""
    return os.environ.get(CAREFUL_ENV, "0") in ("", "0")


class DecisionLane:
    """See the module's docstring. ``app`` is FastAPI's side (everything the lane does not take)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer a decision request, or pass the request on."""
        route = _ROUTES.get(_route_path(scope)) if scope["type"] == "http" and scope["method"] == "POST" else None
        service: ServiceState | None = getattr(getattr(scope.get("app"), "state", None), "service", None)
        if route is None or service is None or not service.quick:
            await self.app(scope, receive, send)
            return
        caller = _caller(service, scope)
        params = _params(scope.get("query_string", b""))
        if caller is None or params is None:
            await self.app(scope, receive, send)
            return
        handler, named = route
        scope["route"] = named
        request = Request(scope, receive)
        try:
            if service.publication is not None and service.publication.changed():
                await run_in_threadpool(service.follow_publication)  # as the dependency ``get_service`` does
            scope["state"]["caller"] = caller.name  # as the dependency ``require`` does
            response = await handler(request, service, caller, *params)
        except ProblemError as exc:
            response = problem_response(request, exc)
        await response(scope, receive, send)


def _route_path(scope: Scope) -> str:
    """The path within the app (Starlette's rule: ``root_path`` taken off the front when it is there)."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root) and path != root and path[len(root)] == "/":
        return path[len(root) :]
    return path


def _caller(service: ServiceState, scope: Scope) -> Principal | None:
    """The caller when the tokens admit it with the ``evaluate`` role; None to let FastAPI answer."""
    authorization = [value.decode("latin-1") for name, value in scope["headers"] if name == b"authorization"]
    try:
        principal = service.authenticate(authorization)
    except ProblemError:
        return None
    return principal if "evaluate" in principal.roles else None


def _params(query: bytes) -> tuple[str | None, EngineName | None] | None:
    """``as_of`` and ``engine`` as FastAPI reads them; None where the lane is not certain to.

    A parameter given twice, declared or not, goes to FastAPI, which refuses it (``params.once_each``).
    """
    if not query:
        return None, None
    found: dict[str, str] = {}
    seen: set[str] = set()
    for key, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        if key in seen:
            return None
        seen.add(key)
        if key not in ("as_of", "engine"):
            continue  # FastAPI ignores parameters a route does not declare
        if not value:
            return None
        found[key] = value
    engine = found.get("engine")
    if engine is not None and engine not in ENGINES:
        return None
    return found.get("as_of"), engine
