"""Annotated field types shared by the entities: identifiers, optional text, money and code sets.

They keep the rules of a value (non-empty, blank means absent, non-negative and finite, sorted
in JSON) in one place, so that every entity validates the same fact the same way.
"""

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, TypeVar

from pydantic import AfterValidator, Field, PlainSerializer

__all__ = ["CodeSet", "Id", "Money", "PersonalId", "PersonalText", "Text"]

E = TypeVar("E", bound=StrEnum)


def _blank_to_none(value: str | None) -> str | None:
    """Blank text says nothing, so it is stored as absent (null) and rules test one thing."""
    return value or None


def _sorted_codes(values: frozenset[StrEnum]) -> list[str]:
    """Codes in JSON are sorted, so that a case dumps to the same text on every run."""
    return sorted(str(v) for v in values)


#: An identifier or a name that must be given: a non-empty string.
Id = Annotated[str, Field(min_length=1)]

#: Optional free text; blank text is stored as null.
Text = Annotated[str | None, AfterValidator(_blank_to_none)]

#: Optional text that identifies a person (a name, an ID number): the decision log can store it
#: redacted (``commitrules.service.log.redact``); JSON Schema marks it ``"personal": true``.
PersonalText = Annotated[Text, Field(json_schema_extra={"personal": True})]

#: A required name that identifies a person or a unit, marked personal as :data:`PersonalText` is.
PersonalId = Annotated[Id, Field(json_schema_extra={"personal": True})]

#: An amount of money in yuan (元): a finite decimal, never negative. JSON: a number or a numeric string.
Money = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]

#: A set of codes of one enum. JSON: an array without repeats (repeats are merged), dumped sorted.
CodeSet = Annotated[frozenset[E], PlainSerializer(_sorted_codes, return_type=list[str], when_used="json")]
