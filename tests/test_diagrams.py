"""Graphs of the pack and their diagrams: they match the pack, and the docs page is what the command prints."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import networkx as nx
import pytest

import commitrules
from commitrules.audit.diagrams import render_diagram, render_diagrams_page, to_dot
from commitrules.audit.pack_graphs import (
    BLACKLIST,
    NO_DEPARTMENT,
    build_consequence_graph,
    build_organization_graph,
    build_rule_graph,
)
from commitrules.cli import EXIT_OK, EXIT_USAGE, main
from commitrules.model.codes import Measure
from commitrules.policy.pack import PolicyPack

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "diagrams.md"
BLOCK = re.compile(r"^`(commitrules graph [^`]+)`\n\n```mermaid\n(.*?)```$", re.MULTILINE | re.DOTALL)


def test_diagrams_page_is_current(pack: PolicyPack) -> None:
    """docs/diagrams.md is exactly what `commitrules graph docs` generates from the bundled pack."""
    assert render_diagrams_page(pack) == PAGE.read_text(encoding="utf-8"), (
        "regenerate with: commitrules graph docs --out docs/diagrams.md"
    )


def test_each_diagram_on_the_page_is_the_commands_output(capsys: pytest.CaptureFixture[str]) -> None:
    """Every Mermaid block of the page is what the command written above it prints, byte for byte."""
    blocks = BLOCK.findall(PAGE.read_text(encoding="utf-8"))
    assert 2 + len(commitrules.CASE_MODELS) == len(blocks)
    for command, text in blocks:
        assert EXIT_OK == main(command.split()[1:])
        assert text == capsys.readouterr().out, command


def test_organization_graph_is_the_reporting_chain(pack: PolicyPack) -> None:
    """Each role points at the role it reports to, and every role reaches the principal leader, except
    the organisation above it (组织, to which leading cadres report under the lead paragraph of 一(三))."""
    graph = build_organization_graph(pack)
    edges = {(a.removeprefix("role:"), b.removeprefix("role:")) for a, b in graph.edges}
    assert {(r, s) for r, s in pack.organization.reports_to.items() if s is not None} == edges
    above = nx.descendants(graph, "role:principal_leader")
    assert {"role:organisation"} == above
    assert all(nx.has_path(graph, node, "role:principal_leader") for node in graph if node not in above)
    assert nx.is_directed_acyclic_graph(graph)


def test_rule_graph_has_every_derive_and_override(pack: PolicyPack) -> None:
    """A derive edge for each fact a rule reads from another, an overrides edge for each exception."""
    graph = build_rule_graph(pack)
    assert sum(len(p.rules) for p in pack.policies.values()) == graph.number_of_nodes()
    overrides = {(a, b) for a, b, d in graph.edges(data=True) if d["style"] == "dashed"}
    wanted = {(f"rule:{r.kind}:{r.id}", f"rule:{r.kind}:{beaten}") for r in pack.rules() for beaten in r.overrides}
    assert wanted == overrides
    blacklist = build_rule_graph(pack, ["blacklist"])
    # in_force (an entry in force on as_of), exit_pending (an exit dated after as_of has not happened yet)
    assert {"in_force", "exit_pending"} == {
        d["label"] for _, _, d in blacklist.edges(data=True) if d["style"] == "solid"
    }
    for a, b in graph.edges:
        assert graph.nodes[a]["group"].split(".")[0] == graph.nodes[b]["group"].split(".")[0]  # within one kind


def test_consequence_graph_reaches_the_departments(pack: PolicyPack) -> None:
    """Findings lead to consequences, the blacklist to the six measures, and the measures to no department."""
    graph = build_consequence_graph(pack)
    assert graph.has_edge("finding:false_commitment", "consequence:blacklist_proposed")
    label = graph.edges["finding:false_commitment", "consequence:blacklist_proposed"]["label"]
    assert "blacklist.entry.false-commitment" in label
    assert graph.has_edge("consequence:blacklist_proposed", BLACKLIST)
    assert {f"measure:{m.value}" for m in Measure} == set(graph.successors(BLACKLIST))
    assert all(graph.has_edge(f"measure:{m.value}", NO_DEPARTMENT) for m in Measure)
    assert "missing" == graph.nodes[NO_DEPARTMENT]["style"]
    assert nx.has_path(graph, "finding:intentional_concealment", NO_DEPARTMENT)


def test_configured_departments_replace_the_missing_node(tmp_path: Path) -> None:
    """A department that applies a measure appears after it; measures without one still show the gap."""
    target = tmp_path / "pk"
    shutil.copytree(ROOT / "policies", target)
    org = target / "organization.yaml"
    org.write_text(
        org.read_text(encoding="utf-8").replace(
            "departments: []",
            "departments:\n  - {id: market_regulation, title: {zh: 市场监督管理局, en: Market regulation},"
            " measures: [industry_access, honors]}",
        ),
        encoding="utf-8",
    )
    graph = build_consequence_graph(commitrules.load_policies(target))
    assert graph.has_edge("measure:industry_access", "department:market_regulation")
    assert "市场监督管理局 market_regulation" == graph.nodes["department:market_regulation"]["label"]
    assert not graph.has_edge("measure:industry_access", NO_DEPARTMENT)
    assert graph.has_edge("measure:high_consumption", NO_DEPARTMENT)


@pytest.mark.parametrize("what", ["organization", "rules", "consequences"])
def test_formats_are_deterministic_and_complete(pack: PolicyPack, what: str) -> None:
    """Both formats name every node and edge once, the same way on every run."""
    mermaid, dot = render_diagram(pack, what), render_diagram(pack, what, "dot")
    assert mermaid == render_diagram(pack, what)
    assert dot == render_diagram(pack, what, "dot")
    graph = {
        "organization": build_organization_graph,
        "rules": build_rule_graph,
        "consequences": build_consequence_graph,
    }[what](pack)
    assert graph.number_of_edges() == len(re.findall(r" -(?:->|\.->)", mermaid))
    assert graph.number_of_edges() == dot.count(" -> ")
    assert dot.count("{") == dot.count("}")
    assert dot == to_dot(graph, name=what)


def test_graph_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`graph` prints Mermaid or DOT, writes a file with --out, and rejects an unknown kind."""
    assert EXIT_OK == main(["graph", "organization", "--format", "dot"])
    assert capsys.readouterr().out.startswith("digraph organization {")
    out = tmp_path / "page.md"
    assert EXIT_OK == main(["graph", "docs", "--out", str(out)])
    assert out.read_text(encoding="utf-8") == PAGE.read_text(encoding="utf-8")
    assert EXIT_USAGE == main(["graph", "rules", "--kind", "verifcation"])
    assert "unknown case kind 'verifcation'" in capsys.readouterr().err
