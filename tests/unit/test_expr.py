"""The condition language: what it accepts, what it rejects and where, and what it computes."""

from __future__ import annotations

import datetime as dt
import pickle
from decimal import Decimal
from enum import StrEnum

import pytest

from commitrules.engine.compiled import compile_expression
from commitrules.errors import Span
from commitrules.model._base import Case, Entity, condition_helper
from commitrules.policy import tree as t
from commitrules.policy.expr import Scope, check_condition, check_expression
from commitrules.policy.types import INT, enum_type, list_of


class Color(StrEnum):
    red = "red"
    green = "green"
    blue = "blue"


class Item(Entity):
    color: Color
    weight: int = 0
    flagged: bool = False


class Box(Entity):
    items: list[Item] = []  # noqa: RUF012 - pydantic copies field defaults
    tags: frozenset[Color] = frozenset()
    opened_on: dt.date | None = None
    price: Decimal = Decimal(0)

    @condition_helper
    def has_color(self, *colors: Color) -> bool:
        return any(i.color in colors for i in self.items)


class ToyCase(Case):
    KIND = "toy"
    kind: str = "toy"
    box: Box
    spare: Box | None = None
    count: int = 0
    limit: int | None = None
    name: str = ""
    day: dt.date = dt.date(2020, 1, 1)

    @condition_helper
    def is_busy(self, threshold: int) -> bool:
        return self.count > threshold


SCOPE = Scope(
    ToyCase,
    {"toy.limit": (INT, 3), "toy.colors": (list_of(enum_type(Color)), (Color.red, Color.blue))},
    frozenset({"serious"}),
)


def locate(offset: int) -> Span:
    return Span("toy.yaml", 7, 10 + offset)


def check(text: str) -> t.Node:
    node, diagnostics = check_condition(text, SCOPE, locate, context="rule 'toy'")
    assert [] == [d.render() for d in diagnostics]
    assert node is not None
    return node


def errors(text: str) -> list[tuple[str, int]]:
    node, diagnostics = check_condition(text, SCOPE, locate, context="rule 'toy'")
    assert node is None
    return [(d.code, d.span.column) for d in diagnostics]


def run(
    text: str, case: ToyCase, derived: frozenset[str] = frozenset(), as_of: dt.date = dt.date(2020, 6, 1)
) -> object:
    return compile_expression(check(text))(case, derived, as_of)


CASE = ToyCase(
    kind="toy",
    box=Box(
        items=[Item(color=Color.red, weight=3), Item(color=Color.green, weight=5, flagged=True)],
        tags=frozenset({Color.red}),
        opened_on=dt.date(2020, 5, 1),
        price=Decimal("12.5"),
    ),
    count=4,
)


@pytest.mark.parametrize(
    ("text", "code", "column"),
    [
        ("__import__('os')", "forbidden_syntax", 10),
        ("box.__class__", "forbidden_syntax", 14),
        ("count ** 999999", "forbidden_syntax", 10),
        ("[i for i in box.items]", "forbidden_syntax", 10),
        ("(lambda: True)()", "forbidden_syntax", 10),
        ("box.items[0].flagged", "forbidden_syntax", 10),
        ("open('x')", "forbidden_syntax", 10),
        ("eval('1')", "forbidden_syntax", 10),
        ("count if count else 1", "forbidden_syntax", 10),
        ("bx.items", "unknown_name", 10),
        ("box.itmes.any(i, i.flagged)", "unknown_field", 14),
        ("box.items.any(i, i.color == 'rde')", "unknown_enum_literal", 38),
        ("'purple' in box.tags", "unknown_enum_literal", 10),
        ("count == 'four'", "type_mismatch", 10),
        ("count", "type_mismatch", 10),
        ("count > box.opened_on", "type_mismatch", 10),
        ("box.has_color()", "wrong_arity", 10),
        ("box.has_color(3)", "type_mismatch", 24),
        ("frobnicate(1)", "unknown_function", 10),
        ("settings.toy.limt > 1", "unknown_setting", 10),
        ("settings.toy > 1", "unknown_setting", 10),
        ("count >", "syntax_error", 16),
        ("count == 2**60", "forbidden_syntax", 19),
        ("count == 99999999999999999999", "number_too_large", 19),
        ("date('2020-13-01') < day", "invalid_date", 10),
        ("box.items.any(count, count)", "shadowed_name", 24),
        ("count is None", "forbidden_syntax", 19),
        ("not " * 60 + "serious", "too_complex", 10),
        ("", "empty_condition", 10),
    ],
)
def test_rejected_with_code_and_column(text: str, code: str, column: int) -> None:
    """Each forbidden or ill-typed condition gets its stable code at the column of the culprit."""
    assert [(code, column)] == errors(text)


def test_suggestion_is_stored() -> None:
    """A misspelt name carries the closest known name as a structured suggestion."""
    _, diagnostics = check_condition("cuont > 1", SCOPE, locate, context="rule 'toy'")
    assert "count" == diagnostics[0].suggestion
    assert "Did you mean 'count'?" in diagnostics[0].message


def test_chinese_text_columns_count_characters() -> None:
    """Offsets are characters, not UTF-8 bytes, so carets line up under Chinese text."""
    _, diagnostics = check_condition("name == '连云港' and cuont > 1", SCOPE, locate, context="rule 'toy'")
    assert 10 + len("name == '连云港' and ") == diagnostics[0].span.column


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("count == 4", True),
        ("count != 4", False),
        ("0 < count <= 4", True),
        ("count > settings.toy.limit", True),
        ("box.items.any(i, i.color == 'green' and i.flagged)", True),
        ("box.items.all(i, i.weight > 2)", True),
        ("box.items.count(i, i.weight > 3) == 1", True),
        ("box.has_color('blue', 'red')", True),
        ("box.has_color('blue')", False),
        ("'red' in box.tags", True),
        ("'blue' not in box.tags", True),
        ("box.tags.any(c, c in settings.toy.colors)", True),
        ("days_between(box.opened_on, as_of) == 31", True),
        ("add_days(day, 31) == date('2020-02-01')", True),
        ("add_years(day, 3) == date('2023-01-01')", True),
        ("add_years(date('2020-02-29'), 1) == date('2021-02-28')", True),
        ("add_years(date('2020-02-29'), 4) == date('2024-02-29')", True),
        ("add_days(day, 9999999) == null", True),
        ("day + 9999999 == null", True),
        ("add_years(day, 9000) == null", True),
        ("len(box.items) == 2", True),
        ("box.price > 12", True),
        ("box.price * 2 == 25", True),
        ("box.price / 0 == null", True),
        ("max(count, 10) == 10 and min(count, 10) == 4", True),
        ("serious", False),
        ("not serious", True),
        ("name in ['', 'x']", True),
        ("-count < 0", True),
        ("is_busy(3) and not is_busy(4)", True),
    ],
)
def test_values(text: str, expected: object) -> None:
    """The generated code computes what the language says."""
    assert expected == run(text, CASE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("limit > 3", False),
        ("limit <= 3", False),
        ("not (limit > 3)", True),
        ("limit == null", True),
        ("limit != 3", True),
        ("spare.opened_on < as_of", False),
        ("spare == null", True),
        ("spare.items.any(i, i.flagged)", False),
        ("spare.items.all(i, i.flagged)", True),
        ("'red' in spare.tags", False),
        ("days_between(spare.opened_on, as_of) > 1", False),
        ("len(spare.items) == 0", False),
        ("spare.has_color('red')", False),
        ("limit + 1 > 0", False),
    ],
)
def test_null_semantics(text: str, expected: object) -> None:
    """Null compares equal only to null; ordering and arithmetic with null are false; nothing raises."""
    assert expected == bool(run(text, CASE))


def test_derived_and_as_of() -> None:
    """Derived facts are read from the derived set; as_of is the evaluation date."""
    assert True is run("serious and as_of > day", CASE, frozenset({"serious"}))


def test_route_expression_must_have_expected_type() -> None:
    """An expression used where an enum is expected is rejected when it is of another type."""
    node, diagnostics = check_expression("count", SCOPE, locate, expected=enum_type(Color), context="route")
    assert node is None
    assert ["type_mismatch"] == [d.code for d in diagnostics]


def test_tree_is_picklable_and_renders_canonically() -> None:
    """Checked trees are plain data: they pickle, and render back to canonical text."""
    node = check("box.items.any(i, i.color == 'red')   and not(count>1)")
    assert node == pickle.loads(pickle.dumps(node))
    assert "box.items.any(i, i.color == 'red') and not count > 1" == t.render(node)


@pytest.mark.parametrize(
    ("text", "message_id", "at"),
    [
        ("name in ['a' 'b']", "cond.adjacent_texts", "'a'"),
        ('name == "a" "b"', "cond.adjacent_texts", '"a"'),
        ("name == ('a'\n'b')", "cond.adjacent_texts", "'a'"),
        ("name == '连云港' '市'", "cond.adjacent_texts", "'连云港'"),
        ("name == '连云港' and name == u'市'", "cond.text_spelling", "u'市'"),
        ("name == u'a'", "cond.text_spelling", "u'a'"),
        ("name == R'a'", "cond.text_spelling", "R'a'"),
        ("name == '''a'''", "cond.text_spelling", "'''"),
        ('name == """a"""', "cond.text_spelling", '"""'),
        ("count == 0x4", "cond.number_spelling", "0x4"),
        ("count == 0O4", "cond.number_spelling", "0O4"),
        ("count == 0b100", "cond.number_spelling", "0b100"),
        ("count == 4_0", "cond.number_spelling", "4_0"),
        ("box.price == 1_2.5", "cond.number_spelling", "1_2.5"),
    ],
)
def test_python_spellings_that_a_reader_would_misread_are_refused(text: str, message_id: str, at: str) -> None:
    """``['a' 'b']`` is the one text 'ab' to Python (a comma left out); prefixes, triple quotes, 0x and 1_000 too."""
    _, diagnostics = check_condition(text, SCOPE, locate, context="rule 'toy'")
    found = [(d.code, d.params["message"].id, d.span.column) for d in diagnostics]  # type: ignore[attr-defined]
    assert [("forbidden_syntax", message_id, 10 + text.index(at))] == found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name == ''", True),
        ("name != '连云港'", True),
        ("name != 'it\\'s' and name != \"a\\tb\"", True),
        ("name != ('a'\n)", True),
        ('name == ""', True),
        ("count == 4.0", True),
        ("count < 1e3", True),
        ("box.price == 12.50", True),
    ],
)
def test_the_plain_spellings_are_kept(text: str, expected: object) -> None:
    """Single and double quotes, decimals and an exponent are read as before."""
    assert expected == run(text, CASE)
