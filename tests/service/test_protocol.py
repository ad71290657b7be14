"""What uvicorn's parser refuses, a head that never ends and a head too large: problems, not text or a hang.

These requests never reach the app: they are answered by the service's HTTP protocol
(``commitrules.service.http.protocol``), so they are sent over a socket, byte for byte.
"""

from __future__ import annotations

import json
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from commitrules.service.http.protocol import MAX_HEAD_BYTES
from tests.language_leaks import chinese_characters, english_runs
from tests.service.server import ServiceProcess

#: Every test here starts `commitrules serve`: the fast session leaves them out.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def port(workdir: Path) -> Iterator[int]:
    """A server whose requests (and heads) may take 1.5 s."""
    with ServiceProcess(workdir, "--no-log", "--timeout", "1.5") as running:
        yield running.port


def exchange(port: int, data: bytes) -> tuple[bytes, bytes]:
    """Send ``data``, read until the server closes; the answer's head and body (a hang fails in 30 s)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        if data:
            sock.sendall(data)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return head, body


def problem(head: bytes, body: bytes, status: int, code: str) -> dict:
    assert head.startswith(b"HTTP/1.1 %d " % status), head
    assert b"content-type: application/problem+json" in head.lower()
    assert b"connection: close" in head.lower()
    document = json.loads(body)
    assert (status, code) == (document["status"], document["code"])
    assert document["request_id"].encode() in head
    return document


REFUSED = [
    b"FOO /v1/pack HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /v1/schemas/cases/中 HTTP/1.1\r\nHost: x\r\n\r\n".encode(),
    b"POST /v1/decisions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n{}",
    (
        b"POST /v1/decisions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
    ),
    b"POST /v1/decisions?as_of=" + b"9" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
]


@pytest.mark.parametrize("request_bytes", REFUSED, ids=["method", "non-ascii", "length", "chunked+length", "long"])
def test_a_request_the_parser_refuses_is_a_problem(port: int, request_bytes: bytes):
    """uvicorn answered these 'Invalid HTTP request received.' as text/plain; now a 400 problem in Chinese."""
    document = problem(*exchange(port, request_bytes), 400, "invalid_request")
    assert chinese_characters(document["detail"])
    assert [] == english_runs(document["detail"])


def test_a_refused_request_speaks_the_language_read_before_the_fault(port: int):
    """Accept-Language before the faulty header is heard: the problem is in English."""
    request_bytes = REFUSED[3].replace(b"Host: x\r\n", b"Host: x\r\nAccept-Language: en\r\n")
    document = problem(*exchange(port, request_bytes), 400, "invalid_request")
    assert document["detail"].startswith("The request is not HTTP/1.1 this server can read")


def test_a_head_that_stops_coming_is_answered_not_held(port: int):
    """Part of a head and then nothing: a 503 timeout problem and the connection closed (it was held for ever)."""
    document = problem(*exchange(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Half: "), 503, "timeout")
    assert "1.5" in document["detail"]


def test_a_connection_that_sends_nothing_is_closed(port: int):
    """A connection without a request is closed after the timeout, as an idle keep-alive one is."""
    assert (b"", b"") == exchange(port, b"")


def test_a_head_too_large_is_refused(port: int):
    """A header of 30 MB was read and answered; past the limit the head is a 431 too_large problem."""
    # A head just past the limit, not ended: the server reads every byte sent, so its answer is not lost
    # to a reset (it closes without reading the rest of a longer one).
    big = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (MAX_HEAD_BYTES + 1000)
    document = problem(*exchange(port, big), 431, "too_large")
    assert str(MAX_HEAD_BYTES) in document["detail"]
    just_under = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (MAX_HEAD_BYTES - 100) + b"\r\n\r\n"
    head, _ = exchange(port, just_under.replace(b"Host: x\r\n", b"Host: x\r\nConnection: close\r\n"))
    assert head.startswith(b"HTTP/1.1 200 "), head


def test_a_body_read_with_the_start_of_the_next_head_is_not_counted_as_head(port: int):
    """A 100 KB body and the first bytes of the next request in one read: the read was counted as head
    (431 and the connection closed, in the middle of the first request); the next request is answered."""
    body = json.dumps({"kind": "credit_site", "pad": "x" * 100_000}).encode()
    head = b"POST /v1/decisions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(head % len(body) + body + b"GET /hea")
        answer = b""
        while not _complete(answer):
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
        sock.sendall(b"lthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        while chunk := sock.recv(65536):
            answer += chunk
    assert [b"422", b"200"] == re.findall(rb"HTTP/1\.1 (\d{3}) ", answer)


def _complete(answer: bytes) -> bool:
    """Whether ``answer`` holds a whole response (its head and Content-Length bytes of body)."""
    head, found, body = answer.partition(b"\r\n\r\n")
    length = re.search(rb"content-length: (\d+)", head)
    return bool(found and length and len(body) >= int(length.group(1)))


def answer_on(sock: socket.socket) -> bytes:
    """One whole response read from a kept-open connection: its head, then the body its length says."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(re.search(rb"(?im)^content-length: *(\d+)", head).group(1))  # type: ignore[union-attr]
    while len(body) < length:
        chunk = sock.recv(65536)
        assert chunk, body
        body += chunk
    assert len(body) == length
    return head


def test_a_connection_past_the_limit_is_answered_overloaded_and_the_others_keep_serving(workdir: Path):
    """``--max-connections 3``: three open connections are served; a fourth gets 503 ``overloaded``, closed."""
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\n\r\n"  # a short answer: one recv
    with ServiceProcess(workdir, "--no-log", "--max-connections", "3") as running:
        held = [socket.create_connection(("127.0.0.1", running.port), timeout=30) for _ in range(3)]
        try:
            for sock in held:  # each is served, and kept open
                sock.sendall(request)
                assert answer_on(sock).startswith(b"HTTP/1.1 200 ")
            head, body = exchange(running.port, request)
            document = problem(head, body, 503, "overloaded")
            assert b"retry-after: 1" in head.lower()
            assert "3 connections" in document["detail"]
            assert english_runs(document["detail"]) and not chinese_characters(document["detail"])
            zh_head, zh_body = exchange(running.port, request.replace(b"en", b"zh-CN"))
            zh = problem(zh_head, zh_body, 503, "overloaded")
            assert "3 个连接" in zh["detail"]
            assert not english_runs(zh["detail"])
            held[0].sendall(request)  # the connections within the limit keep being served
            assert answer_on(held[0]).startswith(b"HTTP/1.1 200 ")
        finally:
            for sock in held:
                sock.close()
        deadline = time.monotonic() + 10  # once one closes, a new connection is within the limit again
        while True:
            with socket.create_connection(("127.0.0.1", running.port), timeout=30) as sock:
                sock.sendall(request)
                answer = answer_on(sock)
            if answer.startswith(b"HTTP/1.1 200 ") or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert answer.startswith(b"HTTP/1.1 200 "), answer[:200]


def test_no_limit_is_kept_with_max_connections_zero(workdir: Path):
    """``--max-connections 0``: no limit (the fortieth connection held open is served as the first)."""
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    with ServiceProcess(workdir, "--no-log", "--max-connections", "0") as running:
        held = [socket.create_connection(("127.0.0.1", running.port), timeout=30) for _ in range(40)]
        try:
            for sock in held:
                sock.sendall(request)
                assert answer_on(sock).startswith(b"HTTP/1.1 200 ")
        finally:
            for sock in held:
                sock.close()
