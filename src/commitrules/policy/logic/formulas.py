"""Conditions as formulas: literals on terms, and/or/not, read from a checked tree."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from decimal import Decimal

from commitrules.policy import tree as t
from commitrules.policy.logic.value_sets import Interval, ValueSet, universe, whole
from commitrules.policy.types import Type


# -- literals and formulas -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Lit:
    """A term constrained to ``allowed``; ``node`` is the condition's sub-expression it comes from.

    ``origin`` names a literal that is not written in a condition (``effective.from``).
    """

    term: str
    type: Type
    allowed: ValueSet
    node: t.Node | None = field(default=None, compare=False)
    origin: str | None = field(default=None, compare=False)
    #: Whether the literal compares the term's order (``<``, ``<=``, ``>``, ``>=``): for messages only.
    ordering: bool = field(default=False, compare=False)
    #: Whether the literal holds when ``node`` is false (it comes from a ``not``): for messages only.
    negative: bool = field(default=False, compare=False)

    def negated(self) -> Lit:
        """The literal that is true exactly when this one is false."""
        return Lit(
            self.term,
            self.type,
            self.allowed.complement(self.type.nullable),
            self.node,
            self.origin,
            self.ordering,
            not self.negative,
        )

    @property
    def text(self) -> str:
        """The condition text the literal stands for (``not x`` when it comes from a negation)."""
        if self.node is None:
            return self.term
        return f"not {t.render(self.node, 3)}" if self.negative else t.render(self.node)


@dataclass(frozen=True, slots=True)
class And:
    """All of ``items``."""

    items: tuple[Formula, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """At least one of ``items``."""

    items: tuple[Formula, ...]


Formula = Lit | And | Or | bool


def negate(formula: Formula) -> Formula:
    """The negation, with ``not`` pushed down to the literals."""
    if isinstance(formula, bool):
        return not formula
    if isinstance(formula, Lit):
        return formula.negated()
    if isinstance(formula, And):
        return Or(tuple(negate(f) for f in formula.items))
    return And(tuple(negate(f) for f in formula.items))


def conjoin(*formulas: Formula) -> Formula:
    """All of ``formulas``."""
    return And(tuple(formulas))


_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
_OPAQUE = Type("bool")


def to_formula(node: t.Node | None) -> Formula:
    """The formula of a checked condition (``None``: a rule without condition, always true)."""
    if node is None:
        return True
    return _formula(node)


def _formula(node: t.Node) -> Formula:  # noqa: PLR0911 - one arm per node type
    match node:
        case t.BoolOp(op="and", operands=operands):
            return And(tuple(_formula(o) for o in operands))
        case t.BoolOp(operands=operands):
            return Or(tuple(_formula(o) for o in operands))
        case t.Not(operand=operand):
            return negate(_formula(operand))
        case t.Const(value=bool() as value):
            return value
        case t.Compare():
            return _compare(node)
        case t.Member():
            return _member(node)
    return _truthy(node)


def _truthy(node: t.Node) -> Lit:
    """A true/false term that holds when its value is true (a null value counts as false)."""
    ty = node.type if node.type.kind == "bool" else _OPAQUE
    allowed = ValueSet("finite", null=False, values=frozenset({True}), universe=frozenset({True, False}))
    return Lit(t.render(node), ty, allowed, node)


def _opaque(node: t.Node, key: t.Node | None = None) -> Lit:
    """An atom the reasoning does not look into, named by its canonical text."""
    allowed = ValueSet("finite", null=False, values=frozenset({True}), universe=frozenset({True, False}))
    return Lit(t.render(key or node), _OPAQUE, allowed, node)


def _constant(node: t.Node) -> tuple[bool, object]:
    """Whether ``node`` is a constant, and its value (dates as day numbers)."""
    if isinstance(node, t.Const):
        value = node.value
        return True, value.toordinal() if isinstance(value, dt.date) else value
    return False, None


def _is_term(node: t.Node) -> bool:
    return not isinstance(node, t.Const | t.ListLit)


def _term_type(node: t.Node) -> Type:
    """A term's type, null included wherever the engines can produce one.

    The checker types ``add_days(d, n)``, ``add_years(d, n)`` and ``d + n`` as null only when an operand
    may be; the engines also give null for a date past the calendar's end.
    """
    if isinstance(node, t.Call) and node.func in {"add_days", "add_years"}:
        return node.type.as_nullable()
    if isinstance(node, t.Arith) and node.left.type.kind == "date" and node.right.type.kind != "date":
        return node.type.as_nullable()
    return node.type


def _compare(node: t.Compare) -> Formula:
    op, left, right = node.op, node.left, node.right
    left_const, _ = _constant(left)
    if left_const and not _constant(right)[0]:
        op, left, right = _FLIP[op], right, left  # type: ignore[assignment]
    is_const, value = _constant(right)
    if not is_const or not _is_term(left):
        if op == "!=":  # a != b is exactly not (a == b), also with nulls
            equal = _opaque(node, t.Compare(node.type, node.offset, "==", node.left, node.right))
            return replace(equal.negated(), negative=False)
        return _opaque(node)
    ty = _term_type(left)
    allowed = _allowed(op, value, ty, universe(ty))
    if allowed is None:
        return _opaque(node)
    return Lit(t.render(left), ty, allowed, node, ordering=op not in {"==", "!="})


def _allowed(op: str, value: object, ty: Type, base: ValueSet) -> ValueSet | None:  # noqa: PLR0911
    if value is None:
        if op == "==":
            return ValueSet(base.kind, null=True, universe=base.universe)
        if op == "!=":
            return replace(base, null=False)
        return ValueSet(base.kind, null=False, universe=base.universe)  # ordering with null: never true
    point = _point(value, base)
    if point is None:
        return None
    if op == "==":
        return point
    if op == "!=":
        return point.complement(ty.nullable)
    if base.kind not in {"int", "real"} or not isinstance(value, int | float | Decimal) or isinstance(value, bool):
        return None
    number = float(value)
    piece = {
        "<": Interval(None, lo_in=False, hi=number, hi_in=False),
        "<=": Interval(None, lo_in=False, hi=number, hi_in=True),
        ">": Interval(number, lo_in=False, hi=None, hi_in=False),
        ">=": Interval(number, lo_in=True, hi=None, hi_in=False),
    }[op]
    piece = whole(piece) if base.kind == "int" else piece
    return ValueSet(base.kind, null=False, intervals=() if piece.empty() else (piece,))


def _point(value: object, base: ValueSet) -> ValueSet | None:
    """The set holding only ``value`` (None when the value cannot be placed in the domain)."""
    if base.kind == "finite":
        return ValueSet("finite", null=False, values=frozenset({value}) & base.universe, universe=base.universe)
    if base.kind == "str":
        return ValueSet("str", null=False, values=frozenset({value})) if isinstance(value, str) else None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    number = float(value)
    if base.kind == "int" and number != math.floor(number):
        return ValueSet("int", null=False)  # a whole number never equals 2.5
    return ValueSet(base.kind, null=False, intervals=(Interval(number, lo_in=True, hi=number, hi_in=True),))


def _member(node: t.Member) -> Formula:
    item, collection = node.item, node.collection
    if isinstance(collection, t.ListLit) and _is_term(item) and not _constant(item)[0]:
        ty = _term_type(item)
        base = universe(ty)
        allowed: ValueSet | None = ValueSet(base.kind, null=False, universe=base.universe)
        for element in collection.items:
            is_const, value = _constant(element)
            point = _point(value, base) if is_const and value is not None else None
            if point is None or allowed is None:
                allowed = None
                break
            allowed = _union(allowed, point)
        if allowed is not None:
            lit = Lit(t.render(item), ty, allowed, node)
            return replace(lit.negated(), negative=False) if node.negated else lit
    positive = t.Member(node.type, node.offset, item, collection, negated=False)
    lit = _opaque(node, positive)
    return replace(lit.negated(), negative=False) if node.negated else lit


def _union(a: ValueSet, b: ValueSet) -> ValueSet:
    if a.kind in {"finite", "str"}:
        return ValueSet(a.kind, a.null or b.null, a.values | b.values, universe=a.universe)
    return ValueSet(a.kind, a.null or b.null, intervals=a.intervals + b.intervals)
