"""Static checks of a policy pack, run by ``commitrules check`` before a change goes live.

A pack that loads can still say something its authors did not mean: a condition that can never be
true, a rule that an exception always beats, two rules whose outcomes are settled only by the order of
``outcomes``, a fact derived for nothing. :func:`lint_pack` finds these on the compiled pack and points
at the source (file, line, column, and the sub-expression inside a condition).

Each finding is a :class:`~commitrules.errors.Diagnostic` with a code of ``docs/errors.md``, an error
when a rule can never fire or the reporting chain is broken, a warning otherwise (``check --strict``
fails on warnings too). Claims that something can never happen are proved (``policy/logic.py``): they
hold for every case, every evaluation date and every value of the settings.

Examples:
    >>> from commitrules.authoring.check import check_policies
    >>> result = check_policies()
    >>> [d.code for d in result.errors]
    []
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from commitrules._bundled import bundled_policies_dir
from commitrules.authoring._lint_where import Where, YamlPath, finding
from commitrules.authoring.exclusions import check_exclusionary_codes
from commitrules.authoring.includes import check_includes
from commitrules.authoring.organization import check_organization
from commitrules.authoring.quotes import check_quotes
from commitrules.authoring.unused_settings import check_unused_settings
from commitrules.errors import Diagnostic, Severity
from commitrules.messages import Joined, Text
from commitrules.policy import logic
from commitrules.policy import tree as t
from commitrules.policy.compile import PackSources, RuleSource, compile_pack_with_sources
from commitrules.policy.pack import CompiledRule, KindPolicy, PolicyPack
from commitrules.policy.types import DATE

__all__ = ["CheckResult", "check_policies", "lint_pack"]

ERROR, WARNING = Severity.ERROR, Severity.WARNING
#: The most pairs of one kind's rules that check reasons about (the bundled pack's largest kind needs
#: 681); past it, a lint_incomplete note.
MAX_PAIRS = 10_000


@dataclass(frozen=True)
class CheckResult:
    """A compiled pack and every finding about it: the organisation's errors and lint's, sorted."""

    pack: PolicyPack
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """The findings that make the pack unfit to go live."""
        return tuple(d for d in self.diagnostics if d.severity is ERROR)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        """The findings that may be intended; ``check --strict`` fails on them too."""
        return tuple(d for d in self.diagnostics if d.severity is WARNING)


def check_policies(path: str | Path | None = None, *, settings: Mapping[str, Any] | None = None) -> CheckResult:
    """Load, compile and lint the pack in ``path`` (None: the bundled pack).

    Raises:
        PolicySyntaxError: a file is not valid YAML.
        PolicyValidationError: the files do not make a pack (lint cannot run on them).
    """
    directory = Path(path) if path is not None else bundled_policies_dir()
    pack, sources, deferred = compile_pack_with_sources(directory, settings)
    found = [*deferred, *check_quotes(pack, sources), *check_includes(pack, sources), *lint_pack(pack, sources)]
    return CheckResult(pack, tuple(sorted(found, key=Diagnostic.sort_key)))


def lint_pack(pack: PolicyPack, sources: PackSources) -> list[Diagnostic]:
    """Every lint finding about ``pack``, whose source documents are ``sources``."""
    linter = _Linter(pack, sources)
    linter.run()
    return [
        *linter.diagnostics,
        *check_unused_settings(pack, sources),
        *check_exclusionary_codes(pack, sources),
        *check_organization(sources),
    ]


# -- the checks ---------------------------------------------------------------------------------------
class _Linter:
    def __init__(self, pack: PolicyPack, sources: PackSources) -> None:
        self.pack = pack
        self.sources = sources
        self.diagnostics: list[Diagnostic] = []
        self.dead: set[str] = set()  # rules already reported as never firing
        self._match: dict[str, logic.Formula] = {}
        self._compared = 0  # pairs of rules of the current kind reasoned about

    def add(self, where: Where, severity: Severity, code: str, message: Text, suggestion: Text) -> None:
        """Record a finding; the message ends with the suggestion, also kept on its own (English, and as a Text)."""
        self.diagnostics.append(finding(where, severity, code, message, suggestion))

    def run(self) -> None:
        for policy in self.pack.policies.values():
            self._compared = 0
            for rule in policy.rules:
                if self.source(rule).via is None:
                    self.check_contradictions(rule)
                    self.check_setting_labels(rule)
            self.check_shadowed(policy)
            self.check_outcome_conflicts(policy)
            self.check_route_conflicts(policy)
            self.check_derived_facts(policy)
            self.check_enum_gaps(policy)

    # -- helpers ---------------------------------------------------------------------------------
    def may_compare(self, policy: KindPolicy) -> bool:
        """Whether another pair of the kind's rules may be reasoned about (a note when the budget runs out).

        The checks of pairs (shadowed_rule, outcome_conflict, route_conflict) grow with the square of
        the number of rules: 1,000 rules in one file took 40 s, and a 1 MiB file holds five times more.
        """
        self._compared += 1
        if self._compared <= MAX_PAIRS:
            return True
        if self._compared == MAX_PAIRS + 1:
            first = next((r for r in policy.rules if self.source(r).via is None), policy.rules[0])
            where = Where(self.source(first).doc, ("rules",), key=True)
            self.add(
                where,
                WARNING,
                "lint_incomplete",
                Text("lint.pairs", kind=policy.kind, rules=len(policy.rules), pairs=f"{MAX_PAIRS:,}"),
                Text("lint.pairs.fix"),
            )
        return False

    def source(self, rule: CompiledRule) -> RuleSource:
        return self.sources.rules[rule.id]

    def at_rule(self, rule: CompiledRule, *more: str | int, key: bool = False) -> Where:
        source = self.source(rule)
        return Where(source.doc, (*source.path, *more), key=key)

    def at_node(self, rule: CompiledRule, node: t.Node) -> Where:
        """Where ``node`` (a sub-expression of the rule's condition or route) is written."""
        source = self.source(rule)
        for path, part in source.parts:  # innermost parts come first
            if any(n is node for n in t.walk(part)):
                scalar = source.doc.source_map.style(path) not in {None, "mapping", "sequence"}
                return Where(source.doc, path, node.offset if scalar else None, key=not scalar)
        return self.at_rule(rule, "when")

    def at_lit(self, rule: CompiledRule, lit: logic.Lit) -> Where:
        if lit.node is not None:
            return self.at_node(rule, lit.node)
        return self.at_rule(rule, "effective", lit.origin or "from")

    def named(self, rule: CompiledRule) -> Text:
        via = self.source(rule).via
        return Text("lint.named_via", id=rule.id, file=via.file) if via is not None else Text("lint.named", id=rule.id)

    def match(self, rule: CompiledRule) -> logic.Formula:
        """When a rule matches: its condition on a day it is in force."""
        if rule.id not in self._match:
            dates: list[logic.Formula] = []
            if rule.effective_from is not None:
                dates.append(_as_of(">=", rule.effective_from, "from"))
            if rule.effective_until is not None:
                dates.append(_as_of("<=", rule.effective_until, "until"))
            self._match[rule.id] = logic.conjoin(*dates, logic.to_formula(rule.condition))
        return self._match[rule.id]

    # -- contradiction, empty_range ----------------------------------------------------------------
    def check_contradictions(self, rule: CompiledRule) -> None:
        """A condition (or a part of it) that no case satisfies, on any day the rule is in force."""
        whole = self.match(rule)
        if logic.too_large(whole):
            count = sum(1 for _ in logic.literals(whole))
            self.add(
                self.at_rule(rule, "when", key=True),
                WARNING,
                "lint_incomplete",
                Text("lint.too_many_tests", rule=rule.id, count=count, max=logic.MAX_LITERALS),
                Text("lint.too_many_tests.fix"),
            )
            return
        if logic.unsatisfiable(whole) is True:
            self.dead.add(rule.id)
            blamed = logic.conflict(_first_clause(whole))
            self.report_conflict(rule, blamed, Text("lint.never_fires", rule=rule.id), ERROR)
            return
        if rule.condition is None:
            return
        skip: set[int] = set()
        for node in t.walk(rule.condition):
            if id(node) in skip or node is rule.condition:
                continue
            if not (isinstance(node, t.BoolOp) and node.op == "and") and not isinstance(node, t.Compare | t.Member):
                continue
            formula = logic.to_formula(node)
            if logic.unsatisfiable(formula) is True:
                skip.update(id(n) for n in t.walk(node))
                blamed = logic.conflict(_first_clause(formula))
                self.report_conflict(rule, blamed, Text("lint.part_never_true", rule=rule.id), WARNING)

    def report_conflict(
        self, rule: CompiledRule, blamed: tuple[logic.Lit, ...] | None, what: Text, severity: Severity
    ) -> None:
        if not blamed:
            where = self.at_rule(rule, "when")
            self.add(
                where,
                severity,
                "contradiction",
                Text("lint.always_false", what=what),
                Text("lint.always_false.fix"),
            )
            return
        last = blamed[-1]
        texts = [_lit_text(rule, lit) for lit in blamed]
        where = self.at_lit(rule, last)
        if any(lit.ordering for lit in blamed):
            others = _conjunction(texts)
            self.add(
                where,
                severity,
                "empty_range",
                Text("lint.empty_range", what=what, others=others, term=last.term),
                Text("lint.empty_range.fix"),
            )
            return
        if len(blamed) == 1:
            self.add(
                where,
                severity,
                "contradiction",
                Text("lint.never_true", what=what, text=texts[0], term=last.term, type=str(last.type)),
                Text("lint.never_true.fix"),
            )
            return
        equalities = [lit for lit in blamed if isinstance(lit.node, t.Compare) and lit.node.op == "=="]
        if len(equalities) == len(blamed) == 2:
            values = ", ".join(t.render(_const_side(lit.node)) for lit in equalities if lit.node is not None)
            advice = Text("lint.either_value", term=last.term, values=values)
        else:
            advice = Text("lint.remove_one")
        joined = _conjunction(texts)
        self.add(where, severity, "contradiction", Text("lint.not_both", what=what, joined=joined), advice)

    # -- unlabelled_setting ------------------------------------------------------------------------
    def check_setting_labels(self, rule: CompiledRule) -> None:
        """A rule that reads a setting is configurable: its interpretation must say by which setting."""
        roots = [n for n in (rule.condition, rule.effect.route_from) if n is not None]
        named = set(rule.interpretation_settings)
        seen: set[str] = set()
        for root in roots:
            for node in t.walk(root):
                if isinstance(node, t.Setting) and node.name not in named and node.name not in seen:
                    seen.add(node.name)
                    if rule.interpretation is None:
                        advice = Text("lint.unlabelled.add_interpretation", name=node.name)
                    else:
                        advice = Text("lint.unlabelled.add_name", name=node.name)
                    self.add(
                        self.at_node(rule, node),
                        WARNING,
                        "unlabelled_setting",
                        Text("lint.unlabelled", rule=rule.id, name=node.name),
                        advice,
                    )

    # -- shadowed_rule -------------------------------------------------------------------------------
    def check_shadowed(self, policy: KindPolicy) -> None:
        """A rule that, whenever it matches, an overriding rule that always fires then beats."""
        by_id = {rule.id: rule for rule in policy.rules}
        for rule in policy.rules:
            if rule.id in self.dead or not rule.overridden_by:
                continue
            included = self.source(rule).via is not None
            for winner_id in rule.overridden_by:
                if not self.may_compare(policy):
                    return
                winner = by_id[winner_id]
                if included and self.source(winner).via is not None:
                    continue  # the same finding is made in the kind that states both rules
                # When the winner is itself beaten by a third rule, that rule must beat this one too.
                if not set(winner.overridden_by) <= set(rule.overridden_by):
                    continue
                if logic.implies(self.match(rule), self.match(winner)):
                    self.dead.add(rule.id)
                    self.add(
                        self.at_rule(rule, "id"),
                        ERROR,
                        "shadowed_rule",
                        Text(
                            "lint.shadowed", rule=self.named(rule), winner=winner.id, at=str(self.at_rule(winner, "id"))
                        ),
                        Text("lint.shadowed.fix", winner=winner.id, rule=rule.id),
                    )
                    break

    # -- outcome_conflict ----------------------------------------------------------------------------
    def check_outcome_conflicts(self, policy: KindPolicy) -> None:
        """A rule whose outcome never decides: an unrelated rule matches whenever it does and ranks first."""
        beats = _beats(policy)
        rank = {outcome: i for i, outcome in enumerate(policy.outcomes)}
        setters = [r for r in policy.rules if r.effect.outcome is not None and r.id not in self.dead]
        for loser in setters:
            for winner in setters:
                if not self.may_compare(policy):
                    return
                if rank[str(winner.effect.outcome)] >= rank[str(loser.effect.outcome)]:
                    continue
                if winner.id in beats[loser.id] or loser.id in beats[winner.id]:
                    continue  # an exception, stated with overrides: not a conflict
                if self.source(loser).via is not None and self.source(winner).via is not None:
                    continue  # the same finding is made in the kind that states both rules
                if not set(winner.overridden_by) <= set(loser.overridden_by):
                    continue
                if logic.implies(self.match(loser), self.match(winner)):
                    self.add(
                        self.at_rule(loser, "then", "outcome"),
                        WARNING,
                        "outcome_conflict",
                        Text(
                            "lint.outcome_conflict",
                            rule=self.named(loser),
                            outcome=loser.effect.outcome,
                            winner=winner.id,
                            at=str(self.at_rule(winner, "id")),
                            winning=winner.effect.outcome,
                        ),
                        Text("lint.outcome_conflict.fix", loser=loser.id, winner=winner.id),
                    )
                    break

    # -- route_conflict ------------------------------------------------------------------------------
    def check_route_conflicts(self, policy: KindPolicy) -> None:
        """Two rules that may fire together and route from different roles: no route subsumes the other."""
        beats = _beats(policy)
        routed = [r for r in policy.rules if r.effect.route_to is not None and r.id not in self.dead]
        for i, first in enumerate(routed):
            for second in routed[i + 1 :]:
                if not self.may_compare(policy):
                    return
                # Routes from the same role never conflict: the decision takes the longest (逐级, the
                # report passes every level up to the highest target); only different starts do.
                if _route(first)[0] == _route(second)[0]:
                    continue
                if second.id in beats[first.id] or first.id in beats[second.id]:
                    continue
                if self.source(first).via is not None and self.source(second).via is not None:
                    continue
                if logic.satisfiable_together([self.match(first), self.match(second)]):
                    self.add(
                        self.at_rule(second, "then", "route", key=True),
                        WARNING,
                        "route_conflict",
                        Text(
                            "lint.route_conflict",
                            first=first.id,
                            at=str(self.at_rule(first, "id")),
                            second=self.named(second),
                            to_first=first.effect.route_to,
                            to_second=second.effect.route_to,
                        ),
                        Text("lint.route_conflict.fix"),
                    )

    # -- unused_derived_fact -------------------------------------------------------------------------
    def check_derived_facts(self, policy: KindPolicy) -> None:
        """A fact that rules derive but no condition (or route) of the kind reads."""
        read: set[str] = set()
        for rule in policy.rules:
            for root in (rule.condition, rule.effect.route_from):
                if root is not None:
                    read.update(n.name for n in t.walk(root) if isinstance(n, t.Derived))
        # each fact's rules, and its place in the first one's list, found once: searched again for every
        # fact, a rule deriving 90,000 facts (a file of 1 MB) kept check busy for hours
        derivers_of: dict[str, list[CompiledRule]] = {}
        place: dict[tuple[str, str], int] = {}
        for rule in policy.rules:
            for index, fact in enumerate(rule.effect.derive):
                if (rule.id, fact) not in place:
                    place[rule.id, fact] = index
                    derivers_of.setdefault(fact, []).append(rule)
        for fact in policy.derived:
            if fact in read:
                continue
            derivers = derivers_of[fact]
            first = derivers[0]
            source = self.source(first)
            if source.via is not None:
                where = Where(
                    source.via,
                    (*source.via_path, "derive")
                    if "derive" in _data_at(source.via.data, source.via_path)
                    else source.via_path,
                    key=True,
                )
            else:
                where = self.at_rule(first, "then", "derive", place[first.id, fact])
            names = ", ".join(f"'{r.id}'" for r in derivers)
            self.add(
                where,
                WARNING,
                "unused_derived_fact",
                Text("lint.unused_fact", fact=fact, names=names, kind=policy.kind),
                Text("lint.unused_fact.fix"),
            )

    # -- enum_gap ------------------------------------------------------------------------------------
    def check_enum_gaps(self, policy: KindPolicy) -> None:
        """Codes of a coded field that the kind's rules treat case by case, except these: a possible gap.

        A field is treated case by case when the rules test it at least twice with different sets of
        codes (``x == 'a'`` in one rule, ``x in ['b', 'c']`` in another). A code that no such test lets
        through gets no rule of its own. One test (``x in ['a', 'b']``, whose complement is simply
        "not these") is a condition, not a list of cases; a field tested against a setting's list may be
        given any code by configuration.
        """
        tests: dict[str, list[tuple[CompiledRule, logic.Lit]]] = {}
        configurable: set[str] = set()
        own: set[str] = set()
        for rule in policy.rules:
            needed, settings = _field_literals(rule)
            configurable |= settings
            for lit in needed:
                tests.setdefault(lit.term, []).append((rule, lit))
                if self.source(rule).via is None:
                    own.add(lit.term)
        for term, found in tests.items():
            enum = found[0][1].type.enum
            allowed = {frozenset(v for v in lit.allowed.values if isinstance(v, str)) for _, lit in found}
            if term in configurable or term not in own or enum is None or len(allowed) < 2:
                continue
            handled = set().union(*allowed)
            missing = [m.value for m in enum if m.value not in handled]
            if not missing:
                continue
            rule, lit = min(found, key=lambda pair: (pair[0].provenance.file, pair[0].provenance.line))
            listed = ", ".join(f"'{m.value}'" for m in enum if m.value in handled)
            gap = ", ".join(f"'{v}'" for v in missing)
            self.add(
                self.at_lit(rule, lit),
                WARNING,
                "enum_gap",
                Text("lint.enum_gap", kind=policy.kind, term=term, listed=listed, gap=gap, default=policy.default),
                Text("lint.enum_gap.fix"),
            )


# -- small pure helpers -------------------------------------------------------------------------------
def _conjunction(texts: list[str]) -> Joined:
    """``'a' and 'b'`` (「a」与「b」)."""
    return Joined("", [Text("lint.and_first", text=texts[0]), *(Text("lint.and", text=x) for x in texts[1:])])


def _as_of(op: str, day: dt.date, origin: str) -> logic.Lit:
    node = t.Compare(DATE, 0, op, t.AsOf(DATE, 0), t.Const(DATE, 0, day))  # type: ignore[arg-type]
    lit = logic.to_formula(node)
    assert isinstance(lit, logic.Lit)  # noqa: S101 - a comparison with a constant is one literal
    return logic.Lit(lit.term, lit.type, lit.allowed, None, origin, ordering=True)


def _first_clause(formula: logic.Formula) -> list[logic.Lit]:
    """The literals of one conjunction of the normal form (the first branch of every 'or')."""
    if isinstance(formula, logic.Lit):
        return [formula]
    if isinstance(formula, logic.And):
        return [lit for item in formula.items for lit in _first_clause(item)]
    if isinstance(formula, logic.Or):
        return _first_clause(formula.items[0]) if formula.items else []
    return []


def _lit_text(rule: CompiledRule, lit: logic.Lit) -> str:
    if lit.node is not None:
        return lit.text
    day = rule.effective_from if lit.origin == "from" else rule.effective_until
    return f"effective.{lit.origin}: {day}"


def _const_side(node: t.Node) -> t.Node:
    assert isinstance(node, t.Compare)  # noqa: S101
    return node.right if isinstance(node.right, t.Const) else node.left


def _route(rule: CompiledRule) -> tuple[str, str | None]:
    start = rule.effect.route_from
    return (t.render(start) if start is not None else "", rule.effect.route_to)


def _beats(policy: KindPolicy) -> dict[str, set[str]]:
    """For each rule, the rules it beats through ``overrides``, directly or through a chain."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(r.id for r in policy.rules)
    graph.add_edges_from((r.id, beaten) for r in policy.rules for beaten in r.overrides)
    return {r.id: nx.descendants(graph, r.id) for r in policy.rules}


def _field_literals(rule: CompiledRule) -> tuple[list[logic.Lit], set[str]]:
    """The literals on coded fields a rule's condition needs, and the fields it tests against a setting.

    Literals come with ``not`` pushed down, also from inside ``any``/``all``/``count``; a field tested
    against a setting's list (``x in settings.y``) may be given any code by configuration.
    """
    if rule.condition is None:
        return [], set()
    roots = [rule.condition, *(n.body for n in t.walk(rule.condition) if isinstance(n, t.Quantifier))]
    found = [lit for root in roots for lit in logic.literals(logic.to_formula(root)) if lit.type.enum is not None]
    configurable = {
        t.render(n.item)
        for n in t.walk(rule.condition)
        if isinstance(n, t.Member) and isinstance(n.collection, t.Setting)
    }
    return found, configurable


def _data_at(data: Any, path: YamlPath) -> Any:
    for part in path:
        data = data[part]
    return data
