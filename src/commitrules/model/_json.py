"""Reading JSON case documents strictly: a key written twice, or NaN and Infinity, are refused.

Python's :func:`json.loads` keeps the last of two equal keys and reads ``NaN`` and ``Infinity``,
which JSON does not have. A case decided on the second of two ``content`` objects is decided on
something its author may not have meant, so both files and batch lines go through :func:`load_json`,
which refuses them with the JSON path of the duplicate (as YAML case files refuse a duplicate key).

Examples:
    >>> load_json('{"kind": "summary", "report": {"a": 1, "a": 2}}')
    Traceback (most recent call last):
    ...
    commitrules.model._json.DuplicateKeyError: $.report.a: The key 'a' appears twice in this object
"""

from __future__ import annotations

import json
import re
import sys
from typing import TYPE_CHECKING, Any

from pydantic_core import from_json

if TYPE_CHECKING:
    from commitrules.messages import Text

__all__ = [
    "DUPLICATE_KEY_MESSAGE",
    "DuplicateKeyError",
    "NotJsonConstantError",
    "ZeroedNumberError",
    "load_json",
    "read_float",
    "read_within_limits",
]

#: What comes before the exponent of a number.
_MANTISSA = re.compile("[eE]")

DUPLICATE_KEY_MESSAGE = (
    "The key '{key}' appears twice in this object. Keep one of them (JSON readers would silently keep the last)."
)


class DuplicateKeyError(ValueError):
    """An object of the document has a key twice; ``path`` is the JSON path of that key."""

    def __init__(self, path: str, key: str) -> None:
        self.path = path
        self.key = key
        super().__init__(f"{path}: The key '{key}' appears twice in this object")

    @property
    def message(self) -> str:
        """The message of the case error."""
        return DUPLICATE_KEY_MESSAGE.format(key=self.key)

    @property
    def text(self) -> Text:
        """The message of the case error as a catalogue text (``casefile.duplicate_key``), for any language."""
        from commitrules.messages import Text  # noqa: PLC0415 - the catalogue only when a key is doubled

        return Text("casefile.duplicate_key", key=self.key)


class NotJsonConstantError(ValueError):
    """A constant JSON does not have (``NaN``, ``Infinity``, ``-Infinity``)."""


class ZeroedNumberError(ValueError):
    """A number that is not 0 as written but too small for a float, which reads it as 0 (``1e-400``)."""

    def __init__(self, number: str) -> None:
        super().__init__(number)
        self.number = number

    @property
    def text(self) -> Text:
        """Why, in any language (``number.reads_as_zero``)."""
        from commitrules.messages import Text  # noqa: PLC0415 - the catalogue only for such a number

        return Text("number.reads_as_zero", number=self.number[:60])


def read_float(text: str) -> float:
    """``float(text)``, refusing a number written with a digit other than 0 that reads as 0.

    ``1e-400`` and ``0.`` followed by 400 zeros and a 1 are below the smallest float: Python (and YAML)
    read them as 0 without a word, so a fee of almost nothing was decided as no fee at all.

    Raises:
        ZeroedNumberError: the number is not 0 but reads as 0.
    """
    value = float(text)
    if value == 0.0 and any(digit in "123456789" for digit in _MANTISSA.split(text, 1)[0]):
        raise ZeroedNumberError(text)
    return value


class _Duplicated(dict[str, Any]):
    """An object that had a key twice (kept as the last one, and marked, so that its path can be found)."""

    duplicate: str = ""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            marked = _Duplicated(pairs)
            marked.duplicate = key
            return marked
        result[key] = value
    return result


def _reject_constant(name: str) -> float:
    raise NotJsonConstantError(name)


def load_json(text: str | bytes) -> Any:
    """The JSON value of ``text``, refusing duplicate keys and non-JSON constants.

    Raises:
        DuplicateKeyError: an object has a key twice (the first one found, in document order).
        NotJsonConstantError: the text holds ``NaN`` or ``Infinity``.
        json.JSONDecodeError: the text is not JSON.
        ValueError: an integer has more digits than Python converts.
        RecursionError: the document is nested too deeply.
    """
    seen: list[bool] = []

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = _pairs(pairs)
        if isinstance(result, _Duplicated):
            seen.append(True)
        return result

    value = json.loads(text, object_pairs_hook=hook, parse_constant=_reject_constant, parse_float=read_float)
    if seen:
        found = _find_duplicate(value)
        if found is not None:
            raise DuplicateKeyError(*found)
    return value


def _find_duplicate(root: Any) -> tuple[str, str] | None:
    """The path and key of the first marked object, in document order (iteratively: documents may be deep)."""
    stack: list[tuple[Any, str]] = [(root, "$")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, _Duplicated):
            return _join(path, value.duplicate), value.duplicate
        if isinstance(value, dict):
            stack.extend((item, _join(path, key)) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{index}]") for index, item in reversed(list(enumerate(value))))
    return None


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if key.isidentifier() else f"{path}[{key!r}]"


# --- the quick reading of a case line ----------------------------------------------------------------

#: The longest line the quick reading takes: shorter than the default limit of digits of an integer
#: (``sys.get_int_max_str_digits()``, 4,300), so that no number can be one ``json.loads`` refuses.
QUICK_MAX_BYTES = 4_000


def read_within_limits(raw: bytes, *, max_bytes: int, max_items: int, max_depth: int) -> dict[str, Any] | None:
    r"""The JSON object of ``raw`` when a quick reading is certainly right; None whenever it is not certain.

    Right means: what :func:`load_json` gives, and a document certainly within the case limits. The
    quick reading is pydantic's JSON parser (``pydantic_core.from_json``, in Rust), which keeps the
    last of two equal keys and reads ``NaN``. It is taken only for a line of at most ``max_bytes``
    bytes (the caller passes fewer than any limit of a text, of the values or of all text: every value
    and character takes at least a byte), and of at most :data:`QUICK_MAX_BYTES` (no integer too long
    for ``json.loads``); with no list or object of more than ``max_items`` items, nothing nested
    deeper than ``max_depth``, no float that is not finite (``NaN``, ``Infinity``, or ``1e400``, which
    ``json.loads`` reads as infinity: the long way tells them apart), no escaped quote, every colon
    directly after a quote, and exactly as many keys in the document as the bytes have ``":``.

    Why that proves there is no key twice: without ``\"`` every quote in the bytes opens or closes a
    string, so each ``":`` is either a key's end or the start of a string beginning with a colon; as
    every colon follows a quote, every key's colon is counted. So the bytes' count is the keys written
    plus those strings, and the parsed document's key count (each object's distinct keys) can equal it
    only if no key is written twice and no string starts with a colon. Everything else
    ``from_json`` reads as ``json.loads`` does, or refuses (a lone surrogate, bad UTF-8): a refusal,
    like any line not taken, goes the long way, which words the error.
    """
    limit = sys.get_int_max_str_digits()
    if len(raw) > min(max_bytes, limit or QUICK_MAX_BYTES, QUICK_MAX_BYTES) or b'\\"' in raw:
        return None
    keys = raw.count(b'":')
    if keys != raw.count(b":"):
        return None
    try:
        document = from_json(raw)
    except ValueError:
        return None
    if type(document) is not dict or _count_keys(document, max_items, max_depth) != keys:
        return None
    return document


def _count_keys(document: dict[str, Any], max_items: int, max_depth: int) -> int:
    """The keys of every object of ``document``; -1 past a limit, or for a float that is not finite."""
    count = 0
    stack: list[tuple[Any, int]] = [(document, 0)]
    pop, push = stack.pop, stack.append
    while stack:
        container, depth = pop()
        size = len(container)
        if size > max_items or (size and depth >= max_depth):
            return -1
        if type(container) is dict:
            count += size
            container = container.values()
        for item in container:
            kind = type(item)
            if kind is dict or kind is list:
                push((item, depth + 1))
            elif kind is float and (item - item != 0.0 or item == 0.0):  # NaN, infinite, or 1e-400 read as 0
                return -1
    return count
