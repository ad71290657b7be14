"""pydantic's errors of a case as :class:`CaseError`: a JSON path, the catalogue's words, expected and found."""

import datetime as dt
import reprlib
import types
import typing
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from commitrules._lookalike import numeric_lookalike
from commitrules.errors import MAX_DIAGNOSTICS, CaseError, suggest
from commitrules.messages import Text, catalogue, placeholders

__all__ = ["FOUND_WIDTH", "case_errors", "error_text", "found", "json_path"]

#: How many characters of a found value an error shows.
FOUND_WIDTH = 80


class _Found(reprlib.Repr):
    """Python's repr, shortened; a date or a time as YAML writes it (``2020-01-01``, not ``datetime.date(...)``).

    An unquoted ``id: 2020-01-01`` in a case file is a date: the message says what the file holds, not how
    Python holds it.
    """

    def repr_date(self, value: dt.date, level: int) -> str:  # noqa: ARG002 - reprlib's signature
        return value.isoformat()

    def repr_datetime(self, value: dt.datetime, level: int) -> str:  # noqa: ARG002
        return value.isoformat()


_repr = _Found()
_repr.maxlevel = 3
_repr.maxstring = FOUND_WIDTH
_repr.maxother = FOUND_WIDTH
_repr.maxlist = _repr.maxtuple = _repr.maxset = _repr.maxfrozenset = _repr.maxdict = 6

_SCALAR_NAMES: dict[object, str] = {
    bool: "case.type.bool",
    int: "case.type.int",
    float: "case.type.number",
    Decimal: "case.type.number",
    str: "case.type.str",
    date: "case.type.date",
}

# pydantic's words for a few errors, in the vocabulary of case documents.
#: Messages of pydantic's error types, as catalogue ids (their English is the message kept in the records).
_MESSAGES = {
    "model_type": "case.expected_object",
    "model_attributes_type": "case.expected_object",
    "dict_type": "case.expected_object",
    "list_type": "case.expected_list",
    "frozen_set_type": "case.expected_list",
    "set_type": "case.expected_list",
    "enum": "case.not_allowed",
    "literal_error": "case.not_allowed",
    "string_too_short": "case.empty",
}
#: pydantic's own messages (kept as they are in English) and the catalogue ids that say them in other languages.
_PYDANTIC_WORDS = {
    "int_type": "case.pydantic.int",
    "int_parsing": "case.pydantic.int",
    "int_from_float": "case.pydantic.int",
    "float_type": "case.pydantic.number",
    "float_parsing": "case.pydantic.number",
    "decimal_type": "case.pydantic.number",
    "decimal_parsing": "case.pydantic.number",
    "bool_type": "case.pydantic.bool",
    "bool_parsing": "case.pydantic.bool",
    "string_type": "case.pydantic.str",
    "date_type": "case.pydantic.date",
    "date_parsing": "case.pydantic.date",
    "date_from_datetime_parsing": "case.pydantic.date",
    "date_from_datetime_inexact": "case.pydantic.date",
    "greater_than_equal": "case.pydantic.ge",
    "greater_than": "case.pydantic.gt",
    "less_than_equal": "case.pydantic.le",
    "less_than": "case.pydantic.lt",
    "string_too_long": "case.pydantic.too_long",
    "too_long": "case.pydantic.too_long",
    "too_short": "case.pydantic.too_short",
    "finite_number": "case.pydantic.finite",
    "int_parsing_size": "case.pydantic.int_size",
    "string_pattern_mismatch": "case.pydantic.pattern",
    "string_unicode": "case.pydantic.unicode",
    "multiple_of": "case.pydantic.multiple_of",
    "decimal_max_digits": "case.pydantic.max_digits",
    "decimal_max_places": "case.pydantic.max_places",
    "decimal_whole_digits": "case.pydantic.whole_digits",
    "tuple_type": "case.pydantic.list",
    "iterable_type": "case.pydantic.list",
    "union_tag_invalid": "case.pydantic.union_tag",
    "union_tag_not_found": "case.pydantic.union_tag_missing",
}


#: pydantic's errors of a value that is no number, where a text may look like one.
_NUMBER_ERRORS = frozenset(
    {"int_type", "int_parsing", "float_type", "float_parsing", "decimal_type", "decimal_parsing"}
)


def case_errors(model: type[BaseModel], exc: ValidationError) -> list[CaseError]:
    details = exc.errors(include_url=False, include_context=True)
    errors = [_case_error(model, d) for d in details[:MAX_DIAGNOSTICS]]
    if len(details) > MAX_DIAGNOSTICS:
        errors.append(CaseError.of("$", Text("case.more_problems", count=len(details) - MAX_DIAGNOSTICS)))
    return errors


def _case_error(model: type[BaseModel], detail: ErrorDetails) -> CaseError:
    loc = tuple(detail["loc"])
    kind = detail["type"]
    if kind == "invalid_key":
        return CaseError.of(
            json_path(loc[:-1]), Text("case.key_not_text"), Text("case.type.str"), found(detail["input"])
        )
    if kind == "extra_forbidden":
        name = str(loc[-1])
        parent = _annotation_at(model, loc[:-1])
        known = list(parent.model_fields) if _is_model(parent) else []
        close = suggest(name, known)
        expected_text = (
            Text("case.no_such_field.guess", guess=close)
            if close
            else Text("case.no_such_field", known=", ".join(known))
        )
        return CaseError.of(
            json_path(loc), Text("case.unknown_field", name=name), expected_text, found(detail["input"])
        )
    annotation = _annotation_at(model, loc)
    expected: Text | str = _describe(annotation) if annotation is not None else ""
    if kind == "missing":
        return CaseError.of(json_path(loc), Text("case.missing_field", name=loc[-1]), expected)
    ctx = detail.get("ctx", {})
    if kind == "unknown_code":
        expected = Text("case.one_of", values=ctx.get("allowed", "")) if "allowed" in ctx else str(ctx.get("expected"))
    if kind in _MESSAGES:
        return CaseError.of(json_path(loc), Text(_MESSAGES[kind]), expected, found(detail["input"]))
    lookalike = (
        numeric_lookalike(detail["input"]) if kind in _NUMBER_ERRORS and isinstance(detail["input"], str) else None
    )
    if lookalike is not None:  # '３０', '30\u3000': the character named and placed, not "should be an integer"
        return CaseError.of(json_path(loc), lookalike, expected, found(detail["input"]))
    message = detail["msg"].removeprefix("Value error, ")
    shown = found(detail["input"])
    return CaseError(
        json_path(loc), message, str(expected), shown, text=error_text(detail), expected_text=_text_or_none(expected)
    )


def error_text(detail: ErrorDetails) -> Text:
    """The catalogue's words for one of pydantic's errors (also of the service's query parameters).

    A type not listed (a validator's own ValueError, a constraint no bundled model uses yet), or one
    whose words need a parameter its context lacks, keeps its English words, quoted inside a sentence
    of the language shown.
    """
    kind = detail["type"]
    if kind in _MESSAGES:
        return Text(_MESSAGES[kind])
    ctx = detail.get("ctx") or {}
    if kind == "unknown_code":
        if "guess" in ctx:
            return Text("case.guess", message=Text("case.not_allowed"), guess=ctx["guess"])
        return Text("case.not_allowed")
    words = _PYDANTIC_WORDS.get(kind)
    # words whose placeholders the error's context does not fill (another pydantic) keep pydantic's own
    if words and placeholders(catalogue("en")[words]) <= ctx.keys():
        return Text(words, **{k: str(v) for k, v in ctx.items()})
    return Text("case.pydantic.other", detail=detail["msg"].removeprefix("Value error, "))


def _text_or_none(value: Text | str) -> Text | None:
    return value if isinstance(value, Text) else None


def json_path(loc: tuple[int | str, ...]) -> str:
    """``$`` and the location as a JSON path: ``.name`` for fields, ``[i]`` for list items."""
    parts = ["$"]
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif item.isidentifier():
            parts.append(f".{item}")
        else:
            parts.append(f"[{item!r}]")
    return "".join(parts)


def found(value: object) -> str:
    """A short repr of ``value``, safe for deep, huge or hostile inputs."""
    try:
        text = _repr.repr(value)
    except Exception:  # noqa: BLE001 - a hostile __repr__ must not hide the real problem
        text = f"<{type(value).__name__}>"
    return text if len(text) <= FOUND_WIDTH else text[: FOUND_WIDTH - 3] + "..."


def _annotation_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> object:
    """The annotation of the value at ``loc`` in ``model``, or None when the path leaves the model."""
    current: object = model
    for item in loc:
        current = _strip_none(current)
        if isinstance(item, str) and _is_model(current):
            field = current.model_fields.get(item)
            if field is None:
                return None
            current = field.annotation
        elif isinstance(item, int) and typing.get_origin(current) in {list, frozenset}:
            current = typing.get_args(current)[0]
        else:
            return None
    return current


def _is_model(annotation: object) -> typing.TypeGuard[type[BaseModel]]:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _strip_none(annotation: object) -> object:
    """``X`` for ``X | None`` and for ``Annotated[X, ...]``; anything else unchanged."""
    if typing.get_origin(annotation) in {typing.Union, types.UnionType}:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            annotation = args[0]
    if typing.get_origin(annotation) is typing.Annotated:
        return typing.get_args(annotation)[0]
    return annotation


def _describe(annotation: object) -> Text:
    """What a value of ``annotation`` looks like in a case document."""
    inner = _strip_none(annotation)
    optional = typing.get_origin(annotation) in {typing.Union, types.UnionType}
    nullable = optional and type(None) in typing.get_args(annotation)
    origin = typing.get_origin(inner)
    if origin in {list, frozenset}:
        described = Text("case.list_of", items=_describe(typing.get_args(inner)[0]))
    elif origin is Literal:
        return Text("case.one_of", values=", ".join(f"'{v}'" for v in typing.get_args(inner)))
    elif isinstance(inner, type) and issubclass(inner, StrEnum):
        described = Text("case.one_of", values=", ".join(f"'{m}'" for m in inner))
    elif _is_model(inner):
        described = Text("case.an_object", model=inner.__name__)
    elif inner in _SCALAR_NAMES:
        described = Text(_SCALAR_NAMES[inner])
    else:
        described = Text("case.type.other", type=str(inner))
    return Text("case.or_null", described=described) if nullable else described
