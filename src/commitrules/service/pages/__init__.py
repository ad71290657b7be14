"""Pages for policy staff and auditors, served by ``commitrules serve``.

The playground, the audit report, the decision log viewer and the documentation site. Every script,
style sheet and font they use ships in this package (``static/``): the pages work on a government
intranet with no internet.

``mount_pages(app, config)`` adds them to a FastAPI application.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from commitrules.service.pages.config import PagesConfig, bundled_examples_dir
from commitrules.service.pages.logview import log_api
from commitrules.service.pages.playground import playground_api
from commitrules.service.pages.views import page_routes, static_dir
from commitrules.service.pages.whatif import whatif_api

__all__ = ["PagesConfig", "bundled_examples_dir", "mount_pages"]


def mount_pages(app: FastAPI, config: PagesConfig) -> None:
    """Add the pages, their JSON API and their static assets to ``app``."""
    app.include_router(page_routes(config))
    app.include_router(playground_api(config))
    app.include_router(whatif_api(config))
    app.include_router(log_api(config))
    app.mount("/static/pages", StaticFiles(directory=static_dir()), name="pages-static")
    if config.docs_dir is not None and config.docs_dir.is_dir():
        app.mount("/docs", StaticFiles(directory=config.docs_dir, html=True), name="docs")
        # The service does not redirect a path to its form with a slash (that redirect was built from the
        # Host header): /docs alone goes to the site by a relative link, whatever the host and the prefix.
        app.add_api_route("/docs", lambda: RedirectResponse("docs/"), include_in_schema=False)
