# language: zh-CN
功能: 失信惩戒 (blacklist)
  在列的失信黑名单主体引起什么, 退出名单后又如何. 依据 二(二)3 「对纳入失信黑名单主体,要通过市联合惩戒
  信用信息系统实现跨部门联合惩戒」及六大类联合惩戒措施, 一(二)2 纳入信用系统并对外曝光,
  二(二)4 发布失信信息并通知当事人所在单位, 二(一) 失信信息共享与失信名单退出.
  本库只建议惩戒措施, 由有权部门依其法律依据实施. 列入日期到来之前不实施; 以信用修复为由的退出
  须列入满等待期 (设置, 默认 1年) 方才生效. 已退出优先于联合惩戒.

  背景:
    假如 以下案件:
      """yaml
      kind: blacklist
      id: active-person-with-employer
      entry:
        id: LYG-SXHMD-2020-001
        subject:
          id: P-0301
          kind: natural_person
          name: 李某
          id_no: '320700198805052345'
          employer: 连云港某某运输有限公司
        basis: false_commitment
        determined_by: 连云港市市场监督管理局
        listed_on: 2019-09-01
        status: active
        published: true
      """
    并且 评价日为 2020-06-01

  @clause-2-2-3 @clause-1-2-2 @clause-2-2-4 @clause-2-1
  场景: 在列主体实施联合惩戒: 建议六大类措施, 曝光、发布、共享并通知其所在单位
    当 用内置规则包评价该案件
    那么 结论为「实施联合惩戒」
    并且 惩戒措施为「行业准入限制」「入职任职限制」「享受优惠政策类限制」「荣誉限制」「特殊市场交易限制」「高消费限制」
    并且 后果为「通知当事人所在单位」「向社会发布失信人员信息」「共享信用信息」
    并且 规则 "punish.joint" 生效,引用条款 "二(二)3"
    并且 规则 "blacklist.publish" 生效,引用条款 "一(二)2"
    并且 规则 "punish.publish-notify" 生效,引用条款 "二(二)4"
    并且 规则 "punish.notify-employer.person" 生效,引用条款 "二(二)4"
    并且 规则 "punish.share" 生效,引用条款 "二(一)"

  @clause-1-2-2
  场景: 名单条目在一(二)2指明的「信用连云港」网站对外曝光
    当 用内置规则包评价该案件
    那么 结论为「实施联合惩戒」
    并且 公示渠道为「信用连云港」
    并且 规则 "blacklist.publish" 生效,引用条款 "一(二)2"

  @clause-2-1
  场景大纲: 失信名单退出信息在二(一)指明的「信用连云港」网站公开
    假如 案件事实 "entry.listed_on" 为 <列入日期>
    并且 案件事实 "entry.status" 为 <状态>
    并且 案件事实 "entry.exit" 为 {reason: <退出原因>, date: 2020-05-01}
    当 用内置规则包评价该案件
    那么 结论为「已退出失信名单」
    并且 后果为「公开失信名单退出信息」「停止联合惩戒」
    并且 公示渠道为「信用连云港」
    并且 规则 "<规则>" 生效,引用条款 "二(一)"

    例子:
      | 列入日期   | 状态   | 退出原因                | 规则                    |
      | 2019-03-01 | exited | credit_repair           | blacklist.exit          |
      | 2019-09-01 | active | correction_on_objection | blacklist.exit.approved |
      | 2017-01-01 | active | expiry                  | blacklist.exit.expired  |

  @clause-2-2-3
  场景大纲: 六大类联合惩戒措施, 按列入依据建议
    假如 案件事实 "entry.basis" 为 <依据>
    当 用内置规则包评价该案件
    那么 结论为「实施联合惩戒」
    并且 规则 "<规则>" 生效,引用条款 "二(二)3"

    例子: 因虚假承诺列入
      | 依据             | 措施                        | 规则                                     |
      | false_commitment | industry_access             | punish.joint.industry-access             |
      | false_commitment | employment_office           | punish.joint.employment-office           |
      | false_commitment | preferential_policy         | punish.joint.preferential-policy         |
      | false_commitment | honors                      | punish.joint.honors                      |
      | false_commitment | special_market_transactions | punish.joint.special-market-transactions |
      | false_commitment | high_consumption            | punish.joint.high-consumption            |

    例子: 因较重失信行为列入
      | 依据               | 措施                        | 规则                                     |
      | serious_dishonesty | industry_access             | punish.joint.industry-access             |
      | serious_dishonesty | employment_office           | punish.joint.employment-office           |
      | serious_dishonesty | preferential_policy         | punish.joint.preferential-policy         |
      | serious_dishonesty | honors                      | punish.joint.honors                      |
      | serious_dishonesty | special_market_transactions | punish.joint.special-market-transactions |
      | serious_dishonesty | high_consumption            | punish.joint.high-consumption            |

  @clause-2-2-3
  场景: 设置可以按列入依据收窄建议的措施
    假如 设置 "blacklist.measures_serious_dishonesty" 为 [industry_access, high_consumption]
    并且 案件事实 "entry.basis" 为 serious_dishonesty
    当 用内置规则包评价该案件
    那么 结论为「实施联合惩戒」
    并且 惩戒措施为「高消费限制」「行业准入限制」
    并且 规则 "punish.joint.industry-access" 生效,引用条款 "二(二)3"
    并且 规则 "punish.joint.high-consumption" 生效,引用条款 "二(二)3"
    并且 规则 "punish.joint.honors" 不生效

  @interpretation-only @clause-2-2-3 @clause-1-2-2
  场景: 列入日期晚于评价日的, 名单尚未生效, 不实施联合惩戒, 也不曝光
    假如 案件事实 "entry.listed_on" 为 2020-06-02
    当 用内置规则包评价该案件
    那么 结论为「名单尚未生效」
    并且 规则 "blacklist.not-yet-in-force" 生效,引用条款 "—"
    并且 没有后果
    并且 没有惩戒措施
    并且 规则 "punish.joint" 不生效
    并且 规则 "blacklist.publish" 不生效

  @interpretation-only @clause-2-1
  场景: 名单已记为退出但列入日期晚于评价日的, 尚未列入也就无从退出, 不公开退出信息
    假如 案件事实 "entry.listed_on" 为 2020-07-01
    并且 案件事实 "entry.status" 为 exited
    当 用内置规则包评价该案件
    那么 结论为「名单尚未生效」
    并且 规则 "blacklist.not-yet-in-force" 生效,引用条款 "—"
    并且 没有后果
    并且 没有公示渠道
    并且 规则 "blacklist.exit" 不生效

  @clause-2-2-3
  场景: 列入当日起实施联合惩戒
    假如 案件事实 "entry.listed_on" 为 2020-06-01
    当 用内置规则包评价该案件
    那么 结论为「实施联合惩戒」
    并且 惩戒措施为「行业准入限制」「入职任职限制」「享受优惠政策类限制」「荣誉限制」「特殊市场交易限制」「高消费限制」
    并且 规则 "punish.joint" 生效,引用条款 "二(二)3"

  @clause-2-2-4
  场景: 自然人所在单位不明的, 无从通知
    假如 案件事实 "entry.subject.employer" 为 null
    当 用内置规则包评价该案件
    那么 结论为「实施联合惩戒」
    并且 后果为「向社会发布失信人员信息」「共享信用信息」
    并且 规则 "punish.publish-notify" 生效,引用条款 "二(二)4"
    并且 规则 "punish.notify-employer.person" 不生效

  @clause-2-2-4
  场景: 当事人为组织的, 默认不通知其法定代表人所在单位
    假如 案件事实如下:
      | 事实                                        | 值                         |
      | entry.subject.kind                          | legal_person               |
      | entry.subject.employer                      | null                       |
      | entry.subject.legal_representative_employer | 连云港某某投资集团有限公司 |
    当 用内置规则包评价该案件
    那么 结论为「实施联合惩戒」
    并且 后果为「向社会发布失信人员信息」「共享信用信息」
    并且 规则 "punish.notify-employer.organisation" 不生效

  @clause-2-2-4
  场景: 设置开启后, 通知组织的法定代表人所在单位
    假如 设置 "blacklist.notify_org_employer" 为 true
    并且 案件事实如下:
      | 事实                                        | 值                         |
      | entry.subject.kind                          | legal_person               |
      | entry.subject.employer                      | null                       |
      | entry.subject.legal_representative_employer | 连云港某某投资集团有限公司 |
    当 用内置规则包评价该案件
    那么 结论为「实施联合惩戒」
    并且 后果为「通知当事人所在单位」「向社会发布失信人员信息」「共享信用信息」
    并且 规则 "punish.notify-employer.organisation" 生效,引用条款 "二(二)4"

  @clause-2-1 @clause-2-2-3
  场景大纲: 已退出名单的, 停止联合惩戒并公开退出信息
    假如 案件事实 "entry.status" 为 exited
    并且 案件事实 "entry.listed_on" 为 2019-01-01
    并且 案件事实 "entry.exit" 为 {reason: <退出原因>, date: 2020-03-01}
    当 用内置规则包评价该案件
    那么 结论为「已退出失信名单」
    并且 后果为「公开失信名单退出信息」「停止联合惩戒」
    并且 没有惩戒措施
    并且 规则 "blacklist.exit" 生效,引用条款 "二(一)"
    并且 规则 "punish.joint" 不生效

    例子:
      | 退出原因                |
      | credit_repair           |
      | expiry                  |
      | correction_on_objection |

  @clause-2-1 @clause-2-2-3 @interpretation-only
  场景大纲: 退出已获批准且退出日期已到的, 即使名单仍记为在列, 按已退出处理
    假如 案件事实 "entry.listed_on" 为 2019-03-01
    并且 案件事实 "entry.exit" 为 {reason: credit_repair, date: <退出日>}
    当 用内置规则包评价该案件
    那么 结论为「已退出失信名单」
    并且 后果为「公开失信名单退出信息」「停止联合惩戒」
    并且 规则 "blacklist.exit.approved" 生效,引用条款 "二(一)"
    并且 规则 "punish.joint" 不生效
    并且 规则 "blacklist.exit.repair-too-early" 不生效

    例子: 列入已满 1年 (信用修复等待期)
      | 退出日     |
      | 2020-05-20 |
      | 2020-06-01 |

  @clause-2-2-3 @clause-2-1 @interpretation-only
  场景: 退出日期未到的, 继续联合惩戒
    假如 案件事实 "entry.listed_on" 为 2019-03-01
    并且 案件事实 "entry.exit" 为 {reason: credit_repair, date: 2020-06-02}
    当 用内置规则包评价该案件
    那么 结论为「实施联合惩戒」
    并且 规则 "punish.joint" 生效,引用条款 "二(二)3"
    并且 规则 "blacklist.exit.approved" 不生效
    并且 规则 "blacklist.exit.repair-too-early" 不生效

  @interpretation-only @clause-2-2-3 @clause-2-1
  场景大纲: 列入未满信用修复等待期 (默认 1年) 而以信用修复为由批准的退出, 不生效, 继续联合惩戒
    假如 案件事实 "entry.exit" 为 {reason: credit_repair, date: <退出日>}
    当 用内置规则包评价该案件
    那么 结论为「实施联合惩戒」
    并且 后果为「通知当事人所在单位」「向社会发布失信人员信息」「共享信用信息」
    并且 规则 "blacklist.exit.repair-too-early" 生效,引用条款 "—"
    并且 规则 "punish.joint" 生效,引用条款 "二(二)3"
    并且 规则 "blacklist.exit.approved" 不生效

    例子: 2019-09-01 列入, 等待期至 2020-09-01
      | 退出日     |
      | 2020-05-20 |
      | 2020-06-01 |

  @interpretation-only @clause-2-2-3 @clause-2-1
  场景大纲: 名单系统已记为退出, 但以信用修复为由且退出日期在等待期内的, 同样不生效, 继续联合惩戒
    假如 案件事实 "entry.status" 为 exited
    并且 案件事实 "entry.exit" 为 {reason: credit_repair, date: <退出日>}
    当 用内置规则包评价该案件
    那么 结论为「实施联合惩戒」
    并且 后果为「通知当事人所在单位」「向社会发布失信人员信息」「共享信用信息」
    并且 规则 "blacklist.exit.repair-too-early.recorded" 生效,引用条款 "—"
    并且 规则 "punish.joint" 生效,引用条款 "二(二)3"
    并且 规则 "blacklist.exit" 不生效

    例子: 2019-09-01 列入, 等待期至 2020-09-01 (该日为最后一日)
      | 退出日     |
      | 2020-05-20 |
      | 2020-06-01 |

  @clause-2-1 @interpretation-only
  场景大纲: 名单系统在等待期届满后记录的信用修复退出, 或以其他理由记录的退出, 生效
    假如 案件事实 "entry.status" 为 exited
    并且 案件事实 "entry.listed_on" 为 <列入日>
    并且 案件事实 "entry.exit" 为 {reason: <退出原因>, date: 2020-05-20}
    当 用内置规则包评价该案件
    那么 结论为「已退出失信名单」
    并且 后果为「公开失信名单退出信息」「停止联合惩戒」
    并且 规则 "blacklist.exit" 生效,引用条款 "二(一)"
    并且 规则 "blacklist.exit.repair-too-early.recorded" 不生效

    例子:
      | 列入日     | 退出原因                |
      | 2019-05-19 | credit_repair           |
      | 2019-09-01 | correction_on_objection |

  @interpretation-only @clause-2-1
  场景: 等待期设为 0 的, 名单系统记录的信用修复退出即时生效
    假如 设置 "blacklist.repair_wait_years" 为 0
    并且 案件事实 "entry.status" 为 exited
    并且 案件事实 "entry.exit" 为 {reason: credit_repair, date: 2020-05-20}
    当 用内置规则包评价该案件
    那么 结论为「已退出失信名单」
    并且 规则 "blacklist.exit" 生效,引用条款 "二(一)"
    并且 规则 "blacklist.exit.repair-too-early.recorded" 不生效

  @interpretation-only @clause-2-1
  场景大纲: 等待期设为 0 的, 退出日期即为列入当日的信用修复退出也生效
    假如 设置 "blacklist.repair_wait_years" 为 0
    并且 案件事实 "entry.status" 为 <状态>
    并且 案件事实 "entry.exit" 为 {reason: credit_repair, date: 2019-09-01}
    当 用内置规则包评价该案件
    那么 结论为「已退出失信名单」
    并且 后果为「公开失信名单退出信息」「停止联合惩戒」
    并且 规则 "<退出规则>" 生效,引用条款 "二(一)"
    并且 规则 "blacklist.exit.repair-too-early" 不生效
    并且 规则 "blacklist.exit.repair-too-early.recorded" 不生效

    例子: 2019-09-01 列入, 同日退出
      | 状态   | 退出规则                |
      | exited | blacklist.exit          |
      | active | blacklist.exit.approved |

  @clause-2-1 @interpretation-only
  场景大纲: 等待期届满(对应日的次日)起以信用修复退出的生效; 异议更正不受等待期限制
    假如 案件事实 "entry.listed_on" 为 <列入日>
    并且 案件事实 "entry.exit" 为 {reason: <退出原因>, date: 2020-05-20}
    当 用内置规则包评价该案件
    那么 结论为「已退出失信名单」
    并且 后果为「公开失信名单退出信息」「停止联合惩戒」
    并且 规则 "blacklist.exit.approved" 生效,引用条款 "二(一)"
    并且 规则 "blacklist.exit.repair-too-early" 不生效

    例子:
      | 列入日     | 退出原因                |
      | 2019-05-19 | credit_repair           |
      | 2019-09-01 | correction_on_objection |

  @interpretation-only @clause-2-2-3
  场景: 信用修复等待期由设置确定
    假如 设置 "blacklist.repair_wait_years" 为 2
    并且 案件事实 "entry.listed_on" 为 2019-03-01
    并且 案件事实 "entry.exit" 为 {reason: credit_repair, date: 2020-05-20}
    当 用内置规则包评价该案件
    那么 结论为「实施联合惩戒」
    并且 规则 "blacklist.exit.repair-too-early" 生效,引用条款 "—"
    并且 规则 "punish.joint" 生效,引用条款 "二(二)3"

  @clause-2-1 @clause-2-2-3
  场景大纲: 公示期 (默认 3年) 届满的, 按期满退出处理: 列入当日不计入, 对应日为最后一日
    假如 案件事实 "entry.listed_on" 为 <列入日>
    并且 评价日为 <评价日>
    当 用内置规则包评价该案件
    那么 结论为「已退出失信名单」
    并且 规则 "blacklist.exit.expired" 生效,引用条款 "二(一)"
    并且 规则 "punish.joint" 不生效

    例子:
      | 列入日     | 评价日     |
      | 2017-06-01 | 2020-06-02 |
      | 2016-02-29 | 2019-03-01 |

  @clause-2-2-3 @clause-2-1
  场景大纲: 公示期的最后一日, 仍在列
    假如 案件事实 "entry.listed_on" 为 <列入日>
    并且 评价日为 <评价日>
    当 用内置规则包评价该案件
    那么 结论为「实施联合惩戒」
    并且 规则 "punish.joint" 生效,引用条款 "二(二)3"
    并且 规则 "blacklist.exit.expired" 不生效

    例子:
      | 列入日     | 评价日     |
      | 2017-06-01 | 2020-06-01 |
      | 2016-02-29 | 2019-02-28 |

  @clause-2-2-3 @clause-2-1
  场景: 公示期由设置确定
    假如 设置 "blacklist.publication_years" 为 5
    并且 案件事实 "entry.listed_on" 为 2017-06-01
    当 用内置规则包评价该案件
    那么 结论为「实施联合惩戒」
    并且 规则 "punish.joint" 生效,引用条款 "二(二)3"
    并且 规则 "blacklist.exit.expired" 不生效

  @interpretation-only @clause-2-2-3
  场景: 名单记为退出、但退出日期晚于评价日的, 评价日时尚未退出, 联合惩戒照常
    假如 案件事实 "entry.status" 为 exited
    并且 案件事实 "entry.exit" 为 {reason: credit_repair, date: 2020-06-20}
    当 用内置规则包评价该案件
    那么 结论为「实施联合惩戒」
    并且 规则 "blacklist.exit.not-yet-effective" 生效,引用条款 "—"
    并且 规则 "punish.joint" 生效,引用条款 "二(二)3"
    并且 规则 "blacklist.exit" 不生效
