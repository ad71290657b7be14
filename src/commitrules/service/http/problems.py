"""RFC 9457 problem details: every error the service answers, in Chinese or English.

Every error response, whatever raised it (a bad case, a missing token, an unknown path, a body too
large, a defect), is an ``application/problem+json`` document::

    {"type": "tag:commitrules,2026:problem/invalid_case", "title": "案件无效", "status": 422, "code": "invalid_case",
     "detail": "...", "instance": "/v1/decisions", "request_id": "...",
     "errors": [{"path": "$.content.items[0]", "message": "...", "expected": "...", "found": "..."}]}

``code`` and ``errors`` are the library's (:class:`~commitrules.errors.CaseError`): the same codes, JSON
paths and messages as ``commitrules evaluate``. The language is chosen once per request from
``Accept-Language`` (:func:`negotiate_language`) and passed to :func:`problem_body`, the one place where
a problem is put into words: its title (``problem.title.<code>``), its detail and each error's message,
expectation and found value come from the catalogues of :mod:`commitrules.messages` (a detail or a
message is a :class:`~commitrules.messages.Text`; a library error that words itself in both languages
is a :class:`~commitrules.messages.Said`), as ``commitrules evaluate --lang`` words them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from pydantic import BaseModel, Field

from commitrules.errors import CaseError
from commitrules.messages import Text, message

__all__ = [
    "PROBLEM_CODES",
    "PROBLEM_TYPE_BASE",
    "Problem",
    "ProblemError",
    "ProblemItem",
    "negotiate_language",
    "problem_body",
    "problem_item",
]

Lang = Literal["zh", "en"]
#: The prefix of every problem ``type``: a ``tag:`` URI (RFC 4151), a name and never a link. RFC 9457
#: §3.1.1 allows a type URI that does not resolve and suggests ``tag:`` when no page exists; the
#: project has no public address, and an https URL on a made-up host (it was
#: ``https://example.invalid/commitrules/docs/errors.md#``) looks like a link that a client would
#: follow and a person would open. The date is part of the name: it never changes, even once the
#: documentation has an address, so a client may compare ``type`` as a whole string.
PROBLEM_TYPE_BASE: Final = "tag:commitrules,2026:problem/"
MEDIA_TYPE: Final = "application/problem+json"
#: RFC 9110's weight of a language: 0 to 1, with at most three decimals.
_QVALUE: Final = re.compile(r"^(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)$")

#: Every problem code the service answers with (its title is ``problem.title.<code>`` in the catalogues).
PROBLEM_CODES: Final = (
    "invalid_case",
    "invalid_json",
    "duplicate_key",
    "too_deep",
    "too_large",
    "too_many_cases",
    "unsupported_media_type",
    "invalid_request",
    "engine_unavailable",
    "unauthorized",
    "forbidden",
    "not_found",
    "method_not_allowed",
    "unknown_kind",
    "unknown_decision",
    "unreadable_record",
    "invalid_tree_size",
    "timeout",
    "overloaded",
    "log_unavailable",
    "reload_failed",
    "evaluation_error",
    "internal_error",
)


class ProblemItem(BaseModel):
    """One problem in the input: where (a JSON path), what, what was expected and what was found."""

    path: str = Field(description="JSON path into the request body ($.applicant.id) or 'query.as_of'")
    message: str
    expected: str = ""
    found: str = ""


class Problem(BaseModel):
    """An RFC 9457 problem details document, with the library's code and the problems found."""

    type: str = Field(
        description="The problem type, an identifier (RFC 4151 tag: URI, not a link): "
        "'tag:commitrules,2026:problem/' followed by the code; the code is explained in docs/errors.md"
    )
    title: str
    status: int
    detail: str = ""
    instance: str = ""
    code: str = Field(description="The stable code of the error (docs/errors.md)")
    request_id: str = ""
    errors: list[ProblemItem] = []


@dataclass
class ProblemError(Exception):
    """Raise to answer with a problem; handlers turn it into the response."""

    status: int
    code: str
    #: What went wrong: a catalogue text (put into the request's language), or words that stay as they are.
    detail: Text | str = ""
    errors: Sequence[CaseError] = ()
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.detail}"


def negotiate_language(header: str | None, default: Lang = "zh") -> Lang:
    """``zh`` or ``en``, whichever ``Accept-Language`` prefers first (``default`` when it names neither).

    A weight is RFC 9110's ``qvalue``, 0 to 1 with at most three decimals; a language with any other
    weight (``q=inf``, ``q=2``, ``q=abc``) is left out, as one of weight 0 is: ``float`` read ``inf``
    and ``1e3`` as weights above every valid one.

    Examples:
        >>> negotiate_language("en-US,en;q=0.9,zh;q=0.8")
        'en'
        >>> negotiate_language("fr, zh-CN;q=0.5, en;q=0.4")
        'zh'
        >>> negotiate_language(None)
        'zh'
        >>> negotiate_language("zh;q=0.5, en;q=inf")
        'zh'
    """
    if not header:
        return default
    ranked: list[tuple[float, int, Lang]] = []
    for position, part in enumerate(header.split(",")[:32]):
        tag, *params = part.split(";")
        quality = 1.0
        for param in params:
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                quality = float(value.strip()) if _QVALUE.match(value.strip()) else 0.0
        primary = tag.strip().lower().split("-", 1)[0]
        if primary in ("zh", "en") and quality > 0:
            ranked.append((-quality, position, "zh" if primary == "zh" else "en"))
    return min(ranked)[2] if ranked else default


def title_of(code: str, lang: Lang) -> str:
    """The title of ``code`` in ``lang`` (``internal_error``'s for a code the service does not know)."""
    return message(f"problem.title.{code if code in PROBLEM_CODES else 'internal_error'}", lang)


def problem_item(error: CaseError, lang: Lang) -> dict[str, str]:
    """One error of a problem in ``lang``: the same words as :meth:`CaseError.render` gives the command line."""
    said, expected, found = error.words(lang)
    return {"path": error.path, "message": said, "expected": expected, "found": found}


def problem_body(problem: ProblemError, *, lang: Lang, instance: str = "", request_id: str = "") -> bytes:
    """The JSON bytes of ``problem`` as a problem document (see :class:`Problem`)."""
    data: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + problem.code,
        "title": title_of(problem.code, lang),
        "status": problem.status,
        "detail": problem.detail.in_(lang) if isinstance(problem.detail, Text) else problem.detail,
        "instance": instance,
        "code": problem.code,
        "request_id": request_id,
        "errors": [problem_item(e, lang) for e in problem.errors],
    }
    return json.dumps(data, ensure_ascii=False).encode("utf-8")
