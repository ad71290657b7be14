"""The OpenAPI 3.1 document: FastAPI's, completed with the library's case models and problem responses.

The routes read their bodies themselves (so that duplicate keys, depth and the library's own case
errors are handled as the library handles them); their request schemas are the case models' JSON
Schemas, put in ``components/schemas`` here. Every error response is ``application/problem+json``.
``docs/openapi.json`` is this document, written by ``commitrules serve --openapi FILE``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import Field, TypeAdapter

from commitrules.io.atomic import write_whole_text
from commitrules.model import CASE_MODELS
from commitrules.service.http.problems import MEDIA_TYPE

__all__ = ["build_openapi", "install_openapi", "write_openapi"]


def _case_schemas() -> dict[str, Any]:
    union: Any = None
    for model in CASE_MODELS.values():
        union = model if union is None else union | model
    adapter: TypeAdapter[Any] = TypeAdapter(Annotated[union, Field(discriminator="kind")])
    schema = adapter.json_schema(ref_template="#/components/schemas/{model}")
    definitions: dict[str, Any] = schema.pop("$defs", {})
    schema["title"] = "Case"
    schema["description"] = "A case document of any kind, told apart by 'kind' (see GET /v1/schemas/cases/{kind})"
    definitions["Case"] = schema
    return definitions


def build_openapi(app: FastAPI) -> dict[str, Any]:
    """The complete document of ``app``."""
    document = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        openapi_version="3.1.0",
        tags=app.openapi_tags,
    )
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in _case_schemas().items():
        if name in schemas and schemas[name] != schema:
            raise RuntimeError(f"the schema name '{name}' is used by a case model and by the service")
        schemas[name] = schema
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            for status, response in operation.get("responses", {}).items():
                if not str(status).startswith("2"):
                    response["content"] = {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    return document


def install_openapi(app: FastAPI) -> None:
    """Serve :func:`build_openapi` at ``/openapi.json`` (built once, on first request)."""
    cache: dict[str, Any] = {}

    def openapi() -> dict[str, Any]:
        if "doc" not in cache:
            cache["doc"] = build_openapi(app)
        document: dict[str, Any] = cache["doc"]
        return document

    app.openapi = openapi  # type: ignore[method-assign]


def render_openapi(app: FastAPI) -> str:
    """The document as written to ``docs/openapi.json`` (sorted keys, a final newline)."""
    return json.dumps(app.openapi(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_openapi(app: FastAPI, path: Path) -> None:
    """Write the document of ``app`` to ``path``."""
    write_whole_text(path, render_openapi(app))
