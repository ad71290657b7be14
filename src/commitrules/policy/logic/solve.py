"""Normal form and satisfiability: what can never be true, what implies what, within a size limit."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence

from commitrules.policy import tree as t
from commitrules.policy.logic.formulas import And, Formula, Lit, Or, conjoin, negate
from commitrules.policy.logic.value_sets import MAX_CLAUSES, Interval, TooComplexError, ValueSet, universe

#: The most tests of one formula that the reasoning analyses exactly (the bundled pack's largest rule
#: has 8): past it, :func:`unsatisfiable` answers "unknown" and lint says that it stopped short.
MAX_LITERALS = 200


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
    base = universe(lit.type)
    node = lit.node
    if isinstance(node, t.Compare | t.Member):
        term = (
            node.left
            if isinstance(node, t.Compare) and t.render(node.left) == lit.term
            else (node.right if isinstance(node, t.Compare) else node.item)
        )
        if _never_negative(term) and base.kind in {"int", "real"}:
            return ValueSet(base.kind, base.null, intervals=(Interval(0, lo_in=True, hi=None, hi_in=False),))
    return base


def _never_negative(node: t.Node) -> bool:
    return (isinstance(node, t.Call) and node.func == "len") or (
        isinstance(node, t.Quantifier) and node.quantifier == "count"
    )


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
    if too_large(formula):
        return None
    try:
        return not dnf(formula, limit)
    except (TooComplexError, RecursionError):
        return None


def too_large(formula: Formula) -> bool:
    """Whether ``formula`` has more than :data:`MAX_LITERALS` tests: the reasoning stops short of it.

    The normal form of a conjunction of n tests on one term costs about n**3 steps (each test is met with
    all the ones before it, and the value sets grow), so lint would spend minutes on a list of thousands.
    """
    return any(True for _ in itertools.islice(literals(formula), MAX_LITERALS, None))


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
