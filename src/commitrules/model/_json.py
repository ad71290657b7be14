r"""Case documents straight from JSON bytes, for the batch's common case: a valid line.

:func:`parse_case_json` validates a JSON document into its case model with one pydantic
``TypeAdapter`` over every kind (a union told apart by ``kind``), reading the bytes in pydantic's own
parser: no ``json.loads``, no intermediate dicts. It is a short cut, not a second way to read cases.
It answers only when its answer is exactly what ``parse_case(json.loads(raw))`` gives, and returns
None otherwise; the caller then takes the long way, which also words every error
(:func:`~commitrules.model.parse_case`, the batch's ``invalid_json`` records).

Where the two readings could differ, the short cut steps aside before reading:

- ``NaN`` and ``Infinity``: not JSON, refused by the long way; pydantic's parser reads them.
- Numbers with a fraction or an exponent, and integers of 16 digits or more: ``json.loads`` makes a
  float of ``1e2`` and pydantic then a ``Decimal('100.0')``, where pydantic's parser gives
  ``Decimal('100')``; money shown among a decision's facts would read differently.

And where pydantic refuses what the long way accepts, or words a refusal otherwise (a byte order
mark, a lone surrogate, a missing or unknown ``kind``, any invalid field), it returns None too. So
accepting is the only thing the short cut ever does on its own, and what it accepts is equal, field for
field, to the long way's case (``tests/unit/test_case_json.py`` checks both on generated and broken
lines).

Examples:
    >>> case = parse_case_json(b'{"kind": "credit_site", "content": {"items": []}}')
    >>> case.KIND
    'credit_site'
    >>> parse_case_json(b'{"kind": "credit_site", "content": {"items": []}, "id": NaN}') is None
    True
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Final, Union

from pydantic import Field, TypeAdapter, ValidationError

from commitrules.model._base import Case
from commitrules.model.cases import CASE_MODELS

__all__ = ["parse_case_json"]

#: Numbers the two readings could make different values of, and constants JSON does not have. A match
#: inside a string (``"id": "x: 1.5"``) only sends the line the long way.
_RISKY: Final = re.compile(rb"[:\[,]\s*-?\d+[.eE]|[:\[,]\s*-?\d{16}|NaN|Infinity")

#: Every case model, told apart by ``kind`` (built at import: a few milliseconds, the models are built).
_UNION: Any = Annotated[Union[tuple(CASE_MODELS.values())], Field(discriminator="kind")]  # noqa: UP007 - of a tuple
_CASES: Final[TypeAdapter[Case]] = TypeAdapter(_UNION)


def parse_case_json(raw: bytes) -> Case | None:
    """The typed case of the JSON document ``raw`` when reading it directly is safe and succeeds, else None.

    None says nothing about the document: read it with ``parse_case(json.loads(raw))``, which gives the
    case or the errors.
    """
    if _RISKY.search(raw) is not None:
        return None
    try:
        return _CASES.validate_json(raw)
    except ValidationError:
        return None
