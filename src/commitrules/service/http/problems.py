"""RFC 9457 problem details: every error the service answers, in Chinese or English.

Every error response, whatever raised it (a bad case, a missing token, an unknown path, a body too
large, a defect), is an ``application/problem+json`` document::

    {"type": ".../errors.md#invalid_case", "title": "案件无效", "status": 422, "code": "invalid_case",
     "detail": "...", "instance": "/v1/decisions", "request_id": "...",
     "errors": [{"path": "$.content.items[0]", "message": "...", "expected": "...", "found": "..."}]}

``code`` and ``errors`` are the library's (:class:`~commitrules.errors.CaseError`): the same codes, JSON
paths and messages as ``commitrules evaluate``. The language is chosen once per request from
``Accept-Language`` (:func:`negotiate_language`) and passed to :func:`localize`, the one place where
text becomes Chinese or English.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from pydantic import BaseModel, Field

from commitrules.errors import CaseError

__all__ = [
    "PROBLEM_TYPE_BASE",
    "Problem",
    "ProblemError",
    "ProblemItem",
    "localize",
    "negotiate_language",
    "problem_body",
]

Lang = Literal["zh", "en"]
PROBLEM_TYPE_BASE: Final = "https://example.invalid/commitrules/docs/errors.md#"
MEDIA_TYPE: Final = "application/problem+json"

#: The title of each problem code, in both languages (the library's own codes included).
TITLES: Final[dict[str, tuple[str, str]]] = {
    "invalid_case": ("案件无效", "Invalid case"),
    "invalid_json": ("请求正文不是有效的 JSON", "The body is not valid JSON"),
    "duplicate_key": ("JSON 对象中有重复的键", "A JSON object has a duplicate key"),
    "too_deep": ("请求正文嵌套过深", "The body is nested too deeply"),
    "too_large": ("请求正文过大", "The body is too large"),
    "too_many_cases": ("批量请求中的案件过多", "Too many cases in the batch"),
    "unsupported_media_type": ("不支持的内容类型", "Unsupported media type"),
    "invalid_request": ("请求参数无效", "Invalid request parameters"),
    "engine_unavailable": ("引擎未安装", "Engine not installed"),
    "unauthorized": ("需要有效的令牌", "A valid token is required"),
    "forbidden": ("令牌没有所需的角色", "The token lacks the role required"),
    "not_found": ("未找到", "Not found"),
    "method_not_allowed": ("不允许的请求方法", "Method not allowed"),
    "unknown_kind": ("未知的案件类型", "Unknown case kind"),
    "unknown_decision": ("日志中没有该决定", "No such decision in the log"),
    "unreadable_record": ("日志中的记录无法读取", "A record of the log cannot be read"),
    "invalid_tree_size": ("树的大小无效", "Invalid tree size"),
    "timeout": ("请求超时", "The request timed out"),
    "log_unavailable": ("决定日志不可用", "The decision log is unavailable"),
    "reload_failed": ("重新加载规则包失败", "Reloading the pack failed"),
    "evaluation_error": ("内部错误：引擎评估失败", "Internal error: the engine failed"),
    "internal_error": ("内部错误", "Internal error"),
}


class ProblemItem(BaseModel):
    """One problem in the input: where (a JSON path), what, what was expected and what was found."""

    path: str = Field(description="JSON path into the request body ($.applicant.id) or 'query.as_of'")
    message: str
    expected: str = ""
    found: str = ""


class Problem(BaseModel):
    """An RFC 9457 problem details document, with the library's code and the problems found."""

    type: str = Field(description="A link to the code's explanation in docs/errors.md")
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
    detail: str = ""
    errors: Sequence[CaseError] = ()
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.detail}"


def negotiate_language(header: str | None, default: Lang = "zh") -> Lang:
    """``zh`` or ``en``, whichever ``Accept-Language`` prefers first (``default`` when it names neither).

    Examples:
        >>> negotiate_language("en-US,en;q=0.9,zh;q=0.8")
        'en'
        >>> negotiate_language("fr, zh-CN;q=0.5, en;q=0.4")
        'zh'
        >>> negotiate_language(None)
        'zh'
    """
    if not header:
        return default
    ranked: list[tuple[float, int, Lang]] = []
    for position, part in enumerate(header.split(",")[:32]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-", 1)[0]
        if primary in ("zh", "en") and quality > 0:
            ranked.append((-quality, position, "zh" if primary == "zh" else "en"))
    return min(ranked)[2] if ranked else default


def localize(text: str, lang: Lang) -> str:
    """``text`` (a message of the library or of the service, in English) in ``lang``.

    The library's messages are English today; a catalogue of their Chinese translations plugs in here,
    so that every message of every problem passes through this one function.
    """
    del lang
    return text


def title_of(code: str, lang: Lang) -> str:
    """The title of ``code`` in ``lang``."""
    zh, en = TITLES.get(code, TITLES["internal_error"])
    return zh if lang == "zh" else en


def problem_body(problem: ProblemError, *, lang: Lang, instance: str = "", request_id: str = "") -> bytes:
    """The JSON bytes of ``problem`` as a problem document (see :class:`Problem`)."""
    data: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + problem.code,
        "title": title_of(problem.code, lang),
        "status": problem.status,
        "detail": localize(problem.detail, lang),
        "instance": instance,
        "code": problem.code,
        "request_id": request_id,
        "errors": [
            {"path": e.path, "message": localize(e.message, lang), "expected": e.expected, "found": e.found}
            for e in problem.errors
        ],
    }
    return json.dumps(data, ensure_ascii=False).encode("utf-8")
