"""The limits and the encoding check a policy file passes before it is parsed: size, UTF-8, no NUL."""

from __future__ import annotations

import codecs
from typing import Final

from commitrules.errors import Diagnostic, PolicySyntaxError, Span
from commitrules.messages import Text

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
        raise PolicySyntaxError([_encoding_error(data, file, 0, Text("enc.utf16"))])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        hint: Text | str = ""
        try:
            data.decode("gb18030")
            hint = Text("enc.gbk")
        except UnicodeDecodeError:
            pass
        bad = Text("enc.bad_byte", byte=f"0x{data[error.start]:02X}", hint=hint)
        raise PolicySyntaxError([_encoding_error(data, file, error.start, bad)]) from None
    nul = text.find("\0")
    if nul >= 0:  # UTF-16 without a BOM decodes as UTF-8 with a NUL after every ASCII character
        found = Text("enc.nul")
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
    message = Text("enc.second_bom" if index == 0 else "enc.bom")
    source = text[line_start : line_end if line_end >= 0 else len(text)].rstrip("\r")
    return Diagnostic.of("encoding", message, Span(file, line, column, line, column + 1), path="$", source_line=source)


def _encoding_error(data: bytes, file: str, index: int, found: Text) -> Diagnostic:
    """An ``encoding`` diagnostic at byte ``index`` of ``data``."""
    line_start = data.rfind(b"\n", 0, index) + 1
    line_end = data.find(b"\n", index)
    line = data.count(b"\n", 0, index) + 1
    column = len(data[line_start:index].decode("utf-8", "replace")) + 1
    source = data[line_start : line_end if line_end >= 0 else len(data)].decode("utf-8", "replace")
    message = Text("enc.save_utf8", found=found)
    span = Span(file, line, column, line, column + 1)
    return Diagnostic.of("encoding", message, span, path="$", source_line=source.rstrip("\r"))


def too_large(data: bytes | str, file: str, size: int, max_bytes: int) -> Diagnostic:
    """A ``too_large`` diagnostic at the start of the file."""
    head = data[:200]
    first = head.decode("utf-8", "replace") if isinstance(head, bytes) else head
    message = Text("enc.too_large", mib=f"{size / 2**20:.1f}", size=size, kib=max_bytes // 1024)
    source = first.splitlines()[0] if first else ""
    return Diagnostic.of("too_large", message, Span(file, 1, 1, 1, 2), path="$", source_line=source)
