"""The cache folder of commitrules, and plain data kept there (no import of the rest of the package).

:mod:`commitrules._packcache` keeps compiled packs here; the message catalogues keep their parsed YAML
here (:func:`store_data`), so that a start reads neither again. See :mod:`commitrules._packcache` for
where the folder is.

The packs are pickles: whoever can write a file that is read here runs code as the user who reads it.
So nothing is read from (nor written to) a folder that is not the user's own (or root's) or that its
group or others can write (``COMMITRULES_CACHE_DIR=/tmp``, a shared team folder), and no file that is a
symbolic link, is not the user's (or root's), or that its group or others can write; each file also
names the key it was written under, so that a file of the user's renamed to another key is not read.
Such a folder or file is said once, in a note on the ``commitrules`` logger (standard error when
logging is not set up; see :func:`refused`), and the pack is compiled instead: the checks of pip's cache (owner) and of
OpenSSH's ``StrictModes`` (owner, no write for group or others). The folder is made with mode 0700
and the files with 0600. Windows has no owner and mode bits: there the user's own
``%LOCALAPPDATA%`` is relied on.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import marshal
import os
import stat
import sys
import uuid
from pathlib import Path
from typing import Any, Final

__all__ = [
    "ENV",
    "KEEP",
    "MAGIC",
    "Untrusted",
    "cache_directory",
    "data_key",
    "header",
    "load_data",
    "note",
    "prune",
    "read",
    "read_trusted",
    "refused",
    "store_data",
    "untrusted",
    "write",
]

#: The environment variable naming the cache folder (empty: no cache).
ENV: Final = "COMMITRULES_CACHE_DIR"
#: Files of each kind kept in the folder; older ones are removed when a new one is written.
KEEP: Final = 32
#: The first bytes of every file of the folder.
MAGIC: Final = b"commitrules-pack-cache 2\n"


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


def header(key: str) -> bytes:
    """The first bytes of the file kept under ``key``: :data:`MAGIC` and the key itself."""
    return MAGIC + key.encode("ascii") + b"\n"


def _uid() -> int | None:
    """The user this process runs as (None: a platform without owners, Windows)."""
    geteuid = getattr(os, "geteuid", None)
    return geteuid() if geteuid is not None else None


def untrusted(status: os.stat_result, *, folder: bool) -> tuple[str, dict[str, object]] | None:
    """Why a folder or file of this ``status`` must not be read (a message id and its parameters), or None.

    Trusted: a folder (a regular file) of this user or of root that neither its group nor others can write.
    """
    if folder and not stat.S_ISDIR(status.st_mode):
        return "cache.reason.not_folder", {}
    if not folder and not stat.S_ISREG(status.st_mode):
        return "cache.reason.not_file", {}
    uid = _uid()
    if uid is None:  # pragma: no cover - Windows
        return None
    if status.st_uid not in (uid, 0):
        return "cache.reason.owner", {"owner": str(status.st_uid), "uid": str(uid)}
    if status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "cache.reason.writable", {"mode": f"{stat.S_IMODE(status.st_mode):04o}"}
    return None


#: The folders and files found untrusted (each once per process), and the refusals not yet said.
_NOTED: set[str] = set()
_REFUSED: list[tuple[Path, tuple[str, dict[str, object]]]] = []


def note(path: Path, reason: tuple[str, dict[str, object]]) -> None:
    """Keep, once per process, that ``path`` is not trusted and why, for :func:`refused` to say."""
    if str(path) not in _NOTED:
        _NOTED.add(str(path))
        _REFUSED.append((path, reason))


def refused() -> list[tuple[Path, tuple[str, dict[str, object]]]]:
    """The folders and files not trusted since the last call, with why (a message id and its parameters).

    This module imports nothing of the package (the catalogues read through it): the pack cache puts
    them into words, in a note on the ``commitrules`` logger.
    """
    found = _REFUSED[:]
    del _REFUSED[: len(found)]
    return found


def _folder(*, make: bool = False) -> Path | None:
    """The cache folder's real path when it is there and trusted (``make``: made first, mode 0700)."""
    folder = cache_directory()
    if folder is None:
        return None
    try:
        if make:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        real = folder.resolve()
        status = real.stat()
    except (OSError, RuntimeError):  # not there (yet), or not a folder that can be made: no cache now
        return None
    reason = untrusted(status, folder=True)
    if reason:
        note(folder, reason)
        return None
    return real


class Untrusted(Exception):  # noqa: N818 - a refusal, not a failure
    """A file that another user could have written (:func:`read_trusted`); ``reason`` says why."""

    def __init__(self, reason: tuple[str, dict[str, object]]) -> None:
        super().__init__(reason[0])
        self.reason = reason


def read_trusted(path: Path) -> bytes:
    """The bytes of ``path``, a regular file (no symbolic link) of this user or root that no one else can write.

    Raises:
        Untrusted: it is a link, or not such a file (:func:`untrusted` says why).
        OSError: it cannot be read.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise Untrusted(("cache.reason.link", {})) from error
        raise
    with os.fdopen(descriptor, "rb") as stream:
        reason = untrusted(os.fstat(stream.fileno()), folder=False)  # the file opened, not a name
        if reason:
            raise Untrusted(reason)
        return stream.read()


def read(key: str, suffix: str) -> bytes | None:
    """What is kept under ``key`` with ``suffix``, without its :func:`header` (None: no cache, no file, not ours).

    A file that is not trusted (see the module) is not read; a note says why.
    """
    folder = _folder()
    if folder is None:
        return None
    path = folder / f"{key}.{suffix}"
    try:
        data = read_trusted(path)
    except Untrusted as refusal:
        note(path, refusal.reason)
        return None
    except OSError:
        return None
    first = header(key)
    return data[len(first) :] if data.startswith(first) else None


def write(key: str, suffix: str, payload: bytes, keep: int = KEEP) -> None:
    """Keep ``payload`` under ``key`` (atomically, the ``keep`` newest of ``suffix``; mode 0600).

    A folder that cannot be written, or is not trusted, is left alone: the cache only saves time.
    """
    folder = _folder(make=True)
    if folder is None:
        return
    temporary = folder / f".{key}.{uuid.uuid4().hex}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        with os.fdopen(os.open(temporary, flags, 0o600), "wb") as stream:
            stream.write(header(key) + payload)
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
