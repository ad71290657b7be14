"""``commitrules serve`` stopped by a signal: exit 0, the port released, every decision answered in the log."""

from __future__ import annotations

import signal
import socket
from pathlib import Path

import httpx
import pytest

from tests.service.server import ServiceProcess, verify_log


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_service_with_exit_0_and_releases_the_port(tmp_path: Path, sig: signal.Signals):
    """SIGTERM (what systemd, Docker and Kubernetes send) ended the process with 143, killed by the
    signal uvicorn re-raised after its graceful shutdown, although serve's own documentation says 0.
    """
    database = tmp_path / "decisions.db"
    service = ServiceProcess(tmp_path, "--log-url", f"sqlite:///{database}").start()
    try:
        body = {"kind": "credit_site", "content": {"items": ["dishonesty_info"]}}
        answered = httpx.post(service.url + "/v1/decisions?as_of=2020-06-01", json=body, timeout=30)
    finally:
        code = service.stop(sig)
    assert 200 == answered.status_code
    assert 0 == code, service.stderr()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as again:
        again.bind(("127.0.0.1", service.port))  # no one listens on it any more
    verified = verify_log(database)
    assert (0, True) == (verified.returncode, verified.stdout.startswith("ok: records: 1,")), verified.stdout
