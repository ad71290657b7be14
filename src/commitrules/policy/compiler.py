"""From a folder of policy files to a :class:`PolicyPack`, in named passes.

The passes run in this order; each collects every diagnostic it can before the pipeline stops:

1. ``read_files``        YAML with positions (syntax errors stop here)
2. ``validate_files``    the shape of each file (pydantic models of ``files.py``)
3. ``check_kinds``       each policy file names a known case kind, once
   ``resolve_includes``  each kind's rules: its own and those it includes from another kind
4. ``resolve_settings``  typed settings, with a deployment's overrides applied
5. ``check_rules``       unique ids, clauses, outcomes, codes, roles, overrides
6. ``check_conditions``  conditions parsed and type-checked (needs 4 for settings, 5 for derived facts)
7. ``build_strata``      the dependency graph; a cycle is an error showing the whole cycle
8. ``build_pack``        plain data with provenance, and the content digest
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from commitrules import model
from commitrules.errors import (
    Diagnostic,
    PolicySyntaxError,
    PolicyValidationError,
    Span,
    display_path,
    suggest,
)
from commitrules.model import codes
from commitrules.policy import expr
from commitrules.policy import tree as t
from commitrules.policy._yaml import YamlDocument, load_yaml
from commitrules.policy.files import (
    ClausesFile,
    OrganizationFile,
    PackFile,
    PolicyFile,
    SettingsFile,
    validate_file,
)
from commitrules.policy.graph import (
    RuleNode,
    build_org_graph,
    build_routes,
    build_rule_graph,
    build_strata,
    find_org_cycle,
    find_rule_cycle,
)
from commitrules.policy.pack import (
    Clause,
    CompiledRule,
    Effect,
    FactRef,
    KindPolicy,
    Organization,
    PolicyPack,
    Provenance,
    SettingValue,
)
from commitrules.policy.types import BOOL, DATE, INT, NUMBER, STR, Type, enum_type, list_of

__all__ = ["PackSources", "RuleSource", "compile_pack", "compile_pack_with_sources", "type_from_setting"]

SPECIAL_FILES: dict[str, type[BaseModel]] = {
    "pack": PackFile,
    "settings": SettingsFile,
    "clauses": ClausesFile,
    "organization": OrganizationFile,
}
CODE_ENUMS: dict[str, type[StrEnum]] = {
    "reasons": codes.Reason,
    "consequences": codes.Consequence,
    "measures": codes.Measure,
    "channels": codes.Channel,
    "tools": codes.Tool,
}


@dataclass
class _RawRule:
    """A rule as written, where it was written, and the file (and kind) that uses it.

    ``doc``/``path`` locate the rule's text: for an included rule, that is the file it comes from, so
    errors in its condition point at the one place to fix. ``data`` is the rule as the including kind
    sees it (renamed id, mapped outcome and derived facts); ``via`` names the including file.
    """

    doc: YamlDocument
    path: tuple[str | int, ...]
    data: dict[str, Any]
    via: YamlDocument | None = None
    via_path: tuple[str | int, ...] = ()

    @property
    def id(self) -> str:
        return str(self.data["id"])

    def at(self, *more: str | int) -> tuple[str | int, ...]:
        return (*self.path, *more)

    @property
    def context(self) -> str:
        where = f" (included by '{self.via.file}')" if self.via is not None else ""
        return f"rule '{self.id}'{where}"


@dataclass(frozen=True)
class RuleSource:
    """Where a compiled rule was written: its document and path, and each checked part of its condition.

    ``parts`` pairs the path of every condition scalar (and of each ``all``/``any``/``not`` around them,
    and of ``then.route.from``) with the checked node built from it, so that a later check can point
    at a sub-expression: ``doc.source_map.scalar_offset_span(path, node.offset)``.
    """

    doc: YamlDocument
    path: tuple[str | int, ...]
    parts: tuple[tuple[tuple[str | int, ...], t.Node], ...]
    via: YamlDocument | None = None
    via_path: tuple[str | int, ...] = ()


@dataclass(frozen=True)
class PackSources:
    """The source documents of a compiled pack, for checks that point into them (``commitrules check``)."""

    documents: Mapping[str, YamlDocument]
    rules: Mapping[str, RuleSource]


@dataclass
class _State:
    """What the passes hand each other."""

    directory: Path
    overrides: Mapping[str, Any]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    raw: dict[str, bytes] = field(default_factory=dict)
    docs: dict[str, YamlDocument] = field(default_factory=dict)
    special: dict[str, Any] = field(default_factory=dict)
    policies: dict[str, tuple[YamlDocument, PolicyFile]] = field(default_factory=dict)
    settings: dict[str, SettingValue] = field(default_factory=dict)
    setting_types: dict[str, tuple[Type, object]] = field(default_factory=dict)
    kind_rules: dict[str, list[_RawRule]] = field(default_factory=dict)
    rule_at: dict[str, _RawRule] = field(default_factory=dict)
    conditions: dict[str, t.Node | None] = field(default_factory=dict)
    route_from: dict[str, t.Node | None] = field(default_factory=dict)
    parts: dict[str, list[tuple[tuple[str | int, ...], t.Node]]] = field(default_factory=dict)

    def add(self, doc: YamlDocument | None, path: tuple[str | int, ...], code: str, message: str,  # noqa: PLR0913
            suggestion: str | None = None, *, key: bool = False) -> None:
        if doc is None:
            span = Span(display_path(self.directory))
            line = None
        else:
            span = doc.source_map.key_span(path) if key else doc.source_map.value_span(path)
            line = doc.lines[span.line - 1] if 0 < span.line <= len(doc.lines) else None
        if suggestion and "Did you mean" not in message:
            message = f"{message.rstrip('.')}. Did you mean '{suggestion}'?"
        self.diagnostics.append(Diagnostic(code, message, span, suggestion, path=_json_path(path),
                                           source_line=line))

    def fail_if_errors(self, error: type[PolicySyntaxError | PolicyValidationError]) -> None:
        if self.diagnostics:
            raise error(self.diagnostics)


def _json_path(path: tuple[str | int, ...]) -> str:
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


# -- 1. read_files ------------------------------------------------------------------------------
def read_files(state: _State) -> None:
    """Load every ``*.yaml`` of the folder with positions."""
    if not state.directory.is_dir():
        state.add(None, (), "missing_file", f"Policy folder '{display_path(state.directory)}' does not exist")
        state.fail_if_errors(PolicyValidationError)
    files = sorted([*state.directory.glob("*.yaml"), *state.directory.glob("*.yml")])
    for file in files:
        name = display_path(file)
        try:
            if not file.is_file():
                msg = "not a regular file"
                raise IsADirectoryError(msg)
            data = file.read_bytes()
        except OSError as exc:
            reason = exc.strerror or str(exc)
            state.diagnostics.append(Diagnostic("unreadable_file", f"Cannot read '{name}': {reason}",
                                                Span(name)))
            continue
        state.raw[file.name] = data
        try:
            state.docs[file.stem] = load_yaml(data, name)
        except PolicySyntaxError as exc:
            state.diagnostics.extend(exc.diagnostics)
    for stem in SPECIAL_FILES:
        if not any(name in state.raw for name in (f"{stem}.yaml", f"{stem}.yml")):
            state.add(None, (), "missing_file", f"The pack has no '{stem}.yaml' in "
                      f"'{display_path(state.directory)}'")
    state.fail_if_errors(PolicySyntaxError)


# -- 2. validate_files --------------------------------------------------------------------------
def validate_files(state: _State) -> None:
    """Check the shape of every file against its pydantic model."""
    for stem, doc in state.docs.items():
        file_model = SPECIAL_FILES.get(stem, PolicyFile)
        parsed, diagnostics = validate_file(doc, file_model)
        state.diagnostics.extend(diagnostics)
        if parsed is None:
            continue
        if file_model is PolicyFile:
            assert isinstance(parsed, PolicyFile)  # noqa: S101 - narrowed by file_model above
            state.policies[stem] = (doc, parsed)
        else:
            state.special[stem] = (doc, parsed)
    state.fail_if_errors(PolicyValidationError)


# -- 3. check_kinds -----------------------------------------------------------------------------
def check_kinds(state: _State) -> None:
    """Each policy file decides a known case kind, and no kind has two files."""
    seen: dict[str, str] = {}
    for doc, _policy in state.policies.values():
        kind = doc.data["kind"]
        if kind not in model.CASE_MODELS:
            state.add(doc, ("kind",), "unknown_kind", f"Unknown case kind '{kind}'; known kinds: "
                      f"{', '.join(model.CASE_MODELS)}.", suggest(kind, model.CASE_MODELS))
        elif kind in seen:
            state.add(doc, ("kind",), "duplicate_kind", f"Kind '{kind}' is already decided by '{seen[kind]}'")
        else:
            seen[kind] = doc.file
    state.fail_if_errors(PolicyValidationError)


# -- 3b. resolve_includes ---------------------------------------------------------------------
def resolve_includes(state: _State) -> None:
    """Each kind's rules: its own, then the rules it includes from another kind's file.

    An include reuses another kind's rules, re-checked against this kind's case model, so that a rule
    stated once (a matter's eligibility) decides in several kinds without being copied.
    """
    by_kind = {doc.data["kind"]: doc for doc, _ in state.policies.values()}
    for stem, (doc, _policy) in state.policies.items():
        rules = [_RawRule(doc, ("rules", i), dict(r)) for i, r in enumerate(doc.data.get("rules") or [])]
        for k, entry in enumerate(doc.data.get("include") or []):
            rules.extend(_included(state, doc, ("include", k), entry, by_kind))
        state.kind_rules[stem] = rules
    state.fail_if_errors(PolicyValidationError)


def _included(state: _State, doc: YamlDocument, at: tuple[str | int, ...], entry: dict[str, Any],
              by_kind: dict[str, YamlDocument]) -> list[_RawRule]:
    source = by_kind.get(entry["kind"])
    if source is None or source is doc:
        what = "its own kind" if source is doc else f"kind '{entry['kind']}', which has no policy file"
        state.add(doc, (*at, "kind"), "invalid_include", f"Cannot include rules of {what}.",
                  suggest(entry["kind"], [k for k in by_kind if by_kind[k] is not doc]))
        return []
    if source.data.get("include"):
        state.add(doc, (*at, "kind"), "invalid_include", f"'{source.file}' includes rules itself; include "
                  "from a file that states its rules directly")
        return []
    available = {r["id"]: (i, r) for i, r in enumerate(source.data.get("rules") or [])}
    wanted = list(entry["rules"])
    prefix = entry.get("id_prefix", "")
    outcome_map: dict[str, str] = dict(entry.get("outcomes") or {})
    derive_map: dict[str, str] = dict(entry.get("derive") or {})
    outcomes = list(doc.data["outcomes"])
    out: list[_RawRule] = []
    for j, rule_id in enumerate(wanted):
        if rule_id not in available:
            state.add(doc, (*at, "rules", j), "unknown_rule", f"'{source.file}' has no rule '{rule_id}'.",
                      suggest(rule_id, available))
            continue
        i, raw = available[rule_id]
        data = dict(raw)
        data["id"] = f"{prefix}{rule_id}"
        then = dict(raw.get("then") or {})
        outcome = then.get("outcome")
        if outcome is not None:
            then["outcome"] = outcome_map.get(outcome, outcome)
            if then["outcome"] not in outcomes:
                state.add(doc, (*at, "outcomes"), "invalid_include", f"Included rule '{rule_id}' sets outcome "
                          f"'{outcome}', which is not an outcome here; map it under 'outcomes' to one of "
                          f"{outcomes}")
        if then.get("derive"):
            then["derive"] = [derive_map.get(name, name) for name in then["derive"]]
        data["then"] = then
        beaten = []
        for target in raw.get("overrides") or []:
            if target not in wanted:
                state.add(doc, (*at, "rules"), "invalid_include", f"Included rule '{rule_id}' overrides "
                          f"'{target}', which is not included; include it too")
            beaten.append(f"{prefix}{target}")
        data["overrides"] = beaten
        out.append(_RawRule(source, ("rules", i), data, via=doc, via_path=at))
    return out


# -- 4. resolve_settings ------------------------------------------------------------------------
_ENUMS: dict[str, type[StrEnum]] = {
    name: obj for name, obj in vars(codes).items() if isinstance(obj, type) and issubclass(obj, StrEnum)
} | {name: obj for name, obj in vars(model).items() if isinstance(obj, type) and issubclass(obj, StrEnum)}
_SCALAR_TYPES = {"bool": BOOL, "int": INT, "number": NUMBER, "str": STR, "date": DATE}


def type_from_setting(text: str) -> Type | None:
    """The type named by a setting's ``type:`` (``int``, ``list[str]``, ``enum:Measure``, ``list[Measure]``)."""
    text = text.strip()
    if text.startswith("list[") and text.endswith("]"):
        inner = type_from_setting(text[5:-1])
        return list_of(inner) if inner else None
    text = text.removeprefix("enum:")
    if text in _SCALAR_TYPES:
        return _SCALAR_TYPES[text]
    enum = _ENUMS.get(text)
    return enum_type(enum) if enum else None


def _conform(value: object, ty: Type) -> tuple[bool, object]:  # noqa: PLR0911 - one arm per type
    """Whether ``value`` has type ``ty``, and the value converted (enum members, tuples)."""
    if ty.kind == "list":
        if not isinstance(value, list) or ty.elem is None:
            return False, value
        items = [_conform(v, ty.elem) for v in value]
        return all(ok for ok, _ in items), tuple(v for _, v in items)
    if ty.kind == "enum" and ty.enum is not None:
        return (True, ty.enum(value)) if value in {m.value for m in ty.enum} else (False, value)
    if ty.kind == "bool":
        return isinstance(value, bool), value
    if ty.kind == "int":
        return isinstance(value, int) and not isinstance(value, bool), value
    if ty.kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool), value
    if ty.kind == "str":
        return isinstance(value, str), value
    if ty.kind == "date":
        return isinstance(value, dt.date), value
    return False, value


def resolve_settings(state: _State) -> None:
    """Give every setting a type and a value; apply the deployment's overrides."""
    doc, parsed_settings = state.special["settings"]
    entries: dict[str, Any] = doc.data.get("settings") or {}
    for name in state.overrides:
        if name not in entries:
            state.add(doc, ("settings",), "unknown_setting", f"The override names an unknown setting "
                      f"'{name}'.", suggest(name, entries))
    for name, entry in entries.items():
        path = ("settings", name)
        declared = entry.get("type")
        # The file model states the declared or inferred type; the compiler only resolves it.
        ty = type_from_setting(parsed_settings.settings[name].effective_type)
        if ty is None:
            what = f"Unknown type '{declared}'" if declared else "Cannot infer the type of this value"
            state.add(doc, (*path, "type") if declared else (*path, "value"), "invalid_setting_type",
                      f"{what} of setting '{name}'; use bool, int, number, str, date, list[str], "
                      "enum:<Enum> or list[<Enum>]")
            continue
        value = state.overrides.get(name, entry["value"])
        ok, converted = _conform(value, ty)
        if not ok:
            where = "The override of" if name in state.overrides else "Setting"
            state.add(doc, (*path, "value"), "wrong_type", f"{where} '{name}' must be {ty}, found {value!r}")
            continue
        state.setting_types[name] = (ty, converted)
        source = str(entry.get("source", ""))
        state.settings[name] = SettingValue(name, converted, str(ty), source, dict(entry.get("title") or {}))
        if source and source != "interpretation" and source not in _clause_ids(state):
            state.add(doc, (*path, "source"), "unknown_clause", f"Setting '{name}' cites unknown clause "
                      f"'{source}'.", suggest(source, _clause_ids(state)))
    state.fail_if_errors(PolicyValidationError)


def _clause_ids(state: _State) -> list[str]:
    doc, _ = state.special["clauses"]
    return [c["id"] for c in doc.data.get("clauses") or []]


# -- 5. check_rules -----------------------------------------------------------------------------
def _as_list(value: object) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def check_rules(state: _State) -> None:  # noqa: C901, PLR0912 - one check per field of a rule
    """Unique rule ids; clauses, outcomes, codes, roles and overrides that exist."""
    clause_ids = _clause_ids(state)
    org_doc, _ = state.special["organization"]
    roles = [r["id"] for r in org_doc.data.get("roles") or []]
    for stem, (kind_doc, _policy) in state.policies.items():
        raws = state.kind_rules[stem]
        kind_rules = [raw.id for raw in raws]
        for raw in raws:
            rule, doc, rid = raw.data, raw.doc, raw.id
            base = raw.path
            if rid in state.rule_at:
                first = state.rule_at[rid]
                copy = raw if raw.via is not None else first if first.via is not None else None
                if copy is not None and copy.via is not None:
                    state.add(copy.via, (*copy.via_path, "id_prefix"), "duplicate_rule_id",
                              f"Included rule '{rid}' has the id of a rule already in the pack; give the "
                              "include an 'id_prefix'")
                else:
                    state.add(doc, (*base, "id"), "duplicate_rule_id", f"Rule id '{rid}' is already used in "
                              f"'{first.doc.file}'")
            else:
                state.rule_at[rid] = raw
            for j, clause in enumerate(_as_list(rule.get("clause"))):
                if clause not in clause_ids:
                    cpath = (*base, "clause", j) if isinstance(rule.get("clause"), list) else (*base, "clause")
                    state.add(doc, cpath, "unknown_clause", f"Rule '{rid}' cites unknown clause '{clause}'.",
                              suggest(clause, clause_ids))
            interpretation = rule.get("interpretation") or {}
            for j, name in enumerate(interpretation.get("settings") or []):
                if name not in state.settings:
                    state.add(doc, (*base, "interpretation", "settings", j), "unknown_setting",
                              f"Rule '{rid}' names unknown setting '{name}'.", suggest(name, state.settings))
            then = rule.get("then") or {}
            for list_name, enum in CODE_ENUMS.items():
                allowed = [m.value for m in enum]
                for j, code in enumerate(then.get(list_name) or []):
                    if code not in allowed:
                        state.add(doc, (*base, "then", list_name, j), "unknown_code", f"'{code}' is not one of "
                                  f"the {list_name} codes.", suggest(code, allowed))
            route = then.get("route")
            if route is not None and route.get("to") not in roles:
                state.add(doc, (*base, "then", "route", "to"), "unknown_role", f"Unknown role '{route.get('to')}'; "
                          f"roles: {', '.join(roles)}.", suggest(str(route.get("to")), roles))
            for j, target in enumerate(rule.get("overrides") or []):
                if target not in kind_rules:
                    state.add(doc, (*base, "overrides", j), "unknown_rule", f"Rule '{rid}' overrides "
                              f"'{target}', which is not a rule of kind '{kind_doc.data['kind']}'.",
                              suggest(target, kind_rules))
                elif target == rid:
                    state.add(doc, (*base, "overrides", j), "rule_cycle", f"Rule '{rid}' overrides itself")
    state.fail_if_errors(PolicyValidationError)


# -- 6. check_conditions ------------------------------------------------------------------------
def check_conditions(state: _State) -> None:
    """Parse and type-check every condition and every route source."""
    for stem, (kind_doc, _policy) in state.policies.items():
        case_model = model.CASE_MODELS[kind_doc.data["kind"]]
        raws = state.kind_rules[stem]
        derived = frozenset(name for raw in raws for name in ((raw.data.get("then") or {}).get("derive") or []))
        clash = sorted(derived & set(case_model.model_fields))
        for name in clash:
            state.add(kind_doc, ("rules",), "derived_shadows_field", f"Derived fact '{name}' has the name of "
                      f"a field of {case_model.__name__}; rename it")
        scope = expr.Scope(case_model, state.setting_types, derived)
        for raw in raws:
            rule, doc, base = raw.data, raw.doc, raw.path
            context = raw.context
            when = rule.get("when")
            parts = state.parts.setdefault(rule["id"], [])
            state.conditions[rule["id"]] = (
                None if when is None else _check_when(state, doc, scope, when, (*base, "when"), context, parts)
            )
            route = (rule.get("then") or {}).get("route")
            if route is not None:
                path = (*base, "then", "route", "from")
                node, diags = expr.check_expression(
                    str(route["from"]), scope, _locator(doc, path), expected=enum_type(codes.Role),
                    context=f"the route of {context}",
                )
                state.diagnostics.extend(_with_lines(doc, diags))
                state.route_from[rule["id"]] = node
                if node is not None:
                    parts.append((path, node))
    state.fail_if_errors(PolicyValidationError)


def _locator(doc: YamlDocument, path: tuple[str | int, ...]) -> expr.Locate:
    return lambda offset: doc.source_map.scalar_offset_span(path, offset)


def _with_lines(doc: YamlDocument, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    out = []
    for d in diagnostics:
        line = doc.lines[d.span.line - 1] if 0 < d.span.line <= len(doc.lines) else None
        out.append(Diagnostic(d.code, d.message, d.span, d.suggestion, d.severity, d.path, line))
    return out


def _check_when(state: _State, doc: YamlDocument, scope: expr.Scope, when: Any,  # noqa: PLR0913, PLR0917 - a recursive walk
                path: tuple[str | int, ...], context: str,
                parts: list[tuple[tuple[str | int, ...], t.Node]]) -> t.Node | None:
    """A condition: a string, or ``all``/``any``/``not`` over conditions (the file model checked the shape).

    Every node built from a part of the YAML is recorded in ``parts`` with that part's path.
    """
    node = _check_when_part(state, doc, scope, when, path, context, parts)
    if node is not None:
        parts.append((path, node))
    return node


def _check_when_part(state: _State, doc: YamlDocument, scope: expr.Scope, when: Any,  # noqa: PLR0913, PLR0917
                     path: tuple[str | int, ...], context: str,
                     parts: list[tuple[tuple[str | int, ...], t.Node]]) -> t.Node | None:
    if isinstance(when, str | bool | int | float):
        text = when if isinstance(when, str) else ("true" if when is True else str(when).lower())
        node, diags = expr.check_condition(text, scope, _locator(doc, path), context=context)
        state.diagnostics.extend(_with_lines(doc, diags))
        return node
    (op, operand), = when.items()
    offset = 0
    if op == "not":
        inner = _check_when(state, doc, scope, operand, (*path, "not"), context, parts)
        return None if inner is None else t.Not(BOOL, offset, inner)
    items = [_check_when(state, doc, scope, item, (*path, op, j), context, parts) for j, item in enumerate(operand)]
    if any(p is None for p in items):
        return None
    checked = tuple(p for p in items if p is not None)
    if not checked:
        return t.Const(BOOL, offset, op == "all")
    return checked[0] if len(checked) == 1 else t.BoolOp(BOOL, offset, "and" if op == "all" else "or", checked)


# -- 7. build_strata ----------------------------------------------------------------------------
def build_rule_strata(state: _State) -> dict[str, dict[str, int]]:
    """Strata per kind; a cycle through derive or overrides is an error showing the whole cycle."""
    strata: dict[str, dict[str, int]] = {}
    for stem in state.policies:
        rules = [raw.data for raw in state.kind_rules[stem]]
        nodes = []
        for rule in rules:
            condition = state.conditions.get(rule["id"])
            route = state.route_from.get(rule["id"])
            _, reads = expr.used_names([n for n in (condition, route) if n is not None])
            then = rule.get("then") or {}
            nodes.append(RuleNode(rule["id"], frozenset(reads), frozenset(then.get("derive") or []),
                                  tuple(rule.get("overrides") or [])))
        graph = build_rule_graph(nodes)
        cycle = find_rule_cycle(graph)
        if cycle is not None:
            def where(rule_id: str) -> str:
                raw = state.rule_at[rule_id]
                return str(raw.doc.source_map.value_span(raw.at("id")))
            steps = " -> ".join(f"'{a}' ({where(a)}) {why}" for a, _b, why in cycle)
            first = state.rule_at[cycle[0][0]]
            state.add(first.doc, first.at("id"), "rule_cycle",
                      f"Rules form a cycle: {steps} -> '{cycle[0][0]}'; a rule cannot depend on itself")
            continue
        strata[stem] = build_strata(graph, [r["id"] for r in rules])
    state.fail_if_errors(PolicyValidationError)
    return strata


# -- 8. build_pack ------------------------------------------------------------------------------
def _reads(node: t.Node | None) -> tuple[FactRef, ...]:
    """The facts a condition reads, outermost first, each once, as explanations show them."""
    if node is None:
        return ()
    found: dict[str, FactRef] = {}

    def visit(current: t.Node) -> None:
        if isinstance(current, t.Attr | t.MethodCall) and _rooted(current):
            found.setdefault(t.render(current), FactRef(t.render(current), current))
            if isinstance(current, t.MethodCall):
                for arg in current.args:
                    visit(arg)
            return
        if isinstance(current, t.Setting | t.Derived | t.AsOf):
            found.setdefault(t.render(current), FactRef(t.render(current), current))
            return
        for child in t._children(current):  # noqa: SLF001 - the tree module's own walker
            visit(child)

    visit(node)
    return tuple(found.values())


def _rooted(node: t.Node) -> bool:
    current = node
    while isinstance(current, t.Attr | t.MethodCall):
        current = current.obj
    return isinstance(current, t.Root)


def _titles(value: Mapping[str, str] | None) -> dict[str, str] | None:
    return None if value is None else {"zh": value["zh"], "en": value["en"]}


def build_organization(state: _State) -> Organization:
    """Roles, reporting lines, departments and every upward route.

    Its errors do not stop the pack from being built (the caller fails on them), so that
    ``commitrules check`` can report them together with the findings of ``lint``.
    """
    doc, _ = state.special["organization"]
    roles = doc.data.get("roles") or []
    reports_to = {r["id"]: r.get("reports_to") for r in roles}
    for i, role in enumerate(roles):
        superior = role.get("reports_to")
        if superior is not None and superior not in reports_to:
            state.add(doc, ("roles", i, "reports_to"), "unknown_role", f"Role '{role['id']}' reports to unknown "
                      f"role '{superior}'.", suggest(str(superior), reports_to))
    # A role whose superior is unknown was reported above; it stays in the graph as a top so that
    # routes are still computed for the rest.
    graph = build_org_graph({k: (v if v is None or v in reports_to else None) for k, v in reports_to.items()})
    cycle = find_org_cycle(graph)
    if cycle is not None:
        index = {r["id"]: i for i, r in enumerate(roles)}
        first = min(cycle, key=index.__getitem__)  # start the cycle at the role written first
        cycle = cycle[cycle.index(first):] + cycle[:cycle.index(first)]
        steps = " -> ".join(f"'{r}' ({doc.source_map.value_span(('roles', index[r], 'reports_to'))})" for r in cycle)
        state.add(doc, ("roles", index[first], "reports_to"), "escalation_cycle", "Roles report to each other in "
                  f"a cycle: {steps} -> '{first}'; the chain must end at a role that reports to nobody")
    departments = doc.data.get("departments") or []
    allowed = [m.value for m in codes.Measure]
    for i, dept in enumerate(departments):
        for j, measure in enumerate(dept.get("measures") or []):
            if measure not in allowed:
                state.add(doc, ("departments", i, "measures", j), "unknown_code", f"'{measure}' is not one of "
                          "the six joint-punishment categories.", suggest(measure, allowed))
    return Organization(
        roles=tuple(reports_to),
        reports_to=reports_to,
        role_titles={r["id"]: _titles(r["title"]) or {} for r in roles},
        departments={d["id"]: tuple(d.get("measures") or []) for d in departments},
        department_titles={d["id"]: _titles(d["title"]) or {} for d in departments},
        routes=build_routes(graph, reports_to),
    )


def build_pack(state: _State, strata: dict[str, dict[str, int]]) -> PolicyPack:
    """The immutable pack, with provenance on every rule and the content digest."""
    policies: dict[str, KindPolicy] = {}
    for stem, (doc, _policy) in state.policies.items():
        raws = state.kind_rules[stem]
        raw_rules = [raw.data for raw in raws]
        kind_strata = strata[stem]
        order = sorted(range(len(raw_rules)), key=lambda i: (kind_strata[raw_rules[i]["id"]], i))
        beaten_by: dict[str, list[str]] = {}
        for rule in raw_rules:
            for target in rule.get("overrides") or []:
                beaten_by.setdefault(target, []).append(rule["id"])
        compiled = []
        for index, i in enumerate(order):
            rule = raw_rules[i]
            then = rule.get("then") or {}
            route = then.get("route")
            span = raws[i].doc.source_map.key_span(raws[i].path)
            interpretation = rule.get("interpretation")
            effective = rule.get("effective") or {}
            condition = state.conditions.get(rule["id"])
            compiled.append(CompiledRule(
                id=rule["id"],
                kind=doc.data["kind"],
                index=index,
                clauses=tuple(_as_list(rule.get("clause"))),
                quote=rule.get("quote"),
                title=_titles(rule["title"]) or {},
                interpretation=_titles(interpretation["note"]) if interpretation else None,
                interpretation_settings=tuple((interpretation or {}).get("settings") or []),
                condition=condition,
                effect=Effect(
                    outcome=then.get("outcome"),
                    **{name: tuple(sorted(set(then.get(name) or []))) for name in CODE_ENUMS},
                    derive=tuple(then.get("derive") or []),
                    route_from=state.route_from.get(rule["id"]),
                    route_to=route["to"] if route else None,
                ),
                overrides=tuple(rule.get("overrides") or []),
                overridden_by=tuple(beaten_by.get(rule["id"], [])),
                stratum=kind_strata[rule["id"]],
                effective_from=effective.get("from"),
                effective_until=effective.get("until"),
                reads=_reads(condition),
                provenance=Provenance(raws[i].doc.file, span.line, span.column),
            ))
        derived = sorted({d for r in compiled for d in r.effect.derive})
        policies[doc.data["kind"]] = KindPolicy(
            kind=doc.data["kind"],
            title=_titles(doc.data["title"]) or {},
            outcomes=tuple(doc.data["outcomes"]),
            default=doc.data["default"],
            rules=tuple(compiled),
            file=doc.file,
            derived=tuple(derived),
        )
    pack_doc, _ = state.special["pack"]
    clauses_doc, _ = state.special["clauses"]
    organization = build_organization(state)
    return PolicyPack(
        name=str(pack_doc.data["name"]),
        version=str(pack_doc.data["version"]),
        digest=_digest(state),
        title=_titles(pack_doc.data["title"]) or {},
        policies=dict(sorted(policies.items(), key=lambda kv: list(model.CASE_MODELS).index(kv[0]))),
        settings=state.settings,
        clauses={
            c["id"]: Clause(c["id"], c["text"], _titles(c.get("title")), _titles(c.get("excused")),
                            bool(c.get("external", False)))
            for c in clauses_doc.data.get("clauses") or []
        },
        organization=organization,
        source=display_path(state.directory),
    )


def _digest(state: _State) -> str:
    hasher = hashlib.sha256()
    for name in sorted(state.raw):
        hasher.update(name.encode())
        hasher.update(b"\0")
        hasher.update(state.raw[name])
        hasher.update(b"\0")
    overrides = json.dumps(dict(state.overrides), sort_keys=True, default=str)
    hasher.update(overrides.encode())
    return f"sha256:{hasher.hexdigest()}"


def compile_pack(directory: Path, settings: Mapping[str, Any] | None = None) -> PolicyPack:
    """Load, check and compile the pack in ``directory``.

    Raises:
        PolicySyntaxError: a file is not valid YAML.
        PolicyValidationError: the files do not make a valid pack.
    """
    state = _State(directory, settings or {})
    pack = _run_passes(state)
    state.fail_if_errors(PolicyValidationError)  # the organisation's errors (build_organization)
    return pack


def compile_pack_with_sources(
    directory: Path, settings: Mapping[str, Any] | None = None
) -> tuple[PolicyPack, PackSources, list[Diagnostic]]:
    """Compile as :func:`compile_pack` does, keeping the source documents for checks that point into them.

    The organisation's errors (a reporting cycle, an unknown superior) are returned rather than raised:
    the pack is complete without them, and ``commitrules check`` reports them with its other findings.

    Raises:
        PolicySyntaxError: a file is not valid YAML.
        PolicyValidationError: any other error that stops the pack from being built.
    """
    state = _State(directory, settings or {})
    pack = _run_passes(state)
    rules = {
        rid: RuleSource(raw.doc, raw.path, tuple(state.parts.get(rid, ())), raw.via, raw.via_path)
        for rid, raw in state.rule_at.items()
    }
    return pack, PackSources(dict(state.docs), rules), list(state.diagnostics)


def _run_passes(state: _State) -> PolicyPack:
    read_files(state)
    validate_files(state)
    check_kinds(state)
    resolve_includes(state)
    resolve_settings(state)
    check_rules(state)
    check_conditions(state)  # after resolve_settings (settings.*) and check_rules (derived facts)
    strata = build_rule_strata(state)
    return build_pack(state, strata)
