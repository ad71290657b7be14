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
from typing import Any

__all__ = ["DUPLICATE_KEY_MESSAGE", "DuplicateKeyError", "NotJsonConstantError", "load_json"]

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


class NotJsonConstantError(ValueError):
    """A constant JSON does not have (``NaN``, ``Infinity``, ``-Infinity``)."""


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

    value = json.loads(text, object_pairs_hook=hook, parse_constant=_reject_constant)
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
