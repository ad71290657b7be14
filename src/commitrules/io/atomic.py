"""Writing a command's output file whole or not at all: a failed or interrupted write leaves the old file.

A file opened for writing is emptied at once: a full disk, a Ctrl-C or a killed process part way leaves
half a report, and the good one that was there is gone. :func:`write_whole` writes beside the target and
renames the finished file over it, so that the target is at every moment either the old file or the new.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, TypeVar

from commitrules.io.probe import resolved

__all__ = ["same_file", "write_whole", "write_whole_text"]

T = TypeVar("T")


def write_whole(out: str | Path, write: Callable[[IO[str]], T]) -> T:
    """Call ``write`` with a text file that becomes ``out`` when ``write`` returns (UTF-8); its result.

    A pipe, a device or a shell's ``>(...)`` (``/dev/fd/N``) that exists is written to as it is: there is
    nothing to replace. A symbolic link's file is replaced, not the link. The new file keeps the mode of
    the file it replaces (else the mode ``open`` would have given).

    Raises:
        OSError: with ``filename`` set to ``out`` (not the part file), so that the command names it; the
            part file is removed and ``out`` is as it was.
    """
    given = Path(out)
    if given.exists() and not given.is_file():  # a folder fails here, named
        try:
            with given.open("w", encoding="utf-8") as stream:
                return write(stream)
        except OSError as exc:  # /dev/full fails in the middle of the write, where Python gives no name
            raise OSError(exc.errno, exc.strerror, str(out)) from None
    if given.is_symlink():  # resolve() raises RuntimeError on a loop of links (Python 3.11, 3.12)
        try:
            given.stat()
        except FileNotFoundError:
            pass  # a link to a file not made yet: it is made where the link points
        except OSError as exc:  # ELOOP
            raise OSError(exc.errno, exc.strerror, str(out)) from None
    try:
        target = resolved(given)  # a loop of links above the file: ELOOP, not RuntimeError
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(out)) from None
    try:
        fd, part = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(out)) from None
    try:
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as stream:
                os.fchmod(stream.fileno(), _mode_of(target))  # mkstemp's is 0600
                result = write(stream)
                stream.flush()
                os.fsync(stream.fileno())
            Path(part).replace(target)
        except OSError as exc:  # a full disk, or --out a folder: name --out, not the part file
            raise OSError(exc.errno, exc.strerror, str(out)) from None
    except BaseException:
        Path(part).unlink(missing_ok=True)
        raise
    return result


def write_whole_text(out: str | Path, text: str) -> None:
    """Write ``text`` to ``out`` whole or not at all (:func:`write_whole`)."""
    write_whole(out, lambda stream: stream.write(text))


def _mode_of(target: Path) -> int:
    """The mode a file written to ``target`` keeps: the file's own when there is one, else 0666 less the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0o022)  # the only way to read it: set it, and set it back at once
        os.umask(umask)
        return 0o666 & ~umask


def same_file(first: str | Path | IO[Any], second: str | Path | IO[Any]) -> bool:
    """Whether two paths or open streams are one regular file (by a link, a second name, a redirection).

    A terminal or a pipe on both sides is no regular file, and a stream without a descriptor is no file.
    """
    try:
        a, b = (os.fstat(x.fileno()) if hasattr(x, "fileno") else Path(x).stat() for x in (first, second))
    except (OSError, ValueError):  # io.UnsupportedOperation (no descriptor) is both
        return False
    return stat.S_ISREG(a.st_mode) and (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)
