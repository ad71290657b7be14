"""Every pydantic error a case can raise is said in Chinese under ``zh``; its English stays in the record."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

import pytest
from pydantic import BaseModel, Field, ValidationError, field_validator

from commitrules.messages import catalogue, placeholders
from commitrules.model._case_errors import _PYDANTIC_WORDS
from commitrules.model._case_errors import case_errors as _case_errors
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
