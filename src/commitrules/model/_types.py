"""Annotated field types shared by the entities: flags, counts, days, identifiers, text, money, code sets.

They keep the rules of a value (non-empty, blank means absent, non-negative and finite, sorted
in JSON) in one place, so that every entity validates the same fact the same way.

A case means what its JSON Schema (``commitrules schema case``) says: values are taken as they are
typed, never guessed. The only conversions made are these, each because it is how JSON writes
the value or how JSON Schema itself reads it:

- a date is written as a string ``YYYY-MM-DD`` (JSON has no date type; JSON Schema ``format: date``);
- a whole number written with a zero fraction (``30.0``) is an integer (JSON Schema counts it as one);
- an amount of money may be written as a decimal string (``"12.50"``), which keeps its exact digits;
- a code set (a JSON array) may repeat a code: repeats are merged;
- text is stripped of surrounding white space, and blank optional text means absent (null).

Nothing else is converted: ``"yes"``, ``"true"``, ``1`` are not booleans; ``"30"`` and ``true`` are not
integers; a number is not a date (it is not a Unix time), and neither is a date and time.
"""

import datetime as dt
import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, TypeVar

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, Strict, WithJsonSchema
from pydantic_core import PydanticCustomError

__all__ = [
    "ISO_DATE",
    "CodeSet",
    "Count",
    "Day",
    "Days",
    "Flag",
    "Id",
    "Money",
    "PersonalId",
    "PersonalText",
    "Text",
    "check_iso_date",
]

E = TypeVar("E", bound=StrEnum)


def _blank_to_none(value: str | None) -> str | None:
    """Blank text says nothing, so it is stored as absent (null) and rules test one thing."""
    return value or None


#: How a date is written in a case document and on the command line.
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

_DATE_HINT = "A date is written YYYY-MM-DD, e.g. 2020-05-20"


def check_iso_date(value: object) -> object:
    """``value`` unchanged when it may be read as a date; a clear error for anything else.

    A ``date`` passes, and so does a string ``YYYY-MM-DD`` (pydantic then checks that the day
    exists). A datetime is refused (its time and zone would be dropped silently), and so is a
    number (pydantic would read it as a Unix time) or another spelling (``20200520``).

    Examples:
        >>> check_iso_date("2020-05-20")
        '2020-05-20'
        >>> check_iso_date("20200520")
        Traceback (most recent call last):
        ...
        pydantic_core._pydantic_core.PydanticCustomError: A date is written YYYY-MM-DD, e.g. 2020-05-20
    """
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("date_type", "A date has no time of day; write YYYY-MM-DD, e.g. 2020-05-20")
    if isinstance(value, dt.date) or (isinstance(value, str) and ISO_DATE.fullmatch(value)):
        return value
    raise PydanticCustomError("date_type", _DATE_HINT)


def _check_count(value: object) -> object:
    """Only numbers reach the integer check: text and booleans are refused, not converted."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise PydanticCustomError(
            "int_type",
            "Input should be an integer (a JSON number), not {kind}",
            {"kind": "true or false" if isinstance(value, bool) else type(value).__name__},
        )
    return value


def _sorted_codes(values: frozenset[StrEnum]) -> list[str]:
    """Codes in JSON are sorted, so that a case dumps to the same text on every run."""
    return sorted(str(v) for v in values)


#: True or false, and nothing else (no ``"yes"``, ``"true"``, ``1``).
Flag = Annotated[bool, Strict()]

#: A whole number: an integer, or a number with a zero fraction; never text or true/false.
Count = Annotated[int, BeforeValidator(_check_count)]

#: A number of days, 1 or more (the bound inside the type, so that the schema of ``Days | None`` states it).
Days = Annotated[int, Field(gt=0), BeforeValidator(_check_count)]

#: A calendar date: a ``date``, or a string ``YYYY-MM-DD``; never a number or a date and time.
Day = Annotated[dt.date, BeforeValidator(check_iso_date)]

#: An identifier or a name that must be given: text that is not blank (the schema says so with a pattern).
Id = Annotated[str, Field(min_length=1, json_schema_extra={"pattern": r"\S"})]

#: Optional free text; blank text is stored as null.
Text = Annotated[str | None, AfterValidator(_blank_to_none)]

#: Optional text that identifies a person (a name, an ID number): the decision log can store it
#: redacted (``commitrules.service.log.redact``); JSON Schema marks it ``"personal": true``.
PersonalText = Annotated[Text, Field(json_schema_extra={"personal": True})]

#: A required name that identifies a person or a unit, marked personal as :data:`PersonalText` is.
PersonalId = Annotated[Id, Field(json_schema_extra={"personal": True})]

_AMOUNT = r"^[0-9]+(\.[0-9]+)?$"

#: An amount of money in yuan (元): a finite decimal, never negative. JSON: a number or a numeric string.
Money = Annotated[
    Decimal,
    Field(ge=0, allow_inf_nan=False),
    # pydantic's own schema allows any string; say which strings are amounts.
    WithJsonSchema({"anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": _AMOUNT}]}),
]

#: A set of codes of one enum. JSON: an array without repeats (repeats are merged), dumped sorted.
CodeSet = Annotated[frozenset[E], PlainSerializer(_sorted_codes, return_type=list[str], when_used="json")]
