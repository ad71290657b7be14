"""The one module that imports durable_rules: a private Host, one live session at a time.

durable is wrapped as ``notes/durable-rules.md`` requires: one private Host whose timer threads never
start, one lock around each evaluation (one live session at a time), a fresh sid per evaluation
deleted in a ``finally`` from outside the actions (but not where durable rejected the session's first
fact: deleting a session without a fact crashes the C core), actions that only record the index of
the matched rule, errors that durable swallows (``c.s.exception``) re-raised as
:class:`~commitrules.errors.EvaluationError`.

The Host is the one piece of run-time state that is process-wide rather than owned by an
:class:`~commitrules.engine.evaluator.Evaluator`: durable's C core has no locks and crashes with
several hosts or sessions used from several threads, and a Host is never freed. It holds the rulesets
registered in it (durable has no unregister), named by pack digest and kind, so evaluators of equal
packs share them.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from commitrules.errors import EngineUnavailableError, EvaluationError
from commitrules.messages import Text

if TYPE_CHECKING:
    import datetime as dt

    from commitrules.engine.rete.plan import _Plan
    from commitrules.model import Case

__all__ = ["DurableHost", "durable_host"]

_UNAVAILABLE = Text("engine.rete_missing")


@dataclass
class _Session:
    """One evaluation's sid, and the rulesets where a fact of it is stored."""

    sid: str
    started: list[str] = field(default_factory=list)


class DurableHost:
    """durable's Host, its lock, and the rulesets registered in it."""

    def __init__(self, engine: Any) -> None:
        """Wrap a new Host of the module ``durable.engine`` whose dispatcher threads never start."""

        class _QuietHost(engine.Host):  # type: ignore[misc]
            def _run(self) -> None:
                """No background dispatcher or timer threads: every evaluation runs synchronously."""

        self._host = _QuietHost()
        self._lock = threading.Lock()
        self._sids = itertools.count(1)
        self._sink: list[int] = []  # where actions record the index of the matched rule (under the lock)
        self._registered: set[str] = set()

    def register(self, kind: str, definitions: Mapping[str, dict[str, Any]]) -> None:
        """Register the rulesets ``definitions`` (without actions) unless equal ones already are.

        Raises:
            EvaluationError: durable rejected a ruleset.
        """
        with self._lock:
            if set(definitions) <= self._registered:
                return
            rulesets: dict[str, dict[str, Any]] = {}
            for name, definition in definitions.items():
                rulesets[name] = {
                    rule_name: {
                        **rule,
                        "run": self._recorder(int(rule_name[1:])) if rule_name.startswith("r") else _ignore,
                    }
                    for rule_name, rule in definition.items()
                }
            try:
                self._host.register_rulesets(rulesets)
            except Exception as exc:
                raise EvaluationError(f"durable_rules rejected the ruleset of kind '{kind}': {exc}") from exc
            self._registered.update(definitions)

    def _recorder(self, index: int) -> Callable[[Any], None]:
        def action(_c: Any) -> None:
            self._sink.append(index)

        return action

    def fired(self, plan: _Plan, case: Case, as_of: dt.date) -> tuple[int, ...]:
        """The indices of the rules of ``plan`` that fire for ``case`` on ``as_of``.

        Raises:
            EvaluationError: durable failed or reported an error inside an action.
        """
        with self._lock:
            session = _Session(str(next(self._sids)))
            self._sink.clear()
            done = False
            try:
                fired = self._run(plan, case, as_of, session)
                done = True
            finally:
                self._sink.clear()
                self._delete(session, strict=done)
        return fired

    def _run(self, plan: _Plan, case: Case, as_of: dt.date, session: _Session) -> tuple[int, ...]:
        """Assert the facts group by group; overrides and derived facts in rule order between them."""
        derived: set[str] = set()
        fired: dict[int, bool] = {}
        for group in plan.groups:
            fact, broken = group.fact(case, derived, as_of, session.sid)
            self._assert(group.ruleset, fact, session)
            matched = set(self._sink)
            for rule in group.rules:
                if any(fired[o] for o in plan.overriders[rule.index]):
                    fired[rule.index] = False
                elif rule.index in broken:
                    condition = plan.condition(rule)
                    fired[rule.index] = rule.effective_on(as_of) and bool(condition(case, derived, as_of))
                else:
                    fired[rule.index] = rule.index in matched
            for rule in group.rules:
                if fired[rule.index]:
                    derived.update(rule.effect.derive)
        return tuple(index for index, fires in sorted(fired.items()) if fires)

    def _assert(self, ruleset: str, fact: dict[str, Any], session: _Session) -> None:
        """Assert ``fact`` of ``session`` in ``ruleset``, and note that the session holds a fact there."""
        try:
            state = self._host.assert_fact(ruleset, fact)
        except Exception as exc:
            detail = getattr(exc, "message", None) or str(exc)
            raise EvaluationError(f"durable_rules failed on a fact of {ruleset}: {detail}") from exc
        if ruleset not in session.started:
            session.started.append(ruleset)
        if isinstance(state, dict) and state.get("exception"):
            raise EvaluationError(f"durable_rules reported an error in an action of {ruleset}: {state['exception']}")

    def _delete(self, session: _Session, *, strict: bool) -> None:
        """End the session where it holds a fact; a failure matters only when nothing else went wrong.

        A session whose first fact durable rejected holds no fact, and deleting such a session crashes
        durable's C core (``notes/durable-rules.md``): it is left alone (sids are never reused).
        """
        sid = session.sid
        failures: list[tuple[str, Exception]] = []
        for ruleset in session.started:
            try:
                self._host.delete_state(ruleset, sid)
            except Exception as exc:  # noqa: BLE001 - reported below, once every session is ended
                failures.append((ruleset, exc))
        if strict and failures:
            ruleset, error = failures[0]
            raise EvaluationError(f"durable_rules could not delete session {sid} of {ruleset}: {error}") from error


def _ignore(_c: Any) -> None:
    """The catch-all rule's action: nothing to record."""


_HOST: list[DurableHost] = []  # the process's one host, created on first use (see the module docstring)
_HOST_LOCK = threading.Lock()


def durable_host() -> DurableHost:
    """The process's durable host, created on first use.

    Raises:
        EngineUnavailableError: durable_rules is not installed.
    """
    try:  # every time: cheap once imported, and it says so whenever durable is unavailable
        from durable import engine  # noqa: PLC0415 - optional dependency, imported only here
    except ImportError as exc:
        raise EngineUnavailableError(_UNAVAILABLE) from exc
    if not _HOST:
        with _HOST_LOCK:
            if not _HOST:
                _HOST.append(DurableHost(engine))
    return _HOST[0]
