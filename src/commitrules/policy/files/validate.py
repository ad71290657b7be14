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
from commitrules.messages import Text
from commitrules.policy.files.base import (
    BASIC_TYPES,
    PATTERN_HELP,
    RULE_ID,
    SETTING_TYPE,
    SETTING_TYPES,
    SUBJECT,
    WHERE,
    T,
    TitleText,
    found_text,
)

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
        errors = _without_echoes(error.errors(include_url=False))
        diagnostics = {_diagnostic(doc, model, e): None for e in errors}
        return None, sorted(diagnostics, key=Diagnostic.sort_key)


def _without_echoes(errors: list[Any]) -> list[Any]:
    """Pydantic's errors less the echo of an item's: a list whose item is invalid is also "too short".

    ``clause: '一(三)1　'`` (an ideographic space) is one wrong clause id; pydantic also said the list
    holds no item after validation ("must not be empty"), which is false as written.
    """
    holding_bad_items = {
        tuple(e["loc"][:i]) for e in errors for i, step in enumerate(e["loc"]) if isinstance(step, int) and i > 0
    }
    return [e for e in errors if not (e["type"] == "too_short" and tuple(e["loc"]) in holding_bad_items)]


def _diagnostic(doc: YamlDocument, model: type[BaseModel], error: Any) -> Diagnostic:
    """One pydantic error as a Diagnostic."""
    path, steps, key_error = _walk(model, error["loc"])
    kind: str = error["type"]
    ctx: dict[str, Any] = error.get("ctx") or {}
    value = error.get("input")
    if "message" in ctx:  # one of ours (file_error)
        full = (*path, *ctx.get("at", ()))
        where, subject = _where(doc, full[:-1]), _subject(doc, full)
        if isinstance(ctx["message"], Text):
            message: Text | str = _placed(_untagged(doc, full, ctx["message"]), where, subject)
        else:  # a plain sentence not yet in the catalogues: shown as written, in every language
            text = str(ctx["message"]).replace("{where}", str(where)).replace("{subject}", str(subject))
            message = text[:1].upper() + text[1:]
        at_key, guess = bool(ctx.get("key")), ctx.get("suggestion")
        return doc.diagnostic(kind, message, full, at_key=at_key, suggestion=guess)
    if kind == "extra_forbidden":
        return _unknown_field(doc, path, steps[-2] if len(steps) > 1 else None)
    if kind == "missing":
        example = _EXAMPLES.get(_bare(steps[-1]))
        message_id = "files.missing_field" + (f".{example}" if example else "")
        return doc.diagnostic(
            "missing_field", Text(message_id, name=str(path[-1]), where=_where(doc, path[:-1])), path[:-1]
        )
    expected = _expected(kind, steps[-1])
    if expected is not None:
        hint = _hint(kind, steps[-1], value)
        message = Text(
            "files.expected", expected=expected, subject=_subject(doc, path), found=found_text(value), hint=hint
        )
        return doc.diagnostic("wrong_type", message, path)
    message, guess = _invalid(kind, ctx, value, error["msg"], _subject(doc, path))
    return doc.diagnostic("invalid_value", message, path, at_key=key_error, suggestion=guess)


def _untagged(doc: YamlDocument, path: YamlPath, text: Text) -> Text:
    """``text``, saying to remove the tag '!' where it says to remove quotes the value, ``! 30``, has none.

    The non-specific tag makes a scalar text as quotes do (YAML 1.1 and 1.2); the fix is the same, but
    "remove the quotes" would send the reader looking for quotes that are not there.
    """
    if text.params.get("tail") != Text("settings.remove_quotes") or doc.source_map.nearest(path) != path:
        return text
    span = doc.source_map.value_span(path)
    if doc.source_line(span.line)[span.column - 1 : span.column] != "!":
        return text
    return Text(text.id, **{**text.params, "tail": Text("settings.remove_tag")})


def _placed(text: Text, where: Text, subject: Text) -> Text:
    """``text`` with its :data:`WHERE` and :data:`SUBJECT` parameters (at any depth) filled in."""
    params: dict[str, object] = {}
    for name, value in text.params.items():
        if value == WHERE:
            params[name] = where
        elif value == SUBJECT:
            params[name] = subject
        else:
            params[name] = _placed(value, where, subject) if isinstance(value, Text) else value
    return Text(text.id, **params)


def _unknown_field(doc: YamlDocument, path: YamlPath, owner: Any) -> Diagnostic:
    name = str(path[-1])
    fields = _field_names(owner)
    guess = suggest(name, fields)
    where = _where(doc, path[:-1])
    if guess is not None:
        message = Text("files.unknown_field.guess", name=name, where=where, guess=guess)
    elif fields:
        message = Text(
            "files.unknown_field.allowed", name=name, where=where, fields=", ".join(f"'{f}'" for f in fields)
        )
    else:
        message = Text("files.unknown_field", name=name, where=where)
    return doc.diagnostic("unknown_field", message, path, at_key=True, suggestion=guess)


def _invalid(kind: str, ctx: dict[str, Any], value: Any, fallback: str, subject: Text) -> tuple[Text, str | None]:
    """The message and suggestion for a value of the right type but wrong."""
    shown = found_text(value)
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        types = ", ".join(SETTING_TYPES)
        known = pattern in PATTERN_HELP
        help_text = Text(PATTERN_HELP[pattern], types=types) if known else Text("files.matching", pattern=pattern)
        guess = suggest(str(value), BASIC_TYPES) if pattern == SETTING_TYPE else _repair(str(value), pattern)
        tail = Text("diag.guess", guess=guess) if guess else ""
        return Text("files.invalid_pattern", subject=subject, expected=help_text, found=shown, tail=tail), guess
    if kind in ("too_short", "string_too_short"):
        return Text("files.empty", subject=subject), None
    if kind == "literal_error":
        expected = ctx.get("expected")
        return Text("files.invalid_literal", subject=subject, expected=expected, found=shown), None
    # pydantic's own words, for a constraint no file model uses today
    return Text("files.invalid_other", subject=subject, detail=fallback, found=shown), None


def _repair(value: str, pattern: str) -> str | None:
    """A likely intended spelling of ``value`` that matches ``pattern``, if there is an obvious one."""
    separator = "-" if pattern == RULE_ID else "_"
    candidate = re.sub(r"[\s_-]+" if pattern == RULE_ID else r"[\s-]+", separator, value.strip().lower())
    if candidate != value and re.fullmatch(pattern.strip("^$"), candidate):
        return candidate
    return None


_EXPECTED_WORDS: Final = {
    "string_type": "word.text",
    "int_type": "word.whole_number",
    "int_parsing": "word.whole_number",
    "float_type": "word.number",
    "float_parsing": "word.number",
    "bool_type": "word.true_or_false",
    "bool_parsing": "word.true_or_false",
    "list_type": "word.list",
    "tuple_type": "word.list",
    "dict_type": "word.mapping",
    "model_type": "word.mapping",
    "model_attributes_type": "word.mapping",
    "date_type": "word.date_written",
    "date_parsing": "word.date_written",
    "date_from_datetime_parsing": "word.date_written",
    "date_from_datetime_inexact": "word.date_no_time",
}


def _expected(kind: str, step: Any) -> Text | None:
    words = _EXPECTED_WORDS.get(kind)
    if words is None:
        return None
    if words == "word.mapping":
        fields = _field_names(step, required_only=True)
        if 0 < len(fields) <= 3:
            quoted = [f"'{f}'" for f in fields]
            if len(quoted) == 1:
                return Text("files.mapping_with.one", field=quoted[0])
            return Text("files.mapping_with.other", fields=", ".join(quoted[:-1]), last=quoted[-1])
    return Text(words)


def _hint(kind: str, step: Any, value: Any) -> Text | str:
    """One way to fix the most common wrong types."""
    words = _EXPECTED_WORDS.get(kind)
    if words == "word.text" and isinstance(value, bool | int | float | dt.date):
        return Text("files.hint.quote")
    if words == "word.list" and isinstance(value, str | int | float):
        return Text("files.hint.list", value=value)
    if words == "word.mapping" and _field_names(step, required_only=True)[:1] == ["zh"]:
        return Text("files.hint.title")
    return ""


# How to write a missing field of a given type.
#: The fields whose absence the message shows an example for (the example is ``files.missing_field.<key>``).
_EXAMPLES: Final[dict[Any, str]] = {TitleText: "title"}


# --- where an error is, in words ------------------------------------------------------------------

_OWNERS: Final = {"rules": "rule", "clauses": "clause", "roles": "role", "departments": "department"}


def _where(doc: YamlDocument, path: YamlPath) -> Text:
    """``in rule 'x'``, ``in 'then' of rule 'x'``, ``in 'title'``, ``at the top level of the file``."""
    owner, inner = _owner(doc, path)
    if owner is None:
        return Text("where.in", key=_dotted(path)) if path else Text("where.top")
    return Text("where.in_of", key=_dotted(inner), owner=owner) if inner else Text("where.in_owner", owner=owner)


def _subject(doc: YamlDocument, path: YamlPath) -> Text:
    """``'then.outcome' of rule 'x'``, ``'version'``, ``the file``."""
    owner, inner = _owner(doc, path)
    if owner is None:
        return Text("subject.key", key=_dotted(path)) if path else Text("subject.file")
    return Text("subject.key_of", key=_dotted(inner), owner=owner) if inner else Text("subject.owner", owner=owner)


def _owner(doc: YamlDocument, path: YamlPath) -> tuple[Text | None, YamlPath]:
    """The rule, setting, clause, role or department ``path`` is in, and the rest of the path."""
    if len(path) < 2:
        return None, path
    head, item = path[0], path[1]
    if head == "settings" and isinstance(item, str):
        return Text("owner.setting", name=item), path[2:]
    noun = _OWNERS.get(str(head))
    if noun is None or not isinstance(item, int):
        return None, path
    entries = doc.data.get(head) if isinstance(doc.data, dict) else None
    entry = entries[item] if isinstance(entries, list) and item < len(entries) else None
    name = entry.get("id") if isinstance(entry, dict) else None
    if isinstance(name, str):
        return Text(f"owner.{noun}", name=name), path[2:]
    return Text(f"owner.{noun}.nth", n=item + 1, head=head), path[2:]


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
