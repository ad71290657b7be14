"""How the checker rebuilds calls: methods of the case model, quantifiers over lists, built-in functions."""

from __future__ import annotations

import ast
import datetime as dt
from typing import TYPE_CHECKING

from commitrules.errors import suggest
from commitrules.messages import Text
from commitrules.policy import tree as t
from commitrules.policy.expr.language import (
    BUILTINS,
    LITERAL_NAMES,
    QUANTIFIERS,
    Fail,
    Scope,
    a_type,
    assignable,
    builtin_help,
)
from commitrules.policy.types import (
    BOOL,
    DATE,
    INT,
    NULL,
    NUMBER,
    Type,
    helper_names,
)


class CallChecks:
    """The checks of calls, mixed into the checker (which defines the methods declared below)."""

    scope: Scope

    if TYPE_CHECKING:

        def check(self, node: ast.expr, env: dict[str, Type]) -> t.Node: ...
        def check_bool(self, node: ast.expr, env: dict[str, Type], where: str) -> t.Node: ...
        def coerce_literal(self, node: t.Node, target: Type) -> t.Node: ...
        def forbid_private(self, name: str, offset: int) -> None: ...
        def offset_of(self, node: ast.AST) -> int: ...
        def error(self, code: str, message: Text, offset: int, suggestion: str | None = None) -> Fail: ...

    def check_call(self, node: ast.Call, env: dict[str, Type], offset: int) -> t.Node:
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise self.error("forbidden_syntax", Text("call.positional"), offset)
        if isinstance(node.func, ast.Name) and (
            node.func.id in BUILTINS
            or node.func.id in QUANTIFIERS
            or node.func.id not in helper_names(self.scope.model)
        ):
            return self.check_builtin(node.func.id, node.args, env, offset)
        if isinstance(node.func, ast.Name):  # a helper declared on the case model itself
            root = t.Root(Type("model", model=self.scope.model), offset)
            return self.check_method(root, node.func.id, node.args, env, offset)
        if not isinstance(node.func, ast.Attribute):
            raise self.error("forbidden_syntax", Text("call.only_functions"), offset)
        method = node.func.attr
        obj = self.check(node.func.value, env)
        if method.startswith("_"):
            raise self.error("forbidden_syntax", Text("cond.name_not_in_language", name=method), offset)
        if obj.type.kind == "list" and method in QUANTIFIERS:
            return self.check_quantifier(method, obj, node.args, env, offset)
        return self.check_method(obj, method, node.args, env, offset)

    def check_method(
        self, obj: t.Node, method: str, raw_args: list[ast.expr], env: dict[str, Type], offset: int
    ) -> t.Node:
        model = obj.type.model
        if obj.type.kind != "model" or model is None:
            hint = Text("call.list_methods") if obj.type.kind == "list" else ""
            raise self.error(
                "unknown_function",
                Text("call.no_method", type=a_type(obj.type), method=method, hint=hint),
                offset,
                suggest(method, QUANTIFIERS) if obj.type.kind == "list" else None,
            )
        signature = self.scope.helper_signature(model, method)
        if signature is None:
            raise self.error(
                "unknown_function",
                Text("call.no_helper", model=model.__name__, method=method),
                offset,
                suggest(method, helper_names(model)),
            )
        args = [self.check(a, env) for a in raw_args]
        if len(args) < len(signature.params) or (signature.vararg is None and len(args) > len(signature.params)):
            raise self.error(
                "wrong_arity",
                Text(
                    "call.arity",
                    call=f"{model.__name__}.{signature.describe()}",
                    count=f"{len(signature.params)}{'+' if signature.vararg else ''}",
                    got=len(args),
                ),
                offset,
            )
        if signature.vararg is not None and len(args) == len(signature.params) == 0:
            raise self.error(
                "wrong_arity", Text("call.at_least_one", call=f"{model.__name__}.{signature.describe()}"), offset
            )
        checked = []
        for index, arg in enumerate(args):
            want = signature.params[index] if index < len(signature.params) else signature.vararg
            assert want is not None  # noqa: S101 - arity was checked above
            arg = self.coerce_literal(arg, want)  # noqa: PLW2901 - the coerced argument replaces it
            if not assignable(arg.type, want):
                raise self.error(
                    "type_mismatch",
                    Text("call.argument", n=index + 1, method=method, want=a_type(want), found=a_type(arg.type)),
                    arg.offset,
                )
            checked.append(arg)
        result = signature.returns.as_nullable(signature.returns.nullable or obj.type.nullable)
        return t.MethodCall(result, offset, obj, method, tuple(checked))

    def check_quantifier(self, q: str, obj: t.Node, args: list[ast.expr], env: dict[str, Type], offset: int) -> t.Node:
        if len(args) != 2 or not isinstance(args[0], ast.Name):
            raise self.error(
                "wrong_arity",
                Text("call.quantifier", q=q, example=f"{t.render(obj)}.{q}(x, x.field == 'value')"),
                offset,
            )
        var = args[0].id
        if (
            var in env
            or var in self.scope.derived
            or self.scope.field_type(self.scope.model, var)
            or var in LITERAL_NAMES
        ):
            raise self.error(
                "shadowed_name",
                Text("call.shadowed", var=var),
                self.offset_of(args[0]),
            )
        self.forbid_private(var, self.offset_of(args[0]))
        elem = obj.type.elem or NULL
        body = self.check_bool(args[1], {**env, var: elem}, f".{q}()")
        return t.Quantifier(INT if q == "count" else BOOL, offset, q, obj, var, body)  # type: ignore[arg-type]

    def check_builtin(  # noqa: C901, PLR0911 - one arm per built-in function
        self, name: str, raw: list[ast.expr], env: dict[str, Type], offset: int
    ) -> t.Node:
        if name in QUANTIFIERS:
            raise self.error("unknown_function", Text("call.as_method", name=name), offset)
        if name not in BUILTINS:
            self.forbid_private(name, offset)
            raise self.error("unknown_function", Text("call.unknown", name=name), offset, suggest(name, BUILTINS))
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
        found = ", ".join(str(ty) for ty in types) or Text("call.no_arguments")
        raise self.error("wrong_arity", Text("call.builtin", help=builtin_help(name), found=found), offset)

    def check_date_literal(self, raw: list[ast.expr], offset: int) -> t.Node:
        if len(raw) != 1 or not isinstance(raw[0], ast.Constant) or not isinstance(raw[0].value, str):
            raise self.error("wrong_arity", Text("call.date"), offset)
        try:
            value = dt.date.fromisoformat(raw[0].value)
        except ValueError:
            raise self.error("invalid_date", Text("call.not_a_date", value=raw[0].value), offset) from None
        return t.Const(DATE, offset, value)
