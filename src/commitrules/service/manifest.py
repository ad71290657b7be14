"""Publishing a pack whole: a manifest of every file's digest, written last and checked on load.

A service reloads its pack while policy staff publish a new one. Copying the files of a new
version over the old ones, one by one, leaves moments where the folder holds some old and some new
files: a pack nobody published. Two ways keep a reload from ever installing such a mixture:

- **A manifest.** ``commitrules check DIR --write-manifest`` checks the pack and then writes
  ``DIR/pack.lock``: the SHA-256 of every policy file and the pack's digest. Publish by copying the
  files first and ``pack.lock`` last. When a folder has a ``pack.lock``, :func:`load_checked` loads it
  only if every file matches it before and after the load (and, without settings overrides, the pack
  read has exactly the recorded digest); otherwise it raises ``PolicySyntaxError`` with
  ``manifest_mismatch``, and a reloading service keeps the pack it has.
- **An atomic switch.** Keep each version in its own folder and point a symbolic link at the one in
  use; switch with a rename of a new link over the old (``ln -s v2 policies.new && mv -T
  policies.new policies``). :func:`load_checked` resolves the link once, so a load reads one folder.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NoReturn

from commitrules.errors import Diagnostic, PolicySyntaxError, Span, display_path
from commitrules.io.atomic import write_whole_text
from commitrules.io.bounded import MAX_SMALL_FILE, read_at_most
from commitrules.io.probe import is_dir, names_no_file
from commitrules.messages import Text, os_reason
from commitrules.policy.folder import pack_files

if TYPE_CHECKING:
    from commitrules.policy.pack import PolicyPack

__all__ = ["MANIFEST_NAME", "load_checked", "policy_files", "verify_manifest", "write_manifest"]

#: The manifest's file name, in the pack's folder.
MANIFEST_NAME: Final = "pack.lock"
_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_FORMAT: Final = "commitrules-pack-manifest/1"


def policy_files(directory: Path) -> dict[str, str]:
    """The SHA-256 of every file the loader reads (``*.yaml`` and ``*.yml`` of the folder), by name.

    A file the compiler refuses unread (a link out of the folder) is not read here either.

    Raises:
        OSError: the folder cannot be listed, or a file of it read (a folder that cannot be listed is
            not an empty one).
    """
    found = [path for path, real in pack_files(directory, strict=True) if real is not None]
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in found if path.is_file()}


def write_manifest(directory: Path, pack: PolicyPack) -> Path:
    """Write ``pack.lock`` for the pack in ``directory`` (loaded as ``pack``), whole or not at all.

    Returns:
        The manifest's path.
    """
    data = {
        "format": _FORMAT,
        "pack": {"name": pack.name, "version": pack.version, "digest": pack.digest},
        "files": policy_files(directory),
    }
    target = directory / MANIFEST_NAME
    # beside it under a name of its own, synced, then renamed: two publishers at once, or one stopped part
    # way, never leave half a manifest (a fixed '.pack.lock.tmp' was emptied by the second while the first
    # renamed it)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    # a file name that is not UTF-8 holds its bytes as lone surrogates, which UTF-8 cannot write: JSON
    # writes each as its escape, which json.loads reads back as the same name
    text = _SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
    write_whole_text(target, text)
    return target


def resolve_once(directory: Path) -> Path:
    """The folder a symbolic link (at any level) points at now, so that one load reads one folder."""
    resolved = Path(os.path.realpath(directory))
    return resolved if resolved != Path(os.path.abspath(directory)) else directory  # noqa: PTH100


def verify_manifest(directory: Path) -> None:
    """Check the folder's files against its manifest, if it has one (``commitrules check`` does).

    Raises:
        PolicySyntaxError: ``manifest_mismatch`` or ``invalid_manifest``.
    """
    directory = resolve_once(directory)
    manifest = _read_manifest(directory)
    if manifest is not None:
        _check_files(directory, manifest)


def load_checked(
    directory: Path,
    settings: Mapping[str, Any] | None,
    compile_pack: Callable[[Path, Mapping[str, Any] | None], PolicyPack],
) -> PolicyPack:
    """Compile the pack in ``directory`` (a link resolved once), checked against its manifest when it has one.

    Raises:
        PolicySyntaxError: ``manifest_mismatch`` or ``invalid_manifest``; and whatever loading raises.
    """
    directory = resolve_once(directory)
    manifest = _read_manifest(directory)
    if manifest is None:
        return compile_pack(directory, settings)
    _check_files(directory, manifest)
    pack = compile_pack(directory, settings)
    _check_files(directory, manifest)  # a file replaced during the load shows here
    recorded = manifest["pack"]["digest"]
    if not settings and pack.digest != recorded:
        _mismatch(
            directory / MANIFEST_NAME,
            Text("manifest.digest", digest=pack.digest, recorded=recorded),
        )
    return pack


def _read_manifest(directory: Path) -> dict[str, Any] | None:
    if not is_dir(directory):  # no folder, so no manifest: the compiler says what the path is instead
        return None
    path = directory / MANIFEST_NAME
    try:
        raw = read_at_most(path)  # a few kilobytes: /dev/zero linked in its place is not read without end
        if raw is None:
            _invalid(path, Text("manifest.too_large", max=MAX_SMALL_FILE, directory=display_path(directory)))
        text = raw.decode("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        failed = isinstance(exc, OSError) and not names_no_file(exc)  # a permission, a device error: exit 6
        reason = os_reason(exc) if isinstance(exc, OSError) else str(exc)
        _invalid(path, Text("manifest.unreadable", reason=reason), io_failure=failed)
    try:
        data = json.loads(text)
        files, digest = data["files"], data["pack"]["digest"]
        valid = (
            data.get("format") == _FORMAT
            and isinstance(digest, str)
            and isinstance(files, dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in files.items())
        )
    except (ValueError, KeyError, TypeError, RecursionError):  # RecursionError: '[[[[…' nested past Python's stack
        valid = False
    if not valid:
        _invalid(
            path,
            Text("manifest.not_manifest", format=_FORMAT, directory=display_path(directory)),
        )
    result: dict[str, Any] = data
    return result


def _check_files(directory: Path, manifest: Mapping[str, Any]) -> None:
    try:
        actual = policy_files(directory)
    except OSError as exc:
        reason = Text("manifest.file_unreadable", reason=os_reason(exc))
        _mismatch(directory / MANIFEST_NAME, reason, io_failure=not names_no_file(exc))
    wanted: dict[str, str] = manifest["files"]
    for name in sorted(set(wanted) | set(actual)):
        if name not in actual:
            problem = Text("manifest.missing", name=name)
        elif name not in wanted:
            problem = Text("manifest.unlisted", name=name)
        elif actual[name] != wanted[name]:
            problem = Text("manifest.differs", name=name, actual=actual[name][:12], recorded=wanted[name][:12])
        else:
            continue
        _mismatch(
            directory / MANIFEST_NAME,
            Text("manifest.publishing", problem=problem),
        )


def _mismatch(path: Path, message: Text, *, io_failure: bool = False) -> None:
    span = Span(display_path(path))
    raise PolicySyntaxError([Diagnostic.of("manifest_mismatch", message, span, io_failure=io_failure)])


def _invalid(path: Path, message: Text, *, io_failure: bool = False) -> NoReturn:
    span = Span(display_path(path))
    raise PolicySyntaxError([Diagnostic.of("invalid_manifest", message, span, io_failure=io_failure)])
