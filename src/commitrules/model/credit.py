"""Credit records (信用档案) and blacklist entries (失信黑名单).

Commitments, performance and breaches go into the personal or enterprise credit file (一(二)1); a
subject found to have made a false commitment or committed serious dishonesty is blacklisted
(一(二)2, 二(二)3) and the six categories of joint punishment may follow; list exit is one of the five
items the credit website publishes (二(一)).
"""

# The entities have fields called ``date``, as docs/domain.md names them, so the type is reached through
# the module to keep the field name from shadowing it.
from enum import StrEnum, auto

from commitrules.model._base import Entity
from commitrules.model._types import CodeSet, Day, Flag, Id, Text
from commitrules.model.applicant import Subject
from commitrules.model.codes import Measure, label_enum

__all__ = [
    "BlacklistBasis",
    "BlacklistEntry",
    "BlacklistExit",
    "BlacklistStatus",
    "CreditFile",
    "CreditRecord",
    "CreditRecordKind",
    "ExitReason",
]


class CreditRecordKind(StrEnum):
    """What a credit record records (一(二)1, 二(二)2)."""

    commitment_content = auto()
    performance = auto()
    breach = auto()
    serious_violation = auto()


label_enum(
    CreditRecordKind,
    {
        CreditRecordKind.commitment_content: "承诺内容",
        CreditRecordKind.performance: "践诺行为",
        CreditRecordKind.breach: "违约记录",
        CreditRecordKind.serious_violation: "严重违法违规行为",
    },
)


class CreditFile(StrEnum):
    """The credit file a record goes into: personal for natural persons, enterprise otherwise."""

    personal = auto()
    enterprise = auto()


label_enum(CreditFile, {CreditFile.personal: "个人信用档案", CreditFile.enterprise: "企业信用档案"})


class CreditRecord(Entity):
    """A record in a subject's credit file in the municipal public credit information system."""

    subject: Subject
    """Whom the record is about."""
    kind: CreditRecordKind
    """commitment_content, performance, breach or serious_violation."""
    file: CreditFile
    """personal (个人) or enterprise (企业)."""
    date: Day
    """The day of the recorded event."""


class BlacklistBasis(StrEnum):
    """Why a subject was blacklisted (认定依据)."""

    false_commitment = auto()
    serious_dishonesty = auto()


label_enum(
    BlacklistBasis,
    {BlacklistBasis.false_commitment: "作出虚假承诺", BlacklistBasis.serious_dishonesty: "发生较重失信行为"},
)


class BlacklistStatus(StrEnum):
    """Whether an entry is in force or the subject has left the list."""

    active = auto()
    exited = auto()


label_enum(BlacklistStatus, {BlacklistStatus.active: "在列", BlacklistStatus.exited: "已退出"})


class ExitReason(StrEnum):
    """Why a subject left the list (失信名单退出)."""

    credit_repair = auto()
    expiry = auto()
    correction_on_objection = auto()


label_enum(
    ExitReason,
    {
        ExitReason.credit_repair: "信用修复",
        ExitReason.expiry: "公示期满",
        ExitReason.correction_on_objection: "异议更正",
    },
)


class BlacklistExit(Entity):
    """How and when a subject left the list."""

    reason: ExitReason
    """credit_repair, expiry or correction_on_objection."""
    date: Day
    """The day of the exit."""


class BlacklistEntry(Entity):
    """An entry on the false-commitment or dishonesty blacklist (虚假承诺黑名单 / 失信黑名单)."""

    subject: Subject
    """Who is listed; ``subject.employer`` is notified for natural persons (二(二)4)."""
    basis: BlacklistBasis
    """false_commitment or serious_dishonesty."""
    determined_by: Id
    """The unit that determined the entry (认定单位)."""
    listed_on: Day
    """The day the subject was listed."""
    status: BlacklistStatus
    """active or exited (as the host's list records it)."""
    id: Text = None
    """The entry's id in the host system."""
    published: Flag = False
    """The entry has been published on 信用连云港 (对外曝光), as the host records it. For the record only:
    no rule reads it; an entry in force is to be exposed there (一(二)2, rule blacklist.publish) whether or
    not that has been done yet, and an exit is published there either way (二(一))."""
    categories: CodeSet[Measure] = frozenset()
    """Joint-punishment categories departments have decided for this entry; empty: none decided yet. For
    the record only: no rule reads it. The decision's measures are those the pack recommends for the
    entry's basis (二(二)3, settings blacklist.measures_*); each department decides its own within its
    powers (「根据工作职责权限」), and what is recorded here neither narrows nor widens the recommendation."""
    exit: BlacklistExit | None = None
    """How and when the subject left the list, or is approved to leave it; null: no exit."""
