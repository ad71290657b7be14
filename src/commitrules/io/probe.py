"""Asking what a path a user named is, without the question itself failing.

``Path.is_dir`` and ``Path.is_file`` answer False for a missing path, a link loop or a path through
a file, but raise for others: a name longer than the system takes (ENAMETOOLONG), a folder the user
may not search (EACCES). Raised where the command line only asked, that error reached its last
resort, which said "cannot write" a file it had only looked at. These answer False instead; what
then reads or refuses the path says why, with the system's reason where it tries to open it.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["is_dir", "is_file"]


def is_dir(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a folder (following links); False when the system cannot tell.

    Examples:
        >>> is_dir("x" * 5000), is_dir(".")
        (False, True)
    """
    try:
        return Path(path).is_dir()
    except OSError:
        return False


def is_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a regular file (following links); False when the system cannot tell.

    Examples:
        >>> is_file("x" * 5000)
        False
    """
    try:
        return Path(path).is_file()
    except OSError:
        return False
