"""The last passes: the rule graph's strata, the organisation, and the immutable pack with its digest."""

from __future__ import annotations

import hashlib
import json
import os
from typing import TYPE_CHECKING

from commitrules import model
from commitrules.errors import PolicyValidationError, display_path, suggest
from commitrules.messages import Joined, Text
from commitrules.policy import expr
from commitrules.policy import tree as t
from commitrules.policy.compile.graph import (
    RuleNode,
    build_org_graph,
    build_rule_graph,
    find_org_cycle,
    find_rule_cycle,
    rule_strata,
)
from commitrules.policy.compile.rules import CODE_LISTS
from commitrules.policy.compile.settings import titles
from commitrules.policy.pack import (
    Clause,
    CompiledRule,
    Effect,
    FactRef,
    KindPolicy,
    Organization,
    PolicyPack,
    Provenance,
)

if TYPE_CHECKING:
    from commitrules.policy.compile.state import CompileState, SourceRule

__all__ = ["build_organization", "build_pack", "build_rule_strata"]


def build_rule_strata(state: CompileState) -> None:
    """Strata per kind; a cycle through derive or overrides is an error showing the whole cycle."""
    for stem in state.policies:
        rules = [source.rule for source in state.kind_rules[stem]]
        nodes = []
        for rule in rules:
            condition = state.conditions.get(rule.id)
            route = state.route_from.get(rule.id)
            _, reads = expr.used_names([n for n in (condition, route) if n is not None])
            derive = rule.then.derive if rule.then is not None else ()
            nodes.append(RuleNode(rule.id, frozenset(reads), frozenset(derive), rule.overrides))
        strata = rule_strata(nodes)
        cycle = None if strata is not None else find_rule_cycle(build_rule_graph(nodes))
        if cycle is not None:

            def where(rule_id: str) -> str:
                source = state.rule_at[rule_id]
                return str(source.doc.source_map.value_span(source.at("id")))

            steps = Joined(" -> ", [Text("cycle.step", rule=a, where=where(a), why=why) for a, _b, why in cycle])
            first = state.rule_at[cycle[0][0]]
            state.add(
                first.doc,
                first.at("id"),
                "rule_cycle",
                Text("cycle.rules", steps=steps, first=cycle[0][0]),
            )
            continue
        if strata is not None:
            state.strata[stem] = strata
    state.fail_if_errors(PolicyValidationError)


_READ_FROM_CASE = (t.Attr, t.MethodCall)


def _reads(node: t.Node | None) -> tuple[FactRef, ...]:
    """The facts a condition reads, outermost first, each once, as explanations show them."""
    if node is None:
        return ()
    found: dict[str, FactRef] = {}
    _visit_reads(node, found)
    return tuple(found.values())


def _visit_reads(current: t.Node, found: dict[str, FactRef]) -> None:
    if isinstance(current, _READ_FROM_CASE):
        label = _rooted_label(current)
        if label is not None:
            if label not in found:
                found[label] = FactRef(label, current)
            if isinstance(current, t.MethodCall):
                for arg in current.args:
                    _visit_reads(arg, found)
            return
    elif isinstance(current, t.Setting | t.Derived | t.AsOf):
        label = t.render(current)
        if label not in found:
            found[label] = FactRef(label, current)
        return
    for child in t._children(current):  # noqa: SLF001 - the tree module's own walker
        _visit_reads(child, found)


def _rooted_label(node: t.Node) -> str | None:
    """The text of a field or helper read from the case (``t.render``), or None when it is not rooted there."""
    names = []
    current = node
    while current.__class__ is t.Attr:  # a plain field path is its names joined, as render writes it
        names.append(current.name)
        current = current.obj
    if current.__class__ is t.Root and names:
        names.reverse()
        return ".".join(names)
    current = node
    while isinstance(current, t.Attr | t.MethodCall):
        current = current.obj
    return t.render(node) if isinstance(current, t.Root) else None


def build_organization(state: CompileState) -> Organization:
    """Roles, reporting lines, departments and every upward route.

    Its errors do not stop the pack from being built (the caller fails on them), so that
    ``commitrules check`` can report them together with the findings of ``lint``.
    """
    doc, organization = state.organization_entry.doc, state.organization_entry.model
    roles = organization.roles
    reports_to = {r.id: r.reports_to for r in roles}
    for i, role in enumerate(roles):
        superior = role.reports_to
        if superior is not None and superior not in reports_to:
            state.add(
                doc,
                ("roles", i, "reports_to"),
                "unknown_role",
                Text("org.unknown_superior", role=role.id, superior=superior),
                suggest(superior, reports_to),
            )
    # A role whose superior is unknown was reported above; it stays in the graph as a top so that
    # routes are still computed for the rest.
    graph = build_org_graph({k: (v if v is None or v in reports_to else None) for k, v in reports_to.items()})
    cycle = find_org_cycle(graph)
    if cycle is not None:
        index = {r.id: i for i, r in enumerate(roles)}
        first = min(cycle, key=index.__getitem__)  # start the cycle at the role written first
        cycle = cycle[cycle.index(first) :] + cycle[: cycle.index(first)]
        steps = " -> ".join(f"'{r}' ({doc.source_map.value_span(('roles', index[r], 'reports_to'))})" for r in cycle)
        state.add(
            doc,
            ("roles", index[first], "reports_to"),
            "escalation_cycle",
            Text("cycle.roles", steps=steps, first=first),
        )
    allowed = list(state.codes.codes("measures"))
    for i, dept in enumerate(organization.departments):
        for j, measure in enumerate(dept.measures):
            if measure not in allowed:
                state.add(
                    doc,
                    ("departments", i, "measures", j),
                    "unknown_code",
                    Text("org.not_a_measure", measure=measure),
                    suggest(measure, allowed),
                )
    return Organization(
        roles=tuple(reports_to),
        reports_to=reports_to,
        role_titles={r.id: titles(r.title) for r in roles},
        departments={d.id: d.measures for d in organization.departments},
        department_titles={d.id: titles(d.title) for d in organization.departments},
    )


def _compiled_rule(  # noqa: PLR0913, PLR0917 - the rule and where it stands in its kind
    state: CompileState,
    source: SourceRule,
    kind: str,
    index: int,
    stratum: int,
    beaten_by: dict[str, list[str]],
) -> CompiledRule:
    rule = source.rule
    then = rule.then
    route = then.route if then is not None else None
    span = source.doc.source_map.key_span(source.path)
    condition = state.conditions.get(rule.id)
    return CompiledRule(
        id=rule.id,
        kind=kind,
        index=index,
        clauses=rule.clause or (),
        quote=rule.quote,
        title=titles(rule.title),
        interpretation=titles(rule.interpretation.note) if rule.interpretation else None,
        interpretation_settings=rule.interpretation.settings if rule.interpretation else (),
        condition=condition,
        effect=Effect(
            outcome=then.outcome if then is not None else None,
            **{name: tuple(sorted(set(getattr(then, name) if then is not None else ()))) for name in CODE_LISTS},
            derive=then.derive if then is not None else (),
            route_from=state.route_from.get(rule.id),
            route_to=route.to if route is not None else None,
        ),
        overrides=rule.overrides,
        overridden_by=tuple(beaten_by.get(rule.id, [])),
        stratum=stratum,
        effective_from=rule.effective.from_ if rule.effective is not None else None,
        effective_until=rule.effective.until if rule.effective is not None else None,
        reads=_reads(condition),
        provenance=Provenance(source.doc.file, span.line, span.column),
    )


def build_pack(state: CompileState) -> None:
    """The immutable pack, with provenance on every rule and the content digest."""
    policies: dict[str, KindPolicy] = {}
    for stem, entry in state.policies.items():
        policy = entry.model
        sources = state.kind_rules[stem]
        kind_strata = state.strata[stem]
        order = sorted(range(len(sources)), key=lambda i: (kind_strata[sources[i].id], i))
        beaten_by: dict[str, list[str]] = {}
        for source in sources:
            for target in source.rule.overrides:
                beaten_by.setdefault(target, []).append(source.id)
        compiled = [
            _compiled_rule(state, sources[i], policy.kind, index, kind_strata[sources[i].id], beaten_by)
            for index, i in enumerate(order)
        ]
        policies[policy.kind] = KindPolicy(
            kind=policy.kind,
            title=titles(policy.title),
            outcomes=policy.outcomes,
            default=policy.default,
            rules=tuple(compiled),
            file=entry.doc.file,
            derived=tuple(sorted({d for r in compiled for d in r.effect.derive})),
        )
    pack_file = state.pack_entry.model
    organization = build_organization(state)
    state.pack = PolicyPack(
        name=pack_file.name,
        version=pack_file.version,
        digest=_digest(state),
        title=titles(pack_file.title),
        policies=dict(sorted(policies.items(), key=lambda kv: list(model.CASE_MODELS).index(kv[0]))),
        settings=state.settings,
        clauses={
            c.id: Clause(
                c.id, c.text, titles(c.title) if c.title else None, titles(c.excused) if c.excused else None, c.external
            )
            for c in state.clauses_entry.model.clauses
        },
        organization=organization,
        source=display_path(state.directory),
        vocabulary=state.codes,
    )


def _digest(state: CompileState) -> str:
    hasher = hashlib.sha256()
    for name in sorted(state.raw):
        # the name's bytes as the system has them: a name that is not UTF-8 (Python holds its bytes as
        # surrogates) is a file of the pack like any other, not a reason for ``str.encode`` to fail
        hasher.update(os.fsencode(name))
        hasher.update(b"\0")
        hasher.update(state.raw[name])
        hasher.update(b"\0")
    overrides = json.dumps(dict(state.overrides), sort_keys=True, default=str)
    hasher.update(overrides.encode())
    return f"sha256:{hasher.hexdigest()}"
