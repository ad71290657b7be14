"""The ASGI application of ``commitrules serve``: :func:`create_app` builds it from a :class:`ServiceConfig`.

FastAPI on uvicorn: the case and decision models are pydantic already, so the OpenAPI 3.1 document is
generated from the very models the library validates with. The app is assembled here, in one place:

1. the pack is loaded into a :class:`~commitrules.PackHolder` (an invalid pack stops the start);
2. the decision log is opened and its group-commit writer started (unless ``no_log``);
3. :class:`~commitrules.service.http.state.ServiceState` goes on ``app.state.service``, where routers
   reach it through the dependencies of :mod:`commitrules.service.http.state`;
4. the routers are included by :func:`include_routers` (pages mount theirs there);
5. every error becomes a problem document; the guard adds request ids, body limits and the timeout;
6. inside the guard, the decision routes' lane (:mod:`commitrules.service.http.lane`) answers
   ``POST /v1/decisions`` and ``:batch`` without FastAPI's routing;
7. once started, everything alive is frozen out of the garbage collector's reach (:func:`freeze_heap`).

Examples:
    >>> from commitrules.service.http import ServiceConfig, create_app
    >>> app = create_app(ServiceConfig(no_log=True))
    >>> sorted(path for path in app.openapi()["paths"] if path.startswith("/v1/decisions"))
    ['/v1/decisions', '/v1/decisions/{decision_id}', '/v1/decisions/{decision_id}/proof', '/v1/decisions:batch']
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import Depends, FastAPI

from commitrules import PackHolder, __version__
from commitrules.messages import Text, database_said, reworded
from commitrules.service.http.config import CONFIG_ENV, ConfigError, ServiceConfig, redacted_url
from commitrules.service.http.cores import CoresError, claim_core, pin_process
from commitrules.service.http.guard import GuardMiddleware
from commitrules.service.http.handlers import install_handlers
from commitrules.service.http.lane import DecisionLane, quick_ways
from commitrules.service.http.metrics import Metrics
from commitrules.service.http.openapi import install_openapi
from commitrules.service.http.params import once_each
from commitrules.service.http.publication import SHARED_ENV, Publication
from commitrules.service.http.recorder import Recorder
from commitrules.service.http.reloading import FolderWatcher
from commitrules.service.http.routes import decisions, log, operations, pack
from commitrules.service.http.state import ServiceState, freeze_heap

if TYPE_CHECKING:
    from commitrules.policy.pack import PolicyPack

__all__ = ["app_from_environment", "create_app", "include_routers", "open_log"]

_LOG = logging.getLogger("commitrules.service")

DESCRIPTION = """Decisions of the notification-and-commitment system (证明事项告知承诺制) over HTTP.

Every error is an RFC 9457 problem document (`application/problem+json`) with the library's code,
JSON paths and messages, in Chinese or English by `Accept-Language`. Every decision is recorded in the
tamper-evident decision log before it is answered. See docs/service.md.
"""


def include_routers(app: FastAPI) -> None:
    """Every router of the service, in one place (pages add theirs here)."""
    app.include_router(decisions.router)
    app.include_router(pack.router)
    app.include_router(operations.router)
    app.include_router(log.router)
    from commitrules.service.pages.service import include_pages  # noqa: PLC0415 - the pages import this module's package

    include_pages(app)


def open_log(config: ServiceConfig) -> Any:
    """The decision log of ``config``, or None when the service keeps none."""
    if not config.log_enabled:
        return None
    from commitrules.service.log import DecisionLog  # noqa: PLC0415 - only a service with a log needs its drivers
    from commitrules.service.log.schema import LogSchemaError, LogUrlError  # noqa: PLC0415

    try:
        return DecisionLog.open(
            str(config.log_url),
            signing_key=config.signing_key,
            redact_personal=config.redact_personal,
            salt=config.salt,
            head_interval=config.head_interval or None,
        )
    except Exception as exc:  # a wrong URL, an unreachable database, an unreadable key: say which, stop
        detail: Text | str = (
            exc.text
            if isinstance(exc, LogUrlError | LogSchemaError)
            else reworded(str(exc), "logerr.")  # the log's own words (a key it cannot read), in any language
            or _foreign_words(exc)
        )
        raise ConfigError(Text("serveerr.log", url=redacted_url(config.log_url), detail=detail)) from exc


def _foreign_words(exc: Exception) -> Text | str:
    """Another library's words for why the log did not open; a database's explained first (``dberr.*``)."""
    from sqlalchemy.exc import DBAPIError  # noqa: PLC0415 - installed with the log
    from sqlalchemy.exc import TimeoutError as PoolTimeoutError  # noqa: PLC0415

    said = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    if isinstance(exc, DBAPIError | PoolTimeoutError):
        return database_said(str(getattr(exc, "orig", None) or exc), shown=said)
    return said


def _first_published(publication: Publication) -> tuple[PolicyPack, int] | None:
    """The pack ``serve``'s parent published for its workers to start with; None: compile the folder instead."""
    try:
        return publication.first()
    except (OSError, pickle.UnpicklingError, ValueError):  # the parent's own folder, unreadable: say so, go on
        _LOG.warning("the pack published for the workers could not be read; the folder is compiled", exc_info=True)
        return None


def create_app(config: ServiceConfig, *, shared: Path | None = None) -> FastAPI:
    """The service's app for ``config`` (validated: tokens loaded, exposure checked).

    ``shared`` is the folder the workers of one ``serve --workers N`` publish reloaded packs through
    (:mod:`commitrules.service.http.publication`); None for a single process.

    Raises:
        PolicyError: the pack does not load (nothing to serve).
        ConfigError: the configuration cannot be served (see :meth:`ServiceConfig.validated`), or the
            decision log cannot be opened.
    """
    config = config.validated()
    publication = Publication(shared) if shared is not None else None
    first = _first_published(publication) if publication is not None else None
    if first is not None:  # a worker of several: the pack the parent checked, whatever the folder holds now
        holder = PackHolder(first[0], path=config.policies)
        holder.install(first[0], generation=first[1])
    else:
        holder = PackHolder.load(config.policies)
    metrics = Metrics()
    metrics.set_pack(holder.pack.name, holder.pack.version, holder.pack.digest, holder.generation)
    decision_log = open_log(config)
    recorder = Recorder(decision_log, metrics, config.commit_delay) if decision_log is not None else None
    service = ServiceState(
        config=config,
        holder=holder,
        metrics=metrics,
        log=decision_log,
        recorder=recorder,
        publication=publication,
        quick=quick_ways(),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        watcher = None
        if config.watch and holder.path is not None:
            watcher = FolderWatcher(service, Path(holder.path), config.watch_interval)
            watcher.start()
        freeze_heap()
        try:
            yield
        finally:
            if watcher is not None:
                watcher.stop()
            if recorder is not None:
                recorder.close()
            if decision_log is not None:
                decision_log.close()
            metrics.process_stopped()

    app = FastAPI(
        title="commitrules",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        # --root-path goes to uvicorn alone (serve's options), which sets each request's scope["root_path"]:
        # FastAPI's own root_path only set the same again, and FastAPI deprecates it (a warning at every start).
        # /docs is the documentation site (the pages); FastAPI's Swagger UI would load its scripts from a
        # CDN, which an intranet cannot reach. The OpenAPI document stays at /openapi.json.
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(once_each)],  # a parameter of the route given twice is refused, on every route
        # /v1/pack/ is not /v1/pack: a 404 problem, not a 307 to a URL built from the request's Host header
        # (Host: evil.example gave Location: http://evil.example/v1/pack), a path no document names.
        redirect_slashes=False,
    )
    app.state.service = service
    install_handlers(app)
    include_routers(app)
    install_openapi(app)
    app.add_middleware(DecisionLane)  # added first: it runs inside the guard
    app.add_middleware(GuardMiddleware, config=config, metrics=metrics)
    return app


def app_from_environment() -> FastAPI:
    """A worker's app: the parent put the resolved configuration and the shared folder in the environment.

    With ``--cpu-affinity``, the worker claims its core first (:func:`~commitrules.service.http.cores.claim_core`).
    """
    shared = os.environ.get(SHARED_ENV)
    config = ServiceConfig.from_json(os.environ[CONFIG_ENV])
    cores = config.cores()
    claim = claim_core(Path(shared), cores, config.workers) if cores and shared else None
    if claim is not None:
        try:
            pin_process(claim.core)
        except CoresError as exc:  # checked by the parent: the cores changed since (a cpuset); serve unpinned
            _LOG.warning("%s", exc.said("--cpu-affinity", config.cpu_affinity).in_("en"))
            claim.close()
            claim = None
    app = create_app(config, shared=Path(shared) if shared else None)
    app.state.core_claim = claim  # held as long as the app: the worker's life
    return app
