"""How a case-handling system calls commitrules across one applicant's story.

A trading company applies for a food business licence with a commitment instead of a certificate of
its premises. The licence is granted; a later on-site check finds the commitment false; the company
is blacklisted and the joint punishments are recommended; a year and more later its credit is repaired,
it leaves the list and may use the commitment route again.

The host system keeps the case state (in its own database); commitrules only decides, step by step,
and says why. Run it: ``python examples/embedding/case_life.py [--lang en]``.
"""

from __future__ import annotations

import argparse
import copy
from typing import Any

import commitrules

AS_OF = {
    "review": "2020-01-06",
    "apply": "2020-03-02",
    "verify": "2020-05-22",
    "list": "2020-06-15",
    "exit": "2021-09-01",
    "reapply": "2021-09-10",
}

COMPANY: dict[str, Any] = {
    "id": "E-0201",
    "kind": "legal_person",
    "name": "连云港某某商贸有限公司",
    "uscc": "91320700MA1XXXXX2Y",
    "credit": {"on_blacklist": False, "serious_dishonesty": False, "prior_false_commitment": False},
}
MATTER: dict[str, Any] = {
    "id": "LYG-SC-007",
    "name": "食品经营许可所需的经营场所使用证明",
    "kind": "licensing",
    "review_mode": "formal",
    "listed": True,
    "commitment_condition_met": True,
    "legal_basis": "《食品经营许可管理办法》",
    "unit": {"name": "连云港市市场监督管理局", "level": "municipal", "requires_certification": True},
    "fees": 0,
    "penalty_basis": True,
    "plan": {
        "timing": "post_decision",
        "deadline_days": 30,
        "standard": "经营场所产权或租赁证明与承诺一致",
        "methods": ["on_site_investigation", "backend_data_retrieval"],
    },
}
FULL_NOTICE = {
    "breach_risk": True,
    "joint_punishment_mechanism": True,
    "fee_non_refund": True,
    "matter_name": True,
    "legal_basis": True,
    "certification_obligation": True,
    "certification_content": True,
    "commitment_method": True,
    "commitment_effect": True,
    "liability_civil_admin_criminal": True,
    "verification_power": True,
    "publicity": {"whether": True, "scope": True, "period": True},
}
COMMITMENT: dict[str, Any] = {
    "notification": FULL_NOTICE,
    "statements": ["knows_notice", "meets_conditions", "accepts_liability", "genuine_intent"],
    "signed_at": AS_OF["apply"],
    "channel": "electronic",
}


def show(step: str, decision: commitrules.Decision, lang: commitrules.Lang) -> None:
    """Print one step's decision as the case officer would read it."""
    print(f"\n=== {step} ===")
    print(decision.explain(lang))


def main() -> None:
    """Walk the case through its life."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    lang = parser.parse_args().lang

    pack = commitrules.load_policies()

    # 1. Matter review: may this certification matter use the commitment route at all?
    review = pack.evaluate(
        {"kind": "matter_review", "id": "review-LYG-SC-007", "matter": MATTER}, as_of=AS_OF["review"]
    )
    show("1. 事项梳理 Matter review", review, lang)
    assert review.outcome == "eligible"

    # 2. Application: the company signs the commitment; the agency decides on it.
    application = {
        "kind": "application",
        "id": "app-2020-0302",
        "applicant": COMPANY,
        "matter": MATTER,
        "commitment": COMMITMENT,
        "applied_on": AS_OF["apply"],
    }
    accepted = pack.evaluate(application, as_of=AS_OF["apply"])
    show("2. 告知承诺申请 Application", accepted, lang)
    assert accepted.outcome == "commitment_accepted"

    # 3. Verification after the grant: the on-site check finds the commitment false.
    verification = {
        "kind": "verification",
        "id": "check-2020-0510",
        "applicant": COMPANY,
        "matter": MATTER,
        "commitment": {**COMMITMENT, "decision": "granted"},
        "started_on": "2020-05-10",
        "result": {
            "method": "on_site_investigation",
            "completed_at": AS_OF["verify"],
            "outcome": "inconsistent",
            "findings": [{"type": "false_commitment", "stage": "post_decision"}],
        },
    }
    breach = pack.evaluate(verification, as_of=AS_OF["verify"])
    show("3. 核查处理 Verification", breach, lang)
    assert breach.outcome == "breach"
    assert "blacklist_proposed" in breach.consequences

    # 4. The unit confirms the entry after hearing the company (NAT-49); the host records it.
    entry = {
        "subject": {k: COMPANY[k] for k in ("id", "kind", "name", "uscc")},
        "basis": "false_commitment",
        "determined_by": "连云港市市场监督管理局",
        "listed_on": AS_OF["list"],
        "status": "active",
        "published": True,
    }
    listed = pack.evaluate({"kind": "blacklist", "id": "bl-2020-0615", "entry": entry}, as_of=AS_OF["list"])
    show("4. 失信惩戒 Blacklist entry", listed, lang)
    assert listed.outcome == "joint_punishment"
    assert len(listed.measures) == 6

    # While listed, the company may not use the commitment route.
    listed_company = copy.deepcopy(COMPANY)
    listed_company["credit"].update(on_blacklist=True, prior_false_commitment=True)
    refused = pack.evaluate({**application, "id": "app-2020-0701", "applicant": listed_company}, as_of="2020-07-01")
    show("4b. 在列期间再次申请 Applying while listed", refused, lang)
    assert refused.outcome == "certificate_required"

    # 5. Credit repair approved: the entry exits, joint punishment stops, the exit is published.
    exited_entry = {**entry, "status": "exited", "exit": {"reason": "credit_repair", "date": AS_OF["exit"]}}
    exited = pack.evaluate({"kind": "blacklist", "id": "bl-2020-0615", "entry": exited_entry}, as_of=AS_OF["exit"])
    show("5. 信用修复后退出 Exit after credit repair", exited, lang)
    assert exited.outcome == "exited"

    # 6. After repair (NAT-42 「在信用修复前不适用」), the commitment route is open again.
    repaired = copy.deepcopy(COMPANY)
    repaired["credit"].update(prior_false_commitment=True, credit_repaired_on=AS_OF["exit"])
    again = pack.evaluate(
        {
            **application,
            "id": "app-2021-0910",
            "applicant": repaired,
            "commitment": {**COMMITMENT, "signed_at": AS_OF["reapply"]},
        },
        as_of=AS_OF["reapply"],
    )
    show("6. 修复后再次申请 Applying again after repair", again, lang)
    assert again.outcome == "commitment_accepted"

    print("\n" + ("全部步骤已按预期判定。" if lang == "zh" else "Every step was decided as expected."))


if __name__ == "__main__":
    main()
