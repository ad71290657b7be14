"""``parse_case`` validates small plain documents first and keeps the careful way's every answer.

``model/_bound.py`` proves a valid document within the case limits from its marshal size and the
models' shape; every other document goes the careful way (limits walked, then validation). Here both
ways decide the same documents and must give the same case or the same errors, in the same words:
realistic cases, cases made to sit at and past every limit in ways validation does not see (white
space that validation strips, codes repeated that a set merges), hostile types, and hypothesis
mutations of realistic cases.
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from typing import Any, Literal

import pytest
from benchmarks.generators import KINDS, generate_cases
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict

from commitrules.errors import CaseValidationError
from commitrules.model import CASE_MODELS
from commitrules.model._bound import models_bound, within_limits_when_valid
from commitrules.model._parse import (
    BOUND,
    MAX_DEPTH,
    MAX_LIST_ITEMS,
    MAX_TEXT_CHARS,
    BundledCodes,
    _parse_carefully,
    parse_case,
)


def _outcome(way: Any, document: object) -> object:
    try:
        return ("case", way(document).model_dump(mode="json"))
    except CaseValidationError as exc:
        return ("errors", [(e.path, e.message, e.expected, e.found) for e in exc.errors])


def _agree(document: object) -> None:
    quick = _outcome(parse_case, document)
    careful = _outcome(lambda d: _parse_carefully(d, BundledCodes()), document)
    assert quick == careful


def _nested(levels: int) -> object:
    value: object = 1
    for _ in range(levels):
        value = [value]
    return value


def _summary(**report: object) -> dict[str, Any]:
    """A realistic summary case with ``report`` changed."""
    case: dict[str, Any] = copy.deepcopy(generate_cases("summary", 1, seed="bound-summary")[0])
    case["report"].update(report)
    return case


def test_bundled_models_are_bounded() -> None:
    """The bundled models have a shape the proof knows: it is taken (2 * items + 6 bytes)."""
    assert BOUND == 2 * MAX_LIST_ITEMS + 6


REALISTIC = [case for kind in KINDS for case in generate_cases(kind, 20, seed=f"bound-{kind}")]


@pytest.mark.parametrize("index", range(0, len(REALISTIC), 7))
def test_realistic_cases_agree(index: int) -> None:
    _agree(REALISTIC[index])


def test_most_realistic_cases_are_proved_within_the_limits() -> None:
    """The quick way is not idle: most realistic cases are small enough for the proof."""
    proved = sum(within_limits_when_valid(case, BOUND) for case in REALISTIC)
    assert proved >= 0.8 * len(REALISTIC)


HOSTILE = {
    "blank text past the limit, stripped to nothing": _summary(unit=" " * (MAX_TEXT_CHARS + 1)),
    "text past the limit": _summary(unit="x" * (MAX_TEXT_CHARS + 1)),
    "a code repeated past the item limit": _summary(sections=["work_summary"] * (MAX_LIST_ITEMS + 1)),
    "a code repeated up to the item limit": _summary(sections=["work_summary"] * MAX_LIST_ITEMS),
    "a code repeated a little": _summary(sections=["work_summary"] * 300),
    "a text subclass": _summary(unit=type("T", (str,), {})("x")),
    "a date object": {"kind": "application", "applied_on": date(2020, 1, 1)},
    "money as a Decimal": {"kind": "application", "matter": {"fee": Decimal("1.5")}},
    "a tuple": _summary(sections=("work_summary",)),
    "a set": _summary(sections={"work_summary"}),
    "nested too deep": _summary(unit={"a": {"b": _nested(MAX_DEPTH)}}),
    "no kind": {"report": {"unit": "x"}},
    "kind unknown": {"kind": "summery"},
    "not a mapping": ["kind", "summary"],
    "unknown field": _summary(colour="red"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_documents_agree(name: str) -> None:
    _agree(HOSTILE[name])


def test_a_stripped_text_past_the_limit_is_still_refused_for_its_length() -> None:
    """Validation alone would accept it (blank text is null); the limit refuses it, as before."""
    with pytest.raises(CaseValidationError) as caught:
        parse_case(_summary(unit=" " * (MAX_TEXT_CHARS + 1)))
    [error] = caught.value.errors
    assert error.path == "$.report.unit"
    assert "characters" in error.message


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")
    x: int = 0


class _Loose(BaseModel):
    model_config = ConfigDict(extra="forbid")
    data: dict[str, object] = {}


class _Deep(BaseModel):
    model_config = ConfigDict(extra="forbid")
    inner: _Deep | None = None


class _Flags(BaseModel):
    model_config = ConfigDict(extra="forbid")
    flags: list[bool] = []
    kind: Literal["x"] = "x"


@pytest.mark.parametrize("model", [_Open, _Loose, _Deep, _Flags])
def test_shapes_the_proof_does_not_know_are_walked(model: type[BaseModel]) -> None:
    """Unknown fields kept, open values, a model inside itself, one-byte list items: no bound."""
    assert models_bound((model,), MAX_DEPTH, MAX_LIST_ITEMS, MAX_TEXT_CHARS) == 0
    assert not within_limits_when_valid({"kind": "x"}, 0)


def test_a_shallow_depth_limit_is_respected() -> None:
    """A limit of depth below the models' deepest path turns the proof off."""
    assert models_bound(tuple(CASE_MODELS.values()), 2, MAX_LIST_ITEMS, MAX_TEXT_CHARS) == 0


_TEXTS = st.one_of(
    st.sampled_from(["", " ", "\u3000", "\t\n", "x", "2020-01-01", "work_summary", "public_safety"]),
    st.text(max_size=12),
    st.integers(min_value=900, max_value=1100).map(lambda n: " " * n + "x"),
)
_VALUES = st.one_of(_TEXTS, st.integers(-3, 3), st.booleans(), st.none(), st.floats(allow_nan=True))


def _mutate(document: Any, path: list[int], value: object, *, draw_list: bool) -> Any:
    """``document`` with the value reached by ``path`` (indices into each level's keys) replaced."""
    result = copy.deepcopy(document)
    node = result
    for step in path:
        if isinstance(node, dict) and node:
            key = list(node)[step % len(node)]
            child = node[key]
            if isinstance(child, dict | list) and child:
                node = child
                continue
            node[key] = [value] * 600 if draw_list else value
            return result
        if isinstance(node, list) and node:
            index = step % len(node)
            if isinstance(node[index], dict | list):
                node = node[index]
                continue
            node[index] = value
            return result
    return result


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(0, len(REALISTIC) - 1),
    path=st.lists(st.integers(0, 40), min_size=1, max_size=6),
    value=_VALUES,
    draw_list=st.booleans(),
)
def test_mutated_cases_agree(index: int, path: list[int], value: object, draw_list: bool) -> None:  # noqa: FBT001
    _agree(_mutate(REALISTIC[index], path, value, draw_list=draw_list))
