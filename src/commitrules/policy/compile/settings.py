"""The settings pass: every setting gets a type and a typed value, with a deployment's overrides applied."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, Final

from commitrules import model
from commitrules.errors import PolicyValidationError, suggest
from commitrules.messages import Text
from commitrules.model import codes
from commitrules.model._types import OpenCodes
from commitrules.policy.expr.language import MAX_INT
from commitrules.policy.pack import SettingValue
from commitrules.policy.types import BOOL, DATE, INT, NUMBER, STR, Type, code_type, enum_type, list_of
from commitrules.policy.vocabulary import OPEN_LISTS, Vocabulary

if TYPE_CHECKING:
    from commitrules.policy.compile.state import CompileState
    from commitrules.policy.files import TitleText

__all__ = ["resolve_settings", "type_from_setting"]

_ENUMS: Final[dict[str, type[StrEnum]]] = {
    name: obj for name, obj in vars(codes).items() if isinstance(obj, type) and issubclass(obj, StrEnum)
} | {  # the package's names by __all__: it imports its modules when a name is first used
    name: obj for name in model.__all__ if isinstance(obj := getattr(model, name), type) and issubclass(obj, StrEnum)
}
#: The enums of open lists: a setting of such a type holds codes of the pack's vocabulary.
_OPEN_BY_ENUM: Final = {enum: list_name for list_name, enum in OPEN_LISTS.items()}
_SCALAR_TYPES: Final = {"bool": BOOL, "int": INT, "number": NUMBER, "str": STR, "date": DATE}


def type_from_setting(text: str) -> Type | None:
    """The type named by a setting's ``type:`` (``int``, ``list[str]``, ``enum:Measure``, ``list[Measure]``).

    Examples:
        >>> str(type_from_setting("list[str]")), type_from_setting("list[nothing]")
        ('list[str]', None)
    """
    text = text.strip()
    if text.startswith("list[") and text.endswith("]"):
        inner = type_from_setting(text[5:-1])
        return list_of(inner) if inner else None
    text = text.removeprefix("enum:")
    if text in _SCALAR_TYPES:
        return _SCALAR_TYPES[text]
    enum = _ENUMS.get(text)
    if enum is None:
        return None
    open_list = _OPEN_BY_ENUM.get(text)
    return code_type(OpenCodes(open_list, enum)) if open_list else enum_type(enum)


def _conform(value: object, ty: Type, vocabulary: Vocabulary) -> tuple[bool, object]:  # noqa: C901, PLR0911 - one arm per type
    """Whether ``value`` has type ``ty``, and the value converted (enum members, tuples)."""
    if ty.kind == "list":
        # The file model keeps a list as a tuple; an override from a host may be a list.
        if not isinstance(value, list | tuple) or ty.elem is None:
            return False, value
        items = [_conform(v, ty.elem, vocabulary) for v in value]
        return all(ok for ok, _ in items), tuple(v for _, v in items)
    if ty.kind == "enum" and ty.codes is not None:
        return isinstance(value, str) and vocabulary.has(ty.codes, value), value
    if ty.kind == "enum" and ty.enum is not None:
        return (True, ty.enum(value)) if value in {m.value for m in ty.enum} else (False, value)
    if ty.kind == "bool":
        return isinstance(value, bool), value
    if ty.kind == "int":
        return isinstance(value, int) and not isinstance(value, bool) and abs(value) <= MAX_INT, value
    if ty.kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False, value
        return abs(value) <= MAX_INT, value
    if ty.kind == "str":
        return isinstance(value, str), value
    if ty.kind == "date":
        return isinstance(value, dt.date), value
    return False, value


def titles(value: TitleText) -> dict[str, str]:
    """A file's text in two languages as the pack keeps it."""
    return {"zh": value.zh, "en": value.en}


def resolve_settings(state: CompileState) -> None:
    """Give every setting a type and a value; apply the deployment's overrides."""
    doc, entries = state.settings_entry.doc, state.settings_entry.model.settings
    for name in state.overrides:
        if name not in entries:
            state.add(
                doc,
                ("settings",),
                "unknown_setting",
                Text("settings.unknown_override", name=name),
                suggest(name, entries),
            )
    clause_ids = state.clause_ids
    for name, entry in entries.items():
        path = ("settings", name)
        # The file model states the declared or inferred type; the compiler only resolves it.
        ty = type_from_setting(entry.effective_type)
        if ty is None:
            what = Text("settings.unknown_type", type=entry.type) if entry.type else Text("settings.no_type")
            state.add(
                doc,
                (*path, "type") if entry.type else (*path, "value"),
                "invalid_setting_type",
                Text("settings.invalid_type", what=what, name=name),
            )
            continue
        value = state.overrides.get(name, entry.value)
        ok, converted = _conform(value, ty, state.codes)
        if not ok:
            message_id = "settings.override_type" if name in state.overrides else "settings.value_type"
            shown = list(value) if isinstance(value, tuple) else value  # as written: a YAML list
            state.add(doc, (*path, "value"), "wrong_type", Text(message_id, name=name, type=str(ty), found=repr(shown)))
            continue
        low, high = entry.min, entry.max
        if (
            name in state.overrides
            and isinstance(value, int | float)
            and not isinstance(value, bool)
            and ((low is not None and value < low) or (high is not None and value > high))
        ):
            bounds = f"{low if low is not None else '-∞'}..{high if high is not None else '∞'}"
            state.add(
                doc,
                (*path, "value"),
                "setting_out_of_range",
                Text("settings.override_range", name=name, value=value, bounds=bounds),
            )
            continue
        state.setting_types[name] = (ty, converted)
        state.settings[name] = SettingValue(name, converted, str(ty), entry.source, titles(entry.title))
        if entry.source != "interpretation" and entry.source not in clause_ids:
            state.add(
                doc,
                (*path, "source"),
                "unknown_clause",
                Text("settings.unknown_clause", name=name, clause=entry.source),
                suggest(entry.source, clause_ids),
            )
    state.fail_if_errors(PolicyValidationError)
