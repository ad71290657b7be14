"""A real ``commitrules serve`` process on a port the system chose, for the service tests.

``serve --port 0`` binds before it says where it serves, and its start line names the port bound: the
tests read it there. (Choosing a free port first and passing it to ``--port`` left a moment between the
probe's close and the server's bind in which another process could take the port.)
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Self

import httpx

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 60.0

#: The start line (``serve.started`` in the catalogues), in either language: the addresses it names.
_STARTED = re.compile(
    r"^commitrules(?:: serving .+? on (?P<en>http://.+?) with \d+ worker|：正在 (?P<zh>http://.+?) 上提供 )",
    re.MULTILINE,
)
_AND = re.compile(" and | 和 ")  # serve.and


def printed_urls(
    output: Path, process: subprocess.Popen[Any], *, offset: int = 0, seconds: float = START_SECONDS
) -> list[str]:
    """The addresses the start line of ``commitrules serve`` names in ``output`` (from byte ``offset`` on).

    Waits for the line, at most ``seconds``.

    Raises:
        RuntimeError: the server exited before it printed the line, or did not print it in time; the
            message holds what it printed.
    """
    deadline = time.monotonic() + seconds
    while True:
        exited = process.poll() is not None  # before the read: the output of an exited server is all there
        with output.open("rb") as printed:
            printed.seek(offset)
            text = printed.read().decode("utf-8", errors="replace")
        found = _STARTED.search(text)
        if found:
            return _AND.split(found["en"] or found["zh"])
        if exited:
            raise RuntimeError(f"the server exited with {process.returncode} before its start line: {text}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the server printed no start line in {seconds} s: {text}")
        time.sleep(0.05)


class ServiceProcess:
    """``commitrules serve --port 0 ARGS`` in a subprocess; ``port`` and ``url`` once :meth:`start` returned."""

    def __init__(self, workdir: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.workdir = workdir
        self.args = list(args)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("COMMITRULES_")}
        self.env.update(env or {})
        self.port = 0  # the port bound, read from the start line
        self.url = ""
        self.process: subprocess.Popen[bytes] | None = None
        handle, name = tempfile.mkstemp(prefix="serve-", suffix=".err", dir=workdir)  # one per server in workdir
        os.close(handle)
        self.stderr_path = Path(name)

    def command(self) -> list[str]:
        return [sys.executable, "-m", "commitrules.cli", "serve", "--port", "0", *self.args]

    def start(self) -> ServiceProcess:
        """Start the server, read its port from the start line, and wait until ``/healthz`` answers."""
        offset = self.stderr_path.stat().st_size
        with self.stderr_path.open("ab") as err:
            self.process = subprocess.Popen(self.command(), cwd=self.workdir, env=self.env, stdout=err, stderr=err)
        deadline = time.monotonic() + START_SECONDS
        try:
            self.url = printed_urls(self.stderr_path, self.process, offset=offset)[0]
        except RuntimeError:
            self.stop()
            raise
        self.port = int(self.url.rsplit(":", 1)[1])
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}{self._why()}: {self.stderr()}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1.0).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the server did not start in {START_SECONDS} s: {self.stderr()}")

    def _why(self) -> str:
        """For several workers, what an 'address already in use' after the start line means."""
        if "--workers" not in self.args or "address already in use" not in self.stderr().lower():
            return ""
        return (
            f" (with --workers, serve chose port {self.port} and closed it for uvicorn to bind again: "
            "another process took it in between)"
        )

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
