"""The translation of a checked condition tree into durable's JSON condition language.

The tree is put in negation normal form with native tests where durable compares exactly and atoms
(booleans computed in Python) elsewhere; see the table in :mod:`commitrules.engine.rete`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from commitrules.engine.rete.ir import (
    _DURABLE_OP,
    _EQUALITY_ONLY,
    _FLIP,
    _IR,
    _MIRROR,
    _Atom,
    _Conn,
    _connect,
    _constant,
    _encode_constant,
    _field,
    _Key,
    _Test,
)
from commitrules.engine.rete.limits import _shrink
from commitrules.engine.rete.periods import split_by_period
from commitrules.policy import tree as t
from commitrules.policy.types import DATE

if TYPE_CHECKING:
    from commitrules.policy.pack import CompiledRule

__all__ = ["translate_rule"]


def _nnf(node: t.Node, positive: bool) -> _IR:  # noqa: C901, FBT001, PLR0911 - one arm per node type
    """``node`` (negated unless ``positive``) in negation normal form, native where exact."""
    match node:
        case t.Not(operand=operand):
            return _nnf(operand, not positive)
        case t.BoolOp(op=op, operands=operands):
            conj = (op == "and") == positive
            return _connect("$and" if conj else "$or", [_nnf(o, positive) for o in operands], node, positive)
        case t.Const(value=bool() as value) | t.Setting(value=bool() as value, dated=()):
            return value == positive
        case t.Derived(name=name):
            return _Test("==", _Key(f"derived.{name}", None, "bool"), positive, node, positive)
        case t.Attr():
            key = _field(node)
            if key is not None and key.kind == "bool":
                return _Test("==", key, positive, node, positive)
        case t.Compare():
            found = _compare(node, positive)
            if found is not None:
                return found
        case t.Member():
            found = _member(node, positive)
            if found is not None:
                return found
    return _Atom(node, positive)


def _compare(node: t.Compare, positive: bool) -> _IR | None:  # noqa: FBT001
    op: str = node.op
    left, right = node.left, node.right
    if _field(left) is None and _field(right) is not None:
        op, left, right = _MIRROR[op], right, left
    key = _field(left)
    if key is None:
        return None
    op = op if positive else _FLIP[op]
    other = _field(right)
    if other is not None:
        if key.kind == other.kind == "date" and key.key != other.key:
            return _Test(op, key, {"$m": other.key}, node, positive, other)
        return None
    is_constant, value = _constant(right)
    encoded = _encode_constant(value, key.kind) if is_constant else None
    if encoded is None or (key.kind in _EQUALITY_ONLY and op not in {"==", "!="}):
        return None
    return _Test(op, key, encoded, node, positive)


def _member(node: t.Member, positive: bool) -> _IR | None:  # noqa: FBT001
    key = _field(node.item)
    collection = node.collection
    if key is None:
        return None
    if isinstance(collection, t.ListLit):
        values: list[Any] = []
        for item in collection.items:
            is_constant, value = _constant(item)
            if not is_constant:
                return None
            values.append(value)
    elif (
        isinstance(collection, t.Setting)
        and not collection.dated
        and isinstance(collection.value, list | tuple | set | frozenset)
    ):
        values = (
            sorted(collection.value, key=repr)
            if isinstance(collection.value, set | frozenset)
            else list(collection.value)
        )
    else:
        return None
    encoded = [_encode_constant(v, key.kind) for v in values]
    if any(e is None for e in encoded):
        return None
    unique = list(dict.fromkeys(encoded))
    if (not node.negated) == positive:
        return _connect("$or", [_Test("==", key, v, node, positive) for v in unique], node, positive)
    return _connect("$and", [_Test("!=", key, v, node, positive) for v in unique], node, positive)


@dataclass
class _Translation:
    """One rule in durable's language (without its discriminators), and what its fact must carry."""

    tests: list[dict[str, Any]] = field(default_factory=list)
    fields: dict[str, _Key] = field(default_factory=dict)
    strings: dict[str, set[str]] = field(default_factory=dict)
    atoms: dict[str, t.Node] = field(default_factory=dict)
    derived_reads: frozenset[str] = frozenset()
    stack: int = 1
    width: int = 1

    @property
    def keys(self) -> set[str]:
        """The fact keys the rule reads (besides the discriminators and ``as_of``)."""
        return set(self.fields) | set(self.atoms)

    def json(self, stratum: int, part: int) -> dict[str, Any]:
        """The durable rule for the fact of ``stratum`` and ``part``."""
        return {"all": [{"m": {"$and": [{"stratum": stratum}, {"part": part}, *self.tests]}}]}

    def emit(self, ir: _IR, rule: int) -> dict[str, Any]:
        """The durable JSON of ``ir`` (of rule number ``rule``), noting the keys it reads."""
        if isinstance(ir, bool):  # only a condition that is always false gets here
            return {"stratum": -1}
        if isinstance(ir, _Conn):
            return {ir.op: [self.emit(i, rule) for i in ir.items]}
        if isinstance(ir, _Atom):
            name = next((k for k, node in self.atoms.items() if node == ir.node), None)
            name = name or f"atom.{rule}.{len(self.atoms)}"
            self.atoms[name] = ir.node
            return {name: ir.positive}
        for key in (ir.key, ir.other):
            if key is not None and key.key != "as_of":
                self.fields[key.key] = key
        if ir.other is not None:
            return {_DURABLE_OP[ir.op] or "$eq": {ir.key.key: ir.value}}
        if ir.key.kind in {"str", "enum"}:
            self.strings.setdefault(ir.key.key, set()).add(ir.value)
        op = _DURABLE_OP[ir.op]
        return {op: {ir.key.key: ir.value}} if op else {ir.key.key: ir.value}


def _translate(rule: CompiledRule) -> _Translation:
    as_of = _Key("as_of", None, "date")
    head: list[_IR] = []
    if rule.effective_from is not None:
        head.append(_Test(">=", as_of, rule.effective_from.toordinal(), t.AsOf(DATE, 0), positive=True))
    if rule.effective_until is not None:
        head.append(_Test("<=", as_of, rule.effective_until.toordinal(), t.AsOf(DATE, 0), positive=True))
    # a setting that changes with time: one alternative per period, each with its values inlined
    body = _nnf(split_by_period(rule.condition), positive=True) if rule.condition is not None else True
    items, stack, width = _shrink([*head, *(body.items if isinstance(body, _Conn) and body.op == "$and" else [body])])
    out = _Translation(stack=stack, width=width)
    out.tests = [out.emit(i, rule.index) for i in items if i is not True]
    if rule.condition is not None:
        out.derived_reads = frozenset(n.name for n in t.walk(rule.condition) if isinstance(n, t.Derived))
    return out


def translate_rule(rule: CompiledRule) -> dict[str, Any]:
    """The durable rule (JSON-ready, without its action) that matches ``rule`` in its stratum.

    Case fields are keys ``case.<dotted path>``, derived facts ``derived.<name>``, and the subtrees
    computed in Python ``atom.<rule index>.<n>``; the fact of the stratum carries their values. When a
    stratum is split into several facts (see the module docstring), ``part`` is the part's number.
    """
    return _translate(rule).json(rule.stratum, 0)
