"""The bundled pack's decisions by hand, decide-only: outcome, reasons, fired rule ids and route, nothing else.

:mod:`benchmarks.baseline` builds the full :class:`~commitrules.Decision` by hand (facts, titles,
quotes, every code list), the yardstick of the engine's full decision. Most callers read only part
of a decision: did it pass, why not, which rules. This module is the yardstick for that: the same
hand-written conditions (the methods below are those of :class:`~benchmarks.baseline.Baseline` with
everything that only serves the explanation taken out: no facts are read or converted, no objects
built) returning a plain tuple ``(outcome, reasons, fired rule ids, route)``: the outcome by the kind's
precedence, the sorted reason codes, the fired rules in the pack's evaluation order, and the
escalation route (empty for other kinds).

``tests/test_baseline.py`` checks that it agrees with the full baseline and with both engines on
every generated case.

Examples:
    >>> import commitrules
    >>> from benchmarks.decide_only import DecideOnly
    >>> from benchmarks.generators import AS_OF, generate_cases
    >>> pack = commitrules.load_policies()
    >>> case = commitrules.parse_case(generate_cases("credit_site", 1, seed=3)[0])
    >>> DecideOnly(pack).evaluate(case, AS_OF)[0] == pack.evaluate(case, as_of=AS_OF).outcome
    True
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.baseline import (
    _AFTER_MEETING,
    _CHANNEL_RULES,
    _CREDIT_FINDINGS,
    _DIVISION,
    _FALSE_OR_CONCEALED,
    _INTENT_FINDINGS,
    _LEADER_MAJOR,
    _LEADERS,
    _MAJOR,
    _MEASURE_RULES,
    _NEXT_LEVEL,
    _NONCONFORMING,
    _PILOT_LEVELS,
    _QUERY_PURPOSES,
    _RISK_RULES,
    _SEED_METHODS,
    _TO_PRINCIPAL,
    Baseline,
    _add_years,
    _Kind,
    _Rule,
)

__all__ = ["DecideOnly", "Decided"]

#: (outcome, sorted reason codes, fired rule ids in evaluation order, route)
Decided = tuple[str, list[str], list[str], tuple[str, ...]]


def _index(rule: _Rule) -> int:
    return rule.index


def _decided(kind: _Kind, fired: list[_Rule], route: tuple[str, ...] = ()) -> Decided:
    """Outcome by precedence, sorted reasons, fired ids in evaluation order: what the fired rules decide."""
    rank = len(kind.outcomes)
    reasons: set[str] = set()
    for rule in fired:
        rank = min(rank, rule.rank)
        if rule.reasons:
            reasons.update(rule.reasons)
    fired.sort(key=_index)
    outcome = kind.outcomes[rank] if rank < len(kind.outcomes) else kind.default
    return outcome, sorted(reasons), [rule.id for rule in fired], route


class DecideOnly(Baseline):
    """Hand-written decide-only functions for the bundled pack, with the settings of ``pack``."""

    # The settings, the rules by id and ``evaluate``/``evaluate_dict`` are the baseline's: its constructor
    # reads every setting once and maps each kind to the method of that name, which this class overrides.

    def _matter_bars(self, c: Any, r: _Kind, fired: list[_Rule], prefix: str) -> bool:  # noqa: C901, PLR0912 - one branch per rule
        """Group A: the rules that keep a matter off the commitment route (shared by two kinds)."""
        m = c.matter
        unit = m.unit
        plan = m.plan
        barred = False
        if not (unit.level in _PILOT_LEVELS and unit.requires_certification):
            fired.append(r[prefix + "scope.pilot-unit"])
            barred = True
        if not m.listed:
            fired.append(r[prefix + "eligibility.listed"])
            barred = True
        if m.review_mode == "substantive":
            fired.append(r[prefix + "eligibility.formal-review"])
            barred = True
        if not m.commitment_condition_met:
            fired.append(r[prefix + "eligibility.commitment-condition"])
            barred = True
        if m.risk_flags:
            for flag, name, national in _RISK_RULES:
                if flag in m.risk_flags and (not national or self.national):
                    if national:
                        pass
                    fired.append(r[f"{prefix}exclusion.direct-risk.{name}"])
                    barred = True
        if m.listed:
            if plan.exempt:
                if plan.daily_supervision:
                    fired.append(r[prefix + "verify.plan-exempt"])
                else:
                    fired.append(r[prefix + "verify.plan-exempt-unsupervised"])
                    barred = True
            if not (plan.exempt and plan.daily_supervision) and (not plan.is_complete()):
                fired.append(r[prefix + "verify.plan-complete"])
                barred = True
        return barred

    def matter_review(self, c: Any, _a: dt.date) -> Decided:
        r = self.kinds["matter_review"]
        fired: list[_Rule] = []
        m = c.matter
        barred = self._matter_bars(c, r, fired, "")
        if m.public_concern or m.representative:
            fired.append(r["eligibility.priority"])
        if m.listed and any(x not in _SEED_METHODS for x in m.plan.methods):
            fired.append(r["verify.methods"])
        if m.listed and (not barred):
            fired.append(r["eligibility.go-live"])
        return _decided(r, fired)

    def application(self, c: Any, a: dt.date) -> Decided:  # noqa: C901, PLR0912, PLR0915 - one branch per rule
        r = self.kinds["application"]
        fired: list[_Rule] = []
        m = c.matter
        credit = c.applicant.credit
        history = c.applicant.history
        certificate = self._matter_bars(c, r, fired, "application.")
        if credit.on_blacklist:
            fired.append(r["applicant.blacklisted"])
            certificate = True
        if credit.list_exited_on is not None and credit.list_exited_on > a:
            fired.append(r["applicant.blacklisted.exit-pending"])
            certificate = True
        if credit.serious_dishonesty:
            fired.append(r["applicant.serious-dishonesty"])
            certificate = True
        barring = self.barring_findings | {"false_commitment"}
        if credit.prior_false_commitment or any(
            h.committed_on <= a and (not barring.isdisjoint(h.findings)) for h in history
        ):
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
                fired.append(r["applicant.prior-false-commitment.repaired"])
                excepted = True
            exited_on = credit.list_exited_on
            if (
                not credit.on_blacklist
                and exited_on is not None
                and (exited_on <= a)
                and all(
                    h.committed_on > a or barring.isdisjoint(h.findings) or h.committed_on < exited_on for h in history
                )
            ):
                fired.append(r["applicant.prior-false-commitment.exited"])
                excepted = True
            if not excepted:
                fired.append(r["applicant.prior-false-commitment"])
                certificate = True
        if c.declined:
            fired.append(r["applicant.choice"])
            certificate = True
        if self.withdrawal_allowed and c.withdrawn_this_cycle:
            fired.append(r["withdrawal.cycle-closed"])
            certificate = True
        refunded = m.fees_refundable or not (self.non_refund_on_invalid or self.non_refund_on_revoke)
        if refunded:
            fired.append(r["notice.fee-warning.refundable"])
        if certificate:
            return _decided(r, fired)
        notice = c.commitment.notification
        defect = False
        if not notice.breach_risk:
            fired.append(r["notice.risk-warning.breach-risk"])
            defect = True
        if not notice.joint_punishment_mechanism:
            fired.append(r["notice.risk-warning.joint-punishment"])
            defect = True
        if self.strict_national:
            missing = notice.missing_national_fields()
            if missing:
                fired.append(r["notice.national-contents"])
                defect = True
            statements = c.commitment.missing_statements()
            if statements:
                fired.append(r["notice.national-contents.statements"])
                defect = True
        signed = c.commitment.signed_at
        if signed is None or signed > a:
            fired.append(r["notice.letter-signed"])
            defect = True
        if m.fees > 0 and (not notice.fee_non_refund) and (not refunded):
            fired.append(r["notice.fee-warning"])
            defect = True
        if defect:
            return _decided(r, fired)
        fired.append(r["application.accept"])
        fired.append(r["credit.record-commitment"])
        contains = c.commitment.contains
        if contains and (not self.redact_instead):
            fired.append(r["credit.disclose.secrecy"])
        else:
            fired.append(r["credit.disclose"])
        return _decided(r, fired)

    def verification(self, c: Any, a: dt.date) -> Decided:  # noqa: C901, PLR0912, PLR0915 - one branch per rule
        r = self.kinds["verification"]
        fired: list[_Rule] = []
        m = c.matter
        res = c.result
        findings = res.findings
        outcome = res.outcome
        done = res.completed_at
        started = c.started_on
        decision = c.commitment.decision
        deadline = m.plan.deadline_days
        fees_paid = c.commitment.fees_paid
        if done is not None and done <= a:
            ran: int | None = (done - started).days
        elif done is not None or outcome is None:
            ran = (a - started).days
        else:
            ran = None
        if (done is not None and done > a) or started > a:
            fired.append(r["verify.not-yet-completed"])
            findings, outcome = ([], None)
        types = {f.type for f in findings}
        if deadline is not None and ran is not None and (ran > deadline):
            fired.append(r["verify.overdue.plan-deadline"])
        pre_decision = (
            self.processing_days_deadline
            and deadline is None
            and (decision == "pending")
            and (m.processing_days is not None)
        )
        if pre_decision:
            fired.append(r["verify.deadline.pre-decision"])
        if outcome is not None or findings:
            fired.append(r["verify.share"])
        if outcome is not None:
            fired.append(r["verify.history"])
        recorded = False
        if outcome == "consistent" and (not findings):
            fired.append(r["credit.record-commitment.performance"])
            recorded = True
        if not types.isdisjoint(self.breach_record_findings):
            fired.append(r["credit.record-commitment.breach"])
            recorded = True
        if self.breach_record_unclassified and outcome == "inconsistent" and (not findings):
            fired.append(r["credit.record-commitment.inconsistent"])
            recorded = True
        false_or_concealed = not types.isdisjoint(_FALSE_OR_CONCEALED)
        revoked = False
        if false_or_concealed and decision == "granted":
            fired.append(r["breach.revoke.granted"])
            revoked = True
        if false_or_concealed and decision == "pending":
            fired.append(r["breach.revoke.pre-decision"])
            revoked = True
        if false_or_concealed and decision == "refused":
            fired.append(r["breach.revoke.refused"])
            revoked = True
        if any(f.type in _FALSE_OR_CONCEALED and f.at_fault for f in findings):
            fired.append(r["breach.at-fault-liability"])
        if not types.isdisjoint(_CREDIT_FINDINGS):
            fired.append(r["breach.credit-record"])
            recorded = True
        if recorded:
            if c.commitment.contains and (not self.redact_instead):
                fired.append(r["credit.disclose.record.secrecy"])
            else:
                fired.append(r["credit.disclose.record"])
        if any(f.suspected_crime for f in findings):
            fired.append(r["breach.judicial-referral"])
        dishonesty = outcome == "inconsistent" or bool(findings)
        if dishonesty:
            fired.append(r["breach.dishonesty-event"])
        ground = False
        if "false_commitment" in types:
            fired.append(r["blacklist.entry.false-commitment"])
            ground = True
        if self.intent_enters and (not types.isdisjoint(_INTENT_FINDINGS)):
            fired.append(r["blacklist.entry.intent"])
            ground = True
        if deadline is None and (not pre_decision) and (ran is not None) and (ran > self.default_deadline):
            fired.append(r["verify.overdue.default-deadline"])
        if pre_decision and ran is not None and (ran > m.processing_days):
            fired.append(r["verify.overdue.pre-decision"])
        nonconforming = not types.isdisjoint(_NONCONFORMING)
        void_after_refusal = not revoked and nonconforming and decision == "refused"
        if void_after_refusal:
            fired.append(r["breach.invalid.refused"])
        if revoked and m.penalty_basis:
            fired.append(r["breach.revoke.penalty"])
        refundable = m.fees_refundable and fees_paid > 0 and (revoked or nonconforming)
        if refundable:
            fired.append(r["breach.fees-refundable"])
        if dishonesty and res.serious_dishonesty:
            fired.append(r["blacklist.entry.serious-dishonesty"])
            ground = True
        if not revoked and nonconforming and decision in ("pending", "granted"):
            fired.append(r["breach.invalid.pre-decision" if decision == "pending" else "breach.invalid.post-decision"])
        if self.non_refund_on_invalid and fees_paid > 0 and nonconforming and (not refundable):
            fired.append(r["breach.invalid.fees"])
        if revoked and self.non_refund_on_revoke and (fees_paid > 0) and (not refundable):
            fired.append(r["breach.revoke.fees"])
        if ground and self.auto_enter:
            fired.append(r["blacklist.entry.auto-enter"])
        return _decided(r, fired)

    def blacklist(self, c: Any, a: dt.date) -> Decided:  # noqa: C901, PLR0912 - one branch per rule
        r = self.kinds["blacklist"]
        fired: list[_Rule] = []
        entry = c.entry
        status = entry.status
        exit_ = entry.exit
        pending = status == "exited" and exit_ is not None and (exit_.date > a)
        if pending and exit_ is not None:
            fired.append(r["blacklist.exit.not-yet-effective"])
        if self.repair_wait_years > 0 and status == "exited" and exit_ is not None and exit_.reason == "credit_repair":
            wait_ends = _add_years(entry.listed_on, self.repair_wait_years)
            if wait_ends is not None and exit_.date <= wait_ends:
                fired.append(r["blacklist.exit.repair-too-early.recorded"])
                pending = True
        listed_on = entry.listed_on
        not_yet = listed_on > a
        if not_yet:
            fired.append(r["blacklist.not-yet-in-force"])
        if status == "exited" and not pending:
            if not not_yet:
                fired.append(r["blacklist.exit"])
            return _decided(r, fired)
        if status != "active" and (not pending):
            return _decided(r, fired)
        too_early = False
        if self.repair_wait_years > 0 and exit_ is not None and exit_.reason == "credit_repair":
            wait_ends = _add_years(listed_on, self.repair_wait_years)
            if wait_ends is not None and exit_.date <= wait_ends:
                fired.append(r["blacklist.exit.repair-too-early"])
                too_early = True
        out = False
        if exit_ is not None and exit_.date <= a and (not too_early) and (not not_yet):
            fired.append(r["blacklist.exit.approved"])
            out = True
        ends = _add_years(listed_on, self.publication_years)
        if ends is not None and a > ends:
            fired.append(r["blacklist.exit.expired"])
            out = True
        if out or listed_on > a:
            return _decided(r, fired)
        fired.append(r["punish.joint"])
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
                fired.append(r[rule_id])
        fired.append(r["blacklist.publish"])
        fired.append(r["punish.publish-notify"])
        subject = entry.subject
        if subject.kind == "natural_person":
            if subject.employer is not None:
                fired.append(r["punish.notify-employer.person"])
        elif self.notify_org_employer and subject.legal_representative_employer is not None:
            fired.append(r["punish.notify-employer.organisation"])
        fired.append(r["punish.share"])
        return _decided(r, fired)

    def publicity(self, c: Any, a: dt.date) -> Decided:  # noqa: C901 - one branch per rule
        r = self.kinds["publicity"]
        fired: list[_Rule] = []
        req = c.request
        flags = req.flags
        contains = c.commitment.contains
        protected = bool(flags) or bool(contains)
        state_secret = "state_secret" in flags or "state_secret" in contains
        voluntary = req.voluntary or c.commitment.voluntary_disclosure
        privacy = "personal_privacy" in flags or "personal_privacy" in contains
        own = c.applicant.kind == "natural_person" or not privacy
        waived = req.self_waiver and voluntary and self.allow_self_waiver and protected and (not state_secret) and own
        if waived:
            fired.append(r["publicity.voluntary.self-waiver"])
        redacted = not waived and self.redact_instead and protected
        if redacted:
            fired.append(r["publicity.secrecy.redact"])
        withheld = False
        if not redacted:
            for flag, rule_id, waivable in (
                ("state_secret", "publicity.secrecy.state-secret", False),
                ("commercial_secret", "publicity.secrecy.commercial-secret", True),
                ("personal_privacy", "publicity.secrecy.personal-privacy", True),
            ):
                if (flag in flags or flag in contains) and (not (waivable and waived)):
                    fired.append(r[rule_id])
                    withheld = True
        signed = c.commitment.signed_at
        if signed is None or signed > a:
            fired.append(r["publicity.not-yet-signed"])
            withheld = True
        if self.withhold_refused and c.commitment.decision == "refused":
            fired.append(r["publicity.refused"])
            withheld = True
        if not withheld:
            channels = req.channels
            anywhere = not self.honour_channels or not channels
            for _channel, rule_id in _CHANNEL_RULES:
                fired.append(r[rule_id])
            if c.matter.has_project and (anywhere or "project_location" in channels):
                fired.append(r["publicity.commitment.project-location"])
            village = c.applicant.village_committee
            if village is not None and (anywhere or "village_committee" in channels):
                fired.append(r["publicity.commitment.village-committee"])
            if voluntary:
                fired.append(r["publicity.voluntary"])
        return _decided(r, fired)

    def escalation(self, c: Any, _a: dt.date) -> Decided:  # noqa: C901, PLR0912, PLR0915 - one branch per rule
        r = self.kinds["escalation"]
        fired: list[_Rule] = []
        req = c.request
        unit = req.unit
        role = req.from_role
        trigger = req.trigger
        if unit.level not in _PILOT_LEVELS or not unit.requires_certification:
            fired.append(r["escalate.scope"])
            if role == "principal_leader":
                fired.append(r["escalate.no-skip.end-of-chain"])
            return _decided(r, fired)
        targets: list[str] = []
        division = role in _DIVISION
        if role in _LEADERS:
            if trigger == "personal_matter":
                fired.append(r["escalate.leaders-first.personal-matter"])
                targets.append("organisation")
            if trigger in _LEADER_MAJOR:
                fired.append(r["escalate.leaders-first.major-issue"])
                targets.append("organisation")
            if not req.issues.isdisjoint(self.major_issues):
                fired.append(r["escalate.leaders-first.major-sign"])
                targets.append("organisation")
        if role == "principal_leader" and (not targets):
            fired.append(r["escalate.no-skip.end-of-chain"])
            return _decided(r, fired)
        if role == "leader_in_charge" and trigger in _TO_PRINCIPAL:
            fired.append(r["escalate.leader"])
            targets.append("principal_leader")
        if division and trigger in _TO_PRINCIPAL:
            fired.append(r["escalate.leader.from-division"])
            targets.append("principal_leader")
        if role == "leader_in_charge" and trigger == "attended_superior_meeting":
            fired.append(r["escalate.after-meeting.leader"])
            targets.append("principal_leader")
        if division and trigger in _MAJOR:
            fired.append(r["escalate.division"])
            targets.append("leader_in_charge")
        if role == "division_head" and trigger in _AFTER_MEETING:
            fired.append(r["escalate.after-meeting.division-head"])
            targets.append("leader_in_charge")
        if division and (not req.issues.isdisjoint(self.major_issues)):
            fired.append(r["escalate.major-issue"])
            targets.append("leader_in_charge")
        if not targets:
            return _decided(r, fired)
        route: tuple[str, ...] = ()
        for target in targets:
            candidate = self.route(role.value, target)
            if len(candidate) > len(route):
                route = candidate
        to_role = req.to_role
        if to_role is not None and (role, to_role) not in _NEXT_LEVEL:
            fired.append(r["escalate.no-skip"])
        content = req.content
        for part, rule_id in (
            ("facts", "escalate.content.facts"),
            ("analysis", "escalate.content.analysis"),
            ("suggestions", "escalate.content.suggestions"),
        ):
            if getattr(content, part) is None:
                fired.append(r[rule_id])
        return _decided(r, fired, route)

    def leniency(self, c: Any, _a: dt.date) -> Decided:  # noqa: C901 - one branch per rule
        r = self.kinds["leniency"]
        fired: list[_Rule] = []
        conduct = c.conduct
        if not (
            conduct.subject in ("unit", "public_official")
            and conduct.context in ("duty_performance", "reform_innovation")
        ):
            fired.append(r["leniency.not-applicable"])
            return _decided(r, fired)
        fired.append(r["leniency.eligible"])
        score = conduct.score()
        if conduct.bars:
            fired.append(r["leniency.assess.disqualified"])
        if conduct.rectified:
            fired.append(r["leniency.rectify.done"])
        else:
            fired.append(r["leniency.rectify"])
        if conduct.bars:
            return _decided(r, fired)
        all_favorable = conduct.all_favorable()
        exempt = conduct.losses_recovered and (
            all_favorable or (not self.exempt_all_favorable and score >= self.mitigated_min)
        )
        if exempt:
            fired.append(r["leniency.assess.exempt"])
        if score < self.lighter_min and (not exempt) and (score < self.mitigated_min):
            fired.append(r["leniency.assess.none"])
        mitigated = not exempt and score >= self.mitigated_min
        if mitigated:
            fired.append(r["leniency.assess.mitigated"])
        if exempt and conduct.falsely_accused:
            fired.append(r["leniency.mechanisms.clarification"])
        lighter = not exempt and (not mitigated) and (score >= self.lighter_min)
        if lighter:
            fired.append(r["leniency.assess.lighter"])
        if exempt or mitigated or lighter:
            fired.append(r["leniency.mechanisms.first-form"])
        return _decided(r, fired)

    def assistance(self, c: Any, _a: dt.date) -> Decided:
        r = self.kinds["assistance"]
        fired: list[_Rule] = []
        req = c.request
        action = req.action
        unregistered_new = action in ("implement", "add") and (not req.in_catalog) and (not req.registered_before_use)
        if unregistered_new and req.emergency:
            fired.append(r["assist.emergency"])
        if req.in_catalog and action in ("cancel", "adjust") and (req.initiator == "agency_unilateral"):
            fired.append(r["assist.no-unilateral-change"])
        unit = req.assisting_unit
        if (
            action == "implement"
            and req.purpose in _QUERY_PURPOSES
            and (unit.level in _PILOT_LEVELS)
            and unit.requires_certification
        ):
            fired.append(r["verify.assist-query"])
        if unregistered_new and (not req.emergency):
            fired.append(r["assist.register-before-use"])
        return _decided(r, fired)

    def assessment(self, c: Any, _a: dt.date) -> Decided:
        r = self.kinds["assessment"]
        fired: list[_Rule] = []
        x = c.assessment
        if x.diligent and (not x.dereliction):
            fired.append(r["supervise.duty.exempt"])
        if x.dereliction:
            fired.append(r["supervise.duty.accountability"])
        performance = x.performance
        if performance is not None:
            rule_id = {
                "effective": "supervise.assessment.commendation",
                "inadequate": "supervise.assessment.accountability",
                "adequate": "supervise.assessment.adequate",
            }[performance]
            exempt = x.diligent and (not x.dereliction)
            if not (x.dereliction and performance == "effective") and (not (exempt and performance == "inadequate")):
                fired.append(r[rule_id])
        return _decided(r, fired)

    def summary(self, c: Any, _a: dt.date) -> Decided:
        r = self.kinds["summary"]
        fired: list[_Rule] = []
        report = c.report
        sections = report.missing_sections()
        if sections:
            fired.append(r["summary.contents"])
        dimensions = report.missing_dimensions()
        if dimensions:
            fired.append(r["summary.evaluation.dimensions"])
        if not report.compared_with_city_plan:
            fired.append(r["summary.evaluation.city-plan"])
        if not report.rectification_suggestions:
            fired.append(r["summary.suggestions"])
        period = report.period
        if (period == "semi_annual" and self.period_months < 6) or (period == "quarterly" and self.period_months < 3):
            fired.append(r["summary.periodic"])
        if period == "annual":
            fired.append(r["summary.periodic.annual"])
        elif period is None or period == "other":
            fired.append(r["summary.periodic.unmeasured"])
        return _decided(r, fired)

    def credit_site(self, c: Any, _a: dt.date) -> Decided:
        r = self.kinds["credit_site"]
        fired: list[_Rule] = []
        missing = c.content.missing_items()
        if missing:
            fired.append(r["publicity.credit-site-items"])
        if not c.content.names_credit_lyg():
            fired.append(r["publicity.credit-site-name"])
        return _decided(r, fired)
