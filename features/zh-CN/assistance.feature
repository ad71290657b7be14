# language: zh-CN
功能: 行政协助 (assistance)
  行政协助能否进行. 依据 一(五)2 「对行政协助实行目录化管理,各单位需要增加行政协助的,应在实施前开展
  登记备案列入目录,需紧急协助的除外。纳入目录内的行政协助事项,行政机关不得擅自取消或调整」,
  以及 二(三) 「明确协助查询和公示失信人员信息,协助查找人员」. 不予协助优先于准予协助,
  紧急协助是不予协助的例外.

  背景:
    假如 以下案件:
      """yaml
      kind: assistance
      id: AST-2020-0001
      request:
        requesting_unit: {name: 市市场监管局, level: municipal, requires_certification: true}
        assisting_unit: {name: 某县公安局, level: county, requires_certification: true}
        item: 社保缴纳记录调取
        in_catalog: true
        action: implement
        initiator: agency_unilateral
        purpose: verification
      """
    并且 评价日为 2020-06-01

  @clause-1-5-2
  场景大纲: 目录外、实施前未登记备案的协助, 不予协助
    假如 案件事实 "request.in_catalog" 为 false
    并且 案件事实 "request.action" 为 <行为>
    当 用内置规则包评价该案件
    那么 结论为「不予协助」
    并且 原因为「未列入行政协助目录且未事前登记备案」
    并且 规则 "assist.register-before-use" 生效,引用条款 "一(五)2"

    例子:
      | 行为      |
      | implement |
      | add       |

  @clause-1-5-2
  场景: 实施前已登记备案的, 准予协助
    假如 案件事实 "request.in_catalog" 为 false
    并且 案件事实 "request.registered_before_use" 为 true
    当 用内置规则包评价该案件
    那么 结论为「准予协助」
    并且 没有原因
    并且 规则 "assist.register-before-use" 不生效

  @clause-1-5-2
  场景大纲: 需紧急协助的除外, 可先实施后登记备案
    假如 案件事实 "request.in_catalog" 为 false
    并且 案件事实 "request.action" 为 <行为>
    并且 案件事实 "request.emergency" 为 true
    当 用内置规则包评价该案件
    那么 结论为「准予协助」
    并且 后果为「事后补办登记备案」
    并且 规则 "assist.emergency" 生效,引用条款 "一(五)2"
    并且 规则 "assist.register-before-use" 不生效

    例子:
      | 行为      |
      | implement |
      | add       |

  @clause-1-5-2
  场景: 目录内事项的紧急协助, 无须事后登记
    假如 案件事实 "request.emergency" 为 true
    当 用内置规则包评价该案件
    那么 结论为「准予协助」
    并且 没有后果
    并且 规则 "assist.emergency" 不生效

  @clause-1-5-2
  场景大纲: 纳入目录的协助事项, 行政机关不得擅自取消或调整
    假如 案件事实 "request.action" 为 <行为>
    当 用内置规则包评价该案件
    那么 结论为「不予协助」
    并且 原因为「擅自取消或调整目录内的行政协助事项」
    并且 规则 "assist.no-unilateral-change" 生效,引用条款 "一(五)2"

    例子:
      | 行为   |
      | cancel |
      | adjust |

  @clause-1-5-2
  场景: 紧急情况也不能擅自调整目录内事项
    假如 案件事实 "request.action" 为 adjust
    并且 案件事实 "request.emergency" 为 true
    当 用内置规则包评价该案件
    那么 结论为「不予协助」
    并且 规则 "assist.no-unilateral-change" 生效,引用条款 "一(五)2"
    并且 规则 "assist.emergency" 不生效

  @clause-1-5-2
  场景大纲: 目录管理机关调整, 或取消目录外事项的, 准予
    假如 案件事实 "<事实>" 为 <值>
    并且 案件事实 "request.action" 为 <行为>
    当 用内置规则包评价该案件
    那么 结论为「准予协助」
    并且 规则 "assist.no-unilateral-change" 不生效

    例子:
      | 事实              | 值                | 行为   |
      | request.initiator | catalog_authority | adjust |
      | request.initiator | catalog_authority | cancel |
      | request.in_catalog | false            | cancel |

  @clause-2-3
  场景大纲: 试点单位收到协助查询、公示失信人员信息或协助查找人员的请求, 应予协助
    假如 案件事实 "request.purpose" 为 <目的>
    当 用内置规则包评价该案件
    那么 结论为「准予协助」
    并且 规则 "verify.assist-query" 生效,引用条款 "二(三)"

    例子:
      | 目的                 |
      | dishonesty_query     |
      | dishonesty_publicity |
      | person_search        |

  @clause-2-3
  场景: 协助单位不是试点单位的, 不适用该协助义务
    假如 案件事实 "request.purpose" 为 dishonesty_query
    并且 案件事实 "request.assisting_unit.level" 为 other
    当 用内置规则包评价该案件
    那么 结论为「准予协助」
    并且 规则 "verify.assist-query" 不生效

  @clause-2-3 @clause-1-5-2
  场景: 协助义务不免除目录管理: 目录外未登记的查找人员请求不予协助
    假如 案件事实如下:
      | 事实               | 值            |
      | request.purpose    | person_search |
      | request.in_catalog | false         |
    当 用内置规则包评价该案件
    那么 结论为「不予协助」
    并且 原因为「未列入行政协助目录且未事前登记备案」
    并且 规则 "verify.assist-query" 生效,引用条款 "二(三)"
    并且 规则 "assist.register-before-use" 生效,引用条款 "一(五)2"
