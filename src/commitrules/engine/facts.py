"""A fact's value as JSON data: what a fired rule read, as the decision shows it.

The generated facts functions (:mod:`commitrules.engine.compiled`) call :func:`fact_value` on every
value a fired rule read, so the common classes are converted by a dictionary lookup instead of
pydantic's serializer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import Enum
from typing import Any

from pydantic_core import to_jsonable_python

__all__ = ["fact_value"]


def _jsonable(value: Any) -> Any:
    """A fact's value as JSON data; sets become sorted lists, so that decisions are reproducible."""
    if isinstance(value, set | frozenset):
        return sorted(to_jsonable_python(v) for v in value)
    return to_jsonable_python(value)


def _sorted_set(value: Any) -> list[Any]:
    return sorted(fact_value(v) for v in value)


# How fact_value converts a value, by its exact class (None: it is JSON data already). Filled in as
# classes are met; a class not listed goes through _jsonable, whose result fact_value always equals.
_CONVERTERS: dict[type, Callable[[Any], Any] | None] = {
    bool: None,
    int: None,
    str: None,
    type(None): None,
    dt.date: dt.date.isoformat,
    frozenset: _sorted_set,
    set: _sorted_set,
}


def _converter(cls: type) -> Callable[[Any], Any] | None:
    if issubclass(cls, Enum) and issubclass(cls, str):
        return _enum_value  # a str enum's JSON is its value, a plain str
    return _jsonable


def _enum_value(value: Any) -> Any:
    return str.__str__(value)


def fact_value(value: Any) -> Any:
    """A fact's value as JSON data: equal to ``_jsonable(value)``, without its cost for plain values.

    The generated facts functions call it on every value a fired rule read (one call per fact per
    fired rule, the most frequent call of decision building), so the common classes are dispatched
    by a dictionary lookup instead of pydantic's serializer.
    """
    cls = value.__class__
    try:
        convert = _CONVERTERS[cls]
    except KeyError:
        convert = _CONVERTERS.setdefault(cls, _converter(cls))
    return value if convert is None else convert(value)
