"""The second engine: the checked conditions matched by durable_rules' Rete network.

Each kind of a pack becomes one durable ruleset (registered once per pack digest and kind; several
for a kind past durable's limits per ruleset, see below). A case is judged by asserting one fact per
stratum (or part of a stratum); the fact carries the case fields the native conditions read,
the precomputed atoms, the derived facts so far and the ``stratum``/``part`` discriminators that every
durable rule tests. Durable reports which rules matched; override suppression and derived facts are
applied in Python between strata, in rule order, exactly as the generated code of the compiled engine
does. The two engines must return the same fired rules for every case (the compiled engine is the
reference).

What durable matches natively, and what is computed in Python first (an *atom*: a boolean field of the
fact, computed with :func:`commitrules.engine.compiled.compile_expression`, that the durable condition
tests with ``{"atom.<rule>.<n>": true}`` or ``false``):

=====================================================  =========  ===========================================
construct                                              where      why
=====================================================  =========  ===========================================
``and`` / ``or`` / ``not``                             native     ``$and`` / ``$or``; ``not`` is pushed down
                                                                  to the leaves (negation normal form)
``field <op> constant``: bool, int, date, str, enum    native     dotted key ``case.a.b``; dates as ordinals;
field path that cannot be null                                    str/enum only with ``==``/``!=``
``date_field <op> as_of`` (both never null)            native     ``{"$lt": {"case.d": {"$m": "as_of"}}}``
``as_of <op> date constant``                           native     ``as_of`` is a field of every fact
``field in [constants]`` / ``not in``                  native     ``$or`` of equalities / ``$and`` of ``$neq``
bool field, derived fact                               native     ``{"case.flag": true}``,
                                                                  ``{"derived.name": true}``
effective dates of the rule                            native     ``$gte``/``$lte`` on ``as_of``
``settings.*``                                         native     inlined as constants
anything that may be null (nullable paths)             atom       durable has no null: a missing key never
                                                                  matches, and ``$neq`` on it is false
``number`` fields and non-int constants (float,        atom       Decimal and float compare exactly in
Decimal)                                                          Python, not as durable doubles; NaN/inf
                                                                  are not JSON
str ordering (``<`` on strings)                        atom       durable compares the escaped JSON text
                                                                  with ``strncmp``, not code points
field-to-field comparisons other than dates            atom       ints are clamped and strings replaced by
                                                                  a sentinel on the way in (see below)
helper calls, quantifiers, ``len``/``days_between``/   atom       not expressible in the JSON language
``add_days``/``min``/``max``/``abs``, arithmetic,
lists of models, ``x in list_field``
int constants beyond 2**53, strings that are not       atom       int64/double and UTF-8 limits of the core
valid UTF-8
rules past durable's 15 ``$and``/``$or`` per rule      atom       ``MAX_SEQUENCE_EXPRESSIONS`` (error 113):
                                                                  the largest subtrees become atoms
an ``or`` needing more of durable's alpha stack than   atom       the stack of 64 nodes (error 303) and the
``_MAX_STACK``, or with more than ``_MAX_CHILDREN``               511 children of a node; an ``or`` whose
alternatives, or whose alternatives start with the                alternatives durable would merge breaks
same test                                                         the bound on the stack (:func:`_needs`)
=====================================================  =========  ===========================================

Values are made exact before they are asserted: ints are clamped to +-2**60 (every native int constant
is within +-2**53, so no comparison changes); a str/enum field value that equals none of the constants
its key is compared with is replaced by a sentinel that equals none of them either (durable's string
equality is exact on the escaped JSON text, and the sentinel also keeps odd strings away from the C
core); dates become ordinals.

durable is wrapped as ``notes/durable-rules.md`` requires: one private Host whose timer threads never
start, one global lock around each evaluation (one live session at a time), a fresh sid per evaluation
deleted in a ``finally`` from outside the actions (but not where durable rejected the session's first
fact: deleting a session without a fact crashes the C core), a catch-all rule per fact so that no fact
goes unhandled, actions that only record the index of the matched rule (firings de-duplicated: a rule
fires once per true ``$or`` branch), errors that durable swallows (``c.s.exception``) re-raised as
:class:`~commitrules.errors.EvaluationError`. Property names are checked for durable's 32-bit FNV
hash collisions.

durable's core has fixed limits that a big kind reaches; each is kept by construction, so a kind of
any size runs. A stratum is split into ``part``s, each with its own fact, where a rule reads a fact
derived earlier in the same stratum (the generated code would see it), past ``_MAX_KEYS`` keys
(durable allows 255 properties per fact), where the rules' needs of durable's alpha stack would add up
past ``_MAX_STACK`` (it holds 64 nodes; error 303 beyond, which one case in 200 hit on a kind of 1,265
rules: see :func:`_needs`) and where their widest nodes would add up past ``_MAX_CHILDREN`` (a node has
room for 511 children; registering more never returns). The groups then go to as many rulesets as
needed for at most ``_MAX_ACTIONS`` rules and catch-alls (durable's ``MAX_ACTIONS`` is 4,096: error 106
beyond) and ``_MAX_GROUPS`` strata and parts (children of the root node and of a stratum node) per
ruleset; a case gets a session in each ruleset, all deleted at the end.

If an atom raises (a helper failing on odd input), the compiled engine might never have evaluated it
(``and`` short-circuits), so that rule's condition is evaluated in Python the way the compiled engine
does, for that case only; an exception it raises propagates exactly as with the compiled engine.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from commitrules.engine.compiled import compile_expression
from commitrules.errors import EngineUnavailableError, EvaluationError
from commitrules.policy import tree as t
from commitrules.policy.types import DATE

if TYPE_CHECKING:
    from commitrules.model._base import Case
    from commitrules.policy.pack import CompiledRule, KindPolicy, PolicyPack

__all__ = ["rete_fired", "translate_rule"]

_UNAVAILABLE = "The rete engine needs the commitrules[rete] extra: pip install 'commitrules[rete]'"

#: Every native int constant lies within +-2**53 (the checker's MAX_INT); values are clamped to +-2**60.
_MAX_CONST = 2**53
_CLAMP = 2**60
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
_NATIVE_KINDS = frozenset({"bool", "int", "date", "str", "enum"})
_EQUALITY_ONLY = frozenset({"bool", "str", "enum"})
_FLIP = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
_MIRROR = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_DURABLE_OP = {"==": "", "!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}
_RESERVED = (
    "id",
    "sid",
    "$s",
    "stratum",
    "part",
    "as_of",
    "$and",
    "$or",
    "$eq",
    "$neq",
    "$lt",
    "$lte",
    "$gt",
    "$gte",
    "$ex",
    "$nex",
    "$m",
    "$mt",
    "$imt",
    "$iall",
    "$iany",
    "$i",
    "$add",
    "$sub",
    "$mul",
    "$div",
    "$l",
    "$r",
    "$s",
    "$forward",
    "name",
    "all",
    "any",
    "run",
    "pri",
    "count",
    "cap",
    "dist",
)

AtomFunction = Callable[[Any, Any, dt.date], Any]


# -- the translation: checked tree -> an intermediate form -> durable JSON -----------------------------
@dataclass(frozen=True, slots=True)
class _Key:
    """A case field as a fact key: its dotted path and its language type kind."""

    key: str
    path: tuple[str, ...] | None  # None: ``as_of``
    kind: str


@dataclass(frozen=True, slots=True)
class _Test:
    """One native comparison of a key with a constant (or, with ``other``, with a date key)."""

    op: str
    key: _Key
    value: Any
    source: t.Node
    positive: bool
    other: _Key | None = None


@dataclass(frozen=True, slots=True)
class _Atom:
    """A subtree computed in Python; durable tests the boolean for ``positive``."""

    node: t.Node
    positive: bool


@dataclass(frozen=True, slots=True)
class _Conn:
    """``$and`` / ``$or`` of items; ``source``/``positive`` say which subtree it came from."""

    op: str
    items: tuple[_IR, ...]
    source: t.Node
    positive: bool


_IR = _Test | _Atom | _Conn | bool


def _field(node: t.Node) -> _Key | None:
    if isinstance(node, t.AsOf):
        return _Key("as_of", None, "date")
    path = t.root_path(node)
    if path is None or node.type.nullable or node.type.kind not in _NATIVE_KINDS:
        return None
    return _Key("case." + ".".join(path), path, node.type.kind)


def _constant(node: t.Node) -> tuple[bool, Any]:
    if isinstance(node, t.Const):
        return True, node.value
    if isinstance(node, t.Setting):
        return True, node.value
    return False, None


def _encode_constant(value: Any, kind: str) -> Any:
    """The JSON form of ``value`` for a key of ``kind``, or None when durable cannot compare it exactly."""
    if kind == "bool":
        return value if isinstance(value, bool) else None
    if kind == "int":
        return value if type(value) is int and abs(value) <= _MAX_CONST else None
    if kind == "date":
        return value.toordinal() if type(value) is dt.date else None
    if isinstance(value, str):
        text = value.value if isinstance(value, Enum) else str(value)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return None
        return text
    return None


def _connect(op: str, items: list[_IR], source: t.Node, positive: bool) -> _IR:  # noqa: FBT001
    """``op`` over ``items``, flattened, with true/false folded away."""
    unit = op == "$and"
    flat: list[_IR] = []
    for item in items:
        if isinstance(item, bool):
            if item != unit:
                return item
            continue
        if isinstance(item, _Conn) and item.op == op:
            flat.extend(item.items)
        else:
            flat.append(item)
    if not flat:
        return unit
    return flat[0] if len(flat) == 1 else _Conn(op, tuple(flat), source, positive)


def _nnf(node: t.Node, positive: bool) -> _IR:  # noqa: C901, FBT001, PLR0911 - one arm per node type
    """``node`` (negated unless ``positive``) in negation normal form, native where exact."""
    match node:
        case t.Not(operand=operand):
            return _nnf(operand, not positive)
        case t.BoolOp(op=op, operands=operands):
            conj = (op == "and") == positive
            return _connect("$and" if conj else "$or", [_nnf(o, positive) for o in operands], node, positive)
        case t.Const(value=bool() as value) | t.Setting(value=bool() as value):
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
    elif isinstance(collection, t.Setting) and isinstance(collection.value, list | tuple | set | frozenset):
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
    body = _nnf(rule.condition, positive=True) if rule.condition is not None else True
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


# -- plans: a kind's rules in groups, one fact per group ------------------------------------------------
@dataclass(frozen=True)
class _Group:
    """Consecutive rules of one stratum judged on one fact, and how to build that fact."""

    ruleset: str
    stratum: int
    part: int
    rules: tuple[CompiledRule, ...]
    fields: tuple[tuple[str, Callable[[Any], Any]], ...]
    derived: tuple[tuple[str, str], ...]
    atoms: tuple[tuple[str, int, AtomFunction], ...]

    def fact(
        self, case: Case, derived: set[str], as_of: dt.date, sid: str
    ) -> tuple[dict[str, Any], set[int]]:
        """The fact of this group for ``case``, and the rules whose atoms raised."""
        fact: dict[str, Any] = {
            "sid": sid,
            "stratum": self.stratum,
            "part": self.part,
            "as_of": as_of.toordinal(),
        }
        for key, encode in self.fields:
            fact[key] = encode(case)
        for key, name in self.derived:
            fact[key] = name in derived
        broken: set[int] = set()
        for key, index, function in self.atoms:
            try:
                fact[key] = bool(function(case, derived, as_of))
            except Exception:  # noqa: BLE001 - that rule is decided in Python, as the compiled engine would
                broken.add(index)
                fact[key] = False
        return fact, broken


@dataclass
class _Plan:
    """A kind's rulesets: their names in durable, the groups in order and who overrides whom."""

    rulesets: tuple[str, ...]
    groups: tuple[_Group, ...]
    overriders: dict[int, tuple[int, ...]]
    conditions: dict[int, AtomFunction] = field(default_factory=dict)

    def condition(self, rule: CompiledRule) -> AtomFunction:
        """The rule's whole condition in Python (only for a case where one of its atoms raised)."""
        found = self.conditions.get(rule.index)
        if found is None:
            found = compile_expression(rule.condition) if rule.condition is not None else _always
            self.conditions[rule.index] = found
        return found


def _always(_case: Any, _derived: Any, _as_of: dt.date) -> bool:
    return True


def _encoder(key: _Key, strings: set[str]) -> Callable[[Any], Any]:
    assert key.path is not None  # noqa: S101 - as_of and derived facts are set apart
    get = operator.attrgetter(".".join(key.path))
    if key.kind == "date":
        return lambda case: get(case).toordinal()
    if key.kind == "int":
        return lambda case: max(-_CLAMP, min(_CLAMP, int(get(case))))
    if key.kind == "bool":
        return lambda case: bool(get(case))
    table = {s: s for s in strings}
    sentinel = next("~" * n for n in itertools.count(1) if "~" * n not in table)
    return lambda case: table.get(get(case), sentinel)


def _fnv1(name: str) -> int:
    """The 32-bit FNV-1 hash durable gives of a property name (C ``char`` is signed on this platform)."""
    value = 0x811C9DC5
    for byte in name.encode("utf-8"):
        value = ((value ^ (byte if byte < 0x80 else (byte - 256) & 0xFFFFFFFF)) * 0x01000193) & 0xFFFFFFFF
    return value


def _check_hashes(names: set[str], kind: str) -> None:
    seen: dict[int, str] = {}
    for name in sorted({*names, *_RESERVED}):
        other = seen.setdefault(_fnv1(name), name)
        if other != name:
            raise EvaluationError(
                f"The rete engine cannot run kind '{kind}': the fact keys '{other}' and "
                f"'{name}' have the same durable hash; use engine='compiled'"
            )


def _split(policy: KindPolicy) -> list[list[tuple[CompiledRule, _Translation]]]:
    """Consecutive rules of a stratum, in groups that each share one fact.

    A group ends where a rule reads a fact derived earlier in the same group (the compiled engine
    would see it), where the fact would hold too many keys, where durable's alpha stack could
    overflow on the group's fact (what the rules need of it, :func:`_needs`, adds up) and where a
    node shared by the group's rules could get more children than durable has room for (the rules'
    widths add up).
    """
    groups: list[list[tuple[CompiledRule, _Translation]]] = []
    derives: set[str] = set()
    keys: set[str] = set()
    stack = width = 0
    for rule in policy.rules:
        translation = _translate(rule)
        if (
            not groups
            or groups[-1][0][0].stratum != rule.stratum
            or translation.derived_reads & derives
            or len(keys | translation.keys) > _MAX_KEYS
            or stack + translation.stack > _MAX_STACK
            or width + translation.width > _MAX_CHILDREN
        ):
            groups.append([])
            derives, keys, stack, width = set(), set(), 0, 0
        groups[-1].append((rule, translation))
        derives.update(rule.effect.derive)
        keys |= translation.keys
        stack += translation.stack
        width += translation.width
    return groups


def _build_plan(pack: PolicyPack, policy: KindPolicy) -> tuple[_Plan, dict[str, dict[str, Any]]]:
    """The plan of ``policy`` and the durable ruleset definitions (without actions), by name.

    A kind is one ruleset unless durable's limits per ruleset (rules, strata, parts) make it several;
    each of them holds consecutive groups.
    """
    by_id = {rule.id: rule.index for rule in policy.rules}
    overriders = {rule.index: tuple(by_id[o] for o in rule.overridden_by) for rule in policy.rules}
    for rule in policy.rules:
        if any(i >= rule.index for i in overriders[rule.index]):
            raise EvaluationError(
                f"Rule '{rule.id}' of kind '{policy.kind}' comes before a rule that "
                "overrides it; the pack is not stratified"
            )
    split = _split(policy)
    strings: dict[str, set[str]] = {}
    for members in split:
        for _, translation in members:
            for key, values in translation.strings.items():
                strings.setdefault(key, set()).update(values)
    base = f"commitrules.{pack.digest}.{policy.kind}"
    definitions: dict[str, dict[str, Any]] = {}
    definition: dict[str, Any] = {}
    groups: list[_Group] = []
    all_keys: set[str] = set()
    part = in_ruleset = 0
    ruleset = base
    for number, members in enumerate(split):
        stratum = members[0][0].stratum
        part = part + 1 if number and groups[-1].stratum == stratum else 0
        if not number or len(definition) + len(members) + 1 > _MAX_ACTIONS or in_ruleset == _MAX_GROUPS:
            ruleset = f"{base}#{len(definitions)}" if definitions else base
            definition = definitions[ruleset] = {}
            in_ruleset = 0
        in_ruleset += 1
        fields: dict[str, _Key] = {}
        atoms: list[tuple[str, int, AtomFunction]] = []
        for rule, translation in members:
            fields.update(translation.fields)
            atoms.extend(
                (name, rule.index, compile_expression(node)) for name, node in translation.atoms.items()
            )
            definition[f"r{rule.index}"] = translation.json(stratum, part)
            all_keys |= translation.keys
        definition[f"catch-all.{stratum}.{part}"] = {
            "all": [{"m": {"$and": [{"stratum": stratum}, {"part": part}]}}]
        }
        groups.append(
            _Group(
                ruleset,
                stratum,
                part,
                tuple(rule for rule, _ in members),
                tuple((k, _encoder(v, strings.get(k, set()))) for k, v in sorted(fields.items()) if v.path),
                tuple((k, k.removeprefix("derived.")) for k in sorted(fields) if k.startswith("derived.")),
                tuple(atoms),
            )
        )
    _check_hashes(all_keys, policy.kind)
    return _Plan(tuple(definitions), tuple(groups), overriders), definitions


# -- durable: one private host, one live session at a time ----------------------------------------------
_LOCK = threading.Lock()
_PLANS: dict[tuple[str, str], _Plan] = {}
_SIDS = itertools.count(1)
_host: Any = None
#: Where actions record the index of the matched rule (guarded by ``_LOCK``).
_SINK: list[int] = []


def _durable() -> Any:
    try:
        from durable import engine  # noqa: PLC0415 - optional dependency, imported only here
    except ImportError as exc:
        raise EngineUnavailableError(_UNAVAILABLE) from exc
    return engine


def _get_host(engine: Any) -> Any:
    global _host  # noqa: PLW0603 - one private host per process, created on first use
    if _host is None:

        class _QuietHost(engine.Host):  # type: ignore[misc]
            def _run(self) -> None:
                """No background dispatcher or timer threads: every evaluation runs synchronously."""

        _host = _QuietHost()
    return _host


def _recorder(index: int) -> Callable[[Any], None]:
    def action(_c: Any) -> None:
        _SINK.append(index)

    return action


def _ignore(_c: Any) -> None:
    """The catch-all rule's action: nothing to record."""


def _plan(pack: PolicyPack, kind: str, host: Any) -> _Plan:
    key = (pack.digest, kind)
    found = _PLANS.get(key)
    if found is None:
        found, definitions = _build_plan(pack, pack.policies[kind])
        for definition in definitions.values():
            for rule_name, rule in definition.items():
                rule["run"] = _recorder(int(rule_name[1:])) if rule_name.startswith("r") else _ignore
        try:
            host.register_rulesets(definitions)
        except Exception as exc:
            raise EvaluationError(f"durable_rules rejected the ruleset of kind '{kind}': {exc}") from exc
        _PLANS[key] = found
    return found


def rete_fired(pack: PolicyPack, case: Case, as_of: dt.date) -> tuple[int, ...]:
    """The indices of the rules of ``case``'s kind that fire on ``as_of``, matched by durable_rules.

    Raises:
        EngineUnavailableError: durable_rules is not installed.
        EvaluationError: durable failed or reported an error inside an action.
    """
    engine = _durable()
    with _LOCK:
        host = _get_host(engine)
        plan = _plan(pack, case.KIND, host)
        session = _Session(str(next(_SIDS)))
        _SINK.clear()
        done = False
        try:
            fired = _run(plan, host, case, as_of, session)
            done = True
        finally:
            _SINK.clear()
            _delete(host, session, strict=done)
    return fired


@dataclass
class _Session:
    """One evaluation's sid, and the rulesets where a fact of it is stored."""

    sid: str
    started: list[str] = field(default_factory=list)


def _run(plan: _Plan, host: Any, case: Case, as_of: dt.date, session: _Session) -> tuple[int, ...]:
    """Assert the facts group by group; overrides and derived facts in rule order between them."""
    derived: set[str] = set()
    fired: dict[int, bool] = {}
    for group in plan.groups:
        fact, broken = group.fact(case, derived, as_of, session.sid)
        _assert(host, group.ruleset, fact, session)
        matched = set(_SINK)
        for rule in group.rules:
            if any(fired[o] for o in plan.overriders[rule.index]):
                fired[rule.index] = False
            elif rule.index in broken:
                condition = plan.condition(rule)
                fired[rule.index] = rule.effective_on(as_of) and bool(condition(case, derived, as_of))
            else:
                fired[rule.index] = rule.index in matched
        for rule in group.rules:
            if fired[rule.index]:
                derived.update(rule.effect.derive)
    return tuple(index for index, fires in sorted(fired.items()) if fires)


def _assert(host: Any, ruleset: str, fact: dict[str, Any], session: _Session) -> None:
    """Assert ``fact`` of ``session`` in ``ruleset``, and note that the session holds a fact there."""
    try:
        state = host.assert_fact(ruleset, fact)
    except Exception as exc:
        detail = getattr(exc, "message", None) or str(exc)
        raise EvaluationError(f"durable_rules failed on a fact of {ruleset}: {detail}") from exc
    if ruleset not in session.started:
        session.started.append(ruleset)
    if isinstance(state, dict) and state.get("exception"):
        raise EvaluationError(
            f"durable_rules reported an error in an action of {ruleset}: {state['exception']}"
        )


def _delete(host: Any, session: _Session, *, strict: bool) -> None:
    """End the session where it holds a fact; a failure matters only when nothing else went wrong.

    A session whose first fact durable rejected holds no fact, and deleting such a session crashes
    durable's C core (``notes/durable-rules.md``): it is left alone (sids are never reused).
    """
    sid = session.sid
    failures: list[tuple[str, Exception]] = []
    for ruleset in session.started:
        try:
            host.delete_state(ruleset, sid)
        except Exception as exc:  # noqa: BLE001 - reported below, once every session is ended
            failures.append((ruleset, exc))
    if strict and failures:
        ruleset, error = failures[0]
        raise EvaluationError(f"durable_rules could not delete session {sid} of {ruleset}: {error}") from error
