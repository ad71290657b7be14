"""The fast walk of ``check_limits`` decides exactly as the careful walk, at and just past every limit."""

import itertools
from array import array
from collections import OrderedDict, deque
from datetime import date

import pytest

from commitrules.errors import CaseValidationError
from commitrules.model import parse_case
from commitrules.model._parse import (
    MAX_CASE_TEXT,
    MAX_DEPTH,
    MAX_LIST_ITEMS,
    MAX_TEXT_CHARS,
    MAX_VALUES,
    _first_excess,
    _within_limits,
    check_limits,
)


def _nested(levels: int) -> object:
    value: object = "leaf"
    for _ in range(levels):
        value = {"a": value}
    return {"kind": "summary", "x": value}


class _Text(str):
    __slots__ = ()


_cyclic: list[object] = []
_cyclic.append(_cyclic)

DOCUMENTS = {
    "small": {"kind": "application", "n": 1, "d": date(2020, 1, 1), "l": [1.5, None, True, "x"]},
    "items at limit": {"kind": "summary", "l": ["x"] * MAX_LIST_ITEMS},
    "items past limit": {"kind": "summary", "l": ["x"] * (MAX_LIST_ITEMS + 1)},
    "fields past limit": {"kind": "summary", "o": {f"k{i}": i for i in range(MAX_LIST_ITEMS + 1)}},
    "text at limit": {"kind": "summary", "t": "x" * MAX_TEXT_CHARS},
    "text past limit": {"kind": "summary", "t": "x" * (MAX_TEXT_CHARS + 1)},
    "depth at limit": _nested(MAX_DEPTH - 1),
    "depth past limit": _nested(MAX_DEPTH),
    "values past limit": {"kind": "summary", "l": [[0] * 999 for _ in range(MAX_VALUES // 999 + 1)]},
    "case text past limit": {"kind": "summary", "l": [["x" * 9_000] * 120 for _ in range(1)]},
    "case text in keys": {"kind": "summary", "l": [{"k" * 9_000 + str(i): 1 for i in range(1)} for _ in range(120)]},
    "case text at limit": {"kind": "summary", "l": ["x" * 10_000] * 99},
    "int keys": {"kind": "summary", 1: "x", "o": {2: [3]}},
    "tuple": {"kind": "summary", "t": ("x" * (MAX_TEXT_CHARS + 1),)},
    "text subclass": {"kind": "summary", "t": _Text("x" * (MAX_TEXT_CHARS + 1))},
    "other mapping": {"kind": "summary", "o": OrderedDict(("k", "x" * (MAX_TEXT_CHARS + 1)) for _ in range(1))},
    "cycle": {"kind": "summary", "l": _cyclic},
    "list root": [1, 2, "x"],
}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_fast_walk_agrees_with_careful_walk(name: str) -> None:
    document = DOCUMENTS[name]
    careful = _first_excess(document)
    assert check_limits(document) == careful
    if careful is not None:
        assert not _within_limits(document)


def test_fast_walk_passes_plain_documents_without_the_careful_walk() -> None:
    assert _within_limits(DOCUMENTS["small"])
    assert _within_limits(DOCUMENTS["items at limit"])
    assert _within_limits(DOCUMENTS["depth at limit"])
    assert not _within_limits(DOCUMENTS["depth past limit"])
    assert _first_excess(DOCUMENTS["depth past limit"]) is not None
    assert MAX_CASE_TEXT == 1_000_000  # the "case text" documents above are sized for it


class _ShortText(str):
    """A text that says it is empty (pydantic reads its characters, not its ``__len__``)."""

    __slots__ = ()

    def __len__(self) -> int:
        return 0


class _HidingDict(dict[str, object]):
    """A dict whose Python-level view hides its items (pydantic reads the C-level ones)."""

    def items(self) -> object:
        return iter(())

    def keys(self) -> object:
        return iter(())

    def values(self) -> object:
        return iter(())

    def __iter__(self) -> object:
        return iter(())

    def __len__(self) -> int:
        return 0


class _HidingList(list[object]):
    """A list whose Python-level view hides its items."""

    def __iter__(self) -> object:
        return iter(())

    def __len__(self) -> int:
        return 0


class _HidingTuple(tuple[object, ...]):
    """A tuple whose Python-level view hides its items."""

    __slots__ = ()

    def __iter__(self) -> object:
        return iter(())

    def __len__(self) -> int:
        return 0


LONG = "x" * (MAX_TEXT_CHARS + 1)

#: Documents past a limit that a walk trusting ``len`` and the Python-level iteration of a subclass, or
#: measuring only values, would take as within it; each with the path and message of its first excess.
PAST_UNSEEN = {
    "a key past the text limit": (
        {"kind": "summary", "report": {"k" * (MAX_TEXT_CHARS + 1): 1}},
        "$.report",
        f"A field name is {MAX_TEXT_CHARS + 1} characters long; a case holds at most {MAX_TEXT_CHARS} in one text",
    ),
    "a text subclass that says it is short": (
        {"kind": "summary", "t": _ShortText(LONG)},
        "$.t",
        f"The text is {MAX_TEXT_CHARS + 1} characters long; a case holds at most {MAX_TEXT_CHARS} in one text",
    ),
    "a key subclass that says it is short": (
        {"kind": "summary", "o": {_ShortText(LONG): 1}},
        "$.o",
        f"A field name is {MAX_TEXT_CHARS + 1} characters long; a case holds at most {MAX_TEXT_CHARS} in one text",
    ),
    "a dict that hides its items": (
        {"kind": "summary", "o": _HidingDict({"a": LONG})},
        "$.o.a",
        f"The text is {MAX_TEXT_CHARS + 1} characters long; a case holds at most {MAX_TEXT_CHARS} in one text",
    ),
    "a list that hides its items": (
        {"kind": "summary", "l": _HidingList(["x"] * (MAX_LIST_ITEMS + 1))},
        "$.l",
        f"The list has {MAX_LIST_ITEMS + 1} items; a case holds at most {MAX_LIST_ITEMS} in one list",
    ),
    "a tuple that hides its items": (
        {"kind": "summary", "l": _HidingTuple((LONG,))},
        "$.l[0]",
        f"The text is {MAX_TEXT_CHARS + 1} characters long; a case holds at most {MAX_TEXT_CHARS} in one text",
    ),
}


#: Values pydantic takes for a text (bytes) or a list (sets, deques, dict views, arrays), each past a limit.
PAST_IN_ODD_TYPES = {
    "bytes": ({"kind": "summary", "report": {"unit": b"x" * (MAX_TEXT_CHARS + 1)}}, "$.report.unit", "text_too_long"),
    "bytearray": ({"kind": "summary", "u": bytearray(b"x" * (MAX_TEXT_CHARS + 1))}, "$.u", "text_too_long"),
    "a set": (
        {"kind": "summary", "report": {"sections": {f"s{i}" for i in range(1001)}}},
        "$.report.sections",
        "too_large",
    ),
    "a frozenset": ({"kind": "summary", "s": frozenset(range(1001))}, "$.s", "too_large"),
    "a deque": ({"kind": "summary", "report": {"sections": deque([LONG])}}, "$.report.sections[0]", "text_too_long"),
    "dict keys": ({"kind": "summary", "s": dict.fromkeys(range(1001)).keys()}, "$.s", "too_large"),
    "an array": ({"kind": "summary", "s": array("i", range(1001))}, "$.s", "too_large"),
    "values in sets": ({"kind": "summary", "s": [frozenset(range(999))] * 21}, "$.s[19][996]", "too_many"),
}


@pytest.mark.parametrize("name", PAST_IN_ODD_TYPES)
def test_limits_hold_for_texts_and_lists_of_other_types(name: str) -> None:
    """bytes are a text and a set, deque, dict view or array a list to pydantic: to the limits too."""
    document, path, kind = PAST_IN_ODD_TYPES[name]
    assert not _within_limits(document)
    found = check_limits(document)
    assert found is not None
    assert path == found.path
    assert found.message.startswith(
        {"text_too_long": "The text is", "too_large": "The list has", "too_many": "The case holds more"}[kind]
    )
    with pytest.raises(CaseValidationError) as refused:
        parse_case(document)  # type: ignore[arg-type]
    assert (found,) == tuple(refused.value.errors)


def test_a_text_in_bytes_counts_its_characters() -> None:
    """UTF-8 bytes count the characters pydantic reads from them, as a str would; of a text past every
    limit, its first characters (a huge text is not decoded whole)."""
    huge = check_limits({"kind": "summary", "u": b"\xff" * (50 * MAX_CASE_TEXT)})
    assert huge is not None
    assert f"{4 * (MAX_CASE_TEXT + 1)} characters" == huge.found
    assert check_limits({"kind": "summary", "u": "字".encode() * MAX_TEXT_CHARS}) is None
    found = check_limits({"kind": "summary", "u": "字".encode() * (MAX_TEXT_CHARS + 1)})
    assert found is not None
    assert f"{MAX_TEXT_CHARS + 1} characters" == found.found


@pytest.mark.parametrize("name", PAST_UNSEEN)
def test_limits_hold_for_long_keys_and_subclasses_that_hide_their_size(name: str) -> None:
    """A key is a text too, and a subclass of str, dict, list or tuple is measured by what it holds (what
    pydantic validates), not by its own ``__len__`` or iteration: refused by both walks, with the path."""
    document, path, message = PAST_UNSEEN[name]
    assert not _within_limits(document)
    found = check_limits(document)
    assert found is not None
    assert (path, message) == (found.path, found.message)


def test_a_key_at_the_text_limit_is_within_it() -> None:
    """A key of exactly the text limit passes both walks; the fast walk alone decides it."""
    document = {"kind": "summary", "report": {"k" * MAX_TEXT_CHARS: 1, "j" * MAX_TEXT_CHARS: 2}}
    assert _within_limits(document)
    assert check_limits(document) is None


def _endless() -> object:
    while True:
        yield "progress"


ITERATORS = {
    "generator": lambda: (code for code in ["progress"]),
    "endless generator": _endless,
    "list iterator": lambda: iter(["progress"]),
    "map": lambda: map(str, ["progress"]),
    "itertools.repeat, endless": lambda: itertools.repeat("progress"),
}


@pytest.mark.parametrize("name", ITERATORS)
def test_an_iterator_is_refused_where_pydantic_would_read_it_as_a_list(name: str) -> None:
    """Pydantic reads an iterator as a list, but it cannot be measured without using it up (or ever, if endless)."""
    document = {"kind": "summary", "report": {"sections": ITERATORS[name]()}}
    assert not _within_limits(document)
    with pytest.raises(CaseValidationError) as caught:
        parse_case(document)
    (error,) = caught.value.errors
    assert error.path == "$.report.sections"
    assert error.message == "An iterator or generator cannot be checked against the case limits; give a list"
    assert error.expected == "a list"
    assert error.render("zh").startswith("$.report.sections: 迭代器或生成器无法按案件的限制检查；请给出列表（")


def test_a_list_where_an_iterator_was_is_read() -> None:
    case = parse_case({"kind": "summary", "report": {"sections": ["progress"]}})
    assert [str(s) for s in case.report.sections] == ["progress"]  # type: ignore[attr-defined]
