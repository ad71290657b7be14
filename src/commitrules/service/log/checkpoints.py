"""Checkpoints of an SQLite log's write-ahead log in the writer's idle moments, not inside a commit.

In WAL mode a commit appends pages to the ``-wal`` file; a *checkpoint* copies them into the database
file so that the WAL can start over. By default SQLite checkpoints automatically inside the commit that
takes the WAL past 1,000 pages: that commit is durable already, but ``COMMIT`` returns only after the
copy and its fsync, so every request waiting for that commit (and every one queued behind it) waits for
the checkpoint too. At one record per commit that is one commit in about 140, and it adds 1-20 ms.

A :class:`Checkpointer` turns the automatic checkpoint off on the log's writing connections; the
service's writer tells it after each write whether requests are waiting. It counts the pages each
commit writes from what was written: :data:`PAGES_PER_COMMIT` for the commit, :data:`PAGES_PER_RECORD`
for each record beside its text, and a page for each page size of the records' text (UTF-8), so that a
case of 100 KB counts its 25 overflow pages, not the one and a half of a small case. Each checkpoint's
result (the WAL's frames) corrects that count, and so counts the commits of other processes writing to
the file too. The count is not read from SQLite's wal-index (the ``-shm`` file), cheap as that would
be: closing a file opened on it drops every POSIX lock this process's connections hold on it, the
write lock among them (SQLite's "How To Corrupt An SQLite Database File", 2.2), and another process
then writes at the same time and a commit is lost (the test of two processes lost acknowledged records
that way in about one run in five). Once the WAL holds :data:`BUDGET` pages
not copied, a checkpoint (``PASSIVE``: it never waits for readers or writers) copies them on a thread
and connection of its own while the writer keeps committing. The WAL starts over from its beginning
only after a checkpoint that left nothing uncopied, which one running beside commits rarely does; so at
the writer's next idle moment (its queue empty, its requests answered), or when the WAL passes
:data:`LIMIT` pages without one (then the writer first waits for a checkpoint running beside it), the
writer copies the few pages committed meanwhile itself, with nothing else of this process committing,
and starts the WAL over with a write that changes nothing (the first commit after a restart syncs a new
WAL header: that fsync is paid there rather than by a request's commit). That write does not wait for
the write lock, and is not made when another process committed since the copy (``PRAGMA
data_version``): the WAL would not start over, so it is counted as the copy left it, and starts over at
a later idle moment. The WAL file keeps about the size it had, and commits overwrite it.

A checkpoint that fails is logged and counted (:attr:`Checkpointer.failures`, the service's
``commitrules_log_checkpoint_failures_total``); the next one copies its pages. After
:data:`FAILURES_BEFORE_AUTOMATIC` failures in a row the writing connections go back to SQLite's
automatic checkpoint (each pooled connection as it is next checked out), so that the WAL cannot grow
without bound, and the writer stops scheduling checkpoints. Closing waits for the checkpoint thread
(and so for its connection), and logs it if a checkpoint outlasts the wait.

Durability does not depend on checkpoints: a commit is on disk (``synchronous=FULL``) when it returns,
checkpoint or not; a process killed during a checkpoint leaves the WAL to be copied on the next start.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from typing import Any, Final

from sqlalchemy import Engine, event

__all__ = ["AUTOMATIC", "BUDGET", "FAILURES_BEFORE_AUTOMATIC", "LIMIT", "Checkpointer"]

_logger = logging.getLogger(__name__)

#: Pages in the WAL past which an idle writer checkpoints (SQLite's own automatic mark).
BUDGET: Final = 1000
#: Pages past which an idle writer starts the WAL over (each time costs it a few fsyncs: not after every copy).
RESTART: Final = 2000
#: Pages past which the writer starts the WAL over even when requests are waiting (about 12 MB).
LIMIT: Final = 3000
#: Failed checkpoints in a row after which the writing connections go back to SQLite's automatic checkpoint.
FAILURES_BEFORE_AUTOMATIC: Final = 3
#: SQLite's automatic checkpoint mark (its default), set again on the writing connections by that fallback.
AUTOMATIC: Final = 1000
#: Pages a commit writes beside its records' (the state row and the indexes' inner pages), and per
#: record beside its text's (the indexes' leaves), by page size: measured on the example cases, schema
#: version 4 (no index on kind and outcome). With 8 KiB pages, a new log's: 4.7 pages beside the text for
#: one record per commit, 6.6 for ten; with 4 KiB pages, a log made before: 5.2 and 9.0. A record's text
#: takes a page per page size more. Another page size counts as 8 KiB (each checkpoint's result
#: corrects the count anyway).
PAGES_BY_PAGE_SIZE: Final = {8192: (4.5, 0.2), 4096: (4.8, 0.43)}
PAGES_PER_COMMIT, PAGES_PER_RECORD = PAGES_BY_PAGE_SIZE[8192]
#: Pages a commit writes for each set of pieces of decisions it stores (``log_texts``: the table's leaf
#: and its key's), beside their text's.
PAGES_PER_TEXT: Final = 2
_MARKER: Final = "commitrules_autocheckpoint"


class Checkpointer:
    """Checkpoints of one SQLite log's WAL, scheduled by its writer (see the module's docstring).

    Thread-safe: :meth:`written` is called after each commit (under no lock of the log's), :meth:`idle`
    and :meth:`busy` by the one writer thread.

    Args:
        engine: the log's writing engine (its connections have SQLite's automatic checkpoint off).
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        #: The WAL's pages not yet known to be copied (counted from what was written).
        self.pending = 0.0
        #: Checkpoints run, and how many of them copied the whole WAL (for tests and metrics).
        self.runs = 0
        self.complete = 0
        #: Checkpoints that raised, in all and in a row (a success resets the second).
        self.failures = 0
        self.failures_in_a_row = 0
        #: The writing connections are back on SQLite's automatic checkpoint (after repeated failures).
        self.automatic = False
        self._wake = threading.Event()
        self._running = False
        #: The WAL's pages since it last started over (counted, and corrected by each checkpoint's result).
        self.wal_pages = 0.0
        #: A background checkpoint ran since the WAL last started over.
        self._unfinished = False
        self._closed = False
        self._thread: threading.Thread | None = None
        self._page_size = 4096
        raw = engine.raw_connection()
        try:
            cursor: Any = raw.cursor()
            try:
                cursor.execute("PRAGMA page_size")
                self._page_size = int(cursor.fetchone()[0])
            finally:
                cursor.close()
        finally:
            raw.close()
        self._per_write = PAGES_BY_PAGE_SIZE.get(self._page_size, (PAGES_PER_COMMIT, PAGES_PER_RECORD))
        # Registered now, not at the fallback: a listener added while another thread checks a
        # connection out would change the list that checkout is going through.
        event.listen(engine, "checkout", self._checkout)

    def written(self, commits: int, records: int, size: int = 0, texts: int = 0) -> None:
        """Count what a commit wrote to the WAL: ``records`` records whose text takes ``size`` bytes.

        ``texts``: the decisions' pieces it stored (``log_texts``; their text is counted in ``size``).
        """
        per_commit, per_record = self._per_write
        pages = per_commit * commits + per_record * records + PAGES_PER_TEXT * texts + size / self._page_size
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
        if self.wal_pages >= LIMIT:
            # Past the bound the writer waits for a checkpoint running beside it (of large records it can
            # take as long as a few commits, which would take the WAL further past the bound meanwhile).
            self.settle()
        return self._after_write(finish=self.wal_pages >= LIMIT)

    def _after_write(self, *, finish: bool) -> bool:
        with self._lock:
            if self._closed or self._running or self.automatic or (not finish and self.pending < BUDGET):
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

    def close(self, timeout: float = 60.0) -> bool:
        """Stop the background thread, waiting for a checkpoint it runs (and its connection) to end.

        SQLite checkpoints the WAL when the last connection closes.

        Returns:
            Whether the thread has ended (False, and logged: a checkpoint still ran after ``timeout`` s,
            on a connection the engine's disposal cannot close).
        """
        with self._lock:
            self._closed = True
            thread = self._thread
        self._wake.set()
        if thread is None:
            return True
        thread.join(timeout)
        if thread.is_alive():
            _logger.error("the WAL checkpoint thread still runs %.0f s after the log was closed", timeout)
            return False
        return True

    def _loop(self) -> None:
        try:
            while True:
                self._wake.wait()
                self._wake.clear()
                with self._lock:
                    if self._closed:
                        self._running = False
                        return
                self._checkpoint(background=True)
        finally:
            with self._lock:  # ended by an exception (not an Exception): the next background checkpoint starts another
                self._thread = None

    def _checkpoint(self, *, background: bool) -> None:
        """One ``PASSIVE`` checkpoint on a connection of the writing engine's pool; ``_running`` is set.

        In the background it copies beside the writer's commits; in the writer's thread (``background``
        False) nothing of this process commits meanwhile, so it copies the rest and starts the WAL over.
        ``_running`` is cleared however it ends.
        """
        fall_back = False
        try:
            with self._lock:
                before = self.pending
            failed = restarted = False
            try:
                result, restarted = self._run(restart=not background)
            except Exception:  # a failed checkpoint loses nothing; the next one copies the pages
                _logger.warning("WAL checkpoint failed; the next one will copy its pages", exc_info=True)
                result, failed = None, True
            with self._lock:
                self.runs += 1
                if failed:
                    self.failures += 1
                    self.failures_in_a_row += 1
                    fall_back = not self.automatic and self.failures_in_a_row >= FAILURES_BEFORE_AUTOMATIC
                    self.automatic = self.automatic or fall_back
                else:
                    self.failures_in_a_row = 0
                if result is not None and result[0] == 0 and result[1] == result[2]:
                    # Everything in the WAL when it began is copied: what was written meanwhile stays pending.
                    self.complete += 1
                    self.pending = max(0.0, self.pending - before)
                    if background:
                        self.wal_pages = max(self.wal_pages, float(result[1]))
                    elif restarted:
                        self.wal_pages = self.pending = 0.0
                    else:  # another process writes or wrote: the WAL holds what the copy found, or more
                        self.wal_pages = max(float(result[1]), self.pending)
                self._unfinished = background
        finally:
            with self._lock:
                self._running = False
        if fall_back:
            _logger.error(
                "%d WAL checkpoints failed in a row; the log's connections go back to SQLite's automatic checkpoint",
                FAILURES_BEFORE_AUTOMATIC,
            )

    def _checkout(self, dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        """After the fallback, turn SQLite's automatic checkpoint on again for each connection checked out."""
        if self.automatic and not record.info.get(_MARKER):
            dbapi_connection.execute(f"PRAGMA wal_autocheckpoint={AUTOMATIC}").close()
            record.info[_MARKER] = True

    def _run(self, *, restart: bool) -> tuple[tuple[int, int, int] | None, bool]:
        """The checkpoint's result (busy, frames in the WAL, frames copied), and whether the WAL started over."""
        restarted = False
        raw = self._engine.raw_connection()
        try:
            cursor: Any = raw.cursor()
            try:
                cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
                row = cursor.fetchone()
                if restart and row is not None and row[0] == 0 and row[1] == row[2] and row[1] > 0:
                    cursor.execute("PRAGMA data_version")
                    restarted = _start_over(raw, cursor, cursor.fetchone()[0])
            finally:
                cursor.close()
        finally:
            raw.close()
        return ((int(row[0]), int(row[1]), int(row[2])) if row is not None else None), restarted


def _start_over(raw: Any, cursor: Any, copied: int) -> bool:
    """Start the WAL over now, after a checkpoint that copied all of it, if no other writer is in the way.

    The first commit after a complete checkpoint writes and syncs a new WAL header (an fsync more than a
    commit), which a request's commit would pay. Setting the header's user_version to itself writes a page
    and changes nothing (a row set to its own value is not written at all). The write lock is asked for
    without waiting: another process writing to the file keeps it. One that committed since the
    checkpoint (``data_version`` changed) has appended to the WAL, which then does not start over: the
    write is not made. (A reader of another connection still in the WAL also keeps SQLite from starting
    it over; the next checkpoint's result then corrects the count.)

    Args:
        raw: the connection that made the checkpoint, outside a transaction.
        cursor: its cursor.
        copied: its ``data_version`` read after the checkpoint.

    Returns:
        Whether the write was made (the WAL started over, but for such a reader).
    """
    cursor.execute("PRAGMA busy_timeout")
    waited = int(cursor.fetchone()[0])
    cursor.execute("PRAGMA busy_timeout=0")
    try:
        try:
            cursor.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:  # "database is locked": another writer has it
            return False
        try:
            cursor.execute("PRAGMA data_version")
            if cursor.fetchone()[0] != copied:
                raw.rollback()
                return False
            cursor.execute("PRAGMA user_version")
            cursor.execute(f"PRAGMA user_version = {int(cursor.fetchone()[0])}")
            raw.commit()
        except BaseException:
            raw.rollback()
            raise
    finally:
        cursor.execute(f"PRAGMA busy_timeout={waited}")
    return True
