"""Group commit: many concurrent requests, one durable log write.

A durable write (an fsync) costs about as much for one record as for a hundred. Requests hand their
decisions to :meth:`Recorder.record` and wait; one writer thread takes everything waiting, appends it
with ``DecisionLog.append_many_ids`` in one transaction, and then wakes each request with its decisions'
ids. A request answers only after its records are durable, so an acknowledged decision is never lost,
and under load the cost of a commit is shared by all the requests it carries.

A commit also has a cost of its own, whatever it carries: the fsync (on a virtual machine, a call to
the host), and the wake-ups of the writer and of the event loop around it. Requests that arrive one by
one at a high rate (an open loop) find the writer between two commits of a few requests each, and
those costs add up. So while the writer's last commit carried :data:`GATHER_AFTER` requests or more
(requests are arriving faster than commits end) and the next request came less than ``commit_delay``
seconds after that commit, the writer waits ``commit_delay`` before the next commit, for more requests
to share it, as PostgreSQL's ``commit_delay`` does for its WAL flushes. At a low rate commits carry one
or two requests, and a request that finds the writer idle for longer than the delay is written at once:
nothing waits.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections.abc import Sequence
from typing import Any, Final, Protocol

from commitrules.service.http.metrics import Metrics

__all__ = ["AppendingLog", "Recorder"]

_logger = logging.getLogger(__name__)

#: Most entries in one durable write (a bound on the transaction's size and on waiting behind it).
MAX_GROUP: Final = 2000
#: Requests a commit must carry for the writer to wait ``commit_delay`` before the next (see the module's docstring).
GATHER_AFTER: Final = 3
#: Seconds a failed write keeps the worker "not ready" (see :meth:`Recorder.failing`).
FAILURE_WINDOW: Final = 10.0
#: How the writer waits ``commit_delay`` (a name of this module's, which the tests replace).
_sleep = time.sleep


class AppendingLog(Protocol):
    """What the recorder needs of a decision log."""

    def append_many_ids(self, entries: Sequence[dict[str, Any]]) -> list[Any]:
        """Append ``entries`` durably, in one transaction; return their decision ids in order."""
        ...

    def checkpoint_when_idle(self) -> bool:
        """Leave the log's checkpoints (SQLite's WAL) to :meth:`checkpoint_if_due`; whether it applies."""
        ...

    def checkpoint_if_due(self, *, idle: bool) -> bool:
        """After a write, ``idle`` when nothing waits: checkpoint if one is due."""
        ...

    @property
    def checkpoint_failures(self) -> int:
        """How many of those checkpoints failed so far."""
        ...


_Job = tuple[list[dict[str, Any]], asyncio.Future[list[Any]], asyncio.AbstractEventLoop]


class Recorder:
    """The one writer thread of a process's decision log."""

    def __init__(self, log: AppendingLog, metrics: Metrics, commit_delay: float = 0.0) -> None:
        self._log = log
        self._metrics = metrics
        #: Seconds the writer waits for more requests while they arrive together (see the module's docstring).
        self._commit_delay = commit_delay
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        #: Why the last durable write failed, or None when it succeeded, and when (time.monotonic()).
        self.last_failure: str | None = None
        self.last_failure_at = 0.0
        self._checkpoint_failures = 0  # of the log's, counted in the metrics
        log.checkpoint_when_idle()
        self._thread = threading.Thread(target=self._run, name="commitrules-log-writer", daemon=True)
        self._thread.start()

    async def record(self, entries: list[dict[str, Any]]) -> list[Any]:
        """Append ``entries`` (``DecisionLog.append`` keyword arguments each); their ids, once they are durable.

        Raises:
            Exception: whatever the log raised; nothing of this group was acknowledged.
        """
        loop = asyncio.get_running_loop()
        future: asyncio.Future[list[Any]] = loop.create_future()
        self._queue.put((entries, future, loop))
        return await future

    def failing(self, within: float = FAILURE_WINDOW) -> str | None:
        """Why the last write failed, if it failed less than ``within`` seconds ago (and none succeeded since).

        A window rather than "until a write succeeds": a load balancer that takes a failing worker out
        sends it no more decisions, so no write could ever clear the failure; after the window the
        worker is offered traffic again, and its next write tells.
        """
        if self.last_failure is None or time.monotonic() - self.last_failure_at > within:
            return None
        return self.last_failure

    @property
    def alive(self) -> bool:
        """Whether the writer thread is running."""
        return self._thread.is_alive()

    def close(self) -> None:
        """Write what is waiting, then stop the thread."""
        self._queue.put(None)
        self._thread.join(timeout=30)

    def _run(self) -> None:
        stopping = False
        gathering = False  # whether the last commit carried GATHER_AFTER requests or more
        ended = 0.0  # when the last commit ended (time.monotonic())
        while not stopping:
            job = self._queue.get()
            if job is None:
                return
            # Wait only while requests come faster than the delay: one that finds the writer idle for a
            # delay or longer is written at once (more are unlikely to come within a delay).
            if gathering and self._commit_delay > 0 and time.monotonic() - ended < self._commit_delay:
                _sleep(self._commit_delay)
            jobs = [job]
            count = len(job[0])
            while count < MAX_GROUP:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stopping = True
                    break
                jobs.append(more)
                count += len(more[0])
            gathering = len(jobs) >= GATHER_AFTER
            job = more = None  # the requests' entries are let go of in _write (see there)
            self._write(jobs)
            ended = time.monotonic()

    def _write(self, jobs: list[_Job]) -> None:
        """Append the entries of ``jobs`` in one transaction and answer each request; ``jobs`` is emptied.

        The writer lets go of the entries (and so of the requests' cases and decisions) before it wakes
        the requests, so that the last reference to them is the request's, and they are freed on the
        event loop's thread that made them. Held here until the next write, they were freed by this
        thread: a batch's hundred decisions, each of many small objects, freed on the other core from
        the memory the event loop allocates from next, cost the writer 6-7 µs of processor time a case
        and the event loop more besides (see docs/performance.md, stop 28). (After a failed write the
        exception's traceback holds the log's frames, and so the entries, in a cycle through the
        waiting futures: the garbage collector frees them.)
        """
        entries = [entry for entries, _, _ in jobs for entry in entries]
        requests = [(future, loop, len(own)) for own, future, loop in jobs]
        jobs.clear()
        started = time.perf_counter()
        try:
            ids = self._log.append_many_ids(entries)
        except Exception as exc:  # noqa: BLE001 - every waiting request must learn that its write failed
            self.last_failure = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:300]
            self.last_failure_at = time.monotonic()
            del entries
            for future, loop, _ in requests:
                _wake(loop, _fail, future, exc)
            return
        self.last_failure = None
        self._metrics.log_write_seconds.observe(time.perf_counter() - started)
        self._metrics.log_batch_size.observe(len(entries))
        del entries
        # One wake-up per event loop (normally the worker's only one) for all the requests of this write.
        answers: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[list[Any]], list[Any]]]] = {}
        position = 0
        for future, loop, count in requests:
            answers.setdefault(loop, []).append((future, ids[position : position + count]))
            position += count
        for loop, waiting in answers.items():
            _wake(loop, _resolve, waiting)
        # After the answers, so that no checkpoint is inside an acknowledged commit's time: the copy runs
        # beside the next commits; the writer's own short step (the WAL started over) is taken when
        # nothing waits, or when the WAL is past its bound (requests then wait for it, as they would
        # for SQLite's automatic checkpoint inside a commit).
        try:
            self._log.checkpoint_if_due(idle=self._queue.empty())
        except Exception:  # the records are committed and acknowledged; the next write checkpoints
            _logger.warning("could not checkpoint the decision log", exc_info=True)
        # Those of the checkpoint thread too: they are counted at the write after them.
        failures = self._log.checkpoint_failures
        if failures > self._checkpoint_failures:
            self._metrics.log_checkpoint_failures.inc(failures - self._checkpoint_failures)
            self._checkpoint_failures = failures


def _wake(loop: asyncio.AbstractEventLoop, callback: Any, *args: Any) -> None:
    """Have ``loop`` call ``callback(*args)``, unless it is closed: then nobody waits there any more.

    A host that records from a loop of its own may close it while its write is under way (an
    ``asyncio.run`` whose ``wait_for`` gave up): ``call_soon_threadsafe`` then raises RuntimeError,
    which ended the writer thread, and every later request waited forever. The records of that write
    are durable (or failed) all the same; only their answer has nowhere to go.
    """
    try:
        loop.call_soon_threadsafe(callback, *args)
    except RuntimeError:
        if not loop.is_closed():
            raise
        _logger.info("a decision log write ended after its event loop was closed; nobody waited for it")


def _resolve(waiting: list[tuple[asyncio.Future[list[Any]], list[Any]]]) -> None:
    for future, records in waiting:
        if not future.done():
            future.set_result(records)


def _fail(future: asyncio.Future[list[Any]], exc: Exception) -> None:
    if not future.done():
        future.set_exception(exc)
