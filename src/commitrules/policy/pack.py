"""The compiled policy pack: plain, immutable, picklable data with provenance on every rule.

A :class:`PolicyPack` is what :func:`commitrules.load_policies` returns. It holds one
:class:`KindPolicy` per case kind, the settings, the clause index and the organisation, and it
evaluates cases with either engine. Everything here is data: this module imports no engine.

``PolicyPack.evaluate`` is a convenience over the pack's *evaluator* (everything derived from the pack
at run time: generated functions, rete plans, decision views). The evaluator is made by
:attr:`PolicyPack.evaluator_factory`, which the ``commitrules`` package installs when it is imported
(before any of its modules, this one included, can be used), and kept beside the pack's fields: not
a field, so that it takes no part in equality, ``repr`` or pickling (an unpickled pack makes its own).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol

from commitrules.policy.tree import Node, render
from commitrules.policy.vocabulary import Vocabulary

if TYPE_CHECKING:
    from commitrules.engine.decision import Decision
    from commitrules.engine.explain import Lang
    from commitrules.model import Case

__all__ = [
    "Clause",
    "CompiledRule",
    "Effect",
    "FactRef",
    "KindPolicy",
    "Organization",
    "PackEvaluator",
    "PolicyPack",
    "Provenance",
    "SettingPeriod",
    "SettingValue",
    "pack_to_data",
]

EngineName = Literal["compiled", "rete"]
Titles = Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a rule was written."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class FactRef:
    """A fact a condition reads, as shown in explanations (``result.outcome``), and its tree."""

    label: str
    node: Node


@dataclass(frozen=True, slots=True)
class Effect:
    """What a firing rule contributes to the decision."""

    outcome: str | None = None
    reasons: tuple[str, ...] = ()
    consequences: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    tools: tuple[str, ...] = ()
    derive: tuple[str, ...] = ()
    route_from: Node | None = None
    route_to: str | None = None


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """One rule, checked and placed: its condition tree, effect, strata and provenance."""

    id: str
    kind: str
    index: int
    clauses: tuple[str, ...]
    quote: str | None
    title: Titles
    interpretation: Titles | None
    interpretation_settings: tuple[str, ...]
    condition: Node | None
    effect: Effect
    overrides: tuple[str, ...]
    overridden_by: tuple[str, ...]
    stratum: int
    effective_from: dt.date | None
    effective_until: dt.date | None
    reads: tuple[FactRef, ...]
    provenance: Provenance

    @property
    def condition_text(self) -> str:
        """The canonical text of the condition (``true`` when the rule has none)."""
        return render(self.condition) if self.condition is not None else "true"

    def effective_on(self, day: dt.date) -> bool:
        """Whether the rule is in force on ``day`` (both bounds inclusive)."""
        if self.effective_from is not None and day < self.effective_from:
            return False
        return self.effective_until is None or day <= self.effective_until


@dataclass(frozen=True, slots=True)
class KindPolicy:
    """The rules of one case kind, in evaluation order (strata, then file order)."""

    kind: str
    title: Titles
    outcomes: tuple[str, ...]
    default: str
    rules: tuple[CompiledRule, ...]
    file: str
    derived: tuple[str, ...] = ()

    def rule(self, rule_id: str) -> CompiledRule:
        """The rule with id ``rule_id``."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


@dataclass(frozen=True, slots=True)
class SettingPeriod:
    """One dated value of a setting that changes with time: in force from ``since`` until the next one.

    .. versionadded:: 0.2.0
    """

    since: dt.date
    value: Any
    source: str


@dataclass(frozen=True, slots=True)
class SettingValue:
    """A resolved setting: its value, its type's text, where it comes from, its titles.

    A setting that changes with time also has its ``history`` (dated values, oldest first); its
    ``value`` is then the newest of them, and :meth:`period_on` says which one a day is judged by.
    """

    name: str
    value: Any
    type: str
    source: str
    title: Titles
    history: tuple[SettingPeriod, ...] = ()

    def period_on(self, day: dt.date) -> SettingPeriod | None:
        """The dated value in force on ``day`` (the first one before its date); None for an undated setting.

        Examples:
            >>> import datetime as dt
            >>> s = SettingValue("d", 15, "int", "x", {}, (SettingPeriod(dt.date(2019, 10, 22), 30, "a"),
            ...     SettingPeriod(dt.date(2021, 1, 1), 15, "b")))
            >>> [s.period_on(dt.date(y, 6, 1)).value for y in (2018, 2020, 2021)]
            [30, 30, 15]
        """
        found = self.history[0] if self.history else None
        for period in self.history:
            if period.since <= day:
                found = period
        return found

    def value_on(self, day: dt.date) -> Any:
        """The value in force on ``day``: the dated one of that day, else ``value``."""
        period = self.period_on(day)
        return self.value if period is None else period.value


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause of the founding document (or an external source) and its text."""

    id: str
    text: str
    title: Titles | None = None
    excused: Titles | None = None
    external: bool = False


@dataclass(frozen=True, slots=True)
class Organization:
    """Roles with whom each reports to, departments with the measures they apply, and routes."""

    roles: tuple[str, ...]
    reports_to: Mapping[str, str | None]
    role_titles: Mapping[str, Titles]
    departments: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    department_titles: Mapping[str, Titles] = field(default_factory=dict)

    def route(self, start: str, target: str) -> tuple[str, ...]:
        """The reporting path from ``start`` up to ``target`` (empty when ``target`` is not above).

        Walked up the chain when asked, in as many steps as the path has. Every path of every pair was
        kept in the pack: a chain of n roles held n²/2 paths, about n³/6 names (1,000 roles, a file of
        50 KB, took gigabytes to compile; 15,000 were killed for want of memory).
        """
        path, seen, role = [start], {start}, start
        while role != target:
            superior = self.reports_to.get(role)
            if superior is None or superior in seen:  # the top of the chain, or a loop (which check refuses)
                return ()
            path.append(superior)
            seen.add(superior)
            role = superior
        return tuple(path) if len(path) > 1 else ()

    @property
    def routes(self) -> dict[tuple[str, str], tuple[str, ...]]:
        """Every upward reporting path between two roles (``逐级``: no level is skipped), by its two ends."""
        found = {}
        for start in self.roles:
            path, seen, role = [start], {start}, self.reports_to.get(start)
            while role is not None and role not in seen:
                path.append(role)
                seen.add(role)
                found[start, role] = tuple(path)
                role = self.reports_to.get(role)
        return found

    def departments_for(self, measure: str) -> tuple[str, ...]:
        """The departments configured to apply ``measure``."""
        return tuple(sorted(d for d, measures in self.departments.items() if measure in measures))


class PackEvaluator(Protocol):
    """What :class:`PolicyPack` needs of its evaluator (:class:`commitrules.Evaluator` is one)."""

    def evaluate(
        self, case: Case | Mapping[str, Any], as_of: dt.date | str | None = ..., engine: EngineName = ...
    ) -> Decision:
        """Decide one case."""
        ...

    def evaluate_many(
        self,
        cases: Iterable[Case | Mapping[str, Any]],
        as_of: dt.date | str | None = ...,
        engine: EngineName = ...,
    ) -> list[Decision]:
        """Decide several cases, in order."""
        ...

    def explain(self, decision: Decision, lang: Lang = ...) -> str:
        """A decision as text, with the pack's labels."""
        ...


_EVALUATOR = "_evaluator"


@dataclass(frozen=True)
class PolicyPack:
    """A loaded, checked and compiled policy pack."""

    name: str
    version: str
    digest: str
    title: Titles
    policies: Mapping[str, KindPolicy]
    settings: Mapping[str, SettingValue]
    clauses: Mapping[str, Clause]
    organization: Organization
    source: str
    #: The codes the pack uses, with their labels and clauses (``vocabulary.yaml``; see
    #: :mod:`commitrules.policy.vocabulary`). ``pack.vocabulary.label("reasons", code, "zh")``.
    vocabulary: Vocabulary = field(default_factory=Vocabulary)

    #: Makes a pack's evaluator (``commitrules.Evaluator``); installed by the ``commitrules`` package.
    evaluator_factory: ClassVar[Callable[[PolicyPack], PackEvaluator] | None] = None

    @property
    def evaluator(self) -> PackEvaluator:
        """The evaluator :meth:`evaluate` uses: made on first use (``load_policies`` makes it at once).

        Raises:
            RuntimeError: no evaluator factory is installed (the ``commitrules`` package was not imported).
        """
        found: PackEvaluator | None = self.__dict__.get(_EVALUATOR)
        if found is None:
            factory = PolicyPack.evaluator_factory
            if factory is None:
                msg = "No evaluator factory is installed: import commitrules first"
                raise RuntimeError(msg)
            # setdefault is atomic: when two threads make one at once, both use the one stored first
            found = self.__dict__.setdefault(_EVALUATOR, factory(self))
        return found

    def __getstate__(self) -> dict[str, Any]:
        """The pack's fields, without its evaluator (functions and durable plans do not pickle)."""
        return {name: value for name, value in self.__dict__.items() if name != _EVALUATOR}

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore the fields; the evaluator is made again on first use."""
        self.__dict__.update(state)

    @property
    def kinds(self) -> tuple[str, ...]:
        """The case kinds this pack decides."""
        return tuple(self.policies)

    def rules(self) -> Iterator[CompiledRule]:
        """Every rule of every kind."""
        for policy in self.policies.values():
            yield from policy.rules

    def evaluate(
        self,
        case: Case | Mapping[str, Any],
        as_of: dt.date | str | None = None,
        engine: EngineName = "compiled",
    ) -> Decision:
        """Decide one case: a typed case, or a plain dict with ``kind``.

        Raises:
            CaseValidationError: the dict does not match its case model.
            EngineUnavailableError: ``engine="rete"`` without the ``commitrules[rete]`` extra.
        """
        return self.evaluator.evaluate(case, as_of=as_of, engine=engine)

    def evaluate_many(
        self,
        cases: Iterable[Case | Mapping[str, Any]],
        as_of: dt.date | str | None = None,
        engine: EngineName = "compiled",
    ) -> list[Decision]:
        """Decide several cases, in order."""
        return self.evaluator.evaluate_many(cases, as_of=as_of, engine=engine)

    def explain(self, decision: Decision, lang: Lang = "zh") -> str:
        """A readable account of ``decision`` in ``zh`` or ``en``, with this pack's labels of its codes."""
        return self.evaluator.explain(decision, lang)


def _rule_data(rule: CompiledRule) -> dict[str, Any]:
    effect = rule.effect
    data: dict[str, Any] = {
        "id": rule.id,
        "stratum": rule.stratum,
        "clauses": list(rule.clauses),
        "interpretation": rule.interpretation is not None,
        "interpretation_settings": list(rule.interpretation_settings),
        "when": rule.condition_text,
        "reads": [ref.label for ref in rule.reads],
        "then": {
            "outcome": effect.outcome,
            **{
                name: list(getattr(effect, name))
                for name in ("reasons", "consequences", "measures", "channels", "tools", "derive")
            },
            "route": None
            if effect.route_to is None
            else {
                "from": render(effect.route_from) if effect.route_from is not None else None,
                "to": effect.route_to,
            },
        },
        "overrides": list(rule.overrides),
        "overridden_by": list(rule.overridden_by),
        "effective": {
            "from": rule.effective_from.isoformat() if rule.effective_from else None,
            "until": rule.effective_until.isoformat() if rule.effective_until else None,
        },
        "provenance": str(rule.provenance),
    }
    return data


def pack_to_data(pack: PolicyPack) -> dict[str, Any]:
    """The compiled pack as plain JSON-ready data (golden files, ``commitrules`` tooling)."""
    return {
        "name": pack.name,
        "version": pack.version,
        "kinds": {
            kind: {
                "outcomes": list(policy.outcomes),
                "default": policy.default,
                "derived": list(policy.derived),
                "rules": [_rule_data(rule) for rule in policy.rules],
            }
            for kind, policy in pack.policies.items()
        },
        "settings": {name: _setting_data(s) for name, s in pack.settings.items()},
        "routes": {f"{a}->{b}": list(path) for (a, b), path in sorted(pack.organization.routes.items())},
    }


def _setting_data(setting: SettingValue) -> dict[str, Any]:
    data: dict[str, Any] = {"value": _plain(setting.value), "type": setting.type, "source": setting.source}
    if setting.history:  # only a dated setting has the key: the data of other packs stays as it was
        data["values"] = [
            {"from": p.since.isoformat(), "value": _plain(p.value), "source": p.source} for p in setting.history
        ]
    return data


def _plain(value: object) -> object:
    if isinstance(value, tuple | list | frozenset | set):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
