"""Reading a small file without trusting its size: a device or a pipe named by mistake is not read without end."""

from __future__ import annotations

from pathlib import Path
from typing import Final

__all__ = ["MAX_SMALL_FILE", "read_at_most"]

#: The most read of a file that holds a few kilobytes (a head, a key, a tokens file, a manifest, a run record).
MAX_SMALL_FILE: Final = 1024 * 1024


def read_at_most(path: str | Path, limit: int = MAX_SMALL_FILE) -> bytes | None:
    """The bytes of ``path``, or None when it holds more than ``limit`` (no more than ``limit + 1`` are read).

    ``/dev/zero`` given where a small file belongs is not read until memory runs out.

    Raises:
        OSError: the file cannot be opened or read.
    """
    with Path(path).open("rb") as file:
        data = file.read(limit + 1)
    return data if len(data) <= limit else None
