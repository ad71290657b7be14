r"""Pydantic models of the policy files, and their errors as diagnostics at the right position.

A pack is a folder of ``pack.yaml``, ``settings.yaml``, ``clauses.yaml``, ``organization.yaml`` and
one ``<kind>.yaml`` per case kind. Each file is read by :func:`~commitrules.policy._yaml.load_yaml`
and then checked here with :func:`validate_file`, which turns every pydantic error into a
:class:`~commitrules.errors.Diagnostic` pointing at the offending key or value. Codes checked
against enums, clause ids, roles and conditions are the compiler's business, not this module's.

Every model forbids unknown fields, is frozen, and keeps lists as tuples. :func:`json_schema`
gives the JSON Schema editors use to autocomplete and check the files.

Examples:
    >>> from commitrules.policy._yaml import load_yaml
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
    Literal,
    NoReturn,
    Self,
    TypeVar,
    Union,
    get_args,
    get_origin,
)

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    StringConstraints,
    Tag,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError
from typing_extensions import TypeAliasType

from commitrules.errors import Diagnostic, suggest

if TYPE_CHECKING:
    from commitrules.policy._yaml import YamlDocument, YamlPath

__all__ = [
    "AllCondition",
    "AnyCondition",
    "Clause",
    "ClausesFile",
    "Condition",
    "Department",
    "Effective",
    "FileKind",
    "Include",
    "Interpretation",
    "NotCondition",
    "OrganizationFile",
    "PackFile",
    "PolicyFile",
    "RoleEntry",
    "Route",
    "Rule",
    "SettingEntry",
    "SettingsFile",
    "Then",
    "Title",
    "json_schema",
    "validate_file",
]

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
_BASIC_TYPES: Final = ("bool", "int", "number", "str", "date", "list[str]")
SETTING_TYPES: Final = (*_BASIC_TYPES, "enum:<EnumName>", "list[<EnumName>]")

# What each pattern means, in the words of an error message.
_PATTERN_HELP: Final = {
    RULE_ID: "a rule id: lowercase letters and digits in parts joined by '.' or '-' (e.g. 'breach.revoke')",
    SNAKE_NAME: "a snake_case name: lowercase letters, digits and '_', starting with a letter",
    SETTING_NAME: "a setting name: snake_case parts joined by '.' (e.g. 'leniency.mitigated_min_score')",
    CLAUSE_ID: "a clause id without spaces (e.g. '二(二)' or '一(一)2')",
    PACK_NAME: "lowercase letters and digits in parts joined by '-' or '.' (e.g. 'lianyungang-2019-57')",
    VERSION: "a version written major.minor.patch (e.g. '1.0.0')",
    SETTING_TYPE: "one of " + ", ".join(SETTING_TYPES),
}

Text = Annotated[str, StringConstraints(min_length=1)]
RuleId = Annotated[str, StringConstraints(pattern=RULE_ID)]
#: Outcomes, facts, roles, kinds and departments: ``snake_case``.
Name = Annotated[str, StringConstraints(pattern=SNAKE_NAME)]
SettingName = Annotated[str, StringConstraints(pattern=SETTING_NAME)]
ClauseId = Annotated[str, StringConstraints(pattern=CLAUSE_ID)]


def _error(
    code: str, message: str, *, at: YamlPath = (), key: bool = False, suggestion: str | None = None
) -> PydanticCustomError:
    """A validation error that :func:`validate_file` reports as ``code`` at ``loc + at``.

    ``message`` may contain ``{where}`` (where the mapping holding the key or value is, e.g. "in
    'then' of rule 'x'") and ``{subject}`` (the value, e.g. "'then.outcome' of rule 'x'"); they are
    filled in once the position is known.
    """
    return PydanticCustomError(
        code, "{message}", {"message": message, "at": at, "key": key, "suggestion": suggestion}
    )


def _not_a_number(value: Any) -> Any:
    """Keep pydantic from reading a number as a Unix timestamp where a date is expected."""
    if isinstance(value, int | float):
        message = f"Expected a date written YYYY-MM-DD for {{subject}}, found {_found(value)}."
        raise _error("wrong_type", message)
    return value


DateValue = Annotated[dt.date, BeforeValidator(_not_a_number)]


# --- shared pieces --------------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        validate_by_name=True,
        validate_by_alias=True,
        use_attribute_docstrings=True,
        hide_input_in_errors=False,
    )


class Title(_Model):
    """A text in Chinese and in English, e.g. {zh: 核查结果处理, en: Handling verification results}."""

    zh: Text
    """Chinese (简体中文)."""
    en: Text
    """English."""


# --- conditions -----------------------------------------------------------------------------------


class AllCondition(_Model):
    """True when every condition of the list is true."""

    all: Annotated[tuple[Condition, ...], Field(min_length=1)]
    """Conditions that must all hold (an expression, or all/any/not)."""


class AnyCondition(_Model):
    """True when at least one condition of the list is true."""

    any: Annotated[tuple[Condition, ...], Field(min_length=1)]
    """Conditions of which at least one must hold (an expression, or all/any/not)."""


class NotCondition(_Model):
    """True when the condition is false."""

    not_: Condition = Field(alias="not")
    """The condition that must not hold (an expression, or all/any/not)."""


_OPERATORS: Final = ("all", "any", "not")


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
        raise _error("unknown_field", message, at=(unknown[0],), key=True, suggestion=guess)
    if keys:
        listed = ", ".join(f"'{k}'" for k in keys)
        message = (
            f"A condition mapping has exactly one key, but this one {{where}} has {len(keys)}: {listed}. "
            "Nest them instead, e.g. {all: [..., {any: [...]}]}."
        )
        raise _error("invalid_condition", message, at=(keys[1],), key=True)
    if isinstance(value, dict):
        message = f"Expected a condition for {{subject}}, found an empty mapping. Write {shape}."
        raise _error("invalid_condition", message)
    hint = ""
    if isinstance(value, list):
        hint = " To require all of them, write 'all:' before the list."
    elif isinstance(value, bool) or value is None:
        hint = " To apply a rule always, leave 'when' out."
    raise _error(
        "wrong_type", f"Expected a condition ({shape}) for {{subject}}, found {_found(value)}.{hint}"
    )


#: A condition: an expression of the condition language (text), or a mapping with exactly one
#: key, ``all`` / ``any`` (a list of conditions) or ``not`` (a condition), nested freely.
Condition = TypeAliasType(
    "Condition",
    Annotated[
        Union[  # noqa: UP007 - Tag and SkipJsonSchema members need the explicit Union
            Annotated[str, Tag("expression"), StringConstraints(min_length=1)],
            Annotated[AllCondition, Tag("all")],
            Annotated[AnyCondition, Tag("any")],
            Annotated[NotCondition, Tag("not")],
            # Never valid: reports why a value is not a condition, in words (and not in the schema).
            Annotated[
                SkipJsonSchema[Annotated[NotCondition, BeforeValidator(_reject_condition)]], Tag("invalid")
            ],
        ],
        Discriminator(_condition_tag),
    ],
)

for _model in (AllCondition, AnyCondition, NotCondition):
    _model.model_rebuild()


# --- policy files ---------------------------------------------------------------------------------


class Interpretation(_Model):
    """Why a rule goes beyond (or fills a gap in) the founding text, and what configures it."""

    note: Title
    """What is interpreted, and why."""
    settings: tuple[SettingName, ...] = ()
    """The settings (of settings.yaml) that control the interpretation; may be empty."""


class Route(_Model):
    """An escalation: from the role a condition-language expression gives, up to a role."""

    from_: Text = Field(alias="from")
    """A condition-language expression giving the reporting role, e.g. 'request.from_role'."""
    to: Name
    """The role reported to (an id of organization.yaml), e.g. 'leader_in_charge'."""


class Then(_Model):
    """What a rule does when it fires. Every key is optional; lists of codes are checked by the compiler."""

    outcome: Name | None = None
    """One of the file's outcomes; when several fired rules set one, the first in 'outcomes' wins."""
    reasons: tuple[Text, ...] = ()
    """Reason codes added to the decision."""
    consequences: tuple[Text, ...] = ()
    """Consequence codes added to the decision."""
    measures: tuple[Text, ...] = ()
    """Joint-punishment categories added to the decision."""
    channels: tuple[Text, ...] = ()
    """Publicity channels added to the decision."""
    tools: tuple[Text, ...] = ()
    """First-form discipline tools added to the decision."""
    derive: tuple[Name, ...] = ()
    """Facts this rule establishes, which other rules of the file may test."""
    route: Route | None = None
    """An escalation route the decision gets."""
    advisory: bool = False
    """The rule only records that it applies: it shows in the decision's 'fired' and changes nothing else
    (a priority, a duty to keep a record)."""

    @field_validator("outcome")
    @classmethod
    def _known_outcome(cls, outcome: str | None, info: ValidationInfo) -> str | None:
        outcomes = (info.context or {}).get("outcomes")
        if outcome is not None and outcomes and outcome not in outcomes:
            raise _one_of_error("outcome", outcome, outcomes, "this file's outcomes")
        return outcome

    @property
    def is_empty(self) -> bool:
        """Whether the rule does nothing when it fires."""
        return not any(getattr(self, name) for name in type(self).model_fields)


class Effective(_Model):
    """When a rule applies: from 'from' to 'until', both days included; either may be left open."""

    from_: DateValue | None = Field(default=None, alias="from")
    """The first day the rule applies (YYYY-MM-DD); open when absent."""
    until: DateValue | None = None
    """The last day the rule applies, included (YYYY-MM-DD); open when absent."""

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.from_ is not None and self.until is not None and self.until < self.from_:
            message = (
                f"The rule ends ('until: {self.until}') before it starts ('from: {self.from_}') {{where}}. "
                "'until' is the last day the rule applies."
            )
            raise _error("invalid_value", message, at=("until",))
        return self

    def covers(self, day: dt.date) -> bool:
        """Whether the rule applies on ``day`` (``until`` is inclusive).

        Examples:
            >>> rule_days = Effective(from_=dt.date(2019, 10, 22), until=dt.date(2020, 12, 31))
            >>> rule_days.covers(dt.date(2020, 12, 31)), rule_days.covers(dt.date(2021, 1, 1))
            (True, False)
        """
        return (self.from_ is None or self.from_ <= day) and (self.until is None or day <= self.until)


def _one_or_many(value: Any) -> Any:
    """A clause id or a list of them, as a list."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        message = f"Expected a clause id or a list of clause ids for {{subject}}, found {_found(value)}."
        raise _error("wrong_type", message)
    return value


ClauseRefs = Annotated[
    tuple[ClauseId, ...],
    Field(min_length=1),
    BeforeValidator(_one_or_many, json_schema_input_type=ClauseId | list[ClauseId]),
]


class Rule(_Model):
    """One rule: when its condition holds, it does what 'then' says and beats what it 'overrides'."""

    id: RuleId
    """Unique across the pack, e.g. 'breach.revoke'."""
    clause: ClauseRefs | None = None
    """The clause (an id of clauses.yaml) the rule rests on, or a list of them; read as a list."""
    quote: Text | None = None
    """The sentence of the clause, in Chinese, that the rule states. Required with 'clause'."""
    interpretation: Interpretation | None = None
    """Why and how the rule interprets the text. Required when there is no 'clause'."""
    title: Title
    """What the rule decides, in Chinese and English."""
    when: Condition | None = None
    """When the rule applies; absent: always."""
    then: Then | None = None
    """What the rule does when it fires."""
    overrides: tuple[RuleId, ...] = ()
    """Rules of this file this one beats when both fire (an exception, 除外)."""
    effective: Effective | None = None
    """The days the rule applies; absent: always."""

    @model_validator(mode="after")
    def _grounded(self) -> Self:
        if self.clause is None and self.interpretation is None:
            message = (
                f"Rule '{self.id}' cites no clause and gives no interpretation. Add 'clause' and 'quote' "
                "(the sentence of the founding text it states), or an 'interpretation' saying why it is "
                "needed."
            )
            raise _error("missing_clause", message)
        if self.clause is not None and self.quote is None:
            cited = ("clause " if len(self.clause) == 1 else "clauses ") + ", ".join(
                f"'{c}'" for c in self.clause
            )
            message = (
                f"Rule '{self.id}' cites {cited} but has no 'quote'. Add 'quote:' with the sentence of "
                "the founding text (in Chinese) that the rule states."
            )
            raise _error("missing_quote", message, at=("clause",), key=True)
        if (self.then is None or self.then.is_empty) and not self.overrides:
            message = (
                f"Rule '{self.id}' does nothing. Give it a 'then' (outcome, reasons, consequences, "
                "measures, channels, tools, derive or route), or 'overrides' naming the rules it beats."
            )
            raise _error("empty_rule", message, at=("then",) if self.then is not None else (), key=True)
        return self


class Include(_Model):
    """Rules of another kind's file reused here, re-checked against this kind's case model."""

    kind: Name
    """The kind whose policy file states the rules, e.g. 'matter_review'."""
    rules: Annotated[tuple[RuleId, ...], Field(min_length=1)]
    """The ids of the rules to reuse."""
    id_prefix: str = ""
    """Prepended to each reused rule's id, so that ids stay unique across the pack."""
    outcomes: dict[Name, Name] = {}
    """Outcomes of the other kind mapped to outcomes of this one, e.g. {ineligible: certificate_required}."""
    derive: dict[Name, Name] = {}
    """Derived facts of the other kind renamed for this one."""


class PolicyFile(_Model):
    """The rules deciding one case kind: 'policies/<kind>.yaml'."""

    kind: Name
    """The case kind this file decides, e.g. 'verification'."""
    title: Title
    """What the file decides, in Chinese and English."""
    description: Title | None = None
    """A longer explanation, in Chinese and English."""
    outcomes: Annotated[tuple[Name, ...], Field(min_length=1)]
    """Every outcome of the kind, in precedence order: when rules set several, the first listed wins."""
    default: Name
    """The outcome when no fired rule sets one; one of 'outcomes'."""
    rules: tuple[Rule, ...] = ()
    """The rules, in any order (precedence comes from 'outcomes' and 'overrides')."""
    include: tuple[Include, ...] = ()
    """Rules of other kinds' files reused by this one (stated once, decided in several kinds)."""

    @field_validator("outcomes")
    @classmethod
    def _unique(cls, outcomes: tuple[str, ...]) -> tuple[str, ...]:
        _check_unique(outcomes, lambda i: (i,), "outcome", "outcomes")
        return outcomes

    @field_validator("default")
    @classmethod
    def _known_default(cls, default: str, info: ValidationInfo) -> str:
        outcomes = info.data.get("outcomes")
        if outcomes and default not in outcomes:
            raise _one_of_error("default", default, outcomes, "the outcomes")
        return default

    @model_validator(mode="after")
    def _known_outcomes(self, info: ValidationInfo) -> Self:
        if (info.context or {}).get("outcomes"):
            return self  # Then checked each outcome against the context, with its own position
        for i, rule in enumerate(self.rules):
            outcome = rule.then.outcome if rule.then is not None else None
            if outcome is not None and outcome not in self.outcomes:
                at = ("rules", i, "then", "outcome")
                raise _one_of_error("outcome", outcome, self.outcomes, "this file's outcomes", at=at)
        return self


def _one_of_error(
    field: str, value: str, allowed: tuple[str, ...] | list[str], what: str, *, at: YamlPath = ()
) -> PydanticCustomError:
    guess = suggest(value, allowed)
    listed = ", ".join(f"'{a}'" for a in allowed)
    tail = f" Did you mean '{guess}'?" if guess else ""
    message = f"The {field} '{value}' {{where}} is not one of {what}: {listed}.{tail}"
    return _error("invalid_value", message, at=at, suggestion=guess)


def _check_unique(ids: Any, at: Any, what: str, where: str) -> None:
    """Raise ``duplicate_id``/``invalid_value`` at the first repeated id (``at(i)``: its relative path)."""
    first: dict[str, int] = {}
    for i, name in enumerate(ids):
        if name in first:
            code = "invalid_value" if what == "outcome" else "duplicate_id"
            message = (
                f"The {what} '{name}' appears twice in '{where}' (items {first[name] + 1} and {i + 1}). "
                f"Each {what} must be listed once."
            )
            raise _error(code, message, at=at(i))
        first[name] = i


# --- settings, clauses, organization, pack ----------------------------------------------------------


def _setting_value(value: Any) -> Any:
    """Accept the value types a setting can have."""
    if isinstance(value, bool | int | float | str | dt.date):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    message = (
        "Expected a setting value (true/false, a number, text, a date or a list of texts) {where}, "
        f"found {_found(value)}."
    )
    raise _error("wrong_type", message)


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
                {"enum": list(_BASIC_TYPES)},
                {"type": "string", "pattern": SETTING_TYPE},
            ],
            "description": f"The type: {', '.join(SETTING_TYPES)}. Inferred from the value when absent.",
        }
    ),
]

_TYPE_CHECKS: Final = {
    "bool": lambda v: isinstance(v, bool),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "str": lambda v: isinstance(v, str),
    "date": lambda v: isinstance(v, dt.date),
    "list": lambda v: isinstance(v, tuple),
    "enum": lambda v: isinstance(v, str),
}


class SettingEntry(_Model):
    """One configurable default: its value, type, source and title."""

    value: SettingValue
    """The default value; a deployment may override it without editing rules."""
    type: SettingType | None = None
    """The value's type; inferred from the value when absent."""
    source: Text
    """The clause id it rests on, or the word 'interpretation' where the founding text is silent."""
    title: Title
    """What the setting controls, in Chinese and English."""
    used_by: Literal["rules", "host"] = "rules"
    """'host' for a parameter the host system applies (a publication period, masking identifiers) that
    no rule reads; lint then does not report it as unused."""

    @model_validator(mode="after")
    def _value_has_type(self) -> Self:
        if self.type is None:
            return self
        family = self.type.split("[", 1)[0].split(":", 1)[0]
        if not _TYPE_CHECKS[family](self.value):
            message = f"{{subject}} is {_found(self.value)}, but the setting is declared 'type: {self.type}'."
            if isinstance(self.value, str) and family in ("bool", "int", "number", "date"):
                message += " Remove the quotes."
            raise _error("wrong_type", message, at=("value",))
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


class SettingsFile(_Model):
    """'settings.yaml': every configurable default of the pack, by dotted name."""

    settings: Annotated[
        dict[SettingName, SettingEntry], Field(json_schema_extra={"additionalProperties": False})
    ]
    """The settings, by name (snake_case parts joined by '.', e.g. 'leniency.mitigated_min_score')."""


class Clause(_Model):
    """A clause of the founding document (or of another document, with 'external: true')."""

    id: ClauseId
    """How rules cite it, e.g. '一(一)2' (section one, paragraph (一), item 2)."""
    text: Text
    """The clause's text, in Chinese."""
    title: Title | None = None
    """A short name, in Chinese and English."""
    excused: Title | None = None
    """Why no rule is needed for this clause, in Chinese and English."""
    external: bool = False
    """True for documents other than the founding one (NAT-42 etc.)."""


class ClausesFile(_Model):
    """'clauses.yaml': every clause rules may cite."""

    clauses: tuple[Clause, ...]
    """The clauses, in the order of the document."""

    @model_validator(mode="after")
    def _unique(self) -> Self:
        _check_unique((c.id for c in self.clauses), lambda i: ("clauses", i, "id"), "clause id", "clauses")
        return self


class RoleEntry(_Model):
    """A role of the reporting chain."""

    id: Name
    """The role's code, e.g. 'division_head'."""
    title: Title
    """The role's name, in Chinese and English."""
    reports_to: Name | None = None
    """The role it reports to; null (or absent) for the top of the chain."""
    skips_level: Title | None = None
    """Why this role reports past the next level of the chain (一(三)1 asks for reports level by level,
    逐级); without it, 'commitrules check' warns about the skip."""


class Department(_Model):
    """A department and the joint-punishment categories it applies."""

    id: Name
    """The department's code, e.g. 'market_regulation'."""
    title: Title
    """The department's name, in Chinese and English."""
    measures: tuple[Text, ...] = ()
    """The joint-punishment categories it applies, e.g. 'industry_access'."""


class OrganizationFile(_Model):
    """'organization.yaml': the reporting chain and the departments applying joint punishment."""

    roles: Annotated[tuple[RoleEntry, ...], Field(min_length=1)]
    """The roles, each with the role it reports to."""
    departments: tuple[Department, ...] = ()
    """Which department applies which joint-punishment categories."""

    @model_validator(mode="after")
    def _unique(self) -> Self:
        _check_unique((r.id for r in self.roles), lambda i: ("roles", i, "id"), "role id", "roles")
        ids = (d.id for d in self.departments)
        _check_unique(ids, lambda i: ("departments", i, "id"), "department id", "departments")
        return self


class PackFile(_Model):
    """'pack.yaml': the pack's name, version and source."""

    name: Annotated[str, StringConstraints(pattern=PACK_NAME)]
    """The pack's name, e.g. 'lianyungang-2019-57'."""
    version: Annotated[str, StringConstraints(pattern=VERSION)]
    """The pack's version, major.minor.patch (quote it if YAML would read it as a number)."""
    title: Title
    """The pack's title, in Chinese and English."""
    source: Title | None = None
    """The document the pack states, in Chinese and English."""


# --- JSON Schema ----------------------------------------------------------------------------------

FileKind = Literal["policy", "settings", "clauses", "organization", "pack"]
_FILE_MODELS: Final[dict[str, type[BaseModel]]] = {
    "policy": PolicyFile,
    "settings": SettingsFile,
    "clauses": ClausesFile,
    "organization": OrganizationFile,
    "pack": PackFile,
}


def json_schema(kind: FileKind) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of file, for editors and ``commitrules schema``.

    Examples:
        >>> json_schema("policy")["$defs"]["Condition"]["oneOf"][0]
        {'minLength': 1, 'type': 'string'}
    """
    model = _FILE_MODELS.get(kind)
    if model is None:
        raise ValueError(f"Unknown file kind '{kind}'; expected one of {', '.join(_FILE_MODELS)}.")
    schema = model.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


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
        hint = _EXAMPLES.get(_bare(steps[-1]), "")
        message = f"Missing required field '{name}' {_where(doc, path[:-1])}.{hint.replace('{name}', name)}"
        return doc.diagnostic("missing_field", message, path[:-1])
    expected = _expected(kind, steps[-1])
    if expected is not None:
        message = f"Expected {expected} for {_subject(doc, path)}, found {_found(value)}."
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
    if guess is not None:
        tail = f" Did you mean '{guess}'?"
    elif fields:
        tail = " Allowed fields: " + ", ".join(f"'{f}'" for f in fields) + "."
    else:
        tail = ""
    message = f"Unknown field '{name}' {_where(doc, path[:-1])}.{tail}"
    return doc.diagnostic("unknown_field", message, path, at_key=True, suggestion=guess)


def _invalid(kind: str, ctx: dict[str, Any], value: Any, fallback: str) -> tuple[str, str | None]:
    """The message (with a ``{subject}`` slot) and suggestion for a value of the right type but wrong."""
    shown = _found(value)
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        help_text = _PATTERN_HELP.get(pattern, f"text matching {pattern}")
        guess = suggest(str(value), _BASIC_TYPES) if pattern == SETTING_TYPE else _repair(str(value), pattern)
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
            words += " with " + (
                f"{', '.join(quoted[:-1])} and {quoted[-1]}" if len(quoted) > 1 else quoted[0]
            )
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
_EXAMPLES: Final[dict[Any, str]] = {Title: " Add it, e.g. {name}: {zh: ..., en: ...}."}


def _found(value: Any) -> str:  # noqa: PLR0911 - one return per kind of value
    """How a user value is shown in a message."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (true/false)"
    if isinstance(value, int | float):
        return f"the number '{value}'"
    if isinstance(value, dt.date):
        return f"the date '{value.isoformat()}'"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"'{shown}'"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"


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
