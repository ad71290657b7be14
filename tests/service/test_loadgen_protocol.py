"""The benchmark's load generator against small HTTP servers that misbehave on purpose.

The real service answers correctly; these servers answer what it must not (a list for a decision, a batch
with too few results), close connections the way uvicorn does once they are idle, or are not there at all.
Each server runs in a thread of this process; the generator runs its own event loop, as in the benchmark.
"""

from __future__ import annotations

import asyncio
import json
import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from benchmarks import loadgen
from benchmarks.loadgen import Phase, PhaseError, ResponseError, run_phase

#: What a server answers to one request's body: the whole response, or None to close without answering.
Answer = Callable[[bytes, int], bytes | None]


def _response(body: bytes, *headers: str) -> bytes:
    head = "".join(f"{header}\r\n" for header in headers)
    return f"HTTP/1.1 200 OK\r\n{head}Content-Length: {len(body)}\r\n\r\n".encode() + body


def decision(_body: bytes, n: int) -> bytes:
    """A decision's 200, as the service answers it."""
    return _response(b'{"outcome": "allow"}', f"X-Decision-Id: d-{n}")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, answer: Answer, *, close_after_answer: bool) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answer = answer
        self.close_after_answer = close_after_answer
        self.lock = threading.Lock()
        self.requests = 0
        self.connections = 0
        self.release = threading.Event()  # for answers that never come: set when the test ends


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def handle(self) -> None:
        with self.server.lock:
            self.server.connections += 1
        while line := self.rfile.readline():
            assert line.startswith(b"POST ")
            headers = {}
            while (line := self.rfile.readline()) not in {b"\r\n", b""}:
                name, _, value = line.partition(b":")
                headers[name.strip().lower()] = value.strip()
            body = self.rfile.read(int(headers[b"content-length"]))
            with self.server.lock:
                self.server.requests += 1
                n = self.server.requests
            response = self.server.answer(body, n)
            if response is None:
                return
            self.wfile.write(response)
            self.wfile.flush()
            if self.server.close_after_answer:
                return


@contextmanager
def serving(answer: Answer, *, close_after_answer: bool = False) -> Iterator[_Server]:
    """A server in a thread of this process on a free loopback port, until the block ends."""
    server = _Server(answer, close_after_answer=close_after_answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
        thread.join()


def _phase(port: int, **kwargs: Any) -> Phase:
    settings: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": port,
        "path": "/v1/decisions",
        "bodies": [b'{"kind": "credit_site"}'],
        "connections": 2,
        "seconds": 0.5,
        "rate": 10.0,
    }
    settings.update(kwargs)
    return Phase(**settings)


def _open_fds() -> int:
    return sum(1 for _ in Path("/proc/self/fd").iterdir())


def _batch(results: int) -> Answer:
    items = [{"status": 200, "decision_id": f"d-{k}"} for k in range(results)]
    return lambda _body, _n: _response(json.dumps({"results": items}).encode())


@pytest.mark.parametrize(("results", "words"), [(2, "2 results for 3 cases sent"), (4, "4 results for 3 cases sent")])
def test_a_batch_answer_with_too_few_or_too_many_results_fails_the_phase(results: int, words: str) -> None:
    """A batch of 3 cases answered with 2 or 4 results is not 3 decisions: the phase fails and says so."""
    body = json.dumps({"cases": [{"kind": "credit_site"}] * 3}).encode()
    with serving(_batch(results)) as server, pytest.raises(ResponseError, match=words):
        run_phase(_phase(server.server_address[1], path="/v1/decisions:batch", bodies=[body]))


@pytest.mark.parametrize("document", [b"[1, 2]", b"3", b'"allow"', b"null"])
def test_a_200_whose_json_is_not_an_object_fails_the_phase(document: bytes) -> None:
    """Valid JSON that is not an object is a failed phase with what came back, not a crash of the generator."""
    answer: Answer = lambda _body, n: _response(document, f"X-Decision-Id: d-{n}")  # noqa: E731
    with serving(answer) as server, pytest.raises(ResponseError, match="not a JSON object"):
        run_phase(_phase(server.server_address[1]))


def test_a_batch_answer_whose_json_is_not_an_object_fails_the_phase() -> None:
    """The same for a batch: a list where the object with its results should be."""
    answer: Answer = lambda _body, _n: _response(b'[{"status": 200, "decision_id": "d-1"}]')  # noqa: E731
    with serving(answer) as server, pytest.raises(ResponseError, match="not a JSON object"):
        run_phase(_phase(server.server_address[1], path="/v1/decisions:batch", bodies=[b'{"cases": [{}]}']))


def test_connections_the_server_closes_while_idle_are_reopened() -> None:
    """A server that closes each connection once it answered (as uvicorn does one idle for 5 s).

    Ten requests/s on two connections: every request after the first two finds its connection closed,
    opens another and is sent once. Every request is answered and counted; none is lost or sent twice.
    """
    with serving(decision, close_after_answer=True) as server:
        result = run_phase(_phase(server.server_address[1], rate=10.0, seconds=0.5))
        received, connections = server.requests, server.connections
    assert 5 == received
    assert 5 == connections
    assert 5 == len(result.latencies)
    assert {f"d-{n}" for n in range(1, 6)} == set(result.decision_ids)


def _slow(seconds: float) -> Answer:
    """A decision's 200 after ``seconds`` (each connection has its own handler thread)."""

    def answer(body: bytes, n: int) -> bytes:
        time.sleep(seconds)
        return decision(body, n)

    return answer


def test_an_open_loop_opens_connections_as_requests_need_them() -> None:
    """Ten requests 0.05 s apart, each answered after 0.2 s: about four are unanswered at any moment.

    With room for sixteen connections the generator opens more as requests come due with none free, so
    no request waits for another's answer; from a fixed pool of one each waits for the one before it,
    and the last one (due at 0.45 s) is answered after all ten answers, at 2 s or later.
    """
    with serving(_slow(0.2)) as server:
        grown = run_phase(_phase(server.server_address[1], connections=1, rate=20.0, max_connections=16))
        opened = server.connections
    assert 10 == len(grown.latencies)
    assert 3 <= grown.most_connections <= 16
    assert opened == grown.most_connections  # none closed, so each one opened was open at the peak
    with serving(_slow(0.2)) as server:
        pooled = run_phase(_phase(server.server_address[1], connections=1, rate=20.0))
        opened = server.connections
    assert 1 == pooled.most_connections == opened
    assert max(pooled.latencies) >= 10 * 0.2 - 0.45 - 0.01  # answered after ten answers, due at 0.45 s
    assert max(grown.latencies) < max(pooled.latencies)


def test_a_closed_loop_keeps_to_its_connections() -> None:
    """``max_connections`` is for open loops: a closed loop's concurrency is its connections."""
    phase = _phase(1, rate=0.0, connections=3, max_connections=50)
    assert 3 == phase.limit
    assert 50 == _phase(1, connections=3, max_connections=50).limit
    assert 3 == _phase(1, connections=3).limit


def test_a_connection_idle_too_long_is_replaced_before_it_is_used() -> None:
    """Idle past ``idle_seconds`` (0.05 s here, 4 s by default): closed by the generator and another opened.

    The server keeps its connections open; five requests 0.2 s apart on one connection go on five connections,
    so that none is written as a server's keep-alive timeout closes the connection it goes on.
    """
    with serving(decision) as server:
        result = run_phase(_phase(server.server_address[1], connections=1, rate=5.0, seconds=1.0, idle_seconds=0.05))
        received, connections = server.requests, server.connections
    assert 5 == len(result.latencies)
    assert 5 == received
    assert 5 == connections


def test_a_closed_loop_reopens_after_connection_close() -> None:
    """A response with ``Connection: close``: the next request goes on a new connection, none fails."""
    answer: Answer = lambda _body, n: _response(b'{"outcome": "allow"}', f"X-Decision-Id: d-{n}", "Connection: close")  # noqa: E731
    with serving(answer, close_after_answer=True) as server:
        result = run_phase(_phase(server.server_address[1], rate=0.0, seconds=0.3))
        received, connections = server.requests, server.connections
    assert result.latencies
    assert received == len(result.latencies) == len(result.decision_ids)
    assert connections >= received


def test_a_connection_closed_with_a_request_on_it_fails_the_phase() -> None:
    """Closed after the request was read and before any answer: it may have been decided, so it is not retried."""
    with serving(lambda _body, _n: None) as server, pytest.raises(PhaseError, match="before answering"):
        run_phase(_phase(server.server_address[1]))
    assert 1 == server.requests


def test_a_phase_not_over_timeout_seconds_after_its_end_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """A server that reads requests and never answers: the phase fails TIMEOUT after its planned end."""

    def never(_body: bytes, _n: int) -> bytes | None:
        server.release.wait()
        return None

    monkeypatch.setattr(loadgen, "TIMEOUT", 0.2)
    with serving(never) as server, pytest.raises(PhaseError, match=r"not over 0\.2 s after its planned end"):
        run_phase(_phase(server.server_address[1], rate=10.0, seconds=0.2))


def test_no_listener_fails_the_phase_and_leaves_no_socket_open() -> None:
    """Nothing listens on the port: a clear error, and as many file descriptors open after as before.

    The port is held, bound but not listening, so that no other process can start listening on it
    meanwhile (a port probed free and closed could be taken before the phase connects).
    """
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        before = _open_fds()
        with pytest.raises(PhaseError, match=r"cannot open a connection to 127\.0\.0\.1:"):
            run_phase(_phase(held.getsockname()[1]))
        assert before == _open_fds()


def _record_connections(monkeypatch: pytest.MonkeyPatch, refuse_after: int | None = None) -> list[Any]:
    """The transports the generator opens, from now on; with ``refuse_after``, the next connection is refused."""
    opened: list[Any] = []
    create_connection = asyncio.BaseEventLoop.create_connection

    async def recorded(self: Any, *args: Any, **kwargs: Any) -> Any:
        if len(opened) == refuse_after:
            raise ConnectionRefusedError("refused on purpose")
        transport, protocol = await create_connection(self, *args, **kwargs)
        opened.append(transport)
        return transport, protocol

    monkeypatch.setattr(asyncio.BaseEventLoop, "create_connection", recorded)
    return opened


def _closed(transport: Any) -> bool:
    return bool(transport.is_closing()) and -1 == transport.get_extra_info("socket").fileno()


def test_a_connection_refused_partway_closes_those_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    """The third of four connections cannot be opened: the two already open are closed before the error."""
    opened = _record_connections(monkeypatch, refuse_after=2)
    with socket.create_server(("127.0.0.1", 0), backlog=8) as listener:  # connects complete; none is accepted
        before = _open_fds()
        with pytest.raises(PhaseError, match="refused on purpose"):
            run_phase(_phase(listener.getsockname()[1], connections=4))
        after = _open_fds()
    assert 2 == len(opened)
    assert [True, True] == [_closed(transport) for transport in opened]
    assert before == after


def test_a_phase_closes_its_connections_however_it_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    """A phase that went well and one that failed: every connection is closed when ``run_phase`` returns."""
    opened = _record_connections(monkeypatch)
    with serving(decision) as server:
        result = run_phase(_phase(server.server_address[1], connections=3, rate=20.0, seconds=0.25))
    assert 5 == len(result.latencies)
    with serving(lambda _body, _n: _response(b"[]")) as server, pytest.raises(ResponseError):
        run_phase(_phase(server.server_address[1], connections=3))
    assert [True] * 6 == [_closed(transport) for transport in opened]
