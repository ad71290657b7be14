"""The model of 'settings.yaml': every configurable default, with its value, type and source."""

from __future__ import annotations

import datetime as dt
import re
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

from commitrules.messages import Text as MessageText
from commitrules.policy.expr.language import MAX_INT
from commitrules.policy.files.base import (
    BASIC_TYPES,
    SETTING_TYPE,
    SETTING_TYPES,
    SUBJECT,
    WHERE,
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
_NEVER: Final = re.compile(r"(?!)")
#: A value that would have the type without its quotes.
_QUOTED: Final = {
    "int": re.compile(r"-?[0-9]+"),
    "number": re.compile(r"-?[0-9]+(\.[0-9]+)?"),
    "bool": re.compile(r"true|false"),
    "date": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
}
#: The types a setting value is checked against, named in messages (``settings.type.<family>``).
_TYPE_WORDS: Final = ("int", "number", "bool", "date", "str", "list", "enum")

_TYPE_CHECKS: Final = {
    "bool": lambda v: isinstance(v, bool),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "str": lambda v: isinstance(v, str),
    "date": lambda v: isinstance(v, dt.date),
    "list": lambda v: isinstance(v, tuple),
    "enum": lambda v: isinstance(v, str),
}


class SettingEntry(FileModel):
    """One configurable default: its value, type, source and title."""

    value: SettingValue
    """The default value; a deployment may override it without editing rules."""
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
            value = data.get("value")
            if isinstance(value, str) and _ISO_DATE.fullmatch(value):
                try:
                    return {**data, "value": dt.date.fromisoformat(value)}
                except ValueError:
                    return data  # not a real day: reported as a value that is not a date
        return data

    @model_validator(mode="after")
    def _value_has_type(self) -> Self:
        if self.type is None:
            return self._value_in_range()
        family = self.type.split("[", 1)[0].split(":", 1)[0]
        if not _TYPE_CHECKS[family](self.value):
            words = MessageText(f"settings.type.{family}") if family in _TYPE_WORDS else self.type
            tail: MessageText | str = ""
            if isinstance(self.value, str) and family in ("bool", "int", "number", "date"):
                if _QUOTED.get(family, _NEVER).fullmatch(self.value):
                    tail = MessageText("settings.remove_quotes")
                else:
                    tail = MessageText("settings.value_alone", words=words)
            found = found_text(self.value)
            message = MessageText(
                "settings.type_mismatch", subject=SUBJECT, found=found, type=self.type, words=words, tail=tail
            )
            raise file_error("wrong_type", message, at=("value",))
        return self._value_in_range()

    def _value_in_range(self) -> Self:
        if (self.min is not None or self.max is not None) and self.effective_type not in ("int", "number"):
            message = MessageText("settings.range_not_number", type=self.effective_type)
            raise file_error("invalid_setting_range", message, at=("min",) if self.min is not None else ("max",))
        if self.min is not None and self.max is not None and self.min > self.max:
            message = MessageText("settings.min_above_max", min=self.min, max=self.max)
            raise file_error("invalid_setting_range", message, at=("min",))
        value = self.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            return self
        if self.min is not None and value < self.min:
            message = MessageText("settings.below_min", subject=SUBJECT, value=value, min=self.min)
            raise file_error("setting_out_of_range", message, at=("value",))
        if self.max is not None and value > self.max:
            message = MessageText("settings.above_max", subject=SUBJECT, value=value, max=self.max)
            raise file_error("setting_out_of_range", message, at=("value",))
        return self

    @property
    def effective_type(self) -> str:
        """The declared type, or the one inferred from the value (``bool``, ``int``, ``number``, ...)."""
        if self.type is not None:
            return self.type
        value = self.value
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
