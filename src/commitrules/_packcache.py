r"""Compiled packs kept on disk, so that a second start reads the pack instead of compiling it again.

Loading a pack reads its YAML, checks every file and condition, and compiles it (a tenth of a second
for the bundled pack, seconds for a pack of thousands of rules): the same work at every start of the
command line or of a service process, for the same files. :func:`load_policies` therefore keeps the
compiled :class:`~commitrules.policy.pack.PolicyPack` (pickled; without its evaluator, which is built
again from it) in a cache folder, under a key that covers everything the result depends on:

- the bytes and names of the pack's ``*.yaml`` / ``*.yml`` files, and the settings overrides;
- the pack folder's absolute path and the working directory (the pack records its files' paths as
  they are shown, relative to the working directory);
- commitrules itself: the size and modification time of each of its modules (a changed compiler
  compiles otherwise; a new version changes them), and the versions of Python and pydantic.

Only packs that compiled without error are kept. A cache file that cannot be read, is torn, is of
another format or does not hold a pack is ignored (and replaced); a cache that cannot be written is
not used. Files are written under a temporary name and renamed, so processes sharing the folder never
read a half-written file. The folder keeps the :data:`KEEP` most recent packs.

Where: ``$COMMITRULES_CACHE_DIR`` when set (empty: no cache at all), else the user's cache folder
(``$XDG_CACHE_HOME/commitrules`` or ``~/.cache/commitrules`` on Linux, ``~/Library/Caches/commitrules``
on macOS, ``%LOCALAPPDATA%\commitrules`` on Windows). Like any cache of pickles, it must be writable
only by its user: a file planted there would run code. A folder or file that others could have written
is therefore not read (a note says so and the pack is compiled): see :mod:`commitrules._cachedir`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import pickle
import platform
import stat
import sys
import types
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from commitrules._cachedir import ENV, KEEP, MAGIC, cache_directory, read, refused, write
from commitrules.io.probe import resolved
from commitrules.policy.folder import pack_files
from commitrules.policy.pack import PolicyPack

__all__ = ["ENV", "KEEP", "cache_directory", "load", "source_key", "store"]

_MAGIC: Final = MAGIC
_PACKAGE: Final = Path(__file__).resolve().parent
_LOG: Final = logging.getLogger("commitrules")


def _versions() -> str:
    """Python's and pydantic's versions (commitrules' own code is covered module by module)."""
    from pydantic.version import VERSION  # noqa: PLC0415 - pydantic is imported already; not metadata

    return f"python {platform.python_version()} pydantic {VERSION}"


def source_key(directory: Path, settings: Mapping[str, Any] | None) -> str | None:
    """The key of the pack compiled from ``directory`` with ``settings``; None when the files cannot be read.

    None as well for a ``*.yaml`` that is not a regular file of the folder (a pipe, a device, a link out
    of it), which the compiler refuses unread.
    """
    digest = hashlib.sha256(_MAGIC)
    try:
        digest.update(_versions().encode())
        for name, size, mtime in sorted(_modules(str(_PACKAGE), "")):
            digest.update(f"{name} {size} {mtime}\n".encode())
        digest.update(f"{resolved(directory)}\n{Path.cwd()}\n".encode())
        for file, real in pack_files(directory):
            # what the compiler refuses unread is not read here either (a pipe would never end, a link
            # to /dev/zero would fill the memory, a link out of the folder is not the pack's): no key,
            # and the compiler says why
            if real is None or not stat.S_ISREG(real.stat().st_mode):
                return None
            data = real.read_bytes()
            digest.update(os.fsencode(f"{file.name} {len(data)}\n"))  # a name that is not UTF-8 as its bytes
            digest.update(data)
        digest.update(json.dumps(settings or {}, sort_keys=True, default=repr).encode())
    except (OSError, ValueError):
        return None
    return digest.hexdigest()


def _modules(folder: str, prefix: str) -> list[tuple[str, int, int]]:
    """``(path under the package, size, modification time)`` of every module under ``folder``.

    ``os.scandir`` rather than ``Path.rglob``: the same files, five times quicker (it runs at every start).
    """
    found: list[tuple[str, int, int]] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    found.extend(_modules(entry.path, f"{prefix}{entry.name}{os.sep}"))
            elif entry.name.endswith(".py"):
                stat = entry.stat()
                found.append((f"{prefix}{entry.name}", stat.st_size, stat.st_mtime_ns))
    return found


def load(key: str) -> PolicyPack | None:
    """The pack kept under ``key``, or None (no cache, no such file, or a file that is not a good one)."""
    payload = read(key, "pack")
    _say_refused()
    if payload is None:
        return None
    _quicker_unpickling()
    try:
        pack = pickle.loads(payload)  # noqa: S301 - a file only the user could write (see _cachedir)
    except Exception:  # noqa: BLE001 - a torn or foreign file of any kind is only a miss
        return None
    return pack if isinstance(pack, PolicyPack) else None


#: The ``__setstate__`` that ``@dataclass(frozen=True, slots=True)`` gives (None: not this Python's way).
_DATACLASS_SETSTATE: Final = getattr(dataclasses, "_dataclass_setstate", None)
_QUICKER: set[type] = set()


def _quicker_unpickling() -> None:
    """Give the frozen, slotted dataclasses of ``commitrules.policy`` a quicker ``__setstate__``.

    A pack is thousands of them (the bundled one 3,600: nodes, types, facts). The dataclasses module's
    ``__setstate__`` lists the class's fields again for every object; this one sets the slots from
    their names listed once per class: the same attributes from the same state, a third of the time.
    """
    if _DATACLASS_SETSTATE is None:
        return
    for name, module in list(sys.modules.items()):
        if not name.startswith("commitrules.policy.") or module is None:
            continue
        for value in list(vars(module).values()):
            if (
                isinstance(value, type)
                and value not in _QUICKER
                and value.__module__ == name
                and value.__dict__.get("__setstate__") is _DATACLASS_SETSTATE
            ):
                slots = tuple(getattr(value, f.name, None) for f in dataclasses.fields(value))
                if all(isinstance(slot, types.MemberDescriptorType) for slot in slots):
                    value.__setstate__ = _slot_setter(slots)  # type: ignore[attr-defined]
                _QUICKER.add(value)


def _slot_setter(slots: tuple[Any, ...]) -> Any:
    """A ``__setstate__`` that sets each slot (its member descriptor) to the state's value, in order."""

    def __setstate__(self: object, state: Any) -> None:  # noqa: N807 - it becomes the class's __setstate__
        for slot, value in zip(slots, state, strict=True):
            slot.__set__(self, value)

    return __setstate__


def store(key: str, pack: PolicyPack) -> None:
    """Keep ``pack`` under ``key`` (atomically); a folder that cannot be written is left alone."""
    if cache_directory() is None:
        return
    try:
        payload = pickle.dumps(pack, protocol=pickle.HIGHEST_PROTOCOL)
    except pickle.PicklingError:
        return
    write(key, "pack", payload, KEEP)
    _say_refused()


def _say_refused() -> None:
    """A note, in the locale's language, for each cache folder or file not trusted (see _cachedir)."""
    untrusted = refused()
    if not untrusted:
        return
    from commitrules.messages import Text, locale_lang, message  # noqa: PLC0415 - only with a note to give

    lang = locale_lang() or "en"
    for path, (reason, params) in untrusted:
        _LOG.warning(message("cache.untrusted", lang, path=str(path), reason=Text(reason, **params)))
