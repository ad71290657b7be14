"""Verification (核查): the plan a listed matter must have, and the result of checking a commitment.

The founding text asks every unit to fix "核查时间、核查标准、核查方式" per matter (一(一)2, 二(三))
and to check commitments "通过部门间核查、实地调查、后台数据调用等事中事后监管措施" (一(五)).
"""

from enum import StrEnum, auto

from pydantic import Field

from commitrules.model._base import Entity, condition_helper
from commitrules.model._types import CodeSet, Day, Days, Flag, PersonalId, Text
from commitrules.model.codes import FindingType, VerificationMethodCode, label_enum

__all__ = [
    "AtFaultParty",
    "Finding",
    "PartyKind",
    "VerificationOutcome",
    "VerificationPlan",
    "VerificationResult",
    "VerificationStage",
    "VerificationTiming",
]


class VerificationTiming(StrEnum):
    """When a matter's commitments are checked: before the decision, after it, or both (核查时间)."""

    pre_decision = auto()
    post_decision = auto()
    both = auto()


label_enum(
    VerificationTiming,
    {
        VerificationTiming.pre_decision: "事中核查",
        VerificationTiming.post_decision: "事后核查",
        VerificationTiming.both: "事中和事后核查",
    },
)


class VerificationStage(StrEnum):
    """Whether something was found before or after the decision on the application was made."""

    pre_decision = auto()
    post_decision = auto()


label_enum(
    VerificationStage,
    {VerificationStage.pre_decision: "作出决定前", VerificationStage.post_decision: "作出决定后"},
)


class VerificationOutcome(StrEnum):
    """What a finished verification concluded about the commitment (核查结论)."""

    consistent = auto()
    inconsistent = auto()
    not_verifiable = auto()


label_enum(
    VerificationOutcome,
    {
        VerificationOutcome.consistent: "与承诺一致",
        VerificationOutcome.inconsistent: "与承诺不一致",
        VerificationOutcome.not_verifiable: "无法核实",
    },
)


class PartyKind(StrEnum):
    """Whether an at-fault party is a unit (单位) or a person (个人)."""

    unit = auto()
    person = auto()


label_enum(PartyKind, {PartyKind.unit: "单位", PartyKind.person: "个人"})


class VerificationPlan(Entity):
    """The verification plan of a certification matter (核查办法): time, standard and method.

    A listed matter whose plan does not fix when commitments are checked (核查时间: the timing, before
    or after the decision, and the deadline), the standard or at least one method cannot go live (rule
    verify.plan-complete). Every field may be missing, so that a matter without a plan can still be judged.
    """

    timing: VerificationTiming | None = None
    """When commitments are checked (核查时间): pre_decision, post_decision or both."""
    deadline_days: Days | None = None
    """Days allowed to finish a verification, counted from its start (核查时限); null: not fixed."""
    standard: Text = None
    """The verification standard (核查标准), as text; null or blank: not fixed."""
    methods: CodeSet[VerificationMethodCode] = frozenset()
    """The verification methods (核查方式). The list of 一(五) ends with 「等」, so it is open: besides the
    three it names, any lawful method of the pack's vocabulary (written_check, online_verification,
    publicity_check in the bundled one; a pack adds others in vocabulary.yaml) makes a plan complete."""
    exempt: Flag = False
    """The matter is exempt from case-by-case verification (免于核查, NAT-42)."""
    daily_supervision: Flag = False
    """The matter is under daily supervision (日常监管), which NAT-42 requires of an exempt matter."""

    @condition_helper
    def is_complete(self) -> bool:
        """Whether the timing, the deadline, the standard and at least one method are all fixed.

        核查时间 (一(一)2) is when a check happens (before or after the decision) as well as how long it
        may take, so a plan without its timing is as incomplete as one without a deadline.
        """
        return (
            self.timing is not None
            and self.deadline_days is not None
            and self.standard is not None
            and bool(self.methods)
        )

    @condition_helper
    def uses_method(self, *methods: VerificationMethodCode) -> bool:
        """Whether the plan uses any of ``methods`` (false when none are given)."""
        return not self.methods.isdisjoint(methods)


class AtFaultParty(Entity):
    """A unit or person at fault for a finding (有过错的单位或个人), held liable under 一(一)2.

    The rules read only whether a finding names one (``has_at_fault``: the consequence
    ``at_fault_liability``); the party's fields are for the record.
    """

    kind: PartyKind
    """unit (单位) or person (个人)."""
    name: PersonalId
    """The party's name."""
    public_official: Flag = False
    """The person is a public official (公务人员). For the record only: no rule of the verification kind
    reads it. Leniency for an official's mistake (group I) and the assessment of an official (group K) are
    decided by a leniency or an assessment case of their own, which the host opens."""


class Finding(Entity):
    """One problem a verification found (核查发现), with the stage at which it was found."""

    type: FindingType
    """What was found: not_meeting_conditions, false_commitment, nonperformance, ..."""
    stage: VerificationStage
    """pre_decision: found before the decision; post_decision: found after it. For the record only: what
    a finding leads to depends on the decision on the evaluation date (``commitment.decision``: pending,
    granted or refused), not on this stage; no rule reads it."""
    suspected_crime: Flag = False
    """The facts suggest a crime (涉嫌犯罪), so the case goes to the judicial authorities."""
    at_fault: list[AtFaultParty] = Field(default_factory=list)
    """Units or persons at fault for it (有过错的单位或个人), beyond the applicant."""
    note: Text = None
    """Free text describing the finding, for the record."""


class VerificationResult(Entity):
    """The result of verifying one commitment (核查结果)."""

    method: VerificationMethodCode
    """The method that was used (核查方式). For the record only: no rule reads it; the text gives a method
    outside the matter's plan no consequence."""
    completed_at: Day | None = None
    """The day the verification finished; null while it is still under way."""
    outcome: VerificationOutcome | None = None
    """consistent, inconsistent or not_verifiable; null while the verification is under way."""
    findings: list[Finding] = Field(default_factory=list)
    """What was found wrong; empty when nothing was."""
    serious_dishonesty: Flag = False
    """The unit determined the conduct to be relatively serious dishonesty (认定较重失信行为)."""

    @condition_helper
    def has_finding(self, *types: FindingType) -> bool:
        """Whether any finding has one of ``types`` (false when none are given)."""
        return any(f.type in types for f in self.findings)

    @condition_helper
    def has_finding_at(self, stage: VerificationStage, *types: FindingType) -> bool:
        """Whether any finding made at ``stage`` has one of ``types``."""
        return any(f.stage == stage and f.type in types for f in self.findings)

    @condition_helper
    def has_crime_suspected(self) -> bool:
        """Whether any finding is suspected to be a crime (涉嫌犯罪)."""
        return any(f.suspected_crime for f in self.findings)

    @condition_helper
    def has_at_fault(self, *types: FindingType) -> bool:
        """Whether a finding of one of ``types`` names a unit or person at fault."""
        return any(f.type in types and f.at_fault for f in self.findings)
