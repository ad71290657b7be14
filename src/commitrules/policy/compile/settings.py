"""The settings pass: every setting gets a type and a typed value, with a deployment's overrides applied."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from enum import StrEnum
from typing import TYPE_CHECKING, Final

from pydantic import ValidationError

from commitrules import model
from commitrules._lookalike import numeric_lookalike
from commitrules.errors import PolicyValidationError, suggest
from commitrules.messages import Text
from commitrules.model import codes
from commitrules.model._case_errors import error_text
from commitrules.model._types import OpenCodes
from commitrules.policy.expr.language import MAX_INT
from commitrules.policy.pack import SettingPeriod, SettingValue
from commitrules.policy.types import BOOL, DATE, INT, NUMBER, STR, Type, code_type, enum_type, list_of
from commitrules.policy.vocabulary import OPEN_LISTS, Vocabulary

if TYPE_CHECKING:
    from commitrules.policy.compile.state import CompileState
    from commitrules.policy.files import SettingEntry, TitleText

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
    names: list[object] = list(state.overrides)  # a host's: text, or anything else by mistake
    for name in names:
        if name not in entries:
            text = isinstance(name, str)
            state.add(
                doc,
                ("settings",),
                "unknown_setting",
                Text("settings.unknown_override", name=name if text else _found(name)),
                suggest(name, entries) if isinstance(name, str) else None,
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
                (*path, "type") if entry.type else (*path, "values" if entry.dated else "value"),
                "invalid_setting_type",
                Text("settings.invalid_type", what=what, name=name),
            )
            continue
        resolved = _resolve_value(state, name, entry, ty)
        if resolved is None:
            continue
        converted, history = resolved
        state.setting_types[name] = (ty, converted)
        if history:
            state.setting_timelines[name] = tuple((p.since, p.value) for p in history)
        state.settings[name] = SettingValue(name, converted, str(ty), entry.source, titles(entry.title), tuple(history))
        if entry.source != "interpretation" and entry.source not in clause_ids:
            state.add(
                doc,
                (*path, "source"),
                "unknown_clause",
                Text("settings.unknown_clause", name=name, clause=entry.source),
                suggest(entry.source, clause_ids),
            )
    state.fail_if_errors(PolicyValidationError)


def _resolve_value(
    state: CompileState, name: str, entry: SettingEntry, ty: Type
) -> tuple[object, list[SettingPeriod]] | None:
    """The typed value of a setting (the newest, for one that changes with time) and its dated values.

    None when the value (or a deployment's override) does not fit the setting: that was reported.
    """
    history = _history(state, name, entry, ty)
    if history is None:
        return None
    if history:
        return history[-1].value, history
    value = state.overrides.get(name, entry.value)
    if name in state.overrides and not _in_range(state, name, entry, value):
        return None
    ok, converted = _conform(value, ty, state.codes)
    if not ok:
        message_id = "settings.override_type" if name in state.overrides else "settings.value_type"
        shown = list(value) if isinstance(value, tuple) else value  # as written: a YAML list
        at = ("settings", name, "values" if entry.dated else "value")
        message = Text(message_id, name=name, type=str(ty), found=_found(shown))
        lookalike = numeric_lookalike(value) if isinstance(value, str) and str(ty) in {"int", "number"} else None
        if lookalike is not None:  # '３' or '3\u3000' (a what-if's text, a host's override): the character named
            message = Text("settings.lookalike_of", name=name, type=str(ty), reason=lookalike)
        state.add(state.settings_entry.doc, at, "wrong_type", message)
        return None
    return converted, []


def _found(value: object) -> object:
    """An override's value as a message shows it: as Python writes it (a whole number as the message does).

    A host's override is any Python value: ``10**5000`` cannot be written out (``repr`` raises ValueError
    past ``sys.get_int_max_str_digits()`` digits); the message shows such a number by its size.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return repr(value)
    except ValueError:  # such a number inside a list
        return type(value).__name__


def _in_range(state: CompileState, name: str, entry: SettingEntry, value: object) -> bool:
    """Whether a deployment's override ``value`` lies within the setting's range (else reported)."""
    low, high = entry.min, entry.max
    if (
        not isinstance(value, int | float)
        or isinstance(value, bool)
        or (isinstance(value, float) and math.isnan(value))
    ):
        return True  # not a number: the type check that follows says so
    if (low is None or value >= low) and (high is None or value <= high):
        return True
    bounds = f"{low if low is not None else '-∞'}..{high if high is not None else '∞'}"
    state.add(
        state.settings_entry.doc,
        ("settings", name, "values" if entry.dated else "value"),
        "setting_out_of_range",
        Text("settings.override_range", name=name, value=_found(value), bounds=bounds),
    )
    return False


def _history(state: CompileState, name: str, entry: SettingEntry, ty: Type) -> list[SettingPeriod] | None:
    """The dated values of a setting that changes with time, typed (empty: it has one value; None: errors).

    A deployment's override replaces the whole history: a plain value holds on every day, and a list of
    ``{from, value, source}`` mappings is a history of its own (:func:`dated_override`).
    """
    doc = state.settings_entry.doc
    at: tuple[str | int, ...] = ("settings", name, "values" if entry.dated else "value")
    if name in state.overrides:
        dated = dated_override(state.overrides[name], entry)
        if dated is None:
            return []
        if isinstance(dated, tuple):
            code, problem = dated
            state.add(doc, at, code, Text("settings.override_problem", name=name, problem=problem))
            return None
        values, sources = dated, "override"
    elif entry.values is not None:
        values, sources = [(v.from_, v.value, v.source) for v in entry.values], "file"
    else:
        return []
    history = []
    for i, (since, value, source) in enumerate(values):
        if sources == "override" and not _in_range(state, name, entry, value):
            return None
        ok, converted = _conform(value, ty, state.codes)
        if not ok:
            message_id = "settings.override_dated_type" if sources == "override" else "settings.value_dated_type"
            shown = list(value) if isinstance(value, tuple) else value
            state.add(
                doc,
                at if sources == "override" else ("settings", name, "values", i, "value"),
                "wrong_type",
                Text(message_id, name=name, type=str(ty), since=since, found=_found(shown)),
            )
            return None
        history.append(SettingPeriod(since, converted, source))
    return history


def dated_override(value: object, entry: SettingEntry) -> list[tuple[dt.date, object, str]] | tuple[str, Text] | None:
    """A deployment's override as dated values, when it is a list of ``{from, value, source}`` mappings.

    Returns:
        None when ``value`` is a plain value; the problem (code, text) when it is a list of mappings that
        are not dated values in increasing order; else the dated values.
    """
    from commitrules.policy.files.settings import DatedValue  # noqa: PLC0415 - only for dated overrides
    from commitrules.policy.files.validate import _placed  # noqa: PLC0415

    if not isinstance(value, list | tuple) or not value or not all(isinstance(v, dict) for v in value):
        return None
    out: list[tuple[dt.date, object, str]] = []
    for i, item in enumerate(value):
        fixed = item
        if entry.effective_type == "date" and isinstance(item.get("value"), str):
            with contextlib.suppress(ValueError):
                fixed = {**item, "value": dt.date.fromisoformat(item["value"])}
        try:
            dated = DatedValue.model_validate(fixed)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(part) for part in first["loc"]) or "the item"
            said = (first.get("ctx") or {}).get("message")
            # the file model's own message (a Text), else pydantic's in the catalogue's words (was English)
            if isinstance(said, Text):
                why = _placed(said, Text("where.in", key=where), Text("subject.key", key=where))
            else:
                why = error_text(first)
            return "wrong_type", Text("settings.override_item", n=i + 1, where=where, why=why)
        if out and dated.from_ <= out[-1][0]:
            problem = Text("settings.override_order", n=i + 1, since=dated.from_, previous=out[-1][0])
            return "dated_values_order", problem
        out.append((dated.from_, dated.value, dated.source))
    return out
