"""The Chinese help of each case model, field and code type, shown where its English docstring is.

The English help is the models' attribute docstrings (the JSON Schema's ``description``, see
:mod:`commitrules._field_docs`); this is its Chinese counterpart, by ``Model.field`` (or ``Model`` for
the model itself, and for a code type such as ``FindingType``). The playground's Chinese form shows it
as the hint beside each field, and the case schemas for editors put it before the English one. A test
fails when a model, field or code type reachable from ``CASE_MODELS`` has no Chinese help here, and
when a key here names none of them, so that a new field cannot reach a civil servant in English only.

Codes stay as they are written in a case (``pre_decision``, ``written_check``), each beside its
Chinese name where the help lists them. Where the English says what ``null`` means, the Chinese says
``不填`` (not filled in): the field left out of the case, empty in the form, or null.
"""

from __future__ import annotations

from typing import Final

__all__ = ["CASE_FIELD_HELP_ZH"]

_ID = "案件在业务系统中的编号。"
_SUBJECT_KIND = "主体类型：自然人 natural_person、法人 legal_person 或非法人组织 unincorporated_org。"
_SUBJECT_NAME = "自然人姓名或组织名称。"
_USCC = "统一社会信用代码，适用于组织。"
_ID_NO = "身份证件号码，适用于自然人。"
_EMPLOYER = "自然人的所在单位；不填：不明或没有。"
_REPRESENTATIVE_EMPLOYER = "组织的法定代表人所在单位；不填：不明或没有。"
_APPLICANT_RECORD = "对申请人仅作记录：没有规则读取它（通知所在单位见黑名单条目的主体，二(二)4）。"


def _kind(kind: str) -> str:
    return f"案件类型，固定为 {kind}。"


CASE_FIELD_HELP_ZH: Final[dict[str, str]] = {
    # --- the case kinds ---------------------------------------------------------------------------
    "MatterReviewCase": "事项梳理：该证明事项能否实行告知承诺制（规则组 A）。",
    "MatterReviewCase.kind": _kind("matter_review"),
    "MatterReviewCase.matter": "梳理的证明事项，含办理单位和核查办法。",
    "MatterReviewCase.id": _ID,
    "ApplicationCase": "告知承诺申请：该申请人现在能否就该事项以告知承诺方式办理（规则组 A、B、C）。",
    "ApplicationCase.kind": _kind("application"),
    "ApplicationCase.applicant": "申请人及其信用状况。",
    "ApplicationCase.matter": "申请办理的事项。",
    "ApplicationCase.commitment": "已作出的告知和（将）签署的承诺书。",
    "ApplicationCase.declined": "申请人选择提交证明、按一般程序办理（申请人自主选择，NAT-42）。",
    "ApplicationCase.withdrawn_this_cycle": "申请人本周期内曾就该事项撤回承诺（可选规则，Q10）。",
    "ApplicationCase.applied_on": "申请日期。仅作记录：没有规则读取它；案件按评价日（as_of）判定，而不是按该日期。",
    "ApplicationCase.id": _ID,
    "VerificationCase": "核查处理：核查结果及其发现的问题引起什么后果（规则组 D、E，以及 F 的入口）。",
    "VerificationCase.kind": _kind("verification"),
    "VerificationCase.applicant": (
        "被核查承诺的申请人。仅作记录：本类型没有规则读取它（其信用状况和历史承诺用于告知承诺申请；"
        "是否列入黑名单由失信惩戒案件判定）。"
    ),
    "VerificationCase.matter": "事项及其核查办法（期限、方式）。",
    "VerificationCase.commitment": (
        "被核查的承诺书：对申请的决定、已缴费用，以及所含的秘密或隐私（含有的，践诺或违约记录不向社会公开）。"
    ),
    "VerificationCase.result": "核查结果：结论和发现的问题；核查进行中时没有结论。",
    "VerificationCase.started_on": "核查开始日期；核查办法规定的期限自该日起算。",
    "VerificationCase.id": _ID,
    "BlacklistCase": "失信惩戒：有效的或已退出的黑名单条目引起什么后果（规则组 F）。",
    "BlacklistCase.kind": _kind("blacklist"),
    "BlacklistCase.entry": "黑名单条目及其主体。",
    "BlacklistCase.id": _ID,
    "PublicityCase": "承诺公示：承诺书是否公示、在哪里公示（规则组 G）。",
    "PublicityCase.kind": _kind("publicity"),
    "PublicityCase.applicant": "作出承诺的申请人；其所在村（居）委会是一个公示渠道。",
    "PublicityCase.matter": "事项；项目所在地是一个公示渠道。",
    "PublicityCase.commitment": "要公示的承诺书。",
    "PublicityCase.request": "保密情形、拟用的公示渠道和申请人的意愿。",
    "PublicityCase.id": _ID,
    "EscalationCase": "请示报告：问题向谁报告，报告内容是否完整（规则组 H）。",
    "EscalationCase.kind": _kind("escalation"),
    "EscalationCase.request": "问题、遇到问题的角色和报告的内容。",
    "EscalationCase.id": _ID,
    "LeniencyCase": "容错纠错：单位或公务人员的偏差失误可获得何种容错（规则组 I）。",
    "LeniencyCase.kind": _kind("leniency"),
    "LeniencyCase.conduct": "偏差失误，及其六项考量因素和不予容错的情形。",
    "LeniencyCase.id": _ID,
    "AssistanceCase": "行政协助：一项行政协助行为能否进行（规则组 J）。",
    "AssistanceCase.kind": _kind("assistance"),
    "AssistanceCase.request": "请求的协助，或对协助目录的调整。",
    "AssistanceCase.id": _ID,
    "AssessmentCase": "督导考核：对单位予以表扬或问责；对工作人员予以免责或问责（规则组 K）。",
    "AssessmentCase.kind": _kind("assessment"),
    "AssessmentCase.assessment": "考核对象及其表现。",
    "AssessmentCase.id": _ID,
    "SummaryCase": "总结评估：定期总结报告是否完整（规则组 L）。",
    "SummaryCase.kind": _kind("summary"),
    "SummaryCase.report": "书面总结材料。",
    "SummaryCase.id": _ID,
    "CreditSiteCase": "信用网站公开：信用网站是否公开了规定的全部五项内容（规则组 G）。",
    "CreditSiteCase.kind": _kind("credit_site"),
    "CreditSiteCase.content": "网站公开的内容。",
    "CreditSiteCase.id": _ID,
    # --- matters and units ------------------------------------------------------------------------
    "CertificationMatter": "行政事项所需的证明事项，含其核查办法。",
    "CertificationMatter.id": "事项在业务系统中的编号。",
    "CertificationMatter.name": "事项名称。",
    "CertificationMatter.unit": "办理该事项的单位。",
    "CertificationMatter.kind": (
        "事项类别：行政许可 licensing、行政确认 confirmation、行政给付 benefit 或其他 other。"
        "仅作记录：各类事项同样适用，没有规则读取它。"
    ),
    "CertificationMatter.review_mode": "审查方式：形式审查 formal 或实质审查 substantive。",
    "CertificationMatter.listed": "该事项已列入公布的告知承诺制事项清单。",
    "CertificationMatter.commitment_condition_met": "该条件可由申请人作出承诺、事后予以核查（达到承诺条件）。",
    "CertificationMatter.legal_basis": (
        "证明要求所依据的法律、法规（设定依据）。仅作记录：没有规则读取它（告知书是否载明设定依据看"
        " commitment.notification.legal_basis）。"
    ),
    "CertificationMatter.public_concern": "社会普遍关注；提高该事项的优先程度，不是准入条件。",
    "CertificationMatter.representative": "具有代表性；提高该事项的优先程度，不是准入条件。",
    "CertificationMatter.risk_flags": "该事项直接涉及的风险；涉及任一项即不得实行告知承诺制。空：不涉及。",
    "CertificationMatter.has_project": "该事项涉及有项目所在地的项目，承诺书在项目所在地公示。",
    "CertificationMatter.fees": "该事项收取的费用，单位为元。",
    "CertificationMatter.fees_refundable": "收费法律法规要求退还该事项的费用，因此原文关于费用不予退还的规则不适用。",
    "CertificationMatter.penalty_basis": "法律对该事项中的虚假承诺规定了行政处罚。",
    "CertificationMatter.processing_days": "法定办理时限（天），也是决定前核查的默认期限。",
    "CertificationMatter.plan": "核查办法；不填即没有核查办法，该事项不能实施告知承诺制。",
    "Unit": "政府单位：市或县区的部门、机构。",
    "Unit.name": "单位名称。",
    "Unit.level": "层级：市级 municipal、县区 county 或其他 other。",
    "Unit.requires_certification": "该单位在其行政事项中要求申请人提供证明。",
    "Unit.id": "单位在业务系统中的编号。",
    "VerificationPlan": (
        "证明事项的核查办法：核查时间、标准和方式。已列入清单的事项，核查办法未确定何时核查承诺"
        "（核查时间：决定前或决定后，以及期限）、核查标准或至少一种核查方式的，不能实施"
        "（规则 verify.plan-complete）。各项均可不填，没有核查办法的事项也能判断。"
    ),
    "VerificationPlan.timing": "何时核查承诺（核查时间）：pre_decision 决定前、post_decision 决定后或 both 两者。",
    "VerificationPlan.deadline_days": "完成核查的期限（天），自核查开始之日起算（核查时限）；不填：未规定。",
    "VerificationPlan.standard": "核查标准，以文字表述；不填或只有空白：未规定。",
    "VerificationPlan.methods": (
        "核查方式。一(五)所列方式以「等」结尾，是开放的：除所列三种外，政策包词汇表中的任何合法方式"
        "（内置政策包中为 written_check、online_verification、publicity_check；政策包可在 vocabulary.yaml"
        " 中增加）都可使核查办法完整。"
    ),
    "VerificationPlan.exempt": "该事项免于逐件核查（免于核查，NAT-42）。",
    "VerificationPlan.daily_supervision": "该事项纳入日常监管；NAT-42 要求免于核查的事项纳入日常监管。",
    # --- applicants, subjects and their credit ----------------------------------------------------
    "Applicant": "事项的申请人：一个主体，含其信用状况和历史记录。",
    "Applicant.id": "主体在业务系统中的编号。",
    "Applicant.kind": _SUBJECT_KIND,
    "Applicant.name": _SUBJECT_NAME,
    "Applicant.uscc": _USCC,
    "Applicant.id_no": _ID_NO,
    "Applicant.employer": _EMPLOYER + _APPLICANT_RECORD,
    "Applicant.legal_representative_employer": _REPRESENTATIVE_EMPLOYER + _APPLICANT_RECORD,
    "Applicant.village_committee": "申请人所在村（居）委会；不填：不明。",
    "Applicant.credit": "在市公共信用信息系统中的信用状况。",
    "Applicant.history": "以往的承诺及其结果（全流程归集的历史承诺及履约记录）。",
    "Subject": "信用记录或黑名单条目所涉及的个人或组织（主体）。",
    "Subject.id": "主体在业务系统中的编号。",
    "Subject.kind": _SUBJECT_KIND,
    "Subject.name": _SUBJECT_NAME,
    "Subject.uscc": _USCC,
    "Subject.id_no": _ID_NO,
    "Subject.employer": _EMPLOYER + "被列入黑名单的自然人，通知该单位（二(二)4）。",
    "Subject.legal_representative_employer": (
        _REPRESENTATIVE_EMPLOYER + "被列入黑名单的组织，按设置 blacklist.notify_org_employer 通知该单位。"
    ),
    "CreditStatus": (
        "申请人在市公共信用信息系统中的信用状况。三项标志均为必填：未查询信用状况的业务系统"
        "不得把申请人当作没有不良记录放行。"
    ),
    "CreditStatus.on_blacklist": "列入有效的虚假承诺黑名单或失信黑名单（列入失信黑名单）。",
    "CreditStatus.serious_dishonesty": "发生过较重失信行为。",
    "CreditStatus.prior_false_commitment": "曾作出虚假承诺。",
    "CreditStatus.credit_repaired_on": "申请人完成信用修复的日期；不填：未修复。",
    "CreditStatus.list_exited_on": (
        "申请人因任何原因（信用修复、公示期届满、异议更正）退出失信名单的日期；不填：从未列入，或仍在名单上。"
    ),
    "CommitmentOutcome": "申请人以往的一次承诺及其结果（历史承诺及履约记录，二(二)）。",
    "CommitmentOutcome.matter_id": (
        "作出该承诺的证明事项的编号。仅作记录：就任何事项作出虚假承诺都排除适用（一(二)2 未限定事项）。"
    ),
    "CommitmentOutcome.committed_on": "作出承诺的日期。",
    "CommitmentOutcome.outcome": (
        "该次核查的结论；不填：（尚）未核查。仅作记录：以往承诺按其发现的问题排除适用"
        "（规则 applicant.prior-false-commitment），不看核查结论。"
    ),
    "CommitmentOutcome.findings": "该次核查发现的问题类型。",
    "BlacklistEntry": "虚假承诺黑名单或失信黑名单上的一个条目。",
    "BlacklistEntry.subject": "被列入的主体；被列入的是自然人的，通知其所在单位 subject.employer（二(二)4）。",
    "BlacklistEntry.basis": "认定依据：false_commitment 虚假承诺或 serious_dishonesty 较重失信行为。",
    "BlacklistEntry.determined_by": "作出认定的单位（认定单位）。",
    "BlacklistEntry.listed_on": "主体被列入的日期。",
    "BlacklistEntry.status": "状态：active 有效或 exited 已退出（以业务系统中名单的记录为准）。",
    "BlacklistEntry.id": "条目在业务系统中的编号。",
    "BlacklistEntry.published": (
        "该条目已在「信用连云港」网站公布（对外曝光），以业务系统记录为准。仅作记录：没有规则读取它；"
        "条目有效的，无论是否已经公布，都应通过「信用连云港」对外曝光（一(二)2，规则 blacklist.publish），"
        "退出名单同样在该网站公开（二(一)）。"
    ),
    "BlacklistEntry.categories": (
        "各部门对该条目已决定的联合惩戒类别；空：尚未决定。仅作记录：没有规则读取它。决定中的惩戒措施是"
        "按条目认定依据建议的类别（二(二)3，设置 blacklist.measures_*）；各部门「根据工作职责权限」自行决定，"
        "此处记录的类别既不缩小也不扩大建议。"
    ),
    "BlacklistEntry.exit": "主体退出名单（或获准退出）的方式和日期；不填：未退出。",
    "BlacklistExit": "主体退出名单的方式和日期。",
    "BlacklistExit.reason": "退出原因：credit_repair 信用修复、expiry 期满或 correction_on_objection 异议更正。",
    "BlacklistExit.date": "退出日期。",
    # --- the commitment letter and its notification -----------------------------------------------
    "Commitment": "申请人的承诺书。其申请人和事项见案件的 applicant 和 matter。",
    "Commitment.notification": "申请人承诺前收到的告知。",
    "Commitment.id": "承诺书在业务系统中的编号。",
    "Commitment.statements": "承诺书所作的声明（知晓告知事项、符合条件、承担法律责任、意思表示真实）。",
    "Commitment.signed_at": "申请人签署日期；不填：（尚）未签署。",
    "Commitment.channel": (
        "签署方式：纸质 paper 或电子 electronic。仅作记录：两种方式签署的都是承诺书（是否签署看 signed_at），"
        "没有规则读取它。"
    ),
    "Commitment.contains": "承诺书含有的秘密或隐私（国家秘密、商业秘密、个人隐私）。",
    "Commitment.voluntary_disclosure": "申请人主动提出公开承诺书（主动公开，二(一)）。",
    "Commitment.decision": "对该申请的决定：pending 尚未决定、granted 准予或 refused 不予准予。",
    "Commitment.fees_paid": "申请人为该事项已缴纳的费用，单位为元（已缴费用）。",
    "Notification": "行政机关的一次性书面告知；每一项表示告知书是否载明该内容。不填的项即视为告知书未载明。",
    "Notification.breach_risk": "载明告知承诺违约风险（二(四)）。",
    "Notification.joint_punishment_mechanism": "载明联合惩戒机制（二(四)）。",
    "Notification.fee_non_refund": "载明违约时已缴费用不予退还（对二(二)1 的解释）。",
    "Notification.matter_name": "载明事项名称。",
    "Notification.legal_basis": "载明证明要求的设定依据。",
    "Notification.certification_obligation": "载明证明义务。",
    "Notification.certification_content": "载明证明内容。",
    "Notification.commitment_method": "载明承诺的方式。",
    "Notification.commitment_effect": "载明承诺的效力。",
    "Notification.liability_civil_admin_criminal": "载明虚假承诺的民事、行政和刑事法律责任。",
    "Notification.verification_power": "载明行政机关的核查权力。",
    "Notification.publicity": "关于承诺书公示载明了什么：是否公示、公示范围、公示期限。",
    "PublicityNotice": "告知书关于承诺书公示的内容（公示，国办发〔2020〕42号）。",
    "PublicityNotice.whether": "载明承诺书是否公示。",
    "PublicityNotice.scope": "载明公示范围。",
    "PublicityNotice.period": "载明公示期限。",
    "PublicityRequest": "公示承诺书的请求（承诺书公示，一(二)3）。承诺书见案件的 commitment。",
    "PublicityRequest.flags": "承诺书中发现的保密情形（国家秘密、商业秘密、个人隐私）；有任一项即不予公示。",
    "PublicityRequest.channels": "单位拟用的公示渠道；空：所有适用的渠道。在哪里公示以决定为准。",
    "PublicityRequest.voluntary": "申请人主动要求公开承诺书（主动公开，二(一)）。",
    "PublicityRequest.self_waiver": (
        "申请人放弃对其自身商业秘密或个人隐私的保护（是否采纳由一项设置决定；国家秘密不能放弃）。"
    ),
    # --- verification -----------------------------------------------------------------------------
    "VerificationResult": "对一份承诺的核查结果。",
    "VerificationResult.method": (
        "所用的核查方式。仅作记录：没有规则读取它；原文对核查办法以外的核查方式未规定任何后果。"
    ),
    "VerificationResult.completed_at": "核查完成日期；核查进行中时不填。",
    "VerificationResult.outcome": (
        "核查结论：consistent 相符、inconsistent 不符或 not_verifiable 无法核实；核查进行中时不填。"
    ),
    "VerificationResult.findings": "发现的问题；没有问题时为空。",
    "VerificationResult.serious_dishonesty": "单位认定该行为为较重失信行为。",
    "Finding": "核查发现的一个问题，及发现时所处的阶段。",
    "Finding.type": (
        "发现的问题：not_meeting_conditions（申请人不符合条件）、false_commitment（提供虚假承诺）、"
        "nonperformance（未按承诺内容履行义务）等。"
    ),
    "Finding.stage": (
        "pre_decision：在作出决定前发现；post_decision：在作出决定后发现。仅作记录：没有规则读取它；"
        "发现的问题引起什么后果，取决于评价日对申请的决定（commitment.decision：尚未决定、准予或不予准予），"
        "而不是发现的阶段。"
    ),
    "Finding.suspected_crime": "事实表明涉嫌犯罪，案件应移送司法机关。",
    "Finding.at_fault": "申请人以外，对此有过错的单位或个人。",
    "Finding.note": "描述该问题的文字，供记录。",
    "AtFaultParty": (
        "对核查发现的问题有过错的单位或个人，依一(一)2 追究责任。规则只看发现的问题是否列明过错方"
        "（has_at_fault，后果 at_fault_liability），过错方的各字段仅作记录。"
    ),
    "AtFaultParty.kind": "单位 unit 或个人 person。",
    "AtFaultParty.name": "单位名称或个人姓名。",
    "AtFaultParty.public_official": (
        "该个人是公务人员。仅作记录：核查处理没有规则读取它。公务人员偏差失误的容错纠错（规则组 I）"
        "和工作人员的督导考核（规则组 K）由业务系统另行提出的容错纠错或督导考核案件判定。"
    ),
    # --- officials: reporting, leniency, assessment -----------------------------------------------
    "EscalationRequest": "可能需要逐级请示报告的问题。",
    "EscalationRequest.unit": "问题发生的单位。",
    "EscalationRequest.from_role": (
        "遇到问题的角色：business_division（业务处室）、division_head（处室主要负责人）、leader_in_charge（分管领导）等。"
    ),
    "EscalationRequest.trigger": "需要报告的事由；不填：不属于所列任何事由（此时无需报告，除非 issues 表明问题重大）。",
    "EscalationRequest.issues": "表明问题重大的情形（重大问题）；哪些情形计入由设置决定。",
    "EscalationRequest.to_role": "报告对象的角色，已选定时填写（按「逐级」核对）。",
    "EscalationRequest.content": "报告的内容；任一部分为空，报告即不完整。",
    "ReportContent": "报告的内容（一(三):「如实反映情况、分析问题、提出建议」）；空白视为缺少。",
    "ReportContent.facts": "如实反映的情况。",
    "ReportContent.analysis": "对问题的分析。",
    "ReportContent.suggestions": "提出的建议，或会后贯彻落实的意见。",
    "OfficialConduct": "待作容错纠错认定的单位或公务人员的偏差失误。",
    "OfficialConduct.subject": "主体：单位 unit 或公务人员 public_official。",
    "OfficialConduct.context": "情境：duty_performance 履职尽责、reform_innovation 改革创新或 other 其他。",
    "OfficialConduct.factors": "六项考量因素，各有评价。",
    "OfficialConduct.bars": "不予容错的情形（谋取私利、明知故犯、违反明令禁止）；空：没有。",
    "OfficialConduct.rectified": "偏差失误已整改纠错。",
    "OfficialConduct.losses_recovered": (
        "损失已全部挽回；偏差失误未造成损失、无须挽回的，同样填 true。免予追究以此为条件（第4节问题1）。"
    ),
    "OfficialConduct.falsely_accused": "主体被诬告错告，需予澄清保护。",
    "OfficialConduct.name": "单位名称或公务人员姓名。",
    "ConductFactors": "一(四)1 的六项考量因素，各评为 favorable 有利、neutral 中性或 unfavorable 不利。",
    "ConductFactors.motive_attitude": "动机态度。",
    "ConductFactors.objective_conditions": "客观条件。",
    "ConductFactors.procedure_method": "程序方法。",
    "ConductFactors.nature_degree": "性质程度。",
    "ConductFactors.consequence_impact": "后果影响。",
    "ConductFactors.loss_recovery": "挽回损失。",
    "Assessment": "对单位试点工作或工作人员履职情况的督导考核。",
    "Assessment.subject": (
        "考核对象：单位 unit 或工作人员 official。仅作记录：规则看事实、不看对象（一(六)把「行政机关及其工作人员」"
        "纳入同一机制），工作落实情况、尽职和失职无论针对谁都同样计算。"
    ),
    "Assessment.performance": (
        "试点工作的落实情况（一(六)2）：effective 落实有力、成效显著，adequate 基本落实，或 inadequate 工作落实不到位；"
        "空：未评定。通常是对单位的评定；对工作人员填写的，同样计算。"
    ),
    "Assessment.diligent": (
        "已尽职履责（尽职），单位和工作人员同样适用（一(六):「行政机关及其工作人员」）：免责（尽职免责），"
        "工作落实不到位的也不追责，但失职的除外。"
    ),
    "Assessment.dereliction": "失职，单位和工作人员同样适用：追责（失职追责），无论同时记录的尽职或工作成效如何。",
    "Assessment.name": "单位名称或工作人员姓名。",
    # --- administration: assistance, summaries, the credit website --------------------------------
    "AssistanceRequest": "行政协助请求，或对行政协助目录的调整。",
    "AssistanceRequest.requesting_unit": (
        "请求协助的单位（请求协助单位）。仅作记录：规则读取的是协助单位，而不是该单位。"
    ),
    "AssistanceRequest.assisting_unit": "被请求协助的单位（协助单位）。",
    "AssistanceRequest.item": "协助事项。",
    "AssistanceRequest.in_catalog": "该协助事项已列入行政协助目录。",
    "AssistanceRequest.action": "处理方式：implement 实施、add 增加、cancel 取消或 adjust 调整。",
    "AssistanceRequest.initiator": "发起方：agency_unilateral 机关单方发起或 catalog_authority 目录管理机关发起。",
    "AssistanceRequest.registered_before_use": "该协助事项在实施协助前已登记备案。",
    "AssistanceRequest.emergency": "属于紧急协助，可不经事先登记即实施。",
    "AssistanceRequest.purpose": "协助的目的。",
    "AssistanceRequest.method": "核查协助时：请求采用的核查方式。仅作记录：没有规则读取它。",
    "SummaryReport": "单位对试点工作的定期书面总结和评估（总结评估）。",
    "SummaryReport.sections": "总结包含的部分。",
    "SummaryReport.dimensions": "评估涵盖的方面。",
    "SummaryReport.rectification_suggestions": "提出建设性意见和下一步整改建议（整改建议，一(七)2）。",
    "SummaryReport.compared_with_city_plan": "对照全市实施方案衡量工作（对照实施方案，一(七)1）。",
    "SummaryReport.period": "总结所涵盖的期间；不填：未注明。",
    "SummaryReport.unit": "撰写总结的单位。",
    "CreditSiteContent": "信用网站「信用连云港」公开的试点相关内容。",
    "CreditSiteContent.items": "网站公开的项目。",
    "CreditSiteContent.site": (
        "网站名称（信用连云港）；为空即指信用连云港。其他网站的内容不能说明信用连云港公开了什么。"
    ),
    # --- code types (each value is listed, with its Chinese name, where the form offers it) -------
    "MatterKind": "行政事项的类别（原文所列以「等」结尾，因此允许其他类别）。",
    "ReviewMode": "行政机关审查材料的方式：形式审查 formal 或实质审查 substantive。",
    "UnitLevel": "单位的行政层级；试点覆盖市级和县区单位（序）。",
    "VerificationTiming": "何时核查事项的承诺：决定前、决定后或两者（核查时间）。",
    "ApplicantKind": "主体的法律形式：自然人、法人或非法人组织。",
    "CommitmentDecision": "行政机关对承诺书所属申请作出的决定。",
    "FindingType": "核查发现承诺存在的问题（核查发现的问题）。",
    "SecrecyFlag": "不予公示承诺书的情形（原文把国家秘密写作国家机密）。",
    "SigningChannel": "承诺书的签署和提交方式。",
    "Statement": "承诺书必须作出的声明（国办发〔2020〕42号格式文本）。",
    "VerificationOutcome": "核查完成后对承诺得出的结论（核查结论）。",
    "PartyKind": "有过错的一方是单位还是个人。",
    "VerificationStage": "问题是在对申请作出决定之前还是之后发现的。",
    "BlacklistBasis": "主体被列入黑名单的原因（认定依据）。",
    "BlacklistStatus": "条目是否有效，或主体是否已退出名单。",
    "ExitReason": "主体退出名单的原因（失信名单退出）。",
    "Measure": "联合惩戒的六大类领域。",
    "EscalationTrigger": (
        "需要向上请示报告的事由（一(三)1、一(三)2 及一(三)导语）。major_work_issue（工作中重大问题）"
        "和 personal_matter（个人有关事项）是领导干部依一(三)导语向组织报告的事项。"
    ),
    "MajorIssue": "表明问题重大的情形（重大问题）；哪些情形计入由设置列出（第 4 节，Q9）。",
    "Role": (
        "单位请示报告链条中的角色，自下而上。organisation（组织）是单位的党组织，在单位自身的链条之上："
        "一(三)要求领导干部「按规定程序向组织请示报告工作中重大问题和个人有关事项」。"
    ),
    "Bar": "不予容错的情形。",
    "ConductContext": "偏差失误发生在何种工作中；容错纠错适用于前两种（一(四)）。",
    "ConductSubject": "被认定偏差失误的主体：单位或公务人员。",
    "Rating": "一项容错考量因素的评价：有利、中性或不利。",
    "AssistanceAction": "对协助事项的处理：实施、增加、取消或调整（一(五)2）。",
    "AssistanceInitiator": "由谁发起：机关单方发起，或目录管理机关发起。",
    "AssistancePurpose": "协助的目的（一(五)、二(三):「协助查询和公示失信人员信息，协助查找人员」）。",
    "AssessmentSubject": "考核对象：单位或工作人员。",
    "Performance": "单位开展试点工作的成效（一(六)2）。",
    "EvaluationDimension": "评估必须涵盖的方面（一(七)1）。",
    "SummaryPeriod": "总结所涵盖的期间（定期总结）。",
    "SummarySection": "书面总结材料的组成部分（一(七)）。",
    "CreditSiteItem": "「信用连云港」必须公开的五项内容之一（二(一)）。",
}
