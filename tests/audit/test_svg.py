"""The diagrams as SVG: well-formed, every node drawn once with its label, no two boxes overlapping."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from commitrules.audit.pack_graphs import build_consequence_graph, build_organization_graph, build_rule_graph
from commitrules.audit.svg import graph_to_svg, pack_diagrams
from commitrules.policy.pack import PolicyPack

NS = {"svg": "http://www.w3.org/2000/svg"}


def _boxes(svg: str) -> list[tuple[float, float, float, float, str]]:
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    out = []
    for group in root.iterfind("svg:g[@class='node']", NS):
        rect = group.find("svg:rect", NS)
        assert rect is not None
        text = "\n".join(t.text or "" for t in group.iterfind("svg:text", NS))
        out.append(
            (
                float(rect.get("x", 0)),
                float(rect.get("y", 0)),
                float(rect.get("width", 0)),
                float(rect.get("height", 0)),
                text,
            )
        )
    return out


def _graphs(pack: PolicyPack) -> list[nx.DiGraph[str]]:
    return [
        build_organization_graph(pack),
        build_consequence_graph(pack),
        *(build_rule_graph(pack, [kind]) for kind in pack.kinds),
    ]


def test_every_node_is_drawn_once_with_its_label(pack: PolicyPack) -> None:
    for graph in _graphs(pack):
        boxes = _boxes(graph_to_svg(graph, title="t"))
        labels = sorted(str(data["label"]).replace("<br/>", "\n") for _, data in graph.nodes(data=True))
        assert labels == sorted(text for *_, text in boxes)


def test_no_two_boxes_overlap(pack: PolicyPack) -> None:
    for graph in _graphs(pack):
        for a, b in itertools.combinations(_boxes(graph_to_svg(graph, title="t")), 2):
            apart = a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0] or a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1]
            assert apart, f"{a[4]!r} overlaps {b[4]!r}"


def test_edges_are_drawn_and_dashed_where_the_graph_says(pack: PolicyPack) -> None:
    graph = build_rule_graph(pack, ["blacklist"])
    root = ET.fromstring(graph_to_svg(graph, title="blacklist"))  # noqa: S314
    paths = root.findall("svg:g[@class='edge']/svg:path", NS)
    assert graph.number_of_edges() == len(paths)
    dashed = sum(1 for _, _, d in graph.edges(data=True) if d.get("style") == "dashed")
    assert dashed == sum(1 for p in paths if p.get("stroke-dasharray"))
    assert dashed > 0, "the blacklist's exceptions override other rules"


def test_chain_of_command_runs_upward(pack: PolicyPack) -> None:
    boxes = {
        text.split()[-1]: y for _, y, _, _, text in _boxes(graph_to_svg(build_organization_graph(pack), title="o"))
    }
    for role, superior in pack.organization.reports_to.items():
        if superior is not None and superior in boxes:
            assert boxes[superior] < boxes[role], f"{superior} is drawn above {role}"


def test_a_cycle_is_laid_out_too() -> None:
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_edges_from([("a", "b"), ("b", "c"), ("c", "a")])
    assert 3 == len(_boxes(graph_to_svg(graph, title="cycle")))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pack_diagrams_have_unique_marker_ids(pack: PolicyPack, lang: str) -> None:
    diagrams = pack_diagrams(pack, lang)
    assert len(pack.kinds) + 2 == len(diagrams)
    ids = [ET.fromstring(svg).find("svg:defs/svg:marker", NS).get("id") for svg in diagrams.values()]  # noqa: S314
    assert len(ids) == len(set(ids))


def test_graph_command_draws_svg(capsys: pytest.CaptureFixture[str]) -> None:
    from commitrules.cli import main

    assert 0 == main(["graph", "rules", "--kind", "blacklist", "--format", "svg"])
    root = ET.fromstring(capsys.readouterr().out)  # noqa: S314
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.findall("svg:g[@class='node']", NS)
