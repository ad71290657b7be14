"""Every pydantic error a case can raise is said in Chinese under ``zh``; its English stays in the record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from typing import Annotated, Literal

import pytest
from pydantic import BaseModel, Field, ValidationError, field_validator
from pydantic_core._pydantic_core import list_all_errors

from commitrules.messages import catalogue, placeholders
from commitrules.model._case_errors import _MESSAGES, _PYDANTIC_WORDS, error_text
from commitrules.model._case_errors import case_errors as _case_errors
from commitrules.model._parse import check_limits
from tests.language_leaks import chinese_characters, english_runs


class _A(BaseModel):
    tag: Literal["a"]


class _B(BaseModel):
    tag: Literal["b"]


class _Odd(BaseModel):
    """Constraints and a validator that no bundled case model has yet, as a pack's extension might."""

    code: Annotated[str, Field(pattern=r"^[a-z]+$")] = "a"
    amount: Annotated[Decimal, Field(allow_inf_nan=False, max_digits=4, decimal_places=1)] = Decimal(0)
    step: Annotated[int, Field(multiple_of=5)] = 0
    pair: tuple[int, int] = (0, 0)
    choice: Annotated[_A | _B, Field(discriminator="tag")] = _A(tag="a")
    note: str = ""

    @field_validator("note")
    @classmethod
    def _no_x(cls, value: str) -> str:
        if "x" in value:
            msg = "the note must not contain an x"
            raise ValueError(msg)
        return value


@pytest.mark.parametrize(
    ("field", "value", "kind"),
    [
        ("code", "ABC", "string_pattern_mismatch"),
        ("amount", "Infinity", "finite_number"),
        ("amount", "12345", "decimal_max_digits"),
        ("amount", "1.25", "decimal_max_places"),
        ("step", 7, "multiple_of"),
        ("pair", 3, "tuple_type"),
        ("choice", {"tag": "c"}, "union_tag_invalid"),
        ("choice", {}, "union_tag_not_found"),
        ("note", "xyz", "value_error"),
    ],
)
def test_pydantic_errors_are_said_in_both_languages(field: str, value: object, kind: str) -> None:
    """zh has no English sentence (the validator's own words quoted), en is pydantic's message as it was."""
    with pytest.raises(ValidationError) as raised:
        _Odd.model_validate({field: value})
    assert kind == raised.value.errors()[0]["type"]
    (error,) = _case_errors(_Odd, raised.value)
    assert [] == english_runs(error.render("zh")), error.render("zh")
    assert [] == chinese_characters(error.render("en")), error.render("en")
    assert raised.value.errors()[0]["msg"].removeprefix("Value error, ") in error.render("en")


def test_the_words_of_pydantic_exist_with_its_placeholders() -> None:
    """Each mapped id is in both catalogues, and the zh text asks for no placeholder the en text lacks."""
    for words in set(_PYDANTIC_WORDS.values()):
        assert placeholders(catalogue("zh")[words]) == placeholders(catalogue("en")[words]), words


class _Colour(Enum):
    RED = "red"


class _Every(BaseModel):
    """A field for each pydantic error the tables word (what a pack's own case model might declare)."""

    i: int = 0
    f: float = 0
    d: Decimal = Decimal(0)
    b: bool = False
    s: str = ""
    day: dt.date = dt.date(2020, 1, 1)
    ge: Annotated[int, Field(ge=1)] = 1
    gt: Annotated[int, Field(gt=1)] = 2
    le: Annotated[int, Field(le=1)] = 1
    lt: Annotated[int, Field(lt=1)] = 0
    text: Annotated[str, Field(min_length=1, max_length=2)] = "a"
    items: Annotated[list[int], Field(min_length=1, max_length=1)] = [1]
    finite: Annotated[float, Field(allow_inf_nan=False)] = 0
    pattern: Annotated[str, Field(pattern="^a$")] = "a"
    step: Annotated[int, Field(multiple_of=5)] = 0
    amount: Annotated[Decimal, Field(max_digits=4, decimal_places=1)] = Decimal(0)
    pair: tuple[int, int] = (0, 0)
    many: Iterable[int] = ()
    choice: Annotated[_A | _B, Field(discriminator="tag")] = _A(tag="a")
    sub: _A = _A(tag="a")
    fixed: frozenset[int] = frozenset()
    loose: set[int] = set()
    table: dict[str, int] = {}
    listed: list[int] = []
    colour: _Colour = _Colour.RED
    literal: Literal["x"] = "x"


class _Attributes:
    """An object read with ``from_attributes`` whose attribute is no model."""

    sub = 3


#: For every pydantic error type the tables word: the field and the value that raise it.
_RAISED: dict[str, tuple[str, object]] = {
    "int_type": ("i", [1]),
    "int_parsing": ("i", "x"),
    "int_from_float": ("i", 1.5),
    "float_type": ("f", [1]),
    "float_parsing": ("f", "x"),
    "decimal_type": ("d", [1]),
    "decimal_parsing": ("d", "x"),
    "bool_type": ("b", [1]),
    "bool_parsing": ("b", "maybe"),
    "string_type": ("s", 1),
    "date_type": ("day", [1]),
    "date_parsing": ("day", "2020-13-01"),
    "date_from_datetime_parsing": ("day", "x"),
    "date_from_datetime_inexact": ("day", dt.datetime(2020, 1, 1, 1, tzinfo=dt.UTC)),
    "greater_than_equal": ("ge", 0),
    "greater_than": ("gt", 1),
    "less_than_equal": ("le", 2),
    "less_than": ("lt", 1),
    "string_too_long": ("text", "abc"),
    "string_too_short": ("text", ""),
    "too_long": ("items", [1, 2]),
    "too_short": ("items", []),
    "finite_number": ("finite", float("inf")),
    "int_parsing_size": ("i", "1" * 5000),
    "string_pattern_mismatch": ("pattern", "b"),
    "string_unicode": ("s", b"\xff"),
    "multiple_of": ("step", 7),
    "decimal_max_digits": ("amount", "12345"),
    "decimal_max_places": ("amount", "1.25"),
    "decimal_whole_digits": ("amount", "1234"),
    "tuple_type": ("pair", 3),
    "iterable_type": ("many", 3),
    "union_tag_invalid": ("choice", {"tag": "c"}),
    "union_tag_not_found": ("choice", {}),
    "model_type": ("sub", 3),
    "model_attributes_type": ("sub", _Attributes()),
    "frozen_set_type": ("fixed", 3),
    "set_type": ("loose", 3),
    "dict_type": ("table", 3),
    "list_type": ("listed", 3),
    "enum": ("colour", "blue"),
    "literal_error": ("literal", "y"),
}


def _raised(kind: str) -> ValidationError:
    field, value = _RAISED[kind]
    if kind == "date_parsing":  # a strict JSON reading parses a date string as a date only
        with pytest.raises(ValidationError) as raised:
            _Every.model_validate_json(b'{"day": "2020-13-01"}', strict=True)
    elif kind == "model_attributes_type":
        with pytest.raises(ValidationError) as raised:
            _Every.model_validate(_Attributes(), from_attributes=True)
    else:
        with pytest.raises(ValidationError) as raised:
            _Every.model_validate({field: value})
    return raised.value


def test_every_worded_error_type_has_a_real_example() -> None:
    """Each type of both tables is raised below: a type added to a table must come with its example."""
    assert set(_PYDANTIC_WORDS) | set(_MESSAGES) == set(_RAISED)


@pytest.mark.parametrize("kind", sorted(_RAISED))
def test_every_worded_error_is_said_with_what_pydantic_gives(kind: str) -> None:
    """A real error of each type is worded by its table's id in both languages (no KeyError, no fallback)."""
    exc = _raised(kind)
    (detail,) = [d for d in exc.errors(include_url=False, include_context=True) if d["type"] == kind]
    text = error_text(detail)
    assert _PYDANTIC_WORDS.get(kind, _MESSAGES.get(kind)) == text.id
    for lang in ("zh", "en"):
        assert text.in_(lang)
        for error in _case_errors(_Every, exc):
            assert error.render(lang)


@pytest.mark.parametrize("kind", sorted(_PYDANTIC_WORDS))
def test_the_placeholders_of_each_word_are_in_pydantics_context(kind: str) -> None:
    """Each placeholder of a type's words is a key of the context pydantic documents for that type."""
    documented = {e["type"]: e for e in list_all_errors()}[kind]
    context = set(documented["example_context"] or {})
    for lang in ("zh", "en"):
        assert placeholders(catalogue(lang)[_PYDANTIC_WORDS[kind]]) <= context, lang


def _nested(depth: int) -> object:
    value: object = "x"
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    "content",
    [
        {"note": "x" * 10_001},
        {"x" * 10_001: 1},
        {"items": list(range(1_001))},
        {f"k{i}": 1 for i in range(1_001)},
        {"deep": _nested(40)},
        {f"k{i}": list(range(900)) for i in range(30)},
        {f"k{i}": "x" * 9_000 for i in range(120)},
    ],
    ids=["text", "key", "list", "object", "depth", "values", "all-text"],
)
def test_a_case_past_a_limit_says_what_it_found_in_chinese(content: dict[str, object]) -> None:
    """The 'found' of a limit's error was English in Chinese too ('10001 characters', '1001 items', 'more')."""
    error = check_limits({"kind": "summary", "content": content})
    assert error is not None
    _, expected, found = error.words("zh")
    assert found and chinese_characters(found) and not english_runs(found), found
    assert not english_runs(expected), expected
    assert error.found == error.words("en")[2]  # the record's field keeps its English words
