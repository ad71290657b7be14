# language: en
Feature: Reporting upwards (escalation)
  To whom an issue is reported, and whether the report is complete. Grounds: 一(三)1
  「按程序规定逐级请示报告」 (report level by level), 一(三)2 reports after meetings, training or tasks,
  the lead paragraph of 一(三) (leading cadres report major issues of the work and personal matters to the
  organisation first), 一(三) 「要如实反映情况、分析问题、提出建议」 (state the facts, analyse, suggest), 序 the pilot units.
  The route is the whole path from the reporting role up; when several rules call for a report, it goes
  up to the highest of their targets (the longest route). report_incomplete beats report, which beats
  no_report_required.

  Background:
    Given the case:
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
    And the evaluation date is 2020-06-01

  Scenario Outline: The reporting route, level by level (decision table)
    Given the case fact "request.from_role" is <role>
    And the case fact "request.trigger" is <trigger>
    When the case is evaluated with the bundled pack
    Then the outcome is "report"
    And the route is "<route>"
    And there are no reasons
    And rule "<rule>" fires, citing "<clause>"

    @clause-1-3-1
    Examples: Major issues, and matters beyond the portfolio or of overall significance (一(三)1)
      | role              | trigger                         | rule                          | clause  | route                                                                |
      | business_division | major_within_authority          | escalate.division             | 一(三)1 | business_division, division_head, leader_in_charge                   |
      | division_head     | major_beyond_division_authority | escalate.division             | 一(三)1 | division_head, leader_in_charge                                      |
      | leader_in_charge  | beyond_portfolio                | escalate.leader               | 一(三)1 | leader_in_charge, principal_leader                                   |
      | leader_in_charge  | overall_work                    | escalate.leader               | 一(三)1 | leader_in_charge, principal_leader                                   |
      | business_division | overall_work                    | escalate.leader.from-division | 一(三)1 | business_division, division_head, leader_in_charge, principal_leader |
      | division_head     | beyond_portfolio                | escalate.leader.from-division | 一(三)1 | division_head, leader_in_charge, principal_leader                    |
      | business_division | major_work_issue                | escalate.division             | 一(三)1 | business_division, division_head, leader_in_charge                   |
      | division_head     | major_work_issue                | escalate.division             | 一(三)1 | division_head, leader_in_charge                                      |

    @clause-1-3-2
    Examples: After a meeting, training or a task (一(三)2)
      | role             | trigger                   | rule                                 | clause  | route                              |
      | division_head    | attended_superior_meeting | escalate.after-meeting.division-head | 一(三)2 | division_head, leader_in_charge    |
      | division_head    | attended_training         | escalate.after-meeting.division-head | 一(三)2 | division_head, leader_in_charge    |
      | division_head    | received_superior_task    | escalate.after-meeting.division-head | 一(三)2 | division_head, leader_in_charge    |
      | leader_in_charge | attended_superior_meeting | escalate.after-meeting.leader        | 一(三)2 | leader_in_charge, principal_leader |

    @clause-1-3
    Examples: Leading cadres report major issues of the work and personal matters to the organisation first (一(三) lead)
      | role             | trigger                         | rule                                   | clause | route                                            |
      | leader_in_charge | personal_matter                 | escalate.leaders-first.personal-matter | 一(三) | leader_in_charge, principal_leader, organisation |
      | principal_leader | personal_matter                 | escalate.leaders-first.personal-matter | 一(三) | principal_leader, organisation                   |
      | leader_in_charge | major_work_issue                | escalate.leaders-first.major-issue     | 一(三) | leader_in_charge, principal_leader, organisation |
      | principal_leader | major_work_issue                | escalate.leaders-first.major-issue     | 一(三) | principal_leader, organisation                   |
      | leader_in_charge | major_within_authority          | escalate.leaders-first.major-issue     | 一(三) | leader_in_charge, principal_leader, organisation |
      | principal_leader | major_beyond_division_authority | escalate.leaders-first.major-issue     | 一(三) | principal_leader, organisation                   |

  @clause-1-3-2
  Scenario: The text does not ask the leader in charge to report after training
    Given the case fact "request.from_role" is leader_in_charge
    And the case fact "request.trigger" is attended_training
    When the case is evaluated with the bundled pack
    Then the outcome is "no_report_required"
    And there is no route
    And rule "escalate.after-meeting.leader" does not fire

  @clause-1-3-1
  Scenario: The principal leader ends the unit's chain
    Given the case fact "request.from_role" is principal_leader
    And the case fact "request.trigger" is overall_work
    When the case is evaluated with the bundled pack
    Then the outcome is "no_report_required"
    And there is no route
    And rule "escalate.no-skip.end-of-chain" fires, citing "一(三)1"

  @clause-1-3
  Scenario: A sign of a major issue that the settings list makes a leading cadre report to the organisation
    Given the case fact "request.from_role" is principal_leader
    And the case fact "request.trigger" is overall_work
    And the case fact "request.issues" is [media_exposure]
    When the case is evaluated with the bundled pack
    Then the outcome is "report"
    And the route is "principal_leader, organisation"
    And rule "escalate.leaders-first.major-sign" fires, citing "一(三)"
    And rule "escalate.no-skip.end-of-chain" does not fire

  @clause-1-3
  Scenario: A division head is no leading cadre, so its personal matter is not reported to the organisation under this rule
    Given the case fact "request.from_role" is division_head
    And the case fact "request.trigger" is personal_matter
    When the case is evaluated with the bundled pack
    Then the outcome is "no_report_required"
    And there is no route
    And rule "escalate.leaders-first.personal-matter" does not fire

  @clause-1-3
  Scenario: A report to the organisation must also state the facts, the analysis and suggestions
    Given the case fact "request.from_role" is leader_in_charge
    And the case fact "request.trigger" is personal_matter
    And the case fact "request.content.suggestions" is null
    When the case is evaluated with the bundled pack
    Then the outcome is "report_incomplete"
    And the reasons are "missing_suggestions"
    And the route is "leader_in_charge, principal_leader, organisation"
    And rule "escalate.leaders-first.personal-matter" fires, citing "一(三)"

  @clause-preface @clause-1-3-1
  Scenario Outline: The reporting rules bind pilot units only
    Given the case fact "<fact>" is <value>
    When the case is evaluated with the bundled pack
    Then the outcome is "no_report_required"
    And there is no route
    And rule "escalate.scope" fires, citing "序"
    And rule "escalate.division" does not fire

    Examples:
      | fact                                | value |
      | request.unit.level                  | other |
      | request.unit.requires_certification | false |

  @clause-1-3-1
  Scenario: Without a trigger, no report is required
    Given the case fact "request.trigger" is null
    When the case is evaluated with the bundled pack
    Then the outcome is "no_report_required"
    And rule "escalate.division" does not fire
    And rule "escalate.major-issue" does not fire

  @clause-1-3-1
  Scenario Outline: A sign of a major issue makes the division head report to the leader in charge
    Given the case fact "request.trigger" is null
    And the case fact "request.issues" is [<issue>]
    When the case is evaluated with the bundled pack
    Then the outcome is "report"
    And the route is "division_head, leader_in_charge"
    And rule "escalate.major-issue" fires, citing "一(三)1"

    Examples:
      | issue                    |
      | potential_revocation     |
      | blacklisting             |
      | judicial_referral        |
      | cross_department_dispute |
      | overdue_verification     |
      | media_exposure           |
      | complaint                |

  @clause-1-3-1
  Scenario Outline: A division's matter of overall significance with a sign of a major issue goes up through the leader in charge to the principal leader
    Given the case fact "request.from_role" is <role>
    And the case fact "request.trigger" is overall_work
    And the case fact "request.issues" is [<sign>]
    When the case is evaluated with the bundled pack
    Then the outcome is "report"
    And the route is "<route>"
    And rule "escalate.leader.from-division" fires, citing "一(三)1"
    And rule "escalate.major-issue" fires, citing "一(三)1"

    Examples:
      | role              | sign           | route                                                               |
      | division_head     | complaint      | division_head, leader_in_charge, principal_leader                   |
      | business_division | media_exposure | business_division, division_head, leader_in_charge, principal_leader |

  @clause-1-3-1
  Scenario: What counts as a major issue is a setting
    Given the setting "escalation.major_issues" is [complaint]
    And the case fact "request.trigger" is null
    And the case fact "request.issues" is [media_exposure]
    When the case is evaluated with the bundled pack
    Then the outcome is "no_report_required"
    And rule "escalate.major-issue" does not fire

  @clause-1-3
  Scenario Outline: A report states the facts, analyses the problem and makes suggestions; one lacking any is incomplete
    Given the case fact "request.content.<part>" is <value>
    When the case is evaluated with the bundled pack
    Then the outcome is "report_incomplete"
    And the reasons are "<reason>"
    And the route is "division_head, leader_in_charge"
    And rule "<rule>" fires, citing "一(三)"

    Examples:
      | part        | value | reason              | rule                         |
      | facts       | null  | missing_facts       | escalate.content.facts       |
      | analysis    | null  | missing_analysis    | escalate.content.analysis    |
      | suggestions | null  | missing_suggestions | escalate.content.suggestions |
      | suggestions | "  "  | missing_suggestions | escalate.content.suggestions |

  @clause-1-3-1
  Scenario: A report addressed past the next level goes along the level-by-level route
    Given the case fact "request.to_role" is principal_leader
    When the case is evaluated with the bundled pack
    Then the outcome is "report"
    And the route is "division_head, leader_in_charge"
    And rule "escalate.no-skip" fires, citing "一(三)1"
    And rule "escalate.division" fires, citing "一(三)1"

  @clause-1-3-1
  Scenario: A report to the next role up skips no level
    Given the case fact "request.to_role" is leader_in_charge
    When the case is evaluated with the bundled pack
    Then the outcome is "report"
    And rule "escalate.no-skip" does not fire
