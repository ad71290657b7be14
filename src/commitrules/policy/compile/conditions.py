"""The conditions pass (``build_conditions``): conditions and route sources checked against the case model."""

from __future__ import annotations

from typing import TYPE_CHECKING

from commitrules import model
from commitrules.errors import PolicyValidationError
from commitrules.model import codes
from commitrules.policy import expr
from commitrules.policy import tree as t
from commitrules.policy.compile.state import locator, with_lines
from commitrules.policy.files import AllCondition, AnyCondition, Condition, NotCondition
from commitrules.policy.types import BOOL, enum_type

if TYPE_CHECKING:
    from commitrules.policy.compile.state import CompileState, ConditionPart, SourceRule
    from commitrules.policy.yaml import YamlDocument, YamlPath

__all__ = ["build_conditions"]


def build_conditions(state: CompileState) -> None:
    """Parse and type-check every condition and every route source into checked trees."""
    for stem, entry in state.policies.items():
        case_model = model.CASE_MODELS[entry.model.kind]
        sources = state.kind_rules[stem]
        derived = frozenset(
            name for source in sources if source.rule.then is not None for name in source.rule.then.derive
        )
        for name in sorted(derived & set(case_model.model_fields)):
            state.add(
                entry.doc,
                ("rules",),
                "derived_shadows_field",
                f"Derived fact '{name}' has the name of a field of {case_model.__name__}; rename it",
            )
        scope = expr.Scope(case_model, state.setting_types, derived, state.codes, state.setting_timelines)
        for source in sources:
            _check_rule(state, scope, source)
    state.fail_if_errors(PolicyValidationError)


def _check_rule(state: CompileState, scope: expr.Scope, source: SourceRule) -> None:
    rule, doc = source.rule, source.doc
    parts = state.parts.setdefault(rule.id, [])
    walk = _ConditionWalk(state, doc, scope, source.context, parts)
    condition = None if rule.when is None else walk.check(rule.when, source.at("when"))
    size = 0 if condition is None else len(t.walk(condition))
    if size > expr.MAX_NODES:
        # Each text is at most MAX_LENGTH characters; a structured list of many texts is bounded here.
        state.add(
            doc,
            source.at("when"),
            "expression_too_long",
            f"The condition of {source.context} has {size} parts (names, values, operators and tests, "
            f"over all its entries); at most {expr.MAX_NODES} are allowed. Split it into several rules, or "
            "name parts of it as derived facts of rules of their own",
            key=True,
        )
        condition = None
    state.conditions[rule.id] = condition
    route = rule.then.route if rule.then is not None else None
    if route is None:
        return
    path = source.at("then", "route", "from")
    node, diags = expr.check_expression(
        route.from_,
        scope,
        locator(doc, path),
        expected=enum_type(codes.Role),
        context=f"the route of {source.context}",
    )
    state.diagnostics.extend(with_lines(doc, diags))
    state.route_from[rule.id] = node
    if node is not None:
        parts.append((path, node))


class _ConditionWalk:
    """A condition of the file model (text, or all/any/not over conditions) checked into one node.

    Every node built from a part of the YAML is recorded in ``parts`` with that part's path.
    """

    def __init__(
        self, state: CompileState, doc: YamlDocument, scope: expr.Scope, context: str, parts: list[ConditionPart]
    ) -> None:
        self.state, self.doc, self.scope, self.context, self.parts = state, doc, scope, context, parts

    def check(self, when: Condition, path: YamlPath) -> t.Node | None:
        node = self._part(when, path)
        if node is not None:
            self.parts.append((path, node))
        return node

    def _part(self, when: Condition, path: YamlPath) -> t.Node | None:
        if isinstance(when, str):
            node, diags = expr.check_condition(when, self.scope, locator(self.doc, path), context=self.context)
            self.state.diagnostics.extend(with_lines(self.doc, diags))
            return node
        if isinstance(when, NotCondition):
            inner = self.check(when.not_, (*path, "not"))
            return None if inner is None else t.Not(BOOL, 0, inner)
        op, operands = ("all", when.all) if isinstance(when, AllCondition) else ("any", _any_of(when))
        items = [self.check(item, (*path, op, j)) for j, item in enumerate(operands)]
        if any(p is None for p in items):
            return None
        checked = tuple(p for p in items if p is not None)
        if not checked:
            return t.Const(BOOL, 0, op == "all")
        return checked[0] if len(checked) == 1 else t.BoolOp(BOOL, 0, "and" if op == "all" else "or", checked)


def _any_of(when: AnyCondition) -> tuple[Condition, ...]:
    return when.any
