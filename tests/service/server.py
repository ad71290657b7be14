"""A real ``commitrules serve`` process on a free loopback port, for the service tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Self

import httpx

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 60.0


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServiceProcess:
    """``commitrules serve ARGS`` in a subprocess; ``url`` once :meth:`start` returned."""

    def __init__(self, workdir: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.workdir = workdir
        self.args = list(args)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("COMMITRULES_")}
        self.env.update(env or {})
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.stderr_path = workdir / f"serve-{self.port}.err"

    def command(self) -> list[str]:
        return [sys.executable, "-m", "commitrules.cli", "serve", "--port", str(self.port), *self.args]

    def start(self) -> ServiceProcess:
        """Start the server and wait until ``/healthz`` answers."""
        with self.stderr_path.open("ab") as err:
            self.process = subprocess.Popen(self.command(), cwd=self.workdir, env=self.env, stdout=err, stderr=err)
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}: {self.stderr()}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1.0).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the server did not start in {START_SECONDS} s: {self.stderr()}")

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace") if self.stderr_path.exists() else ""

    def stop(self, sig: int = signal.SIGTERM) -> int | None:
        """Stop the server (SIGTERM: graceful; SIGKILL: a crash) and wait for it."""
        if self.process is None or self.process.poll() is not None:
            return None if self.process is None else self.process.returncode
        self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait(timeout=30)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_command(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``commitrules serve ARGS`` to completion (for commands that exit: errors, --openapi)."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("COMMITRULES_")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "commitrules.cli", "serve", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd or ROOT,
        timeout=timeout,
        check=False,
    )


def verify_log(database: Path) -> subprocess.CompletedProcess[str]:
    """``commitrules log verify`` of the SQLite log ``database``, run as a user runs it (a new process)."""
    return subprocess.run(
        [sys.executable, "-m", "commitrules.cli", "log", "verify", "--log-url", f"sqlite:///{database}"],
        capture_output=True,
        text=True,
        check=False,
    )
