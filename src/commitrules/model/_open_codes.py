"""Checking the open-list codes of a typed case against a vocabulary.

A case built in Python (``CertificationMatter(risk_flags={"production_safety"}, ...)``) is validated
without a vocabulary, so any snake_case code passes; the evaluator then checks it against its pack
with :func:`unknown_codes`, so that a code the pack does not know is refused the same way whether the
case came as a document or as an object. Where each case model holds open-list codes is worked out
once, at import, from the models' annotations.
"""

from __future__ import annotations

import typing
from typing import TYPE_CHECKING

from pydantic import BaseModel

from commitrules.errors import CaseError
from commitrules.messages import Text
from commitrules.model._types import CodeMembership, OpenCodes, unknown_code_error
from commitrules.model.cases import CASE_MODELS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

__all__ = ["case_code_lists", "refused_codes", "unknown_codes"]

#: Per model: (field name, marker of its codes or None, the models its value may hold).
_Plan = tuple[tuple[str, OpenCodes | None, tuple[type[BaseModel], ...]], ...]


def _parts(annotation: object) -> Iterator[object]:
    yield annotation
    for arg in typing.get_args(annotation):
        yield from _parts(arg)


def _plan_of(model: type[BaseModel], plans: dict[type[BaseModel], _Plan]) -> None:
    if model in plans:
        return
    plans[model] = ()
    steps = []
    for name, info in model.model_fields.items():
        parts = list(_parts(info.annotation))
        markers = [m for m in info.metadata if isinstance(m, OpenCodes)]
        markers += [
            m
            for p in parts
            if typing.get_origin(p) is typing.Annotated
            for m in getattr(p, "__metadata__", ())
            if isinstance(m, OpenCodes)
        ]
        models = tuple(p for p in parts if isinstance(p, type) and issubclass(p, BaseModel))
        if markers or models:
            steps.append((name, markers[0] if markers else None, models))
        for sub in models:
            _plan_of(sub, plans)
    plans[model] = tuple(steps)


def _all_plans() -> dict[type[BaseModel], _Plan]:
    plans: dict[type[BaseModel], _Plan] = {}
    for case_model in CASE_MODELS.values():
        _plan_of(case_model, plans)
    # Only models that hold codes, themselves or somewhere below, need walking into.
    holding = {model for model, plan in plans.items() if any(marker is not None for _, marker, _ in plan)}
    grew = True
    while grew:
        grew = False
        for model, plan in plans.items():
            if model not in holding and any(sub in holding for _, _, models in plan for sub in models):
                holding.add(model)
                grew = True
    pruned = {
        model: tuple(
            (name, marker, tuple(m for m in models if m in holding))
            for name, marker, models in plan
            if marker is not None or any(m in holding for m in models)
        )
        for model, plan in plans.items()
    }
    return {model: plan for model, plan in pruned.items() if plan}


#: Computed at import from the case models' annotations; read only after that.
_PLANS: dict[type[BaseModel], _Plan] = _all_plans()


def case_code_lists() -> frozenset[str]:
    """The open lists of the vocabulary whose codes some case model's field holds."""
    return frozenset(marker.list_name for plan in _PLANS.values() for _, marker, _ in plan if marker is not None)


def unknown_codes(case: BaseModel, vocabulary: CodeMembership) -> list[CaseError]:
    """Every open-list code of ``case`` that ``vocabulary`` does not have, as case errors.

    A quick walk (no paths, stops at the first unknown code) answers for the usual case, where every
    code is known; only then the careful walk finds every unknown code with its path.
    """
    if not _any_unknown(case, vocabulary.has):
        return []

    def error(at: str, list_name: str, code: str) -> CaseError:
        _code, message, context = unknown_code_error(list_name, code, vocabulary.codes(list_name))
        said = Text("case.not_allowed")
        text = Text("case.guess", message=said, guess=context["guess"]) if "guess" in context else said
        expected = Text("case.one_of", values=context["allowed"])
        return CaseError(at, message, context["expected"], repr(code), text=text, expected_text=expected)

    errors: list[CaseError] = []
    _walk(case, "$", vocabulary.has, error, errors)
    return errors


def _any_unknown(obj: BaseModel, has: Callable[[str, str], bool]) -> bool:
    """Whether ``obj`` holds an open-list code ``has`` denies (what ``_walk`` finds, without paths)."""
    for name, marker, _models in _PLANS.get(type(obj), ()):
        value = getattr(obj, name)
        if value is None:
            continue
        for item in value if isinstance(value, list | tuple | frozenset) else (value,):
            if isinstance(item, BaseModel):
                if _any_unknown(item, has):
                    return True
            elif marker is not None and isinstance(item, str) and not has(marker.list_name, item):
                return True
    return False


def refused_codes(case: BaseModel, refused: Mapping[str, frozenset[str]], kind: str) -> list[CaseError]:
    """Every code of ``case`` of an exclusionary list that no rule of its kind reads, as case errors.

    ``refused`` maps a list to the codes of it that the kind's rules do not read
    (:func:`commitrules.policy.exclusions.unread_exclusions`): deciding the case would ignore the
    code, so the case is refused instead (fail closed).
    """

    def has(list_name: str, code: str) -> bool:
        return code not in refused.get(list_name, ())

    if not _any_unknown(case, has):
        return []

    def error(at: str, list_name: str, code: str) -> CaseError:
        text = Text("case.unread_exclusion", kind=kind, code=code, list=list_name)
        return CaseError.of(at, text, Text("case.read_code", kind=kind, list=list_name), repr(code))

    errors: list[CaseError] = []
    _walk(case, "$", has, error, errors)
    return errors


def _walk(
    obj: BaseModel,
    path: str,
    has: Callable[[str, str], bool],
    error: Callable[[str, str, str], CaseError],
    errors: list[CaseError],
) -> None:
    """Add ``error(path, list, code)`` for every open-list code of ``obj`` that ``has`` denies."""
    for name, marker, _models in _PLANS.get(type(obj), ()):
        value = getattr(obj, name)
        where = f"{path}.{name}"
        if value is None:
            continue
        items = (
            [
                (f"{where}[{i}]", v)
                for i, v in enumerate(sorted(value, key=str) if isinstance(value, frozenset) else value)
            ]
            if isinstance(value, list | tuple | frozenset)
            else [(where, value)]
        )
        for at, item in items:
            if isinstance(item, BaseModel):
                _walk(item, at, has, error, errors)
            elif marker is not None and isinstance(item, str) and not has(marker.list_name, item):
                errors.append(error(at, marker.list_name, str(item)))
