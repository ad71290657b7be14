# language: en
Feature: Application (application)
  When an applicant asks to commit instead of submitting a certificate, three things are judged: may
  the matter use the system (一(一), 序, No. 42), may the applicant (一(二)2
  「对发生较重失信行为或者作出虚假承诺的申请人,不适用告知承诺制」: not an applicant with serious
  dishonesty or a false commitment, unless its credit is repaired or it has left the list, No. 42), and
  are the notice and the letter complete (二(四) the breach risk and the joint-punishment mechanism, the
  No. 42 template, 二(二)1 fees are not refunded, a signed letter).
  certificate_required beats notice_incomplete, which beats commitment_accepted. An accepted commitment
  is recorded in the credit file and published (一(二)1).

  Background:
    Given the case:
      """yaml
      kind: application
      id: clean-company-accepted
      applicant:
        id: APP-0001
        kind: legal_person
        name: 连云港某某商贸有限公司
        uscc: 91320700MA1XXXXXX1
        credit: {on_blacklist: false, serious_dishonesty: false, prior_false_commitment: false}
      matter:
        id: LYG-ZJ-001
        name: 申请公共租赁住房所需的无房证明
        kind: benefit
        review_mode: formal
        listed: true
        commitment_condition_met: true
        legal_basis: 《公共租赁住房管理办法》
        unit: {name: 连云港市住房和城乡建设局, level: municipal, requires_certification: true}
        fees: 0
        plan:
          timing: post_decision
          deadline_days: 30
          standard: 不动产登记信息显示申请人名下无住房
          methods: [backend_data_retrieval]
      commitment:
        notification:
          breach_risk: true
          joint_punishment_mechanism: true
          fee_non_refund: false
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
        signed_at: 2020-05-20
        channel: electronic
      applied_on: 2020-05-20
      """
    And the evaluation date is 2020-06-01

  @interpretation-only @clause-1-2-1
  Scenario: With the matter, the applicant and the notice in order, the commitment is accepted, recorded and published
    When the case is evaluated with the bundled pack
    Then the outcome is "commitment_accepted"
    And there are no reasons
    And the consequences are "credit_record"
    And the channels are "credit_lyg, market_supervision_platform, public_resource_trading_platform, investment_project_platform"
    And rule "application.accept" fires, citing "—"
    And rule "credit.record-commitment" fires, citing "一(二)1"
    And rule "credit.disclose" fires, citing "一(二)1"

  @clause-1-2-1
  Scenario: The credit record is published on every online platform 一(二)1 names, not on Credit Lianyungang alone
    Given the case fact "applicant.kind" is natural_person
    When the case is evaluated with the bundled pack
    Then the outcome is "commitment_accepted"
    And the channels are "credit_lyg, investment_project_platform, market_supervision_platform, public_resource_trading_platform"
    And rule "credit.disclose" fires, citing "一(二)1"

  Scenario Outline: For a matter that cannot use the system, the applicant submits the certificate
    Given the case fact "<fact>" is <value>
    When the case is evaluated with the bundled pack
    Then the outcome is "certificate_required"
    And the reasons are "<reason>"
    And there are no consequences
    And rule "<rule>" fires, citing "<clause>"
    And rule "application.accept" does not fire

    @clause-preface
    Examples: A unit outside the pilot (序)
      | fact                               | value | reason       | rule                         | clause |
      | matter.unit.level                  | other | out_of_scope | application.scope.pilot-unit | 序     |
      | matter.unit.requires_certification | false | out_of_scope | application.scope.pilot-unit | 序     |

    @clause-1-1-1
    Examples: Not on the list (一(一)1)
      | fact          | value | reason     | rule                           | clause  |
      | matter.listed | false | not_listed | application.eligibility.listed | 一(一)1 |

    @clause-1-1
    Examples: Formal review and a condition that can be committed to (一(一))
      | fact                            | value       | reason             | rule                                         | clause |
      | matter.review_mode              | substantive | substantive_review | application.eligibility.formal-review        | 一(一)  |
      | matter.commitment_condition_met | false       | condition_not_met  | application.eligibility.commitment-condition | 一(一)  |

  Scenario Outline: For a matter directly touching security, the environment or similar risks, the applicant submits the certificate
    Given the case fact "matter.risk_flags" is [<risk>]
    When the case is evaluated with the bundled pack
    Then the outcome is "certificate_required"
    And the reasons are "<risk>"
    And rule "<rule>" fires, citing "<clause>"

    @clause-1-1
    Examples: The four risks of 一(一)
      | risk                   | rule                                                     | clause |
      | national_security      | application.exclusion.direct-risk.national-security      | 一(一)  |
      | public_safety          | application.exclusion.direct-risk.public-safety          | 一(一)  |
      | ecological_environment | application.exclusion.direct-risk.ecological-environment | 一(一)  |
      | personal_safety        | application.exclusion.direct-risk.personal-safety        | 一(一)  |

    @clause-nat-42
    Examples: The exclusions of No. 42 (applied by default)
      | risk                 | rule                                                   | clause |
      | state_secret         | application.exclusion.direct-risk.state-secret         | NAT-42 |
      | financial_prudential | application.exclusion.direct-risk.financial-prudential | NAT-42 |
      | health_life_property | application.exclusion.direct-risk.health-life-property | NAT-42 |
      | major_foreign        | application.exclusion.direct-risk.major-foreign        | NAT-42 |

  @interpretation-only @clause-nat-42
  Scenario Outline: With the exclusions of No. 42 switched off, the commitment is accepted
    Given the setting "exclusions.national" is false
    And the case fact "matter.risk_flags" is [<risk>]
    When the case is evaluated with the bundled pack
    Then the outcome is "commitment_accepted"
    And rule "<rule>" does not fire
    And rule "application.accept" fires, citing "—"

    Examples:
      | risk                 | rule                                                   |
      | state_secret         | application.exclusion.direct-risk.state-secret         |
      | financial_prudential | application.exclusion.direct-risk.financial-prudential |
      | health_life_property | application.exclusion.direct-risk.health-life-property |
      | major_foreign        | application.exclusion.direct-risk.major-foreign        |

  @clause-1-1-2 @clause-2-3
  Scenario Outline: For a matter without a verification deadline, standard or method, the applicant submits the certificate
    Given the case fact "<fact>" is <value>
    When the case is evaluated with the bundled pack
    Then the outcome is "certificate_required"
    And the reasons are "plan_incomplete"
    And rule "application.verify.plan-complete" fires, citing "一(一)2, 二(三)"

    Examples:
      | fact                      | value |
      | matter.plan.timing        | null  |
      | matter.plan.deadline_days | null  |
      | matter.plan.standard      | null  |
      | matter.plan.methods       | []    |

  @interpretation-only @clause-1-1-2 @clause-2-3
  Scenario: For a matter exempt from case-by-case verification and under daily supervision, the commitment is accepted
    Given these case facts:
      | fact                          | value |
      | matter.plan.exempt            | true  |
      | matter.plan.daily_supervision | true  |
      | matter.plan.deadline_days     | null  |
      | matter.plan.standard          | null  |
      | matter.plan.methods           | []    |
    When the case is evaluated with the bundled pack
    Then the outcome is "commitment_accepted"
    And rule "application.verify.plan-exempt" fires, citing "—"
    And rule "application.verify.plan-complete" does not fire

  @interpretation-only
  Scenario: For an exempt matter without daily supervision, the applicant submits the certificate
    Given the case fact "matter.plan.exempt" is true
    When the case is evaluated with the bundled pack
    Then the outcome is "certificate_required"
    And the reasons are "plan_incomplete"
    And rule "application.verify.plan-exempt-unsupervised" fires, citing "—"

  @interpretation-only
  Scenario: For a matter whose plan uses another lawful method, the commitment is accepted (「等」 leaves the list open)
    Given the case fact "matter.plan.methods" is [online_verification]
    When the case is evaluated with the bundled pack
    Then the outcome is "commitment_accepted"
    And rule "application.verify.plan-complete" does not fire
    And rule "application.accept" fires, citing "—"

  @clause-1-2-2
  Scenario Outline: An applicant with serious dishonesty or a false commitment may not use the system
    Given the case fact "<fact>" is <value>
    When the case is evaluated with the bundled pack
    Then the outcome is "certificate_required"
    And the reasons are "<reason>"
    And rule "<rule>" fires, citing "一(二)2"

    Examples:
      | fact                                    | value                                                                                                  | reason                 | rule                             |
      | applicant.credit.on_blacklist           | true                                                                                                   | applicant_blacklisted  | applicant.blacklisted            |
      | applicant.credit.serious_dishonesty     | true                                                                                                   | serious_dishonesty     | applicant.serious-dishonesty     |
      | applicant.credit.prior_false_commitment | true                                                                                                   | prior_false_commitment | applicant.prior-false-commitment |
      | applicant.history[0]                    | {matter_id: LYG-ZJ-009, committed_on: 2019-12-01, outcome: inconsistent, findings: [false_commitment]} | prior_false_commitment | applicant.prior-false-commitment |

  @clause-1-2-2
  Scenario Outline: A history with a finding of concealment or improper means bars the applicant too
    Given the case fact "applicant.history[0]" is {matter_id: LYG-ZJ-009, committed_on: 2019-12-01, outcome: inconsistent, findings: [<finding>]}
    When the case is evaluated with the bundled pack
    Then the outcome is "certificate_required"
    And the reasons are "prior_false_commitment"
    And rule "applicant.prior-false-commitment" fires, citing "一(二)2"
    And rule "application.accept" does not fire

    Examples: The grounds of a blacklist proposal (setting application.barring_findings)
      | finding                 |
      | intentional_concealment |
      | improper_means          |

  @interpretation-only @clause-1-2-2
  Scenario Outline: A history with only non-culpable or nonperformance findings does not bar the applicant
    Given the case fact "applicant.history[0]" is {matter_id: LYG-ZJ-009, committed_on: 2019-12-01, outcome: inconsistent, findings: [<finding>]}
    When the case is evaluated with the bundled pack
    Then the outcome is "commitment_accepted"
    And rule "applicant.prior-false-commitment" does not fire
    And rule "application.accept" fires, citing "—"

    Examples:
      | finding                         |
      | not_meeting_conditions          |
      | noncompliance_with_requirements |
      | nonperformance                  |

  @interpretation-only @clause-1-2-2
  Scenario: With the setting limited to false commitments, concealment in the history does not bar the applicant
    Given the setting "application.barring_findings" is [false_commitment]
    And the case fact "applicant.history[0]" is {matter_id: LYG-ZJ-009, committed_on: 2019-12-01, outcome: inconsistent, findings: [intentional_concealment]}
    When the case is evaluated with the bundled pack
    Then the outcome is "commitment_accepted"
    And rule "applicant.prior-false-commitment" does not fire
    And rule "application.accept" fires, citing "—"

  @clause-1-2-2
  Scenario Outline: The setting cannot take out the false commitment itself: one in the history always bars the applicant (一(二)2)
    Given the setting "application.barring_findings" is <setting>
    And the case fact "applicant.history[0]" is {matter_id: LYG-ZJ-009, committed_on: 2019-12-01, outcome: inconsistent, findings: [false_commitment]}
    When the case is evaluated with the bundled pack
    Then the outcome is "certificate_required"
    And the reasons are "prior_false_commitment"
    And rule "applicant.prior-false-commitment" fires, citing "一(二)2"

    Examples:
      | setting                   |
      | []                        |
      | [intentional_concealment] |

  @clause-1-2-2
  Scenario: Serious dishonesty has no credit-repair exception; the host clears the flag after repair
    Given these case facts:
      | fact                                | value      |
      | applicant.credit.serious_dishonesty | true       |
      | applicant.credit.credit_repaired_on | 2020-01-01 |
    When the case is evaluated with the bundled pack
    Then the outcome is "certificate_required"
    And the reasons are "serious_dishonesty"
    And rule "applicant.serious-dishonesty" fires, citing "一(二)2"

  @clause-nat-42 @clause-1-2-2
  Scenario Outline: An applicant who made a false commitment may use the system again once its credit is repaired
    Given these case facts:
      | fact                                    | value         |
      | applicant.credit.prior_false_commitment | true          |
      | applicant.credit.credit_repaired_on     | <repaired on> |
    When the case is evaluated with the bundled pack
    Then the outcome is "commitment_accepted"
    And rule "applicant.prior-false-commitment.repaired" fires, citing "NAT-42"
    And rule "applicant.prior-false-commitment" does not fire

    Examples: Repaired on or before the evaluation date
      | repaired on |
      | 2020-05-01  |
      | 2020-06-01  |

  @clause-1-2-2 @clause-nat-42
  Scenario: A repair dated after the evaluation date has not happened yet
    Given these case facts:
      | fact                                    | value      |
      | applicant.credit.prior_false_commitment | true       |
      | applicant.credit.credit_repaired_on     | 2020-06-02 |
    When the case is evaluated with the bundled pack
    Then the outcome is "certificate_required"
    And the reasons are "prior_false_commitment"
    And rule "applicant.prior-false-commitment" fires, citing "一(二)2"
    And rule "applicant.prior-false-commitment.repaired" does not fire

  @clause-1-2-2 @clause-nat-42
  Scenario: A repair cannot cover a false commitment made after it
    Given these case facts:
      | fact                                | value                                                                                                  |
      | applicant.credit.credit_repaired_on | 2020-01-01                                                                                             |
      | applicant.history[0]                | {matter_id: LYG-ZJ-009, committed_on: 2020-03-01, outcome: inconsistent, findings: [false_commitment]} |
    When the case is evaluated with the bundled pack
    Then the outcome is "certificate_required"
    And the reasons are "prior_false_commitment"
    And rule "applicant.prior-false-commitment" fires, citing "一(二)2"
    And rule "applicant.prior-false-commitment.repaired" does not fire

  @clause-nat-42 @clause-1-2-2
  Scenario Outline: An applicant who made a false commitment may use the system again once off the dishonesty list
    Given these case facts:
      | fact                                    | value       |
      | applicant.credit.prior_false_commitment | true        |
      | applicant.credit.list_exited_on         | <exited on> |
    When the case is evaluated with the bundled pack
    Then the outcome is "commitment_accepted"
    And there are no reasons
    And rule "applicant.prior-false-commitment.exited" fires, citing "NAT-42"
    And rule "applicant.prior-false-commitment" does not fire

    Examples: Off the list on or before the evaluation date
      | exited on  |
      | 2020-05-01 |
      | 2020-06-01 |

  @clause-nat-42 @clause-1-2-2
  Scenario: An applicant with concealment in its history may use the system again once off the list too
    Given these case facts:
      | fact                            | value                                                                                                         |
      | applicant.credit.list_exited_on | 2020-01-01                                                                                                    |
      | applicant.history[0]            | {matter_id: LYG-ZJ-009, committed_on: 2019-06-01, outcome: inconsistent, findings: [intentional_concealment]} |
    When the case is evaluated with the bundled pack
    Then the outcome is "commitment_accepted"
    And rule "applicant.prior-false-commitment.exited" fires, citing "NAT-42"
    And rule "applicant.prior-false-commitment" does not fire

  @clause-1-2-2 @clause-nat-42
  Scenario Outline: An exit dated after the evaluation date, or an applicant still listed, does not restore the route
    Given these case facts:
      | fact                                    | value       |
      | applicant.credit.prior_false_commitment | true        |
      | applicant.credit.on_blacklist           | <listed>    |
      | applicant.credit.list_exited_on         | <exited on> |
    When the case is evaluated with the bundled pack
    Then the outcome is "certificate_required"
    And the reasons are "<reasons>"
    And rule "applicant.prior-false-commitment" fires, citing "一(二)2"
    And rule "applicant.prior-false-commitment.exited" does not fire

    Examples:
      | listed | exited on  | reasons                                       |
      | false  | 2020-06-02 | applicant_blacklisted, prior_false_commitment |
      | true   | 2020-05-01 | applicant_blacklisted, prior_false_commitment |

  @clause-1-2-2
  Scenario: An applicant whose exit from the list is dated after the evaluation date was still listed on it (listed for serious dishonesty, the host's current flags cleared)
    Given the case fact "applicant.credit.list_exited_on" is 2020-06-02
    When the case is evaluated with the bundled pack
    Then the outcome is "certificate_required"
    And the reasons are "applicant_blacklisted"
    And rule "applicant.blacklisted.exit-pending" fires, citing "一(二)2"
    And rule "application.accept" does not fire

  @clause-1-2-2
  Scenario Outline: An applicant off the list on or before the evaluation date is not held to it
    Given the case fact "applicant.credit.list_exited_on" is <exited on>
    When the case is evaluated with the bundled pack
    Then the outcome is "commitment_accepted"
    And rule "applicant.blacklisted.exit-pending" does not fire

    Examples: Off the list on or before the evaluation date
      | exited on  |
      | 2020-06-01 |
      | 2020-05-31 |

  @clause-1-2-2 @clause-nat-42
  Scenario: Leaving the list cannot cover a false commitment made after it
    Given these case facts:
      | fact                            | value                                                                                                  |
      | applicant.credit.list_exited_on | 2020-01-01                                                                                             |
      | applicant.history[0]            | {matter_id: LYG-ZJ-009, committed_on: 2020-03-01, outcome: inconsistent, findings: [false_commitment]} |
    When the case is evaluated with the bundled pack
    Then the outcome is "certificate_required"
    And the reasons are "prior_false_commitment"
    And rule "applicant.prior-false-commitment" fires, citing "一(二)2"
    And rule "applicant.prior-false-commitment.exited" does not fire

  @clause-nat-42
  Scenario: An applicant who declines to commit submits the certificate, with no adverse record
    Given the case fact "declined" is true
    When the case is evaluated with the bundled pack
    Then the outcome is "certificate_required"
    And the reasons are "applicant_declined"
    And there are no consequences
    And rule "applicant.choice" fires, citing "NAT-42"

  @interpretation-only
  Scenario: Withdrawal is not allowed by default, so a withdrawal this cycle changes nothing
    Given the case fact "withdrawn_this_cycle" is true
    When the case is evaluated with the bundled pack
    Then the outcome is "commitment_accepted"
    And rule "withdrawal.cycle-closed" does not fire
    And rule "application.accept" fires, citing "—"

  @interpretation-only
  Scenario: Where withdrawal is allowed, an applicant who withdrew this cycle submits the certificate
    Given the setting "withdrawal.allowed" is true
    And the case fact "withdrawn_this_cycle" is true
    When the case is evaluated with the bundled pack
    Then the outcome is "certificate_required"
    And the reasons are "withdrawn"
    And rule "withdrawal.cycle-closed" fires, citing "—"

  Scenario Outline: A notice lacking an item it must state is incomplete, and the commitment is not accepted
    Given the case fact "commitment.notification.<item>" is false
    When the case is evaluated with the bundled pack
    Then the outcome is "notice_incomplete"
    And the reasons are "<reason>"
    And rule "<rule>" fires, citing "<clause>"
    And rule "application.accept" does not fire

    @clause-2-4
    Examples: The breach risk and the joint-punishment mechanism (二(四))
      | item                       | reason                           | rule                                 | clause |
      | breach_risk                | missing_breach_risk_warning      | notice.risk-warning.breach-risk      | 二(四)  |
      | joint_punishment_mechanism | missing_joint_punishment_warning | notice.risk-warning.joint-punishment | 二(四)  |

    @clause-nat-42
    Examples: The items of the No. 42 template
      | item                           | reason               | rule                     | clause |
      | matter_name                    | missing_notice_field | notice.national-contents | NAT-42 |
      | legal_basis                    | missing_notice_field | notice.national-contents | NAT-42 |
      | certification_obligation       | missing_notice_field | notice.national-contents | NAT-42 |
      | certification_content          | missing_notice_field | notice.national-contents | NAT-42 |
      | commitment_method              | missing_notice_field | notice.national-contents | NAT-42 |
      | commitment_effect              | missing_notice_field | notice.national-contents | NAT-42 |
      | liability_civil_admin_criminal | missing_notice_field | notice.national-contents | NAT-42 |
      | verification_power             | missing_notice_field | notice.national-contents | NAT-42 |
      | publicity.whether              | missing_notice_field | notice.national-contents | NAT-42 |
      | publicity.scope                | missing_notice_field | notice.national-contents | NAT-42 |
      | publicity.period               | missing_notice_field | notice.national-contents | NAT-42 |

  @clause-2-4
  Scenario: A notice stating neither the breach risk nor the joint-punishment mechanism gets both reasons
    Given these case facts:
      | fact                                               | value |
      | commitment.notification.breach_risk                | false |
      | commitment.notification.joint_punishment_mechanism | false |
    When the case is evaluated with the bundled pack
    Then the outcome is "notice_incomplete"
    And the reasons are "missing_breach_risk_warning, missing_joint_punishment_warning"
    And rule "notice.risk-warning.breach-risk" fires, citing "二(四)"
    And rule "notice.risk-warning.joint-punishment" fires, citing "二(四)"

  @clause-nat-42
  Scenario Outline: A letter lacking a statement required by No. 42 is incomplete
    Given the case fact "commitment.statements" is <statements>
    When the case is evaluated with the bundled pack
    Then the outcome is "notice_incomplete"
    And the reasons are "missing_notice_field"
    And rule "notice.national-contents.statements" fires, citing "NAT-42"

    Examples: Each one missing
      | statements                                            | missing           |
      | [meets_conditions, accepts_liability, genuine_intent] | knows_notice      |
      | [knows_notice, accepts_liability, genuine_intent]     | meets_conditions  |
      | [knows_notice, meets_conditions, genuine_intent]      | accepts_liability |
      | [knows_notice, meets_conditions, accepts_liability]   | genuine_intent    |

  @interpretation-only @clause-nat-42
  Scenario: With the No. 42 template switched off, those items do not stop the commitment
    Given the setting "notice.strict_national" is false
    And the case fact "commitment.notification.matter_name" is false
    And the case fact "commitment.statements" is [knows_notice]
    When the case is evaluated with the bundled pack
    Then the outcome is "commitment_accepted"
    And rule "notice.national-contents" does not fire
    And rule "notice.national-contents.statements" does not fire
    And rule "application.accept" fires, citing "—"

  @interpretation-only
  Scenario Outline: A letter not signed, or signed after the evaluation date, is no commitment yet: incomplete
    Given the case fact "commitment.signed_at" is <signed at>
    When the case is evaluated with the bundled pack
    Then the outcome is "notice_incomplete"
    And the reasons are "missing_notice_field"
    And rule "notice.letter-signed" fires, citing "—"
    And rule "application.accept" does not fire

    Examples:
      | signed at  |
      | null       |
      | 2020-06-02 |

  @interpretation-only
  Scenario: A letter signed on the evaluation date is a commitment made
    Given the case fact "commitment.signed_at" is 2020-06-01
    When the case is evaluated with the bundled pack
    Then the outcome is "commitment_accepted"
    And rule "notice.letter-signed" does not fire
    And rule "application.accept" fires, citing "—"

  @clause-1-2-2 @interpretation-only
  Scenario: When the applicant must submit the certificate, the signature is not examined
    Given the case fact "applicant.credit.on_blacklist" is true
    And the case fact "commitment.signed_at" is null
    When the case is evaluated with the bundled pack
    Then the outcome is "certificate_required"
    And the reasons are "applicant_blacklisted"
    And rule "applicant.blacklisted" fires, citing "一(二)2"
    And rule "notice.letter-signed" does not fire

  @clause-2-2-1
  Scenario Outline: A notice for a fee-charging matter that does not say fees are not refunded is incomplete
    Given the case fact "matter.fees" is <fees>
    When the case is evaluated with the bundled pack
    Then the outcome is "notice_incomplete"
    And the reasons are "missing_fee_warning"
    And rule "notice.fee-warning" fires, citing "二(二)1"

    Examples:
      | fees |
      | 100  |
      | 0.01 |

  @interpretation-only @clause-2-2-1
  Scenario: A notice for a fee-charging matter that says fees are not refunded is complete
    Given the case fact "matter.fees" is 100
    And the case fact "commitment.notification.fee_non_refund" is true
    When the case is evaluated with the bundled pack
    Then the outcome is "commitment_accepted"
    And rule "notice.fee-warning" does not fire
    And rule "application.accept" fires, citing "—"

  @interpretation-only @clause-2-2-1
  Scenario Outline: Where fees are refunded, the notice need not say they are not
    Given the case fact "matter.fees" is 100
    And the case fact "<fact>" is <value>
    And the setting "fees.non_refund_on_invalid" is <kept when void>
    And the setting "fees.non_refund_on_revoke" is <kept when revoked>
    When the case is evaluated with the bundled pack
    Then the outcome is "commitment_accepted"
    And rule "notice.fee-warning.refundable" fires, citing "—"
    And rule "notice.fee-warning" does not fire

    Examples:
      | fact                   | value | kept when void | kept when revoked |
      | matter.fees_refundable | true  | true           | true              |
      | matter.fees_refundable | false | false          | false             |

  @clause-1-2-2 @clause-2-4
  Scenario: A blacklisted applicant submits the certificate; the notice is not examined
    Given the case fact "applicant.credit.on_blacklist" is true
    And the case fact "commitment.notification.breach_risk" is false
    When the case is evaluated with the bundled pack
    Then the outcome is "certificate_required"
    And the reasons are "applicant_blacklisted"
    And rule "applicant.blacklisted" fires, citing "一(二)2"
    And rule "notice.risk-warning.breach-risk" does not fire
    And rule "application.accept" does not fire

  @clause-1-2-3 @clause-1-2-1
  Scenario Outline: A commitment touching secrets or privacy is recorded in the credit file but not published
    Given the case fact "commitment.contains" is [<secret>]
    When the case is evaluated with the bundled pack
    Then the outcome is "commitment_accepted"
    And the consequences are "credit_record"
    And there are no channels
    And rule "credit.disclose.secrecy" fires, citing "一(二)3"
    And rule "credit.disclose" does not fire

    Examples:
      | secret            |
      | state_secret      |
      | commercial_secret |
      | personal_privacy  |

  @clause-1-2-1 @clause-1-2-3
  Scenario: With redaction switched on, the credit record is published as usual
    Given the setting "publicity.redact_instead" is true
    And the case fact "commitment.contains" is [personal_privacy]
    When the case is evaluated with the bundled pack
    Then the outcome is "commitment_accepted"
    And the channels are "credit_lyg, market_supervision_platform, public_resource_trading_platform, investment_project_platform"
    And rule "credit.disclose" fires, citing "一(二)1"
    And rule "credit.disclose.secrecy" does not fire

  @interpretation-only
  Scenario: A false commitment in the history dated after the evaluation date is not there yet and does not bar the applicant
    Given the case fact "applicant.history[0]" is {matter_id: LYG-ZJ-009, committed_on: 2020-06-20, outcome: inconsistent, findings: [false_commitment]}
    When the case is evaluated with the bundled pack
    Then the outcome is "commitment_accepted"
    And rule "applicant.prior-false-commitment" does not fire
    And rule "application.accept" fires, citing "—"
