r"""Validation of a file into its model, and every pydantic error as a diagnostic at its key or value.

The message says where the error is in words ("in rule 'x'"), what was expected and what was found,
and suggests the likely intended spelling.

Examples:
    >>> from commitrules.policy.files import PolicyFile
    >>> from commitrules.policy.yaml import load_yaml
    >>> text = "kind: escalation\ntitle: {zh: 请示报告, en: Reports}\noutcomes: [report]\ndefault: report\n"
    >>> text += "rules:\n  - {id: review, title: {zh: 复核, en: Review}, overides: [x]}\n"
    >>> policy, problems = validate_file(load_yaml(text, "e.yaml"), PolicyFile)
    >>> print(problems[0].render())
    e.yaml:6:47: unknown_field: Unknown field 'overides' in rule 'review'. Did you mean 'overrides'?
       |   - {id: review, title: {zh: 复核, en: Review}, overides: [x]}
       |                                                 ^

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime as dt
import re
import types
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    Final,
    Union,
    get_args,
    get_origin,
)

from pydantic import (
    BaseModel,
    Tag,
    ValidationError,
)
from typing_extensions import TypeAliasType

from commitrules.errors import Diagnostic, suggest
from commitrules.messages import message as t
from commitrules.policy.files.base import BASIC_TYPES, PATTERN_HELP, RULE_ID, SETTING_TYPE, T, TitleText, found_text

if TYPE_CHECKING:
    from commitrules.policy.yaml import YamlDocument, YamlPath

# --- pydantic errors as diagnostics ---------------------------------------------------------------


def validate_file(doc: YamlDocument, model: type[T]) -> tuple[T | None, list[Diagnostic]]:
    """Validate ``doc.data`` against ``model``; every error as a Diagnostic at its key or value.

    Returns:
        The model (None when invalid) and the diagnostics, sorted by position.
    """
    data = doc.data
    outcomes = data.get("outcomes") if isinstance(data, dict) else None
    # Then.outcome is checked against the file's outcomes while the rules are validated, so that a
    # wrong outcome is reported even when other rules have errors (PolicyFile's check needs all valid).
    context = {}
    if isinstance(outcomes, list) and all(isinstance(o, str) for o in outcomes):
        context["outcomes"] = tuple(outcomes)
    try:
        return model.model_validate(data, context=context), []
    except ValidationError as error:
        diagnostics = {_diagnostic(doc, model, e): None for e in error.errors(include_url=False)}
        return None, sorted(diagnostics, key=Diagnostic.sort_key)


def _diagnostic(doc: YamlDocument, model: type[BaseModel], error: Any) -> Diagnostic:
    """One pydantic error as a Diagnostic."""
    path, steps, key_error = _walk(model, error["loc"])
    kind: str = error["type"]
    ctx: dict[str, Any] = error.get("ctx") or {}
    value = error.get("input")
    if "message" in ctx:  # one of ours
        full = (*path, *ctx.get("at", ()))
        message = str(ctx["message"]).replace("{where}", _where(doc, full[:-1]))
        message = _sentence(message.replace("{subject}", _subject(doc, full)))
        at_key, guess = bool(ctx.get("key")), ctx.get("suggestion")
        return doc.diagnostic(kind, message, full, at_key=at_key, suggestion=guess)
    if kind == "extra_forbidden":
        return _unknown_field(doc, path, steps[-2] if len(steps) > 1 else None)
    if kind == "missing":
        name = str(path[-1])
        example = _EXAMPLES.get(_bare(steps[-1]))
        message_id = "files.missing_field" + (f".{example}" if example else "")
        params = {"name": name, "where": _where(doc, path[:-1])}
        message = t(message_id, "en", **params)
        return doc.diagnostic("missing_field", message, path[:-1], message_id=message_id, params=params)
    expected = _expected(kind, steps[-1])
    if expected is not None:
        message = f"Expected {expected} for {_subject(doc, path)}, found {found_text(value)}."
        message += _hint(expected, value)
        return doc.diagnostic("wrong_type", message, path)
    message, guess = _invalid(kind, ctx, value, error["msg"])
    message = _sentence(message.replace("{subject}", _subject(doc, path)))
    return doc.diagnostic("invalid_value", message, path, at_key=key_error, suggestion=guess)


def _sentence(message: str) -> str:
    """``message`` with its first letter capitalised (it may start with a subject like "rule 'x'")."""
    return message[:1].upper() + message[1:]


def _unknown_field(doc: YamlDocument, path: YamlPath, owner: Any) -> Diagnostic:
    name = str(path[-1])
    fields = _field_names(owner)
    guess = suggest(name, fields)
    params = {"name": name, "where": _where(doc, path[:-1])}
    if guess is not None:
        message_id, params["guess"] = "files.unknown_field.guess", guess
    elif fields:
        message_id, params["fields"] = "files.unknown_field.allowed", ", ".join(f"'{f}'" for f in fields)
    else:
        message_id = "files.unknown_field"
    message = t(message_id, "en", **params)
    return doc.diagnostic(
        "unknown_field", message, path, at_key=True, suggestion=guess, message_id=message_id, params=params
    )


def _invalid(kind: str, ctx: dict[str, Any], value: Any, fallback: str) -> tuple[str, str | None]:
    """The message (with a ``{subject}`` slot) and suggestion for a value of the right type but wrong."""
    shown = found_text(value)
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        help_text = PATTERN_HELP.get(pattern, f"text matching {pattern}")
        guess = suggest(str(value), BASIC_TYPES) if pattern == SETTING_TYPE else _repair(str(value), pattern)
        tail = f" Did you mean '{guess}'?" if guess else ""
        return f"Invalid value for {{subject}}: expected {help_text}, found {shown}.{tail}", guess
    if kind in ("too_short", "string_too_short"):
        return "{subject} must not be empty. Write at least one entry.", None
    if kind == "literal_error":
        return f"Invalid value for {{subject}}: expected {ctx.get('expected')}, found {shown}.", None
    return f"Invalid value for {{subject}}: {fallback}, found {shown}.", None


def _repair(value: str, pattern: str) -> str | None:
    """A likely intended spelling of ``value`` that matches ``pattern``, if there is an obvious one."""
    separator = "-" if pattern == RULE_ID else "_"
    candidate = re.sub(r"[\s_-]+" if pattern == RULE_ID else r"[\s-]+", separator, value.strip().lower())
    if candidate != value and re.fullmatch(pattern.strip("^$"), candidate):
        return candidate
    return None


_EXPECTED_WORDS: Final = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "date_type": "a date written YYYY-MM-DD",
    "date_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_inexact": "a date without a time",
}


def _expected(kind: str, step: Any) -> str | None:
    words = _EXPECTED_WORDS.get(kind)
    if words == "a mapping":
        fields = _field_names(step, required_only=True)
        if 0 < len(fields) <= 3:
            quoted = [f"'{f}'" for f in fields]
            words += " with " + (f"{', '.join(quoted[:-1])} and {quoted[-1]}" if len(quoted) > 1 else quoted[0])
    return words


def _hint(expected: str, value: Any) -> str:
    """One way to fix the most common wrong types."""
    if expected == "text" and isinstance(value, bool | int | float | dt.date):
        return " Put the value in quotes to keep it as text."
    if expected == "a list" and isinstance(value, str | int | float):
        return f" Write a list, e.g. [{value}]."
    if expected.startswith("a mapping with 'zh'"):
        return " Write it as {zh: ..., en: ...}."
    return ""


# How to write a missing field of a given type.
#: The fields whose absence the message shows an example for (the example is ``files.missing_field.<key>``).
_EXAMPLES: Final[dict[Any, str]] = {TitleText: "title"}


# --- where an error is, in words ------------------------------------------------------------------

_OWNERS: Final = {"rules": "rule", "clauses": "clause", "roles": "role", "departments": "department"}


def _where(doc: YamlDocument, path: YamlPath) -> str:
    """``in rule 'x'``, ``in 'then' of rule 'x'``, ``in 'title'``, ``at the top level of the file``."""
    owner, inner = _owner(doc, path)
    if owner is None:
        return f"in '{_dotted(path)}'" if path else "at the top level of the file"
    return f"in '{_dotted(inner)}' of {owner}" if inner else f"in {owner}"


def _subject(doc: YamlDocument, path: YamlPath) -> str:
    """``'then.outcome' of rule 'x'``, ``'version'``, ``the file``."""
    owner, inner = _owner(doc, path)
    if owner is None:
        return f"'{_dotted(path)}'" if path else "the file"
    return f"'{_dotted(inner)}' of {owner}" if inner else owner


def _owner(doc: YamlDocument, path: YamlPath) -> tuple[str | None, YamlPath]:
    """The rule, setting, clause, role or department ``path`` is in, and the rest of the path."""
    if len(path) < 2:
        return None, path
    head, item = path[0], path[1]
    if head == "settings" and isinstance(item, str):
        return f"setting '{item}'", path[2:]
    noun = _OWNERS.get(str(head))
    if noun is None or not isinstance(item, int):
        return None, path
    entries = doc.data.get(head) if isinstance(doc.data, dict) else None
    entry = entries[item] if isinstance(entries, list) and item < len(entries) else None
    name = entry.get("id") if isinstance(entry, dict) else None
    label = f"{noun} '{name}'" if isinstance(name, str) else f"{noun} {item + 1} of '{head}'"
    return label, path[2:]


def _dotted(path: YamlPath) -> str:
    """``then.route.to``, ``when.all[0]``."""
    out = ""
    for segment in path:
        out += f"[{segment}]" if isinstance(segment, int) else (f".{segment}" if out else str(segment))
    return out


# --- navigating the model along a pydantic loc ----------------------------------------------------


def _walk(model: type[BaseModel], loc: tuple[str | int, ...]) -> tuple[YamlPath, list[Any], bool]:
    """The YAML path of a pydantic ``loc``, the type expected at each step, and whether it is a key.

    ``steps[i]`` is the type expected at ``path[:i]``. A ``[key]`` step means the error is about a
    mapping key; union tags in ``loc`` are not part of the YAML path.
    """
    path: list[str | int] = []
    steps: list[Any] = [model]
    current: Any = model
    key_error = False
    for segment in loc:
        if segment == "[key]":
            key_error = True
            continue
        tags = _tags(current)
        if isinstance(segment, str) and segment in tags:
            current = tags[segment]
            steps[-1] = current
            continue
        path.append(segment)
        current = _child(current, segment)
        steps.append(current)
    return tuple(path), steps, key_error


def _bare(tp: Any) -> Any:
    """``tp`` without aliases, Annotated and None (a tagged union is kept as the union)."""
    while True:
        if isinstance(tp, TypeAliasType):
            tp = tp.__value__
        elif get_origin(tp) is Annotated:
            tp = get_args(tp)[0]
        elif get_origin(tp) in (Union, types.UnionType):
            members = [m for m in get_args(tp) if m is not type(None)]
            if len(members) != 1:
                return tp
            tp = members[0]
        else:
            return tp


def _tags(tp: Any) -> dict[str, Any]:
    """The members of a tagged union by tag (empty for anything else)."""
    union = _bare(tp)
    if get_origin(union) not in (Union, types.UnionType):
        return {}
    tags: dict[str, Any] = {}
    for member in get_args(union):
        if get_origin(member) is Annotated:
            for meta in member.__metadata__:
                if isinstance(meta, Tag):
                    tags[meta.tag] = member
    return tags


def _child(tp: Any, segment: str | int) -> Any:
    """The type expected at ``segment`` inside a value of type ``tp`` (None when unknown)."""
    tp = _bare(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        for name, info in tp.model_fields.items():
            if segment in (name, info.alias):
                return info.annotation
        return None
    origin, args = get_origin(tp), get_args(tp)
    if origin in (tuple, list) and args and isinstance(segment, int):
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None


def _field_names(tp: Any, *, required_only: bool = False) -> list[str]:
    """The YAML names of a model's fields (empty when ``tp`` is not a model)."""
    tp = _bare(tp)
    if not (isinstance(tp, type) and issubclass(tp, BaseModel)):
        return []
    fields = tp.model_fields.items()
    return [info.alias or name for name, info in fields if not required_only or info.is_required()]
