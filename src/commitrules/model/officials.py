"""Units and officials: leniency for mistakes (容错纠错), reporting upwards (请示报告), assessment (督导考核).

Leniency weighs six factors (一(四)1: 「动机态度、客观条件、程序方法、性质程度、后果影响以及挽回损失」);
how they combine is the policy's choice (``docs/domain.md`` section 4, Q1), so the model only rates them.
"""

from enum import StrEnum, auto

from commitrules.model._base import Entity, condition_helper
from commitrules.model._types import CodeSet, Flag, PersonalText, Text
from commitrules.model.codes import Role, label_enum
from commitrules.model.matter import Unit

__all__ = [
    "Assessment",
    "AssessmentSubject",
    "Bar",
    "ConductContext",
    "ConductFactors",
    "ConductSubject",
    "EscalationRequest",
    "EscalationTrigger",
    "MajorIssue",
    "OfficialConduct",
    "Performance",
    "Rating",
    "ReportContent",
]


class ConductSubject(StrEnum):
    """Whose mistake is judged: a unit (单位) or a public official (公务人员)."""

    unit = auto()
    public_official = auto()


label_enum(ConductSubject, {ConductSubject.unit: "单位", ConductSubject.public_official: "公务人员"})


class ConductContext(StrEnum):
    """In what work the mistake happened; leniency covers the first two (一(四))."""

    duty_performance = auto()
    reform_innovation = auto()
    other = auto()


label_enum(
    ConductContext,
    {
        ConductContext.duty_performance: "履职尽责",
        ConductContext.reform_innovation: "改革创新",
        ConductContext.other: "其他",
    },
)


class Rating(StrEnum):
    """How one leniency factor weighs: for the subject, neutral, or against it."""

    favorable = auto()
    neutral = auto()
    unfavorable = auto()


label_enum(Rating, {Rating.favorable: "有利", Rating.neutral: "中性", Rating.unfavorable: "不利"})

_SCORES = {Rating.favorable: 1, Rating.neutral: 0, Rating.unfavorable: -1}


class Bar(StrEnum):
    """A circumstance that rules leniency out (不予容错情形)."""

    private_gain = auto()
    knowing_violation = auto()
    defied_prohibition = auto()


label_enum(
    Bar,
    {Bar.private_gain: "谋取私利", Bar.knowing_violation: "明知故犯", Bar.defied_prohibition: "违反明令禁止"},
)


class ConductFactors(Entity):
    """The six factors of 一(四)1, each rated favorable, neutral or unfavorable."""

    motive_attitude: Rating
    """动机态度: motive and attitude."""
    objective_conditions: Rating
    """客观条件: objective conditions."""
    procedure_method: Rating
    """程序方法: procedure and method."""
    nature_degree: Rating
    """性质程度: nature and degree."""
    consequence_impact: Rating
    """后果影响: consequences and impact."""
    loss_recovery: Rating
    """挽回损失: recovery of losses."""

    def ratings(self) -> list[Rating]:
        """The six ratings in the order of 一(四)1."""
        return [
            self.motive_attitude,
            self.objective_conditions,
            self.procedure_method,
            self.nature_degree,
            self.consequence_impact,
            self.loss_recovery,
        ]


class OfficialConduct(Entity):
    """A mistake (偏差失误) of a unit or official to be judged for leniency (容错纠错)."""

    subject: ConductSubject
    """unit or public_official."""
    context: ConductContext
    """duty_performance, reform_innovation or other."""
    factors: ConductFactors
    """The six factors, each rated."""
    bars: CodeSet[Bar] = frozenset()
    """Circumstances ruling leniency out (谋取私利, 明知故犯, 违反明令禁止); empty: none."""
    rectified: Flag = False
    """The mistake has been corrected (已整改纠错)."""
    losses_recovered: Flag = False
    """The losses have been fully recovered (损失已全部挽回); true also where the mistake caused no loss,
    which leaves nothing to recover. Exemption needs it (docs/domain.md section 4, Q1)."""
    falsely_accused: Flag = False
    """The subject was falsely accused (被诬告错告), which calls for clarification (澄清保护)."""
    name: PersonalText = None
    """The unit's or official's name."""

    @condition_helper
    def score(self) -> int:
        """The sum of the six ratings: favorable +1, neutral 0, unfavorable -1 (from -6 to 6)."""
        return sum(_SCORES[r] for r in self.factors.ratings())

    @condition_helper
    def all_favorable(self) -> bool:
        """Whether all six factors are favorable."""
        return all(r == Rating.favorable for r in self.factors.ratings())

    @condition_helper
    def has_bar(self, *bars: Bar) -> bool:
        """Whether any of ``bars`` applies (false when none are given)."""
        return not self.bars.isdisjoint(bars)


class EscalationTrigger(StrEnum):
    """What calls for reporting upwards (一(三)1, 一(三)2, and the lead paragraph of 一(三)).

    ``major_work_issue`` (工作中重大问题) and ``personal_matter`` (个人有关事项) are what a leading cadre
    reports to the organisation (组织) under the lead paragraph of 一(三).
    """

    major_within_authority = auto()
    major_beyond_division_authority = auto()
    beyond_portfolio = auto()
    overall_work = auto()
    attended_superior_meeting = auto()
    attended_training = auto()
    received_superior_task = auto()
    major_work_issue = auto()
    personal_matter = auto()


label_enum(
    EscalationTrigger,
    {
        EscalationTrigger.major_within_authority: "职权范围内重大问题和事项",
        EscalationTrigger.major_beyond_division_authority: "超越本处室职权范围的重大问题和事项",
        EscalationTrigger.beyond_portfolio: "超出分管范围的事项",
        EscalationTrigger.overall_work: "事关全局工作的事项",
        EscalationTrigger.attended_superior_meeting: "出席上级召开的相关会议",
        EscalationTrigger.attended_training: "参加有关学习培训",
        EscalationTrigger.received_superior_task: "接受上级任务安排",
        EscalationTrigger.major_work_issue: "工作中重大问题",
        EscalationTrigger.personal_matter: "个人有关事项",
    },
)


class MajorIssue(StrEnum):
    """A sign that an issue is major (重大问题); settings list which signs count (section 4, Q9)."""

    potential_revocation = auto()
    blacklisting = auto()
    judicial_referral = auto()
    cross_department_dispute = auto()
    overdue_verification = auto()
    media_exposure = auto()
    complaint = auto()


label_enum(
    MajorIssue,
    {
        MajorIssue.potential_revocation: "可能撤销决定",
        MajorIssue.blacklisting: "可能列入失信黑名单",
        MajorIssue.judicial_referral: "可能移送司法机关",
        MajorIssue.cross_department_dispute: "跨部门争议",
        MajorIssue.overdue_verification: "核查逾期",
        MajorIssue.media_exposure: "媒体曝光",
        MajorIssue.complaint: "投诉举报",
    },
)


class ReportContent(Entity):
    """What a report says (一(三): 「如实反映情况、分析问题、提出建议」); blank text counts as missing."""

    facts: Text = None
    """The facts, as they are (如实反映情况)."""
    analysis: Text = None
    """The analysis of the problem (分析问题)."""
    suggestions: Text = None
    """The suggestions, or the implementation proposals after a meeting (提出建议 / 贯彻落实的意见)."""


class EscalationRequest(Entity):
    """An issue that may have to be reported up the chain (请示报告)."""

    unit: Unit
    """The unit in which the issue arises."""
    from_role: Role
    """The role that has the issue: business_division, division_head, leader_in_charge, ..."""
    trigger: EscalationTrigger | None = None
    """What calls for the report; null: none of the listed triggers (then no report is required,
    unless ``issues`` make it major)."""
    issues: CodeSet[MajorIssue] = frozenset()
    """Signs that the issue is major (重大问题); which count is a setting."""
    to_role: Role | None = None
    """The role the report is addressed to, if already chosen (checked against 「逐级」)."""
    content: ReportContent = ReportContent()
    """What the report says; empty parts make it incomplete."""


class AssessmentSubject(StrEnum):
    """Who is assessed: a unit (单位) or an official (工作人员)."""

    unit = auto()
    official = auto()


label_enum(AssessmentSubject, {AssessmentSubject.unit: "单位", AssessmentSubject.official: "工作人员"})


class Performance(StrEnum):
    """How well a unit carried out the pilot work (一(六)2)."""

    effective = auto()
    adequate = auto()
    inadequate = auto()


label_enum(
    Performance,
    {
        Performance.effective: "落实有力、成效显著",
        Performance.adequate: "基本落实",
        Performance.inadequate: "工作落实不到位",
    },
)


class Assessment(Entity):
    """The supervision and assessment (督导考核) of a unit's pilot work or of an official's duty."""

    subject: AssessmentSubject
    """unit or official. For the record only: the rules read the facts, not the subject (一(六) puts
    「行政机关及其工作人员」 under one mechanism), so performance, diligence and dereliction count whoever is
    assessed."""
    performance: Performance | None = None
    """How the pilot work was carried out (一(六)2): effective, adequate or inadequate; null: not rated.
    Usually a unit's rating; given for an official, it counts the same."""
    diligent: Flag = False
    """Performed the duties diligently (尽职), a unit or an official alike (一(六): 「行政机关及其工作人员」):
    exempt (尽职免责), also from the accountability for inadequate work, unless derelict."""
    dereliction: Flag = False
    """Neglected the duties (失职), a unit or an official alike: held accountable (失职追责), whatever
    diligence or performance is also recorded."""
    name: PersonalText = None
    """The unit's or official's name."""
