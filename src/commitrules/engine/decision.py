"""The decision: what was decided, by which rules, citing which clauses, on which facts.

The shape is the contract of ``domain.md`` section 5 and a public interface: host systems read its
JSON (``Decision.model_dump_json()``). Both engines only find *which rules fire*; the decision is
built here, once, from that set, so that the two engines cannot differ in anything else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import to_jsonable_python

from commitrules.engine.explain import explain_decision
from commitrules.policy import tree as t

if TYPE_CHECKING:
    from commitrules.engine.explain import Lang
    from commitrules.model import Case
    from commitrules.policy.pack import KindPolicy, Organization, PolicyPack, SettingValue

__all__ = [
    "AppliedSetting",
    "Decision",
    "FiredRule",
    "KindView",
    "PolicyRef",
    "RuleView",
    "Title",
    "build_decision",
    "kind_view",
]

_CODE_LISTS = ("reasons", "consequences", "measures", "channels", "tools")
_M = TypeVar("_M", bound="_Frozen")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Title(_Frozen):
    """A name in Chinese and English."""

    zh: str
    en: str


class PolicyRef(_Frozen):
    """The pack a decision was made with."""

    name: str
    version: str
    digest: str


class AppliedSetting(_Frozen):
    """The dated value of a setting that changes with time that a fired rule read: which one applied.

    .. versionadded:: 0.2.0
    """

    model_config = ConfigDict(serialize_by_alias=True, validate_by_name=True)  # the rest as every decision part

    value: Any = Field(description="The value in force on the evaluation date")
    since: dt.date = Field(alias="from", description="The first day that value is in force")
    source: str = Field(description="Where the value comes from (the document and clause that set it)")


class FiredRule(_Frozen):
    """A rule that fired, its clause, and the facts its condition read with their values."""

    rule: str
    clause: list[str]
    title: Title
    quote: str | None = Field(default=None, description="The source sentence the rule rests on (Chinese)")
    interpretation: bool = Field(description="True when the rule rests on an interpretation of the text")
    facts: dict[str, Any]
    settings: dict[str, AppliedSetting] | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description=(
            "Only when the rule read settings that change with time: for each (by name), the dated value "
            "that applied on the evaluation date. Absent otherwise."
        ),
    )


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

    def explain(self, lang: Lang = "zh") -> str:
        """A readable account of the decision in Chinese (``zh``) or English (``en``).

        Raises:
            UnknownLanguageError: another language was asked for.
        """
        return explain_decision(self, lang)


def _jsonable(value: Any) -> Any:
    """A fact's value as JSON data; sets become sorted lists, so that decisions are reproducible."""
    if isinstance(value, set | frozenset):
        return sorted(to_jsonable_python(v) for v in value)
    return to_jsonable_python(value)


def _sorted_set(value: Any) -> list[Any]:
    return sorted(fact_value(v) for v in value)


# How fact_value converts a value, by its exact class (None: it is JSON data already). Filled in as
# classes are met; a class not listed goes through _jsonable, whose result fact_value always equals.
_CONVERTERS: dict[type, Callable[[Any], Any] | None] = {
    bool: None,
    int: None,
    str: None,
    type(None): None,
    dt.date: dt.date.isoformat,
    frozenset: _sorted_set,
    set: _sorted_set,
}


def _converter(cls: type) -> Callable[[Any], Any] | None:
    if issubclass(cls, Enum) and issubclass(cls, str):
        return _enum_value  # a str enum's JSON is its value, a plain str
    return _jsonable


def _enum_value(value: Any) -> Any:
    return str.__str__(value)


def fact_value(value: Any) -> Any:
    """A fact's value as JSON data: equal to ``_jsonable(value)``, without its cost for plain values.

    The generated facts functions call it on every value a fired rule read (one call per fact per
    fired rule, the most frequent call of decision building), so the common classes are dispatched
    by a dictionary lookup instead of pydantic's serializer.
    """
    cls = value.__class__
    try:
        convert = _CONVERTERS[cls]
    except KeyError:
        convert = _CONVERTERS.setdefault(cls, _converter(cls))
    return value if convert is None else convert(value)


#: ``(case, derived facts, as_of) -> {label: JSON value}`` for the facts one rule read.
FactsFunction = Callable[[Any, frozenset[str], dt.date], dict[str, Any]]
RouteFunction = Callable[[Any, frozenset[str], dt.date], Any]


@dataclass(frozen=True, slots=True)
class RuleView:
    """What building a decision needs of one rule, prepared once per pack and kind.

    Attributes:
        index: the rule's position in evaluation order.
        id: the rule's id.
        clauses: the clauses it cites.
        title: its title in Chinese and English.
        quote: the source sentence it rests on.
        interpretation: whether it rests on an interpretation of the text.
        rank: the position of its outcome in the precedence list (``len(outcomes)`` when it sets none).
        codes: its code lists by name (``reasons``, ``consequences``, ...).
        derive: the facts it derives.
        route_to: the role it routes the issue to, if any.
        dated: the settings that change with time it reads, each with its dated values.
    """

    index: int
    id: str
    clauses: tuple[str, ...]
    title: Title
    quote: str | None
    interpretation: bool
    rank: int
    codes: Mapping[str, tuple[str, ...]]
    derive: tuple[str, ...]
    route_to: str | None
    dated: tuple[SettingValue, ...] = ()

    def applied(self, as_of: dt.date) -> dict[str, AppliedSetting] | None:
        """The dated value of each setting that changes with time it reads, in force on ``as_of``."""
        if not self.dated:
            return None
        found = {}
        for setting in self.dated:
            period = setting.period_on(as_of)
            if period is not None:
                found[setting.name] = _construct(
                    AppliedSetting,
                    {"value": fact_value(period.value), "since": period.since, "source": period.source},
                )
        return found


@dataclass(frozen=True, slots=True)
class _Combination:
    """What a set of fired rules decides whatever the case: computed once per set, kept per kind."""

    derived: frozenset[str]
    outcome: str
    reasons: tuple[str, ...]
    consequences: tuple[str, ...]
    measures: tuple[str, ...]
    channels: tuple[str, ...]
    tools: tuple[str, ...]
    applied_by: tuple[tuple[str, tuple[str, ...]], ...]
    rules: tuple[RuleView, ...]  # the fired rules, in evaluation order


#: Sets of fired rules remembered per kind. A pack's cases fire few distinct sets (the bundled pack's
#: realistic cases: a few hundred), but nothing bounds them, so past this many the rest are not kept.
_MAX_COMBINATIONS = 4096


@dataclass(frozen=True, slots=True)
class KindView:
    """What building the decisions of one kind needs of the pack, prepared once by the evaluator.

    It belongs to one :class:`~commitrules.engine.evaluator.Evaluator` (and so to one pack) and
    remembers the combinations of fired rules it has met: a memo owned by its evaluator, dropped with it.
    """

    kind: str
    outcomes: tuple[str, ...]
    default: str
    rules: tuple[RuleView, ...]
    policy: PolicyRef
    organization: Organization
    departments: Mapping[str, tuple[str, ...]]  # measure -> departments applying it (non-empty only)
    combinations: dict[tuple[int, ...], _Combination]

    def combination(self, fired: tuple[int, ...]) -> _Combination:
        """The outcome, codes and derived facts of the rules ``fired`` (indices in evaluation order)."""
        found = self.combinations.get(fired)
        if found is not None:
            return found
        rules = tuple(self.rules[i] for i in fired)
        rank = min((rule.rank for rule in rules), default=len(self.outcomes))
        codes: dict[str, set[str]] = {name: set() for name in _CODE_LISTS}
        for rule in rules:
            for name, values in rule.codes.items():
                codes[name].update(values)
        measures = tuple(sorted(codes["measures"]))
        found = _Combination(
            derived=frozenset(name for rule in rules for name in rule.derive),
            outcome=self.outcomes[rank] if rank < len(self.outcomes) else self.default,
            reasons=tuple(sorted(codes["reasons"])),
            consequences=tuple(sorted(codes["consequences"])),
            measures=measures,
            channels=tuple(sorted(codes["channels"])),
            tools=tuple(sorted(codes["tools"])),
            applied_by=tuple((m, self.departments[m]) for m in measures if m in self.departments),
            rules=rules,
        )
        if len(self.combinations) < _MAX_COMBINATIONS:
            self.combinations[fired] = found
        return found


def kind_view(pack: PolicyPack, policy: KindPolicy) -> KindView:
    """The view of ``policy`` (a kind of ``pack``) that :func:`build_decision` reads."""
    none = len(policy.outcomes)
    rules = tuple(
        RuleView(
            index=rule.index,
            id=rule.id,
            clauses=tuple(rule.clauses),
            title=Title(zh=rule.title["zh"], en=rule.title["en"]),
            quote=rule.quote,
            interpretation=rule.interpretation is not None,
            rank=policy.outcomes.index(rule.effect.outcome) if rule.effect.outcome in policy.outcomes else none,
            codes={name: tuple(getattr(rule.effect, name)) for name in _CODE_LISTS},
            derive=tuple(rule.effect.derive),
            route_to=rule.effect.route_to,
            dated=tuple(
                pack.settings[ref.node.name]
                for ref in rule.reads
                if isinstance(ref.node, t.Setting) and ref.node.dated and ref.node.name in pack.settings
            ),
        )
        for rule in policy.rules
    )
    measures = {m for d in pack.organization.departments.values() for m in d}
    departments = {m: d for m in measures if (d := pack.organization.departments_for(m))}
    return KindView(
        policy.kind,
        tuple(policy.outcomes),
        policy.default,
        rules,
        PolicyRef(name=pack.name, version=pack.version, digest=pack.digest),
        pack.organization,
        departments,
        {},
    )


_set = object.__setattr__
_new = object.__new__


def _construct(cls: type[_M], values: dict[str, Any]) -> _M:
    """``cls(**values)`` without validating again values that are valid by construction.

    This is what pydantic's ``model_construct`` does when every field is given (it is slower than
    validation, since it walks the fields in Python): the object equals the validated one, field
    for field, with the same fields set (``tests/test_baseline.py`` checks both).
    """
    obj = _new(cls)
    _set(obj, "__dict__", values)
    _set(obj, "__pydantic_fields_set__", set(values))
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


def build_decision(  # noqa: PLR0913, PLR0917 - every argument is needed, and it is internal
    view: KindView,
    case: Case,
    fired: Sequence[int],
    as_of: dt.date,
    facts: Sequence[FactsFunction],
    routes: Sequence[RouteFunction | None],
) -> Decision:
    """The decision for ``case`` given the indices of the rules that fired, in evaluation order.

    What depends only on which rules fired (outcome, codes, derived facts) is looked up by that set;
    what depends on the case (the facts each rule read, the route, the id) is computed every time.
    """
    key = fired if type(fired) is tuple else tuple(fired)
    combination = view.combinations.get(key) or view.combination(key)
    derived = combination.derived
    route: tuple[str, ...] = ()
    fired_rules = []
    for rule in combination.rules:
        i = rule.index
        route_to = rule.route_to
        if route_to is not None:
            route_function = routes[i]
            start = route_function(case, derived, as_of) if route_function is not None else None
            if start is not None:
                candidate = view.organization.route(str(start), route_to)
                # Reporting goes level by level (逐级): when several fired rules route the issue, it goes
                # up to the highest target, passing the lower ones; the longest path is that route.
                if len(candidate) > len(route):
                    route = candidate
        fired_rules.append(
            _construct(
                FiredRule,
                {
                    "rule": rule.id,
                    "clause": list(rule.clauses),
                    "title": rule.title,
                    "quote": rule.quote,
                    "interpretation": rule.interpretation,
                    "facts": facts[i](case, derived, as_of),
                    "settings": rule.applied(as_of) if rule.dated else None,
                },
            )
        )
    case_id = getattr(case, "id", None)
    values = {
        "kind": view.kind,
        "case_id": case_id,
        "outcome": combination.outcome,
        "reasons": list(combination.reasons),
        "consequences": list(combination.consequences),
        "measures": list(combination.measures),
        "route": list(route),
        "channels": list(combination.channels),
        "tools": list(combination.tools),
        "applied_by": {m: list(d) for m, d in combination.applied_by},
        "fired": fired_rules,
        "policy": view.policy,
        "as_of": as_of,
    }
    if type(as_of) is dt.date and (case_id is None or type(case_id) is str):
        return _construct(Decision, values)
    return Decision(**values)  # a date subclass or an odd id: let pydantic convert (or reject) it
