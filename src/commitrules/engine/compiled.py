"""The default engine: one generated Python function per case kind.

The function evaluates the rules of a kind in their stratified order, with overrides and derived
facts as local variables, and returns which rules fired. It is generated from the checked trees
(never from policy text), compiled once per kind when an
:class:`~commitrules.engine.evaluator.Evaluator` is built, and shared by all threads: it holds no
state between calls.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from commitrules.engine.build import FactsFunction, RouteFunction
from commitrules.engine.codegen import RUNTIME, CodeContext, generate
from commitrules.engine.facts import fact_value
from commitrules.policy import tree as t
from commitrules.policy.pack import FactRef, KindPolicy
from commitrules.policy.tree import Node

__all__ = ["CompiledKind", "build_kind", "compile_expression", "generate_kind_source"]

KindFunction = Callable[[Any, dt.date], tuple[int, ...]]


@dataclass(frozen=True)
class CompiledKind:
    """The generated functions of one kind."""

    evaluate: KindFunction
    facts: tuple[FactsFunction, ...]
    routes: tuple[RouteFunction | None, ...]
    source: str


def _plain_path(node: Node) -> tuple[str, ...] | None:
    """The field path of ``node`` when it is read with plain attribute access (no step may be null)."""
    path = t.root_path(node)
    current = node
    while path is not None and isinstance(current, t.Attr):
        if current.obj.type.nullable:
            return None
        current = current.obj
    return path


def _hoist(policy: KindPolicy, ctx: CodeContext) -> list[str]:
    """Bind field paths the conditions read more than once to local names, as hand-written code would.

    Reading a field of a validated case cannot fail and has no effect, so reading each once at the
    start instead of wherever a condition reaches it changes nothing but the time taken.
    """
    counts: dict[tuple[str, ...], int] = {}
    for rule in policy.rules:
        if rule.condition is not None:
            _count_paths(rule.condition, counts)
    lines = []
    for path in sorted((p for p, n in counts.items() if n > 1), key=len):
        base = ctx.locals.get(path[:-1], "c") if len(path) > 1 else "c"
        name = f"_p{len(ctx.locals)}"
        lines.append(f"    {name} = {base}.{path[-1]}")
        ctx.locals[path] = name
    return lines


def _count_paths(root: Node, counts: dict[tuple[str, ...], int]) -> None:
    """Count, for each field ``node`` of ``root`` (parents first) read plainly, its path and the path's prefixes.

    The same counts, in the same order, as :func:`_plain_path` of every node of ``t.walk(root)``; a chain
    of fields is taken at once (its nodes come one after another in the walk).
    """
    stack = [root]
    while stack:
        node = stack.pop()
        if not isinstance(node, t.Attr):
            kids = t._children(node)  # noqa: SLF001 - the tree module's own walker
            if kids:
                stack.extend(reversed(kids))
            continue
        chain: list[t.Attr] = []  # the fields of the chain, outermost first
        current: Node = node
        while isinstance(current, t.Attr):
            chain.append(current)
            current = current.obj
        stack.append(current)
        if isinstance(current, t.Root):
            _count_chain(chain[::-1], counts)


def _count_chain(chain: list[t.Attr], counts: dict[tuple[str, ...], int]) -> None:
    """Count a chain of fields from the case (innermost first: ``chain[k - 1]``'s path has k names)."""
    names = tuple(field.name for field in chain)
    plain = 0  # the fields up to here read no nullable object
    for field in chain:
        if field.obj.type.nullable:
            break
        plain += 1
    for length in range(len(chain), 0, -1):  # in the walk's order: outermost field first
        if length <= plain:
            for end in range(1, length + 1):
                counts[names[:end]] = counts.get(names[:end], 0) + 1


def generate_kind_source(policy: KindPolicy, ctx: CodeContext) -> str:
    """The Python source of the evaluator of ``policy`` (``def evaluate(c, a)``).

    Rules are evaluated in order; a rule's flag ``f<i>`` is kept only where an exception (``overrides``)
    reads it, and fired rules are appended to the result as they are found.
    """
    lines = ["def evaluate(c, a):", "    fired = []", "    add = fired.append"]
    # Derived facts are local booleans: a rule that derives one runs before every rule that reads it.
    for name in dict.fromkeys(name for rule in policy.rules for name in rule.effect.derive):
        ctx.derived[name] = f"_d{len(ctx.derived)}"
        lines.append(f"    {ctx.derived[name]} = False")
    lines += _hoist(policy, ctx)
    index = {rule.id: rule.index for rule in policy.rules}
    read = {index[other] for rule in policy.rules for other in rule.overridden_by}
    for rule in policy.rules:
        tests: list[str] = []
        if rule.effective_from is not None:
            tests.append(f"{ctx.const(rule.effective_from)} <= a")
        if rule.effective_until is not None:
            tests.append(f"a <= {ctx.const(rule.effective_until)}")
        tests.extend(f"not f{index[other]}" for other in rule.overridden_by)
        if rule.condition is not None:
            tests.append(generate(rule.condition, ctx))
        lines.append(f"    # {rule.id!r} {str(rule.provenance)!r}")
        lines.append(f"    if {' and '.join(tests) or 'True'}:")
        if rule.index in read:
            lines.append(f"        f{rule.index} = True")
        lines.append(f"        add({rule.index})")
        lines.extend(f"        {ctx.derived[name]} = True" for name in rule.effect.derive)
        if rule.index in read:
            lines.append("    else:")
            lines.append(f"        f{rule.index} = False")
    lines.append("    return tuple(fired)")
    return "\n".join(lines) + "\n"


def _function(source: str, name: str, ctx: CodeContext) -> Callable[..., Any]:
    """The function ``evaluate`` of ``source``, with the constants of ``ctx`` bound to ``_k<n>``.

    The constants are variables of an enclosing function, so that the generated code reads each
    with one instruction (a closure cell) instead of indexing a global table.
    """
    namespace: dict[str, Any] = dict(RUNTIME)
    namespace["_j"] = fact_value
    namespace["_copy"] = copy.deepcopy
    namespace["_list"] = list
    count = len(ctx.constants)
    bind = f"    {', '.join(f'_k{i}' for i in range(count))}, = constants\n" if count else ""
    body = "".join(f"    {line}\n" if line else "\n" for line in source.splitlines())
    factory = f"def _bind(constants):\n{bind}{body}    return evaluate\n"
    exec(compile(factory, f"<commitrules:{name}>", "exec"), namespace)  # noqa: S102 - source generated from the checked tree
    return namespace["_bind"](tuple(ctx.constants))  # type: ignore[no-any-return]


def compile_expression(node: Node) -> Callable[[Any, frozenset[str], dt.date], Any]:
    """A function ``(case, derived, as_of) -> value`` computing one checked expression."""
    ctx = CodeContext()
    body = generate(node, ctx)
    return _function(f"def evaluate(c, d, a):\n    return {body}\n", "expression", ctx)


def _fact(ref: FactRef, ctx: CodeContext) -> str:
    """The expression of one fact's JSON value (a setting's is computed here, once)."""
    node = ref.node
    if isinstance(node, t.Derived):
        return generate(node, ctx)  # `'name' in d`: a bool
    if isinstance(node, t.Setting) and not node.dated:
        value = node.value
        if isinstance(value, list | tuple | set | frozenset):
            try:  # as the condition code sees a list setting (codegen._frozen)
                value = frozenset(value)
            except TypeError:
                value = tuple(value)
        value = fact_value(value)
        if value is None or isinstance(value, bool | int | float | str):
            return repr(value) if isinstance(value, bool | int) or value is None else ctx.const(value)
        # A container is copied for every decision, so that no two decisions share a mutable value.
        flat = isinstance(value, list) and all(v is None or isinstance(v, bool | int | float | str) for v in value)
        return f"{'_list' if flat else '_copy'}({ctx.const(value)})"
    return f"_j({generate(node, ctx)})"


def _facts_function(reads: tuple[FactRef, ...], made: dict[Any, FactsFunction] | None = None) -> FactsFunction:
    """``(c, d, a) -> {label: JSON value}`` for the facts a rule read, in the order it read them.

    ``made`` holds the functions already made for other rules of the kind, by source and constants:
    rules that read the same facts share one function (it keeps no state), compiled once.
    """
    ctx = CodeContext()
    items = ", ".join(f"{ctx.const(ref.label)}: {_fact(ref, ctx)}" for ref in reads)
    source = f"def evaluate(c, d, a):\n    return {{{items}}}\n"
    if made is None:
        return _function(source, "facts", ctx)
    # The constants by type and repr, which tell the values of the generated code apart (1 from 1.0 and
    # True, also inside a set); two equal values that print differently only miss.
    key = (source, tuple((type(value), repr(value)) for value in ctx.constants))
    function = made.get(key)
    if function is None:
        function = made[key] = _function(source, "facts", ctx)
    return function


def build_kind(policy: KindPolicy) -> CompiledKind:
    """Generate and compile the functions of ``policy``'s kind (the evaluator does it once per kind)."""
    ctx = CodeContext()
    source = generate_kind_source(policy, ctx)
    sorted_rules = policy.rules  # index == position: the compiler numbers rules in evaluation order
    made: dict[Any, FactsFunction] = {}
    facts = tuple(_facts_function(r.reads, made) for r in sorted_rules)
    routes = tuple(
        compile_expression(r.effect.route_from) if r.effect.route_from is not None else None for r in sorted_rules
    )
    return CompiledKind(_function(source, policy.kind, ctx), facts, routes, source)
