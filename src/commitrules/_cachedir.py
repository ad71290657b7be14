"""The cache folder of commitrules, and plain data kept there (no import of the rest of the package).

:mod:`commitrules._packcache` keeps compiled packs here; the message catalogues keep their parsed YAML
here (:func:`store_data`), so that a start reads neither again. See :mod:`commitrules._packcache` for
where the folder is and why it must be writable by its user only.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import uuid
from pathlib import Path
from typing import Any, Final

__all__ = ["ENV", "KEEP", "MAGIC", "cache_directory", "data_key", "load_data", "prune", "read", "store_data", "write"]

#: The environment variable naming the cache folder (empty: no cache).
ENV: Final = "COMMITRULES_CACHE_DIR"
#: Files of each kind kept in the folder; older ones are removed when a new one is written.
KEEP: Final = 32
#: The first bytes of every file of the folder.
MAGIC: Final = b"commitrules-pack-cache 1\n"


def cache_directory() -> Path | None:
    """The cache folder, or None when the cache is switched off (``COMMITRULES_CACHE_DIR=``)."""
    value = os.environ.get(ENV)
    if value is not None:
        return Path(value) if value else None
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache")
    return base / "commitrules"


def data_key(kind: str, data: bytes) -> str:
    """The key of plain data derived from ``data`` (its bytes, this Python's version and marshal format)."""
    return hashlib.sha256(f"{MAGIC!r} {kind} {sys.version} {marshal.version}\n".encode() + data).hexdigest()


def read(key: str, suffix: str) -> bytes | None:
    """What is kept under ``key`` with ``suffix``, without :data:`MAGIC` (None: no cache, no file, not ours)."""
    folder = cache_directory()
    if folder is None:
        return None
    try:
        data = (folder / f"{key}.{suffix}").read_bytes()
    except OSError:
        return None
    return data[len(MAGIC) :] if data.startswith(MAGIC) else None


def write(key: str, suffix: str, payload: bytes, keep: int = KEEP) -> None:
    """Keep ``payload`` under ``key`` (atomically, the ``keep`` newest of ``suffix``).

    A folder that cannot be written is left alone: the cache only saves time.
    """
    folder = cache_directory()
    if folder is None:
        return
    temporary = folder / f".{key}.{uuid.uuid4().hex}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(MAGIC + payload)
        temporary.replace(folder / f"{key}.{suffix}")
        prune(folder, suffix, keep)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def load_data(key: str, suffix: str) -> object | None:
    """Plain data kept under ``key`` by :func:`store_data` (None: no cache, no such file, a bad file).

    The data is marshalled (dicts, lists, strings, numbers): quick to read, for what every start reads.
    """
    payload = read(key, suffix)
    if payload is None:
        return None
    try:
        value: object = marshal.loads(payload)  # noqa: S302 - the user's own cache folder, as the packs
    except (EOFError, ValueError, TypeError):  # torn or foreign: only a miss
        return None
    return value


def store_data(key: str, suffix: str, value: Any) -> None:
    """Keep plain ``value`` under ``key`` (atomically, the :data:`KEEP` newest of ``suffix``)."""
    if cache_directory() is None:
        return
    try:
        payload = marshal.dumps(value)
    except ValueError:  # not plain data: nothing to keep
        return
    write(key, suffix, payload)


def prune(folder: Path, suffix: str = "pack", keep: int = KEEP) -> None:
    """Remove all but the ``keep`` most recently written files of ``suffix``."""
    packs = []
    for path in folder.glob(f"*.{suffix}"):
        try:
            packs.append((path.stat().st_mtime_ns, path))
        except OSError:  # removed meanwhile by another process
            continue
    for _, path in sorted(packs, reverse=True)[keep:]:
        path.unlink(missing_ok=True)
