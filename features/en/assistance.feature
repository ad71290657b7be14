# language: en
Feature: Administrative assistance (assistance)
  Whether an administrative-assistance action may go ahead. Grounds: 一(五)2 「对行政协助实行目录化管理,
  各单位需要增加行政协助的,应在实施前开展登记备案列入目录,需紧急协助的除外。纳入目录内的行政协助事项,
  行政机关不得擅自取消或调整」 (assistance is managed through a catalog; a new item is registered before
  use, except in an emergency; an agency may not cancel or adjust a catalog item on its own), and
  二(三) 「明确协助查询和公示失信人员信息,协助查找人员」 (help look up and publish dishonesty information
  and find persons). rejected beats allowed; an emergency is the exception to a rejection.

  Background:
    Given the case:
      """yaml
      kind: assistance
      id: AST-2020-0001
      request:
        requesting_unit: {name: 市市场监管局, level: municipal, requires_certification: true}
        assisting_unit: {name: 某县公安局, level: county, requires_certification: true}
        item: 社保缴纳记录调取
        in_catalog: true
        action: implement
        initiator: agency_unilateral
        purpose: verification
      """
    And the evaluation date is 2020-06-01

  @clause-1-5-2
  Scenario Outline: Assistance outside the catalog and not registered before use is rejected
    Given the case fact "request.in_catalog" is false
    And the case fact "request.action" is <action>
    When the case is evaluated with the bundled pack
    Then the outcome is "rejected"
    And the reasons are "not_in_catalog"
    And rule "assist.register-before-use" fires, citing "一(五)2"

    Examples:
      | action    |
      | implement |
      | add       |

  @clause-1-5-2
  Scenario: Assistance registered before use is allowed
    Given the case fact "request.in_catalog" is false
    And the case fact "request.registered_before_use" is true
    When the case is evaluated with the bundled pack
    Then the outcome is "allowed"
    And there are no reasons
    And rule "assist.register-before-use" does not fire

  @clause-1-5-2
  Scenario Outline: Urgent assistance is the exception: it goes ahead and is registered afterwards
    Given the case fact "request.in_catalog" is false
    And the case fact "request.action" is <action>
    And the case fact "request.emergency" is true
    When the case is evaluated with the bundled pack
    Then the outcome is "allowed"
    And the consequences are "post_registration_due"
    And rule "assist.emergency" fires, citing "一(五)2"
    And rule "assist.register-before-use" does not fire

    Examples:
      | action    |
      | implement |
      | add       |

  @clause-1-5-2
  Scenario: Urgent assistance with a catalog item needs no registration afterwards
    Given the case fact "request.emergency" is true
    When the case is evaluated with the bundled pack
    Then the outcome is "allowed"
    And there are no consequences
    And rule "assist.emergency" does not fire

  @clause-1-5-2
  Scenario Outline: An agency may not cancel or adjust a catalog item on its own
    Given the case fact "request.action" is <action>
    When the case is evaluated with the bundled pack
    Then the outcome is "rejected"
    And the reasons are "unilateral_change"
    And rule "assist.no-unilateral-change" fires, citing "一(五)2"

    Examples:
      | action |
      | cancel |
      | adjust |

  @clause-1-5-2
  Scenario: Not even in an emergency may a catalog item be adjusted unilaterally
    Given the case fact "request.action" is adjust
    And the case fact "request.emergency" is true
    When the case is evaluated with the bundled pack
    Then the outcome is "rejected"
    And rule "assist.no-unilateral-change" fires, citing "一(五)2"
    And rule "assist.emergency" does not fire

  @clause-1-5-2
  Scenario Outline: The catalog authority may adjust, and an item outside the catalog may be cancelled
    Given the case fact "<fact>" is <value>
    And the case fact "request.action" is <action>
    When the case is evaluated with the bundled pack
    Then the outcome is "allowed"
    And rule "assist.no-unilateral-change" does not fire

    Examples:
      | fact               | value             | action |
      | request.initiator  | catalog_authority | adjust |
      | request.initiator  | catalog_authority | cancel |
      | request.in_catalog | false             | cancel |

  @clause-2-3
  Scenario Outline: A pilot unit asked to look up or publish dishonesty information, or to find a person, must assist
    Given the case fact "request.purpose" is <purpose>
    When the case is evaluated with the bundled pack
    Then the outcome is "allowed"
    And rule "verify.assist-query" fires, citing "二(三)"

    Examples:
      | purpose              |
      | dishonesty_query     |
      | dishonesty_publicity |
      | person_search        |

  @clause-2-3
  Scenario: A unit outside the pilot has no such duty
    Given the case fact "request.purpose" is dishonesty_query
    And the case fact "request.assisting_unit.level" is other
    When the case is evaluated with the bundled pack
    Then the outcome is "allowed"
    And rule "verify.assist-query" does not fire

  @clause-2-3 @clause-1-5-2
  Scenario: The duty to assist does not waive the catalog: an unregistered person search outside it is rejected
    Given these case facts:
      | fact               | value         |
      | request.purpose    | person_search |
      | request.in_catalog | false         |
    When the case is evaluated with the bundled pack
    Then the outcome is "rejected"
    And the reasons are "not_in_catalog"
    And rule "verify.assist-query" fires, citing "二(三)"
    And rule "assist.register-before-use" fires, citing "一(五)2"
