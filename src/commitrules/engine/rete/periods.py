"""Settings that change with time, for durable: one alternative of a condition per period.

durable matches constants fixed when a ruleset is registered, but a setting with dated values has the
value in force on the evaluation date. A condition that reads such settings is therefore rewritten
before it is translated: the days are cut where any of its settings changes value, and the condition
becomes an ``or`` of one alternative per period, ``as_of`` within the period ``and`` the condition with
each setting's value of that period inlined. The first period has no lower bound: the first value also
holds on the days before its date, as the compiled engine's ``_dated`` reads it. Testing ``as_of``
against a date is native in durable, so the alternatives stay native where the condition was.

Examples:
    >>> import datetime as dt
    >>> from commitrules.policy.types import BOOL, INT
    >>> limit = t.Setting(INT, 0, "d", 15, ((dt.date(2019, 10, 22), 30), (dt.date(2021, 1, 1), 15)))
    >>> split = split_by_period(t.Compare(BOOL, 0, ">", t.Const(INT, 0, 20), limit))
    >>> t.render(split)
    "as_of < date('2021-01-01') and 20 > settings.d or as_of >= date('2021-01-01') and 20 > settings.d"
    >>> [(n.value, n.dated) for n in t.walk(split) if isinstance(n, t.Setting)]
    [(30, ()), (15, ())]
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from commitrules.policy import tree as t
from commitrules.policy.types import BOOL, DATE

__all__ = ["split_by_period"]


def _value_on(dated: tuple[tuple[dt.date, object], ...], day: dt.date) -> object:
    """The value in force on ``day`` (the first one before the first date)."""
    found = dated[0][1]
    for since, value in dated:
        if since <= day:
            found = value
    return found


def _fixed(node: t.Node, day: dt.date) -> t.Node:
    """``node`` with every dated setting replaced by its value in force on ``day``."""
    if isinstance(node, t.Setting) and node.dated:
        return dataclasses.replace(node, value=_value_on(node.dated, day), dated=())
    changes: dict[str, object] = {}
    for item in dataclasses.fields(node):
        current = getattr(node, item.name)
        if isinstance(current, t.Node):
            fixed = _fixed(current, day)
            if fixed is not current:
                changes[item.name] = fixed
        elif isinstance(current, tuple) and current and all(isinstance(c, t.Node) for c in current):
            items = tuple(_fixed(c, day) for c in current)
            if any(a is not b for a, b in zip(items, current, strict=True)):
                changes[item.name] = items
    return dataclasses.replace(node, **changes) if changes else node  # type: ignore[arg-type]


def split_by_period(node: t.Node) -> t.Node:
    """``node`` as one alternative per period of its dated settings (``node`` itself when it reads none)."""
    starts = sorted({since for n in t.walk(node) if isinstance(n, t.Setting) for since, _ in n.dated})
    if not starts:
        return node
    as_of = t.AsOf(DATE, node.offset)
    alternatives: list[t.Node] = []
    for i, start in enumerate(starts):
        bounds: list[t.Node] = []
        if i:
            bounds.append(t.Compare(BOOL, node.offset, ">=", as_of, t.Const(DATE, node.offset, start)))
        if i + 1 < len(starts):
            bounds.append(t.Compare(BOOL, node.offset, "<", as_of, t.Const(DATE, node.offset, starts[i + 1])))
        # the bounds first: alternatives that start with the same test would not stay native (limits._needs)
        alternatives.append(t.BoolOp(BOOL, node.offset, "and", (*bounds, _fixed(node, start))))
    return t.BoolOp(BOOL, node.offset, "or", tuple(alternatives))
