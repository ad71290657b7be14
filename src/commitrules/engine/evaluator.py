"""The evaluator: the owner of everything derived from a pack at run time.

A :class:`~commitrules.policy.pack.PolicyPack` is pure data. An :class:`Evaluator` is built from one
and holds what evaluating needs: the generated Python functions of every kind (generated when the
evaluator is built, so that no request pays for code generation), the views that decision building
reads, and the rete engine's plans (built when asked, or on the first rete evaluation of a kind,
since durable_rules is optional). Nothing of this lives in module globals: an evaluator and all it
derived are dropped together.

Both engines only find *which rules fire*; the decision is then built by
:func:`commitrules.engine.build.build_decision` for both alike.

Examples:
    >>> import commitrules
    >>> evaluator = commitrules.Evaluator(commitrules.load_policies())
    >>> evaluator.evaluate({"kind": "credit_site", "content": {"items": []}}, as_of="2020-01-01").outcome
    'noncompliant'
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from commitrules._gc import chunks, collector_paused
from commitrules.engine.build import build_decision, evaluation_failed
from commitrules.engine.compiled import CompiledKind, build_kind
from commitrules.engine.decision import Decision
from commitrules.engine.explain import Lang, explain_decision
from commitrules.engine.views import KindView, kind_view
from commitrules.errors import CaseError, CaseValidationError, CommitRulesError
from commitrules.messages import Text
from commitrules.model import Case, parse_case
from commitrules.model._open_codes import refused_codes, unknown_codes
from commitrules.model._parse import validate_within_limits
from commitrules.model._types import ISO_DATE
from commitrules.policy.exclusions import unread_in_kind

if TYPE_CHECKING:
    from commitrules.engine.rete import ReteEngine
    from commitrules.policy.pack import KindPolicy, PolicyPack

__all__ = ["ENGINES", "EngineName", "Evaluator", "evaluator_for", "resolve_as_of", "to_case"]

EngineName = Literal["compiled", "rete"]
ENGINES: tuple[EngineName, ...] = ("compiled", "rete")


def resolve_as_of(as_of: dt.date | str | None) -> dt.date:
    """The evaluation date: a date, a string ``YYYY-MM-DD``, or None for today.

    Anything else (a number such as ``20200601``, ``2020/06/01``, ``20200601`` as text) is refused
    rather than guessed at.
    """
    if type(as_of) is dt.date:  # the usual argument, first
        return as_of
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
        [CaseError.of("as_of", Text("case.invalid_as_of"), Text("case.expect_as_of"), _found(as_of))]
    )


def _found(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def to_case(pack: PolicyPack, case: Case | Mapping[str, Any]) -> Case:
    """A typed case for ``pack``: validated from a mapping, or checked to be of a kind it decides."""
    if type(case) is not dict and isinstance(case, Case):  # a dict first: the ABC check costs more
        typed = case
        # a case built in Python was validated without a vocabulary: its codes are checked here
        wrong = unknown_codes(typed, pack.vocabulary)
        if wrong:
            raise CaseValidationError(wrong)
    else:
        typed = parse_case(case, vocabulary=pack.vocabulary)
    if typed.KIND not in pack.policies:
        kinds = ", ".join(f"'{k}'" for k in pack.kinds)
        said = Text("case.no_policy", pack=pack.name)
        raise CaseValidationError([CaseError.of("$.kind", said, kinds, repr(typed.KIND))])
    return typed


@dataclass(frozen=True, slots=True)
class _Kind:
    """What the evaluator derived for one kind, and the codes of exclusionary lists its rules do not read."""

    policy: KindPolicy
    compiled: CompiledKind
    view: KindView
    unread: Mapping[str, frozenset[str]]


class _Kinds(dict[str, _Kind]):
    """What the evaluator derived for each kind, derived on the kind's first lookup (once, under a lock).

    A kind the pack does not have raises :class:`KeyError`, as a plain dict does.
    """

    def __init__(self, pack: PolicyPack) -> None:
        super().__init__()
        self._pack = pack
        self._lock = threading.Lock()

    def __missing__(self, kind: str) -> _Kind:
        policy = self._pack.policies[kind]
        with self._lock:
            found = self.get(kind)
            if found is None:
                with collector_paused():  # the generated code lives on: see commitrules._gc
                    unread = unread_in_kind(self._pack, policy)
                    found = _Kind(policy, build_kind(policy), kind_view(self._pack, policy), unread)
                self[kind] = found
        return found


class Evaluator:
    """Evaluates cases with one pack, on either engine.

    Build one per pack (building generates and compiles the Python of every kind) and share it: it is
    safe to use from many threads, and it never changes after it is built except for memos it owns
    (combinations of fired rules met, rete plans built on first use, and with ``lazy=True`` the code
    of each kind, generated on the kind's first use). One evaluator serves both engines, so that a
    caller can compare them on the same pack.

    Args:
        pack: the pack to evaluate with.
        rete: also build and register the rete engine's plans of every kind now (needs the
            ``commitrules[rete]`` extra) instead of on each kind's first rete evaluation.
        lazy: generate each kind's code when the kind is first used (a command deciding one case
            needs one kind of eleven) instead of now; :meth:`prepare` generates the rest.

    Raises:
        EngineUnavailableError: ``rete=True`` without durable_rules installed.
    """

    def __init__(self, pack: PolicyPack, *, rete: bool = False, lazy: bool = False) -> None:
        """Derive everything evaluating ``pack`` needs (see the class docstring)."""
        self._pack = pack
        self._kinds = _Kinds(pack)
        if not lazy:
            self.prepare()
        self._rete_engine: ReteEngine | None = None  # made on first use: the compiled engine needs none of it
        self._rete_lock = threading.Lock()
        if rete:
            self.rete.prepare()

    def prepare(self) -> None:
        """Generate and compile the Python of every kind not generated yet (of a lazy evaluator)."""
        for kind in self._pack.policies:
            _ = self._kinds[kind]  # built on first lookup

    @property
    def pack(self) -> PolicyPack:
        """The pack this evaluator evaluates with."""
        return self._pack

    @property
    def rete(self) -> ReteEngine:
        """The rete engine of this pack: its plans per kind (for tests and tooling); made on first use."""
        found = self._rete_engine
        if found is None:
            with self._rete_lock:
                found = self._rete_engine
                if found is None:
                    from commitrules.engine.rete import ReteEngine  # noqa: PLC0415 - only when rete is used

                    found = self._rete_engine = ReteEngine(self._pack)
        return found

    def compiled(self, kind: str) -> CompiledKind:
        """The generated functions (and their source) of ``kind``."""
        return self._kinds[kind].compiled

    def fired(self, case: Case, as_of: dt.date, engine: EngineName = "compiled") -> tuple[int, ...]:
        """The indices (evaluation order) of the rules of ``case``'s kind that fire on ``as_of``.

        This is all an engine decides; :meth:`evaluate` builds the decision from it.

        A case carrying a code of an exclusionary list that the kind's rules do not read is refused, as
        :meth:`decide` refuses it: the rules that fire without that code say nothing of it.

        Raises:
            CaseValidationError: the case carries a code of an exclusionary list its kind does not read.
            CommitRulesError: ``engine`` is not one of :data:`ENGINES`.
            EngineUnavailableError: ``engine="rete"`` without the ``commitrules[rete]`` extra.
        """
        found = self._kinds[case.KIND]
        _refuse_unread(found, case)
        if engine == "compiled":
            return found.compiled.evaluate(case, as_of)
        if engine == "rete":
            return self.rete.fired(case, as_of)
        msg = f"Unknown engine '{engine}'; choose one of: {', '.join(ENGINES)}"
        raise CommitRulesError(msg)

    def explain(self, decision: Decision, lang: Lang = "zh") -> str:
        """A readable account of ``decision`` in ``lang``, with the labels of this evaluator's pack.

        ``decision.explain(lang)`` gives the same account with the bundled pack's labels.
        """
        policy = self._pack.policies.get(decision.kind)
        return explain_decision(
            decision, lang, vocabulary=self._pack.vocabulary, kind_title=policy.title if policy else None
        )

    def evaluate(
        self, case: Case | Mapping[str, Any], as_of: dt.date | str | None = None, engine: EngineName = "compiled"
    ) -> Decision:
        """Decide one case: a typed case, or a plain dict with ``kind``.

        Raises:
            CaseValidationError: the dict does not match its case model, or the pack has no such kind,
                or the case carries a code of an exclusionary list its kind's rules do not read.
            EngineUnavailableError: ``engine="rete"`` without the ``commitrules[rete]`` extra.
            EvaluationError: the engine failed on a valid case (a defect of commitrules).
        """
        day = as_of if type(as_of) is dt.date else resolve_as_of(as_of)
        return self.decide(to_case(self._pack, case), day, engine)

    def typed_within_limits(self, document: dict[str, Any]) -> Case | None:
        """The typed case of a document proved within the case limits, if it is valid for this pack; else None.

        For a reader that proved the limits itself (the quick reading of a batch's line or body): the
        document is validated against the pack's vocabulary without walking it for the limits, and a
        None sends it to :meth:`evaluate`, which words the errors.
        """
        typed = validate_within_limits(document, self._pack.vocabulary)
        return typed if typed is not None and typed.KIND in self._pack.policies else None

    def decide(self, typed: Case, day: dt.date, engine: EngineName = "compiled") -> Decision:
        """Decide a typed case of a kind of this pack, already checked against its vocabulary.

        What :meth:`evaluate` does after :func:`to_case`, for callers that made the typed case
        themselves (the batch's quick reading of a line).

        A case carrying a code of an exclusionary list that the kind's rules do not read is refused:
        deciding it would ignore a ground that excludes (see :mod:`commitrules.policy.exclusions`).

        Raises:
            CaseValidationError: the case carries a code of an exclusionary list its kind does not read.
            CommitRulesError: ``engine`` is not one of :data:`ENGINES`.
            EngineUnavailableError: ``engine="rete"`` without the ``commitrules[rete]`` extra.
            EvaluationError: the engine failed on a valid case (a defect of commitrules).
        """
        found = self._kinds[typed.KIND]
        _refuse_unread(found, typed)
        if engine not in ENGINES:
            msg = f"Unknown engine '{engine}'; choose one of: {', '.join(ENGINES)}"
            raise CommitRulesError(msg)
        try:
            fired = found.compiled.evaluate(typed, day) if engine == "compiled" else self.rete.fired(typed, day)
            return build_decision(found.view, typed, fired, day, found.compiled.facts, found.compiled.routes, engine)
        except CommitRulesError:
            raise
        except Exception as exc:  # a defect of the library, never of the input: say so, and where
            raise evaluation_failed(typed, engine, exc) from exc

    def evaluate_many(
        self,
        cases: Iterable[Case | Mapping[str, Any]],
        as_of: dt.date | str | None = None,
        engine: EngineName = "compiled",
    ) -> list[Decision]:
        """Decide several cases, in order, all with this evaluator's pack.

        The cyclic garbage collector is held off while each thousand cases are decided: see
        :mod:`commitrules._gc` (batches of 1,000 cost half as much again with it on).
        """
        decided: list[Decision] = []
        for chunk in chunks(cases):
            with collector_paused():
                decided += [self.evaluate(case, as_of=as_of, engine=engine) for case in chunk]
        return decided

    def __repr__(self) -> str:
        pack = self._pack
        return f"Evaluator({pack.name} {pack.version} {pack.digest[:19]})"


def evaluator_for(pack: PolicyPack) -> Evaluator:
    """The evaluator attached to ``pack`` (the one :meth:`PolicyPack.evaluate` uses), built if need be."""
    found = pack.evaluator
    if not isinstance(found, Evaluator):  # a factory other than Evaluator was installed
        msg = f"The pack's evaluator is a {type(found).__name__}, not an Evaluator"
        raise TypeError(msg)
    return found


def _refuse_unread(found: _Kind, typed: Case) -> None:
    """Raise :class:`CaseValidationError` when ``typed`` carries a code its kind's rules do not read (fail closed).

    ``found.unread`` is empty for a pack that ``check`` passes, which pays one test here.
    """
    if found.unread:
        refused = refused_codes(typed, found.unread, typed.KIND)
        if refused:
            raise CaseValidationError(refused)
