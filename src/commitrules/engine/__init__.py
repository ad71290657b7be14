"""The engines that evaluate a compiled pack, and the decision they return.

Both engines answer one question, *which rules fire for this case*; the decision is then built by
:func:`commitrules.engine.decision.build_decision` for both alike.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from commitrules.engine.compiled import compiled_kind
from commitrules.engine.decision import Decision, build_decision
from commitrules.errors import CaseError, CaseValidationError, CommitRulesError, EvaluationError
from commitrules.model import Case, parse_case
from commitrules.model._types import ISO_DATE

if TYPE_CHECKING:
    from commitrules.policy.pack import PolicyPack

__all__ = ["ENGINES", "evaluate_case", "resolve_as_of", "to_case"]

ENGINES = ("compiled", "rete")


def resolve_as_of(as_of: dt.date | str | None) -> dt.date:
    """The evaluation date: a date, a string ``YYYY-MM-DD``, or None for today.

    Anything else (a number such as ``20200601``, ``2020/06/01``, ``20200601`` as text) is refused
    rather than guessed at.
    """
    if as_of is None:
        return dt.date.today()  # noqa: DTZ011 - a calendar date in the deployment's own time zone
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if isinstance(as_of, dt.date):
        return as_of
    value: object = as_of  # a caller without type checking may pass anything
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(value)
    raise CaseValidationError(
        [CaseError("as_of", "Invalid evaluation date", "a date YYYY-MM-DD, e.g. 2020-05-20", _found(as_of))]
    )


def _found(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def to_case(pack: PolicyPack, case: Case | Mapping[str, Any]) -> Case:
    """A typed case for ``pack``: validated from a mapping, or checked to be of a kind it decides."""
    typed = case if isinstance(case, Case) else parse_case(case)
    if typed.KIND not in pack.policies:
        kinds = ", ".join(f"'{k}'" for k in pack.kinds)
        raise CaseValidationError(
            [CaseError("$.kind", f"The pack '{pack.name}' has no policy for this kind", kinds, repr(typed.KIND))]
        )
    return typed


def evaluate_case(
    pack: PolicyPack,
    case: Case | Mapping[str, Any],
    *,
    as_of: dt.date | str | None = None,
    engine: str = "compiled",
) -> Decision:
    """Decide ``case`` with ``pack`` on ``engine``."""
    day = resolve_as_of(as_of)
    typed = to_case(pack, case)
    compiled = compiled_kind(pack, typed.KIND)
    policy = pack.policies[typed.KIND]
    if engine not in ENGINES:
        msg = f"Unknown engine '{engine}'; choose one of: {', '.join(ENGINES)}"
        raise CommitRulesError(msg)
    try:
        if engine == "compiled":
            fired = compiled.evaluate(typed, day)
        else:
            from commitrules.engine.rete import rete_fired  # noqa: PLC0415 - optional dependency

            fired = rete_fired(pack, typed, day)
        return build_decision(pack, policy, typed, fired, day, compiled.facts, compiled.routes)
    except CommitRulesError:
        raise
    except Exception as exc:  # a defect of the library, never of the input: say so, and where
        host_id = getattr(typed, "id", None)
        case_id = f" '{host_id}'" if host_id else ""
        msg = (f"Evaluating {typed.KIND} case{case_id} failed on the {engine} engine: {type(exc).__name__}: "
               f"{exc}. This is a defect of commitrules; please report it with the case.")
        raise EvaluationError(msg) from exc
