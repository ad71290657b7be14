"""The HTTP service: ``commitrules serve``.

:func:`create_app` builds the FastAPI app from a :class:`ServiceConfig`; routers (the service's and the
pages') reach the pack holder, the decision log, the metrics and the caller's roles through the
dependencies of :mod:`commitrules.service.http.state`. See docs/service.md.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from commitrules.service.http.app import create_app
    from commitrules.service.http.config import ServiceConfig

__all__ = ["ServiceConfig", "create_app"]

# Imported on first use, so that `commitrules.service.http.config` (which `commitrules serve` reads to
# build its parser) comes without the app, FastAPI and the policy compiler: every command's start pays
# for the parser of `serve`.
_LAZY = {"create_app": "commitrules.service.http.app", "ServiceConfig": "commitrules.service.http.config"}


def __getattr__(name: str) -> Any:
    """The name ``name`` of the package, imported from its module on first use."""
    module = _LAZY.get(name)
    if module is None:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
