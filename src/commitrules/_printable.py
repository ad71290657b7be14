r"""Text from the input made safe to print: control and direction characters written as escapes.

Messages repeat what a user typed or a file held (a decision id, a path, a key, a policy's source
line). Printed as they are, its control characters act on the terminal instead of being seen: an
escape sequence (``ESC [ 2 J``) clears the screen or recolours the rest, a carriage return overwrites
the line before it, and the Unicode direction controls (the "Trojan Source" characters) show the text
in another order than it is. :func:`printable` writes each of them as its Python escape (``\x1b``,
``\u202e``), so that the message shows exactly which character is there; newlines and tabs stay.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["UNPRINTABLE", "one_line", "printable"]

#: C0 controls but tab and newline, DEL, C1 controls, and the bidirectional marks, embeddings, overrides
#: and isolates (U+200E, U+200F, U+202A-U+202E, U+2066-U+2069).
UNPRINTABLE: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    r"""``text`` with every control or direction character written as its escape.

    Examples:
        >>> printable("id\x1b[2J\u202eevil\ttab\nline")
        'id\\x1b[2J\\u202eevil\ttab\nline'
        >>> printable("没有问题") == "没有问题"
        True
    """
    if UNPRINTABLE.search(text) is None:
        return text
    return UNPRINTABLE.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), text)


def one_line(text: str) -> str:
    r"""``text`` as :func:`printable` shows it, with newlines and tabs written as escapes too.

    For a value put inside a line of a report (a case's id, a fact's value, a file's name): a newline
    in it would start a line of its own there, one the report did not write.

    Examples:
        >>> one_line("a\n结论：免责\tb\x1b")
        'a\\n结论：免责\\tb\\x1b'
    """
    return printable(text).replace("\n", "\\n").replace("\t", "\\t")
