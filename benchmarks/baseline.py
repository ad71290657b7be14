"""The bundled pack's decisions written by hand in plain Python: the yardstick of the engines' speed.

``DESIGN.md`` sets the target of the compiled engine relative to hand-written Python that makes the
same decisions and builds the same :class:`~commitrules.Decision`. This module is that code: one
function per case kind, written from ``docs/policy-reference.md`` the way a developer would write it
without a rule engine - plain ``if`` statements over the typed case, derived facts as local
variables, exceptions (``overrides``) as ``and not`` - and a decision built by hand.

What it takes from the pack, and what it does not:

- **Settings** are read from the pack when a :class:`Baseline` is made (``pack.settings``), so it
  follows a deployment's overrides exactly as the engines do (the agreement test runs it on packs
  with other settings).
- **Which rules fire, and the facts each read**, are hand-written here: every condition, exception,
  derived fact and the null rules of the condition language (a null compares false) are Python
  below, not data.
- **What a fired rule contributes** (outcome, codes, route target) and what a fired rule shows (id,
  clause, title, quote) is taken from the pack's rule records: static text and code lists that
  hand-written code would hold as constants too, looked up once here.

The decision is built by hand, without going through :func:`commitrules.engine.decision.build_decision`,
so that the engine's ratio to this code measures everything the engine does per case: evaluation,
fact extraction for explanations and building the pydantic objects. Both sides build the decision
objects the cheapest correct way: the values are known to be valid, so the objects are made without
re-validating them (``_construct``), and equal those made with validation (``tests/test_baseline.py``
checks ``==`` against both engines, and the JSON).

Examples:
    >>> import commitrules
    >>> from benchmarks.baseline import Baseline
    >>> from benchmarks.generators import AS_OF, generate_cases
    >>> pack = commitrules.load_policies()
    >>> case = commitrules.parse_case(generate_cases("application", 1, seed=3)[0])
    >>> Baseline(pack).evaluate(case, AS_OF) == pack.evaluate(case, as_of=AS_OF)
    True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic_core import to_jsonable_python

from commitrules.engine.decision import Decision, FiredRule, PolicyRef, Title
from commitrules.model import CASE_MODELS, Case
from commitrules.policy.pack import KindPolicy, PolicyPack

__all__ = ["Baseline"]

_PILOT_LEVELS = frozenset({"municipal", "county"})
_SEED_METHODS = frozenset({"inter_department_check", "on_site_investigation", "backend_data_retrieval"})
_RISK_RULES = (  # (flag, rule id suffix, switched by exclusions.national)
    ("national_security", "national-security", False),
    ("public_safety", "public-safety", False),
    ("ecological_environment", "ecological-environment", False),
    ("personal_safety", "personal-safety", False),
    ("state_secret", "state-secret", True),
    ("financial_prudential", "financial-prudential", True),
    ("health_life_property", "health-life-property", True),
    ("major_foreign", "major-foreign", True),
)
_FALSE_OR_CONCEALED = frozenset({"intentional_concealment", "false_commitment", "improper_means"})
_CREDIT_FINDINGS = frozenset({"intentional_concealment", "false_commitment", "improper_means"})
_INTENT_FINDINGS = frozenset({"intentional_concealment", "improper_means"})
_NONCONFORMING = frozenset({"not_meeting_conditions", "noncompliance_with_requirements"})
_MEASURE_RULES = (
    ("industry_access", "punish.joint.industry-access"),
    ("employment_office", "punish.joint.employment-office"),
    ("preferential_policy", "punish.joint.preferential-policy"),
    ("honors", "punish.joint.honors"),
    ("special_market_transactions", "punish.joint.special-market-transactions"),
    ("high_consumption", "punish.joint.high-consumption"),
)
_CHANNEL_RULES = (
    ("credit_lyg", "publicity.commitment.credit-lyg"),
    ("gov_service_portal", "publicity.commitment.gov-service-portal"),
    ("agency_portal", "publicity.commitment.agency-portal"),
)
_NEXT_LEVEL = {
    ("business_division", "division_head"),
    ("division_head", "leader_in_charge"),
    ("leader_in_charge", "principal_leader"),
    ("principal_leader", "organisation"),
}
_DIVISION = frozenset({"business_division", "division_head"})
_LEADERS = frozenset({"leader_in_charge", "principal_leader"})
_LEADER_MAJOR = frozenset({"major_work_issue", "major_within_authority", "major_beyond_division_authority"})
_TO_PRINCIPAL = frozenset({"beyond_portfolio", "overall_work"})
_MAJOR = frozenset({"major_within_authority", "major_beyond_division_authority", "major_work_issue"})
_AFTER_MEETING = frozenset({"attended_superior_meeting", "attended_training", "received_superior_task"})
_QUERY_PURPOSES = frozenset({"dishonesty_query", "dishonesty_publicity", "person_search"})

_set = object.__setattr__


def _construct(cls: type[Any], values: dict[str, Any]) -> Any:
    """A pydantic model from values known to be valid, every field given (what ``model_construct`` does)."""
    obj = object.__new__(cls)
    _set(obj, "__dict__", values)
    _set(obj, "__pydantic_fields_set__", set(values))
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


def _enum(value: Any) -> str | None:
    return None if value is None else value.value


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _codes(values: Any) -> list[str]:
    """A set of codes as the decision shows it: plain strings, sorted."""
    return sorted(map(str, values))


def _add_years(day: dt.date, years: int) -> dt.date | None:
    if not dt.MINYEAR <= day.year + years <= dt.MAXYEAR:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True, slots=True)
class _Rule:
    """What a fired rule shows and contributes, looked up once from the pack."""

    index: int
    id: str
    clauses: tuple[str, ...]
    title: Title
    quote: str | None
    interpretation: bool
    rank: int  # position of its outcome in the kind's precedence list; len(outcomes) when none
    reasons: tuple[str, ...]
    consequences: tuple[str, ...]
    measures: tuple[str, ...]
    channels: tuple[str, ...]
    tools: tuple[str, ...]
    route_to: str | None


class _Kind:
    """A kind's rules by id, its outcomes and default."""

    def __init__(self, policy: KindPolicy) -> None:
        self.kind = policy.kind
        self.outcomes = policy.outcomes
        self.default = policy.default
        none = len(policy.outcomes)
        self.rules: dict[str, _Rule] = {
            r.id: _Rule(
                index=r.index,
                id=r.id,
                clauses=tuple(r.clauses),
                title=Title(zh=r.title["zh"], en=r.title["en"]),
                quote=r.quote,
                interpretation=r.interpretation is not None,
                rank=policy.outcomes.index(r.effect.outcome) if r.effect.outcome else none,
                reasons=r.effect.reasons,
                consequences=r.effect.consequences,
                measures=r.effect.measures,
                channels=r.effect.channels,
                tools=r.effect.tools,
                route_to=r.effect.route_to,
            )
            for r in policy.rules
        }

    def __getitem__(self, rule_id: str) -> _Rule:
        return self.rules[rule_id]


Fired = list[tuple[_Rule, dict[str, Any]]]


def _index(item: tuple[_Rule, dict[str, Any]]) -> int:
    return item[0].index


class Baseline:
    """Hand-written decisions for the bundled pack, with the settings of ``pack``."""

    def __init__(self, pack: PolicyPack) -> None:
        self.pack = pack
        value = {name: s.value for name, s in pack.settings.items()}
        self.national = value["exclusions.national"]
        self.strict_national = value["notice.strict_national"]
        self.non_refund_on_invalid = value["fees.non_refund_on_invalid"]
        self.non_refund_on_revoke = value["fees.non_refund_on_revoke"]
        self.default_deadline = value["verification.default_deadline_days"]
        self.processing_days_deadline = value["verification.pre_decision_uses_processing_days"]
        self.breach_record_findings = frozenset(value["credit.breach_record_findings"])
        self.breach_record_unclassified = value["credit.breach_record_unclassified"]
        self.barring_findings = frozenset(value["application.barring_findings"])
        self.auto_enter = value["blacklist.auto_enter"]
        self.intent_enters = value["blacklist.intent_findings_enter"]
        self.publication_years = value["blacklist.publication_years"]
        self.repair_wait_years = value["blacklist.repair_wait_years"]
        self.measures_false = frozenset(value["blacklist.measures_false_commitment"])
        self.measures_dishonest = frozenset(value["blacklist.measures_serious_dishonesty"])
        self.notify_org_employer = value["blacklist.notify_org_employer"]
        self.redact_instead = value["publicity.redact_instead"]
        self.withhold_refused = value["publicity.withhold_refused"]
        self.allow_self_waiver = value["publicity.allow_self_waiver"]
        self.honour_channels = value["publicity.honour_proposed_channels"]
        self.major_issues = frozenset(value["escalation.major_issues"])
        self.exempt_all_favorable = value["leniency.exempt_requires_all_favorable"]
        self.mitigated_min = value["leniency.mitigated_min_score"]
        self.lighter_min = value["leniency.lighter_min_score"]
        self.period_months = value["summary.period_months"]
        self.withdrawal_allowed = value["withdrawal.allowed"]
        # Setting values shown among a rule's facts: sorted, as decisions show sets.
        self.breach_record_json = _codes(self.breach_record_findings)
        self.barring_findings_json = _codes(self.barring_findings)
        self.measures_false_json = _codes(self.measures_false)
        self.measures_dishonest_json = _codes(self.measures_dishonest)
        self.major_issues_json = _codes(self.major_issues)

        org = pack.organization
        self.route = org.route
        self.departments = {
            m: list(d) for m in {m for _, ms in org.departments.items() for m in ms} if (d := org.departments_for(m))
        }
        self.policy_ref = PolicyRef(name=pack.name, version=pack.version, digest=pack.digest)
        self.kinds = {kind: _Kind(policy) for kind, policy in pack.policies.items()}
        self._decide: dict[str, Callable[[Any, dt.date], Decision]] = {
            "matter_review": self.matter_review,
            "application": self.application,
            "verification": self.verification,
            "blacklist": self.blacklist,
            "publicity": self.publicity,
            "escalation": self.escalation,
            "leniency": self.leniency,
            "assistance": self.assistance,
            "assessment": self.assessment,
            "summary": self.summary,
            "credit_site": self.credit_site,
        }

    # ---- the interface of the engines ------------------------------------------------------------

    def evaluate(self, case: Case, as_of: dt.date) -> Decision:
        """The decision for a typed case on ``as_of``."""
        return self._decide[case.KIND](case, as_of)

    def evaluate_dict(self, data: Mapping[str, Any], as_of: dt.date) -> Decision:
        """The decision for a JSON-like case, validated by its pydantic model first."""
        return self._decide[data["kind"]](CASE_MODELS[data["kind"]].model_validate(data), as_of)

    # ---- the decision, by hand -------------------------------------------------------------------

    def _decision(self, kind: _Kind, case: Any, as_of: dt.date, fired: Fired, route: tuple[str, ...] = ()) -> Decision:
        fired.sort(key=_index)  # the decision lists fired rules in the pack's evaluation order
        rank = len(kind.outcomes)
        reasons: set[str] = set()
        consequences: set[str] = set()
        measures: set[str] = set()
        channels: set[str] = set()
        tools: set[str] = set()
        shown = []
        for rule, facts in fired:
            rank = min(rank, rule.rank)
            if rule.reasons:
                reasons.update(rule.reasons)
            if rule.consequences:
                consequences.update(rule.consequences)
            if rule.measures:
                measures.update(rule.measures)
            if rule.channels:
                channels.update(rule.channels)
            if rule.tools:
                tools.update(rule.tools)
            shown.append(
                _construct(
                    FiredRule,
                    {
                        "rule": rule.id,
                        "clause": list(rule.clauses),
                        "title": rule.title,
                        "quote": rule.quote,
                        "interpretation": rule.interpretation,
                        "facts": facts,
                        "settings": None,  # the bundled pack has no setting that changes with time
                    },
                )
            )
        measure_list = sorted(measures)
        departments = self.departments
        return _construct(
            Decision,
            {
                "kind": kind.kind,
                "case_id": case.id,
                "outcome": kind.outcomes[rank] if rank < len(kind.outcomes) else kind.default,
                "reasons": sorted(reasons),
                "consequences": sorted(consequences),
                "measures": measure_list,
                "route": list(route),
                "channels": sorted(channels),
                "tools": sorted(tools),
                "applied_by": {m: list(departments[m]) for m in measure_list if m in departments},
                "fired": shown,
                "policy": self.policy_ref,
                "as_of": as_of,
            },
        )

    # ---- 事项梳理 matter_review ---------------------------------------------------------------------

    def _matter_bars(self, c: Any, r: _Kind, fired: Fired, prefix: str) -> bool:  # noqa: C901, PLR0912 - a branch per rule
        """Group A: the rules that keep a matter off the commitment route (shared by two kinds)."""
        m = c.matter
        unit = m.unit
        plan = m.plan
        barred = False
        if not (unit.level in _PILOT_LEVELS and unit.requires_certification):
            fired.append(
                (
                    r[prefix + "scope.pilot-unit"],
                    {
                        "matter.unit.level": unit.level.value,
                        "matter.unit.requires_certification": unit.requires_certification,
                    },
                )
            )
            barred = True
        if not m.listed:
            fired.append((r[prefix + "eligibility.listed"], {"matter.listed": False}))
            barred = True
        if m.review_mode == "substantive":
            fired.append((r[prefix + "eligibility.formal-review"], {"matter.review_mode": "substantive"}))
            barred = True
        if not m.commitment_condition_met:
            fired.append((r[prefix + "eligibility.commitment-condition"], {"matter.commitment_condition_met": False}))
            barred = True
        if m.risk_flags:
            for flag, name, national in _RISK_RULES:
                if flag in m.risk_flags and (not national or self.national):
                    facts: dict[str, Any] = {f"matter.has_risk('{flag}')": True}
                    if national:
                        facts = {"settings.exclusions.national": True, **facts}
                    fired.append((r[f"{prefix}exclusion.direct-risk.{name}"], facts))
                    barred = True
        if m.listed:
            if plan.exempt:
                facts = {
                    "matter.listed": True,
                    "matter.plan.exempt": True,
                    "matter.plan.daily_supervision": plan.daily_supervision,
                }
                if plan.daily_supervision:  # the exception: no case-by-case plan is needed
                    fired.append((r[prefix + "verify.plan-exempt"], facts))
                else:
                    fired.append((r[prefix + "verify.plan-exempt-unsupervised"], facts))
                    barred = True
            if not (plan.exempt and plan.daily_supervision) and not plan.is_complete():
                fired.append(
                    (r[prefix + "verify.plan-complete"], {"matter.listed": True, "matter.plan.is_complete()": False})
                )
                barred = True
        return barred

    def matter_review(self, c: Any, a: dt.date) -> Decision:
        r = self.kinds["matter_review"]
        fired: Fired = []
        m = c.matter
        barred = self._matter_bars(c, r, fired, "")
        if m.public_concern or m.representative:
            fired.append(
                (
                    r["eligibility.priority"],
                    {"matter.public_concern": m.public_concern, "matter.representative": m.representative},
                )
            )
        if m.listed and any(x not in _SEED_METHODS for x in m.plan.methods):  # advisory: 「等」 is open
            fired.append((r["verify.methods"], {"matter.listed": True, "matter.plan.methods": _codes(m.plan.methods)}))
        if m.listed and not barred:
            fired.append((r["eligibility.go-live"], {"matter.listed": True, "matter_barred": False}))
        return self._decision(r, c, a, fired)

    # ---- 告知承诺申请 application --------------------------------------------------------------------

    def application(self, c: Any, a: dt.date) -> Decision:  # noqa: C901, PLR0912, PLR0915 - one branch per rule
        r = self.kinds["application"]
        fired: Fired = []
        m = c.matter
        credit = c.applicant.credit
        history = c.applicant.history
        certificate = self._matter_bars(c, r, fired, "application.")
        if credit.on_blacklist:
            fired.append((r["applicant.blacklisted"], {"applicant.credit.on_blacklist": True}))
            certificate = True
        if credit.list_exited_on is not None and credit.list_exited_on > a:  # not off the list yet on the day
            fired.append(
                (
                    r["applicant.blacklisted.exit-pending"],
                    {"applicant.credit.list_exited_on": credit.list_exited_on.isoformat(), "as_of": a.isoformat()},
                )
            )
            certificate = True
        if credit.serious_dishonesty:
            fired.append((r["applicant.serious-dishonesty"], {"applicant.credit.serious_dishonesty": True}))
            certificate = True
        # a false commitment always bars (一(二)2); the setting adds other findings
        barring = self.barring_findings | {"false_commitment"}
        if credit.prior_false_commitment or any(
            h.committed_on <= a and not barring.isdisjoint(h.findings) for h in history
        ):  # a later entry is not there yet
            # Two exceptions, which may both apply: credit repaired, or off the list; each dated on or
            # before today and after every barring finding of the history.
            def read() -> dict[str, Any]:  # a fresh dict (and lists) for each rule that shows them
                return {
                    "applicant.credit.prior_false_commitment": credit.prior_false_commitment,
                    "applicant.history": to_jsonable_python(history),
                    "as_of": a.isoformat(),
                    "settings.application.barring_findings": list(self.barring_findings_json),
                }

            excepted = False
            repaired_on = credit.credit_repaired_on
            if (
                repaired_on is not None
                and repaired_on <= a
                and all(
                    h.committed_on > a or barring.isdisjoint(h.findings) or h.committed_on < repaired_on
                    for h in history
                )
            ):
                fired.append(
                    (
                        r["applicant.prior-false-commitment.repaired"],
                        {
                            **read(),
                            "applicant.credit.credit_repaired_on": repaired_on.isoformat(),
                            "as_of": a.isoformat(),
                        },
                    )
                )
                excepted = True
            exited_on = credit.list_exited_on
            if (
                not credit.on_blacklist
                and exited_on is not None
                and exited_on <= a
                and all(
                    h.committed_on > a or barring.isdisjoint(h.findings) or h.committed_on < exited_on for h in history
                )
            ):
                fired.append(
                    (
                        r["applicant.prior-false-commitment.exited"],
                        {
                            **read(),
                            "applicant.credit.on_blacklist": False,
                            "applicant.credit.list_exited_on": exited_on.isoformat(),
                            "as_of": a.isoformat(),
                        },
                    )
                )
                excepted = True
            if not excepted:
                fired.append((r["applicant.prior-false-commitment"], read()))
                certificate = True
        if c.declined:
            fired.append((r["applicant.choice"], {"declined": True}))
            certificate = True
        if self.withdrawal_allowed and c.withdrawn_this_cycle:
            fired.append(
                (r["withdrawal.cycle-closed"], {"settings.withdrawal.allowed": True, "withdrawn_this_cycle": True})
            )
            certificate = True
        refunded = m.fees_refundable or not (self.non_refund_on_invalid or self.non_refund_on_revoke)
        if refunded:
            fired.append(
                (
                    r["notice.fee-warning.refundable"],
                    {
                        "matter.fees_refundable": m.fees_refundable,
                        "settings.fees.non_refund_on_invalid": self.non_refund_on_invalid,
                        "settings.fees.non_refund_on_revoke": self.non_refund_on_revoke,
                    },
                )
            )
        if certificate:
            return self._decision(r, c, a, fired)

        # C. Only where the commitment route is open: is the notice complete?
        notice = c.commitment.notification
        defect = False
        if not notice.breach_risk:
            fired.append(
                (
                    r["notice.risk-warning.breach-risk"],
                    {"certificate_route": False, "commitment.notification.breach_risk": False},
                )
            )
            defect = True
        if not notice.joint_punishment_mechanism:
            fired.append(
                (
                    r["notice.risk-warning.joint-punishment"],
                    {"certificate_route": False, "commitment.notification.joint_punishment_mechanism": False},
                )
            )
            defect = True
        if self.strict_national:
            missing = notice.missing_national_fields()
            if missing:
                fired.append(
                    (
                        r["notice.national-contents"],
                        {
                            "certificate_route": False,
                            "settings.notice.strict_national": True,
                            "commitment.notification.missing_national_fields()": missing,
                        },
                    )
                )
                defect = True
            statements = c.commitment.missing_statements()
            if statements:
                fired.append(
                    (
                        r["notice.national-contents.statements"],
                        {
                            "certificate_route": False,
                            "settings.notice.strict_national": True,
                            "commitment.missing_statements()": [s.value for s in statements],
                        },
                    )
                )
                defect = True
        signed = c.commitment.signed_at
        if signed is None or signed > a:
            fired.append(
                (
                    r["notice.letter-signed"],
                    {"certificate_route": False, "commitment.signed_at": _day(signed), "as_of": a.isoformat()},
                )
            )
            defect = True
        if m.fees > 0 and not notice.fee_non_refund and not refunded:
            fired.append(
                (
                    r["notice.fee-warning"],
                    {
                        "certificate_route": False,
                        "matter.fees": str(m.fees),
                        "commitment.notification.fee_non_refund": False,
                    },
                )
            )
            defect = True
        if defect:
            return self._decision(r, c, a, fired)

        fired.append((r["application.accept"], {"certificate_route": False, "notice_defect": False}))
        fired.append((r["credit.record-commitment"], {"commitment_accepted": True}))
        contains = c.commitment.contains
        if contains and not self.redact_instead:
            fired.append(
                (
                    r["credit.disclose.secrecy"],
                    {
                        "commitment_accepted": True,
                        "commitment.contains": _codes(contains),
                        "settings.publicity.redact_instead": False,
                    },
                )
            )
        else:
            fired.append((r["credit.disclose"], {"commitment_accepted": True}))
        return self._decision(r, c, a, fired)

    # ---- 核查处理 verification ----------------------------------------------------------------------

    def verification(self, c: Any, a: dt.date) -> Decision:  # noqa: C901, PLR0912, PLR0915 - one branch per rule
        r = self.kinds["verification"]
        fired: Fired = []
        m = c.matter
        res = c.result
        findings = res.findings
        outcome = res.outcome
        done = res.completed_at
        started = c.started_on
        decision = c.commitment.decision
        deadline = m.plan.deadline_days
        fees_paid = c.commitment.fees_paid
        # Days the check has run: to the finishing day, or (still running, or finished only after
        # today) to today; None when it ended without a date.
        if done is not None and done <= a:
            ran: int | None = (done - started).days
        elif done is not None or outcome is None:
            ran = (a - started).days
        else:
            ran = None
        shown_outcome = _enum(outcome)  # the overdue rules show the result as recorded
        if (done is not None and done > a) or started > a:
            # Time: a result completed after today is not known yet; nothing follows from it.
            fired.append(
                (
                    r["verify.not-yet-completed"],
                    {"result.completed_at": _day(done), "as_of": a.isoformat(), "started_on": started.isoformat()},
                )
            )
            findings, outcome = [], None
        types = {f.type for f in findings}

        if deadline is not None and ran is not None and ran > deadline:
            fired.append(
                (
                    r["verify.overdue.plan-deadline"],
                    {
                        "matter.plan.deadline_days": deadline,
                        "result.completed_at": _day(done),
                        "result.outcome": shown_outcome,
                        "as_of": a.isoformat(),
                        "started_on": started.isoformat(),
                    },
                )
            )
        pre_decision = (
            self.processing_days_deadline
            and deadline is None
            and decision == "pending"
            and m.processing_days is not None
        )
        if pre_decision:
            fired.append(
                (
                    r["verify.deadline.pre-decision"],
                    {
                        "settings.verification.pre_decision_uses_processing_days": True,
                        "matter.plan.deadline_days": None,
                        "commitment.decision": "pending",
                        "matter.processing_days": m.processing_days,
                    },
                )
            )
        findings_json = None
        if outcome is not None or findings:
            findings_json = to_jsonable_python(findings)
            fired.append((r["verify.share"], {"result.outcome": _enum(outcome), "result.findings": findings_json}))
        if outcome is not None:
            fired.append((r["verify.history"], {"result.outcome": outcome.value}))
        # 一(二)1: every performance or breach record made below is published, unless secrecy withholds it
        recorded = False
        if outcome == "consistent" and not findings:
            fired.append(
                (r["credit.record-commitment.performance"], {"result.outcome": "consistent", "result.findings": []})
            )
            recorded = True
        if not types.isdisjoint(self.breach_record_findings):
            fired.append(
                (
                    r["credit.record-commitment.breach"],
                    {
                        "result.findings": to_jsonable_python(findings),
                        "settings.credit.breach_record_findings": list(self.breach_record_json),
                    },
                )
            )
            recorded = True
        if self.breach_record_unclassified and outcome == "inconsistent" and not findings:
            fired.append(
                (
                    r["credit.record-commitment.inconsistent"],
                    {
                        "settings.credit.breach_record_unclassified": True,
                        "result.outcome": "inconsistent",
                        "result.findings": [],
                    },
                )
            )
            recorded = True
        false_or_concealed = not types.isdisjoint(_FALSE_OR_CONCEALED)
        revoked = False
        if false_or_concealed and decision == "granted":
            fired.append(
                (
                    r["breach.revoke.granted"],
                    {
                        "commitment.decision": "granted",
                        "result.has_finding('intentional_concealment', 'false_commitment', 'improper_means')": True,
                    },
                )
            )
            revoked = True
        if false_or_concealed and decision == "pending":
            fired.append(
                (
                    r["breach.revoke.pre-decision"],
                    {
                        "commitment.decision": "pending",
                        "result.has_finding('intentional_concealment', 'false_commitment', 'improper_means')": True,
                    },
                )
            )
            revoked = True
        if false_or_concealed and decision == "refused":
            fired.append(
                (
                    r["breach.revoke.refused"],
                    {
                        "commitment.decision": "refused",
                        "result.has_finding('intentional_concealment', 'false_commitment', 'improper_means')": True,
                    },
                )
            )
            revoked = True
        if any(f.type in _FALSE_OR_CONCEALED and f.at_fault for f in findings):
            fired.append(
                (
                    r["breach.at-fault-liability"],
                    {"result.has_at_fault('intentional_concealment', 'false_commitment', 'improper_means')": True},
                )
            )
        if not types.isdisjoint(_CREDIT_FINDINGS):
            fired.append(
                (
                    r["breach.credit-record"],
                    {"result.has_finding('intentional_concealment', 'false_commitment', 'improper_means')": True},
                )
            )
            recorded = True
        if recorded:
            contains = c.commitment.contains
            if contains and not self.redact_instead:
                fired.append(
                    (
                        r["credit.disclose.record.secrecy"],
                        {
                            "credit_recorded": True,
                            "commitment.contains": _codes(contains),
                            "settings.publicity.redact_instead": False,
                        },
                    )
                )
            else:
                fired.append((r["credit.disclose.record"], {"credit_recorded": True}))
        if any(f.suspected_crime for f in findings):
            fired.append((r["breach.judicial-referral"], {"result.has_crime_suspected()": True}))
        dishonesty = outcome == "inconsistent" or bool(findings)
        if dishonesty:
            fired.append(
                (
                    r["breach.dishonesty-event"],
                    {
                        "result.outcome": _enum(outcome),
                        "result.findings": findings_json or to_jsonable_python(findings),
                    },
                )
            )
        ground = False
        if "false_commitment" in types:
            fired.append((r["blacklist.entry.false-commitment"], {"result.has_finding('false_commitment')": True}))
            ground = True
        if self.intent_enters and not types.isdisjoint(_INTENT_FINDINGS):
            fired.append(
                (
                    r["blacklist.entry.intent"],
                    {
                        "settings.blacklist.intent_findings_enter": True,
                        "result.has_finding('intentional_concealment', 'improper_means')": True,
                    },
                )
            )
            ground = True
        if deadline is None and not pre_decision and ran is not None and ran > self.default_deadline:
            fired.append(
                (
                    r["verify.overdue.default-deadline"],
                    {
                        "matter.plan.deadline_days": None,
                        "result.completed_at": _day(done),
                        "result.outcome": shown_outcome,
                        "as_of": a.isoformat(),
                        "started_on": started.isoformat(),
                        "settings.verification.default_deadline_days": self.default_deadline,
                    },
                )
            )
        if pre_decision and ran is not None and ran > m.processing_days:
            fired.append(
                (
                    r["verify.overdue.pre-decision"],
                    {
                        "pre_decision_deadline": True,
                        "result.completed_at": _day(done),
                        "result.outcome": shown_outcome,
                        "as_of": a.isoformat(),
                        "started_on": started.isoformat(),
                        "matter.processing_days": m.processing_days,
                    },
                )
            )
        nonconforming = not types.isdisjoint(_NONCONFORMING)
        # breach.invalid.refused: after a refusal the application is void, not the refusal
        void_after_refusal = not revoked and nonconforming and decision == "refused"
        if void_after_refusal:
            fired.append(
                (
                    r["breach.invalid.refused"],
                    {
                        "commitment.decision": "refused",
                        "result.has_finding('not_meeting_conditions', 'noncompliance_with_requirements')": True,
                    },
                )
            )
        if revoked and m.penalty_basis:
            fired.append(
                (
                    r["breach.revoke.penalty"],
                    {"revoked": True, "matter.penalty_basis": True},
                )
            )
        refundable = m.fees_refundable and fees_paid > 0 and (revoked or nonconforming)
        if refundable:
            fired.append(
                (
                    r["breach.fees-refundable"],
                    {
                        "matter.fees_refundable": True,
                        "commitment.fees_paid": str(fees_paid),
                        "revoked": revoked,
                        "result.has_finding('not_meeting_conditions', 'noncompliance_with_requirements')": nonconforming,  # noqa: E501 - one condition, one key
                    },
                )
            )
        if dishonesty and res.serious_dishonesty:  # dishonesty needs a known result
            fired.append(
                (r["blacklist.entry.serious-dishonesty"], {"dishonesty_event": True, "result.serious_dishonesty": True})
            )
            ground = True
        # breach.invalid.pre-decision / .post-decision: whether a grant was made decides, not the stage
        if not revoked and nonconforming and decision in ("pending", "granted"):
            fired.append(
                (
                    r["breach.invalid.pre-decision" if decision == "pending" else "breach.invalid.post-decision"],
                    {
                        "commitment.decision": decision,
                        "result.has_finding('not_meeting_conditions', 'noncompliance_with_requirements')": True,
                    },
                )
            )
        if self.non_refund_on_invalid and fees_paid > 0 and nonconforming and not refundable:
            fired.append(
                (
                    r["breach.invalid.fees"],
                    {
                        "settings.fees.non_refund_on_invalid": True,
                        "commitment.fees_paid": str(fees_paid),
                        "result.has_finding('not_meeting_conditions', 'noncompliance_with_requirements')": True,
                    },
                )
            )
        if revoked and self.non_refund_on_revoke and fees_paid > 0 and not refundable:
            fired.append(
                (
                    r["breach.revoke.fees"],
                    {
                        "revoked": True,
                        "settings.fees.non_refund_on_revoke": True,
                        "commitment.fees_paid": str(fees_paid),
                    },
                )
            )
        if ground and self.auto_enter:
            fired.append(
                (r["blacklist.entry.auto-enter"], {"blacklist_ground": True, "settings.blacklist.auto_enter": True})
            )
        return self._decision(r, c, a, fired)

    # ---- 失信惩戒 blacklist -------------------------------------------------------------------------

    def blacklist(self, c: Any, a: dt.date) -> Decision:  # noqa: C901, PLR0912, PLR0915 - one branch per rule
        r = self.kinds["blacklist"]
        fired: Fired = []
        entry = c.entry
        status = entry.status
        exit_ = entry.exit
        # Time: an exit dated after today has not happened yet, whatever the list records.
        pending = status == "exited" and exit_ is not None and exit_.date > a
        if pending and exit_ is not None:
            fired.append(
                (
                    r["blacklist.exit.not-yet-effective"],
                    {"entry.status": "exited", "entry.exit.date": exit_.date.isoformat(), "as_of": a.isoformat()},
                )
            )
        # An exit the list records for credit repair within the waiting period does not take effect either.
        # A waiting period of 0 years lifts the limit.
        if self.repair_wait_years > 0 and status == "exited" and exit_ is not None and exit_.reason == "credit_repair":
            wait_ends = _add_years(entry.listed_on, self.repair_wait_years)
            if wait_ends is not None and exit_.date <= wait_ends:
                fired.append(
                    (
                        r["blacklist.exit.repair-too-early.recorded"],
                        {
                            "settings.blacklist.repair_wait_years": self.repair_wait_years,
                            "entry.status": "exited",
                            "entry.exit": to_jsonable_python(exit_),
                            "entry.exit.reason": "credit_repair",
                            "entry.exit.date": exit_.date.isoformat(),
                            "entry.listed_on": entry.listed_on.isoformat(),
                        },
                    )
                )
                pending = True
        listed_on = entry.listed_on
        not_yet = listed_on > a
        if not_yet:  # listed after the evaluation date: not in force yet, whatever the list records
            fired.append(
                (r["blacklist.not-yet-in-force"], {"entry.listed_on": listed_on.isoformat(), "as_of": a.isoformat()})
            )
        if status == "exited" and not pending:
            if not not_yet:  # not listed yet, nothing to leave: not-yet-in-force overrides blacklist.exit
                fired.append((r["blacklist.exit"], {"entry.status": "exited"}))
            return self._decision(r, c, a, fired)
        if status != "active" and not pending:
            return self._decision(r, c, a, fired)
        head = {"entry.status": status.value, "exit_pending": pending}  # what the in-force rules read first
        # An exit for credit repair within the waiting period does not take effect (whenever it is dated);
        # the anniversary is the period's last day.
        too_early = False
        if self.repair_wait_years > 0 and exit_ is not None and exit_.reason == "credit_repair":
            wait_ends = _add_years(listed_on, self.repair_wait_years)
            if wait_ends is not None and exit_.date <= wait_ends:
                fired.append(
                    (
                        r["blacklist.exit.repair-too-early"],
                        {
                            "settings.blacklist.repair_wait_years": self.repair_wait_years,
                            **head,
                            "entry.exit": to_jsonable_python(exit_),
                            "entry.exit.reason": "credit_repair",
                            "entry.exit.date": exit_.date.isoformat(),
                            "entry.listed_on": listed_on.isoformat(),
                        },
                    )
                )
                too_early = True
        out = False
        if exit_ is not None and exit_.date <= a and not too_early and not not_yet:  # not-yet-in-force overrides
            fired.append(
                (
                    r["blacklist.exit.approved"],
                    {
                        **head,
                        "entry.exit": to_jsonable_python(exit_),
                        "entry.exit.date": exit_.date.isoformat(),
                        "as_of": a.isoformat(),
                    },
                )
            )
            out = True
        ends = _add_years(listed_on, self.publication_years)
        if ends is not None and a > ends:
            fired.append(
                (
                    r["blacklist.exit.expired"],
                    {
                        **head,
                        "as_of": a.isoformat(),
                        "entry.listed_on": listed_on.isoformat(),
                        "settings.blacklist.publication_years": self.publication_years,
                    },
                )
            )
            out = True
        if out or listed_on > a:  # exited, or listed in the future: not (yet) punished
            return self._decision(r, c, a, fired)

        fired.append((r["punish.joint"], {**head, "entry.listed_on": listed_on.isoformat(), "as_of": a.isoformat()}))
        basis = entry.basis
        chosen = (
            self.measures_false
            if basis == "false_commitment"
            else self.measures_dishonest
            if basis == "serious_dishonesty"
            else frozenset()
        )
        for measure, rule_id in _MEASURE_RULES:
            if measure in chosen:
                fired.append(
                    (
                        r[rule_id],
                        {
                            "in_force": True,
                            "entry.basis": basis.value,
                            "settings.blacklist.measures_false_commitment": list(self.measures_false_json),
                            "settings.blacklist.measures_serious_dishonesty": list(self.measures_dishonest_json),
                        },
                    )
                )
        fired.append((r["blacklist.publish"], {"in_force": True}))
        fired.append((r["punish.publish-notify"], {"in_force": True}))
        subject = entry.subject
        if subject.kind == "natural_person":
            if subject.employer is not None:
                fired.append(
                    (
                        r["punish.notify-employer.person"],
                        {
                            "in_force": True,
                            "entry.subject.kind": "natural_person",
                            "entry.subject.employer": subject.employer,
                        },
                    )
                )
        elif self.notify_org_employer and subject.legal_representative_employer is not None:
            fired.append(
                (
                    r["punish.notify-employer.organisation"],
                    {
                        "in_force": True,
                        "settings.blacklist.notify_org_employer": True,
                        "entry.subject.kind": subject.kind.value,
                        "entry.subject.legal_representative_employer": subject.legal_representative_employer,
                    },
                )
            )
        fired.append((r["punish.share"], {"in_force": True}))
        return self._decision(r, c, a, fired)

    # ---- 承诺公示 publicity -------------------------------------------------------------------------

    def publicity(self, c: Any, a: dt.date) -> Decision:  # noqa: C901 - one branch per rule
        r = self.kinds["publicity"]
        fired: Fired = []
        req = c.request
        flags = req.flags
        contains = c.commitment.contains
        protected = bool(flags) or bool(contains)
        state_secret = "state_secret" in flags or "state_secret" in contains
        voluntary = req.voluntary or c.commitment.voluntary_disclosure
        privacy = "personal_privacy" in flags or "personal_privacy" in contains
        # personal privacy is the applicant's own only for a natural person: an organisation cannot waive it
        own = c.applicant.kind == "natural_person" or not privacy
        waived = req.self_waiver and voluntary and self.allow_self_waiver and protected and not state_secret and own
        if waived:
            fired.append(
                (
                    r["publicity.voluntary.self-waiver"],
                    {
                        "request.self_waiver": True,
                        "request.voluntary": req.voluntary,
                        "commitment.voluntary_disclosure": c.commitment.voluntary_disclosure,
                        "settings.publicity.allow_self_waiver": True,
                        "request.flags": _codes(flags),
                        "commitment.contains": _codes(contains),
                        "request.has_flag('state_secret')": False,
                        "applicant.kind": c.applicant.kind.value,
                        "request.has_flag('personal_privacy')": "personal_privacy" in flags,
                    },
                )
            )
        redacted = not waived and self.redact_instead and protected
        if redacted:
            fired.append(
                (
                    r["publicity.secrecy.redact"],
                    {
                        "settings.publicity.redact_instead": True,
                        "request.flags": _codes(flags),
                        "commitment.contains": _codes(contains),
                    },
                )
            )
        withheld = False
        if not redacted:
            for flag, rule_id, waivable in (
                ("state_secret", "publicity.secrecy.state-secret", False),
                ("commercial_secret", "publicity.secrecy.commercial-secret", True),
                ("personal_privacy", "publicity.secrecy.personal-privacy", True),
            ):
                if (flag in flags or flag in contains) and not (waivable and waived):
                    fired.append(
                        (
                            r[rule_id],
                            {f"request.has_flag('{flag}')": flag in flags, "commitment.contains": _codes(contains)},
                        )
                    )
                    withheld = True
        signed = c.commitment.signed_at
        if signed is None or signed > a:  # not signed, or not signed yet on the evaluation date
            fired.append(
                (r["publicity.not-yet-signed"], {"commitment.signed_at": _day(signed), "as_of": a.isoformat()})
            )
            withheld = True
        if self.withhold_refused and c.commitment.decision == "refused":  # no decision rests on the letter
            fired.append(
                (
                    r["publicity.refused"],
                    {"settings.publicity.withhold_refused": True, "commitment.decision": "refused"},
                )
            )
            withheld = True
        if not withheld:
            channels = req.channels
            anywhere = not self.honour_channels or not channels
            honour = self.honour_channels
            for _channel, rule_id in _CHANNEL_RULES:  # the three websites: always, read no facts
                fired.append((r[rule_id], {}))
            if c.matter.has_project and (anywhere or "project_location" in channels):
                fired.append(
                    (
                        r["publicity.commitment.project-location"],
                        {
                            "matter.has_project": True,
                            "settings.publicity.honour_proposed_channels": honour,
                            "request.channels": _codes(channels),
                        },
                    )
                )
            village = c.applicant.village_committee
            if village is not None and (anywhere or "village_committee" in channels):
                fired.append(
                    (
                        r["publicity.commitment.village-committee"],
                        {
                            "applicant.village_committee": village,
                            "settings.publicity.honour_proposed_channels": honour,
                            "request.channels": _codes(channels),
                        },
                    )
                )
            if voluntary:
                fired.append(
                    (
                        r["publicity.voluntary"],
                        {
                            "request.voluntary": req.voluntary,
                            "commitment.voluntary_disclosure": c.commitment.voluntary_disclosure,
                        },
                    )
                )
        return self._decision(r, c, a, fired)

    # ---- 请示报告 escalation ------------------------------------------------------------------------

    def escalation(self, c: Any, a: dt.date) -> Decision:  # noqa: C901, PLR0912, PLR0915 - one branch per rule
        r = self.kinds["escalation"]
        fired: Fired = []
        req = c.request
        unit = req.unit
        role = req.from_role
        trigger = req.trigger
        if unit.level not in _PILOT_LEVELS or not unit.requires_certification:
            fired.append(
                (
                    r["escalate.scope"],
                    {
                        "request.unit.level": unit.level.value,
                        "request.unit.requires_certification": unit.requires_certification,
                    },
                )
            )
            if role == "principal_leader":
                fired.append((r["escalate.no-skip.end-of-chain"], {"request.from_role": "principal_leader"}))
            return self._decision(r, c, a, fired)
        targets: list[str] = []  # the route targets of the rules that fired, in rule order
        trigger_facts = {"request.from_role": role.value, "request.trigger": _enum(trigger)}
        division = role in _DIVISION
        if role in _LEADERS:  # 一(三) lead: leading cadres report to the organisation
            if trigger == "personal_matter":
                fired.append((r["escalate.leaders-first.personal-matter"], dict(trigger_facts)))
                targets.append("organisation")
            if trigger in _LEADER_MAJOR:
                fired.append((r["escalate.leaders-first.major-issue"], dict(trigger_facts)))
                targets.append("organisation")
            if not req.issues.isdisjoint(self.major_issues):
                fired.append(
                    (
                        r["escalate.leaders-first.major-sign"],
                        {
                            "request.from_role": role.value,
                            "request.issues": _codes(req.issues),
                            "settings.escalation.major_issues": list(self.major_issues_json),
                        },
                    )
                )
                targets.append("organisation")
        if role == "principal_leader" and not targets:
            fired.append((r["escalate.no-skip.end-of-chain"], {"request.from_role": "principal_leader"}))
            return self._decision(r, c, a, fired)
        if role == "leader_in_charge" and trigger in _TO_PRINCIPAL:
            fired.append((r["escalate.leader"], dict(trigger_facts)))
            targets.append("principal_leader")
        if division and trigger in _TO_PRINCIPAL:
            fired.append((r["escalate.leader.from-division"], dict(trigger_facts)))
            targets.append("principal_leader")
        if role == "leader_in_charge" and trigger == "attended_superior_meeting":
            fired.append((r["escalate.after-meeting.leader"], dict(trigger_facts)))
            targets.append("principal_leader")
        if division and trigger in _MAJOR:
            fired.append((r["escalate.division"], dict(trigger_facts)))
            targets.append("leader_in_charge")
        if role == "division_head" and trigger in _AFTER_MEETING:
            fired.append((r["escalate.after-meeting.division-head"], dict(trigger_facts)))
            targets.append("leader_in_charge")
        if division and not req.issues.isdisjoint(self.major_issues):
            fired.append(
                (
                    r["escalate.major-issue"],
                    {
                        "request.from_role": role.value,
                        "request.issues": _codes(req.issues),
                        "settings.escalation.major_issues": list(self.major_issues_json),
                    },
                )
            )
            targets.append("leader_in_charge")
        if not targets:
            return self._decision(r, c, a, fired)

        # Reporting goes level by level (逐级): every route starts at the reporting role, so the longest
        # (the highest target) passes all the others; of equally long ones, the first.
        route: tuple[str, ...] = ()
        for target in targets:
            candidate = self.route(role.value, target)
            if len(candidate) > len(route):
                route = candidate
        to_role = req.to_role
        if to_role is not None and (role, to_role) not in _NEXT_LEVEL:
            fired.append(
                (
                    r["escalate.no-skip"],
                    {"report_due": True, "request.to_role": to_role.value, "request.from_role": role.value},
                )
            )
        content = req.content
        for part, rule_id in (
            ("facts", "escalate.content.facts"),
            ("analysis", "escalate.content.analysis"),
            ("suggestions", "escalate.content.suggestions"),
        ):
            if getattr(content, part) is None:
                fired.append((r[rule_id], {"report_due": True, f"request.content.{part}": None}))
        return self._decision(r, c, a, fired, route)

    # ---- 容错纠错 leniency --------------------------------------------------------------------------

    def leniency(self, c: Any, a: dt.date) -> Decision:  # noqa: C901 - one branch per rule
        r = self.kinds["leniency"]
        fired: Fired = []
        conduct = c.conduct
        if not (
            conduct.subject in ("unit", "public_official")
            and conduct.context in ("duty_performance", "reform_innovation")
        ):
            fired.append((r["leniency.not-applicable"], {"leniency_assessed": False}))
            return self._decision(r, c, a, fired)
        fired.append(
            (
                r["leniency.eligible"],
                {"conduct.subject": conduct.subject.value, "conduct.context": conduct.context.value},
            )
        )
        score = conduct.score()
        if conduct.bars:
            fired.append(
                (r["leniency.assess.disqualified"], {"leniency_assessed": True, "conduct.bars": _codes(conduct.bars)})
            )
        if conduct.rectified:  # already corrected: not ordered again
            fired.append((r["leniency.rectify.done"], {"leniency_assessed": True, "conduct.rectified": True}))
        else:
            fired.append((r["leniency.rectify"], {"leniency_assessed": True}))
        if conduct.bars:
            return self._decision(r, c, a, fired)
        all_favorable = conduct.all_favorable()
        exempt = conduct.losses_recovered and (
            all_favorable or (not self.exempt_all_favorable and score >= self.mitigated_min)
        )
        if exempt:
            fired.append(
                (
                    r["leniency.assess.exempt"],
                    {
                        "leniency_assessed": True,
                        "conduct.losses_recovered": True,
                        "conduct.all_favorable()": all_favorable,
                        "settings.leniency.exempt_requires_all_favorable": self.exempt_all_favorable,
                        "conduct.score()": score,
                        "settings.leniency.mitigated_min_score": self.mitigated_min,
                    },
                )
            )
        # leniency.assess.none: every favourable treatment overrides it
        if score < self.lighter_min and not exempt and score < self.mitigated_min:
            fired.append(
                (
                    r["leniency.assess.none"],
                    {
                        "leniency_assessed": True,
                        "conduct.score()": score,
                        "settings.leniency.lighter_min_score": self.lighter_min,
                    },
                )
            )
        mitigated = not exempt and score >= self.mitigated_min
        if mitigated:
            fired.append(
                (
                    r["leniency.assess.mitigated"],
                    {
                        "leniency_assessed": True,
                        "conduct.score()": score,
                        "settings.leniency.mitigated_min_score": self.mitigated_min,
                    },
                )
            )
        if exempt and conduct.falsely_accused:
            fired.append(
                (r["leniency.mechanisms.clarification"], {"leniency_exempt": True, "conduct.falsely_accused": True})
            )
        lighter = not exempt and not mitigated and score >= self.lighter_min
        if lighter:
            fired.append(
                (
                    r["leniency.assess.lighter"],
                    {
                        "leniency_assessed": True,
                        "conduct.score()": score,
                        "settings.leniency.lighter_min_score": self.lighter_min,
                    },
                )
            )
        if exempt or mitigated or lighter:
            fired.append(
                (
                    r["leniency.mechanisms.first-form"],
                    {"leniency_exempt": exempt, "leniency_mitigated": mitigated, "leniency_lighter": lighter},
                )
            )
        return self._decision(r, c, a, fired)

    # ---- 行政协助 assistance ------------------------------------------------------------------------

    def assistance(self, c: Any, a: dt.date) -> Decision:
        r = self.kinds["assistance"]
        fired: Fired = []
        req = c.request
        action = req.action
        unregistered_new = action in ("implement", "add") and not req.in_catalog and not req.registered_before_use
        if unregistered_new and req.emergency:
            fired.append(
                (
                    r["assist.emergency"],
                    {
                        "request.emergency": True,
                        "request.action": action.value,
                        "request.in_catalog": False,
                        "request.registered_before_use": False,
                    },
                )
            )
        if req.in_catalog and action in ("cancel", "adjust") and req.initiator == "agency_unilateral":
            fired.append(
                (
                    r["assist.no-unilateral-change"],
                    {
                        "request.in_catalog": True,
                        "request.action": action.value,
                        "request.initiator": "agency_unilateral",
                    },
                )
            )
        unit = req.assisting_unit
        if (
            action == "implement"
            and req.purpose in _QUERY_PURPOSES
            and unit.level in _PILOT_LEVELS
            and unit.requires_certification
        ):
            fired.append(
                (
                    r["verify.assist-query"],
                    {
                        "request.action": "implement",
                        "request.purpose": req.purpose.value,
                        "request.assisting_unit.level": unit.level.value,
                        "request.assisting_unit.requires_certification": True,
                    },
                )
            )
        if unregistered_new and not req.emergency:
            fired.append(
                (
                    r["assist.register-before-use"],
                    {
                        "request.action": action.value,
                        "request.in_catalog": False,
                        "request.registered_before_use": False,
                    },
                )
            )
        return self._decision(r, c, a, fired)

    # ---- 督导考核 assessment ------------------------------------------------------------------------

    def assessment(self, c: Any, a: dt.date) -> Decision:
        r = self.kinds["assessment"]
        fired: Fired = []
        x = c.assessment
        if x.diligent and not x.dereliction:
            fired.append((r["supervise.duty.exempt"], {"assessment.diligent": True, "assessment.dereliction": False}))
        if x.dereliction:
            fired.append((r["supervise.duty.accountability"], {"assessment.dereliction": True}))
        performance = x.performance
        if performance is not None:
            rule_id = {
                "effective": "supervise.assessment.commendation",
                "inadequate": "supervise.assessment.accountability",
                "adequate": "supervise.assessment.adequate",
            }[performance]
            exempt = x.diligent and not x.dereliction  # diligence exempts from accountability for inadequate work
            if not (x.dereliction and performance == "effective") and not (exempt and performance == "inadequate"):
                fired.append((r[rule_id], {"assessment.performance": performance.value}))
        return self._decision(r, c, a, fired)

    # ---- 总结评估 summary ---------------------------------------------------------------------------

    def summary(self, c: Any, a: dt.date) -> Decision:
        r = self.kinds["summary"]
        fired: Fired = []
        report = c.report
        sections = report.missing_sections()
        if sections:
            fired.append((r["summary.contents"], {"report.missing_sections()": [s.value for s in sections]}))
        dimensions = report.missing_dimensions()
        if dimensions:
            fired.append(
                (r["summary.evaluation.dimensions"], {"report.missing_dimensions()": [d.value for d in dimensions]})
            )
        if not report.compared_with_city_plan:
            fired.append((r["summary.evaluation.city-plan"], {"report.compared_with_city_plan": False}))
        if not report.rectification_suggestions:
            fired.append((r["summary.suggestions"], {"report.rectification_suggestions": False}))
        period = report.period
        if (period == "semi_annual" and self.period_months < 6) or (period == "quarterly" and self.period_months < 3):
            fired.append(
                (
                    r["summary.periodic"],
                    {"report.period": period.value, "settings.summary.period_months": self.period_months},
                )
            )
        if period == "annual":
            fired.append((r["summary.periodic.annual"], {"report.period": "annual"}))
        elif period is None or period == "other":
            fired.append((r["summary.periodic.unmeasured"], {"report.period": _enum(period)}))
        return self._decision(r, c, a, fired)

    # ---- 信用网站公开 credit_site -------------------------------------------------------------------

    def credit_site(self, c: Any, a: dt.date) -> Decision:
        r = self.kinds["credit_site"]
        fired: Fired = []
        missing = c.content.missing_items()
        if missing:
            fired.append((r["publicity.credit-site-items"], {"content.missing_items()": [i.value for i in missing]}))
        if not c.content.names_credit_lyg():  # another site's content says nothing of 信用连云港
            fired.append((r["publicity.credit-site-name"], {"content.names_credit_lyg()": False}))
        return self._decision(r, c, a, fired)
