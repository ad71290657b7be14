"""Plain scalars that YAML 1.1 and YAML 1.2 read differently, refused with what to write instead.

PyYAML resolves plain scalars as YAML 1.1 does, most editors, linters and other languages' libraries as
YAML 1.2 (the core schema) does, and the two disagree on forms a policy author can type by accident:
``030`` is 24 in 1.1 (octal) and 30 in 1.2; ``1:30`` is 90 in 1.1 (base 60) and text in 1.2; ``yes``,
``no``, ``on``, ``off`` are booleans in 1.1 and text in 1.2; ``1_000`` and ``0b101`` are numbers in 1.1
only; ``0o17`` and ``1e3`` are numbers in 1.2 only. A value must not depend on which tool reads the
file, so every scalar whose two readings differ is refused (code ``ambiguous_scalar``) with the two
readings and the unambiguous spellings. Forms both versions read alike (``30``, ``0x1F``, ``1.5``,
``true``, ``null``, ``~``) are accepted. Dates (``2019-10-22``) are the one deliberate extension: YAML
1.2's core schema has no date type, but every place that accepts a date also accepts the same text in
quotes and reads it identically, so both readings mean the same date.

Examples:
    >>> yaml12_value("030"), yaml12_value("0o17"), yaml12_value("yes"), yaml12_value("1e3")
    (30, 15, 'yes', 1000.0)
    >>> print(str(disagreement("030", 24)).split(", so")[0])
    '030' is the number 24 in YAML 1.1 (a leading 0 makes it octal) but the number 30 in YAML 1.2
    >>> disagreement("0x1F", 31) is None
    True
    >>> print(str(disagreement("1e999", "1e999")).split("tools disagree about it. ")[1])
    A number this large is not finite: write a smaller one, or '1e999' in quotes for text.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Final

from commitrules.messages import Text

__all__ = ["disagreement", "yaml12_value"]

#: A number with a digit other than 0 before its exponent: not 0, whatever a float makes of it.
_NONZERO_MANTISSA: Final = re.compile(r"[^eE]*[1-9]")
_NULL: Final = re.compile(r"~|null|Null|NULL|")
_TRUE: Final = re.compile(r"true|True|TRUE")
_FALSE: Final = re.compile(r"false|False|FALSE")
_DECIMAL: Final = re.compile(r"[-+]?[0-9]+")
_OCTAL: Final = re.compile(r"0o[0-7]+")
_HEX: Final = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT: Final = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INFINITY: Final = re.compile(r"([-+]?)\.(inf|Inf|INF)")
_NAN: Final = re.compile(r"\.nan|\.NaN|\.NAN")
# Booleans in the YAML 1.1 type repository that PyYAML leaves as text: other 1.1 readers take them
# as true or false, so they are as ambiguous as 'yes'.
_BOOL_11_ONLY: Final = frozenset({"y", "Y", "n", "N"})


def yaml12_value(text: str) -> object:  # noqa: PLR0911 - one return per type of the schema
    """What a plain scalar means under the YAML 1.2 core schema (text when no other type matches)."""
    if _NULL.fullmatch(text):
        return None
    if _TRUE.fullmatch(text) or _FALSE.fullmatch(text):
        return text[0] in "tT"
    if _DECIMAL.fullmatch(text):
        return int(text, 10)
    if _OCTAL.fullmatch(text):
        return int(text, 0)
    if _HEX.fullmatch(text):
        return int(text, 0)
    if _FLOAT.fullmatch(text):
        return float(text)
    infinity = _INFINITY.fullmatch(text)
    if infinity:
        return -math.inf if infinity[1] == "-" else math.inf
    if _NAN.fullmatch(text):
        return math.nan
    return text


def _same(first: object, second: object) -> bool:
    if type(first) is not type(second):
        return False
    if isinstance(first, float) and isinstance(second, float) and math.isnan(first):
        return math.isnan(second)
    return first == second


def _words(value: object) -> Text | str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return Text("yaml.the_number", number=_number(value))
    return Text("yaml.the_text", text=value)


def _number(value: float) -> str:
    return str(value) if isinstance(value, int) or not value.is_integer() else str(int(value)) + ".0"


def _why(text: str) -> Text | str:
    """Why YAML 1.1 reads ``text`` as it does, when the form says so."""
    body = text.lstrip("+-")
    if ":" in body:
        return Text("yaml.why.base60")
    if "_" in body:
        return Text("yaml.why.underscore")
    if body.startswith("0b"):
        return Text("yaml.why.binary")
    if len(body) > 1 and body[0] == "0" and body.isdigit():
        return Text("yaml.why.octal")
    return ""


def disagreement(text: str, yaml11: object) -> Text | None:
    """Why ``text`` must be written otherwise, or None when YAML 1.1 and 1.2 agree on it.

    Args:
        text: the scalar as written (plain, or with an explicit ``!!int``/``!!float``/``!!bool`` tag).
        yaml11: what PyYAML (YAML 1.1) made of it.

    Returns:
        The message for an ``ambiguous_scalar`` diagnostic, or None.
    """
    if isinstance(yaml11, dt.date) or (isinstance(yaml11, str) and text not in _BOOL_11_ONLY):
        yaml12 = yaml12_value(text)
        if isinstance(yaml11, dt.date) or _same(yaml11, yaml12):
            return None
    elif isinstance(yaml11, str):  # y, n: booleans in YAML 1.1's repository, text to PyYAML and 1.2
        yaml11, yaml12 = text in "yY", text
    else:
        yaml12 = yaml12_value(text)
        if _same(yaml11, yaml12):
            return None
    readings = Text("yaml.readings", text=text, yaml11=_words(yaml11), why=_why(text), yaml12=_words(yaml12))
    if isinstance(yaml11, bool) or isinstance(yaml12, bool):
        truth = yaml11 if isinstance(yaml11, bool) else yaml12
        return Text("yaml.write_bool", readings=readings, value="true" if truth else "false", text=text)
    number = yaml12 if isinstance(yaml12, int | float) else yaml11
    if isinstance(number, int | float):
        return _write_number(number, readings, text)
    return Text("yaml.write_plain", readings=readings, text=text)


def _write_number(number: int | float, readings: Text, text: str) -> Text:  # noqa: PYI041 - an int is not written as a float
    """What to write for ``text``, which one YAML reads as ``number``."""
    if isinstance(number, float) and not math.isfinite(number):  # 1e999: no number to write instead
        return Text("yaml.write_finite", readings=readings, text=text)
    if isinstance(number, float) and number == 0.0 and _NONZERO_MANTISSA.match(text):  # 1e-400: not 0.0 as written
        return Text("yaml.write_not_zero", readings=readings, text=text)
    return Text("yaml.write_number", readings=readings, number=_number(number), text=text)
