"""Conditions as the files write them: an expression, or all/any/not over conditions."""

from __future__ import annotations

from typing import (
    Annotated,
    Any,
    Final,
    NoReturn,
    Union,
)

from pydantic import (
    BeforeValidator,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
)
from pydantic.json_schema import SkipJsonSchema
from typing_extensions import TypeAliasType

from commitrules.errors import suggest
from commitrules.policy.files.base import FileModel, file_error, found_text

# --- conditions -----------------------------------------------------------------------------------


class AllCondition(FileModel):
    """True when every condition of the list is true."""

    all: Annotated[tuple[Condition, ...], Field(min_length=1)]
    """Conditions that must all hold (an expression, or all/any/not)."""


class AnyCondition(FileModel):
    """True when at least one condition of the list is true."""

    any: Annotated[tuple[Condition, ...], Field(min_length=1)]
    """Conditions of which at least one must hold (an expression, or all/any/not)."""


class NotCondition(FileModel):
    """True when the condition is false."""

    not_: Condition = Field(alias="not")
    """The condition that must not hold (an expression, or all/any/not)."""


_OPERATORS: Final = ("all", "any", "not")
_EXPRESSION: Final = (
    "An expression of the condition language (docs/authoring.md), e.g. "
    "\"settings.exclusions.national and matter.has_risk('state_secret')\"; "
    "ASCII operators, quotes and brackets: not ：，（）‘’“”. / 条件表达式(见 docs/zh/authoring.md),"
    "运算符、引号和括号须用英文半角字符。"
)


def _condition_tag(value: Any) -> str:
    """Which branch of :data:`Condition` validates ``value`` (``invalid`` reports why none does)."""
    if isinstance(value, str):
        return "expression"
    if isinstance(value, dict) and len(value) == 1:
        (key,) = value
        if key in _OPERATORS:
            return str(key)
    if isinstance(value, AllCondition | AnyCondition | NotCondition):
        return next(iter(type(value).model_fields)).removesuffix("_")
    return "invalid"


def _reject_condition(value: Any) -> NoReturn:
    """Explain why ``value`` is not a condition (the ``invalid`` branch always fails)."""
    shape = "an expression in quotes, or a mapping with one key: 'all', 'any' or 'not'"
    keys = [str(k) for k in value] if isinstance(value, dict) else []
    unknown = [k for k in keys if k not in _OPERATORS]
    if unknown:
        guess = suggest(unknown[0], _OPERATORS)
        tail = f" Did you mean '{guess}'?" if guess else f" A condition is {shape}."
        message = f"Unknown condition operator '{unknown[0]}' {{where}}.{tail}"
        raise file_error("unknown_field", message, at=(unknown[0],), key=True, suggestion=guess)
    if keys:
        listed = ", ".join(f"'{k}'" for k in keys)
        message = (
            f"A condition mapping has exactly one key, but this one {{where}} has {len(keys)}: {listed}. "
            "Nest them instead, e.g. {all: [..., {any: [...]}]}."
        )
        raise file_error("invalid_condition", message, at=(keys[1],), key=True)
    if isinstance(value, dict):
        message = f"Expected a condition for {{subject}}, found an empty mapping. Write {shape}."
        raise file_error("invalid_condition", message)
    hint = ""
    if isinstance(value, list):
        hint = " To require all of them, write 'all:' before the list."
    elif isinstance(value, bool) or value is None:
        hint = " To apply a rule always, leave 'when' out."
    raise file_error("wrong_type", f"Expected a condition ({shape}) for {{subject}}, found {found_text(value)}.{hint}")


#: A condition: an expression of the condition language (text), or a mapping with exactly one
#: key, ``all`` / ``any`` (a list of conditions) or ``not`` (a condition), nested freely.
Condition = TypeAliasType(
    "Condition",
    Annotated[
        Union[  # noqa: UP007 - Tag and SkipJsonSchema members need the explicit Union
            Annotated[str, Tag("expression"), StringConstraints(min_length=1), Field(description=_EXPRESSION)],
            Annotated[AllCondition, Tag("all")],
            Annotated[AnyCondition, Tag("any")],
            Annotated[NotCondition, Tag("not")],
            # Never valid: reports why a value is not a condition, in words (and not in the schema).
            Annotated[SkipJsonSchema[Annotated[NotCondition, BeforeValidator(_reject_condition)]], Tag("invalid")],
        ],
        Discriminator(_condition_tag),
    ],
)

for _model in (AllCondition, AnyCondition, NotCondition):
    _model.model_rebuild()
