"""An append that the database refuses leaves nothing behind and says why, as SQLAlchemy's error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from commitrules import Decision
from commitrules.service.log import DecisionLog, LogError
from commitrules.service.log.records import canonical_json
from commitrules.service.log.schema import SCHEMA_VERSION
from tests.service.log.conftest import items
from tests.service.log.tampering import as_version_2, sqlite_edit, tamper

Decided = list[tuple[dict[str, Any], Decision]]


def test_a_refused_append_is_rolled_back_and_raised_as_sqlalchemy_error(tmp_path: Path, decided: Decided) -> None:
    """A row the database refuses (a repeated decision id) fails the whole group; the log is as before."""
    path = tmp_path / "d.db"
    with DecisionLog.open(path) as log:
        log.append_many(items(decided, 5))
        with sqlite_edit(path) as conn:  # a trigger that refuses the third row of the next group
            conn.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON log_records WHEN NEW.idx = 7 "
                "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
            )
        with pytest.raises(SQLAlchemyError, match="refused by the test"):
            log.append_many(items(decided, 4))
        assert log.size() == 5
        assert log.count() == 5
        with sqlite_edit(path) as conn:
            conn.execute("DROP TRIGGER refuse")
        added = log.append_many(items(decided, 4))
        assert [r.index for r in added] == [5, 6, 7, 8]
        assert log.verify().ok


def test_a_database_without_the_state_row_is_refused(tmp_path: Path, decided: Decided) -> None:
    """A log whose state row is gone is not appended to (LogError), and nothing is written."""
    path = tmp_path / "d.db"
    with DecisionLog.open(path) as log:
        with sqlite_edit(path) as conn:
            conn.execute("DELETE FROM log_state")
        with pytest.raises(LogError, match="no state row"):
            log.append(**items(decided, 1)[0])
        assert log.count() == 0


def test_bodies_bound_as_utf8_are_stored_as_the_same_text(tmp_path: Path, decided: Decided) -> None:
    """SQLite is given the bodies' UTF-8 bytes (cast to text): stored as TEXT, the very text of the record.

    Bytes bound without the cast would be stored as BLOBs, read back as ``bytes``; a tombstone's
    bodies (text) take the same statement. A decision nobody has read is stored as its pieces' key and
    its parts (text too); one read already (the last) is stored whole.
    """
    path = tmp_path / "d.db"
    given = [dict(item, case_json=canonical_json(item["case"]).encode()) for item in items(decided, 6)]
    kinds = (
        "SELECT type, typeof(case_json), typeof(decision_json), typeof(decision_text), typeof(decision_parts)"
        " FROM log_records ORDER BY idx"
    )
    read = items(decided, 1)[0]
    assert read["decision"].fired  # read: no longer an engine's decision not yet read
    with DecisionLog.open(path) as log:
        records = [*log.append_many(given), log.append(**read)]
        assert all(log.get(r.decision_id) == r for r in records)
        assert any(not r.case_json.isascii() for r in records if r.case_json is not None)  # UTF-8, not ASCII
        with sqlite_edit(path) as conn:
            assert conn.execute(kinds).fetchall() == [("decision", "text", "null", "text", "text")] * 6 + [
                ("decision", "text", "text", "null", "null")
            ]
            stored = dict(conn.execute("SELECT decision_id, case_json FROM log_records"))
        assert stored == {r.decision_id: r.case_json for r in records}
        assert log.prune(dt.timedelta(0), now=dt.datetime.now(dt.UTC) + dt.timedelta(days=1)) is not None
        assert log.verify().ok
    with sqlite_edit(path) as conn:
        assert conn.execute(kinds).fetchall()[-1] == ("tombstone", "null", "text", "null", "null")
        assert conn.execute(kinds).fetchall()[:-1] == [("decision", "null", "null", "null", "null")] * 7


def test_append_many_ids_answers_the_ids_of_the_records_appended(tmp_path: Path, decided: Decided) -> None:
    """The ids ``append_many_ids`` answers are those of the records it appended, in order, which read back whole."""
    with DecisionLog.open(tmp_path / "d.db") as log:
        first = log.append_many(items(decided, 3))
        ids = log.append_many_ids(items(decided, 4))
        assert len(set(ids)) == 4
        records = [log.get(decision_id) for decision_id in ids]
        assert [r.index for r in records if r is not None] == [3, 4, 5, 6]
        assert [r.decision_json for r in records if r is not None] == [
            canonical_json(decision.model_dump(mode="json")) for _, decision in decided[:4]
        ]
        assert ids[0] > first[-1].decision_id  # time-ordered across groups
        assert log.verify().ok


def whole(decided: Decided, n: int) -> list[dict[str, Any]]:
    """``items`` whose decisions are copies (read, built by hand): the log stores each whole, as version 2 did."""
    return [dict(item, decision=Decision.model_validate(item["decision"].model_dump())) for item in items(decided, n)]


def check_version_2_migrates(url: str, decided: Decided) -> None:
    """A log of schema version 2 is read as it is when opened read-only, and on start gets ``log_texts`` and the
    two columns: its records read as before, new decisions are stored as pieces, and it all verifies."""
    with DecisionLog.open(url) as log:
        before = log.append_many(whole(decided, 6))
    tamper(url, as_version_2)
    with DecisionLog.open(url, read_only=True) as log:
        assert log.verify().ok
        assert log.search(limit=None) == before
    with DecisionLog.open(url) as log:
        added = log.append_many(items(decided, 6))
        assert log.search(limit=None) == [*before, *added]
        report = log.verify()
        assert report.ok, report.render()
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            assert SCHEMA_VERSION == conn.execute(text("SELECT version FROM log_schema")).scalar_one()
            count = "SELECT count(*) FROM log_records WHERE decision_text IS NOT NULL AND decision_json IS NULL"
            assert 6 == conn.execute(text(count)).scalar_one()
            assert 0 < conn.execute(text("SELECT count(*) FROM log_texts")).scalar_one() <= 6
    finally:
        engine.dispose()


def test_a_version_2_log_gets_the_pieces_table_on_start(tmp_path: Path, decided: Decided) -> None:
    """SQLite: see :func:`check_version_2_migrates`."""
    check_version_2_migrates(f"sqlite:///{tmp_path / 'd.db'}", decided)
