"""The values a term may take: intervals and finite sets, met, joined and complemented."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal as TypingLiteral

from commitrules.policy.types import Type

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
    piece = Interval(
        start[0] if start else None, start[1] if start else False, end[0] if end else None, end[1] if end else False
    )
    piece = whole(piece) if kind == "int" else piece
    return None if piece.empty() else piece


def whole(piece: Interval) -> Interval:
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
    piece = whole(piece) if kind == "int" else piece
    return None if piece.empty() else piece


#: The one non-null "value" of a model or a list, of which only null-ness is reasoned about.
_SOME: frozenset[object] = frozenset({"<value>"})


def universe(ty: Type) -> ValueSet:
    """Every value a term of type ``ty`` may take."""
    members: frozenset[object]
    if ty.kind == "bool":
        members = frozenset({True, False})
        return ValueSet("finite", ty.nullable, members, universe=members)
    if ty.kind == "enum" and ty.enum is not None:
        members = frozenset(str(m.value) for m in ty.enum)
        return ValueSet("finite", ty.nullable, members, universe=members)
    if ty.kind == "str" or (ty.kind == "enum" and ty.codes is not None):
        # the codes of an open list are the pack's: as far as reasoning goes, any string
        return ValueSet("str", ty.nullable, cofinite=True)
    if ty.kind in {"int", "date", "number"}:
        kind: DomainKind = "int" if ty.kind in {"int", "date"} else "real"
        return ValueSet(kind, ty.nullable, intervals=(EVERYTHING,))
    # A model or a list: only whether it is null can be told (``entry.exit != null``).
    return ValueSet("finite", ty.nullable, _SOME, universe=_SOME)
