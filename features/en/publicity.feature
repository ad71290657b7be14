# language: en
Feature: Publicity of a commitment (publicity)
  Whether and where a commitment letter is displayed. Grounds: 一(二)3 「在信用连云港网、政务服务网、
  行政机关门户网站等在线平台以及项目所在地和申请人所在村(居)委会公示承诺书,接受社会监督。涉及国家机密、
  商业秘密或者个人隐私的,不予公示」 (display on Credit Lianyungang, the government service portal and
  the agency's portal, at the project location and at the applicant's village committee; never when
  it touches a state secret, a commercial secret or personal privacy) and 二(一)
  「鼓励申请人主动公开接受社会监督」 (applicants are encouraged to make it public). withhold beats
  publish, and rules out every channel.

  Background:
    Given the case:
      """yaml
      kind: publicity
      id: PUB-2020-0001
      applicant:
        id: A-001
        kind: legal_person
        name: 连云港某某商贸有限公司
        credit: {on_blacklist: false, serious_dishonesty: false, prior_false_commitment: false}
      matter:
        id: M-0101
        name: 食品经营许可
        unit: {name: 连云港市市场监督管理局, level: municipal, requires_certification: true}
        kind: licensing
        review_mode: formal
        listed: true
        commitment_condition_met: true
        has_project: false
      commitment:
        notification: {breach_risk: true, joint_punishment_mechanism: true}
        statements: [knows_notice, meets_conditions, accepts_liability, genuine_intent]
        signed_at: 2020-05-10
        channel: electronic
        decision: granted
      request: {}
      """
    And the evaluation date is 2020-06-01

  @clause-1-2-3
  Scenario: A letter touching no secret is displayed on the three websites
    When the case is evaluated with the bundled pack
    Then the outcome is "publish"
    And the channels are "credit_lyg, gov_service_portal, agency_portal"
    And there are no reasons
    And rule "publicity.commitment.credit-lyg" fires, citing "一(二)3"
    And rule "publicity.commitment.gov-service-portal" fires, citing "一(二)3"
    And rule "publicity.commitment.agency-portal" fires, citing "一(二)3"
    And rule "publicity.commitment.project-location" does not fire
    And rule "publicity.commitment.village-committee" does not fire

  @clause-1-2-3
  Scenario: For a project, and an applicant with a village committee, it is displayed there too
    Given the case fact "matter.has_project" is true
    And the case fact "applicant.village_committee" is 海州区某某村民委员会
    When the case is evaluated with the bundled pack
    Then the outcome is "publish"
    And the channels are "agency_portal, credit_lyg, gov_service_portal, project_location, village_committee"
    And rule "publicity.commitment.project-location" fires, citing "一(二)3"
    And rule "publicity.commitment.village-committee" fires, citing "一(二)3"

  @clause-1-2-3
  Scenario: A blank village committee counts as none
    Given the case fact "applicant.village_committee" is "  "
    When the case is evaluated with the bundled pack
    Then the outcome is "publish"
    And the channels are "agency_portal, credit_lyg, gov_service_portal"
    And rule "publicity.commitment.village-committee" does not fire

  @clause-1-2-3
  Scenario: By default the channels the unit proposes do not narrow publication; the letter is displayed on every channel that applies
    Given the case fact "request.channels" is [credit_lyg, project_location]
    And the case fact "matter.has_project" is true
    When the case is evaluated with the bundled pack
    Then the outcome is "publish"
    And the channels are "agency_portal, credit_lyg, gov_service_portal, project_location"
    And rule "publicity.commitment.credit-lyg" fires, citing "一(二)3"
    And rule "publicity.commitment.project-location" fires, citing "一(二)3"
    And rule "publicity.commitment.gov-service-portal" fires, citing "一(二)3"
    And rule "publicity.commitment.agency-portal" fires, citing "一(二)3"

  @clause-1-2-3
  Scenario: With that setting on, the unit's proposal chooses among the local channels only; the three websites always display the letter
    Given the setting "publicity.honour_proposed_channels" is true
    And the case fact "request.channels" is [credit_lyg, village_committee]
    And the case fact "matter.has_project" is true
    And the case fact "applicant.village_committee" is "海州区新坝镇某某村村民委员会"
    When the case is evaluated with the bundled pack
    Then the outcome is "publish"
    And the channels are "agency_portal, credit_lyg, gov_service_portal, village_committee"
    And rule "publicity.commitment.gov-service-portal" fires, citing "一(二)3"
    And rule "publicity.commitment.village-committee" fires, citing "一(二)3"
    And rule "publicity.commitment.project-location" does not fire

  @clause-1-2-3
  Scenario Outline: A letter touching a state secret, a commercial secret or personal privacy is withheld on every channel
    Given the case fact "<source>" is [<secret>]
    When the case is evaluated with the bundled pack
    Then the outcome is "withhold"
    And the reasons are "<secret>"
    And there are no channels
    And rule "<rule>" fires, citing "一(二)3"
    And rule "publicity.commitment.credit-lyg" does not fire

    Examples: A secrecy flag on the request
      | source        | secret            | rule                                |
      | request.flags | state_secret      | publicity.secrecy.state-secret      |
      | request.flags | commercial_secret | publicity.secrecy.commercial-secret |
      | request.flags | personal_privacy  | publicity.secrecy.personal-privacy  |

    Examples: Protected content the letter says it contains
      | source              | secret            | rule                                |
      | commitment.contains | state_secret      | publicity.secrecy.state-secret      |
      | commitment.contains | commercial_secret | publicity.secrecy.commercial-secret |
      | commitment.contains | personal_privacy  | publicity.secrecy.personal-privacy  |

  @interpretation-only @clause-1-2-3
  Scenario: With redaction on, the letter is displayed with the protected content removed
    Given the setting "publicity.redact_instead" is true
    And the case fact "request.flags" is [commercial_secret]
    When the case is evaluated with the bundled pack
    Then the outcome is "publish"
    And the channels are "agency_portal, credit_lyg, gov_service_portal"
    And rule "publicity.secrecy.redact" fires, citing "—"
    And rule "publicity.secrecy.commercial-secret" does not fire

  @clause-2-1
  Scenario: The applicant makes the letter public of its own accord, on the three websites
    Given the case fact "request.voluntary" is true
    When the case is evaluated with the bundled pack
    Then the outcome is "publish"
    And the channels are "agency_portal, credit_lyg, gov_service_portal"
    And rule "publicity.voluntary" fires, citing "二(一)"

  @clause-1-2-3 @clause-2-1
  Scenario: Making it public of one's own accord does not display a letter touching a secret
    Given the case fact "commitment.voluntary_disclosure" is true
    And the case fact "request.flags" is [personal_privacy]
    When the case is evaluated with the bundled pack
    Then the outcome is "withhold"
    And rule "publicity.secrecy.personal-privacy" fires, citing "一(二)3"
    And rule "publicity.voluntary" does not fire

  @clause-1-2-3 @clause-2-1
  Scenario: By default an applicant's waiver of its own commercial secret or privacy is not honoured
    Given the case fact "request.self_waiver" is true
    And the case fact "request.voluntary" is true
    And the case fact "request.flags" is [personal_privacy]
    When the case is evaluated with the bundled pack
    Then the outcome is "withhold"
    And rule "publicity.secrecy.personal-privacy" fires, citing "一(二)3"
    And rule "publicity.voluntary.self-waiver" does not fire

  @clause-2-1 @clause-1-2-3
  Scenario Outline: Where the settings allow it, an applicant making the letter public may waive its own commercial secret or privacy, and the letter is displayed unredacted
    Given the setting "publicity.allow_self_waiver" is true
    And the case fact "applicant.kind" is <applicant>
    And the case fact "request.self_waiver" is true
    And the case fact "<voluntary>" is true
    And the case fact "request.flags" is [<secret>]
    When the case is evaluated with the bundled pack
    Then the outcome is "publish"
    And the channels are "agency_portal, credit_lyg, gov_service_portal"
    And rule "publicity.voluntary.self-waiver" fires, citing "二(一)"
    And rule "<rule>" does not fire

    Examples:
      | applicant      | voluntary                       | secret            | rule                                |
      | legal_person   | request.voluntary               | commercial_secret | publicity.secrecy.commercial-secret |
      | natural_person | request.voluntary               | commercial_secret | publicity.secrecy.commercial-secret |
      | natural_person | request.voluntary               | personal_privacy  | publicity.secrecy.personal-privacy  |
      | natural_person | commitment.voluntary_disclosure | personal_privacy  | publicity.secrecy.personal-privacy  |

  @clause-1-2-3 @clause-2-1
  Scenario Outline: Only a natural person has privacy of its own: the personal privacy in an organisation's letter is someone else's, and no waiver of the applicant's lifts its protection
    Given the setting "publicity.allow_self_waiver" is true
    And the case fact "applicant.kind" is <applicant>
    And the case fact "request.self_waiver" is true
    And the case fact "request.voluntary" is true
    And the case fact "<where>" is [personal_privacy]
    When the case is evaluated with the bundled pack
    Then the outcome is "withhold"
    And the reasons are "personal_privacy"
    And there are no channels
    And rule "publicity.secrecy.personal-privacy" fires, citing "一(二)3"
    And rule "publicity.voluntary.self-waiver" does not fire

    Examples:
      | applicant          | where               |
      | legal_person       | request.flags       |
      | legal_person       | commitment.contains |
      | unincorporated_org | request.flags       |

  @clause-1-2-3 @clause-2-1
  Scenario: A waiver of its own commercial secret by an applicant not making the letter public is not honoured; the letter is withheld
    Given the setting "publicity.allow_self_waiver" is true
    And the case fact "request.self_waiver" is true
    And the case fact "request.flags" is [commercial_secret]
    When the case is evaluated with the bundled pack
    Then the outcome is "withhold"
    And the reasons are "commercial_secret"
    And there are no channels
    And rule "publicity.secrecy.commercial-secret" fires, citing "一(二)3"
    And rule "publicity.voluntary.self-waiver" does not fire

  @clause-1-2-3 @clause-2-1
  Scenario: A state secret can never be waived
    Given the setting "publicity.allow_self_waiver" is true
    And the case fact "request.self_waiver" is true
    And the case fact "request.voluntary" is true
    And the case fact "request.flags" is [state_secret]
    When the case is evaluated with the bundled pack
    Then the outcome is "withhold"
    And the reasons are "state_secret"
    And rule "publicity.secrecy.state-secret" fires, citing "一(二)3"
    And rule "publicity.voluntary.self-waiver" does not fire

  @clause-1-2-3
  Scenario: When none of the channels the unit proposes applies, a letter touching no secret is still displayed, not withheld without a reason
    Given the case fact "request.channels" is [project_location, village_committee]
    When the case is evaluated with the bundled pack
    Then the outcome is "publish"
    And the channels are "agency_portal, credit_lyg, gov_service_portal"
    And rule "publicity.commitment.credit-lyg" fires, citing "一(二)3"

  @clause-2-1 @clause-1-2-3
  Scenario: An applicant making the letter public has it displayed on the three websites even when none of the channels the unit proposes applies
    Given the setting "publicity.honour_proposed_channels" is true
    And the case fact "request.channels" is [project_location]
    And the case fact "request.voluntary" is true
    When the case is evaluated with the bundled pack
    Then the outcome is "publish"
    And there are no reasons
    And the channels are "agency_portal, credit_lyg, gov_service_portal"
    And rule "publicity.voluntary" fires, citing "二(一)"
    And rule "publicity.commitment.credit-lyg" fires, citing "一(二)3"
    And rule "publicity.commitment.project-location" does not fire

  @interpretation-only
  Scenario: A letter signed after the evaluation date is not displayed yet, even when the applicant volunteers it
    Given the case fact "commitment.signed_at" is 2020-06-05
    And the case fact "request.voluntary" is true
    When the case is evaluated with the bundled pack
    Then the outcome is "withhold"
    And there are no channels
    And rule "publicity.not-yet-signed" fires, citing "—"
    And rule "publicity.voluntary" does not fire

  @interpretation-only
  Scenario: A letter not signed yet is no commitment, and is displayed on no channel
    Given the case fact "commitment.signed_at" is null
    When the case is evaluated with the bundled pack
    Then the outcome is "withhold"
    And there are no channels
    And rule "publicity.not-yet-signed" fires, citing "—"
    And rule "publicity.commitment.credit-lyg" does not fire

  @interpretation-only
  Scenario Outline: The letter of a refused application is displayed on no channel, even when the applicant volunteers it: no decision rests on it, so there is nothing to supervise
    Given the case fact "commitment.decision" is refused
    And the case fact "request.voluntary" is <voluntary>
    When the case is evaluated with the bundled pack
    Then the outcome is "withhold"
    And there are no channels
    And there are no reasons
    And rule "publicity.refused" fires, citing "—"
    And rule "publicity.commitment.credit-lyg" does not fire
    And rule "publicity.voluntary" does not fire

    Examples:
      | voluntary |
      | false     |
      | true      |

  @clause-1-2-3
  Scenario: With the setting off, the letter of a refused application is displayed as any other: the text names secrecy as its only exception
    Given the setting "publicity.withhold_refused" is false
    And the case fact "commitment.decision" is refused
    When the case is evaluated with the bundled pack
    Then the outcome is "publish"
    And rule "publicity.commitment.credit-lyg" fires, citing "一(二)3"
    And rule "publicity.refused" does not fire

  @clause-1-2-3
  Scenario Outline: The letter of a granted or undecided application is displayed
    Given the case fact "commitment.decision" is <decision>
    When the case is evaluated with the bundled pack
    Then the outcome is "publish"
    And rule "publicity.commitment.credit-lyg" fires, citing "一(二)3"
    And rule "publicity.refused" does not fire

    Examples:
      | decision |
      | granted  |
      | pending  |
