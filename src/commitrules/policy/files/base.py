"""The pieces every file model shares: name patterns, the base model, texts in two languages, errors."""

from __future__ import annotations

import datetime as dt
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    Final,
    TypeVar,
)

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

from commitrules import _field_docs
from commitrules.errors import suggest
from commitrules.messages import Text as MessageText

if TYPE_CHECKING:
    from commitrules.policy.yaml import YamlPath

T = TypeVar("T", bound=BaseModel)

# --- names and their patterns ---------------------------------------------------------------------

RULE_ID: Final = r"^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$"
SNAKE_NAME: Final = r"^[a-z][a-z0-9_]*$"
SETTING_NAME: Final = r"^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*$"
CLAUSE_ID: Final = r"^\S+$"
PACK_NAME: Final = r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$"
VERSION: Final = r"^[0-9]+\.[0-9]+\.[0-9]+(?:[-+][0-9A-Za-z.-]+)?$"
_ENUM_NAME: Final = r"[A-Z][A-Za-z0-9]*"
SETTING_TYPE: Final = rf"^(?:bool|int|number|str|date|list\[str\]|enum:{_ENUM_NAME}|list\[{_ENUM_NAME}\])$"
BASIC_TYPES: Final = ("bool", "int", "number", "str", "date", "list[str]")
SETTING_TYPES: Final = (*BASIC_TYPES, "enum:<EnumName>", "list[<EnumName>]")

# What each pattern means, in the words of an error message (catalogue ids; ``{types}``: SETTING_TYPES).
PATTERN_HELP: Final = {
    RULE_ID: "pattern.rule_id",
    SNAKE_NAME: "pattern.snake_name",
    SETTING_NAME: "pattern.setting_name",
    CLAUSE_ID: "pattern.clause_id",
    PACK_NAME: "pattern.pack_name",
    VERSION: "pattern.version",
    SETTING_TYPE: "pattern.setting_type",
}

Text = Annotated[str, StringConstraints(min_length=1)]
RuleId = Annotated[str, StringConstraints(pattern=RULE_ID)]
#: Outcomes, facts, roles, kinds and departments: ``snake_case``.
Name = Annotated[str, StringConstraints(pattern=SNAKE_NAME)]
SettingName = Annotated[str, StringConstraints(pattern=SETTING_NAME)]
ClauseId = Annotated[str, StringConstraints(pattern=CLAUSE_ID)]

#: The JSON Schema keyword that marks a value naming something of the pack (a clause, a setting, a
#: code of a vocabulary list, ...); :mod:`commitrules.authoring.file_schemas` turns it into the enum
#: of the loaded pack's names, for editors. Its value says what is named; see ``PACK_REFS`` there.
PACK_REF: Final = "x-pack"


def pack_ref(what: str) -> Any:
    """Field metadata marking a value (or, on a mapping, its keys) as naming ``what`` of the pack."""
    return Field(json_schema_extra={PACK_REF: what})


#: A clause a rule, a code or a setting cites (an id of clauses.yaml).
ClauseRef = Annotated[str, StringConstraints(pattern=CLAUSE_ID), pack_ref("clauses")]
#: A setting a rule names (a key of settings.yaml).
SettingRef = Annotated[str, StringConstraints(pattern=SETTING_NAME), pack_ref("settings")]


#: Parameters of a :func:`file_error` message filled in once the position is known: where the mapping
#: holding the key or value is ("in 'then' of rule 'x'"), and the value ("'then.outcome' of rule 'x'").
WHERE: Final = "\x00where"
SUBJECT: Final = "\x00subject"


def file_error(
    code: str, message: MessageText | str, *, at: YamlPath = (), key: bool = False, suggestion: str | None = None
) -> PydanticCustomError:
    """A validation error that :func:`validate_file` reports as ``code`` at ``loc + at``.

    Parameters of ``message`` (and of Texts inside it) that are :data:`WHERE` or :data:`SUBJECT` are
    filled in once the position is known.
    """
    return PydanticCustomError(code, "{message}", {"message": message, "at": at, "key": key, "suggestion": suggestion})


def _not_a_number(value: Any) -> Any:
    """Keep pydantic from reading a number as a Unix timestamp where a date is expected."""
    if isinstance(value, int | float):
        raise file_error("wrong_type", MessageText("files.date_not_number", subject=SUBJECT, found=found_text(value)))
    return value


DateValue = Annotated[dt.date, BeforeValidator(_not_a_number)]


# --- shared pieces --------------------------------------------------------------------------------


class FileModel(_field_docs.DocumentedFields, BaseModel):
    """The base of every file model: unknown fields forbidden, frozen, field docstrings as descriptions.

    The descriptions are read when a model's schema is first built (:mod:`commitrules._field_docs`).
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        validate_by_name=True,
        validate_by_alias=True,
        defer_build=True,
        hide_input_in_errors=False,
    )


class TitleText(FileModel):
    """A text in Chinese and in English, e.g. {zh: 核查结果处理, en: Handling verification results}."""

    zh: Text
    """Chinese (简体中文)."""
    en: Text
    """English."""


def one_of_error(
    field: str, value: str, allowed: tuple[str, ...] | list[str], what: str, *, at: YamlPath = ()
) -> PydanticCustomError:
    """An ``invalid_value`` error: ``value`` of ``field`` is not one of ``allowed``, with a suggestion.

    ``field`` and ``what`` name catalogue entries (``files.field.<field>``, ``files.among.<what>``).
    """
    guess = suggest(value, allowed)
    listed = ", ".join(f"'{a}'" for a in allowed)
    tail = MessageText("diag.guess", guess=guess) if guess else ""
    field_words, among = MessageText(f"files.field.{field}"), MessageText(f"files.among.{what}")
    message = MessageText(
        "files.not_one_of", field=field_words, value=value, where=WHERE, what=among, listed=listed, tail=tail
    )
    return file_error("invalid_value", message, at=at, suggestion=guess)


def check_unique(ids: Any, at: Any, what: str, where: str) -> None:
    """Raise ``duplicate_id``/``invalid_value`` at the first repeated id (``at(i)``: its relative path)."""
    first: dict[str, int] = {}
    for i, name in enumerate(ids):
        if name in first:
            code = "invalid_value" if what == "outcome" else "duplicate_id"
            items = {"first": first[name] + 1, "second": i + 1}
            message = MessageText(
                "files.listed_twice",
                what=MessageText(f"files.noun.{what.replace(' ', '_')}"),
                name=name,
                where=where,
                **items,
            )
            raise file_error(code, message, at=at(i))
        first[name] = i


def found_text(value: Any) -> MessageText:  # noqa: PLR0911 - one return per kind of value
    """How a user value is shown in a message."""
    if value is None:
        return MessageText("found.nothing")
    if isinstance(value, bool):
        return MessageText("found.bool", value=str(value).lower())
    if isinstance(value, int | float):
        return MessageText("found.number", value=value)
    if isinstance(value, dt.date):
        return MessageText("found.date", value=value.isoformat())
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return MessageText("found.text", value=shown)
    if isinstance(value, list | tuple):
        return MessageText("word.list")
    if isinstance(value, dict):
        return MessageText("word.mapping")
    return MessageText("found.text", value=value)
