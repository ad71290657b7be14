"""Operating the service: ``/healthz``, ``/readyz``, ``/metrics`` and ``POST /v1/admin/reload``."""

from __future__ import annotations

import os
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from commitrules.errors import CaseError, PolicyError
from commitrules.messages import Text, message
from commitrules.service.http.metrics import CONTENT_TYPE
from commitrules.service.http.problems import Lang, ProblemError, problem_item
from commitrules.service.http.reloading import error_items, reload_pack
from commitrules.service.http.routes._docs import problem_responses
from commitrules.service.http.routes.pack import PackInfo, pack_info
from commitrules.service.http.state import AdminCaller, Language, Service, ServiceState

__all__ = ["Readiness", "reload_failure", "router"]

router = APIRouter(tags=["operations"])


class Health(BaseModel):
    """The process is up."""

    status: str = "ok"


class ReloadFailure(BaseModel):
    """That the last reload failed (the previous pack kept serving), and why to the admin, in the request's language."""

    message: str = Field(
        description="The first diagnostic, as `commitrules check --lang` words it (admin); to other callers "
        "only that a reload failed and where to read why"
    )
    errors: list[dict[str, str]] = Field(
        description="Each diagnostic: 'path' (file:line:column) and 'message' (admin; empty for other callers)"
    )


def reload_failure(error: BaseException, lang: Lang, *, details: bool = True) -> ReloadFailure:
    """What ``/readyz`` says of the last failed reload, in ``lang`` (another library's error keeps its words).

    Without ``details`` (a caller who may not reload the pack): that it failed, and no path, name or
    text of a file; the diagnostics are the admin's (``/readyz`` with an admin token, the 422 of
    ``POST /v1/admin/reload``) and the server log's.
    """
    if not details:
        return ReloadFailure(message=message("problem.reload_hidden", lang), errors=[])
    words = error.render(lang) if isinstance(error, PolicyError) else str(error)
    items = (problem_item(e, lang) for e in error_items(error))
    return ReloadFailure(
        message=words.splitlines()[0][:300] if words else type(error).__name__,
        errors=[{"path": item["path"], "message": item["message"]} for item in items],
    )


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
    failure = reload_failure(error, lang, details=_may_reload(service, request)) if error is not None else None
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
