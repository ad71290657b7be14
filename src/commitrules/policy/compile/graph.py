"""Graphs of a pack (networkx): the rule dependency graph with its strata, and the organisation.

A rule depends on every rule that derives a fact it reads and on every rule that overrides it;
strata are the longest-path layers of that graph, so a rule is evaluated only after everything it
depends on. The organisation graph has an edge from each role to the role it reports to; an
escalation route is a path in it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from commitrules.messages import Text

__all__ = [
    "RuleNode",
    "build_org_graph",
    "build_rule_graph",
    "build_strata",
    "find_org_cycle",
    "find_rule_cycle",
    "rule_strata",
]


@dataclass(frozen=True, slots=True)
class RuleNode:
    """What the graph needs to know of a rule."""

    id: str
    reads: frozenset[str]
    derives: frozenset[str]
    overrides: tuple[str, ...]


def build_rule_graph(rules: Sequence[RuleNode]) -> nx.DiGraph[str]:
    """Edges point from a rule to the rules that depend on it, labelled with the reason."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    for rule in rules:
        graph.add_node(rule.id)
    derivers: dict[str, list[str]] = {}
    for rule in rules:
        for fact in rule.derives:
            derivers.setdefault(fact, []).append(rule.id)
    for rule in rules:
        for fact in sorted(rule.reads):
            for source in derivers.get(fact, []):
                graph.add_edge(source, rule.id, reason=Text("cycle.derives", fact=fact))
        for beaten in rule.overrides:
            if beaten in graph:
                graph.add_edge(rule.id, beaten, reason=Text("cycle.overrides"))
    return graph


def rule_strata(rules: Sequence[RuleNode]) -> dict[str, int] | None:
    """Stratum of each rule, as :func:`build_strata` of :func:`build_rule_graph` gives; None on a cycle.

    The same graph, kept in plain sets: a pack of thousands of rules is layered in one pass over its
    edges (Kahn's algorithm), and networkx is asked for the cycle (:func:`find_rule_cycle`) only when
    there is one to report.
    """
    after = _dependents(rules)
    waiting = dict.fromkeys(after, 0)
    for successors in after.values():
        for successor in successors:
            waiting[successor] += 1
    strata = {rule_id: 0 for rule_id, count in waiting.items() if count == 0}
    ready = list(strata)
    while ready:
        rule_id = ready.pop()
        level = strata[rule_id] + 1
        for successor in after[rule_id]:
            if strata.get(successor, -1) < level:
                strata[successor] = level
            waiting[successor] -= 1
            if waiting[successor] == 0:
                ready.append(successor)
    done = sum(1 for count in waiting.values() if count == 0)
    return strata if done == len(waiting) else None


def _dependents(rules: Sequence[RuleNode]) -> dict[str, set[str]]:
    """The edges of :func:`build_rule_graph`: each rule and the rules that depend on it."""
    after: dict[str, set[str]] = {rule.id: set() for rule in rules}
    derivers: dict[str, list[str]] = {}
    for rule in rules:
        for fact in rule.derives:
            derivers.setdefault(fact, []).append(rule.id)
    for rule in rules:
        for fact in rule.reads:
            for source in derivers.get(fact, ()):
                after[source].add(rule.id)
        for beaten in rule.overrides:
            if beaten in after:
                after[rule.id].add(beaten)
    return after


def find_rule_cycle(graph: nx.DiGraph[str]) -> list[tuple[str, str, str]] | None:
    """One cycle as (rule, next rule, why), or None when the graph is acyclic."""
    try:
        edges = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return None
    return [(a, b, graph.edges[a, b]["reason"]) for a, b in edges]


def build_strata(graph: nx.DiGraph[str], order: Sequence[str]) -> dict[str, int]:
    """Stratum of each rule (0 for rules that depend on nothing); ``graph`` must be acyclic."""
    position = {rule_id: i for i, rule_id in enumerate(order)}
    strata: dict[str, int] = {}
    for rule_id in nx.lexicographical_topological_sort(graph, key=position.__getitem__):
        preds = list(graph.predecessors(rule_id))
        strata[rule_id] = 1 + max(strata[p] for p in preds) if preds else 0
    return strata


def build_org_graph(reports_to: Mapping[str, str | None]) -> nx.DiGraph[str]:
    """An edge from each role to the role it reports to."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    for role, superior in reports_to.items():
        graph.add_node(role)
        if superior is not None:
            graph.add_edge(role, superior)
    return graph


def find_org_cycle(graph: nx.DiGraph[str]) -> list[str] | None:
    """The roles of a reporting cycle, or None."""
    try:
        return [a for a, _ in nx.find_cycle(graph)]
    except nx.NetworkXNoCycle:
        return None
