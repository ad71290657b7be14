"""Test helpers for people who embed or extend commitrules: random valid cases for any kind.

Needs ``hypothesis`` (in the ``dev`` extra). The strategies are derived from the case models'
annotations, so they follow the models as they change.

Examples:
    >>> from hypothesis import given
    >>> from commitrules.testing import case_strategy
    >>> @given(case_strategy("leniency"))
    ... def test_never_crashes(case): ...
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from decimal import Decimal
from enum import Enum
from typing import Any, Literal

import annotated_types
from hypothesis import strategies as st
from pydantic import BaseModel

from commitrules.model import CASE_MODELS, Case
from commitrules.model._types import open_codes_of

__all__ = ["case_strategy", "model_strategy"]

_TEXT = st.sampled_from(["甲公司", "张三", "市司法局", "x", "连云港市海州区"])
_DATES = st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2022, 12, 31))


def _bounds(metadata: list[Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in metadata:
        if isinstance(item, annotated_types.Gt):
            found["min"] = item.gt + 1 if isinstance(item.gt, int) else item.gt
        elif isinstance(item, annotated_types.Ge):
            found["min"] = item.ge
        elif isinstance(item, annotated_types.Lt):
            found["max"] = item.lt - 1 if isinstance(item.lt, int) else item.lt
        elif isinstance(item, annotated_types.Le):
            found["max"] = item.le
        elif isinstance(item, annotated_types.MinLen):
            found["min_len"] = item.min_length
    return found


def _strategy(annotation: Any, metadata: list[Any], depth: int) -> st.SearchStrategy[Any]:  # noqa: C901, PLR0911, PLR0912
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        marker = open_codes_of(annotation.__metadata__)
        if marker is not None:
            return st.sampled_from([m.value for m in marker.bundled])
        inner, *extra = typing.get_args(annotation)
        return _strategy(inner, [*metadata, *extra], depth)
    if origin in {typing.Union, types.UnionType}:
        args = typing.get_args(annotation)
        options = [_strategy(a, metadata, depth) for a in args if a is not type(None)]
        if type(None) in args:
            options.insert(0, st.none())
        return st.one_of(options)
    if origin is Literal:
        return st.sampled_from(typing.get_args(annotation))
    if origin in {list, frozenset, set, tuple}:
        (item,) = [a for a in typing.get_args(annotation) if a is not Ellipsis]
        bounds = _bounds(metadata)
        items = st.lists(_strategy(item, [], depth + 1), min_size=bounds.get("min_len", 0), max_size=3)
        if origin is list:
            return items
        return items.map(lambda values: sorted({v.value if isinstance(v, Enum) else v for v in values}, key=str))
    bounds = _bounds(metadata)
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        return st.integers(min_value=bounds.get("min", -5), max_value=bounds.get("max", 60))
    if annotation in {float, Decimal}:
        low = Decimal(str(bounds.get("min", 0)))
        return st.decimals(min_value=low, max_value=Decimal(500), places=2, allow_nan=False).map(str)
    if annotation is str:
        marker = open_codes_of(metadata)
        return st.sampled_from([m.value for m in marker.bundled]) if marker is not None else _TEXT
    if annotation is dt.date:
        return _DATES.map(dt.date.isoformat)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return st.sampled_from([m.value for m in annotation])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_strategy(annotation, depth + 1)
    msg = f"no strategy for {annotation!r}"
    raise TypeError(msg)


def model_strategy(model: type[BaseModel], depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    """Plain dicts (as JSON would carry them) that validate as ``model``."""
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for name, info in model.model_fields.items():
        if name == "kind" and issubclass(model, Case):
            required[name] = st.just(model.KIND)
            continue
        strategy = _strategy(info.annotation, list(info.metadata), depth)
        (required if info.is_required() else optional)[name] = strategy
    return st.fixed_dictionaries(required, optional=optional)


def case_strategy(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    """Plain-dict cases of ``kind`` that pass validation."""
    model = CASE_MODELS[kind]
    return model_strategy(model).filter(_valid(model))


def _valid(model: type[BaseModel]) -> Any:
    def check(data: dict[str, Any]) -> bool:
        try:
            model.model_validate(data)
        except ValueError:
            return False
        return True

    return check
