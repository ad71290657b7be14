"""Asking what a path a user named is, without the question itself failing.

``Path.is_dir`` and ``Path.is_file`` answer False for a missing path, a link loop or a path through
a file, but raise for others: a name longer than the system takes (ENAMETOOLONG), a folder the user
may not search (EACCES). Raised where the command line only asked, that error reached its last
resort, which said "cannot write" a file it had only looked at. These answer False instead; what
then reads or refuses the path says why, with the system's reason where it tries to open it.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

__all__ = ["exists", "is_dir", "is_file", "resolved"]


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
