"""The checker: a condition's text parsed with Python's parser and rebuilt, node by node, into a checked tree."""

from __future__ import annotations

import ast
import builtins
import re
import unicodedata
from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any, Final, Literal

from commitrules.errors import Diagnostic, suggest
from commitrules.messages import Text, message
from commitrules.policy import tree as t
from commitrules.policy.expr._calls import CallChecks
from commitrules.policy.expr.language import (
    ARITH,
    BUILTINS,
    CMP,
    FORBIDDEN_WORDS,
    LITERAL_NAMES,
    MAX_DEPTH,
    MAX_INT,
    MAX_LENGTH,
    Fail,
    Locate,
    Scope,
    a_type,
    assignable,
    builtin_help,
    depth,
    dotted,
    misspelt,
)
from commitrules.policy.fullwidth import scan_condition
from commitrules.policy.types import (
    BOOL,
    DATE,
    INT,
    NULL,
    NUMBER,
    STR,
    Type,
    field_names,
    helper_names,
    list_of,
)


class Checker(CallChecks):
    """One condition being checked: its text, scope and diagnostics."""

    def __init__(self, text: str, scope: Scope, locate: Locate, context: Text | str) -> None:
        self.text = text
        self.scope = scope
        self.locate = locate
        self.context = context
        self.diagnostics: list[Diagnostic] = []
        self.line_starts = [0]
        self.wrapped = f"({text}\n)"
        self.wrapped_lines = self.wrapped.split("\n")
        for line in self.wrapped_lines[:-1]:
            self.line_starts.append(self.line_starts[-1] + len(line) + 1)
        first = self.wrapped_lines[0]
        # The length of the first line when it is ASCII (a column is a character there), else -1.
        self.first_ascii = len(first) if first.isascii() else -1

    # -- positions and errors ------------------------------------------------------------------
    def offset_of(self, node: ast.AST) -> int:
        lineno = getattr(node, "lineno", 1)
        col = getattr(node, "col_offset", 0)
        if lineno == 1 and self.first_ascii >= 0:  # most conditions are one line of ASCII
            return max(0, min(col, self.first_ascii) - 1)
        wrapped_lines = self.wrapped_lines
        line = wrapped_lines[lineno - 1] if 0 < lineno <= len(wrapped_lines) else ""
        # col is in UTF-8 bytes: the same count of characters on an ASCII line
        chars = (
            min(col, len(line)) if line.isascii() else len(line.encode("utf-8")[:col].decode("utf-8", errors="ignore"))
        )
        return max(0, self.line_starts[lineno - 1] + chars - 1)

    def error(self, code: str, message: Text, offset: int, suggestion: str | None = None) -> Fail:
        hint = Text("diag.guess", guess=suggestion) if suggestion else ""
        text = Text("cond.in_context", message=message, context=self.context, hint=hint)
        self.diagnostics.append(Diagnostic.of(code, text, self.locate(offset), suggestion))
        return Fail()

    # -- entry points --------------------------------------------------------------------------
    def parse(self) -> ast.expr | None:  # noqa: PLR0911 - one return per way a condition can fail to parse
        if len(self.text) > MAX_LENGTH:
            self.error(
                "expression_too_long",
                Text("cond.too_long", length=len(self.text), max=MAX_LENGTH),
                0,
            )
            return None
        if not self.text.strip():
            self.error("empty_condition", Text("cond.empty"), 0)
            return None
        if self.fullwidth() or self.not_ascii():
            return None
        try:
            parsed = ast.parse(f"({self.text}\n)", mode="eval")
        except SyntaxError as exc:
            offset = self._syntax_offset(exc)
            self.error("syntax_error", Text("cond.invalid", detail=syntax_words(exc.msg or "invalid syntax")), offset)
            return None
        except (RecursionError, MemoryError, ValueError):
            self.error("too_complex", Text("cond.too_deep"), 0)
            return None
        nesting = depth(parsed.body)
        if nesting > MAX_DEPTH:
            self.error("too_complex", Text("cond.nested", nesting=nesting, max=MAX_DEPTH), 0)
            return None
        return parsed.body

    def fullwidth(self) -> bool:
        """Report each full-width character outside quotes (``（``, ``‘``, ...); True when there was one."""
        for found in scan_condition(self.text):
            params = {**found.params, "context": self.context}
            self.diagnostics.append(
                Diagnostic(
                    "fullwidth_punctuation",
                    message("fullwidth.condition", "en", **params),
                    self.locate(found.column),
                    message("fullwidth.fix", "en", **params),
                    message_id="fullwidth.condition",
                    params=params,
                    suggestion_text=Text("fullwidth.fix", **params),
                )
            )
        return bool(self.diagnostics)

    def not_ascii(self) -> bool:
        """Report each run of characters outside ASCII and outside quotes; True when there was one.

        Python reads ``ｒｅｑｕｅｓｔ`` (full-width letters, as a Chinese input method types them) and
        ``𝐫𝐞𝐪𝐮𝐞𝐬𝐭`` as ``request`` (it normalises names, NFKC): the condition passed while it reads
        otherwise than it is written. ``≠``, ``＞``, ``１`` and the invisible ``U+200B`` failed with
        Python's English. Names, numbers and operators are ASCII; text in quotes may hold anything.
        """
        text = self.text
        if text.isascii():
            return False
        found = False
        quote: str | None = None
        comment = False
        previous = " "
        for offset, char in enumerate(text):
            if comment:
                comment = char != "\n"
            elif quote is not None:
                quote = None if char == quote and previous != "\\" else quote
            elif char in "'\"":
                quote = char
            elif char == "#":
                comment = True  # to the end of the line
            elif not char.isascii() and previous.isascii():
                same = unicodedata.normalize("NFKC", char)
                name = unicodedata.name(char, f"U+{ord(char):04X}")
                hint = Text("syntax.write_ascii", ascii=same) if same.isascii() and same.strip() else ""
                self.error("syntax_error", Text("syntax.not_ascii", x=char, name=name, hint=hint), offset)
                found = True
            previous = char
        return found

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
        except Fail:
            return None
        if expected is not None and not assignable(node.type, expected):
            self.error(
                "type_mismatch",
                Text("cond.expected", expected=a_type(expected), found=a_type(node.type), text=t.render(node)),
                node.offset,
            )
            return None
        return node

    # -- the rebuild ----------------------------------------------------------------------------
    def check(self, node: ast.expr, env: dict[str, Type]) -> t.Node:
        offset = self.offset_of(node)
        handler = _HANDLERS.get(node.__class__)
        if handler is not None:
            return handler(self, node, env, offset)
        for cls, arm in _HANDLERS.items():  # a subclass of a syntax node, which Python's parser never makes
            if isinstance(node, cls):
                return arm(self, node, env, offset)
        words = Text(FORBIDDEN_WORDS[type(node)]) if type(node) in FORBIDDEN_WORDS else type(node).__name__
        raise self.error("forbidden_syntax", Text("cond.not_in_language", words=words), offset)

    def check_boolop(self, node: ast.BoolOp, env: dict[str, Type], offset: int) -> t.Node:
        op: Literal["and", "or"] = "and" if isinstance(node.op, ast.And) else "or"
        where = f"'{op}'"
        operands = tuple([self.check_bool(v, env, where) for v in node.values])
        return t.BoolOp(BOOL, offset, op, operands)

    def check_bool(self, node: ast.expr, env: dict[str, Type], where: str) -> t.Node:
        checked = self.check(node, env)
        if checked.type.kind != "bool":
            raise self.error(
                "type_mismatch",
                Text("cond.operands", where=where, found=a_type(checked.type), text=t.render(checked)),
                checked.offset,
            )
        return checked

    def check_unary(self, node: ast.UnaryOp, env: dict[str, Type], offset: int) -> t.Node:
        if isinstance(node.op, ast.Not):
            return t.Not(BOOL, offset, self.check_bool(node.operand, env, "'not'"))
        operand = self.check(node.operand, env)
        if not operand.type.is_numeric:
            raise self.error("type_mismatch", Text("cond.unary_minus", found=a_type(operand.type)), offset)
        if isinstance(node.op, ast.UAdd):
            return operand
        if isinstance(node.op, ast.USub):
            if isinstance(operand, t.Const) and isinstance(operand.value, int | float):
                return t.Const(operand.type, offset, -operand.value)
            return t.Neg(operand.type, offset, operand)
        raise self.error("forbidden_syntax", Text("cond.not_in_language", words=Text("syntax.bitwise")), offset)

    def check_binop(self, node: ast.BinOp, env: dict[str, Type], offset: int) -> t.Node:
        op = ARITH.get(type(node.op))
        if op is None:
            word = Text("syntax.powers" if isinstance(node.op, ast.Pow) else "syntax.bitwise")
            raise self.error("forbidden_syntax", Text("cond.not_in_language", words=word), offset)
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
            raise self.error(
                "type_mismatch", Text("cond.cannot_apply", op=op, left=a_type(lt), right=a_type(rt)), offset
            )
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
                raise self.error(
                    "forbidden_syntax",
                    Text("cond.no_is", word=word),
                    self.offset_of(right_ast),
                    word,
                )
            else:
                parts.append(self.check_pair(CMP[type(op_ast)], left, right, offset))  # type: ignore[arg-type]
            left = right
        return parts[0] if len(parts) == 1 else t.BoolOp(BOOL, offset, "and", tuple(parts))

    def check_pair(self, op: t.CompareOp, left: t.Node, right: t.Node, offset: int) -> t.Node:
        left, right = self.coerce_literal(left, right.type), self.coerce_literal(right, left.type)
        lt, rt = left.type, right.type
        if "list" in {lt.kind, rt.kind} and "null" not in {lt.kind, rt.kind}:
            raise self.error("type_mismatch", Text("cond.list_compare"), offset)
        if op in {"==", "!="}:
            if not lt.comparable_with(rt):
                raise self.error(
                    "type_mismatch",
                    Text(
                        "cond.cannot_compare",
                        left=a_type(lt),
                        ltext=t.render(left),
                        right=a_type(rt),
                        rtext=t.render(right),
                    ),
                    offset,
                )
        elif not (lt.is_ordered and rt.is_ordered and (lt.kind == rt.kind or (lt.is_numeric and rt.is_numeric))):
            raise self.error(
                "type_mismatch",
                Text("cond.ordered", op=op, left=a_type(lt), right=a_type(rt)),
                offset,
            )
        return t.Compare(BOOL, offset, op, left, right)

    def check_member(self, item: t.Node, collection: t.Node, negated: bool, offset: int) -> t.Node:  # noqa: FBT001
        ctype = collection.type
        if ctype.kind != "list":
            raise self.error(
                "type_mismatch",
                Text("cond.in_list", found=a_type(ctype), text=t.render(collection)),
                collection.offset,
            )
        if ctype.elem is not None:
            item = self.coerce_literal(item, ctype.elem)
            if isinstance(collection, t.ListLit):
                collection = self.coerce_list(collection, item.type)
            elem = collection.type.elem
            if elem is not None and not item.type.comparable_with(elem):
                raise self.error(
                    "type_mismatch", Text("cond.look_for", item=a_type(item.type), list=str(ctype)), offset
                )
        return t.Member(BOOL, offset, item, collection, negated)

    def coerce_literal(self, node: t.Node, target: Type) -> t.Node:
        """A string literal compared with an enum becomes a checked member of that enum."""
        if target.kind != "enum" or (target.enum is None and target.codes is None):
            return node
        if isinstance(node, t.Const) and isinstance(node.value, str) and node.type.kind == "str":
            if target.codes is not None:
                return self.code_const(node.value, target, node.offset)
            if target.enum is not None:
                return self.enum_const(node.value, target.enum, node.offset)
        if isinstance(node, t.ListLit):
            return self.coerce_list(node, target)
        return node

    def coerce_list(self, node: t.ListLit, target: Type) -> t.ListLit:
        if target.kind != "enum":
            return node
        items = tuple(self.coerce_literal(i, target) for i in node.items)
        return t.ListLit(list_of(target.as_nullable(nullable=False)), node.offset, items)

    def code_const(self, value: str, target: Type, offset: int) -> t.Const:
        """A literal code of an open list, checked against the scope's vocabulary (else the bundled codes)."""
        list_name = target.codes or ""
        vocabulary = self.scope.vocabulary
        if vocabulary is not None:
            members = list(vocabulary.codes(list_name))
        else:
            members = [m.value for m in target.bundled] if target.bundled is not None else []
        if value not in members:
            raise self.error(
                "unknown_enum_literal",
                Text(
                    "cond.not_a_code",
                    value=value,
                    type=str(target.as_nullable(nullable=False)),
                    allowed=_allowed(members),
                    list=list_name,
                ),
                offset,
                suggest(value, members),
            )
        return t.Const(target.as_nullable(nullable=False), offset, value)

    def enum_const(self, value: str, enum: type[StrEnum], offset: int) -> t.Const:
        members = [m.value for m in enum]
        if value not in members:
            raise self.error(
                "unknown_enum_literal",
                Text("cond.not_a_member", value=value, type=enum.__name__, allowed=_allowed(members)),
                offset,
                suggest(value, members),
            )
        return t.Const(Type("enum", enum=enum), offset, value)

    def check_name(self, node: ast.Name, env: dict[str, Type], offset: int) -> t.Node:
        name = node.id
        if name in env:
            return t.Var(env[name], offset, name)
        if name in LITERAL_NAMES:
            value = LITERAL_NAMES[name]
            return t.Const(NULL if value is None else BOOL, offset, value)
        if name == "as_of":
            return t.AsOf(DATE, offset)
        if name == "settings":
            raise self.error("unknown_setting", Text("cond.settings_name"), offset)
        if name in self.scope.derived:
            return t.Derived(BOOL, offset, name)
        ftype = self.scope.field_type(self.scope.model, name)
        if ftype is not None:
            return t.Attr(ftype, offset, t.Root(Type("model", model=self.scope.model), offset), name)
        self.forbid_private(name, offset)
        candidates = [*field_names(self.scope.model), *self.scope.derived, *env, "as_of"]
        if name in BUILTINS:
            raise self.error("unknown_name", Text("cond.is_function", name=name, help=builtin_help(name)), offset)
        kind = getattr(self.scope.model, "KIND", "") or self.scope.model.__name__
        guess = suggest(name, candidates)
        params = {"name": name, "kind": kind, "context": self.context, **({"guess": guess} if guess else {})}
        message_id = "cond.unknown_name" + (".guess" if guess else "")
        self.diagnostics.append(Diagnostic.of("unknown_name", Text(message_id, **params), self.locate(offset), guess))
        raise Fail

    def forbid_private(self, name: str, offset: int) -> None:
        if name.startswith("_") or hasattr(builtins, name):
            raise self.error("forbidden_syntax", Text("cond.name_not_in_language", name=name), offset)

    def check_attribute(self, node: ast.Attribute, env: dict[str, Type], offset: int) -> t.Node:
        base = node.value
        while base.__class__ is ast.Attribute:
            base = base.value
        if base.__class__ is ast.Name and base.id == "settings" and "settings" not in env:
            return self.check_setting(".".join(dotted(node)[1:]), offset)
        obj = self.check(node.value, env)
        name = node.attr
        model = obj.type.model
        ftype = None if name.startswith("_") or model is None else self.scope.field_type(model, name)
        if ftype is not None and obj.type.kind == "model":
            return t.Attr(ftype.as_nullable(ftype.nullable or obj.type.nullable), offset, obj, name)
        names = dotted(node)
        attr_offset = offset + len(t.render(obj)) + 1 if names else offset
        if name.startswith("_"):
            raise self.error(
                "forbidden_syntax",
                Text("cond.underscore", name=name),
                attr_offset,
            )
        if obj.type.kind != "model" or model is None:
            raise self.error(
                "unknown_field",
                Text("cond.no_field_of", type=a_type(obj.type), text=t.render(obj), name=name),
                attr_offset,
            )
        if ftype is None:
            if name in helper_names(model):
                raise self.error("wrong_arity", Text("cond.helper", name=name, model=model.__name__), attr_offset)
            raise self.error(
                "unknown_field",
                Text("cond.no_field", model=model.__name__, text=t.render(obj), name=name),
                attr_offset,
                suggest(name, [*field_names(model), *helper_names(model)]),
            )
        return t.Attr(ftype.as_nullable(ftype.nullable or obj.type.nullable), offset, obj, name)

    def check_setting(self, name: str, offset: int) -> t.Node:
        if name in self.scope.settings:
            stype, value = self.scope.settings[name]
            return t.Setting(stype, offset, name, value, self.scope.dated.get(name, ()))
        member = self.scope.first_setting_under(f"{name}.")
        if member is not None:
            raise self.error("unknown_setting", Text("cond.setting_group", name=name), offset, f"settings.{member}")
        best = suggest(name, self.scope.settings)
        raise self.error(
            "unknown_setting", Text("cond.unknown_setting", name=name), offset, f"settings.{best}" if best else None
        )

    def check_literal(self, node: ast.Constant, offset: int) -> t.Node:
        """A text or number as written: Python's other spellings of one are refused, then its value is checked."""
        if isinstance(node.value, str | int | float) and not isinstance(node.value, bool):
            segment = self.source_of(node)
            problem = None if segment is None else misspelt(node.value, segment)
            if problem is not None:
                raise self.error("forbidden_syntax", problem, offset)
        return self.check_constant(node.value, offset)

    def source_of(self, node: ast.expr) -> str | None:
        """The text of ``node`` in the condition (its columns are UTF-8 bytes); a line's slice when on one line."""
        if node.lineno != node.end_lineno or node.end_col_offset is None:
            return ast.get_source_segment(self.wrapped, node)
        line = self.wrapped_lines[node.lineno - 1]
        if line.isascii():
            return line[node.col_offset : node.end_col_offset]
        return line.encode("utf-8")[node.col_offset : node.end_col_offset].decode("utf-8", errors="replace")

    def check_constant(self, value: object, offset: int) -> t.Node:
        if isinstance(value, bool):
            return t.Const(BOOL, offset, value)
        if isinstance(value, int):
            if abs(value) > MAX_INT:
                raise self.error("number_too_large", Text("cond.too_large", value=value), offset)
            return t.Const(INT, offset, value)
        if isinstance(value, float):
            if not abs(value) <= MAX_INT:  # also inf (1e999), whose arithmetic makes NaN
                raise self.error("number_too_large", Text("cond.too_large", value=value), offset)
            return t.Const(NUMBER, offset, value)
        if isinstance(value, str):
            if value != value.strip():
                # Case texts are read with the spaces around them removed: this could never match.
                raise self.error(
                    "padded_string",
                    Text("cond.padded", text=repr(value), fixed=repr(value.strip())),
                    offset,
                )
            return t.Const(STR, offset, value)
        if value is None:
            return t.Const(NULL, offset, None)
        raise self.error("forbidden_syntax", Text("cond.literal", value=repr(value)), offset)

    def check_list(self, elts: list[ast.expr], env: dict[str, Type], offset: int) -> t.Node:
        items = tuple(self.check(e, env) for e in elts)
        for item in items:
            if not isinstance(item, t.Const):
                raise self.error("forbidden_syntax", Text("cond.list_constants"), item.offset)
        kinds = {i.type.kind for i in items}
        if not items:
            elem: Type | None = None
        elif kinds <= {"int", "number"}:
            elem = INT if kinds == {"int"} else NUMBER
        elif len(kinds) == 1:
            elem = items[0].type
        else:
            raise self.error("type_mismatch", Text("cond.list_same_type"), offset)
        return t.ListLit(Type("list", elem=elem), offset, items)


#: The arms of :meth:`Checker.check` by the syntax tree's exact class (a subclass takes the ``isinstance`` arms).
_HANDLERS: Final[dict[type[ast.AST], Callable[[Checker, Any, dict[str, Type], int], t.Node]]] = {
    ast.BoolOp: Checker.check_boolop,
    ast.UnaryOp: Checker.check_unary,
    ast.BinOp: Checker.check_binop,
    ast.Compare: Checker.check_compare,
    ast.Name: Checker.check_name,
    ast.Attribute: Checker.check_attribute,
    ast.Constant: lambda checker, node, _env, offset: checker.check_literal(node, offset),
    ast.List: lambda checker, node, env, offset: checker.check_list(node.elts, env, offset),
    ast.Tuple: lambda checker, node, env, offset: checker.check_list(node.elts, env, offset),
    ast.Set: lambda checker, node, env, offset: checker.check_list(node.elts, env, offset),
    ast.Call: Checker.check_call,
}


def check_expression(
    text: str, scope: Scope, locate: Locate, *, expected: Type | None, context: Text | str
) -> tuple[t.Node | None, list[Diagnostic]]:
    """Parse and check one expression of the language; the node, or None and the diagnostics."""
    checker = Checker(text, scope, locate, context)
    node = checker.run(expected)
    return node, checker.diagnostics


def check_condition(
    text: str, scope: Scope, locate: Locate, *, context: Text | str
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


def _allowed(members: list[str]) -> Text | str:
    """The allowed codes, listed when there are few."""
    if len(members) <= 12:
        return ", ".join(f"'{m}'" for m in members)
    return Text("cond.n_values", count=len(members))


#: Python's words for a condition that does not parse, as catalogue ids (``{x}``: the bracket or character).
_SYNTAX: Final = (
    (re.compile(r"invalid syntax\. Perhaps you forgot a comma\?"), "syntax.comma"),
    (re.compile(r"invalid syntax\. Maybe you meant '==' or ':=' instead of '='\?"), "syntax.assign"),
    (re.compile(r"invalid syntax"), "syntax.invalid"),
    (re.compile(r"'(?P<x>.)' was never closed"), "syntax.never_closed"),
    (re.compile(r"unmatched '(?P<x>.)'"), "syntax.unmatched"),
    (re.compile(r"closing parenthesis '(?P<x>.)' does not match opening parenthesis '(?P<y>.)'.*"), "syntax.mismatch"),
    (re.compile(r"unterminated string literal.*"), "syntax.unterminated"),
    (re.compile(r"invalid decimal literal"), "syntax.decimal"),
    (re.compile(r"too many nested parentheses"), "syntax.too_nested"),
    (re.compile(r"invalid character '(?P<x>.)' \(U\+[0-9A-F]+\)"), "syntax.character"),
    (re.compile(r"cannot assign to .*|expected ':'|invalid syntax\..*"), "syntax.invalid"),
)


def syntax_words(detail: str) -> Text | str:
    """Python's reason a condition does not parse, as a catalogue text (Python's own words when unknown)."""
    for pattern, message_id in _SYNTAX:
        match = pattern.fullmatch(detail)
        if match is not None:
            return Text(message_id, **match.groupdict())
    return detail
