"""Parse and check conditions: policy text in, a typed, checked tree out.

The text is parsed with Python's own parser (``ast.parse``) and then rebuilt, node by node, into the
types of :mod:`commitrules.policy.tree`. Only the constructs listed in ``docs/authoring.md`` are
rebuilt; anything else is an error with its position. Names resolve against the case model of the
policy file's kind, the pack's settings and the facts that rules of the same kind derive. Nothing in a
condition can reach a Python object that the case model does not declare.
"""

from __future__ import annotations

import ast
import builtins
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel

from commitrules.errors import Diagnostic, Span, suggest
from commitrules.policy import tree as t
from commitrules.policy.types import (
    BOOL,
    DATE,
    INT,
    NULL,
    NUMBER,
    STR,
    Type,
    field_names,
    field_type,
    helper_names,
    helper_signature,
    list_of,
)

__all__ = ["BUILTINS", "MAX_DEPTH", "MAX_LENGTH", "Scope", "check_condition", "check_expression"]

#: The longest condition text accepted. Longer conditions belong in several rules or a derived fact.
MAX_LENGTH = 4000
#: The deepest nesting of a condition.
MAX_DEPTH = 48
#: Integers are bounded so that both engines (durable_rules stores int64) agree.
MAX_INT = 2**53

BUILTINS = {
    "len": "len(list) -> int: the number of items",
    "days_between": "days_between(date, date) -> int: days from the first date to the second",
    "add_days": "add_days(date, int) -> date: null outside the calendar (years 1 to 9999)",
    "add_years": "add_years(date, int) -> date: the same day n years later (29 February becomes 28 February)",
    "date": "date('YYYY-MM-DD') -> date: a date literal",
    "min": "min(a, b, ...) -> the smallest",
    "max": "max(a, b, ...) -> the largest",
    "abs": "abs(number) -> number",
}
_LITERAL_NAMES: dict[str, bool | None] = {
    "true": True,
    "false": False,
    "True": True,
    "False": False,
    "null": None,
    "None": None,
}
_QUANTIFIERS = ("any", "all", "count")
_CMP = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_ARITH = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%"}
_FORBIDDEN_WORDS = {
    ast.Lambda: "lambda functions",
    ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.GeneratorExp: "generator expressions (use list.any(x, condition))",
    ast.Subscript: "subscripts",
    ast.IfExp: "conditional expressions (write two rules, or use and/or)",
    ast.JoinedStr: "f-strings",
    ast.NamedExpr: "assignment expressions",
    ast.Starred: "starred arguments",
    ast.Dict: "dictionaries",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    ast.Slice: "slices",
}


@dataclass(frozen=True)
class Scope:
    """What a condition may name: the case model, settings (name -> (type, value)), derived facts."""

    model: type[BaseModel]
    settings: Mapping[str, tuple[Type, object]] = field(default_factory=dict)
    derived: frozenset[str] = frozenset()


Locate = Callable[[int], Span]


class _Fail(Exception):  # noqa: N818 - internal control flow, never escapes this module
    """Raised to abandon a subtree after its diagnostic was recorded."""


class _Checker:
    def __init__(self, text: str, scope: Scope, locate: Locate, context: str) -> None:
        self.text = text
        self.scope = scope
        self.locate = locate
        self.context = context
        self.diagnostics: list[Diagnostic] = []
        self.line_starts = [0]
        for line in f"({text}\n)".split("\n")[:-1]:
            self.line_starts.append(self.line_starts[-1] + len(line) + 1)

    # -- positions and errors ------------------------------------------------------------------
    def offset_of(self, node: ast.AST) -> int:
        lineno = getattr(node, "lineno", 1)
        col = getattr(node, "col_offset", 0)
        wrapped_lines = f"({self.text}\n)".split("\n")
        line = wrapped_lines[lineno - 1] if 0 < lineno <= len(wrapped_lines) else ""
        chars = len(line.encode("utf-8")[:col].decode("utf-8", errors="ignore"))
        return max(0, self.line_starts[lineno - 1] + chars - 1)

    def error(self, code: str, message: str, offset: int, suggestion: str | None = None) -> _Fail:
        hint = f" Did you mean '{suggestion}'?" if suggestion else ""
        text = f"{message.rstrip('.')}, in {self.context}.{hint}"
        self.diagnostics.append(Diagnostic(code, text, self.locate(offset), suggestion))
        return _Fail()

    # -- entry points --------------------------------------------------------------------------
    def parse(self) -> ast.expr | None:
        if len(self.text) > MAX_LENGTH:
            self.error("expression_too_long", f"The condition has {len(self.text)} characters; "
                       f"at most {MAX_LENGTH} are allowed: split it into several rules", 0)
            return None
        if not self.text.strip():
            self.error("empty_condition", "The condition is empty", 0)
            return None
        try:
            parsed = ast.parse(f"({self.text}\n)", mode="eval")
        except SyntaxError as exc:
            offset = self._syntax_offset(exc)
            message = (exc.msg or "invalid syntax").replace("'('", "'('")
            self.error("syntax_error", f"Invalid condition: {message}", offset)
            return None
        except (RecursionError, MemoryError, ValueError):
            self.error("too_complex", "The condition is nested too deeply", 0)
            return None
        depth = _depth(parsed.body)
        if depth > MAX_DEPTH:
            self.error("too_complex", f"The condition is nested {depth} levels deep; "
                       f"at most {MAX_DEPTH} are allowed", 0)
            return None
        return parsed.body

    def _syntax_offset(self, exc: SyntaxError) -> int:
        lineno = exc.lineno or 1
        col = max((exc.offset or 1) - 1, 0)
        start = self.line_starts[min(lineno, len(self.line_starts)) - 1]
        return min(max(0, start + col - 1), max(len(self.text) - 1, 0))

    def run(self, expected: Type | None) -> t.Node | None:
        body = self.parse()
        if body is None:
            return None
        try:
            node = self.check(body, {})
        except _Fail:
            return None
        if expected is not None and not _assignable(node.type, expected):
            self.error("type_mismatch", f"Expected {_a(expected)}, found {_a(node.type)} "
                       f"'{t.render(node)}'", node.offset)
            return None
        return node

    # -- the rebuild ----------------------------------------------------------------------------
    def check(self, node: ast.expr, env: dict[str, Type]) -> t.Node:  # noqa: PLR0911
        offset = self.offset_of(node)
        if isinstance(node, ast.BoolOp):
            op: Literal["and", "or"] = "and" if isinstance(node.op, ast.And) else "or"
            operands = tuple(self.check_bool(v, env, f"'{op}'") for v in node.values)
            return t.BoolOp(BOOL, offset, op, operands)
        if isinstance(node, ast.UnaryOp):
            return self.check_unary(node, env, offset)
        if isinstance(node, ast.BinOp):
            return self.check_binop(node, env, offset)
        if isinstance(node, ast.Compare):
            return self.check_compare(node, env, offset)
        if isinstance(node, ast.Name):
            return self.check_name(node, env, offset)
        if isinstance(node, ast.Attribute):
            return self.check_attribute(node, env, offset)
        if isinstance(node, ast.Constant):
            return self.check_constant(node.value, offset)
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            return self.check_list(node.elts, env, offset)
        if isinstance(node, ast.Call):
            return self.check_call(node, env, offset)
        words = _FORBIDDEN_WORDS.get(type(node), type(node).__name__)
        raise self.error("forbidden_syntax", f"{words[0].upper()}{words[1:]} are not part of the "
                         "condition language", offset)

    def check_bool(self, node: ast.expr, env: dict[str, Type], where: str) -> t.Node:
        checked = self.check(node, env)
        if checked.type.kind != "bool":
            raise self.error("type_mismatch", f"Operands of {where} must be true/false, found "
                             f"{_a(checked.type)} '{t.render(checked)}'", checked.offset)
        return checked

    def check_unary(self, node: ast.UnaryOp, env: dict[str, Type], offset: int) -> t.Node:
        if isinstance(node.op, ast.Not):
            return t.Not(BOOL, offset, self.check_bool(node.operand, env, "'not'"))
        operand = self.check(node.operand, env)
        if not operand.type.is_numeric:
            raise self.error("type_mismatch", f"Unary minus needs a number, found {_a(operand.type)}",
                             offset)
        if isinstance(node.op, ast.UAdd):
            return operand
        if isinstance(node.op, ast.USub):
            if isinstance(operand, t.Const) and isinstance(operand.value, int | float):
                return t.Const(operand.type, offset, -operand.value)
            return t.Neg(operand.type, offset, operand)
        raise self.error("forbidden_syntax", "Bitwise operators are not part of the language", offset)

    def check_binop(self, node: ast.BinOp, env: dict[str, Type], offset: int) -> t.Node:
        op = _ARITH.get(type(node.op))
        if op is None:
            word = "'**' (powers)" if isinstance(node.op, ast.Pow) else "bitwise operators"
            raise self.error("forbidden_syntax", f"{word[0].upper()}{word[1:]} are not part of the "
                             "language", offset)
        left, right = self.check(node.left, env), self.check(node.right, env)
        lt, rt = left.type, right.type
        nullable = lt.nullable or rt.nullable
        if lt.is_numeric and rt.is_numeric:
            kind = "int" if lt.kind == rt.kind == "int" and op != "/" else "number"
            result = INT if kind == "int" else NUMBER
        elif lt.kind == "date" and rt.kind == "date" and op == "-":
            result = INT
        elif lt.kind == "date" and rt.kind == "int" and op in {"+", "-"}:
            result = DATE
            nullable = True  # a day past 9999-12-31 or before 0001-01-01 is null, as add_days() says
        else:
            raise self.error("type_mismatch", f"Cannot apply '{op}' to {_a(lt)} and {_a(rt)}", offset)
        # Division by zero and non-finite numbers (float or Decimal) compute to null.
        undefined = op in {"/", "//", "%"} or result.kind == "number"
        return t.Arith(result.as_nullable(nullable or undefined), offset, op, left, right)  # type: ignore[arg-type]

    def check_compare(self, node: ast.Compare, env: dict[str, Type], offset: int) -> t.Node:
        parts: list[t.Node] = []
        left_ast = node.left
        left = self.check(left_ast, env)
        for op_ast, right_ast in zip(node.ops, node.comparators, strict=True):
            right = self.check(right_ast, env)
            if isinstance(op_ast, ast.In | ast.NotIn):
                parts.append(self.check_member(left, right, isinstance(op_ast, ast.NotIn), offset))
            elif isinstance(op_ast, ast.Is | ast.IsNot):
                word = "==" if isinstance(op_ast, ast.Is) else "!="
                raise self.error("forbidden_syntax", f"'is' is not part of the language; use '{word}'",
                                 self.offset_of(right_ast), word)
            else:
                parts.append(self.check_pair(_CMP[type(op_ast)], left, right, offset))  # type: ignore[arg-type]
            left = right
        return parts[0] if len(parts) == 1 else t.BoolOp(BOOL, offset, "and", tuple(parts))

    def check_pair(self, op: t.CompareOp, left: t.Node, right: t.Node, offset: int) -> t.Node:
        left, right = self.coerce_literal(left, right.type), self.coerce_literal(right, left.type)
        lt, rt = left.type, right.type
        if "list" in {lt.kind, rt.kind} and "null" not in {lt.kind, rt.kind}:
            raise self.error("type_mismatch", "Lists cannot be compared with '==' or '<'; use len(), "
                             "'in' or .any()/.all()", offset)
        if op in {"==", "!="}:
            if not lt.comparable_with(rt):
                raise self.error("type_mismatch", f"Cannot compare {_a(lt)} '{t.render(left)}' with "
                                 f"{_a(rt)} '{t.render(right)}'", offset)
        elif not (lt.is_ordered and rt.is_ordered and (lt.kind == rt.kind or (lt.is_numeric and rt.is_numeric))):
            raise self.error("type_mismatch", f"'{op}' needs two numbers, two dates or two strings; found "
                             f"{_a(lt)} and {_a(rt)}", offset)
        return t.Compare(BOOL, offset, op, left, right)

    def check_member(self, item: t.Node, collection: t.Node, negated: bool, offset: int) -> t.Node:  # noqa: FBT001
        ctype = collection.type
        if ctype.kind != "list":
            raise self.error("type_mismatch", f"The right side of 'in' must be a list, found {_a(ctype)} "
                             f"'{t.render(collection)}'", collection.offset)
        if ctype.elem is not None:
            item = self.coerce_literal(item, ctype.elem)
            if isinstance(collection, t.ListLit):
                collection = self.coerce_list(collection, item.type)
            elem = collection.type.elem
            if elem is not None and not item.type.comparable_with(elem):
                raise self.error("type_mismatch", f"Cannot look for {_a(item.type)} in a {ctype}", offset)
        return t.Member(BOOL, offset, item, collection, negated)

    def coerce_literal(self, node: t.Node, target: Type) -> t.Node:
        """A string literal compared with an enum becomes a checked member of that enum."""
        if target.kind != "enum" or target.enum is None:
            return node
        if isinstance(node, t.Const) and isinstance(node.value, str) and node.type.kind == "str":
            return self.enum_const(node.value, target.enum, node.offset)
        if isinstance(node, t.ListLit):
            return self.coerce_list(node, target)
        return node

    def coerce_list(self, node: t.ListLit, target: Type) -> t.ListLit:
        if target.kind != "enum":
            return node
        items = tuple(self.coerce_literal(i, target) for i in node.items)
        return t.ListLit(list_of(target.as_nullable(nullable=False)), node.offset, items)

    def enum_const(self, value: str, enum: type[StrEnum], offset: int) -> t.Const:
        members = [m.value for m in enum]
        if value not in members:
            allowed = ", ".join(f"'{m}'" for m in members) if len(members) <= 12 else f"{len(members)} values"
            raise self.error("unknown_enum_literal", f"'{value}' is not a {enum.__name__} (allowed: {allowed})",
                             offset, suggest(value, members))
        return t.Const(Type("enum", enum=enum), offset, value)

    def check_name(self, node: ast.Name, env: dict[str, Type], offset: int) -> t.Node:
        name = node.id
        if name in env:
            return t.Var(env[name], offset, name)
        if name in _LITERAL_NAMES:
            value = _LITERAL_NAMES[name]
            return t.Const(NULL if value is None else BOOL, offset, value)
        if name == "as_of":
            return t.AsOf(DATE, offset)
        if name == "settings":
            raise self.error("unknown_setting", "'settings' needs a name: settings.<group>.<name>", offset)
        if name in self.scope.derived:
            return t.Derived(BOOL, offset, name)
        ftype = field_type(self.scope.model, name)
        if ftype is not None:
            return t.Attr(ftype, offset, t.Root(Type("model", model=self.scope.model), offset), name)
        self.forbid_private(name, offset)
        candidates = [*field_names(self.scope.model), *self.scope.derived, *env, "as_of"]
        if name in BUILTINS:
            raise self.error("unknown_name", f"'{name}' is a function: call it as {BUILTINS[name]}", offset)
        kind = getattr(self.scope.model, "KIND", "") or self.scope.model.__name__
        raise self.error("unknown_name", f"Unknown name '{name}' for case kind '{kind}'",
                         offset, suggest(name, candidates))

    def forbid_private(self, name: str, offset: int) -> None:
        if name.startswith("_") or hasattr(builtins, name):
            raise self.error("forbidden_syntax", f"'{name}' is not part of the condition language", offset)

    def check_attribute(self, node: ast.Attribute, env: dict[str, Type], offset: int) -> t.Node:
        dotted = _dotted(node)
        if dotted and dotted[0] == "settings" and "settings" not in env:
            return self.check_setting(".".join(dotted[1:]), offset)
        obj = self.check(node.value, env)
        name = node.attr
        attr_offset = offset + len(t.render(obj)) + 1 if dotted else offset
        if name.startswith("_"):
            raise self.error("forbidden_syntax", f"'{name}': names starting with '_' are not part of the "
                             "condition language", attr_offset)
        model = obj.type.model
        if obj.type.kind != "model" or model is None:
            raise self.error("unknown_field", f"{_a(obj.type).capitalize()} '{t.render(obj)}' has no field "
                             f"'{name}'", attr_offset)
        ftype = field_type(model, name)
        if ftype is None:
            if name in helper_names(model):
                raise self.error("wrong_arity", f"'{name}' is a helper of {model.__name__}: call it as "
                                 f"{name}(...)", attr_offset)
            raise self.error("unknown_field", f"{model.__name__} '{t.render(obj)}' has no field '{name}'.",
                             attr_offset, suggest(name, [*field_names(model), *helper_names(model)]))
        return t.Attr(ftype.as_nullable(ftype.nullable or obj.type.nullable), offset, obj, name)

    def check_setting(self, name: str, offset: int) -> t.Node:
        if name in self.scope.settings:
            stype, value = self.scope.settings[name]
            return t.Setting(stype, offset, name, value)
        group = [k for k in self.scope.settings if k.startswith(f"{name}.")]
        if group:
            raise self.error("unknown_setting", f"'settings.{name}' is a group of settings, not a setting",
                             offset, f"settings.{group[0]}")
        best = suggest(name, self.scope.settings)
        raise self.error("unknown_setting", f"Unknown setting 'settings.{name}'", offset,
                         f"settings.{best}" if best else None)

    def check_constant(self, value: object, offset: int) -> t.Node:
        if isinstance(value, bool):
            return t.Const(BOOL, offset, value)
        if isinstance(value, int):
            if abs(value) > MAX_INT:
                raise self.error("number_too_large", f"The number {value} is larger than 2**53", offset)
            return t.Const(INT, offset, value)
        if isinstance(value, float):
            if not abs(value) <= MAX_INT:  # also inf (1e999), whose arithmetic makes NaN
                raise self.error("number_too_large", f"The number {value} is larger than 2**53", offset)
            return t.Const(NUMBER, offset, value)
        if isinstance(value, str):
            return t.Const(STR, offset, value)
        if value is None:
            return t.Const(NULL, offset, None)
        raise self.error("forbidden_syntax", f"Literals like {value!r} are not part of the language", offset)

    def check_list(self, elts: list[ast.expr], env: dict[str, Type], offset: int) -> t.Node:
        items = tuple(self.check(e, env) for e in elts)
        for item in items:
            if not isinstance(item, t.Const):
                raise self.error("forbidden_syntax", "List literals may hold only constants", item.offset)
        kinds = {i.type.kind for i in items}
        if not items:
            elem: Type | None = None
        elif kinds <= {"int", "number"}:
            elem = INT if kinds == {"int"} else NUMBER
        elif len(kinds) == 1:
            elem = items[0].type
        else:
            raise self.error("type_mismatch", "All items of a list must have the same type", offset)
        return t.ListLit(Type("list", elem=elem), offset, items)

    def check_call(self, node: ast.Call, env: dict[str, Type], offset: int) -> t.Node:
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise self.error("forbidden_syntax", "Calls take plain positional arguments only", offset)
        if isinstance(node.func, ast.Name) and (node.func.id in BUILTINS or node.func.id in _QUANTIFIERS
                                                 or node.func.id not in helper_names(self.scope.model)):
            return self.check_builtin(node.func.id, node.args, env, offset)
        if isinstance(node.func, ast.Name):  # a helper declared on the case model itself
            root = t.Root(Type("model", model=self.scope.model), offset)
            return self.check_method(root, node.func.id, node.args, env, offset)
        if not isinstance(node.func, ast.Attribute):
            raise self.error("forbidden_syntax", "Only functions and helpers of the language can be called",
                             offset)
        method = node.func.attr
        obj = self.check(node.func.value, env)
        if method.startswith("_"):
            raise self.error("forbidden_syntax", f"'{method}' is not part of the condition language", offset)
        if obj.type.kind == "list" and method in _QUANTIFIERS:
            return self.check_quantifier(method, obj, node.args, env, offset)
        return self.check_method(obj, method, node.args, env, offset)

    def check_method(self, obj: t.Node, method: str, raw_args: list[ast.expr], env: dict[str, Type],
                     offset: int) -> t.Node:
        model = obj.type.model
        if obj.type.kind != "model" or model is None:
            hint = " (lists have .any(x, condition), .all(x, condition) and .count(x, condition))"
            raise self.error("unknown_function", f"{_a(obj.type).capitalize()} has no method "
                             f"'{method}'{hint if obj.type.kind == 'list' else ''}", offset,
                             suggest(method, _QUANTIFIERS) if obj.type.kind == "list" else None)
        signature = helper_signature(model, method)
        if signature is None:
            raise self.error("unknown_function", f"{model.__name__} has no helper '{method}'", offset,
                             suggest(method, helper_names(model)))
        args = [self.check(a, env) for a in raw_args]
        if len(args) < len(signature.params) or (signature.vararg is None and len(args) > len(signature.params)):
            raise self.error("wrong_arity", f"{model.__name__}.{signature.describe()} takes "
                             f"{len(signature.params)}{'+' if signature.vararg else ''} arguments, "
                             f"got {len(args)}", offset)
        if signature.vararg is not None and len(args) == len(signature.params) == 0:
            raise self.error("wrong_arity", f"{model.__name__}.{signature.describe()} needs at least one "
                             "argument", offset)
        checked = []
        for index, arg in enumerate(args):
            want = signature.params[index] if index < len(signature.params) else signature.vararg
            assert want is not None  # noqa: S101 - arity was checked above
            arg = self.coerce_literal(arg, want)  # noqa: PLW2901 - the coerced argument replaces it
            if not _assignable(arg.type, want):
                raise self.error("type_mismatch", f"Argument {index + 1} of {method}() must be {_a(want)}, "
                                 f"found {_a(arg.type)}", arg.offset)
            checked.append(arg)
        result = signature.returns.as_nullable(signature.returns.nullable or obj.type.nullable)
        return t.MethodCall(result, offset, obj, method, tuple(checked))

    def check_quantifier(self, q: str, obj: t.Node, args: list[ast.expr], env: dict[str, Type],
                         offset: int) -> t.Node:
        if len(args) != 2 or not isinstance(args[0], ast.Name):
            raise self.error("wrong_arity", f".{q}() takes a variable name and a condition: "
                             f"{t.render(obj)}.{q}(x, x.field == 'value')", offset)
        var = args[0].id
        if var in env or var in self.scope.derived or field_type(self.scope.model, var) or var in _LITERAL_NAMES:
            raise self.error("shadowed_name", f"The variable '{var}' hides a name already in use; pick "
                             "another", self.offset_of(args[0]))
        self.forbid_private(var, self.offset_of(args[0]))
        elem = obj.type.elem or NULL
        body = self.check_bool(args[1], {**env, var: elem}, f".{q}()")
        return t.Quantifier(INT if q == "count" else BOOL, offset, q, obj, var, body)  # type: ignore[arg-type]

    def check_builtin(  # noqa: C901, PLR0911 - one arm per built-in function
        self, name: str, raw: list[ast.expr], env: dict[str, Type], offset: int
    ) -> t.Node:
        if name in _QUANTIFIERS:
            raise self.error("unknown_function", f"'{name}' is written as a method: "
                             f"list.{name}(x, condition)", offset)
        if name not in BUILTINS:
            self.forbid_private(name, offset)
            raise self.error("unknown_function", f"Unknown function '{name}'", offset, suggest(name, BUILTINS))
        if name == "date":
            return self.check_date_literal(raw, offset)
        args = tuple(self.check(a, env) for a in raw)
        types = [a.type for a in args]
        nullable = any(ty.nullable for ty in types)
        if name == "len" and len(args) == 1 and types[0].kind in {"list", "str"}:
            return t.Call(INT.as_nullable(nullable), offset, name, args)
        if name == "days_between" and len(args) == 2 and all(ty.kind == "date" for ty in types):
            return t.Call(INT.as_nullable(nullable), offset, name, args)
        if name in {"add_days", "add_years"} and len(args) == 2 and types[0].kind == "date" and types[1].kind == "int":
            # Null when the day falls outside the calendar (years 1 to 9999), whatever the arguments.
            return t.Call(DATE.as_nullable(), offset, name, args)
        if name == "abs" and len(args) == 1 and types[0].is_numeric:
            return t.Call(types[0], offset, name, args)
        if name in {"min", "max"} and len(args) >= 2:
            if all(ty.is_numeric for ty in types):
                kind = INT if all(ty.kind == "int" for ty in types) else NUMBER
                return t.Call(kind.as_nullable(nullable), offset, name, args)
            if all(ty.kind == "date" for ty in types):
                return t.Call(DATE.as_nullable(nullable), offset, name, args)
        found = ", ".join(str(ty) for ty in types) or "no arguments"
        raise self.error("wrong_arity", f"{BUILTINS[name]}; called with {found}", offset)

    def check_date_literal(self, raw: list[ast.expr], offset: int) -> t.Node:
        if len(raw) != 1 or not isinstance(raw[0], ast.Constant) or not isinstance(raw[0].value, str):
            raise self.error("wrong_arity", "date() takes one literal 'YYYY-MM-DD'", offset)
        try:
            value = dt.date.fromisoformat(raw[0].value)
        except ValueError:
            raise self.error("invalid_date", f"'{raw[0].value}' is not a date (YYYY-MM-DD)", offset) from None
        return t.Const(DATE, offset, value)


def _assignable(found: Type, want: Type) -> bool:
    if found.kind == "null":
        return want.nullable
    if want.kind == "bool":
        return found.kind == "bool"
    return found.comparable_with(want)


def _a(ty: Type) -> str:
    text = str(ty)
    return f"an {text}" if text[0] in "aeiou" else f"a {text}"


def _dotted(node: ast.expr) -> list[str]:
    names: list[str] = []
    current: ast.expr = node
    while isinstance(current, ast.Attribute):
        names.append(current.attr)
        current = current.value
    if isinstance(current, ast.Name):
        names.append(current.id)
        return list(reversed(names))
    return []


def _depth(root: ast.AST) -> int:
    deepest = 0
    stack: list[tuple[ast.AST, int]] = [(root, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in ast.iter_child_nodes(node))
    return deepest


def check_expression(
    text: str, scope: Scope, locate: Locate, *, expected: Type | None, context: str
) -> tuple[t.Node | None, list[Diagnostic]]:
    """Parse and check one expression of the language; the node, or None and the diagnostics."""
    checker = _Checker(text, scope, locate, context)
    node = checker.run(expected)
    return node, checker.diagnostics


def check_condition(
    text: str, scope: Scope, locate: Locate, *, context: str
) -> tuple[t.Node | None, list[Diagnostic]]:
    """Parse and check a condition (an expression that must be true or false)."""
    return check_expression(text, scope, locate, expected=BOOL, context=context)


def used_names(nodes: Iterable[t.Node]) -> tuple[set[str], set[str]]:
    """The settings and derived facts that ``nodes`` read."""
    settings: set[str] = set()
    derived: set[str] = set()
    for root in nodes:
        for node in t.walk(root):
            if isinstance(node, t.Setting):
                settings.add(node.name)
            elif isinstance(node, t.Derived):
                derived.add(node.name)
    return settings, derived
