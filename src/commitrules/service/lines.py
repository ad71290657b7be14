"""The lines of a batch's input: read one at a time, a line too long never held, a stream never read without end.

A JSON Lines input may be a regular file, standard input, a pipe or a device. A line past
:data:`MAX_LINE_BYTES` is skipped without being held in memory; from a pipe or a device, whose line
may never end (``/dev/zero``), the reader stops at it instead (:class:`Unended`).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Final

__all__ = ["MAX_LINE_BYTES", "Line", "Unended", "count_lines", "is_finite", "iter_lines", "prepare_resume"]

#: The longest input line read (a case is a few kB; a line past this is reported, not read).
MAX_LINE_BYTES: Final = 16 * 1024 * 1024


class Unended(int):
    """The bytes read of a stream's line refused at the size limit, before its end (an :data:`Line`).

    A pipe or a device may send a line that never ends (``/dev/zero``): the reader stops at the limit
    and reads nothing after it, so the batch ends at that line (see :func:`iter_lines`).
    """

    __slots__ = ()


#: What the reader yields for an input line: its bytes, or the size of a line too long to read
#: (:class:`Unended` when the reader stopped there).
Line = bytes | int


def iter_lines(stream: BinaryIO, max_bytes: int = MAX_LINE_BYTES, *, skip_long: bool = True) -> Iterator[Line]:
    r"""The lines of ``stream`` with their line breaks; the size (an int) of a line longer than ``max_bytes``.

    A line too long is skipped without being held in memory. A last line without ``\n`` counts. With
    ``skip_long`` false (a stream: a pipe, a device, whose line may never end) the reader stops at the
    first line past ``max_bytes``: it yields the bytes read of it (:class:`Unended`) and reads no more.

    Examples:
        >>> import io
        >>> list(iter_lines(io.BytesIO(b"a\n" + b"x" * 10 + b"\nb"), max_bytes=5))
        [b'a\n', 11, b'b']
        >>> list(iter_lines(io.BytesIO(b"a\n" + b"x" * 10 + b"\nb"), max_bytes=5, skip_long=False))
        [b'a\n', 6]
    """
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) <= max_bytes or line.endswith(b"\n"):
            yield line
            continue
        if not skip_long:
            yield Unended(len(line))
            return
        size = len(line)
        while line and not line.endswith(b"\n"):
            line = stream.readline(1 << 20)
            size += len(line)
        yield size


def count_lines(path: Path) -> int:
    """How many lines ``path`` has (a last line without a newline counts), read in blocks."""
    count, last = 0, b"\n"
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            count += block.count(b"\n")
            last = block[-1:]
    return count + (last != b"\n")


def prepare_resume(path: Path) -> int:
    """How many complete lines ``path`` holds; a torn last line (from an interruption) is cut off.

    A missing file holds none. The file is left ending in a newline, ready to be appended to.
    """
    if not path.exists():
        return 0
    count, end, offset = 0, 0, 0
    with path.open("r+b") as stream:
        while block := stream.read(1 << 20):
            found = block.count(b"\n")
            if found:
                count += found
                end = offset + block.rindex(b"\n") + 1
            offset += len(block)
        if end != offset:
            stream.truncate(end)
    return count


def is_finite(stream: object) -> bool:
    """Whether ``stream`` is a regular file (or in memory), whose lines all end: not a pipe nor a device."""
    try:
        mode = os.fstat(stream.fileno()).st_mode  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):  # io.BytesIO and the like: no descriptor, in memory
        return True
    return stat.S_ISREG(mode)
