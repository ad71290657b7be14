"""The intermediate form of a rule for durable: native tests, atoms computed in Python, connectives.

A checked condition tree becomes items of this form (:mod:`.translation`), is made to fit durable's
limits (:mod:`.limits`) and is emitted as durable JSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from commitrules.policy import tree as t

#: Every native int constant lies within +-2**53 (the checker's MAX_INT); values are clamped to +-2**60.
_MAX_CONST = 2**53
_CLAMP = 2**60
_NATIVE_KINDS = frozenset({"bool", "int", "date", "str", "enum"})
_EQUALITY_ONLY = frozenset({"bool", "str", "enum"})
_FLIP = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
_MIRROR = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_DURABLE_OP = {"==": "", "!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}

AtomFunction = Callable[[Any, Any, dt.date], Any]


@dataclass(frozen=True, slots=True)
class _Key:
    """A case field as a fact key: its dotted path and its language type kind."""

    key: str
    path: tuple[str, ...] | None  # None: ``as_of``
    kind: str


@dataclass(frozen=True, slots=True)
class _Test:
    """One native comparison of a key with a constant (or, with ``other``, with a date key)."""

    op: str
    key: _Key
    value: Any
    source: t.Node
    positive: bool
    other: _Key | None = None


@dataclass(frozen=True, slots=True)
class _Atom:
    """A subtree computed in Python; durable tests the boolean for ``positive``."""

    node: t.Node
    positive: bool


@dataclass(frozen=True, slots=True)
class _Conn:
    """``$and`` / ``$or`` of items; ``source``/``positive`` say which subtree it came from."""

    op: str
    items: tuple[_IR, ...]
    source: t.Node
    positive: bool


_IR = _Test | _Atom | _Conn | bool


def _field(node: t.Node) -> _Key | None:
    if isinstance(node, t.AsOf):
        return _Key("as_of", None, "date")
    path = t.root_path(node)
    if path is None or node.type.nullable or node.type.kind not in _NATIVE_KINDS:
        return None
    return _Key("case." + ".".join(path), path, node.type.kind)


def _constant(node: t.Node) -> tuple[bool, Any]:
    if isinstance(node, t.Const):
        return True, node.value
    if isinstance(node, t.Setting) and not node.dated:  # a dated one is split by period first
        return True, node.value
    return False, None


def _encode_constant(value: Any, kind: str) -> Any:
    """The JSON form of ``value`` for a key of ``kind``, or None when durable cannot compare it exactly."""
    if kind == "bool":
        return value if isinstance(value, bool) else None
    if kind == "int":
        return value if type(value) is int and abs(value) <= _MAX_CONST else None
    if kind == "date":
        return value.toordinal() if type(value) is dt.date else None
    if isinstance(value, str):
        text = value.value if isinstance(value, Enum) else str(value)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return None
        return text
    return None


def _connect(op: str, items: list[_IR], source: t.Node, positive: bool) -> _IR:  # noqa: FBT001
    """``op`` over ``items``, flattened, with true/false folded away."""
    unit = op == "$and"
    flat: list[_IR] = []
    for item in items:
        if isinstance(item, bool):
            if item != unit:
                return item
            continue
        if isinstance(item, _Conn) and item.op == op:
            flat.extend(item.items)
        else:
            flat.append(item)
    if not flat:
        return unit
    return flat[0] if len(flat) == 1 else _Conn(op, tuple(flat), source, positive)
