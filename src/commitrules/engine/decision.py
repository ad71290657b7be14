"""The decision: what was decided, by which rules, citing which clauses, on which facts.

The shape is the contract of ``domain.md`` section 5 and a public interface: host systems read its
JSON (``Decision.model_dump_json()``). Both engines only find *which rules fire*; the decision is
built here, once, from that set, so that the two engines cannot differ in anything else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import to_jsonable_python

if TYPE_CHECKING:
    from commitrules.model import Case
    from commitrules.policy.pack import KindPolicy, PolicyPack

__all__ = ["Decision", "FiredRule", "PolicyRef", "Title", "build_decision"]

_CODE_LISTS = ("reasons", "consequences", "measures", "channels", "tools")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Title(_Frozen):
    """A name in Chinese and English."""

    zh: str
    en: str


class PolicyRef(_Frozen):
    """The pack a decision was made with."""

    name: str
    version: str
    digest: str


class FiredRule(_Frozen):
    """A rule that fired, its clause, and the facts its condition read with their values."""

    rule: str
    clause: list[str]
    title: Title
    quote: str | None = Field(default=None, description="The source sentence the rule rests on (Chinese)")
    interpretation: bool = Field(description="True when the rule rests on an interpretation of the text")
    facts: dict[str, Any]


class Decision(_Frozen):
    """The result of evaluating one case."""

    kind: str
    case_id: str | None = Field(default=None, description="The host system's case id, when given")
    outcome: str
    reasons: list[str] = []
    consequences: list[str] = []
    measures: list[str] = []
    route: list[str] = Field(default=[], description="Reporting path, in order from the reporting role")
    channels: list[str] = []
    tools: list[str] = []
    applied_by: dict[str, list[str]] = Field(
        default={}, description="For each measure, the departments configured to apply it"
    )
    fired: list[FiredRule] = []
    policy: PolicyRef
    as_of: dt.date

    def explain(self, lang: str = "zh") -> str:
        """A readable account of the decision in Chinese (``zh``) or English (``en``)."""
        from commitrules.explain import explain_decision  # noqa: PLC0415 - explain imports this module

        return explain_decision(self, lang)


def _jsonable(value: Any) -> Any:
    """A fact's value as JSON data; sets become sorted lists, so that decisions are reproducible."""
    if isinstance(value, set | frozenset):
        return sorted(to_jsonable_python(v) for v in value)
    return to_jsonable_python(value)


FactsFunction = Callable[[Any, frozenset[str], dt.date], tuple[Any, ...]]
RouteFunction = Callable[[Any, frozenset[str], dt.date], Any]


def build_decision(  # noqa: PLR0913 - every argument is needed, and it is internal
    pack: PolicyPack,
    policy: KindPolicy,
    case: Case,
    fired: Sequence[int],
    as_of: dt.date,
    facts: Sequence[FactsFunction],
    routes: Sequence[RouteFunction | None],
) -> Decision:
    """The decision for ``case`` given the indices of the rules that fired, in evaluation order."""
    rules = policy.rules
    derived = frozenset(name for i in fired for name in rules[i].effect.derive)
    set_outcomes = {rules[i].effect.outcome for i in fired}
    outcome = next((o for o in policy.outcomes if o in set_outcomes), policy.default)
    codes: dict[str, set[str]] = {name: set() for name in _CODE_LISTS}
    route: tuple[str, ...] = ()
    fired_rules = []
    for i in fired:
        rule = rules[i]
        effect = rule.effect
        for name in _CODE_LISTS:
            codes[name].update(getattr(effect, name))
        route_function = routes[i]
        if not route and route_function is not None and effect.route_to is not None:
            start = route_function(case, derived, as_of)
            if start is not None:
                route = pack.organization.route(str(start), effect.route_to)
        values = facts[i](case, derived, as_of)
        fired_rules.append(
            FiredRule(
                rule=rule.id,
                clause=list(rule.clauses),
                title=Title(zh=rule.title["zh"], en=rule.title["en"]),
                quote=rule.quote,
                interpretation=rule.interpretation is not None,
                facts={ref.label: _jsonable(v) for ref, v in zip(rule.reads, values, strict=True)},
            )
        )
    measures = sorted(codes["measures"])
    applied_by = {m: list(d) for m in measures if (d := pack.organization.departments_for(m))}
    return Decision(
        kind=policy.kind,
        case_id=getattr(case, "id", None),
        outcome=outcome,
        reasons=sorted(codes["reasons"]),
        consequences=sorted(codes["consequences"]),
        measures=measures,
        route=list(route),
        channels=sorted(codes["channels"]),
        tools=sorted(codes["tools"]),
        applied_by=applied_by,
        fired=fired_rules,
        policy=PolicyRef(name=pack.name, version=pack.version, digest=pack.digest),
        as_of=as_of,
    )
