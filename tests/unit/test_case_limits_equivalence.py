"""The one-loop fast walk of the case limits decides as the walk it replaced, on random and hostile documents.

``check_limits`` answers from the fast walk when it is certain and from the careful walk
(``_first_excess``, unchanged) otherwise, so it is right exactly when the fast walk never says
"within" of a document the careful walk refuses. The walk it replaced is kept below, word for word,
as the reference: on every document the new fast walk gives the same answer as the old one, and
``check_limits`` the same error (path, message, expectation, found) as the careful walk.
"""

from collections import OrderedDict, deque
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from benchmarks.generators import generate_mix
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import commitrules
from commitrules.errors import CaseValidationError
from commitrules.model._parse import (
    MAX_CASE_TEXT,
    MAX_DEPTH,
    MAX_LIST_ITEMS,
    MAX_TEXT_CHARS,
    MAX_VALUES,
    _first_excess,
    _keys_bound,
    _within_limits,
    check_limits,
)

# --- the fast walk before this change (commit 313a428), the reference -------------------------------

_OLD_PLAIN = frozenset({int, float, bool, type(None), Decimal, date, datetime})


class _UnsureError(Exception):
    pass


def _old_within_limits(document: object) -> bool:
    try:
        return _old_fast_walk(document)
    except Exception:  # noqa: BLE001 - as the old walk did
        return False


def _old_fast_walk(document: object) -> bool:
    if type(document) is dict:
        text = sum(map(len, document))
    elif type(document) is list:
        text = 0
    else:
        return False
    values = 1
    stack: list[tuple[Any, int]] = [(document, 0)]
    while stack:
        container, depth = stack.pop()
        size = len(container)
        values += size
        if size > MAX_LIST_ITEMS or (size and depth >= MAX_DEPTH) or values > MAX_VALUES:
            return False
        text += _old_fast_items(container.values() if type(container) is dict else container, depth + 1, stack)
        if text > MAX_CASE_TEXT:
            return False
    return True


def _old_fast_items(items: Iterable[Any], depth: int, stack: list[tuple[Any, int]]) -> int:
    text = 0
    for item in items:
        kind = type(item)
        if kind is str:
            length = len(item)
            if length > MAX_TEXT_CHARS:
                raise _UnsureError
            text += length
        elif kind is dict:
            text += sum(map(len, item))
            stack.append((item, depth))
        elif kind is list:
            stack.append((item, depth))
        elif kind not in _OLD_PLAIN:
            raise _UnsureError
    return text


# --- documents ---------------------------------------------------------------------------------------


class _Text(str):
    __slots__ = ()


class _Dict(dict[Any, Any]):
    pass


class _List(list[Any]):
    pass


class _LyingDict(dict[Any, Any]):
    """A dict whose Python-level view hides its items (the C-level one does not)."""

    def items(self) -> Any:
        return iter(())

    def __len__(self) -> int:
        return 0


def _nested(levels: int, leaf: object = "leaf") -> object:
    value: object = leaf
    for _ in range(levels):
        value = {"a": value}
    return value


def _listed(levels: int) -> object:
    value: object = ["leaf"]
    for _ in range(levels - 1):
        value = [value]
    return value


def _shared(levels: int) -> object:
    value: object = [1]
    for _ in range(levels):
        value = [value, value]
    return value


_cycle: list[object] = []
_cycle.append(_cycle)
_cyclic_dict: dict[str, object] = {}
_cyclic_dict["self"] = _cyclic_dict

#: Lengths of texts at and around the limits (and small ones).
_LENGTHS = st.sampled_from([0, 1, 5, MAX_TEXT_CHARS - 1, MAX_TEXT_CHARS, MAX_TEXT_CHARS + 1, 3 * MAX_TEXT_CHARS])
_COUNTS = st.sampled_from([0, 1, 2, 3, MAX_LIST_ITEMS - 1, MAX_LIST_ITEMS, MAX_LIST_ITEMS + 1])

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**200, max_value=10**300),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    st.text(max_size=8),
    _LENGTHS.map(lambda n: "字" * n),
    _LENGTHS.map(lambda n: _Text("x" * n)),
    st.just(b"bytes"),
    st.just(frozenset({"a", "b"})),
    # what pydantic reads as a text or a list: measured as one
    _LENGTHS.map(lambda n: "字".encode() * n),
    _LENGTHS.map(lambda n: frozenset({"x" * n})),
    _COUNTS.map(lambda n: set(range(n))),
    _COUNTS.map(lambda n: deque([0] * n)),
    st.just(_cycle),
    st.just(_cyclic_dict),
    st.integers(min_value=MAX_DEPTH - 3, max_value=MAX_DEPTH + 1).map(_nested),
    st.integers(min_value=10, max_value=20).map(_shared),
)

_keys = st.one_of(
    st.text(max_size=6),
    _LENGTHS.map(lambda n: "k" * n),
    _LENGTHS.map(lambda n: "字" * n),  # measured by a bound above its length
    st.integers(min_value=-3, max_value=3),
    st.just(("tuple", "key")),
    st.just(_Text("sub")),
)


def _containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    pairs = st.lists(st.tuples(_keys, children), max_size=6)
    return st.one_of(
        st.lists(children, max_size=6),
        pairs.map(dict),
        pairs.map(_Dict),
        pairs.map(OrderedDict),
        pairs.map(_LyingDict),
        st.lists(children, max_size=6).map(tuple),
        st.lists(children, max_size=6).map(_List),
        # one child many times: shared, and large lists at and past the item limit
        st.tuples(children, _COUNTS).map(lambda c: [c[0]] * c[1]),
        st.tuples(children, _COUNTS).map(lambda c: {f"k{i}": c[0] for i in range(c[1])}),
    )


_documents = st.recursive(_scalars, _containers, max_leaves=30)
_cases = st.dictionaries(st.text(max_size=6), _documents, max_size=5).map(lambda d: {"kind": "summary", **d})


def _dicts(document: object) -> list[dict[Any, Any]]:
    """The dicts in ``document`` (dicts and lists, as the old walk took them), each once per reference."""
    if type(document) is dict:
        return [document, *(d for value in document.values() for d in _dicts(value))]
    if type(document) is list:
        return [d for value in document for d in _dicts(value)]
    return []


def _has_key_not_text(document: object) -> bool:
    """Whether a dict in ``document`` (dicts and lists, as the old walk took them) has a key that is not a str."""
    return any(not isinstance(key, str) for d in _dicts(document) for key in d)


def _has_key_not_ascii(document: object) -> bool:
    """Whether a key in ``document`` is measured by more than its length: one not ASCII, or a subclass."""
    return any(type(key) is not str or not key.isascii() for d in _dicts(document) for key in d)


def _agree(document: object) -> None:
    careful = _first_excess(document)
    new_fast = _within_limits(document)
    old_fast = _old_within_limits(document)
    # The old walk took a key past the text limit (the careful walk now refuses it) and keys that are
    # not text but have a length (the new one leaves those to the careful walk); the new one measures
    # keys by a bound above their length unless they are ASCII (a case text near its limit in keys not
    # ASCII goes to the careful walk): nothing else differs.
    assert old_fast == new_fast or (
        old_fast and (careful is not None or _has_key_not_text(document) or _has_key_not_ascii(document))
    )
    assert careful == check_limits(document)
    if new_fast:
        assert careful is None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_documents)
def test_random_documents_are_decided_as_before(document: object) -> None:
    """Any value, of any shape and type, gets the answer of the old walk and the careful walk's error."""
    _agree(document)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_cases)
def test_random_case_documents_are_decided_as_before(document: dict[str, Any]) -> None:
    """A mapping with a kind: the same answer, and ``parse_case`` refuses it with the careful walk's error first."""
    _agree(document)
    careful = _first_excess(document)
    if careful is not None:
        with pytest.raises(CaseValidationError) as caught:
            commitrules.parse_case(document)
        assert (careful,) == caught.value.errors


#: Realistic cases of every kind, from the benchmark's own generator.
REALISTIC = generate_mix(300, seed="limits-equivalence")


@pytest.mark.parametrize("index", range(0, 300, 7))
def test_realistic_cases_take_the_fast_walk(index: int) -> None:
    """A realistic case is within the limits on the fast walk alone, as on the old one."""
    document = REALISTIC[index]
    assert _within_limits(document)
    assert _old_within_limits(document)
    assert check_limits(document) is None


HOSTILE = {
    "texts together past one text's limit, each within": {"kind": "summary", "l": ["x" * 6_000, "y" * 6_000]},
    "one text past its limit beside short ones": {"kind": "summary", "o": {"a": "x", "b": "y" * (MAX_TEXT_CHARS + 1)}},
    "a text past its limit in a later container": {"kind": "summary", "a": ["x" * 9_000], "b": ["y" * 10_001]},
    "keys make the case text too long": {"kind": "summary", "l": [{"k" * 9_999: 1} for _ in range(101)]},
    "shared sub-lists 2^20 values": {"kind": "summary", "l": _shared(20)},
    "cycle through a dict": {"kind": "summary", "o": _cyclic_dict},
    "depth at the limit through lists": {"kind": "summary", "l": _listed(MAX_DEPTH - 1)},
    "depth past the limit through lists": {"kind": "summary", "l": _listed(MAX_DEPTH)},
    "depth past the limit, an empty container": {"kind": "summary", "x": _nested(MAX_DEPTH - 1, [])},
    "depth past the limit, a leaf": {"kind": "summary", "x": _nested(MAX_DEPTH, 1)},
    "empty dicts deep": {"kind": "summary", "x": _nested(MAX_DEPTH - 1, {})},
    "a dict that lies about its items": {"kind": "summary", "o": _LyingDict({"a": "x" * (MAX_TEXT_CHARS + 1)})},
    "Decimal tuple of 1,001 booleans": {"kind": "summary", "m": (0, (True,) * 1_001, 0)},
    "a huge integer": {"kind": "summary", "n": 10**4000},
    "non-finite floats": {"kind": "summary", "f": [float("nan"), float("inf"), -float("inf")]},
    # 1 + 1 + 1 + 19 + 19 x 999 + 1 + 996 values; 4 + 1 + 1 + 7 + 99 x 10,000 + 9,987 characters
    "exactly the values limit": {"kind": "summary", "l": [[0] * 999 for _ in range(19)], "m": [0] * 996},
    "one past the values limit": {"kind": "summary", "l": [[0] * 999 for _ in range(19)], "m": [0] * 997},
    "exactly the case text": {"kind": "summary", "l": ["x" * 10_000] * 99, "m": "y" * 9_987},
    # 60 x 9,999 characters of keys, a bound of about twice as many: the careful walk decides
    "keys not ASCII, within the case text by their length only": {
        "kind": "summary",
        "l": [{"字" * 9_999: i} for i in range(60)],
    },
    "one past the case text": {"kind": "summary", "l": ["x" * 10_000] * 99, "m": "y" * 9_988},
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_documents_are_decided_as_before(name: str) -> None:
    """Documents at and past every limit, and built to mislead a walk: the same answers and errors."""
    _agree(HOSTILE[name])


def test_texts_together_past_one_limit_stay_on_the_fast_walk() -> None:
    """Several long texts in one container, each within its limit, are measured again one by one, not refused."""
    assert _within_limits(HOSTILE["texts together past one text's limit, each within"])
    assert not _within_limits(HOSTILE["one text past its limit beside short ones"])
    assert check_limits(HOSTILE["one text past its limit beside short ones"]) is not None


def test_the_documents_at_a_limit_are_within_it_and_one_more_is_not() -> None:
    """The hostile documents sized "exactly" at a limit are within it; one value or character more is not."""
    for limit in ("the values limit", "the case text"):
        assert check_limits(HOSTILE[f"exactly {limit}"]) is None
        assert _within_limits(HOSTILE[f"exactly {limit}"])
        assert check_limits(HOSTILE[f"one past {limit}"]) is not None
    assert check_limits(HOSTILE["depth at the limit through lists"]) is None
    assert check_limits(HOSTILE["depth past the limit through lists"]) is not None
    assert MAX_VALUES == 20_000
    assert MAX_CASE_TEXT == 1_000_000


class _Lying(str):
    __slots__ = ()

    def __len__(self) -> int:
        return 0

    def __sizeof__(self) -> int:
        return 0


#: Texts of every width CPython stores (one, two and four bytes a character), subclasses that lie about their size.
_KEYS = ["", "k", "k" * MAX_TEXT_CHARS, "é", "é" * 300, "字", "字" * 300, "😀", "😀" * 300]
_KEYS += [_Text("abc"), _Lying("字" * 50)]


@pytest.mark.parametrize("key", _KEYS, ids=range(len(_KEYS)))
def test_keys_are_measured_at_least_by_their_length(key: str) -> None:
    """The keys' bound is at least the characters a key holds (a subclass's size is not asked); of ASCII, exactly."""
    assert _keys_bound([{key: 1}]) >= str.__len__(key)
    assert _keys_bound([{key: 1, "kind": 2}, {key: 3}]) >= 2 * str.__len__(key) + 4
    if type(key) is str and key.isascii():
        assert _keys_bound([{key: 1}]) == len(key)


def test_keys_past_the_text_limit_by_their_bound_only_are_measured_again() -> None:
    """Keys not ASCII within the limits by their length but not by their bound: within the limits."""
    document = HOSTILE["keys not ASCII, within the case text by their length only"]
    assert _keys_bound(_dicts(document)) > MAX_CASE_TEXT
    assert not _within_limits(document)
    assert check_limits(document) is None
