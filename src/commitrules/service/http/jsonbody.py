"""Reading a request body as JSON, refusing what the library must never see: duplicates, depth, non-JSON.

Python's ``json`` silently keeps the last of two equal keys; a case whose ``outcome`` appears twice
would be decided on a value its sender may not have meant, so a duplicate key is refused (422
``duplicate_key``). ``NaN`` and ``Infinity`` are not JSON and are refused too, as is nesting deeper
than the configured limit (422 ``too_deep``), checked without recursion.
"""

from __future__ import annotations

import json
from typing import Any, Final

from commitrules.errors import CaseError
from commitrules.service.http.problems import ProblemError

__all__ = ["JSON_MEDIA_TYPES", "check_media_type", "parse_json"]

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


def _not_json(name: str) -> Any:
    raise ValueError(f"'{name}' is not JSON")


def check_media_type(content_type: str | None) -> None:
    """Refuse a body that is not declared as JSON (415).

    Raises:
        ProblemError: 415 ``unsupported_media_type``.
    """
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media in JSON_MEDIA_TYPES or (media.startswith("application/") and media.endswith("+json")):
        return
    raise ProblemError(
        415,
        "unsupported_media_type",
        f"The body must be JSON (Content-Type: application/json), not '{media or 'none'}'.",
    )


def parse_json(body: bytes, *, max_depth: int) -> Any:
    """The JSON value of ``body``.

    Raises:
        ProblemError: 400 ``invalid_json`` (not UTF-8, not JSON, NaN, a number of too many digits),
            422 ``duplicate_key`` or 422 ``too_deep``.
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProblemError(
            400,
            "invalid_json",
            "The body is not UTF-8.",
            [
                CaseError(
                    "$",
                    "The body is not UTF-8",
                    "UTF-8 text",
                    f"the byte 0x{body[exc.start]:02X} at byte {exc.start + 1}",
                )
            ],
        ) from None
    try:
        value = json.loads(text, object_pairs_hook=_pairs, parse_constant=_not_json)
    except _DuplicateKeyError as exc:
        raise ProblemError(
            422,
            "duplicate_key",
            f"The key '{exc.key}' appears twice in one object.",
            [CaseError("$", "Duplicate key in a JSON object", "each key once per object", repr(exc.key))],
        ) from None
    except json.JSONDecodeError as exc:
        raise ProblemError(
            400,
            "invalid_json",
            f"Invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}.",
            [
                CaseError(
                    "$",
                    f"Invalid JSON at line {exc.lineno} column {exc.colno}",
                    "JSON",
                    repr(text[max(0, exc.pos - 20) : exc.pos + 20])[:_FOUND_WIDTH],
                )
            ],
        ) from None
    except RecursionError:
        raise _too_deep(max_depth) from None
    except ValueError as exc:  # NaN/Infinity, or an integer of more than 4300 digits
        raise ProblemError(
            400,
            "invalid_json",
            f"The body is not valid JSON: {str(exc)[:_FOUND_WIDTH]}.",
            [CaseError("$", "Not JSON", "JSON numbers", str(exc)[:_FOUND_WIDTH])],
        ) from None
    if _depth_exceeds(value, max_depth):
        raise _too_deep(max_depth)
    return value


def _too_deep(max_depth: int) -> ProblemError:
    return ProblemError(
        422,
        "too_deep",
        f"The body is nested more than {max_depth} levels deep.",
        [CaseError("$", "Nested too deeply", f"at most {max_depth} levels of objects and lists", "more")],
    )


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
