"""The second engine: the checked conditions matched by durable_rules' Rete network.

The package: :mod:`.ir`, :mod:`.periods` and :mod:`.translation` (checked tree -> durable JSON), :mod:`.limits`
(durable's fixed C limits), :mod:`.plan` (a kind's rules in groups and rulesets) and :mod:`.durable`
(the one module that imports durable_rules). :class:`ReteEngine` holds the plans of one pack; it
belongs to an :class:`~commitrules.engine.evaluator.Evaluator`.

Each kind of a pack becomes one durable ruleset (registered once per pack digest and kind; several
for a kind past durable's limits per ruleset, see below). A case is judged by asserting one fact per
stratum (or part of a stratum); the fact carries the case fields the native conditions read,
the precomputed atoms, the derived facts so far and the ``stratum``/``part`` discriminators that every
durable rule tests. Durable reports which rules matched; override suppression and derived facts are
applied in Python between strata, in rule order, exactly as the generated code of the compiled engine
does. The two engines must return the same fired rules for every case (the compiled engine is the
reference).

What durable matches natively, and what is computed in Python first (an *atom*: a boolean field of the
fact, computed with :func:`commitrules.engine.compiled.compile_expression`, that the durable condition
tests with ``{"atom.<rule>.<n>": true}`` or ``false``):

=====================================================  =========  ===========================================
construct                                              where      why
=====================================================  =========  ===========================================
``and`` / ``or`` / ``not``                             native     ``$and`` / ``$or``; ``not`` is pushed down
                                                                  to the leaves (negation normal form)
``field <op> constant``: bool, int, date, str, enum    native     dotted key ``case.a.b``; dates as ordinals;
field path that cannot be null                                    str/enum only with ``==``/``!=``
``date_field <op> as_of`` (both never null)            native     ``{"$lt": {"case.d": {"$m": "as_of"}}}``
``as_of <op> date constant``                           native     ``as_of`` is a field of every fact
``field in [constants]`` / ``not in``                  native     ``$or`` of equalities / ``$and`` of ``$neq``
bool field, derived fact                               native     ``{"case.flag": true}``,
                                                                  ``{"derived.name": true}``
effective dates of the rule                            native     ``$gte``/``$lte`` on ``as_of``
``settings.*``                                         native     inlined as constants
a setting that changes with time (dated ``values``)     native     the condition is split by period
                                                                  (:mod:`.periods`): an ``or`` of ``as_of``
                                                                  within a period ``and`` the condition with
                                                                  that period's values inlined
anything that may be null (nullable paths)             atom       durable has no null: a missing key never
                                                                  matches, and ``$neq`` on it is false
``number`` fields and non-int constants (float,        atom       Decimal and float compare exactly in
Decimal)                                                          Python, not as durable doubles; NaN/inf
                                                                  are not JSON
str ordering (``<`` on strings)                        atom       durable compares the escaped JSON text
                                                                  with ``strncmp``, not code points
field-to-field comparisons other than dates            atom       ints are clamped and strings replaced by
                                                                  a sentinel on the way in (see below)
helper calls, quantifiers, ``len``/``days_between``/   atom       not expressible in the JSON language
``add_days``/``min``/``max``/``abs``, arithmetic,
lists of models, ``x in list_field``
int constants beyond 2**53, strings that are not       atom       int64/double and UTF-8 limits of the core
valid UTF-8
rules past durable's 15 ``$and``/``$or`` per rule      atom       ``MAX_SEQUENCE_EXPRESSIONS`` (error 113):
                                                                  the largest subtrees become atoms
an ``or`` needing more of durable's alpha stack than   atom       the stack of 64 nodes (error 303) and the
``_MAX_STACK``, or with more than ``_MAX_CHILDREN``               511 children of a node; an ``or`` whose
alternatives, or whose alternatives start with the                alternatives durable would merge breaks
same test                                                         the bound on the stack (``limits._needs``)
=====================================================  =========  ===========================================

Values are made exact before they are asserted: ints are clamped to +-2**60 (every native int constant
is within +-2**53, so no comparison changes); a str/enum field value that equals none of the constants
its key is compared with is replaced by a sentinel that equals none of them either (durable's string
equality is exact on the escaped JSON text, and the sentinel also keeps odd strings away from the C
core); dates become ordinals.

durable is wrapped as ``notes/durable-rules.md`` requires: one private Host whose timer threads never
start, one global lock around each evaluation (one live session at a time), a fresh sid per evaluation
deleted in a ``finally`` from outside the actions (but not where durable rejected the session's first
fact: deleting a session without a fact crashes the C core), a catch-all rule per fact so that no fact
goes unhandled, actions that only record the index of the matched rule (firings de-duplicated: a rule
fires once per true ``$or`` branch), errors that durable swallows (``c.s.exception``) re-raised as
:class:`~commitrules.errors.EvaluationError`. The fact keys durable sees are the engine's own short
names (``k<n>``), chosen so that no two share durable's 32-bit FNV hash (durable finds a property by
its hash alone): no pack can make two collide (``plan._durable_names``).

durable's core has fixed limits that a big kind reaches; each is kept by construction, so a kind of
any size runs. A stratum is split into ``part``s, each with its own fact, where a rule reads a fact
derived earlier in the same stratum (the generated code would see it), past ``limits._MAX_KEYS`` keys
(durable allows 255 properties per fact), where the rules' needs of durable's alpha stack would add up
past ``_MAX_STACK`` (it holds 64 nodes; error 303 beyond, which one case in 200 hit on a kind of 1,265
rules: see ``limits._needs``) and where their widest nodes would add up past ``_MAX_CHILDREN`` (a node has
room for 511 children; registering more never returns). The groups then go to as many rulesets as
needed for at most ``_MAX_ACTIONS`` rules and catch-alls (durable's ``MAX_ACTIONS`` is 4,096: error 106
beyond) and ``_MAX_GROUPS`` strata and parts (children of the root node and of a stratum node) per
ruleset; a case gets a session in each ruleset, all deleted at the end.

If an atom raises (a helper failing on odd input), the compiled engine might never have evaluated it
(``and`` short-circuits), so that rule's condition is evaluated in Python the way the compiled engine
does, for that case only; an exception it raises propagates exactly as with the compiled engine.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from commitrules.engine.rete.durable import durable_host
from commitrules.engine.rete.plan import _build_plan, _Plan
from commitrules.engine.rete.translation import translate_rule

if TYPE_CHECKING:
    import datetime as dt

    from commitrules.model import Case
    from commitrules.policy.pack import PolicyPack

__all__ = ["ReteEngine", "translate_rule"]


class ReteEngine:
    """The rete plans of one pack: built per kind (all at once by :meth:`prepare`), then only read.

    Registering a plan's rulesets needs durable_rules; building the plan itself does not.
    """

    def __init__(self, pack: PolicyPack) -> None:
        """Hold the plans of ``pack`` (none built yet)."""
        self._pack = pack
        self._plans: dict[str, _Plan] = {}
        self._lock = threading.Lock()

    def prepare(self) -> None:
        """Build and register the plan of every kind now.

        Raises:
            EngineUnavailableError: durable_rules is not installed.
            EvaluationError: durable rejected a ruleset.
        """
        for kind in self._pack.kinds:
            self.plan(kind)

    def plan(self, kind: str) -> _Plan:
        """The plan of ``kind``, registered in the durable host (built on first use)."""
        found = self._plans.get(kind)
        if found is None:
            host = durable_host()
            with self._lock:
                found = self._plans.get(kind)
                if found is None:
                    found, definitions = _build_plan(self._pack, self._pack.policies[kind])
                    host.register(kind, definitions)
                    self._plans[kind] = found
        return found

    def fired(self, case: Case, as_of: dt.date) -> tuple[int, ...]:
        """The indices of the rules of ``case``'s kind that fire on ``as_of``, matched by durable_rules.

        Raises:
            EngineUnavailableError: durable_rules is not installed.
            EvaluationError: durable failed or reported an error inside an action.
        """
        plan = self.plan(case.KIND)
        return durable_host().fired(plan, case, as_of)
