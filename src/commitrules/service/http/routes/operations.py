"""Operating the service: ``/healthz``, ``/readyz``, ``/metrics`` and ``POST /v1/admin/reload``."""

from __future__ import annotations

import os
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from commitrules.errors import CaseError
from commitrules.messages import Text
from commitrules.service.http.metrics import CONTENT_TYPE
from commitrules.service.http.problems import ProblemError
from commitrules.service.http.reloading import ReloadFailure, reload_failure, reload_pack, shared_failure
from commitrules.service.http.routes._docs import problem_responses
from commitrules.service.http.routes.pack import PackInfo, pack_info
from commitrules.service.http.state import AdminCaller, Language, Service, ServiceState

__all__ = ["Readiness", "ReloadFailure", "reload_failure", "router"]

router = APIRouter(tags=["operations"])


class Health(BaseModel):
    """The process is up."""

    status: str = "ok"


class Readiness(BaseModel):
    """A pack is loaded (and the log can be written): the service can decide."""

    status: str = Field(description="'ready'")
    pack: PackInfo
    log: bool = Field(description="Whether decisions are recorded in a decision log")
    last_reload_error: ReloadFailure | None = None
    pid: int = Field(description="The process id of the worker that answered (each of several workers has its own)")


@router.get("/healthz", summary="The process is alive", response_model=Health)
def healthz() -> Health:
    """Always 200 while the process answers."""
    return Health()


@router.get(
    "/readyz",
    summary="A pack is loaded and decisions can be recorded",
    response_model=Readiness,
    responses=problem_responses(503),
)
def readyz(request: Request, service: Service, lang: Language) -> JSONResponse:
    """200 with the pack in use and the last reload failure, if any; 503 when decisions cannot be recorded.

    Not ready: the log writer has stopped, or a durable write failed in the last ten seconds. The
    reload failure is worded in the request's language (``Accept-Language``), as problems are. Its
    diagnostics (paths and text of the pack's files) go only to a caller who may reload the pack: the
    ``admin`` role (or anyone when tokens are off, on loopback); others, who need no token here, read
    that a reload failed.
    """
    holder = service.holder
    error = holder.last_error
    details = _may_reload(service, request)
    if error is not None:
        failure: ReloadFailure | None = reload_failure(error, lang, details=details)
    elif service.publication is not None:  # another worker's failed reload of the pack this one serves
        failure = shared_failure(service.publication, holder.generation, lang, details=details)
    else:
        failure = None
    if service.recorder is not None and not service.recorder.alive:
        raise ProblemError(
            503,
            "log_unavailable",
            Text("problem.writer_stopped"),
            [CaseError.of("log", Text("problem.item.writer_stopped"))],
        )
    failing = service.recorder.failing() if service.recorder is not None else None
    if failing is not None:
        raise ProblemError(
            503,
            "log_unavailable",
            Text("problem.write_failed"),
            [CaseError("log", failing)],
        )
    body = Readiness(
        status="ready",
        pack=pack_info(holder.pack, holder.generation),
        log=service.log is not None,
        last_reload_error=failure,
        pid=os.getpid(),
    )
    vary = {"Vary": "Accept-Language, Authorization"}  # the details depend on the caller's token
    return JSONResponse(body.model_dump(mode="json", by_alias=True), headers=vary)


def _may_reload(service: ServiceState, request: Request) -> bool:
    """Whether the caller holds ``admin``; no token or a wrong one is no error on this open path, only no."""
    try:
        principal = service.authenticate(request.headers.getlist("authorization"))
    except ProblemError:
        return False
    return "admin" in principal.roles


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE: {"schema": {"type": "string"}}}}},
)
def metrics(service: Service) -> Response:
    """Decisions by kind, outcome and engine; latencies; log writes; reloads; problems."""
    return Response(service.metrics.render(), media_type=CONTENT_TYPE)


@router.post(
    "/v1/admin/reload",
    summary="Reload the pack from its folder",
    response_model=PackInfo,
    responses=problem_responses(401, 403, 422),
)
async def reload(
    request: Request,
    service: Service,
    _caller: AdminCaller,
) -> Any:
    """Load, check and compile the pack's folder again and swap it in atomically.

    On failure the previous pack keeps serving and the answer is 422 ``reload_failed`` with every
    diagnostic (``path`` is ``file:line:column``).
    """
    del request
    await run_in_threadpool(reload_pack, service)
    holder = service.holder
    return JSONResponse(pack_info(holder.pack, holder.generation).model_dump(mode="json", by_alias=True))
