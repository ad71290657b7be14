# language: zh-CN
功能: 信用网站公开 (credit_site)
  依 二(一) 「通过「信用连云港」网站公开失信信息、风险提示、失信名单退出、联合惩戒措施、责任追究等五项内容」.

  背景:
    假如 以下案件:
      """yaml
      kind: credit_site
      id: CS-2020-06
      content:
        site: 信用连云港
        items: [dishonesty_info, risk_notice, list_exit, joint_punishment_measures, accountability]
      """
    并且 评价日为 2020-06-01

  @clause-2-1
  场景: 五项内容齐全的, 符合要求
    当 用内置规则包评价该案件
    那么 结论为「公开内容完整」
    并且 没有原因
    并且 规则 "publicity.credit-site-items" 不生效

  @clause-2-1
  场景大纲: 缺少五项内容之一的, 不符合要求
    假如 案件事实 "content.items" 为 <公开内容>
    当 用内置规则包评价该案件
    那么 结论为「公开内容不完整」
    并且 原因为「未公开必须公开的内容」
    并且 规则 "publicity.credit-site-items" 生效,引用条款 "二(一)"

    例子:
      | 公开内容                                                        | 缺少                      |
      | [risk_notice, list_exit, joint_punishment_measures, accountability] | dishonesty_info       |
      | [dishonesty_info, list_exit, joint_punishment_measures, accountability] | risk_notice       |
      | [dishonesty_info, risk_notice, joint_punishment_measures, accountability] | list_exit       |
      | [dishonesty_info, risk_notice, list_exit, accountability]       | joint_punishment_measures |
      | [dishonesty_info, risk_notice, list_exit, joint_punishment_measures] | accountability       |
      | []                                                              | 全部                      |

  @clause-2-1
  场景大纲: 五项内容在其他网站公开的, 不符合要求: 二(一) 指明的是「信用连云港」
    假如 案件事实 "content.site" 为 <网站>
    当 用内置规则包评价该案件
    那么 结论为「公开内容不完整」
    并且 原因为「未公开必须公开的内容」
    并且 规则 "publicity.credit-site-name" 生效,引用条款 "二(一)"
    并且 规则 "publicity.credit-site-items" 不生效

    例子:
      | 网站               |
      | 信用中国           |
      | 连云港市政务服务网 |

  @clause-2-1
  场景大纲: 网站名称为通常写法的「信用连云港」, 或未写名称的, 即为信用连云港
    假如 案件事实 "content.site" 为 <网站>
    当 用内置规则包评价该案件
    那么 结论为「公开内容完整」
    并且 规则 "publicity.credit-site-name" 不生效

    例子:
      | 网站                |
      | 「信用连云港」网站    |
      | 信用连云港网        |
      | Credit Lianyungang  |
      | credit lianyungang website |
      | null                |
