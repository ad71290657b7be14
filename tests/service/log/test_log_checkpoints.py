"""Checkpoints left to the writer's idle moments: the WAL stays bounded, every record stays, the log verifies."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from commitrules import Decision
from commitrules.service.log import DecisionLog
from commitrules.service.log import checkpoints as ck
from tests.service.log.conftest import items, wal_file_frames

Decided = list[tuple[dict[str, Any], Decision]]


def _wal_frames(path: Path) -> int:
    """Frames in the WAL since it last started over (a passive checkpoint from another connection reports it)."""
    conn = sqlite3.connect(path)
    try:
        busy, frames, _ = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    finally:
        conn.close()
    assert busy == 0
    return int(frames)


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch) -> None:
    """A budget and a bound of a few dozen records' pages, so that a test reaches them quickly."""
    monkeypatch.setattr(ck, "BUDGET", 60)
    monkeypatch.setattr(ck, "RESTART", 120)
    monkeypatch.setattr(ck, "LIMIT", 240)


@pytest.mark.usefixtures("small")
def test_an_idle_writer_checkpoints_and_the_wal_starts_over(tmp_path: Path, decided: Decided) -> None:
    """Single-record commits with an idle moment after each: checkpoints run, the WAL file stays small."""
    path = tmp_path / "d.db"
    with DecisionLog.open(path) as log:
        assert log.checkpoint_when_idle()
        checkpointer = log.checkpointer
        assert checkpointer is not None
        records = []
        for entry in items(decided, 300):
            records.extend(log.append_many([entry]))
            log.checkpoint_if_due(idle=True)
            assert checkpointer.settle()
        # 300 commits write about 1,600 pages of 8 KiB; the WAL was copied every 11 commits, started over every 22.
        assert checkpointer.runs >= 300 * 5.4 // 60
        assert checkpointer.complete == checkpointer.runs
        assert wal_file_frames(path) < 120 + 2 * 60
        assert log.size() == 300
        assert log.verify().ok
        assert all(log.get(r.decision_id) == r for r in records)
    with DecisionLog.open(path) as reopened:  # and as a new process finds it
        assert reopened.size() == 300
        assert reopened.verify().ok


@pytest.mark.usefixtures("small")
def test_a_busy_writer_copies_beside_its_commits_and_starts_over_past_the_bound(
    tmp_path: Path, decided: Decided
) -> None:
    """Never idle: checkpoints start beside the commits, and the WAL starts over once past the bound."""
    path = tmp_path / "d.db"
    with DecisionLog.open(path) as log:
        assert log.checkpoint_when_idle()
        checkpointer = log.checkpointer
        assert checkpointer is not None
        records = []
        for entry in items(decided, 300):
            records.extend(log.append_many([entry]))
            log.checkpoint_if_due(idle=False)
        assert checkpointer.settle()
        assert checkpointer.runs >= 300 * 5.4 // 240
        # Without a restart 300 commits would leave about 2,000 pages; the bound is 240 (and a commit or two).
        assert wal_file_frames(path) < 2 * 240
        assert log.verify().ok
        assert all(log.get(r.decision_id) == r for r in records)
    assert _wal_frames(path) == 0  # the last connection's close copied the rest and removed the WAL


def test_the_automatic_checkpoint_is_off_for_the_writer(tmp_path: Path, decided: Decided) -> None:
    """Past SQLite's own mark of 1,000 pages nothing is copied until the writer asks (here: never)."""
    path = tmp_path / "d.db"
    with DecisionLog.open(path) as log:
        log.checkpoint_when_idle()
        for entry in items(decided, 260):  # about 1,500 pages of 8 KiB
            log.append_many([entry])
        assert wal_file_frames(path) > 1300
        assert log.verify().ok
    without = tmp_path / "auto.db"
    with DecisionLog.open(without) as log:  # the library's default: SQLite's automatic checkpoint
        for entry in items(decided, 260):
            log.append_many([entry])
        assert wal_file_frames(without) <= 1000 + 20  # started over at the mark (one commit past it)


def test_checkpoint_calls_without_idle_checkpoints_do_nothing(tmp_path: Path, decided: Decided) -> None:
    """A log not handed to a writer (the library's default) keeps SQLite's automatic checkpoint."""
    with DecisionLog.open(tmp_path / "d.db") as log:
        log.append_many(items(decided, 3))
        assert log.checkpointer is None
        assert not log.checkpoint_if_due(idle=True)
        assert not log.checkpoint_if_due(idle=False)


def _big(decided: Decided, n: int) -> list[dict[str, Any]]:
    """``n`` records whose cases carry about 100 KB each (the service takes bodies up to 1 MB)."""
    return [dict(entry, case=dict(entry["case"], attachment="x" * 100_000)) for entry in items(decided, n)]


@pytest.mark.usefixtures("small")
def test_large_records_keep_the_wal_bounded(tmp_path: Path, decided: Decided) -> None:
    """Records of 100 KB (25 pages each, not the 1.5 of a small case): checkpoints run, the WAL stays bounded."""
    path = tmp_path / "d.db"
    with DecisionLog.open(path) as log:
        assert log.checkpoint_when_idle()
        checkpointer = log.checkpointer
        assert checkpointer is not None
        for entry in _big(decided, 100):  # about 2,500 pages, ten times the bound
            log.append_many([entry])
            log.checkpoint_if_due(idle=False)
        assert checkpointer.settle()
        assert checkpointer.complete >= 2500 // 240
        assert wal_file_frames(path) < 2 * 240  # the bound and a commit or so of 25 pages
        assert log.size() == 100
        assert log.verify().ok


@pytest.mark.usefixtures("small")
def test_a_second_writer_on_the_file_is_not_waited_for_and_its_commits_count(tmp_path: Path, decided: Decided) -> None:
    """Two logs (engines) on one file, one of them with the writer's checkpoints: no wait, and the WAL's real size.

    The restart's write does not wait for the write lock another writer holds: it is skipped, and done
    at the next idle moment. The other writer's commits count in the WAL's size once a checkpoint saw them.
    """
    path = tmp_path / "d.db"
    with DecisionLog.open(path) as log, DecisionLog.open(path) as other:
        assert log.checkpoint_when_idle()
        checkpointer = log.checkpointer
        assert checkpointer is not None
        for i, entry in enumerate(items(decided, 50)):
            log.append_many([entry])
            if i % 2:
                other.append_many(items(decided, 1, caller="other"))
        assert checkpointer.wal_pages >= 240  # past the bound: the writer starts the WAL over even though busy
        holder = sqlite3.connect(path, isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")  # another process in the middle of its write
            assert log.checkpoint_if_due(idle=False)  # copied, and did not wait for the lock to start over
            holder.execute("ROLLBACK")
        finally:
            holder.close()
        assert checkpointer.failures == 0
        assert checkpointer.pending == 0  # all of it copied
        assert checkpointer.wal_pages == _wal_frames(path) > 50 * 5 + 25 * 5  # not started over: the other's too
        assert log.checkpoint_if_due(idle=False)  # the write lock is free now: the WAL starts over
        assert checkpointer.wal_pages == 0
        assert _wal_frames(path) <= 2  # the write that started it over
        assert log.size() == 75
        assert log.verify().ok
    with DecisionLog.open(path) as reopened:
        assert reopened.verify().ok
        assert [r.index for r in reopened.search(limit=None)] == list(range(75))


def test_no_restart_write_after_another_writers_commit(tmp_path: Path, decided: Decided) -> None:
    """Another process committed after the copy: the WAL would not start over, so the write is not made."""
    path = tmp_path / "d.db"
    with DecisionLog.open(path) as log, DecisionLog.open(path) as other:
        assert log.checkpoint_when_idle()
        log.append_many(items(decided, 5))
        raw = log._engine.raw_connection()  # the writing engine's connection, as a checkpoint takes it
        try:
            cursor: Any = raw.cursor()
            try:
                busy, frames, copied = cursor.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                assert (busy, frames) == (0, copied)
                version = cursor.execute("PRAGMA data_version").fetchone()[0]
                other.append_many(items(decided, 1, caller="other"))  # between the copy and the write lock
                assert not ck._start_over(raw, cursor, version)
                assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 60000  # as it was
                busy, frames, copied = cursor.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                assert (busy, frames) == (0, copied)  # (the other's commit started the WAL over: it was copied)
                version = cursor.execute("PRAGMA data_version").fetchone()[0]
                assert ck._start_over(raw, cursor, version)  # nobody wrote since the copy: it starts over
            finally:
                cursor.close()
        finally:
            raw.close()
        assert _wal_frames(path) <= 2
        assert log.size() == 6
        assert log.verify().ok


@pytest.mark.parametrize("page_size", [8192, 4096])
@pytest.mark.parametrize("note", ["规则" * 20_000, "rule" * 30_000, ""])
def test_the_count_follows_what_sqlite_wrote(tmp_path: Path, decided: Decided, note: str, page_size: int) -> None:
    """The writer's count of the WAL's pages is within a few pages of SQLite's, for small and large records.

    Large records count their text's UTF-8 bytes (a zh character takes three), not characters; a log
    made before with SQLite's default 4 KiB pages is counted with its own page size.
    """
    path = tmp_path / "d.db"
    if page_size != 8192:  # a file made with SQLite's default page, before the log's 8 KiB
        with closing(sqlite3.connect(path)) as db:
            db.execute(f"PRAGMA page_size={page_size}")
            db.execute("CREATE TABLE scratch (note TEXT)")  # the first write fixes the page size
            db.execute("DROP TABLE scratch")  # and the file holds no table (another program's is refused)
            db.commit()
        with closing(sqlite3.connect(path)) as db:
            assert page_size == db.execute("PRAGMA page_size").fetchone()[0]
    with DecisionLog.open(path) as log:
        assert log.checkpoint_when_idle()
        checkpointer = log.checkpointer
        assert checkpointer is not None
        for entry in items(decided, 30):
            log.append_many([dict(entry, case=dict(entry["case"], note=note))])  # 120 KB each, or a small case
        log.append_many([dict(entry, case=dict(entry["case"], note=note)) for entry in items(decided, 10)])
        frames = _wal_frames(path)
        assert frames > (30 * (120_000 // page_size) if note else 30 * 4)
        assert 0.9 * frames <= checkpointer.wal_pages <= 1.2 * frames
