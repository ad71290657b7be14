"""Servers shared by the service tests (one process per module that needs it)."""

from __future__ import annotations

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
