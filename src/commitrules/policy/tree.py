"""The checked condition tree: what the checker produces and every engine consumes.

Nodes are immutable, picklable plain data. Each carries its type and the character offset of its
source text inside the condition string (for messages and for the lint of later issues).
``render`` gives a canonical text of a node: it is what explanations and golden files show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from commitrules.policy.types import Type

__all__ = [
    "Arith",
    "AsOf",
    "Attr",
    "BoolOp",
    "Call",
    "Compare",
    "Const",
    "Derived",
    "ListLit",
    "Member",
    "MethodCall",
    "Neg",
    "Node",
    "Not",
    "Quantifier",
    "Root",
    "Setting",
    "Var",
    "render",
    "root_path",
    "walk",
]

CompareOp = Literal["==", "!=", "<", "<=", ">", ">="]
ArithOp = Literal["+", "-", "*", "/", "//", "%"]


@dataclass(frozen=True, slots=True)
class Node:
    """A checked node: its type and where its text starts in the condition."""

    type: Type
    offset: int


@dataclass(frozen=True, slots=True)
class Root(Node):
    """The case itself (never written; the base of every field path)."""


@dataclass(frozen=True, slots=True)
class Var(Node):
    """A variable bound by ``any``/``all``/``count`` over a list."""

    name: str


@dataclass(frozen=True, slots=True)
class Attr(Node):
    """A field of a model: ``obj.name``."""

    obj: Node
    name: str


@dataclass(frozen=True, slots=True)
class Const(Node):
    """A literal: str, int, float, bool, null, a date, or an enum member (kept as its string)."""

    value: str | int | float | bool | dt.date | None


@dataclass(frozen=True, slots=True)
class ListLit(Node):
    """A literal list of constants, as in ``x in ['a', 'b']``."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Setting(Node):
    """``settings.a.b``: inlined at compile time, named for explanations.

    A setting that changes with time also carries its ``dated`` values, ``(from, value)`` oldest first:
    the engines read the one in force on the evaluation date (the first one before its date), and
    ``value`` is the newest.
    """

    name: str
    value: object
    dated: tuple[tuple[dt.date, object], ...] = ()


@dataclass(frozen=True, slots=True)
class Derived(Node):
    """A fact derived by another rule of the same kind (``then.derive``)."""

    name: str


@dataclass(frozen=True, slots=True)
class AsOf(Node):
    """``as_of``: the date the case is judged at."""


@dataclass(frozen=True, slots=True)
class Compare(Node):
    """A binary comparison."""

    op: CompareOp
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Member(Node):
    """``item in collection`` (or ``not in`` when ``negated``)."""

    item: Node
    collection: Node
    negated: bool


@dataclass(frozen=True, slots=True)
class BoolOp(Node):
    """``and`` / ``or`` over two or more operands."""

    op: Literal["and", "or"]
    operands: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not(Node):
    """``not operand``."""

    operand: Node


@dataclass(frozen=True, slots=True)
class Neg(Node):
    """Unary minus."""

    operand: Node


@dataclass(frozen=True, slots=True)
class Arith(Node):
    """Arithmetic on numbers (and ``date - date``, ``date + int``)."""

    op: ArithOp
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Quantifier(Node):
    """``collection.any(v, body)``, ``.all(v, body)`` or ``.count(v, body)``."""

    quantifier: Literal["any", "all", "count"]
    collection: Node
    var: str
    body: Node


@dataclass(frozen=True, slots=True)
class Call(Node):
    """A built-in function of the language (``len``, ``days_between``, ``add_days``, ``min``, ``max``)."""

    func: str
    args: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class MethodCall(Node):
    """A helper method declared by a case model with ``@condition_helper``."""

    obj: Node
    method: str
    args: tuple[Node, ...]


def walk(node: Node) -> list[Node]:
    """``node`` and all its descendants, parents first."""
    out: list[Node] = []
    stack = [node]
    children = _CHILDREN.get
    while stack:
        current = stack.pop()
        out.append(current)
        found = children(current.__class__)
        kids = found(current) if found is not None else _children(current)
        if kids:
            stack.extend(reversed(kids))
    return out


def _children(node: Node) -> tuple[Node, ...]:
    """The child nodes of ``node``, in the order they are written."""
    found = _CHILDREN.get(node.__class__)
    return found(node) if found is not None else _matched_children(node)


def _matched_children(node: Node) -> tuple[Node, ...]:  # noqa: PLR0911 - one arm per node type
    match node:
        case Attr(obj=obj):
            return (obj,)
        case ListLit(items=items):
            return items
        case Compare(left=left, right=right) | Arith(left=left, right=right):
            return (left, right)
        case Member(item=item, collection=collection):
            return (item, collection)
        case BoolOp(operands=operands):
            return operands
        case Not(operand=operand) | Neg(operand=operand):
            return (operand,)
        case Quantifier(collection=collection, body=body):
            return (collection, body)
        case Call(args=args):
            return args
        case MethodCall(obj=obj, args=args):
            return (obj, *args)
    return ()


def _no_children(_: Node) -> tuple[Node, ...]:
    return ()


# The arms of _matched_children by exact class, for the walks over every condition of a large pack
# (a subclass of a node type, which the checker never makes, takes the match above).
_CHILDREN: dict[type[Node], Callable[[Any], tuple[Node, ...]]] = {
    Root: _no_children,
    Var: _no_children,
    Const: _no_children,
    Setting: _no_children,
    Derived: _no_children,
    AsOf: _no_children,
    Attr: lambda n: (n.obj,),
    ListLit: lambda n: n.items,
    Compare: lambda n: (n.left, n.right),
    Arith: lambda n: (n.left, n.right),
    Member: lambda n: (n.item, n.collection),
    BoolOp: lambda n: n.operands,
    Not: lambda n: (n.operand,),
    Neg: lambda n: (n.operand,),
    Quantifier: lambda n: (n.collection, n.body),
    Call: lambda n: n.args,
    MethodCall: lambda n: (n.obj, *n.args),
}


def root_path(node: Node) -> tuple[str, ...] | None:
    """The field path of an ``Attr`` chain that starts at the case root, else None."""
    names: list[str] = []
    current = node
    while isinstance(current, Attr):
        names.append(current.name)
        current = current.obj
    if isinstance(current, Root) and names:
        return tuple(reversed(names))
    return None


def _const_text(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return f"date('{value.isoformat()}')"
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return repr(value)


_PRECEDENCE = {"or": 1, "and": 2, "not": 3, "cmp": 4, "+": 5, "-": 5, "*": 6, "/": 6, "//": 6, "%": 6}


def render(node: Node, parent: int = 0) -> str:  # noqa: C901, PLR0911, PLR0912 - one arm per node type
    """The canonical text of a checked node (used by explanations and golden files)."""
    match node:
        case Root():
            return ""
        case Var(name=name):
            return name
        case Attr(obj=Root(), name=name):
            return name
        case Attr(obj=obj, name=name):
            return f"{render(obj, 9)}.{name}"
        case Const(value=value):
            return _const_text(value)
        case ListLit(items=items):
            return "[" + ", ".join(render(i) for i in items) + "]"
        case Setting(name=name):
            return f"settings.{name}"
        case Derived(name=name):
            return name
        case AsOf():
            return "as_of"
        case Compare(op=op, left=left, right=right):
            text, level = f"{render(left, 5)} {op} {render(right, 5)}", _PRECEDENCE["cmp"]
        case Member(item=item, collection=collection, negated=negated):
            word = "not in" if negated else "in"
            text, level = f"{render(item, 5)} {word} {render(collection, 5)}", _PRECEDENCE["cmp"]
        case BoolOp(op=op, operands=operands):
            level = _PRECEDENCE[op]
            text = f" {op} ".join(render(o, level + 1) for o in operands)
        case Not(operand=operand):
            text, level = f"not {render(operand, 3)}", _PRECEDENCE["not"]
        case Neg(operand=operand):
            return f"-{render(operand, 9)}"
        case Arith(op=op, left=left, right=right):
            level = _PRECEDENCE[op]
            text = f"{render(left, level)} {op} {render(right, level + 1)}"
        case Quantifier(quantifier=q, collection=collection, var=var, body=body):
            return f"{render(collection, 9)}.{q}({var}, {render(body)})"
        case Call(func=func, args=args):
            return f"{func}({', '.join(render(a) for a in args)})"
        case MethodCall(obj=Root(), method=method, args=args):
            return f"{method}({', '.join(render(a) for a in args)})"
        case MethodCall(obj=obj, method=method, args=args):
            return f"{render(obj, 9)}.{method}({', '.join(render(a) for a in args)})"
        case _:
            msg = f"cannot render {type(node).__name__}"
            raise TypeError(msg)
    return f"({text})" if level < parent else text
