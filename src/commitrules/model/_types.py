"""Annotated field types shared by the entities: identifiers, optional text, money and code sets.

They keep the rules of a value (non-empty, blank means absent, non-negative and finite, sorted
in JSON) in one place, so that every entity validates the same fact the same way.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Protocol, TypeVar

from pydantic import AfterValidator, Field, GetCoreSchemaHandler, GetJsonSchemaHandler, PlainSerializer, ValidationInfo
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from commitrules.errors import suggest

__all__ = ["CODE_PATTERN", "CodeMembership", "CodeSet", "Id", "Money", "OpenCodes", "Text", "open_codes_of"]

E = TypeVar("E", bound=str)


def _blank_to_none(value: str | None) -> str | None:
    """Blank text says nothing, so it is stored as absent (null) and rules test one thing."""
    return value or None


def _sorted_codes(values: frozenset[str]) -> list[str]:
    """Codes in JSON are sorted, so that a case dumps to the same text on every run."""
    return sorted(str(v) for v in values)


#: An identifier or a name that must be given: a non-empty string.
Id = Annotated[str, Field(min_length=1)]

#: Optional free text; blank text is stored as null.
Text = Annotated[str | None, AfterValidator(_blank_to_none)]

#: An amount of money in yuan (元): a finite decimal, never negative. JSON: a number or a numeric string.
Money = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]

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
    expected = "one of " + ", ".join(f"'{code}'" for code in allowed)
    return "unknown_code", message, {"expected": expected, "list": list_name}


def open_codes_of(metadata: Iterable[object]) -> OpenCodes | None:
    """The :class:`OpenCodes` marker among a field's or an ``Annotated``'s metadata, or None."""
    return next((m for m in metadata if isinstance(m, OpenCodes)), None)
