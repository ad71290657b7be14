# language: zh-CN
功能: 核查处理 (verification)
  核查结果及其发现带来什么后果. 核查须按核查办法确定的时间完成 (一(一)2),
  结果推送市公共信用信息系统并共享 (一(五), 二(一)), 归集历史承诺及履约记录 (二(二));
  践诺和违约记入信用档案 (一(二)1). 违约的后果依 一(一)2 与 二(二) 撤销决定并给予行政处罚,
  二(二)1 无效处理 (申请已被拒绝的, 按申请无效处理) 与已缴费用不予退还,
  二(二)2 记入信用档案与移送司法机关, 一(一)2 追究有过错的单位或个人, 二 失信事件,
  以及 一(二)2 与 二(二)3 提请列入黑名单. 违约优先于逾期, 逾期优先于已践诺.

  背景:
    假如 以下案件:
      """yaml
      kind: verification
      id: V-2020-0001
      applicant:
        id: P-0101
        kind: natural_person
        name: 张某
        id_no: '320700199001011234'
        employer: 连云港某某物流有限公司
        credit: {on_blacklist: false, serious_dishonesty: false, prior_false_commitment: false}
      matter:
        id: LYG-SC-007
        name: 食品经营许可所需的经营场所使用证明
        kind: licensing
        review_mode: formal
        listed: true
        commitment_condition_met: true
        legal_basis: 《食品经营许可管理办法》
        unit: {name: 连云港市市场监督管理局, level: municipal, requires_certification: true}
        fees: 500
        penalty_basis: false
        plan:
          timing: post_decision
          deadline_days: 30
          standard: 经营场所产权或租赁证明与承诺一致
          methods: [on_site_investigation, backend_data_retrieval]
      commitment:
        notification:
          breach_risk: true
          joint_punishment_mechanism: true
          fee_non_refund: true
          matter_name: true
          legal_basis: true
          certification_obligation: true
          certification_content: true
          commitment_method: true
          commitment_effect: true
          liability_civil_admin_criminal: true
          verification_power: true
          publicity: {whether: true, scope: true, period: true}
        statements: [knows_notice, meets_conditions, accepts_liability, genuine_intent]
        signed_at: 2020-03-02
        channel: electronic
        decision: granted
        fees_paid: 500
      started_on: 2020-05-10
      result:
        method: on_site_investigation
        completed_at: 2020-05-22
        outcome: consistent
        findings: []
      """
    并且 评价日为 2020-06-01

  @clause-1-2-1 @clause-1-5 @clause-2-1 @clause-2-2
  场景: 核查结果与承诺一致的, 记入践诺记录, 结果推送信用系统并归集
    当 用内置规则包评价该案件
    那么 结论为「已践诺」
    并且 后果为「记入信用档案」「共享信用信息」
    并且 规则 "credit.record-commitment.performance" 生效,引用条款 "一(二)1"
    并且 规则 "verify.share" 生效,引用条款 "一(五), 二(一)"
    并且 规则 "verify.history" 生效,引用条款 "二(二)"

  @clause-1-5 @clause-2-1 @clause-2-2 @clause-1-2-1
  场景: 无法核实的结果推送信用系统, 但不记入践诺记录, 承诺继续有效
    假如 案件事实 "result.outcome" 为 not_verifiable
    当 用内置规则包评价该案件
    那么 结论为「已践诺」
    并且 后果为「共享信用信息」
    并且 规则 "verify.share" 生效,引用条款 "一(五), 二(一)"
    并且 规则 "verify.history" 生效,引用条款 "二(二)"
    并且 规则 "credit.record-commitment.performance" 不生效

  场景大纲: 核查未在期限内完成的为逾期, 不对申请人作不利认定
    假如 案件事实如下:
      | 事实                      | 值         |
      | result.completed_at       | null       |
      | result.outcome            | null       |
      | matter.plan.deadline_days | <期限>     |
      | commitment.decision       | <决定>     |
      | matter.processing_days    | <办理时限> |
    并且 评价日为 <评价日>
    当 用内置规则包评价该案件
    那么 结论为「核查逾期」
    并且 没有后果
    并且 规则 "<规则>" 生效,引用条款 "<条款>"

    @clause-1-1-2
    例子: 核查办法确定的期限 (30日, 自 2020-05-10 起算)
      | 期限 | 决定    | 办理时限 | 评价日     | 规则                         | 条款    |
      | 30   | granted | null     | 2020-06-10 | verify.overdue.plan-deadline | 一(一)2 |

    @interpretation-only
    例子: 核查办法未定期限的, 事后核查默认 30日, 事中核查以法定办理时限为期限
      | 期限 | 决定    | 办理时限 | 评价日     | 规则                            | 条款 |
      | null | granted | null     | 2020-06-10 | verify.overdue.default-deadline | —    |
      | null | pending | 20       | 2020-05-31 | verify.overdue.pre-decision     | —    |

  场景大纲: 期限的最后一日仍属按期
    假如 案件事实如下:
      | 事实                      | 值         |
      | result.completed_at       | null       |
      | result.outcome            | null       |
      | matter.plan.deadline_days | <期限>     |
      | commitment.decision       | <决定>     |
      | matter.processing_days    | <办理时限> |
    并且 评价日为 <评价日>
    当 用内置规则包评价该案件
    那么 结论为「已践诺」
    并且 没有后果
    并且 规则 "<规则>" 不生效

    @clause-1-1-2
    例子: 核查办法确定的期限
      | 期限 | 决定    | 办理时限 | 评价日     | 规则                         |
      | 30   | granted | null     | 2020-06-09 | verify.overdue.plan-deadline |

    @interpretation-only
    例子: 默认期限与法定办理时限
      | 期限 | 决定    | 办理时限 | 评价日     | 规则                            |
      | null | granted | null     | 2020-06-09 | verify.overdue.default-deadline |
      | null | pending | 20       | 2020-05-30 | verify.overdue.pre-decision     |

  @clause-1-1-2 @clause-1-2-1
  场景: 核查完成晚于期限的, 仍为逾期, 践诺照常记入
    假如 案件事实 "result.completed_at" 为 2020-06-15
    并且 评价日为 2020-06-20
    当 用内置规则包评价该案件
    那么 结论为「核查逾期」
    并且 后果为「记入信用档案」「共享信用信息」
    并且 规则 "verify.overdue.plan-deadline" 生效,引用条款 "一(一)2"
    并且 规则 "credit.record-commitment.performance" 生效,引用条款 "一(二)1"

  @interpretation-only
  场景: 事中核查以法定办理时限为期限, 而不是事后核查的默认期限
    假如 案件事实如下:
      | 事实                      | 值      |
      | result.completed_at       | null    |
      | result.outcome            | null    |
      | matter.plan.deadline_days | null    |
      | commitment.decision       | pending |
      | matter.processing_days    | 60      |
    并且 评价日为 2020-07-05
    当 用内置规则包评价该案件
    那么 结论为「已践诺」
    并且 规则 "verify.deadline.pre-decision" 生效,引用条款 "—"
    并且 规则 "verify.overdue.default-deadline" 不生效
    并且 规则 "verify.overdue.pre-decision" 不生效

  @interpretation-only
  场景: 关闭该设置后, 事中核查也适用默认期限
    假如 设置 "verification.pre_decision_uses_processing_days" 为 false
    并且 案件事实如下:
      | 事实                      | 值      |
      | result.completed_at       | null    |
      | result.outcome            | null    |
      | matter.plan.deadline_days | null    |
      | commitment.decision       | pending |
      | matter.processing_days    | 60      |
    并且 评价日为 2020-07-05
    当 用内置规则包评价该案件
    那么 结论为「核查逾期」
    并且 规则 "verify.overdue.default-deadline" 生效,引用条款 "—"
    并且 规则 "verify.deadline.pre-decision" 不生效

  场景大纲: 核查发现的处理 (决策表)
    假如 案件事实如下:
      | 事实                | 值             |
      | result.outcome      | inconsistent   |
      | result.findings[0]  | {type: <发现>, stage: <阶段>} |
      | commitment.decision | <决定>         |
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 后果为<后果>
    并且 规则 "<规则>" 生效,引用条款 "<条款>"

    @clause-2-2-1
    例子: 不符合条件或未按要求办理: 申请无效或决定无效, 已缴费用不予退还 (二(二)1)
      | 发现                            | 阶段          | 决定    | 后果                                                                           | 规则                         | 条款    |
      | not_meeting_conditions          | pre_decision  | pending | 「按申请无效处理」「记入信用档案」「已缴费用不予退还」「共享信用信息」         | breach.invalid.pre-decision  | 二(二)1 |
      | noncompliance_with_requirements | pre_decision  | pending | 「按申请无效处理」「记入信用档案」「已缴费用不予退还」「共享信用信息」         | breach.invalid.pre-decision  | 二(二)1 |
      | not_meeting_conditions          | post_decision | granted | 「记入信用档案」「按相关作出决定无效处理」「已缴费用不予退还」「共享信用信息」 | breach.invalid.post-decision | 二(二)1 |
      | noncompliance_with_requirements | post_decision | granted | 「记入信用档案」「按相关作出决定无效处理」「已缴费用不予退还」「共享信用信息」 | breach.invalid.post-decision | 二(二)1 |

    @clause-2-2-1
    例子: 按申请无效还是按决定无效, 看是否已作出准予决定, 不看发现的阶段: 决定前已发现而仍予准予的, 准予决定无效; 尚未作出决定的, 申请无效 (二(二)1)
      | 发现                            | 阶段          | 决定    | 后果                                                                           | 规则                         | 条款    |
      | not_meeting_conditions          | pre_decision  | granted | 「记入信用档案」「按相关作出决定无效处理」「已缴费用不予退还」「共享信用信息」 | breach.invalid.post-decision | 二(二)1 |
      | noncompliance_with_requirements | post_decision | pending | 「按申请无效处理」「记入信用档案」「已缴费用不予退还」「共享信用信息」         | breach.invalid.pre-decision  | 二(二)1 |

    @clause-1-1-2 @clause-2-2
    例子: 故意隐瞒或虚假承诺, 已作出准予决定: 依法撤销决定 (一(一)2, 二(二))
      | 发现                    | 阶段          | 决定    | 后果                                                                                           | 规则                  | 条款            |
      | false_commitment        | post_decision | granted | 「提出列入失信黑名单」「记入信用档案」「依法撤销相关决定」「已缴费用不予退还」「共享信用信息」 | breach.revoke.granted | 一(一)2, 二(二) |
      | intentional_concealment | post_decision | granted | 「提出列入失信黑名单」「记入信用档案」「依法撤销相关决定」「已缴费用不予退还」「共享信用信息」 | breach.revoke.granted | 一(一)2, 二(二) |

    @clause-nat-42
    例子: 故意隐瞒或虚假承诺, 尚未作出决定: 终止办理, 按申请无效处理 (42号文)
      | 发现                    | 阶段         | 决定    | 后果                                                                                                     | 规则                       | 条款   |
      | false_commitment        | pre_decision | pending | 「按申请无效处理」「提出列入失信黑名单」「记入信用档案」「已缴费用不予退还」「终止办理」「共享信用信息」 | breach.revoke.pre-decision | NAT-42 |
      | intentional_concealment | pre_decision | pending | 「按申请无效处理」「提出列入失信黑名单」「记入信用档案」「已缴费用不予退还」「终止办理」「共享信用信息」 | breach.revoke.pre-decision | NAT-42 |

    @clause-2-2-1
    例子: 故意隐瞒或虚假承诺, 申请已被拒绝: 按申请无效处理, 不比不符合条件处理得更轻 (二(二)1)
      | 发现                    | 阶段          | 决定    | 后果                                                                                         | 规则                  | 条款    |
      | false_commitment        | post_decision | refused | 「按申请无效处理」「提出列入失信黑名单」「记入信用档案」「已缴费用不予退还」「共享信用信息」 | breach.revoke.refused | 二(二)1 |
      | intentional_concealment | post_decision | refused | 「按申请无效处理」「提出列入失信黑名单」「记入信用档案」「已缴费用不予退还」「共享信用信息」 | breach.revoke.refused | 二(二)1 |

    @clause-2-2-1
    例子: 不符合条件或未按要求办理, 申请已被拒绝: 按申请无效处理, 拒绝决定不因此无效 (二(二)1)
      | 发现                            | 阶段          | 决定    | 后果                                                                   | 规则                   | 条款    |
      | not_meeting_conditions          | post_decision | refused | 「按申请无效处理」「记入信用档案」「已缴费用不予退还」「共享信用信息」 | breach.invalid.refused | 二(二)1 |
      | noncompliance_with_requirements | post_decision | refused | 「按申请无效处理」「记入信用档案」「已缴费用不予退还」「共享信用信息」 | breach.invalid.refused | 二(二)1 |

    @clause-1-1-2 @clause-2-2
    例子: 以其他不正当手段办理的 (二(二)2「或者以其他不正当手段」), 与故意隐瞒、虚假承诺同等处理: 撤销准予决定
      | 发现           | 阶段          | 决定    | 后果                                                                                           | 规则                  | 条款            |
      | improper_means | post_decision | granted | 「提出列入失信黑名单」「记入信用档案」「依法撤销相关决定」「已缴费用不予退还」「共享信用信息」 | breach.revoke.granted | 一(一)2, 二(二) |

    @clause-nat-42
    例子: 以不正当手段办理, 尚未作出决定: 终止办理, 按申请无效处理
      | 发现           | 阶段         | 决定    | 后果                                                                                                     | 规则                       | 条款   |
      | improper_means | pre_decision | pending | 「按申请无效处理」「提出列入失信黑名单」「记入信用档案」「已缴费用不予退还」「终止办理」「共享信用信息」 | breach.revoke.pre-decision | NAT-42 |

    @clause-2-2-1
    例子: 以不正当手段办理, 申请已被拒绝: 按申请无效处理
      | 发现           | 阶段          | 决定    | 后果                                                                                         | 规则                  | 条款    |
      | improper_means | post_decision | refused | 「按申请无效处理」「提出列入失信黑名单」「记入信用档案」「已缴费用不予退还」「共享信用信息」 | breach.revoke.refused | 二(二)1 |

    @clause-2-2-2
    例子: 以其他不正当手段取得证明: 记入信用档案 (二(二)2)
      | 发现           | 阶段          | 决定    | 后果                                                                                           | 规则                 | 条款    |
      | improper_means | post_decision | granted | 「提出列入失信黑名单」「记入信用档案」「依法撤销相关决定」「已缴费用不予退还」「共享信用信息」 | breach.credit-record | 二(二)2 |

    @clause-2
    例子: 未按承诺内容履行义务: 失信事件 (二), 默认记入违约记录
      | 发现           | 阶段          | 决定    | 后果                             | 规则                    | 条款 |
      | nonperformance | post_decision | granted | 「记入信用档案」「共享信用信息」 | breach.dishonesty-event | 二   |

  @clause-2-2-2
  场景大纲: 故意隐瞒、虚假承诺或以不正当手段取得证明的, 记入申请人信用档案
    假如 案件事实 "result.outcome" 为 inconsistent
    并且 案件事实 "result.findings[0]" 为 {type: <发现>, stage: post_decision}
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 规则 "breach.credit-record" 生效,引用条款 "二(二)2"

    例子:
      | 发现                    |
      | intentional_concealment |
      | false_commitment        |
      | improper_means          |

  @clause-2 @clause-1-2-1
  场景: 核实结果不一致即构成失信事件, 即使没有具体发现; 不一致即未践诺, 记入违约记录并向社会公开
    假如 案件事实 "result.outcome" 为 inconsistent
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 后果为「记入信用档案」「共享信用信息」
    并且 公示渠道为「信用连云港」「市市场监管信息平台」「公共资源交易服务平台」「投资项目在线审批监管平台」
    并且 规则 "breach.dishonesty-event" 生效,引用条款 "二"
    并且 规则 "credit.record-commitment.inconsistent" 生效,引用条款 "一(二)1"
    并且 规则 "credit.record-commitment.breach" 不生效

  @clause-2-2-1
  场景: 无效处理时已缴费用不予退还
    假如 案件事实 "result.findings[0]" 为 {type: not_meeting_conditions, stage: post_decision}
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 规则 "breach.invalid.fees" 生效,引用条款 "二(二)1"

  @clause-2-2-1
  场景: 关闭不予退还的设置后, 无效处理时费用照常退还
    假如 设置 "fees.non_refund_on_invalid" 为 false
    并且 案件事实 "result.findings[0]" 为 {type: not_meeting_conditions, stage: post_decision}
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 后果为「记入信用档案」「按相关作出决定无效处理」「共享信用信息」
    并且 规则 "breach.invalid.post-decision" 生效,引用条款 "二(二)1"
    并且 规则 "breach.invalid.fees" 不生效

  @clause-2-2-1 @clause-1-1-2 @clause-2-2
  场景: 因虚假承诺撤销决定的, 已缴费用同样不予退还
    假如 案件事实 "result.findings[0]" 为 {type: false_commitment, stage: post_decision}
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 规则 "breach.revoke.fees" 生效,引用条款 "二(二)1"
    并且 规则 "breach.revoke.granted" 生效,引用条款 "一(一)2, 二(二)"

  @clause-1-1-2 @clause-2-2 @clause-2-2-1
  场景: 关闭撤销时不予退还的设置后, 撤销时费用照常退还
    假如 设置 "fees.non_refund_on_revoke" 为 false
    并且 案件事实 "result.findings[0]" 为 {type: false_commitment, stage: post_decision}
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 后果为「提出列入失信黑名单」「记入信用档案」「依法撤销相关决定」「共享信用信息」
    并且 规则 "breach.revoke.granted" 生效,引用条款 "一(一)2, 二(二)"
    并且 规则 "breach.revoke.fees" 不生效

  @interpretation-only @clause-2-2-1
  场景大纲: 依法应当退费的事项, 不适用已缴费用不予退还
    假如 案件事实 "matter.fees_refundable" 为 true
    并且 案件事实 "result.findings[0]" 为 {type: <发现>, stage: post_decision}
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 后果为<后果>
    并且 规则 "breach.fees-refundable" 生效,引用条款 "—"
    并且 规则 "<不予退还规则>" 不生效

    例子:
      | 发现                   | 后果                                                                       | 不予退还规则        |
      | not_meeting_conditions | 「记入信用档案」「按相关作出决定无效处理」「共享信用信息」                 | breach.invalid.fees |
      | false_commitment       | 「提出列入失信黑名单」「记入信用档案」「依法撤销相关决定」「共享信用信息」 | breach.revoke.fees  |

  @clause-2-2
  场景: 法律对虚假承诺设定了处罚的, 撤销决定时一并给予行政处罚
    假如 案件事实 "matter.penalty_basis" 为 true
    并且 案件事实 "result.findings[0]" 为 {type: false_commitment, stage: post_decision}
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 后果为「给予行政处罚」「提出列入失信黑名单」「记入信用档案」「依法撤销相关决定」「已缴费用不予退还」「共享信用信息」
    并且 规则 "breach.revoke.penalty" 生效,引用条款 "二(二)"

  @clause-nat-42 @clause-2-2
  场景: 尚未作出决定的, 终止办理, 法律设定的行政处罚照样给予: 处罚针对虚假承诺, 不以准予决定为前提
    假如 案件事实如下:
      | 事实                 | 值                                              |
      | matter.penalty_basis | true                                            |
      | commitment.decision  | pending                                         |
      | result.findings[0]   | {type: false_commitment, stage: pre_decision}   |
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 后果为「给予行政处罚」「按申请无效处理」「提出列入失信黑名单」「记入信用档案」「已缴费用不予退还」「终止办理」「共享信用信息」
    并且 规则 "breach.revoke.pre-decision" 生效,引用条款 "NAT-42"
    并且 规则 "breach.revoke.penalty" 生效,引用条款 "二(二)"

  @clause-2-2 @clause-2-2-1
  场景大纲: 拒绝后才发现故意隐瞒或虚假承诺的, 没有可撤销的决定, 仍给予法律设定的行政处罚
    假如 案件事实如下:
      | 事实                 | 值                                        |
      | matter.penalty_basis | true                                      |
      | commitment.decision  | refused                                   |
      | result.findings[0]   | {type: <发现>, stage: post_decision}      |
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 后果为「给予行政处罚」「按申请无效处理」「提出列入失信黑名单」「记入信用档案」「已缴费用不予退还」「共享信用信息」
    并且 规则 "breach.revoke.refused" 生效,引用条款 "二(二)1"
    并且 规则 "breach.revoke.penalty" 生效,引用条款 "二(二)"

    例子:
      | 发现                    |
      | false_commitment        |
      | intentional_concealment |

  @clause-1-1-2 @clause-2-2
  场景: 以不正当手段取得许可的, 与虚假承诺一样撤销决定, 并给予法律设定的行政处罚
    假如 案件事实如下:
      | 事实                 | 值                                              |
      | matter.penalty_basis | true                                            |
      | result.outcome       | inconsistent                                    |
      | result.findings[0]   | {type: improper_means, stage: post_decision}    |
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 后果为「给予行政处罚」「提出列入失信黑名单」「记入信用档案」「依法撤销相关决定」「已缴费用不予退还」「共享信用信息」
    并且 规则 "breach.revoke.granted" 生效,引用条款 "一(一)2, 二(二)"
    并且 规则 "breach.revoke.penalty" 生效,引用条款 "二(二)"

  @clause-nat-42 @clause-2-2
  场景: 法律未设定处罚的, 无论是否已作出决定, 都不给予行政处罚
    假如 案件事实如下:
      | 事实                 | 值                                              |
      | matter.penalty_basis | false                                           |
      | commitment.decision  | pending                                         |
      | result.findings[0]   | {type: false_commitment, stage: pre_decision}   |
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 规则 "breach.revoke.pre-decision" 生效,引用条款 "NAT-42"
    并且 规则 "breach.revoke.penalty" 不生效

  @clause-1-1-2 @clause-2-2 @clause-2-2-1
  场景: 同时发现虚假承诺和不符合条件的, 撤销优先于无效处理, 不符合条件的已缴费用照样不予退还
    假如 案件事实如下:
      | 事实               | 值                                                     |
      | result.outcome     | inconsistent                                           |
      | result.findings[0] | {type: false_commitment, stage: post_decision}         |
      | result.findings[1] | {type: not_meeting_conditions, stage: post_decision}   |
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 后果为「提出列入失信黑名单」「记入信用档案」「依法撤销相关决定」「已缴费用不予退还」「共享信用信息」
    并且 规则 "breach.revoke.granted" 生效,引用条款 "一(一)2, 二(二)"
    并且 规则 "breach.invalid.fees" 生效,引用条款 "二(二)1"
    并且 规则 "breach.invalid.post-decision" 不生效

  @clause-1-1-2 @clause-2-2 @clause-2-2-1
  场景: 关闭撤销时不予退还的设置后, 同时发现的不符合条件仍使已缴费用不予退还
    假如 设置 "fees.non_refund_on_revoke" 为 false
    并且 案件事实如下:
      | 事实               | 值                                                     |
      | result.outcome     | inconsistent                                           |
      | result.findings[0] | {type: false_commitment, stage: post_decision}         |
      | result.findings[1] | {type: not_meeting_conditions, stage: post_decision}   |
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 后果为「提出列入失信黑名单」「记入信用档案」「依法撤销相关决定」「已缴费用不予退还」「共享信用信息」
    并且 规则 "breach.revoke.granted" 生效,引用条款 "一(一)2, 二(二)"
    并且 规则 "breach.invalid.fees" 生效,引用条款 "二(二)1"
    并且 规则 "breach.revoke.fees" 不生效

  @clause-1-1-2
  场景大纲: 故意隐瞒、虚假承诺或以不正当手段办理有过错的单位或个人的, 依法追究责任
    假如 案件事实 "result.findings[0]" 为 {type: <发现>, stage: post_decision, at_fault: [{kind: person, name: 王某, public_official: true}]}
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 规则 "breach.at-fault-liability" 生效,引用条款 "一(一)2"

    例子:
      | 发现                    |
      | intentional_concealment |
      | false_commitment        |
      | improper_means          |

  @clause-1-1-2
  场景: 不符合条件的发现不追究单位或个人的过错责任
    假如 案件事实 "result.findings[0]" 为 {type: not_meeting_conditions, stage: post_decision, at_fault: [{kind: unit, name: 某窗口}]}
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 规则 "breach.at-fault-liability" 不生效

  @clause-2-2-2
  场景: 涉嫌犯罪的, 移送司法机关处理
    假如 案件事实 "result.findings[0]" 为 {type: not_meeting_conditions, stage: post_decision, suspected_crime: true}
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 后果为「记入信用档案」「按相关作出决定无效处理」「已缴费用不予退还」「移送司法机关处理」「共享信用信息」
    并且 规则 "breach.judicial-referral" 生效,引用条款 "二(二)2"

  @clause-1-2-2 @clause-2-2-3
  场景: 虚假承诺提请列入黑名单, 默认须经单位确认后才列入
    假如 案件事实 "result.findings[0]" 为 {type: false_commitment, stage: post_decision}
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 规则 "blacklist.entry.false-commitment" 生效,引用条款 "一(二)2, 二(二)3"
    并且 规则 "blacklist.entry.auto-enter" 不生效

  @clause-1-2-2 @clause-2-2-3
  场景大纲: 故意隐瞒或以不正当手段取得证明的, 同样提请列入黑名单
    假如 案件事实 "result.findings[0]" 为 {type: <发现>, stage: post_decision}
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 规则 "blacklist.entry.intent" 生效,引用条款 "一(二)2, 二(二)3"
    并且 规则 "blacklist.entry.false-commitment" 不生效

    例子:
      | 发现                    |
      | intentional_concealment |
      | improper_means          |

  @clause-1-2-2 @clause-2-2-2
  场景: 关闭该设置后, 只有虚假承诺提请列入黑名单
    假如 设置 "blacklist.intent_findings_enter" 为 false
    并且 案件事实 "result.findings[0]" 为 {type: improper_means, stage: post_decision}
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 后果为「记入信用档案」「依法撤销相关决定」「已缴费用不予退还」「共享信用信息」
    并且 规则 "breach.credit-record" 生效,引用条款 "二(二)2"
    并且 规则 "blacklist.entry.intent" 不生效

  @clause-1-2-2 @clause-2-2-3 @clause-2
  场景: 承办单位认定为较重失信行为的失信事件, 提请列入黑名单
    假如 案件事实如下:
      | 事实                      | 值                                             |
      | result.outcome            | inconsistent                                   |
      | result.findings[0]        | {type: nonperformance, stage: post_decision}   |
      | result.serious_dishonesty | true                                           |
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 后果为「提出列入失信黑名单」「记入信用档案」「共享信用信息」
    并且 规则 "breach.dishonesty-event" 生效,引用条款 "二"
    并且 规则 "blacklist.entry.serious-dishonesty" 生效,引用条款 "一(二)2, 二(二)3"

  @clause-1-2-2
  场景: 核查一致时, 较重失信的标记不构成失信事件
    假如 案件事实 "result.serious_dishonesty" 为 true
    当 用内置规则包评价该案件
    那么 结论为「已践诺」
    并且 规则 "blacklist.entry.serious-dishonesty" 不生效

  @clause-1-2-2
  场景: 设置为自动列入时, 提请即视为确认, 直接列入黑名单; 曝光和惩戒由失信惩戒判断
    假如 设置 "blacklist.auto_enter" 为 true
    并且 案件事实 "result.findings[0]" 为 {type: false_commitment, stage: post_decision}
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 后果为「列入失信黑名单」「提出列入失信黑名单」「记入信用档案」「依法撤销相关决定」「已缴费用不予退还」「共享信用信息」
    并且 规则 "blacklist.entry.auto-enter" 生效,引用条款 "一(二)2"

  @clause-1-2-1 @clause-2
  场景: 未按承诺内容履行义务的, 默认记入违约记录
    假如 案件事实 "result.outcome" 为 inconsistent
    并且 案件事实 "result.findings[0]" 为 {type: nonperformance, stage: post_decision}
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 后果为「记入信用档案」「共享信用信息」
    并且 规则 "credit.record-commitment.breach" 生效,引用条款 "一(二)1"
    并且 规则 "breach.dishonesty-event" 生效,引用条款 "二"
    并且 规则 "breach.credit-record" 不生效

  @clause-1-2-1
  场景大纲: 凡未履行承诺的发现都记入违约记录, 无故意的也记, 但不产生惩戒性后果
    假如 案件事实 "result.findings[0]" 为 {type: <发现>, stage: post_decision}
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 后果为「记入信用档案」「按相关作出决定无效处理」「已缴费用不予退还」「共享信用信息」
    并且 规则 "credit.record-commitment.breach" 生效,引用条款 "一(二)1"
    并且 规则 "breach.credit-record" 不生效
    并且 规则 "blacklist.entry.false-commitment" 不生效
    并且 规则 "blacklist.entry.intent" 不生效

    例子:
      | 发现                            |
      | not_meeting_conditions          |
      | noncompliance_with_requirements |

  @clause-1-2-1
  场景: 设置不把未履行承诺列入违约记录类型的, 不记入信用档案
    假如 设置 "credit.breach_record_findings" 为 []
    并且 案件事实 "result.outcome" 为 inconsistent
    并且 案件事实 "result.findings[0]" 为 {type: nonperformance, stage: post_decision}
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 后果为「共享信用信息」
    并且 规则 "credit.record-commitment.breach" 不生效

  @clause-1-2-1
  场景: 关闭该设置后, 未列明具体发现的不一致结论不记入违约记录, 也不公开
    假如 设置 "credit.breach_record_unclassified" 为 false
    并且 案件事实 "result.outcome" 为 inconsistent
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 后果为「共享信用信息」
    并且 没有公示渠道
    并且 规则 "credit.record-commitment.inconsistent" 不生效
    并且 规则 "credit.disclose.record" 不生效

  @clause-1-2-1
  场景: 践诺记录与承诺内容一样, 通过「信用连云港」向社会公开
    当 用内置规则包评价该案件
    那么 结论为「已践诺」
    并且 后果为「记入信用档案」「共享信用信息」
    并且 公示渠道为「信用连云港」「市市场监管信息平台」「公共资源交易服务平台」「投资项目在线审批监管平台」
    并且 规则 "credit.record-commitment.performance" 生效,引用条款 "一(二)1"
    并且 规则 "credit.disclose.record" 生效,引用条款 "一(二)1"

  @clause-1-2-1
  场景大纲: 违约记录与承诺内容一样, 通过「信用连云港」向社会公开, 故意违约的严重违法违规记录也是违约记录
    假如 案件事实 "result.outcome" 为 inconsistent
    并且 案件事实 "result.findings[0]" 为 {type: <发现>, stage: post_decision}
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 公示渠道为「信用连云港」「市市场监管信息平台」「公共资源交易服务平台」「投资项目在线审批监管平台」
    并且 规则 "<记录规则>" 生效,引用条款 "<条款>"
    并且 规则 "credit.disclose.record" 生效,引用条款 "一(二)1"

    例子: 未履行承诺的发现: 违约记录 (一(二)1)
      | 发现                   | 记录规则                        | 条款    |
      | nonperformance         | credit.record-commitment.breach | 一(二)1 |
      | not_meeting_conditions | credit.record-commitment.breach | 一(二)1 |

    @clause-2-2-2
    例子: 虚假承诺或不正当手段: 严重违法违规行为记入信用档案 (二(二)2), 即故意违约的违约记录
      | 发现             | 记录规则             | 条款    |
      | false_commitment | breach.credit-record | 二(二)2 |
      | improper_means   | breach.credit-record | 二(二)2 |

  @clause-1-2-1
  场景: 没有记入践诺或违约记录的, 也没有可公开的记录
    假如 设置 "credit.breach_record_findings" 为 []
    并且 案件事实 "result.outcome" 为 inconsistent
    并且 案件事实 "result.findings[0]" 为 {type: nonperformance, stage: post_decision}
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 没有公示渠道
    并且 规则 "credit.disclose.record" 不生效

  @clause-1-2-3 @clause-1-2-1
  场景大纲: 承诺内容涉及秘密或隐私的, 践诺和违约记录记入信用档案但不向社会公开
    假如 案件事实 "commitment.contains" 为 [<秘密>]
    并且 案件事实 "result.outcome" 为 <结论>
    当 用内置规则包评价该案件
    那么 结论为「<结论中文>」
    并且 后果为「记入信用档案」「共享信用信息」
    并且 没有公示渠道
    并且 规则 "credit.disclose.record.secrecy" 生效,引用条款 "一(二)3"
    并且 规则 "credit.disclose.record" 不生效

    例子:
      | 秘密              | 结论         | 结论中文 |
      | state_secret      | consistent   | 已践诺   |
      | commercial_secret | consistent   | 已践诺   |
      | personal_privacy  | inconsistent | 违约     |

  @clause-1-2-1 @clause-1-2-3
  场景: 设置为删除涉密内容后公开时, 践诺和违约记录照常公开
    假如 设置 "publicity.redact_instead" 为 true
    并且 案件事实 "commitment.contains" 为 [personal_privacy]
    当 用内置规则包评价该案件
    那么 结论为「已践诺」
    并且 公示渠道为「信用连云港」「市市场监管信息平台」「公共资源交易服务平台」「投资项目在线审批监管平台」
    并且 规则 "credit.disclose.record" 生效,引用条款 "一(二)1"
    并且 规则 "credit.disclose.record.secrecy" 不生效

  @clause-1-2-1 @clause-1-2-2
  场景: 违约记录的公开不是黑名单曝光: 自动列入黑名单的, 核查处理公开违约记录, 曝光由失信惩戒判断
    假如 设置 "blacklist.auto_enter" 为 true
    并且 案件事实 "result.findings[0]" 为 {type: false_commitment, stage: post_decision}
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 后果为「列入失信黑名单」「提出列入失信黑名单」「记入信用档案」「依法撤销相关决定」「已缴费用不予退还」「共享信用信息」
    并且 公示渠道为「信用连云港」「市市场监管信息平台」「公共资源交易服务平台」「投资项目在线审批监管平台」
    并且 规则 "credit.disclose.record" 生效,引用条款 "一(二)1"
    并且 规则 "blacklist.entry.auto-enter" 生效,引用条款 "一(二)2"

  @clause-2-2 @clause-1-1-2
  场景: 撤销决定也依据 一(一)2 「依法撤销相关决定」
    假如 案件事实 "result.findings[0]" 为 {type: false_commitment, stage: post_decision}
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 规则 "breach.revoke.granted" 生效,引用条款 "一(一)2, 二(二)"

  @clause-1-2-2 @clause-2-2-3
  场景: 提请列入黑名单也依据 二(二)3 「建立失信人员黑名单制度」
    假如 案件事实 "result.findings[0]" 为 {type: false_commitment, stage: post_decision}
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 规则 "blacklist.entry.false-commitment" 生效,引用条款 "一(二)2, 二(二)3"

  @clause-1-5 @clause-2-1
  场景: 核查结果的共享也依据 二(一) 「实现虚假承诺当事人等失信信息的共享」
    当 用内置规则包评价该案件
    那么 结论为「已践诺」
    并且 规则 "verify.share" 生效,引用条款 "一(五), 二(一)"

  @interpretation-only
  场景: 评价日之后才完成的核查结果尚不存在, 不据以撤销决定或提请列入黑名单
    假如 案件事实如下:
      | 事实                 | 值                                                    |
      | result.outcome       | inconsistent                                          |
      | result.findings[0]   | {type: false_commitment, stage: post_decision}        |
      | result.completed_at  | 2020-05-15                                            |
    并且 评价日为 2020-05-10
    当 用内置规则包评价该案件
    那么 结论为「已践诺」
    并且 没有后果
    并且 规则 "verify.not-yet-completed" 生效,引用条款 "—"
    并且 规则 "breach.revoke.granted" 不生效
    并且 规则 "blacklist.entry.false-commitment" 不生效

  @clause-1-1-2 @clause-2-2
  场景: 同一核查结果, 在完成当日评价时据以撤销决定
    假如 案件事实如下:
      | 事实                 | 值                                                    |
      | result.outcome       | inconsistent                                          |
      | result.findings[0]   | {type: false_commitment, stage: post_decision}        |
      | result.completed_at  | 2020-05-15                                            |
    并且 评价日为 2020-05-15
    当 用内置规则包评价该案件
    那么 结论为「违约」
    并且 后果为「提出列入失信黑名单」「记入信用档案」「依法撤销相关决定」「已缴费用不予退还」「共享信用信息」
    并且 规则 "breach.revoke.granted" 生效,引用条款 "一(一)2, 二(二)"
    并且 规则 "verify.not-yet-completed" 不生效

  @interpretation-only @clause-1-1-2
  场景: 评价日之后才完成的核查, 评价日时仍在进行, 超过期限的为逾期
    假如 案件事实如下:
      | 事实                 | 值                                                    |
      | started_on           | 2020-03-01                                            |
      | result.outcome       | inconsistent                                          |
      | result.findings[0]   | {type: not_meeting_conditions, stage: post_decision}  |
      | result.completed_at  | 2020-05-15                                            |
    并且 评价日为 2020-05-10
    当 用内置规则包评价该案件
    那么 结论为「核查逾期」
    并且 没有后果
    并且 规则 "verify.not-yet-completed" 生效,引用条款 "—"
    并且 规则 "verify.overdue.plan-deadline" 生效,引用条款 "一(一)2"
    并且 规则 "breach.invalid.post-decision" 不生效

  @interpretation-only
  场景大纲: 随时间变化的设置, 案件按评价日施行的值判断, 并写明适用了哪一个值
    假如 设置 "verification.default_deadline_days" 为 [{from: 2019-10-22, value: 30, source: 连司通〔2019〕57号}, {from: 2021-01-01, value: 15, source: 修订后的核查办法}]
    并且 案件事实如下:
      | 事实                      | 值       |
      | matter.plan.deadline_days | null     |
      | result.completed_at       | null     |
      | result.outcome            | null     |
      | started_on                | <开始日> |
    并且 评价日为 <评价日>
    当 用内置规则包评价该案件
    那么 结论为「核查逾期」
    并且 规则 "verify.overdue.default-deadline" 生效,引用条款 "—"
    并且 设置 "verification.default_deadline_days" 适用 <起始日> 起施行的值 <值>,依据 "<依据>"

    例子: 变更前的案件按旧值 30 日, 变更后的案件按新值 15 日
      | 开始日     | 评价日     | 起始日     | 值 | 依据               |
      | 2020-11-01 | 2020-12-02 | 2019-10-22 | 30 | 连司通〔2019〕57号 |
      | 2021-01-10 | 2021-01-30 | 2021-01-01 | 15 | 修订后的核查办法   |

  @interpretation-only
  场景: 变更前的案件仍按旧值判断, 同样 20 日按旧值 30 日仍在期限内
    假如 设置 "verification.default_deadline_days" 为 [{from: 2019-10-22, value: 30, source: 连司通〔2019〕57号}, {from: 2021-01-01, value: 15, source: 修订后的核查办法}]
    并且 案件事实如下:
      | 事实                      | 值         |
      | matter.plan.deadline_days | null       |
      | result.completed_at       | null       |
      | result.outcome            | null       |
      | started_on                | 2020-12-01 |
    并且 评价日为 2020-12-21
    当 用内置规则包评价该案件
    那么 结论为「已践诺」
    并且 规则 "verify.overdue.default-deadline" 不生效
