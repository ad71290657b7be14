# language: zh-CN
功能: 承诺公示 (publicity)
  承诺书是否公示、在哪里公示. 依据 一(二)3 「在信用连云港网、政务服务网、行政机关门户网站等在线平台
  以及项目所在地和申请人所在村(居)委会公示承诺书,接受社会监督。涉及国家机密、商业秘密或者个人隐私的,
  不予公示」和 二(一) 「鼓励申请人主动公开接受社会监督」. 不予公示优先于公示, 并排除一切公示渠道.

  背景:
    假如 以下案件:
      """yaml
      kind: publicity
      id: PUB-2020-0001
      applicant:
        id: A-001
        kind: legal_person
        name: 连云港某某商贸有限公司
        credit: {on_blacklist: false, serious_dishonesty: false, prior_false_commitment: false}
      matter:
        id: M-0101
        name: 食品经营许可
        unit: {name: 连云港市市场监督管理局, level: municipal, requires_certification: true}
        kind: licensing
        review_mode: formal
        listed: true
        commitment_condition_met: true
        has_project: false
      commitment:
        notification: {breach_risk: true, joint_punishment_mechanism: true}
        statements: [knows_notice, meets_conditions, accepts_liability, genuine_intent]
        signed_at: 2020-05-10
        channel: electronic
        decision: granted
      request: {}
      """
    并且 评价日为 2020-06-01

  @clause-1-2-3
  场景: 不涉密的承诺书在三个在线平台公示
    当 用内置规则包评价该案件
    那么 结论为「公示」
    并且 公示渠道为「信用连云港」「政务服务网」「行政机关门户网站」
    并且 没有原因
    并且 规则 "publicity.commitment.credit-lyg" 生效,引用条款 "一(二)3"
    并且 规则 "publicity.commitment.gov-service-portal" 生效,引用条款 "一(二)3"
    并且 规则 "publicity.commitment.agency-portal" 生效,引用条款 "一(二)3"
    并且 规则 "publicity.commitment.project-location" 不生效
    并且 规则 "publicity.commitment.village-committee" 不生效

  @clause-1-2-3
  场景: 事项涉及项目、申请人有所在村(居)委会的, 还在项目所在地和村(居)委会公示
    假如 案件事实 "matter.has_project" 为 true
    并且 案件事实 "applicant.village_committee" 为 海州区某某村民委员会
    当 用内置规则包评价该案件
    那么 结论为「公示」
    并且 公示渠道为「行政机关门户网站」「信用连云港」「政务服务网」「项目所在地」「申请人所在村(居)委会」
    并且 规则 "publicity.commitment.project-location" 生效,引用条款 "一(二)3"
    并且 规则 "publicity.commitment.village-committee" 生效,引用条款 "一(二)3"

  @clause-1-2-3
  场景: 所在村(居)委会为空白的, 视为没有
    假如 案件事实 "applicant.village_committee" 为 "  "
    当 用内置规则包评价该案件
    那么 结论为「公示」
    并且 公示渠道为「行政机关门户网站」「信用连云港」「政务服务网」
    并且 规则 "publicity.commitment.village-committee" 不生效

  @clause-1-2-3
  场景: 默认不按公示单位提出的渠道收窄, 在全部适用渠道公示
    假如 案件事实 "request.channels" 为 [credit_lyg, project_location]
    并且 案件事实 "matter.has_project" 为 true
    当 用内置规则包评价该案件
    那么 结论为「公示」
    并且 公示渠道为「行政机关门户网站」「信用连云港」「政务服务网」「项目所在地」
    并且 规则 "publicity.commitment.credit-lyg" 生效,引用条款 "一(二)3"
    并且 规则 "publicity.commitment.project-location" 生效,引用条款 "一(二)3"
    并且 规则 "publicity.commitment.gov-service-portal" 生效,引用条款 "一(二)3"
    并且 规则 "publicity.commitment.agency-portal" 生效,引用条款 "一(二)3"

  @clause-1-2-3
  场景: 设置开启后, 公示单位提出的渠道只取舍项目所在地和村(居)委会, 三个网站始终公示
    假如 设置 "publicity.honour_proposed_channels" 为 true
    并且 案件事实 "request.channels" 为 [credit_lyg, village_committee]
    并且 案件事实 "matter.has_project" 为 true
    并且 案件事实 "applicant.village_committee" 为 "海州区新坝镇某某村村民委员会"
    当 用内置规则包评价该案件
    那么 结论为「公示」
    并且 公示渠道为「行政机关门户网站」「信用连云港」「政务服务网」「申请人所在村(居)委会」
    并且 规则 "publicity.commitment.gov-service-portal" 生效,引用条款 "一(二)3"
    并且 规则 "publicity.commitment.village-committee" 生效,引用条款 "一(二)3"
    并且 规则 "publicity.commitment.project-location" 不生效

  @clause-1-2-3
  场景大纲: 涉及国家秘密、商业秘密或者个人隐私的, 不予公示, 任何渠道均不公示
    假如 案件事实 "<来源>" 为 [<秘密>]
    当 用内置规则包评价该案件
    那么 结论为「不予公示」
    并且 原因为 "<秘密>"
    并且 没有公示渠道
    并且 规则 "<规则>" 生效,引用条款 "一(二)3"
    并且 规则 "publicity.commitment.credit-lyg" 不生效

    例子: 公示申请标注的涉密事由
      | 来源          | 秘密              | 规则                                |
      | request.flags | state_secret      | publicity.secrecy.state-secret      |
      | request.flags | commercial_secret | publicity.secrecy.commercial-secret |
      | request.flags | personal_privacy  | publicity.secrecy.personal-privacy  |

    例子: 承诺书载明所含的涉密内容
      | 来源                | 秘密              | 规则                                |
      | commitment.contains | state_secret      | publicity.secrecy.state-secret      |
      | commitment.contains | commercial_secret | publicity.secrecy.commercial-secret |
      | commitment.contains | personal_privacy  | publicity.secrecy.personal-privacy  |

  @interpretation-only @clause-1-2-3
  场景: 设置为删除涉密内容后公示的, 在适用渠道公示删减后的承诺书
    假如 设置 "publicity.redact_instead" 为 true
    并且 案件事实 "request.flags" 为 [commercial_secret]
    当 用内置规则包评价该案件
    那么 结论为「公示」
    并且 公示渠道为「行政机关门户网站」「信用连云港」「政务服务网」
    并且 规则 "publicity.secrecy.redact" 生效,引用条款 "—"
    并且 规则 "publicity.secrecy.commercial-secret" 不生效

  @clause-2-1
  场景: 申请人主动公开承诺书, 在三个在线平台公示
    假如 案件事实 "request.voluntary" 为 true
    当 用内置规则包评价该案件
    那么 结论为「公示」
    并且 公示渠道为「行政机关门户网站」「信用连云港」「政务服务网」
    并且 规则 "publicity.voluntary" 生效,引用条款 "二(一)"

  @clause-1-2-3 @clause-2-1
  场景: 主动公开也不能公示涉密的承诺书
    假如 案件事实 "commitment.voluntary_disclosure" 为 true
    并且 案件事实 "request.flags" 为 [personal_privacy]
    当 用内置规则包评价该案件
    那么 结论为「不予公示」
    并且 规则 "publicity.secrecy.personal-privacy" 生效,引用条款 "一(二)3"
    并且 规则 "publicity.voluntary" 不生效

  @clause-1-2-3 @clause-2-1
  场景: 默认不认可申请人放弃本人商业秘密或隐私保护
    假如 案件事实 "request.self_waiver" 为 true
    并且 案件事实 "request.voluntary" 为 true
    并且 案件事实 "request.flags" 为 [personal_privacy]
    当 用内置规则包评价该案件
    那么 结论为「不予公示」
    并且 规则 "publicity.secrecy.personal-privacy" 生效,引用条款 "一(二)3"
    并且 规则 "publicity.voluntary.self-waiver" 不生效

  @clause-2-1 @clause-1-2-3
  场景大纲: 设置允许时, 主动公开的申请人可以放弃本人商业秘密或隐私保护, 承诺书不删减地公示
    假如 设置 "publicity.allow_self_waiver" 为 true
    并且 案件事实 "applicant.kind" 为 <申请人>
    并且 案件事实 "request.self_waiver" 为 true
    并且 案件事实 "<主动公开>" 为 true
    并且 案件事实 "request.flags" 为 [<秘密>]
    当 用内置规则包评价该案件
    那么 结论为「公示」
    并且 公示渠道为「行政机关门户网站」「信用连云港」「政务服务网」
    并且 规则 "publicity.voluntary.self-waiver" 生效,引用条款 "二(一)"
    并且 规则 "<规则>" 不生效

    例子:
      | 申请人         | 主动公开                        | 秘密              | 规则                                |
      | legal_person   | request.voluntary               | commercial_secret | publicity.secrecy.commercial-secret |
      | natural_person | request.voluntary               | commercial_secret | publicity.secrecy.commercial-secret |
      | natural_person | request.voluntary               | personal_privacy  | publicity.secrecy.personal-privacy  |
      | natural_person | commitment.voluntary_disclosure | personal_privacy  | publicity.secrecy.personal-privacy  |

  @clause-1-2-3 @clause-2-1
  场景大纲: 个人隐私只有自然人才有, 法人或非法人组织的承诺书中的个人隐私是他人的, 申请人放弃保护不予认可
    假如 设置 "publicity.allow_self_waiver" 为 true
    并且 案件事实 "applicant.kind" 为 <申请人>
    并且 案件事实 "request.self_waiver" 为 true
    并且 案件事实 "request.voluntary" 为 true
    并且 案件事实 "<位置>" 为 [personal_privacy]
    当 用内置规则包评价该案件
    那么 结论为「不予公示」
    并且 原因为「涉及个人隐私」
    并且 没有公示渠道
    并且 规则 "publicity.secrecy.personal-privacy" 生效,引用条款 "一(二)3"
    并且 规则 "publicity.voluntary.self-waiver" 不生效

    例子:
      | 申请人             | 位置                |
      | legal_person       | request.flags       |
      | legal_person       | commitment.contains |
      | unincorporated_org | request.flags       |

  @clause-1-2-3 @clause-2-1
  场景: 申请人未主动公开的, 放弃本人商业秘密保护不予认可, 不予公示
    假如 设置 "publicity.allow_self_waiver" 为 true
    并且 案件事实 "request.self_waiver" 为 true
    并且 案件事实 "request.flags" 为 [commercial_secret]
    当 用内置规则包评价该案件
    那么 结论为「不予公示」
    并且 原因为「涉及商业秘密」
    并且 没有公示渠道
    并且 规则 "publicity.secrecy.commercial-secret" 生效,引用条款 "一(二)3"
    并且 规则 "publicity.voluntary.self-waiver" 不生效

  @clause-1-2-3 @clause-2-1
  场景: 国家秘密不得放弃
    假如 设置 "publicity.allow_self_waiver" 为 true
    并且 案件事实 "request.self_waiver" 为 true
    并且 案件事实 "request.voluntary" 为 true
    并且 案件事实 "request.flags" 为 [state_secret]
    当 用内置规则包评价该案件
    那么 结论为「不予公示」
    并且 原因为「涉及国家秘密」
    并且 规则 "publicity.secrecy.state-secret" 生效,引用条款 "一(二)3"
    并且 规则 "publicity.voluntary.self-waiver" 不生效

  @clause-1-2-3
  场景: 公示单位提出的渠道都不适用的, 不涉密的承诺书仍须公示, 不能无理由不予公示
    假如 案件事实 "request.channels" 为 [project_location, village_committee]
    当 用内置规则包评价该案件
    那么 结论为「公示」
    并且 公示渠道为「行政机关门户网站」「信用连云港」「政务服务网」
    并且 规则 "publicity.commitment.credit-lyg" 生效,引用条款 "一(二)3"

  @clause-2-1 @clause-1-2-3
  场景: 申请人主动公开的, 即使公示单位提出的渠道都不适用, 仍在三个在线平台公示
    假如 设置 "publicity.honour_proposed_channels" 为 true
    并且 案件事实 "request.channels" 为 [project_location]
    并且 案件事实 "request.voluntary" 为 true
    当 用内置规则包评价该案件
    那么 结论为「公示」
    并且 没有原因
    并且 公示渠道为「行政机关门户网站」「信用连云港」「政务服务网」
    并且 规则 "publicity.voluntary" 生效,引用条款 "二(一)"
    并且 规则 "publicity.commitment.credit-lyg" 生效,引用条款 "一(二)3"
    并且 规则 "publicity.commitment.project-location" 不生效

  @interpretation-only
  场景: 评价日之后才签署的承诺书尚不公示, 申请人主动公开的也不公示
    假如 案件事实 "commitment.signed_at" 为 2020-06-05
    并且 案件事实 "request.voluntary" 为 true
    当 用内置规则包评价该案件
    那么 结论为「不予公示」
    并且 没有公示渠道
    并且 规则 "publicity.not-yet-signed" 生效,引用条款 "—"
    并且 规则 "publicity.voluntary" 不生效

  @interpretation-only
  场景: 尚未签署的承诺书还不是承诺, 在任何渠道均不公示
    假如 案件事实 "commitment.signed_at" 为 null
    当 用内置规则包评价该案件
    那么 结论为「不予公示」
    并且 没有公示渠道
    并且 规则 "publicity.not-yet-signed" 生效,引用条款 "—"
    并且 规则 "publicity.commitment.credit-lyg" 不生效

  @interpretation-only
  场景大纲: 申请已被拒绝的, 承诺书在任何渠道均不公示, 申请人主动公开的也不公示: 没有依承诺作出的决定, 无可监督
    假如 案件事实 "commitment.decision" 为 refused
    并且 案件事实 "request.voluntary" 为 <主动公开>
    当 用内置规则包评价该案件
    那么 结论为「不予公示」
    并且 没有公示渠道
    并且 没有原因
    并且 规则 "publicity.refused" 生效,引用条款 "—"
    并且 规则 "publicity.commitment.credit-lyg" 不生效
    并且 规则 "publicity.voluntary" 不生效

    例子:
      | 主动公开 |
      | false    |
      | true     |

  @clause-1-2-3
  场景: 设置关闭「拒绝后不公示」的, 申请已被拒绝的承诺书照常公示: 依据文件只规定了涉密一种例外
    假如 设置 "publicity.withhold_refused" 为 false
    并且 案件事实 "commitment.decision" 为 refused
    当 用内置规则包评价该案件
    那么 结论为「公示」
    并且 规则 "publicity.commitment.credit-lyg" 生效,引用条款 "一(二)3"
    并且 规则 "publicity.refused" 不生效

  @clause-1-2-3
  场景大纲: 已准予或尚未作出决定的, 承诺书照常公示
    假如 案件事实 "commitment.decision" 为 <决定>
    当 用内置规则包评价该案件
    那么 结论为「公示」
    并且 规则 "publicity.commitment.credit-lyg" 生效,引用条款 "一(二)3"
    并且 规则 "publicity.refused" 不生效

    例子:
      | 决定    |
      | granted |
      | pending |
