"""A decision's canonical JSON joined from prepared pieces is the general way's text, byte for byte."""

from __future__ import annotations

import hashlib
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
from commitrules.service.log.records import joined
from tests.service.log.tampering import sqlite_edit

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
    """Appended decisions, joined or not, read back as the general way writes them; the log verifies.

    A joined decision is stored as the key of its pieces and its parts, the pieces once for each set of
    fired rules (``log_texts``); a decision read already is stored whole.
    """
    fresh = [pack.evaluate(document, as_of="2020-06-01") for document in documents]
    read = pack.evaluate(documents[0], as_of="2020-06-01")
    assert read.fired is not None  # read: stored whole
    texts = DecisionTexts()
    templates = [texts.written(pack.evaluate(d, as_of="2020-06-01")).template for d in documents]
    keys = {template.key for template in templates if template is not None}
    path = tmp_path / "d.db"
    with DecisionLog.open(path) as log:
        items = [{"case": c, "decision": d} for c, d in zip(documents, fresh, strict=True)]
        records = log.append_many([*items, {"case": documents[0], "decision": read}])
        for record, decision in zip(records, [*fresh, read], strict=True):
            assert record.decision_json == general(decision)
            assert log.get(record.decision_id) == record
        again = log.append_many([{"case": d, "decision": pack.evaluate(d, as_of="2020-06-01")} for d in documents])
        assert [r.decision_json for r in again] == [r.decision_json for r in records[:-1]]
        assert log.verify().ok
    with sqlite_edit(path) as conn:
        stored = conn.execute("SELECT decision_json IS NULL, decision_text, decision_parts FROM log_records").fetchall()
        pieces = dict(conn.execute("SELECT sha256, pieces FROM log_texts").fetchall())
    assert set(pieces) == keys  # each set of fired rules' pieces once, though every case was appended twice
    assert len(keys) > len(documents) // 4
    assert all(hashlib.sha256(text.encode()).hexdigest() == key for key, text in pieces.items())
    assert stored[len(documents)] == (0, None, None)  # the decision read already: whole
    joined_rows = [row for row in stored if row[1] is not None]
    assert len(joined_rows) == 2 * sum(template is not None for template in templates) > len(documents)
    assert all(row[0] == 1 for row in joined_rows)  # no whole text beside the parts
    assert [row[1] for row in stored[: len(documents)]] == [t.key if t else None for t in templates]


def test_a_record_from_the_written_decision_alone_is_the_decisions_record(
    tmp_path: Path, pack: PolicyPack, documents: list[dict[str, Any]]
) -> None:
    """The service's routes give the log the written decision and let the decision go: the same records.

    Without either, an item is refused before anything is appended.
    """
    texts = DecisionTexts()
    with DecisionLog.open(tmp_path / "d.db") as log:
        given = log.append_many([{"case": d, "decision": pack.evaluate(d, as_of="2020-06-01")} for d in documents])
        written = [texts.written(pack.evaluate(d, as_of="2020-06-01")) for d in documents]
        alone = log.append_many([{"case": d, "written": w} for d, w in zip(documents, written, strict=True)])
        with pytest.raises(TypeError, match="written="):
            log.append_many([{"case": documents[0], "written": written[0]}, {"case": documents[1]}])
        assert log.count() == 2 * len(documents)
        assert log.verify().ok
    fields = ("kind", "outcome", "as_of", "pack_name", "pack_version", "pack_digest", "case_sha256", "engine")
    fields += ("decision_json", "decision_sha256")
    for first, second in zip(given, alone, strict=True):
        assert [getattr(first, name) for name in fields] == [getattr(second, name) for name in fields]
    assert len({record.outcome for record in alone}) > 3
    assert {record.kind for record in alone} == {document["kind"] for document in documents}


@pytest.mark.parametrize("engine", ["compiled", "rete"])
def test_pieces_and_parts_join_to_the_text_exactly(
    pack: PolicyPack, documents: list[dict[str, Any]], engine: Any
) -> None:
    """What the log stores of every example decision (both engines) joins back to its canonical text exactly."""
    texts = DecisionTexts()
    for document in documents:
        written = texts.written(pack.evaluate(document, as_of="2020-06-01", engine=engine))
        decision = pack.evaluate(document, as_of="2020-06-01", engine=engine)
        assert written.utf8.decode() == general(decision)
        # What the log's record names of the decision, held by the written decision (the route lets it go).
        named = (written.kind, written.outcome, written.as_of, written.policy)
        assert named == (decision.kind, decision.outcome, "2020-06-01", decision.policy)
        if written.template is not None:
            parts = written.parts_utf8
            assert parts is not None
            assert joined(written.template.text, parts.decode()) == written.utf8.decode()
            assert json.loads(parts)[0] == "2020-06-01"  # the parts read as JSON: the date first


@pytest.mark.parametrize(
    ("pieces", "parts", "expected"),
    [
        (['{"a":', ',"b":', "}"], '["x,y]",{"k":[1,2]}]', '{"a":"x,y]","b":{"k":[1,2]}}'),
        (["<", ">"], r'["中文\"\\"]', r'<"中文\"\\">'),
        (["only"], "[]", "only"),
        (["a", "b"], "[1, 2]", None),  # a space: not what the log writes
        (["a", "b", "c"], "[1]", None),  # a part too few
        (["a", "b"], "[1,2]", None),  # a part too many
        (["a", "b"], "[1,]", None),
        (["a", "b"], "1", None),
        (["a", "b"], "[1", None),
        (["a", "b"], "[1]x", None),
        ('["a", 7]', "[1]", None),  # pieces that are not all texts
        ('{"a": "b"}', "[1]", None),
        ("not json", "[1]", None),
    ],
)
def test_joined_reads_only_what_the_log_writes(pieces: list[str] | str, parts: str, expected: str | None) -> None:
    """Each part is the exact text of an element (commas and brackets inside texts included); anything the
    log never writes is refused (None: the record then matches no hash, and verification names it)."""
    stored = pieces if isinstance(pieces, str) else json.dumps(pieces, ensure_ascii=False)
    assert joined(stored, parts) == expected


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
