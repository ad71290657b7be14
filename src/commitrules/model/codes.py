"""The codes of decisions and cases (``docs/domain.md`` section 5), and their Chinese labels.

Every code is a :class:`~enum.StrEnum` whose member names equal their values, so a code reads the
same in YAML, JSON, conditions and Python (``Reason.not_listed == "not_listed"``).

Labels: :func:`zh_label` gives the Chinese label of a member of any enum of the case models;
:data:`ZH_LABELS` holds the labels of the decision codes of this module. Their values are unique
across these enums, so ``ZH_LABELS`` may be indexed with the plain strings of a decision too.

Examples:
    >>> zh_label(Measure.high_consumption)
    '高消费限制'
    >>> ZH_LABELS["credit_lyg"]
    '信用连云港'
"""

from collections.abc import Mapping
from enum import StrEnum, auto
from types import MappingProxyType
from typing import Annotated, TypeVar

from commitrules.model._types import OpenCodes

__all__ = [
    "EXTENSION_METHODS",
    "SEED_METHODS",
    "ZH_LABELS",
    "Channel",
    "ChannelCode",
    "Consequence",
    "FindingType",
    "Measure",
    "Reason",
    "Role",
    "Tool",
    "VerificationMethod",
    "VerificationMethodCode",
    "label_enum",
    "labels_by_enum_name",
    "zh_label",
]

E = TypeVar("E", bound=StrEnum)

_LABELS: dict[type[StrEnum], Mapping[StrEnum, str]] = {}


def label_enum(enum: type[E], labels: Mapping[E, str]) -> None:
    """Register the Chinese label of every member of ``enum``.

    Raises:
        TypeError: when a member has no label; a programming error that shows on import, so that no
            code ever reaches an explanation unlabelled.
    """
    missing = [member.name for member in enum if member not in labels]
    if missing:
        raise TypeError(f"labels of {enum.__name__}: no label for {missing}")
    table: dict[StrEnum, str] = dict(labels.items())
    _LABELS[enum] = MappingProxyType(table)


def labels_by_enum_name() -> dict[str, dict[str, str]]:
    """The Chinese labels of every labelled enum, by the enum's class name (a JSON Schema's ``$defs`` key).

    Examples:
        >>> labels_by_enum_name()["Tool"]["reprimand"]
        '红脸出汗'
    """
    return {enum.__name__: {str(member): text for member, text in table.items()} for enum, table in _LABELS.items()}


def zh_label(code: StrEnum) -> str:
    """The Chinese label of an enum member of the case models; the code itself when it has none."""
    labels = _LABELS.get(type(code))
    return labels.get(code, str(code)) if labels else str(code)


class Reason(StrEnum):
    """Why a matter is ineligible, a certificate is required, or something is incomplete.

    Beyond docs/domain.md section 5: ``out_of_scope`` (group A's "otherwise out_of_scope"), ``withdrawn``
    (section 4 Q10), ``commercial_secret`` and ``personal_privacy`` (一(二)3, beside ``state_secret``),
    ``off_cycle`` (a summary that misses the cycle of 「定期总结」, 一(七); section 4 Q23).
    """

    out_of_scope = auto()
    not_listed = auto()
    substantive_review = auto()
    condition_not_met = auto()
    national_security = auto()
    public_safety = auto()
    ecological_environment = auto()
    personal_safety = auto()
    state_secret = auto()
    financial_prudential = auto()
    health_life_property = auto()
    major_foreign = auto()
    applicant_blacklisted = auto()
    serious_dishonesty = auto()
    prior_false_commitment = auto()
    applicant_declined = auto()
    missing_breach_risk_warning = auto()
    missing_joint_punishment_warning = auto()
    missing_fee_warning = auto()
    missing_notice_field = auto()
    plan_incomplete = auto()
    missing_facts = auto()
    missing_analysis = auto()
    missing_suggestions = auto()
    missing_section = auto()
    missing_dimension = auto()
    off_cycle = auto()
    missing_item = auto()
    not_in_catalog = auto()
    unilateral_change = auto()
    disqualifier = auto()
    withdrawn = auto()
    commercial_secret = auto()
    personal_privacy = auto()


label_enum(
    Reason,
    {
        Reason.out_of_scope: "不属于告知承诺制试点单位的事项",
        Reason.not_listed: "未列入证明事项告知承诺制清单",
        Reason.substantive_review: "属于实质审查事项",
        Reason.condition_not_met: "未达到承诺条件",
        Reason.national_security: "直接涉及国家安全",
        Reason.public_safety: "直接涉及公共安全",
        Reason.ecological_environment: "直接涉及生态环境保护",
        Reason.personal_safety: "直接关系公民人身安全",
        Reason.state_secret: "涉及国家秘密",
        Reason.financial_prudential: "涉及金融业审慎监管",
        Reason.health_life_property: "直接关系人身健康、生命财产安全",
        Reason.major_foreign: "涉及重要涉外事项",
        Reason.applicant_blacklisted: "申请人已被列入失信黑名单",
        Reason.serious_dishonesty: "申请人发生较重失信行为",
        Reason.prior_false_commitment: "申请人曾作出虚假承诺且尚未信用修复",
        Reason.applicant_declined: "申请人选择不适用告知承诺制",
        Reason.missing_breach_risk_warning: "未告知告知承诺违约风险",
        Reason.missing_joint_punishment_warning: "未告知联合惩戒机制",
        Reason.missing_fee_warning: "未告知已缴费用不予退还",
        Reason.missing_notice_field: "告知承诺书缺少必备内容",
        Reason.plan_incomplete: "未明确核查时间、核查标准或核查方式",
        Reason.missing_facts: "未如实反映情况",
        Reason.missing_analysis: "未分析问题",
        Reason.missing_suggestions: "未提出建议",
        Reason.missing_section: "总结材料缺少必备内容",
        Reason.missing_dimension: "总结评估未涵盖必备方面",
        Reason.off_cycle: "未按规定周期定期总结",
        Reason.missing_item: "未公开必须公开的内容",
        Reason.not_in_catalog: "未列入行政协助目录且未事前登记备案",
        Reason.unilateral_change: "擅自取消或调整目录内的行政协助事项",
        Reason.disqualifier: "存在不予容错的情形",
        Reason.withdrawn: "本周期已撤回承诺",
        Reason.commercial_secret: "涉及商业秘密",
        Reason.personal_privacy: "涉及个人隐私",
    },
)


class FindingType(StrEnum):
    """What a verification found wrong with a commitment (核查发现的问题)."""

    not_meeting_conditions = auto()
    noncompliance_with_requirements = auto()
    intentional_concealment = auto()
    false_commitment = auto()
    improper_means = auto()
    nonperformance = auto()


label_enum(
    FindingType,
    {
        FindingType.not_meeting_conditions: "申请人不符合条件",
        FindingType.noncompliance_with_requirements: "未按照审核部门(机构)要求办理相关事项",
        FindingType.intentional_concealment: "故意隐瞒真实情况",
        FindingType.false_commitment: "提供虚假承诺",
        FindingType.improper_means: "以其他不正当手段取得相应资格证书或者证明",
        FindingType.nonperformance: "未按承诺内容履行义务",
    },
)


class Consequence(StrEnum):
    """What a decision says must follow (处理结果)."""

    application_invalid = auto()
    decision_invalid = auto()
    fees_not_refunded = auto()
    handling_terminated = auto()
    decision_revoked = auto()
    administrative_penalty = auto()
    at_fault_liability = auto()
    credit_record = auto()
    blacklist_proposed = auto()
    blacklist_entered = auto()
    judicial_referral = auto()
    publish_dishonesty = auto()
    notify_employer = auto()
    share_credit_info = auto()
    stop_joint_punishment = auto()
    publish_list_exit = auto()
    rectification_ordered = auto()
    clarification_protection = auto()
    post_registration_due = auto()
    commendation = auto()
    accountability = auto()


label_enum(
    Consequence,
    {
        Consequence.application_invalid: "按申请无效处理",
        Consequence.decision_invalid: "按相关作出决定无效处理",
        Consequence.fees_not_refunded: "已缴费用不予退还",
        Consequence.handling_terminated: "终止办理",
        Consequence.decision_revoked: "依法撤销相关决定",
        Consequence.administrative_penalty: "给予行政处罚",
        Consequence.at_fault_liability: "依法追究有过错的单位或个人的责任",
        Consequence.credit_record: "记入信用档案",
        Consequence.blacklist_proposed: "提出列入失信黑名单",
        Consequence.blacklist_entered: "列入失信黑名单",
        Consequence.judicial_referral: "移送司法机关处理",
        Consequence.publish_dishonesty: "向社会发布失信人员信息",
        Consequence.notify_employer: "通知当事人所在单位",
        Consequence.share_credit_info: "共享信用信息",
        Consequence.stop_joint_punishment: "停止联合惩戒",
        Consequence.publish_list_exit: "公开失信名单退出信息",
        Consequence.rectification_ordered: "责成整改纠错",
        Consequence.clarification_protection: "澄清保护",
        Consequence.post_registration_due: "事后补办登记备案",
        Consequence.commendation: "表彰奖励",
        Consequence.accountability: "严格追责",
    },
)


class Measure(StrEnum):
    """The six categories of joint punishment (联合惩戒六大类领域)."""

    industry_access = auto()
    employment_office = auto()
    preferential_policy = auto()
    honors = auto()
    special_market_transactions = auto()
    high_consumption = auto()


label_enum(
    Measure,
    {
        Measure.industry_access: "行业准入限制",
        Measure.employment_office: "入职任职限制",
        Measure.preferential_policy: "享受优惠政策类限制",
        Measure.honors: "荣誉限制",
        Measure.special_market_transactions: "特殊市场交易限制",
        Measure.high_consumption: "高消费限制",
    },
)


class Role(StrEnum):
    """A role in a unit's chain of reporting (请示报告), from the bottom up.

    ``organisation`` (组织) is the unit's Party organisation, above the unit's own chain: 一(三) asks
    leading cadres to report major issues of the work and personal matters to it
    (「按规定程序向组织请示报告工作中重大问题和个人有关事项」).
    """

    business_division = auto()
    division_head = auto()
    leader_in_charge = auto()
    principal_leader = auto()
    organisation = auto()


label_enum(
    Role,
    {
        Role.business_division: "业务处室",
        Role.division_head: "处室主要负责人",
        Role.leader_in_charge: "分管领导",
        Role.principal_leader: "单位主要领导",
        Role.organisation: "组织",
    },
)


class Channel(StrEnum):
    """Where a commitment or a credit record is made public (公示渠道).

    The first five display a commitment letter (一(二)3; 信用连云港 publishes the credit records too,
    一(二)1). The last three are the other online platforms 一(二)1 names for the credit records:
    市市场监管信息平台, 公共资源交易服务平台 and 投资项目在线审批监管平台.
    """

    credit_lyg = auto()
    gov_service_portal = auto()
    agency_portal = auto()
    project_location = auto()
    village_committee = auto()
    market_supervision_platform = auto()
    public_resource_trading_platform = auto()
    investment_project_platform = auto()


label_enum(
    Channel,
    {
        Channel.credit_lyg: "信用连云港",
        Channel.gov_service_portal: "政务服务网",
        Channel.agency_portal: "行政机关门户网站",
        Channel.project_location: "项目所在地",
        Channel.village_committee: "申请人所在村(居)委会",
        Channel.market_supervision_platform: "市市场监管信息平台",
        Channel.public_resource_trading_platform: "公共资源交易服务平台",
        Channel.investment_project_platform: "投资项目在线审批监管平台",
    },
)


#: A publicity channel of the pack's vocabulary (an open list).
ChannelCode = Annotated[str, OpenCodes("channels", Channel)]


class VerificationMethod(StrEnum):
    """How a commitment is verified (核查方式).

    The first three are the founding text's examples; 一(五) ends the list with 「等」, so it is open and
    any other lawful method makes a plan just as complete. The other three are such methods, used in
    other cities (Kaiping, Jiangmen). A method the bundled vocabulary does not know yet is added here
    (until the vocabulary becomes data of the pack).
    """

    inter_department_check = auto()
    on_site_investigation = auto()
    backend_data_retrieval = auto()
    written_check = auto()
    online_verification = auto()
    publicity_check = auto()


label_enum(
    VerificationMethod,
    {
        VerificationMethod.inter_department_check: "部门间核查",
        VerificationMethod.on_site_investigation: "实地调查",
        VerificationMethod.backend_data_retrieval: "后台数据调用",
        VerificationMethod.written_check: "书面核查",
        VerificationMethod.online_verification: "网上核验",
        VerificationMethod.publicity_check: "公示核查",
    },
)

#: A verification method of the pack's vocabulary (an open list: the pack may add methods in YAML).
VerificationMethodCode = Annotated[str, OpenCodes("verification_methods", VerificationMethod)]

#: The verification methods the founding text names (一(五)).
SEED_METHODS: frozenset[VerificationMethod] = frozenset(
    {
        VerificationMethod.inter_department_check,
        VerificationMethod.on_site_investigation,
        VerificationMethod.backend_data_retrieval,
    }
)
#: Other lawful methods (「等」): as good as the three named ones for a complete plan.
EXTENSION_METHODS: frozenset[VerificationMethod] = frozenset(VerificationMethod) - SEED_METHODS


class Tool(StrEnum):
    """The "first form" tools of discipline (监督执纪“第一种形态”)."""

    criticism_self_criticism = auto()
    interview_inquiry = auto()
    reprimand = auto()


label_enum(
    Tool,
    {
        Tool.criticism_self_criticism: "批评和自我批评",
        Tool.interview_inquiry: "约谈函询",
        Tool.reprimand: "红脸出汗",
    },
)

#: The Chinese label of every decision code of this module, keyed by member (or by its plain string).
ZH_LABELS: Mapping[StrEnum, str] = MappingProxyType(
    {
        member: zh_label(member)
        for enum in (Reason, FindingType, Consequence, Measure, Role, Channel, VerificationMethod, Tool)
        for member in enum
    }
)
