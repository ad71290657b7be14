# language: en
Feature: Supervision and assessment (assessment)
  Per 一(六) 「明确行政机关及其工作人员尽职免责、失职追责机制」 (diligent officials are exempt, derelict
  ones held accountable) and 一(六)2 「对落实有力、成效显著的给予表彰奖励,对工作落实不到位的,要严格追责」
  (effective work is commended, inadequate work strictly held accountable). accountability beats
  commendation, which beats exempt; no_action comes last. Dereliction is never commended in the same
  decision; diligence shown with no dereliction exempts from the accountability for inadequate work
  (尽职免责 is the exception to 严格追责).

  Background:
    Given the case:
      """yaml
      kind: assessment
      id: ASM-2020-0001
      assessment:
        subject: unit
        name: 连云港市市场监督管理局
      """
    And the evaluation date is 2020-06-01

  Scenario Outline: The assessment of a unit's pilot work (一(六)2)
    Given the case fact "assessment.performance" is <performance>
    When the case is evaluated with the bundled pack
    Then the outcome is "<outcome>"
    And the consequences are "<consequences>"
    And rule "<rule>" fires, citing "<clause>"

    @clause-1-6-2
    Examples: Effective work is commended, inadequate work held accountable
      | performance | outcome        | consequences   | rule                                | clause  |
      | effective   | commendation   | commendation   | supervise.assessment.commendation   | 一(六)2 |
      | inadequate  | accountability | accountability | supervise.assessment.accountability | 一(六)2 |

    @interpretation-only
    Examples: Adequate work gets neither
      | performance | outcome   | consequences | rule                          | clause |
      | adequate    | no_action |              | supervise.assessment.adequate | —      |

  @clause-1-6-2
  Scenario: A unit without a rating gets no action
    When the case is evaluated with the bundled pack
    Then the outcome is "no_action"
    And there are no consequences
    And rule "supervise.assessment.commendation" does not fire
    And rule "supervise.assessment.accountability" does not fire

  @clause-1-6
  Scenario: A diligent official is exempt
    Given the case fact "assessment.subject" is official
    And the case fact "assessment.diligent" is true
    When the case is evaluated with the bundled pack
    Then the outcome is "exempt"
    And there are no consequences
    And rule "supervise.duty.exempt" fires, citing "一(六)"

  @clause-1-6
  Scenario Outline: A derelict official is held accountable, even if also recorded as diligent
    Given the case fact "assessment.subject" is official
    And the case fact "assessment.dereliction" is true
    And the case fact "assessment.diligent" is <diligent>
    When the case is evaluated with the bundled pack
    Then the outcome is "accountability"
    And the consequences are "accountability"
    And rule "supervise.duty.accountability" fires, citing "一(六)"
    And rule "supervise.duty.exempt" does not fire

    Examples:
      | diligent |
      | false    |
      | true     |

  @clause-1-6
  Scenario: An official shown neither diligent nor derelict gets no action
    Given the case fact "assessment.subject" is official
    When the case is evaluated with the bundled pack
    Then the outcome is "no_action"
    And rule "supervise.duty.exempt" does not fire
    And rule "supervise.duty.accountability" does not fire

  @clause-1-6-2 @clause-1-6
  Scenario: A diligent unit with effective work is commended rather than merely exempt
    Given the case fact "assessment.performance" is effective
    And the case fact "assessment.diligent" is true
    When the case is evaluated with the bundled pack
    Then the outcome is "commendation"
    And the consequences are "commendation"
    And rule "supervise.assessment.commendation" fires, citing "一(六)2"
    And rule "supervise.duty.exempt" fires, citing "一(六)"

  @clause-1-6 @clause-1-6-2
  Scenario: A derelict unit is held accountable and not commended, however effective its work
    Given these case facts:
      | fact                   | value     |
      | assessment.performance | effective |
      | assessment.dereliction | true      |
    When the case is evaluated with the bundled pack
    Then the outcome is "accountability"
    And the consequences are "accountability"
    And rule "supervise.duty.accountability" fires, citing "一(六)"
    And rule "supervise.assessment.commendation" does not fire

  @clause-1-6 @clause-1-6-2
  Scenario Outline: Diligence exempts from the accountability for inadequate work: 尽职免责 is the exception to 「对工作落实不到位的,要严格追责」
    Given these case facts:
      | fact                   | value        |
      | assessment.subject     | <subject>    |
      | assessment.performance | inadequate   |
      | assessment.diligent    | true         |
    When the case is evaluated with the bundled pack
    Then the outcome is "exempt"
    And there are no consequences
    And rule "supervise.duty.exempt" fires, citing "一(六)"
    And rule "supervise.assessment.accountability" does not fire

    Examples:
      | subject  |
      | unit     |
      | official |

  @clause-1-6 @clause-1-6-2
  Scenario: Inadequate work with dereliction is held accountable, whatever diligence is also recorded
    Given these case facts:
      | fact                   | value      |
      | assessment.performance | inadequate |
      | assessment.diligent    | true       |
      | assessment.dereliction | true       |
    When the case is evaluated with the bundled pack
    Then the outcome is "accountability"
    And the consequences are "accountability"
    And rule "supervise.assessment.accountability" fires, citing "一(六)2"
    And rule "supervise.duty.exempt" does not fire
