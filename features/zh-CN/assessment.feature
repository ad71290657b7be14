# language: zh-CN
功能: 督导考核 (assessment)
  依 一(六) 「明确行政机关及其工作人员尽职免责、失职追责机制」和 一(六)2 「对落实有力、成效显著的
  给予表彰奖励,对工作落实不到位的,要严格追责」. 追责优先于表彰, 表彰优先于免责, 最后是无须处理;
  失职的不在同一决定中表彰; 已查明尽职且没有失职的, 工作落实不到位也免责 (尽职免责是严格追责的例外).

  背景:
    假如 以下案件:
      """yaml
      kind: assessment
      id: ASM-2020-0001
      assessment:
        subject: unit
        name: 连云港市市场监督管理局
      """
    并且 评价日为 2020-06-01

  场景大纲: 试点工作的考核结果 (一(六)2)
    假如 案件事实 "assessment.performance" 为 <考核结果>
    当 用内置规则包评价该案件
    那么 结论为「<结论>」
    并且 后果为<后果>
    并且 规则 "<规则>" 生效,引用条款 "<条款>"

    @clause-1-6-2
    例子: 落实有力、成效显著的表彰, 落实不到位的追责
      | 考核结果   | 结论     | 后果         | 规则                                | 条款    |
      | effective  | 表彰奖励 | 「表彰奖励」 | supervise.assessment.commendation   | 一(六)2 |
      | inadequate | 严格追责 | 「严格追责」 | supervise.assessment.accountability | 一(六)2 |

    @interpretation-only
    例子: 基本落实的, 不予表彰也不追责
      | 考核结果 | 结论     | 后果 | 规则                          | 条款 |
      | adequate | 无须处理 | 「」 | supervise.assessment.adequate | —    |

  @clause-1-6-2
  场景: 没有考核结果的单位, 无须处理
    当 用内置规则包评价该案件
    那么 结论为「无须处理」
    并且 没有后果
    并且 规则 "supervise.assessment.commendation" 不生效
    并且 规则 "supervise.assessment.accountability" 不生效

  @clause-1-6
  场景: 尽职的工作人员免责
    假如 案件事实 "assessment.subject" 为 official
    并且 案件事实 "assessment.diligent" 为 true
    当 用内置规则包评价该案件
    那么 结论为「免予责任追究」
    并且 没有后果
    并且 规则 "supervise.duty.exempt" 生效,引用条款 "一(六)"

  @clause-1-6
  场景大纲: 失职的追责, 即使同时被记为尽职
    假如 案件事实 "assessment.subject" 为 official
    并且 案件事实 "assessment.dereliction" 为 true
    并且 案件事实 "assessment.diligent" 为 <尽职>
    当 用内置规则包评价该案件
    那么 结论为「严格追责」
    并且 后果为「严格追责」
    并且 规则 "supervise.duty.accountability" 生效,引用条款 "一(六)"
    并且 规则 "supervise.duty.exempt" 不生效

    例子:
      | 尽职  |
      | false |
      | true  |

  @clause-1-6
  场景: 既未尽职也未失职的工作人员, 无须处理
    假如 案件事实 "assessment.subject" 为 official
    当 用内置规则包评价该案件
    那么 结论为「无须处理」
    并且 规则 "supervise.duty.exempt" 不生效
    并且 规则 "supervise.duty.accountability" 不生效

  @clause-1-6-2 @clause-1-6
  场景: 尽职且成效显著的单位, 表彰优先于免责
    假如 案件事实 "assessment.performance" 为 effective
    并且 案件事实 "assessment.diligent" 为 true
    当 用内置规则包评价该案件
    那么 结论为「表彰奖励」
    并且 后果为「表彰奖励」
    并且 规则 "supervise.assessment.commendation" 生效,引用条款 "一(六)2"
    并且 规则 "supervise.duty.exempt" 生效,引用条款 "一(六)"

  @clause-1-6 @clause-1-6-2
  场景: 失职的单位即使成效显著, 也追责而不予表彰
    假如 案件事实如下:
      | 事实                   | 值        |
      | assessment.performance | effective |
      | assessment.dereliction | true      |
    当 用内置规则包评价该案件
    那么 结论为「严格追责」
    并且 后果为「严格追责」
    并且 规则 "supervise.duty.accountability" 生效,引用条款 "一(六)"
    并且 规则 "supervise.assessment.commendation" 不生效

  @clause-1-6 @clause-1-6-2
  场景大纲: 已查明尽职的, 工作落实不到位也不追责: 尽职免责是「对工作落实不到位的,要严格追责」的例外
    假如 案件事实如下:
      | 事实                   | 值         |
      | assessment.subject     | <对象>     |
      | assessment.performance | inadequate |
      | assessment.diligent    | true       |
    当 用内置规则包评价该案件
    那么 结论为「免予责任追究」
    并且 没有后果
    并且 规则 "supervise.duty.exempt" 生效,引用条款 "一(六)"
    并且 规则 "supervise.assessment.accountability" 不生效

    例子:
      | 对象     |
      | unit     |
      | official |

  @clause-1-6 @clause-1-6-2
  场景: 工作落实不到位且失职的, 即使同时记为尽职, 也要追责
    假如 案件事实如下:
      | 事实                   | 值         |
      | assessment.performance | inadequate |
      | assessment.diligent    | true       |
      | assessment.dereliction | true       |
    当 用内置规则包评价该案件
    那么 结论为「严格追责」
    并且 后果为「严格追责」
    并且 规则 "supervise.assessment.accountability" 生效,引用条款 "一(六)2"
    并且 规则 "supervise.duty.exempt" 不生效
