"""The notification (告知), the commitment letter (承诺书) and a request to display it (公示).

The agency must tell the applicant the breach risk and the joint-punishment mechanism (二(四)); the
national template (国办发〔2020〕42号) adds the other notice items and the four statements of the letter.
A letter that touches a state secret, a commercial secret or personal privacy is not displayed
(一(二)3: 「涉及国家机密、商业秘密或者个人隐私的,不予公示」).
"""

from decimal import Decimal
from enum import StrEnum, auto

from commitrules.model._base import Entity, condition_helper
from commitrules.model._types import CodeSet, Day, Flag, Money, Text
from commitrules.model.codes import ChannelCode, label_enum

__all__ = [
    "NATIONAL_NOTICE_FIELDS",
    "Commitment",
    "CommitmentDecision",
    "Notification",
    "PublicityNotice",
    "PublicityRequest",
    "SecrecyFlag",
    "SigningChannel",
    "Statement",
]


class Statement(StrEnum):
    """A statement the commitment letter must make (国办发〔2020〕42号 template)."""

    knows_notice = auto()
    meets_conditions = auto()
    accepts_liability = auto()
    genuine_intent = auto()


label_enum(
    Statement,
    {
        Statement.knows_notice: "已经知晓告知事项",
        Statement.meets_conditions: "已经符合告知的条件、要求",
        Statement.accepts_liability: "愿意承担不实承诺的法律责任",
        Statement.genuine_intent: "承诺的意思表示真实",
    },
)


class SigningChannel(StrEnum):
    """How the letter was signed and submitted."""

    paper = auto()
    electronic = auto()


label_enum(SigningChannel, {SigningChannel.paper: "纸质", SigningChannel.electronic: "电子"})


class SecrecyFlag(StrEnum):
    """A ground for not displaying a letter (the seed writes 国家机密 for a state secret)."""

    state_secret = auto()
    commercial_secret = auto()
    personal_privacy = auto()


label_enum(
    SecrecyFlag,
    {
        SecrecyFlag.state_secret: "国家秘密",
        SecrecyFlag.commercial_secret: "商业秘密",
        SecrecyFlag.personal_privacy: "个人隐私",
    },
)


class CommitmentDecision(StrEnum):
    """The agency's decision on the application the letter belongs to."""

    pending = auto()
    granted = auto()
    refused = auto()


label_enum(
    CommitmentDecision,
    {
        CommitmentDecision.pending: "尚未作出决定",
        CommitmentDecision.granted: "准予",
        CommitmentDecision.refused: "不予准予",
    },
)


class PublicityNotice(Entity):
    """What the notification says about displaying the letter (公示, 国办发〔2020〕42号)."""

    whether: Flag = False
    """It says whether the letter will be displayed."""
    scope: Flag = False
    """It says the scope of the display."""
    period: Flag = False
    """It says the period of the display."""


#: The notice items the national template requires (国办发〔2020〕42号), in the order of the template.
NATIONAL_NOTICE_FIELDS: tuple[str, ...] = (
    "matter_name",
    "legal_basis",
    "certification_obligation",
    "certification_content",
    "commitment_method",
    "commitment_effect",
    "liability_civil_admin_criminal",
    "verification_power",
    "publicity.whether",
    "publicity.scope",
    "publicity.period",
)


class Notification(Entity):
    """The agency's one-time written notice (告知); each field says whether the notice states that item.

    A missing item is one the notice does not state.
    """

    breach_risk: Flag = False
    """States the risk of breaching the commitment (告知承诺违约风险, 二(四))."""
    joint_punishment_mechanism: Flag = False
    """States the joint-punishment mechanism (联合惩戒机制, 二(四))."""
    fee_non_refund: Flag = False
    """States that fees paid are not refunded on breach (已缴费用不予退还; interpretation of 二(二)1)."""
    matter_name: Flag = False
    """States the name of the matter (事项名称)."""
    legal_basis: Flag = False
    """States the legal basis of the certification requirement (设定依据)."""
    certification_obligation: Flag = False
    """States the obligation to provide certification (证明义务)."""
    certification_content: Flag = False
    """States what is to be certified (证明内容)."""
    commitment_method: Flag = False
    """States how to commit (承诺的方式)."""
    commitment_effect: Flag = False
    """States the effect of the commitment (承诺的效力)."""
    liability_civil_admin_criminal: Flag = False
    """States the civil, administrative and criminal liability for a false commitment (法律责任)."""
    verification_power: Flag = False
    """States the agency's power to verify (核查权力)."""
    publicity: PublicityNotice = PublicityNotice()
    """What it states about displaying the letter: whether, scope, period."""

    @condition_helper
    def missing_national_fields(self) -> list[str]:
        """The national template's items this notice does not state, as dotted field names."""
        return [name for name in NATIONAL_NOTICE_FIELDS if not _states(self, name)]


def _states(notification: Notification, dotted: str) -> bool:
    """Whether ``notification`` states the item at the dotted field name."""
    value: object = notification
    for part in dotted.split("."):
        value = getattr(value, part)
    return bool(value)


class Commitment(Entity):
    """The applicant's commitment letter (承诺书). Its applicant and matter are fields of the case."""

    notification: Notification
    """The notification the applicant received before committing."""
    id: Text = None
    """The letter's id in the host system."""
    statements: CodeSet[Statement] = frozenset()
    """The statements the letter makes (知晓告知事项, 符合条件, 承担法律责任, 意思表示真实)."""
    signed_at: Day | None = None
    """The day the applicant signed; null: not signed (yet)."""
    channel: SigningChannel | None = None
    """paper or electronic. For the record only: either is a signed letter (``signed_at`` says whether it
    is signed); no rule reads it."""
    contains: CodeSet[SecrecyFlag] = frozenset()
    """Secrets or private data the letter contains (国家秘密, 商业秘密, 个人隐私)."""
    voluntary_disclosure: Flag = False
    """The applicant offered to make the letter public of its own accord (主动公开, 二(一))."""
    decision: CommitmentDecision = CommitmentDecision.pending
    """The decision on the application: pending, granted or refused."""
    fees_paid: Money = Decimal(0)
    """Fees the applicant has paid for the matter, in yuan (已缴费用)."""

    @condition_helper
    def missing_statements(self) -> list[Statement]:
        """The statements of the national template this letter does not make, in template order."""
        return [s for s in Statement if s not in self.statements]


class PublicityRequest(Entity):
    """A request to display a commitment letter (承诺书公示, 一(二)3). The letter is a field of the case."""

    flags: CodeSet[SecrecyFlag] = frozenset()
    """Secrecy grounds found in the letter (国家秘密, 商业秘密, 个人隐私); any of them withholds it."""
    channels: CodeSet[ChannelCode] = frozenset()
    """Channels the unit proposes; empty: every channel that applies. The decision says where."""
    voluntary: Flag = False
    """The applicant asks to make the letter public of its own accord (主动公开, 二(一))."""
    self_waiver: Flag = False
    """The applicant waives the protection of its own commercial secret or privacy (a setting decides
    whether that is honoured; a state secret can never be waived)."""

    @condition_helper
    def has_flag(self, *flags: SecrecyFlag) -> bool:
        """Whether the request carries any of ``flags`` (false when none are given)."""
        return not self.flags.isdisjoint(flags)
