"""Administration of the pilot: assistance, summaries, the credit website.

Assistance between agencies (行政协助, 一(五)2), periodic summary reports (总结评估, 一(七)) and the
contents of the credit website 信用连云港 (二(一)).
"""

from enum import StrEnum, auto

from commitrules.model._base import Entity, condition_helper
from commitrules.model._types import CodeSet, Flag, Id, Text
from commitrules.model.codes import VerificationMethodCode, label_enum
from commitrules.model.matter import Unit

__all__ = [
    "AssistanceAction",
    "AssistanceInitiator",
    "AssistancePurpose",
    "AssistanceRequest",
    "CreditSiteContent",
    "CreditSiteItem",
    "EvaluationDimension",
    "SummaryPeriod",
    "SummaryReport",
    "SummarySection",
]


class AssistanceAction(StrEnum):
    """What is done with an assistance item: carry it out, add, cancel or adjust it (一(五)2)."""

    implement = auto()
    add = auto()
    cancel = auto()
    adjust = auto()


label_enum(
    AssistanceAction,
    {
        AssistanceAction.implement: "实施协助",
        AssistanceAction.add: "增加协助事项",
        AssistanceAction.cancel: "取消协助事项",
        AssistanceAction.adjust: "调整协助事项",
    },
)


class AssistanceInitiator(StrEnum):
    """Who initiates the action: the agency on its own, or the authority managing the catalog."""

    agency_unilateral = auto()
    catalog_authority = auto()


label_enum(
    AssistanceInitiator,
    {
        AssistanceInitiator.agency_unilateral: "行政机关自行决定",
        AssistanceInitiator.catalog_authority: "目录管理机关",
    },
)


class AssistancePurpose(StrEnum):
    """What the assistance is for (一(五), 二(三): 「协助查询和公示失信人员信息,协助查找人员」)."""

    verification = auto()
    data_sharing = auto()
    dishonesty_query = auto()
    dishonesty_publicity = auto()
    person_search = auto()
    other = auto()


label_enum(
    AssistancePurpose,
    {
        AssistancePurpose.verification: "协助核查",
        AssistancePurpose.data_sharing: "数据共享",
        AssistancePurpose.dishonesty_query: "协助查询失信人员信息",
        AssistancePurpose.dishonesty_publicity: "协助公示失信人员信息",
        AssistancePurpose.person_search: "协助查找人员",
        AssistancePurpose.other: "其他",
    },
)


class AssistanceRequest(Entity):
    """A request for administrative assistance (行政协助) or a change to the assistance catalog."""

    requesting_unit: Unit
    """The unit asking for assistance (请求协助单位). For the record only: the rules read the assisting
    unit, not this one."""
    assisting_unit: Unit
    """The unit asked to assist (协助单位)."""
    item: Id
    """The assistance item (协助事项)."""
    in_catalog: Flag
    """The item is in the assistance catalog (行政协助目录)."""
    action: AssistanceAction
    """implement, add, cancel or adjust."""
    initiator: AssistanceInitiator
    """agency_unilateral or catalog_authority."""
    registered_before_use: Flag = False
    """The item was registered and filed (登记备案) before the assistance was carried out."""
    emergency: Flag = False
    """The assistance is urgent (紧急协助), which allows it without prior registration."""
    purpose: AssistancePurpose = AssistancePurpose.other
    """What the assistance is for."""
    method: VerificationMethodCode | None = None
    """For verification assistance: the method asked for. For the record only: no rule reads it."""


class SummarySection(StrEnum):
    """A part of the written summary (一(七): 书面总结材料)."""

    progress = auto()
    norms = auto()
    experience_results = auto()
    problems = auto()
    countermeasures = auto()


label_enum(
    SummarySection,
    {
        SummarySection.progress: "基本推进情况",
        SummarySection.norms: "制度规范",
        SummarySection.experience_results: "主要经验和成效",
        SummarySection.problems: "存在的问题",
        SummarySection.countermeasures: "对策建议",
    },
)


class EvaluationDimension(StrEnum):
    """An aspect the evaluation must cover (一(七)1)."""

    organizational_leadership = auto()
    contingency_planning = auto()
    team_building = auto()


label_enum(
    EvaluationDimension,
    {
        EvaluationDimension.organizational_leadership: "组织领导",
        EvaluationDimension.contingency_planning: "预案编制",
        EvaluationDimension.team_building: "队伍建设",
    },
)


class SummaryPeriod(StrEnum):
    """The period a summary covers (定期总结)."""

    quarterly = auto()
    semi_annual = auto()
    annual = auto()
    other = auto()


label_enum(
    SummaryPeriod,
    {
        SummaryPeriod.quarterly: "季度",
        SummaryPeriod.semi_annual: "半年",
        SummaryPeriod.annual: "年度",
        SummaryPeriod.other: "其他",
    },
)


class SummaryReport(Entity):
    """A unit's periodic written summary and evaluation of the pilot (总结评估)."""

    sections: CodeSet[SummarySection] = frozenset()
    """The parts the summary contains."""
    dimensions: CodeSet[EvaluationDimension] = frozenset()
    """The aspects the evaluation covers."""
    rectification_suggestions: Flag = False
    """It makes constructive suggestions and next-step rectification proposals (整改建议, 一(七)2)."""
    compared_with_city_plan: Flag = False
    """It measures the work against the city implementation plan (对照实施方案, 一(七)1)."""
    period: SummaryPeriod | None = None
    """The period covered; null: not stated."""
    unit: Text = None
    """The unit that wrote it."""

    @condition_helper
    def missing_sections(self) -> list[SummarySection]:
        """The five parts of 一(七) the summary lacks, in the order of the text."""
        return [s for s in SummarySection if s not in self.sections]

    @condition_helper
    def missing_dimensions(self) -> list[EvaluationDimension]:
        """The three aspects of 一(七)1 the evaluation does not cover, in the order of the text."""
        return [d for d in EvaluationDimension if d not in self.dimensions]


#: Quotation marks a site's name may carry (“信用连云港”网站), ignored when it is recognised.
_QUOTES = frozenset("\"'“”‘’「」『』《》")


class CreditSiteItem(StrEnum):
    """One of the five items 信用连云港 must publish (二(一))."""

    dishonesty_info = auto()
    risk_notice = auto()
    list_exit = auto()
    joint_punishment_measures = auto()
    accountability = auto()


label_enum(
    CreditSiteItem,
    {
        CreditSiteItem.dishonesty_info: "失信信息",
        CreditSiteItem.risk_notice: "风险提示",
        CreditSiteItem.list_exit: "失信名单退出",
        CreditSiteItem.joint_punishment_measures: "联合惩戒措施",
        CreditSiteItem.accountability: "责任追究",
    },
)


class CreditSiteContent(Entity):
    """What the credit website 信用连云港 publishes about the pilot."""

    items: CodeSet[CreditSiteItem] = frozenset()
    """The items the site publishes."""
    site: Text = None
    """The site's name (信用连云港); null: the case is about 信用连云港. Another site's content does not
    show what 信用连云港 publishes (rule publicity.credit-site-name)."""

    @condition_helper
    def missing_items(self) -> list[CreditSiteItem]:
        """The five items of 二(一) the site does not publish, in the order of the text."""
        return [i for i in CreditSiteItem if i not in self.items]

    @condition_helper
    def names_credit_lyg(self) -> bool:
        """Whether the site is 信用连云港, the website 二(一) names: no name given, or a name containing it.

        Spaces and quotation marks are ignored (「“信用连云港”网站」, 「信用连云港网」 name it), and so is
        case in its English name, the pack's own label of the channel (「Credit Lianyungang」); another
        site (信用中国, an agency's portal) does not.
        """
        if self.site is None:
            return True
        name = "".join(ch for ch in self.site if not ch.isspace() and ch not in _QUOTES)
        return "信用连云港" in name or "creditlianyungang" in name.casefold()
