"""A batch's body read the quick way (``read_batch``): the careful way's value, and proofs that hold.

``read_batch`` may decline any body (the route then reads it the careful way); what it must never do
is take a body the careful way reads otherwise or refuses, or call a case proved that is past a case
limit, or give a canonical text that is not the log's. Each body here is checked against the careful
reading (``parse_json(quick=False)``), the library's limits walk (``check_limits``) and the log's
``canonical_json``: realistic batches, batches made hostile in every way the careful reading refuses
or reads differently, cases past each case limit, and generated JSON values inside cases.
The answers over real HTTP are compared in ``test_batch_route.py``.
"""

from __future__ import annotations

import gc
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commitrules.io.case_files import read_cases
from commitrules.model._parse import MAX_DEPTH, MAX_LIST_ITEMS, check_limits
from commitrules.service.http.batch_body import PROOF_BYTES, read_batch
from commitrules.service.http.jsonbody import parse_json
from commitrules.service.http.problems import ProblemError
from commitrules.service.http.state import YOUNG_OBJECTS, freeze_heap
from commitrules.service.log.records import canonical_json
from tests.service.server import ROOT


def _cases() -> list[dict[str, Any]]:
    cases, errors = read_cases([ROOT / "examples" / "cases"])
    assert not errors
    return [item.case.model_dump(mode="json", exclude_none=True) for item in cases]


CASES = _cases()


def _same(a: Any, b: Any) -> bool:
    """Equal values of equal types, all the way down (``1 == 1.0`` and ``True == 1`` are not the same here)."""
    if type(a) is not type(b):
        return False
    if type(a) is dict:
        return list(a) == list(b) and all(_same(a[key], b[key]) for key in a)
    if type(a) is list:
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def checked(body: bytes, max_depth: int = 64, max_cases: int = 1000) -> tuple[list[Any], list[Any]] | None:
    """``read_batch(body)``, after checking that whatever it gives is what the careful way gives."""
    quick = read_batch(body, max_depth=max_depth, max_cases=max_cases)
    if quick is None:
        return None
    cases, proofs = quick
    careful = parse_json(body, max_depth=max_depth, quick=False)  # raises if the careful way refuses the body
    assert _same(careful, {"cases": cases})
    assert len(proofs) == len(cases)
    for case, proof in zip(cases, proofs, strict=True):
        if proof is None:
            continue
        assert type(case) is dict
        assert check_limits(case) is None, case
        if proof.canonical is not None:
            assert proof.canonical.decode("utf-8") == canonical_json(case)
    return quick


def _spellings(document: Any) -> list[bytes]:
    return [
        json.dumps(document).encode(),
        json.dumps(document, ensure_ascii=False).encode(),
        json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode(),
        json.dumps(document, ensure_ascii=False, indent=2).encode(),
    ]


def test_realistic_batches_are_read_and_every_case_proved() -> None:
    """Every example case, in four spellings: read the quick way, each case proved, its canonical text written."""
    for body in _spellings({"cases": CASES}):
        found = checked(body)
        assert found is not None
        assert all(proof is not None and proof.canonical is not None for proof in found[1])


def _batch(*cases: bytes) -> bytes:
    return b'{"cases":[' + b",".join(cases) + b"]}"


SUMMARY = b'{"kind":"summary"}'

#: Bodies the careful way refuses or reads otherwise than pydantic's parser: never taken.
DECLINED = [
    _batch(SUMMARY, b'{"kind":"summary","kind":"summary"}'),
    _batch(SUMMARY, b'{"kind":"summary","\\u006bind":"summary"}'),
    _batch(b'{"kind":"summary","report":{"a":1,"a" :2}}'),
    b'{"cases":[],"cases":[]}',
    b'{"cases":[],"\\u0063ases":[]}',
    _batch(b'{"kind":"summary","report":{"a":NaN}}'),
    _batch(b'{"kind":"summary","report":{"a":-Infinity}}'),
    _batch(b'{"kind":"summary","report":{"a":1e400}}'),
    _batch(b"1e400"),
    _batch(b"9" * 5000),
    _batch(b'{"kind":"summary","report":{"a":' + b"9" * 4299 + b"}}"),
    _batch(b'{"kind":"summary","report":{"a":"\\ud800"}}'),
    _batch(b'{"kind":"summary","report":{"a":":colon"}}'),
    _batch(b'{"kind":"summary","report":{"a":"12:30"}}'),
    b'\xef\xbb\xbf{"cases":[]}',
    _batch(b'{"kind":"summary","report":{"a":"tab\there"}}'),
    _batch(b'{"kind":"summary","report":{"a":"\xff"}}'),
    _batch(SUMMARY + b","),
    b'{"cases":[' + SUMMARY,
    b"",
    b"null",
    b"[]",
    b'{"cases":{}}',
    b'{"cases":[],"more":1}',
    b'{"case":[]}',
]


@pytest.mark.parametrize("body", DECLINED, ids=range(len(DECLINED)))
def test_bodies_the_careful_way_refuses_or_reads_otherwise_are_declined(body: bytes) -> None:
    """A key twice (also behind an escape), a number read otherwise, text the parser refuses, another shape: None."""
    assert read_batch(body, max_depth=64, max_cases=1000) is None


def test_the_body_depth_limit_is_the_careful_ways() -> None:
    """Nesting at the service's limit is read; one level more is declined (the careful way answers ``too_deep``)."""

    def nested(levels: int) -> bytes:  # the case's object is level 3 of the body
        return _batch(b'{"kind":"summary","x":' + b"[" * (levels - 3) + b"1" + b"]" * (levels - 3) + b"}")

    assert checked(nested(12), max_depth=12) is not None
    assert read_batch(nested(13), max_depth=12, max_cases=1000) is None
    with pytest.raises(ProblemError) as refused:
        parse_json(nested(13), max_depth=12, quick=False)
    assert "too_deep" == refused.value.code
    assert read_batch(_batch(SUMMARY), max_depth=2, max_cases=1000) is None


def test_an_escaped_quote_is_read() -> None:
    """``\\"`` in a text needs no refusal here (the count of colons is the proof): the careful way's value."""
    found = checked(_batch(b'{"kind":"summary","report":{"a":"\\"quoted\\""}}'))
    assert found is not None
    assert found[0][0]["report"]["a"] == '"quoted"'


def _case_with(value: Any) -> dict[str, Any]:
    return {"kind": "summary", "report": {"x": value}}


@pytest.mark.parametrize(
    ("value", "proved"),
    [
        ([1] * MAX_LIST_ITEMS, True),
        ([1] * (MAX_LIST_ITEMS + 1), False),  # a list past the items limit
        ({f"k{i}": 1 for i in range(MAX_LIST_ITEMS + 1)}, False),  # an object past it
        (json.loads("[" * (MAX_DEPTH - 3) + "1" + "]" * (MAX_DEPTH - 3)), True),
        (json.loads("[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1)), False),  # nested past MAX_DEPTH
        (json.loads("[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2)), False),
        ("x" * (PROOF_BYTES - 60), True),
        ("x" * PROOF_BYTES, False),  # within every limit, but too long for the proof: decided the careful way
        ("中" * (PROOF_BYTES // 3 - 40), True),
        ([[]] * 900 + [[[1]]] * 90, True),
        (2**64 - 1, True),
        (2**64, False),  # orjson writes no integer past 64 bits
        (-(2**63), True),
    ],
)
def test_a_case_is_proved_only_within_every_case_limit(value: Any, *, proved: bool) -> None:
    """Cases at and past the items, depth and size limits: proved exactly when the proof holds, never past a limit."""
    body = json.dumps({"cases": [CASES[0], _case_with(value)]}, ensure_ascii=False).encode()
    found = checked(body)
    assert found is not None
    assert (found[1][1] is not None) is proved
    if not proved:
        assert found[1][0] is not None  # the other case keeps its proof


def test_a_case_with_a_float_is_proved_without_a_canonical_text() -> None:
    """orjson writes floats otherwise than ``json.dumps``: the log writes that case's text itself."""
    found = checked(json.dumps({"cases": [_case_with(1e16), _case_with(0.1), CASES[0]]}).encode())
    assert found is not None
    assert [proof is not None and proof.canonical is None for proof in found[1]] == [True, True, False]


def test_cases_that_are_not_objects_are_read_but_not_proved() -> None:
    """A text, a number, a list or null among the cases: read (the route answers each with its problem)."""
    found = checked(b'{"cases":["summary",1,1.5,[{"kind":"summary"}],null,true,{}]}')
    assert found is not None
    assert [proof is None for proof in found[1]] == [True] * 6 + [False]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=6), inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(
    case=st.sampled_from(CASES),
    key=st.text(max_size=8),
    value=_JSON,
    ascii_only=st.booleans(),
)
def test_generated_values_inside_cases(case: dict[str, Any], key: str, value: Any, *, ascii_only: bool) -> None:
    """Any JSON value (floats, huge integers, surrogates, colons, quotes, odd keys) in a case: never a wrong answer."""
    document = {"cases": [case, {**case, key: value}]}
    try:
        body = json.dumps(document, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    except ValueError:
        return
    checked(body)
    checked(body, max_depth=6)


def test_a_batch_past_the_case_count_is_read_but_no_case_is_proved() -> None:
    """More cases than the route takes: the body is still proved to be the careful way's value (the route
    answers 413 ``too_many_cases``, as the careful way does), but no case is walked or written for its
    proof (a 16 MiB body of five million ``{}`` took 76 s of the event loop, the careful way 7 s)."""
    body = _batch(*[SUMMARY] * 5, b"{}", b"[]", b"1")
    found = checked(body, max_cases=7)
    assert found is not None
    assert [None] * 8 == found[1]
    assert [None] * 8 != checked(body, max_cases=8)[1]  # type: ignore[index]
    for declined in (  # what the careful way refuses is still declined past the count
        _batch(SUMMARY, b'{"kind":"summary","kind":"summary"}'),
        _batch(SUMMARY, b'{"kind":"summary","report":{"a":NaN}}'),
        _batch(SUMMARY, b"9" * 5000),
        _batch(SUMMARY, b"[" * 70 + b"]" * 70),
    ):
        assert read_batch(declined, max_depth=64, max_cases=1) is None


def test_a_server_collects_its_youngest_objects_less_often() -> None:
    """After start (``freeze_heap``) the young generation's mark is ``YOUNG_OBJECTS``; 0 (collector off) is kept."""
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        freeze_heap()
        assert gc.get_threshold() == (YOUNG_OBJECTS, 10, 10)
        gc.set_threshold(0, 10, 10)
        freeze_heap()
        assert gc.get_threshold()[0] == 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
