r"""The pages' JSON bodies, read as the service reads a case: declared JSON in UTF-8, no duplicate key.

FastAPI read the bodies of ``/playground/api/evaluate``, ``json-to-yaml``, ``yaml-to-json`` and
``whatif`` with Python's ``json`` whatever their headers said: ``{"kind": "credit_site", "kind":
"escalation"}`` was decided as an escalation case (the last key won without a word), ``NaN`` and
``1e400`` became ``.nan`` and ``.inf`` in the YAML given back, a byte order mark was skipped, and a
body declared ``text/plain``, ``gzip`` or ``charset=latin-1`` was read as plain JSON all the same.
:func:`json_body` reads them with the decision routes' reader
(:func:`~commitrules.service.http.jsonbody.check_body_headers` and
:func:`~commitrules.service.http.jsonbody.parse_json`), so that a body the service refuses on
``/v1/decisions`` is refused here with the same problem; the model's own errors stay FastAPI's 422.
A text holding half of a UTF-16 pair (``"\\ud800"``, which JSON can write and UTF-8 cannot) is refused
at its place, as the model refuses it in a field with a limit: written into the what-if's copy of a
policy file, or sent to its child process, it was a 500 or a what-if that failed for no said reason.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

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
        broken = _not_unicode(value)
        if broken is not None:
            loc, text = broken
            said = "Input should be a valid string, unable to parse raw data as a unicode string"  # pydantic's
            error = {"type": "string_unicode", "loc": ("body", *loc), "msg": said, "input": text}
            raise RequestValidationError([error])
        try:
            return model.model_validate(value)
        except ValidationError as exc:
            errors = [{**error, "loc": ("body", *error["loc"])} for error in exc.errors()]
            raise RequestValidationError(errors) from None

    return read


def _not_unicode(value: Any) -> tuple[tuple[int | str, ...], str] | None:
    """The place and the text of the first key or text of ``value`` that UTF-8 cannot write, or None."""
    stack: list[tuple[tuple[int | str, ...], Any]] = [((), value)]
    while stack:
        loc, item = stack.pop()
        if isinstance(item, str):
            if not item.isascii() and not _encodable(item):
                return loc, item
        elif isinstance(item, dict):
            for key, child in item.items():
                if not key.isascii() and not _encodable(key):
                    return loc, key
                stack.append(((*loc, key), child))
        elif isinstance(item, list):
            stack.extend(((*loc, index), child) for index, child in enumerate(item))
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
