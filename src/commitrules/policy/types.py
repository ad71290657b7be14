"""The condition language's types, derived from the pydantic case models.

The checker never looks at Python objects at run time: it reads the annotations of the case models
(fields, and methods marked ``@condition_helper``) and turns them into :class:`Type` values. Anything
that has no type here cannot be reached from a condition.
"""

from __future__ import annotations

import datetime as dt
import inspect
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel

from commitrules.model._base import Case, is_condition_helper
from commitrules.model._types import OpenCodes, open_codes_of

__all__ = [
    "BOOL",
    "DATE",
    "INT",
    "NULL",
    "NUMBER",
    "STR",
    "HelperSignature",
    "Type",
    "code_type",
    "enum_type",
    "field_names",
    "field_type",
    "helper_names",
    "helper_signature",
    "list_of",
    "model_type",
    "type_from_annotation",
]

TypeKind = Literal["bool", "int", "number", "str", "date", "enum", "list", "model", "null"]


@dataclass(frozen=True, slots=True)
class Type:
    """A type of the condition language. ``nullable`` marks values that may be null.

    A coded value is of kind ``enum``: of a closed list (``enum`` is its Python enum), or of an open
    list of the pack's vocabulary (``codes`` is the list's name, ``bundled`` the enum of the bundled
    codes, for messages); the vocabulary in the checker's scope says which codes it holds.
    """

    kind: TypeKind
    enum: type[StrEnum] | None = None
    model: type[BaseModel] | None = None
    elem: Type | None = None
    nullable: bool = False
    codes: str | None = None
    bundled: type[StrEnum] | None = None

    def __str__(self) -> str:
        if self.kind == "enum" and self.enum is not None:
            base = self.enum.__name__
        elif self.kind == "enum" and self.codes is not None:
            base = self.bundled.__name__ if self.bundled is not None else self.codes
        elif self.kind == "model" and self.model is not None:
            base = self.model.__name__
        elif self.kind == "list" and self.elem is not None:
            base = f"list[{self.elem}]"
        else:
            base = self.kind
        return f"{base} | null" if self.nullable and self.kind != "null" else base

    def as_nullable(self, nullable: bool = True) -> Type:  # noqa: FBT001, FBT002 - mirrors a flag
        """This type, nullable or not (itself when it already is: types are immutable)."""
        if nullable is self.nullable:
            return self
        return Type(self.kind, self.enum, self.model, self.elem, nullable, self.codes, self.bundled)

    @property
    def is_numeric(self) -> bool:
        """Int and number mix in arithmetic and comparisons."""
        return self.kind in {"int", "number"}

    @property
    def is_ordered(self) -> bool:
        """Whether ``<`` and friends apply."""
        return self.kind in {"int", "number", "date", "str"}

    def comparable_with(self, other: Type) -> bool:
        """Whether ``==`` between values of these two types can ever be true (null aside)."""
        if self.kind == "null" or other.kind == "null":
            return True
        if self.is_numeric and other.is_numeric:
            return True
        if self.kind == "enum" and other.kind == "enum":
            return self.enum is other.enum and self.codes == other.codes
        if {self.kind, other.kind} == {"enum", "str"}:
            return True
        if self.kind == "list" and other.kind == "list":
            return self.elem is None or other.elem is None or self.elem.comparable_with(other.elem)
        return self.kind == other.kind and self.kind != "model"


BOOL = Type("bool")
INT = Type("int")
NUMBER = Type("number")
STR = Type("str")
DATE = Type("date")
NULL = Type("null", nullable=True)


def list_of(elem: Type) -> Type:
    """A list whose items have type ``elem``."""
    return Type("list", elem=elem)


def enum_type(enum: type[StrEnum]) -> Type:
    """The type of members of ``enum``."""
    return Type("enum", enum=enum)


def code_type(marker: OpenCodes) -> Type:
    """The type of codes of an open list of the vocabulary."""
    return Type("enum", codes=marker.list_name, bundled=marker.bundled)


def model_type(model: type[BaseModel]) -> Type:
    """The type of instances of a case model or entity."""
    return Type("model", model=model)


_SCALARS: dict[object, Type] = {
    bool: BOOL,
    int: INT,
    float: NUMBER,
    Decimal: NUMBER,
    str: STR,
    dt.date: DATE,
}
_COLLECTIONS = {list, frozenset, set, tuple, typing.List, typing.FrozenSet, typing.Set}  # noqa: UP006


def type_from_annotation(annotation: object) -> Type | None:  # noqa: PLR0911 - one arm per kind of annotation
    """The language type of a Python annotation, or None when the language has no such type."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        marker = open_codes_of(getattr(annotation, "__metadata__", ()))
        return code_type(marker) if marker is not None else type_from_annotation(typing.get_args(annotation)[0])
    if origin in {typing.Union, types.UnionType}:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        nullable = len(args) < len(typing.get_args(annotation))
        if len(args) != 1:
            return None
        inner = type_from_annotation(args[0])
        return inner.as_nullable(nullable or inner.nullable) if inner else None
    if origin is Literal:
        values = typing.get_args(annotation)
        return STR if all(isinstance(v, str) for v in values) else None
    if origin in _COLLECTIONS:
        args = [a for a in typing.get_args(annotation) if a is not Ellipsis]
        if len(args) != 1:
            return None
        inner = type_from_annotation(args[0])
        return list_of(inner) if inner else None
    if annotation in _SCALARS:
        return _SCALARS[annotation]
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return enum_type(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_type(annotation)
    return None


def _hidden(model: type[BaseModel], name: str) -> bool:
    """A case's own ``kind`` is fixed by its policy file, so conditions never need to read it."""
    return name == "kind" and issubclass(model, Case)


def field_names(model: type[BaseModel]) -> list[str]:
    """The fields a condition may read on ``model``."""
    return [name for name in model.model_fields if not _hidden(model, name)]


def field_type(model: type[BaseModel], name: str) -> Type | None:
    """The type of field ``name`` of ``model``, or None when there is no such field."""
    info = model.model_fields.get(name)
    if info is None or _hidden(model, name):
        return None
    marker = open_codes_of(info.metadata)
    return code_type(marker) if marker is not None else type_from_annotation(info.annotation)


@dataclass(frozen=True, slots=True)
class HelperSignature:
    """A helper method's parameters (positional), optional varargs type and return type."""

    name: str
    params: tuple[Type, ...]
    vararg: Type | None
    returns: Type

    def describe(self) -> str:
        """``name(a, b, *c) -> r`` for messages."""
        parts = [str(p) for p in self.params]
        if self.vararg is not None:
            parts.append(f"*{self.vararg}")
        return f"{self.name}({', '.join(parts)}) -> {self.returns}"


def helper_names(model: type[BaseModel]) -> list[str]:
    """The helper methods declared on ``model``."""
    return [name for name, member in inspect.getmembers(model) if is_condition_helper(member)]


def helper_signature(model: type[BaseModel], name: str) -> HelperSignature | None:
    """The signature of helper ``name`` of ``model``, or None when it is not a declared helper."""
    func = getattr(model, name, None)
    if func is None or not is_condition_helper(func):
        return None
    hints = typing.get_type_hints(func, include_extras=True)
    params: list[Type] = []
    vararg: Type | None = None
    for parameter in list(inspect.signature(func).parameters.values())[1:]:
        ptype = type_from_annotation(hints.get(parameter.name))
        if ptype is None:
            msg = f"helper {model.__name__}.{name}: parameter {parameter.name!r} has no language type"
            raise TypeError(msg)
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            vararg = ptype
        else:
            params.append(ptype)
    returns = type_from_annotation(hints.get("return"))
    if returns is None:
        msg = f"helper {model.__name__}.{name}: return type has no language type"
        raise TypeError(msg)
    return HelperSignature(name, tuple(params), vararg, returns)
