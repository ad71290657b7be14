"""Pieces of the OpenAPI document the routes share: problem responses and the case schema's reference."""

from __future__ import annotations

from typing import Any, Final

from commitrules.service.http.problems import MEDIA_TYPE, Problem

__all__ = ["CASE_REF", "STATUS_TEXT", "problem_responses"]

#: The request body of the decision routes: any case kind, told apart by ``kind`` (see ``openapi.py``).
CASE_REF: Final = {"$ref": "#/components/schemas/Case"}

STATUS_TEXT: Final = {
    400: "The body is not JSON",
    401: "No valid bearer token",
    403: "The token lacks the role",
    404: "Not found",
    409: "Conflict",
    413: "The body or the batch is too large",
    415: "The body is not JSON",
    422: "The request is not valid: codes, JSON paths and messages as the library's",
    500: "A defect of commitrules",
    503: "Timed out, not ready, or the log could not record the decision",
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for these statuses, each an ``application/problem+json`` document."""
    return {
        status: {
            "model": Problem,
            "description": STATUS_TEXT[status],
            "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }
