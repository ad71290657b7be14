"""Servers shared by the service tests (one process per module that needs it)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.service.server import ServiceProcess


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("service")


@pytest.fixture(scope="module")
def server(workdir: Path) -> Iterator[ServiceProcess]:
    """The bundled pack served without tokens on loopback, with a decision log in the work folder."""
    with ServiceProcess(workdir, "--log-url", f"sqlite:///{workdir / 'decisions.db'}") as running:
        yield running


@pytest.fixture(scope="module")
def client(server: ServiceProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http


#: The name :func:`two_address_name` resolves to two loopback addresses.
TWO_ADDRESSES = "two.test"


@pytest.fixture
def two_address_name(monkeypatch: pytest.MonkeyPatch) -> str:
    """A host name that resolves to 127.0.0.1 and 127.0.0.2 (``socket.getaddrinfo`` patched); other names as before."""
    real = socket.getaddrinfo

    def two_addresses(host: object, port: object, *args: object, **kwargs: object) -> list:
        if host != TWO_ADDRESSES:
            return real(host, port, *args, **kwargs)  # type: ignore[arg-type]
        tcp = (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "")
        return [(*tcp, ("127.0.0.1", port)), (*tcp, ("127.0.0.2", port))]

    monkeypatch.setattr(socket, "getaddrinfo", two_addresses)
    return TWO_ADDRESSES
