"""The condition language's vocabulary and limits: built-in functions, operators, what is forbidden, the scope."""

from __future__ import annotations

import ast
import bisect
import datetime as dt
import io
import tokenize
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from pydantic import BaseModel

from commitrules.errors import Span
from commitrules.messages import Text
from commitrules.model._types import CodeMembership
from commitrules.policy.types import (
    HelperSignature,
    Type,
    field_type,
    helper_signature,
)

#: The longest condition text accepted. Longer conditions belong in several rules or a derived fact.
MAX_LENGTH = 4000
#: The deepest nesting of a condition.
MAX_DEPTH = 48
#: The most nodes (names, constants, operators, tests) of a rule's whole condition, a structured
#: ``all:``/``any:`` list included: the bundled pack's largest has under 50. It keeps what every later
#: stage does with a condition (lint's reasoning, code generation, the rete translation) small.
MAX_NODES = 1000
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
LITERAL_NAMES: dict[str, bool | None] = {
    "true": True,
    "false": False,
    "True": True,
    "False": False,
    "null": None,
    "None": None,
}
QUANTIFIERS = ("any", "all", "count")
CMP = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
ARITH = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%"}
#: Python syntax the language leaves out, by the catalogue id that names it (``syntax.*``).
FORBIDDEN_WORDS = {
    ast.Lambda: "syntax.lambda",
    ast.ListComp: "syntax.comprehension",
    ast.SetComp: "syntax.comprehension",
    ast.DictComp: "syntax.comprehension",
    ast.GeneratorExp: "syntax.generator",
    ast.Subscript: "syntax.subscript",
    ast.IfExp: "syntax.ifexp",
    ast.JoinedStr: "syntax.fstring",
    ast.NamedExpr: "syntax.walrus",
    ast.Starred: "syntax.starred",
    ast.Dict: "syntax.dict",
    ast.Await: "syntax.await",
    ast.Yield: "syntax.yield",
    ast.YieldFrom: "syntax.yield",
    ast.Slice: "syntax.slice",
}


@dataclass(frozen=True)
class Scope:
    """What a condition may name: the case model, settings (name -> (type, value)), derived facts.

    ``vocabulary`` holds the codes of the open lists (the pack's); without one, the bundled codes.
    """

    model: type[BaseModel]
    settings: Mapping[str, tuple[Type, object]] = field(default_factory=dict)
    derived: frozenset[str] = frozenset()
    vocabulary: CodeMembership | None = None
    #: The dated values of the settings that change with time, ``(from, value)`` oldest first.
    dated: Mapping[str, tuple[tuple[dt.date, object], ...]] = field(default_factory=dict)
    #: The types of the fields conditions named, by (model, field): the checkers of one kind's
    #: conditions share the scope, and with it what they found (a large kind names the same few fields).
    field_types: dict[tuple[type[BaseModel], str], Type | None] = field(default_factory=dict, compare=False, repr=False)
    #: The signatures of the helpers conditions called, by (model, name), likewise.
    helper_signatures: dict[tuple[type[BaseModel], str], HelperSignature | None] = field(
        default_factory=dict, compare=False, repr=False
    )
    #: The settings' names in order, made when a condition first names a setting that is not one.
    sorted_settings: list[str] = field(default_factory=list, compare=False, repr=False)

    def first_setting_under(self, prefix: str) -> str | None:
        """The first setting (by name) whose name starts with ``prefix``, or None: a search, not a pass.

        A pack of 9,000 settings and 7,000 conditions naming a group of them made 63 million comparisons.
        """
        if not self.sorted_settings and self.settings:
            self.sorted_settings.extend(sorted(self.settings))
        names = self.sorted_settings
        found = bisect.bisect_left(names, prefix)
        return names[found] if found < len(names) and names[found].startswith(prefix) else None

    def field_type(self, model: type[BaseModel], name: str) -> Type | None:
        """:func:`~commitrules.policy.types.field_type`, once per model and field in this scope."""
        key = (model, name)
        try:
            return self.field_types[key]
        except KeyError:
            found = self.field_types[key] = field_type(model, name)
            return found

    def helper_signature(self, model: type[BaseModel], name: str) -> HelperSignature | None:
        """:func:`~commitrules.policy.types.helper_signature`, once per model and helper in this scope."""
        key = (model, name)
        try:
            return self.helper_signatures[key]
        except KeyError:
            found = self.helper_signatures[key] = helper_signature(model, name)
            return found


Locate = Callable[[int], Span]


class Fail(Exception):  # noqa: N818 - internal control flow, never escapes this module
    """Raised to abandon a subtree after its diagnostic was recorded."""


def assignable(found: Type, want: Type) -> bool:
    """Whether a value of type ``found`` may stand where ``want`` is expected."""
    if found.kind == "null":
        return want.nullable
    if want.kind == "bool":
        return found.kind == "bool"
    return found.comparable_with(want)


def a_type(ty: Type) -> Text:
    """The type with its article, for messages: 'an int', 'a date' (「int 类型的值」)."""
    text = str(ty)
    return Text("type.an" if text[0] in "aeiou" else "type.a", type=text)


def builtin_help(name: str) -> Text:
    """What a built-in function takes and gives, in words (``BUILTINS`` in the catalogue's languages)."""
    return Text(f"fn.{name}")


def dotted(node: ast.expr) -> list[str]:
    """The names of a dotted path (``a.b.c``), or an empty list when it is not one."""
    names: list[str] = []
    current: ast.expr = node
    while isinstance(current, ast.Attribute):
        names.append(current.attr)
        current = current.value
    if isinstance(current, ast.Name):
        names.append(current.id)
        return list(reversed(names))
    return []


#: The shape of the syntax nodes conditions are made of: the fields that always hold one node, the fields
#: that hold a list of nodes, and whether the node has a node without fields (a context such as Load, an
#: operator) below it. Any other node is read field by field.
_SHAPES: dict[type[ast.AST], tuple[tuple[str, ...], tuple[str, ...], bool]] = {
    ast.BoolOp: ((), ("values",), True),
    ast.BinOp: (("left", "right"), (), True),
    ast.UnaryOp: (("operand",), (), True),
    ast.Compare: (("left",), ("comparators",), True),  # ops: operators, never empty
    ast.Name: ((), (), True),
    ast.Attribute: (("value",), (), True),
    ast.Constant: ((), (), False),
    ast.Call: (("func",), ("args", "keywords"), False),
    ast.List: ((), ("elts",), True),
    ast.Tuple: ((), ("elts",), True),
    ast.Set: ((), ("elts",), False),
}


def depth(root: ast.AST) -> int:
    """How deeply the syntax tree nests (iteratively: no recursion on hostile input)."""
    deepest = 0
    stack: list[tuple[ast.AST, int]] = [(root, 1)]
    shapes = _SHAPES
    while stack:
        node, level = stack.pop()
        below = level + 1
        shape = shapes.get(node.__class__)
        if shape is None:
            deepest = max(deepest, _fields_depth(node, level, stack))
            continue
        ones, lists, leaf = shape
        deepest = max(deepest, below if leaf else level)
        stack.extend([(getattr(node, name), below) for name in ones])
        for name in lists:
            stack.extend([(item, below) for item in getattr(node, name)])
    return deepest


def _fields_depth(node: ast.AST, level: int, stack: list[tuple[ast.AST, int]]) -> int:
    """Stack the children of ``node`` (ast.iter_child_nodes, inlined); the deepest level found so far.

    A node without fields (a context such as Load, an operator) is counted where it is found, not stacked.
    """
    node_type = ast.AST
    deepest = level
    below = level + 1
    for name in node._fields:
        value = getattr(node, name, None)
        children = (value,) if isinstance(value, node_type) else value if isinstance(value, list) else ()
        for item in children:
            if not isinstance(item, node_type):
                continue
            if item._fields:
                stack.append((item, below))
            else:
                deepest = below
    return deepest


def misspelt(value: str | float, segment: str) -> Text | None:
    """Why ``segment``, Python's spelling of the text or number ``value``, is not the language's; None when it is.

    ``'a' 'b'`` side by side is the text ``'ab'`` in Python: in a list, a comma left out
    (``['chief' 'deputy']``) made one code of two without a word. A letter before the quotes
    (``r''``, ``u''``) and triple quotes change what the text holds or say nothing to a reader;
    ``0x10``, ``0o20``, ``0b10000`` and ``1_000`` are numbers a policy's reader does not read.
    """
    if not isinstance(value, str):
        if segment[:2].lower() in {"0x", "0o", "0b"} or "_" in segment:
            return Text("cond.number_spelling", text=" ".join(segment.split()), value=value)
        return None
    plain = len(segment) >= 2 and segment[0] == segment[-1] in {"'", '"'} and segment[1:-1] == value
    return None if plain else _text_misspelt(value, segment)  # plain: quotes without an escape, most texts


def _text_misspelt(value: str, segment: str) -> Text | None:
    shown = " ".join(segment.split())
    try:
        tokens = tokenize.generate_tokens(io.StringIO(f"({segment})").readline)
        texts = [token.string for token in tokens if token.type == tokenize.STRING]
    except (tokenize.TokenError, SyntaxError):  # the condition parsed: not expected
        return None
    if len(texts) > 1:
        return Text("cond.adjacent_texts", text=shown, joined=repr(value))
    spelt = texts[0] if texts else ""
    if spelt[:1] not in {"'", '"'} or spelt.startswith(("'''", '"""')):
        return Text("cond.text_spelling", text=shown)
    return None
