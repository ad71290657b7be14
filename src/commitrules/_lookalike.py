"""Characters that pass for part of a number but are not: found in a value that was meant as one.

With a Chinese input method in full-width mode, ``30`` is typed ``３０``, ``.`` becomes ``．`` or ``。``
and a space becomes the ideographic space U+3000; a value copied from a web page or a word processor
may carry a no-break space (U+00A0) or a zero-width one (U+200B). The value then is text, not a number.
The project refuses such a value rather than guess what was meant: :func:`numeric_lookalike` finds the
first character that keeps a text from being a number it would otherwise be, so that the message can
name it (全角空格 U+3000), say where it is and show the number written in ASCII.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from commitrules.messages import Text

__all__ = ["numeric_lookalike"]

#: Characters with a catalogue name of their own (``char.u<code>``) and the ASCII they pass for ("" for a blank).
_NAMED: Final[dict[str, str]] = {
    " ": "",
    "\t": "",
    "\u3000": "",
    "\u00a0": "",
    "\u200b": "",
    "\ufeff": "",
    "\uff0e": ".",
    "\u3002": ".",
    "\uff0d": "-",
    "\u2212": "-",
    "\uff0b": "+",
}
_NUMBER: Final = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def _ascii(char: str) -> str | None:
    """What ``char`` passes for in a number ("" for a blank), or None when it passes for nothing."""
    if char in _NAMED:
        return _NAMED[char]
    if char in "+-.":
        return char
    if char.isspace() or unicodedata.category(char) in {"Zs", "Cf"}:
        return ""
    digit = unicodedata.decimal(char, None)
    return str(digit) if digit is not None else None


def _name(char: str) -> Text:
    """The character in words: its own name in the catalogues, else what kind of look-alike it is."""
    if char in _NAMED:
        return Text(f"char.u{ord(char):04x}")
    if unicodedata.decimal(char, None) is not None:
        return Text("char.fullwidth_digit" if "\uff10" <= char <= "\uff19" else "char.other_digit", char=char)
    return Text("char.blank")


def numeric_lookalike(text: str) -> Text | None:
    r"""Why ``text`` is not the number it looks like, naming its first look-alike character; None otherwise.

    None also when ``text`` is a number in ASCII already, or would not be one without its look-alikes
    (``30天`` is text for another reason, which the caller says).

    Examples:
        >>> numeric_lookalike("30\u3000").in_("zh")[:37]
        '「30\u3000」的第 3 个字符是全角空格（U+3000），不是半角数字的一部分'
        >>> numeric_lookalike("３０").in_("en")[:61]
        "Character 1 of '３０' is the full-width digit '３' (U+FF13), not"
        >>> numeric_lookalike("30") is None, numeric_lookalike("30天") is None
        (True, True)
    """
    if text.isascii() and text == text.strip():
        return None
    meant = [_ascii(char) for char in text]
    if None in meant or not _NUMBER.fullmatch(fixed := "".join(m for m in meant if m is not None)):
        return None
    index = next(i for i, (char, m) in enumerate(zip(text, meant, strict=True)) if m != char)
    char = text[index]
    return Text(
        "lookalike.number",
        value=text,
        position=index + 1,
        char=_name(char),
        code=f"{ord(char):04X}",
        fixed=fixed,
    )
