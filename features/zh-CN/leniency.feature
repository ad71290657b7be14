# language: zh-CN
功能: 容错纠错 (leniency)
  单位和公务人员在履职尽责、改革创新中出现偏差失误的, 依 一(四) 从轻、减轻处理或者免予责任追究,
  并责成整改纠错. 一(四)1 要求 「综合考虑问题发生的动机态度、客观条件、程序方法、性质程度、后果影响
  以及挽回损失等情况」: 原文没有给出算法, 本库的默认算法 (解释, 可配置) 为 有利 +1、中性 0、不利 -1,
  六项均有利且损失已全部挽回的免予追究, 合计不低于 3 的减轻处理, 不低于 1 的从轻处理, 否则不予容错;
  谋取私利、明知故犯、违反明令禁止的不予容错. 一(四)2 第一种形态和澄清保护.

  背景:
    假如 以下案件:
      """yaml
      kind: leniency
      id: LEN-2020-0001
      conduct:
        subject: public_official
        context: duty_performance
        name: 王某
        factors:
          motive_attitude: favorable
          objective_conditions: favorable
          procedure_method: favorable
          nature_degree: favorable
          consequence_impact: favorable
          loss_recovery: favorable
        losses_recovered: true
        falsely_accused: false
      """
    并且 评价日为 2020-06-01

  @clause-1-4 @clause-1-4-1 @clause-1-4-2
  场景: 履职尽责中的失误, 六项均有利且损失已挽回的, 免予追究并责成整改
    当 用内置规则包评价该案件
    那么 结论为「免予责任追究」
    并且 后果为「责成整改纠错」
    并且 第一种形态为「批评和自我批评」「约谈函询」「红脸出汗」
    并且 规则 "leniency.eligible" 生效,引用条款 "一(四)"
    并且 规则 "leniency.rectify" 生效,引用条款 "一(四)"
    并且 规则 "leniency.assess.exempt" 生效,引用条款 "一(四)1"
    并且 规则 "leniency.mechanisms.first-form" 生效,引用条款 "一(四)2"

  @clause-1-4
  场景大纲: 适用于单位和公务人员在履职尽责、改革创新中的失误
    假如 案件事实 "conduct.subject" 为 <主体>
    并且 案件事实 "conduct.context" 为 <情境>
    当 用内置规则包评价该案件
    那么 结论为「免予责任追究」
    并且 规则 "leniency.eligible" 生效,引用条款 "一(四)"

    例子:
      | 主体            | 情境              |
      | unit            | duty_performance  |
      | unit            | reform_innovation |
      | public_official | reform_innovation |

  @clause-1-4
  场景: 其他情境中的失误不适用容错纠错
    假如 案件事实 "conduct.context" 为 other
    当 用内置规则包评价该案件
    那么 结论为「不适用容错」
    并且 没有后果
    并且 规则 "leniency.not-applicable" 生效,引用条款 "一(四)"
    并且 规则 "leniency.rectify" 不生效

  @clause-1-4-1
  场景大纲: 六项因素的综合考量 (决策表, 默认算法)
    假如 案件事实如下:
      | 事实                                 | 值           |
      | conduct.factors.motive_attitude      | <动机态度>   |
      | conduct.factors.objective_conditions | <客观条件>   |
      | conduct.factors.procedure_method     | <程序方法>   |
      | conduct.factors.nature_degree        | <性质程度>   |
      | conduct.factors.consequence_impact   | <后果影响>   |
      | conduct.factors.loss_recovery        | <挽回损失>   |
      | conduct.losses_recovered             | <损失已挽回> |
    当 用内置规则包评价该案件
    那么 结论为「<结论>」
    并且 规则 "<规则>" 生效,引用条款 "一(四)1"

    例子:
      | 动机态度    | 客观条件    | 程序方法    | 性质程度    | 后果影响    | 挽回损失    | 损失已挽回 | 合计 | 结论         | 规则                      |
      | favorable   | favorable   | favorable   | favorable   | favorable   | favorable   | true       | 6    | 免予责任追究 | leniency.assess.exempt    |
      | favorable   | favorable   | favorable   | favorable   | favorable   | favorable   | false      | 6    | 减轻处理     | leniency.assess.mitigated |
      | favorable   | favorable   | favorable   | neutral     | neutral     | neutral     | true       | 3    | 减轻处理     | leniency.assess.mitigated |
      | favorable   | favorable   | favorable   | favorable   | neutral     | unfavorable | true       | 3    | 减轻处理     | leniency.assess.mitigated |
      | favorable   | favorable   | neutral     | neutral     | neutral     | neutral     | true       | 2    | 从轻处理     | leniency.assess.lighter   |
      | favorable   | neutral     | neutral     | neutral     | neutral     | neutral     | true       | 1    | 从轻处理     | leniency.assess.lighter   |
      | neutral     | neutral     | neutral     | neutral     | neutral     | neutral     | true       | 0    | 不予容错     | leniency.assess.none      |
      | favorable   | favorable   | favorable   | unfavorable | unfavorable | unfavorable | true       | 0    | 不予容错     | leniency.assess.none      |
      | unfavorable | unfavorable | unfavorable | unfavorable | unfavorable | unfavorable | false      | -6   | 不予容错     | leniency.assess.none      |

  @clause-1-4-1
  场景大纲: 谋取私利、明知故犯、违反明令禁止的, 不予容错
    假如 案件事实 "conduct.bars" 为 [<情形>]
    当 用内置规则包评价该案件
    那么 结论为「不予容错」
    并且 原因为「存在不予容错的情形」
    并且 没有第一种形态
    并且 规则 "leniency.assess.disqualified" 生效,引用条款 "一(四)1"
    并且 规则 "leniency.assess.exempt" 不生效

    例子:
      | 情形               |
      | private_gain       |
      | knowing_violation  |
      | defied_prohibition |

  @clause-1-4 @clause-1-4-1
  场景: 不予容错的, 仍责成整改纠错
    假如 案件事实 "conduct.bars" 为 [knowing_violation]
    当 用内置规则包评价该案件
    那么 结论为「不予容错」
    并且 后果为「责成整改纠错」
    并且 规则 "leniency.rectify" 生效,引用条款 "一(四)"
    并且 规则 "leniency.assess.disqualified" 生效,引用条款 "一(四)1"

  @clause-1-4-1 @clause-1-4-2
  场景: 减轻处理的, 同样以第一种形态帮助纠正错误 (减轻比从轻更宽, 不能反而得不到帮助)
    假如 案件事实 "conduct.losses_recovered" 为 false
    当 用内置规则包评价该案件
    那么 结论为「减轻处理」
    并且 第一种形态为「批评和自我批评」「约谈函询」「红脸出汗」
    并且 规则 "leniency.assess.mitigated" 生效,引用条款 "一(四)1"
    并且 规则 "leniency.mechanisms.first-form" 生效,引用条款 "一(四)2"

  @clause-1-4-1
  场景: 不予从轻的, 不适用第一种形态
    假如 案件事实如下:
      | 事实                                 | 值          |
      | conduct.factors.motive_attitude      | unfavorable |
      | conduct.factors.objective_conditions | neutral     |
      | conduct.factors.procedure_method     | neutral     |
      | conduct.factors.nature_degree        | neutral     |
      | conduct.factors.consequence_impact   | neutral     |
      | conduct.factors.loss_recovery        | neutral     |
    当 用内置规则包评价该案件
    那么 结论为「不予容错」
    并且 没有第一种形态
    并且 规则 "leniency.assess.none" 生效,引用条款 "一(四)1"
    并且 规则 "leniency.mechanisms.first-form" 不生效

  @clause-1-4-2 @clause-1-4-1
  场景: 从轻处理的, 以第一种形态帮助纠正错误
    假如 案件事实如下:
      | 事实                                 | 值      |
      | conduct.factors.objective_conditions | neutral |
      | conduct.factors.procedure_method     | neutral |
      | conduct.factors.nature_degree        | neutral |
      | conduct.factors.consequence_impact   | neutral |
      | conduct.factors.loss_recovery        | neutral |
    当 用内置规则包评价该案件
    那么 结论为「从轻处理」
    并且 第一种形态为「批评和自我批评」「约谈函询」「红脸出汗」
    并且 规则 "leniency.assess.lighter" 生效,引用条款 "一(四)1"
    并且 规则 "leniency.mechanisms.first-form" 生效,引用条款 "一(四)2"

  @clause-1-4-2
  场景: 免予追究且系被诬告错告的, 予以澄清保护
    假如 案件事实 "conduct.falsely_accused" 为 true
    当 用内置规则包评价该案件
    那么 结论为「免予责任追究」
    并且 后果为「澄清保护」「责成整改纠错」
    并且 规则 "leniency.mechanisms.clarification" 生效,引用条款 "一(四)2"

  @clause-1-4 @interpretation-only
  场景大纲: 已整改纠错的, 不再责成整改; 处理结论和第一种形态不变
    假如 案件事实 "conduct.rectified" 为 true
    并且 案件事实 "conduct.losses_recovered" 为 <已挽回>
    当 用内置规则包评价该案件
    那么 结论为「<结论>」
    并且 没有后果
    并且 第一种形态为「批评和自我批评」「约谈函询」「红脸出汗」
    并且 规则 "leniency.rectify.done" 生效,引用条款 "—"
    并且 规则 "leniency.rectify" 不生效

    例子:
      | 已挽回 | 结论         |
      | true   | 免予责任追究 |
      | false  | 减轻处理     |

  @clause-1-4
  场景: 尚未整改纠错的, 责成整改纠错
    假如 案件事实 "conduct.rectified" 为 false
    当 用内置规则包评价该案件
    那么 后果为「责成整改纠错」
    并且 规则 "leniency.rectify" 生效,引用条款 "一(四)"
    并且 规则 "leniency.rectify.done" 不生效

  @clause-1-4-2
  场景: 未免予追究的, 不因被诬告而澄清保护
    假如 案件事实 "conduct.falsely_accused" 为 true
    并且 案件事实 "conduct.losses_recovered" 为 false
    当 用内置规则包评价该案件
    那么 结论为「减轻处理」
    并且 后果为「责成整改纠错」
    并且 规则 "leniency.mechanisms.clarification" 不生效

  @clause-1-4-1
  场景: 设置不再要求六项均有利时, 损失已挽回且达到减轻处理分数线的免予追究
    假如 设置 "leniency.exempt_requires_all_favorable" 为 false
    并且 案件事实如下:
      | 事实                               | 值      |
      | conduct.factors.nature_degree      | neutral |
      | conduct.factors.consequence_impact | neutral |
      | conduct.factors.loss_recovery      | neutral |
    当 用内置规则包评价该案件
    那么 结论为「免予责任追究」
    并且 规则 "leniency.assess.exempt" 生效,引用条款 "一(四)1"

  @clause-1-4-1
  场景: 分数线由设置确定
    假如 设置 "leniency.mitigated_min_score" 为 4
    并且 案件事实如下:
      | 事实                               | 值      |
      | conduct.factors.nature_degree      | neutral |
      | conduct.factors.consequence_impact | neutral |
      | conduct.factors.loss_recovery      | neutral |
    当 用内置规则包评价该案件
    那么 结论为「从轻处理」
    并且 规则 "leniency.assess.lighter" 生效,引用条款 "一(四)1"
    并且 规则 "leniency.assess.mitigated" 不生效

  @clause-1-4-1
  场景大纲: 关闭从轻处理 (分数线为 7) 后, 免予追究或减轻处理的案件不同时适用「不予容错」
    假如 设置 "leniency.lighter_min_score" 为 7
    并且 案件事实 "conduct.losses_recovered" 为 <损失已挽回>
    当 用内置规则包评价该案件
    那么 结论为「<结论>」
    并且 第一种形态为「批评和自我批评」「约谈函询」「红脸出汗」
    并且 规则 "<规则>" 生效,引用条款 "一(四)1"
    并且 规则 "leniency.assess.none" 不生效

    例子:
      | 损失已挽回 | 结论         | 规则                      |
      | true       | 免予责任追究 | leniency.assess.exempt    |
      | false      | 减轻处理     | leniency.assess.mitigated |
