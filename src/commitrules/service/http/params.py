"""Query parameters read strictly: once each; a date is ``YYYY-MM-DD`` text, a time ISO 8601 text, nothing else.

pydantic's lax mode would read ``?until=0.5`` as a Unix timestamp; a parameter documented as a date
must refuse that, so dates and times are taken as text matching a pattern and parsed here. A parameter a
route declares, given twice (``?as_of=2020-01-01&as_of=2021-01-01``), is refused by :func:`once_each`,
a dependency of the whole app: FastAPI would take the last value silently, and which one the caller
meant cannot be known (a JSON key written twice is refused for the same reason). A parameter no route
declares is ignored, once or twice, as FastAPI ignores it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Final
from urllib.parse import parse_qsl

from fastapi import Query, Request

from commitrules.errors import CaseError
from commitrules.messages import Text
from commitrules.service.http.problems import ProblemError

__all__ = ["AsOf", "Moment", "once_each", "parse_date", "parse_moment", "repeated_parameters"]

_DATE: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MOMENT: Final = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$")

AsOf = Annotated[
    str | None,
    Query(
        json_schema_extra={"format": "date"}, description="Judge the case as of this date (YYYY-MM-DD; default: today)"
    ),
]
Moment = Annotated[
    str | None, Query(json_schema_extra={"format": "date-time"}, description="A time, RFC 3339 (2026-12-05T10:00:00Z)")
]


def _matching(pattern: re.Pattern[str], value: str) -> str:
    if not pattern.match(value):
        raise ValueError(value)
    return value


def parse_date(name: str, value: str | None) -> dt.date | None:
    """The date of parameter ``name``.

    Raises:
        ProblemError: 422 ``invalid_request`` for a date that does not exist (2020-13-01).
    """
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(_matching(_DATE, value))
    except ValueError:
        raise ProblemError(
            422,
            "invalid_request",
            Text("problem.not_a_date", name=name),
            [
                CaseError.of(
                    f"query.{name}", Text("problem.item.not_a_date"), Text("problem.expect.date"), repr(value)[:60]
                )
            ],
        ) from None


def parse_moment(name: str, value: str | None) -> dt.datetime | None:
    """The time of parameter ``name`` (UTC when it names no offset).

    Raises:
        ProblemError: 422 ``invalid_request`` for a time that does not exist, or that UTC has not
            (``0001-01-01T00:00:00+05:00`` is before the year 1 there, the log's times are UTC).
    """
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(_matching(_MOMENT, value).upper())
        moment.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise ProblemError(
            422,
            "invalid_request",
            Text("problem.not_a_time", name=name),
            [
                CaseError.of(
                    f"query.{name}", Text("problem.item.not_a_time"), Text("problem.expect.time"), repr(value)[:60]
                )
            ],
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def repeated_parameters(query: bytes | str) -> dict[str, int]:
    """The parameters of the query string ``query`` given more than once, with their counts, in order.

    Examples:
        >>> repeated_parameters(b"as_of=2020-01-01&engine=rete&as_of=2021-01-01")
        {'as_of': 2}
        >>> repeated_parameters("limit=5&offset=10")
        {}
    """
    text = query.decode("latin-1") if isinstance(query, bytes) else query
    counts: dict[str, int] = {}
    for key, _ in parse_qsl(text, keep_blank_values=True):
        counts[key] = counts.get(key, 0) + 1
    return {key: count for key, count in counts.items() if count > 1}


async def once_each(request: Request) -> None:
    """Refuse a request that gives a parameter of its route more than once (a dependency of the whole app).

    Raises:
        ProblemError: 422 ``invalid_request`` naming the parameter (``query.NAME``).
    """
    query = request.scope.get("query_string", b"")
    repeated = repeated_parameters(query) if query else {}
    if not repeated:
        return
    declared = _declared(request.scope.get("route"))
    for name, count in repeated.items():
        if name in declared:
            raise ProblemError(
                422,
                "invalid_request",
                Text("problem.repeated_parameter", name=name, count=count),
                [
                    CaseError.of(
                        f"query.{name}",
                        Text("problem.item.repeated_parameter"),
                        Text("problem.expect.once"),
                        str(count),
                    )
                ],
            )


def _declared(route: Any) -> set[str]:
    """The query parameters ``route`` declares (its own and its dependencies')."""
    names: set[str] = set()
    pending = [getattr(route, "dependant", None)]
    while pending:
        dependant = pending.pop()
        if dependant is not None:
            names |= {param.alias for param in dependant.query_params}
            pending.extend(dependant.dependencies)
    return names
