"""A lean HTTP/1.1 load generator for ``benchmarks/service.py``: keep-alive connections on asyncio protocols.

The service's load benchmark first drove the server with httpx, which spends about 2 ms of processor time
per request (its connection pool, its request and response objects, its header models): twice what the
server spends deciding and logging the request. On a two-core machine the load generator then takes most
of one core and the server waits for the other, so the figures are partly the generator's. This one does
what a load generator must and nothing more, at about a tenth of httpx's cost per request:

- HTTP/1.1 over keep-alive connections on loopback (``--connections`` in all, opened before the clock
  starts), one request at a time on each connection, as httpx's pool did;
- every response read in full (status line, headers, ``Content-Length`` body) and checked: the status is
  200, a decision's response carries an ``X-Decision-Id`` and a JSON body with an ``outcome`` (a batch
  response, the decision id of every item); anything else fails the run with what was received;
- open loop: request ``i`` is due at ``start + i / rate``, whether or not earlier answers came back; if no
  connection is free when it is due it waits for one, and its latency is counted from when it was due
  (no coordinated omission); closed loop: each connection sends its next request when its answer arrives;
- bounded: a phase sends a fixed number of requests (open loop) or stops sending at its deadline (closed
  loop), and fails if an answer takes longer than ``TIMEOUT`` seconds.

The decision ids acknowledged are returned, so that the benchmark can check each one is in the log.
"""

from __future__ import annotations

import asyncio
import collections
import json
import time
from dataclasses import dataclass, field
from typing import Final

__all__ = ["Phase", "run_phase"]

#: Seconds an answer may take before the run fails (a bound on a phase's length).
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


@dataclass
class Result:
    """Latencies (seconds) and the decision ids acknowledged."""

    latencies: list[float] = field(default_factory=list)
    decision_ids: list[str] = field(default_factory=list)


class ResponseError(RuntimeError):
    """A response that is not a decision's 200."""


def _check(path: str, status: bytes, headers: dict[bytes, bytes], body: bytes, result: Result) -> None:
    """Check a response as httpx's caller did, and more: status, decision ids, the body's JSON."""
    if status != b"200":
        raise ResponseError(f"{status.decode()}: {body[:200]!r}")
    document = json.loads(body)
    if path.endswith(":batch"):
        for item in document["results"]:
            if item["status"] != 200 or not item["decision_id"]:
                raise ResponseError(f"batch item {item!r:.200}")
            result.decision_ids.append(item["decision_id"])
        return
    decision_id = headers.get(b"x-decision-id")
    if not decision_id or not isinstance(document.get("outcome"), str):
        raise ResponseError(f"no decision id or outcome: {headers!r:.200} {body[:200]!r}")
    result.decision_ids.append(decision_id.decode("ascii"))


class _Connection(asyncio.Protocol):
    """One keep-alive connection: sends a request, reads its response, reports it to the generator."""

    def __init__(self, generator: _Generator) -> None:
        self.generator = generator
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.due = 0.0
        self.opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.opened.set_result(None)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.generator.closing:
            self.generator.fail(ResponseError(f"the server closed a connection: {exc}"))

    def send(self, request: bytes, due: float) -> None:
        assert self.transport is not None
        self.due = due
        self.transport.write(request)

    def data_received(self, data: bytes) -> None:
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
        self.generator.answered(self, lines[0][9:12], headers, body)


class _Generator:
    def __init__(self, phase: Phase) -> None:
        self.phase = phase
        head = (
            f"POST {phase.path} HTTP/1.1\r\nHost: {phase.host}:{phase.port}\r\n"
            "Content-Type: application/json\r\nAccept: */*\r\nContent-Length: "
        ).encode("ascii")
        self.requests = [head + str(len(body)).encode("ascii") + b"\r\n\r\n" + body for body in phase.bodies]
        self.result = Result()
        self.idle: collections.deque[_Connection] = collections.deque()
        self.waiting: collections.deque[float] = collections.deque()  # due times of requests not yet sent
        self.sent = 0
        self.outstanding = 0
        self.closing = False
        self.deadline = 0.0
        self.done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def fail(self, exc: Exception) -> None:
        if not self.done.done():
            self.done.set_exception(exc)

    def _send(self, connection: _Connection, due: float) -> None:
        request = self.requests[self.sent % len(self.requests)]
        self.sent += 1
        self.outstanding += 1
        connection.send(request, due)

    def answered(self, connection: _Connection, status: bytes, headers: dict[bytes, bytes], body: bytes) -> None:
        now = time.perf_counter()
        self.outstanding -= 1
        try:
            _check(self.phase.path, status, headers, body, self.result)
        except (ResponseError, ValueError, KeyError, TypeError) as exc:
            self.fail(exc)
            return
        self.result.latencies.append(now - connection.due)
        if self.phase.rate:  # open loop: the oldest request waiting for a connection, if any
            if self.waiting:
                self._send(connection, self.waiting.popleft())
            else:
                self.idle.append(connection)
        elif now < self.deadline:  # closed loop: the next request, timed from now
            self._send(connection, now)
        if self.outstanding == 0 and self.finished() and not self.done.done():
            self.done.set_result(None)

    def finished(self) -> bool:
        return not self.phase.rate or (self.scheduled_all and not self.waiting)

    scheduled_all = False

    async def run(self) -> Result:
        loop = asyncio.get_running_loop()
        phase = self.phase
        connections = []
        for _ in range(phase.connections):
            _, connection = await loop.create_connection(lambda: _Connection(self), phase.host, phase.port)
            connections.append(connection)
        try:
            start = time.perf_counter()
            self.deadline = start + phase.seconds
            if phase.rate:
                self.idle.extend(connections)
                await self._schedule(start + phase.offset / phase.rate)
            else:
                for connection in connections:
                    self._send(connection, time.perf_counter())
            await asyncio.wait_for(self.done, timeout=phase.seconds + TIMEOUT)
        finally:
            self.closing = True
            for connection in connections:
                if connection.transport is not None:
                    connection.transport.close()
        return self.result

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
            if self.idle:
                self._send(self.idle.popleft(), due)
            else:
                self.waiting.append(due)
        self.scheduled_all = True
        if self.outstanding == 0 and not self.waiting and not self.done.done():
            self.done.set_result(None)


def run_phase(phase: Phase) -> Result:
    """Run one phase in this process (its own event loop) and return what it measured."""

    async def main() -> Result:
        return await _Generator(phase).run()

    return asyncio.run(main())
