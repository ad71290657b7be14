"""Diagrams of the pack's graphs, as Mermaid or Graphviz DOT text, and the ``commitrules graph`` command.

``commitrules graph organization|rules|consequences [--format mermaid|dot]`` prints one diagram;
``commitrules graph docs --out docs/diagrams.md`` writes the page of all of them, each block exactly
what the command prints, so that the page can be checked against the pack and never drifts.

Examples:
    >>> import commitrules
    >>> print(render_diagram(commitrules.load_policies(), "organization").splitlines()[0])
    flowchart BT
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # networkx only where a graph is built: `commitrules graph --help` and the CLI's start go without
    import networkx as nx

    from commitrules.messages import Lang
    from commitrules.policy.pack import PolicyPack

__all__ = ["DIAGRAMS", "render_diagram", "render_diagrams_page", "to_dot", "to_mermaid"]

Format = Literal["mermaid", "dot", "svg"]
DIAGRAMS = ("organization", "rules", "consequences")


def _graph(pack: PolicyPack, what: str, kind: str | None, lang: Lang | None) -> nx.DiGraph[str]:
    from commitrules.audit.pack_graphs import (  # noqa: PLC0415 - networkx, only when drawing
        build_consequence_graph,
        build_organization_graph,
        build_rule_graph,
    )

    if what == "organization":
        return build_organization_graph(pack, lang)
    if what == "rules":
        return build_rule_graph(pack, [kind] if kind else None, lang)
    return build_consequence_graph(pack, lang)


def render_diagram(
    pack: PolicyPack, what: str, fmt: Format = "mermaid", kind: str | None = None, lang: Lang | None = None
) -> str:
    """The diagram ``what`` (organization, rules, consequences) of ``pack``; ``kind`` limits ``rules``.

    ``lang``: every label in that language only; None, Chinese beside English (the diagrams page).
    """
    graph = _graph(pack, what, kind, lang)
    if fmt == "svg":  # drawn in Python (commitrules.audit.svg): no Graphviz, no browser script
        from commitrules.audit.svg import graph_to_svg  # noqa: PLC0415 - SVG is asked for rarely

        return graph_to_svg(graph, title=f"{what}{f' {kind}' if kind else ''}") + "\n"
    return to_mermaid(graph) if fmt == "mermaid" else to_dot(graph, name=what)


# -- Mermaid --------------------------------------------------------------------------------------
def _ids(graph: nx.DiGraph[str]) -> dict[str, str]:
    """Short identifiers Mermaid and DOT accept, stable for a given graph."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for node in graph.nodes:
        base = re.sub(r"[^A-Za-z0-9]+", "_", node).strip("_") or "n"
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base}_{n}"
        taken.add(name)
        out[node] = name
    return out


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;")


def _groups(graph: nx.DiGraph[str]) -> dict[str, tuple[str, list[str]]]:
    groups: dict[str, tuple[str, list[str]]] = {}
    for node, data in graph.nodes(data=True):
        key = data.get("group", "")
        groups.setdefault(key, (data.get("group_label", key), []))[1].append(node)
    return groups


def to_mermaid(graph: nx.DiGraph[str]) -> str:
    """A Mermaid flowchart: one subgraph per node group, dashed edges for ``style: dashed``."""
    ids = _ids(graph)
    lines = [f"flowchart {graph.graph.get('direction', 'LR')}"]
    for number, (label, members) in enumerate(_groups(graph).values(), start=1):
        lines.append(f'  subgraph g{number}["{_mermaid_text(label)}"]')
        lines.extend(f'    {ids[m]}["{_mermaid_text(graph.nodes[m]["label"])}"]' for m in members)
        lines.append("  end")
    for a, b, data in graph.edges(data=True):
        arrow = "-.->" if data.get("style") == "dashed" else "-->"
        label = data.get("label", "")
        lines.append(f"  {ids[a]} {arrow}{f'|{_mermaid_text(label)}|' if label else ''} {ids[b]}")
    missing = [ids[n] for n, data in graph.nodes(data=True) if data.get("style") == "missing"]
    if missing:
        lines.append("  classDef missing stroke-dasharray: 5 5,color:#888")
        lines.append(f"  class {','.join(missing)} missing")
    return "\n".join(lines) + "\n"


# -- DOT ------------------------------------------------------------------------------------------
def _dot_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("<br/>", "\\n") + '"'


def to_dot(graph: nx.DiGraph[str], name: str = "pack") -> str:
    """A Graphviz digraph: one cluster per node group, dashed edges for ``style: dashed``."""
    ids = _ids(graph)
    lines = [
        f"digraph {name} {{",
        f"  rankdir={graph.graph.get('direction', 'LR')};",
        '  node [shape=box, fontname="sans-serif"];',
    ]
    for number, (label, members) in enumerate(_groups(graph).values(), start=1):
        lines.append(f"  subgraph cluster_{number} {{")
        lines.append(f"    label={_dot_text(label)};")
        for member in members:
            style = ", style=dashed" if graph.nodes[member].get("style") == "missing" else ""
            lines.append(f"    {ids[member]} [label={_dot_text(graph.nodes[member]['label'])}{style}];")
        lines.append("  }")
    for a, b, data in graph.edges(data=True):
        attrs = []
        if data.get("label"):
            attrs.append(f"label={_dot_text(data['label'])}")
        if data.get("style") == "dashed":
            attrs.append("style=dashed")
        joined = ", ".join(attrs)
        lines.append(f"  {ids[a]} -> {ids[b]}{f' [{joined}]' if attrs else ''};")
    lines.append("}")
    return "\n".join(lines) + "\n"


# -- the page -------------------------------------------------------------------------------------
def _block(command: str, text: str) -> str:
    return f"`{command}`\n\n```mermaid\n{text}```\n"


def render_diagrams_page(pack: PolicyPack) -> str:
    """``docs/diagrams.md``: every diagram of the pack, each as the command that prints it."""
    parts = [
        "# 随附政策包的图示 · Diagrams of the bundled pack\n",
        "<!-- Generated by `commitrules graph docs --out docs/diagrams.md`; do not edit by hand. -->\n",
        (
            f"`{pack.name}` {pack.version} 的图示，根据编译后的政策包绘制。每一块都正是其上方的命令输出的内容"
            "（`--format dot` 输出 Graphviz 格式）；本页与政策包生成的内容不同时，测试会失败。\n"
        ),
        (
            f"The graphs of `{pack.name}` {pack.version}, drawn from the compiled pack. Each block is exactly "
            "what the command above it prints (`--format dot` gives Graphviz instead), and a test fails when "
            "this page differs from what the pack generates.\n"
        ),
        "## 请示报告 · Chain of command\n",
        (
            "谁向谁报告（一(三)1，逐级请示报告）：箭头从一个角色指向它所报告的角色。`commitrules check` "
            "会指出到达不了单位主要领导的角色、循环和越级。\n"
        ),
        (
            "Who reports to whom (一(三)1, 逐级请示报告): an arrow points from a role to the role it reports to. "
            "`commitrules check` reports a role that does not reach the principal leader, a cycle, and a "
            "skipped level.\n"
        ),
        _block("commitrules graph organization", render_diagram(pack, "organization")),
        "## 一处失信、处处受限 · Chain of consequences\n",
        (
            "从核查发现的问题，到核查规则加上的后果（每个箭头注明规则）；从列入黑名单的提议，到黑名单规则建议的"
            "六类联合惩戒措施；再到 `organization.yaml` 中实施各项措施的部门。虚线节点是政策包没有配置的内容："
            "随附政策包没有列出部门，因为依据文件没有规定（二(二)3）；各地自行列出。列入黑名单的提议经单位确认后"
            "成为名单条目（虚线箭头）。\n"
        ),
        (
            "From the findings of a verification to the consequences the verification rules add (each arrow "
            "names the rules), from a blacklist proposal to the six joint-punishment measures the blacklist "
            "rules recommend, and on to the departments of `organization.yaml` that apply each measure. "
            "A dashed node is something the pack does not configure: the bundled pack names no department, "
            "because the founding text names none (二(二)3); a deployment lists its own. A blacklist proposal "
            "becomes an entry when the unit confirms it (dashed arrow).\n"
        ),
        _block("commitrules graph consequences", render_diagram(pack, "consequences")),
        "## 各类型的规则 · Rules of each kind\n",
        (
            "规则按其评估的顺序（层次）排列。实线箭头从推出事实的规则（箭头上是事实的名称）指向读取该事实的每一条"
            "规则；虚线箭头从例外规则指向它所排除的规则（除外）。\n"
        ),
        (
            "Rules in the order they are evaluated (strata). A solid arrow runs from a rule that derives a "
            "fact (its name on the arrow) to each rule that reads it; a dashed arrow from an exception to the "
            "rule it overrides (除外).\n"
        ),
    ]
    for kind, policy in pack.policies.items():
        parts.append(f"### {policy.title['zh']} `{kind}`\n")
        parts.append(_block(f"commitrules graph rules --kind {kind}", render_diagram(pack, "rules", kind=kind)))
    return "\n".join(parts)
