"""A pack's folder: which of its files are the pack's.

The compiler, the pack cache's key, the manifest and the schema writer read the same files, and refuse
the same ones unread. This module imports nothing heavy: the cache's key is computed before the compiler
is imported (``evaluate`` starts without networkx when the compiled pack is cached).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

__all__ = ["SUFFIXES", "pack_files"]

#: The suffixes of a pack's files, in lower case (a file's is compared in lower case).
SUFFIXES: Final = (".yaml", ".yml")


def pack_files(directory: Path, *, strict: bool = False) -> list[tuple[Path, Path | None]]:
    """The ``*.yaml`` and ``*.yml`` files of a pack's folder, in the order the compiler reads them.

    The suffix in any case: ``leniency.YAML`` is read on every system. A glob read it on Windows and
    macOS and left it out on Linux, where the pack then lost the kind without a word.

    Each comes with the file it names, or None when that leaves the folder. A pack is the files of its
    folder: a link that leaves it would let anyone who can place a link there have any file this user
    can read compiled, and its text quoted in the diagnostics. ``realpath``, not ``resolve()``: a loop
    is no error here (3.11 raised one); reading the file says so.

    A folder that cannot be listed has no files, unless ``strict`` (the compiler's reading), when the
    ``OSError`` is raised: a folder this user may not list is not an empty one.
    """
    home = Path(os.path.realpath(directory))
    found = []
    try:
        names = [file for file in directory.iterdir() if file.suffix.lower() in SUFFIXES]
    except OSError:  # as glob had it: no folder, or one that cannot be listed, has no files
        if strict:
            raise
        names = []
    for file in sorted(names):
        real = Path(os.path.realpath(file))
        found.append((file, real if real.is_relative_to(home) else None))
    return found
