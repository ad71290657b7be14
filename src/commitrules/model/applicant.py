"""The applicant (行政相对人 / 申请人), its credit standing and its history of commitments.

Whether an applicant may use the commitment route at all depends on its credit (一(二)2:
「对发生较重失信行为或者作出虚假承诺的申请人,不适用告知承诺制」); the host system reads it from
the municipal public credit information system (市公共信用信息系统) and states it in the case.
"""

from enum import StrEnum, auto

from pydantic import Field

from commitrules.model._base import Entity
from commitrules.model._types import CodeSet, Day, Flag, Id, PersonalText, Text
from commitrules.model.codes import FindingType, label_enum
from commitrules.model.verification import VerificationOutcome

__all__ = ["Applicant", "ApplicantKind", "CommitmentOutcome", "CreditStatus", "Subject"]


class ApplicantKind(StrEnum):
    """The legal form of a person or organization."""

    natural_person = auto()
    legal_person = auto()
    unincorporated_org = auto()


label_enum(
    ApplicantKind,
    {
        ApplicantKind.natural_person: "自然人",
        ApplicantKind.legal_person: "法人",
        ApplicantKind.unincorporated_org: "非法人组织",
    },
)


class CreditStatus(Entity):
    """An applicant's standing in the municipal public credit information system (信用状况).

    The three flags are required: a host that did not look them up must not pass an applicant as clean.
    """

    on_blacklist: Flag
    """Listed on an active false-commitment or dishonesty blacklist (列入失信黑名单)."""
    serious_dishonesty: Flag
    """Has committed a relatively serious dishonest act (发生较重失信行为)."""
    prior_false_commitment: Flag
    """Has made a false commitment before (曾作出虚假承诺)."""
    credit_repaired_on: Day | None = None
    """The day the applicant's credit was repaired (信用修复), if it was; null: not repaired."""
    list_exited_on: Day | None = None
    """The day the applicant left the dishonesty list (失信名单退出) for any reason (repair, expiry of the
    publication period, correction on objection); null: never listed, or still listed."""


class CommitmentOutcome(Entity):
    """One earlier commitment of the applicant and how it ended (历史承诺及履约记录, 二(二))."""

    matter_id: Id
    """The id of the certification matter the commitment was made for. For the record only: a false
    commitment made for any matter bars the applicant (一(二)2 names no matter)."""
    committed_on: Day
    """The day the commitment was made."""
    outcome: VerificationOutcome | None = None
    """How its verification ended; null: not verified (yet). For the record only: an earlier commitment
    bars the route by its findings (rule applicant.prior-false-commitment), not by its outcome."""
    findings: CodeSet[FindingType] = frozenset()
    """The types of the findings of that verification."""


class Subject(Entity):
    """A person or organization that a credit record or a blacklist entry is about (主体)."""

    id: Id
    """The subject's id in the host system."""
    kind: ApplicantKind
    """natural_person, legal_person or unincorporated_org."""
    name: PersonalText = None
    """Name of the person or organization."""
    uscc: PersonalText = None
    """Unified social credit code (统一社会信用代码), for organizations."""
    id_no: PersonalText = None
    """Identity document number (身份证件号码), for natural persons."""
    employer: Text = None
    """The unit a natural person works for (所在单位); null: unknown or none. Read for a blacklist entry's
    subject: a listed person's employer is notified (二(二)4); for an applicant it is for the record only."""
    legal_representative_employer: Text = None
    """For organizations: the unit the legal representative works for; null: unknown or none. Read for a
    blacklist entry's subject (setting blacklist.notify_org_employer); for an applicant, for the record."""


class Applicant(Subject):
    """The applicant of a matter (申请人): a subject, with its credit and history."""

    village_committee: Text = None
    """The applicant's village or residents' committee (所在村(居)委会); null: none known."""
    credit: CreditStatus
    """Standing in the municipal public credit information system."""
    history: list[CommitmentOutcome] = Field(default_factory=list)
    """Earlier commitments and their outcomes (全流程归集的历史承诺及履约记录)."""
