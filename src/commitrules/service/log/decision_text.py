"""A decision's canonical JSON (sorted keys) joined from prepared pieces, as the response's JSON is.

The log stores a decision as :func:`~commitrules.service.log.records.canonical_json` of
``decision.model_dump(mode="json")``. For a decision an engine made and nobody has read yet, everything
but its case id, date, route and the facts each fired rule read depends only on which rules fired:
:class:`~commitrules.engine.views.Combination`, which the evaluator keeps per kind. This module writes
the canonical text of those parts once per combination, and joins them around the few values that
depend on the case, instead of building the decision's fields, dumping them and sorting every key again.

It reads the lazy decision's pending state (:class:`~commitrules.engine.build.PendingDecision`), as
:func:`~commitrules.engine.build.decision_json` does; whenever that state is not what it expects (a
decision built another way, or read already, a field the pieces do not know), it returns None and the
log writes the text the general way. ``tests/service/log/test_log_decision_text.py`` holds the two ways
to the same bytes for every example case and both engines.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import orjson
from pydantic_core import SchemaSerializer, core_schema

from commitrules.engine.build import PendingDecision
from commitrules.engine.decision import Decision, FiredRule, _private, _raw_dict
from commitrules.engine.views import Combination, KindView
from commitrules.service.log.records import canonical_json, orjson_writes_it

__all__ = ["DecisionTexts", "canonical_decision_json", "canonical_decision_utf8"]

#: The fields these pieces write, as the decision has them (any other set: the general way).
_DECISION_FIELDS = frozenset(
    {
        "kind",
        "case_id",
        "outcome",
        "reasons",
        "consequences",
        "measures",
        "route",
        "channels",
        "tools",
        "applied_by",
        "fired",
        "policy",
        "as_of",
    }
)
_FIRED_FIELDS = frozenset({"rule", "clause", "title", "quote", "interpretation", "facts", "settings"})
_LAYOUT_OK = set(Decision.model_fields) == _DECISION_FIELDS and set(FiredRule.model_fields) == _FIRED_FIELDS
_EAGER_COUNT = 5  # kind, case_id, outcome, policy, as_of: the fields of a decision not yet read

#: The facts of the fired rules as ``model_dump(mode="json")`` writes the field ``facts: dict[str, Any]``.
_FACTS = SchemaSerializer(
    core_schema.list_schema(core_schema.dict_schema(core_schema.str_schema(), core_schema.any_schema()))
)


class _Pieces:
    """The canonical text of a combination's decisions, but for the values that depend on the case (UTF-8)."""

    __slots__ = ("after_fired", "after_route", "before_as_of", "before_fired", "combination", "rules")

    def __init__(self, view: KindView, combination: Combination) -> None:
        self.combination = combination  # kept: its id is the key of the cache
        lists = {name: list(getattr(combination, name)) for name in ("reasons", "consequences", "measures")}
        applied_by = {measure: list(departments) for measure, departments in combination.applied_by}
        self.before_as_of = _utf8('{"applied_by":' + canonical_json(applied_by) + ',"as_of":"')
        self.before_fired = _utf8(
            ',"channels":'
            + canonical_json(list(combination.channels))
            + ',"consequences":'
            + canonical_json(lists["consequences"])
            + ',"fired":['
        )
        self.rules = tuple(
            (
                _utf8('{"clause":' + canonical_json(list(rule.clauses)) + ',"facts":'),
                _utf8(
                    ',"interpretation":'
                    + canonical_json(rule.interpretation)
                    + ',"quote":'
                    + canonical_json(rule.quote)
                    + ',"rule":'
                    + canonical_json(rule.id)
                    + ',"title":'
                    + canonical_json(rule.title.model_dump(mode="json"))
                    + "}"
                ),
            )
            for rule in combination.rules
        )
        self.after_fired = _utf8(
            '],"kind":'
            + canonical_json(view.kind)
            + ',"measures":'
            + canonical_json(lists["measures"])
            + ',"outcome":'
            + canonical_json(combination.outcome)
            + ',"policy":'
            + canonical_json(view.policy.model_dump(mode="json"))
            + ',"reasons":'
            + canonical_json(lists["reasons"])
            + ',"route":'
        )
        self.after_route = _utf8(',"tools":' + canonical_json(list(combination.tools)) + "}")


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


class DecisionTexts:
    """Writes decisions' canonical texts, remembering the pieces of each set of fired rules it met.

    A :class:`~commitrules.service.log.store.DecisionLog` owns one: the pieces live as long as it, and at
    most :attr:`MAX_PIECES` sets are kept (all are forgotten when that many were met, e.g. across many
    reloads of the pack). Safe to share between threads.
    """

    #: Sets of fired rules remembered at most.
    MAX_PIECES = 8192

    def __init__(self) -> None:
        # Pieces by ``id(combination)``; each entry holds its combination, so that the id is not reused.
        self._pieces: dict[int, _Pieces] = {}
        self._lock = threading.Lock()

    def __call__(self, decision: Decision) -> str | None:
        """``canonical_json(decision.model_dump(mode="json"))`` for a decision not yet read; None for any other.

        Raises:
            EvaluationError: a facts function failed (a defect of commitrules), as reading the decision would.
        """
        written = canonical_decision_utf8(decision, self._pieces_of)
        return None if written is None else written.decode("utf-8")

    def utf8(self, decision: Decision) -> bytes | None:
        """That text as UTF-8 (as the log hashes and stores it), or None.

        Raises:
            EvaluationError: a facts function failed (a defect of commitrules), as reading the decision would.
        """
        return canonical_decision_utf8(decision, self._pieces_of)

    def _pieces_of(self, view: KindView, combination: Combination) -> _Pieces:
        found = self._pieces.get(id(combination))
        if found is not None and found.combination is combination:
            return found
        made = _Pieces(view, combination)
        with self._lock:
            if len(self._pieces) >= self.MAX_PIECES:
                self._pieces.clear()
            self._pieces[id(combination)] = made
        return made


def canonical_decision_json(
    decision: Decision, pieces_of: Callable[[KindView, Combination], _Pieces] | None = None
) -> str | None:
    """``canonical_json(decision.model_dump(mode="json"))`` for a decision not yet read; None for any other.

    ``pieces_of`` gives the prepared pieces of a set of fired rules (a :class:`DecisionTexts` remembers
    them); without it they are prepared for this decision alone.

    Raises:
        EvaluationError: a facts function failed (a defect of commitrules), as reading the decision would.
    """
    written = canonical_decision_utf8(decision, pieces_of)
    return None if written is None else written.decode("utf-8")


def canonical_decision_utf8(
    decision: Decision, pieces_of: Callable[[KindView, Combination], _Pieces] | None = None
) -> bytes | None:
    """:func:`canonical_decision_json` encoded as UTF-8, joined as bytes (orjson's output is not decoded)."""
    pending = _private(decision)
    if type(pending) is not PendingDecision or not _LAYOUT_OK or len(_raw_dict(decision)) != _EAGER_COUNT:
        return None
    view, combination = pending.view, pending.combination
    if view.json_open is None or len(combination.fragments) != len(combination.rules):
        return None  # a rule reads a setting that changes with time: its entry has "settings"
    pieces = pieces_of(view, combination) if pieces_of is not None else _Pieces(view, combination)
    facts = pending._facts()  # noqa: SLF001 - the decision's own facts
    texts = _orjson_texts(facts)  # plain JSON data already (what model_dump(mode="json") leaves as it is)
    if texts is None:
        converted = _FACTS.to_python(facts, mode="json")
        texts = _orjson_texts(converted) or [canonical_json(values).encode("utf-8") for values in converted]
    rules = pieces.rules
    if len(rules) == 1:  # the common case: no generator, no join
        (opening, closing), (text,) = rules[0], texts
        fired = opening + text + closing
    else:
        fired = b",".join(opening + text + closing for (opening, closing), text in zip(rules, texts, strict=True))
    case_id = decision.case_id
    return b"".join(
        (
            pieces.before_as_of,
            decision.as_of.isoformat().encode("ascii"),
            b'","case_id":',
            b"null" if case_id is None else _text(case_id),
            pieces.before_fired,
            fired,
            pieces.after_fired,
            _route(pending.route),
            pieces.after_route,
        )
    )


def _text(value: str) -> bytes:
    """``canonical_json`` of a text as UTF-8: orjson's, unless it is not an exact ``str`` or holds a lone surrogate."""
    if type(value) is str:
        try:
            return orjson.dumps(value)
        except orjson.JSONEncodeError:
            pass
    return canonical_json(value).encode("utf-8")


def _route(route: tuple[str, ...]) -> bytes:
    """``canonical_json(list(route))`` as UTF-8: ``[]``, or orjson's text of exact ``str`` items."""
    if not route:
        return b"[]"
    if all(type(item) is str for item in route):
        try:
            return orjson.dumps(route)
        except orjson.JSONEncodeError:
            pass
    return canonical_json(list(route)).encode("utf-8")


def _orjson_texts(facts: list[dict[str, Any]]) -> list[bytes] | None:
    """The canonical text (UTF-8) of each fired rule's facts, written by orjson; None where it cannot be.

    Facts functions return plain JSON data (text, integers, booleans, null, lists, dicts with text keys),
    which orjson writes as ``canonical_json`` does. None for anything else (checked once for all by
    :func:`~commitrules.service.log.records.orjson_writes_it`), an integer past 64 bits or a lone
    surrogate: the caller converts the facts as pydantic dumps them, or writes them the general way.
    """
    if not orjson_writes_it(facts):
        return None
    try:
        return [orjson.dumps(values, option=orjson.OPT_SORT_KEYS) for values in facts]
    except orjson.JSONEncodeError:
        return None
