# language: en
Feature: Publication on the credit website (credit_site)
  Per 二(一) 「通过「信用连云港」网站公开失信信息、风险提示、失信名单退出、联合惩戒措施、责任追究等五项内容」:
  Credit Lianyungang publishes dishonesty information, risk notices, list exits, joint-punishment
  measures and accountability.

  Background:
    Given the case:
      """yaml
      kind: credit_site
      id: CS-2020-06
      content:
        site: 信用连云港
        items: [dishonesty_info, risk_notice, list_exit, joint_punishment_measures, accountability]
      """
    And the evaluation date is 2020-06-01

  @clause-2-1
  Scenario: A site publishing all five items complies
    When the case is evaluated with the bundled pack
    Then the outcome is "compliant"
    And there are no reasons
    And rule "publicity.credit-site-items" does not fire

  @clause-2-1
  Scenario Outline: A site missing one of the five items does not comply
    Given the case fact "content.items" is <items>
    When the case is evaluated with the bundled pack
    Then the outcome is "noncompliant"
    And the reasons are "missing_item"
    And rule "publicity.credit-site-items" fires, citing "二(一)"

    Examples:
      | items                                                                     | missing                   |
      | [risk_notice, list_exit, joint_punishment_measures, accountability]       | dishonesty_info           |
      | [dishonesty_info, list_exit, joint_punishment_measures, accountability]   | risk_notice               |
      | [dishonesty_info, risk_notice, joint_punishment_measures, accountability] | list_exit                 |
      | [dishonesty_info, risk_notice, list_exit, accountability]                 | joint_punishment_measures |
      | [dishonesty_info, risk_notice, list_exit, joint_punishment_measures]      | accountability            |
      | []                                                                        | all                       |

  @clause-2-1
  Scenario Outline: The five items published on another site do not comply: 二(一) names 信用连云港
    Given the case fact "content.site" is <site>
    When the case is evaluated with the bundled pack
    Then the outcome is "noncompliant"
    And the reasons are "missing_item"
    And rule "publicity.credit-site-name" fires, citing "二(一)"
    And rule "publicity.credit-site-items" does not fire

    Examples:
      | site               |
      | 信用中国           |
      | 连云港市政务服务网 |

  @clause-2-1
  Scenario Outline: A site named 信用连云港 in any usual spelling, or not named, is 信用连云港
    Given the case fact "content.site" is <site>
    When the case is evaluated with the bundled pack
    Then the outcome is "compliant"
    And rule "publicity.credit-site-name" does not fire

    Examples:
      | site                |
      | 「信用连云港」网站    |
      | 信用连云港网        |
      | Credit Lianyungang  |
      | credit lianyungang website |
      | null                |
