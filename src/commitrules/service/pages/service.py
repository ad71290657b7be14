"""The pages on ``commitrules serve``: their configuration from the running service.

The served pack is the service's :class:`~commitrules.PackHolder` (a reload is seen at once), the log is
the service's decision log, and a caller's roles come from the service's bearer tokens: without tokens
(loopback only) every role; with tokens, the playground's evaluation needs ``evaluate``, the what-if
``author`` or ``admin``, the log viewer ``read-log``. The pages themselves (HTML, scripts) are public;
their JSON endpoints carry the checks, and the page asks for a token when one is needed.

The audit report reads ``--features`` (default ``./features``) and the JUnit XML of ``--junit``
(default ``./reports/features.xml``); the documentation site is ``--docs-site`` (default ``./site``
when it holds a built site; ``mkdocs build`` writes it).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request

from commitrules.io.probe import is_dir, is_file
from commitrules.service.pages import PagesConfig, mount_pages

__all__ = ["include_pages"]


def _existing(value: str, *, file: bool = False) -> Path | None:
    if not value:
        return None
    path = Path(value)
    return path if (is_file(path) if file else is_dir(path)) else None


def include_pages(app: FastAPI) -> None:
    """Mount the pages on the service's app (after ``app.state.service`` is set)."""
    service = app.state.service
    settings = service.config

    def roles(request: Request) -> frozenset[str]:
        return frozenset(service.authenticate(request.headers.getlist("authorization")).roles)

    docs = _existing(settings.docs_site)
    mount_pages(
        app,
        PagesConfig(
            pack=service.current_pack,  # follows a pack another worker published
            policies_dir=Path(service.holder.path) if service.holder.path is not None else None,
            features_dir=_existing(settings.features),
            junit=Path(settings.junit) if settings.junit else None,
            roles=roles,
            decision_log=service.log,
            docs_dir=docs if docs is not None and (docs / "index.html").is_file() else None,
        ),
    )
