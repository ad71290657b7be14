"""The certification matter (证明事项) and the unit that handles it.

A matter may use the commitment route when it is listed (清单), reviewed formally (形式审查), its
condition can be committed to (达到承诺条件), and it does not directly touch the risks of 一(一)
(「不直接涉及国家安全、公共安全、生态环境保护;不直接关系公民人身安全」) nor, by default, those that
国办发〔2020〕42号 adds.
"""

from decimal import Decimal
from enum import StrEnum, auto
from typing import Annotated

from commitrules.model._base import Entity, condition_helper
from commitrules.model._types import CodeSet, Days, Flag, Id, Money, OpenCodes, Text
from commitrules.model.codes import label_enum
from commitrules.model.verification import VerificationPlan

__all__ = [
    "NATIONAL_RISK_FLAGS",
    "SEED_RISK_FLAGS",
    "CertificationMatter",
    "MatterKind",
    "ReviewMode",
    "RiskFlag",
    "RiskFlagCode",
    "Unit",
    "UnitLevel",
]


class UnitLevel(StrEnum):
    """The administrative level of a unit; the pilot covers municipal and county units (序)."""

    municipal = auto()
    county = auto()
    other = auto()


label_enum(UnitLevel, {UnitLevel.municipal: "市级单位", UnitLevel.county: "县区单位", UnitLevel.other: "其他单位"})


class Unit(Entity):
    """A government unit (单位): a department or agency of the city or a county."""

    name: Id
    """The unit's name."""
    level: UnitLevel
    """municipal (市级), county (县区) or other."""
    requires_certification: Flag
    """The unit requires applicants to provide certification in its administrative matters."""
    id: Text = None
    """The unit's id in the host system."""


class MatterKind(StrEnum):
    """The kind of administrative matter (the list ends with 等, so other kinds are allowed)."""

    licensing = auto()
    confirmation = auto()
    benefit = auto()
    other = auto()


label_enum(
    MatterKind,
    {
        MatterKind.licensing: "行政许可",
        MatterKind.confirmation: "行政确认",
        MatterKind.benefit: "行政给付",
        MatterKind.other: "其他",
    },
)


class ReviewMode(StrEnum):
    """How the agency reviews the materials: formal (形式审查) or substantive (实质审查)."""

    formal = auto()
    substantive = auto()


label_enum(ReviewMode, {ReviewMode.formal: "形式审查", ReviewMode.substantive: "实质审查"})


class RiskFlag(StrEnum):
    """A risk the matter directly touches, which excludes it from the commitment route.

    The first four are the founding text's (一(一)); the others are added by 国办发〔2020〕42号 and
    switched by the setting ``exclusions.national``.
    """

    national_security = auto()
    public_safety = auto()
    ecological_environment = auto()
    personal_safety = auto()
    state_secret = auto()
    financial_prudential = auto()
    health_life_property = auto()
    major_foreign = auto()


label_enum(
    RiskFlag,
    {
        RiskFlag.national_security: "国家安全",
        RiskFlag.public_safety: "公共安全",
        RiskFlag.ecological_environment: "生态环境保护",
        RiskFlag.personal_safety: "公民人身安全",
        RiskFlag.state_secret: "国家秘密",
        RiskFlag.financial_prudential: "金融业审慎监管",
        RiskFlag.health_life_property: "人身健康、生命财产安全",
        RiskFlag.major_foreign: "重要涉外",
    },
)

#: A risk flag of the pack's vocabulary (an open list: a pack adds an exclusion ground in YAML alone).
RiskFlagCode = Annotated[str, OpenCodes("risk_flags", RiskFlag)]

#: The risk flags of the founding text (一(一)).
SEED_RISK_FLAGS: frozenset[RiskFlag] = frozenset(
    {
        RiskFlag.national_security,
        RiskFlag.public_safety,
        RiskFlag.ecological_environment,
        RiskFlag.personal_safety,
    }
)
#: The risk flags 国办发〔2020〕42号 adds.
NATIONAL_RISK_FLAGS: frozenset[RiskFlag] = frozenset(RiskFlag) - SEED_RISK_FLAGS


class CertificationMatter(Entity):
    """A certification matter (证明事项) of an administrative matter, with its verification plan."""

    id: Id
    """The matter's id in the host system."""
    name: Id
    """The matter's name (事项名称)."""
    unit: Unit
    """The unit that handles the matter."""
    kind: MatterKind
    """licensing (行政许可), confirmation (行政确认), benefit (行政给付) or other. For the record only: the
    route is open to matters of every kind alike, and no rule reads it."""
    review_mode: ReviewMode
    """formal (形式审查) or substantive (实质审查)."""
    listed: Flag
    """The matter is on the published list of commitment matters (告知承诺制事项清单)."""
    commitment_condition_met: Flag
    """The condition can be committed to by the applicant and verified afterwards (达到承诺条件)."""
    legal_basis: Text = None
    """The law or regulation the certification requirement rests on (设定依据). For the record only: no
    rule reads it (whether the notice states it is ``commitment.notification.legal_basis``)."""
    public_concern: Flag = False
    """Of general public concern (社会普遍关注); raises the matter's priority, not a gate."""
    representative: Flag = False
    """Representative (具有代表性); raises the matter's priority, not a gate."""
    risk_flags: CodeSet[RiskFlagCode] = frozenset()
    """Risks the matter directly touches; any of them excludes it. Empty: none."""
    has_project: Flag = False
    """The matter concerns a project with a location (项目所在地), where the commitment is displayed."""
    fees: Money = Decimal(0)
    """Fees charged for the matter, in yuan (元)."""
    fees_refundable: Flag = False
    """Fee law requires refunding this matter's fees, so the seed's non-refund rule does not apply."""
    penalty_basis: Flag = False
    """A law provides an administrative penalty (行政处罚) for a false commitment in this matter."""
    processing_days: Days | None = None
    """The statutory processing time limit in days (法定办理时限), the default pre-decision deadline."""
    plan: VerificationPlan = VerificationPlan()
    """The verification plan (核查办法); missing: no plan, so the matter cannot go live."""

    @condition_helper
    def has_risk(self, *flags: RiskFlagCode) -> bool:
        """Whether the matter touches any of ``flags`` (false when none are given)."""
        return not self.risk_flags.isdisjoint(flags)
