"""The decision: what was decided, by which rules, citing which clauses, on which facts.

The shape is the contract of ``docs/domain.md`` section 5 and a public interface: host systems read its
JSON (``Decision.model_dump_json()``). Both engines only find *which rules fire*; the decision is
built from that set, once, by :func:`~commitrules.engine.build.build_decision`, so that the two
engines cannot differ in anything else.

A decision made by an engine is lazy: making it costs its kind, id, outcome, date and pack, and a
reference to what its set of fired rules decides (prepared once per set, see
:mod:`commitrules.engine.views`). Its code lists, route, fired rules with their facts, and its JSON
are built when first read, from fragments prepared per rule and per set; each is built once and then
kept. Nothing of this shows: every field reads as before, ``model_dump``, ``model_dump_json``,
equality, copies and pickling give what an eager decision gives, byte for byte
(``tests/test_decision_golden.py``). Until its fired rules are read a decision keeps a reference to its
case (the facts are read from it then): cases are immutable, and must stay so.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from commitrules.engine.explain import explain_decision
from commitrules.engine.facts import _jsonable, fact_value  # noqa: F401 - _jsonable: the name of before

if TYPE_CHECKING:
    from commitrules.engine.explain import Lang

__all__ = [
    "CODE_LISTS",
    "AppliedSetting",
    "Decision",
    "FiredRule",
    "Pending",
    "PolicyRef",
    "Title",
    "construct",
    "fact_value",
    "json_layout_ok",
]

#: The code lists of a decision, in the order of its fields (``route`` comes between the third and fourth).
CODE_LISTS = ("reasons", "consequences", "measures", "channels", "tools")
_M = TypeVar("_M", bound=BaseModel)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Title(_Frozen):
    """A name in Chinese and English."""

    zh: str
    en: str


class PolicyRef(_Frozen):
    """The pack a decision was made with."""

    name: str
    version: str
    digest: str


class AppliedSetting(_Frozen):
    """The dated value of a setting that changes with time that a fired rule read: which one applied.

    .. versionadded:: 0.2.0
    """

    model_config = ConfigDict(serialize_by_alias=True, validate_by_name=True)  # the rest as every decision part

    value: Any = Field(description="The value in force on the evaluation date")
    since: dt.date = Field(alias="from", description="The first day that value is in force")
    source: str = Field(description="Where the value comes from (the document and clause that set it)")


class FiredRule(_Frozen):
    """A rule that fired, its clause, and the facts its condition read with their values."""

    rule: str
    clause: list[str]
    title: Title
    quote: str | None = Field(default=None, description="The source sentence the rule rests on (Chinese)")
    interpretation: bool = Field(description="True when the rule rests on an interpretation of the text")
    facts: dict[str, Any]
    settings: dict[str, AppliedSetting] | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description=(
            "Only when the rule read settings that change with time: for each (by name), the dated value "
            "that applied on the evaluation date. Absent otherwise."
        ),
    )


class Pending:
    """What a lazy decision has yet to build: the base of :class:`~commitrules.engine.build.PendingDecision`."""

    __slots__ = ()

    def value(self, name: str) -> Any:
        """A new value of the lazy field ``name``."""
        raise NotImplementedError

    def json(self, decision: Decision) -> bytes | None:
        """The decision's JSON from prepared fragments, or None where they cannot write it."""
        raise NotImplementedError

    def fired_ids(self) -> tuple[str, ...]:
        """The ids of the fired rules, in evaluation order."""
        raise NotImplementedError


#: The fields made when a decision is made; the others (:data:`LAZY_FIELDS`) when first read.
EAGER_FIELDS = ("kind", "case_id", "outcome", "policy", "as_of")
LAZY_FIELDS = ("reasons", "consequences", "measures", "route", "channels", "tools", "applied_by", "fired")
_set = object.__setattr__


class Decision(_Frozen):
    """The result of evaluating one case."""

    kind: str
    case_id: str | None = Field(default=None, description="The host system's case id, when given")
    outcome: str
    reasons: list[str] = []
    consequences: list[str] = []
    measures: list[str] = []
    route: list[str] = Field(default=[], description="Reporting path, in order from the reporting role")
    channels: list[str] = []
    tools: list[str] = []
    applied_by: dict[str, list[str]] = Field(
        default={}, description="For each measure, the departments configured to apply it"
    )
    fired: list[FiredRule] = []
    policy: PolicyRef
    as_of: dt.date

    def explain(self, lang: Lang = "zh") -> str:
        """A readable account of the decision in Chinese (``zh``) or English (``en``).

        Raises:
            UnknownLanguageError: another language was asked for.
        """
        return explain_decision(self, lang)

    @property
    def fired_ids(self) -> tuple[str, ...]:
        """The ids of the rules that fired, in evaluation order, without building their entries."""
        pending = _private(self)
        if isinstance(pending, Pending) and "fired" not in _raw_dict(self):
            return pending.fired_ids()
        return tuple(f.rule for f in self.fired)

    # --- laziness: a field not yet built is built on first read. Whatever reads the fields as a whole
    # reads ``__dict__`` (pydantic's serializer, also inside other models; repr; iteration; copies):
    # here that is a property that builds every field first, in the fields' order. Reading one field
    # finds the instance's dictionary directly and never goes through it.

    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any:
            if name in _LAZY:
                pending = _private(self)
                if isinstance(pending, Pending):
                    value = pending.value(name)
                    _raw_dict(self)[name] = value
                    return value
                found = _raw_dict(self).get(name, _MISSING)  # another thread completed it meanwhile
                if found is not _MISSING:
                    return found
            return super().__getattr__(name)

        @property
        def __dict__(self) -> dict[str, Any]:
            values = _raw_dict(self)
            pending = _private(self)
            if pending is not None and isinstance(pending, Pending):
                values = {n: values[n] if n in values else pending.value(n) for n in _FIELDS}
                _set_dict(self, values)
                _set_private(self, None)
            return values

        @__dict__.setter
        def __dict__(self, values: dict[str, Any]) -> None:
            _set_dict(self, values)

    def _complete(self) -> None:
        """Build every field not built yet (what reading ``__dict__`` does)."""
        self.__dict__  # noqa: B018 - the property builds them

    def model_dump_json(self, **kwargs: Any) -> str:
        """The decision's JSON; see :meth:`pydantic.BaseModel.model_dump_json` for the arguments.

        Without arguments, a decision of an engine not yet read is written from prepared fragments:
        the same bytes, faster.
        """
        if not kwargs:
            pending = _private(self)
            if isinstance(pending, Pending) and len(_raw_dict(self)) == _EAGER_COUNT:
                written = pending.json(self)
                if written is not None:
                    return written.decode("utf-8")
        return super().model_dump_json(**kwargs)

    # pydantic reads the private values before __dict__ here: complete the decision first.

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Decision):
            other._complete()
        self._complete()
        return super().__eq__(other)

    def __hash__(self) -> int:
        return hash(tuple(self.__dict__.values()))  # a TypeError, as pydantic's hash of a decision: its lists

    def __getstate__(self) -> dict[Any, Any]:
        self._complete()
        return super().__getstate__()

    def __copy__(self) -> Decision:
        self._complete()
        return super().__copy__()

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Decision:
        self._complete()
        return super().__deepcopy__(memo)


_raw_dict = BaseModel.__dict__["__dict__"].__get__
_set_dict = BaseModel.__dict__["__dict__"].__set__
_private = BaseModel.__dict__["__pydantic_private__"].__get__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_FIELDS = tuple(Decision.model_fields)
_LAZY = frozenset(LAZY_FIELDS)
_EAGER_COUNT = len(EAGER_FIELDS)
_MISSING = object()


def json_layout_ok() -> bool:
    """Whether the decision's fields are those, in that order, that the prepared JSON fragments write."""
    return (
        *EAGER_FIELDS[:3],
        *CODE_LISTS[:3],
        "route",
        *CODE_LISTS[3:],
        "applied_by",
        "fired",
        "policy",
        "as_of",
    ) == _FIELDS


_new = object.__new__


def construct(cls: type[_M], values: dict[str, Any]) -> _M:
    """``cls(**values)`` without validating again values that are valid by construction.

    This is what pydantic's ``model_construct`` does when every field is given (it is slower than
    validation, since it walks the fields in Python): the object equals the validated one, field
    for field, with the same fields set (``tests/test_baseline.py`` checks both).
    """
    obj = _new(cls)
    _set(obj, "__dict__", values)
    _set(obj, "__pydantic_fields_set__", set(values))
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


_construct = construct  # the name of earlier versions
