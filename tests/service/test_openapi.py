"""docs/openapi.json is the document the service serves; a change to the API that is not written there fails."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tests.service.server import ROOT, serve_command

#: Every test here starts `commitrules serve` (or another process): the fast session leaves them out.
pytestmark = pytest.mark.slow

DOCUMENT = ROOT / "docs" / "openapi.json"


def test_docs_openapi_json_is_current(tmp_path: Path):
    """`commitrules serve --openapi FILE` writes the document; docs/openapi.json must equal it."""
    written = tmp_path / "openapi.json"
    result = serve_command("--openapi", str(written), cwd=tmp_path)
    assert 0 == result.returncode, result.stderr
    assert DOCUMENT.read_text(encoding="utf-8") == written.read_text(encoding="utf-8"), (
        "docs/openapi.json is stale: run `commitrules serve --openapi docs/openapi.json`"
    )


def test_served_document_is_the_written_one(client: httpx.Client):
    """/openapi.json of a running service is docs/openapi.json."""
    assert json.loads(DOCUMENT.read_text(encoding="utf-8")) == client.get("/openapi.json").json()


def test_every_error_response_is_a_problem():
    """In the document, every non-2xx response is application/problem+json with the Problem schema."""
    document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    checked = 0
    for path_item in document["paths"].values():
        for operation in path_item.values():
            for status, response in operation["responses"].items():
                if not status.startswith("2"):
                    assert {"application/problem+json"} == set(response["content"])
                    checked += 1
    assert checked > 20
    assert "HTTPValidationError" not in document["components"]["schemas"]
