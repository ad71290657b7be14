"""The hand-written baseline of the benchmarks makes the same decisions as both engines.

``benchmarks/baseline.py`` is the bundled pack written by hand in plain Python, the yardstick of the
engines' speed. A yardstick that decides differently measures nothing, so it must agree with the
compiled and the rete engine on every case: here, on seeded realistic cases of every kind (and on
cases where rare events are made frequent), under the default settings and under two sets of
overrides that flip every switch of ``settings.yaml`` a rule reads. A disagreement is a bug in one
of the three; the policy reference (``docs/policy-reference.md``) says which.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from typing import Any

import pytest
from benchmarks.baseline import Baseline
from benchmarks.decide_only import DecideOnly
from benchmarks.generators import AS_OF, KINDS, generate_cases

import commitrules
from commitrules import Decision, FiredRule
from commitrules.model import Case, parse_case
from commitrules.policy.pack import PolicyPack

#: Per kind and settings: realistic cases, and as many with rare events made three times likelier.
CASES_PER_KIND = 300

#: Settings under which the agreement is checked: every setting a rule reads takes another value.
PROFILES: dict[str, dict[str, Any] | None] = {
    "default": None,
    "switched": {
        "withdrawal.allowed": True,
        "credit.breach_record_findings": ["nonperformance", "not_meeting_conditions"],
        "application.barring_findings": ["false_commitment"],
        "blacklist.auto_enter": True,
        "blacklist.notify_org_employer": True,
        "blacklist.intent_findings_enter": False,
        "blacklist.publication_years": 2,
        "blacklist.repair_wait_years": 2,
        "blacklist.measures_false_commitment": ["honors", "high_consumption"],
        "publicity.allow_self_waiver": True,
        "publicity.honour_proposed_channels": True,
        "summary.period_months": 2,
        "verification.default_deadline_days": 20,
        "verification.pre_decision_uses_processing_days": False,
        "leniency.exempt_requires_all_favorable": False,
        "leniency.mitigated_min_score": 4,
        "leniency.lighter_min_score": 0,
        "escalation.major_issues": ["complaint", "media_exposure"],
    },
    "refunds": {
        "publicity.redact_instead": True,
        "publicity.withhold_refused": False,
        "blacklist.repair_wait_years": 0,
        "fees.non_refund_on_invalid": False,
        "fees.non_refund_on_revoke": False,
        "exclusions.national": False,
        "notice.strict_national": False,
        "blacklist.measures_serious_dishonesty": [],
        "credit.breach_record_findings": [],
        "credit.breach_record_unclassified": False,
        "leniency.lighter_min_score": 7,
    },
}


@functools.cache
def _pack(profile: str) -> PolicyPack:
    return commitrules.load_policies(settings=PROFILES[profile])


@functools.cache
def _cases(kind: str) -> tuple[Case, ...]:
    plain = generate_cases(kind, CASES_PER_KIND, seed="agreement")
    skewed = generate_cases(kind, CASES_PER_KIND, seed="agreement-rare", skew=3.0)
    return tuple(parse_case(data) for data in plain + skewed)


def _difference(expected: Decision, actual: Decision) -> str:
    """The fields in which two decisions differ, for the failure message."""
    left, right = expected.model_dump(mode="json"), actual.model_dump(mode="json")
    lines = [
        f"{name}: {left[name]!r} != {right[name]!r}" for name in left if name != "fired" and left[name] != right[name]
    ]
    fired_left = {f["rule"]: f for f in left["fired"]}
    fired_right = {f["rule"]: f for f in right["fired"]}
    lines += [
        f"fired {rule}: {fired_left.get(rule)!r} != {fired_right.get(rule)!r}"
        for rule in sorted(fired_left.keys() | fired_right.keys())
        if fired_left.get(rule) != fired_right.get(rule)
    ]
    if list(fired_left) != list(fired_right):
        lines.append(f"fired order: {list(fired_left)} != {list(fired_right)}")
    return "\n".join(lines)


@pytest.mark.rete
@pytest.mark.parametrize("profile", list(PROFILES))
@pytest.mark.parametrize("kind", KINDS)
def test_baseline_decides_as_the_engine(kind: str, profile: str) -> None:
    """On every generated case the baseline and the compiled engine return equal decisions (the rete
    engine's agreement on the same cases: ``tests/test_differential.py``)."""
    pack = _pack(profile)
    baseline = Baseline(pack)
    for case in _cases(kind):
        compiled = pack.evaluate(case, as_of=AS_OF)
        hand = baseline.evaluate(case, AS_OF)
        assert compiled == hand, f"{case.id}: compiled != baseline\n{_difference(compiled, hand)}"
        assert compiled.model_dump_json() == hand.model_dump_json()


@pytest.mark.parametrize("profile", list(PROFILES))
@pytest.mark.parametrize("kind", KINDS)
def test_decide_only_baseline_decides_as_the_engine(kind: str, profile: str) -> None:
    """The decide-only yardstick returns the engine's outcome, reasons, fired rules (in order) and route."""
    pack = _pack(profile)
    decide = DecideOnly(pack)
    for case in _cases(kind):
        full = pack.evaluate(case, as_of=AS_OF)
        expected = (full.outcome, full.reasons, [f.rule for f in full.fired], tuple(full.route))
        assert expected == decide.evaluate(case, AS_OF), case.id
    data = generate_cases(kind, 5, seed="dicts")
    assert [decide.evaluate(parse_case(d), AS_OF) for d in data] == [decide.evaluate_dict(d, AS_OF) for d in data]


def test_baseline_validates_plain_dicts_as_the_engine_does() -> None:
    """From a JSON-like dict, the baseline validates with the case model and decides the same."""
    pack = _pack("default")
    baseline = Baseline(pack)
    for kind in KINDS:
        for data in generate_cases(kind, 20, seed="dicts"):
            assert pack.evaluate(data, as_of=AS_OF) == baseline.evaluate_dict(data, AS_OF)


def test_every_rule_fires_on_the_generated_cases() -> None:
    """The cases reach every rule of the pack, so the agreement above covers every rule."""
    fired: Counter[str] = Counter()
    for profile in PROFILES:
        pack = _pack(profile)
        for kind in KINDS:
            for case in _cases(kind):
                fired.update(f.rule for f in pack.evaluate(case, as_of=AS_OF).fired)
    never = [rule.id for rule in _pack("default").rules() if not fired[rule.id]]
    assert [] == never


def test_generators_are_seeded() -> None:
    """A seed gives the same cases every time, and another seed other cases."""
    for kind in KINDS:
        assert generate_cases(kind, 5, seed=1) == generate_cases(kind, 5, seed=1)
        assert generate_cases(kind, 5, seed=1) != generate_cases(kind, 5, seed=2)


# ---- the engine's fast paths build what the slow ones did --------------------------------------


def test_fact_values_are_the_json_the_decision_always_showed() -> None:
    """``fact_value`` (the engine's fast conversion) equals ``_jsonable`` for every kind of value."""
    import datetime as dt
    from decimal import Decimal

    from commitrules.engine.decision import _jsonable, fact_value
    from commitrules.model import CommitmentOutcome, Measure, RiskFlag

    history = [CommitmentOutcome(matter_id="m", committed_on=dt.date(2020, 1, 2), findings=["false_commitment"])]
    values = [
        True,
        False,
        0,
        -3,
        2**70,
        "text",
        "",
        None,
        1.5,
        float("inf"),
        Decimal("80.00"),
        Decimal("1E+2"),
        dt.date(2020, 2, 29),
        dt.datetime(2020, 2, 29, 12, 30, tzinfo=dt.UTC),
        RiskFlag.state_secret,
        frozenset({Measure.honors, Measure.industry_access}),
        frozenset(),
        {"b", "a"},
        [RiskFlag.public_safety],
        ("x", 1),
        history,
        history[0],
        {"k": RiskFlag.major_foreign},
    ]
    for value in values:
        expected, actual = _jsonable(value), fact_value(value)
        assert expected == actual, value
        assert type(expected) is type(actual), value
        assert json.dumps(expected) == json.dumps(actual), value


def test_decisions_built_without_validation_equal_validated_ones() -> None:
    """The engine builds decisions without re-validating them; validating the same values gives an equal object."""
    pack = _pack("default")
    for kind in KINDS:
        for case in _cases(kind)[:40]:
            decision = pack.evaluate(case, as_of=AS_OF)
            fired = [FiredRule(**{name: getattr(f, name) for name in FiredRule.model_fields}) for f in decision.fired]
            validated = Decision(**{name: getattr(decision, name) for name in Decision.model_fields} | {"fired": fired})
            assert validated == decision
            assert validated.model_dump_json() == decision.model_dump_json()
            for built, checked in [(decision, validated), *zip(decision.fired, fired, strict=True)]:
                assert checked.model_fields_set == built.model_fields_set
                assert checked.__pydantic_extra__ == built.__pydantic_extra__
                assert checked.__pydantic_private__ == built.__pydantic_private__
                assert checked.__dict__ == built.__dict__
