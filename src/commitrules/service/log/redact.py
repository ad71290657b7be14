"""Personal data in the log: fields marked personal in the case models, stored as salted hashes.

A case model marks a field personal with ``json_schema_extra={"personal": True}`` (names, ID numbers,
unified social credit codes: see :data:`commitrules.model._types.PersonalText`). With redaction on, the
log stores ``hmac-sha256:<hex>`` (HMAC-SHA-256 keyed with the deployment's salt) in place of each such
value. The same value always gives the same hash under one salt, so an auditor holding the salt can
still find every decision about one person; without the salt the hash reveals nothing practical.
The record's hashes cover the stored, redacted text, so verification is unaffected.

Examples:
    >>> redactor = Redactor(b"salt")
    >>> case = {"kind": "blacklist", "entry": {"subject": {"id": "s1", "kind": "natural_person",
    ...                                                    "name": "张三", "id_no": "320700199001011234"}}}
    >>> redactor.redact(case)["entry"]["subject"]["name"][:12]
    'hmac-sha256:'
"""

from __future__ import annotations

import hashlib
import hmac
import types
import typing
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from commitrules.model import CASE_MODELS

__all__ = ["REDACTED_PREFIX", "Redactor", "personal_fields"]

REDACTED_PREFIX = "hmac-sha256:"

#: For each model: its personal field names, and its fields that hold models (field -> model classes).
_Plan = tuple[frozenset[str], dict[str, tuple[type[BaseModel], ...]]]


def _models_in(annotation: Any) -> tuple[type[BaseModel], ...]:
    """The model classes an annotation may hold (through Optional, list, frozenset, Annotated, unions)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return (annotation,)
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if origin is None and not isinstance(annotation, types.UnionType):
        return ()
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(m for m in _models_in(arg) if m not in found)
    return tuple(found)


def _plan(model: type[BaseModel]) -> _Plan:
    """The personal fields of ``model``, and its fields that hold models."""
    personal = frozenset(
        name
        for name, field in model.model_fields.items()
        if isinstance(field.json_schema_extra, dict) and field.json_schema_extra.get("personal")
    )
    nested = {name: found for name, field in model.model_fields.items() if (found := _models_in(field.annotation))}
    return personal, nested


def personal_fields(model: type[BaseModel], prefix: str = "$") -> list[str]:
    """The JSON paths of the personal fields of ``model`` (``[*]`` for list items), for the docs."""
    personal, nested = _plan(model)
    paths = [f"{prefix}.{name}" for name in sorted(personal)]
    for name, models in sorted(nested.items()):
        annotation = model.model_fields[name].annotation
        step = f"{prefix}.{name}" + ("[*]" if typing.get_origin(annotation) in (list, frozenset) else "")
        for inner in models:
            paths.extend(p for p in personal_fields(inner, step) if p not in paths)
    return paths


class Redactor:
    """Replaces personal values of a case (as given: JSON data) by their salted hashes."""

    def __init__(self, salt: bytes) -> None:
        if not salt:
            raise ValueError("redaction needs a salt (a secret of the deployment, at least 16 bytes)")
        self._salt = salt
        self._plans: dict[type[BaseModel], _Plan] = {}  # computed once per model, on first use

    def hash(self, value: str) -> str:
        """The redacted form of one value."""
        return REDACTED_PREFIX + hmac.new(self._salt, value.encode("utf-8"), hashlib.sha256).hexdigest()

    def redact(self, case: Mapping[str, Any]) -> dict[str, Any]:
        """A copy of ``case`` with every personal value hashed; an unknown kind is copied unchanged."""
        model = CASE_MODELS.get(str(case.get("kind")))
        if model is None:
            return dict(case)
        return self._walk(case, model)

    def _walk(self, data: Mapping[str, Any], model: type[BaseModel]) -> dict[str, Any]:
        plan = self._plans.get(model)
        if plan is None:
            plan = self._plans.setdefault(model, _plan(model))
        personal, nested = plan
        out: dict[str, Any] = {}
        for key, value in data.items():
            if key in personal and isinstance(value, str) and value and not value.startswith(REDACTED_PREFIX):
                out[key] = self.hash(value)
            elif key in nested and value is not None:
                out[key] = self._nested(value, nested[key])
            else:
                out[key] = value
        return out

    def _nested(self, value: Any, models: tuple[type[BaseModel], ...]) -> Any:
        if isinstance(value, list | tuple):
            return [self._nested(item, models) for item in value]
        if isinstance(value, Mapping):
            model = _choose(value, models)
            return self._walk(value, model) if model is not None else dict(value)
        return value


def _choose(value: Mapping[str, Any], models: tuple[type[BaseModel], ...]) -> type[BaseModel] | None:
    """The model of a nested object: the only one, or the one whose fields cover the object's keys."""
    if len(models) == 1:
        return models[0]
    for model in models:
        if set(value) <= set(model.model_fields):
            return model
    return None
