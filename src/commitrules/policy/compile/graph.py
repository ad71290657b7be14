"""Graphs of a pack (networkx): the rule dependency graph with its strata, and the organisation.

A rule depends on every rule that derives a fact it reads and on every rule that overrides it;
strata are the longest-path layers of that graph, so a rule is evaluated only after everything it
depends on. The organisation graph has an edge from each role to the role it reports to; an
escalation route is a path in it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from commitrules.messages import Text

__all__ = [
    "RuleNode",
    "build_org_graph",
    "build_routes",
    "build_rule_graph",
    "build_strata",
    "find_org_cycle",
    "find_rule_cycle",
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


def build_routes(graph: nx.DiGraph[str], roles: Iterable[str]) -> dict[tuple[str, str], tuple[str, ...]]:
    """Every upward reporting path between two roles (``逐级``: no level is skipped)."""
    routes: dict[tuple[str, str], tuple[str, ...]] = {}
    for start in roles:
        for target, path in nx.single_source_shortest_path(graph, start).items():
            if target != start:
                routes[(start, target)] = tuple(path)
    return routes
