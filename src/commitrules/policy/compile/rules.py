"""Passes over the rules of each kind: known kinds, included rules, and the references rules make."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from commitrules import model
from commitrules.errors import PolicyValidationError, suggest
from commitrules.messages import Text
from commitrules.policy.compile.state import Known, Parsed, SourceRule

if TYPE_CHECKING:
    from collections.abc import Mapping

    from commitrules.policy.compile.state import CompileState
    from commitrules.policy.files import Include, PolicyFile, Then
    from commitrules.policy.yaml import YamlPath

__all__ = ["CODE_LISTS", "check_kinds", "check_rules", "resolve_includes", "resolve_rule_ids"]

#: The code lists of a rule's ``then``; each code must be in the vocabulary's list of that name.
CODE_LISTS: Final[tuple[str, ...]] = ("reasons", "consequences", "measures", "channels", "tools")


def check_kinds(state: CompileState) -> None:
    """Each policy file decides a known case kind, and no kind has two files."""
    seen: dict[str, str] = {}
    for entry in state.policies.values():
        kind = entry.model.kind
        if kind not in model.CASE_MODELS:
            state.add(
                entry.doc,
                ("kind",),
                "unknown_kind",
                Text("rules.unknown_kind", kind=kind, kinds=", ".join(model.CASE_MODELS)),
                suggest(kind, model.CASE_MODELS),
            )
        elif kind in seen:
            state.add(entry.doc, ("kind",), "duplicate_kind", Text("rules.duplicate_kind", kind=kind, file=seen[kind]))
        else:
            seen[kind] = entry.doc.file
    state.fail_if_errors(PolicyValidationError)


def resolve_includes(state: CompileState) -> None:
    """Each kind's rules: its own, then the rules it includes from another kind's file.

    An include reuses another kind's rules, re-checked against this kind's case model, so that a rule
    stated once (a matter's eligibility) decides in several kinds without being copied.
    """
    by_kind = {entry.model.kind: entry for entry in state.policies.values()}
    for stem, entry in state.policies.items():
        rules = [SourceRule(entry.doc, ("rules", i), rule) for i, rule in enumerate(entry.model.rules)]
        for k, include in enumerate(entry.model.include):
            rules.extend(_included(state, entry, ("include", k), include, by_kind))
        state.kind_rules[stem] = rules
    state.fail_if_errors(PolicyValidationError)


def _included(
    state: CompileState,
    into: Parsed[PolicyFile],
    at: YamlPath,
    include: Include,
    by_kind: dict[str, Parsed[PolicyFile]],
) -> list[SourceRule]:
    doc = into.doc
    source = by_kind.get(include.kind)
    if source is None or source is into:
        what = Text("include.own_kind") if source is into else Text("include.no_file", kind=include.kind)
        state.add(
            doc,
            (*at, "kind"),
            "invalid_include",
            Text("include.cannot", what=what),
            suggest(include.kind, [k for k in by_kind if by_kind[k] is not into]),
        )
        return []
    if source.model.include:
        state.add(
            doc,
            (*at, "kind"),
            "invalid_include",
            Text("include.chained", file=source.doc.file),
        )
        return []
    available = {rule.id: (i, rule) for i, rule in enumerate(source.model.rules)}
    wanted = list(include.rules)
    outcomes = list(into.model.outcomes)
    out: list[SourceRule] = []
    for j, rule_id in enumerate(wanted):
        if rule_id not in available:
            state.add(
                doc,
                (*at, "rules", j),
                "unknown_rule",
                Text("include.no_rule", file=source.doc.file, rule=rule_id),
                suggest(rule_id, available),
            )
            continue
        i, rule = available[rule_id]
        then = rule.then
        if then is not None:
            outcome = then.outcome
            mapped = None if outcome is None else include.outcomes.get(outcome, outcome)
            if outcome is not None and mapped not in outcomes:
                state.add(
                    doc,
                    (*at, "outcomes"),
                    "invalid_include",
                    Text("include.outcome", rule=rule_id, outcome=outcome, outcomes=str(outcomes)),
                )
            derive = tuple(include.derive.get(name, name) for name in then.derive)
            then = then.model_copy(update={"outcome": mapped, "derive": derive})
        beaten = []
        for target in rule.overrides:
            if target not in wanted:
                state.add(
                    doc,
                    (*at, "rules"),
                    "invalid_include",
                    Text("include.overrides", rule=rule_id, target=target),
                )
            beaten.append(f"{include.id_prefix}{target}")
        seen_here = rule.model_copy(
            update={"id": f"{include.id_prefix}{rule_id}", "then": then, "overrides": tuple(beaten)}
        )
        out.append(SourceRule(source.doc, ("rules", i), seen_here, via=doc, via_path=at))
    return out


def resolve_rule_ids(state: CompileState) -> None:
    """Index every rule of the pack by id; an id used twice is an error at the copy.

    It does not stop on its errors: check_rules reports them with its own, as one list.
    """
    for stem in state.policies:
        for source in state.kind_rules[stem]:
            _index_rule(state, source)


def check_rules(state: CompileState) -> None:
    """Clauses, settings, codes, roles and overrides that the rules name exist."""
    # the names a rule may cite, made once (made again for each rule, and searched as lists, a pack of
    # thousands of rules and clauses took minutes)
    codes = {list_name: Known(state.codes.codes(list_name)) for list_name in CODE_LISTS}
    roles = Known(role.id for role in state.organization_entry.model.roles)
    for stem, entry in state.policies.items():
        rules = state.kind_rules[stem]
        kind_rule_ids = Known(source.id for source in rules)
        for source in rules:
            _check_references(state, source, codes, roles)
            _check_overrides(state, source, entry.model.kind, kind_rule_ids)
    state.fail_if_errors(PolicyValidationError)


def _index_rule(state: CompileState, source: SourceRule) -> None:
    rid = source.id
    if rid not in state.rule_at:
        state.rule_at[rid] = source
        return
    first = state.rule_at[rid]
    copy = source if source.via is not None else first if first.via is not None else None
    if copy is not None and copy.via is not None:
        state.add(
            copy.via,
            (*copy.via_path, "id_prefix"),
            "duplicate_rule_id",
            Text("include.duplicate_id", rule=rid),
        )
    else:
        state.add(
            source.doc, source.at("id"), "duplicate_rule_id", Text("rules.duplicate_id", rule=rid, file=first.doc.file)
        )


def _check_references(state: CompileState, source: SourceRule, codes: Mapping[str, Known], roles: Known) -> None:
    """Clauses, settings, codes and the route's role that the rule names."""
    rule, doc, rid = source.rule, source.doc, source.id
    clause_ids = state.clause_ids
    # 'clause' is one id or a list of them; the position is the item's when it was written as a list.
    listed = doc.source_map.style(source.at("clause")) == "sequence"
    for j, clause in enumerate(rule.clause or ()):
        if clause not in clause_ids:
            state.add(
                doc,
                source.at("clause", j) if listed else source.at("clause"),
                "unknown_clause",
                Text("rules.unknown_clause", rule=rid, clause=clause),
                suggest(clause, clause_ids),
            )
    if rule.interpretation is not None:
        for j, name in enumerate(rule.interpretation.settings):
            if name not in state.settings:
                state.add(
                    doc,
                    source.at("interpretation", "settings", j),
                    "unknown_setting",
                    Text("rules.unknown_setting", rule=rid, name=name),
                    suggest(name, state.settings),
                )
    if rule.then is not None:
        _check_then(state, source, rule.then, codes, roles)


def _check_then(state: CompileState, source: SourceRule, then: Then, codes: Mapping[str, Known], roles: Known) -> None:
    """The codes and the route's role that the rule's 'then' names."""
    doc = source.doc
    for list_name in CODE_LISTS:
        allowed = codes[list_name]
        for j, code in enumerate(getattr(then, list_name)):
            if code not in allowed:
                state.add(
                    doc,
                    source.at("then", list_name, j),
                    "unknown_code",
                    Text("rules.unknown_code", code=code, list=list_name),
                    suggest(code, allowed),
                )
    if then.route is not None and then.route.to not in roles:
        state.add(
            doc,
            source.at("then", "route", "to"),
            "unknown_role",
            Text("rules.unknown_role", role=then.route.to, roles=", ".join(roles)),
            suggest(then.route.to, roles),
        )


def _check_overrides(state: CompileState, source: SourceRule, kind: str, kind_rule_ids: Known) -> None:
    for j, target in enumerate(source.rule.overrides):
        if target not in kind_rule_ids:
            state.add(
                source.doc,
                source.at("overrides", j),
                "unknown_rule",
                Text("rules.overrides_unknown", rule=source.id, target=target, kind=kind),
                suggest(target, kind_rule_ids),
            )
        elif target == source.id:
            state.add(
                source.doc, source.at("overrides", j), "rule_cycle", Text("rules.overrides_itself", rule=source.id)
            )
