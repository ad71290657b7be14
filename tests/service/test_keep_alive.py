"""--keep-alive: how long the server keeps an idle keep-alive connection open (a proxy's must be shorter)."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from tests.service.server import ServiceProcess

pytestmark = pytest.mark.slow

REQUEST = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n"


def _answered(sock: socket.socket) -> bytes:
    """Send one keep-alive request and read its whole answer (head, then ``content-length`` bytes of body)."""
    sock.sendall(REQUEST)
    answer = b""
    while b"\r\n\r\n" not in answer:
        answer += sock.recv(65536)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), head[:100]
    lines = head.split(b"\r\n")
    length = next(int(line.split(b":")[1]) for line in lines if line.lower().startswith(b"content-length"))
    while len(body) < length:
        body += sock.recv(65536)
    assert body == b'{"status":"ok"}'
    return body


def _closed_within(sock: socket.socket, seconds: float) -> bool:
    """Whether the server closes the connection within ``seconds`` (it reads end of stream)."""
    sock.settimeout(seconds)
    try:
        return sock.recv(1) == b""
    except TimeoutError:
        return False


def test_an_idle_connection_is_closed_after_keep_alive_seconds(tmp_path: Path) -> None:
    """--keep-alive 0.3: an idle connection is closed; with the default (5 s) one idle for 1 s still answers."""
    with (
        ServiceProcess(tmp_path, "--no-log", "--keep-alive", "0.3") as short,
        socket.create_connection(("127.0.0.1", short.port), timeout=10) as sock,
    ):
        _answered(sock)
        assert _closed_within(sock, 10)
    with (
        ServiceProcess(tmp_path, "--no-log") as default,
        socket.create_connection(("127.0.0.1", default.port), timeout=10) as sock,
    ):
        _answered(sock)
        time.sleep(1.0)
        _answered(sock)  # the same connection, after a second of idleness
