/* Chinese names of the case fields, shown before the field's code in the Chinese form ("名称 (name)").
   The code stays visible: it is what the YAML, the schema and the error paths say. */
"use strict";
window.CR = window.CR || {};
CR.fieldLabels = {
  action: "措施", analysis: "分析", applicant: "申请人", applied_on: "申请日期", assessment: "考核",
  assisting_unit: "协助单位", at_fault: "有过错", bars: "排除情形", basis: "认定依据", breach_risk: "违约风险",
  categories: "联合惩戒类别", certification_content: "证明内容", certification_obligation: "证明义务",
  channel: "渠道", channels: "公示渠道", commitment: "承诺", commitment_condition_met: "符合承诺条件",
  commitment_effect: "承诺效力", commitment_method: "承诺方式", committed_on: "承诺日期",
  compared_with_city_plan: "与全市方案比较", completed_at: "完成日期", conduct: "行为", consequence_impact: "后果影响",
  contains: "包含内容", content: "内容", context: "情境", credit: "信用状况", credit_repaired_on: "信用修复日期",
  daily_supervision: "日常监管", date: "日期", deadline_days: "期限(天)", decision: "决定", declined: "选择不承诺",
  dereliction: "失职渎职", determined_by: "认定单位", diligent: "勤勉尽责", dimensions: "维度", emergency: "紧急情况",
  employer: "所在单位", entry: "名单条目", exempt: "免于核查", exit: "退出", factors: "考量因素", facts: "事实",
  falsely_accused: "受到诬告", fee_non_refund: "费用不予退还", fees: "收费(元)", fees_paid: "已缴费用",
  fees_refundable: "费用须依法退还", findings: "核查发现", flags: "标志", from_role: "报告人角色",
  has_project: "有项目", history: "历史记录", id: "编号", id_no: "身份证件号码", in_catalog: "列入目录",
  initiator: "发起人", issues: "事项", item: "项目", items: "公开项目", joint_punishment_mechanism: "联合惩戒机制",
  kind: "类型", legal_basis: "设定依据", legal_representative_employer: "法定代表人所在单位", level: "层级",
  liability_civil_admin_criminal: "民事、行政、刑事责任", list_exited_on: "退出名单日期", listed: "列入清单",
  listed_on: "列入日期", loss_recovery: "挽回损失", losses_recovered: "损失已挽回", matter: "事项", matter_id: "事项编号",
  matter_name: "事项名称", method: "方式", methods: "核查方式", motive_attitude: "动机态度", name: "名称",
  nature_degree: "性质程度", note: "说明", notification: "告知", objective_conditions: "客观条件",
  on_blacklist: "在失信黑名单上", outcome: "结果", penalty_basis: "处罚依据", performance: "践诺情况", period: "期间",
  plan: "核查方案", prior_false_commitment: "曾作出虚假承诺", procedure_method: "程序方法", processing_days: "办理时限(天)",
  public_concern: "社会普遍关注", public_official: "公职人员", publicity: "公示", published: "已对外曝光",
  purpose: "目的", reason: "原因", rectification_suggestions: "整改建议", rectified: "已整改",
  registered_before_use: "使用前已登记", report: "报告", representative: "具有代表性", request: "请示",
  requesting_unit: "请求单位", requires_certification: "需要证明", result: "核查结果", review_mode: "审查方式",
  risk_flags: "风险标志", scope: "范围", sections: "部分", self_waiver: "本人放弃", serious_dishonesty: "较重失信行为",
  signed_at: "签署日期", site: "网站", stage: "阶段", standard: "核查标准", started_on: "开始日期",
  statements: "承诺内容", status: "状态", subject: "主体", suggestions: "建议", suspected_crime: "涉嫌犯罪",
  timing: "核查时间", to_role: "报告对象", trigger: "触发事由", type: "类型", unit: "单位",
  uscc: "统一社会信用代码", verification_power: "核查权力", village_committee: "村(居)委会", voluntary: "自愿",
  voluntary_disclosure: "主动披露", whether: "是否", withdrawn_this_cycle: "本周期已撤回承诺",
};
/* "名称 (name)" in Chinese, the code alone in English. */
CR.fieldName = (name) => (CR.lang === "zh" && CR.fieldLabels[name] ? `${CR.fieldLabels[name]} (${name})` : name);
/* A code's Chinese name from the pack's vocabulary ("实施联合惩戒 (joint_punishment)"), set by the playground. */
CR.codeLabels = {};
CR.codeName = (code) => (CR.lang === "zh" && CR.codeLabels[code] ? `${CR.codeLabels[code]} (${code})` : code);
