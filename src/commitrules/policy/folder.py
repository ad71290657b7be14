"""A pack's folder: which of its files are the pack's.

The compiler and the pack cache's key read the same files, and refuse the same ones unread. This module
imports nothing heavy: the cache's key is computed before the compiler is imported (``evaluate`` starts
without networkx when the compiled pack is cached).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["pack_files", "real_pack_file"]


def pack_files(directory: Path) -> list[Path]:
    """The ``*.yaml`` and ``*.yml`` files of a pack's folder, in the order the compiler reads them."""
    return sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])


def real_pack_file(home: Path, file: Path) -> Path | None:
    """The file that ``file`` in a pack's folder names, or None when it leaves the folder (``home``: its realpath).

    A pack is the files of its folder: a link that leaves it would let anyone who can place a link there
    have any file this user can read compiled, and its text quoted in the diagnostics. ``realpath``, not
    ``resolve()``: a loop is no error here (3.11 raised one).
    """
    real = Path(os.path.realpath(file))
    return real if real.is_relative_to(home) else None
