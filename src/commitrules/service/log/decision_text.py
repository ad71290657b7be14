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

import hashlib
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple, Self

import orjson
from pydantic_core import SchemaSerializer, core_schema

from commitrules.engine.build import PendingDecision
from commitrules.engine.decision import Decision, FiredRule, PolicyRef, _private, _raw_dict
from commitrules.engine.views import Combination, KindView
from commitrules.service.log.records import canonical_json, interleaved, orjson_writes_it

__all__ = ["DecisionTexts", "Template", "WrittenDecision", "canonical_decision_json", "canonical_decision_utf8"]

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
    """The canonical text of a combination's decisions, but for the values that depend on the case (UTF-8).

    ``fixed`` is that text cut where the values of a case go: the text is ``fixed[0]``, the date,
    ``fixed[1]``, the case id, ``fixed[2]``, the facts of the first fired rule, ..., ``fixed[-2]``, the
    route, ``fixed[-1]`` (one piece more than there are values; each value a JSON value in full). The log
    stores ``fixed`` once (:attr:`template`) and each record's values beside it (:class:`WrittenDecision`).
    """

    __slots__ = ("_template", "combination", "fixed")

    def __init__(self, view: KindView, combination: Combination) -> None:
        self.combination = combination  # kept: its id is the key of the cache
        self._template: Template | None = None
        lists = {name: list(getattr(combination, name)) for name in ("reasons", "consequences", "measures")}
        applied_by = {measure: list(departments) for measure, departments in combination.applied_by}
        before_fired = (
            ',"channels":'
            + canonical_json(list(combination.channels))
            + ',"consequences":'
            + canonical_json(lists["consequences"])
            + ',"fired":['
        )
        rules = [
            (
                '{"clause":' + canonical_json(list(rule.clauses)) + ',"facts":',
                ',"interpretation":'
                + canonical_json(rule.interpretation)
                + ',"quote":'
                + canonical_json(rule.quote)
                + ',"rule":'
                + canonical_json(rule.id)
                + ',"title":'
                + canonical_json(rule.title.model_dump(mode="json"))
                + "}",
            )
            for rule in combination.rules
        ]
        after_fired = (
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
        # The pieces around the fired rules' facts: each rule's opening and closing, a comma between two rules.
        if rules:
            between = [before_fired + rules[0][0]]
            between += [closing + "," + opening for (_, closing), (opening, _) in itertools.pairwise(rules)]
            between.append(rules[-1][1] + after_fired)
        else:
            between = [before_fired + after_fired]
        fixed = [
            '{"applied_by":' + canonical_json(applied_by) + ',"as_of":',
            ',"case_id":',
            *between,
            ',"tools":' + canonical_json(list(combination.tools)) + "}",
        ]
        self.fixed = tuple(map(_utf8, fixed))

    @property
    def template(self) -> Template:
        """The fixed pieces as the log stores them (made when first asked for)."""
        if self._template is None:
            self._template = Template.of(self.fixed)
        return self._template


@dataclass(frozen=True, slots=True)
class Template:
    """The fixed pieces of a set of fired rules' decisions as the log stores them, once (``log_texts``).

    Attributes:
        key: the SHA-256 (hex) of ``text``, by which records name it.
        text: the pieces as a JSON array of texts (orjson's, which is also the canonical JSON of that list).
    """

    key: str
    text: str

    @classmethod
    def of(cls, fixed: tuple[bytes, ...]) -> Template:
        """The template of the pieces ``fixed`` (UTF-8)."""
        written = orjson.dumps([piece.decode("utf-8") for piece in fixed])
        return cls(hashlib.sha256(written).hexdigest(), written.decode("utf-8"))


class WrittenDecision(NamedTuple):
    """A decision's canonical JSON, how the log may store it, and what the log's record names of it.

    It holds all that the log needs of the decision, so that a caller that has it (the service's
    routes) lets the decision itself go as soon as it is written: a batch then keeps a hundred of these
    until its records are durable, not a hundred decisions and their typed cases (freed at once, while
    they are still in the processor's caches, as ``evaluate --jsonl`` frees each).

    Attributes:
        utf8: ``canonical_json(decision.model_dump(mode="json"))`` as UTF-8: what the service answers with
            and the log hashes.
        kind: the decision's case kind.
        outcome: its outcome.
        as_of: its date, ``YYYY-MM-DD``.
        policy: the pack it was made with.
        template: the fixed pieces of that text, when it was joined from them (else None).
        parts_utf8: the values of the case that go between the pieces, as the log stores them: a JSON array
            in UTF-8 (None without a template). Each value is written in full (the date and the case id as
            JSON texts, each rule's facts an object, the route a list), so the array is ``[`` + the
            values joined by commas + ``]``, and each is read back exactly as it was written
            (:func:`~commitrules.service.log.records.joined`).

    A named tuple (a frozen dataclass took 0.55 µs to make, against 0.17; one is made per decision).

    .. versionchanged:: 0.2.0 ``kind``, ``outcome``, ``as_of`` and ``policy``; ``parts_utf8`` is the
       array itself (it was a method joining a tuple ``parts``, which held each of orjson's texts in
       an allocation of 4 KiB however short the text); a named tuple.
    """

    utf8: bytes
    kind: str
    outcome: str
    as_of: str
    policy: PolicyRef
    template: Template | None = None
    parts_utf8: bytes | None = None

    @classmethod
    def of(cls, decision: Decision, utf8: bytes, template: Template | None = None, parts: bytes | None = None) -> Self:
        """The written ``decision``: its text ``utf8``, and the pieces' ``template`` and ``parts`` when joined."""
        return cls(utf8, decision.kind, decision.outcome, decision.as_of.isoformat(), decision.policy, template, parts)


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

    def written(self, decision: Decision) -> WrittenDecision:
        """The canonical JSON of any decision, with its pieces and parts when it was joined from them.

        Joined from the remembered pieces when the decision is an engine's not yet read (as :meth:`__call__`),
        else written the general way (which reads the decision), with no template.

        Raises:
            EvaluationError: a facts function failed (a defect of commitrules), as reading the decision would.
        """
        woven = _woven(decision, self._pieces_of)
        if woven is None:
            return WrittenDecision.of(decision, canonical_json(decision.model_dump(mode="json")).encode("utf-8"))
        pieces, parts = woven
        # The parts joined into one text now: each of orjson's holds an allocation of 4 KiB until freed.
        array = b"[" + b",".join(parts) + b"]"
        return WrittenDecision.of(decision, _weave(pieces.fixed, parts), pieces.template, array)

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
    woven = _woven(decision, pieces_of)
    return None if woven is None else _weave(woven[0].fixed, woven[1])


def _woven(
    decision: Decision, pieces_of: Callable[[KindView, Combination], _Pieces] | None
) -> tuple[_Pieces, tuple[bytes, ...]] | None:
    """The pieces of a decision not yet read and the values of its case between them; None for any other."""
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
    case_id = decision.case_id
    parts = (
        b'"%s"' % decision.as_of.isoformat().encode("ascii"),
        b"null" if case_id is None else _text(case_id),
        *texts,
        _route(pending.route),
    )
    return pieces, parts


def _weave(fixed: tuple[bytes, ...], parts: tuple[bytes, ...]) -> bytes:
    """The text of the pieces ``fixed`` with ``parts`` between them (one piece more than parts)."""
    if len(parts) == 3 + 1:  # the common case, one fired rule: no loop
        f0, f1, f2, f3, f4 = fixed
        p0, p1, p2, p3 = parts
        return b"".join((f0, p0, f1, p1, f2, p2, f3, p3, f4))
    return b"".join(interleaved(fixed, parts))


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
