"""What building decisions needs of a pack, prepared once per kind: rule records and JSON fragments.

An :class:`~commitrules.engine.evaluator.Evaluator` builds one :class:`KindView` per kind. It holds
each rule's part of a decision (:class:`RuleView`: clause, title, quote, codes, and the JSON of its
entry in ``fired`` up to its facts), and remembers, per set of fired rules, what that set decides
whatever the case (:class:`Combination`: outcome, sorted codes, derived facts, and the JSON of those).
A decision is then a few references to these (:mod:`commitrules.engine.decision`), and its JSON is
these fragments joined around the few values that depend on the case (id, route, facts, date).

The fragments are written by pydantic's own serializer (``pydantic_core.to_json`` and
``model_dump_json`` of template objects), so that the joined JSON is byte for byte what
``Decision.model_dump_json`` writes through pydantic; ``tests/test_decision_golden.py`` holds both
to golden files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic_core import to_json

from commitrules.engine.decision import (
    CODE_LISTS,
    AppliedSetting,
    FiredRule,
    PolicyRef,
    Title,
    construct,
    json_layout_ok,
)
from commitrules.engine.facts import fact_value
from commitrules.policy import tree as t

if TYPE_CHECKING:
    import datetime as dt

    from commitrules.policy.pack import KindPolicy, Organization, PolicyPack, SettingValue

__all__ = ["Combination", "KindView", "RuleView", "kind_view"]

_FACTS_LAST = b'"facts":{}}'


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
        json: the JSON of its entry in a decision's ``fired``, up to the value of ``facts`` (None when
            the entry's fields are not laid out as the fragments expect, or when it reads a setting that
            changes with time; decisions then use pydantic).
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
    json: bytes | None = None
    dated: tuple[SettingValue, ...] = ()

    def applied(self, as_of: dt.date) -> dict[str, AppliedSetting] | None:
        """The dated value of each setting that changes with time it reads, in force on ``as_of``."""
        if not self.dated:
            return None
        found = {}
        for setting in self.dated:
            period = setting.period_on(as_of)
            if period is not None:
                found[setting.name] = construct(
                    AppliedSetting,
                    {"value": fact_value(period.value), "since": period.since, "source": period.source},
                )
        return found


@dataclass(frozen=True, slots=True)
class Combination:
    """What a set of fired rules decides whatever the case: computed once per set, kept per kind.

    ``json_head`` is the decision's JSON from ``,"outcome":`` to ``"route":``; ``json_tail`` from
    ``,"channels":`` to ``"fired":[``.
    """

    derived: frozenset[str]
    outcome: str
    reasons: tuple[str, ...]
    consequences: tuple[str, ...]
    measures: tuple[str, ...]
    channels: tuple[str, ...]
    tools: tuple[str, ...]
    applied_by: tuple[tuple[str, tuple[str, ...]], ...]
    rules: tuple[RuleView, ...]  # the fired rules, in evaluation order
    routed: tuple[RuleView, ...]  # those of them that route the issue
    fragments: tuple[bytes, ...]  # their JSON up to their facts (empty without fragments)
    json_head: bytes
    json_tail: bytes


#: Sets of fired rules remembered per kind. A pack's cases fire few distinct sets (the bundled pack's
#: realistic cases: a few hundred), but nothing bounds them, so past this many the rest are not kept.
_MAX_COMBINATIONS = 4096


@dataclass(frozen=True, slots=True)
class KindView:
    """What building the decisions of one kind needs of the pack, prepared once by the evaluator.

    It belongs to one :class:`~commitrules.engine.evaluator.Evaluator` (and so to one pack) and
    remembers the combinations of fired rules it has met: a memo owned by its evaluator, dropped with
    it. ``json_open`` is the decision's JSON up to the value of ``case_id``; ``json_close`` from the
    end of ``fired`` to the opening quote of ``as_of``'s value; both None when the decision's fields
    are not laid out as the fragments expect.
    """

    kind: str
    outcomes: tuple[str, ...]
    default: str
    rules: tuple[RuleView, ...]
    policy: PolicyRef
    organization: Organization
    departments: Mapping[str, tuple[str, ...]]  # measure -> departments applying it (non-empty only)
    combinations: dict[tuple[int, ...], Combination]
    json_open: bytes | None = None
    json_close: bytes | None = None

    def combination(self, fired: tuple[int, ...]) -> Combination:
        """The outcome, codes and derived facts of the rules ``fired`` (indices in evaluation order)."""
        found = self.combinations.get(fired)
        if found is not None:
            return found
        rules = tuple(self.rules[i] for i in fired)
        rank = min((rule.rank for rule in rules), default=len(self.outcomes))
        codes: dict[str, set[str]] = {name: set() for name in CODE_LISTS}
        for rule in rules:
            for name, values in rule.codes.items():
                codes[name].update(values)
        lists = {name: tuple(sorted(values)) for name, values in codes.items()}
        outcome = self.outcomes[rank] if rank < len(self.outcomes) else self.default
        applied_by = tuple((m, self.departments[m]) for m in lists["measures"] if m in self.departments)
        head = b"".join(
            [
                b',"outcome":',
                to_json(outcome),
                *(b',"%s":%s' % (name.encode(), to_json(lists[name])) for name in CODE_LISTS[:3]),
                b',"route":',
            ]
        )
        tail = b"".join(
            [
                *(b',"%s":%s' % (name.encode(), to_json(lists[name])) for name in CODE_LISTS[3:]),
                b',"applied_by":',
                to_json({m: list(d) for m, d in applied_by}),
                b',"fired":[',
            ]
        )
        found = Combination(
            derived=frozenset(name for rule in rules for name in rule.derive),
            outcome=outcome,
            reasons=lists["reasons"],
            consequences=lists["consequences"],
            measures=lists["measures"],
            channels=lists["channels"],
            tools=lists["tools"],
            applied_by=applied_by,
            rules=rules,
            routed=tuple(rule for rule in rules if rule.route_to is not None),
            fragments=tuple(rule.json for rule in rules if rule.json is not None),
            json_head=head,
            json_tail=tail,
        )
        if len(self.combinations) < _MAX_COMBINATIONS:
            self.combinations[fired] = found
        return found


def _rule_json(
    title: Title,
    rule_id: str,
    clauses: tuple[str, ...],
    quote: str | None,
    interpretation: bool,  # noqa: FBT001
) -> bytes | None:
    """The JSON of a fired rule's entry up to its facts: a template entry with no facts, cut before them."""
    values = {
        "rule": rule_id,
        "clause": list(clauses),
        "title": title,
        "quote": quote,
        "interpretation": interpretation,
        "facts": {},
        "settings": None,  # left out of the JSON when None, as in every rule that reads no dated setting
    }
    if tuple(FiredRule.model_fields) != tuple(values):
        return None  # a field was added to FiredRule: the fragments do not know it, pydantic writes the JSON
    text = construct(FiredRule, values).model_dump_json().encode("utf-8")
    return text[: -len(_FACTS_LAST)] + b'"facts":' if text.endswith(_FACTS_LAST) else None


def kind_view(pack: PolicyPack, policy: KindPolicy) -> KindView:
    """The view of ``policy`` (a kind of ``pack``) that :func:`~commitrules.engine.decision.build_decision` reads."""
    none = len(policy.outcomes)
    rules = []
    for rule in policy.rules:
        title = Title(zh=rule.title["zh"], en=rule.title["en"])
        clauses = tuple(rule.clauses)
        interpretation = rule.interpretation is not None
        dated = tuple(
            pack.settings[ref.node.name]
            for ref in rule.reads
            if isinstance(ref.node, t.Setting) and ref.node.dated and ref.node.name in pack.settings
        )
        rules.append(
            RuleView(
                index=rule.index,
                id=rule.id,
                clauses=clauses,
                title=title,
                quote=rule.quote,
                interpretation=interpretation,
                rank=policy.outcomes.index(rule.effect.outcome) if rule.effect.outcome in policy.outcomes else none,
                codes={name: tuple(getattr(rule.effect, name)) for name in CODE_LISTS},
                derive=tuple(rule.effect.derive),
                route_to=rule.effect.route_to,
                json=None if dated else _rule_json(title, rule.id, clauses, rule.quote, interpretation),
                dated=dated,
            )
        )
    measures = {m for d in pack.organization.departments.values() for m in d}
    departments = {m: d for m in measures if (d := pack.organization.departments_for(m))}
    policy_ref = PolicyRef(name=pack.name, version=pack.version, digest=pack.digest)
    fragments = json_layout_ok() and all(rule.json is not None for rule in rules)
    return KindView(
        policy.kind,
        tuple(policy.outcomes),
        policy.default,
        tuple(rules),
        policy_ref,
        pack.organization,
        departments,
        {},
        json_open=b'{"kind":%s,"case_id":' % to_json(policy.kind) if fragments else None,
        json_close=b'],"policy":%s,"as_of":"' % policy_ref.model_dump_json().encode("utf-8") if fragments else None,
    )
