"""The pack as graphs (networkx): the chain of command, the rules, and the chain of consequences.

Each builder returns a :class:`networkx.DiGraph` whose nodes and edges carry what a diagram shows:

- node attributes ``label`` (Chinese first, the code after it), ``group`` and ``group_label`` (the box it
  is drawn in), and optionally ``style`` (``"missing"`` for something the pack does not configure);
  with ``lang`` (``"zh"`` or ``"en"``), every word is in that language only, from the catalogues;
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

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, TypeAlias

import networkx as nx

from commitrules.messages import Lang, message
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


def code_label(code: str, vocabulary: Vocabulary, lang: Lang | None = None) -> str:
    """``中文名 code`` for a code with a Chinese label in ``vocabulary`` (its ``lang`` label), else the code."""
    text = vocabulary.label_any(code, lang or "zh")
    return f"{text} {code}" if text else code


def _say(lang: Lang | None, both: str, message_id: str, **params: object) -> str:
    """``both`` (Chinese beside English) without a language; else the catalogue's ``graph.*`` message."""
    return both if lang is None else message(message_id, lang, **params)


def _title(titles: Mapping[str, str], lang: Lang | None, fallback: str) -> str:
    return titles.get(lang or "zh") or titles.get("zh") or fallback


# -- organisation ---------------------------------------------------------------------------------
def build_organization_graph(pack: PolicyPack, lang: Lang | None = None) -> Graph:
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
                label=f"{_title(titles, lang, role)} {role}",
                group=f"unit{number}",
                group_label=_say(lang, f"单位 unit {number}", "graph.unit", number=number),
            )
    for role in org.roles:
        superior = org.reports_to.get(role)
        if superior is not None and superior in org.reports_to:
            label = _say(lang, "请示报告 reports to", "graph.reports_to")
            graph.add_edge(f"role:{role}", f"role:{superior}", label=label, style="solid")
    return graph


# -- rules ----------------------------------------------------------------------------------------
def build_rule_graph(pack: PolicyPack, kinds: Iterable[str] | None = None, lang: Lang | None = None) -> Graph:
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
                label=f"{rule.id}<br/>{_title(rule.title, lang, rule.id)}",
                group=f"{kind}.{rule.stratum}",
                group_label=_say(
                    lang,
                    f"{policy.title['zh']} {kind}: 第 {rule.stratum} 层 stratum {rule.stratum}",
                    "graph.stratum",
                    title=_title(policy.title, lang, kind),
                    kind=kind,
                    n=rule.stratum,
                ),
            )
        _add_rule_edges(graph, policy, lang)
    return graph


def _rule_node(rule: CompiledRule) -> str:
    return f"rule:{rule.kind}:{rule.id}"


def _add_rule_edges(graph: Graph, policy: KindPolicy, lang: Lang | None) -> None:
    derivers: dict[str, list[CompiledRule]] = {}
    for rule in policy.rules:
        for fact in rule.effect.derive:
            derivers.setdefault(fact, []).append(rule)
    for rule in policy.rules:
        for fact in _derived_read(rule):
            for source in derivers.get(fact, []):
                graph.add_edge(_rule_node(source), _rule_node(rule), label=fact, style="solid")
        for beaten in rule.overrides:
            label = _say(lang, "除外 overrides", "graph.overrides")
            graph.add_edge(_rule_node(rule), _rule_node(policy.rule(beaten)), label=label, style="dashed")


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


def build_consequence_graph(pack: PolicyPack, lang: Lang | None = None) -> Graph:
    """Findings -> consequences -> the blacklist -> the six joint-punishment measures -> departments.

    The verification rules lead from the finding types their conditions name (directly, or through a
    fact another rule derives from them; the result as such where they name no type) to the
    consequences they add; each arrow names its rules. ``blacklist_proposed`` (once confirmed) and
    ``blacklist_entered`` lead to a blacklist entry,
    whose rules recommend the measures; each measure leads to the departments of ``organization.yaml``
    that apply it, or to a dashed "no department configured" node.
    """
    chain = _ConsequenceChain(lang)
    words = pack.vocabulary
    for finding in FindingType:
        chain.node(f"finding:{finding.value}", code_label(finding.value, words, lang), "finding")
    if "verification" in pack.policies:
        _add_verification(chain, pack.policies["verification"], words)
    for measure in Measure:
        chain.node(f"measure:{measure.value}", code_label(measure.value, words, lang), "measure")
    blacklist = _say(lang, _BLACKLIST_LABEL, "graph.blacklist_entry")
    if "blacklist" in pack.policies:
        for rule in pack.policies["blacklist"].rules:
            for code in rule.effect.measures:
                chain.edge(chain.node(BLACKLIST, blacklist, "blacklist"), f"measure:{code}", rule.id)
    org = pack.organization
    for category in Measure:
        departments = org.departments_for(category.value)
        for department in departments:
            title = _title(org.department_titles.get(department, {}), lang, department)
            target = chain.node(f"department:{department}", f"{title} {department}", "department")
            chain.edge(f"measure:{category.value}", target, None)
        if not departments:
            label = _say(lang, _NO_DEPARTMENT_LABEL, "graph.no_department")
            missing = chain.node(NO_DEPARTMENT, label, "department", style="missing")
            chain.edge(f"measure:{category.value}", missing, None, style="dashed")
    return chain.finish()


def _add_verification(chain: _ConsequenceChain, verification: KindPolicy, words: Vocabulary) -> None:
    """Findings to the consequences of the rules that follow from them; a proposal to the blacklist."""
    sources = _finding_sources(verification)
    for rule in verification.rules:
        for consequence in rule.effect.consequences:
            label = code_label(consequence, words, chain.lang)
            target = chain.node(f"consequence:{consequence}", label, "consequence")
            for finding in sources[rule.id]:
                if finding == ANY_FINDING:
                    chain.node(ANY_FINDING, _say(chain.lang, _ANY_FINDING_LABEL, "graph.any_finding"), "finding")
                chain.edge(finding, target, rule.id)
    # A proposal becomes an entry once the unit confirms it (dashed); an automatic entry is one at once.
    for code, style in (("blacklist_proposed", "dashed"), ("blacklist_entered", "solid")):
        if f"consequence:{code}" in chain.graph:
            chain.node(BLACKLIST, _say(chain.lang, _BLACKLIST_LABEL, "graph.blacklist_entry"), "blacklist")
            chain.edge(f"consequence:{code}", BLACKLIST, None, style=style)


class _ConsequenceChain:
    """The graph being built: nodes once each, one edge per pair with the names of all its rules."""

    def __init__(self, lang: Lang | None) -> None:
        self.graph: Graph = nx.DiGraph(direction="LR")
        self.lang = lang

    def node(self, key: str, label: str, layer: str, style: str | None = None) -> str:
        if key not in self.graph:
            extra = {"style": style} if style else {}
            group_label = _say(self.lang, _LAYERS[layer], f"graph.layer.{layer}")
            self.graph.add_node(key, label=label, group=layer, group_label=group_label, **extra)
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
