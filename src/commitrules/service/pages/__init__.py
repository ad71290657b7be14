"""Pages for policy staff and auditors, served by ``commitrules serve``.

The playground, the audit report, the decision log viewer and the documentation site. Every script,
style sheet and font they use ships in this package (``static/``): the pages work on a government
intranet with no internet.

``mount_pages(app, config)`` adds them to a FastAPI application.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import FileResponse, MalformedRangeHeader, RangeNotSatisfiable, Response

from commitrules.service.pages.config import PagesConfig, bundled_examples_dir
from commitrules.service.pages.logview import log_api
from commitrules.service.pages.playground import playground_api
from commitrules.service.pages.views import page_routes, static_dir
from commitrules.service.pages.whatif import whatif_api

if TYPE_CHECKING:
    from starlette.types import Scope

__all__ = ["PagesConfig", "bundled_examples_dir", "mount_pages"]


class _WholeFile(FileResponse):
    """A file that a ``Range`` it cannot serve gets whole (200), as RFC 9110 (14.2) lets a server do.

    Starlette answered such a range itself, past the service's handlers: a 400 in English alone
    (``Malformed range header.``, ``bytes=5-1``) or a 416 with no body (``bytes=99999999-``), both
    ``text/plain``, where every other error is a problem in the request's language.
    """

    @classmethod
    def _parse_range_header(cls, http_range: str, file_size: int) -> list[tuple[int, int]]:
        try:
            return super()._parse_range_header(http_range, file_size)
        except (MalformedRangeHeader, RangeNotSatisfiable):
            return []  # no range: the whole file


class _Files(StaticFiles):
    """The pages' files and the documentation site, whose ranges are :class:`_WholeFile`'s."""

    def file_response(
        self, full_path: str | os.PathLike[str], stat_result: os.stat_result, scope: Scope, status_code: int = 200
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        if type(response) is FileResponse:
            response.__class__ = _WholeFile
        return response


def mount_pages(app: FastAPI, config: PagesConfig) -> None:
    """Add the pages, their JSON API and their static assets to ``app``."""
    app.include_router(page_routes(config))
    app.include_router(playground_api(config))
    app.include_router(whatif_api(config))
    app.include_router(log_api(config))
    app.mount("/static/pages", _Files(directory=static_dir()), name="pages-static")
    if config.docs_dir is not None and config.docs_dir.is_dir():
        app.mount("/docs", _Files(directory=config.docs_dir, html=True), name="docs")
        # The service does not redirect a path to its form with a slash (that redirect was built from the
        # Host header): /docs alone goes to the site by a relative link, whatever the host and the prefix.
        app.add_api_route("/docs", lambda: RedirectResponse("docs/"), include_in_schema=False)
