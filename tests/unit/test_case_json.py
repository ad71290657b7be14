"""The JSON short cut of the batch (`parse_case_json`) accepts only what the long way accepts, as equal cases.

The long way is `parse_case(json.loads(raw))`, which the batch has always taken and which words every
error. The short cut may decline any line (None), but must never accept a line the long way refuses,
nor read an accepted line into another case. Checked on generated cases of every kind (realistic and
with rare events made frequent), on every bad line of the batch's tests, and on each field of many
cases broken in turn.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from benchmarks.generators import KINDS, generate_cases

from commitrules.errors import CaseValidationError
from commitrules.model import parse_case
from commitrules.model._json import parse_case_json
from tests.test_batch import BAD_LINES


def _long_way(raw: bytes) -> Any:
    """The case, or None when the long way refuses the line (any way it can)."""
    try:
        return parse_case(json.loads(raw.decode("utf-8")))
    except (CaseValidationError, ValueError, RecursionError, UnicodeDecodeError):
        return None


def _check(raw: bytes) -> bool:
    """Whether the short cut accepted ``raw``, after checking that it agrees with the long way."""
    fast = parse_case_json(raw)
    slow = _long_way(raw)
    if fast is None:
        return False
    assert slow is not None, raw[:200]
    assert slow == fast
    assert slow.model_dump_json() == fast.model_dump_json()
    return True


@pytest.mark.parametrize("kind", KINDS)
def test_generated_cases_are_read_as_the_long_way_reads_them(kind: str) -> None:
    documents = generate_cases(kind, 150, seed="json") + generate_cases(kind, 150, seed="json-rare", skew=3.0)
    accepted = [_check(json.dumps(d, ensure_ascii=False).encode("utf-8")) for d in documents]
    assert all(accepted)  # valid integer-only documents: the short cut takes every one


@pytest.mark.parametrize(("raw", "code", "where"), BAD_LINES)
def test_every_bad_line_of_the_batch_is_left_to_the_long_way(raw: bytes, code: str, where: str) -> None:
    assert parse_case_json(raw) is None, (code, where)


_GOOD = b'{"kind": "matter_review", "matter": %s}'


@pytest.mark.parametrize(
    "raw",
    [
        b'{"kind": "credit_site", "content": {"items": []}, "id": NaN}',
        b'{"kind": "credit_site", "content": {"items": []}, "id": Infinity}',
        b'{"kind": "credit_site", "content": {"items": []}, "id": -Infinity}',
        b'\xef\xbb\xbf{"kind": "credit_site", "content": {"items": []}}',
        b'{"kind": "credit_site", "content": {"items": []}, "id": "\\ud800"}',
        b'{"kind": "credit_site", "content": {"items": []}, "id": 12345678901234567890}',
    ],
)
def test_what_json_does_not_have_or_reads_otherwise_is_left_to_the_long_way(raw: bytes) -> None:
    assert parse_case_json(raw) is None


def test_money_with_a_fraction_or_an_exponent_is_left_to_the_long_way() -> None:
    """`json.loads` makes 1e2 a float and pydantic Decimal('100.0'); pydantic's own parser gives 100."""
    document = generate_cases("application", 1, seed="money")[0]
    document["matter"]["fees"] = "FEES"
    template = json.dumps(document).encode()
    for text in (b"100.0", b"1e2", b"1E+2", b"12.5", b"-0.0"):
        raw = template.replace(b'"FEES"', text)
        assert _long_way(raw) is not None  # valid, and read the long way
        assert parse_case_json(raw) is None
    assert _check(template.replace(b'"FEES"', b"100"))


def test_integers_longer_than_json_loads_reads_are_left_to_the_long_way() -> None:
    """`json.loads` refuses integers of more than 4,300 digits; pydantic's parser may read them."""
    document = generate_cases("matter_review", 1, seed="digits")[0]
    document["matter"]["processing_days"] = "DAYS"
    template = json.dumps(document).encode()
    assert _check(template.replace(b'"DAYS"', b"20"))
    for digits in (4301, 4400):
        raw = template.replace(b'"DAYS"', b"9" * digits)
        assert _long_way(raw) is None
        assert parse_case_json(raw) is None


def test_duplicate_keys_keep_the_last_value_both_ways() -> None:
    raw = b'{"kind": "credit_site", "content": {"items": []}, "id": "a", "id": "b"}'
    assert _check(raw)
    assert "b" == parse_case_json(raw).id  # type: ignore[union-attr]


_BROKEN: list[Any] = [None, True, 0, -1, "", "x", "2020-13-45", [], ["x"], {}, {"x": 1}]


@pytest.mark.parametrize("kind", KINDS)
def test_cases_broken_field_by_field_are_never_accepted_wrongly(kind: str) -> None:
    """Every field (and every field of an object field) replaced in turn by values of every JSON type."""
    base = generate_cases(kind, 3, seed="broken")
    for document in base:
        for key, value in list(document.items()):
            targets = [(document, key)]
            if isinstance(value, dict):
                targets += [(value, inner) for inner in list(value)]
            for parent, name in targets:
                saved = parent[name]
                for broken in _BROKEN:
                    parent[name] = broken
                    _check(json.dumps(document, ensure_ascii=False).encode())
                del parent[name]
                _check(json.dumps(document, ensure_ascii=False).encode())
                parent[name] = saved
        document["unknown_field"] = 1
        assert not _check(json.dumps(document).encode())
