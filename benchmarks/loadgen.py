"""A lean HTTP/1.1 load generator for ``benchmarks/service.py``: keep-alive connections on asyncio protocols.

The service's load benchmark first drove the server with httpx, which spends about 2 ms of processor time
per request (its connection pool, its request and response objects, its header models): twice what the
server spends deciding and logging the request. On a two-core machine the load generator then takes most
of one core and the server waits for the other, so the figures are partly the generator's. This one does
what a load generator must and nothing more, at about a tenth of httpx's cost per request:

- HTTP/1.1 over keep-alive connections on loopback (``--connections`` in all, opened before the clock
  starts, closed when the phase ends however it ends), one request at a time on each connection, as
  httpx's pool did; the connection used last is used first, so that the others are the ones left idle;
- a connection the server closed while idle (uvicorn closes keep-alive connections idle for 5 s; or a
  response with ``Connection: close``) is dropped and the next request opens another: no request is ever
  written to a connection whose end the generator has already read, nor to one idle for more than
  ``Phase.idle_seconds`` (4 s: the generator closes it first rather than race the server's timeout). A
  connection closed while a request sent on it is unanswered fails the phase: the server may or may not
  have decided it, so it is neither retried nor counted;
- every response read in full (status line, headers, ``Content-Length`` body) and checked: the status is
  200, the body a JSON object; a decision's response carries an ``X-Decision-Id`` and an ``outcome``; a
  batch response one result per case sent, each with status 200 and a decision id; anything else fails
  the phase with what was received;
- open loop: request ``i`` is due at ``start + i / rate``, whether or not earlier answers came back; if no
  connection is free when it is due it waits for one, and its latency is counted from when it was due
  (no coordinated omission); closed loop: each connection sends its next request when its answer arrives;
- bounded: a phase sends a fixed number of requests (open loop) or stops sending at its deadline (closed
  loop), and fails if it is not over ``TIMEOUT`` seconds after its planned end.

The decision ids acknowledged are returned, so that the benchmark can check each one is in the log.
"""

from __future__ import annotations

import asyncio
import collections
import json
import time
from dataclasses import dataclass, field
from typing import Final

__all__ = ["Phase", "PhaseError", "ResponseError", "run_phase"]

#: Seconds a phase may run past its planned end (``Phase.seconds`` after its start) for the last answers to
#: come back, and seconds one connection may take to open; past either the phase fails. It bounds the
#: phase's length, not each answer's: an answer sent early in the phase may take up to ``seconds + TIMEOUT``.
TIMEOUT: Final = 60.0


@dataclass
class Phase:
    """What one load-generator process does: where, what, how fast, how long."""

    host: str
    port: int
    path: str
    bodies: list[bytes]
    connections: int
    seconds: float
    #: Requests per second (open loop); 0 for a closed loop.
    rate: float = 0.0
    #: Seconds to shift the open-loop schedule (so that two processes interleave their requests).
    offset: float = 0.0
    #: Seconds a connection may have been idle and still be used; past them it is closed and another opened.
    #: Under uvicorn's keep-alive timeout (5 s), so that no request is written as the server closes it.
    idle_seconds: float = 4.0
    #: Open loop: connections it may have open at once, ``connections`` of them opened before the clock
    #: starts and more opened when a request is due and none is free (None: ``connections``, no more).
    #: An open loop's arrivals do not wait for answers; with a small pool, a request due while every
    #: connection waits for a slow answer waits for a connection, and its latency is then the pool's.
    max_connections: int | None = None

    @property
    def limit(self) -> int:
        """Connections the phase may have open at once."""
        if self.rate and self.max_connections is not None:
            return max(self.connections, self.max_connections)
        return self.connections


@dataclass
class Result:
    """Latencies (seconds) and the decision ids acknowledged."""

    latencies: list[float] = field(default_factory=list)
    decision_ids: list[str] = field(default_factory=list)
    #: The most connections open (or being opened) at once.
    most_connections: int = 0


class PhaseError(RuntimeError):
    """A phase that did not run to its end: no connection, a connection lost with a request on it, too slow."""


class ResponseError(PhaseError):
    """A response that is not a decision's 200."""


def _cases_sent(body: bytes) -> int | None:
    """The number of cases in a batch request's body (None if it has no list of cases: the server refuses it)."""
    try:
        document = json.loads(body)
    except ValueError:
        return None
    cases = document.get("cases") if isinstance(document, dict) else None
    return len(cases) if isinstance(cases, list) else None


def _check(path: str, cases: int | None, status: bytes, headers: dict[bytes, bytes], body: bytes) -> list[str]:
    """Check a response as httpx's caller did, and more (the body's JSON, a batch's count); its decision ids."""
    if status != b"200":
        raise ResponseError(f"{status.decode(errors='replace')}: {body[:200]!r}")
    try:
        document = json.loads(body)
    except ValueError as exc:
        raise ResponseError(f"a 200 whose body is not JSON ({exc}): {body[:200]!r}") from None
    if not isinstance(document, dict):
        raise ResponseError(f"a 200 whose body is not a JSON object: {body[:200]!r}")
    if path.endswith(":batch"):
        results = document.get("results")
        if not isinstance(results, list):
            raise ResponseError(f"a batch answer without a list of results: {body[:200]!r}")
        if cases is not None and len(results) != cases:
            raise ResponseError(f"a batch answer with {len(results)} results for {cases} cases sent: {body[:200]!r}")
        ids = []
        for item in results:
            if not isinstance(item, dict) or item.get("status") != 200 or not isinstance(item.get("decision_id"), str):
                raise ResponseError(f"batch item {item!r:.200}")
            ids.append(item["decision_id"])
        return ids
    decision_id = headers.get(b"x-decision-id")
    if not decision_id or not isinstance(document.get("outcome"), str):
        raise ResponseError(f"no decision id or outcome: {headers!r:.200} {body[:200]!r}")
    return [decision_id.decode("ascii", errors="replace")]


class _Connection(asyncio.Protocol):
    """One keep-alive connection: sends a request, reads its response, reports it to the generator."""

    def __init__(self, generator: _Generator) -> None:
        self.generator = generator
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.due = 0.0
        self.idle_since = time.perf_counter()
        self.cases: int | None = None
        #: A request was written and its response is not read in full.
        self.busy = False
        #: False once the server ended its side or asked to close: no request is written to it after that.
        self.reusable = True
        #: Counted among the generator's open connections.
        self.counted = False
        self.closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def eof_received(self) -> None:
        self.reusable = False  # and the transport closes itself: connection_lost follows

    def connection_lost(self, exc: Exception | None) -> None:
        self.reusable = False
        if not self.closed.done():
            self.closed.set_result(None)
        self.generator.lost(self, exc)

    def send(self, request: bytes, cases: int | None, due: float) -> None:
        assert self.transport is not None
        self.due = due
        self.cases = cases
        self.busy = True
        self.transport.write(request)

    def data_received(self, data: bytes) -> None:
        try:
            self._read(data)
        except Exception as exc:  # noqa: BLE001 - asyncio would only log it and drop the connection
            self.generator.fail(ResponseError(f"an unreadable response ({exc!r}): {bytes(self.buffer[:200])!r}"))

    def _read(self, data: bytes) -> None:
        buffer = self.buffer
        buffer += data
        end = buffer.find(b"\r\n\r\n")
        if end < 0:
            return
        lines = bytes(buffer[:end]).split(b"\r\n")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
        length = headers.get(b"content-length")
        if length is None:
            self.generator.fail(ResponseError(f"a response without Content-Length: {lines[0]!r}"))
            return
        stop = end + 4 + int(length)
        if len(buffer) < stop:
            return
        body = bytes(buffer[end + 4 : stop])
        del buffer[:stop]
        self.busy = False
        if headers.get(b"connection", b"").lower() == b"close":
            self.reusable = False
        self.generator.answered(self, lines[0][9:12], headers, body)


class _Generator:
    def __init__(self, phase: Phase) -> None:
        self.phase = phase
        head = (
            f"POST {phase.path} HTTP/1.1\r\nHost: {phase.host}:{phase.port}\r\n"
            "Content-Type: application/json\r\nAccept: */*\r\nContent-Length: "
        ).encode("ascii")
        self.requests = [head + str(len(body)).encode("ascii") + b"\r\n\r\n" + body for body in phase.bodies]
        batch = phase.path.endswith(":batch")
        self.cases = [_cases_sent(body) if batch else None for body in phase.bodies]
        self.result = Result()
        self.connections: list[_Connection] = []  # every one ever made, to close them all at the end
        self.open = 0  # connections open or being opened, at most phase.limit
        self.idle: collections.deque[_Connection] = collections.deque()
        self.waiting: collections.deque[float] = collections.deque()  # due times of requests not yet sent
        self.opening: set[asyncio.Task[None]] = set()
        self.sent = 0
        self.outstanding = 0  # requests sent, or to be sent on a connection being opened
        self.closing = False
        self.deadline = 0.0
        self.scheduled_all = False
        self.done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def fail(self, exc: Exception) -> None:
        if not self.done.done():
            self.done.set_exception(exc)

    def _made(self) -> _Connection:
        connection = _Connection(self)
        self.connections.append(connection)
        return connection

    async def _open(self) -> _Connection:
        """Open one connection (its slot in ``self.open`` already taken by the caller)."""
        phase = self.phase
        loop = asyncio.get_running_loop()
        try:
            _, connection = await asyncio.wait_for(loop.create_connection(self._made, phase.host, phase.port), TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise PhaseError(f"cannot open a connection to {phase.host}:{phase.port}: {exc!r}") from None
        connection.counted = True
        return connection

    def _retire(self, connection: _Connection) -> None:
        if connection.counted:
            connection.counted = False
            self.open -= 1
        if connection in self.idle:
            self.idle.remove(connection)

    def _send(self, connection: _Connection, due: float) -> None:
        index = self.sent % len(self.requests)
        self.sent += 1
        self.outstanding += 1
        connection.send(self.requests[index], self.cases[index], due)

    def _take(self, due: float) -> None:
        """Send a request due at ``due`` on an idle connection, else on a new one if there is room, else queue it."""
        now = time.perf_counter()
        while self.idle:
            connection = self.idle.pop()  # the one used last: the least likely to have been closed while idle
            if connection.reusable and now - connection.idle_since < self.phase.idle_seconds:
                self._send(connection, due)
                return
            self._retire(connection)
            if connection.reusable:  # idle for too long: the server may be closing it this very moment
                assert connection.transport is not None
                connection.transport.close()
        if self.open < self.phase.limit:
            self.open += 1
            self.result.most_connections = max(self.result.most_connections, self.open)
            self.outstanding += 1
            task = asyncio.create_task(self._open_and_send(due))
            self.opening.add(task)
            task.add_done_callback(self.opening.discard)
        else:
            self.waiting.append(due)

    async def _open_and_send(self, due: float) -> None:
        try:
            connection = await self._open()
        except PhaseError as exc:
            self.open -= 1
            self.fail(exc)
            return
        self.outstanding -= 1
        if not self.done.done():
            self._send(connection, due)

    def lost(self, connection: _Connection, exc: Exception | None) -> None:
        """A connection ended: if a request was on it, the phase fails; if it was idle, it is dropped."""
        self._retire(connection)
        if self.closing:
            return
        if connection.busy:
            self.fail(
                PhaseError(
                    "the server closed a connection before answering the request sent on it (it may or may not"
                    f" have been decided, so it is neither retried nor counted): {exc or 'end of stream'}"
                )
            )
        elif self.waiting and self.open < self.phase.limit:
            self._take(self.waiting.popleft())

    def answered(self, connection: _Connection, status: bytes, headers: dict[bytes, bytes], body: bytes) -> None:
        now = time.perf_counter()
        self.outstanding -= 1
        try:
            ids = _check(self.phase.path, connection.cases, status, headers, body)
        except ResponseError as exc:
            self.fail(exc)
            return
        self.result.latencies.append(now - connection.due)
        self.result.decision_ids.extend(ids)
        if connection.reusable:
            connection.idle_since = now
            self.idle.append(connection)
        else:  # the server asked to close it (Connection: close)
            self._retire(connection)
            assert connection.transport is not None
            connection.transport.close()
        if self.phase.rate:  # open loop: the oldest request waiting for a connection, if any
            if self.waiting:
                self._take(self.waiting.popleft())
        elif now < self.deadline:  # closed loop: the next request, timed from now
            self._take(now)
        if self.outstanding == 0 and self.finished() and not self.done.done():
            self.done.set_result(None)

    def finished(self) -> bool:
        return not self.phase.rate or (self.scheduled_all and not self.waiting)

    async def run(self) -> Result:
        phase = self.phase
        try:
            for _ in range(phase.connections):
                self.open += 1
                try:
                    self.idle.append(await self._open())
                except PhaseError:
                    self.open -= 1
                    raise
            self.result.most_connections = self.open
            start = time.perf_counter()
            self.deadline = start + phase.seconds
            if phase.rate:
                shift = phase.offset / phase.rate
                self.deadline += shift
                await self._schedule(start + shift)
            else:
                for _ in range(phase.connections):
                    self._take(time.perf_counter())
            try:
                await asyncio.wait_for(self.done, timeout=max(0.0, self.deadline + TIMEOUT - time.perf_counter()))
            except TimeoutError:
                raise PhaseError(
                    f"the phase was not over {TIMEOUT:g} s after its planned end: {self.outstanding} requests"
                    f" unanswered, {len(self.waiting)} not sent"
                ) from None
        finally:
            await self._close()
        return self.result

    async def _close(self) -> None:
        """Close every connection opened, in every path, and wait until each is closed."""
        self.closing = True
        for task in self.opening:
            task.cancel()
        await asyncio.gather(*self.opening, return_exceptions=True)
        made = [connection for connection in self.connections if connection.transport is not None]
        for connection in made:
            assert connection.transport is not None
            if connection.busy:
                connection.transport.abort()  # a failed phase: do not wait for a server that is not reading
            else:
                connection.transport.close()
        await asyncio.gather(*(connection.closed for connection in made))

    async def _schedule(self, start: float) -> None:
        """Send request ``i`` at ``start + i / rate`` (each on an idle connection, or queued for the next one)."""
        rate, total = self.phase.rate, int(self.phase.rate * self.phase.seconds)
        for i in range(total):
            due = start + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if self.done.done():
                break
            self._take(due)
        self.scheduled_all = True
        if self.outstanding == 0 and not self.waiting and not self.done.done():
            self.done.set_result(None)


def run_phase(phase: Phase) -> Result:
    """Run one phase in this process (its own event loop) and return what it measured."""

    async def main() -> Result:
        return await _Generator(phase).run()

    return asyncio.run(main())
