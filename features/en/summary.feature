# language: en
Feature: Summary and evaluation (summary)
  Whether a periodic written summary is complete. Grounds: 一(七) 「将试点工作基本推进情况、制度规范、
  主要经验和成效、存在的问题及对策建议等形成书面总结材料」 (progress, norms, experience and results,
  problems, countermeasures), 一(七)1 an evaluation against the city implementation plan covering
  leadership, contingency planning and team building, 一(七)2 constructive and next-step rectification
  suggestions, and the cycle of 「定期总结」 (a setting: every 6 months plus an annual summary by default).

  Background:
    Given the case:
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
    And the evaluation date is 2020-07-15

  @clause-1-7
  Scenario: A summary with the five parts and the three dimensions, compared with the city plan and with suggestions, is complete
    When the case is evaluated with the bundled pack
    Then the outcome is "complete"
    And there are no reasons
    And rule "summary.contents" does not fire

  @clause-1-7
  Scenario Outline: A written summary lacking one of the five parts is incomplete
    Given the case fact "report.sections" is <sections>
    When the case is evaluated with the bundled pack
    Then the outcome is "incomplete"
    And the reasons are "missing_section"
    And rule "summary.contents" fires, citing "一(七)"

    Examples:
      | sections                                                  | missing            |
      | [norms, experience_results, problems, countermeasures]    | progress           |
      | [progress, experience_results, problems, countermeasures] | norms              |
      | [progress, norms, problems, countermeasures]              | experience_results |
      | [progress, norms, experience_results, countermeasures]    | problems           |
      | [progress, norms, experience_results, problems]           | countermeasures    |

  @clause-1-7-1
  Scenario Outline: An evaluation lacking leadership, contingency planning or team building is incomplete
    Given the case fact "report.dimensions" is <dimensions>
    When the case is evaluated with the bundled pack
    Then the outcome is "incomplete"
    And the reasons are "missing_dimension"
    And rule "summary.evaluation.dimensions" fires, citing "一(七)1"

    Examples:
      | dimensions                                        | missing                   |
      | [contingency_planning, team_building]             | organizational_leadership |
      | [organizational_leadership, team_building]        | contingency_planning      |
      | [organizational_leadership, contingency_planning] | team_building             |

  @clause-1-7-1
  Scenario: An evaluation not measured against the city implementation plan is incomplete
    Given the case fact "report.compared_with_city_plan" is false
    When the case is evaluated with the bundled pack
    Then the outcome is "incomplete"
    And the reasons are "missing_dimension"
    And rule "summary.evaluation.city-plan" fires, citing "一(七)1"

  @clause-1-7-2
  Scenario: A summary without next-step rectification suggestions is incomplete
    Given the case fact "report.rectification_suggestions" is false
    When the case is evaluated with the bundled pack
    Then the outcome is "incomplete"
    And the reasons are "missing_section"
    And rule "summary.suggestions" fires, citing "一(七)2"

  @clause-1-7
  Scenario Outline: A summary covering a longer period than the set cycle (other than the annual one) misses the cycle; with all five parts, the reason is not a missing part
    Given the setting "summary.period_months" is <cycle>
    And the case fact "report.period" is <period>
    When the case is evaluated with the bundled pack
    Then the outcome is "incomplete"
    And the reasons are "off_cycle"
    And rule "summary.periodic" fires, citing "一(七)"
    And rule "summary.contents" does not fire

    Examples:
      | cycle | period      |
      | 3     | semi_annual |
      | 2     | quarterly   |

  @clause-1-7
  Scenario: A summary off the cycle and lacking a part gives both reasons
    Given the setting "summary.period_months" is 3
    And the case fact "report.sections" is [progress, norms, experience_results, problems]
    When the case is evaluated with the bundled pack
    Then the outcome is "incomplete"
    And the reasons are "missing_section, off_cycle"
    And rule "summary.periodic" fires, citing "一(七)"
    And rule "summary.contents" fires, citing "一(七)"

  @clause-1-7
  Scenario Outline: A summary on cycle, an annual one, or one with no stated period does not miss the cycle
    Given the setting "summary.period_months" is <cycle>
    And the case fact "report.period" is <period>
    When the case is evaluated with the bundled pack
    Then the outcome is "complete"
    And rule "summary.periodic" does not fire

    Examples:
      | cycle | period      |
      | 6     | semi_annual |
      | 3     | quarterly   |
      | 3     | annual      |
      | 3     | other       |
      | 3     | null        |

  @clause-1-7
  Scenario Outline: An annual summary is required besides the periodic ones, so it is on time whatever the cycle
    Given the setting "summary.period_months" is <cycle>
    And the case fact "report.period" is annual
    When the case is evaluated with the bundled pack
    Then the outcome is "complete"
    And there are no reasons
    And rule "summary.periodic.annual" fires, citing "一(七)"
    And rule "summary.periodic" does not fire

    Examples:
      | cycle |
      | 1     |
      | 6     |
      | 12    |

  @interpretation-only @clause-1-7
  Scenario Outline: A summary with no stated period, or an "other" one, cannot be measured against the cycle and is not incomplete
    Given the setting "summary.period_months" is 1
    And the case fact "report.period" is <period>
    When the case is evaluated with the bundled pack
    Then the outcome is "complete"
    And there are no reasons
    And rule "summary.periodic.unmeasured" fires, citing "—"
    And rule "summary.periodic" does not fire

    Examples:
      | period |
      | other  |
      | null   |
