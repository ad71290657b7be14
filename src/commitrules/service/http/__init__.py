"""The HTTP service: ``commitrules serve``.

:func:`create_app` builds the FastAPI app from a :class:`ServiceConfig`; routers (the service's and the
pages') reach the pack holder, the decision log, the metrics and the caller's roles through the
dependencies of :mod:`commitrules.service.http.state`. See docs/service.md.
"""

from commitrules.service.http.app import create_app
from commitrules.service.http.config import ServiceConfig

__all__ = ["ServiceConfig", "create_app"]
