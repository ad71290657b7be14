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

from commitrules.policy.expr.language import MAX_INT
from commitrules.policy.files.base import (
    BASIC_TYPES,
    SETTING_TYPE,
    SETTING_TYPES,
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
        message = (
            f"The number {value} {{where}} is infinite, not a number or larger than 2**53; no setting "
            "needs it, and the engines could not compare with it. Write a number within that range."
        )
        raise file_error("number_too_large", message)
    texts = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    padded = next((text for text in texts if isinstance(text, str) and text != text.strip()), None)
    if padded is not None:
        message = (
            f"The text {padded!r} {{where}} starts or ends with a space (or another blank); texts of a "
            f"case never do (the spaces around them are removed), so it could never match one. Write "
            f"{padded.strip()!r}."
        )
        raise file_error("padded_string", message)
    if isinstance(value, bool | int | float | str | dt.date):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    message = (
        "Expected a setting value (true/false, a number, text, a date or a list of texts) {where}, "
        f"found {found_text(value)}."
    )
    raise file_error("wrong_type", message)


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
_EN_TYPES: Final = {"int": "whole number", "number": "number", "bool": "true or false", "date": "date YYYY-MM-DD"}
_ZH_TYPES: Final = {
    "int": "整数",
    "number": "数值",
    "bool": "是否(true/false)",
    "date": "日期",
    "str": "文本",
    "list": "列表",
    "enum": "代码",
}

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
            message = f"{{subject}} is {found_text(self.value)}, but the setting is declared 'type: {self.type}'."
            zh = f"该设置声明为 {_ZH_TYPES.get(family, self.type)}(type: {self.type}),但值为 {found_text(self.value)}"
            if isinstance(self.value, str) and family in ("bool", "int", "number", "date"):
                if _QUOTED.get(family, _NEVER).fullmatch(self.value):
                    message, zh = f"{message} Remove the quotes.", f"{zh};去掉引号"
                else:
                    example = "(e.g. 30, not 30天 or 三十)"
                    message += f" Write the {_EN_TYPES[family]} alone, without words or units {example}."
                    zh += ";只写数值,不带文字或单位(如 30,而非 30天 或 三十)"
            raise file_error("wrong_type", f"{message} / {zh}。", at=("value",))
        return self._value_in_range()

    def _value_in_range(self) -> Self:
        if (self.min is not None or self.max is not None) and self.effective_type not in ("int", "number"):
            message = (
                f"'min' and 'max' bound numbers, but the setting's type is '{self.effective_type}'. / "
                f"min 和 max 只用于数值设置,而该设置的类型为 {self.effective_type}。"
            )
            raise file_error("invalid_setting_range", message, at=("min",) if self.min is not None else ("max",))
        if self.min is not None and self.max is not None and self.min > self.max:
            message = f"'min' ({self.min}) is above 'max' ({self.max}). / 最小值 {self.min} 大于最大值 {self.max}。"
            raise file_error("invalid_setting_range", message, at=("min",))
        value = self.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            return self
        if self.min is not None and value < self.min:
            message = (
                f"{{subject}} is {value}, below the setting's minimum {self.min} (min: {self.min}). / "
                f"设置值 {value} 小于允许的最小值 {self.min}。"
            )
            raise file_error("setting_out_of_range", message, at=("value",))
        if self.max is not None and value > self.max:
            message = (
                f"{{subject}} is {value}, above the setting's maximum {self.max} (max: {self.max}). / "
                f"设置值 {value} 大于允许的最大值 {self.max}。"
            )
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
