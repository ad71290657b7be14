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

#: What :func:`printable` writes as escapes: :data:`UNPRINTABLE`, the characters that show nothing (zero-width
#: spaces and joiners, the word joiner, the byte-order mark, the soft hyphen, fillers), and lone surrogates.
#: An invisible character in an id or a key makes it look like the one it is not ("expected a rule id, found
#: 'leniency.eligible'"); a lone surrogate is how Python holds a file name's bytes that are not UTF-8, which
#: no UTF-8 output can write.
_SHOWN_ESCAPED: Final = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200d\u2060-\u2064\u206a-\u206f"
    "\u3164\ufeff\uffa0\ud800-\udfff]"
)


def printable(text: str) -> str:
    r"""``text`` with every control, direction or invisible character (and lone surrogate) written as its escape.

    Examples:
        >>> printable("id\x1b[2J\u202eevil\ttab\nline")
        'id\\x1b[2J\\u202eevil\ttab\nline'
        >>> printable("没有问题") == "没有问题"
        True
        >>> printable("leniency.eli\u200bgible"), printable("len\udcff.yaml")
        ('leniency.eli\\u200bgible', 'len\\udcff.yaml')
    """
    if _SHOWN_ESCAPED.search(text) is None:
        return text
    return _SHOWN_ESCAPED.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), text)


def one_line(text: str) -> str:
    r"""``text`` as :func:`printable` shows it, with newlines and tabs written as escapes too.

    For a value put inside a line of a report (a case's id, a fact's value, a file's name): a newline
    in it would start a line of its own there, one the report did not write.

    Examples:
        >>> one_line("a\n结论：免责\tb\x1b")
        'a\\n结论：免责\\tb\\x1b'
    """
    return printable(text).replace("\n", "\\n").replace("\t", "\\t")
