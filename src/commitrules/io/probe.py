"""Asking what a path a user named is, without the question itself failing.

``Path.is_dir`` and ``Path.is_file`` answer False for a missing path, a link loop or a path through
a file, but raise for others: a name longer than the system takes (ENAMETOOLONG), a folder the user
may not search (EACCES). Raised where the command line only asked, that error reached its last
resort, which said "cannot write" a file it had only looked at. These answer False instead; what
then reads or refuses the path says why, with the system's reason where it tries to open it.

When opening or reading fails, :func:`names_no_file` tells a wrong path (the input is wrong) from a
file the system could not read (a permission, a device error: the file may be sound).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

__all__ = ["exists", "is_dir", "is_file", "names_no_file", "resolved"]

#: The errors of a path that names no file to read: missing, a folder, through a file, too long, links in a loop.
_NO_FILE = frozenset({errno.ENOENT, errno.EISDIR, errno.ENOTDIR, errno.ENAMETOOLONG, errno.ELOOP})


def _answer(question: Callable[[], bool]) -> bool:
    try:
        return question()
    except OSError:
        return False


def is_dir(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a folder (following links); False when the system cannot tell.

    Examples:
        >>> is_dir("x" * 5000), is_dir(".")
        (False, True)
    """
    return _answer(Path(path).is_dir)


def is_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a regular file (following links); False when the system cannot tell.

    Examples:
        >>> is_file("x" * 5000)
        False
    """
    return _answer(Path(path).is_file)


def exists(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names something (following links); False when the system cannot tell."""
    return _answer(Path(path).exists)


def resolved(path: str | os.PathLike[str]) -> Path:
    """``Path(path).resolve()``, whose links in a loop raise OSError (ELOOP) as on Python 3.13.

    Python 3.11 and 3.12 raise RuntimeError for a loop, which no handler of files expects.

    Raises:
        OSError: links in a loop, or another error of the system's (a name too long).
    """
    try:
        return Path(path).resolve()
    except RuntimeError:  # "Symlink loop from ..." (3.11, 3.12)
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path)) from None


def names_no_file(error: OSError) -> bool:
    """Whether ``error`` says that the path names no file to read, rather than that reading a file failed.

    A path that is missing, a folder, a path through a file, a name too long or links in a loop is a
    wrong input (a command exits 1 for a case's input); a permission refused, a device or I/O error, too
    many open files are the system's failure to read a file that is there (exit 6).

    Examples:
        >>> names_no_file(IsADirectoryError(21, "Is a directory")), names_no_file(PermissionError(13, "Denied"))
        (True, False)
    """
    return error.errno in _NO_FILE
