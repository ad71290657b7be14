"""The pages' JSON bodies, read as the service reads a case: declared JSON in UTF-8, no duplicate key.

FastAPI read the bodies of ``/playground/api/evaluate``, ``json-to-yaml``, ``yaml-to-json`` and
``whatif`` with Python's ``json`` whatever their headers said: ``{"kind": "credit_site", "kind":
"escalation"}`` was decided as an escalation case (the last key won without a word), ``NaN`` and
``1e400`` became ``.nan`` and ``.inf`` in the YAML given back, a byte order mark was skipped, and a
body declared ``text/plain``, ``gzip`` or ``charset=latin-1`` was read as plain JSON all the same.
:func:`json_body` reads them with the decision routes' reader
(:func:`~commitrules.service.http.jsonbody.check_body_headers` and
:func:`~commitrules.service.http.jsonbody.parse_json`), so that a body the service refuses on
``/v1/decisions`` is refused here with the same problem; the model's own errors stay FastAPI's 422.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

from commitrules.service.http.config import ServiceConfig
from commitrules.service.http.jsonbody import check_body_headers, parse_json

__all__ = ["json_body"]

Model = TypeVar("Model", bound=BaseModel)


def json_body(model: type[Model]) -> Callable[[Request], Awaitable[Model]]:
    """A FastAPI dependency: the request's body as ``model``, read as the decision routes read a case.

    Raises (in the dependency):
        ProblemError: 415 ``unsupported_media_type``, 400 ``invalid_json``, 422 ``duplicate_key`` or
            ``too_deep``, as :func:`~commitrules.service.http.jsonbody.parse_json` says.
        RequestValidationError: the value does not fit ``model`` (answered 422 ``invalid_request``).
    """

    async def read(request: Request) -> Model:
        check_body_headers(request.headers)
        service = getattr(request.app.state, "service", None)
        max_depth = service.config.max_depth if service is not None else ServiceConfig().max_depth
        value = parse_json(await request.body(), max_depth=max_depth, quick=False)
        try:
            return model.model_validate(value)
        except ValidationError as exc:
            errors = [{**error, "loc": ("body", *error["loc"])} for error in exc.errors()]
            raise RequestValidationError(errors) from None

    return read
