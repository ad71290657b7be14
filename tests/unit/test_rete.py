"""The rete engine: durable_rules' Rete network must fire exactly the rules the compiled engine fires."""

from __future__ import annotations

import collections
import datetime as dt
import itertools
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import commitrules
from commitrules.engine.evaluator import evaluator_for
from commitrules.engine.rete import durable as rete_durable
from commitrules.engine.rete import plan as rete_plan
from commitrules.engine.rete import translation as rete_translation
from commitrules.errors import EngineUnavailableError, EvaluationError, Span
from commitrules.model import CASE_MODELS
from commitrules.model._base import Case, Entity, condition_helper
from commitrules.policy.expr import Scope, check_condition
from commitrules.policy.pack import CompiledRule, Effect, KindPolicy, Organization, PolicyPack, Provenance
from commitrules.policy.types import DATE, INT, STR, Type, enum_type, list_of

if TYPE_CHECKING:
    from collections.abc import Sequence

#: Every test here is about the rete engine: deselected with -m 'not rete' where durable-rules does not
#: import (Python 3.13); never skipped (the root conftest.py refuses to run them without durable).
pytestmark = pytest.mark.rete


# -- a small case model that has every kind of field ---------------------------------------------------
class Level(StrEnum):
    low = "low"
    mid = "mid"
    high = "high"


class Finding(Entity):
    code: str
    severity: int = 0


class Matter(Entity):
    security: bool = False
    level: Level = Level.low
    deadline: dt.date = dt.date(2020, 1, 1)
    fee: Decimal = Decimal(0)
    owner: str = ""

    @condition_helper
    def owned_by(self, *names: str) -> bool:
        return self.owner in names


class Sample(Case):
    KIND = "sample"
    kind: Literal["sample"] = "sample"
    name: str = ""
    count: int = 0
    flag: bool = False
    opened: dt.date = dt.date(2020, 1, 1)
    closed: dt.date | None = None
    limit: int | None = None
    level: Level | None = None
    ratio: float = 0.0
    matter: Matter = Matter()
    parent: Matter | None = None
    findings: list[Finding] = []  # noqa: RUF012 - pydantic copies defaults
    tags: frozenset[Level] = frozenset()


SETTINGS: dict[str, tuple[Type, object]] = {
    "sample.limit": (INT, 3),
    "sample.start": (DATE, dt.date(2020, 6, 1)),
    "sample.levels": (list_of(enum_type(Level)), (Level.mid, Level.high)),
    "sample.names": (list_of(STR), ("甲", "乙")),
}


# -- hand-built packs ------------------------------------------------------------------------------------
@dataclass
class R:
    """A rule as a test writes it: id, condition text, and the optional parts."""

    id: str
    when: str | None
    stratum: int = 0
    derive: tuple[str, ...] = ()
    overrides: tuple[str, ...] = ()
    start: dt.date | None = None
    until: dt.date | None = None
    extra: dict[str, Any] = field(default_factory=dict)


_DIGESTS = itertools.count()


def make_pack(rules: Sequence[R], derived: Sequence[str] = ()) -> PolicyPack:
    """A PolicyPack of kind ``sample`` with ``rules`` in the given (evaluation) order."""
    facts = frozenset(derived) | {d for r in rules for d in r.derive}
    scope = Scope(Sample, SETTINGS, facts)
    overridden_by: dict[str, list[str]] = {}
    for r in rules:
        for loser in r.overrides:
            overridden_by.setdefault(loser, []).append(r.id)
    compiled = []
    for index, spec in enumerate(rules):
        node = None
        if spec.when is not None:
            node, diagnostics = check_condition(
                spec.when, scope, lambda o: Span("test", 1, o + 1), context=f"rule '{spec.id}'"
            )
            assert [] == [d.message for d in diagnostics]
        compiled.append(
            CompiledRule(
                id=spec.id,
                kind="sample",
                index=index,
                clauses=(),
                quote=None,
                title={"zh": spec.id, "en": spec.id},
                interpretation=None,
                interpretation_settings=(),
                condition=node,
                effect=Effect(derive=spec.derive),
                overrides=spec.overrides,
                overridden_by=tuple(overridden_by.get(spec.id, ())),
                stratum=spec.stratum,
                effective_from=spec.start,
                effective_until=spec.until,
                reads=(),
                provenance=Provenance("test.yaml", index + 1, 1),
            )
        )
    policy = KindPolicy("sample", {"en": "sample"}, ("x",), "x", tuple(compiled), "test.yaml", tuple(facts))
    return PolicyPack(
        name="test",
        version="1",
        digest=f"test-{next(_DIGESTS)}",
        title={"en": "test"},
        policies={"sample": policy},
        settings={},
        clauses={},
        organization=Organization(roles=(), reports_to={}, role_titles={}),
        source="test",
    )


AS_OF = dt.date(2021, 1, 1)


def rete_fired(pack: PolicyPack, case: Case, as_of: dt.date) -> tuple[int, ...]:
    """What the rete engine fires (with the pack's own evaluator)."""
    return evaluator_for(pack).fired(case, as_of, engine="rete")


def both(pack: PolicyPack, case: Sample, as_of: dt.date = AS_OF) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """What the compiled engine fires, and what the rete engine fires."""
    return evaluator_for(pack).fired(case, as_of), rete_fired(pack, case, as_of)


def single(when: str) -> PolicyPack:
    return make_pack([R("only", when)])


def fires(when: str, case: Sample, as_of: dt.date = AS_OF) -> bool:
    """Whether a one-rule pack fires on ``case``, after checking that both engines agree."""
    expected, actual = both(single(when), case, as_of)
    assert expected == actual
    return actual == (0,)


# -- node types -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("when", "case", "expected"),
    [
        ("count > 2", Sample(count=3), True),
        ("count > 2", Sample(count=2), False),
        ("2 < count", Sample(count=3), True),
        ("count == settings.sample.limit", Sample(count=3), True),
        ("count != 3", Sample(count=3), False),
        ("count <= -1", Sample(count=-1), True),
        ("count >= 9007199254740992", Sample(count=2**70), True),
        ("count < -9007199254740992", Sample(count=-(2**70)), True),
        ("flag", Sample(flag=True), True),
        ("flag == false", Sample(flag=True), False),
        ("name == '甲'", Sample(name="甲"), True),
        ("name != '甲'", Sample(name="甲乙"), True),
        ("name == 'a\"b'", Sample(name="a"), False),
        ("name == 'a\\\\'", Sample(name="a\\"), True),
        ("name == '~'", Sample(name="x"), False),
        ("name < 'b'", Sample(name="a"), True),
        ("matter.level == 'mid'", Sample(matter=Matter(level=Level.mid)), True),
        ("matter.level != 'mid'", Sample(matter=Matter(level=Level.mid)), False),
        ("matter.security", Sample(matter=Matter(security=True)), True),
        ("matter.deadline < date('2020-06-01')", Sample(), True),
        ("matter.deadline >= settings.sample.start", Sample(), False),
        ("matter.deadline < as_of", Sample(), True),
        ("as_of > opened", Sample(opened=AS_OF), False),
        ("as_of >= date('2021-01-01')", Sample(), True),
        ("opened == matter.deadline", Sample(), True),
        ("count == len(name)", Sample(count=2, name="ab"), True),
        ("matter.fee > 1.5", Sample(matter=Matter(fee=Decimal("1.50001"))), True),
        ("matter.fee == 0.1", Sample(matter=Matter(fee=Decimal("0.1"))), False),
        ("ratio >= 0.5", Sample(ratio=0.5), True),
        ("count in [1, 2, 3]", Sample(count=2), True),
        ("count not in [1, 2, 3]", Sample(count=2), False),
        ("count in []", Sample(count=2), False),
        ("count not in []", Sample(count=2), True),
        ("count in [1, 2.5]", Sample(count=1), True),
        ("matter.level in settings.sample.levels", Sample(matter=Matter(level=Level.high)), True),
        ("name in settings.sample.names", Sample(name="乙"), True),
        ("name not in ['a', 'b']", Sample(name="c"), True),
        ("'mid' in tags", Sample(tags=frozenset({Level.mid})), True),
        ("findings.any(f, f.severity > 2)", Sample(findings=[Finding(code="x", severity=3)]), True),
        ("findings.all(f, f.severity > 2)", Sample(), True),
        ("findings.any(f, f.severity > 2)", Sample(), False),
        ("findings.count(f, f.code == 'x') == 2", Sample(findings=[Finding(code="x")] * 2), True),
        ("matter.owned_by('x', 'y')", Sample(matter=Matter(owner="y")), True),
        ("parent.owned_by('x')", Sample(), False),
        ("not parent.owned_by('x')", Sample(), True),
        ("days_between(opened, as_of) > 300", Sample(), True),
        ("add_days(opened, 10) == date('2020-01-11')", Sample(), True),
        ("count + 1 > 3", Sample(count=3), True),
        ("count / 0 == null", Sample(count=3), True),
        ("-count < 0", Sample(count=3), True),
        ("min(count, 5) == 3 and max(count, 5) == 5 and abs(-count) == 3", Sample(count=3), True),
        ("true", Sample(), True),
        ("false", Sample(), False),
        ("not false and not not true", Sample(), True),
    ],
)
def test_every_node_type_agrees_with_the_compiled_engine(when: str, case: Sample, expected: bool) -> None:  # noqa: FBT001
    """Each construct of the language fires the rule exactly when the compiled engine does."""
    assert expected == fires(when, case)


@pytest.mark.parametrize(
    ("when", "case", "expected"),
    [
        ("not (count > 2 and flag)", Sample(count=3, flag=True), False),
        ("not (count > 2 and flag)", Sample(count=3), True),
        ("not (count > 2 or flag)", Sample(count=1), True),
        ("not (count > 2 or flag)", Sample(flag=True), False),
        ("not (name == 'a' or not (count in [1, 2] and not flag))", Sample(count=1), True),
        ("not (name == 'a' or not (count in [1, 2] and not flag))", Sample(count=1, flag=True), False),
        ("not matter.deadline < as_of", Sample(), False),
        ("not (matter.level in ['mid', 'high'])", Sample(), True),
        ("not (matter.level not in ['mid', 'high'])", Sample(), False),
        ("not findings.any(f, f.severity > 0) or flag", Sample(), True),
        ("(count > 1 or flag) and (name == 'a' or matter.security)", Sample(count=2, name="a"), True),
    ],
)
def test_negation_is_pushed_through_and_or(when: str, case: Sample, expected: bool) -> None:  # noqa: FBT001
    """``not`` over ``and``/``or`` (De Morgan), over comparisons and over atoms keeps its meaning."""
    assert expected == fires(when, case)


@pytest.mark.parametrize(
    ("when", "case", "expected"),
    [
        ("closed < as_of", Sample(), False),
        ("not (closed < as_of)", Sample(), True),
        ("closed == null", Sample(), True),
        ("closed != null", Sample(), False),
        ("limit != 3", Sample(), True),
        ("limit == 3", Sample(limit=3), True),
        ("limit > 2", Sample(), False),
        ("not (limit > 2)", Sample(), True),
        ("level == 'mid'", Sample(), False),
        ("level != 'mid'", Sample(), True),
        ("level in ['mid', 'high']", Sample(), False),
        ("level not in ['mid', 'high']", Sample(), True),
        ("parent.security", Sample(), False),
        ("not parent.security", Sample(), True),
        ("parent.level == 'low'", Sample(parent=Matter()), True),
        ("days_between(closed, as_of) > 1", Sample(), False),
        ("limit + 1 == null", Sample(), True),
    ],
)
def test_nullable_fields_follow_the_null_rules(when: str, case: Sample, expected: bool) -> None:  # noqa: FBT001
    """Null compares equal only to null; ordering, ``in`` and arithmetic with null are false or null."""
    assert expected == fires(when, case)


def test_overrides_and_derived_facts_cross_strata() -> None:
    """A derived fact is seen by later strata, and an overriding rule that fires silences the other."""
    pack = make_pack(
        [
            R("base", "count > 0", stratum=0, derive=("active",)),
            R("serious", "flag", stratum=0, derive=("serious",)),
            R("exception", "active and name == 'x'", stratum=1),
            R("penalty", "serious and not active", stratum=1, derive=("penalised",)),
            R("general", "active", stratum=2),
            R("notice", "not penalised", stratum=2),
        ]
    )
    pack = _with_override(pack, "exception", "general")
    cases = [
        (Sample(), (5,)),
        (Sample(count=1), (0, 4, 5)),
        (Sample(count=1, name="x"), (0, 2, 5)),
        (Sample(flag=True), (1, 3)),
        (Sample(flag=True, count=1, name="x"), (0, 1, 2, 5)),
    ]
    for case, expected in cases:
        compiled, actual = both(pack, case)
        assert (expected, expected) == (compiled, actual)


def _with_override(pack: PolicyPack, winner: str, loser: str) -> PolicyPack:
    policy = pack.policies["sample"]
    rules = tuple(
        _replace_rule(r, overrides=(*r.overrides, loser))
        if r.id == winner
        else _replace_rule(r, overridden_by=(*r.overridden_by, winner))
        if r.id == loser
        else r
        for r in policy.rules
    )
    new = KindPolicy(policy.kind, policy.title, policy.outcomes, policy.default, rules, policy.file, policy.derived)
    return PolicyPack(
        pack.name,
        pack.version,
        pack.digest + "-o",
        pack.title,
        {"sample": new},
        {},
        {},
        pack.organization,
        pack.source,
    )


def _replace_rule(rule: CompiledRule, **changes: Any) -> CompiledRule:
    import dataclasses

    return dataclasses.replace(rule, **changes)


def test_a_rule_reading_a_fact_derived_earlier_in_its_stratum_sees_it() -> None:
    """Rules are evaluated in order like the generated code, even when two share a stratum."""
    pack = make_pack([R("a", "flag", derive=("x",)), R("b", "x")])
    assert ((0, 1), (0, 1)) == both(pack, Sample(flag=True))
    assert ((), ()) == both(pack, Sample())


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (dt.date(2019, 12, 31), ()),
        (dt.date(2020, 1, 1), (0, 1)),
        (dt.date(2020, 12, 31), (0, 1)),
        (dt.date(2021, 1, 1), (0, 2)),
    ],
)
def test_effective_dates_are_inclusive(as_of: dt.date, expected: tuple[int, ...]) -> None:
    """A rule matches from its first day to its last day, both included."""
    pack = make_pack(
        [
            R("from", "true", start=dt.date(2020, 1, 1)),
            R("until", None, start=dt.date(2020, 1, 1), until=dt.date(2020, 12, 31)),
            R("later", "count == 0", start=dt.date(2021, 1, 1)),
        ]
    )
    assert (expected, expected) == both(pack, Sample(), as_of)


# -- translation --------------------------------------------------------------------------------------------
def test_translate_rule_gives_durable_json_with_native_tests_and_atoms() -> None:
    """Native comparisons become durable tests on dotted keys; the rest are atoms of the fact."""
    pack = make_pack(
        [
            R(
                "r",
                "matter.level in ['mid', 'high'] and not (count > 2 or matter.owned_by('x'))"
                " and matter.deadline < as_of",
                start=dt.date(2020, 1, 1),
            )
        ]
    )
    rule = pack.policies["sample"].rules[0]
    expected = {
        "all": [
            {
                "m": {
                    "$and": [
                        {"stratum": 0},
                        {"part": 0},
                        {"$gte": {"as_of": dt.date(2020, 1, 1).toordinal()}},
                        {"$or": [{"case.matter.level": "mid"}, {"case.matter.level": "high"}]},
                        {"$lte": {"case.count": 2}},
                        {"atom.0.0": False},
                        {"$lt": {"case.matter.deadline": {"$m": "as_of"}}},
                    ]
                }
            }
        ]
    }
    assert expected == rete_translation.translate_rule(rule)
    assert rete_translation.translate_rule(rule) == rete_translation.translate_rule(rule)


def test_rules_past_durables_expression_limit_become_atoms_and_still_agree() -> None:
    """durable accepts at most 15 nested ``$and``/``$or`` per rule; bigger subtrees are precomputed."""
    text = "count == 0"
    for n in range(1, 20):
        text = f"({text} {'and' if n % 2 else 'or'} count != {n})"
    pack = single(text)
    assert any(
        k.startswith("atom.") for k in str(rete_translation.translate_rule(pack.policies["sample"].rules[0])).split("'")
    )
    for count in range(-1, 22):
        compiled, actual = both(pack, Sample(count=count))
        assert compiled == actual


def test_issue_10_derived_facts_with_the_same_durable_hash_are_kept_apart() -> None:
    """f1422789 and f1639192 share durable's 32-bit hash as fact keys; the engine's own names do not.

    Before, every rete evaluation of such a kind failed (exit 5) although ``check`` accepted the pack.
    """
    assert rete_plan._fnv1("derived.f1422789") == rete_plan._fnv1("derived.f1639192")
    pack = make_pack(
        [
            R("one", "count > 0", derive=("f1422789",)),
            R("two", "flag", derive=("f1639192",)),
            R("both", "f1422789 and not f1639192", stratum=1),
            R("other", "f1639192 and not f1422789", stratum=1),
        ]
    )
    for case, expected in [
        (Sample(), ()),
        (Sample(count=1), (0, 2)),
        (Sample(flag=True), (1, 3)),
        (Sample(count=1, flag=True), (0, 1)),
    ]:
        assert (expected, expected) == both(pack, case)


def test_durable_names_never_share_a_hash_even_when_the_candidates_do() -> None:
    """Every fact key gets a short name whose hash no other name (or reserved word) has."""
    keys = {f"derived.f{n}" for n in range(5000)} | {"derived.f1422789", "derived.f1639192"}
    names = rete_plan._durable_names(keys)

    hashes = [rete_plan._fnv1(name) for name in {*names.values(), *rete_plan._RESERVED}]
    assert len(keys) == len(set(names.values()))
    assert len(hashes) == len(set(hashes))


def test_durable_hash_of_names_is_fnv1() -> None:
    """The hash the collision check uses is durable's (the C core's constants for id and sid)."""
    assert (926444256, 3593476751) == (rete_plan._fnv1("id"), rete_plan._fnv1("sid"))


# -- big kinds: durable's fixed limits ---------------------------------------------------------------------
def test_more_rules_holding_at_once_than_durables_alpha_stack_are_split_into_parts() -> None:
    """durable walks the alpha network of a fact on a stack of 64 nodes: 65 rules of one stratum whose
    first tests all hold overflow it (error 303), as one case in 200 did on the scaling benchmark's
    ``application`` kind with 10x the rules; so does one ``or`` of 65 tests that all hold. The stratum
    is cut into parts, the ``or`` computed in Python. (The first stratum is a rule of its own: on a
    first fact durable's error is worse, see the next test.)"""
    rules = [
        R("lead", "true"),
        *(R(f"above.{i}", f"count > {i}", stratum=1) for i in range(65)),
        R("any", " or ".join(f"count > {i}" for i in range(70)), stratum=2),
    ]
    pack = make_pack(rules)
    assert (tuple(range(67)),) * 2 == both(pack, Sample(count=1000))
    for count in (64, 30, 0, -1):
        compiled, actual = both(pack, Sample(count=count))
        assert compiled == actual
    assert [0, 1, 1, 2] == [group.stratum for group in evaluator_for(pack).rete.plan("sample").groups]


def test_a_first_fact_that_durable_rejects_is_an_evaluation_error_not_a_crash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Deleting a session whose only fact durable rejected crashes durable's C core (segmentation
    fault); the engine leaves such a session alone and raises."""
    monkeypatch.setattr(rete_plan, "_MAX_STACK", 10**6)  # no parts: the stack overflows on the first fact
    pack = make_pack([R(f"above.{i}", f"count > {i}") for i in range(65)])
    for _ in range(3):
        with pytest.raises(EvaluationError, match="error code: 303"):
            rete_fired(pack, Sample(count=1000), AS_OF)
    assert ((0, 1), (0, 1)) == both(pack, Sample(count=2))


def test_a_kind_past_the_limits_of_a_durable_ruleset_is_spread_over_several() -> None:
    """A durable ruleset holds 4,096 rules (error 106 beyond) and a stratum node has room for 511 parts
    (registering more never returns): a kind with more is spread over several rulesets."""
    chain = [
        R("chain.0", "flag", derive=("d0",)),
        *(R(f"chain.{i}", f"d{i - 1} and count > {i % 7}", derive=(f"d{i}",)) for i in range(1, 520)),
    ]
    many = [R(f"many.{i}", f"count > {i % 50} and flag", stratum=1) for i in range(4000)]
    pack = make_pack([*chain, *many])
    plan, definitions = rete_plan._build_plan(pack, pack.policies["sample"])  # before durable sees it
    assert 3 == len(plan.rulesets) == len(definitions)  # 500 parts, then 4,000 rules and catch-alls
    assert all(len(definition) <= 4096 for definition in definitions.values())
    assert all(n <= 511 for n in collections.Counter(g.ruleset for g in plan.groups).values())
    assert (tuple(range(4520)),) * 2 == both(pack, Sample(count=100, flag=True))
    expected = (0, 1, 2, *(520 + i for i in range(4000) if i % 50 < 3))
    assert (expected, expected) == both(pack, Sample(count=3, flag=True))
    assert ((), ()) == both(pack, Sample(count=100))


def test_in_lists_wider_than_a_durable_node_are_split_or_computed_in_python() -> None:
    """A durable alpha node has room for 511 children (registering more never returns): a long ``in``
    list is computed in Python, and rules whose lists add up to more go to different parts."""
    long = R("long", f"count in [{', '.join(str(i) for i in range(600))}]")
    short = [R(f"short.{j}", f"count in [{', '.join(str(10 * j + i) for i in range(10))}]") for j in range(55)]
    pack = make_pack([long, *short])
    rules = pack.policies["sample"].rules
    assert all(rete_translation._translate(rule).width <= 511 for rule in rules)  # before durable sees them
    assert [{"atom.0.0": True}] == rete_translation.translate_rule(rules[0])["all"][0]["m"]["$and"][2:]
    for group in rete_plan._split(pack.policies["sample"]):
        assert sum(translation.width for _, translation in group) <= 511
    for count in (599, 333, 5, -1):
        compiled, actual = both(pack, Sample(count=count))
        assert compiled == actual
    assert ((0, 35), (0, 35)) == both(pack, Sample(count=345))


# -- errors and availability ---------------------------------------------------------------------------
def test_without_durable_the_engine_says_which_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """A missing durable_rules is an EngineUnavailableError that names the extra."""
    monkeypatch.setitem(__import__("sys").modules, "durable", None)
    with pytest.raises(EngineUnavailableError) as info:
        rete_fired(single("flag"), Sample(), AS_OF)
    expected = "The rete engine needs the commitrules[rete] extra: pip install 'commitrules[rete]'"
    assert expected == str(info.value)


class _Exploding(list[int]):
    def append(self, _value: int) -> None:
        raise RuntimeError("boom")


def test_an_error_inside_a_durable_action_is_raised_as_evaluation_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """durable swallows exceptions of actions into the session state; the engine re-raises them."""
    pack = single("flag")
    rete_fired(pack, Sample(), AS_OF)  # the host exists
    monkeypatch.setattr(rete_durable.durable_host(), "_sink", _Exploding())
    with pytest.raises(EvaluationError, match="boom"):
        rete_fired(pack, Sample(flag=True), AS_OF)
    monkeypatch.undo()
    assert ((0,), (0,)) == both(pack, Sample(flag=True))


class Divisor(Entity):
    count: int = 0

    @condition_helper
    def inverse_above(self, n: int) -> bool:
        return 1 / self.count > n


class Fragile(Case):
    KIND = "sample"
    kind: Literal["sample"] = "sample"
    count: int = 0
    divisor: Divisor = Divisor()


def test_an_atom_that_raises_behaves_as_in_the_compiled_engine() -> None:
    """A helper that raises is only a problem where the compiled engine evaluates it too."""
    scope = Scope(Fragile)
    node, _ = check_condition("count != 0 and divisor.inverse_above(0)", scope, lambda o: Span("t", 1, o), context="t")
    rule = CompiledRule(
        "f",
        "sample",
        0,
        (),
        None,
        {"zh": "f", "en": "f"},
        None,
        (),
        node,
        Effect(),
        (),
        (),
        0,
        None,
        None,
        (),
        Provenance("t", 1, 1),
    )
    pack = PolicyPack(
        "t",
        "1",
        "fragile",
        {},
        {"sample": KindPolicy("sample", {}, (), "x", (rule,), "t")},
        {},
        {},
        Organization((), {}, {}),
        "t",
    )
    assert ((), ()) == (
        evaluator_for(pack).fired(Fragile(), AS_OF),
        rete_fired(pack, Fragile(), AS_OF),
    )
    assert ((0,), (0,)) == (
        evaluator_for(pack).fired(Fragile(count=1, divisor=Divisor(count=1)), AS_OF),
        rete_fired(pack, Fragile(count=1, divisor=Divisor(count=1)), AS_OF),
    )


# -- differential: random cases against a policy that uses every construct -------------------------------
POLICY = [
    R("r00", "count > settings.sample.limit and not flag", derive=("big",)),
    R("r01", "matter.level in ['mid', 'high'] or name in settings.sample.names", derive=("notable",)),
    R("r02", "matter.deadline < as_of and not (matter.security or count == 0)"),
    R("r03", "closed != null and days_between(opened, closed) > 30", derive=("slow",)),
    R("r04", "findings.any(f, f.severity >= 2) or matter.owned_by('甲')", derive=("serious",)),
    R("r05", "limit == null or count <= limit"),
    R("r06", "level not in ['low'] and parent.security", start=dt.date(2020, 6, 1)),
    R("r07", "big and notable", stratum=1, derive=("escalate",)),
    R("r08", "serious and not slow", stratum=1, until=dt.date(2022, 12, 31)),
    R("r09", "notable or matter.fee > 100", stratum=1),
    R("r10", "escalate or (serious and matter.owner == name)", stratum=2),
    R("r11", "not escalate and opened >= settings.sample.start and ratio < 0.5", stratum=2),
    R("r12", "findings.all(f, f.code != 'x') and not (len(tags) == 0 or 'high' in tags)", stratum=2),
    R("r13", "count / 2 > 1 or -count > 2 or add_days(opened, count) > as_of", stratum=2),
    R("r14", "not (flag or not (name == '乙' or matter.level != 'low'))", stratum=2),
    R("r15", "not (count < 2) and not (count >= 6) and not (opened > matter.deadline)", stratum=2),
    R(
        "r16",
        "not (count <= settings.sample.limit or matter.deadline == as_of or opened >= as_of)",
        stratum=2,
    ),
    R("r17", "not (count > 4 and opened < as_of and not (matter.deadline <= as_of))", stratum=2),
]
OVERRIDES = [("r08", "r09"), ("r10", "r11")]


def _policy_pack() -> PolicyPack:
    pack = make_pack(POLICY)
    for winner, loser in OVERRIDES:
        pack = _with_override(pack, winner, loser)
    return pack


PACK = _policy_pack()
DAYS = st.dates(dt.date(2020, 12, 30), dt.date(2021, 1, 2)) | st.dates(dt.date(2019, 1, 1), dt.date(2023, 1, 1))
LEVELS = st.sampled_from(list(Level))
NAMES = st.sampled_from(["", "甲", "乙", "x", "~", 'a"b', "\\", "\x00", "乙 "])
matters = st.builds(
    Matter,
    security=st.booleans(),
    level=LEVELS,
    deadline=DAYS,
    fee=st.decimals(0, 200, places=2),
    owner=NAMES,
)
cases = st.builds(
    Sample,
    name=NAMES,
    count=st.one_of(st.integers(-5, 8), st.integers(-(2**64), 2**64)),
    flag=st.booleans(),
    opened=DAYS,
    closed=st.none() | DAYS,
    limit=st.none() | st.integers(-2, 6),
    level=st.none() | LEVELS,
    ratio=st.floats(-1, 1),
    matter=matters,
    parent=st.none() | matters,
    findings=st.lists(
        st.builds(Finding, code=st.sampled_from(["x", "fraud", "y"]), severity=st.integers(0, 3)), max_size=3
    ),
    tags=st.frozensets(LEVELS),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases, as_of=DAYS)
def test_random_cases_fire_the_same_rules_on_both_engines(case: Sample, as_of: dt.date) -> None:
    """Any case, any date: the rete engine fires exactly the rules the compiled engine fires."""
    compiled, actual = both(PACK, case, as_of)
    assert compiled == actual


def test_the_differential_policy_fires_a_variety_of_rules() -> None:
    """The hand-made policy is not vacuous: random cases make every rule fire and not fire."""
    seen: set[tuple[int, bool]] = set()
    for case in _sample_cases(300):
        fired = rete_fired(PACK, case, AS_OF)
        seen |= {(i, i in fired) for i in range(len(POLICY))}
    assert {(i, b) for i in range(len(POLICY)) for b in (True, False)} == seen


def _sample_cases(n: int) -> list[Sample]:
    import random

    rng = random.Random(7)  # noqa: S311 - reproducible test data
    day = dt.date(2019, 1, 1).toordinal()

    def matter() -> Matter:
        return Matter(
            security=rng.random() < 0.5,
            level=rng.choice(list(Level)),
            deadline=dt.date.fromordinal(day + rng.randrange(1500)),
            fee=Decimal(rng.randrange(20000)) / 100,
            owner=rng.choice(["", "甲", "乙"]),
        )

    return [
        Sample(
            name=rng.choice(["", "甲", "乙"]),
            count=rng.randrange(-4, 9),
            flag=rng.random() < 0.3,
            opened=dt.date.fromordinal(day + rng.randrange(1500)),
            closed=None if rng.random() < 0.4 else dt.date.fromordinal(day + rng.randrange(1500)),
            limit=None if rng.random() < 0.5 else rng.randrange(6),
            level=None if rng.random() < 0.3 else rng.choice(list(Level)),
            ratio=rng.random(),
            matter=matter(),
            parent=None if rng.random() < 0.5 else matter(),
            findings=[
                Finding(code=rng.choice(["x", "fraud", "y"]), severity=rng.randrange(4))
                for _ in range(rng.randrange(3))
            ],
            tags=frozenset(rng.sample(list(Level), rng.randrange(4))),
        )
        for _ in range(n)
    ]


# -- threads, endurance ---------------------------------------------------------------------------------
def test_eight_threads_get_the_same_results_as_one() -> None:
    """Concurrent evaluations are serialised on the host and give the single-threaded answers."""
    work = _sample_cases(200)
    expected = [rete_fired(PACK, case, AS_OF) for case in work]
    results: dict[int, list[tuple[int, ...]]] = {}
    errors: list[BaseException] = []

    def run(worker: int) -> None:
        try:
            results[worker] = [rete_fired(PACK, case, AS_OF) for case in work]
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [] == errors
    assert dict.fromkeys(range(8), expected) == results


def test_five_thousand_evaluations_leave_no_live_session() -> None:
    """Every session is deleted: 5,000 cases pass durable's cap of 1,024 live sessions, none is left."""
    work = _sample_cases(50)
    rete_fired(PACK, work[0], AS_OF)  # the host exists
    host = rete_durable.durable_host()
    first = next(host._sids)
    for n in range(5000):
        case = work[n % len(work)]
        rete_fired(PACK, case, AS_OF)
    last = next(host._sids)
    (name,) = evaluator_for(PACK).rete.plan("sample").rulesets
    for sid in (first, first + 1, last - 1):
        with pytest.raises(Exception, match="309"):
            host._host.get_state(name, str(sid))


# -- the bundled pack -------------------------------------------------------------------------------------
BUNDLED_KINDS = tuple(sorted(CASE_MODELS))


def test_the_bundled_pack_translates_every_rule() -> None:
    """Every rule of the bundled pack has a durable translation, and the kinds are known models."""
    pack = commitrules.load_policies()
    assert set(pack.kinds) <= set(BUNDLED_KINDS)
    for rule in pack.rules():
        assert rule.stratum == rete_translation.translate_rule(rule)["all"][0]["m"]["$and"][0]["stratum"]
