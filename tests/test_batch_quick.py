"""The batch's quick reading of a line gives byte for byte what the long way gives, or is not taken.

A JSON line is read the quick way (pydantic's parser on the bytes, the case validated from that, the
decision's JSON from prepared fragments) only where that is certain to read as the long way does
(``load_json``: a key written twice, ``NaN`` and ``Infinity`` refused; the case limits). Here every
line is decided both ways, the long one forced by turning the quick one off, and the outputs must be
the same bytes: for realistic lines in several spellings of JSON, and for lines made hostile in every
way the long way refuses (keys twice, also behind escapes and spaces; non-finite numbers; strings
that start with a colon or hold escaped quotes; deep nesting, long lists, long texts, long numbers).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from benchmarks.generators import AS_OF, KINDS, generate_cases
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commitrules.model._json import read_within_limits
from commitrules.model._parse import MAX_DEPTH, MAX_LIST_ITEMS
from commitrules.policy.pack import PolicyPack
from commitrules.service import batch
from commitrules.service.batch import evaluate_line


def _both_ways(pack: PolicyPack, raw: bytes, number: int = 2) -> tuple[tuple[bytes, str | None], bool]:
    """The output line the long way, and whether the quick way was taken and gave the same."""
    quick = batch._quick_line(pack, raw, number, AS_OF, "compiled")
    original = batch._quick_line
    batch._quick_line = lambda *_: None
    try:
        long_way = evaluate_line(pack, raw, number, as_of=AS_OF, engine="compiled")
    finally:
        batch._quick_line = original
    assert long_way == evaluate_line(pack, raw, number, as_of=AS_OF, engine="compiled")
    if quick is not None:
        assert (quick, None) == long_way, raw[:200]
    return long_way, quick is not None


def _documents(per_kind: int = 20) -> list[dict[str, Any]]:
    return [d for kind in KINDS for d in generate_cases(kind, per_kind, seed="quick", skew=3.0)]


@pytest.mark.parametrize(
    "dump",
    [
        lambda d: json.dumps(d, ensure_ascii=False),
        json.dumps,  # Chinese as \\u escapes
        lambda d: json.dumps(d, ensure_ascii=False, separators=(",", ":")),
        lambda d: json.dumps(d, ensure_ascii=False, indent=1).replace("\n", " "),
    ],
    ids=["default", "ascii", "compact", "spaced"],
)
def test_realistic_lines_are_read_quickly_and_alike(pack: PolicyPack, dump: Any) -> None:
    """Realistic lines of every kind, in the usual spellings of JSON: the same output both ways, and
    nearly all of them taken the quick way."""
    documents = _documents()
    taken = 0
    for document in documents:
        _, quick = _both_ways(pack, dump(document).encode("utf-8"))
        taken += quick
    assert taken >= 0.9 * len(documents)


def test_a_bom_on_the_first_line_is_read_alike(pack: PolicyPack) -> None:
    """The byte-order mark the first line may carry is dropped both ways."""
    raw = b"\xef\xbb\xbf" + json.dumps(_documents(1)[0], ensure_ascii=False).encode()
    (_, code), quick = _both_ways(pack, raw, number=1)
    assert code is None
    assert quick


HOSTILE = [
    b'{"kind":"credit_site","content":{"items":[]},"kind":"credit_site"}',
    b'{"kind":"credit_site","content":{"items":[],"items":[]}}',
    b'{"kind":"credit_site","content":{"items":[]},"\\u006bind":"credit_site"}',
    b'{"kind":"credit_site","content":{"items":[]},"kind" :"credit_site"}',
    b'{"kind":"credit_site","id":":x","content":{"items":[]},"id":"y"}',
    b'{"kind":"credit_site","id":"a\\":b","content":{"items":[]},"id":"y"}',
    b'{"kind":"credit_site","id":"a\\\\","content":{"items":[]},"id":"y"}',
    b'{"kind":"credit_site","content":{"items":[]},"id":NaN}',
    b'{"kind":"credit_site","content":{"items":[]},"id":-Infinity}',
    b'{"kind":"credit_site","content":{"items":[]},"id":1e400}',
    b'{"kind":"credit_site","content":{"items":[]},"id":"\\ud800"}',
    b'{"kind":"credit_site","content":{"items":[]},"id":"\xff"}',
    b'{"kind":"credit_site","content":{"items":[]}} trailing',
    b'{"kind":"credit_site","content":{"items":[1,]}}',
    b'["kind","credit_site"]',
    b'"kind"',
    b"",
    b"   ",
    b'{"kind":"credit_sit","content":{"items":[]}}',
    b'{"kind":"credit_site","content":{"items":[]},"unknown":1}',
    b'{"kind":"credit_site","content":{"items":' + b"[" * 40 + b"]" * 40 + b"}}",
    b'{"kind":"credit_site","content":{"items":[' + b",".join([b"1"] * 1200) + b"]}}",
    b'{"kind":"credit_site","content":{"items":[]},"id":"' + b"x" * 12_000 + b'"}',
    b'{"kind":"credit_site","content":{"items":[]},"id":' + b"1" * 5_000 + b"}",
]


def test_codes_outside_the_packs_vocabulary_are_refused_alike(pack: PolicyPack) -> None:
    """The quick way decides without walking the typed case for unknown codes (validation checked them
    against the pack's vocabulary): a code of an open list the pack does not know is refused alike."""
    document = next(d for d in _documents() if d["kind"] == "application")
    document["matter"]["risk_flags"] = ["public_safety", "not_a_flag"]
    (out, code), quick = _both_ways(pack, json.dumps(document, ensure_ascii=False).encode())
    assert code is not None, out[:200]
    assert b"not_a_flag" in out
    assert not quick
    document["matter"]["risk_flags"] = ["public_safety"]
    (_, code), quick = _both_ways(pack, json.dumps(document, ensure_ascii=False).encode())
    assert (code, quick) == (None, True)


@pytest.mark.parametrize("raw", HOSTILE, ids=[str(i) for i in range(len(HOSTILE))])
def test_hostile_lines_are_refused_alike(pack: PolicyPack, raw: bytes) -> None:
    """Every line the long way refuses is refused with the same record, never decided the quick way."""
    (out, code), quick = _both_ways(pack, raw)
    assert code is not None, out[:200]
    assert not quick


def test_the_quick_reading_declines_what_it_cannot_be_sure_of() -> None:
    """Keys twice (also as escapes or behind spaces), non-finite numbers, escaped quotes, colons that do
    not follow a quote, deep or long containers: no document."""
    limits = {"max_bytes": 10_000, "max_items": MAX_LIST_ITEMS, "max_depth": MAX_DEPTH}
    assert {"a": 1, "b": [{"c": "d"}]} == read_within_limits(b'{"a":1,"b":[{"c":"d"}]}', **limits)
    assert read_within_limits(b'{"a":1,"b":[{"c":":"}]}', **limits) is None  # a string starting with a colon
    readable = {
        b'{"kind":"credit_sit","content":{"items":[]}}',
        b'{"kind":"credit_site","content":{"items":[]},"unknown":1}',
    }
    for raw in [h for h in HOSTILE if h not in readable] + [b'{"a":"10:00"}', b'{"a":1.5e308,"b":-1e999}']:
        assert read_within_limits(raw, **limits) is None, raw[:80]


_KEY = st.sampled_from(["kind", "id", "content", "items", "a", ":", "b\\u0061", "\\u0061"])


@st.composite
def _mutated(draw: st.DrawFn) -> bytes:
    """A realistic line with one hostile change made in its text."""
    document = draw(st.sampled_from(_DOCUMENTS))
    text = json.dumps(document, ensure_ascii=draw(st.booleans()))
    objects = [i for i, c in enumerate(text) if c == "{"]
    at = draw(st.sampled_from(objects)) + 1
    change = draw(
        st.sampled_from(
            [
                lambda k: f'"{k}":1,',
                lambda k: f'"{k}" : ":{k}",',
                lambda k: f'"{k}":NaN,',
                lambda k: f'"{k}":"x\\"",',
                lambda k: f'"{k}":1e400,',
                lambda _k: text[text.index('"', at) : text.index(",", at) + 1] if "," in text[at:] else "",
            ]
        )
    )
    return (text[:at] + change(draw(_KEY)) + text[at:]).encode("utf-8")


_DOCUMENTS = _documents(4)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=_mutated())
def test_mutated_lines_give_the_same_output_both_ways(pack: PolicyPack, raw: bytes) -> None:
    """A realistic line with a key repeated (the same key, an escaped spelling, behind a space), a value
    that is NaN, infinite, an escaped quote or starts with a colon: the same output both ways."""
    _both_ways(pack, raw)
