"""durable's fixed C limits, and what one rule needs of them.

durable's core has fixed limits (expressions per rule, alpha stack, children per node, properties per
fact, rules per ruleset). A rule's condition is shrunk to fit (subtrees become atoms computed in
Python), and what each rule needs is measured so that :mod:`.plan` can split strata into parts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from commitrules.engine.rete.ir import _IR, _Atom, _Conn, _Test

#: durable allows 32 entries in a rule's expression sequence: 2 per $and/$or, 1 per $m comparison.
_MAX_SEQUENCE = 31
#: durable allows 255 properties per fact, sid and id included; keep a margin.
_MAX_KEYS = 200
#: durable's alpha stack holds 64 nodes (see :func:`_needs`); keep a margin.
_MAX_STACK = 60
#: An alpha node has 511 slots for its test children (NEXT_BUCKET_LENGTH 512); keep a margin.
_MAX_CHILDREN = 500
#: A ruleset holds 4,096 rules (MAX_ACTIONS), catch-alls included; keep a margin.
_MAX_ACTIONS = 4000
#: Groups per ruleset: the root node has a child per stratum, a stratum node one per part.
_MAX_GROUPS = _MAX_CHILDREN


def _cost(ir: _IR) -> int:
    if isinstance(ir, _Conn):
        return 2 + sum(_cost(i) for i in ir.items)
    return 1 if isinstance(ir, _Test) and ir.other is not None else 0


def _shrink(items: list[_IR]) -> tuple[list[_IR], int, int]:
    """Items of the top ``$and`` made to fit durable's limits, and the rule's :func:`_needs`.

    Subtrees become atoms until they fit. First the expression limit (the costliest subtrees go), then
    sibling tests that durable would merge (the innermost ``$or`` holding them goes: :func:`_needs`
    relies on there being none), then the alpha stack (the ``$or`` that needs the most goes), then the
    children of one node (the ``$or`` with the most alternatives goes).
    """
    while True:
        if 2 + sum(_cost(i) for i in items) > _MAX_SEQUENCE:
            candidates = [(c, n) for i in items for c, n in _costly(i)]
            target = max(candidates, key=lambda pair: pair[0])[1]
        elif (merged := _merged(items)) is not None:
            target = merged
        elif (needs := _needs(items))[0] > _MAX_STACK:
            target = max((o for i in items for o in _disjunctions(i)), key=lambda o: _needs([o])[0])
        elif needs[1] > _MAX_CHILDREN:
            target = max((o for i in items for o in _disjunctions(i)), key=lambda o: len(_firsts(o)))
        else:
            return items, *needs
        items = [_replace(i, target) for i in items]


def _costly(ir: _IR) -> Iterator[tuple[int, _IR]]:
    if _cost(ir):
        yield _cost(ir), ir
    if isinstance(ir, _Conn):
        for item in ir.items:
            yield from _costly(item)


def _replace(ir: _IR, target: _IR) -> _IR:
    if ir is target:
        assert isinstance(ir, _Conn | _Test)  # noqa: S101 - only costly nodes are targets
        return _Atom(ir.source, ir.positive)
    if isinstance(ir, _Conn):
        return _Conn(ir.op, tuple(_replace(i, target) for i in ir.items), ir.source, ir.positive)
    return ir


# -- what a rule needs of durable's alpha network -----------------------------------------------------
# durable matches a fact by walking the alpha network depth first from its root, on a stack of 64 nodes
# (events.c, handleAlpha; MAX_STACK_SIZE): expanding a node pushes every child whose test holds (every
# ``$or``'s join node and every ``$m`` test unconditionally), and the 65th push fails the assertion with
# error 303 (ERR_MAX_STACK_SIZE). A child is a node shared by all the rules that reach it with the same
# test, so the stack of one fact is bounded by the sum, over the rules of its stratum and part, of
# what each rule needs on its own: the largest ``1 + sum(children that can hold at once - 1)`` along a
# path of the rule's own nodes (each pending node is an unexpanded child of a node on the current path,
# and the nodes of a rule on that path form a path of the rule's own nodes). Sibling equality tests of
# one key hold one at a time (durable merges equal tests into one node, and values of a key have one
# JSON type), which keeps ``x in [...]`` at 1. The bound holds only if no two siblings of a rule are
# the same test (durable would merge them and their children): :func:`_shrink` sees to that.
@dataclass(eq=False)
class _Node:
    """A node of one rule's alpha path: a test, or (``leaf`` None) the join of an ``$or``.

    ``leaf`` is the test's key, its value and whether only one such test of the key holds at once.
    """

    leaf: tuple[Any, Any, bool] | None
    children: list[_Node] = field(default_factory=list)


def _leaf(ir: _IR) -> tuple[Any, Any, bool]:
    """A test as durable identifies it: key, value (with the operator), exclusive equality or not."""
    if isinstance(ir, bool):  # only a condition that is always false is emitted: {"stratum": -1}
        return "stratum", ("==", "-1"), True
    if isinstance(ir, _Atom):  # atoms are named by node, so equal nodes are the same key
        return ("atom", ir.node), ("==", ir.positive), True
    assert isinstance(ir, _Test)  # noqa: S101 - connectives are not leaves
    if ir.other is not None:
        return ir.key.key, (ir.op, "$m", ir.other.key), False
    return ir.key.key, (ir.op, type(ir.value), ir.value), ir.op == "=="


def _chain(ir: _IR, parent: _Node) -> _Node:
    """Hang ``ir`` below ``parent`` as durable links it; the node the next test hangs below."""
    if isinstance(ir, _Conn) and ir.op == "$and":
        for item in ir.items:
            parent = _chain(item, parent)
        return parent
    if isinstance(ir, _Conn):
        join = _Node(None)
        for item in ir.items:
            _chain(item, parent).children.append(join)
        return join
    node = _Node(_leaf(ir))
    parent.children.append(node)
    return node


def _graph(items: list[_IR]) -> _Node:
    """The alpha nodes of one rule below its ``part`` node (which is returned)."""
    top = node = _Node(None)
    for item in items:
        if item is not True:
            node = _chain(item, node)
    return top


def _needs(items: list[_IR]) -> tuple[int, int]:
    """What one rule needs of durable: alpha stack entries, and children of one node.

    The first is the most entries of the alpha stack the rule can hold at once, the second the most
    test children one of its nodes has (durable's nodes have room for 511).
    """
    if not any(map(_has_or, items)):
        return 1, 1  # a chain: one node pending at a time, one child each
    held: dict[int, int] = {}
    width = 0

    def grow(node: _Node) -> int:  # the largest sum of (children that can hold at once - 1) down a path
        nonlocal width
        if id(node) not in held:
            tests = [c.leaf for c in node.children if c.leaf is not None]
            width = max(width, len(tests))
            joins = len(node.children) - len(tests)
            at_once = joins + sum(not t[2] for t in tests) + _distinct([t[0] for t in tests if t[2]])
            held[id(node)] = at_once - 1 + max([0, *(grow(c) for c in node.children)])
        return held[id(node)]

    return 1 + grow(_graph(items)), width


def _has_or(ir: _IR) -> bool:
    return isinstance(ir, _Conn) and (ir.op == "$or" or any(map(_has_or, ir.items)))


def _merged(items: list[_IR]) -> _IR | None:
    """The innermost ``$or`` whose alternatives start with the same test (durable would merge them)."""
    found = [o for i in items for o in _disjunctions(i) if _repeats(_firsts(o))]
    return min(found, key=_size) if found else None


def _firsts(ir: _IR) -> list[tuple[Any, Any]]:
    """The tests that ``ir`` hangs directly below the node before it."""
    if isinstance(ir, _Conn):
        return _firsts(ir.items[0]) if ir.op == "$and" else [f for i in ir.items for f in _firsts(i)]
    return [_leaf(ir)[:2]]


def _repeats(values: list[Any]) -> bool:
    return _distinct(values) < len(values)


def _distinct(values: list[Any]) -> int:
    try:
        return len(set(values))
    except TypeError:  # an atom's node that holds a list is not hashable
        return sum(all(v != w for w in values[:i]) for i, v in enumerate(values))


def _size(ir: _IR) -> int:
    return 1 + sum(map(_size, ir.items)) if isinstance(ir, _Conn) else 1


def _disjunctions(ir: _IR) -> Iterator[_IR]:
    if isinstance(ir, _Conn):
        if ir.op == "$or":
            yield ir
        for item in ir.items:
            yield from _disjunctions(item)
