# language: en
Feature: Error tolerance and correction (leniency)
  Mistakes made by units and public officials while performing their duties or in reform and
  innovation are treated more lightly, mitigated or exempted, and their correction is ordered (一(四)).
  一(四)1 asks to weigh 「动机态度、客观条件、程序方法、性质程度、后果影响以及挽回损失」 (motive,
  objective conditions, procedure, nature, consequences and recovery of losses) but gives no algorithm.
  The library's default (an interpretation, configurable): favourable +1, neutral 0, unfavourable -1;
  exempt when all six are favourable and the losses are fully recovered, mitigated from 3, lighter from
  1, otherwise none; private gain, knowing violation or defiance of a prohibition rule leniency out.
  一(四)2 adds the first-form tools and clarification.

  Background:
    Given the case:
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
    And the evaluation date is 2020-06-01

  @clause-1-4 @clause-1-4-1 @clause-1-4-2
  Scenario: A mistake in duty performance, all six factors favourable and losses recovered: exempt, correction ordered
    When the case is evaluated with the bundled pack
    Then the outcome is "exempt"
    And the consequences are "rectification_ordered"
    And the tools are "criticism_self_criticism, interview_inquiry, reprimand"
    And rule "leniency.eligible" fires, citing "一(四)"
    And rule "leniency.rectify" fires, citing "一(四)"
    And rule "leniency.assess.exempt" fires, citing "一(四)1"
    And rule "leniency.mechanisms.first-form" fires, citing "一(四)2"

  @clause-1-4
  Scenario Outline: Leniency covers units and public officials, in duty performance and in reform and innovation
    Given the case fact "conduct.subject" is <subject>
    And the case fact "conduct.context" is <context>
    When the case is evaluated with the bundled pack
    Then the outcome is "exempt"
    And rule "leniency.eligible" fires, citing "一(四)"

    Examples:
      | subject         | context           |
      | unit            | duty_performance  |
      | unit            | reform_innovation |
      | public_official | reform_innovation |

  @clause-1-4
  Scenario: A mistake made in other work does not qualify
    Given the case fact "conduct.context" is other
    When the case is evaluated with the bundled pack
    Then the outcome is "not_applicable"
    And there are no consequences
    And rule "leniency.not-applicable" fires, citing "一(四)"
    And rule "leniency.rectify" does not fire

  @clause-1-4-1
  Scenario Outline: Weighing the six factors (decision table, default algorithm)
    Given these case facts:
      | fact                                 | value                 |
      | conduct.factors.motive_attitude      | <motive>              |
      | conduct.factors.objective_conditions | <conditions>          |
      | conduct.factors.procedure_method     | <procedure>           |
      | conduct.factors.nature_degree        | <nature>              |
      | conduct.factors.consequence_impact   | <consequences>        |
      | conduct.factors.loss_recovery        | <recovery>            |
      | conduct.losses_recovered             | <losses recovered>    |
    When the case is evaluated with the bundled pack
    Then the outcome is "<outcome>"
    And rule "<rule>" fires, citing "一(四)1"

    Examples:
      | motive      | conditions  | procedure   | nature      | consequences | recovery    | losses recovered | score | outcome   | rule                      |
      | favorable   | favorable   | favorable   | favorable   | favorable    | favorable   | true             | 6     | exempt    | leniency.assess.exempt    |
      | favorable   | favorable   | favorable   | favorable   | favorable    | favorable   | false            | 6     | mitigated | leniency.assess.mitigated |
      | favorable   | favorable   | favorable   | neutral     | neutral      | neutral     | true             | 3     | mitigated | leniency.assess.mitigated |
      | favorable   | favorable   | favorable   | favorable   | neutral      | unfavorable | true             | 3     | mitigated | leniency.assess.mitigated |
      | favorable   | favorable   | neutral     | neutral     | neutral      | neutral     | true             | 2     | lighter   | leniency.assess.lighter   |
      | favorable   | neutral     | neutral     | neutral     | neutral      | neutral     | true             | 1     | lighter   | leniency.assess.lighter   |
      | neutral     | neutral     | neutral     | neutral     | neutral      | neutral     | true             | 0     | none      | leniency.assess.none      |
      | favorable   | favorable   | favorable   | unfavorable | unfavorable  | unfavorable | true             | 0     | none      | leniency.assess.none      |
      | unfavorable | unfavorable | unfavorable | unfavorable | unfavorable  | unfavorable | false            | -6    | none      | leniency.assess.none      |

  @clause-1-4-1
  Scenario Outline: Private gain, knowing violation or defiance of a prohibition rule leniency out
    Given the case fact "conduct.bars" is [<bar>]
    When the case is evaluated with the bundled pack
    Then the outcome is "none"
    And the reasons are "disqualifier"
    And there are no tools
    And rule "leniency.assess.disqualified" fires, citing "一(四)1"
    And rule "leniency.assess.exempt" does not fire

    Examples:
      | bar                |
      | private_gain       |
      | knowing_violation  |
      | defied_prohibition |

  @clause-1-4 @clause-1-4-1
  Scenario: Without leniency, correction is still ordered
    Given the case fact "conduct.bars" is [knowing_violation]
    When the case is evaluated with the bundled pack
    Then the outcome is "none"
    And the consequences are "rectification_ordered"
    And rule "leniency.rectify" fires, citing "一(四)"
    And rule "leniency.assess.disqualified" fires, citing "一(四)1"

  @clause-1-4-1 @clause-1-4-2
  Scenario: Mitigated treatment gets the first-form tools too (more lenient than lighter, it cannot get less help)
    Given the case fact "conduct.losses_recovered" is false
    When the case is evaluated with the bundled pack
    Then the outcome is "mitigated"
    And the tools are "criticism_self_criticism, interview_inquiry, reprimand"
    And rule "leniency.assess.mitigated" fires, citing "一(四)1"
    And rule "leniency.mechanisms.first-form" fires, citing "一(四)2"

  @clause-1-4-1
  Scenario: No lenient treatment, no first-form tools
    Given these case facts:
      | fact                                 | value       |
      | conduct.factors.motive_attitude      | unfavorable |
      | conduct.factors.objective_conditions | neutral     |
      | conduct.factors.procedure_method     | neutral     |
      | conduct.factors.nature_degree        | neutral     |
      | conduct.factors.consequence_impact   | neutral     |
      | conduct.factors.loss_recovery        | neutral     |
    When the case is evaluated with the bundled pack
    Then the outcome is "none"
    And there are no tools
    And rule "leniency.assess.none" fires, citing "一(四)1"
    And rule "leniency.mechanisms.first-form" does not fire

  @clause-1-4-2 @clause-1-4-1
  Scenario: Lighter treatment uses the first-form tools to help correct the mistake
    Given these case facts:
      | fact                                 | value   |
      | conduct.factors.objective_conditions | neutral |
      | conduct.factors.procedure_method     | neutral |
      | conduct.factors.nature_degree        | neutral |
      | conduct.factors.consequence_impact   | neutral |
      | conduct.factors.loss_recovery        | neutral |
    When the case is evaluated with the bundled pack
    Then the outcome is "lighter"
    And the tools are "criticism_self_criticism, interview_inquiry, reprimand"
    And rule "leniency.assess.lighter" fires, citing "一(四)1"
    And rule "leniency.mechanisms.first-form" fires, citing "一(四)2"

  @clause-1-4-2
  Scenario: An exempt subject who was falsely accused is cleared publicly
    Given the case fact "conduct.falsely_accused" is true
    When the case is evaluated with the bundled pack
    Then the outcome is "exempt"
    And the consequences are "clarification_protection, rectification_ordered"
    And rule "leniency.mechanisms.clarification" fires, citing "一(四)2"

  @clause-1-4 @interpretation-only
  Scenario Outline: A mistake already corrected is not ordered corrected again; the treatment and the tools are unchanged
    Given the case fact "conduct.rectified" is true
    And the case fact "conduct.losses_recovered" is <recovered>
    When the case is evaluated with the bundled pack
    Then the outcome is "<outcome>"
    And there are no consequences
    And the tools are "criticism_self_criticism, interview_inquiry, reprimand"
    And rule "leniency.rectify.done" fires, citing "—"
    And rule "leniency.rectify" does not fire

    Examples:
      | recovered | outcome   |
      | true      | exempt    |
      | false     | mitigated |

  @clause-1-4
  Scenario: A mistake not yet corrected is ordered corrected
    Given the case fact "conduct.rectified" is false
    When the case is evaluated with the bundled pack
    Then the consequences are "rectification_ordered"
    And rule "leniency.rectify" fires, citing "一(四)"
    And rule "leniency.rectify.done" does not fire

  @clause-1-4-2
  Scenario: A subject that is not exempt gets no clarification for a false accusation
    Given the case fact "conduct.falsely_accused" is true
    And the case fact "conduct.losses_recovered" is false
    When the case is evaluated with the bundled pack
    Then the outcome is "mitigated"
    And the consequences are "rectification_ordered"
    And rule "leniency.mechanisms.clarification" does not fire

  @clause-1-4-1
  Scenario: With all-favourable no longer required, recovered losses and a mitigated score exempt
    Given the setting "leniency.exempt_requires_all_favorable" is false
    And these case facts:
      | fact                               | value   |
      | conduct.factors.nature_degree      | neutral |
      | conduct.factors.consequence_impact | neutral |
      | conduct.factors.loss_recovery      | neutral |
    When the case is evaluated with the bundled pack
    Then the outcome is "exempt"
    And rule "leniency.assess.exempt" fires, citing "一(四)1"

  @clause-1-4-1
  Scenario: The thresholds are settings
    Given the setting "leniency.mitigated_min_score" is 4
    And these case facts:
      | fact                               | value   |
      | conduct.factors.nature_degree      | neutral |
      | conduct.factors.consequence_impact | neutral |
      | conduct.factors.loss_recovery      | neutral |
    When the case is evaluated with the bundled pack
    Then the outcome is "lighter"
    And rule "leniency.assess.lighter" fires, citing "一(四)1"
    And rule "leniency.assess.mitigated" does not fire

  @clause-1-4-1
  Scenario Outline: With lighter treatment switched off (threshold 7), an exempt or mitigated case does not also get "no leniency"
    Given the setting "leniency.lighter_min_score" is 7
    And the case fact "conduct.losses_recovered" is <recovered>
    When the case is evaluated with the bundled pack
    Then the outcome is "<outcome>"
    And the tools are "criticism_self_criticism, interview_inquiry, reprimand"
    And rule "<rule>" fires, citing "一(四)1"
    And rule "leniency.assess.none" does not fire

    Examples:
      | recovered | outcome   | rule                      |
      | true      | exempt    | leniency.assess.exempt    |
      | false     | mitigated | leniency.assess.mitigated |
