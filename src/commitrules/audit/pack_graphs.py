"""The pack as graphs (networkx): the chain of command, the rules, and the chain of consequences.

Each builder returns a :class:`networkx.DiGraph` whose nodes and edges carry what a diagram shows:

- node attributes ``label`` (Chinese first, the code after it), ``group`` and ``group_label`` (the box it
  is drawn in), and optionally ``style`` (``"missing"`` for something the pack does not configure);
- edge attributes ``label`` and ``style`` (``"solid"``, ``"dashed"``).

Nodes and edges are added in a fixed order, so that the diagrams drawn from them (``diagrams.py``) are
the same on every run. The graphs read only the compiled pack.

Examples:
    >>> import commitrules
    >>> graph = build_organization_graph(commitrules.load_policies())
    >>> list(graph.successors("role:division_head"))
    ['role:leader_in_charge']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeAlias

import networkx as nx

from commitrules.model.codes import FindingType, Measure
from commitrules.policy import tree as t
from commitrules.policy.pack import CompiledRule, KindPolicy, PolicyPack

__all__ = ["build_consequence_graph", "build_organization_graph", "build_rule_graph", "code_label"]

if TYPE_CHECKING:
    from commitrules.policy.vocabulary import Vocabulary

    Graph: TypeAlias = nx.DiGraph[str]
#: The verification result where a rule names no finding type (``len(result.findings) > 0``, an outcome).
ANY_FINDING = "finding:*"
BLACKLIST = "blacklist:entry"
NO_DEPARTMENT = "department:*"


def code_label(code: str, vocabulary: Vocabulary) -> str:
    """``中文名 code`` for a code with a Chinese label in ``vocabulary``, else the code."""
    text = vocabulary.label_any(code, "zh")
    return f"{text} {code}" if text else code


# -- organisation ---------------------------------------------------------------------------------
def build_organization_graph(pack: PolicyPack) -> Graph:
    """An edge from each role to the role it reports to, grouped by unit (a connected reporting chain).

    Today ``organization.yaml`` describes one unit; roles that do not reach each other form separate
    units, each named after its top role.
    """
    org = pack.organization
    chain: Graph = nx.DiGraph()
    chain.add_nodes_from(org.roles)
    chain.add_edges_from((a, b) for a, b in org.reports_to.items() if b is not None and b in org.reports_to)
    units = sorted(
        (sorted(c, key=org.roles.index) for c in nx.weakly_connected_components(chain)),
        key=lambda c: org.roles.index(c[0]),
    )
    graph: Graph = nx.DiGraph(direction="BT")
    for number, unit in enumerate(units, start=1):
        for role in unit:
            titles = org.role_titles.get(role, {})
            graph.add_node(
                f"role:{role}",
                label=f"{titles.get('zh', role)} {role}",
                group=f"unit{number}",
                group_label=f"单位 unit {number}",
            )
    for role in org.roles:
        superior = org.reports_to.get(role)
        if superior is not None and superior in org.reports_to:
            graph.add_edge(f"role:{role}", f"role:{superior}", label="请示报告 reports to", style="solid")
    return graph


# -- rules ----------------------------------------------------------------------------------------
def build_rule_graph(pack: PolicyPack, kinds: Iterable[str] | None = None) -> Graph:
    """Rules grouped by kind and stratum; ``derive`` edges (fact name) and ``overrides`` edges (dashed).

    A derive edge runs from the rule that derives a fact to each rule that reads it; an overrides edge
    from the exception to the rule it beats. Strata are the order of evaluation these edges impose.
    """
    graph: Graph = nx.DiGraph(direction="TB")
    wanted = list(kinds) if kinds is not None else list(pack.kinds)
    for kind in wanted:
        policy = pack.policies[kind]
        for rule in sorted(policy.rules, key=lambda r: (r.stratum, r.index)):
            graph.add_node(
                _rule_node(rule),
                label=f"{rule.id}<br/>{rule.title['zh']}",
                group=f"{kind}.{rule.stratum}",
                group_label=f"{policy.title['zh']} {kind}: 第 {rule.stratum} 层 stratum {rule.stratum}",
            )
        _add_rule_edges(graph, policy)
    return graph


def _rule_node(rule: CompiledRule) -> str:
    return f"rule:{rule.kind}:{rule.id}"


def _add_rule_edges(graph: Graph, policy: KindPolicy) -> None:
    derivers: dict[str, list[CompiledRule]] = {}
    for rule in policy.rules:
        for fact in rule.effect.derive:
            derivers.setdefault(fact, []).append(rule)
    for rule in policy.rules:
        for fact in _derived_read(rule):
            for source in derivers.get(fact, []):
                graph.add_edge(_rule_node(source), _rule_node(rule), label=fact, style="solid")
        for beaten in rule.overrides:
            graph.add_edge(_rule_node(rule), _rule_node(policy.rule(beaten)), label="除外 overrides", style="dashed")


def _derived_read(rule: CompiledRule) -> list[str]:
    names: list[str] = []
    for root in (rule.condition, rule.effect.route_from):
        for node in t.walk(root) if root is not None else ():
            if isinstance(node, t.Derived) and node.name not in names:
                names.append(node.name)
    return names


# -- consequences ---------------------------------------------------------------------------------
_LAYERS = {
    "finding": "核查发现 findings",
    "consequence": "后果 consequences",
    "blacklist": "失信黑名单 blacklist",
    "measure": "联合惩戒措施 measures",
    "department": "实施部门 departments",
}
_ANY_FINDING_LABEL = "核查结果(未指明发现类型)<br/>verification result, no finding type named"
_BLACKLIST_LABEL = "列入失信黑名单 blacklist entry (confirmed)"
_NO_DEPARTMENT_LABEL = "未配置实施部门 no department configured<br/>(organization.yaml departments)"


def build_consequence_graph(pack: PolicyPack) -> Graph:
    """Findings -> consequences -> the blacklist -> the six joint-punishment measures -> departments.

    The verification rules lead from the finding types their conditions name (directly, or through a
    fact another rule derives from them; the result as such where they name no type) to the
    consequences they add; each arrow names its rules. ``blacklist_proposed`` (once confirmed) and
    ``blacklist_entered`` lead to a blacklist entry,
    whose rules recommend the measures; each measure leads to the departments of ``organization.yaml``
    that apply it, or to a dashed "no department configured" node.
    """
    chain = _ConsequenceChain()
    words = pack.vocabulary
    for finding in FindingType:
        chain.node(f"finding:{finding.value}", code_label(finding.value, words), "finding")
    if "verification" in pack.policies:
        _add_verification(chain, pack.policies["verification"], words)
    for measure in Measure:
        chain.node(f"measure:{measure.value}", code_label(measure.value, words), "measure")
    if "blacklist" in pack.policies:
        for rule in pack.policies["blacklist"].rules:
            for code in rule.effect.measures:
                chain.edge(chain.node(BLACKLIST, _BLACKLIST_LABEL, "blacklist"), f"measure:{code}", rule.id)
    org = pack.organization
    for category in Measure:
        departments = org.departments_for(category.value)
        for department in departments:
            title = org.department_titles.get(department, {}).get("zh", department)
            target = chain.node(f"department:{department}", f"{title} {department}", "department")
            chain.edge(f"measure:{category.value}", target, None)
        if not departments:
            missing = chain.node(NO_DEPARTMENT, _NO_DEPARTMENT_LABEL, "department", style="missing")
            chain.edge(f"measure:{category.value}", missing, None, style="dashed")
    return chain.finish()


def _add_verification(chain: _ConsequenceChain, verification: KindPolicy, words: Vocabulary) -> None:
    """Findings to the consequences of the rules that follow from them; a proposal to the blacklist."""
    sources = _finding_sources(verification)
    for rule in verification.rules:
        for consequence in rule.effect.consequences:
            target = chain.node(f"consequence:{consequence}", code_label(consequence, words), "consequence")
            for finding in sources[rule.id]:
                if finding == ANY_FINDING:
                    chain.node(ANY_FINDING, _ANY_FINDING_LABEL, "finding")
                chain.edge(finding, target, rule.id)
    # A proposal becomes an entry once the unit confirms it (dashed); an automatic entry is one at once.
    for code, style in (("blacklist_proposed", "dashed"), ("blacklist_entered", "solid")):
        if f"consequence:{code}" in chain.graph:
            chain.node(BLACKLIST, _BLACKLIST_LABEL, "blacklist")
            chain.edge(f"consequence:{code}", BLACKLIST, None, style=style)


class _ConsequenceChain:
    """The graph being built: nodes once each, one edge per pair with the names of all its rules."""

    def __init__(self) -> None:
        self.graph: Graph = nx.DiGraph(direction="LR")

    def node(self, key: str, label: str, layer: str, style: str | None = None) -> str:
        if key not in self.graph:
            extra = {"style": style} if style else {}
            self.graph.add_node(key, label=label, group=layer, group_label=_LAYERS[layer], **extra)
        return key

    def edge(self, a: str, b: str, rule: str | None, style: str = "solid") -> None:
        if not self.graph.has_edge(a, b):
            self.graph.add_edge(a, b, rules=[], style=style)
        if rule is not None:
            self.graph.edges[a, b]["rules"].append(rule)

    def finish(self) -> Graph:
        for _a, _b, data in self.graph.edges(data=True):
            data["label"] = ", ".join(sorted(set(data.pop("rules"))))
        return self.graph


def _finding_sources(policy: KindPolicy) -> dict[str, list[str]]:
    """For each rule, the finding types it follows from, also through derived facts.

    A rule that names no type (it reads the result's outcome, the number of findings, a suspected
    crime) follows from the verification result as such. A rule that tests findings against a setting's
    list follows from the types the setting lists now (none: it cannot fire as configured).
    """
    own: dict[str, list[str]] = {}
    for rule in policy.rules:
        named: list[str] = []
        configured = False
        for node in t.walk(rule.condition) if rule.condition is not None else ():
            enum = node.type.enum or (node.type.elem.enum if node.type.elem is not None else None)
            if enum is FindingType and isinstance(node, t.Const) and isinstance(node.value, str):
                named.append(f"finding:{node.value}")
            elif enum is FindingType and isinstance(node, t.Setting) and isinstance(node.value, tuple | list):
                configured = True
                # a setting that changes with time: the types of every period
                periods = [period for _, period in node.dated] if node.dated else [node.value]
                values = [v for period in periods if isinstance(period, tuple | list) for v in period]
                named.extend(f"finding:{v}" for v in values)
        own[rule.id] = list(dict.fromkeys(named)) or ([] if configured else [ANY_FINDING])
    derivers: dict[str, list[str]] = {}
    for rule in policy.rules:
        for fact in rule.effect.derive:
            derivers.setdefault(fact, []).append(rule.id)
    resolved: dict[str, list[str]] = {}
    for rule in sorted(policy.rules, key=lambda r: r.index):  # evaluation order: derivers come first
        found = [f for f in own[rule.id] if f != ANY_FINDING or not _derived_read(rule)]
        for fact in _derived_read(rule):
            for source in derivers.get(fact, []):
                found.extend(resolved.get(source, []))
        resolved[rule.id] = list(dict.fromkeys(found))
    return resolved
