"""Python source from the checked tree (never from policy text).

The generated expression reads the typed case as ``c``, the derived facts as the set ``d`` (or as
local booleans, where the context binds them), the evaluation date as ``a`` and constants as the
names ``_k<n>``, which the engine binds to the values of the context's constant table. Null is handled
by small runtime helpers only where the checker says a value may be null, so that the common path is
plain Python.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from commitrules.policy import tree as t

__all__ = ["RUNTIME", "CodeContext", "generate"]


def _ordered(op: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def compare(left: Any, right: Any) -> bool:
        return left is not None and right is not None and op(left, right)

    return compare


def _arith(op: str) -> Callable[[Any, Any], Any]:
    def apply(left: Any, right: Any) -> Any:  # noqa: PLR0911 - one exit per kind of operand
        if left is None or right is None:
            return None
        if isinstance(left, dt.date):
            if isinstance(right, dt.date):
                return (left - right).days
            return _add_days(left, right if op == "+" else -right)
        if op in {"/", "//", "%"} and right == 0:
            return None
        left, right = _num(left, right)
        try:
            result = {
                "+": operator.add,
                "-": operator.sub,
                "*": operator.mul,
                "/": operator.truediv,
                "//": operator.floordiv,
                "%": operator.mod,
            }[op](left, right)
        except ArithmeticError:  # Decimal's DivisionImpossible, InvalidOperation, overflow: no number
            return None
        if isinstance(result, float | Decimal) and not math.isfinite(result):
            return None
        return result

    return apply


def _num(left: Any, right: Any) -> tuple[Any, Any]:
    """Decimal and float do not mix in Python; the language has one number type."""
    if isinstance(left, Decimal) and isinstance(right, float):
        return left, Decimal(str(right))
    if isinstance(right, Decimal) and isinstance(left, float):
        return Decimal(str(left)), right
    return left, right


def _days(start: dt.date | None, end: dt.date | None) -> int | None:
    return None if start is None or end is None else (end - start).days


def _add_days(day: dt.date | None, n: int | None) -> dt.date | None:
    """``day`` plus ``n`` days; null when either is null or the result is outside the calendar."""
    if day is None or n is None:
        return None
    try:
        return day + dt.timedelta(days=n)
    except OverflowError:
        return None


def _add_years(day: dt.date | None, n: int | None) -> dt.date | None:
    """The same calendar day ``n`` years later; 29 February becomes 28 February in a common year."""
    if day is None or n is None:
        return None
    if not dt.MINYEAR <= day.year + n <= dt.MAXYEAR:
        return None
    try:
        return day.replace(year=day.year + n)
    except ValueError:
        return day.replace(year=day.year + n, day=28)


def _len(value: Any) -> int | None:
    return None if value is None else len(value)


def _extreme(pick: Callable[..., Any]) -> Callable[..., Any]:
    def choose(*values: Any) -> Any:
        return None if any(v is None for v in values) else pick(*values)

    return choose


def _get(obj: Any, name: str) -> Any:
    """A field of a value that may be null (names were checked against the model)."""
    return None if obj is None else getattr(obj, name)


def _call(obj: Any, method: str, *args: Any) -> Any:
    """A helper of a value that may be null (names were checked against the model)."""
    return None if obj is None else getattr(obj, method)(*args)


def _in(item: Any, collection: Any) -> bool:
    return collection is not None and item in collection


#: Names the generated code may use besides ``c``, ``d``, ``a`` and the constants ``_k<n>``.
def _dated(since: tuple[dt.date, ...], values: tuple[Any, ...], as_of: dt.date) -> Any:
    """The value of a setting that changes with time in force on ``as_of`` (the first before its date)."""
    return values[max(bisect.bisect_right(since, as_of) - 1, 0)]


RUNTIME: dict[str, Any] = {
    "_lt": _ordered(operator.lt),
    "_le": _ordered(operator.le),
    "_gt": _ordered(operator.gt),
    "_ge": _ordered(operator.ge),
    "_ar": {op: _arith(op) for op in ("+", "-", "*", "/", "//", "%")},
    "_days": _days,
    "_add_days": _add_days,
    "_add_years": _add_years,
    "_len": _len,
    "_min": _extreme(min),
    "_max": _extreme(max),
    "_in": _in,
    "_get": _get,
    "_call": _call,
    "_abs": lambda v: None if v is None else abs(v),
    "_td": dt.timedelta,
    "_dated": _dated,
    "__builtins__": {
        "any": any,
        "all": all,
        "sum": sum,
        "len": len,
        "abs": abs,
        "min": min,
        "max": max,
        "bool": bool,
        "set": set,
        "tuple": tuple,
        "zip": zip,
    },
}

_ORDER_HELPERS = {"<": "_lt", "<=": "_le", ">": "_gt", ">=": "_ge"}


@dataclass
class CodeContext:
    """Constants and temporary names shared by the expressions of one generated module."""

    constants: list[object] = field(default_factory=list)
    #: Field paths bound to local names of the generated function (read once, used often).
    locals: dict[tuple[str, ...], str] = field(default_factory=dict)
    #: Derived facts held in local booleans of the generated function, instead of the set ``d``.
    derived: dict[str, str] = field(default_factory=dict)
    _const_index: dict[tuple[type, object], int] = field(default_factory=dict)
    _temps: int = 0

    def const(self, value: object) -> str:
        """The name of ``value`` in the constant table (``_k<n>``, its position in ``constants``)."""
        try:
            key: tuple[type, object] = (type(value), value)
            index = self._const_index.get(key)
        except TypeError:
            key, index = (type(value), id(value)), None
        if index is None:
            index = len(self.constants)
            self.constants.append(value)
            self._const_index[key] = index
        return f"_k{index}"

    def temp(self) -> str:
        """A fresh local name."""
        self._temps += 1
        return f"_t{self._temps}"


def _literal(value: object, ctx: CodeContext) -> str:
    if value is None or isinstance(value, bool | int | str):
        return repr(value)
    return ctx.const(value)


def _frozen(items: Iterable[object]) -> frozenset[object] | tuple[object, ...]:
    values = tuple(items)
    try:
        return frozenset(values)
    except TypeError:
        return values


def generate(node: t.Node, ctx: CodeContext, names: dict[str, str] | None = None) -> str:  # noqa: C901, PLR0911, PLR0912
    """The Python expression that computes ``node``."""
    names = names or {}
    match node:
        case t.Root():
            return "c"
        case t.Var(name=name):
            return names[name]
        case t.Attr(obj=obj, name=name):
            if ctx.locals and (path := t.root_path(node)) in ctx.locals:
                return ctx.locals[path]
            base = generate(obj, ctx, names)
            return f"_get({base}, {name!r})" if obj.type.nullable else f"{base}.{name}"
        case t.Const(value=value, type=ty) if ty.enum is not None and value is not None:
            return ctx.const(ty.enum(str(value)))
        case t.Const(value=value):
            return _literal(value, ctx)
        case t.ListLit(items=items, type=ty):
            enum = ty.elem.enum if ty.elem is not None else None
            values = (i.value for i in items if isinstance(i, t.Const))
            return ctx.const(_frozen(enum(str(v)) if enum else v for v in values))
        case t.Setting(dated=dated) if dated:
            since = tuple(day for day, _ in dated)
            by_day = tuple(_frozen(v) if isinstance(v, list | tuple | set | frozenset) else v for _, v in dated)
            return f"_dated({ctx.const(since)}, {ctx.const(by_day)}, a)"
        case t.Setting(value=value):
            if isinstance(value, list | tuple | set | frozenset):
                return ctx.const(_frozen(value))
            return _literal(value, ctx)
        case t.Derived(name=name):
            return ctx.derived.get(name, f"({name!r} in d)")
        case t.AsOf():
            return "a"
        case t.Compare(op=op, left=left, right=right):
            lhs, rhs = generate(left, ctx, names), generate(right, ctx, names)
            if op in {"==", "!="} and _is_null(right) != _is_null(left):
                # Only null equals null: an identity test says the same, without rich comparison.
                operand = lhs if _is_null(right) else rhs
                return f"({operand} {'is' if op == '==' else 'is not'} None)"
            if op in {"==", "!="} or not (left.type.nullable or right.type.nullable):
                return f"({lhs} {op} {rhs})"
            return f"{_ORDER_HELPERS[op]}({lhs}, {rhs})"
        case t.Member(item=item, collection=collection, negated=negated):
            lhs, rhs = generate(item, ctx, names), generate(collection, ctx, names)
            test = f"_in({lhs}, {rhs})" if collection.type.nullable else f"({lhs} in {rhs})"
            return f"(not {test})" if negated else test
        case t.BoolOp(op=op, operands=operands):
            return (
                "("
                + f" {op} ".join(
                    f"bool({generate(o, ctx, names)})" if o.type.nullable else generate(o, ctx, names) for o in operands
                )
                + ")"
            )
        case t.Not(operand=operand):
            return f"(not {generate(operand, ctx, names)})"
        case t.Neg(operand=operand):
            inner = generate(operand, ctx, names)
            return f"_ar['-'](0, {inner})" if operand.type.nullable else f"(-{inner})"
        case t.Arith(op=op, left=left, right=right):
            return _gen_arith(op, left, right, ctx, names)
        case t.Quantifier(quantifier=q, collection=collection, var=var, body=body):
            loop = ctx.temp()
            source = generate(collection, ctx, names)
            if collection.type.nullable:
                source = f"({source} or ())"
            inner = generate(body, ctx, {**names, var: loop})
            if q == "count":
                return f"sum(1 for {loop} in {source} if {inner})"
            return f"{q}({inner} for {loop} in {source})"
        case t.Call(func=func, args=args):
            return _gen_call(func, args, ctx, names)
        case t.MethodCall(obj=obj, method=method, args=args):
            base = generate(obj, ctx, names)
            arglist = ", ".join(generate(a, ctx, names) for a in args)
            if not obj.type.nullable:
                return f"{base}.{method}({arglist})"
            return f"_call({base}, {method!r}{', ' if arglist else ''}{arglist})"
    msg = f"no code for {type(node).__name__}"
    raise TypeError(msg)


def _is_null(node: t.Node) -> bool:
    return isinstance(node, t.Const) and node.value is None


def _gen_arith(op: str, left: t.Node, right: t.Node, ctx: CodeContext, names: dict[str, str]) -> str:
    lhs, rhs = generate(left, ctx, names), generate(right, ctx, names)
    plain = not (left.type.nullable or right.type.nullable) and op in {"+", "-", "*"}
    if left.type.kind == "date" or "number" in {left.type.kind, right.type.kind} or not plain:
        if plain and left.type.kind == "date" and right.type.kind == "date":
            return f"({lhs} - {rhs}).days"
        return f"_ar[{op!r}]({lhs}, {rhs})"
    return f"({lhs} {op} {rhs})"


def _gen_call(func: str, args: tuple[t.Node, ...], ctx: CodeContext, names: dict[str, str]) -> str:
    parts = [generate(a, ctx, names) for a in args]
    nullable = any(a.type.nullable for a in args)
    if func == "len":
        return f"_len({parts[0]})" if nullable else f"len({parts[0]})"
    if func == "days_between":
        return f"_days({parts[0]}, {parts[1]})" if nullable else f"({parts[1]} - {parts[0]}).days"
    if func == "add_days":
        return f"_add_days({parts[0]}, {parts[1]})"
    if func == "add_years":
        return f"_add_years({parts[0]}, {parts[1]})"
    if func in {"min", "max"}:
        return f"_{func}({', '.join(parts)})"
    if func == "abs":
        return f"_abs({parts[0]})" if nullable else f"abs({parts[0]})"
    msg = f"no code for function {func}"
    raise TypeError(msg)
