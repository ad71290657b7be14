"""Proving a case document within the case limits without walking it in Python, once it has validated.

:func:`~commitrules.model._parse.check_limits` walks every value of a document in Python before
pydantic sees it: about a third of :func:`~commitrules.model.parse_case` on a realistic case. For a
small document that pydantic accepts, the walk cannot find anything, and this module proves so from
two facts that cost little:

- **The size of the document in** :mod:`marshal` **(version 2)**, written in C. ``marshal`` writes only
  the exact built-in types (a ``str`` subclass, a ``Mapping`` that is not a ``dict``, a ``date`` or a
  ``Decimal`` make it refuse), every value takes at least one byte, a text (value or key) takes five
  bytes and at least one per character (version 2 writes every text in full: no references), a list
  five bytes and its items. So a document of ``n`` bytes holds at most ``n`` values and ``n``
  characters of text, in all and in one text.
- **The shape of the case models**, derived once from their annotations (:func:`models_bound`). A
  document that validates has no value the models do not declare (unknown fields are refused), so it
  is no deeper than the deepest model path and no object has more keys than its model has fields; and
  where every item of every list field is an object or a text (two bytes at least), a list of ``k``
  items takes at least ``2k + 5`` bytes.

:func:`within_limits_when_valid` answers True only where both prove every limit; the caller then
keeps pydantic's result. Anything else (a larger document, a type ``marshal`` refuses, a model shape
this module does not know) answers False, and the caller walks the limits as before, so refusals and
their wording do not change (``tests/unit/test_case_limits_walks.py`` holds the two ways together).
"""

from __future__ import annotations

import datetime as dt
import marshal
import types
import typing
from decimal import Decimal
from enum import Enum
from typing import Literal

from pydantic import BaseModel

__all__ = ["models_bound", "within_limits_when_valid"]

#: The marshal version written: 2 writes every text in full (3 and later may write a reference).
MARSHAL_VERSION = 2


def models_bound(models: tuple[type[BaseModel], ...], max_depth: int, max_items: int, max_bytes: int) -> int:
    """The largest marshal size a valid document of ``models`` may have to be within the limits; 0 for none.

    Args:
        models: the case models (every one a document may validate against).
        max_depth: the limit of nesting (a value's path has at most this many steps).
        max_items: the limit of items of a list or of keys of an object.
        max_bytes: the smallest of the limits of a text, of all text and of the values: no document
            of more bytes is certainly within them.

    Returns:
        0 when a model's shape is not one this module can bound (then every document is walked).
    """
    shape = _Shape()
    try:
        depth = max(shape.depth(model) for model in models)
    except _UnknownShapeError:
        return 0
    if depth > max_depth or shape.fields > max_items or not shape.items_take_two_bytes:
        return 0
    # a list of max_items + 1 items takes at least 5 + 2 * (max_items + 1) bytes
    return min(max_bytes, 5 + 2 * max_items + 1)


def within_limits_when_valid(document: object, bound: int) -> typing.TypeGuard[dict[str, object]]:
    """Whether ``document``, if it validates against the case models, is certainly within every limit.

    ``bound`` is :func:`models_bound` of those models. False whenever it is not certain.
    """
    if bound <= 0 or type(document) is not dict:
        return False
    try:
        size = len(marshal.dumps(document, MARSHAL_VERSION))
    except (ValueError, RecursionError):  # a type marshal does not write, or nested too deeply for it
        return False
    return size <= bound


class _UnknownShapeError(Exception):
    """An annotation whose values this module cannot bound."""


_SCALARS = (str, int, bool, Decimal, dt.date, float, type(None), Enum)


class _Shape:
    """The depth of the models' values, their largest number of fields, and what their lists hold."""

    def __init__(self) -> None:
        self.fields = 0
        self.items_take_two_bytes = True
        self._depths: dict[type[BaseModel], int] = {}

    def depth(self, annotation: object) -> int:
        """The most steps a value of ``annotation`` adds to a path (0 for a scalar)."""
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            return self.depth(typing.get_args(annotation)[0])
        if origin in {typing.Union, types.UnionType}:
            return max(self.depth(arg) for arg in typing.get_args(annotation))
        if origin is Literal:
            return 0
        if origin in {list, frozenset}:
            [item] = typing.get_args(annotation)
            if not self._takes_two_bytes(item):
                self.items_take_two_bytes = False
            return 1 + self.depth(item)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return self._model_depth(annotation)
        if isinstance(annotation, type) and issubclass(annotation, _SCALARS):
            return 0
        raise _UnknownShapeError(annotation)

    def _model_depth(self, model: type[BaseModel]) -> int:
        if model in self._depths:
            return self._depths[model]
        if model.model_config.get("extra") != "forbid":  # a model that keeps unknown fields bounds nothing
            raise _UnknownShapeError(model)
        self._depths[model] = 1_000_000  # a model that contains itself has no bound: refuse it
        self.fields = max(self.fields, len(model.model_fields))
        found = 1 + max((self.depth(f.annotation) for f in model.model_fields.values()), default=0)
        self._depths[model] = found
        return found

    @staticmethod
    def _takes_two_bytes(item: object) -> bool:
        """Whether every valid item of a list of ``item`` is, in a plain document, an object or a text."""
        while typing.get_origin(item) is typing.Annotated:
            item = typing.get_args(item)[0]
        if typing.get_origin(item) is Literal:
            return all(isinstance(arg, str) for arg in typing.get_args(item))
        if not isinstance(item, type):
            return False
        if issubclass(item, BaseModel):
            return True
        return issubclass(item, str) and not issubclass(item, bool)
