"""Reasoning about checked conditions: which can never be true, and which imply which.

A condition is read as a formula of *literals*. A literal constrains one *term* (a field path, a derived
fact, a setting, ``len(...)``, ``as_of``: any sub-expression that is not a constant, named by its
canonical text) to a set of values: ``x == 'a'``, ``x in ['a', 'b']``, ``x > 3``, ``x == null``, a
boolean term itself. Whatever the reasoning cannot look into (a helper's result, a quantifier, two terms
compared with each other, membership in a setting's list) becomes an opaque true/false term, so that
``p and not p`` is still seen and nothing is ever assumed about what ``p`` means.

Settings are terms too, never their current values: a finding must hold for every deployment's
configuration, not only the bundled one (``settings.x and not settings.x`` is a contradiction;
``settings.x`` alone is a switch).

The answers are sound: :func:`unsatisfiable` says ``True`` only when no case, setting or date can make
the conjunction true, under the null semantics of the engines (a null compares equal only to null;
ordering comparisons with null are false; a null true/false value counts as false). When the normal
form would grow past :data:`MAX_CLAUSES`, the answer is "unknown" (``None``), never a guess.

Examples:
    >>> from commitrules.policy.types import INT
    >>> from commitrules.policy import tree as t
    >>> x = t.Attr(INT, 0, t.Root(INT, 0), "x")
    >>> big = t.Compare(INT, 0, ">", x, t.Const(INT, 4, 5))
    >>> small = t.Compare(INT, 9, "<", x, t.Const(INT, 13, 3))
    >>> unsatisfiable(to_formula(t.BoolOp(INT, 0, "and", (big, small))))
    True
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal as TypingLiteral

from commitrules.policy import tree as t
from commitrules.policy.types import Type

__all__ = [
    "MAX_CLAUSES",
    "And",
    "Formula",
    "Lit",
    "Or",
    "TooComplexError",
    "ValueSet",
    "conflict",
    "conjoin",
    "dnf",
    "implies",
    "negate",
    "satisfiable_together",
    "to_formula",
    "unsatisfiable",
]

#: The most conjunctions a normal form may have before the reasoning gives up (answers "unknown").
MAX_CLAUSES = 4096

Number = int | float | Decimal
Bound = tuple[float, bool] | None  # (value, included); None: unbounded
DomainKind = TypingLiteral["finite", "str", "int", "real"]


class TooComplexError(Exception):
    """The normal form of a formula is too large to reason about; the answer is unknown."""


# -- value sets ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Interval:
    """Numbers from ``lo`` to ``hi``; None is unbounded. For whole numbers both ends are included."""

    lo: float | None
    lo_in: bool
    hi: float | None
    hi_in: bool

    def empty(self) -> bool:
        """Whether no number lies in the interval."""
        if self.lo is None or self.hi is None:
            return False
        return self.lo > self.hi or (self.lo == self.hi and not (self.lo_in and self.hi_in))


@dataclass(frozen=True, slots=True)
class ValueSet:
    """The values a term may take: a kind of domain, whether null is in, and the non-null part.

    ``finite``: ``values`` (booleans, enum members). ``str``: ``values``, or every string but ``values``
    when ``cofinite``. ``int`` and ``real``: a union of ``intervals`` (dates are whole day numbers).
    """

    kind: DomainKind
    null: bool
    values: frozenset[object] = frozenset()
    cofinite: bool = False
    intervals: tuple[Interval, ...] = ()
    universe: frozenset[object] = frozenset()

    def is_empty(self) -> bool:
        """Whether no value at all is allowed."""
        if self.null:
            return False
        if self.kind == "finite":
            return not self.values
        if self.kind == "str":
            return not self.cofinite and not self.values
        return not self.intervals

    def intersect(self, other: ValueSet) -> ValueSet:
        """Values allowed by both."""
        null = self.null and other.null
        if self.kind == "finite":
            return ValueSet("finite", null, self.values & other.values, universe=self.universe)
        if self.kind == "str":
            if self.cofinite and other.cofinite:
                return ValueSet("str", null, self.values | other.values, cofinite=True)
            if self.cofinite:
                return ValueSet("str", null, other.values - self.values)
            if other.cofinite:
                return ValueSet("str", null, self.values - other.values)
            return ValueSet("str", null, self.values & other.values)
        pieces = [_meet(a, b, self.kind) for a in self.intervals for b in other.intervals]
        return ValueSet(self.kind, null, intervals=tuple(p for p in pieces if p is not None))

    def complement(self, nullable: bool) -> ValueSet:  # noqa: FBT001 - mirrors the type's flag
        """Values not allowed (null included when the term may be null)."""
        null = nullable and not self.null
        if self.kind == "finite":
            return ValueSet("finite", null, self.universe - self.values, universe=self.universe)
        if self.kind == "str":
            return ValueSet("str", null, self.values, cofinite=not self.cofinite)
        out: list[Interval] = []
        start: Bound = None
        for piece in sorted(self.intervals, key=_lo_key):
            if piece.lo is not None:
                gap = _gap(start, (piece.lo, not piece.lo_in), self.kind)
                if gap is not None:
                    out.append(gap)
            if piece.hi is None:
                return ValueSet(self.kind, null, intervals=tuple(out))
            end = (piece.hi, not piece.hi_in)
            start = end if start is None or _after(end, start) else start
        gap = _gap(start, None, self.kind) if self.intervals else EVERYTHING
        if gap is not None:
            out.append(gap)
        return ValueSet(self.kind, null, intervals=tuple(out))


#: Every number.
EVERYTHING = Interval(None, lo_in=False, hi=None, hi_in=False)


def _lo_key(piece: Interval) -> tuple[float, int]:
    return (-math.inf if piece.lo is None else piece.lo, 0 if piece.lo_in else 1)


def _after(a: tuple[float, bool], b: tuple[float, bool]) -> bool:
    """Whether the lower bound ``a`` starts after ``b`` (``(v, True)``: v included)."""
    return a[0] > b[0] or (a[0] == b[0] and not a[1] and b[1])


def _gap(start: Bound, end: Bound, kind: DomainKind) -> Interval | None:
    """The interval from lower bound ``start`` to upper bound ``end`` (None: unbounded), or None if empty."""
    piece = Interval(start[0] if start else None, start[1] if start else False,
                     end[0] if end else None, end[1] if end else False)
    piece = _whole(piece) if kind == "int" else piece
    return None if piece.empty() else piece


def _whole(piece: Interval) -> Interval:
    """The same interval over whole numbers, with both ends included."""
    lo, hi = piece.lo, piece.hi
    if lo is not None:
        lo = math.ceil(lo) if piece.lo_in else math.floor(lo) + 1
    if hi is not None:
        hi = math.floor(hi) if piece.hi_in else math.ceil(hi) - 1
    return Interval(lo, lo is not None, hi, hi is not None)


def _meet(a: Interval, b: Interval, kind: DomainKind) -> Interval | None:
    if a.lo is None:
        lo, lo_in = b.lo, b.lo_in
    elif b.lo is None or a.lo > b.lo:
        lo, lo_in = a.lo, a.lo_in
    elif b.lo > a.lo:
        lo, lo_in = b.lo, b.lo_in
    else:
        lo, lo_in = a.lo, a.lo_in and b.lo_in
    if a.hi is None:
        hi, hi_in = b.hi, b.hi_in
    elif b.hi is None or a.hi < b.hi:
        hi, hi_in = a.hi, a.hi_in
    elif b.hi < a.hi:
        hi, hi_in = b.hi, b.hi_in
    else:
        hi, hi_in = a.hi, a.hi_in and b.hi_in
    piece = Interval(lo, lo_in, hi, hi_in)
    piece = _whole(piece) if kind == "int" else piece
    return None if piece.empty() else piece


#: The one non-null "value" of a model or a list, of which only null-ness is reasoned about.
_SOME: frozenset[object] = frozenset({"<value>"})


def _universe(ty: Type) -> ValueSet:
    """Every value a term of type ``ty`` may take."""
    members: frozenset[object]
    if ty.kind == "bool":
        members = frozenset({True, False})
        return ValueSet("finite", ty.nullable, members, universe=members)
    if ty.kind == "enum" and ty.enum is not None:
        members = frozenset(str(m.value) for m in ty.enum)
        return ValueSet("finite", ty.nullable, members, universe=members)
    if ty.kind == "str":
        return ValueSet("str", ty.nullable, cofinite=True)
    if ty.kind in {"int", "date", "number"}:
        kind: DomainKind = "int" if ty.kind in {"int", "date"} else "real"
        return ValueSet(kind, ty.nullable, intervals=(EVERYTHING,))
    # A model or a list: only whether it is null can be told (``entry.exit != null``).
    return ValueSet("finite", ty.nullable, _SOME, universe=_SOME)


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
        return Lit(self.term, self.type, self.allowed.complement(self.type.nullable), self.node, self.origin,
                   self.ordering, not self.negative)

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
    allowed = _allowed(op, value, ty, _universe(ty))
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
    piece = _whole(piece) if base.kind == "int" else piece
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
        base = _universe(ty)
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


# -- normal form and satisfiability ----------------------------------------------------------------
def dnf(formula: Formula, limit: int = MAX_CLAUSES) -> list[tuple[Lit, ...]]:
    """The satisfiable conjunctions whose disjunction is ``formula`` (unsatisfiable ones are dropped).

    Raises:
        TooComplexError: more than ``limit`` conjunctions would be needed.
    """
    if isinstance(formula, bool):
        return [()] if formula else []
    if isinstance(formula, Lit):
        return [] if conflict((formula,)) else [(formula,)]
    if isinstance(formula, Or):
        out: list[tuple[Lit, ...]] = []
        for item in formula.items:
            out.extend(dnf(item, limit))
            if len(out) > limit:
                raise TooComplexError
        return out
    clauses: list[tuple[Lit, ...]] = [()]
    for item in formula.items:
        parts = dnf(item, limit)
        clauses = [c + p for c in clauses for p in parts if not conflict(c + p)]
        if len(clauses) > limit:
            raise TooComplexError
        if not clauses:
            return []
    return clauses


def conflict(literals: Sequence[Lit]) -> tuple[Lit, ...] | None:
    """A smallest set of ``literals`` on one term that cannot all hold, or None when they can.

    The last literal of the answer is the one that made the term's values run out, in the given order.
    """
    found = _exhausted(literals)
    return None if found is None else _smallest(found)


def _exhausted(literals: Sequence[Lit]) -> list[Lit] | None:
    """The literals on the first term whose values run out, up to the one that exhausts it."""
    allowed: dict[str, ValueSet] = {}
    seen: dict[str, list[Lit]] = {}
    for lit in literals:
        current = allowed.get(lit.term)
        start = _restricted(lit) if current is None else current
        combined = start.intersect(lit.allowed)
        seen.setdefault(lit.term, []).append(lit)
        if combined.is_empty():
            return seen[lit.term]
        allowed[lit.term] = combined
    return None


def _restricted(lit: Lit) -> ValueSet:
    """What the language guarantees about a term: counts and lengths are never negative."""
    base = _universe(lit.type)
    node = lit.node
    if isinstance(node, t.Compare | t.Member):
        term = node.left if isinstance(node, t.Compare) and t.render(node.left) == lit.term else (
            node.right if isinstance(node, t.Compare) else node.item)
        if _never_negative(term) and base.kind in {"int", "real"}:
            return ValueSet(base.kind, base.null, intervals=(Interval(0, lo_in=True, hi=None, hi_in=False),))
    return base


def _never_negative(node: t.Node) -> bool:
    return (isinstance(node, t.Call) and node.func == "len") or (
        isinstance(node, t.Quantifier) and node.quantifier == "count")


def _smallest(lits: list[Lit]) -> tuple[Lit, ...]:
    last = lits[-1]
    if _exhausted((last,)) is not None:
        return (last,)
    for other in lits[:-1]:
        if _exhausted((other, last)) is not None:
            return (other, last)
    return tuple(lits)


def unsatisfiable(formula: Formula, limit: int = MAX_CLAUSES) -> bool | None:
    """True when no case can make ``formula`` true; False when the reasoning finds a way; None: unknown.

    "False" means only that nothing the reasoning understands rules it out: helpers and other opaque
    terms may still exclude each other.
    """
    try:
        return not dnf(formula, limit)
    except (TooComplexError, RecursionError):
        return None


def implies(premise: Formula, conclusion: Formula, limit: int = MAX_CLAUSES) -> bool:
    """Whether every case that makes ``premise`` true makes ``conclusion`` true (False when unknown)."""
    return unsatisfiable(conjoin(premise, negate(conclusion)), limit) is True


def satisfiable_together(formulas: Iterable[Formula], limit: int = MAX_CLAUSES) -> bool:
    """Whether nothing the reasoning understands keeps ``formulas`` from being true together."""
    return unsatisfiable(conjoin(*formulas), limit) is False


def literals(formula: Formula) -> Iterator[Lit]:
    """Every literal of ``formula``, in order."""
    if isinstance(formula, Lit):
        yield formula
    elif isinstance(formula, And | Or):
        for item in formula.items:
            yield from literals(item)
