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
form would grow past :data:`MAX_CLAUSES`, or the formula has more than :data:`MAX_LITERALS` tests, the
answer is "unknown" (``None``), never a guess.

Examples:
    >>> from commitrules.policy.types import INT
    >>> from commitrules.policy import tree as t
    >>> x = t.Attr(INT, 0, t.Root(INT, 0), "x")
    >>> big = t.Compare(INT, 0, ">", x, t.Const(INT, 4, 5))
    >>> small = t.Compare(INT, 9, "<", x, t.Const(INT, 13, 3))
    >>> unsatisfiable(to_formula(t.BoolOp(INT, 0, "and", (big, small))))
    True
"""

from commitrules.policy.logic.formulas import And, Formula, Lit, Or, conjoin, negate, to_formula
from commitrules.policy.logic.solve import (
    MAX_LITERALS,
    conflict,
    dnf,
    implies,
    literals,
    satisfiable_together,
    too_large,
    unsatisfiable,
)
from commitrules.policy.logic.value_sets import MAX_CLAUSES, TooComplexError, ValueSet

__all__ = [
    "MAX_CLAUSES",
    "MAX_LITERALS",
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
    "literals",
    "negate",
    "satisfiable_together",
    "to_formula",
    "too_large",
    "unsatisfiable",
]
