"""Checkpoints of an SQLite log's write-ahead log in the writer's idle moments, not inside a commit.

In WAL mode a commit appends pages to the ``-wal`` file; a *checkpoint* copies them into the database
file so that the WAL can start over. By default SQLite checkpoints automatically inside the commit that
takes the WAL past 1,000 pages: that commit is durable already, but ``COMMIT`` returns only after the
copy and its fsync, so every request waiting for that commit (and every one queued behind it) waits for
the checkpoint too. At one record per commit that is one commit in about 140, and it adds 1-20 ms.

A :class:`Checkpointer` turns the automatic checkpoint off on the log's writing connections; the
service's writer tells it after each write whether requests are waiting. Once the WAL holds
:data:`BUDGET` pages by its count, a checkpoint (``PASSIVE``: it never waits for readers or writers)
copies them on a thread and connection of its own while the writer keeps committing. The WAL starts
over from its beginning only after a checkpoint that left nothing uncopied, which one running beside
commits rarely does; so at the writer's next idle moment (its queue empty, its requests answered), or
when the WAL passes :data:`LIMIT` pages without one, the writer copies the few pages committed
meanwhile itself, with nothing else of this process committing, and starts the WAL over with a write
that changes nothing (the first commit after a restart syncs a new WAL header: that fsync is paid
there rather than by a request's commit). The WAL file keeps about the size it had, and commits
overwrite it.

Durability does not depend on checkpoints: a commit is on disk (``synchronous=FULL``) when it returns,
checkpoint or not; a process killed during a checkpoint leaves the WAL to be copied on the next start.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, Final

from sqlalchemy import Engine

__all__ = ["BUDGET", "LIMIT", "Checkpointer"]

_logger = logging.getLogger(__name__)

#: Pages in the WAL past which an idle writer checkpoints (SQLite's own automatic mark).
BUDGET: Final = 1000
#: Pages past which an idle writer starts the WAL over (each time costs it a few fsyncs: not after every copy).
RESTART: Final = 2000
#: Pages past which the writer starts the WAL over even when requests are waiting (about 12 MB).
LIMIT: Final = 3000
#: Pages a commit writes beside its records' (the state row and the indexes' leaves), and per record:
#: measured on the example cases (7 pages for one record per commit, 20 for ten).
PAGES_PER_COMMIT: Final = 6.0
PAGES_PER_RECORD: Final = 1.5


class Checkpointer:
    """Checkpoints of one SQLite log's WAL, scheduled by its writer (see the module's docstring).

    Thread-safe: :meth:`written` is called after each commit (under no lock of the log's), :meth:`idle`
    and :meth:`busy` by the one writer thread.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        #: The WAL's pages not yet known to be copied (an estimate from commits and records).
        self.pending = 0.0
        #: Checkpoints run, and how many of them copied the whole WAL (for tests and metrics).
        self.runs = 0
        self.complete = 0
        self._wake = threading.Event()
        self._running = False
        #: The WAL's pages since it last started over (an estimate, corrected by each checkpoint's count).
        self.wal_pages = 0.0
        #: A background checkpoint ran since the WAL last started over.
        self._unfinished = False
        self._closed = False
        self._thread: threading.Thread | None = None

    def written(self, commits: int, records: int) -> None:
        """Count what a commit wrote to the WAL."""
        pages = PAGES_PER_COMMIT * commits + PAGES_PER_RECORD * records
        with self._lock:
            self.pending += pages
            self.wal_pages += pages

    def idle(self) -> bool:
        """The writer has nothing waiting: finish a checkpoint (the WAL then starts over), or start one.

        Returns:
            Whether a checkpoint was started or run.
        """
        return self._after_write(finish=self._unfinished and self.pending < BUDGET and self.wal_pages >= RESTART)

    def busy(self) -> bool:
        """The writer has requests waiting: start a checkpoint beside them if one is due; finish one past :data:`LIMIT`.

        Returns:
            Whether a checkpoint was started or run.
        """
        return self._after_write(finish=self.wal_pages >= LIMIT)

    def _after_write(self, *, finish: bool) -> bool:
        with self._lock:
            if self._closed or self._running or (not finish and self.pending < BUDGET):
                return False
            self._running = True
            if not finish and self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="commitrules-log-checkpoint", daemon=True)
                self._thread.start()
        if finish:
            self._checkpoint(background=False)
        else:
            self._wake.set()
        return True

    def settle(self, timeout: float = 30.0) -> bool:
        """Wait until no checkpoint is running; whether none is (False: still running after ``timeout`` s)."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                if not self._running:
                    return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.001)

    def close(self) -> None:
        """Stop the background thread (SQLite checkpoints the WAL when the last connection closes)."""
        with self._lock:
            self._closed = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def _loop(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            with self._lock:
                if self._closed:
                    self._running = False
                    return
            self._checkpoint(background=True)

    def _checkpoint(self, *, background: bool) -> None:
        """One ``PASSIVE`` checkpoint on a connection of the writing engine's pool; ``_running`` is set.

        In the background it copies beside the writer's commits; in the writer's thread (``background``
        False) nothing of this process commits meanwhile, so it copies the rest and starts the WAL over.
        """
        with self._lock:
            before = self.pending
        try:
            result = self._run(restart=not background)
        except Exception:  # a failed checkpoint loses nothing; the next one copies the pages
            _logger.warning("WAL checkpoint failed; the next one will copy its pages", exc_info=True)
            result = None
        with self._lock:
            self.runs += 1
            if result is not None and result[0] == 0 and result[1] == result[2]:
                # Everything in the WAL when it began is copied: what was written meanwhile stays pending.
                self.complete += 1
                self.pending = max(0.0, self.pending - before)
                if background:
                    self.wal_pages = max(self.wal_pages, float(result[1]))
                else:
                    self.wal_pages = self.pending = 0.0  # started over (see _run)
            self._unfinished = background
            self._running = False

    def _run(self, *, restart: bool) -> tuple[int, int, int] | None:
        raw = self._engine.raw_connection()
        try:
            cursor: Any = raw.cursor()
            try:
                cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
                row = cursor.fetchone()
                if restart and row is not None and row[0] == 0 and row[1] == row[2] and row[1] > 0:
                    # Start the WAL over now: the first commit after a complete checkpoint writes and syncs
                    # a new WAL header (an fsync more than a commit), which a request's commit would pay.
                    # Setting the header's user_version to itself writes a page and changes nothing (a
                    # row set to its own value is not written at all).
                    cursor.execute("BEGIN IMMEDIATE")
                    try:
                        cursor.execute("PRAGMA user_version")
                        cursor.execute(f"PRAGMA user_version = {int(cursor.fetchone()[0])}")
                        raw.commit()
                    except BaseException:
                        raw.rollback()
                        raise
            finally:
                cursor.close()
        finally:
            raw.close()
        return (int(row[0]), int(row[1]), int(row[2])) if row is not None else None
