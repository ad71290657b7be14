"""Logging decisions made in-process: the same audit trail as the service, for Python hosts.

Examples:
    >>> import tempfile, commitrules
    >>> log = DecisionLog.open(tempfile.mkdtemp() + "/decisions.db")
    >>> evaluator = LoggedEvaluator(commitrules.PackHolder.load(), log, caller="case-system")
    >>> decision = evaluator.evaluate({"kind": "credit_site", "content": {"items": []}}, as_of="2020-01-01")
    >>> record = log.search()[0]
    >>> (record.outcome == decision.outcome, record.caller, evaluator.last_record == record)
    (True, 'case-system', True)
    >>> log.close()

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from pydantic import BaseModel

from commitrules._gc import chunks, collector_paused
from commitrules.engine.decision import Decision
from commitrules.policy.pack import EngineName
from commitrules.service.log.records import LogRecord
from commitrules.service.log.store import DecisionLog

__all__ = ["Decides", "LoggedEvaluator"]


class Decides(Protocol):
    """What can decide cases: a :class:`~commitrules.PolicyPack`, a :class:`~commitrules.PackHolder`."""

    def evaluate(self, case: Any, as_of: dt.date | str | None = ..., engine: EngineName = ...) -> Decision:
        """Decide one case."""
        ...


class LoggedEvaluator:
    """Decides with ``evaluator`` and appends every decision to ``log`` before returning it.

    A decision is returned only once its record is durable; a case that fails validation is not
    decided and not recorded (the error propagates as usual).
    """

    def __init__(self, evaluator: Decides, log: DecisionLog, *, caller: str | None = None) -> None:
        self.evaluator = evaluator
        self.log = log
        self.caller = caller
        self._local = threading.local()

    @property
    def last_record(self) -> LogRecord | None:
        """The record of the last decision this thread made through this evaluator."""
        return getattr(self._local, "record", None)

    def evaluate(
        self,
        case: Mapping[str, Any] | BaseModel,
        as_of: dt.date | str | None = None,
        engine: EngineName = "compiled",
        request_id: str | None = None,
    ) -> Decision:
        """Decide ``case`` and record the decision (see :meth:`~commitrules.PolicyPack.evaluate`)."""
        decision = self.evaluator.evaluate(case, as_of=as_of, engine=engine)
        self._local.record = self.log.append(
            case=case, decision=decision, engine=engine, caller=self.caller, request_id=request_id
        )
        return decision

    def evaluate_many(
        self,
        cases: Iterable[Mapping[str, Any] | BaseModel],
        as_of: dt.date | str | None = None,
        engine: EngineName = "compiled",
    ) -> list[Decision]:
        """Decide several cases and record them in one transaction (group commit).

        The cyclic garbage collector is held off while each thousand cases are decided, and while they
        are recorded: see :mod:`commitrules._gc`.
        """
        items: list[tuple[Mapping[str, Any] | BaseModel, Decision]] = []
        for chunk in chunks(cases):
            with collector_paused():
                items += [(case, self.evaluator.evaluate(case, as_of=as_of, engine=engine)) for case in chunk]
        # The records are not read back as LogRecord objects (nobody is given them): append_many_ids.
        entries = [
            {"case": case, "decision": decision, "engine": engine, "caller": self.caller} for case, decision in items
        ]
        with collector_paused():
            self.log.append_many_ids(entries)
        return [decision for _, decision in items]
