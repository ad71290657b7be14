# language: zh-CN
功能: 事项梳理 (matter_review)
  试点单位梳理证明事项, 确定哪些事项可以实行告知承诺制.
  依据 一(一) 「重点梳理符合:形式审查事项、是否达到承诺条件、社会普遍关注、具有代表性、
  不直接涉及国家安全、公共安全、生态环境保护;不直接关系公民人身安全的证明事项」,
  一(一)1 清单, 一(一)2 与 二(三) 核查办法, 一(五) 核查方式, 序 试点单位范围,
  以及 42号文 (国办发〔2020〕42号) 的不适用情形. 结论默认为不适用 (失效即关闭).

  背景:
    假如 以下案件:
      """yaml
      kind: matter_review
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
      """
    并且 评价日为 2020-06-01

  @clause-1-1
  场景: 清单内、符合全部条件的事项可以实行告知承诺制
    当 用内置规则包评价该案件
    那么 结论为「可以实行告知承诺制」
    并且 没有原因
    并且 规则 "eligibility.go-live" 生效,引用条款 "一(一)"

  场景大纲: 不符合梳理条件的事项不适用告知承诺制
    假如 案件事实 "<事实>" 为 <值>
    当 用内置规则包评价该案件
    那么 结论为「不适用告知承诺制」
    并且 原因为<原因>
    并且 规则 "<规则>" 生效,引用条款 "<条款>"
    并且 规则 "eligibility.go-live" 不生效

    @clause-preface
    例子: 试点单位以外的单位 (序)
      | 事实                               | 值    | 原因                               | 规则             | 条款 |
      | matter.unit.level                  | other | 「不属于告知承诺制试点单位的事项」 | scope.pilot-unit | 序   |
      | matter.unit.requires_certification | false | 「不属于告知承诺制试点单位的事项」 | scope.pilot-unit | 序   |

    @clause-1-1-1
    例子: 未列入清单 (一(一)1)
      | 事实          | 值    | 原因                             | 规则               | 条款    |
      | matter.listed | false | 「未列入证明事项告知承诺制清单」 | eligibility.listed | 一(一)1 |

    @clause-1-1
    例子: 形式审查事项与承诺条件 (一(一))
      | 事实                            | 值          | 原因                 | 规则                             | 条款   |
      | matter.review_mode              | substantive | 「属于实质审查事项」 | eligibility.formal-review        | 一(一) |
      | matter.commitment_condition_met | false       | 「未达到承诺条件」   | eligibility.commitment-condition | 一(一) |

  场景大纲: 直接涉及安全、环境等风险的事项不适用告知承诺制
    假如 案件事实 "matter.risk_flags" 为 [<风险>]
    当 用内置规则包评价该案件
    那么 结论为「不适用告知承诺制」
    并且 原因为 "<风险>"
    并且 规则 "<规则>" 生效,引用条款 "<条款>"
    并且 规则 "eligibility.go-live" 不生效

    @clause-1-1
    例子: 57号文 一(一) 的四类风险
      | 风险                   | 规则                                         | 条款  |
      | national_security      | exclusion.direct-risk.national-security      | 一(一) |
      | public_safety          | exclusion.direct-risk.public-safety          | 一(一) |
      | ecological_environment | exclusion.direct-risk.ecological-environment | 一(一) |
      | personal_safety        | exclusion.direct-risk.personal-safety        | 一(一) |

    @clause-nat-42
    例子: 42号文的不适用情形 (默认同时适用)
      | 风险                 | 规则                                       | 条款   |
      | state_secret         | exclusion.direct-risk.state-secret         | NAT-42 |
      | financial_prudential | exclusion.direct-risk.financial-prudential | NAT-42 |
      | health_life_property | exclusion.direct-risk.health-life-property | NAT-42 |
      | major_foreign        | exclusion.direct-risk.major-foreign        | NAT-42 |

  @clause-1-1 @clause-nat-42
  场景大纲: 关闭 42号文的不适用情形后, 这些事项可以实行告知承诺制
    假如 设置 "exclusions.national" 为 false
    并且 案件事实 "matter.risk_flags" 为 [<风险>]
    当 用内置规则包评价该案件
    那么 结论为「可以实行告知承诺制」
    并且 规则 "<规则>" 不生效
    并且 规则 "eligibility.go-live" 生效,引用条款 "一(一)"

    例子:
      | 风险                 | 规则                                       |
      | state_secret         | exclusion.direct-risk.state-secret         |
      | financial_prudential | exclusion.direct-risk.financial-prudential |
      | health_life_property | exclusion.direct-risk.health-life-property |
      | major_foreign        | exclusion.direct-risk.major-foreign        |

  @clause-1-1
  场景: 同时存在多项不适用情形的, 原因全部列出
    假如 案件事实如下:
      | 事实                            | 值              |
      | matter.review_mode              | substantive     |
      | matter.commitment_condition_met | false           |
      | matter.risk_flags               | [public_safety] |
    当 用内置规则包评价该案件
    那么 结论为「不适用告知承诺制」
    并且 原因为「未达到承诺条件」「直接涉及公共安全」「属于实质审查事项」
    并且 规则 "eligibility.formal-review" 生效,引用条款 "一(一)"
    并且 规则 "eligibility.commitment-condition" 生效,引用条款 "一(一)"
    并且 规则 "exclusion.direct-risk.public-safety" 生效,引用条款 "一(一)"

  场景大纲: 社会普遍关注或具有代表性只是优先梳理的提示, 不影响结论
    假如 案件事实 "<事实>" 为 true
    当 用内置规则包评价该案件
    那么 结论为「<结论>」
    并且 规则 "eligibility.priority" 生效,引用条款 "一(一)"

    @clause-1-1
    例子: 符合条件的事项
      | 事实                  | 结论               |
      | matter.public_concern | 可以实行告知承诺制 |
      | matter.representative | 可以实行告知承诺制 |

  @clause-1-1-2 @clause-2-3
  场景大纲: 核查时间(事中或事后及时限)、标准或方式未明确的清单事项不得实施
    假如 案件事实 "<事实>" 为 <值>
    当 用内置规则包评价该案件
    那么 结论为「不适用告知承诺制」
    并且 原因为「未明确核查时间、核查标准或核查方式」
    并且 规则 "verify.plan-complete" 生效,引用条款 "一(一)2, 二(三)"

    例子:
      | 事实                      | 值    |
      | matter.plan.timing        | null  |
      | matter.plan.deadline_days | null  |
      | matter.plan.standard      | null  |
      | matter.plan.standard      | "  "  |
      | matter.plan.methods       | []    |

  @interpretation-only @clause-1-1 @clause-1-1-2 @clause-2-3
  场景: 免于逐案核查且实行日常监管的事项无须核查办法
    假如 案件事实如下:
      | 事实                          | 值   |
      | matter.plan.exempt            | true |
      | matter.plan.daily_supervision | true |
      | matter.plan.deadline_days     | null |
      | matter.plan.standard          | null |
      | matter.plan.methods           | []   |
    当 用内置规则包评价该案件
    那么 结论为「可以实行告知承诺制」
    并且 规则 "verify.plan-exempt" 生效,引用条款 "—"
    并且 规则 "verify.plan-complete" 不生效
    并且 规则 "eligibility.go-live" 生效,引用条款 "一(一)"

  @interpretation-only
  场景: 免于核查而无日常监管的事项不得实施
    假如 案件事实 "matter.plan.exempt" 为 true
    当 用内置规则包评价该案件
    那么 结论为「不适用告知承诺制」
    并且 原因为「未明确核查时间、核查标准或核查方式」
    并且 规则 "verify.plan-exempt-unsupervised" 生效,引用条款 "—"

  @clause-1-5 @clause-1-1
  场景大纲: 「等」表示列举未尽, 采用其他合法核查方式的核查办法同样完整
    假如 案件事实 "matter.plan.methods" 为 [<方式>]
    当 用内置规则包评价该案件
    那么 结论为「可以实行告知承诺制」
    并且 没有原因
    并且 规则 "verify.methods" 生效,引用条款 "一(五)"
    并且 规则 "verify.plan-complete" 不生效
    并且 规则 "eligibility.go-live" 生效,引用条款 "一(一)"

    例子:
      | 方式                                       |
      | written_check                              |
      | online_verification                        |
      | publicity_check                            |
      | online_verification, inter_department_check |

  @clause-1-1-2 @clause-2-3
  场景: 只有未载明任何核查方式的核查办法才不完整
    假如 案件事实 "matter.plan.methods" 为 []
    当 用内置规则包评价该案件
    那么 结论为「不适用告知承诺制」
    并且 原因为「未明确核查时间、核查标准或核查方式」
    并且 规则 "verify.plan-complete" 生效,引用条款 "一(一)2, 二(三)"
    并且 规则 "verify.methods" 不生效
