"""Pages for policy staff and auditors, served by ``commitrules serve``.

The playground, the audit report, the decision log viewer and the documentation site. Every script,
style sheet and font they use ships in this package (``static/``): the pages work on a government
intranet with no internet.

``mount_pages(app, config)`` adds them to a FastAPI application.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from commitrules.service.pages.config import PagesConfig, bundled_examples_dir
from commitrules.service.pages.logview import log_api
from commitrules.service.pages.playground import playground_api
from commitrules.service.pages.views import page_routes, static_dir
from commitrules.service.pages.whatif import whatif_api

if TYPE_CHECKING:
    from starlette.types import Receive, Scope, Send

__all__ = ["PagesConfig", "bundled_examples_dir", "mount_pages"]


class _Files(StaticFiles):
    """The pages' files and the documentation site, always sent whole: a ``Range`` is not read.

    Starlette answered a range it could not serve itself, past the service's handlers: a 400 in English
    alone (``Malformed range header.``, ``bytes=5-1``) or a 416 with no body (``bytes=99999999-``), both
    ``text/plain``, where every other error is a problem in the request's language. A server may ignore
    a ``Range`` (RFC 9110, 14.2), and these files are small: each is sent whole (200), whatever the range.
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = scope["headers"]
            if any(name in _RANGE_HEADERS for name, _ in headers):
                scope = {**scope, "headers": [(n, v) for n, v in headers if n not in _RANGE_HEADERS]}
        await super().__call__(scope, receive, send)


#: The request headers of a partial request (lower case, as ASGI gives them).
_RANGE_HEADERS = frozenset({b"range", b"if-range"})


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
