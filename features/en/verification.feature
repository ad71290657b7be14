# language: en
Feature: Handling verification results (verification)
  What follows from a verification result and its findings. A verification finishes within the time
  the plan sets (一(一)2); results go to the municipal credit system and are shared (一(五), 二(一));
  commitments and outcomes are collected into the applicant's history (二(二)); performance and
  breaches go into the credit file (一(二)1). A breach leads to: revocation and an administrative
  penalty (一(一)2, 二(二)), invalidity with fees not refunded (二(二)1; after a refusal, the
  application is void), a credit record and judicial referral (二(二)2), the liability of units or
  persons at fault (一(一)2), a dishonesty event (二) and a blacklist proposal (一(二)2, 二(二)3).
  breach beats overdue, which beats fulfilled.

  Background:
    Given the case:
      """yaml
      kind: verification
      id: V-2020-0001
      applicant:
        id: P-0101
        kind: natural_person
        name: 张某
        id_no: '320700199001011234'
        employer: 连云港某某物流有限公司
        credit: {on_blacklist: false, serious_dishonesty: false, prior_false_commitment: false}
      matter:
        id: LYG-SC-007
        name: 食品经营许可所需的经营场所使用证明
        kind: licensing
        review_mode: formal
        listed: true
        commitment_condition_met: true
        legal_basis: 《食品经营许可管理办法》
        unit: {name: 连云港市市场监督管理局, level: municipal, requires_certification: true}
        fees: 500
        penalty_basis: false
        plan:
          timing: post_decision
          deadline_days: 30
          standard: 经营场所产权或租赁证明与承诺一致
          methods: [on_site_investigation, backend_data_retrieval]
      commitment:
        notification:
          breach_risk: true
          joint_punishment_mechanism: true
          fee_non_refund: true
          matter_name: true
          legal_basis: true
          certification_obligation: true
          certification_content: true
          commitment_method: true
          commitment_effect: true
          liability_civil_admin_criminal: true
          verification_power: true
          publicity: {whether: true, scope: true, period: true}
        statements: [knows_notice, meets_conditions, accepts_liability, genuine_intent]
        signed_at: 2020-03-02
        channel: electronic
        decision: granted
        fees_paid: 500
      started_on: 2020-05-10
      result:
        method: on_site_investigation
        completed_at: 2020-05-22
        outcome: consistent
        findings: []
      """
    And the evaluation date is 2020-06-01

  @clause-1-2-1 @clause-1-5 @clause-2-1 @clause-2-2
  Scenario: A result consistent with the commitment is recorded as performance, shared and collected
    When the case is evaluated with the bundled pack
    Then the outcome is "fulfilled"
    And the consequences are "credit_record, share_credit_info"
    And rule "credit.record-commitment.performance" fires, citing "一(二)1"
    And rule "verify.share" fires, citing "一(五), 二(一)"
    And rule "verify.history" fires, citing "二(二)"

  @clause-1-5 @clause-2-1 @clause-2-2 @clause-1-2-1
  Scenario: A result that could not be verified is shared but earns no performance record; the commitment stands
    Given the case fact "result.outcome" is not_verifiable
    When the case is evaluated with the bundled pack
    Then the outcome is "fulfilled"
    And the consequences are "share_credit_info"
    And rule "verify.share" fires, citing "一(五), 二(一)"
    And rule "verify.history" fires, citing "二(二)"
    And rule "credit.record-commitment.performance" does not fire

  Scenario Outline: A verification not finished within its deadline is overdue, which is not held against the applicant
    Given these case facts:
      | fact                      | value             |
      | result.completed_at       | null              |
      | result.outcome            | null              |
      | matter.plan.deadline_days | <deadline>        |
      | commitment.decision       | <decision>        |
      | matter.processing_days    | <processing days> |
    And the evaluation date is <evaluated on>
    When the case is evaluated with the bundled pack
    Then the outcome is "overdue"
    And there are no consequences
    And rule "<rule>" fires, citing "<clause>"

    @clause-1-1-2
    Examples: The deadline of the plan (30 days from 2020-05-10)
      | deadline | decision | processing days | evaluated on | rule                         | clause  |
      | 30       | granted  | null            | 2020-06-10   | verify.overdue.plan-deadline | 一(一)2 |

    @interpretation-only
    Examples: No deadline in the plan: 30 days after the decision, the processing time before it
      | deadline | decision | processing days | evaluated on | rule                            | clause |
      | null     | granted  | null            | 2020-06-10   | verify.overdue.default-deadline | —      |
      | null     | pending  | 20              | 2020-05-31   | verify.overdue.pre-decision     | —      |

  Scenario Outline: The last day of the period is still in time
    Given these case facts:
      | fact                      | value             |
      | result.completed_at       | null              |
      | result.outcome            | null              |
      | matter.plan.deadline_days | <deadline>        |
      | commitment.decision       | <decision>        |
      | matter.processing_days    | <processing days> |
    And the evaluation date is <evaluated on>
    When the case is evaluated with the bundled pack
    Then the outcome is "fulfilled"
    And there are no consequences
    And rule "<rule>" does not fire

    @clause-1-1-2
    Examples: The deadline of the plan
      | deadline | decision | processing days | evaluated on | rule                         |
      | 30       | granted  | null            | 2020-06-09   | verify.overdue.plan-deadline |

    @interpretation-only
    Examples: The default deadline and the processing time
      | deadline | decision | processing days | evaluated on | rule                            |
      | null     | granted  | null            | 2020-06-09   | verify.overdue.default-deadline |
      | null     | pending  | 20              | 2020-05-30   | verify.overdue.pre-decision     |

  @clause-1-1-2 @clause-1-2-1
  Scenario: A verification finished after its deadline is still overdue; the performance is recorded as usual
    Given the case fact "result.completed_at" is 2020-06-15
    And the evaluation date is 2020-06-20
    When the case is evaluated with the bundled pack
    Then the outcome is "overdue"
    And the consequences are "credit_record, share_credit_info"
    And rule "verify.overdue.plan-deadline" fires, citing "一(一)2"
    And rule "credit.record-commitment.performance" fires, citing "一(二)1"

  @interpretation-only
  Scenario: A pre-decision check is due within the statutory processing time, not the default post-decision deadline
    Given these case facts:
      | fact                      | value   |
      | result.completed_at       | null    |
      | result.outcome            | null    |
      | matter.plan.deadline_days | null    |
      | commitment.decision       | pending |
      | matter.processing_days    | 60      |
    And the evaluation date is 2020-07-05
    When the case is evaluated with the bundled pack
    Then the outcome is "fulfilled"
    And rule "verify.deadline.pre-decision" fires, citing "—"
    And rule "verify.overdue.default-deadline" does not fire
    And rule "verify.overdue.pre-decision" does not fire

  @interpretation-only
  Scenario: With that setting off, a pre-decision check has the default deadline too
    Given the setting "verification.pre_decision_uses_processing_days" is false
    And these case facts:
      | fact                      | value   |
      | result.completed_at       | null    |
      | result.outcome            | null    |
      | matter.plan.deadline_days | null    |
      | commitment.decision       | pending |
      | matter.processing_days    | 60      |
    And the evaluation date is 2020-07-05
    When the case is evaluated with the bundled pack
    Then the outcome is "overdue"
    And rule "verify.overdue.default-deadline" fires, citing "—"
    And rule "verify.deadline.pre-decision" does not fire

  Scenario Outline: What a finding leads to (decision table)
    Given these case facts:
      | fact                | value                               |
      | result.outcome      | inconsistent                        |
      | result.findings[0]  | {type: <finding>, stage: <stage>}   |
      | commitment.decision | <decision>                          |
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And the consequences are "<consequences>"
    And rule "<rule>" fires, citing "<clause>"

    @clause-2-2-1
    Examples: Not meeting the conditions, or not doing as required: the application or decision is void, fees are not refunded (二(二)1)
      | finding                         | stage         | decision | consequences                                              | rule                         | clause  |
      | not_meeting_conditions          | pre_decision  | pending  | application_invalid, credit_record, fees_not_refunded, share_credit_info | breach.invalid.pre-decision  | 二(二)1 |
      | noncompliance_with_requirements | pre_decision  | pending  | application_invalid, credit_record, fees_not_refunded, share_credit_info | breach.invalid.pre-decision  | 二(二)1 |
      | not_meeting_conditions          | post_decision | granted  | credit_record, decision_invalid, fees_not_refunded, share_credit_info | breach.invalid.post-decision | 二(二)1 |
      | noncompliance_with_requirements | post_decision | granted  | credit_record, decision_invalid, fees_not_refunded, share_credit_info | breach.invalid.post-decision | 二(二)1 |

    @clause-2-2-1
    Examples: Whether the application or the decision is void depends on whether a decision was granted, not on when the finding was made: a grant made despite a finding before it is void; with no decision yet, the application is (二(二)1)
      | finding                         | stage         | decision | consequences                                                             | rule                         | clause  |
      | not_meeting_conditions          | pre_decision  | granted  | credit_record, decision_invalid, fees_not_refunded, share_credit_info    | breach.invalid.post-decision | 二(二)1 |
      | noncompliance_with_requirements | post_decision | pending  | application_invalid, credit_record, fees_not_refunded, share_credit_info | breach.invalid.pre-decision  | 二(二)1 |

    @clause-1-1-2 @clause-2-2
    Examples: Concealment or a false commitment after a granted decision: the decision is revoked according to law (一(一)2, 二(二))
      | finding                 | stage         | decision | consequences                                                                              | rule                  | clause          |
      | false_commitment        | post_decision | granted  | blacklist_proposed, credit_record, decision_revoked, fees_not_refunded, share_credit_info | breach.revoke.granted | 一(一)2, 二(二) |
      | intentional_concealment | post_decision | granted  | blacklist_proposed, credit_record, decision_revoked, fees_not_refunded, share_credit_info | breach.revoke.granted | 一(一)2, 二(二) |

    @clause-nat-42
    Examples: Concealment or a false commitment before the decision: handling ends, the application is void (No. 42)
      | finding                 | stage        | decision | consequences                                                                                                      | rule                       | clause |
      | false_commitment        | pre_decision | pending  | application_invalid, blacklist_proposed, credit_record, fees_not_refunded, handling_terminated, share_credit_info | breach.revoke.pre-decision | NAT-42 |
      | intentional_concealment | pre_decision | pending  | application_invalid, blacklist_proposed, credit_record, fees_not_refunded, handling_terminated, share_credit_info | breach.revoke.pre-decision | NAT-42 |

    @clause-2-2-1
    Examples: Concealment or a false commitment after a refusal: the application is void, no more lightly than a mismatch (二(二)1)
      | finding                 | stage         | decision | consequences                                                                                 | rule                  | clause  |
      | false_commitment        | post_decision | refused  | application_invalid, blacklist_proposed, credit_record, fees_not_refunded, share_credit_info | breach.revoke.refused | 二(二)1 |
      | intentional_concealment | post_decision | refused  | application_invalid, blacklist_proposed, credit_record, fees_not_refunded, share_credit_info | breach.revoke.refused | 二(二)1 |

    @clause-2-2-1
    Examples: Not meeting the conditions, or not doing as required, after a refusal: the application is void, not the refusal (二(二)1)
      | finding                         | stage         | decision | consequences                                                             | rule                   | clause  |
      | not_meeting_conditions          | post_decision | refused  | application_invalid, credit_record, fees_not_refunded, share_credit_info | breach.invalid.refused | 二(二)1 |
      | noncompliance_with_requirements | post_decision | refused  | application_invalid, credit_record, fees_not_refunded, share_credit_info | breach.invalid.refused | 二(二)1 |

    @clause-1-1-2 @clause-2-2
    Examples: Other improper means (二(二)2 「或者以其他不正当手段」) are treated as concealment and a false commitment: a grant is revoked
      | finding        | stage         | decision | consequences                                                                              | rule                  | clause          |
      | improper_means | post_decision | granted  | blacklist_proposed, credit_record, decision_revoked, fees_not_refunded, share_credit_info | breach.revoke.granted | 一(一)2, 二(二) |

    @clause-nat-42
    Examples: Improper means before the decision: the handling ends, the application is void
      | finding        | stage        | decision | consequences                                                                                                      | rule                       | clause |
      | improper_means | pre_decision | pending  | application_invalid, blacklist_proposed, credit_record, fees_not_refunded, handling_terminated, share_credit_info | breach.revoke.pre-decision | NAT-42 |

    @clause-2-2-1
    Examples: Improper means after a refusal: the application is void
      | finding        | stage         | decision | consequences                                                                                 | rule                  | clause  |
      | improper_means | post_decision | refused  | application_invalid, blacklist_proposed, credit_record, fees_not_refunded, share_credit_info | breach.revoke.refused | 二(二)1 |

    @clause-2-2-2
    Examples: A certificate obtained by other improper means: a credit record (二(二)2)
      | finding        | stage         | decision | consequences                                                                              | rule                 | clause  |
      | improper_means | post_decision | granted  | blacklist_proposed, credit_record, decision_revoked, fees_not_refunded, share_credit_info | breach.credit-record | 二(二)2 |

    @clause-2
    Examples: Not performing the commitment: a dishonesty event (二), recorded as a breach by default
      | finding        | stage         | decision | consequences                     | rule                    | clause |
      | nonperformance | post_decision | granted  | credit_record, share_credit_info | breach.dishonesty-event | 二     |

  @clause-2-2-2
  Scenario Outline: Concealment, a false commitment or improper means go into the applicant's credit file
    Given the case fact "result.outcome" is inconsistent
    And the case fact "result.findings[0]" is {type: <finding>, stage: post_decision}
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And rule "breach.credit-record" fires, citing "二(二)2"

    Examples:
      | finding                 |
      | intentional_concealment |
      | false_commitment        |
      | improper_means          |

  @clause-2 @clause-1-2-1
  Scenario: A result found inconsistent is a dishonesty event, even without a specific finding; inconsistent is not kept, so it gets a breach record, published
    Given the case fact "result.outcome" is inconsistent
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And the consequences are "credit_record, share_credit_info"
    And the channels are "credit_lyg, market_supervision_platform, public_resource_trading_platform, investment_project_platform"
    And rule "breach.dishonesty-event" fires, citing "二"
    And rule "credit.record-commitment.inconsistent" fires, citing "一(二)1"
    And rule "credit.record-commitment.breach" does not fire

  @clause-2-2-1
  Scenario: Fees paid are not refunded when void
    Given the case fact "result.findings[0]" is {type: not_meeting_conditions, stage: post_decision}
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And rule "breach.invalid.fees" fires, citing "二(二)1"

  @clause-2-2-1
  Scenario: With the non-refund setting off, fees are refunded when void
    Given the setting "fees.non_refund_on_invalid" is false
    And the case fact "result.findings[0]" is {type: not_meeting_conditions, stage: post_decision}
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And the consequences are "credit_record, decision_invalid, share_credit_info"
    And rule "breach.invalid.post-decision" fires, citing "二(二)1"
    And rule "breach.invalid.fees" does not fire

  @clause-2-2-1 @clause-1-1-2 @clause-2-2
  Scenario: Fees are not refunded either when a decision is revoked for a false commitment
    Given the case fact "result.findings[0]" is {type: false_commitment, stage: post_decision}
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And rule "breach.revoke.fees" fires, citing "二(二)1"
    And rule "breach.revoke.granted" fires, citing "一(一)2, 二(二)"

  @clause-1-1-2 @clause-2-2 @clause-2-2-1
  Scenario: With the setting off, fees are refunded on revocation
    Given the setting "fees.non_refund_on_revoke" is false
    And the case fact "result.findings[0]" is {type: false_commitment, stage: post_decision}
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And the consequences are "blacklist_proposed, credit_record, decision_revoked, share_credit_info"
    And rule "breach.revoke.granted" fires, citing "一(一)2, 二(二)"
    And rule "breach.revoke.fees" does not fire

  @interpretation-only @clause-2-2-1
  Scenario Outline: Where fee law requires a refund, fees are refunded
    Given the case fact "matter.fees_refundable" is true
    And the case fact "result.findings[0]" is {type: <finding>, stage: post_decision}
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And the consequences are "<consequences>"
    And rule "breach.fees-refundable" fires, citing "—"
    And rule "<non-refund rule>" does not fire

    Examples:
      | finding                | consequences                                                           | non-refund rule     |
      | not_meeting_conditions | credit_record, decision_invalid, share_credit_info                     | breach.invalid.fees |
      | false_commitment       | blacklist_proposed, credit_record, decision_revoked, share_credit_info | breach.revoke.fees  |

  @clause-2-2
  Scenario: Where a law provides a penalty for a false commitment, it comes with the revocation
    Given the case fact "matter.penalty_basis" is true
    And the case fact "result.findings[0]" is {type: false_commitment, stage: post_decision}
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And the consequences are "administrative_penalty, blacklist_proposed, credit_record, decision_revoked, fees_not_refunded, share_credit_info"
    And rule "breach.revoke.penalty" fires, citing "二(二)"

  @clause-nat-42 @clause-2-2
  Scenario: Before a decision, the handling ends, and the penalty a law provides is given all the same: it punishes the false commitment, not the grant
    Given these case facts:
      | fact                 | value                                         |
      | matter.penalty_basis | true                                          |
      | commitment.decision  | pending                                       |
      | result.findings[0]   | {type: false_commitment, stage: pre_decision} |
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And the consequences are "administrative_penalty, application_invalid, blacklist_proposed, credit_record, fees_not_refunded, handling_terminated, share_credit_info"
    And rule "breach.revoke.pre-decision" fires, citing "NAT-42"
    And rule "breach.revoke.penalty" fires, citing "二(二)"

  @clause-2-2 @clause-2-2-1
  Scenario Outline: After a refusal, concealment or a false commitment gets the penalty a law provides, with no decision to revoke
    Given these case facts:
      | fact                 | value                                     |
      | matter.penalty_basis | true                                      |
      | commitment.decision  | refused                                   |
      | result.findings[0]   | {type: <finding>, stage: post_decision}   |
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And the consequences are "administrative_penalty, application_invalid, blacklist_proposed, credit_record, fees_not_refunded, share_credit_info"
    And rule "breach.revoke.refused" fires, citing "二(二)1"
    And rule "breach.revoke.penalty" fires, citing "二(二)"

    Examples:
      | finding                 |
      | false_commitment        |
      | intentional_concealment |

  @clause-1-1-2 @clause-2-2
  Scenario: A licence obtained by improper means is revoked and gets the penalty a law provides, as a false commitment does
    Given these case facts:
      | fact                 | value                                           |
      | matter.penalty_basis | true                                            |
      | result.outcome       | inconsistent                                    |
      | result.findings[0]   | {type: improper_means, stage: post_decision}    |
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And the consequences are "administrative_penalty, blacklist_proposed, credit_record, decision_revoked, fees_not_refunded, share_credit_info"
    And rule "breach.revoke.granted" fires, citing "一(一)2, 二(二)"
    And rule "breach.revoke.penalty" fires, citing "二(二)"

  @clause-nat-42 @clause-2-2
  Scenario: Without a law providing a penalty, none is given, whatever the decision
    Given these case facts:
      | fact                 | value                                         |
      | matter.penalty_basis | false                                         |
      | commitment.decision  | pending                                       |
      | result.findings[0]   | {type: false_commitment, stage: pre_decision} |
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And rule "breach.revoke.pre-decision" fires, citing "NAT-42"
    And rule "breach.revoke.penalty" does not fire

  @clause-1-1-2 @clause-2-2 @clause-2-2-1
  Scenario: With a false commitment and non-conformity found together, revocation beats invalidity, and the non-conformity still keeps the fees
    Given these case facts:
      | fact               | value                                                |
      | result.outcome     | inconsistent                                         |
      | result.findings[0] | {type: false_commitment, stage: post_decision}       |
      | result.findings[1] | {type: not_meeting_conditions, stage: post_decision} |
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And the consequences are "blacklist_proposed, credit_record, decision_revoked, fees_not_refunded, share_credit_info"
    And rule "breach.revoke.granted" fires, citing "一(一)2, 二(二)"
    And rule "breach.invalid.fees" fires, citing "二(二)1"
    And rule "breach.invalid.post-decision" does not fire

  @clause-1-1-2 @clause-2-2 @clause-2-2-1
  Scenario: With the revocation setting off, a non-conformity found with the false commitment still keeps the fees
    Given the setting "fees.non_refund_on_revoke" is false
    And these case facts:
      | fact               | value                                                |
      | result.outcome     | inconsistent                                         |
      | result.findings[0] | {type: false_commitment, stage: post_decision}       |
      | result.findings[1] | {type: not_meeting_conditions, stage: post_decision} |
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And the consequences are "blacklist_proposed, credit_record, decision_revoked, fees_not_refunded, share_credit_info"
    And rule "breach.revoke.granted" fires, citing "一(一)2, 二(二)"
    And rule "breach.invalid.fees" fires, citing "二(二)1"
    And rule "breach.revoke.fees" does not fire

  @clause-1-1-2
  Scenario Outline: Units or persons at fault for concealment, a false commitment or improper means are held liable
    Given the case fact "result.findings[0]" is {type: <finding>, stage: post_decision, at_fault: [{kind: person, name: 王某, public_official: true}]}
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And rule "breach.at-fault-liability" fires, citing "一(一)2"

    Examples:
      | finding                 |
      | intentional_concealment |
      | false_commitment        |
      | improper_means          |

  @clause-1-1-2
  Scenario: A finding of non-conformity holds no unit or person at fault liable
    Given the case fact "result.findings[0]" is {type: not_meeting_conditions, stage: post_decision, at_fault: [{kind: unit, name: 某窗口}]}
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And rule "breach.at-fault-liability" does not fire

  @clause-2-2-2
  Scenario: A suspected crime is referred to the judicial authorities
    Given the case fact "result.findings[0]" is {type: not_meeting_conditions, stage: post_decision, suspected_crime: true}
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And the consequences are "credit_record, decision_invalid, fees_not_refunded, judicial_referral, share_credit_info"
    And rule "breach.judicial-referral" fires, citing "二(二)2"

  @clause-1-2-2 @clause-2-2-3
  Scenario: A false commitment leads to a blacklist proposal, entered only once the unit confirms it
    Given the case fact "result.findings[0]" is {type: false_commitment, stage: post_decision}
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And rule "blacklist.entry.false-commitment" fires, citing "一(二)2, 二(二)3"
    And rule "blacklist.entry.auto-enter" does not fire

  @clause-1-2-2 @clause-2-2-3
  Scenario Outline: Concealment and improper means lead to a blacklist proposal too
    Given the case fact "result.findings[0]" is {type: <finding>, stage: post_decision}
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And rule "blacklist.entry.intent" fires, citing "一(二)2, 二(二)3"
    And rule "blacklist.entry.false-commitment" does not fire

    Examples:
      | finding                 |
      | intentional_concealment |
      | improper_means          |

  @clause-1-2-2 @clause-2-2-2
  Scenario: With that setting off, only a false commitment leads to a blacklist proposal
    Given the setting "blacklist.intent_findings_enter" is false
    And the case fact "result.findings[0]" is {type: improper_means, stage: post_decision}
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And the consequences are "credit_record, decision_revoked, fees_not_refunded, share_credit_info"
    And rule "breach.credit-record" fires, citing "二(二)2"
    And rule "blacklist.entry.intent" does not fire

  @clause-1-2-2 @clause-2-2-3 @clause-2
  Scenario: A dishonesty event the unit determines to be serious dishonesty leads to a blacklist proposal
    Given these case facts:
      | fact                      | value                                        |
      | result.outcome            | inconsistent                                 |
      | result.findings[0]        | {type: nonperformance, stage: post_decision} |
      | result.serious_dishonesty | true                                         |
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And the consequences are "blacklist_proposed, credit_record, share_credit_info"
    And rule "breach.dishonesty-event" fires, citing "二"
    And rule "blacklist.entry.serious-dishonesty" fires, citing "一(二)2, 二(二)3"

  @clause-1-2-2
  Scenario: With a consistent result, a serious-dishonesty flag is no dishonesty event
    Given the case fact "result.serious_dishonesty" is true
    When the case is evaluated with the bundled pack
    Then the outcome is "fulfilled"
    And rule "blacklist.entry.serious-dishonesty" does not fire

  @clause-1-2-2
  Scenario: With automatic entry on, the proposal counts as confirmed and the subject is entered; publication and punishment are for the blacklist kind
    Given the setting "blacklist.auto_enter" is true
    And the case fact "result.findings[0]" is {type: false_commitment, stage: post_decision}
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And the consequences are "blacklist_entered, blacklist_proposed, credit_record, decision_revoked, fees_not_refunded, share_credit_info"
    And rule "blacklist.entry.auto-enter" fires, citing "一(二)2"

  @clause-1-2-1 @clause-2
  Scenario: Not performing the commitment is recorded as a breach by default
    Given the case fact "result.outcome" is inconsistent
    And the case fact "result.findings[0]" is {type: nonperformance, stage: post_decision}
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And the consequences are "credit_record, share_credit_info"
    And rule "credit.record-commitment.breach" fires, citing "一(二)1"
    And rule "breach.dishonesty-event" fires, citing "二"
    And rule "breach.credit-record" does not fire

  @clause-1-2-1
  Scenario Outline: Every finding that the commitment was not kept gets a breach record, without intent too, but no punitive effect
    Given the case fact "result.findings[0]" is {type: <finding>, stage: post_decision}
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And the consequences are "credit_record, decision_invalid, fees_not_refunded, share_credit_info"
    And rule "credit.record-commitment.breach" fires, citing "一(二)1"
    And rule "breach.credit-record" does not fire
    And rule "blacklist.entry.false-commitment" does not fire
    And rule "blacklist.entry.intent" does not fire

    Examples:
      | finding                         |
      | not_meeting_conditions          |
      | noncompliance_with_requirements |

  @clause-1-2-1
  Scenario: With nonperformance not among the breach-record findings, it is not recorded in the credit file
    Given the setting "credit.breach_record_findings" is []
    And the case fact "result.outcome" is inconsistent
    And the case fact "result.findings[0]" is {type: nonperformance, stage: post_decision}
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And the consequences are "share_credit_info"
    And rule "credit.record-commitment.breach" does not fire

  @clause-1-2-1
  Scenario: With the setting off, an inconsistent result that names no finding gets no breach record and nothing is published
    Given the setting "credit.breach_record_unclassified" is false
    And the case fact "result.outcome" is inconsistent
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And the consequences are "share_credit_info"
    And there are no channels
    And rule "credit.record-commitment.inconsistent" does not fire
    And rule "credit.disclose.record" does not fire

  @clause-1-2-1
  Scenario: The performance record is published on Credit Lianyungang, like the commitment content
    When the case is evaluated with the bundled pack
    Then the outcome is "fulfilled"
    And the consequences are "credit_record, share_credit_info"
    And the channels are "credit_lyg, market_supervision_platform, public_resource_trading_platform, investment_project_platform"
    And rule "credit.record-commitment.performance" fires, citing "一(二)1"
    And rule "credit.disclose.record" fires, citing "一(二)1"

  @clause-1-2-1
  Scenario Outline: The breach record is published on Credit Lianyungang, like the commitment content; the serious-violation record of an intentional breach is a breach record too
    Given the case fact "result.outcome" is inconsistent
    And the case fact "result.findings[0]" is {type: <finding>, stage: post_decision}
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And the channels are "credit_lyg, market_supervision_platform, public_resource_trading_platform, investment_project_platform"
    And rule "<record rule>" fires, citing "<clause>"
    And rule "credit.disclose.record" fires, citing "一(二)1"

    Examples: Findings that the commitment was not kept: the breach record (一(二)1)
      | finding                | record rule                     | clause  |
      | nonperformance         | credit.record-commitment.breach | 一(二)1 |
      | not_meeting_conditions | credit.record-commitment.breach | 一(二)1 |

    @clause-2-2-2
    Examples: A false commitment or improper means: the serious violation recorded (二(二)2), the breach record of an intentional breach
      | finding          | record rule          | clause  |
      | false_commitment | breach.credit-record | 二(二)2 |
      | improper_means   | breach.credit-record | 二(二)2 |

  @clause-1-2-1
  Scenario: Where no performance or breach record is made, there is no record to publish
    Given the setting "credit.breach_record_findings" is []
    And the case fact "result.outcome" is inconsistent
    And the case fact "result.findings[0]" is {type: nonperformance, stage: post_decision}
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And there are no channels
    And rule "credit.disclose.record" does not fire

  @clause-1-2-3 @clause-1-2-1
  Scenario Outline: A commitment touching secrets or privacy gets its performance or breach record, but it is not published
    Given the case fact "commitment.contains" is [<secret>]
    And the case fact "result.outcome" is <result>
    When the case is evaluated with the bundled pack
    Then the outcome is "<outcome>"
    And the consequences are "credit_record, share_credit_info"
    And there are no channels
    And rule "credit.disclose.record.secrecy" fires, citing "一(二)3"
    And rule "credit.disclose.record" does not fire

    Examples:
      | secret            | result       | outcome   |
      | state_secret      | consistent   | fulfilled |
      | commercial_secret | consistent   | fulfilled |
      | personal_privacy  | inconsistent | breach    |

  @clause-1-2-1 @clause-1-2-3
  Scenario: With redaction instead of withholding, the performance and breach records are published
    Given the setting "publicity.redact_instead" is true
    And the case fact "commitment.contains" is [personal_privacy]
    When the case is evaluated with the bundled pack
    Then the outcome is "fulfilled"
    And the channels are "credit_lyg, market_supervision_platform, public_resource_trading_platform, investment_project_platform"
    And rule "credit.disclose.record" fires, citing "一(二)1"
    And rule "credit.disclose.record.secrecy" does not fire

  @clause-1-2-1 @clause-1-2-2
  Scenario: Publishing the breach record is not the blacklist's exposure: with automatic entry, the verification publishes the record and the blacklist kind decides the exposure
    Given the setting "blacklist.auto_enter" is true
    And the case fact "result.findings[0]" is {type: false_commitment, stage: post_decision}
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And the consequences are "blacklist_entered, blacklist_proposed, credit_record, decision_revoked, fees_not_refunded, share_credit_info"
    And the channels are "credit_lyg, market_supervision_platform, public_resource_trading_platform, investment_project_platform"
    And rule "credit.disclose.record" fires, citing "一(二)1"
    And rule "blacklist.entry.auto-enter" fires, citing "一(二)2"

  @clause-2-2 @clause-1-1-2
  Scenario: Revocation also rests on 一(一)2 「依法撤销相关决定」
    Given the case fact "result.findings[0]" is {type: false_commitment, stage: post_decision}
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And rule "breach.revoke.granted" fires, citing "一(一)2, 二(二)"

  @clause-1-2-2 @clause-2-2-3
  Scenario: The blacklist proposal also rests on 二(二)3 「建立失信人员黑名单制度」
    Given the case fact "result.findings[0]" is {type: false_commitment, stage: post_decision}
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And rule "blacklist.entry.false-commitment" fires, citing "一(二)2, 二(二)3"

  @clause-1-5 @clause-2-1
  Scenario: Sharing verification results also rests on 二(一) 「实现虚假承诺当事人等失信信息的共享」
    When the case is evaluated with the bundled pack
    Then the outcome is "fulfilled"
    And rule "verify.share" fires, citing "一(五), 二(一)"

  @interpretation-only
  Scenario: A result completed after the evaluation date is not there yet - no revocation, no blacklist proposal
    Given these case facts:
      | fact                 | value                                                 |
      | result.outcome       | inconsistent                                          |
      | result.findings[0]   | {type: false_commitment, stage: post_decision}        |
      | result.completed_at  | 2020-05-15                                            |
    And the evaluation date is 2020-05-10
    When the case is evaluated with the bundled pack
    Then the outcome is "fulfilled"
    And there are no consequences
    And rule "verify.not-yet-completed" fires, citing "—"
    And rule "breach.revoke.granted" does not fire
    And rule "blacklist.entry.false-commitment" does not fire

  @clause-1-1-2 @clause-2-2
  Scenario: The same result, judged on the day it was completed, revokes the decision
    Given these case facts:
      | fact                 | value                                                 |
      | result.outcome       | inconsistent                                          |
      | result.findings[0]   | {type: false_commitment, stage: post_decision}        |
      | result.completed_at  | 2020-05-15                                            |
    And the evaluation date is 2020-05-15
    When the case is evaluated with the bundled pack
    Then the outcome is "breach"
    And the consequences are "blacklist_proposed, credit_record, decision_revoked, fees_not_refunded, share_credit_info"
    And rule "breach.revoke.granted" fires, citing "一(一)2, 二(二)"
    And rule "verify.not-yet-completed" does not fire

  @interpretation-only @clause-1-1-2
  Scenario: A check completed after the evaluation date was still running on it, and overdue past its deadline
    Given these case facts:
      | fact                 | value                                                 |
      | started_on           | 2020-03-01                                            |
      | result.outcome       | inconsistent                                          |
      | result.findings[0]   | {type: not_meeting_conditions, stage: post_decision}  |
      | result.completed_at  | 2020-05-15                                            |
    And the evaluation date is 2020-05-10
    When the case is evaluated with the bundled pack
    Then the outcome is "overdue"
    And there are no consequences
    And rule "verify.not-yet-completed" fires, citing "—"
    And rule "verify.overdue.plan-deadline" fires, citing "一(一)2"
    And rule "breach.invalid.post-decision" does not fire

  @interpretation-only
  Scenario Outline: A setting that changes with time: a case is judged by the value in force on its evaluation date, and the decision names it
    Given the setting "verification.default_deadline_days" is [{from: 2019-10-22, value: 30, source: 连司通〔2019〕57号}, {from: 2021-01-01, value: 15, source: revised verification plan}]
    And these case facts:
      | fact                      | value     |
      | matter.plan.deadline_days | null      |
      | result.completed_at       | null      |
      | result.outcome            | null      |
      | started_on                | <started> |
    And the evaluation date is <as_of>
    When the case is evaluated with the bundled pack
    Then the outcome is "overdue"
    And rule "verify.overdue.default-deadline" fires, citing "—"
    And the setting "verification.default_deadline_days" applied its value <value> in force from <since>, source "<source>"

    Examples: A case before the change by the old 30 days, a case after it by the new 15 days
      | started    | as_of      | since      | value | source                    |
      | 2020-11-01 | 2020-12-02 | 2019-10-22 | 30    | 连司通〔2019〕57号        |
      | 2021-01-10 | 2021-01-30 | 2021-01-01 | 15    | revised verification plan |

  @interpretation-only
  Scenario: A case before the change is still judged by the old value: the same 20 days are in time under 30
    Given the setting "verification.default_deadline_days" is [{from: 2019-10-22, value: 30, source: 连司通〔2019〕57号}, {from: 2021-01-01, value: 15, source: revised verification plan}]
    And these case facts:
      | fact                      | value      |
      | matter.plan.deadline_days | null       |
      | result.completed_at       | null       |
      | result.outcome            | null       |
      | started_on                | 2020-12-01 |
    And the evaluation date is 2020-12-21
    When the case is evaluated with the bundled pack
    Then the outcome is "fulfilled"
    And rule "verify.overdue.default-deadline" does not fire
