# language: zh-CN
功能: 总结评估 (summary)
  书面总结材料是否完整. 依据 一(七) 「将试点工作基本推进情况、制度规范、主要经验和成效、存在的问题及
  对策建议等形成书面总结材料」, 一(七)1 对照市实施方案从组织领导、预案编制、队伍建设等方面评估,
  一(七)2 提出建设性意见和下一步整改建议, 以及 「定期总结」 的周期 (设置, 默认每 6个月另加年度总结).

  背景:
    假如 以下案件:
      """yaml
      kind: summary
      id: SUM-2020-H1
      report:
        unit: 市司法局
        period: semi_annual
        sections: [progress, norms, experience_results, problems, countermeasures]
        dimensions: [organizational_leadership, contingency_planning, team_building]
        rectification_suggestions: true
        compared_with_city_plan: true
      """
    并且 评价日为 2020-07-15

  @clause-1-7
  场景: 五项内容、三个方面齐全, 对照了市实施方案并提出整改建议的, 总结完整
    当 用内置规则包评价该案件
    那么 结论为「总结完整」
    并且 没有原因
    并且 规则 "summary.contents" 不生效

  @clause-1-7
  场景大纲: 书面总结材料缺少五项内容之一的, 不完整
    假如 案件事实 "report.sections" 为 <内容>
    当 用内置规则包评价该案件
    那么 结论为「总结不完整」
    并且 原因为「总结材料缺少必备内容」
    并且 规则 "summary.contents" 生效,引用条款 "一(七)"

    例子:
      | 内容                                                  | 缺少               |
      | [norms, experience_results, problems, countermeasures] | progress           |
      | [progress, experience_results, problems, countermeasures] | norms           |
      | [progress, norms, problems, countermeasures]          | experience_results |
      | [progress, norms, experience_results, countermeasures] | problems          |
      | [progress, norms, experience_results, problems]       | countermeasures    |

  @clause-1-7-1
  场景大纲: 总结评估缺少组织领导、预案编制、队伍建设之一的, 不完整
    假如 案件事实 "report.dimensions" 为 <方面>
    当 用内置规则包评价该案件
    那么 结论为「总结不完整」
    并且 原因为「总结评估未涵盖必备方面」
    并且 规则 "summary.evaluation.dimensions" 生效,引用条款 "一(七)1"

    例子:
      | 方面                                            | 缺少                      |
      | [contingency_planning, team_building]           | organizational_leadership |
      | [organizational_leadership, team_building]      | contingency_planning      |
      | [organizational_leadership, contingency_planning] | team_building           |

  @clause-1-7-1
  场景: 未对照市实施方案评估的, 不完整
    假如 案件事实 "report.compared_with_city_plan" 为 false
    当 用内置规则包评价该案件
    那么 结论为「总结不完整」
    并且 原因为「总结评估未涵盖必备方面」
    并且 规则 "summary.evaluation.city-plan" 生效,引用条款 "一(七)1"

  @clause-1-7-2
  场景: 没有提出下一步整改建议的, 不完整
    假如 案件事实 "report.rectification_suggestions" 为 false
    当 用内置规则包评价该案件
    那么 结论为「总结不完整」
    并且 原因为「总结材料缺少必备内容」
    并且 规则 "summary.suggestions" 生效,引用条款 "一(七)2"

  @clause-1-7
  场景大纲: 总结周期长于设置的周期的 (年度总结除外), 未按期总结; 五项内容齐全的, 原因不是缺少必备内容
    假如 设置 "summary.period_months" 为 <周期>
    并且 案件事实 "report.period" 为 <期间>
    当 用内置规则包评价该案件
    那么 结论为「总结不完整」
    并且 原因为「未按规定周期定期总结」
    并且 规则 "summary.periodic" 生效,引用条款 "一(七)"
    并且 规则 "summary.contents" 不生效

    例子:
      | 周期 | 期间        |
      | 3    | semi_annual |
      | 2    | quarterly   |

  @clause-1-7
  场景: 未按期且缺少一项内容的总结, 两个原因都列出
    假如 设置 "summary.period_months" 为 3
    并且 案件事实 "report.sections" 为 [progress, norms, experience_results, problems]
    当 用内置规则包评价该案件
    那么 结论为「总结不完整」
    并且 原因为「总结材料缺少必备内容」「未按规定周期定期总结」
    并且 规则 "summary.periodic" 生效,引用条款 "一(七)"
    并且 规则 "summary.contents" 生效,引用条款 "一(七)"

  @clause-1-7
  场景大纲: 按期的总结, 年度总结, 以及未载明期间的总结不视为未按期
    假如 设置 "summary.period_months" 为 <周期>
    并且 案件事实 "report.period" 为 <期间>
    当 用内置规则包评价该案件
    那么 结论为「总结完整」
    并且 规则 "summary.periodic" 不生效

    例子:
      | 周期 | 期间        |
      | 6    | semi_annual |
      | 3    | quarterly   |
      | 3    | annual      |
      | 3    | other       |
      | 3    | null        |

  @clause-1-7
  场景大纲: 年度总结在定期总结之外另行要求, 任何周期设置下都按期
    假如 设置 "summary.period_months" 为 <周期>
    并且 案件事实 "report.period" 为 annual
    当 用内置规则包评价该案件
    那么 结论为「总结完整」
    并且 没有原因
    并且 规则 "summary.periodic.annual" 生效,引用条款 "一(七)"
    并且 规则 "summary.periodic" 不生效

    例子:
      | 周期 |
      | 1    |
      | 6    |
      | 12   |

  @interpretation-only @clause-1-7
  场景大纲: 未载明期间或期间为 "其他" 的, 无法判断是否按期, 不视为不完整
    假如 设置 "summary.period_months" 为 1
    并且 案件事实 "report.period" 为 <期间>
    当 用内置规则包评价该案件
    那么 结论为「总结完整」
    并且 没有原因
    并且 规则 "summary.periodic.unmeasured" 生效,引用条款 "—"
    并且 规则 "summary.periodic" 不生效

    例子:
      | 期间  |
      | other |
      | null  |
