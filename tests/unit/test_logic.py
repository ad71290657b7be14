"""The reasoning behind lint: what it proves impossible is impossible, what it proves implied is implied.

Unit tests pin the semantics (nulls, whole numbers, dates, opaque terms); the property tests generate
conditions over a verification case, and check every "never true" and every "implies" the reasoning
claims against the compiled engine's own evaluation of every combination of field values.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commitrules.engine.compiled import compile_expression
from commitrules.errors import Span
from commitrules.model import CASE_MODELS, parse_case
from commitrules.policy import expr, logic
from commitrules.policy import tree as t

MODEL = CASE_MODELS["verification"]
SCOPE = expr.Scope(MODEL, {"x.flag": (t.Type("bool"), True), "x.limit": (t.Type("int"), 3)}, frozenset({"fact"}))
DAY = dt.date(2020, 1, 1)


def check(text: str) -> t.Node:
    node, diagnostics = expr.check_condition(text, SCOPE, lambda _: Span("test"), context="a test")
    assert [] == [d.message for d in diagnostics]
    assert node is not None
    return node


def never(text: str) -> bool | None:
    return logic.unsatisfiable(logic.to_formula(check(text)))


@pytest.mark.parametrize(
    "text",
    [
        "commitment.decision == 'granted' and commitment.decision == 'pending'",
        "commitment.decision in ['granted', 'refused'] and commitment.decision == 'pending'",
        "matter.plan.deadline_days > 5 and matter.plan.deadline_days < 3",
        "matter.plan.deadline_days > 2 and matter.plan.deadline_days < 3",
        "len(result.findings) < 0",
        "result.completed_at > date('2020-01-01') and result.completed_at < date('2020-01-02')",
        "matter.listed and not matter.listed",
        "result.has_crime_suspected() and not result.has_crime_suspected()",
        "settings.x.flag and not settings.x.flag",
        "fact and not fact",
        "matter.listed == null",
        "matter.plan.deadline_days == null and matter.plan.deadline_days >= 0",
        "started_on != started_on and started_on == started_on",
        (
            "(commitment.decision == 'granted' or matter.listed) and not matter.listed"
            " and commitment.decision != 'granted'"
        ),
    ],
)
def test_never_true(text: str) -> None:
    """Conditions no case can make true are found."""
    assert True is never(text)


@pytest.mark.parametrize(
    "text",
    [
        "not (matter.plan.deadline_days > 30) and not (matter.plan.deadline_days <= 30)",
        "result.outcome != 'consistent' and result.outcome not in ['inconsistent', 'not_verifiable']",
        "commitment.fees_paid > 0 and commitment.fees_paid < 1",
        "matter.plan.deadline_days != 3 and matter.plan.deadline_days != 4",
        "settings.x.flag and settings.x.limit > 5",
        "result.has_finding('false_commitment') and len(result.findings) == 0",
        "matter.plan.deadline_days > settings.x.limit and matter.plan.deadline_days < 2",
        "result.outcome == null",
        "add_days(started_on, 1) == null",  # past the calendar's end
        "started_on + 1 == null",
    ],
)
def test_possibly_true(text: str) -> None:
    """Conditions some case may satisfy are not called impossible (nulls, fractions, opaque terms, settings)."""
    assert False is never(text)


def test_implication() -> None:
    """An exception's condition is implied by the general rule's only when every case of one is the other's."""
    narrow = logic.to_formula(check("matter.listed and len(result.findings) >= 2"))
    wide = logic.to_formula(check("len(result.findings) > 1"))
    assert logic.implies(narrow, wide)
    assert not logic.implies(wide, narrow)


def test_too_complex_is_unknown() -> None:
    """A normal form past the limit is "unknown", never a claim."""
    text = " and ".join(["(matter.listed or result.serious_dishonesty or fact)"] * 14)
    assert logic.unsatisfiable(logic.to_formula(check(text)), limit=64) is None


# -- property tests against the engine ----------------------------------------------------------------
#: Each field a generated condition may test, the values it is tried with, and atoms about it.
FIELDS: dict[str, tuple[list[Any], list[str]]] = {
    "deadline": (
        [None, 1, 2, 3, 4, 5],
        [  # the model allows whole numbers from 1
            "matter.plan.deadline_days {op} {n}",
            "matter.plan.deadline_days == null",
            "matter.plan.deadline_days != null",
            "matter.plan.deadline_days in [1, 3]",
            "matter.plan.deadline_days not in [0, 2]",
        ],
    ),
    "outcome": (
        [None, "consistent", "inconsistent", "not_verifiable"],
        [
            "result.outcome == 'consistent'",
            "result.outcome != 'inconsistent'",
            "result.outcome == null",
            "result.outcome in ['consistent', 'not_verifiable']",
            "result.outcome not in ['consistent']",
        ],
    ),
    "decision": (
        ["pending", "granted", "refused"],
        [
            "commitment.decision == 'granted'",
            "commitment.decision != 'pending'",
            "commitment.decision in ['granted', 'refused']",
        ],
    ),
    "fees": ([0, 0.25, 0.5, 0.75, 1, 2], ["commitment.fees_paid {op} {x}"]),
    "completed": (
        [None, 1, 2, 3, 4],
        ["result.completed_at {op} date('2020-01-0{d}')", "result.completed_at == null", "result.completed_at != null"],
    ),
    "listed": ([True, False], ["matter.listed", "matter.listed == false"]),
    "findings": ([0, 1, 2], ["len(result.findings) {op} {n}", "result.has_finding('false_commitment')"]),
}
OPS = ["==", "!=", "<", "<=", ">", ">="]


@st.composite
def atoms(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(st.sampled_from(sorted(FIELDS)))
    template = draw(st.sampled_from(FIELDS[name][1]))
    text = template.format(
        op=draw(st.sampled_from(OPS)),
        n=draw(st.integers(0, 3)),
        x=draw(st.sampled_from(["0", "0.5", "1"])),
        d=draw(st.integers(1, 4)),
    )
    return text, name


def conditions() -> st.SearchStrategy[tuple[str, frozenset[str]]]:
    leaf = atoms().map(lambda a: (a[0], frozenset({a[1]})))

    def grow(inner: st.SearchStrategy[tuple[str, frozenset[str]]]) -> st.SearchStrategy[tuple[str, frozenset[str]]]:
        pair = st.tuples(inner, inner, st.sampled_from(["and", "or"]))
        return st.one_of(
            pair.map(lambda p: (f"({p[0][0]}) {p[2]} ({p[1][0]})", p[0][1] | p[1][1])),
            inner.map(lambda c: (f"not ({c[0]})", c[1])),
        )

    return st.recursive(leaf, grow, max_leaves=5)


def _case(values: dict[str, Any]) -> Any:
    findings = [
        {"type": "false_commitment" if i == 0 else "nonperformance", "stage": "post_decision"}
        for i in range(values.get("findings", 0))
    ]
    completed = values.get("completed")
    data = {
        "kind": "verification",
        "applicant": {
            "id": "P",
            "kind": "natural_person",
            "credit": {"on_blacklist": False, "serious_dishonesty": False, "prior_false_commitment": False},
        },
        "matter": {
            "id": "M",
            "name": "m",
            "kind": "licensing",
            "review_mode": "formal",
            "listed": values.get("listed", True),
            "commitment_condition_met": True,
            "unit": {"name": "u", "level": "municipal", "requires_certification": True},
            "plan": {"deadline_days": values.get("deadline")},
        },
        "commitment": {
            "notification": {},
            "decision": values.get("decision", "pending"),
            "fees_paid": values.get("fees", 0),
        },
        "started_on": "2020-01-01",
        "result": {
            "method": "on_site_investigation",
            "outcome": values.get("outcome"),
            "completed_at": None if completed is None else f"2020-01-0{completed}",
            "findings": findings,
        },
    }
    return parse_case(data)


_CASES: dict[tuple[tuple[str, Any], ...], Any] = {}


def _assignments(fields: frozenset[str]) -> list[Any]:
    names = sorted(fields)
    out = []
    for combo in itertools.product(*(FIELDS[n][0] for n in names)):
        key = tuple(zip(names, combo, strict=True))
        if key not in _CASES:
            _CASES[key] = _case(dict(key))
        out.append(_CASES[key])
    return out


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conditions())
def test_never_true_is_sound(condition: tuple[str, frozenset[str]]) -> None:
    """A condition the reasoning calls impossible is false for every combination of the values it tests."""
    text, fields = condition
    node = check(text)
    if logic.unsatisfiable(logic.to_formula(node)) is not True:
        return
    evaluate = compile_expression(node)
    assert [] == [case for case in _assignments(fields) if evaluate(case, frozenset(), DAY)], text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conditions(), conditions())
def test_implies_is_sound(premise: tuple[str, frozenset[str]], conclusion: tuple[str, frozenset[str]]) -> None:
    """When the reasoning says one condition implies another, no case makes the first true and the second false."""
    first, second = check(premise[0]), check(conclusion[0])
    if not logic.implies(logic.to_formula(first), logic.to_formula(second)):
        return
    a, b = compile_expression(first), compile_expression(second)
    cases = _assignments(premise[1] | conclusion[1])
    wrong = [c for c in cases if a(c, frozenset(), DAY) and not b(c, frozenset(), DAY)]
    assert [] == wrong, (premise[0], conclusion[0])
