"""The strata of a kind's rules: the plain-set layering agrees with networkx's graph, cycles included."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from commitrules.policy.compile.graph import (
    RuleNode,
    build_rule_graph,
    build_strata,
    find_rule_cycle,
    rule_strata,
)

_FACTS = st.frozensets(st.sampled_from("abcdef"), max_size=3)


@st.composite
def _rules(draw: st.DrawFn) -> list[RuleNode]:
    count = draw(st.integers(1, 12))
    ids = [f"r{i}" for i in range(count)]
    rules = []
    for rule_id in ids:
        overrides = tuple(draw(st.lists(st.sampled_from([*ids, "missing"]), max_size=2)))
        rules.append(RuleNode(rule_id, draw(_FACTS), draw(_FACTS), overrides))
    return rules


@settings(max_examples=400, deadline=None)
@given(_rules())
def test_rule_strata_agree_with_the_graph(rules: list[RuleNode]) -> None:
    """Acyclic: the same stratum for every rule as networkx's longest-path layers; cyclic: None, exactly
    when networkx finds a cycle (which the compiler then reports from networkx's graph)."""
    graph = build_rule_graph(rules)
    cycle = find_rule_cycle(graph)
    strata = rule_strata(rules)
    if cycle is None:
        assert build_strata(graph, [r.id for r in rules]) == strata
    else:
        assert strata is None


def test_rule_strata_layers_a_chain_and_finds_a_self_loop() -> None:
    """A rule that reads what another derives is one stratum later; a rule reading its own fact is a cycle."""
    chain = [RuleNode("b", frozenset({"x"}), frozenset({"y"}), ()), RuleNode("a", frozenset(), frozenset({"x"}), ())]
    assert {"a": 0, "b": 1} == rule_strata(chain)
    assert rule_strata([RuleNode("a", frozenset({"x"}), frozenset({"x"}), ())]) is None
