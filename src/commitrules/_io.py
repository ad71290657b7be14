"""Writing the files commands produce, so that a failure names the file it failed on.

``Path.write_text`` raises an ``OSError`` without a file name when the disk fills during the write;
the command line reports every ``OSError`` by its file name (exit 6), so the name is filled in here.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["write_text_file"]


def write_text_file(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` in UTF-8.

    Raises:
        OSError: with ``filename`` set to ``path``, whatever step failed.
    """
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        if exc.filename is None:
            exc.filename = str(path)
        raise
