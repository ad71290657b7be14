"""The model of 'settings.yaml': every configurable default, with its value, type and source."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import (
    Annotated,
    Any,
    Final,
    Literal,
    Self,
)

from pydantic import (
    Field,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from commitrules._lookalike import numeric_lookalike
from commitrules.messages import Text as MessageText
from commitrules.policy.expr.language import MAX_INT
from commitrules.policy.files.base import (
    BASIC_TYPES,
    SETTING_TYPE,
    SETTING_TYPES,
    SUBJECT,
    WHERE,
    DateValue,
    FileModel,
    SettingName,
    Text,
    TitleText,
    file_error,
    found_text,
    pack_ref,
)

# --- settings, clauses, organization, pack ----------------------------------------------------------


def _setting_value(value: Any) -> Any:
    """Accept the value types a setting can have (numbers finite and within the language's range)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and not abs(value) <= MAX_INT:
        raise file_error("number_too_large", MessageText("settings.number_too_large", value=value, where=WHERE))
    texts = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    padded = next((text for text in texts if isinstance(text, str) and text != text.strip()), None)
    if padded is not None:
        lookalike = numeric_lookalike(padded)  # '30\u3000': the number meant, the blank named and placed
        if lookalike is not None:
            raise file_error("padded_string", MessageText("settings.padded_lookalike", where=WHERE, reason=lookalike))
        message = MessageText("settings.padded", text=repr(padded), where=WHERE, fixed=repr(padded.strip()))
        raise file_error("padded_string", message)
    if isinstance(value, bool | int | float | str | dt.date):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise file_error("wrong_type", MessageText("settings.not_a_value", where=WHERE, found=found_text(value)))


SettingValue = Annotated[
    bool | int | float | str | dt.date | tuple[str, ...],
    PlainValidator(_setting_value, json_schema_input_type=bool | int | float | str | dt.date | list[str]),
]
SettingType = Annotated[
    str,
    StringConstraints(pattern=SETTING_TYPE),
    WithJsonSchema(
        {
            "anyOf": [
                {"enum": list(BASIC_TYPES)},
                {"type": "string", "pattern": SETTING_TYPE},
            ],
            "description": f"The type: {', '.join(SETTING_TYPES)}. Inferred from the value when absent.",
        }
    ),
]

_ISO_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: A value that would have the type without its quotes.
_QUOTED: Final = {
    "int": re.compile(r"-?[0-9]+"),
    "number": re.compile(r"-?[0-9]+(\.[0-9]+)?"),
    "bool": re.compile(r"true|false"),
    "date": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
}
#: The types a setting value is checked against, named in messages (``settings.type.<family>``).
_TYPE_WORDS: Final = ("int", "number", "bool", "date", "str", "list", "enum")

#: How to write a value of each type alone, with an example of that type (catalogue ids).
_WRITE_ALONE: Final = {
    "int": "settings.value_alone.int",
    "number": "settings.value_alone.number",
    "bool": "settings.value_alone.bool",
    "date": "settings.value_alone.date",
}


def _hint(family: str, declared: str, value: object) -> MessageText | str:
    """What to write instead of ``value`` for a setting of type ``declared``: an example of that type."""
    if isinstance(value, str) and family in _WRITE_ALONE:
        lookalike = numeric_lookalike(value) if family in {"int", "number"} else None
        if lookalike is not None:  # '３０': the full-width digit named and placed
            return MessageText("settings.lookalike", reason=lookalike)
        if _QUOTED[family].fullmatch(value):
            return MessageText("settings.remove_quotes")
        return MessageText(_WRITE_ALONE[family])
    if family == "enum" and not isinstance(value, str):
        from commitrules import model  # noqa: PLC0415 - only a wrong value needs the case model's codes
        from commitrules.model import codes  # noqa: PLC0415

        name = declared.split(":", 1)[1].strip()
        enum = getattr(codes, name, None) or getattr(model, name, None)  # as the compiler finds it
        if isinstance(enum, type) and issubclass(enum, StrEnum):
            return MessageText("settings.code_alone", enum=name, example=next(iter(enum)).value)
    return ""


_TYPE_CHECKS: Final = {
    "bool": lambda v: isinstance(v, bool),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "str": lambda v: isinstance(v, str),
    "date": lambda v: isinstance(v, dt.date),
    "list": lambda v: isinstance(v, tuple),
    "enum": lambda v: isinstance(v, str),
}


class DatedValue(FileModel):
    """One value of a setting that changes with time: in force from its date until the next value's.

    .. versionadded:: 0.2.0
    """

    from_: DateValue = Field(alias="from")
    """The first day the value is in force (YYYY-MM-DD); a case judged on or after it is judged by it."""
    value: SettingValue
    """The value, of the setting's type and within its range."""
    source: Text
    """Where the value comes from: the document and clause that set it (e.g. 连司通〔2019〕57号 二(二)), or words."""


def _quote_free(value: Any) -> Any:
    """A quoted ISO date as the date it names (a value that is not a real day is left to be reported)."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


class SettingEntry(FileModel):
    """One configurable default: its value (or dated values), type, source and title."""

    value: SettingValue | None = None
    """The default value; a deployment may override it without editing rules. Give this or ``values``."""
    values: tuple[DatedValue, ...] | None = None
    """Instead of ``value``, for a setting that changes with time: its values in order of their ``from``
    dates, each with its source. A case is judged with the value in force on its evaluation date (the
    first value also on the days before its date)."""
    type: SettingType | None = None
    """The value's type; inferred from the value when absent."""
    source: Annotated[Text, pack_ref("setting_source")]
    """The clause id it rests on, or the word 'interpretation' where the founding text is silent."""
    title: TitleText
    """What the setting controls, in Chinese and English."""
    min: int | float | None = None
    """The smallest value allowed (an int or number setting), e.g. 1 for a count of days."""
    max: int | float | None = None
    """The largest value allowed (an int or number setting)."""
    used_by: Literal["rules", "host"] = "rules"
    """'host' for a parameter the host system applies (a publication period, masking identifiers) that
    no rule reads; lint then does not report it as unused."""

    @model_validator(mode="before")
    @classmethod
    def _quoted_date(cls, data: Any) -> Any:
        # A quoted date is the same date (YAML 1.2 has no date type): as in 'effective', so here.
        if isinstance(data, dict) and str(data.get("type", "")).strip() == "date":
            data = {**data, "value": _quote_free(data["value"])} if "value" in data else data
            values = data.get("values")
            if isinstance(values, list):
                items = [
                    {**v, "value": _quote_free(v["value"])} if isinstance(v, dict) and "value" in v else v
                    for v in values
                ]
                data = {**data, "values": items}
        return data

    @model_validator(mode="after")
    def _value_has_type(self) -> Self:
        self._check_bounds()
        if self.values is None:
            if self.value is None:
                raise file_error("missing_field", MessageText("settings.missing_value", subject=SUBJECT))
            self._check_value(self.value, ("value",))
            return self
        if self.value is not None:
            message = MessageText("settings.value_and_values")
            raise file_error("setting_value_conflict", message, at=("values",), key=True)
        if not self.values:
            raise file_error("invalid_value", MessageText("settings.values_empty", where=WHERE), at=("values",))
        previous: dt.date | None = None
        for i, dated in enumerate(self.values):
            if previous is not None and dated.from_ <= previous:
                same = dated.from_ == previous
                message = MessageText(
                    "settings.values_same_date" if same else "settings.values_date_before",
                    since=dated.from_,
                    n=i + 1,
                    previous=previous,
                    m=i,
                )
                raise file_error("dated_values_order", message, at=("values", i, "from"))
            previous = dated.from_
            self._check_value(dated.value, ("values", i, "value"))
        return self

    def _check_value(self, value: Any, at: tuple[str | int, ...]) -> None:
        """Raise ``wrong_type`` or ``setting_out_of_range`` at ``at`` unless ``value`` fits the type and range."""
        if self.type is not None:
            family = self.type.split("[", 1)[0].split(":", 1)[0]
            if not _TYPE_CHECKS[family](value):
                words = MessageText(f"settings.type.{family}") if family in _TYPE_WORDS else self.type
                tail = _hint(family, self.type, value)
                message = MessageText(
                    "settings.type_mismatch",
                    subject=SUBJECT,
                    found=found_text(value),
                    type=self.type,
                    words=words,
                    tail=tail,
                )
                raise file_error("wrong_type", message, at=at)
        elif self.values is not None and at[-1] == "value" and at != ("values", 0, "value"):
            first = self.values[0].value
            if _inferred_type(value) != _inferred_type(first):
                message = MessageText(
                    "settings.values_type_differs", subject=SUBJECT, found=found_text(value), first=found_text(first)
                )
                raise file_error("wrong_type", message, at=at)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return
        if self.min is not None and value < self.min:
            message = MessageText("settings.below_min", subject=SUBJECT, value=value, min=self.min)
            raise file_error("setting_out_of_range", message, at=at)
        if self.max is not None and value > self.max:
            message = MessageText("settings.above_max", subject=SUBJECT, value=value, max=self.max)
            raise file_error("setting_out_of_range", message, at=at)

    def _check_bounds(self) -> None:
        if (self.min is not None or self.max is not None) and self.effective_type not in ("int", "number"):
            message = MessageText("settings.range_not_number", type=self.effective_type)
            raise file_error("invalid_setting_range", message, at=("min",) if self.min is not None else ("max",))
        if self.min is not None and self.max is not None and self.min > self.max:
            message = MessageText("settings.min_above_max", min=self.min, max=self.max)
            raise file_error("invalid_setting_range", message, at=("min",))

    @property
    def effective_type(self) -> str:
        """The declared type, or the one inferred from the value (``bool``, ``int``, ``number``, ...)."""
        if self.type is not None:
            return self.type
        return _inferred_type(self.value if self.values is None or not self.values else self.values[0].value)

    @property
    def dated(self) -> bool:
        """Whether the setting carries dated ``values`` (it changes with time)."""
        return self.values is not None


def _inferred_type(value: Any) -> str:
    """The type a value without a declared type has."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "number"
    if isinstance(value, dt.date):
        return "date"
    return "list[str]" if isinstance(value, tuple) else "str"


class SettingsFile(FileModel):
    """'settings.yaml': every configurable default of the pack, by dotted name."""

    settings: Annotated[
        dict[SettingName, SettingEntry],
        Field(json_schema_extra={"additionalProperties": False}),
        pack_ref("settings"),
    ]
    """The settings, by name (snake_case parts joined by '.', e.g. 'leniency.mitigated_min_score')."""
