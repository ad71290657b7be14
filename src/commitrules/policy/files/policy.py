"""The model of a policy file ('<kind>.yaml'): its rules, what they do, when, and what they include."""

from __future__ import annotations

import datetime as dt
from typing import (
    Annotated,
    Any,
    Self,
)

from pydantic import (
    BeforeValidator,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from commitrules.policy.files.base import (
    ClauseRef,
    DateValue,
    FileModel,
    Name,
    RuleId,
    SettingRef,
    Text,
    TitleText,
    check_unique,
    file_error,
    found_text,
    one_of_error,
    pack_ref,
)
from commitrules.policy.files.conditions import Condition

# Values that name something of the pack (see base.PACK_REF): editors complete them from the pack.
Kind = Annotated[Name, pack_ref("kinds")]
PackKind = Annotated[Name, pack_ref("pack_kinds")]
Outcome = Annotated[Name, pack_ref("outcomes")]
RuleRef = Annotated[RuleId, pack_ref("rules")]
Role = Annotated[Name, pack_ref("roles")]

# --- policy files ---------------------------------------------------------------------------------


class Interpretation(FileModel):
    """Why a rule goes beyond (or fills a gap in) the founding text, and what configures it."""

    note: TitleText
    """What is interpreted, and why."""
    settings: tuple[SettingRef, ...] = ()
    """The settings (of settings.yaml) that control the interpretation; may be empty."""


class Route(FileModel):
    """An escalation: from the role a condition-language expression gives, up to a role."""

    from_: Text = Field(alias="from")
    """A condition-language expression giving the reporting role, e.g. 'request.from_role'."""
    to: Role
    """The role reported to (an id of organization.yaml), e.g. 'leader_in_charge'."""


class Then(FileModel):
    """What a rule does when it fires. Every key is optional; lists of codes are checked by the compiler."""

    outcome: Outcome | None = None
    """One of the file's outcomes; when several fired rules set one, the first in 'outcomes' wins."""
    reasons: tuple[Annotated[Text, pack_ref("vocabulary:reasons")], ...] = ()
    """Reason codes added to the decision."""
    consequences: tuple[Annotated[Text, pack_ref("vocabulary:consequences")], ...] = ()
    """Consequence codes added to the decision."""
    measures: tuple[Annotated[Text, pack_ref("vocabulary:measures")], ...] = ()
    """Joint-punishment categories added to the decision."""
    channels: tuple[Annotated[Text, pack_ref("vocabulary:channels")], ...] = ()
    """Publicity channels added to the decision."""
    tools: tuple[Annotated[Text, pack_ref("vocabulary:tools")], ...] = ()
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
            raise one_of_error("outcome", outcome, outcomes, "this file's outcomes")
        return outcome

    @property
    def is_empty(self) -> bool:
        """Whether the rule does nothing when it fires."""
        return not any(getattr(self, name) for name in type(self).model_fields)


class Effective(FileModel):
    """When a rule applies: from 'from' to 'until', both days included; either may be left open."""

    from_: DateValue | None = Field(default=None, alias="from")
    """The first day the rule applies (YYYY-MM-DD); open when absent."""
    until: DateValue | None = None
    """The last day the rule applies, included (YYYY-MM-DD); open when absent."""

    @field_validator("from_", "until", mode="before")
    @classmethod
    def _not_null(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None:
            key = "from" if info.field_name == "from_" else info.field_name
            message = (
                f"'{key}' {{where}} has no date (it is empty or null), which would leave the rule open on "
                f"that side without saying so. Write the date (YYYY-MM-DD), or leave '{key}' out."
            )
            raise file_error("wrong_type", message)
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.from_ is not None and self.until is not None and self.until < self.from_:
            message = (
                f"The rule ends ('until: {self.until}') before it starts ('from: {self.from_}') {{where}}. "
                "'until' is the last day the rule applies."
            )
            raise file_error("invalid_value", message, at=("until",))
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
        message = f"Expected a clause id or a list of clause ids for {{subject}}, found {found_text(value)}."
        raise file_error("wrong_type", message)
    return value


ClauseRefs = Annotated[
    tuple[ClauseRef, ...],
    Field(min_length=1),
    BeforeValidator(_one_or_many, json_schema_input_type=ClauseRef | list[ClauseRef]),
]


class Rule(FileModel):
    """One rule: when its condition holds, it does what 'then' says and beats what it 'overrides'."""

    id: RuleId
    """Unique across the pack, e.g. 'breach.revoke'."""
    clause: ClauseRefs | None = None
    """The clause (an id of clauses.yaml) the rule rests on, or a list of them; read as a list."""
    quote: Text | None = None
    """The sentence of the clause, in Chinese, that the rule states. Required with 'clause'."""
    interpretation: Interpretation | None = None
    """Why and how the rule interprets the text. Required when there is no 'clause'."""
    title: TitleText
    """What the rule decides, in Chinese and English."""
    when: Condition | None = None
    """When the rule applies; absent: always."""
    then: Then | None = None
    """What the rule does when it fires."""
    overrides: tuple[RuleRef, ...] = ()
    """Rules of this file this one beats when both fire (an exception, 除外)."""
    effective: Effective | None = None
    """The days the rule applies; absent: always."""

    @field_validator("when", "effective", mode="before")
    @classmethod
    def _not_null(cls, value: Any, info: ValidationInfo) -> Any:
        # Absent means "always"; written but empty (or ~, null) is a condition or a range left out
        # by mistake, and must not silently mean "always" too.
        if value is None and info.field_name == "when":
            message = (
                "'when' {where} is empty (or null), which would make the rule apply always without saying "
                "so. Write the condition; for a rule that always applies, leave 'when' out."
            )
            raise file_error("empty_condition", message)
        if value is None:
            message = (
                "'effective' {where} is empty (or null). Write {from: YYYY-MM-DD} and/or {until: YYYY-MM-DD}; "
                "for a rule that always applies, leave 'effective' out."
            )
            raise file_error("wrong_type", message)
        return value

    @model_validator(mode="after")
    def _grounded(self) -> Self:
        if self.clause is None and self.interpretation is None:
            message = (
                f"Rule '{self.id}' cites no clause and gives no interpretation. Add 'clause' and 'quote' "
                "(the sentence of the founding text it states), or an 'interpretation' saying why it is "
                "needed."
            )
            raise file_error("missing_clause", message)
        if self.clause is not None and self.quote is None:
            cited = ("clause " if len(self.clause) == 1 else "clauses ") + ", ".join(f"'{c}'" for c in self.clause)
            message = (
                f"Rule '{self.id}' cites {cited} but has no 'quote'. Add 'quote:' with the sentence of "
                "the founding text (in Chinese) that the rule states."
            )
            raise file_error("missing_quote", message, at=("clause",), key=True)
        if (self.then is None or self.then.is_empty) and not self.overrides:
            message = (
                f"Rule '{self.id}' does nothing. Give it a 'then' (outcome, reasons, consequences, "
                "measures, channels, tools, derive or route), or 'overrides' naming the rules it beats."
            )
            raise file_error("empty_rule", message, at=("then",) if self.then is not None else (), key=True)
        return self


class Include(FileModel):
    """Rules of another kind's file reused here, re-checked against this kind's case model."""

    kind: PackKind
    """The kind whose policy file states the rules, e.g. 'matter_review'."""
    rules: Annotated[tuple[RuleRef, ...], Field(min_length=1)]
    """The ids of the rules to reuse."""
    id_prefix: str = ""
    """Prepended to each reused rule's id, so that ids stay unique across the pack."""
    outcomes: dict[Name, Outcome] = {}  # noqa: RUF012 - pydantic copies a default, it is never shared
    """Outcomes of the other kind mapped to outcomes of this one, e.g. {ineligible: certificate_required}."""
    derive: dict[Name, Name] = {}  # noqa: RUF012 - pydantic copies a default, it is never shared
    """Derived facts of the other kind renamed for this one."""


class PolicyFile(FileModel):
    """The rules deciding one case kind: 'policies/<kind>.yaml'."""

    kind: Kind
    """The case kind this file decides, e.g. 'verification'."""
    title: TitleText
    """What the file decides, in Chinese and English."""
    description: TitleText | None = None
    """A longer explanation, in Chinese and English."""
    outcomes: Annotated[tuple[Outcome, ...], Field(min_length=1)]
    """Every outcome of the kind, in precedence order: when rules set several, the first listed wins."""
    default: Outcome
    """The outcome when no fired rule sets one; one of 'outcomes'."""
    rules: tuple[Rule, ...] = ()
    """The rules, in any order (precedence comes from 'outcomes' and 'overrides')."""
    include: tuple[Include, ...] = ()
    """Rules of other kinds' files reused by this one (stated once, decided in several kinds)."""

    @field_validator("outcomes")
    @classmethod
    def _unique(cls, outcomes: tuple[str, ...]) -> tuple[str, ...]:
        check_unique(outcomes, lambda i: (i,), "outcome", "outcomes")
        return outcomes

    @field_validator("default")
    @classmethod
    def _known_default(cls, default: str, info: ValidationInfo) -> str:
        outcomes = info.data.get("outcomes")
        if outcomes and default not in outcomes:
            raise one_of_error("default", default, outcomes, "the outcomes")
        return default

    @model_validator(mode="after")
    def _known_outcomes(self, info: ValidationInfo) -> Self:
        if (info.context or {}).get("outcomes"):
            return self  # Then checked each outcome against the context, with its own position
        for i, rule in enumerate(self.rules):
            outcome = rule.then.outcome if rule.then is not None else None
            if outcome is not None and outcome not in self.outcomes:
                at = ("rules", i, "then", "outcome")
                raise one_of_error("outcome", outcome, self.outcomes, "this file's outcomes", at=at)
        return self
