"""``commitrules ARGS`` run as a user runs it: a new process, no ``COMMITRULES_*`` of the test's environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the command line to its end in ``cwd``, with ``env`` over this environment; its output as text."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("COMMITRULES_")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "commitrules.cli", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=120,
        check=False,
    )
