"""The log's canonical JSON is json.dumps's text for every value, whichever encoder writes it."""

from __future__ import annotations

import enum
import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commitrules.service.log import canonical_json


def reference(value: Any) -> str:
    """The format's text, written by json.dumps itself."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


class Colour(enum.StrEnum):
    RED = "红"


class Size(enum.IntEnum):
    BIG = 7


#: Every character but lone surrogates, and the ones JSON escapes, the ones it must not, astral ones.
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=10) | st.sampled_from(
    ['"', "\\", "\n\t\x01\x1f\x7f\x80\x9f", "\u2028\u2029\ufeff\uffff", "承诺制", "😀", "é", ""]
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(-(2**64), 2**64)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from([1e16, 1e-7, 1e22, 5e-324, 0.1, -0.0, 1.0, 2.5e15, 123456789012345680.0])
    | st.sampled_from([Colour.RED, Size.BIG])
    | TEXT
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(JSON)
def test_canonical_json_is_json_dumps(value: Any) -> None:
    """Any JSON value (escapes, astral keys, big integers, floats, enums) gives json.dumps's text, byte for byte."""
    assert canonical_json(value) == reference(value)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(TEXT, st.integers(-(2**63), 2**64 - 1) | TEXT | st.none() | st.booleans(), min_size=2))
def test_keys_sort_by_code_point(value: dict[str, Any]) -> None:
    """Keys sort as Python sorts str (by code point), including characters past the Basic Multilingual Plane."""
    assert canonical_json(value) == reference(value)
    assert list(json.loads(canonical_json(value))) == sorted(value)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_float_that_is_not_finite_is_refused(bad: float) -> None:
    """NaN and infinities are refused, deep inside a value too (orjson would have written null)."""
    with pytest.raises(ValueError, match="Out of range float"):
        canonical_json({"a": [1, {"b": bad}]})


def test_deep_and_odd_values_are_written_as_json_dumps_writes_them() -> None:
    """Nesting past orjson's limit, tuples, integer keys and a lone surrogate go to the standard library."""
    deep: Any = "x"
    for _ in range(300):
        deep = [deep]
    assert canonical_json(deep) == reference(deep)
    assert canonical_json({"t": (1, "a")}) == '{"t":[1,"a"]}'
    assert canonical_json({2: "b", 10: "a"}) == reference({2: "b", 10: "a"})
    assert canonical_json({"s": "\ud800"}) == reference({"s": "\ud800"})


def test_the_example_cases_and_decisions_take_the_fast_path(decided: list[tuple[dict[str, Any], Any]]) -> None:
    """What the log stores most (cases as JSON gives them, decisions as pydantic dumps them) is written by orjson."""
    from commitrules.service.log.records import _orjson_writes_it

    for case, decision in decided:
        assert _orjson_writes_it(case, 200)
        assert _orjson_writes_it(decision.model_dump(mode="json"), 200)
    assert not _orjson_writes_it({"a": [1.5]}, 200)
    assert not _orjson_writes_it({"a": Colour.RED}, 200)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 2**62) | st.integers(1_700_000_000 * 10**9, 1_900_000_000 * 10**9), min_size=1))
def test_recorded_at_is_the_datetime_text(readings: list[int]) -> None:
    """A time is written as from a datetime, microseconds rounded alike (half to even) and across seconds."""
    import datetime as dt

    from commitrules.service.log.records import RecordedAt, format_time

    write = RecordedAt()
    edges = [r - r % 10**9 + 999_999_500 for r in readings]  # rounds up into the next second
    for now in [*readings, *edges, *readings]:
        assert write(now) == format_time(dt.datetime.fromtimestamp(now / 1e9, dt.UTC))


def test_an_id_as_text_is_the_uuid_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Uuid7.text`` writes ``str()`` of the UUID ``Uuid7()`` makes from the same bits; ids still increase."""
    import os

    from commitrules.service.log.records import Uuid7
    from tests.service.log.test_log_reference import random_stream

    def fixed_bits() -> Any:
        return random_stream()  # the same bytes whether an id reads its own or a group reads them at once

    now = 1_780_000_000_123_456_789
    monkeypatch.setattr(os, "urandom", fixed_bits())
    as_text, as_uuid = Uuid7(), Uuid7()
    texts = [as_text.text(now + i * 400_000) for i in range(60)]
    monkeypatch.setattr(os, "urandom", fixed_bits())
    assert texts == [str(as_uuid(now + i * 400_000)) for i in range(60)]
    ids = Uuid7()
    same_ms = [ids.text(now) for _ in range(50)]
    assert same_ms == sorted(same_ms)
    assert len(set(same_ms)) == 50
    assert all(text[14] == "7" for text in same_ms)
    # A group's ids made at once are those one at a time would be, with the same times and bits.
    times = [now + (i // 7) * 400_000 for i in range(60)]  # several ids in a millisecond, as a group's
    monkeypatch.setattr(os, "urandom", fixed_bits())
    one_by_one = Uuid7()
    singly = [one_by_one.text(t) for t in times]
    monkeypatch.setattr(os, "urandom", fixed_bits())
    at_once = Uuid7()
    assert at_once.texts(times) == singly
    assert at_once.texts([now]) > singly[-1:]  # the next group's still come after


@settings(max_examples=150, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            name: TEXT | st.none() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
            for name in (
                "type",
                "decision_id",
                "recorded_at",
                "kind",
                "outcome",
                "case_sha256",
                "decision_sha256",
                "pack_name",
                "pack_version",
                "pack_digest",
                "engine",
                "as_of",
                "caller",
                "request_id",
                "prev_hash",
            )
        }
    ),
    st.integers(0, 2**70),
)
def test_a_leaf_written_straight_is_the_canonical_leaf(fields: dict[str, Any], index: int) -> None:
    """The append's leaf bytes are the canonical leaf text for any header values (and index past 64 bits)."""
    from commitrules.service.log.records import leaf_bytes, leaf_text

    assert leaf_bytes(fields, index) == leaf_text(fields, index).encode("utf-8")
    assert leaf_text(fields, index) == reference(
        {**{k: v for k, v in fields.items() if k != "prev_hash"}, "prev": fields["prev_hash"], "index": index, "v": 1}
    )
