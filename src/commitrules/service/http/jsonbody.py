"""Reading a request body as JSON, refusing what the library must never see: duplicates, depth, non-JSON.

Python's ``json`` silently keeps the last of two equal keys; a case whose ``outcome`` appears twice
would be decided on a value its sender may not have meant, so a duplicate key is refused (422
``duplicate_key``). ``NaN`` and ``Infinity`` are not JSON and are refused too, as is nesting deeper
than the configured limit (422 ``too_deep``), checked without recursion.

Most bodies are read the quick way (:func:`quick_json`): pydantic's JSON parser, in Rust, and a
proof from the bytes that no key is written twice; any body it cannot prove goes the careful way
(:func:`parse_json` without ``quick``), which words every error. Both give the same value, so a
response never depends on the way taken (``tests/service/test_quick_bodies.py`` sends bodies to a
server that takes the quick way and to one that does not, and compares the answers).
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any, Final

from pydantic_core import from_json

if TYPE_CHECKING:
    from starlette.datastructures import Headers

from commitrules.errors import CaseError
from commitrules.messages import Text, json_reason
from commitrules.model._json import ZeroedNumberError, read_float
from commitrules.service.http.problems import ProblemError

__all__ = ["JSON_MEDIA_TYPES", "check_body_headers", "check_media_type", "parse_json", "quick_json"]

JSON_MEDIA_TYPES: Final = ("application/json",)
_FOUND_WIDTH: Final = 60


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKeyError(key)
            seen.add(key)
    return result


class _ConstantError(ValueError):
    """``NaN``, ``Infinity`` or ``-Infinity``: constants ``json.loads`` reads that JSON does not have."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _not_json(name: str) -> Any:
    raise _ConstantError(name)


def check_media_type(
    content_type: str | None, content_encoding: str | None = None, transfer_encoding: str | None = None
) -> None:
    """Refuse a body that is not declared as JSON in UTF-8, or that is declared encoded (415).

    A body sent with ``Content-Encoding: gzip`` was read as it came, and answered 'not UTF-8'; one with
    an encoding the service does not know was read as plain JSON. RFC 9110 (8.4) answers 415 to both.
    A transfer coding other than ``chunked`` (``Transfer-Encoding: gzip, chunked``), which uvicorn
    does not undo either, is refused alike. A ``charset`` other than UTF-8 (``charset=utf-16``,
    ``latin-1``) declares bytes the service would read otherwise than their sender meant: JSON is
    UTF-8 (RFC 8259, 8.1), and the body was read as UTF-8 whatever the charset said.

    Raises:
        ProblemError: 415 ``unsupported_media_type``.
    """
    codings = {part.strip().lower() for part in (content_encoding or "").split(",")} - {"", "identity"}
    if codings:
        raise ProblemError(
            415,
            "unsupported_media_type",
            Text("problem.content_encoding", header=f"Content-Encoding: {content_encoding}"),
        )
    transfer = {part.strip().lower() for part in (transfer_encoding or "").split(",")} - {"", "chunked", "identity"}
    if transfer:
        said = Text("problem.content_encoding", header=f"Transfer-Encoding: {transfer_encoding}")
        raise ProblemError(415, "unsupported_media_type", said)
    media, *parameters = (content_type or "").split(";")
    media = media.strip().lower()
    if not (media in JSON_MEDIA_TYPES or (media.startswith("application/") and media.endswith("+json"))):
        raise ProblemError(415, "unsupported_media_type", Text("problem.media_type", media=media or "none"))
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        charset = value.strip().strip('"').strip()
        if name.strip().lower() == "charset" and charset.lower() not in ("utf-8", "utf8"):
            raise ProblemError(
                415, "unsupported_media_type", Text("problem.charset", charset=charset, header=content_type)
            )


def check_body_headers(headers: Headers) -> None:
    """:func:`check_media_type` of a request's headers, each sent once or more.

    A header sent twice was read by its first value alone: ``Content-Encoding: identity`` then ``gzip``
    let a compressed body through to be answered 'not UTF-8', and ``Content-Type: application/json``
    then ``text/plain`` was JSON. The codings of every line are read as one list (RFC 9110, 5.3), and
    two different types declare none.

    Raises:
        ProblemError: 415 ``unsupported_media_type``.
    """
    found: dict[bytes, list[str]] = {b"content-type": [], b"content-encoding": [], b"transfer-encoding": []}
    for name, value in headers.raw:  # one pass: three getlist() calls made the check 0.5 µs slower than before
        if name in found:
            found[name].append(value.decode("latin-1"))
    types = list(dict.fromkeys(found[b"content-type"]))
    check_media_type(
        ", ".join(types) if types else None,
        ", ".join(found[b"content-encoding"]) or None,
        ", ".join(found[b"transfer-encoding"]) or None,
    )


def parse_json(body: bytes, *, max_depth: int, quick: bool = True) -> Any:  # noqa: C901 - one branch per way a body fails
    """The JSON value of ``body``: the quick way when it is certain (see :func:`quick_json`), else the careful way.

    Raises:
        ProblemError: 400 ``invalid_json`` (not UTF-8, not JSON, NaN, a number of too many digits),
            422 ``duplicate_key`` or 422 ``too_deep``.
    """
    if quick:
        found = quick_json(body, max_depth=max_depth)
        if found is not None:
            return found[0]
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProblemError(
            400,
            "invalid_json",
            Text("problem.not_utf8"),
            [
                CaseError.of(
                    "$",
                    Text("problem.item.not_utf8"),
                    Text("problem.expect.utf8"),
                    Text("problem.found.byte", byte=f"{body[exc.start]:02X}", position=exc.start + 1),
                )
            ],
        ) from None
    try:
        value = json.loads(text, object_pairs_hook=_pairs, parse_constant=_not_json, parse_float=read_float)
    except _DuplicateKeyError as exc:
        raise ProblemError(
            422,
            "duplicate_key",
            Text("problem.duplicate_key", key=exc.key),
            [
                CaseError.of(
                    "$", Text("problem.item.duplicate_key"), Text("problem.expect.each_key_once"), repr(exc.key)
                )
            ],
        ) from None
    except json.JSONDecodeError as exc:
        raise _decode_problem(exc, text, max_depth) from None
    except RecursionError:
        raise _too_deep(max_depth) from None
    except _ConstantError as exc:
        raise ProblemError(
            400,
            "invalid_json",
            Text("problem.not_json_constant", name=exc.name),
            [CaseError.of("$", Text("problem.item.not_json"), Text("problem.expect.json_numbers"), exc.name)],
        ) from None
    except ZeroedNumberError as exc:
        raise ProblemError(
            400,
            "invalid_json",
            exc.text,
            [CaseError.of("$", Text("problem.item.not_json"), Text("problem.expect.json_numbers"), exc.number[:60])],
        ) from None
    except ValueError as exc:  # an integer of more digits than int() converts (sys.get_int_max_str_digits())
        limit = sys.get_int_max_str_digits()
        said, shown = (
            (Text("problem.too_many_digits", limit=limit), f"> {limit}")
            if limit
            else (Text("problem.not_json_numbers", error=str(exc)[:_FOUND_WIDTH]), str(exc)[:_FOUND_WIDTH])
        )
        raise ProblemError(
            400,
            "invalid_json",
            said,
            [CaseError.of("$", Text("problem.item.not_json"), Text("problem.expect.json_numbers"), shown)],
        ) from None
    if _depth_exceeds(value, max_depth):
        raise _too_deep(max_depth)
    return value


def _decode_problem(exc: json.JSONDecodeError, text: str, max_depth: int) -> ProblemError:
    """The problem of ``text`` that is not JSON: ``too_deep`` when it opened too many levels before its error."""
    if _opened_deeper(text[: exc.pos], max_depth):  # Python 3.13 says so of a deep body cut short
        return _too_deep(max_depth)
    return ProblemError(
        400,
        "invalid_json",
        Text("problem.invalid_json", line=exc.lineno, column=exc.colno, reason=json_reason(exc.msg) or exc.msg),
        [
            CaseError.of(
                "$",
                Text("problem.item.invalid_json", line=exc.lineno, column=exc.colno),
                "JSON",
                repr(text[max(0, exc.pos - 20) : exc.pos + 20])[:_FOUND_WIDTH],
            )
        ],
    )


def _too_deep(max_depth: int) -> ProblemError:
    return ProblemError(
        422,
        "too_deep",
        Text("problem.too_deep", max_depth=max_depth),
        [
            CaseError.of(
                "$",
                Text("problem.item.too_deep"),
                Text("problem.expect.depth", max_depth=max_depth),
                Text("case.found.more"),
            )
        ],
    )


def _opened_deeper(text: str, max_depth: int) -> bool:
    """Whether ``text`` (JSON up to an error) opens more than ``max_depth`` objects and lists at once.

    Python 3.11 reads a body nested too deeply and cut short as a RecursionError, 3.13 as a
    JSONDecodeError at its end: this tells the second from a body that is merely broken, so that both
    are answered ``too_deep``. Only bodies that are not JSON pay for it.
    """
    depth, in_string, escaped = 0, False, False
    for char in text:
        if in_string:
            escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > max_depth:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _depth_exceeds(value: Any, max_depth: int) -> bool:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > max_depth:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


# --- the quick way ----------------------------------------------------------------------------------


def quick_json(body: bytes, *, max_depth: int) -> tuple[Any] | None:
    r"""``(value,)`` when the quick reading of ``body`` is certainly what the careful one gives; else None.

    The quick reading is ``pydantic_core.from_json`` on the bytes. It refuses what the careful way
    refuses (bad UTF-8, a byte order mark, control characters in strings, trailing commas) and more
    (lone surrogates, which ``json.loads`` reads): a refusal goes the careful way, which words the
    error or reads the body. What it reads differently is ruled out here: ``NaN``, ``Infinity`` and
    numbers too large for a float (the careful way reads them as infinite, and the case model
    then refuses them, not the reader), integers of more
    digits than ``json.loads`` converts, nesting deeper than ``max_depth``, and a key written twice,
    which ``from_json`` keeps silently. The proof of the last: without ``\"`` in the bytes, every
    quote opens or closes a string, so each ``":`` ends a key or starts a string that begins with a
    colon; if every colon follows a quote, every key's colon is counted. The parsed value's keys
    (each object's distinct ones) can then equal the count of ``":`` only if no key is written twice
    (``"\u006bind"`` and ``"kind"`` are one key twice: one parsed key, two counted) and no string
    begins with a colon (the careful way reads those bodies).
    """
    if b'\\"' in body:
        return None
    keys = body.count(b'":')
    if keys != body.count(b":"):
        return None
    try:
        value = from_json(body)
    except ValueError:
        return None
    if _keys_within(value, max_depth) != keys:
        return None
    return (value,)


def _too_long_bits() -> int:
    """Integers of more bits than this go the careful way.

    ``json.loads`` refuses an integer of more digits than ``sys.get_int_max_str_digits()`` (4,300 by
    default; 0 means no limit, taken as 4,300 here). Such an integer is at least ``10**limit``, so it
    has more than ``3.32 * limit`` bits: more than ``3 * limit`` catches all of them (and some shorter
    ones, which the careful way then reads).
    """
    return 3 * min(sys.get_int_max_str_digits() or 4300, 4300)


def _keys_within(value: Any, max_depth: int) -> int:
    """The keys of every object in ``value``; -1 where the quick way must not be taken.

    That is: nesting past ``max_depth`` (counted as :func:`_depth_exceeds` counts it), a float that
    is not finite, or an integer of too many digits.
    """
    bits = _too_long_bits()
    count = 0
    stack: list[tuple[Any, int]] = []
    pending: Any = (value,)
    depth = 0
    while True:
        for item in pending:
            kind = type(item)
            if kind is dict or kind is list:
                if depth >= max_depth:
                    return -1
                stack.append((item, depth + 1))
            elif kind is float:
                if item - item != 0.0 or item == 0.0:  # NaN, infinite, or perhaps 1e-400 read as 0
                    return -1
            elif kind is int and item.bit_length() > bits:
                return -1
        if not stack:
            return count
        container, depth = stack.pop()
        if type(container) is dict:
            count += len(container)
            pending = container.values()
        else:
            pending = container
