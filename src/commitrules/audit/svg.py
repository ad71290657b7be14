"""The pack's graphs drawn as SVG, in pure Python: no Graphviz, no browser script, no network.

A small layered layout (Sugiyama-style, simplified) is enough for the diagrams of the pack: nodes are
put in layers (one per group when the graph has several groups, as the rule graph's strata and the
consequence chain's stages do; otherwise by longest path), ordered within each layer by the mean
position of their neighbours, and drawn as labelled boxes with arrows. The result is one ``<svg>``
element that a static HTML file, a Markdown page or the service's pages embed as it is.

Examples:
    >>> import commitrules
    >>> from commitrules.audit.pack_graphs import build_organization_graph
    >>> svg = graph_to_svg(build_organization_graph(commitrules.load_policies()), title="chain")
    >>> svg.startswith("<svg") and "分管领导 leader_in_charge" in svg
    True
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from html import escape
from typing import Any

import networkx as nx

from commitrules.audit.pack_graphs import build_consequence_graph, build_organization_graph, build_rule_graph
from commitrules.messages import Lang, message
from commitrules.policy.pack import PolicyPack

__all__ = ["graph_to_svg", "pack_diagrams"]

FONT = 13
LINE = 17
PAD_X, PAD_Y = 10, 7
GAP_IN_LAYER = 18
GAP_BETWEEN_LAYERS = 70
MARGIN = 12
#: Edge labels are written on the drawing up to this many edges; beyond it they are tooltips only.
MAX_LABELLED_EDGES = 16


def _text_width(text: str) -> float:
    """The width of ``text`` in pixels: wide (CJK) characters take a full em, others about 0.6."""
    return sum(FONT if unicodedata.east_asian_width(c) in "WF" else FONT * 0.6 for c in text)


@dataclass
class _Box:
    key: str
    lines: list[str]
    layer: int
    width: float
    height: float
    missing: bool
    x: float = 0.0
    y: float = 0.0


def _layers(graph: nx.DiGraph[str]) -> dict[str, int]:
    groups = list(dict.fromkeys(str(data.get("group", "")) for _, data in graph.nodes(data=True)))
    if len(groups) > 1:
        return {node: groups.index(str(data.get("group", ""))) for node, data in graph.nodes(data=True)}
    layer: dict[str, int] = {}
    acyclic = graph.copy()
    acyclic.remove_edges_from(list(nx.selfloop_edges(acyclic)))
    while not nx.is_directed_acyclic_graph(acyclic):
        cycle = nx.find_cycle(acyclic)
        acyclic.remove_edge(cycle[-1][0], cycle[-1][1])
    for node in nx.topological_sort(acyclic):
        preds = [layer[p] for p in acyclic.predecessors(node)]
        layer[node] = max(preds) + 1 if preds else 0
    return layer


def _order(graph: nx.DiGraph[str], layer_of: dict[str, int]) -> list[list[str]]:
    """Nodes per layer, ordered by the barycentre of their neighbours in the previous layer (two sweeps)."""
    count = max(layer_of.values(), default=-1) + 1
    layers: list[list[str]] = [[] for _ in range(count)]
    for node in graph.nodes:  # insertion order: the builders add nodes in a fixed order
        layers[layer_of[node]].append(node)
    undirected = graph.to_undirected(as_view=True)
    for sweep in (range(1, count), range(count - 2, -1, -1)):
        for index in sweep:
            neighbour_layer = index - 1 if sweep.step > 0 else index + 1
            position = {n: i for i, n in enumerate(layers[neighbour_layer])}
            before = {n: i for i, n in enumerate(layers[index])}

            def key(node: str, position: dict[str, int] = position, before: dict[str, int] = before) -> float:
                near = [position[m] for m in undirected.neighbors(node) if m in position]
                return sum(near) / len(near) if near else float(before[node])

            layers[index].sort(key=key)
    return layers


def graph_to_svg(graph: nx.DiGraph[str], *, title: str, description: str = "") -> str:
    """The graph as one ``<svg>`` element, laid out in layers along the graph's ``direction``.

    Args:
        graph: a graph of ``commitrules.audit.pack_graphs`` (node ``label`` with ``<br/>`` line breaks, ``group``,
            ``style``; edge ``label`` and ``style``; graph ``direction`` TB, BT or LR).
        title: the accessible name of the drawing (``<title>``).
        description: a longer text alternative (``<desc>``).
    """
    direction = str(graph.graph.get("direction", "TB"))
    horizontal = direction == "LR"
    layer_of = _layers(graph)
    boxes: dict[str, _Box] = {}
    for node, data in graph.nodes(data=True):
        lines = str(data.get("label", node)).split("<br/>")
        width = max(_text_width(line) for line in lines) + 2 * PAD_X
        boxes[node] = _Box(
            node, lines, layer_of[node], width, len(lines) * LINE + 2 * PAD_Y, data.get("style") == "missing"
        )
    layers = _order(graph, layer_of)
    _place(layers, boxes, horizontal=horizontal, upward=direction == "BT")
    width = max((b.x + b.width for b in boxes.values()), default=0) + MARGIN
    height = max((b.y + b.height for b in boxes.values()), default=0) + MARGIN
    labelled = graph.number_of_edges() <= MAX_LABELLED_EDGES
    marker = "arrow-" + hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:8]
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="diagram" role="img" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" '
            f'width="{width:.0f}" height="{height:.0f}" font-family="\'Noto Sans CJK SC\', \'Noto Sans SC\', '
            f'\'Microsoft YaHei\', sans-serif" font-size="{FONT}">'
        ),
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(description or title)}</desc>" if description or title else "",
        (
            f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
            'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>'
        ),
    ]
    for a, b, data in graph.edges(data=True):
        parts.append(_edge(boxes[a], boxes[b], data, marker, horizontal=horizontal, labelled=labelled))
    parts.extend(_box(box) for box in boxes.values())
    parts.append("</svg>")
    return "".join(parts)


def _place(layers: list[list[str]], boxes: dict[str, _Box], *, horizontal: bool, upward: bool) -> None:
    """Coordinates: layers one after another along the main axis, centred across it."""
    across = [
        sum((boxes[n].height if horizontal else boxes[n].width) + GAP_IN_LAYER for n in layer) - GAP_IN_LAYER
        for layer in layers
    ]
    widest = max(across, default=0)
    main = float(MARGIN)
    order = list(range(len(layers)))
    if upward:
        order.reverse()
    for index in order:
        layer = layers[index]
        depth = max(((boxes[n].width if horizontal else boxes[n].height) for n in layer), default=0)
        offset = MARGIN + (widest - across[index]) / 2
        for node in layer:
            box = boxes[node]
            if horizontal:
                box.x, box.y = main, offset
                offset += box.height + GAP_IN_LAYER
            else:
                box.x, box.y = offset, main
                offset += box.width + GAP_IN_LAYER
        main += depth + GAP_BETWEEN_LAYERS


def _box(box: _Box) -> str:
    fill, stroke, dash = (
        ("#fff8e1", "#8a6d00", ' stroke-dasharray="5 3"') if box.missing else ("#eef4fb", "#2a5d8f", "")
    )
    text = "".join(
        f'<text x="{box.x + box.width / 2:.1f}" y="{box.y + PAD_Y + (i + 0.8) * LINE:.1f}" text-anchor="middle" '
        f'fill="#111">{escape(line)}</text>'
        for i, line in enumerate(box.lines)
    )
    return (
        f'<g class="node"><rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.width:.1f}" height="{box.height:.1f}" '
        f'rx="5" fill="{fill}" stroke="{stroke}"{dash}/>{text}</g>'
    )


def _edge(a: _Box, b: _Box, data: dict[str, Any], marker: str, *, horizontal: bool, labelled: bool) -> str:  # noqa: PLR0913 - two boxes, the edge, its marker and two drawing choices
    if horizontal:
        x1, y1 = (a.x + a.width, a.y + a.height / 2) if a.x <= b.x else (a.x, a.y + a.height / 2)
        x2, y2 = (b.x, b.y + b.height / 2) if a.x <= b.x else (b.x + b.width, b.y + b.height / 2)
        c1, c2 = f"{(x1 + x2) / 2:.1f},{y1:.1f}", f"{(x1 + x2) / 2:.1f},{y2:.1f}"
    else:
        down = a.y <= b.y
        x1, y1 = a.x + a.width / 2, (a.y + a.height if down else a.y)
        x2, y2 = b.x + b.width / 2, (b.y if down else b.y + b.height)
        if a.layer == b.layer:  # same layer (an override between rules of one stratum): bow out sideways
            y1 = y2 = a.y + a.height
            c1, c2 = f"{x1:.1f},{y1 + 40:.1f}", f"{x2:.1f},{y2 + 40:.1f}"
        else:
            c1, c2 = f"{x1:.1f},{(y1 + y2) / 2:.1f}", f"{x2:.1f},{(y1 + y2) / 2:.1f}"
    label = str(data.get("label") or "")
    dash = ' stroke-dasharray="6 4"' if data.get("style") == "dashed" else ""
    tip = f"<title>{escape(label)}</title>" if label else ""
    text = ""
    if label and labelled:
        text = (
            f'<text x="{(x1 + x2) / 2 + 4:.1f}" y="{(y1 + y2) / 2 - 3:.1f}" font-size="{FONT - 2}" '
            f'fill="#333">{escape(label)}</text>'
        )
    return (
        f'<g class="edge">{tip}<path d="M{x1:.1f},{y1:.1f} C{c1} {c2} {x2:.1f},{y2:.1f}" fill="none" '
        f'stroke="#444"{dash} marker-end="url(#{marker})"/>{text}</g>'
    )


def pack_diagrams(pack: PolicyPack, lang: str = "zh") -> dict[str, str]:
    """Caption -> SVG of the chain of command, the chain of consequences and each kind's rules by stratum.

    Captions, titles, descriptions and labels are in ``lang`` only (the report's language).
    """
    said: Lang = "en" if lang == "en" else "zh"
    out = {
        message("graph.svg.organization", said): graph_to_svg(
            build_organization_graph(pack, said),
            title=message("graph.svg.organization", said),
            description=message("graph.svg.organization.description", said),
        ),
        message("graph.svg.consequences", said): graph_to_svg(
            build_consequence_graph(pack, said),
            title=message("graph.svg.consequences", said),
            description=message("graph.svg.consequences.description", said),
        ),
    }
    for kind, policy in pack.policies.items():
        title = policy.title.get(said) or policy.title["zh"]
        caption = message("graph.svg.rules", said, title=title, kind=kind)
        out[caption] = graph_to_svg(
            build_rule_graph(pack, [kind], said),
            title=caption,
            description=message("graph.svg.rules.description", said),
        )
    return out
