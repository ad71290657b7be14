"""A checkpoint that fails or is interrupted, and closing the log: the checkpointer stays usable, nothing is left."""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from commitrules import Decision
from commitrules.service.log import DecisionLog
from commitrules.service.log import checkpoints as ck
from tests.service.log.conftest import items, wal_file_frames

Decided = list[tuple[dict[str, Any], Decision]]

_THREAD = "commitrules-log-checkpoint"


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch) -> None:
    """A budget and a bound of a few dozen records' pages, so that a test reaches them quickly."""
    monkeypatch.setattr(ck, "BUDGET", 60)
    monkeypatch.setattr(ck, "RESTART", 120)
    monkeypatch.setattr(ck, "LIMIT", 240)


def _failing(monkeypatch: pytest.MonkeyPatch, error: BaseException, times: int) -> list[bool]:
    """Make the next ``times`` checkpoints raise ``error``; the list records each call (True: it raised)."""
    calls: list[bool] = []
    run = ck.Checkpointer._run

    def _run(self: ck.Checkpointer, *, restart: bool) -> Any:
        calls.append(len(calls) < times)
        if calls[-1]:
            raise error
        return run(self, restart=restart)

    monkeypatch.setattr(ck.Checkpointer, "_run", _run)
    return calls


def _autocheckpoint(log: DecisionLog) -> int:
    """The automatic checkpoint mark of a writing connection of ``log``'s (one from its pool)."""
    raw = log._engine.raw_connection()  # the writing engine's own connections
    try:
        cursor: Any = raw.cursor()
        try:
            cursor.execute("PRAGMA wal_autocheckpoint")
            return int(cursor.fetchone()[0])
        finally:
            cursor.close()
    finally:
        raw.close()


def _checkpoint_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == _THREAD]


@pytest.mark.usefixtures("small")
def test_a_failed_checkpoint_is_counted_and_the_next_one_runs(
    tmp_path: Path, decided: Decided, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A checkpoint that raises is logged and counted; the next one runs and copies the pages."""
    calls = _failing(monkeypatch, sqlite3.OperationalError("disk I/O error"), times=1)
    path = tmp_path / "d.db"
    with DecisionLog.open(path) as log:
        assert log.checkpoint_when_idle()
        checkpointer = log.checkpointer
        assert checkpointer is not None
        for entry in items(decided, 15):  # about 80 pages of 8 KiB: a checkpoint is due
            log.append_many([entry])
        with caplog.at_level(logging.WARNING, logger=ck.__name__):
            assert log.checkpoint_if_due(idle=False)
            assert checkpointer.settle()
        assert "WAL checkpoint failed" in caplog.text
        assert (1, 1, 1) == (checkpointer.runs, checkpointer.failures, checkpointer.failures_in_a_row)
        assert log.checkpoint_failures == 1
        assert checkpointer.pending >= 60  # nothing was copied
        assert log.checkpoint_if_due(idle=False)
        assert checkpointer.settle()
        assert [True, False] == calls
        assert (2, 1, 0, 1) == (
            checkpointer.runs,
            checkpointer.failures,
            checkpointer.failures_in_a_row,
            checkpointer.complete,
        )
        assert checkpointer.pending == 0
        assert not checkpointer.automatic
        assert _autocheckpoint(log) == 0
        assert log.verify().ok


@pytest.mark.usefixtures("small")
def test_repeated_failures_give_the_wal_back_to_sqlites_automatic_checkpoint(
    tmp_path: Path, decided: Decided, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """After the failures in a row, every writing connection (pooled or new) checkpoints by itself again."""
    _failing(monkeypatch, sqlite3.OperationalError("disk I/O error"), times=1000)
    path = tmp_path / "d.db"
    with DecisionLog.open(path) as log:
        assert log.checkpoint_when_idle()
        checkpointer = log.checkpointer
        assert checkpointer is not None
        for entry in items(decided, 15):
            log.append_many([entry])
        with caplog.at_level(logging.WARNING, logger=ck.__name__):
            for _ in range(ck.FAILURES_BEFORE_AUTOMATIC):
                assert log.checkpoint_if_due(idle=False)
                assert checkpointer.settle()
        assert checkpointer.automatic
        assert "go back to SQLite's automatic checkpoint" in caplog.text
        assert checkpointer.failures == ck.FAILURES_BEFORE_AUTOMATIC
        assert not log.checkpoint_if_due(idle=False)  # SQLite's to do now
        assert _autocheckpoint(log) == ck.AUTOMATIC  # a pooled connection, opened before the fallback
        log._engine.dispose()  # and one opened after it
        assert _autocheckpoint(log) == ck.AUTOMATIC
        for entry in items(decided, 260):  # about 1,400 pages of 8 KiB: past SQLite's mark
            log.append_many([entry])
        assert wal_file_frames(path) <= ck.AUTOMATIC + 20
        assert checkpointer.failures == ck.FAILURES_BEFORE_AUTOMATIC  # none was tried since
        assert log.verify().ok


@pytest.mark.usefixtures("small")
def test_an_interrupted_checkpoint_in_the_writer_leaves_the_checkpointer_usable(
    tmp_path: Path, decided: Decided, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A KeyboardInterrupt in the writer's own checkpoint goes up, and does not leave one "running" for ever."""
    _failing(monkeypatch, KeyboardInterrupt(), times=1)
    path = tmp_path / "d.db"
    with DecisionLog.open(path) as log:
        assert log.checkpoint_when_idle()
        checkpointer = log.checkpointer
        assert checkpointer is not None
        for entry in items(decided, 50):  # about 270 pages of 8 KiB: past the bound, the writer's own checkpoint
            log.append_many([entry])
        with pytest.raises(KeyboardInterrupt):
            log.checkpoint_if_due(idle=False)
        assert checkpointer.settle(timeout=0)
        assert log.checkpoint_if_due(idle=False)
        assert checkpointer.complete == 1
        assert checkpointer.wal_pages <= 2  # started over


def test_an_interrupted_background_thread_is_replaced(
    tmp_path: Path, decided: Decided, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The checkpoint thread ended by a BaseException: nothing stays "running", the next checkpoint starts a thread."""
    _failing(monkeypatch, SystemExit(), times=1)
    with DecisionLog.open(tmp_path / "d.db") as log:
        assert log.checkpoint_when_idle()
        checkpointer = log.checkpointer
        assert checkpointer is not None
        log.append_many(items(decided, 3))
        checkpointer._running = True  # as _after_write leaves it for the thread (run here)
        checkpointer._wake.set()
        with pytest.raises(SystemExit):
            checkpointer._loop()
        assert checkpointer.settle(timeout=0)
        checkpointer.pending = ck.BUDGET
        assert log.checkpoint_if_due(idle=False)
        assert checkpointer.settle()
        assert checkpointer.complete == 1
        assert len(_checkpoint_threads()) == 1
    assert _checkpoint_threads() == []


@pytest.mark.usefixtures("small")
def test_closing_the_log_ends_the_checkpoint_thread(tmp_path: Path, decided: Decided) -> None:
    """After close() no checkpoint thread is left, and no connection: the database's files are gone."""
    path = tmp_path / "d.db"
    with DecisionLog.open(path) as log:
        assert log.checkpoint_when_idle()
        for entry in items(decided, 30):
            log.append_many([entry])
            log.checkpoint_if_due(idle=False)
        assert len(_checkpoint_threads()) == 1
    assert _checkpoint_threads() == []
    # SQLite removes the WAL and its index when the last connection to the file closes.
    assert not path.with_name(path.name + "-wal").exists()
    assert not path.with_name(path.name + "-shm").exists()


def test_close_reports_a_checkpoint_still_running(
    tmp_path: Path, decided: Decided, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """close() waits for the thread; if a checkpoint outlasts its wait, it says so (and returns False)."""
    release = threading.Event()
    started = threading.Event()
    run = ck.Checkpointer._run

    def _slow(self: ck.Checkpointer, *, restart: bool) -> Any:
        started.set()
        assert release.wait(60)
        return run(self, restart=restart)

    monkeypatch.setattr(ck.Checkpointer, "_run", _slow)
    with DecisionLog.open(tmp_path / "d.db") as log:
        assert log.checkpoint_when_idle()
        checkpointer = log.checkpointer
        assert checkpointer is not None
        log.append_many(items(decided, 3))
        checkpointer.pending = ck.BUDGET
        assert log.checkpoint_if_due(idle=False)
        assert started.wait(60)
        with caplog.at_level(logging.ERROR, logger=ck.__name__):
            assert not checkpointer.close(timeout=0.01)
        assert "checkpoint thread still runs" in caplog.text
        release.set()
        assert checkpointer.close()
        assert checkpointer.complete == 1
        assert _checkpoint_threads() == []
