"""``commitrules schema --write``: a pack's schemas in ``<pack>/schemas/``, and the line naming each file's.

Every YAML file of the pack starts with a *modeline*, a comment the YAML language server (VS Code's
YAML extension) reads to find the file's schema::

    # yaml-language-server: $schema=./schemas/policy.schema.json

:func:`write_schemas` writes the schemas (:mod:`commitrules.authoring.file_schemas`) and puts the
modeline first in each file, or refreshes the one already in its leading comments; it changes nothing
else in the file (comments, line endings, a byte-order mark stay as they are). Every file is written
to a temporary file beside it and moved into place only once all are written, so that a failure
leaves each file either as it was or whole.

The pack's digest covers every byte of its YAML files, the modeline included: adding it changes the
digest once, refreshing an unchanged one does not.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

from commitrules.authoring.file_schemas import file_schemas, kind_of_file, render_schema
from commitrules.policy.folder import pack_files

if TYPE_CHECKING:
    from commitrules.policy.pack import PolicyPack

__all__ = ["SCHEMA_DIR", "SchemaWrite", "modeline", "plan_schema_write", "with_modeline", "write_schemas"]

SCHEMA_DIR: Final = "schemas"
_BOM: Final = b"\xef\xbb\xbf"
_MODELINE: Final = re.compile(rb"#[ \t]*yaml-language-server:[ \t]*\$schema=[^\r\n]*")
_LEADING: Final = re.compile(rb"(?:[ \t]*(?:#[^\r\n]*)?(?:\r\n|\n|\r))*")


def modeline(kind: str) -> str:
    """The modeline of a file of ``kind`` (``policy``, ``settings``, ...), relative to the pack's folder.

    Examples:
        >>> modeline("settings")
        '# yaml-language-server: $schema=./schemas/settings.schema.json'
    """
    return f"# yaml-language-server: $schema=./{SCHEMA_DIR}/{kind}.schema.json"


def with_modeline(data: bytes, line: str) -> bytes:
    r"""``data`` with ``line`` as its modeline: the one in its leading comments replaced, else ``line`` first.

    Examples:
        >>> with_modeline(b"# a pack\r\nname: x\r\n", "# yaml-language-server: $schema=./s.json")
        b'# yaml-language-server: $schema=./s.json\r\n# a pack\r\nname: x\r\n'
        >>> with_modeline(b"# yaml-language-server: $schema=old\nname: x\n", "# yaml-language-server: $schema=new")
        b'# yaml-language-server: $schema=new\nname: x\n'
    """
    bom = _BOM if data.startswith(_BOM) else b""
    body = data[len(bom) :]
    new = line.encode()
    leading = _LEADING.match(body)
    head_end = leading.end() if leading else 0
    found = _MODELINE.search(body, 0, head_end)
    if found is not None:
        return bom + body[: found.start()] + new + body[found.end() :]
    newline = b"\r\n" if b"\r\n" in body else b"\r" if b"\r" in body and b"\n" not in body else b"\n"
    return bom + new + newline + body


@dataclass
class SchemaWrite:
    """What ``schema --write`` changes: new contents by path (only those that differ from the files)."""

    directory: Path
    schemas: dict[Path, bytes] = field(default_factory=dict)
    files: dict[Path, bytes] = field(default_factory=dict)

    @property
    def changes(self) -> dict[Path, bytes]:
        """Every path to write, schemas first."""
        return {**self.schemas, **self.files}


def _pack_files(directory: Path) -> list[Path]:
    # The files the loader reads (commitrules.policy.compile.files.read_files).
    return [path for path, _ in pack_files(directory) if path.is_file()]


def plan_schema_write(directory: str | Path, pack: PolicyPack) -> SchemaWrite:
    """What :func:`write_schemas` would write for ``pack`` loaded from ``directory`` (nothing is written)."""
    folder = Path(directory)
    plan = SchemaWrite(folder)
    for kind, schema in file_schemas(pack).items():
        path = folder / SCHEMA_DIR / f"{kind}.schema.json"
        content = render_schema(schema).encode()
        if not path.is_file() or path.read_bytes() != content:
            plan.schemas[path] = content
    for path in _pack_files(folder):
        old = path.read_bytes()
        new = with_modeline(old, modeline(kind_of_file(path.name)))
        if new != old:
            plan.files[path] = new
    return plan


def write_schemas(directory: str | Path, pack: PolicyPack) -> SchemaWrite:
    """Write the schemas of ``pack`` into ``directory/schemas`` and the modeline into each file.

    Files whose content would not change are not touched.

    Raises:
        OSError: a file could not be written; none was changed then, unless moving the written
            temporary files into place failed part way (each file is then either old or new, whole).
    """
    plan = plan_schema_write(directory, pack)
    if plan.schemas:
        (plan.directory / SCHEMA_DIR).mkdir(exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for path, content in plan.changes.items():
            # Not *.yaml, so that the loader never reads it; created with the usual permissions.
            temporary = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
            with temporary.open("xb") as out:
                staged.append((temporary, path))
                out.write(content)
            if path.exists():
                shutil.copymode(path, temporary)
        for temporary, path in staged:
            temporary.replace(path)
    finally:
        for temporary, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
    return plan
