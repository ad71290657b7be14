"""Base classes for typed case objects, and the marker for helpers that conditions may call.

Policy conditions can read only what these models declare: fields, and methods marked with
:func:`condition_helper`. The condition checker derives every type from the annotations, so a
helper must annotate every parameter and its return type with types the language knows
(bool, int, float, Decimal, str, date, a StrEnum, a model, or a list/frozenset of those).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from commitrules import _field_docs

__all__ = ["Case", "Entity", "condition_helper", "is_condition_helper"]

F = TypeVar("F", bound=Callable[..., Any])

_HELPER_FLAG = "__commitrules_condition_helper__"


def condition_helper(func: F) -> F:
    """Mark a model method as callable from policy conditions.

    The method must be pure: it may read only its own model and its arguments, and must return
    the same answer for the same case every time (both engines rely on it).
    """
    setattr(func, _HELPER_FLAG, True)
    return func


def is_condition_helper(obj: object) -> bool:
    """Whether ``obj`` was marked with :func:`condition_helper`."""
    return bool(getattr(obj, _HELPER_FLAG, False))


class Entity(_field_docs.DocumentedFields, BaseModel):
    """A shared domain entity (applicant, matter, finding, ...): immutable, unknown fields rejected.

    Each field's docstring is its description in the JSON Schema, read when the model's schema is first
    built rather than when the class is made (:mod:`commitrules._field_docs`: the same descriptions as
    pydantic's ``use_attribute_docstrings``, without parsing every model's source at every start).
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        validate_default=True,
        str_strip_whitespace=True,
        defer_build=True,
    )


class Case(Entity):
    """A case document of one kind; subclasses set ``KIND`` and a ``kind: Literal[...]`` field."""

    #: The case kind this model validates (the ``kind:`` of the document and of its policy file).
    KIND: ClassVar[str] = ""
    #: Chinese and English names of the kind, for explanations and the policy reference.
    TITLE: ClassVar[dict[str, str]] = {}

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        """The model's schema, with ``kind`` required: a case is read by its kind, so it must state it."""
        schema = handler(core_schema)
        target = handler.resolve_ref_schema(schema)
        if "kind" in target.get("properties", {}) and "kind" not in target.get("required", []):
            target["required"] = ["kind", *target.get("required", [])]
        return schema
