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
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Protocol, TypeVar

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PlainSerializer,
    Strict,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from commitrules.errors import suggest

__all__ = [
    "CODE_PATTERN",
    "ISO_DATE",
    "CodeMembership",
    "CodeSet",
    "Count",
    "Day",
    "Days",
    "Flag",
    "Id",
    "Money",
    "OpenCodes",
    "PersonalId",
    "PersonalText",
    "Text",
    "check_iso_date",
    "open_codes_of",
]

E = TypeVar("E", bound=str)


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


def _sorted_codes(values: frozenset[str]) -> list[str]:
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


def _ascii_amount(value: object) -> object:
    """``value`` unchanged unless it is text with a character outside ASCII.

    ``'３００'`` or ``'300\u3000'`` is refused (``Decimal`` would read them as 300), so that the case's
    error names the character.
    """
    if isinstance(value, str) and not value.isascii():
        raise PydanticCustomError("decimal_parsing", "Input should be a valid decimal")
    return value


#: An amount of money in yuan (元): a finite decimal, never negative. JSON: a number or a numeric string.
Money = Annotated[
    Decimal,
    BeforeValidator(_ascii_amount),
    Field(ge=0, allow_inf_nan=False),
    # pydantic's own schema allows any string; say which strings are amounts.
    WithJsonSchema({"anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": _AMOUNT}]}),
]

#: A set of codes of one enum, or of an open list of the vocabulary (:class:`OpenCodes`).
#: JSON: an array without repeats (repeats are merged), dumped sorted.
CodeSet = Annotated[frozenset[E], PlainSerializer(_sorted_codes, return_type=list[str], when_used="json")]


#: What a code looks like: snake_case.
CODE_PATTERN = r"^[a-z][a-z0-9_]*$"


class CodeMembership(Protocol):
    """What validation needs of a vocabulary: whether a list holds a code, and the list's codes."""

    def has(self, list_name: str, code: str) -> bool:
        """Whether ``code`` belongs to ``list_name``."""
        ...

    def codes(self, list_name: str) -> tuple[str, ...]:
        """The codes of ``list_name``."""
        ...


@dataclass(frozen=True, slots=True)
class OpenCodes:
    """Marks a ``str`` field whose values are the codes of an *open* list of the pack's vocabulary.

    Use it as ``Annotated[str, OpenCodes("risk_flags", RiskFlag)]``. ``list_name`` is the vocabulary
    list; ``bundled`` the enum of the bundled pack's codes, which typed Python code may use
    (``RiskFlag.public_safety`` is the string ``"public_safety"``). The condition checker types such a
    field by its list, and the loaded pack's vocabulary says which codes it may hold.

    Validation: a snake_case string. With a vocabulary in the validation context
    (``context={"vocabulary": pack.vocabulary}``, as ``parse_case`` and the evaluator pass), the code
    must be in its list; without one (a case built in Python), the evaluator checks it against its pack.
    The JSON Schema carries ``x-vocabulary: <list>``, which ``commitrules schema case`` turns into the
    pack's codes as an ``enum``.
    """

    list_name: str
    bundled: type[StrEnum]

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        """A snake_case string, then checked against the vocabulary of the validation context."""
        return core_schema.with_info_after_validator_function(self.check, core_schema.str_schema())

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        """A string naming its vocabulary list (``x-vocabulary``)."""
        return {
            "type": "string",
            "pattern": CODE_PATTERN,
            "x-vocabulary": self.list_name,
            "description": f"A code of the vocabulary list '{self.list_name}' (vocabulary.yaml).",
        }

    def check(self, value: str, info: ValidationInfo) -> str:
        """``value`` when the context's vocabulary (if any) has it in this list.

        Raises:
            PydanticCustomError: ``unknown_code``, with the list's codes and a suggestion.
        """
        context = info.context
        vocabulary: CodeMembership | None = context.get("vocabulary") if isinstance(context, dict) else None
        if vocabulary is None:
            if re.fullmatch(CODE_PATTERN, value):
                return value
            raise PydanticCustomError(
                "unknown_code", "Not an allowed value", {"expected": "a snake_case code (e.g. 'public_safety')"}
            )
        if vocabulary.has(self.list_name, value):
            return value
        raise PydanticCustomError(*unknown_code_error(self.list_name, value, vocabulary.codes(self.list_name)))


def unknown_code_error(list_name: str, value: str, allowed: tuple[str, ...]) -> tuple[str, str, dict[str, str]]:
    """The code, message and context of the error for ``value``, not a code of ``list_name``."""
    guess = suggest(value, allowed)
    message = "Not an allowed value" + (f"; did you mean '{guess}'?" if guess else "")
    listed = ", ".join(f"'{code}'" for code in allowed)
    context = {"expected": "one of " + listed, "list": list_name, "allowed": listed}
    return "unknown_code", message, {**context, **({"guess": guess} if guess else {})}


def open_codes_of(metadata: Iterable[object]) -> OpenCodes | None:
    """The :class:`OpenCodes` marker among a field's or an ``Annotated``'s metadata, or None."""
    return next((m for m in metadata if isinstance(m, OpenCodes)), None)
