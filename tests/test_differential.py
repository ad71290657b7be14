"""Two engines, one semantics: the compiled and rete engines make identical decisions.

This is the one module that asserts it (the scenarios of ``features/`` also run on both engines,
through their own steps, see ``features/conftest.py``). The decisions must be equal field for field on

- every example case (``examples/cases``, under the settings its expectation names);
- the benchmarks' seeded realistic cases of every kind, under several settings profiles;
- random valid cases of every kind on random dates, from two generators: the library's own
  :func:`commitrules.testing.case_strategy` and one derived here from the models' annotations;
- example cases with values mutated by the fuzzer, where they stay valid;
- the CLI's output with ``--engine rete``.

The rete engine's unit tests (``tests/unit/test_rete.py``) compare fired rules on a hand-made model
that has every kind of field; that is how the translation is tested, not the pack.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

import pytest
from benchmarks.generators import AS_OF as BENCH_AS_OF
from benchmarks.generators import KINDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

import commitrules
from commitrules.cli import EXIT_OK, main
from commitrules.engine.evaluator import evaluator_for
from commitrules.errors import CaseValidationError
from commitrules.io.case_files import read_cases
from commitrules.model import CASE_MODELS, parse_case
from commitrules.model._types import open_codes_of
from commitrules.policy.pack import PolicyPack
from commitrules.testing import case_strategy
from tests.test_baseline import PROFILES, _cases, _difference, _pack
from tests.test_examples import CASES, EXPECTATIONS, _pack_for
from tests.test_fuzz import fuzz, mutated_cases

#: Every test here runs the rete engine: deselected with -m 'not rete' where durable-rules does not import
#: (Python 3.13), never skipped (the root conftest.py refuses to run them without durable).
pytestmark = pytest.mark.rete

AS_OF = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2023, 12, 31))
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "cases"


def assert_agree(pack: PolicyPack, case: Any, as_of: dt.date | str) -> None:
    """Both engines decide ``case`` alike, and say where they differ when they do not."""
    compiled = pack.evaluate(case, as_of=as_of)
    rete = pack.evaluate(case, as_of=as_of, engine="rete")
    assert compiled == rete, f"compiled != rete\n{_difference(compiled, rete)}"
    assert compiled.model_dump_json() == rete.model_dump_json()


@pytest.mark.parametrize(
    ("kind", "name", "expected", "as_of"), EXPECTATIONS, ids=[f"{k}/{n}" for k, n, _, _ in EXPECTATIONS]
)
def test_engines_agree_on_every_example(
    pack: PolicyPack, kind: str, name: str, expected: dict[str, Any], as_of: str
) -> None:
    """Every example case, under the settings of its expectation (``tests/test_examples.py`` checks
    the compiled engine's decision against the expectation)."""
    cases, errors = read_cases([CASES / kind / name])
    assert [] == [e.render() for e in errors]
    assert_agree(_pack_for(pack, expected.get("settings")), cases[0].case, as_of)


@pytest.mark.parametrize("profile", list(PROFILES))
@pytest.mark.parametrize("kind", KINDS)
def test_engines_agree_on_realistic_cases(kind: str, profile: str) -> None:
    """The benchmarks' seeded realistic cases of every kind, under every settings profile."""
    pack = _pack(profile)
    for case in _cases(kind):
        assert_agree(pack, case, BENCH_AS_OF)


@pytest.mark.parametrize("kind", list(CASE_MODELS))
def test_engines_agree_on_random_cases(pack: PolicyPack, kind: str) -> None:
    """For random valid cases of each kind on random dates, both engines decide the same."""
    if kind not in pack.policies:
        pytest.fail(f"the bundled pack has no policy for kind '{kind}'")

    @settings(
        max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow]
    )
    @given(case=case_strategy(kind), as_of=AS_OF)
    def check(case: dict[str, Any], as_of: dt.date) -> None:
        assert_agree(pack, case, as_of)

    check()


def _values(annotation: Any, metadata: tuple[Any, ...] = ()) -> st.SearchStrategy[Any]:  # noqa: PLR0911 - one arm per annotation kind
    """Plausible values of a case model field, from its annotation (validation filters the rest)."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    marker = open_codes_of((*metadata, *(annotation.__metadata__ if origin is typing.Annotated else ())))
    if marker is not None:  # a code of an open list of the vocabulary: the bundled codes
        return st.sampled_from(list(marker.bundled))
    if origin is typing.Annotated:
        return _values(args[0])
    if origin in {typing.Union, types.UnionType}:
        return st.one_of(*(st.none() if a is type(None) else _values(a) for a in args))
    if origin is Literal:
        return st.sampled_from(args)
    if origin in {list, tuple}:
        return st.lists(_values(args[0]), max_size=3)
    if origin in {frozenset, set}:
        return st.frozensets(_values(args[0]), max_size=4)
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return st.sampled_from(list(annotation))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _models(annotation)
    simple: dict[Any, st.SearchStrategy[Any]] = {
        bool: st.booleans(),
        int: st.integers(-3, 400),
        float: st.floats(0, 100),
        Decimal: st.decimals(0, 1000, places=2),
        str: st.text("ab甲乙", min_size=1, max_size=3),
        dt.date: st.dates(dt.date(2018, 1, 1), dt.date(2024, 12, 31)),
    }
    return simple[annotation]


def _models(model: type[BaseModel]) -> st.SearchStrategy[Any]:
    fields = {name: _values(info.annotation, tuple(info.metadata)) for name, info in model.model_fields.items()}

    def build(data: dict[str, Any]) -> Any:
        try:
            return model.model_validate(data)
        except ValidationError:
            return None

    return st.fixed_dictionaries({}, optional=fields).map(build).filter(lambda m: m is not None)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data(), as_of=st.dates(dt.date(2018, 1, 1), dt.date(2024, 12, 31)))
def test_engines_fire_the_same_rules_on_cases_from_the_annotations(
    pack: PolicyPack, data: st.DataObject, as_of: dt.date
) -> None:
    """Random typed cases built from the models' annotations: the same rules fire, the same decisions."""
    kind = data.draw(st.sampled_from(pack.kinds))
    case = data.draw(_models(CASE_MODELS[kind]))
    evaluator = evaluator_for(pack)
    assert evaluator.fired(case, as_of) == evaluator.fired(case, as_of, engine="rete")
    assert_agree(pack, case, as_of)


@fuzz(40)
@given(document=mutated_cases())
def test_engines_agree_on_mutated_valid_cases(pack: PolicyPack, document: object) -> None:
    """When a mutated example case is still valid, the rete engine decides it exactly as the compiled engine."""
    try:
        case = parse_case(document)  # type: ignore[arg-type]
    except CaseValidationError:
        return
    assert_agree(pack, case, "2020-06-01")


def test_the_cli_prints_the_same_decisions_on_both_engines(capsys: pytest.CaptureFixture[str]) -> None:
    """`--engine rete` prints exactly what the compiled engine prints."""
    args = ["evaluate", str(EXAMPLES), "--format", "json", "--as-of", "2020-06-01"]
    assert EXIT_OK == main(args)
    compiled = capsys.readouterr().out
    assert EXIT_OK == main([*args, "--engine", "rete"])
    rete = capsys.readouterr().out
    assert compiled == rete
    assert len(json.loads(rete)) == len(list(EXAMPLES.rglob("*.yaml")))


#: A deployment whose settings change with time (issue 11, item 6): ints, bools and code lists, several
#: dates inside the random cases' range, so that cases fall before, between and after the changes.
DATED: dict[str, Any] = {
    "verification.default_deadline_days": [
        {"from": dt.date(2019, 10, 22), "value": 30, "source": "连司通〔2019〕57号"},
        {"from": dt.date(2020, 7, 1), "value": 10, "source": "test"},
        {"from": dt.date(2021, 3, 15), "value": 60, "source": "test"},
    ],
    "withdrawal.allowed": [
        {"from": dt.date(2020, 1, 1), "value": True, "source": "test"},
        {"from": dt.date(2022, 1, 1), "value": False, "source": "test"},
    ],
    "leniency.mitigated_min_score": [
        {"from": dt.date(2019, 10, 22), "value": 3, "source": "test"},
        {"from": dt.date(2021, 3, 15), "value": 1, "source": "test"},
    ],
    "blacklist.measures_false_commitment": [
        {"from": dt.date(2019, 10, 22), "value": ["honors"], "source": "test"},
        {"from": dt.date(2020, 7, 1), "value": ["honors", "industry_access", "high_consumption"], "source": "test"},
    ],
    "escalation.major_issues": [
        {"from": dt.date(2019, 10, 22), "value": ["complaint"], "source": "test"},
        {"from": dt.date(2021, 1, 1), "value": ["complaint", "media_exposure", "blacklisting"], "source": "test"},
    ],
    "blacklist.publication_years": [
        {"from": dt.date(2019, 10, 22), "value": 3, "source": "test"},
        {"from": dt.date(2021, 1, 1), "value": 1, "source": "test"},
    ],
}
#: Days around every change of DATED: the day before, the day itself and the day after.
DATED_DAYS = sorted(
    {
        period["from"] + dt.timedelta(days=shift)
        for values in DATED.values()
        for period in values
        for shift in (-1, 0, 1)
    }
)


@pytest.fixture(scope="module")
def dated_pack() -> PolicyPack:
    return commitrules.load_policies(settings=DATED)


def test_the_dated_profile_is_dated(dated_pack: PolicyPack) -> None:
    """The profile gives each of its settings dated values (else the tests below would test nothing new)."""
    assert {name: len(values) for name, values in DATED.items()} == {
        name: len(dated_pack.settings[name].history) for name in DATED
    }


@pytest.mark.parametrize("kind", KINDS)
def test_engines_agree_on_realistic_cases_with_dated_settings(dated_pack: PolicyPack, kind: str) -> None:
    """The realistic cases of every kind, judged on each side of every change of a dated setting."""
    for case in _cases(kind)[:60]:
        for day in DATED_DAYS:
            assert_agree(dated_pack, case, day)


@pytest.mark.parametrize("kind", list(CASE_MODELS))
def test_engines_agree_on_random_cases_with_dated_settings(dated_pack: PolicyPack, kind: str) -> None:
    """Random valid cases on random dates, with settings that change with time: the same decisions,
    naming the same dated values."""

    @settings(
        max_examples=100, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow]
    )
    @given(case=case_strategy(kind), as_of=AS_OF)
    def check(case: dict[str, Any], as_of: dt.date) -> None:
        assert_agree(dated_pack, case, as_of)

    check()
