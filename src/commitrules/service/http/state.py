"""What routers share: the service state on ``app.state.service`` and the FastAPI dependencies to reach it.

A router (the service's own, or the pages mounted beside it) asks for what it needs as dependencies::

    from commitrules.service.http.state import AuthorCaller, Service

    @router.get("/v1/something")
    def something(service: Service, caller: AuthorCaller) -> ...:
        pack = service.holder.pack      # read once: the whole request uses this one pack

``service.holder`` is the :class:`~commitrules.PackHolder` (atomic reloads), ``service.log`` the decision
log (None when the service keeps none), ``service.metrics`` the Prometheus metrics.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Final

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from commitrules.messages import Text
from commitrules.service.http.auth import ROLES, Principal
from commitrules.service.http.guard import request_language
from commitrules.service.http.problems import Lang, ProblemError
from commitrules.service.log.decision_text import DecisionTexts

if TYPE_CHECKING:
    from commitrules import PackHolder
    from commitrules.policy.pack import PolicyPack
    from commitrules.service.http.config import ServiceConfig
    from commitrules.service.http.metrics import Metrics
    from commitrules.service.http.publication import Publication
    from commitrules.service.http.recorder import Recorder

__all__ = [
    "AdminCaller",
    "AuthorCaller",
    "EvaluateCaller",
    "Language",
    "ReadLogCaller",
    "Service",
    "ServiceState",
    "freeze_heap",
    "get_lang",
    "get_service",
    "require",
]

_EVERYONE = Principal(None, frozenset(ROLES))
_LOG = logging.getLogger("commitrules.service")


#: Container objects allocated (less those freed) before the collector looks at the youngest ones: a
#: server's setting (Python's default is 700), applied by :func:`freeze_heap`.
YOUNG_OBJECTS: Final = 20_000


def freeze_heap(*, thaw: bool = False) -> None:
    """Move every object alive now out of the cyclic garbage collector's reach (``gc.freeze``).

    A loaded pack is some hundred thousand long-lived objects; without this, each full collection
    (triggered by allocations, every few seconds under load) walks all of them: about 100 ms during
    which no request is served, the longest latencies of the service. Frozen objects are never
    collected, so after a reload (``thaw=True``) the frozen ones are first given back and collected,
    which frees the old pack, and what lives then is frozen again (one pause per reload).

    The youngest generation is collected after :data:`YOUNG_OBJECTS` allocations rather than 700. A
    batch of 100 cases keeps some thousands of objects alive until it is answered (the cases, typed
    cases, decisions, texts), and with 700 the collector walked them over and over while the batch was
    made: about 250 young and 25 middle collections per 6,000 cases, 5-9 µs of processor time per case
    of a batch (a tenth of all of it), where ``evaluate --jsonl``, whose objects die line by line, pays
    next to nothing. Nearly everything the service allocates is freed by reference counting, so the
    higher mark costs no memory to speak of; one young collection walks at most some 20,000 objects
    (a few milliseconds, rarely). A threshold already higher, or 0 (the collector off), is kept.
    """
    if thaw:
        gc.unfreeze()
    gc.collect()
    gc.freeze()
    young, *older = gc.get_threshold()
    if 0 < young < YOUNG_OBJECTS:
        gc.set_threshold(YOUNG_OBJECTS, *older)


@dataclass
class ServiceState:
    """The running service: configuration, the pack holder, the log and its writer, the metrics."""

    config: ServiceConfig
    holder: PackHolder
    metrics: Metrics
    log: Any = None
    recorder: Recorder | None = None
    #: The folder several workers share their reloads through (None: one worker); see ``publication``.
    publication: Publication | None = None
    #: Whether request bodies and the decision routes take their quick ways (``COMMITRULES_SERVICE_CAREFUL``
    #: unset): see :mod:`commitrules.service.http.lane` and :func:`~commitrules.service.http.jsonbody.quick_json`.
    quick: bool = True
    started: float = field(default_factory=time.time)
    #: Writes the decisions' canonical JSON: the text the decision routes answer with and the log records.
    texts: DecisionTexts = field(default_factory=DecisionTexts)

    def follow_publication(self) -> None:
        """Install the pack another worker published, if it is newer than this worker's (blocking).

        A publication that cannot be read leaves this worker's pack serving; it is counted as a failed
        reload and tried again a second later (by the next request after that).
        """
        if self.publication is None:
            return
        try:
            pack = self.publication.follow(self.holder)
        except Exception:  # noqa: BLE001 - the worker keeps deciding with the pack it has
            self.metrics.reloads.labels("failed").inc()
            _LOG.warning("could not install the pack another worker published", exc_info=True)
            return
        if pack is not None:
            freeze_heap(thaw=True)
            self.metrics.set_pack(pack.name, pack.version, pack.digest, self.holder.generation)

    def current_pack(self) -> PolicyPack:
        """The pack in use, after following a newer published one (for code that does not use the dependency)."""
        if self.publication is not None and self.publication.changed():
            self.follow_publication()
        return self.holder.pack

    def authenticate(self, authorization: str | list[str] | None) -> Principal:
        """The caller of a request with this ``Authorization`` header (every line of it, as a list).

        Raises:
            ProblemError: 401 when tokens are configured and the header has none that is valid; 400 when
                it is sent more than once (the first line was read: a valid token there admitted the
                request whatever the others said, which a proxy in front may have read instead).
        """
        table = self.config.token_table
        if not table:
            return _EVERYONE
        if isinstance(authorization, list):
            if len(authorization) > 1:
                said = Text("problem.header_twice", header="Authorization", count=len(authorization))
                raise ProblemError(400, "invalid_request", said)
            authorization = authorization[0] if authorization else None
        challenge = {"WWW-Authenticate": 'Bearer realm="commitrules"'}
        if not authorization:
            raise ProblemError(
                401,
                "unauthorized",
                Text("problem.token_needed"),
                headers=challenge,
            )
        scheme, _, secret = authorization.partition(" ")
        principal = table.authenticate(secret.strip()) if scheme.lower() == "bearer" and secret.strip() else None
        if principal is None:
            raise ProblemError(
                401,
                "unauthorized",
                Text("problem.token_invalid"),
                headers={"WWW-Authenticate": 'Bearer realm="commitrules", error="invalid_token"'},
            )
        return principal


async def get_service(request: Request) -> ServiceState:
    """The service state of the app that received ``request``, following a pack another worker published.

    Every route that reads the pack asks for the service through this dependency, so with several
    workers a request is decided by the newest published pack (see
    :mod:`commitrules.service.http.publication`).
    """
    service: ServiceState = request.app.state.service
    if service.publication is not None and service.publication.changed():
        await run_in_threadpool(service.follow_publication)
    return service


async def get_lang(request: Request) -> Lang:
    """The language of this request's messages (``Accept-Language``: zh or en)."""
    return request_language(request.scope)


def require(role: str) -> Callable[[Request], Awaitable[Principal]]:
    """A dependency that admits a caller holding ``role`` and returns it (401/403 problems otherwise)."""
    if role not in ROLES:
        raise ValueError(f"unknown role '{role}'")

    # async: FastAPI runs a plain function dependency in a thread, two thread hops per request for nothing
    async def dependency(request: Request) -> Principal:
        service: ServiceState = request.app.state.service
        principal = service.authenticate(request.headers.getlist("authorization"))
        if role not in principal.roles:
            raise ProblemError(403, "forbidden", Text("problem.role_missing", name=principal.name, role=role))
        request.state.caller = principal.name
        return principal

    dependency.__name__ = f"require_{role.replace('-', '_')}"
    return dependency


#: Parameter types for routes: ``service: Service``, ``lang: Language``, ``caller: EvaluateCaller``.
Service = Annotated[ServiceState, Depends(get_service)]
Language = Annotated[Lang, Depends(get_lang)]
EvaluateCaller = Annotated[Principal, Depends(require("evaluate"))]
ReadLogCaller = Annotated[Principal, Depends(require("read-log"))]
AdminCaller = Annotated[Principal, Depends(require("admin"))]
AuthorCaller = Annotated[Principal, Depends(require("author"))]
