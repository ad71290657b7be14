"""The engines that evaluate a compiled pack, and the decision they return.

:class:`~commitrules.engine.evaluator.Evaluator` is the entry point: built from a
:class:`~commitrules.policy.pack.PolicyPack`, it owns the generated functions of the compiled
engine, the rete engine's plans and the views decisions are built from. Both engines only find
*which rules fire*; :func:`commitrules.engine.build.build_decision` builds the decision alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from commitrules.engine.decision import Decision
from commitrules.engine.evaluator import ENGINES, EngineName, Evaluator, evaluator_for, resolve_as_of, to_case

if TYPE_CHECKING:
    from commitrules.model import Case
    from commitrules.policy.pack import PolicyPack

__all__ = ["ENGINES", "EngineName", "Evaluator", "evaluate_case", "evaluator_for", "resolve_as_of", "to_case"]


def evaluate_case(
    pack: PolicyPack,
    case: Case | Mapping[str, Any],
    *,
    as_of: dt.date | str | None = None,
    engine: str = "compiled",
) -> Decision:
    """Decide ``case`` with ``pack``'s own evaluator on ``engine`` (see :meth:`Evaluator.evaluate`)."""
    # an unknown engine name is reported by the evaluator (CommitRulesError), as for every caller
    return evaluator_for(pack).evaluate(case, as_of=as_of, engine=cast("EngineName", engine))
