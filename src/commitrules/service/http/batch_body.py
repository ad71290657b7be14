r"""A batch's body read the quick way, with each case's limits proved from the same reading.

``POST /v1/decisions:batch`` reads ``{"cases": [...]}``. The careful way reads the body
(:func:`~commitrules.service.http.jsonbody.parse_json`), then the library walks every case again for
its limits (:func:`~commitrules.model._parse.check_limits`) before validating it. :func:`read_batch`
does what :func:`~commitrules.service.http.jsonbody.quick_json` does for the body (pydantic's parser,
the proof from the bytes that no key is written twice, no number the careful way reads otherwise, no
nesting past the service's limit) in one walk that also proves, case by case, what the JSON-lines
batch's quick reading of a line proves (:func:`~commitrules.model._json.read_within_limits`): no list
or object of more than :data:`~commitrules.model._parse.MAX_LIST_ITEMS` items, nothing nested past
:data:`~commitrules.model._parse.MAX_DEPTH`. The other limits (values, the characters of one text and
of all texts) are proved by the length of the case written compactly by orjson: every value and every
character takes at least one byte there, so a case of at most :data:`PROOF_BYTES` bytes is within all
of them. That text, with sorted keys, is also the case's canonical JSON in the decision log when the
case holds no float (orjson writes floats otherwise than ``json.dumps``; see
:func:`~commitrules.service.log.records.canonical_json`): the log need not write it again.

Whatever :func:`read_batch` is not certain of gives None (the whole body: the route then reads it the
careful way, which words every error) or leaves a case unproved (that case is decided the careful
way, which words its errors). ``tests/service/test_batch_body.py`` holds the answers to those of the
careful way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import orjson
from pydantic_core import from_json

from commitrules.model._parse import MAX_CASE_TEXT, MAX_DEPTH, MAX_LIST_ITEMS, MAX_TEXT_CHARS, MAX_VALUES
from commitrules.service.http.jsonbody import _keys_within as keys_within
from commitrules.service.http.jsonbody import _too_long_bits as too_long_bits

__all__ = ["PROOF_BYTES", "ProvenCase", "read_batch"]

#: The longest compact text of a case proved within the limits of values and text by its length.
PROOF_BYTES: Final = min(MAX_TEXT_CHARS, MAX_VALUES, MAX_CASE_TEXT)
#: Levels of the body above a case: the body's object (1), the list ``cases`` (2); a case is at 3.
_CASE_LEVEL: Final = 3


@dataclass(frozen=True, slots=True)
class ProvenCase:
    """A case of the batch proved within every case limit.

    Attributes:
        canonical: its canonical JSON (:func:`~commitrules.service.log.records.canonical_json`) as UTF-8,
            or None when orjson's text is not that (the case holds a float).
    """

    canonical: bytes | None


def read_batch(body: bytes, *, max_depth: int, max_cases: int) -> tuple[list[Any], list[ProvenCase | None]] | None:
    r"""The cases of ``body`` and, for each, its proof (None: not proved); None to read the body the careful way.

    Not None only when the careful way certainly reads the same value without a problem, and that
    value is an object whose one member ``cases`` is a list (see the module's docstring). A list of
    more than ``max_cases`` cases, which the route refuses whole, is proved to be that value by one
    walk of the body (:func:`~commitrules.service.http.jsonbody.quick_json`'s) and no case is proved:
    a case costs its walk and its text here, and a body of millions of tiny cases would hold the
    event loop many times longer than the careful way takes to read it.

    No key is written twice when the bytes hold exactly as many colons as the parsed value has keys
    (each object's distinct ones). In JSON a colon byte is either the separator after a key written in
    an object or a character of a text (UTF-8 uses that byte for nothing else, and an escape such as
    ``\u003a`` holds none). So the bytes' colons are the keys written plus the colons in texts, and
    the keys written are at least the distinct keys parsed, equal only when none is written twice
    (``"\u006bind"`` and ``"kind"`` are one key twice). Equal counts leave no room for either excess.
    """
    try:
        document = from_json(body) if max_depth >= _CASE_LEVEL else None
    except ValueError:
        return None
    if type(document) is not dict or len(document) != 1 or type(cases := document.get("cases")) is not list:
        return None
    if len(cases) > max_cases:
        return _unproved(body, document, cases, max_depth)
    bits = too_long_bits()
    room = max_depth - _CASE_LEVEL  # the deepest level below a case that the body's limit allows
    count = 1
    proofs: list[ProvenCase | None] = []
    for case in cases:
        kind = type(case)
        if kind is dict or kind is list:
            walked = _walk(case, room, bits)
            if walked is None:
                return None
            count += walked[0]
            proofs.append(_proof(case, floats=walked[2]) if walked[1] and kind is dict else None)
        elif (kind is float and (case - case != 0.0 or case == 0.0)) or (kind is int and case.bit_length() > bits):
            return None
        else:
            proofs.append(None)
    return (cases, proofs) if count == body.count(b":") else None


def _unproved(
    body: bytes, document: dict[str, Any], cases: list[Any], max_depth: int
) -> tuple[list[Any], list[ProvenCase | None]] | None:
    """``cases`` with no proof, when the body is certainly the careful way's value (one walk of all of it)."""
    keys = keys_within(document, max_depth)
    return (cases, [None] * len(cases)) if keys >= 0 and keys == body.count(b":") else None


def _walk(case: dict[str, Any] | list[Any], room: int, bits: int) -> tuple[int, bool, bool] | None:  # noqa: C901 - one loop, one arm per JSON type
    """The keys of every object in ``case``, whether it is within the items and depth limits, whether it holds a float.

    None where the whole body must go the careful way: a container deeper than ``room`` levels below the
    case, a float that is not finite, an integer of more than ``bits`` bits. The limits are those of
    :func:`~commitrules.model._json.read_within_limits`' walk (a non-empty container at depth
    :data:`MAX_DEPTH` or more, or of more than :data:`MAX_LIST_ITEMS` items, is past them).
    """
    count = 0
    within = True
    floats = False
    stack: list[tuple[Any, int]] = [(case, 0)]
    pop, push = stack.pop, stack.append
    text, flag = str, bool
    while stack:
        container, depth = pop()
        if depth > room:
            return None
        size = len(container)
        if size > MAX_LIST_ITEMS or (size and depth >= MAX_DEPTH):
            within = False
        if type(container) is dict:
            count += size
            container = container.values()
        deeper = depth + 1
        for item in container:
            kind = type(item)
            if kind is text or kind is flag or item is None:  # the most values: nothing to check
                continue
            if kind is dict or kind is list:
                push((item, deeper))
            elif kind is float:
                if item - item != 0.0 or item == 0.0:  # NaN, infinite, or perhaps 1e-400 read as 0
                    return None
                floats = True
            elif kind is int and item.bit_length() > bits:
                return None
    return count, within, floats


def _proof(case: dict[str, Any], *, floats: bool) -> ProvenCase | None:
    """The proof of a case within the items and depth limits: its compact text is short enough."""
    try:
        text = orjson.dumps(case, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:  # an integer past 64 bits
        return None
    if len(text) > PROOF_BYTES:
        return None
    # A copy of its own size: orjson's text holds an allocation of at least 4 KiB, and the batch keeps
    # each case's until the log has written it.
    return ProvenCase(None if floats else bytes(memoryview(text)))
