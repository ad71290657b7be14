"""SQLite logs: 8 KiB pages in a new file, an older file keeps its own; a canonical text given is used.

The records are alike whichever the page size; ``append_many``'s ``case_json`` (what the service's batch
route hands over, written when it proved the case's limits) gives the same stored bytes as the log's own
text, and is ignored when the log redacts personal fields.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from commitrules.engine.decision import Decision
from commitrules.service.log import DecisionLog
from commitrules.service.log.records import canonical_json
from commitrules.service.log.schema import PAGE_SIZE
from tests.service.log.conftest import items

Decided = list[tuple[dict[str, Any], Decision]]


def _page_size(path: Path) -> int:
    with closing(sqlite3.connect(path)) as db:
        return int(db.execute("PRAGMA page_size").fetchone()[0])


def test_a_new_log_has_8_kib_pages_and_an_older_file_keeps_its_own(tmp_path: Path, decided: Decided) -> None:
    """New file: PAGE_SIZE. A file already written with 4 KiB pages: still 4 KiB, appends and verifies."""
    new, old = tmp_path / "new.db", tmp_path / "old.db"
    with closing(sqlite3.connect(old)) as db:  # a file made with SQLite's default page, before this log
        db.execute("PRAGMA page_size=4096")
        db.execute("CREATE TABLE scratch (note TEXT)")  # the first write fixes the page size
        db.execute("DROP TABLE scratch")  # and the file holds no table (another program's is refused)
        db.commit()
    for path in (new, old):
        with DecisionLog.open(path) as log:
            log.append_many(items(decided, 30))
            assert log.verify().ok
            assert 30 == log.size()
    assert PAGE_SIZE == 8192 == _page_size(new)
    assert 4096 == _page_size(old)


def test_a_canonical_text_given_is_the_logs_own(tmp_path: Path, decided: Decided) -> None:
    """``case_json`` given equals the text the log writes (same bytes, same hash); a redacting log ignores it."""
    as_text = [{**item, "case_json": canonical_json(item["case"])} for item in items(decided)]
    as_bytes = [{**item, "case_json": canonical_json(item["case"]).encode()} for item in items(decided)]
    with (
        DecisionLog.open(tmp_path / "a.db") as plain,
        DecisionLog.open(tmp_path / "b.db") as also,
        DecisionLog.open(tmp_path / "e.db") as third,
    ):
        with_text, with_bytes, without = (
            plain.append_many(as_text),
            third.append_many(as_bytes),
            also.append_many(items(decided)),
        )
    for one, two, other in zip(with_text, with_bytes, without, strict=True):
        assert (one.case_json, one.case_sha256) == (other.case_json, other.case_sha256)
        assert (two.case_json, two.case_sha256) == (other.case_json, other.case_sha256)
        assert type(two.case_json) is str
    wrong = [{**item, "case_json": '{"kind":"not this"}'} for item in items(decided)]
    deployment_salt = "a-deployment-salt-kept-apart"
    with (
        DecisionLog.open(tmp_path / "c.db", redact_personal=True, salt=deployment_salt) as redacting,
        DecisionLog.open(tmp_path / "d.db", redact_personal=True, salt=deployment_salt) as reference,
    ):
        ignored, own = redacting.append_many(wrong), reference.append_many(items(decided))
    assert [record.case_json for record in ignored] == [record.case_json for record in own]
