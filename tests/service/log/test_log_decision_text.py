"""A decision's canonical JSON joined from prepared pieces is the general way's text, byte for byte."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from commitrules.engine.build import PendingDecision, decision_json
from commitrules.engine.decision import Decision, _private
from commitrules.policy.pack import PolicyPack
from commitrules.service.log import DecisionLog, canonical_json
from commitrules.service.log.decision_text import DecisionTexts, canonical_decision_json

ROOT = Path(__file__).resolve().parents[3]
CASES = sorted((ROOT / "examples" / "cases").rglob("*.yaml"))


def general(decision: Decision) -> str:
    """The log's text of a decision, the general way (the format: json.dumps of model_dump, sorted)."""
    return canonical_json(decision.model_dump(mode="json"))


@pytest.fixture(scope="module")
def documents() -> list[dict[str, Any]]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in CASES]


def fresh_pending(pack: PolicyPack, documents: list[dict[str, Any]]) -> Iterator[tuple[Decision, PendingDecision]]:
    """Each document's decision as of 2020-06-01, not yet read, with its pending state: those where rules fired."""
    for document in documents:
        decision = pack.evaluate(document, as_of="2020-06-01")
        pending = _private(decision)
        if isinstance(pending, PendingDecision) and pending.combination.rules:
            yield decision, pending


@pytest.mark.parametrize("engine", ["compiled", "rete"])
@pytest.mark.parametrize("as_of", ["2020-06-01", "2024-03-15"])
def test_every_example_decision_is_joined_as_the_general_way_writes_it(
    pack: PolicyPack, documents: list[dict[str, Any]], engine: Any, as_of: str
) -> None:
    """Every example case, both engines, two dates: the pieces give the general text (and are used)."""
    joined = 0
    texts = DecisionTexts()  # remembers each set of fired rules' pieces, as a log does
    for document in [*documents, *documents]:
        decision = pack.evaluate(document, as_of=as_of, engine=engine)
        text = texts(decision)
        if text is not None:
            joined += 1
            assert text == general(decision), document
        assert general(pack.evaluate(document, as_of=as_of, engine=engine)) == general(decision)
    assert joined > 2 * len(documents) * 0.8  # the pieces are what the log uses for nearly every decision


def test_a_decision_read_or_built_by_hand_goes_the_general_way(
    pack: PolicyPack, documents: list[dict[str, Any]]
) -> None:
    """Once a lazy field was read (and could have been changed in place), or for a decision built by hand: None."""
    decision = pack.evaluate(documents[0], as_of="2020-06-01")
    assert canonical_decision_json(decision) is not None
    decision.reasons.append("edited")
    assert canonical_decision_json(decision) is None
    assert '"edited"' in general(decision)
    copy = Decision.model_validate(decision.model_dump())
    assert canonical_decision_json(copy) is None


def test_the_log_stores_the_joined_text(tmp_path: Path, pack: PolicyPack, documents: list[dict[str, Any]]) -> None:
    """Appended decisions, joined or not, are stored as the general way writes them; the log verifies."""
    fresh = [pack.evaluate(document, as_of="2020-06-01") for document in documents]
    with DecisionLog.open(tmp_path / "d.db") as log:
        records = log.append_many([{"case": c, "decision": d} for c, d in zip(documents, fresh, strict=True)])
        for record, decision in zip(records, fresh, strict=True):
            assert record.decision_json == general(decision)
        assert log.verify().ok


def test_the_facts_are_read_once_for_the_response_and_the_log(
    pack: PolicyPack, documents: list[dict[str, Any]]
) -> None:
    """The response's JSON and the log's text of one decision run each facts function once between them;
    the fired rules, when read, get facts of their own (a change to them reaches neither text)."""
    calls: list[int] = []
    checked = 0
    for decision, pending in fresh_pending(pack, documents):

        def counted(function: Any, index: int) -> Any:
            def call(*args: Any) -> Any:
                calls.append(index)
                return function(*args)

            return call

        pending.facts = [counted(function, index) for index, function in enumerate(pending.facts)]
        calls.clear()
        response = decision_json(decision)
        logged = DecisionTexts()(decision)
        assert sorted(calls) == sorted(rule.index for rule in pending.combination.rules)
        assert logged == general(decision)
        assert json.loads(response) == json.loads(decision.model_dump_json())
        if decision.fired and decision.fired[0].facts:
            decision.fired[0].facts.clear()
            assert pending.read_facts is not None
            assert pending.read_facts[0]  # the kept facts are not the fired rule's
        checked += 1
    assert checked > len(documents) // 2
