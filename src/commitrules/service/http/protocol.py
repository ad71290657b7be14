"""uvicorn's HTTP/1.1 protocol, with the service's answers where uvicorn gave its own or none.

``serve`` runs uvicorn with :class:`ServiceHttpProtocol` (its httptools protocol, the one uvicorn picks
itself when httptools is installed, as the ``service`` extra installs it). It changes two things:

1. A request uvicorn's parser refuses before the app sees it (a method it does not know, a target with
   bytes that are not ASCII or longer than the parser takes, a ``Content-Length`` it cannot read or one
   beside ``Transfer-Encoding: chunked``) was answered ``text/plain`` 'Invalid HTTP request received.':
   it is a 400 ``invalid_request`` problem now, in the language of the ``Accept-Language`` read so far
   (Chinese before it), as every other error.
2. uvicorn sets no time for a request's head: a client that opens a connection and sends nothing, or
   part of a request line or of its headers, held the connection for ever (the guard's ``--timeout``
   starts once the head is read). The head must now come within the service's ``--timeout``: a
   connection that sent nothing is closed, one that began a request gets a 503 ``timeout`` problem.
3. uvicorn (with httptools) sets no size for a request's head either: a header of 30 MB was read and
   answered. A head past :data:`MAX_HEAD_BYTES` is refused with a 431 ``too_large`` problem.
4. A connection opened while the process already has ``--max-connections`` open is marked, and the
   guard answers its request 503 ``overloaded`` (with ``Retry-After``) and closes it. uvicorn's own
   ``limit_concurrency`` answers ``text/plain``, and counts running requests too, which a batch's
   turns would make a poor measure. Each connection costs memory and a descriptor, and the load
   benchmark measured what an unbounded number does to the others (docs/performance.md, stop 19):
   the requests they bring at once make every group commit longer, and the p50 went from 7-10 ms with
   32 connections to 68 ms with 256 and 809 ms with 1,024.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, Final

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from commitrules.messages import Text
from commitrules.service.http.guard import OVER_LIMIT, new_request_id
from commitrules.service.http.problems import MEDIA_TYPE, ProblemError, negotiate_language, problem_body

if TYPE_CHECKING:
    from commitrules.service.http.state import ServiceState

__all__ = ["HEAD_TIMEOUT", "MAX_HEAD_BYTES", "ServiceHttpProtocol"]

#: Seconds a request's head may take when the app names no timeout (the service's default ``--timeout``).
HEAD_TIMEOUT: Final = 30.0
#: The largest request head (request line and headers) read: four times nginx's default buffers.
MAX_HEAD_BYTES: Final = 64 * 1024
_REASONS: Final = {400: b"Bad Request", 431: b"Request Header Fields Too Large", 503: b"Service Unavailable"}


class ServiceHttpProtocol(HttpToolsProtocol):
    """See the module's docstring."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._service = _service_of(self.app)
        self._head_timeout = self._service.config.timeout if self._service is not None else HEAD_TIMEOUT
        self._head_timer: asyncio.TimerHandle | None = None
        self._head_begun = False
        self._head_bytes = 0
        self._in_body = False  # between a head read and its message's end: the bytes read are a body's
        self._heads_read = 0
        #: The limit this connection was opened past (``--max-connections``), or None.
        self._over_limit: int | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Start the connection, and the time its first request's head has."""
        super().connection_made(transport)
        limit = self._service.config.max_connections if self._service is not None else 0
        if limit and len(self.server_state.connections) > limit:  # uvicorn counted this one already
            self._over_limit = limit
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        """End the connection (and its head's time)."""
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        """Read ``data``; refuse a head that has grown past :data:`MAX_HEAD_BYTES` (bytes of a body are not counted).

        ``data`` is counted when all of it is head: it began outside a body, and the head it belongs to
        is not complete after it (a read that begins in a body, or ends one head and begins the next of
        a pipelined request, is not counted: a head may pass the limit by one read before it is refused).
        """
        from_head = not self._in_body
        heads_read = self._heads_read
        super().data_received(data)
        if from_head and self._head_begun and self._heads_read == heads_read:
            self._head_bytes += len(data)
            if self._head_bytes > MAX_HEAD_BYTES:
                self._disarm()
                self._answer(ProblemError(431, "too_large", Text("problem.head_too_large", limit=MAX_HEAD_BYTES)))

    def on_message_begin(self) -> None:
        """A request begins: its head has the service's time from now (or from the connection's start)."""
        super().on_message_begin()
        self._head_begun = True
        self._arm()

    def on_headers_complete(self) -> None:
        """The head is read: the guard's timeout takes over."""
        self._disarm()
        self._head_begun = False
        self._head_bytes = 0
        self._in_body = True
        self._heads_read += 1
        if self._over_limit is not None:  # the scope's dict is the request's, made at its message's begin
            self.scope[OVER_LIMIT] = self._over_limit  # type: ignore[typeddict-unknown-key]
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        """The request's body is read: what comes next is the next request's head."""
        self._in_body = False
        super().on_message_complete()

    def send_400_response(self, msg: str) -> None:
        """Answer a request the parser refused with a 400 ``invalid_request`` problem, and close."""
        del msg  # uvicorn's English, logged by uvicorn already
        self._disarm()
        self._answer(ProblemError(400, "invalid_request", Text("problem.bad_http")))

    def _arm(self) -> None:
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(self._head_timeout, self._head_too_slow)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if self.transport.is_closing():
            return
        cycle: Any = self.cycle  # None before the first request (uvicorn's annotation leaves None out)
        if cycle is not None and not cycle.response_complete:
            self._arm()  # a request is being answered: the next one's head waits for it (reading is paused)
            return
        if not self._head_begun:  # nothing sent: close as an idle keep-alive connection is closed
            self.transport.close()
            return
        seconds = f"{self._head_timeout:g}"
        self._answer(ProblemError(503, "timeout", Text("problem.timeout", seconds=seconds)))

    def _answer(self, problem: ProblemError) -> None:
        """Write ``problem`` as the whole response and close the connection."""
        if self.transport.is_closing():
            return
        if self._service is not None:
            self._service.metrics.problem(problem.code)
        request_id = new_request_id()
        accept_language = next((v for k, v in self.headers or () if k == b"accept-language"), None)
        lang = negotiate_language(accept_language.decode("latin-1") if accept_language is not None else None)
        body = problem_body(problem, lang=lang, request_id=request_id)
        head = [b"HTTP/1.1 %d %s\r\n" % (problem.status, _REASONS[problem.status])]
        head += [b"%s: %s\r\n" % (name, value) for name, value in self.server_state.default_headers]
        head += [
            b"content-type: %s\r\n" % MEDIA_TYPE.encode(),
            b"content-length: %d\r\n" % len(body),
            b"x-request-id: %s\r\n" % request_id.encode("ascii"),
            b"connection: close\r\n\r\n",
        ]
        self.transport.write(b"".join(head) + body)
        self.transport.close()


def _service_of(app: Any) -> ServiceState | None:
    """The service state of the app uvicorn runs (under uvicorn's own middleware), or None."""
    for _ in range(8):
        service = getattr(getattr(app, "state", None), "service", None)
        if service is not None:
            return service  # type: ignore[no-any-return]
        app = getattr(app, "app", None)
        if app is None:
            break
    return None
