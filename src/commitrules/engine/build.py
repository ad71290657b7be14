"""Building a decision from the rules that fired: what is cheap now, the rest when it is read.

:func:`build_decision` makes a :class:`~commitrules.engine.decision.Decision` with its kind, case id,
outcome, pack and date, and a :class:`PendingDecision`: the set of fired rules' prepared
:class:`~commitrules.engine.views.Combination`, the case, the date, the route, and the kind's facts
functions. The decision builds each other field from it when that field is first read, and its JSON
from the prepared fragments when it is written before anything else was read.

The route is found when the decision is made (it is part of what was decided, and a route function
that fails must fail there); the facts of each fired rule are read from the case when the fired rules
are read or written. A facts function that fails is a defect of commitrules, reported as an
:class:`~commitrules.errors.EvaluationError` wherever it happens.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from pydantic_core import SchemaSerializer, core_schema, to_json

from commitrules.engine.decision import (
    EAGER_FIELDS,
    Decision,
    FiredRule,
    Pending,
    _private,
    _raw_dict,
    _set_dict,
    _set_extra,
    _set_fields_set,
    _set_private,
    construct,
)
from commitrules.errors import CommitRulesError, EvaluationError

if TYPE_CHECKING:
    from commitrules.engine.views import Combination, KindView
    from commitrules.model import Case

__all__ = ["FactsFunction", "PendingDecision", "RouteFunction", "build_decision", "decision_json", "evaluation_failed"]

#: ``(case, derived facts, as_of) -> {label: JSON value}`` for the facts one rule read.
FactsFunction = Callable[[Any, frozenset[str], dt.date], dict[str, Any]]
RouteFunction = Callable[[Any, frozenset[str], dt.date], Any]

_FIELDS_SET = frozenset(Decision.model_fields)
_EAGER_COUNT = len(EAGER_FIELDS)
#: The JSON of a fired rule's facts, as pydantic writes the field ``facts: dict[str, Any]``.
_FACTS_JSON = SchemaSerializer(core_schema.dict_schema(core_schema.str_schema(), core_schema.any_schema())).to_json
_new = object.__new__


def evaluation_failed(case: Any, engine: str, exc: Exception) -> EvaluationError:
    """The error for a failure of the engine on a valid case: a defect of commitrules, never of the input."""
    host_id = getattr(case, "id", None)
    case_id = f" '{host_id}'" if host_id else ""
    msg = (
        f"Evaluating {case.KIND} case{case_id} failed on the {engine} engine: {type(exc).__name__}: "
        f"{exc}. This is a defect of commitrules; please report it with the case."
    )
    return EvaluationError(msg)


class PendingDecision(Pending):
    """What a lazy decision builds its fields and JSON from (see the module docstring)."""

    __slots__ = ("as_of", "case", "combination", "engine", "facts", "read_facts", "route", "view")

    def __init__(  # noqa: PLR0913, PLR0917 - everything a decision may still need
        self,
        view: KindView,
        combination: Combination,
        case: Any,
        as_of: dt.date,
        facts: Sequence[FactsFunction],
        route: tuple[str, ...],
        engine: str,
    ) -> None:
        """Keep what the fields are built from."""
        self.view = view
        self.combination = combination
        self.case = case
        self.as_of = as_of
        self.facts = facts
        self.route = route
        self.engine = engine
        #: The facts as the decision's JSON read them, for the decision log's text of the same decision.
        self.read_facts: list[dict[str, Any]] | None = None

    def value(self, name: str) -> Any:
        """A new value of the field ``name`` (each call a new object: lists are mutable)."""
        if name == "fired":
            return self._fired()
        if name == "route":
            return list(self.route)
        if name == "applied_by":
            return {m: list(d) for m, d in self.combination.applied_by}
        return list(getattr(self.combination, name))

    def fired_ids(self) -> tuple[str, ...]:
        """The ids of the fired rules, in evaluation order."""
        return tuple(rule.id for rule in self.combination.rules)

    def _facts(self) -> list[dict[str, Any]]:
        """The facts each fired rule read, in evaluation order, for writing JSON: read once, then kept.

        The decision's JSON and the decision log's canonical text of the same decision both write them;
        the facts functions run once for both. (The fired rules, when read, get facts of their own.)
        """
        found = self.read_facts
        if found is None:
            found = self.read_facts = self._read_facts()
        return found

    def _read_facts(self) -> list[dict[str, Any]]:
        """The facts each fired rule read, in evaluation order, read now."""
        case, as_of, facts = self.case, self.as_of, self.facts
        derived = self.combination.derived
        try:
            return [facts[rule.index](case, derived, as_of) for rule in self.combination.rules]
        except CommitRulesError:
            raise
        except Exception as exc:
            raise evaluation_failed(case, self.engine, exc) from exc

    def _fired(self) -> list[FiredRule]:
        return [
            construct(
                FiredRule,
                {
                    "rule": rule.id,
                    "clause": list(rule.clauses),
                    "title": rule.title,
                    "quote": rule.quote,
                    "interpretation": rule.interpretation,
                    "facts": facts,
                    "settings": rule.applied(self.as_of) if rule.dated else None,
                },
            )
            for rule, facts in zip(self.combination.rules, self._read_facts(), strict=True)
        ]

    def json(self, decision: Decision) -> bytes | None:
        """The decision's JSON, joined from the prepared fragments (None where there are none)."""
        view = self.view
        if view.json_open is None or view.json_close is None:
            return None
        case_id = decision.case_id
        combination = self.combination
        write = _FACTS_JSON
        fired = b",".join(
            fragment + write(facts) + b"}" for fragment, facts in zip(combination.fragments, self._facts(), strict=True)
        )
        return b"".join(
            (
                view.json_open,
                b"null" if case_id is None else to_json(case_id),
                combination.json_head,
                to_json(self.route) if self.route else b"[]",
                combination.json_tail,
                fired,
                view.json_close,
                self.as_of.isoformat().encode("ascii"),
                b'"}',
            )
        )


def decision_json(decision: Decision) -> bytes:
    """``decision.model_dump_json()`` as UTF-8 bytes, the quickest way.

    An engine's decision not yet read is written from the prepared fragments, without decoding and
    encoding its JSON again.

    Raises:
        EvaluationError: a facts function failed (a defect of commitrules).
    """
    pending = _private(decision)
    if type(pending) is PendingDecision and len(_raw_dict(decision)) == _EAGER_COUNT:
        written = pending.json(decision)
        if written is not None:
            return written
    return decision.model_dump_json().encode("utf-8")


def _route(
    view: KindView, combination: Combination, case: Any, as_of: dt.date, routes: Sequence[RouteFunction | None]
) -> tuple[str, ...]:
    """The reporting path: when several fired rules route the issue, the longest of their paths."""
    route: tuple[str, ...] = ()
    for rule in combination.routed:
        route_function = routes[rule.index]
        target = rule.route_to
        start = route_function(case, combination.derived, as_of) if route_function is not None else None
        if start is not None and target is not None:
            candidate = view.organization.route(str(start), target)
            # Reporting goes level by level (逐级): when several fired rules route the issue, it goes
            # up to the highest target, passing the lower ones; the longest path is that route.
            if len(candidate) > len(route):
                route = candidate
    return route


def build_decision(  # noqa: PLR0913, PLR0917 - every argument is needed, and it is internal
    view: KindView,
    case: Case,
    fired: Sequence[int],
    as_of: dt.date,
    facts: Sequence[FactsFunction],
    routes: Sequence[RouteFunction | None],
    engine: str = "compiled",
) -> Decision:
    """The decision for ``case`` given the indices of the rules that fired, in evaluation order.

    What depends only on which rules fired (outcome, codes, derived facts, JSON fragments) is looked
    up by that set; the route is found now; the facts each rule read are read when first needed.
    """
    key = fired if type(fired) is tuple else tuple(fired)
    combination = view.combinations.get(key) or view.combination(key)
    route = _route(view, combination, case, as_of, routes) if combination.routed else ()
    case_id = getattr(case, "id", None)
    pending = PendingDecision(view, combination, case, as_of, facts, route, engine)
    if type(as_of) is dt.date and (case_id is None or type(case_id) is str):
        decision = _new(Decision)
        # the slots' own setters: object.__setattr__ would find Decision's __dict__ property (Python)
        _set_dict(
            decision,
            {
                "kind": view.kind,
                "case_id": case_id,
                "outcome": combination.outcome,
                "policy": view.policy,
                "as_of": as_of,
            },
        )
        _set_fields_set(decision, set(_FIELDS_SET))
        _set_extra(decision, None)
        _set_private(decision, pending)
        return decision
    # a date subclass or an odd id: let pydantic convert (or reject) them, with every field built now
    values = {
        name: pending.value(name)
        for name in ("reasons", "consequences", "measures", "route", "channels", "tools", "applied_by", "fired")
    }
    return Decision(
        kind=view.kind, case_id=case_id, outcome=combination.outcome, policy=view.policy, as_of=as_of, **values
    )
