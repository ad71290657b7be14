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
                message = (
                    "Missing required field 'value' in {subject}: give the setting a 'value', or 'values' (a list of "
                    "{from: YYYY-MM-DD, value: ..., source: ...}) for a value that changes with time. / "
                    "缺少 value:请写 value,或随时间变化的 values。"
                )
                raise file_error("missing_field", message)
            self._check_value(self.value, ("value",))
            return self
        if self.value is not None:
            message = (
                "The setting has both 'value' and 'values'; a setting has one value ('value') or dated values "
                "('values'), not both. Move the value into 'values' with its date, or remove 'values'. / "
                "该设置同时写了 value 和 values:二者只能取一,请把 value 连同其起始日期移入 values,或删去 values。"
            )
            raise file_error("setting_value_conflict", message, at=("values",), key=True)
        if not self.values:
            message = (
                "'values' is empty {where}; list at least one dated value {from: YYYY-MM-DD, value: ..., "
                "source: ...}, or write 'value' instead. / values 为空:至少写一个带日期的值,或改写 value。"
            )
            raise file_error("invalid_value", message, at=("values",))
        previous: dt.date | None = None
        for i, dated in enumerate(self.values):
            if previous is not None and dated.from_ <= previous:
                same = dated.from_ == previous
                message = (
                    f"The value from {dated.from_} (item {i + 1} of 'values') "
                    + ("has the same date as" if same else "comes before")
                    + f" the value from {previous} (item {i}): the dates of 'values' must increase, each "
                    "date once, from the oldest value to the newest. / "
                    f"values 第 {i + 1} 项的起始日期 {dated.from_} "
                    + ("与前一项相同" if same else "早于前一项的 " + str(previous))
                    + ":起始日期须从旧到新严格递增,且不得重复。"
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
                message = f"{{subject}} is {found_text(value)}, but the setting is declared 'type: {self.type}'."
                zh = f"该设置声明为 {_ZH_TYPES.get(family, self.type)}(type: {self.type}),但值为 {found_text(value)}"
                if isinstance(value, str) and family in ("bool", "int", "number", "date"):
                    if _QUOTED.get(family, _NEVER).fullmatch(value):
                        message, zh = f"{message} Remove the quotes.", f"{zh};去掉引号"
                    else:
                        example = "(e.g. 30, not 30天 or 三十)"
                        message += f" Write the {_EN_TYPES[family]} alone, without words or units {example}."
                        zh += ";只写数值,不带文字或单位(如 30,而非 30天 或 三十)"
                raise file_error("wrong_type", f"{message} / {zh}。", at=at)
        elif self.values is not None and at[-1] == "value" and at != ("values", 0, "value"):
            first = self.values[0].value
            if _inferred_type(value) != _inferred_type(first):
                message = (
                    f"{{subject}} is {found_text(value)}, but the first of the setting's 'values' is "
                    f"{found_text(first)}: every dated value has the setting's one type. Write a value of that "
                    f"type, or declare 'type:'. / 各日期的值须同一类型:第一项为 {found_text(first)},此项为 "
                    f"{found_text(value)}。"
                )
                raise file_error("wrong_type", message, at=at)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return
        if self.min is not None and value < self.min:
            message = (
                f"{{subject}} is {value}, below the setting's minimum {self.min} (min: {self.min}). / "
                f"设置值 {value} 小于允许的最小值 {self.min}。"
            )
            raise file_error("setting_out_of_range", message, at=at)
        if self.max is not None and value > self.max:
            message = (
                f"{{subject}} is {value}, above the setting's maximum {self.max} (max: {self.max}). / "
                f"设置值 {value} 大于允许的最大值 {self.max}。"
            )
            raise file_error("setting_out_of_range", message, at=at)

    def _check_bounds(self) -> None:
        if (self.min is not None or self.max is not None) and self.effective_type not in ("int", "number"):
            message = (
                f"'min' and 'max' bound numbers, but the setting's type is '{self.effective_type}'. / "
                f"min 和 max 只用于数值设置,而该设置的类型为 {self.effective_type}。"
            )
            raise file_error("invalid_setting_range", message, at=("min",) if self.min is not None else ("max",))
        if self.min is not None and self.max is not None and self.min > self.max:
            message = f"'min' ({self.min}) is above 'max' ({self.max}). / 最小值 {self.min} 大于最大值 {self.max}。"
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
