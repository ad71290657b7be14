# language: en
Feature: Blacklist and joint punishment (blacklist)
  What an active blacklist entry triggers, and what follows when the subject leaves the list. Grounds:
  二(二)3 「对纳入失信黑名单主体,要通过市联合惩戒信用信息系统实现跨部门联合惩戒」 (joint punishment of
  listed subjects across departments) with the six categories of measures, 一(二)2 recording in the
  credit system and publication, 二(二)4 publishing the information and notifying the subject's
  employer, 二(一) sharing dishonesty information and list exit. The library recommends measures;
  competent departments apply them on their own legal basis. Nothing applies before the listing day;
  an exit for credit repair takes effect only once the entry has stood for the waiting period (a
  setting, 1 year by default). exited beats joint_punishment.

  Background:
    Given the case:
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
    And the evaluation date is 2020-06-01

  @clause-2-2-3 @clause-1-2-2 @clause-2-2-4 @clause-2-1
  Scenario: A listed subject gets joint punishment: all six measures recommended; published, shared, the employer notified
    When the case is evaluated with the bundled pack
    Then the outcome is "joint_punishment"
    And the measures are "industry_access, employment_office, preferential_policy, honors, special_market_transactions, high_consumption"
    And the consequences are "notify_employer, publish_dishonesty, share_credit_info"
    And rule "punish.joint" fires, citing "二(二)3"
    And rule "blacklist.publish" fires, citing "一(二)2"
    And rule "punish.publish-notify" fires, citing "二(二)4"
    And rule "punish.notify-employer.person" fires, citing "二(二)4"
    And rule "punish.share" fires, citing "二(一)"

  @clause-1-2-2
  Scenario: The entry is exposed on Credit Lianyungang, the website 一(二)2 names
    When the case is evaluated with the bundled pack
    Then the outcome is "joint_punishment"
    And the channels are "credit_lyg"
    And rule "blacklist.publish" fires, citing "一(二)2"

  @clause-2-1
  Scenario Outline: The exit from the list is published on Credit Lianyungang, the website 二(一) names
    Given the case fact "entry.listed_on" is <listed on>
    And the case fact "entry.status" is <status>
    And the case fact "entry.exit" is {reason: <exit reason>, date: 2020-05-01}
    When the case is evaluated with the bundled pack
    Then the outcome is "exited"
    And the consequences are "publish_list_exit, stop_joint_punishment"
    And the channels are "credit_lyg"
    And rule "<rule>" fires, citing "二(一)"

    Examples:
      | listed on  | status | exit reason             | rule                    |
      | 2019-03-01 | exited | credit_repair           | blacklist.exit          |
      | 2019-09-01 | active | correction_on_objection | blacklist.exit.approved |
      | 2017-01-01 | active | expiry                  | blacklist.exit.expired  |

  @clause-2-2-3
  Scenario Outline: The six categories of joint punishment, recommended by the entry's basis
    Given the case fact "entry.basis" is <basis>
    When the case is evaluated with the bundled pack
    Then the outcome is "joint_punishment"
    And rule "<rule>" fires, citing "二(二)3"

    Examples: Listed for a false commitment
      | basis            | measure                     | rule                                     |
      | false_commitment | industry_access             | punish.joint.industry-access             |
      | false_commitment | employment_office           | punish.joint.employment-office           |
      | false_commitment | preferential_policy         | punish.joint.preferential-policy         |
      | false_commitment | honors                      | punish.joint.honors                      |
      | false_commitment | special_market_transactions | punish.joint.special-market-transactions |
      | false_commitment | high_consumption            | punish.joint.high-consumption            |

    Examples: Listed for serious dishonesty
      | basis              | measure                     | rule                                     |
      | serious_dishonesty | industry_access             | punish.joint.industry-access             |
      | serious_dishonesty | employment_office           | punish.joint.employment-office           |
      | serious_dishonesty | preferential_policy         | punish.joint.preferential-policy         |
      | serious_dishonesty | honors                      | punish.joint.honors                      |
      | serious_dishonesty | special_market_transactions | punish.joint.special-market-transactions |
      | serious_dishonesty | high_consumption            | punish.joint.high-consumption            |

  @clause-2-2-3
  Scenario: Settings may narrow the recommended measures by the entry's basis
    Given the setting "blacklist.measures_serious_dishonesty" is [industry_access, high_consumption]
    And the case fact "entry.basis" is serious_dishonesty
    When the case is evaluated with the bundled pack
    Then the outcome is "joint_punishment"
    And the measures are "high_consumption, industry_access"
    And rule "punish.joint.industry-access" fires, citing "二(二)3"
    And rule "punish.joint.high-consumption" fires, citing "二(二)3"
    And rule "punish.joint.honors" does not fire

  @interpretation-only @clause-2-2-3 @clause-1-2-2
  Scenario: An entry dated after the evaluation date is not in force yet: no joint punishment, no publication
    Given the case fact "entry.listed_on" is 2020-06-02
    When the case is evaluated with the bundled pack
    Then the outcome is "not_in_force"
    And rule "blacklist.not-yet-in-force" fires, citing "—"
    And there are no consequences
    And there are no measures
    And rule "punish.joint" does not fire
    And rule "blacklist.publish" does not fire

  @interpretation-only @clause-2-1
  Scenario: An entry recorded as exited but listed after the evaluation date has not left the list: no exit is published
    Given the case fact "entry.listed_on" is 2020-07-01
    And the case fact "entry.status" is exited
    When the case is evaluated with the bundled pack
    Then the outcome is "not_in_force"
    And rule "blacklist.not-yet-in-force" fires, citing "—"
    And there are no consequences
    And there are no channels
    And rule "blacklist.exit" does not fire

  @clause-2-2-3
  Scenario: Joint punishment starts on the listing day
    Given the case fact "entry.listed_on" is 2020-06-01
    When the case is evaluated with the bundled pack
    Then the outcome is "joint_punishment"
    And the measures are "industry_access, employment_office, preferential_policy, honors, special_market_transactions, high_consumption"
    And rule "punish.joint" fires, citing "二(二)3"

  @clause-2-2-4
  Scenario: A natural person's employer that is not known cannot be notified
    Given the case fact "entry.subject.employer" is null
    When the case is evaluated with the bundled pack
    Then the outcome is "joint_punishment"
    And the consequences are "publish_dishonesty, share_credit_info"
    And rule "punish.publish-notify" fires, citing "二(二)4"
    And rule "punish.notify-employer.person" does not fire

  @clause-2-2-4
  Scenario: For an organisation, the legal representative's employer is not notified by default
    Given these case facts:
      | fact                                        | value                      |
      | entry.subject.kind                          | legal_person               |
      | entry.subject.employer                      | null                       |
      | entry.subject.legal_representative_employer | 连云港某某投资集团有限公司 |
    When the case is evaluated with the bundled pack
    Then the outcome is "joint_punishment"
    And the consequences are "publish_dishonesty, share_credit_info"
    And rule "punish.notify-employer.organisation" does not fire

  @clause-2-2-4
  Scenario: With the setting on, the organisation's legal representative's employer is notified
    Given the setting "blacklist.notify_org_employer" is true
    And these case facts:
      | fact                                        | value                      |
      | entry.subject.kind                          | legal_person               |
      | entry.subject.employer                      | null                       |
      | entry.subject.legal_representative_employer | 连云港某某投资集团有限公司 |
    When the case is evaluated with the bundled pack
    Then the outcome is "joint_punishment"
    And the consequences are "notify_employer, publish_dishonesty, share_credit_info"
    And rule "punish.notify-employer.organisation" fires, citing "二(二)4"

  @clause-2-1 @clause-2-2-3
  Scenario Outline: An exited entry ends joint punishment and its exit is published
    Given the case fact "entry.status" is exited
    And the case fact "entry.listed_on" is 2019-01-01
    And the case fact "entry.exit" is {reason: <exit reason>, date: 2020-03-01}
    When the case is evaluated with the bundled pack
    Then the outcome is "exited"
    And the consequences are "publish_list_exit, stop_joint_punishment"
    And there are no measures
    And rule "blacklist.exit" fires, citing "二(一)"
    And rule "punish.joint" does not fire

    Examples:
      | exit reason             |
      | credit_repair           |
      | expiry                  |
      | correction_on_objection |

  @clause-2-1 @clause-2-2-3 @interpretation-only
  Scenario Outline: An approved exit whose date has come counts as exited, even if the list still says active
    Given the case fact "entry.listed_on" is 2019-03-01
    And the case fact "entry.exit" is {reason: credit_repair, date: <exit date>}
    When the case is evaluated with the bundled pack
    Then the outcome is "exited"
    And the consequences are "publish_list_exit, stop_joint_punishment"
    And rule "blacklist.exit.approved" fires, citing "二(一)"
    And rule "punish.joint" does not fire
    And rule "blacklist.exit.repair-too-early" does not fire

    Examples: Listed for more than a year (the waiting period for credit repair)
      | exit date  |
      | 2020-05-20 |
      | 2020-06-01 |

  @clause-2-2-3 @clause-2-1 @interpretation-only
  Scenario: Before the exit date, joint punishment goes on
    Given the case fact "entry.listed_on" is 2019-03-01
    And the case fact "entry.exit" is {reason: credit_repair, date: 2020-06-02}
    When the case is evaluated with the bundled pack
    Then the outcome is "joint_punishment"
    And rule "punish.joint" fires, citing "二(二)3"
    And rule "blacklist.exit.approved" does not fire
    And rule "blacklist.exit.repair-too-early" does not fire

  @interpretation-only @clause-2-2-3 @clause-2-1
  Scenario Outline: An exit approved for credit repair within the waiting period (1 year by default) does not take effect; joint punishment goes on
    Given the case fact "entry.exit" is {reason: credit_repair, date: <exit date>}
    When the case is evaluated with the bundled pack
    Then the outcome is "joint_punishment"
    And the consequences are "notify_employer, publish_dishonesty, share_credit_info"
    And rule "blacklist.exit.repair-too-early" fires, citing "—"
    And rule "punish.joint" fires, citing "二(二)3"
    And rule "blacklist.exit.approved" does not fire

    Examples: Listed on 2019-09-01, waiting until 2020-09-01
      | exit date  |
      | 2020-05-20 |
      | 2020-06-01 |

  @interpretation-only @clause-2-2-3 @clause-2-1
  Scenario Outline: An exit the list already records for credit repair within the waiting period does not take effect either; joint punishment goes on
    Given the case fact "entry.status" is exited
    And the case fact "entry.exit" is {reason: credit_repair, date: <exit date>}
    When the case is evaluated with the bundled pack
    Then the outcome is "joint_punishment"
    And the consequences are "notify_employer, publish_dishonesty, share_credit_info"
    And rule "blacklist.exit.repair-too-early.recorded" fires, citing "—"
    And rule "punish.joint" fires, citing "二(二)3"
    And rule "blacklist.exit" does not fire

    Examples: Listed on 2019-09-01, waiting until 2020-09-01 (its last day)
      | exit date  |
      | 2020-05-20 |
      | 2020-06-01 |

  @clause-2-1 @interpretation-only
  Scenario Outline: An exit the list records after the waiting period, or for another reason, takes effect
    Given the case fact "entry.status" is exited
    And the case fact "entry.listed_on" is <listed on>
    And the case fact "entry.exit" is {reason: <exit reason>, date: 2020-05-20}
    When the case is evaluated with the bundled pack
    Then the outcome is "exited"
    And the consequences are "publish_list_exit, stop_joint_punishment"
    And rule "blacklist.exit" fires, citing "二(一)"
    And rule "blacklist.exit.repair-too-early.recorded" does not fire

    Examples:
      | listed on  | exit reason             |
      | 2019-05-19 | credit_repair           |
      | 2019-09-01 | correction_on_objection |

  @interpretation-only @clause-2-1
  Scenario: With no waiting period (setting 0), an exit the list records for credit repair takes effect at once
    Given the setting "blacklist.repair_wait_years" is 0
    And the case fact "entry.status" is exited
    And the case fact "entry.exit" is {reason: credit_repair, date: 2020-05-20}
    When the case is evaluated with the bundled pack
    Then the outcome is "exited"
    And rule "blacklist.exit" fires, citing "二(一)"
    And rule "blacklist.exit.repair-too-early.recorded" does not fire

  @interpretation-only @clause-2-1
  Scenario Outline: With no waiting period (setting 0), an exit for credit repair dated on the listing day itself takes effect
    Given the setting "blacklist.repair_wait_years" is 0
    And the case fact "entry.status" is <status>
    And the case fact "entry.exit" is {reason: credit_repair, date: 2019-09-01}
    When the case is evaluated with the bundled pack
    Then the outcome is "exited"
    And the consequences are "publish_list_exit, stop_joint_punishment"
    And rule "<exit rule>" fires, citing "二(一)"
    And rule "blacklist.exit.repair-too-early" does not fire
    And rule "blacklist.exit.repair-too-early.recorded" does not fire

    Examples: Listed on 2019-09-01, the exit dated the same day
      | status | exit rule               |
      | exited | blacklist.exit          |
      | active | blacklist.exit.approved |

  @clause-2-1 @interpretation-only
  Scenario Outline: An exit for credit repair takes effect once the waiting period has run out (the day after its anniversary); correction on objection does not wait
    Given the case fact "entry.listed_on" is <listed on>
    And the case fact "entry.exit" is {reason: <exit reason>, date: 2020-05-20}
    When the case is evaluated with the bundled pack
    Then the outcome is "exited"
    And the consequences are "publish_list_exit, stop_joint_punishment"
    And rule "blacklist.exit.approved" fires, citing "二(一)"
    And rule "blacklist.exit.repair-too-early" does not fire

    Examples:
      | listed on  | exit reason             |
      | 2019-05-19 | credit_repair           |
      | 2019-09-01 | correction_on_objection |

  @interpretation-only @clause-2-2-3
  Scenario: The waiting period for credit repair is a setting
    Given the setting "blacklist.repair_wait_years" is 2
    And the case fact "entry.listed_on" is 2019-03-01
    And the case fact "entry.exit" is {reason: credit_repair, date: 2020-05-20}
    When the case is evaluated with the bundled pack
    Then the outcome is "joint_punishment"
    And rule "blacklist.exit.repair-too-early" fires, citing "—"
    And rule "punish.joint" fires, citing "二(二)3"

  @clause-2-1 @clause-2-2-3
  Scenario Outline: Once the publication period (3 years by default) has run out the entry is exited: the listing day is not counted, the corresponding day is the last
    Given the case fact "entry.listed_on" is <listed on>
    And the evaluation date is <evaluated on>
    When the case is evaluated with the bundled pack
    Then the outcome is "exited"
    And rule "blacklist.exit.expired" fires, citing "二(一)"
    And rule "punish.joint" does not fire

    Examples:
      | listed on  | evaluated on |
      | 2017-06-01 | 2020-06-02   |
      | 2016-02-29 | 2019-03-01   |

  @clause-2-2-3 @clause-2-1
  Scenario Outline: On the last day of the publication period the entry is still active
    Given the case fact "entry.listed_on" is <listed on>
    And the evaluation date is <evaluated on>
    When the case is evaluated with the bundled pack
    Then the outcome is "joint_punishment"
    And rule "punish.joint" fires, citing "二(二)3"
    And rule "blacklist.exit.expired" does not fire

    Examples:
      | listed on  | evaluated on |
      | 2017-06-01 | 2020-06-01   |
      | 2016-02-29 | 2019-02-28   |

  @clause-2-2-3 @clause-2-1
  Scenario: The publication period is a setting
    Given the setting "blacklist.publication_years" is 5
    And the case fact "entry.listed_on" is 2017-06-01
    When the case is evaluated with the bundled pack
    Then the outcome is "joint_punishment"
    And rule "punish.joint" fires, citing "二(二)3"
    And rule "blacklist.exit.expired" does not fire

  @interpretation-only @clause-2-2-3
  Scenario: An entry recorded as exited with an exit dated after the evaluation date had not exited on it, and joint punishment goes on
    Given the case fact "entry.status" is exited
    And the case fact "entry.exit" is {reason: credit_repair, date: 2020-06-20}
    When the case is evaluated with the bundled pack
    Then the outcome is "joint_punishment"
    And rule "blacklist.exit.not-yet-effective" fires, citing "—"
    And rule "punish.joint" fires, citing "二(二)3"
    And rule "blacklist.exit" does not fire
