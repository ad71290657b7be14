# language: zh-CN
功能: 请示报告 (escalation)
  向谁请示报告, 报告内容是否完整. 依据 一(三)1 「按程序规定逐级请示报告」, 一(三)2 参会、培训或
  接受任务后的报告, 一(三) 导语「领导干部要带头履行请示报告职责,按规定程序向组织请示报告工作中重大问题和
  个人有关事项」, 一(三) 「要如实反映情况、分析问题、提出建议」, 序 试点单位范围.
  报送路线是从报告岗位起逐级向上的完整路径; 几条规则同时要求报告的, 报至其中最高的一级 (取最长的路线).
  内容不完整优先于请示报告, 请示报告优先于无须报告.

  背景:
    假如 以下案件:
      """yaml
      kind: escalation
      id: ESC-2020-0001
      request:
        unit: {name: 连云港市市场监督管理局, level: municipal, requires_certification: true}
        from_role: division_head
        trigger: major_within_authority
        content:
          facts: 某申请人承诺已取得场地使用权, 实地核查发现场地系租赁且租期已满。
          analysis: 可能构成虚假承诺, 涉及撤销许可决定和列入失信黑名单。
          suggestions: 建议启动撤销程序并听取当事人陈述申辩。
      """
    并且 评价日为 2020-06-01

  场景大纲: 逐级请示报告的路线 (决策表)
    假如 案件事实 "request.from_role" 为 <岗位>
    并且 案件事实 "request.trigger" 为 <事由>
    当 用内置规则包评价该案件
    那么 结论为「请示报告」
    并且 报送路线为<路线>
    并且 没有原因
    并且 规则 "<规则>" 生效,引用条款 "<条款>"

    @clause-1-3-1
    例子: 重大问题和超出分管范围、事关全局的事项 (一(三)1)
      | 岗位              | 事由                            | 规则                          | 条款    | 路线                                                       |
      | business_division | major_within_authority          | escalate.division             | 一(三)1 | 「业务处室」「处室主要负责人」「分管领导」                 |
      | division_head     | major_beyond_division_authority | escalate.division             | 一(三)1 | 「处室主要负责人」「分管领导」                             |
      | leader_in_charge  | beyond_portfolio                | escalate.leader               | 一(三)1 | 「分管领导」「单位主要领导」                               |
      | leader_in_charge  | overall_work                    | escalate.leader               | 一(三)1 | 「分管领导」「单位主要领导」                               |
      | business_division | overall_work                    | escalate.leader.from-division | 一(三)1 | 「业务处室」「处室主要负责人」「分管领导」「单位主要领导」 |
      | division_head     | beyond_portfolio                | escalate.leader.from-division | 一(三)1 | 「处室主要负责人」「分管领导」「单位主要领导」             |
      | business_division | major_work_issue                | escalate.division             | 一(三)1 | 「业务处室」「处室主要负责人」「分管领导」                 |
      | division_head     | major_work_issue                | escalate.division             | 一(三)1 | 「处室主要负责人」「分管领导」                             |

    @clause-1-3-2
    例子: 参会、培训或接受任务之后 (一(三)2)
      | 岗位             | 事由                      | 规则                                 | 条款    | 路线                           |
      | division_head    | attended_superior_meeting | escalate.after-meeting.division-head | 一(三)2 | 「处室主要负责人」「分管领导」 |
      | division_head    | attended_training         | escalate.after-meeting.division-head | 一(三)2 | 「处室主要负责人」「分管领导」 |
      | division_head    | received_superior_task    | escalate.after-meeting.division-head | 一(三)2 | 「处室主要负责人」「分管领导」 |
      | leader_in_charge | attended_superior_meeting | escalate.after-meeting.leader        | 一(三)2 | 「分管领导」「单位主要领导」   |

    @clause-1-3
    例子: 领导干部带头向组织请示报告工作中重大问题和个人有关事项 (一(三) 导语)
      | 岗位             | 事由                            | 规则                                   | 条款   | 路线                                 |
      | leader_in_charge | personal_matter                 | escalate.leaders-first.personal-matter | 一(三) | 「分管领导」「单位主要领导」「组织」 |
      | principal_leader | personal_matter                 | escalate.leaders-first.personal-matter | 一(三) | 「单位主要领导」「组织」             |
      | leader_in_charge | major_work_issue                | escalate.leaders-first.major-issue     | 一(三) | 「分管领导」「单位主要领导」「组织」 |
      | principal_leader | major_work_issue                | escalate.leaders-first.major-issue     | 一(三) | 「单位主要领导」「组织」             |
      | leader_in_charge | major_within_authority          | escalate.leaders-first.major-issue     | 一(三) | 「分管领导」「单位主要领导」「组织」 |
      | principal_leader | major_beyond_division_authority | escalate.leaders-first.major-issue     | 一(三) | 「单位主要领导」「组织」             |

  @clause-1-3-2
  场景: 分管领导参加培训后, 原文未要求向主要领导报告
    假如 案件事实 "request.from_role" 为 leader_in_charge
    并且 案件事实 "request.trigger" 为 attended_training
    当 用内置规则包评价该案件
    那么 结论为「无须请示报告」
    并且 没有报送路线
    并且 规则 "escalate.after-meeting.leader" 不生效

  @clause-1-3-1
  场景: 单位主要领导是单位内请示报告的终点
    假如 案件事实 "request.from_role" 为 principal_leader
    并且 案件事实 "request.trigger" 为 overall_work
    当 用内置规则包评价该案件
    那么 结论为「无须请示报告」
    并且 没有报送路线
    并且 规则 "escalate.no-skip.end-of-chain" 生效,引用条款 "一(三)1"

  @clause-1-3
  场景: 领导干部遇设置所列重大问题情形的, 向组织请示报告
    假如 案件事实 "request.from_role" 为 principal_leader
    并且 案件事实 "request.trigger" 为 overall_work
    并且 案件事实 "request.issues" 为 [media_exposure]
    当 用内置规则包评价该案件
    那么 结论为「请示报告」
    并且 报送路线为「单位主要领导」「组织」
    并且 规则 "escalate.leaders-first.major-sign" 生效,引用条款 "一(三)"
    并且 规则 "escalate.no-skip.end-of-chain" 不生效

  @clause-1-3
  场景: 处室主要负责人不是领导干部, 个人有关事项不按本条向组织报告
    假如 案件事实 "request.from_role" 为 division_head
    并且 案件事实 "request.trigger" 为 personal_matter
    当 用内置规则包评价该案件
    那么 结论为「无须请示报告」
    并且 没有报送路线
    并且 规则 "escalate.leaders-first.personal-matter" 不生效

  @clause-1-3
  场景: 向组织的请示报告同样须如实反映情况、分析问题、提出建议
    假如 案件事实 "request.from_role" 为 leader_in_charge
    并且 案件事实 "request.trigger" 为 personal_matter
    并且 案件事实 "request.content.suggestions" 为 null
    当 用内置规则包评价该案件
    那么 结论为「请示报告内容不完整」
    并且 原因为「未提出建议」
    并且 报送路线为「分管领导」「单位主要领导」「组织」
    并且 规则 "escalate.leaders-first.personal-matter" 生效,引用条款 "一(三)"

  @clause-preface @clause-1-3-1
  场景大纲: 试点单位以外的单位不适用本请示报告制度
    假如 案件事实 "<事实>" 为 <值>
    当 用内置规则包评价该案件
    那么 结论为「无须请示报告」
    并且 没有报送路线
    并且 规则 "escalate.scope" 生效,引用条款 "序"
    并且 规则 "escalate.division" 不生效

    例子:
      | 事实                                | 值    |
      | request.unit.level                  | other |
      | request.unit.requires_certification | false |

  @clause-1-3-1
  场景: 没有须请示报告的事由的, 无须报告
    假如 案件事实 "request.trigger" 为 null
    当 用内置规则包评价该案件
    那么 结论为「无须请示报告」
    并且 规则 "escalate.division" 不生效
    并且 规则 "escalate.major-issue" 不生效

  @clause-1-3-1
  场景大纲: 出现重大问题情形的, 由处室主要负责人向分管领导请示报告
    假如 案件事实 "request.trigger" 为 null
    并且 案件事实 "request.issues" 为 [<情形>]
    当 用内置规则包评价该案件
    那么 结论为「请示报告」
    并且 报送路线为「处室主要负责人」「分管领导」
    并且 规则 "escalate.major-issue" 生效,引用条款 "一(三)1"

    例子:
      | 情形                     |
      | potential_revocation     |
      | blacklisting             |
      | judicial_referral        |
      | cross_department_dispute |
      | overdue_verification     |
      | media_exposure           |
      | complaint                |

  @clause-1-3-1
  场景大纲: 处室遇到事关全局的事项且出现重大问题情形的, 经分管领导逐级报至单位主要领导
    假如 案件事实 "request.from_role" 为 <岗位>
    并且 案件事实 "request.trigger" 为 overall_work
    并且 案件事实 "request.issues" 为 [<情形>]
    当 用内置规则包评价该案件
    那么 结论为「请示报告」
    并且 报送路线为<路线>
    并且 规则 "escalate.leader.from-division" 生效,引用条款 "一(三)1"
    并且 规则 "escalate.major-issue" 生效,引用条款 "一(三)1"

    例子:
      | 岗位              | 情形           | 路线                                                       |
      | division_head     | complaint      | 「处室主要负责人」「分管领导」「单位主要领导」             |
      | business_division | media_exposure | 「业务处室」「处室主要负责人」「分管领导」「单位主要领导」 |

  @clause-1-3-1
  场景: 视为重大问题的情形由设置确定
    假如 设置 "escalation.major_issues" 为 [complaint]
    并且 案件事实 "request.trigger" 为 null
    并且 案件事实 "request.issues" 为 [media_exposure]
    当 用内置规则包评价该案件
    那么 结论为「无须请示报告」
    并且 规则 "escalate.major-issue" 不生效

  @clause-1-3
  场景大纲: 请示报告须如实反映情况、分析问题、提出建议, 缺少的为内容不完整
    假如 案件事实 "request.content.<内容>" 为 <值>
    当 用内置规则包评价该案件
    那么 结论为「请示报告内容不完整」
    并且 原因为<原因>
    并且 报送路线为「处室主要负责人」「分管领导」
    并且 规则 "<规则>" 生效,引用条款 "一(三)"

    例子:
      | 内容        | 值   | 原因               | 规则                         |
      | facts       | null | 「未如实反映情况」 | escalate.content.facts       |
      | analysis    | null | 「未分析问题」     | escalate.content.analysis    |
      | suggestions | null | 「未提出建议」     | escalate.content.suggestions |
      | suggestions | "  " | 「未提出建议」     | escalate.content.suggestions |

  @clause-1-3-1
  场景: 越级报送的, 按逐级路线报送
    假如 案件事实 "request.to_role" 为 principal_leader
    当 用内置规则包评价该案件
    那么 结论为「请示报告」
    并且 报送路线为「处室主要负责人」「分管领导」
    并且 规则 "escalate.no-skip" 生效,引用条款 "一(三)1"
    并且 规则 "escalate.division" 生效,引用条款 "一(三)1"

  @clause-1-3-1
  场景: 报送上一级岗位的, 没有越级
    假如 案件事实 "request.to_role" 为 leader_in_charge
    当 用内置规则包评价该案件
    那么 结论为「请示报告」
    并且 规则 "escalate.no-skip" 不生效
