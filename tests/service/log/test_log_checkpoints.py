"""Checkpoints left to the writer's idle moments: the WAL stays bounded, every record stays, the log verifies."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from commitrules import Decision
from commitrules.service.log import DecisionLog
from commitrules.service.log import checkpoints as ck
from tests.service.log.conftest import items

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


def _wal_frames_unchanged(path: Path) -> int:
    """Frames in the WAL, read from its file's length (what a checkpoint would not change)."""
    wal = path.with_name(path.name + "-wal")
    if not wal.exists() or wal.stat().st_size < 32:
        return 0
    with wal.open("rb") as file:
        page_size = int.from_bytes(file.read(32)[8:12], "big")  # the WAL header names the page size
    return (wal.stat().st_size - 32) // (page_size + 24)


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
        # 300 commits write about 2,250 pages; the WAL was copied every 8 commits, started over every 16.
        assert checkpointer.runs >= 300 * 7.5 // 60
        assert checkpointer.complete == checkpointer.runs
        assert _wal_frames_unchanged(path) < 120 + 2 * 60
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
        assert checkpointer.runs >= 300 * 7.5 // 240
        # Without a restart 300 commits would leave about 2,250 pages; the bound is 240 (and a commit or two).
        assert _wal_frames_unchanged(path) < 2 * 240
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
        assert _wal_frames_unchanged(path) > 1300
        assert log.verify().ok
    without = tmp_path / "auto.db"
    with DecisionLog.open(without) as log:  # the library's default: SQLite's automatic checkpoint
        for entry in items(decided, 260):
            log.append_many([entry])
        assert _wal_frames_unchanged(without) <= 1000 + 20  # started over at the mark (one commit past it)


def test_checkpoint_calls_without_idle_checkpoints_do_nothing(tmp_path: Path, decided: Decided) -> None:
    """A log not handed to a writer (the library's default) keeps SQLite's automatic checkpoint."""
    with DecisionLog.open(tmp_path / "d.db") as log:
        log.append_many(items(decided, 3))
        assert log.checkpointer is None
        assert not log.checkpoint_if_due(idle=True)
        assert not log.checkpoint_if_due(idle=False)
