"""Seeded generators of realistic cases of every kind, as JSON-like dicts (what a host system sends).

Realistic means the distributions of a case-handling system, not of a fuzzer: most applications
come from clean applicants with complete notices for listed matters, most verifications end
consistent within the plan's deadline, most blacklist entries are active and inside their
publication period. Each defect has its own small rate, so that over a few hundred cases of a kind
every rule of the bundled pack fires, and the rarer ones (a repaired false commitment, a check that
finished on the last day of its deadline) keep realistic frequencies. Dates are drawn around the
evaluation date ``as_of`` (deadlines and publication periods end near it, on both sides).

Everything is drawn from ``random.Random`` seeded with a string, so a seed gives the same cases on
every machine and under every ``PYTHONHASHSEED``.

Examples:
    >>> from benchmarks.generators import generate_cases
    >>> [c["kind"] for c in generate_cases("leniency", 2, seed=1)]
    ['leniency', 'leniency']
    >>> generate_cases("summary", 3, seed=7) == generate_cases("summary", 3, seed=7)
    True
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["AS_OF", "KINDS", "MIX", "generate_cases", "generate_mix"]

#: The evaluation date of the benchmark: a nightly re-screening run.
AS_OF = dt.date(2021, 3, 1)

Case = dict[str, Any]


class Rng(random.Random):
    """A seeded generator whose rare events can be made more frequent (``skew``) for tests."""

    def __init__(self, seed: str, skew: float = 1.0) -> None:
        super().__init__(seed)
        self.skew = skew


# ---- vocabulary ---------------------------------------------------------------------------------

_UNITS: tuple[tuple[str, str], ...] = (
    ("连云港市市场监督管理局", "municipal"),
    ("连云港市住房和城乡建设局", "municipal"),
    ("连云港市人力资源和社会保障局", "municipal"),
    ("连云港市公安局", "municipal"),
    ("连云港市民政局", "municipal"),
    ("连云港市卫生健康委员会", "municipal"),
    ("连云港市交通运输局", "municipal"),
    ("连云港市司法局", "municipal"),
    ("海州区行政审批局", "county"),
    ("连云区市场监督管理局", "county"),
    ("赣榆区人力资源和社会保障局", "county"),
    ("东海县民政局", "county"),
    ("灌云县行政审批局", "county"),
    ("灌南县公安局", "county"),
    ("连云港经济技术开发区管委会", "other"),
)
_UNIT_WEIGHTS = (9, 8, 8, 7, 6, 6, 5, 3, 8, 6, 6, 5, 5, 4, 2)

# (name, kind, legal basis, typical fee in yuan)
_MATTERS: tuple[tuple[str, str, str, int], ...] = (
    ("食品经营许可所需的经营场所使用证明", "licensing", "《食品经营许可管理办法》", 0),
    ("申请公共租赁住房所需的无房证明", "benefit", "《公共租赁住房管理办法》", 0),
    ("道路运输经营许可所需的停车场地证明", "licensing", "《道路旅客运输及客运站管理规定》", 50),
    ("建筑业企业资质所需的技术负责人社保证明", "licensing", "《建筑业企业资质管理规定》", 0),
    ("最低生活保障所需的家庭收入证明", "benefit", "《社会救助暂行办法》", 0),
    ("医师执业注册所需的健康证明", "licensing", "《医师执业注册管理办法》", 0),
    ("户籍迁移所需的亲属关系证明", "confirmation", "《户口登记条例》", 0),
    ("职业资格证书补发所需的遗失证明", "confirmation", "《职业资格证书管理办法》", 20),
    ("二手车交易登记所需的车辆来历证明", "confirmation", "《机动车登记规定》", 80),
    ("养老服务机构备案所需的消防安全证明", "other", "《养老机构管理办法》", 0),
    ("药品经营许可所需的人员学历证明", "licensing", "《药品经营许可证管理办法》", 100),
    ("残疾人两项补贴所需的生活困难证明", "benefit", "《残疾人保障法》", 0),
    ("公司变更登记所需的住所使用证明", "confirmation", "《市场主体登记管理条例》", 0),
    ("出租汽车驾驶员从业资格所需的无犯罪记录证明", "licensing", "《出租汽车驾驶员从业资格管理规定》", 30),
    ("就业困难人员认定所需的失业证明", "confirmation", "《就业服务与就业管理规定》", 0),
    ("排污许可所需的环评批复证明", "licensing", "《排污许可管理条例》", 200),
)
_STANDARDS = (
    "经营场所产权或租赁证明与承诺一致",
    "不动产登记信息显示申请人名下无住房",
    "社保缴纳记录与承诺一致",
    "部门间数据比对无异常",
    "实地查看场所与承诺一致",
)
_SEED_METHODS = ("inter_department_check", "on_site_investigation", "backend_data_retrieval")
_EXTENSION_METHODS = ("written_check", "online_verification", "publicity_check")
_RISKS_SEED = ("national_security", "public_safety", "ecological_environment", "personal_safety")
_RISKS_NATIONAL = ("state_secret", "financial_prudential", "health_life_property", "major_foreign")
_NOTICE_FLAGS = (
    "breach_risk",
    "joint_punishment_mechanism",
    "fee_non_refund",
    "matter_name",
    "legal_basis",
    "certification_obligation",
    "certification_content",
    "commitment_method",
    "commitment_effect",
    "liability_civil_admin_criminal",
    "verification_power",
)
_STATEMENTS = ("knows_notice", "meets_conditions", "accepts_liability", "genuine_intent")
_SECRECY = ("state_secret", "commercial_secret", "personal_privacy")
_FINDINGS = (
    "not_meeting_conditions",
    "noncompliance_with_requirements",
    "false_commitment",
    "intentional_concealment",
    "improper_means",
    "nonperformance",
)
_FINDING_WEIGHTS = (30, 20, 22, 10, 6, 12)
_BARRING = frozenset({"false_commitment", "intentional_concealment", "improper_means"})
_CHANNELS = ("credit_lyg", "gov_service_portal", "agency_portal", "project_location", "village_committee")
_MEASURES = (
    "industry_access",
    "employment_office",
    "preferential_policy",
    "honors",
    "special_market_transactions",
    "high_consumption",
)
_ROLES = ("business_division", "division_head", "leader_in_charge", "principal_leader")
_TRIGGERS = (
    "major_within_authority",
    "major_beyond_division_authority",
    "beyond_portfolio",
    "overall_work",
    "attended_superior_meeting",
    "attended_training",
    "received_superior_task",
    "major_work_issue",
    "personal_matter",
)
_ISSUES = (
    "potential_revocation",
    "blacklisting",
    "judicial_referral",
    "cross_department_dispute",
    "overdue_verification",
    "media_exposure",
    "complaint",
)
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡"
_COMPANIES = ("商贸", "物流", "建设工程", "餐饮管理", "医药", "科技", "运输", "物业服务")


# ---- helpers ------------------------------------------------------------------------------------


def _p(rng: Rng, probability: float) -> bool:
    """True with ``probability``; with ``skew`` > 1 the rarer side becomes that much likelier (at most 1/2)."""
    if rng.skew != 1.0:
        rare = min(0.5, min(probability, 1 - probability) * rng.skew)
        probability = rare if probability < 0.5 else 1 - rare
    return rng.random() < probability


def _pick(rng: Rng, items: Sequence[Any], weights: Sequence[float] | None = None) -> Any:
    return rng.choices(items, weights)[0] if weights else rng.choice(items)


def _some(rng: Rng, items: Sequence[str], low: int, high: int) -> list[str]:
    return rng.sample(list(items), rng.randint(low, min(high, len(items))))


def _day(day: dt.date) -> str:
    return day.isoformat()


def _days_before(rng: Rng, as_of: dt.date, low: int, high: int) -> dt.date:
    return as_of - dt.timedelta(days=rng.randint(low, high))


def _unit(rng: Rng, *, pilot_rate: float = 0.97) -> dict[str, Any]:
    name, level = _pick(rng, _UNITS, _UNIT_WEIGHTS)
    unit: dict[str, Any] = {"name": name, "level": level, "requires_certification": _p(rng, pilot_rate)}
    if _p(rng, 0.3):
        unit["id"] = f"U-{rng.randrange(1000):03d}"
    return unit


def _person_name(rng: Rng) -> str:
    return _pick(rng, _SURNAMES) + "某"


def _company_name(rng: Rng) -> str:
    return f"连云港某某{_pick(rng, _COMPANIES)}有限公司"


# ---- shared entities ----------------------------------------------------------------------------


def _plan(rng: Rng) -> dict[str, Any]:
    if _p(rng, 0.04):  # exempt from case-by-case checks (NAT-42), usually under daily supervision
        plan: dict[str, Any] = {"exempt": True, "daily_supervision": _p(rng, 0.85)}
        if _p(rng, 0.3):
            plan["methods"] = [_pick(rng, _SEED_METHODS)]
        return plan
    plan = {"timing": _pick(rng, ("post_decision", "pre_decision", "both"), (60, 15, 25))}
    if _p(rng, 0.9):
        plan["deadline_days"] = _pick(rng, (10, 15, 20, 30, 60, 90), (10, 20, 15, 35, 15, 5))
    if _p(rng, 0.93):
        plan["standard"] = _pick(rng, _STANDARDS)
    elif _p(rng, 0.2):
        plan["standard"] = "  "  # blank: not fixed
    if _p(rng, 0.96):
        methods = _some(rng, _SEED_METHODS, 1, 2)
        if _p(rng, 0.05):
            methods.append(_pick(rng, _EXTENSION_METHODS))
        plan["methods"] = methods
    if _p(rng, 0.03):  # 核查时间 not fixed: before or after the decision is left open
        del plan["timing"]
    return plan


def _matter(rng: Rng, *, listed_rate: float = 0.96) -> dict[str, Any]:
    index = rng.randrange(len(_MATTERS))
    name, kind, basis, fee = _MATTERS[index]
    matter: dict[str, Any] = {
        "id": f"LYG-SX-{index:03d}",
        "name": name,
        "unit": _unit(rng),
        "kind": kind,
        "review_mode": "substantive" if _p(rng, 0.04) else "formal",
        "listed": _p(rng, listed_rate),
        "commitment_condition_met": _p(rng, 0.97),
        "plan": _plan(rng),
    }
    if _p(rng, 0.9):
        matter["legal_basis"] = basis
    if _p(rng, 0.15):
        matter["public_concern"] = True
    if _p(rng, 0.1):
        matter["representative"] = True
    if _p(rng, 0.05):
        matter["risk_flags"] = [_pick(rng, _RISKS_SEED + _RISKS_NATIONAL)]
    if fee or _p(rng, 0.1):
        amount = fee or rng.choice((5, 10, 60))
        matter["fees"] = amount if _p(rng, 0.7) else f"{amount}.00"
        if _p(rng, 0.15):
            matter["fees_refundable"] = True
    if _p(rng, 0.2):
        matter["has_project"] = True
    if _p(rng, 0.4):
        matter["penalty_basis"] = True
    if _p(rng, 0.6):
        matter["processing_days"] = _pick(rng, (5, 10, 15, 20, 30, 45))
    return matter


def _history(rng: Rng, as_of: dt.date, *, false_commitment: bool) -> list[dict[str, Any]]:
    count = 0 if _p(rng, 0.55) else rng.randint(1, 5)
    history = []
    for _ in range(count):
        item: dict[str, Any] = {
            "matter_id": f"LYG-SX-{rng.randrange(len(_MATTERS)):03d}",
            "committed_on": _day(_days_before(rng, as_of, 30, 1500)),
        }
        outcome = _pick(rng, (None, "consistent", "inconsistent", "not_verifiable"), (7, 85, 5, 3))
        if outcome is not None:
            item["outcome"] = outcome
        if outcome == "inconsistent":
            item["findings"] = [_pick(rng, _FINDINGS, _FINDING_WEIGHTS) for _ in range(rng.randint(1, 2))]
        history.append(item)
    if false_commitment:
        history.append(
            {
                "matter_id": f"LYG-SX-{rng.randrange(len(_MATTERS)):03d}",
                # now and then dated after the evaluation date: not there yet on it
                "committed_on": _day(
                    _days_before(rng, as_of, -20, -1) if _p(rng, 0.05) else _days_before(rng, as_of, 60, 1200)
                ),
                "outcome": "inconsistent",
                "findings": ["false_commitment"],
            }
        )
        rng.shuffle(history)
    return history


def _credit(rng: Rng, as_of: dt.date, history: list[dict[str, Any]]) -> dict[str, Any]:
    credit: dict[str, Any] = {
        "on_blacklist": _p(rng, 0.015),
        "serious_dishonesty": _p(rng, 0.015),
        "prior_false_commitment": _p(rng, 0.02),
    }
    # The findings that bar the commitment route (application.barring_findings, by default).
    false_days = [h["committed_on"] for h in history if not _BARRING.isdisjoint(h.get("findings", ()))]
    if credit["prior_false_commitment"] or false_days:
        last = max(map(dt.date.fromisoformat, false_days)) if false_days else _days_before(rng, as_of, 100, 900)
        # A repair, or an exit from the list (by repair, expiry or correction), near the last barring
        # finding: usually after it, sometimes (a later one) before it; some dated after today.
        if _p(rng, 0.5):
            credit["credit_repaired_on"] = _day(last + dt.timedelta(days=rng.randint(-60, 500)))
        if _p(rng, 0.3):
            credit["list_exited_on"] = _day(last + dt.timedelta(days=rng.randint(-60, 800)))
    elif _p(rng, 0.01):
        credit["credit_repaired_on"] = _day(_days_before(rng, as_of, -30, 700))
    elif _p(rng, 0.01):
        credit["list_exited_on"] = _day(_days_before(rng, as_of, -30, 700))
    return credit


def _applicant(rng: Rng, as_of: dt.date) -> dict[str, Any]:
    kind = _pick(rng, ("natural_person", "legal_person", "unincorporated_org"), (55, 40, 5))
    applicant: dict[str, Any] = {"id": f"P-{rng.randrange(10**6):06d}", "kind": kind}
    if kind == "natural_person":
        applicant["name"] = _person_name(rng)
        applicant["id_no"] = f"3207{rng.randrange(10**14):014d}"
        if _p(rng, 0.7):
            applicant["employer"] = _company_name(rng)
        if _p(rng, 0.35):
            applicant["village_committee"] = "  " if _p(rng, 0.03) else f"{_pick(rng, _SURNAMES)}庄村民委员会"
    else:
        applicant["name"] = _company_name(rng)
        applicant["uscc"] = f"91320700MA{rng.randrange(10**8):08d}"
        if _p(rng, 0.3):
            applicant["legal_representative_employer"] = _company_name(rng)
    history = _history(rng, as_of, false_commitment=_p(rng, 0.02))
    if history:
        applicant["history"] = history
    applicant["credit"] = _credit(rng, as_of, history)
    return applicant


def _notification(rng: Rng, *, fees: bool) -> dict[str, Any]:
    notice: dict[str, Any] = dict.fromkeys(_NOTICE_FLAGS, True)
    notice["publicity"] = {"whether": True, "scope": True, "period": True}
    if not fees and _p(rng, 0.5):
        notice["fee_non_refund"] = False  # nothing to refund: many notices leave it out
    elif fees and _p(rng, 0.02):
        notice["fee_non_refund"] = False  # the fee warning forgotten
    if _p(rng, 0.12):  # an incomplete notice: one to three items left out
        for name in _some(rng, (*_NOTICE_FLAGS, "publicity.whether", "publicity.scope", "publicity.period"), 1, 3):
            if name.startswith("publicity."):
                notice["publicity"][name.split(".")[1]] = False
            else:
                notice[name] = False
    return notice


def _commitment(rng: Rng, as_of: dt.date, matter: dict[str, Any], decision: str) -> dict[str, Any]:
    fees = bool(matter.get("fees"))
    statements = list(_STATEMENTS)
    if _p(rng, 0.06):
        for gone in _some(rng, _STATEMENTS, 1, 2):
            statements.remove(gone)
    commitment: dict[str, Any] = {
        "id": f"C-{rng.randrange(10**7):07d}",
        "notification": _notification(rng, fees=fees),
        "statements": statements,
        "signed_at": _day(_days_before(rng, as_of, 0, 400)),
        "channel": "electronic" if _p(rng, 0.65) else "paper",
        "decision": decision,
    }
    if _p(rng, 0.02):  # not signed yet, or dated after today
        if _p(rng, 0.5):
            del commitment["signed_at"]
        else:
            commitment["signed_at"] = _day(as_of + dt.timedelta(days=rng.randint(1, 10)))
    if _p(rng, 0.05):
        commitment["contains"] = [_pick(rng, _SECRECY, (1, 3, 6))]
    if _p(rng, 0.04):
        commitment["voluntary_disclosure"] = True
    if fees and _p(rng, 0.9 if decision != "refused" else 0.5):  # fees are paid on applying
        commitment["fees_paid"] = matter["fees"]
    return commitment


# ---- one generator per kind ---------------------------------------------------------------------


def _matter_review(rng: Rng, as_of: dt.date) -> Case:  # noqa: ARG001 - same signature for every kind
    return {"kind": "matter_review", "matter": _matter(rng, listed_rate=0.8)}


def _application(rng: Rng, as_of: dt.date) -> Case:
    matter = _matter(rng)
    case: Case = {
        "kind": "application",
        "applicant": _applicant(rng, as_of),
        "matter": matter,
        "commitment": _commitment(rng, as_of, matter, "pending"),
        "applied_on": _day(_days_before(rng, as_of, 0, 10)),
    }
    if _p(rng, 0.03):
        case["declined"] = True
    if _p(rng, 0.02):
        case["withdrawn_this_cycle"] = True
    return case


def _finding(rng: Rng, decision: str) -> dict[str, Any]:
    stage = "pre_decision" if decision == "pending" else "post_decision"
    if _p(rng, 0.08):
        stage = "post_decision" if stage == "pre_decision" else "pre_decision"
    finding: dict[str, Any] = {"type": _pick(rng, _FINDINGS, _FINDING_WEIGHTS), "stage": stage}
    if _p(rng, 0.06):
        finding["suspected_crime"] = True
    if _p(rng, 0.12):
        finding["at_fault"] = [
            {
                "kind": _pick(rng, ("person", "unit"), (70, 30)),
                "name": _person_name(rng),
                "public_official": _p(rng, 0.5),
            }
        ]
    if _p(rng, 0.5):
        finding["note"] = "核查发现与承诺不一致"
    return finding


def _verification(rng: Rng, as_of: dt.date) -> Case:
    decision = "refused" if _p(rng, 0.05) else _pick(rng, ("granted", "pending"), (65, 30))
    matter = _matter(rng)
    plan = matter["plan"]
    deadline = plan.get("deadline_days") or (matter.get("processing_days", 30) if decision == "pending" else 30)
    result: dict[str, Any] = {"method": _pick(rng, plan.get("methods") or _SEED_METHODS)}
    if _p(rng, 0.1):  # still running: started recently, some past the deadline
        started = _days_before(rng, as_of, 0, deadline + 15)
        if _p(rng, 0.02):
            result["findings"] = [_finding(rng, decision)]
    else:
        started = _days_before(rng, as_of, deadline + 5, 360)
        late = _p(rng, 0.1)
        took = rng.randint(deadline, deadline + 20) if late else rng.randint(1, deadline)
        if _p(rng, 0.04):  # finished only after the evaluation date: not known on it yet
            started = _days_before(rng, as_of, 0, took - 1)
        if not _p(rng, 0.03):  # a few finished checks have no completion date
            result["completed_at"] = _day(started + dt.timedelta(days=took))
        # A refusal often follows a check that found something.
        weights = (60, 35, 5) if decision == "refused" else (86, 9, 5)
        outcome = _pick(rng, ("consistent", "inconsistent", "not_verifiable"), weights)
        result["outcome"] = outcome
        if outcome == "inconsistent":
            findings = [_finding(rng, decision) for _ in range(rng.randint(1, 2))]
            if findings[0]["type"] in ("false_commitment", "intentional_concealment") and _p(rng, 0.2):
                # what was falsely committed or concealed: the conditions are not met either
                findings.append({"type": "not_meeting_conditions", "stage": findings[0]["stage"]})
            if _p(rng, 0.05):  # found untrue without a finding named: still a breach record (一(二)1)
                findings = []
            result["findings"] = findings
            result["serious_dishonesty"] = _p(rng, 0.25)
        elif _p(rng, 0.01):
            result["findings"] = [_finding(rng, decision)]
        elif _p(rng, 0.005):
            result["serious_dishonesty"] = True
    return {
        "kind": "verification",
        "applicant": _applicant(rng, as_of),
        "matter": matter,
        "commitment": _commitment(rng, as_of, matter, decision),
        "result": result,
        "started_on": _day(started),
    }


def _subject(rng: Rng) -> dict[str, Any]:
    kind = _pick(rng, ("natural_person", "legal_person", "unincorporated_org"), (40, 55, 5))
    subject: dict[str, Any] = {"id": f"S-{rng.randrange(10**6):06d}", "kind": kind}
    if kind == "natural_person":
        subject["name"] = _person_name(rng)
        if _p(rng, 0.7):
            subject["employer"] = _company_name(rng)
    else:
        subject["name"] = _company_name(rng)
        subject["uscc"] = f"91320700MA{rng.randrange(10**8):08d}"
        if _p(rng, 0.4):
            subject["legal_representative_employer"] = _company_name(rng)
    return subject


def _blacklist(rng: Rng, as_of: dt.date) -> Case:
    listed = _days_before(rng, as_of, 0, 4 * 365)
    if _p(rng, 0.02):  # the publication period ends today or yesterday
        listed = as_of.replace(year=as_of.year - 3) - dt.timedelta(days=rng.randint(0, 1))
    elif _p(rng, 0.01):  # recorded ahead of the day it takes effect
        listed = as_of + dt.timedelta(days=rng.randint(1, 30))
    entry: dict[str, Any] = {
        "id": f"LYG-SXHMD-{rng.randrange(10**5):05d}",
        "subject": _subject(rng),
        "basis": _pick(rng, ("false_commitment", "serious_dishonesty"), (65, 35)),
        "determined_by": _pick(rng, _UNITS, _UNIT_WEIGHTS)[0],
        "listed_on": _day(listed),
        "status": "active",
        "published": _p(rng, 0.8),
    }
    if _p(rng, 0.5):
        entry["categories"] = _some(rng, _MEASURES, 1, 4)
    span = max((as_of - listed).days, 1)
    if _p(rng, 0.2):
        entry["status"] = "exited"
        entry["exit"] = {
            "reason": _pick(rng, ("credit_repair", "expiry", "correction_on_objection"), (60, 30, 10)),
            "date": _day(listed + dt.timedelta(days=rng.randint(1, span))),
        }
        if _p(rng, 0.1):  # recorded as exited, but dated after the evaluation date: not exited yet on it
            entry["exit"]["date"] = _day(as_of + dt.timedelta(days=rng.randint(1, 30)))
    elif _p(rng, 0.08):  # an approved exit, effective soon or already (a repair may be too early)
        entry["exit"] = {
            "reason": _pick(rng, ("credit_repair", "expiry", "correction_on_objection"), (75, 10, 15)),
            "date": _day(as_of + dt.timedelta(days=rng.randint(-20, 20))),
        }
    return {"kind": "blacklist", "entry": entry}


def _publicity(rng: Rng, as_of: dt.date) -> Case:
    matter = _matter(rng, listed_rate=1.0)
    request: dict[str, Any] = {}
    if _p(rng, 0.06):
        request["flags"] = _some(rng, _SECRECY, 1, 2)
    if _p(rng, 0.45):
        request["channels"] = _some(rng, _CHANNELS, 1, 3)
    if _p(rng, 0.04):
        request["voluntary"] = True
    if _p(rng, 0.03) or ("flags" in request and _p(rng, 0.2)):
        request["self_waiver"] = True
        if _p(rng, 0.6):  # the applicant waives in order to publish of its own accord
            request["voluntary"] = True
    decision = "granted" if _p(rng, 0.9) else "pending"
    if decision == "pending" and _p(rng, 0.2):  # a refused application's letter is displayed nowhere
        decision = "refused"
    return {
        "kind": "publicity",
        "applicant": _applicant(rng, as_of),
        "matter": matter,
        "commitment": _commitment(rng, as_of, matter, decision),
        "request": request,
    }


_NEXT = {
    "business_division": "division_head",
    "division_head": "leader_in_charge",
    "leader_in_charge": "principal_leader",
    "principal_leader": "organisation",
}


def _escalation(rng: Rng, as_of: dt.date) -> Case:  # noqa: ARG001 - same signature for every kind
    role = _pick(rng, _ROLES, (35, 35, 22, 8))
    request: dict[str, Any] = {"unit": _unit(rng, pilot_rate=0.96), "from_role": role}
    if _p(rng, 0.88):
        request["trigger"] = _pick(rng, _TRIGGERS, (25, 12, 12, 10, 15, 12, 14, 6, 6))
    if _p(rng, 0.35):
        request["issues"] = _some(rng, _ISSUES, 1, 2)
    if _p(rng, 0.65):
        nxt = _NEXT[role]
        request["to_role"] = nxt if nxt and _p(rng, 0.85) else _pick(rng, (*_ROLES, "organisation"))
    content: dict[str, Any] = {}
    if _p(rng, 0.92):
        content["facts"] = "  " if _p(rng, 0.02) else "某申请人承诺已取得场地使用权,实地核查发现场地系租赁且租期已满。"
    if _p(rng, 0.88):
        content["analysis"] = "可能构成虚假承诺,涉及撤销许可决定和列入失信黑名单。"
    if _p(rng, 0.85):
        content["suggestions"] = "建议启动撤销程序并听取当事人陈述申辩。"
    request["content"] = content
    return {"kind": "escalation", "request": request}


def _leniency(rng: Rng, as_of: dt.date) -> Case:  # noqa: ARG001 - same signature for every kind
    ratings = ("favorable", "neutral", "unfavorable")
    weights = _pick(rng, ((90, 8, 2), (65, 25, 10), (40, 35, 25)), (20, 40, 40))
    factors = {
        name: _pick(rng, ratings, weights)
        for name in (
            "motive_attitude",
            "objective_conditions",
            "procedure_method",
            "nature_degree",
            "consequence_impact",
            "loss_recovery",
        )
    }
    conduct: dict[str, Any] = {
        "subject": _pick(rng, ("unit", "public_official"), (35, 65)),
        "context": _pick(rng, ("duty_performance", "reform_innovation", "other"), (50, 35, 15)),
        "factors": factors,
        "rectified": _p(rng, 0.7),
        "losses_recovered": _p(rng, 0.6),
        "name": _person_name(rng),
    }
    if _p(rng, 0.08):
        conduct["bars"] = _some(rng, ("private_gain", "knowing_violation", "defied_prohibition"), 1, 2)
    if _p(rng, 0.08):
        conduct["falsely_accused"] = True
    return {"kind": "leniency", "conduct": conduct}


def _assistance(rng: Rng, as_of: dt.date) -> Case:  # noqa: ARG001 - same signature for every kind
    purpose = _pick(
        rng,
        ("verification", "data_sharing", "dishonesty_query", "dishonesty_publicity", "person_search", "other"),
        (40, 25, 12, 6, 7, 10),
    )
    request: dict[str, Any] = {
        "requesting_unit": _unit(rng),
        "assisting_unit": _unit(rng),
        "item": _pick(rng, ("社保缴纳记录调取", "不动产登记信息查询", "户籍信息核验", "失信人员信息查询")),
        "in_catalog": _p(rng, 0.82),
        "action": _pick(rng, ("implement", "add", "cancel", "adjust"), (75, 10, 8, 7)),
        "initiator": "catalog_authority" if _p(rng, 0.8) else "agency_unilateral",
        "registered_before_use": _p(rng, 0.85),
        "purpose": purpose,
    }
    if _p(rng, 0.05):  # an urgent request, typically for an item not (yet) in the catalog
        request["emergency"] = True
        request["in_catalog"] = _p(rng, 0.4)
        request["registered_before_use"] = _p(rng, 0.3)
    if purpose == "verification":
        request["method"] = _pick(rng, _SEED_METHODS + _EXTENSION_METHODS, (4, 3, 4, 1, 1, 1))
    return {"kind": "assistance", "request": request}


def _assessment(rng: Rng, as_of: dt.date) -> Case:  # noqa: ARG001 - same signature for every kind
    if _p(rng, 0.5):
        assessment: dict[str, Any] = {"subject": "unit", "name": _pick(rng, _UNITS)[0]}
        performance = _pick(rng, (None, "effective", "adequate", "inadequate"), (5, 25, 55, 15))
        if performance is not None:
            assessment["performance"] = performance
        if _p(rng, 0.05):
            assessment["dereliction"] = True
    else:
        assessment = {
            "subject": "official",
            "name": _person_name(rng),
            "diligent": _p(rng, 0.85),
            "dereliction": _p(rng, 0.1),
        }
    return {"kind": "assessment", "assessment": assessment}


def _summary(rng: Rng, as_of: dt.date) -> Case:  # noqa: ARG001 - same signature for every kind
    sections = ["progress", "norms", "experience_results", "problems", "countermeasures"]
    if _p(rng, 0.2):
        for gone in _some(rng, sections, 1, 2):
            sections.remove(gone)
    dimensions = ["organizational_leadership", "contingency_planning", "team_building"]
    if _p(rng, 0.2):
        dimensions.remove(_pick(rng, dimensions))
    report: dict[str, Any] = {
        "sections": sections,
        "dimensions": dimensions,
        "rectification_suggestions": _p(rng, 0.9),
        "compared_with_city_plan": _p(rng, 0.85),
        "unit": _pick(rng, _UNITS)[0],
    }
    period = _pick(rng, (None, "annual", "semi_annual", "quarterly", "other"), (5, 40, 35, 15, 5))
    if period is not None:
        report["period"] = period
    return {"kind": "summary", "report": report}


def _credit_site(rng: Rng, as_of: dt.date) -> Case:  # noqa: ARG001 - same signature for every kind
    items = ["dishonesty_info", "risk_notice", "list_exit", "joint_punishment_measures", "accountability"]
    if _p(rng, 0.15):
        for gone in _some(rng, items, 1, 2):
            items.remove(gone)
    rng.shuffle(items)
    site = "信用中国" if _p(rng, 0.03) else _pick(rng, ("信用连云港", "“信用连云港”网站"), (80, 20))
    return {"kind": "credit_site", "content": {"site": site, "items": items}}


_GENERATORS: dict[str, Callable[[Rng, dt.date], Case]] = {
    "matter_review": _matter_review,
    "application": _application,
    "verification": _verification,
    "blacklist": _blacklist,
    "publicity": _publicity,
    "escalation": _escalation,
    "leniency": _leniency,
    "assistance": _assistance,
    "assessment": _assessment,
    "summary": _summary,
    "credit_site": _credit_site,
}

#: Every case kind, in the order of ``commitrules.CASE_MODELS``.
KINDS: tuple[str, ...] = tuple(_GENERATORS)

#: The share of each kind in the mixed stream: a case system's traffic, mostly applications and checks.
MIX: dict[str, int] = {
    "application": 30,
    "verification": 25,
    "blacklist": 12,
    "publicity": 10,
    "matter_review": 8,
    "escalation": 4,
    "assistance": 4,
    "leniency": 3,
    "assessment": 2,
    "summary": 1,
    "credit_site": 1,
}


def generate_cases(kind: str, n: int, seed: int | str = 0, as_of: dt.date = AS_OF, *, skew: float = 1.0) -> list[Case]:
    """``n`` cases of ``kind`` as plain dicts, the same for the same seed on every machine.

    ``skew`` > 1 multiplies the rate of every rare event (a defect, an odd date) by that factor, up to
    one in two: not realistic, but it reaches every branch of the pack in few cases (the agreement test).
    """
    rng = Rng(f"commitrules:{kind}:{seed}", skew)
    make = _GENERATORS[kind]
    cases = []
    for i in range(n):
        case = make(rng, as_of)
        case["id"] = f"{kind}-{seed}-{i}"
        cases.append(case)
    return cases


def generate_mix(n: int, seed: int | str = 0, as_of: dt.date = AS_OF) -> list[Case]:
    """``n`` cases of every kind in the proportions of :data:`MIX`, shuffled."""
    rng = Rng(f"commitrules:mix:{seed}")
    kinds = rng.choices(list(MIX), list(MIX.values()), k=n)
    counts = {k: kinds.count(k) for k in MIX}
    pools = {k: iter(generate_cases(k, counts[k], seed, as_of)) for k in MIX}
    return [next(pools[k]) for k in kinds]
