# language: zh-CN
功能: 告知承诺申请 (application)
  申请人申请以告知承诺代替证明时, 判断三件事: 事项本身能否适用 (一(一), 序, 42号文),
  申请人能否适用 (一(二)2 「对发生较重失信行为或者作出虚假承诺的申请人,不适用告知承诺制」;
  信用修复或退出失信名单后恢复适用, 42号文), 告知书和承诺书是否完备 (二(四) 违约风险及联合惩戒机制,
  42号文格式文本, 二(二)1 已缴费用不予退还, 承诺书须经签署).
  须提交证明优先于告知不完整, 告知不完整优先于受理承诺. 承诺被接受后记入信用档案并公开 (一(二)1).

  背景:
    假如 以下案件:
      """yaml
      kind: application
      id: clean-company-accepted
      applicant:
        id: APP-0001
        kind: legal_person
        name: 连云港某某商贸有限公司
        uscc: 91320700MA1XXXXXX1
        credit: {on_blacklist: false, serious_dishonesty: false, prior_false_commitment: false}
      matter:
        id: LYG-ZJ-001
        name: 申请公共租赁住房所需的无房证明
        kind: benefit
        review_mode: formal
        listed: true
        commitment_condition_met: true
        legal_basis: 《公共租赁住房管理办法》
        unit: {name: 连云港市住房和城乡建设局, level: municipal, requires_certification: true}
        fees: 0
        plan:
          timing: post_decision
          deadline_days: 30
          standard: 不动产登记信息显示申请人名下无住房
          methods: [backend_data_retrieval]
      commitment:
        notification:
          breach_risk: true
          joint_punishment_mechanism: true
          fee_non_refund: false
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
        signed_at: 2020-05-20
        channel: electronic
      applied_on: 2020-05-20
      """
    并且 评价日为 2020-06-01

  @interpretation-only @clause-1-2-1
  场景: 事项、申请人和告知均符合要求的, 受理承诺并记入信用档案、向社会公开
    当 用内置规则包评价该案件
    那么 结论为「受理承诺」
    并且 没有原因
    并且 后果为「记入信用档案」
    并且 公示渠道为「信用连云港」「市市场监管信息平台」「公共资源交易服务平台」「投资项目在线审批监管平台」
    并且 规则 "application.accept" 生效,引用条款 "—"
    并且 规则 "credit.record-commitment" 生效,引用条款 "一(二)1"
    并且 规则 "credit.disclose" 生效,引用条款 "一(二)1"

  @clause-1-2-1
  场景: 信用记录通过一(二)1列明的每一个在线平台公开, 而不只是「信用连云港」
    假如 案件事实 "applicant.kind" 为 natural_person
    当 用内置规则包评价该案件
    那么 结论为「受理承诺」
    并且 公示渠道为「信用连云港」「投资项目在线审批监管平台」「市市场监管信息平台」「公共资源交易服务平台」
    并且 规则 "credit.disclose" 生效,引用条款 "一(二)1"

  场景大纲: 不能适用告知承诺制的事项, 申请人须提交证明
    假如 案件事实 "<事实>" 为 <值>
    当 用内置规则包评价该案件
    那么 结论为「须提交证明」
    并且 原因为<原因>
    并且 没有后果
    并且 规则 "<规则>" 生效,引用条款 "<条款>"
    并且 规则 "application.accept" 不生效

    @clause-preface
    例子: 试点单位以外的单位 (序)
      | 事实                               | 值    | 原因                               | 规则                         | 条款 |
      | matter.unit.level                  | other | 「不属于告知承诺制试点单位的事项」 | application.scope.pilot-unit | 序   |
      | matter.unit.requires_certification | false | 「不属于告知承诺制试点单位的事项」 | application.scope.pilot-unit | 序   |

    @clause-1-1-1
    例子: 未列入清单 (一(一)1)
      | 事实          | 值    | 原因                             | 规则                           | 条款    |
      | matter.listed | false | 「未列入证明事项告知承诺制清单」 | application.eligibility.listed | 一(一)1 |

    @clause-1-1
    例子: 形式审查事项与承诺条件 (一(一))
      | 事实                            | 值          | 原因                 | 规则                                         | 条款   |
      | matter.review_mode              | substantive | 「属于实质审查事项」 | application.eligibility.formal-review        | 一(一) |
      | matter.commitment_condition_met | false       | 「未达到承诺条件」   | application.eligibility.commitment-condition | 一(一) |

  场景大纲: 直接涉及安全、环境等风险的事项, 申请人须提交证明
    假如 案件事实 "matter.risk_flags" 为 [<风险>]
    当 用内置规则包评价该案件
    那么 结论为「须提交证明」
    并且 原因为 "<风险>"
    并且 规则 "<规则>" 生效,引用条款 "<条款>"

    @clause-1-1
    例子: 57号文 一(一) 的四类风险
      | 风险                   | 规则                                                     | 条款  |
      | national_security      | application.exclusion.direct-risk.national-security      | 一(一) |
      | public_safety          | application.exclusion.direct-risk.public-safety          | 一(一) |
      | ecological_environment | application.exclusion.direct-risk.ecological-environment | 一(一) |
      | personal_safety        | application.exclusion.direct-risk.personal-safety        | 一(一) |

    @clause-nat-42
    例子: 42号文的不适用情形 (默认同时适用)
      | 风险                 | 规则                                                   | 条款   |
      | state_secret         | application.exclusion.direct-risk.state-secret         | NAT-42 |
      | financial_prudential | application.exclusion.direct-risk.financial-prudential | NAT-42 |
      | health_life_property | application.exclusion.direct-risk.health-life-property | NAT-42 |
      | major_foreign        | application.exclusion.direct-risk.major-foreign        | NAT-42 |

  @interpretation-only @clause-nat-42
  场景大纲: 关闭 42号文的不适用情形后, 受理承诺
    假如 设置 "exclusions.national" 为 false
    并且 案件事实 "matter.risk_flags" 为 [<风险>]
    当 用内置规则包评价该案件
    那么 结论为「受理承诺」
    并且 规则 "<规则>" 不生效
    并且 规则 "application.accept" 生效,引用条款 "—"

    例子:
      | 风险                 | 规则                                                   |
      | state_secret         | application.exclusion.direct-risk.state-secret         |
      | financial_prudential | application.exclusion.direct-risk.financial-prudential |
      | health_life_property | application.exclusion.direct-risk.health-life-property |
      | major_foreign        | application.exclusion.direct-risk.major-foreign        |

  @clause-1-1-2 @clause-2-3
  场景大纲: 核查时间、标准或方式未明确的事项, 申请人须提交证明
    假如 案件事实 "<事实>" 为 <值>
    当 用内置规则包评价该案件
    那么 结论为「须提交证明」
    并且 原因为「未明确核查时间、核查标准或核查方式」
    并且 规则 "application.verify.plan-complete" 生效,引用条款 "一(一)2, 二(三)"

    例子:
      | 事实                      | 值   |
      | matter.plan.timing        | null |
      | matter.plan.deadline_days | null |
      | matter.plan.standard      | null |
      | matter.plan.methods       | []   |

  @interpretation-only @clause-1-1-2 @clause-2-3
  场景: 免于逐案核查且实行日常监管的事项, 受理承诺
    假如 案件事实如下:
      | 事实                          | 值   |
      | matter.plan.exempt            | true |
      | matter.plan.daily_supervision | true |
      | matter.plan.deadline_days     | null |
      | matter.plan.standard          | null |
      | matter.plan.methods           | []   |
    当 用内置规则包评价该案件
    那么 结论为「受理承诺」
    并且 规则 "application.verify.plan-exempt" 生效,引用条款 "—"
    并且 规则 "application.verify.plan-complete" 不生效

  @interpretation-only
  场景: 免于核查而无日常监管的事项, 申请人须提交证明
    假如 案件事实 "matter.plan.exempt" 为 true
    当 用内置规则包评价该案件
    那么 结论为「须提交证明」
    并且 原因为「未明确核查时间、核查标准或核查方式」
    并且 规则 "application.verify.plan-exempt-unsupervised" 生效,引用条款 "—"

  @interpretation-only
  场景: 核查办法采用其他合法核查方式的事项, 受理承诺 (「等」表示列举未尽)
    假如 案件事实 "matter.plan.methods" 为 [online_verification]
    当 用内置规则包评价该案件
    那么 结论为「受理承诺」
    并且 规则 "application.verify.plan-complete" 不生效
    并且 规则 "application.accept" 生效,引用条款 "—"

  @clause-1-2-2
  场景大纲: 发生较重失信行为或者作出虚假承诺的申请人, 不适用告知承诺制
    假如 案件事实 "<事实>" 为 <值>
    当 用内置规则包评价该案件
    那么 结论为「须提交证明」
    并且 原因为<原因>
    并且 规则 "<规则>" 生效,引用条款 "一(二)2"

    例子:
      | 事实                                    | 值                                                                                                     | 原因                                   | 规则                             |
      | applicant.credit.on_blacklist           | true                                                                                                   | 「申请人已被列入失信黑名单」           | applicant.blacklisted            |
      | applicant.credit.serious_dishonesty     | true                                                                                                   | 「申请人发生较重失信行为」             | applicant.serious-dishonesty     |
      | applicant.credit.prior_false_commitment | true                                                                                                   | 「申请人曾作出虚假承诺且尚未信用修复」 | applicant.prior-false-commitment |
      | applicant.history[0]                    | {matter_id: LYG-ZJ-009, committed_on: 2019-12-01, outcome: inconsistent, findings: [false_commitment]} | 「申请人曾作出虚假承诺且尚未信用修复」 | applicant.prior-false-commitment |

  @clause-1-2-2
  场景大纲: 历史承诺记录中有故意隐瞒或以不正当手段取得证明的核查发现的, 同样不适用告知承诺制
    假如 案件事实 "applicant.history[0]" 为 {matter_id: LYG-ZJ-009, committed_on: 2019-12-01, outcome: inconsistent, findings: [<发现>]}
    当 用内置规则包评价该案件
    那么 结论为「须提交证明」
    并且 原因为「申请人曾作出虚假承诺且尚未信用修复」
    并且 规则 "applicant.prior-false-commitment" 生效,引用条款 "一(二)2"
    并且 规则 "application.accept" 不生效

    例子: 与提请列入黑名单的依据一致 (设置 application.barring_findings)
      | 发现                    |
      | intentional_concealment |
      | improper_means          |

  @interpretation-only @clause-1-2-2
  场景大纲: 历史承诺记录中只有无过错或未履行承诺的核查发现的, 不妨碍适用告知承诺制
    假如 案件事实 "applicant.history[0]" 为 {matter_id: LYG-ZJ-009, committed_on: 2019-12-01, outcome: inconsistent, findings: [<发现>]}
    当 用内置规则包评价该案件
    那么 结论为「受理承诺」
    并且 规则 "applicant.prior-false-commitment" 不生效
    并且 规则 "application.accept" 生效,引用条款 "—"

    例子:
      | 发现                            |
      | not_meeting_conditions          |
      | noncompliance_with_requirements |
      | nonperformance                  |

  @interpretation-only @clause-1-2-2
  场景: 设置只以虚假承诺为准的, 历史记录中的故意隐瞒不妨碍适用
    假如 设置 "application.barring_findings" 为 [false_commitment]
    并且 案件事实 "applicant.history[0]" 为 {matter_id: LYG-ZJ-009, committed_on: 2019-12-01, outcome: inconsistent, findings: [intentional_concealment]}
    当 用内置规则包评价该案件
    那么 结论为「受理承诺」
    并且 规则 "applicant.prior-false-commitment" 不生效
    并且 规则 "application.accept" 生效,引用条款 "—"

  @clause-1-2-2
  场景大纲: 设置不能去掉虚假承诺本身: 历史记录中的虚假承诺总是妨碍适用 (一(二)2 「作出虚假承诺的申请人,不适用告知承诺制」)
    假如 设置 "application.barring_findings" 为 <设置>
    并且 案件事实 "applicant.history[0]" 为 {matter_id: LYG-ZJ-009, committed_on: 2019-12-01, outcome: inconsistent, findings: [false_commitment]}
    当 用内置规则包评价该案件
    那么 结论为「须提交证明」
    并且 原因为「申请人曾作出虚假承诺且尚未信用修复」
    并且 规则 "applicant.prior-false-commitment" 生效,引用条款 "一(二)2"

    例子:
      | 设置                      |
      | []                        |
      | [intentional_concealment] |

  @clause-1-2-2
  场景: 较重失信行为没有信用修复例外, 由主机系统在修复后清除该标志
    假如 案件事实如下:
      | 事实                                | 值         |
      | applicant.credit.serious_dishonesty | true       |
      | applicant.credit.credit_repaired_on | 2020-01-01 |
    当 用内置规则包评价该案件
    那么 结论为「须提交证明」
    并且 原因为「申请人发生较重失信行为」
    并且 规则 "applicant.serious-dishonesty" 生效,引用条款 "一(二)2"

  @clause-nat-42 @clause-1-2-2
  场景大纲: 曾作出虚假承诺的申请人, 信用修复后恢复适用告知承诺制
    假如 案件事实如下:
      | 事实                                    | 值     |
      | applicant.credit.prior_false_commitment | true   |
      | applicant.credit.credit_repaired_on     | <修复日> |
    当 用内置规则包评价该案件
    那么 结论为「受理承诺」
    并且 规则 "applicant.prior-false-commitment.repaired" 生效,引用条款 "NAT-42"
    并且 规则 "applicant.prior-false-commitment" 不生效

    例子: 修复日不晚于评价日
      | 修复日     |
      | 2020-05-01 |
      | 2020-06-01 |

  @clause-1-2-2 @clause-nat-42
  场景: 修复日晚于评价日的, 信用尚未修复
    假如 案件事实如下:
      | 事实                                    | 值         |
      | applicant.credit.prior_false_commitment | true       |
      | applicant.credit.credit_repaired_on     | 2020-06-02 |
    当 用内置规则包评价该案件
    那么 结论为「须提交证明」
    并且 原因为「申请人曾作出虚假承诺且尚未信用修复」
    并且 规则 "applicant.prior-false-commitment" 生效,引用条款 "一(二)2"
    并且 规则 "applicant.prior-false-commitment.repaired" 不生效

  @clause-1-2-2 @clause-nat-42
  场景: 信用修复不能覆盖修复之后又作出的虚假承诺
    假如 案件事实如下:
      | 事实                                | 值                                                                                                  |
      | applicant.credit.credit_repaired_on | 2020-01-01                                                                                          |
      | applicant.history[0]                | {matter_id: LYG-ZJ-009, committed_on: 2020-03-01, outcome: inconsistent, findings: [false_commitment]} |
    当 用内置规则包评价该案件
    那么 结论为「须提交证明」
    并且 原因为「申请人曾作出虚假承诺且尚未信用修复」
    并且 规则 "applicant.prior-false-commitment" 生效,引用条款 "一(二)2"
    并且 规则 "applicant.prior-false-commitment.repaired" 不生效

  @clause-nat-42 @clause-1-2-2
  场景大纲: 曾作出虚假承诺的申请人, 退出失信名单后恢复适用告知承诺制
    假如 案件事实如下:
      | 事实                                    | 值       |
      | applicant.credit.prior_false_commitment | true     |
      | applicant.credit.list_exited_on         | <退出日> |
    当 用内置规则包评价该案件
    那么 结论为「受理承诺」
    并且 没有原因
    并且 规则 "applicant.prior-false-commitment.exited" 生效,引用条款 "NAT-42"
    并且 规则 "applicant.prior-false-commitment" 不生效

    例子: 退出日不晚于评价日
      | 退出日     |
      | 2020-05-01 |
      | 2020-06-01 |

  @clause-nat-42 @clause-1-2-2
  场景: 历史记录中有故意隐瞒的申请人, 退出失信名单后同样恢复适用
    假如 案件事实如下:
      | 事实                            | 值                                                                                                         |
      | applicant.credit.list_exited_on | 2020-01-01                                                                                                 |
      | applicant.history[0]            | {matter_id: LYG-ZJ-009, committed_on: 2019-06-01, outcome: inconsistent, findings: [intentional_concealment]} |
    当 用内置规则包评价该案件
    那么 结论为「受理承诺」
    并且 规则 "applicant.prior-false-commitment.exited" 生效,引用条款 "NAT-42"
    并且 规则 "applicant.prior-false-commitment" 不生效

  @clause-1-2-2 @clause-nat-42
  场景大纲: 退出日晚于评价日, 或仍在失信名单上的, 尚未恢复适用
    假如 案件事实如下:
      | 事实                                    | 值       |
      | applicant.credit.prior_false_commitment | true     |
      | applicant.credit.on_blacklist           | <在列>   |
      | applicant.credit.list_exited_on         | <退出日> |
    当 用内置规则包评价该案件
    那么 结论为「须提交证明」
    并且 原因为<原因>
    并且 规则 "applicant.prior-false-commitment" 生效,引用条款 "一(二)2"
    并且 规则 "applicant.prior-false-commitment.exited" 不生效

    例子:
      | 在列  | 退出日     | 原因                                                               |
      | false | 2020-06-02 | 「申请人已被列入失信黑名单」「申请人曾作出虚假承诺且尚未信用修复」 |
      | true  | 2020-05-01 | 「申请人已被列入失信黑名单」「申请人曾作出虚假承诺且尚未信用修复」 |

  @clause-1-2-2
  场景: 退出名单的日期晚于评价日的, 评价日时仍在名单上, 须提交证明 (以较重失信行为列入, 主机系统已清除当前标志)
    假如 案件事实 "applicant.credit.list_exited_on" 为 2020-06-02
    当 用内置规则包评价该案件
    那么 结论为「须提交证明」
    并且 原因为「申请人已被列入失信黑名单」
    并且 规则 "applicant.blacklisted.exit-pending" 生效,引用条款 "一(二)2"
    并且 规则 "application.accept" 不生效

  @clause-1-2-2
  场景大纲: 退出名单的日期不晚于评价日的, 评价日时已不在名单上
    假如 案件事实 "applicant.credit.list_exited_on" 为 <退出日>
    当 用内置规则包评价该案件
    那么 结论为「受理承诺」
    并且 规则 "applicant.blacklisted.exit-pending" 不生效

    例子: 评价日当日或之前退出
      | 退出日     |
      | 2020-06-01 |
      | 2020-05-31 |

  @clause-1-2-2 @clause-nat-42
  场景: 退出名单不能覆盖退出之后又作出的虚假承诺
    假如 案件事实如下:
      | 事实                            | 值                                                                                                  |
      | applicant.credit.list_exited_on | 2020-01-01                                                                                          |
      | applicant.history[0]            | {matter_id: LYG-ZJ-009, committed_on: 2020-03-01, outcome: inconsistent, findings: [false_commitment]} |
    当 用内置规则包评价该案件
    那么 结论为「须提交证明」
    并且 原因为「申请人曾作出虚假承诺且尚未信用修复」
    并且 规则 "applicant.prior-false-commitment" 生效,引用条款 "一(二)2"
    并且 规则 "applicant.prior-false-commitment.exited" 不生效

  @clause-nat-42
  场景: 申请人选择不承诺的, 按一般程序提交证明, 不作不利记录
    假如 案件事实 "declined" 为 true
    当 用内置规则包评价该案件
    那么 结论为「须提交证明」
    并且 原因为「申请人选择不适用告知承诺制」
    并且 没有后果
    并且 规则 "applicant.choice" 生效,引用条款 "NAT-42"

  @interpretation-only
  场景: 默认不允许撤回承诺, 本周期撤回的记录不影响受理
    假如 案件事实 "withdrawn_this_cycle" 为 true
    当 用内置规则包评价该案件
    那么 结论为「受理承诺」
    并且 规则 "withdrawal.cycle-closed" 不生效
    并且 规则 "application.accept" 生效,引用条款 "—"

  @interpretation-only
  场景: 允许撤回承诺时, 本周期已撤回的申请人须提交证明
    假如 设置 "withdrawal.allowed" 为 true
    并且 案件事实 "withdrawn_this_cycle" 为 true
    当 用内置规则包评价该案件
    那么 结论为「须提交证明」
    并且 原因为「本周期已撤回承诺」
    并且 规则 "withdrawal.cycle-closed" 生效,引用条款 "—"

  场景大纲: 告知书缺少必须载明的事项的, 告知不完整, 不受理承诺
    假如 案件事实 "commitment.notification.<项目>" 为 false
    当 用内置规则包评价该案件
    那么 结论为「告知不完整」
    并且 原因为<原因>
    并且 规则 "<规则>" 生效,引用条款 "<条款>"
    并且 规则 "application.accept" 不生效

    @clause-2-4
    例子: 违约风险及联合惩戒机制 (二(四))
      | 项目                       | 原因                       | 规则                                 | 条款   |
      | breach_risk                | 「未告知告知承诺违约风险」 | notice.risk-warning.breach-risk      | 二(四) |
      | joint_punishment_mechanism | 「未告知联合惩戒机制」     | notice.risk-warning.joint-punishment | 二(四) |

    @clause-nat-42
    例子: 42号文格式文本的必备事项
      | 项目                           | 原因                       | 规则                     | 条款   |
      | matter_name                    | 「告知承诺书缺少必备内容」 | notice.national-contents | NAT-42 |
      | legal_basis                    | 「告知承诺书缺少必备内容」 | notice.national-contents | NAT-42 |
      | certification_obligation       | 「告知承诺书缺少必备内容」 | notice.national-contents | NAT-42 |
      | certification_content          | 「告知承诺书缺少必备内容」 | notice.national-contents | NAT-42 |
      | commitment_method              | 「告知承诺书缺少必备内容」 | notice.national-contents | NAT-42 |
      | commitment_effect              | 「告知承诺书缺少必备内容」 | notice.national-contents | NAT-42 |
      | liability_civil_admin_criminal | 「告知承诺书缺少必备内容」 | notice.national-contents | NAT-42 |
      | verification_power             | 「告知承诺书缺少必备内容」 | notice.national-contents | NAT-42 |
      | publicity.whether              | 「告知承诺书缺少必备内容」 | notice.national-contents | NAT-42 |
      | publicity.scope                | 「告知承诺书缺少必备内容」 | notice.national-contents | NAT-42 |
      | publicity.period               | 「告知承诺书缺少必备内容」 | notice.national-contents | NAT-42 |

  @clause-2-4
  场景: 违约风险和联合惩戒机制都未告知的, 两项原因都列出
    假如 案件事实如下:
      | 事实                                               | 值    |
      | commitment.notification.breach_risk                | false |
      | commitment.notification.joint_punishment_mechanism | false |
    当 用内置规则包评价该案件
    那么 结论为「告知不完整」
    并且 原因为「未告知告知承诺违约风险」「未告知联合惩戒机制」
    并且 规则 "notice.risk-warning.breach-risk" 生效,引用条款 "二(四)"
    并且 规则 "notice.risk-warning.joint-punishment" 生效,引用条款 "二(四)"

  @clause-nat-42
  场景大纲: 承诺书缺少 42号文要求的承诺内容的, 告知不完整
    假如 案件事实 "commitment.statements" 为 <承诺内容>
    当 用内置规则包评价该案件
    那么 结论为「告知不完整」
    并且 原因为「告知承诺书缺少必备内容」
    并且 规则 "notice.national-contents.statements" 生效,引用条款 "NAT-42"

    例子: 各缺一项
      | 承诺内容                                                | 缺少             |
      | [meets_conditions, accepts_liability, genuine_intent]   | knows_notice      |
      | [knows_notice, accepts_liability, genuine_intent]       | meets_conditions  |
      | [knows_notice, meets_conditions, genuine_intent]        | accepts_liability |
      | [knows_notice, meets_conditions, accepts_liability]     | genuine_intent    |

  @interpretation-only @clause-nat-42
  场景: 关闭 42号文格式文本要求后, 缺少这些事项不影响受理
    假如 设置 "notice.strict_national" 为 false
    并且 案件事实 "commitment.notification.matter_name" 为 false
    并且 案件事实 "commitment.statements" 为 [knows_notice]
    当 用内置规则包评价该案件
    那么 结论为「受理承诺」
    并且 规则 "notice.national-contents" 不生效
    并且 规则 "notice.national-contents.statements" 不生效
    并且 规则 "application.accept" 生效,引用条款 "—"

  @interpretation-only
  场景大纲: 承诺书未签署或签署日期晚于评价日的, 承诺尚未作出, 告知不完整
    假如 案件事实 "commitment.signed_at" 为 <签署日>
    当 用内置规则包评价该案件
    那么 结论为「告知不完整」
    并且 原因为「告知承诺书缺少必备内容」
    并且 规则 "notice.letter-signed" 生效,引用条款 "—"
    并且 规则 "application.accept" 不生效

    例子:
      | 签署日     |
      | null       |
      | 2020-06-02 |

  @interpretation-only
  场景: 评价日当日签署的承诺书已经作出
    假如 案件事实 "commitment.signed_at" 为 2020-06-01
    当 用内置规则包评价该案件
    那么 结论为「受理承诺」
    并且 规则 "notice.letter-signed" 不生效
    并且 规则 "application.accept" 生效,引用条款 "—"

  @clause-1-2-2 @interpretation-only
  场景: 申请人须提交证明的, 不再审查承诺书是否签署
    假如 案件事实 "applicant.credit.on_blacklist" 为 true
    并且 案件事实 "commitment.signed_at" 为 null
    当 用内置规则包评价该案件
    那么 结论为「须提交证明」
    并且 原因为「申请人已被列入失信黑名单」
    并且 规则 "applicant.blacklisted" 生效,引用条款 "一(二)2"
    并且 规则 "notice.letter-signed" 不生效

  @clause-2-2-1
  场景大纲: 收费事项的告知书未载明已缴费用不予退还的, 告知不完整
    假如 案件事实 "matter.fees" 为 <费用>
    当 用内置规则包评价该案件
    那么 结论为「告知不完整」
    并且 原因为「未告知已缴费用不予退还」
    并且 规则 "notice.fee-warning" 生效,引用条款 "二(二)1"

    例子:
      | 费用 |
      | 100  |
      | 0.01 |

  @interpretation-only @clause-2-2-1
  场景: 收费事项的告知书载明已缴费用不予退还的, 受理承诺
    假如 案件事实 "matter.fees" 为 100
    并且 案件事实 "commitment.notification.fee_non_refund" 为 true
    当 用内置规则包评价该案件
    那么 结论为「受理承诺」
    并且 规则 "notice.fee-warning" 不生效
    并且 规则 "application.accept" 生效,引用条款 "—"

  @interpretation-only @clause-2-2-1
  场景大纲: 费用依法须退还的, 告知书无须载明不予退还
    假如 案件事实 "matter.fees" 为 100
    并且 案件事实 "<事实>" 为 <值>
    并且 设置 "fees.non_refund_on_invalid" 为 <无效时不退>
    并且 设置 "fees.non_refund_on_revoke" 为 <撤销时不退>
    当 用内置规则包评价该案件
    那么 结论为「受理承诺」
    并且 规则 "notice.fee-warning.refundable" 生效,引用条款 "—"
    并且 规则 "notice.fee-warning" 不生效

    例子:
      | 事实                   | 值    | 无效时不退 | 撤销时不退 |
      | matter.fees_refundable | true  | true       | true       |
      | matter.fees_refundable | false | false      | false      |

  @clause-1-2-2 @clause-2-4
  场景: 申请人被列入黑名单的须提交证明, 不再审查告知是否完整
    假如 案件事实 "applicant.credit.on_blacklist" 为 true
    并且 案件事实 "commitment.notification.breach_risk" 为 false
    当 用内置规则包评价该案件
    那么 结论为「须提交证明」
    并且 原因为「申请人已被列入失信黑名单」
    并且 规则 "applicant.blacklisted" 生效,引用条款 "一(二)2"
    并且 规则 "notice.risk-warning.breach-risk" 不生效
    并且 规则 "application.accept" 不生效

  @clause-1-2-3 @clause-1-2-1
  场景大纲: 承诺内容涉及秘密或隐私的, 记入信用档案但不向社会公开
    假如 案件事实 "commitment.contains" 为 [<秘密>]
    当 用内置规则包评价该案件
    那么 结论为「受理承诺」
    并且 后果为「记入信用档案」
    并且 没有公示渠道
    并且 规则 "credit.disclose.secrecy" 生效,引用条款 "一(二)3"
    并且 规则 "credit.disclose" 不生效

    例子:
      | 秘密              |
      | state_secret      |
      | commercial_secret |
      | personal_privacy  |

  @clause-1-2-1 @clause-1-2-3
  场景: 设置为删除涉密内容后公开时, 信用记录照常公开
    假如 设置 "publicity.redact_instead" 为 true
    并且 案件事实 "commitment.contains" 为 [personal_privacy]
    当 用内置规则包评价该案件
    那么 结论为「受理承诺」
    并且 公示渠道为「信用连云港」「市市场监管信息平台」「公共资源交易服务平台」「投资项目在线审批监管平台」
    并且 规则 "credit.disclose" 生效,引用条款 "一(二)1"
    并且 规则 "credit.disclose.secrecy" 不生效

  @interpretation-only
  场景: 承诺日期晚于评价日的历史虚假承诺, 评价日时尚不存在, 不影响适用告知承诺制
    假如 案件事实 "applicant.history[0]" 为 {matter_id: LYG-ZJ-009, committed_on: 2020-06-20, outcome: inconsistent, findings: [false_commitment]}
    当 用内置规则包评价该案件
    那么 结论为「受理承诺」
    并且 规则 "applicant.prior-false-commitment" 不生效
    并且 规则 "application.accept" 生效,引用条款 "—"
