"""Exception handlers: whatever stops a request becomes a problem document (RFC 9457)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, cast

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.staticfiles import StaticFiles

from commitrules.errors import CaseError
from commitrules.messages import Text
from commitrules.model._case_errors import error_text
from commitrules.service.http.guard import request_language
from commitrules.service.http.problems import MEDIA_TYPE, ProblemError, problem_body

__all__ = ["install_handlers", "problem_response"]

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

_LOG = logging.getLogger("commitrules.service")
_HTTP_CODES = {
    400: "invalid_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
}
_FOUND_WIDTH = 80
#: Errors of a request's parameters or body model that the case catalogue's table has no words for:
#: pydantic's 'Field required' (a case says which field) and 'JSON decode error' (a case's JSON is read
#: by the service itself).
_VALIDATION_WORDS = {
    "missing": Text("problem.item.missing_parameter"),
    "json_invalid": Text("problem.item.not_json_body"),
}


def problem_response(request: Request, problem: ProblemError) -> Response:
    """The response answering ``request`` with ``problem`` (in the request's language, with its id)."""
    service = getattr(request.app.state, "service", None)
    if service is not None:
        service.metrics.problem(problem.code)
    state = request.scope.get("state") or {}
    body = problem_body(
        problem,
        lang=request_language(request.scope),
        instance=request.url.path,
        request_id=str(state.get("request_id", "")),
    )
    return Response(body, status_code=problem.status, media_type=MEDIA_TYPE, headers=dict(problem.headers))


async def _problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ProblemError)  # noqa: S101 - registered for this class only
    return problem_response(request, exc)


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)  # noqa: S101
    status = exc.status_code
    code = _HTTP_CODES.get(status, "internal_error" if status >= 500 else "invalid_request")
    detail: Text | str = str(exc.detail)
    if status == 400:  # FastAPI's 'There was an error parsing the body' (a body model's JSON it cannot read)
        code, detail = "invalid_json", Text("problem.body_unreadable")
    elif status == 404:
        detail = Text("problem.nothing_at", path=request.url.path)
    elif status == 405:
        detail = Text("problem.method", method=request.method, path=request.url.path)
    headers = dict(exc.headers or {})
    if status == 405:
        headers["Allow"] = _allowed_methods(request)
    return problem_response(request, ProblemError(status, code, detail, headers=headers))


def _allowed_methods(request: Request) -> str:
    """Every method of every route at this path (Starlette names only the first route's).

    A folder of files (``/static/pages``, ``/docs``) is a mount, which names no methods: its files answer
    GET and HEAD (StaticFiles says 405 to any other, and the answer's ``Allow`` was empty). The mount
    that refused the request has put its own prefix into the scope's ``root_path``: the routes are
    matched against the application's (``app_root_path``), or no route matched the path at all.
    """
    scope = dict(request.scope)
    scope["root_path"] = scope.get("app_root_path", scope.get("root_path", ""))
    methods: set[str] = set()
    pending = list(request.app.router.routes)
    while pending:  # included routers hold their routes in turn
        route = pending.pop()
        if route.matches(scope)[0] is Match.NONE:
            continue
        methods |= set(getattr(route, "methods", None) or ())
        if isinstance(getattr(route, "app", None), StaticFiles):
            methods |= {"GET", "HEAD"}
        # FastAPI keeps an included router as one route (its own routes on ``original_router``)
        inner = getattr(route, "original_router", route)
        pending.extend(getattr(inner, "routes", None) or ())
    return ", ".join(sorted(methods))


def _path(location: tuple[Any, ...] | list[Any]) -> str:
    head, *rest = location or ("$",)
    text = str(head)
    for part in rest:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


async def _validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)  # noqa: S101
    errors = []
    for error in exc.errors():
        ctx = error.get("ctx") or {}
        expected = str(ctx.get("expected", "")) if isinstance(ctx, dict) else ""
        # pydantic says the values allowed as "'a', 'b' or 'c'": the catalogue's list says it in each language.
        choices = Text("case.one_of", values=expected.replace(" or ", ", ")) if expected else None
        errors.append(
            CaseError(
                _path(error.get("loc", ())),
                str(error.get("msg", "")),
                expected,
                repr(error.get("input"))[:_FOUND_WIDTH],
                text=_VALIDATION_WORDS[error["type"]]
                if error.get("type") in _VALIDATION_WORDS
                else error_text(cast("ErrorDetails", error)),
                expected_text=choices if error.get("type") in ("enum", "literal_error") else None,
            )
        )
    if any(error.get("type") == "json_invalid" for error in exc.errors()):
        # A body that is not JSON is 400 invalid_json, as the service's own reader answers it (FastAPI says
        # 422; and Python 3.11 and 3.13 tell a too-deep body that is cut short as a RecursionError, which
        # FastAPI answers 400, and as a JSONDecodeError, which it answers 422: one answer for both).
        return problem_response(request, ProblemError(400, "invalid_json", Text("problem.body_unreadable"), errors))
    return problem_response(request, ProblemError(422, "invalid_request", Text("problem.bad_parameter"), errors))


async def _internal(request: Request, exc: Exception) -> Response:
    request_id = (request.scope.get("state") or {}).get("request_id", "")
    _LOG.error("request %s failed: %s", request_id, type(exc).__name__, exc_info=exc)
    return problem_response(
        request,
        ProblemError(500, "internal_error", Text("problem.internal", request_id=request_id)),
    )


def install_handlers(app: FastAPI) -> None:
    """Answer every error of ``app`` with a problem document."""
    app.add_exception_handler(ProblemError, _problem)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(Exception, _internal)
