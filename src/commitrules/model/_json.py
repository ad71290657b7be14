r"""Case documents straight from JSON bytes, for the batch's common case: a valid line.

:func:`parse_case_json` validates a JSON document into its case model with one pydantic
``TypeAdapter`` over every kind (a union told apart by ``kind``), reading the bytes in pydantic's own
parser: no ``json.loads``, no intermediate dicts. It is a short cut, not a second way to read cases.
It answers only when its answer is exactly what ``parse_case(json.loads(raw))`` gives, and returns
None otherwise; the caller then takes the long way, which also words every error
(:func:`~commitrules.model.parse_case`, the batch's ``invalid_json`` records).

Where the two readings could differ, the short cut steps aside before reading:

- ``NaN`` and ``Infinity``: not JSON, refused by the long way; pydantic's parser reads them.
- A decimal field (money) written as a number with a fraction or an exponent: ``json.loads`` makes a
  float of ``1e2`` and pydantic then ``Decimal('100.0')``, where pydantic's parser gives
  ``Decimal('100')``; money shown among a decision's facts would read differently. The names of the
  decimal fields are taken from the case models, so a new one is covered.
- A line long enough to hold an integer of more digits than ``json.loads`` reads (4,300).

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
from decimal import Decimal
from typing import Annotated, Any, Final, Union, get_args

from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from commitrules.model._base import Case
from commitrules.model.cases import CASE_MODELS

__all__ = ["parse_case_json"]


def _decimal_fields(model: Any, seen: set[Any]) -> set[str]:
    """The names of the fields of ``model`` and of the models inside it that hold a ``Decimal``."""
    found: set[str] = set()
    if model in seen:
        return found
    seen.add(model)
    for name, field in model.model_fields.items():
        pending = [field.annotation]
        while pending:
            annotation = pending.pop()
            if annotation is Decimal:
                found.add(name)
            elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
                found |= _decimal_fields(annotation, seen)
            else:
                pending.extend(get_args(annotation))
    return found


#: A decimal field given as a number with a fraction or an exponent (a match inside a string only sends
#: the line the long way).
_RISKY_MONEY: Final = re.compile(
    rb'"(?:%s)"\s*:\s*-?\d+[.eE]'
    % b"|".join(sorted({re.escape(n.encode()) for m in CASE_MODELS.values() for n in _decimal_fields(m, set())}))
)
#: ``json.loads`` reads integers of at most this many digits.
_MAX_DIGITS: Final = 4300
_LONG_NUMBER: Final = re.compile(rb"\d{%d}" % _MAX_DIGITS)

#: Every case model, told apart by ``kind`` (built at import: a few milliseconds, the models are built).
_UNION: Any = Annotated[Union[tuple(CASE_MODELS.values())], Field(discriminator="kind")]  # noqa: UP007 - of a tuple
_CASES: Final[TypeAdapter[Case]] = TypeAdapter(_UNION)


def parse_case_json(raw: bytes) -> Case | None:
    """The typed case of the JSON document ``raw`` when reading it directly is safe and succeeds, else None.

    None says nothing about the document: read it with ``parse_case(json.loads(raw))``, which gives the
    case or the errors.
    """
    if b"NaN" in raw or b"Infinity" in raw or _RISKY_MONEY.search(raw) is not None:
        return None
    if len(raw) > _MAX_DIGITS and _LONG_NUMBER.search(raw) is not None:
        return None
    try:
        return _CASES.validate_json(raw)
    except ValidationError:
        return None
