"""Turning a case document (a mapping) into a typed case, and pydantic's errors into :class:`CaseError`.

Every problem is reported against a JSON path (``$.result.findings[0].type``) with what was expected
and what was found. Case documents come from host systems and files, so nothing in one may make
:func:`parse_case` raise anything but :class:`CaseValidationError`.
"""

import typing
from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from itertools import chain
from typing import Any

from pydantic import ValidationError

from commitrules.errors import CaseError, CaseValidationError, suggest
from commitrules.messages import Text
from commitrules.model import codes
from commitrules.model._base import Case
from commitrules.model._case_errors import case_errors, found, json_path
from commitrules.model._types import CodeMembership
from commitrules.model.cases import CASE_MODELS
from commitrules.model.matter import RiskFlag

__all__ = [
    "MAX_CASE_TEXT",
    "MAX_DEPTH",
    "MAX_LIST_ITEMS",
    "MAX_TEXT_CHARS",
    "MAX_VALUES",
    "BundledCodes",
    "check_limits",
    "parse_case",
    "validate_within_limits",
]

# Limits no real case reaches (a case is a few kB: a handful of findings, a history of tens of
# commitments). They bound the memory and time one case may take, and the size of its decision,
# whatever the document holds; they are checked on the document before it is validated.
#: Items in one list.
MAX_LIST_ITEMS = 1_000
#: Characters in one text (a key or a value).
MAX_TEXT_CHARS = 10_000
#: Values in one case (objects, lists and scalars, each counted once).
MAX_VALUES = 20_000
#: Characters of text in one case, all texts together.
MAX_CASE_TEXT = 1_000_000
#: Levels of nesting (the deepest model path, ``$.applicant.history[0]...``, has fewer than ten).
MAX_DEPTH = 32

#: The bundled codes of the open lists (``policies/vocabulary.yaml`` of the bundled pack has the same).
_BUNDLED: dict[str, type[StrEnum]] = {
    "reasons": codes.Reason,
    "consequences": codes.Consequence,
    "channels": codes.Channel,
    "tools": codes.Tool,
    "risk_flags": RiskFlag,
    "verification_methods": codes.VerificationMethod,
}


def parse_case(data: Mapping[str, object], *, source: str = "", vocabulary: CodeMembership | None = None) -> Case:
    """Validate a case document against the model of its ``kind``.

    Args:
        data: the document, as loaded from JSON or YAML.
        source: the file or input line it came from, attributed to every error.
        vocabulary: the codes the open-list fields (risk flags, verification methods, channels) may
            hold: a pack's ``pack.vocabulary``; None for the bundled codes.

    Returns:
        The typed case.

    Raises:
        CaseValidationError: listing every problem found (at most ``MAX_DIAGNOSTICS`` of them).
    """
    try:
        return _parse(data, vocabulary if vocabulary is not None else BundledCodes())
    except CaseValidationError as exc:
        raise exc.with_source(source) if source else exc from None
    except Exception as exc:  # noqa: BLE001 - a hostile mapping may raise anything; the contract is one error type
        message = Text("case.unreadable", error=type(exc).__name__)
        raise CaseValidationError([CaseError.of("$", message, Text("case.a_mapping"), found(data), source)]) from None


def validate_within_limits(data: dict[str, object], vocabulary: CodeMembership) -> Case | None:
    """The typed case of a document known to be within the case limits, or None on any problem.

    What :func:`parse_case` does after checking the limits, for a reader that has proved them
    otherwise (the batch's quick reading of a line); a None sends the caller to :func:`parse_case`,
    which words the errors.
    """
    kind = data.get("kind")
    model = CASE_MODELS.get(kind) if isinstance(kind, str) else None
    if model is None:
        return None
    try:
        return model.model_validate(data, context={"vocabulary": vocabulary})
    except ValidationError:
        return None


class BundledCodes:
    """The codes of the bundled enums, for validating a case without a pack."""

    def codes(self, list_name: str) -> tuple[str, ...]:
        """The bundled codes of ``list_name`` (empty for a list the case models do not use)."""
        enum = _BUNDLED.get(list_name)
        return tuple(m.value for m in enum) if enum is not None else ()

    def has(self, list_name: str, code: str) -> bool:
        """Whether ``code`` is a bundled code of ``list_name``."""
        return code in self.codes(list_name)


def _parse(data: object, vocabulary: CodeMembership) -> Case:
    if type(data) is not dict and not isinstance(data, Mapping):  # a dict first: the ABC check costs more
        raise CaseValidationError(
            [CaseError.of("$", Text("case.not_mapping"), Text("case.mapping_with_kind"), found(data))]
        )
    try:  # what check_limits does, two calls less
        within = _fast_walk(data)
    except Exception:  # noqa: BLE001 - a hostile mapping may raise anything; the careful walk decides
        within = False
    if not within:
        too_large = _first_excess(data)
        if too_large is not None:
            raise CaseValidationError([too_large])
    kind = data.get("kind")
    model = CASE_MODELS.get(kind) if isinstance(kind, str) else None
    if model is None:
        expected = Text("case.one_of", values=", ".join(f"'{k}'" for k in CASE_MODELS))
        if "kind" not in data:
            raise CaseValidationError([CaseError.of("$.kind", Text("case.no_kind"), expected)])
        message = Text("case.unknown_kind")
        if isinstance(kind, str) and (close := suggest(kind, CASE_MODELS)):
            message = Text("case.guess", message=message, guess=close)
        raise CaseValidationError([CaseError.of("$.kind", message, expected, found(kind))])
    try:
        # model_validate without its Python wrapper (it passes six keywords, all None but this one)
        typed: Case = model.__pydantic_validator__.validate_python(data, context={"vocabulary": vocabulary})
    except ValidationError as exc:
        raise CaseValidationError(case_errors(model, exc)) from None
    return typed


def check_limits(document: object) -> CaseError | None:
    """The first limit ``document`` goes past (:data:`MAX_LIST_ITEMS` and the others), with its path; or None.

    Iterative and stopping at the first excess, so that a huge or deep document costs little.

    Examples:
        >>> check_limits({"kind": "summary", "report": {"sections": ["x"] * 5000}}).message
        'The list has 5000 items; a case holds at most 1000 in one list'
    """
    if _within_limits(document):
        return None
    return _first_excess(document)


# Exact types whose values no limit concerns (no text, no items): the fast walk passes over them.
_PLAIN = frozenset({int, float, bool, type(None), Decimal, date, datetime})
_NONE = type(None)
_chain = chain.from_iterable
# The size of a str, list, tuple or dict as pydantic sees it: the built-in type's own, which a subclass
# cannot override (its ``__len__``, ``__iter__`` or ``items`` may say anything).
_str_len = str.__len__


def _within_limits(document: object) -> bool:
    """Whether ``document`` is certainly within every limit, measured without building any path.

    A fast walk for the common case (dicts, lists and plain scalars, as JSON and YAML give them): it
    counts values and text and tracks depth only. It answers False whenever it is not certain (a
    limit reached, a mapping that is not a dict, a value of another type, anything raised), and then
    :func:`_first_excess` walks again, in document order, to find the first excess and its path, so
    that refusals, messages and paths are exactly those of the one careful walk.
    """
    try:
        return _fast_walk(document)
    except Exception:  # noqa: BLE001 - a hostile mapping may raise anything; the careful walk decides
        return False


def _fast_walk(document: object) -> bool:  # noqa: C901, PLR0911, PLR0912 - one loop, every type inline: it runs per value
    """The walk of :func:`_within_limits`, in one loop (a function call per container cost a fifth of it).

    Level by level: the items of every container at one depth in one loop (a chain), and the containers
    among them make the next level, so the depth is the level's and no (items, depth) pair is kept per
    container. Every count is at least the careful walk's (keys are measured by :func:`_keys_bound`,
    which a key that is not a ``str`` makes raise, ending the walk), so a True is never wrong; a False
    may be (texts of more than :data:`MAX_TEXT_CHARS` characters together in one level, or keys
    together, are measured again one by one).
    Each container is counted once per reference, as the careful walk does, so a sub-list shared many
    times counts many times and a cycle runs into :data:`MAX_DEPTH`.
    """
    if type(document) is dict:
        dicts: list[dict[object, object]] = [document]  # whose keys are measured together at the end
        level: list[Iterable[object]] = [document.values()]
    elif type(document) is list:
        dicts = []
        level = [document]
    else:
        return False
    values = 1 + len(document)
    if len(document) > MAX_LIST_ITEMS or values > MAX_VALUES:
        return False
    keep = dicts.append
    text = 0
    depth = 1  # of the items being walked (the root's are at 1; a value deeper than MAX_DEPTH is refused)
    while True:
        below: list[Iterable[object]] = []  # the next level: the items of the containers of this one
        push = below.append
        here = 0  # characters of the texts of this level
        for item in _chain(level):
            kind = type(item)
            if kind is str:
                here += len(item)  # type: ignore[arg-type]
            elif kind is bool or kind is _NONE or kind is int:
                pass
            elif kind is dict:
                size = len(item)  # type: ignore[arg-type]
                if size:
                    values += size
                    if size > MAX_LIST_ITEMS or values > MAX_VALUES:
                        return False
                    keep(item)  # type: ignore[arg-type]
                    push(item.values())  # type: ignore[attr-defined]
            elif kind is list:
                size = len(item)  # type: ignore[arg-type]
                if size:
                    values += size
                    if size > MAX_LIST_ITEMS or values > MAX_VALUES:
                        return False
                    push(item)  # type: ignore[arg-type]
            elif kind not in _PLAIN:
                return False
        if here > MAX_TEXT_CHARS and _has_long_text(_chain(level)):
            return False
        text += here
        if text > MAX_CASE_TEXT:
            return False
        if not below:
            keys = _keys_bound(dicts)
            if keys > MAX_TEXT_CHARS and max(map(_str_len, _chain(dicts))) > MAX_TEXT_CHARS:  # type: ignore[arg-type]
                return False
            return text + keys <= MAX_CASE_TEXT
        if depth >= MAX_DEPTH:  # a container with items at the deepest level: its items are too deep
            return False
        depth += 1
        level = below


#: What ``str.__sizeof__`` says of the empty text: in CPython every text takes at least that many bytes
#: and one more for each of its characters (a compact ASCII text exactly so; any other text more: a
#: wider header, two or four bytes a character, the data apart from the object).
_EMPTY_SIZE = str.__sizeof__("")
_str_size = str.__sizeof__


def _keys_bound(dicts: list[dict[object, object]]) -> int:
    """At least the characters of all keys of ``dicts`` together; exactly so when every key is ASCII.

    ``str.__sizeof__`` is a builtin method, called at C speed; ``str.__len__`` is a slot wrapper,
    called through a tuple of arguments (it took a third of the walk). Neither asks a subclass (its
    own ``__len__`` or ``__sizeof__`` may say anything), and both raise on a key that is not a ``str``.
    """
    return sum(map(_str_size, _chain(dicts))) - _EMPTY_SIZE * sum(map(len, dicts))


def _has_long_text(items: Iterable[object]) -> bool:
    """Whether a text among ``items`` has more than :data:`MAX_TEXT_CHARS` characters."""
    return any(type(item) is str and len(item) > MAX_TEXT_CHARS for item in items)


def _first_excess(document: object) -> CaseError | None:
    """The careful walk of :func:`check_limits`: in document order, with the path of every value."""
    stack: list[tuple[object, tuple[int | str, ...]]] = [(document, ())]
    values = text = 0
    while stack:
        value, loc = stack.pop()
        values += 1
        text += _text_length(value)
        problem = (
            _excess(value, loc)
            if values <= MAX_VALUES
            else CaseError.of(
                json_path(loc),
                Text("case.too_many_values", max=MAX_VALUES),
                Text("case.at_most_values", max=MAX_VALUES),
                Text("case.found.more"),
            )
        )
        if problem is None and text > MAX_CASE_TEXT:
            problem = CaseError.of(
                json_path(loc),
                Text("case.too_much_text", max=MAX_CASE_TEXT),
                Text("case.at_most_text", max=MAX_CASE_TEXT),
                Text("case.found.more"),
            )
        if problem is not None:
            return problem
        if _is_list(value):
            stack.extend((item, (*loc, index)) for index, item in reversed(list(enumerate(_items(value)))))
        elif isinstance(value, Mapping):
            stack.extend(
                (item, (*loc, key if isinstance(key, str | int) else repr(key)))
                for key, item in reversed(_pairs(value))
            )
    return None


def _is_list(value: object) -> typing.TypeGuard[Collection[object]]:
    """Whether pydantic may read ``value`` as a list: any collection but a text, bytes or a mapping.

    That is a list, tuple, set, deque, dict view or array. An iterator is not one: it is refused
    (:func:`_is_iterator`), since walking it would use it up.
    """
    return isinstance(value, list | tuple) or (
        isinstance(value, Collection) and not isinstance(value, str | bytes | bytearray | Mapping)
    )


def _is_iterator(value: object) -> bool:
    """Whether ``value`` is iterable but not a collection: a generator, iterator, ``map`` or ``itertools`` object.

    Pydantic reads one as a list, but it may be endless and measuring it would use it up: refused.
    """
    return isinstance(value, Iterable) and not isinstance(value, Collection | Mapping | str | bytes | bytearray)


#: Built-in collections whose own ``__iter__`` gives their items, whatever a subclass says.
_OWN_ITER: tuple[tuple[type, Callable[[Any], Iterable[object]]], ...] = (
    (list, list.__iter__),
    (tuple, tuple.__iter__),
    (set, set.__iter__),
    (frozenset, frozenset.__iter__),
)


def _items(value: Collection[object]) -> list[object]:
    """The items of a collection as pydantic reads them (a built-in's own: a subclass's ``__iter__`` is not asked)."""
    for base, own in _OWN_ITER:
        if isinstance(value, base):
            return list(own(value))
    return list(value)


def _pairs(value: Mapping[object, object]) -> list[tuple[object, object]]:
    """The items of a mapping; of a dict, the dict's own (a subclass's ``items`` is not asked)."""
    return list(dict.items(value)) if isinstance(value, dict) else list(value.items())


def _size(value: object) -> int:
    """The items of a collection or mapping, counted as :func:`_items` and :func:`_pairs` give them."""
    for base, own in _OWN_LEN:
        if isinstance(value, base):
            return own(value)
    return len(value)  # type: ignore[arg-type]


#: Built-in collections and their own ``__len__``, whatever a subclass says.
_OWN_LEN: tuple[tuple[type, Callable[[Any], int]], ...] = (
    (list, list.__len__),
    (tuple, tuple.__len__),
    (set, set.__len__),
    (frozenset, frozenset.__len__),
    (dict, dict.__len__),
)


def _keys(value: Mapping[object, object]) -> Iterable[object]:
    """The keys of a mapping, not copied; of a dict, the dict's own (a subclass's ``__iter__`` is not asked)."""
    return dict.keys(value) if isinstance(value, dict) else value


def _text_length(value: object) -> int:
    if isinstance(value, str):
        return _str_len(value)
    if isinstance(value, bytes | bytearray):
        return _bytes_chars(value)
    if isinstance(value, Mapping):
        return sum(_str_len(key) for key in _keys(value) if isinstance(key, str))
    return 0


#: The most bytes of a text in bytes decoded to count its characters: a character takes at most four
#: bytes (and a byte that is not UTF-8 one), so so many bytes hold more characters than any limit.
_BYTES_MEASURED = 4 * (MAX_CASE_TEXT + 1)


def _bytes_chars(value: bytes | bytearray) -> int:
    """The characters of the text pydantic reads from ``value`` (UTF-8; a byte that is not counts as one).

    Of a longer text, those of its first :data:`_BYTES_MEASURED` bytes (past every limit already): a
    text of gigabytes is not copied whole to be measured.
    """
    return len(bytes(value[:_BYTES_MEASURED]).decode("utf-8", "replace"))


def _excess(value: object, loc: tuple[int | str, ...]) -> CaseError | None:
    """The limit one value goes past by itself (a text too long, a list or object too large), or None."""
    if len(loc) > MAX_DEPTH:
        return CaseError.of(
            json_path(loc),
            Text("case.too_deep", max=MAX_DEPTH),
            Text("case.at_most_levels", max=MAX_DEPTH),
            Text("case.found.more"),
        )
    if _is_iterator(value):  # pydantic would read it as a list, and none of it can be measured first
        return CaseError.of(json_path(loc), Text("case.iterator"), Text("case.a_list"), found(value))
    length = _text_length(value) if isinstance(value, str | bytes | bytearray) else 0
    if length > MAX_TEXT_CHARS:
        return CaseError.of(
            json_path(loc),
            Text("case.text_too_long", length=length, max=MAX_TEXT_CHARS),
            Text("case.at_most_chars", max=MAX_TEXT_CHARS),
            Text("case.found.chars", count=length),
        )
    if (isinstance(value, Mapping) or _is_list(value)) and (size := _size(value)) > MAX_LIST_ITEMS:
        what = "object" if isinstance(value, Mapping) else "list"
        unit = "fields" if isinstance(value, Mapping) else "items"
        return CaseError.of(
            json_path(loc),
            Text(f"case.too_large.{what}", count=size, max=MAX_LIST_ITEMS),
            Text(f"case.at_most.{unit}", max=MAX_LIST_ITEMS),
            Text(f"case.found.{unit}", count=size),
        )
    if isinstance(value, Mapping):  # a key is a text too; the error is the object's (the key may be long)
        for key in _keys(value):
            if isinstance(key, str) and _str_len(key) > MAX_TEXT_CHARS:
                length = _str_len(key)
                return CaseError.of(
                    json_path(loc),
                    Text("case.key_too_long", length=length, max=MAX_TEXT_CHARS),
                    Text("case.at_most_chars", max=MAX_TEXT_CHARS),
                    Text("case.found.chars", count=length),
                )
    return None
