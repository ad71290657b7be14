# language: en
Feature: Matter review (matter_review)
  A pilot unit reviews its certification matters and decides which may use notification-and-commitment.
  Grounds: 一(一) 「重点梳理符合:形式审查事项、是否达到承诺条件、社会普遍关注、具有代表性、
  不直接涉及国家安全、公共安全、生态环境保护;不直接关系公民人身安全的证明事项」 (formal review, a
  condition that can be committed to, public concern, representativeness, no direct bearing on
  national security, public safety, the environment or personal safety), 一(一)1 the list,
  一(一)2 and 二(三) the verification plan, 一(五) the verification methods, 序 the pilot units,
  and the exclusions of State Council 2020 No. 42. The default is ineligible (fail-closed).

  Background:
    Given the case:
      """yaml
      kind: matter_review
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
      """
    And the evaluation date is 2020-06-01

  @clause-1-1
  Scenario: A listed matter meeting every condition may use notification-and-commitment
    When the case is evaluated with the bundled pack
    Then the outcome is "eligible"
    And there are no reasons
    And rule "eligibility.go-live" fires, citing "一(一)"

  Scenario Outline: A matter failing a review condition is ineligible
    Given the case fact "<fact>" is <value>
    When the case is evaluated with the bundled pack
    Then the outcome is "ineligible"
    And the reasons are "<reason>"
    And rule "<rule>" fires, citing "<clause>"
    And rule "eligibility.go-live" does not fire

    @clause-preface
    Examples: A unit outside the pilot (序)
      | fact                               | value | reason       | rule             | clause |
      | matter.unit.level                  | other | out_of_scope | scope.pilot-unit | 序     |
      | matter.unit.requires_certification | false | out_of_scope | scope.pilot-unit | 序     |

    @clause-1-1-1
    Examples: Not on the list (一(一)1)
      | fact          | value | reason     | rule               | clause  |
      | matter.listed | false | not_listed | eligibility.listed | 一(一)1 |

    @clause-1-1
    Examples: Formal review and a condition that can be committed to (一(一))
      | fact                            | value       | reason             | rule                             | clause |
      | matter.review_mode              | substantive | substantive_review | eligibility.formal-review        | 一(一)  |
      | matter.commitment_condition_met | false       | condition_not_met  | eligibility.commitment-condition | 一(一)  |

  Scenario Outline: A matter directly touching security, the environment or similar risks is ineligible
    Given the case fact "matter.risk_flags" is [<risk>]
    When the case is evaluated with the bundled pack
    Then the outcome is "ineligible"
    And the reasons are "<risk>"
    And rule "<rule>" fires, citing "<clause>"
    And rule "eligibility.go-live" does not fire

    @clause-1-1
    Examples: The four risks of 一(一)
      | risk                   | rule                                         | clause |
      | national_security      | exclusion.direct-risk.national-security      | 一(一)  |
      | public_safety          | exclusion.direct-risk.public-safety          | 一(一)  |
      | ecological_environment | exclusion.direct-risk.ecological-environment | 一(一)  |
      | personal_safety        | exclusion.direct-risk.personal-safety        | 一(一)  |

    @clause-nat-42
    Examples: The exclusions of No. 42 (applied by default)
      | risk                 | rule                                       | clause |
      | state_secret         | exclusion.direct-risk.state-secret         | NAT-42 |
      | financial_prudential | exclusion.direct-risk.financial-prudential | NAT-42 |
      | health_life_property | exclusion.direct-risk.health-life-property | NAT-42 |
      | major_foreign        | exclusion.direct-risk.major-foreign        | NAT-42 |

  @clause-1-1 @clause-nat-42
  Scenario Outline: With the exclusions of No. 42 switched off, such matters are eligible
    Given the setting "exclusions.national" is false
    And the case fact "matter.risk_flags" is [<risk>]
    When the case is evaluated with the bundled pack
    Then the outcome is "eligible"
    And rule "<rule>" does not fire
    And rule "eligibility.go-live" fires, citing "一(一)"

    Examples:
      | risk                 | rule                                       |
      | state_secret         | exclusion.direct-risk.state-secret         |
      | financial_prudential | exclusion.direct-risk.financial-prudential |
      | health_life_property | exclusion.direct-risk.health-life-property |
      | major_foreign        | exclusion.direct-risk.major-foreign        |

  @clause-1-1
  Scenario: Several bars at once: every reason is listed
    Given these case facts:
      | fact                            | value           |
      | matter.review_mode              | substantive     |
      | matter.commitment_condition_met | false           |
      | matter.risk_flags               | [public_safety] |
    When the case is evaluated with the bundled pack
    Then the outcome is "ineligible"
    And the reasons are "condition_not_met, public_safety, substantive_review"
    And rule "eligibility.formal-review" fires, citing "一(一)"
    And rule "eligibility.commitment-condition" fires, citing "一(一)"
    And rule "exclusion.direct-risk.public-safety" fires, citing "一(一)"

  Scenario Outline: Public concern and representativeness only give a matter priority; they decide nothing
    Given the case fact "<fact>" is true
    When the case is evaluated with the bundled pack
    Then the outcome is "<outcome>"
    And rule "eligibility.priority" fires, citing "一(一)"

    @clause-1-1
    Examples: An eligible matter
      | fact                  | outcome  |
      | matter.public_concern | eligible |
      | matter.representative | eligible |

  @clause-1-1-2 @clause-2-3
  Scenario Outline: A listed matter without a verification timing (before or after the decision, and deadline), standard or method cannot go live
    Given the case fact "<fact>" is <value>
    When the case is evaluated with the bundled pack
    Then the outcome is "ineligible"
    And the reasons are "plan_incomplete"
    And rule "verify.plan-complete" fires, citing "一(一)2, 二(三)"

    Examples:
      | fact                      | value |
      | matter.plan.timing        | null  |
      | matter.plan.deadline_days | null  |
      | matter.plan.standard      | null  |
      | matter.plan.standard      | "  "  |
      | matter.plan.methods       | []    |

  @interpretation-only @clause-1-1 @clause-1-1-2 @clause-2-3
  Scenario: A matter exempt from case-by-case verification and under daily supervision needs no plan
    Given these case facts:
      | fact                          | value |
      | matter.plan.exempt            | true  |
      | matter.plan.daily_supervision | true  |
      | matter.plan.deadline_days     | null  |
      | matter.plan.standard          | null  |
      | matter.plan.methods           | []    |
    When the case is evaluated with the bundled pack
    Then the outcome is "eligible"
    And rule "verify.plan-exempt" fires, citing "—"
    And rule "verify.plan-complete" does not fire
    And rule "eligibility.go-live" fires, citing "一(一)"

  @interpretation-only
  Scenario: An exempt matter without daily supervision cannot go live
    Given the case fact "matter.plan.exempt" is true
    When the case is evaluated with the bundled pack
    Then the outcome is "ineligible"
    And the reasons are "plan_incomplete"
    And rule "verify.plan-exempt-unsupervised" fires, citing "—"

  @clause-1-5 @clause-1-1
  Scenario Outline: 「等」 leaves the list open - a plan using another lawful method is just as complete
    Given the case fact "matter.plan.methods" is [<method>]
    When the case is evaluated with the bundled pack
    Then the outcome is "eligible"
    And there are no reasons
    And rule "verify.methods" fires, citing "一(五)"
    And rule "verify.plan-complete" does not fire
    And rule "eligibility.go-live" fires, citing "一(一)"

    Examples:
      | method                                      |
      | written_check                               |
      | online_verification                         |
      | publicity_check                             |
      | online_verification, inter_department_check |

  @clause-1-1-2 @clause-2-3
  Scenario: Only a plan naming no method is incomplete
    Given the case fact "matter.plan.methods" is []
    When the case is evaluated with the bundled pack
    Then the outcome is "ineligible"
    And the reasons are "plan_incomplete"
    And rule "verify.plan-complete" fires, citing "一(一)2, 二(三)"
    And rule "verify.methods" does not fire
