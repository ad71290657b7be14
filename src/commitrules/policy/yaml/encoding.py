"""The limits and the encoding check a policy file passes before it is parsed: size, UTF-8, no NUL."""

from __future__ import annotations

import codecs
from typing import Final

from commitrules.errors import Diagnostic, PolicySyntaxError, Span

__all__ = ["MAX_BYTES", "MAX_DEPTH", "decode", "stray_bom", "too_large"]


#: The largest policy file accepted, in bytes (1 MiB): the bundled pack's largest file is a few
#: dozen KiB, and a bound keeps a hostile file from costing minutes of parsing.
MAX_BYTES: Final = 1024 * 1024
#: The deepest nesting of mappings and lists accepted. Policy files need about eight levels; the
#: bound keeps conditions nested by mistake (or on purpose) from reaching any stack limit later.
MAX_DEPTH: Final = 64
_UTF8_BOM: Final = codecs.BOM_UTF8


# --- decoding -------------------------------------------------------------------------------------


def decode(data: bytes, file: str) -> str:
    """``data`` as text; a diagnostic at the first byte that is not UTF-8."""
    data = data.removeprefix(_UTF8_BOM)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise PolicySyntaxError([_encoding_error(data, file, 0, "The file is saved as UTF-16.")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        hint = ""
        try:
            data.decode("gb18030")
            hint = " It looks like GBK/GB18030, a Chinese encoding."
        except UnicodeDecodeError:
            pass
        bad = f"The byte 0x{data[error.start]:02X} is not valid UTF-8.{hint}"
        raise PolicySyntaxError([_encoding_error(data, file, error.start, bad)]) from None
    nul = text.find("\0")
    if nul >= 0:  # UTF-16 without a BOM decodes as UTF-8 with a NUL after every ASCII character
        found = "The file contains NUL bytes; it is probably saved as UTF-16."
        raise PolicySyntaxError([_encoding_error(data, file, len(text[:nul].encode()), found)])
    return text


def stray_bom(text: str, file: str) -> Diagnostic | None:
    """An ``encoding`` diagnostic at a byte order mark past the first character of ``text``, if any.

    One BOM at the start is how some editors mark UTF-8 and is removed before this check. Another one
    (a file saved twice with a BOM, or pasted from such a file) is invisible in an editor and would
    become part of a key or a value, so that ``kind`` no longer matches ``\ufeffkind``.
    """
    index = text.find("\ufeff")
    if index < 0:
        return None
    line_start = text.rfind("\n", 0, index) + 1
    line_end = text.find("\n", index)
    line = text.count("\n", 0, index) + 1
    column = index - line_start + 1
    where = "a second byte order mark after the first" if index == 0 else "a byte order mark (U+FEFF) inside the text"
    message = (
        f"The file contains {where}: an invisible character that would become part of a name or a "
        "value. Delete it (in most editors: save the file as 'UTF-8' without BOM, then retype this spot)."
    )
    source = text[line_start : line_end if line_end >= 0 else len(text)].rstrip("\r")
    return Diagnostic("encoding", message, Span(file, line, column, line, column + 1), path="$", source_line=source)


def _encoding_error(data: bytes, file: str, index: int, found: str) -> Diagnostic:
    """An ``encoding`` diagnostic at byte ``index`` of ``data``."""
    line_start = data.rfind(b"\n", 0, index) + 1
    line_end = data.find(b"\n", index)
    line = data.count(b"\n", 0, index) + 1
    column = len(data[line_start:index].decode("utf-8", "replace")) + 1
    source = data[line_start : line_end if line_end >= 0 else len(data)].decode("utf-8", "replace")
    message = f"{found} Save the file as UTF-8 (in most editors: 'Save with encoding' -> 'UTF-8')."
    span = Span(file, line, column, line, column + 1)
    return Diagnostic("encoding", message, span, path="$", source_line=source.rstrip("\r"))


def too_large(data: bytes | str, file: str, size: int, max_bytes: int) -> Diagnostic:
    """A ``too_large`` diagnostic at the start of the file."""
    head = data[:200]
    first = head.decode("utf-8", "replace") if isinstance(head, bytes) else head
    message = (
        f"The file is {size / 2**20:.1f} MiB ({size} bytes), more than the {max_bytes // 1024} KiB "
        "accepted. Split its rules over several files, or check that this is the right file."
    )
    source = first.splitlines()[0] if first else ""
    return Diagnostic("too_large", message, Span(file, 1, 1, 1, 2), path="$", source_line=source)
